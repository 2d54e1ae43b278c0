"""
Rule rows of the system tools: power, init and systemd units, services,
logs, host name and clock, kernel parameters and modules (systemd,
util-linux, procps, kmod).
"""

from __future__ import annotations

from blastradius.families.shell._kit import (
    DE,
    LO,
    MOD,
    MU,
    RO,
)
from blastradius.families.shell._kit import READ as _READ
from blastradius.families.shell._kit import each as _each
from blastradius.families.shell._kit import row as _r
from blastradius.families.shell._kit import simple as _simple
from blastradius.families.shell._kit import spec as _spec


__all__ = [
    "DATE",
    "DMESG",
    "HOSTNAME",
    "HOSTNAMECTL",
    "INIT",
    "JOURNALCTL",
    "LOGINCTL",
    "MODPROBE",
    "POWER",
    "RMMOD",
    "SERVICE",
    "SYSCTL",
    "SYSTEMCTL",
    "TIMEDATECTL",
]

# -- system --

POWER = _spec(
    "shell.power",
    [
        _r(
            "shell.power",
            DE,
            80,
            "shuts down or restarts the machine",
            unless=["-c", "--help", "-k", "--show"],
        ),
        _r(
            "shell.power.cancel",
            LO,
            5,
            "cancels or only announces a shutdown",
            when=[("-c", "-k", "--show")],
        ),
    ],
    value_opts={"-r"},
)
INIT = _spec(
    "shell.init",
    [
        _r("shell.init", MU, 50, "changes the runlevel", fallback=True),
        *_each(
            "shell.power",
            DE,
            80,
            "shuts down, restarts or isolates the machine",
            [("0",), ("6",), ("1",), ("s",), ("S",), ("single",)],
        ),
        *_each(
            "shell.init.reload",
            LO,
            10,
            "re-reads its configuration",
            [("q",), ("Q",), ("u",), ("U",)],
        ),
    ],
)

_UNIT_READ = (
    "status",
    "show",
    "cat",
    "list-units",
    "list-unit-files",
    "list-sockets",
    "list-timers",
    "list-jobs",
    "list-dependencies",
    "list-machines",
    "list-automounts",
    "list-paths",
    "is-active",
    "is-enabled",
    "is-failed",
    "is-system-running",
    "help",
    "get-default",
    "show-environment",
)
_CRITICAL_UNITS = (
    "ssh",
    "ssh.*",
    "sshd",
    "sshd.*",
    "docker",
    "docker.*",
    "containerd",
    "containerd.*",
    "crio",
    "crio.*",
    "cri-o*",
    "kubelet",
    "kubelet.*",
    "etcd",
    "etcd.*",
    "kube-*",
    "network",
    "network.*",
    "networking",
    "networking.*",
    "systemd-networkd*",
    "NetworkManager*",
    "systemd-resolved*",
    "systemd-journald*",
    "dbus",
    "dbus.*",
    "firewalld*",
    "nftables*",
    "iptables*",
    "postgresql*",
    "mysql*",
    "mariadb*",
    "redis*",
)
_UNIT_STOP = (
    "stop",
    "kill",
    "mask",
    "disable",
    "isolate",
    "restart",
    "try-restart",
    "reload-or-restart",
    "condrestart",
    "freeze",
)

