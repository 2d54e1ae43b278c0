"""
Rule rows of the shell tools that delete, copy, move, write and change
the permissions of files (GNU coreutils, findutils, tar, rsync).
"""

from __future__ import annotations

from blastradius.families.shell._kit import (
    DE,
    LO,
    MOD,
    MU,
    RO,
    UN,
    UNK,
)
from blastradius.families.shell._kit import READ as _READ
from blastradius.families.shell._kit import row as _r
from blastradius.families.shell._kit import simple as _simple
from blastradius.families.shell._kit import spec as _spec
from blastradius.families.shell._paths import (
    BLOCK_DEVICES,
    CWD,
    DEVICES,
    HOME,
    ROOT,
    SYSTEM,
)


__all__ = [
    "CHATTR",
    "CHGRP",
    "CHMOD",
    "CHOWN",
    "COMPRESS",
    "CP",
    "FIND",
    "INSTALL",
    "LN",
    "MKDIR",
    "MV",
    "PAGER",
    "PATCH",
    "RG",
    "RM",
    "RMDIR",
    "RSYNC",
    "SCP",
    "SED",
    "SETFACL",
    "SORT",
    "TAR",
    "TEE",
    "TOUCH",
    "TREE",
    "UNIQ",
    "UNLINK",
    "XXD",
    "YQ",
]

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
        _r(
            "shell.rm.root",
            DE,
            90,
            "deletes the root directory or everything in it",
            args=[ROOT],
        ),
        _r(
            "shell.rm.system",
            DE,
            75,
            "deletes system files",
            args=[SYSTEM],
        ),
        _r(
            "shell.rm.home",
            DE,
            70,
            "deletes a whole home directory",
            args=[HOME],
        ),
        _r(
            "shell.rm.cwd",
            DE,
            40,
            "deletes the current or parent directory's contents",
            args=[CWD],
        ),
    ],
)

UNLINK = _spec(
    "shell.unlink",
    [
        _r("shell.unlink", DE, 15, "deletes a file"),
        _r(
            "shell.unlink.root",
            DE,
            75,
            "deletes the root directory or everything in it",
            args=[ROOT],
        ),
        _r(
            "shell.unlink.system",
            DE,
            75,
            "deletes system files",
            args=[SYSTEM],
        ),
        _r(
            "shell.unlink.home",
            DE,
            70,
            "deletes a whole home directory",
            args=[HOME],
        ),
    ],
)

RMDIR = _simple("shell.rmdir", LO, 10, "deletes empty directories")


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


CHMOD = _spec(
    "shell.chmod",
    [
        _r("shell.chmod", LO, 10, "changes the mode"),
        _r(
            "shell.chmod.system",
            DE,
            50,
            "changes the mode of system files",
            args=[SYSTEM],
        ),
        _r(
            "shell.chmod.root",
            DE,
            70,
            "changes the mode of the root directory",
            args=[ROOT],
        ),
        _r(
            "shell.chmod.recursive-system",
            DE,
            85,
            "changes the mode of a whole system tree",
            when=[_PERM_RECURSIVE],
            args=[(*ROOT, *SYSTEM)],
        ),
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
    ],
    value_opts={"--reference", "--from"},
)
CHOWN = _spec(
    "shell.chown",
    [
        _r("shell.chown", LO, 10, "changes the owner"),
        _r(
            "shell.chown.system",
            DE,
            50,
            "changes the owner of system files",
            args=[SYSTEM],
        ),
        _r(
            "shell.chown.root",
            DE,
            70,
            "changes the owner of the root directory",
            args=[ROOT],
        ),
        _r(
            "shell.chown.recursive-system",
            DE,
            85,
            "changes the owner of a whole system tree",
            when=[_PERM_RECURSIVE],
            args=[(*ROOT, *SYSTEM)],
        ),
    ],
    value_opts={"--reference", "--from"},
)
CHGRP = _spec(
    "shell.chgrp",
    [
        _r("shell.chgrp", LO, 10, "changes the group"),
        _r(
            "shell.chgrp.system",
            DE,
            50,
            "changes the group of system files",
            args=[SYSTEM],
        ),
        _r(
            "shell.chgrp.root",
            DE,
            70,
            "changes the group of the root directory",
            args=[ROOT],
        ),
        _r(
            "shell.chgrp.recursive-system",
            DE,
            85,
            "changes the group of a whole system tree",
            when=[_PERM_RECURSIVE],
            args=[(*ROOT, *SYSTEM)],
        ),
    ],
    value_opts={"--reference", "--from"},
)


# -- files --


CP = _spec(
    "shell.cp",
    [
        _r("shell.cp", LO, 15, "copies files (overwriting the destination)"),
        _r(
            "shell.cp.system",
            DE,
            60,
            "copies files (overwriting the destination): system files",
            target=SYSTEM,
        ),
        _r(
            "shell.cp.system",
            DE,
            60,
            "copies files (overwriting the destination): system files",
            opt=["-t", "--target-directory"],
            opt_values=SYSTEM,
        ),
        _r(
            "shell.cp.block-device",
            DE,
            100,
            "writing onto a disk destroys everything on it",
            target=BLOCK_DEVICES,
            hard=True,
        ),
    ],
    value_opts={"-t", "--target-directory", "-S", "--suffix"},
)
INSTALL = _spec(
    "shell.install",
    [
        _r("shell.install", LO, 15, "installs files"),
        _r(
            "shell.install.system",
            DE,
            60,
            "installs files: system files",
            target=SYSTEM,
        ),
        _r(
            "shell.install.system",
            DE,
            60,
            "installs files: system files",
            opt=["-t", "--target-directory"],
            opt_values=SYSTEM,
        ),
        _r(
            "shell.install.block-device",
            DE,
            100,
            "writing onto a disk destroys everything on it",
            target=BLOCK_DEVICES,
            hard=True,
        ),
    ],
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
LN = _spec(
    "shell.ln",
    [
        _r("shell.ln", LO, 15, "creates links (-f replaces files)"),
        _r(
            "shell.ln.system",
            DE,
            60,
            "creates links (-f replaces files): system files",
            target=SYSTEM,
        ),
        _r(
            "shell.ln.system",
            DE,
            60,
            "creates links (-f replaces files): system files",
            opt=["-t", "--target-directory"],
            opt_values=SYSTEM,
        ),
    ],
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
    "shell.tree",
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


# -- misc --

TOUCH = _simple("shell.touch", LO, 5, "creates files or updates times")
MKDIR = _simple("shell.mkdir", LO, 5, "creates directories")
PATCH = _simple("shell.patch", LO, 15, "edits files")
SCP = _simple("shell.scp", MU, 20, "copies files to or from another host")
CHATTR = _simple(
    "shell.chattr", MU, 30, "changes file attributes (immutable, append-only)"
)
SETFACL = _simple("shell.setfacl", MU, 30, "changes access control lists")
