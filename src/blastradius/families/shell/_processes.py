"""
Rule rows of the tools that signal processes (procps, util-linux).
"""

from __future__ import annotations

from blastradius.families.shell._kit import (
    DE,
    MOD,
    MU,
    RO,
)
from blastradius.families.shell._kit import row as _r
from blastradius.families.shell._kit import simple as _simple
from blastradius.families.shell._kit import spec as _spec


__all__ = [
    "KILL",
    "KILLALL",
    "KILLALL5",
]

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
KILLALL5 = _simple("shell.killall5", DE, 90, "signals every process")
