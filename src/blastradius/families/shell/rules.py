"""
Rule tables of the shell tools: the read-only allowlist, the tools that
change files, disks, processes, services, firewalls and accounts, and the
paths and devices they are weighed by.

Written from the GNU coreutils, util-linux, procps, systemd, iproute2,
iptables and nftables manuals. Rows are data: `blastradius.analyzers.shell`
interprets them (plus the few things a row cannot say: ``rm`` targets,
``awk`` programs, nested commands, shells).

Hard rules (blocked whatever the policy): ``rm`` recursive and forced in
any spelling, or with ``--no-preserve-root``; ``mkfs`` on a device;
``dd of=`` a block device; ``shred``, ``blkdiscard``, ``cp`` or ``tee``
onto a block device; a redirection onto a block device; ``chmod -R 777 /``
(or ``000``); a fork bomb (``:(){ :|:& };:``). Everything else is scored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from blastradius._model import Effect, Kind
from blastradius.rules._cli import CliRule, CliSpec, group_specs


__all__ = [
    "BENIGN_DEVICES",
    "BLOCK_DEVICES",
    "DEVICES",
    "ENCODERS",
    "HOME",
    "REDIRECT_RULES",
    "REMOTE_SOURCES",
    "ROOT",
    "SHELLS",
    "SHELL_SPECS",
    "SYSTEM",
    "with_prefix",
]

RO = Effect.READ_ONLY
LO = Effect.LOCAL
MU = Effect.MUTATING
DE = Effect.DESTRUCTIVE
IN = Effect.INDIRECT
UN = Effect.UNKNOWN
MOD = Kind.MODIFIER
UNK = Kind.UNKNOWN


# -- paths and devices --

ROOT: tuple[str, ...] = ("/", "=/*", "=/.*")
"""The root directory, and everything in it."""

_SYSTEM_DIRS = (
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/srv",
    "/sys",
    "/usr",
    "/var",
    "/snap",
    "/nix",
    "/System",
    "/Library",
    "/private",
)

SYSTEM: tuple[str, ...] = (
    *_SYSTEM_DIRS,
    *(f"{d}/*" for d in _SYSTEM_DIRS),
    "!/var/tmp",
    "!/var/tmp/*",
    "!/var/log/*",
    "!/var/cache/*",
    "!/run/user/*",
    "!/dev/null",
    "!/dev/zero",
    "!/dev/stdout",
    "!/dev/stderr",
    "!/dev/tty",
    "!/dev/fd/*",
    "!/dev/shm/*",
    "!/proc/self/fd/*",
)
"""System directories and everything under them, minus scratch space."""

HOME: tuple[str, ...] = (
    "~",
    "=~/*",
    "=~/.*",
    "~/.",
    "$HOME",
    "${HOME}",
    "=$HOME/*",
    "=${HOME}/*",
    "/home",
    "/home/*",
    "=/home/*",
    "/Users/*",
    "!/home/*/*",
    "!/Users/*/*",
)
"""A whole home directory (``~``, ``$HOME``, ``/home/alice``)."""

_CWD = (".", "./", "..", "../", "=*", "=./*", "=../*", "=.*", "=./.*")

BLOCK_DEVICES: tuple[str, ...] = (
    "/dev/sd*",
    "/dev/hd*",
    "/dev/vd*",
    "/dev/xvd*",
    "/dev/nvme*",
    "/dev/mmcblk*",
    "/dev/disk*",
    "/dev/rdisk*",
    "/dev/mapper/*",
    "/dev/dm-*",
    "/dev/md*",
    "/dev/root",
    "/dev/loop*",
    "/dev/zd*",
    "/dev/zvol/*",
    "/dev/rbd*",
    "/dev/nbd*",
    "/dev/bcache*",
    "/dev/drbd*",
    "/dev/pmem*",
    "/dev/cciss/*",
    "/dev/sr*",
    "/dev/by-*",
)
"""Device nodes of disks, partitions and volumes."""

BENIGN_DEVICES: tuple[str, ...] = (
    "/dev/null",
    "/dev/zero",
    "/dev/stdout",
    "/dev/stderr",
    "/dev/stdin",
    "/dev/tty",
    "/dev/tty*",
    "/dev/pts/*",
    "/dev/fd/*",
    "/dev/shm/*",  # noqa: S108 - a tmpfs: writing there is a file
    "/dev/random",
    "/dev/urandom",
    "/dev/full",
)
"""Devices that are safe to write to."""

DEVICES: tuple[str, ...] = ("/dev/*", *(f"!{d}" for d in BENIGN_DEVICES))
"""Any other device node (``/dev/mem``, an LVM volume, ...)."""

SHELLS: tuple[str, ...] = (
    "sh",
    "bash",
    "zsh",
    "dash",
    "ksh",
    "ash",
    "mksh",
    "rbash",
    "fish",
    "csh",
    "tcsh",
    "yash",
    "pwsh",
)
"""Shells: reaching the analyzer, they run a script file or unknown stdin."""

ENCODERS: frozenset[str] = frozenset(
    {
        "base64",
        "base32",
        "basenc",
        "xxd",
        "od",
        "rev",
        "tr",
        "openssl",
        "gpg",
        "gzip",
        "gunzip",
        "zcat",
        "bzip2",
        "bunzip2",
        "bzcat",
        "xz",
        "unxz",
        "xzcat",
        "zstd",
        "unzstd",
        "zstdcat",
        "lz4",
        "uudecode",
        "perl",
        "python",
        "python3",
        "ruby",
        "node",
        "php",
        "printf",
        "echo",
        "awk",
        "sed",
        "iconv",
        "recode",
    }
)
"""Programs whose output fed to a shell hides what the shell runs.