SYSTEMCTL = _spec(
    "shell.systemctl",
    [
        _r(
            "shell.systemctl.read",
            RO,
            0,
            "lists units",
            max_args=0,
        ),
        *_each(
            "shell.systemctl.read", RO, 0, _READ, [(v,) for v in _UNIT_READ]
        ),
        *_each(
            "shell.systemctl.start",
            MU,
            20,
            "starts, reloads or enables units",
            [
                (v,)
                for v in (
                    "start",
                    "reload",
                    "enable",
                    "reenable",
                    "unmask",
                    "preset",
                    "preset-all",
                    "link",
                    "add-wants",
                    "add-requires",
                    "set-environment",
                    "unset-environment",
                    "import-environment",
                    "edit",
                    "revert",
                    "thaw",
                    "reset-failed",
                    "daemon-reload",
                )
            ],
        ),
        *_each(
            "shell.systemctl.daemon-reexec",
            MU,
            30,
            "re-executes the service manager",
            [("daemon-reexec",), ("set-property",)],
        ),
        *_each(
            "shell.systemctl.restart",
            MU,
            40,
            "restarts units (an outage while they come back)",
            [
                (v,)
                for v in (
                    "restart",
                    "try-restart",
                    "reload-or-restart",
                    "try-reload-or-restart",
                    "condrestart",
                    "force-reload",
                )
            ],
        ),
        *_each(
            "shell.systemctl.stop",
            MU,
            45,
            "stops or disables units",
            [("stop",), ("disable",), ("freeze",), ("set-default",)],
        ),
        *_each(
            "shell.systemctl.kill",
            DE,
            50,
            "kills, masks or cleans units",
            [("kill",), ("mask",), ("clean",)],
        ),
        _r(
            "shell.systemctl.isolate",
            DE,
            80,
            "stops every unit the target does not need",
            path=["isolate"],
        ),
        *_each(
            "shell.power",
            DE,
            80,
            "shuts down or restarts the machine",
            [
                (v,)
                for v in (
                    "reboot",
                    "poweroff",
                    "halt",
                    "kexec",
                    "soft-reboot",
                    "emergency",
                    "rescue",
                    "suspend",
                    "hibernate",
                    "hybrid-sleep",
                    "suspend-then-hibernate",
                    "default",
                    "exit",
                    "switch-root",
                )
            ],
        ),
        *_each(
            "shell.systemctl.now",
            MU,
            5,
            "--now also starts or stops the unit",
            [("enable",), ("disable",), ("mask",)],
            when=[("--now",)],
            kind=MOD,
        ),
        *_each(
            "shell.systemctl.critical-unit",
            DE,
            20,
            "a unit the host or the cluster depends on",
            [(v,) for v in _UNIT_STOP],
            args=[_CRITICAL_UNITS],
            kind=MOD,
        ),
    ],
    value_opts={
        "-H",
        "--host",
        "-M",
        "--machine",
        "-t",
        "--type",
        "-p",
        "--property",
        "-s",
        "--signal",
        "--state",
        "-n",
        "--lines",
        "-o",
        "--output",
        "--kill-whom",
        "--root",
        "--job-mode",
        "--what",
        "--timestamp",
    },
)
# service NAME ACTION (SysV init script wrapper)
SERVICE = _spec(
    "shell.service",
    [
        _r("shell.service.read", RO, 0, "lists services", max_args=0),
        _r(
            "shell.service.read",
            RO,
            0,
            "lists services",
            when=[("--status-all",)],
        ),
        _r("shell.service.read", RO, 0, _READ, path=["*", "status"]),
        *_each(
            "shell.service.start",
            MU,
            20,
            "starts or reloads a service",
            [("*", "start"), ("*", "reload")],
        ),
        *_each(
            "shell.service.restart",
            MU,
            40,
            "restarts a service",
            [("*", "restart"), ("*", "force-reload"), ("*", "try-restart")],
        ),
        _r(
            "shell.service.stop", MU, 45, "stops a service", path=["*", "stop"]
        ),
    ],
)


