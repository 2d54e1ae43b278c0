"""
Rule rows of the firewall and network tools (iptables, nftables, ufw,
iproute2).
"""

from __future__ import annotations

from blastradius.families.shell._kit import (
    DE,
    LO,
    MU,
    RO,
)
from blastradius.families.shell._kit import READ as _READ
from blastradius.families.shell._kit import each as _each
from blastradius.families.shell._kit import row as _r
from blastradius.families.shell._kit import spec as _spec


__all__ = [
    "IP",
    "IPTABLES",
    "IPTABLES_RESTORE",
    "NFT",
    "SS",
    "UFW",
]

# iptables(8): -F/--flush, -X/--delete-chain, -P/--policy CHAIN TARGET,
# -L/-S list, -C check. nft(8): "flush ruleset" removes every rule.
_IPT_READ = (
    "-L",
    "--list",
    "-S",
    "--list-rules",
    "-C",
    "--check",
    "--version",
    "-h",
    "--help",
)
IPTABLES = _spec(
    "shell.iptables",
    [
        _r(
            "shell.iptables",
            MU,
            40,
            "changes firewall rules",
            unless=_IPT_READ,
        ),
        _r(
            "shell.iptables.read",
            RO,
            0,
            "lists firewall rules",
            when=[_IPT_READ],
        ),
        _r(
            "shell.iptables.flush",
            DE,
            70,
            "-F deletes every rule of the chain or table",
            when=[("-F", "--flush")],
        ),
        _r(
            "shell.iptables.delete-chain",
            DE,
            50,
            "-X deletes chains",
            when=[("-X", "--delete-chain")],
        ),
        _r(
            "shell.iptables.policy-drop",
            DE,
            70,
            "a DROP policy can cut every connection, SSH included",
            when=[("-P", "--policy")],
            args=[("DROP", "REJECT", "drop", "reject")],
        ),
        _r(
            "shell.iptables.zero",
            LO,
            10,
            "-Z zeroes counters",
            when=[("-Z", "--zero")],
        ),
    ],
    value_opts={
        "-t",
        "--table",
        "-j",
        "--jump",
        "-p",
        "--protocol",
        "-s",
        "--source",
        "-d",
        "--destination",
        "-i",
        "--in-interface",
        "-o",
        "--out-interface",
        "-m",
        "--match",
        "--dport",
        "--sport",
        "-g",
        "--goto",
        "-w",
        "--wait",
    },
)
IPTABLES_RESTORE = _spec(
    "shell.iptables-restore",
    [
        _r(
            "shell.iptables-restore",
            MU,
            50,
            "replaces firewall rules from a file or standard input",
            unless=["-t", "--test"],
        ),
        _r(
            "shell.iptables-restore.test",
            RO,
            0,
            "only checks the rules",
            when=[("-t", "--test")],
        ),
    ],
)
NFT = _spec(
    "shell.nft",
    [
        _r("shell.nft", MU, 40, "changes firewall rules", fallback=True),
        *_each(
            "shell.nft.read",
            RO,
            0,
            "lists firewall rules",
            [("list", "..."), ("monitor",), ("describe", "...")],
        ),
        _r(
            "shell.nft.flush-ruleset",
            DE,
            75,
            "deletes every firewall rule",
            path=["flush", "ruleset"],
        ),
        *_each(
            "shell.nft.delete",
            DE,
            55,
            "deletes or flushes tables, chains or rules",
            [("flush", "..."), ("delete", "..."), ("destroy", "...")],
        ),
        _r(
            "shell.nft.file",
            MU,
            50,
            "-f loads rules from a file",
            when=[("-f", "--file")],
        ),
        _r(
            "shell.nft.check",
            RO,
            0,
            "-c only checks",
            when=[("-c", "--check")],
        ),
    ],
    value_opts={"-f", "--file", "-I", "--includepath"},
)
UFW = _spec(
    "shell.ufw",
    [
        _r("shell.ufw", MU, 35, "changes firewall rules", fallback=True),
        *_each(
            "shell.ufw.read",
            RO,
            0,
            _READ,
            [
                ("status",),
                ("show", "..."),
                ("version",),
                ("app", "list"),
                ("app", "info"),
            ],
        ),
        *_each(
            "shell.ufw.off",
            DE,
            60,
            "turns the firewall off or deletes every rule",
            [("disable",), ("reset",)],
        ),
        *_each(
            "shell.ufw.reload",
            LO,
            10,
            "reloads rules",
            [("reload",), ("logging",)],
        ),
    ],
)

IP = _spec(
    "shell.ip",
    [
        _r("shell.ip", RO, 0, "shows network configuration"),
        *_each(
            "shell.ip.change",
            MU,
            50,
            "changes addresses, links, routes or rules",
            [
                ("*", v)
                for v in (
                    "a",
                    "ad",
                    "add",
                    "d",
                    "de",
                    "del",
                    "dele",
                    "delete",
                    "c",
                    "ch",
                    "chg",
                    "change",
                    "rep",
                    "repl",
                    "replace",
                    "set",
                    "append",
                    "prepend",
                    "restore",
                    "attach",
                    "detach",
                )
            ],
        ),
        *_each(
            "shell.ip.flush",
            DE,
            60,
            "flushes every address, route or neighbour",
            [("*", v) for v in ("f", "fl", "flu", "flus", "flush")],
        ),
        _r(
            "shell.ip.link-down",
            DE,
            60,
            "takes a network interface down",
            path=["l*", "set"],
            args=[("down",)],
        ),
        _r(
            "shell.ip.batch",
            MU,
            50,
            "-batch runs commands from a file",
            when=[("-b", "-batch", "-force")],
        ),
    ],
    clusters=False,
    value_opts={
        "-n",
        "-netns",
        "-b",
        "-batch",
        "-f",
        "-family",
        "-rc",
        "-rcvbuf",
    },
)
SS = _spec(
    "shell.ss",
    [
        _r("shell.ss", RO, 0, "lists sockets"),
        _r(
            "shell.ss.kill",
            MU,
            30,
            "-K closes sockets",
            when=[("-K", "--kill")],
        ),
    ],
    value_opts={
        "-f",
        "--family",
        "-A",
        "--query",
        "-F",
        "--filter",
        "-N",
        "--net",
    },
)
