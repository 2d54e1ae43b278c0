"""
Rule rows of the disk tools: raw copies, filesystems, wiping, partitions,
mounts and swap (GNU coreutils, util-linux).
"""

from __future__ import annotations

from blastradius.families.shell._kit import (
    DE,
    LO,
    MOD,
    MU,
    RO,
)
from blastradius.families.shell._kit import row as _r
from blastradius.families.shell._kit import spec as _spec
from blastradius.families.shell._paths import (
    BENIGN_DEVICES,
    BLOCK_DEVICES,
    DEVICES,
    SYSTEM,
    with_prefix,
)


__all__ = [
    "BLKDISCARD",
    "DD",
    "MKFS",
    "MOUNT",
    "PARTITION",
    "SHRED",
    "SWAP",
    "TRUNCATE",
    "UMOUNT",
    "WIPEFS",
]

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