``echo``/``printf`` are here because the shell layer resolves their text
when it is known; reaching the analyzer, it was not (``printf '\\x72m'``,
a variable)."""

REMOTE_SOURCES: frozenset[str] = frozenset(
    {"curl", "wget", "fetch", "http", "https", "nc", "ncat", "socat", "aria2c"}
)
"""Programs whose output fed to a shell is remote code."""


def with_prefix(prefix: str, patterns: Iterable[str]) -> tuple[str, ...]:
    """
    *patterns* with *prefix* put after any ``!``/``=`` marker
    (``of=`` + ``/dev/sd*``).

    >>> with_prefix("of=", ["/dev/sd*", "!/dev/null"])
    ('of=/dev/sd*', '!of=/dev/null')
    """
    out: list[str] = []
    for p in patterns:
        mark = p[0] if p[:1] in ("!", "=") else ""
        out.append(f"{mark}{prefix}{p[len(mark) :]}")
    return tuple(out)


# -- helpers --


def _r(
    rule_id: str, effect: Effect, base: int, message: str, **kw: Any
) -> CliRule:
    return CliRule(id=rule_id, effect=effect, base=base, message=message, **kw)


def _each(
    rule_id: str,
    effect: Effect,
    base: int,
    message: str,
    paths: Iterable[tuple[str, ...]],
    **kw: Any,
) -> list[CliRule]:
    return [_r(rule_id, effect, base, message, path=p, **kw) for p in paths]


def _spec(family: str, rules: Iterable[CliRule], **kw: Any) -> CliSpec:
    return CliSpec(family=family, rules=tuple(rules), abbrev=True, **kw)


def _targets(  # noqa: PLR0913 - keyword-only table knobs
    name: str,
    *,
    root: int,
    system: int,
    home: int,
    cwd: int | None = None,
    what: str = "deletes",
    **kw: Any,
) -> list[CliRule]:
    """Rows weighing a tool's targets: root, system paths, home, cwd."""
    rows = [
        _r(
            f"shell.{name}.root",
            DE,
            root,
            f"{what} the root directory or everything in it",
            args=[ROOT],
            **kw,
        ),
        _r(
            f"shell.{name}.system",
            DE,
            system,
            f"{what} system files",
            args=[SYSTEM],
            **kw,
        ),
    ]
    rows.append(
        _r(
            f"shell.{name}.home",
            DE,
            home,
            f"{what} a whole home directory",
            args=[HOME],
            **kw,
        )
    )
    if cwd is not None:
        rows.append(
            _r(
                f"shell.{name}.cwd",
                DE,
                cwd,
                f"{what} the current or parent directory's contents",
                args=[_CWD],
                **kw,
            )
        )
    return rows


_READ = "reads only"

# -- the read-only allowlist --
# Programs with no option that writes, deletes or runs anything: any
# arguments, even unknown ones, leave them read-only.

_ALWAYS_READ = (
    "ls",
    "dir",
    "vdir",
    "cat",
    "tac",
    "nl",
    "grep",
    "egrep",
    "fgrep",
    "ag",
    "ack",
    "zgrep",
    "zcat",
    "bzcat",
    "xzcat",
    "zless",
    "echo",
    "printf",
    "head",
    "tail",
    "wc",
    "df",
    "du",
    "ps",
    "pgrep",
    "pidof",
    "pwd",
    "whoami",
    "id",
    "groups",
    "users",
    "who",
    "w",
    "last",
    "uname",
    "arch",
    "nproc",
    "which",
    "whereis",
    "type",
    "file",
    "stat",
    "cut",
    "tr",
    "jq",
    "diff",
    "cmp",
    "comm",
    "free",
    "uptime",
    "top",
    "htop",
    "lsof",
    "netstat",
    "ping",
    "ping6",
    "dig",
    "nslookup",
    "host",
    "traceroute",
    "tracepath",
    "mtr",
    "whois",
    "true",
    "false",
    "test",
    "[",
    "sleep",
    "basename",
    "dirname",
    "realpath",
    "readlink",
    "md5sum",
    "sha1sum",
    "sha224sum",
    "sha256sum",
    "sha384sum",
    "sha512sum",
    "b2sum",
    "cksum",
    "sum",
    "base64",
    "base32",
    "basenc",
    "od",
    "hexdump",
    "strings",
    "paste",
    "join",
    "column",
    "fold",
    "fmt",
    "rev",
    "seq",
    "expr",
    "getent",
    "locale",
    "tty",
    "lsblk",
    "blkid",
    "lscpu",
    "lspci",
    "lsusb",
    "lsmod",
    "modinfo",
    "vmstat",
    "iostat",
    "mpstat",
    "pidstat",
    "sar",
    "getconf",
    "cal",
    "printenv",
    "iptables-save",
    "ip6tables-save",
    "findmnt",
    "systemd-analyze",
    "resolvectl",
    "uuidgen",
    "tput",
    "clear",
    "look",
    "numfmt",
    "factor",
    "shuf",
    "yes",
    "nm",
    "objdump",
    "readelf",
    "size",
)

