"""
Rule rows of the account and schedule tools (shadow-utils, cron).
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
from blastradius.families.shell._kit import simple as _simple
from blastradius.families.shell._kit import spec as _spec


__all__ = [
    "CHPASSWD",
    "CRONTAB",
    "GROUPDEL",
    "PASSWD",
    "USERADD",
    "USERDEL",
    "USERMOD",
]

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
GROUPDEL = _simple("shell.groupdel", DE, 40, "deletes a group")
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
USERADD = _simple("shell.useradd", MU, 25, "creates an account")
CHPASSWD = _simple(
    "shell.chpasswd", MU, 40, "sets passwords from standard input"
)
