"""
The paths and devices the shell tools are weighed by (root, system
directories, home directories, block devices), the shells, and the
encoders and remote sources the analyzer recognises.
"""

from __future__ import annotations

from collections.abc import Iterable


__all__ = [
    "BENIGN_DEVICES",
    "BLOCK_DEVICES",
    "CWD",
    "DEVICES",
    "ENCODERS",
    "HOME",
    "REMOTE_SOURCES",
    "ROOT",
    "SHELLS",
    "SYSTEM",
    "with_prefix",
]

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

CWD = (".", "./", "..", "../", "=*", "=./*", "=../*", "=.*", "=./.*")

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