# Shell builtins that only change the shell's own state.
_BUILTINS = (
    ":",
    "cd",
    "pushd",
    "popd",
    "dirs",
    "export",
    "unset",
    "set",
    "shopt",
    "read",
    "local",
    "declare",
    "typeset",
    "readonly",
    "shift",
    "return",
    "exit",
    "break",
    "continue",
    "ulimit",
    "umask",
    "let",
    "hash",
    "jobs",
    "wait",
    "history",
    "getopts",
    "caller",
    "times",
    "help",
    "disown",
    "bg",
    "fg",
    "logout",
    "complete",
    "compgen",
    "bind",
    "enable",
    "mapfile",
    "readarray",
    "unalias",
    "suspend",
)

_READ_SPEC = _spec(
    "shell.read-only",
    [_r("shell.read-only", RO, 0, _READ)],
    dynamic_ok=True,
)
_BUILTIN_SPEC = _spec(
    "shell.builtin",
    [_r("shell.builtin", LO, 0, "changes the shell's own state")],
    dynamic_ok=True,
)


def _simple(
    name: str,
    effect: Effect,
    base: int,
    message: str,
    *rows: CliRule,
    **kw: Any,
) -> CliSpec:
    return _spec(
        f"shell.{name}",
        [_r(f"shell.{name}", effect, base, message), *rows],
        **kw,
    )


_DRY_RSYNC = ("-n", "--dry-run")

# -- rm and friends --
# GNU rm: -r/-R/--recursive, -f/--force, --no-preserve-root; options may be
# clustered (-rf, -fr, -vrf) and long options abbreviated (--rec, --forc).

_RECURSIVE = ("-r", "-R", "--recursive")

RM = _spec(
    "shell.rm",
    [
        _r("shell.rm", DE, 15, "deletes files"),
        _r(
            "shell.rm.recursive",
            DE,
            20,
            "-r deletes whole directory trees",
            when=[_RECURSIVE],
            kind=MOD,
        ),
        _r(
            "shell.rm.recursive-force",
            DE,
            100,
            "rm -rf: recursive forced deletion is never run unattended",
            when=[_RECURSIVE, ("-f", "--force")],
            hard=True,
        ),
        _r(
            "shell.rm.no-preserve-root",
            DE,
            100,
            "--no-preserve-root lets rm delete /",
            when=[("--no-preserve-root",)],
            hard=True,
        ),
        *_targets("rm", root=90, system=75, home=70, cwd=40),
    ],
)

UNLINK = _spec(
    "shell.unlink",
    [
        _r("shell.unlink", DE, 15, "deletes a file"),
        *_targets("unlink", root=75, system=75, home=70),
    ],
)

RMDIR = _simple("rmdir", LO, 10, "deletes empty directories")

# -- disks --
# dd: operands are KEY=VALUE words; of= is the output. mkfs.TYPE folds to
# mkfs. wipefs erases only with -a/--all or -o/--offset; -n/--no-act is a
# dry run. shred overwrites; blkdiscard discards every block.

DD = _spec(
    "shell.dd",
    [
        _r("shell.dd", RO, 0, "copies to standard output"),
        _r(
            "shell.dd.file",
            LO,
            15,
            "writes a file",
            args=[("of=*", *with_prefix("!of=", BENIGN_DEVICES))],
        ),
        _r(
            "shell.dd.system",
            DE,
            70,
            "overwrites a system file",
            args=[with_prefix("of=", SYSTEM)],
        ),
        _r(
            "shell.dd.device",
            DE,
            80,
            "writes raw data onto a device",
            args=[with_prefix("of=", DEVICES)],
        ),
        _r(
            "shell.dd.block-device",
            DE,
            100,
            "dd onto a disk destroys everything on it",
            args=[with_prefix("of=", BLOCK_DEVICES)],
            hard=True,
        ),
    ],
)

MKFS = _spec(
    "shell.mkfs",
    [
        _r("shell.mkfs", DE, 60, "creates a filesystem, erasing the target"),
        _r(
            "shell.mkfs.device",
            DE,
            100,
            "a new filesystem on a device erases everything on it",
            args=[DEVICES],
            hard=True,
        ),
    ],
)

WIPEFS = _spec(
    "shell.wipefs",
    [
        _r("shell.wipefs", RO, 0, "lists filesystem signatures"),
        _r(
            "shell.wipefs.erase",
            DE,
            50,
            "erases filesystem signatures",
            when=[("-a", "--all", "-o", "--offset")],
            unless=["-n", "--no-act"],
        ),
        _r(
            "shell.wipefs.device",
            DE,
            90,
            "erases the signatures on a disk: its data is unreachable",
            when=[("-a", "--all", "-o", "--offset")],
            args=[DEVICES],
            unless=["-n", "--no-act"],
        ),
    ],
    value_opts={"-o", "--offset", "-t", "--types", "-b", "--backup"},
)

SHRED = _spec(
    "shell.shred",
    [
        _r("shell.shred", DE, 40, "overwrites files beyond recovery"),
        _r(
            "shell.shred.system",
            DE,
            80,
            "overwrites system files beyond recovery",
            args=[SYSTEM],
        ),
        _r(
            "shell.shred.block-device",
            DE,
            100,
            "shred on a disk: every byte is overwritten beyond recovery",
            args=[BLOCK_DEVICES],
            hard=True,
        ),
    ],
)

