"""
The judgment analyzer's permissions part: modes that let every user write
(``o+w``, ``777``) or set the set-user-id / set-group-id bit, given to
``chmod``, ``mkdir -m`` or ``install -m``.
"""

from __future__ import annotations

import re

from collections.abc import Sequence

from blastradius._model import Finding
from blastradius.families.disclosure._judging import finding, option


__all__ = ["MODES", "permissions", "widens"]

# Patterns as strings, compiled by the re functions on first use (only
# chmod, mkdir and install reach them; this module loads for every command).
_CHMOD_OPT = r"-[Rvcf]+|--[a-z-]+(?:=.*)?"
_OCTAL = r"^[0-7]{1,5}$"
_CLAUSE = r"^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$"


def widens(mode: str) -> str | None:
    """
    ``"world-writable"`` or ``"setid"`` when the chmod *mode* widens
    permissions that way, else `None`.

    >>> widens("777"), widens("4755"), widens("+x"), widens("o+w")
    ('world-writable', 'setid', None, 'world-writable')
    """
    if re.match(_OCTAL, mode):
        value = int(mode, 8)
        if value & 0o6000:
            return "setid"
        return "world-writable" if value & 0o002 else None
    found: str | None = None
    for clause in mode.split(","):
        m = re.match(_CLAUSE, clause)
        if m is None:
            return None
        who = m.group(1)
        for op in re.findall(r"[-+=][rwxXstugo]*", m.group(2)):
            sign, perms = op[0], op[1:]
            if sign == "-":
                continue
            if "s" in perms and (not who or set(who) & set("uga")):
                return "setid"
            others = "o" in who or "a" in who
            if others and ("w" in perms or set(perms) & set("ug")):
                found = "world-writable"
    return found


_RULE_OF = {
    "setid": "permissions.setid",
    "world-writable": "permissions.world-writable",
}
"""The rule of each way `widens` says a mode widens access."""


def permissions(program: str, args: Sequence[str]) -> list[Finding]:
    """The permission-widening findings of *program* (of `MODES`) on *args*."""
    mode: str | None = None
    if program == "chmod":
        if option(args, ("--reference",)):
            return []
        rest = [a for a in args if not re.fullmatch(_CHMOD_OPT, a)]
        mode = rest[0] if rest else None
    else:  # mkdir, install
        for i, a in enumerate(args):
            if a in ("-m", "--mode") and i + 1 < len(args):
                mode = args[i + 1]
            elif a.startswith("--mode="):
                mode = a.split("=", 1)[1]
            elif a.startswith("-m") and len(a) > 2:
                mode = a[2:]
    if mode is None:
        return []
    how = widens(mode)
    if how is None:
        return []
    out = [finding(_RULE_OF[how], program, (mode,))]
    if program == "chmod" and any(
        a in ("-R", "--recursive")
        or (a.startswith("-") and not a.startswith("--") and "R" in a)
        for a in args
    ):
        out.append(finding("permissions.recursive", program, ("-R",)))
    return out


MODES = frozenset({"chmod", "mkdir", "install"})
"""The programs `permissions` reads a mode from."""