JOURNALCTL = _spec(
    "shell.journalctl",
    [
        _r("shell.journalctl", RO, 0, "reads the journal"),
        _r(
            "shell.journalctl.vacuum",
            DE,
            30,
            "deletes archived journal files",
            when=[("--vacuum-size", "--vacuum-time", "--vacuum-files")],
        ),
        _r(
            "shell.journalctl.rotate",
            LO,
            15,
            "rotates, flushes or moves journal files",
            when=[
                (
                    "--rotate",
                    "--flush",
                    "--relinquish-var",
                    "--sync",
                    "--smart-relinquish-var",
                )
            ],
        ),
    ],
    value_opts={
        "-u",
        "--unit",
        "--user-unit",
        "-n",
        "--lines",
        "-p",
        "--priority",
        "-S",
        "--since",
        "-U",
        "--until",
        "-o",
        "--output",
        "-t",
        "--identifier",
        "-D",
        "--directory",
        "--file",
        "-M",
        "--machine",
        "-g",
        "--grep",
        "-b",
        "--boot",
        "-F",
        "--field",
        "--vacuum-size",
        "--vacuum-time",
        "--vacuum-files",
    },
)
DMESG = _spec(
    "shell.dmesg",
    [
        _r("shell.dmesg", RO, 0, "reads the kernel log"),
        _r(
            "shell.dmesg.clear",
            LO,
            15,
            "clears the kernel ring buffer",
            when=[("-c", "-C", "--clear", "--read-clear")],
        ),
        _r(
            "shell.dmesg.console",
            LO,
            10,
            "changes console logging",
            when=[
                (
                    "-n",
                    "--console-level",
                    "-D",
                    "--console-off",
                    "-E",
                    "--console-on",
                )
            ],
        ),
    ],
    value_opts={
        "-f",
        "--facility",
        "-l",
        "--level",
        "-s",
        "--buffer-size",
        "-F",
        "--file",
        "--time-format",
    },
)
HOSTNAME = _spec(
    "shell.hostname",
    [
        _r("shell.hostname", RO, 0, "prints the host name", max_args=0),
        _r("shell.hostname.set", MU, 40, "renames the host", min_args=1),
        _r(
            "shell.hostname.set",
            MU,
            40,
            "renames the host",
            when=[("-F", "--file", "-b", "--boot")],
        ),
    ],
)
DATE = _spec(
    "shell.date",
    [
        _r("shell.date", RO, 0, "prints the date"),
        _r(
            "shell.date.set",
            MU,
            40,
            "sets the system clock",
            when=[("-s", "--set")],
        ),
    ],
    value_opts={
        "-d",
        "--date",
        "-r",
        "--reference",
        "-f",
        "--file",
        "-s",
        "--set",
    },
)
_CTL_SET = [("set-*",), ("add-*",), ("remove-*",)]
HOSTNAMECTL = _spec(
    "shell.hostnamectl",
    [
        _r("shell.hostnamectl", RO, 0, _READ),
        *_each(
            "shell.hostnamectl.set", MU, 40, "changes host settings", _CTL_SET
        ),
        _r(
            "shell.hostnamectl.set",
            MU,
            40,
            "renames the host",
            path=["hostname"],
            min_args=1,
        ),
    ],
)
TIMEDATECTL = _spec(
    "shell.timedatectl",
    [
        _r("shell.timedatectl", RO, 0, _READ),
        *_each(
            "shell.timedatectl.set",
            MU,
            40,
            "changes the clock or time zone",
            _CTL_SET,
        ),
    ],
)
LOGINCTL = _spec(
    "shell.loginctl",
    [
        _r("shell.loginctl", MU, 25, "changes sessions", fallback=True),
        *_each(
            "shell.loginctl.read",
            RO,
            0,
            _READ,
            [("list-*",), ("show-*",), ("*-status",)],
        ),
        _r("shell.loginctl.read", RO, 0, _READ, max_args=0),
        *_each(
            "shell.loginctl.terminate",
            DE,
            40,
            "ends sessions or users' processes",
            [("terminate-*",), ("kill-*",)],
        ),
    ],
)


SYSCTL = _spec(
    "shell.sysctl",
    [
        _r("shell.sysctl", RO, 0, "reads kernel parameters"),
        _r(
            "shell.sysctl.write",
            MU,
            40,
            "changes kernel parameters",
            when=[("-w", "--write", "-p", "--load", "--system")],
        ),
        _r(
            "shell.sysctl.write",
            MU,
            40,
            "changes kernel parameters",
            args=[("*=*",)],
        ),
    ],
)
MODPROBE = _spec(
    "shell.modprobe",
    [
        _r("shell.modprobe", MU, 40, "loads a kernel module", fallback=True),
        _r(
            "shell.modprobe.remove",
            DE,
            50,
            "unloads kernel modules",
            when=[("-r", "--remove")],
        ),
        _r(
            "shell.modprobe.dry-run",
            RO,
            0,
            "a dry run",
            when=[("-n", "--dry-run", "--show-depends", "-c", "--showconfig")],
        ),
    ],
)

RMMOD = _simple("shell.rmmod", DE, 50, "unloads kernel modules")