BLKDISCARD = _spec(
    "shell.blkdiscard",
    [
        _r("shell.blkdiscard", DE, 90, "discards every block of a device"),
        _r(
            "shell.blkdiscard.block-device",
            DE,
            100,
            "discarding a disk's blocks loses all of its data",
            args=[BLOCK_DEVICES],
            hard=True,
        ),
    ],
)

TRUNCATE = _spec(
    "shell.truncate",
    [
        _r("shell.truncate", DE, 25, "cuts files to a size"),
        _r(
            "shell.truncate.system",
            DE,
            70,
            "cuts system files",
            args=[SYSTEM],
        ),
    ],
    value_opts={"-s", "--size", "-r", "--reference"},
)

PARTITION = _spec(
    "shell.partition",
    [
        _r(
            "shell.partition",
            DE,
            80,
            "changes a partition table",
            unless=["-l", "--list", "-s", "--show"],
        ),
        _r(
            "shell.partition.list",
            RO,
            0,
            "lists partitions",
            when=[("-l", "--list", "-s", "--show")],
        ),
    ],
)

# -- permissions --

_OPEN_MODES = (
    "777",
    "0777",
    "00777",
    "a+rwx",
    "ugo+rwx",
    "a=rwx",
    "ugo=rwx",
    "+rwx",
    "000",
    "0000",
    "a-rwx",
    "ugo-rwx",
    "a=",
    "ugo=",
)
_SETUID = (
    "u+s",
    "+s",
    "ug+s",
    "a+s",
    "4755",
    "4777",
    "4711",
    "4750",
    "6755",
    "6777",
    "2755",
    "04755",
)


# chmod/chown/chgrp: only -R is recursive (chmod -r removes read access).
_PERM_RECURSIVE = ("-R", "--recursive")


def _perm(name: str, message: str) -> CliSpec:
    rows = [
        _r(f"shell.{name}", LO, 10, message),
        _r(
            f"shell.{name}.system",
            DE,
            50,
            f"{message} of system files",
            args=[SYSTEM],
        ),
        _r(
            f"shell.{name}.root",
            DE,
            70,
            f"{message} of the root directory",
            args=[ROOT],
        ),
        _r(
            f"shell.{name}.recursive-system",
            DE,
            85,
            f"{message} of a whole system tree",
            when=[_PERM_RECURSIVE],
            args=[(*ROOT, *SYSTEM)],
        ),
    ]
    if name == "chmod":
        rows += [
            _r(
                "shell.chmod.recursive-777-root",
                DE,
                100,
                "chmod -R 777 / (or 000): the system is ruined",
                when=[_PERM_RECURSIVE],
                args=[_OPEN_MODES, ROOT],
                hard=True,
            ),
            _r(
                "shell.chmod.setuid",
                MU,
                55,
                "sets the set-user-id bit: runs as the file's owner",
                args=[_SETUID],
            ),
        ]
    return _spec(
        f"shell.{name}",
        rows,
        value_opts={"--reference", "--from"},
    )


# -- files --


def _writer(
    name: str,
    message: str,
    *,
    device: bool = True,
    **kw: Any,
) -> CliSpec:
    rows = (
        [
            _r(
                f"shell.{name}.block-device",
                DE,
                100,
                "writing onto a disk destroys everything on it",
                target=BLOCK_DEVICES,
                hard=True,
            )
        ]
        if device
        else []
    )
    return _spec(
        f"shell.{name}",
        [
            _r(f"shell.{name}", LO, 15, message),
            _r(
                f"shell.{name}.system",
                DE,
                60,
                f"{message}: system files",
                target=SYSTEM,
            ),
            _r(
                f"shell.{name}.system",
                DE,
                60,
                f"{message}: system files",
                opt=["-t", "--target-directory"],
                opt_values=SYSTEM,
            ),
            *rows,
        ],
        **kw,
    )


CP = _writer(
    "cp",
    "copies files (overwriting the destination)",
    value_opts={"-t", "--target-directory", "-S", "--suffix"},
)
INSTALL = _writer(
    "install",
    "installs files",
    value_opts={
        "-t",
        "--target-directory",
        "-m",
        "--mode",
        "-o",
        "--owner",
        "-g",
        "--group",
        "-S",
        "--suffix",
    },
)
LN = _writer(
    "ln",
    "creates links (-f replaces files)",
    device=False,
    value_opts={"-t", "--target-directory", "-S", "--suffix"},
)
MV = _spec(
    "shell.mv",
    [
        _r("shell.mv", LO, 15, "moves files (overwriting the destination)"),
        _r(
            "shell.mv.system",
            DE,
            70,
            "moves system files away or over",
            args=[(*ROOT, *SYSTEM)],
        ),
        _r(
            "shell.mv.dev-null",
            DE,
            70,
            "replaces /dev/null with a regular file",
            args=[("/dev/null",)],
        ),
        _r(
            "shell.mv.home",
            DE,
            60,
            "moves a whole home directory",
            args=[HOME],
        ),
    ],
    value_opts={"-t", "--target-directory", "-S", "--suffix"},
)
TEE = _spec(
    "shell.tee",
    [
        _r("shell.tee", LO, 15, "writes files", min_args=1),
        _r("shell.tee.stdout", RO, 0, "copies to standard output", max_args=0),
        _r(
            "shell.tee.system",
            DE,
            70,
            "overwrites system files",
            args=[SYSTEM],
        ),
        _r(
            "shell.tee.device",
            DE,
            80,
            "writes raw data onto a device",
            args=[DEVICES],
        ),
        _r(
            "shell.tee.block-device",
            DE,
            100,
            "writing onto a disk destroys everything on it",
            args=[BLOCK_DEVICES],
            hard=True,
        ),
    ],
)

# sed -i / --in-place edits files (GNU sed; "-i.bak" keeps a backup).
SED = _spec(
    "shell.sed",
    [
        _r("shell.sed", RO, 0, "filters text"),
        _r(
            "shell.sed.in-place",
            LO,
            15,
            "-i edits files in place",
            when=[("-i", "--in-place")],
        ),
        _r(
            "shell.sed.in-place-system",
            DE,
            60,
            "-i edits system files in place",
            when=[("-i", "--in-place")],
            args=[SYSTEM],
        ),
    ],
    value_opts={"-e", "--expression", "-f", "--file", "-l", "--line-length"},
)
SORT = _spec(
    "shell.sort",
    [
        _r("shell.sort", RO, 0, "sorts text"),
        _r(
            "shell.sort.output",
            LO,
            15,
            "-o writes a file",
            when=[("-o", "--output")],
        ),
        _r(
            "shell.sort.output-system",
            DE,
            60,
            "-o overwrites a system file",
            opt=["-o", "--output"],
            opt_values=SYSTEM,
        ),
        _r(
            "shell.sort.compress-program.unknown",
            UN,
            0,
            "--compress-program runs another program",
            when=[("--compress-program",)],
            kind=UNK,
        ),
    ],
    value_opts={
        "-o",
        "--output",
        "-k",
        "--key",
        "-t",
        "--field-separator",
        "-T",
        "--temporary-directory",
        "-S",
        "--buffer-size",
        "--compress-program",
        "--files0-from",
        "--parallel",
        "--batch-size",
    },
)
UNIQ = _spec(
    "shell.uniq",
    [
        _r("shell.uniq", RO, 0, "filters text"),
        _r(
            "shell.uniq.output",
            LO,
            15,
            "a second file argument is overwritten",
            min_args=2,
        ),
    ],
    value_opts={"-f", "--skip-fields", "-s", "--skip-chars", "-w"},
)
# mikefarah/yq: -i/--inplace writes the file back.
YQ = _spec(
    "shell.yq",
    [
        _r("shell.yq", RO, 0, "reads YAML"),
        _r(
            "shell.yq.in-place",
            LO,
            15,
            "-i edits files in place",
            when=[("-i", "--inplace", "--in-place")],
        ),
    ],
)
XXD = _spec(
    "shell.xxd",
    [
        _r("shell.xxd", RO, 0, "dumps bytes"),
        _r("shell.xxd.output", LO, 15, "writes the output file", min_args=2),
    ],
    value_opts={"-c", "-g", "-l", "-s", "-o", "-n"},
)
# ripgrep: --pre COMMAND runs a program on every file searched.
RG = _spec(
    "shell.rg",
    [
        _r("shell.rg", RO, 0, "searches text"),
        _r(
            "shell.rg.pre.unknown",
            UN,
            0,
            "--pre runs a program on every file",
            when=[("--pre",)],
            kind=UNK,
        ),
    ],
    value_opts={"--pre", "-e", "--regexp", "-g", "--glob", "-t", "--type"},
)
# less/more: a "+CMD" argument runs CMD at start; "+!cmd" is a shell.
PAGER = _spec(
    "shell.pager",
    [
        _r("shell.pager", RO, 0, "pages text"),
        _r(
            "shell.pager.command.unknown",
            UN,
            0,
            "a +command that runs a shell command",
            args=[("+*!*", "+*|*")],
            kind=UNK,
        ),
    ],
)
TREE = _simple(
    "tree",
    RO,
    0,
    _READ,
    _r("shell.tree.output", LO, 10, "-o writes a file", when=[("-o",)]),
)
# find: -delete deletes; -exec/-execdir/-ok/-okdir run a command (analysed
# as a nested command); -fprint* / -fls write files.
_FIND_VALUES = {
    "-name",
    "-iname",
    "-path",
    "-ipath",
    "-wholename",
    "-iwholename",
    "-regex",
    "-iregex",
    "-type",
    "-xtype",
    "-user",
    "-group",
    "-uid",
    "-gid",
    "-perm",
    "-size",
    "-mtime",
    "-mmin",
    "-atime",
    "-amin",
    "-ctime",
    "-cmin",
    "-newer",
    "-maxdepth",
    "-mindepth",
    "-printf",
    "-links",
    "-inum",
    "-samefile",
    "-fstype",
    "-context",
    "-used",
    "-D",
    "-O",
    "-regextype",
    "-newermt",
    "-fprint",
    "-fprint0",
    "-fprintf",
    "-fls",
}
FIND = _spec(
    "shell.find",
    [
        _r("shell.find", RO, 0, "lists files"),
        _r(
            "shell.find.delete",
            DE,
            50,
            "-delete deletes every file found",
            when=[("-delete",)],
        ),
        _r(
            "shell.find.delete-system",
            DE,
            85,
            "-delete under the root, a system path or a home directory",
            when=[("-delete",)],
            args=[(*ROOT, *SYSTEM, *HOME)],
        ),
        _r(
            "shell.find.write",
            LO,
            15,
            "writes its list to a file",
            when=[("-fprint", "-fprint0", "-fprintf", "-fls")],
        ),
    ],
    clusters=False,
    value_opts=_FIND_VALUES,
)

TAR = _spec(
    "shell.tar",
    [
        _r(
            "shell.tar",
            LO,
            15,
            "creates or extracts archives",
            fallback=True,
        ),
        _r(
            "shell.tar.list",
            RO,
            0,
            "lists an archive",
            when=[("-t", "--list")],
            unless=["-x", "--extract", "--get", "-c", "--create"],
        ),
        _r(
            "shell.tar.exec.unknown",
            UN,
            0,
            "runs another program (compressor, filter or checkpoint action)",
            when=[
                (
                    "-I",
                    "--use-compress-program",
                    "--to-command",
                    "--checkpoint-action",
                    "-F",
                    "--info-script",
                    "--new-volume-script",
                    "--rsh-command",
                )
            ],
            kind=UNK,
        ),
        _r(
            "shell.tar.extract-system",
            DE,
            60,
            "extracts over a system directory",
            opt=["-C", "--directory"],
            opt_values=(*ROOT, *SYSTEM),
            unless=["-c", "--create", "-t", "--list", "-r", "--append"],
        ),
    ],
    value_opts={
        "-C",
        "--directory",
        "-f",
        "--file",
        "-T",
        "--files-from",
        "-I",
        "--use-compress-program",
        "-F",
        "--info-script",
        "--new-volume-script",
        "--to-command",
        "--rsh-command",
    },
)
_COMPRESS_STDOUT = (
    "-c",
    "--stdout",
    "--to-stdout",
    "-l",
    "--list",
    "-t",
    "--test",
)
COMPRESS = _spec(
    "shell.compress",
    [
        _r(
            "shell.compress",
            LO,
            15,
            "compresses or decompresses files in place",
            unless=_COMPRESS_STDOUT,
            min_args=1,
        ),
        _r(
            "shell.compress.stdout",
            RO,
            0,
            "filters standard input to standard output",
            max_args=0,
        ),
        _r(
            "shell.compress.stdout",
            RO,
            0,
            "writes to standard output",
            when=[_COMPRESS_STDOUT],
        ),
    ],
)
RSYNC = _spec(
    "shell.rsync",
    [
        _r(
            "shell.rsync",
            MU,
            20,
            "copies files, possibly to another host",
            unless=_DRY_RSYNC,
        ),
        _r(
            "shell.rsync.dry-run",
            RO,
            0,
            "a dry run",
            when=[_DRY_RSYNC],
        ),
        _r(
            "shell.rsync.delete",
            DE,
            35,
            "--delete deletes destination files missing from the source",
            when=[
                (
                    "--delete",
                    "--del",
                    "--delete-before",
                    "--delete-during",
                    "--delete-delay",
                    "--delete-after",
                    "--delete-excluded",
                    "--remove-source-files",
                )
            ],
            unless=_DRY_RSYNC,
            kind=MOD,
        ),
        _r(
            "shell.rsync.remote-shell.unknown",
            UN,
            0,
            "-e / --rsync-path name a program to run",
            opt=["-e", "--rsh", "--rsync-path"],
            opt_values=[
                "*",
                "!ssh",
                "!ssh *",
                "!/usr/bin/ssh",
                "!/usr/bin/ssh *",
            ],
            kind=UNK,
        ),
    ],
    value_opts={
        "-e",
        "--rsh",
        "--rsync-path",
        "--exclude",
        "--include",
        "--filter",
        "-f",
    },
)

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

KILL = _spec(
    "shell.kill",
    [
        _r("shell.kill", MU, 25, "signals processes", fallback=True),
        _r(
            "shell.kill.init",
            DE,
            90,
            "signals PID 1: killing init brings the machine down",
            args=[("1",)],
        ),
        _r(
            "shell.kill.all",
            DE,
            90,
            "PID -1 signals every process the user may signal",
            args=[("-1",)],
        ),
        _r(
            "shell.kill.list",
            RO,
            0,
            "lists signal names",
            when=[("-l", "-L", "--list", "--table")],
        ),
    ],
    clusters=False,
    numeric_args=True,
    value_opts={"-s", "-n", "--signal"},
)
KILLALL = _spec(
    "shell.killall",
    [
        _r("shell.killall", MU, 35, "kills processes by name or pattern"),
        _r(
            "shell.killall.sigkill",
            MU,
            5,
            "SIGKILL: no chance to clean up",
            when=[("-9", "-KILL", "-SIGKILL")],
            kind=MOD,
        ),
    ],
    clusters=False,
    value_opts={"-s", "--signal", "-u", "--user", "-g", "-t", "-P", "-U"},
)
KILLALL5 = _simple("killall5", DE, 90, "signals every process")

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
MOUNT = _spec(
    "shell.mount",
    [
        _r("shell.mount.list", RO, 0, "lists mounts", max_args=0),
        _r("shell.mount", MU, 40, "mounts a filesystem", min_args=1),
        _r(
            "shell.mount", MU, 40, "mounts filesystems", when=[("-a", "--all")]
        ),
    ],
    value_opts={
        "-t",
        "--types",
        "-o",
        "--options",
        "-L",
        "--label",
        "-U",
        "--uuid",
    },
)
UMOUNT = _spec(
    "shell.umount",
    [
        _r("shell.umount", MU, 40, "unmounts a filesystem"),
        _r(
            "shell.umount.all",
            MU,
            60,
            "unmounts every filesystem",
            when=[("-a", "--all")],
        ),
        _r(
            "shell.umount.force",
            MU,
            10,
            "lazy or forced unmount",
            when=[("-l", "--lazy", "-f", "--force")],
            kind=MOD,
        ),
    ],
    value_opts={"-t", "--types", "-O", "--test-opts"},
)
SWAP = _spec(
    "shell.swap",
    [
        _r("shell.swap", MU, 40, "turns swap space off or on", fallback=True),
        _r(
            "shell.swap.read",
            RO,
            0,
            "lists swap space",
            when=[("-s", "--summary", "--show")],
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

RMMOD = _simple("rmmod", DE, 50, "unloads kernel modules")

# -- accounts and schedules --
# crontab(1): -r removes the whole crontab without asking; -l lists; a
# file argument (or "-") replaces the crontab.

CRONTAB = _spec(
    "shell.crontab",
    [
        _r("shell.crontab.read", RO, 0, "lists the crontab", when=[("-l",)]),
        _r("shell.crontab.edit", LO, 15, "edits the crontab", when=[("-e",)]),
        _r(
            "shell.crontab.replace",
            MU,
            30,
            "replaces the whole crontab",
            min_args=1,
        ),
        _r(
            "shell.crontab.remove",
            DE,
            60,
            "-r deletes the whole crontab",
            when=[("-r",)],
        ),
    ],
    value_opts={"-u"},
)
USERDEL = _spec(
    "shell.userdel",
    [
        _r("shell.userdel", DE, 60, "deletes a user account"),
        _r(
            "shell.userdel.remove-home",
            DE,
            15,
            "also deletes the home directory and mail",
            when=[("-r", "--remove", "--remove-home", "--remove-all-files")],
            kind=MOD,
        ),
    ],
)
GROUPDEL = _simple("groupdel", DE, 40, "deletes a group")
PASSWD = _spec(
    "shell.passwd",
    [
        _r(
            "shell.passwd",
            MU,
            25,
            "changes a password",
            unless=["-S", "--status"],
        ),
        _r(
            "shell.passwd.read",
            RO,
            0,
            "shows password status",
            when=[("-S", "--status")],
        ),
        _r(
            "shell.passwd.delete",
            DE,
            60,
            "-d makes the account passwordless",
            when=[("-d", "--delete")],
        ),
        _r(
            "shell.passwd.lock",
            MU,
            40,
            "locks or expires the account",
            when=[("-l", "--lock", "-e", "--expire")],
        ),
    ],
)
USERMOD = _spec(
    "shell.usermod",
    [
        _r("shell.usermod", MU, 35, "changes a user account"),
        _r(
            "shell.usermod.admin-group",
            MU,
            25,
            "adds the user to an administrative group",
            opt=["-G", "--groups"],
            opt_values=[
                "*sudo*",
                "*wheel*",
                "*docker*",
                "*root*",
                "*adm*",
                "*lxd*",
                "*disk*",
            ],
            kind=MOD,
        ),
    ],
    value_opts={
        "-G",
        "--groups",
        "-g",
        "--gid",
        "-s",
        "--shell",
        "-d",
        "--home",
        "-l",
        "--login",
        "-u",
        "--uid",
        "-e",
        "--expiredate",
        "-c",
        "--comment",
    },
)
USERADD = _simple("useradd", MU, 25, "creates an account")
CHPASSWD = _simple("chpasswd", MU, 40, "sets passwords from standard input")

# -- misc --

TOUCH = _simple("touch", LO, 5, "creates files or updates times")
MKDIR = _simple("mkdir", LO, 5, "creates directories")
PATCH = _simple("patch", LO, 15, "edits files")
SCP = _simple("scp", MU, 20, "copies files to or from another host")
CHATTR = _simple(
    "chattr", MU, 30, "changes file attributes (immutable, append-only)"
)
SETFACL = _simple("setfacl", MU, 30, "changes access control lists")
ENV = _simple("env", RO, 0, "prints the environment")
SOURCE = _spec(
    "shell.source",
    [
        _r(
            "shell.source.unknown",
            UN,
            0,
            "runs the commands of a file whose contents are unknown",
            kind=UNK,
        )
    ],
)
AWK = _spec(
    "shell.awk",
    [
        _r("shell.awk", RO, 0, "filters text", min_args=1),
        _r(
            "shell.awk.program-file.unknown",
            UN,
            0,
            "the awk program comes from a file",
            when=[("-f", "--file", "-E", "--exec")],
            kind=UNK,
        ),
        _r(
            "shell.awk.in-place",
            LO,
            15,
            "-i inplace edits files",
            opt=["-i", "--include"],
            opt_values=["inplace*"],
        ),
    ],
    clusters=False,
    value_opts={
        "-F",
        "--field-separator",
        "-v",
        "--assign",
        "-f",
        "--file",
        "-E",
        "--exec",
        "-i",
        "--include",
        "-l",
        "--load",
        "-e",
        "--source",
    },
)
ALIAS = _simple(
    "alias", LO, 0, "defines aliases (their text is analysed)", dynamic_ok=True
)
TRAP = _simple(
    "trap",
    LO,
    0,
    "sets a signal handler (its text is analysed)",
    dynamic_ok=True,
)
SHELL = _spec(
    "shell.script",
    [
        _r(
            "shell.script.unknown",
            UN,
            0,
            "runs a script whose contents are unknown",
            kind=UNK,
        )
    ],
    dynamic_ok=True,
)

REDIRECT_RULES: tuple[CliRule, ...] = (
    _r("shell.redirect.file", LO, 5, "writes a file", target=("*",)),
    _r(
        "shell.redirect.system",
        DE,
        70,
        "overwrites or appends to a system file",
        target=(*SYSTEM, "!/proc/*", "!/sys/*"),
    ),
    _r(
        "shell.redirect.kernel",
        MU,
        50,
        "writes a kernel setting",
        target=("/proc/sys/*", "/sys/*"),
    ),
    _r(
        "shell.redirect.sysrq",
        DE,
        90,
        "a SysRq trigger can reboot or crash the machine at once",
        target=("/proc/sysrq-trigger",),
    ),
    _r(
        "shell.redirect.device",
        DE,
        80,
        "writes raw data onto a device",
        target=DEVICES,
    ),
    _r(
        "shell.redirect.block-device",
        DE,
        100,
        "redirecting onto a disk destroys everything on it",
        target=BLOCK_DEVICES,
        hard=True,
    ),
)
"""Rows for the target of an output redirection (``> /dev/sda``)."""

REDIRECT_SPEC = _spec("shell.redirect", REDIRECT_RULES, dynamic_ok=True)


SHELL_SPECS: Mapping[str, CliSpec] = group_specs(
    [
        (_ALWAYS_READ, _READ_SPEC),
        (_BUILTINS, _BUILTIN_SPEC),
        (("rm",), RM),
        (("unlink",), UNLINK),
        (("rmdir",), RMDIR),
        (("dd",), DD),
        (("mkfs", "mke2fs", "mkswap", "mkdosfs", "mkntfs", "mkexfatfs"), MKFS),
        (("wipefs",), WIPEFS),
        (("shred",), SHRED),
        (("blkdiscard",), BLKDISCARD),
        (("truncate",), TRUNCATE),
        (
            ("fdisk", "sfdisk", "cfdisk", "parted", "gdisk", "sgdisk"),
            PARTITION,
        ),
        (("chmod",), _perm("chmod", "changes the mode")),
        (("chown",), _perm("chown", "changes the owner")),
        (("chgrp",), _perm("chgrp", "changes the group")),
        (("cp",), CP),
        (("install",), INSTALL),
        (("ln",), LN),
        (("mv",), MV),
        (("tee",), TEE),
        (("sed", "gsed"), SED),
        (("sort",), SORT),
        (("uniq",), UNIQ),
        (("yq",), YQ),
        (("xxd",), XXD),
        (("tree",), TREE),
        (("rg",), RG),
        (("less", "more"), PAGER),
        (("find",), FIND),
        (("tar", "bsdtar", "gtar"), TAR),
        (
            (
                "gzip",
                "gunzip",
                "bzip2",
                "bunzip2",
                "xz",
                "unxz",
                "zstd",
                "unzstd",
                "lz4",
            ),
            COMPRESS,
        ),
        (("rsync",), RSYNC),
        (("shutdown", "reboot", "halt", "poweroff"), POWER),
        (("init", "telinit"), INIT),
        (("systemctl",), SYSTEMCTL),
        (("service",), SERVICE),
        (("kill",), KILL),
        (("killall", "pkill"), KILLALL),
        (("killall5",), KILLALL5),
        (
            (
                "iptables",
                "ip6tables",
                "iptables-legacy",
                "ip6tables-legacy",
                "iptables-nft",
                "ip6tables-nft",
                "ebtables",
                "arptables",
            ),
            IPTABLES,
        ),
        (("iptables-restore", "ip6tables-restore"), IPTABLES_RESTORE),
        (("nft",), NFT),
        (("ufw",), UFW),
        (("ip",), IP),
        (("ss",), SS),
        (("journalctl",), JOURNALCTL),
        (("dmesg",), DMESG),
        (("hostname",), HOSTNAME),
        (("date",), DATE),
        (("hostnamectl",), HOSTNAMECTL),
        (("timedatectl",), TIMEDATECTL),
        (("loginctl",), LOGINCTL),
        (("mount",), MOUNT),
        (("umount",), UMOUNT),
        (("swapoff", "swapon"), SWAP),
        (("sysctl",), SYSCTL),
        (("modprobe", "insmod"), MODPROBE),
        (("rmmod",), RMMOD),
        (("crontab",), CRONTAB),
        (("userdel", "deluser"), USERDEL),
        (("groupdel", "delgroup"), GROUPDEL),
        (("passwd",), PASSWD),
        (("usermod",), USERMOD),
        (("useradd", "adduser", "groupadd", "addgroup"), USERADD),
        (("chpasswd",), CHPASSWD),
        (("touch",), TOUCH),
        (("mkdir",), MKDIR),
        (("patch",), PATCH),
        (("scp", "sftp"), SCP),
        (("chattr",), CHATTR),
        (("setfacl",), SETFACL),
        (("env",), ENV),
        (("source", "."), SOURCE),
        (("awk", "gawk", "mawk", "nawk", "busybox-awk"), AWK),
        (("alias",), ALIAS),
        (("trap",), TRAP),
        (SHELLS, SHELL),
    ]
)
"""Every shell tool table by program name."""
