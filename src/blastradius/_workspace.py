"""
Workspace trust for coding agents: trusted build and test tools, and the
scoped exemptions from the ``rm -rf`` hard rule (policy keys
``workspace.trusted_tools`` and ``workspace.rm_paths``).

Pure: paths are resolved against the command's working directory as text
(`posixpath`), never on the filesystem.

Two guarantees, property-tested:

- a trusted tool is a literal word prefix of the command (``npm test``),
  never a shell, a wrapper, an interpreter running inline code or a program
  with an analyzer of its own (whose rules it would silence), and never a
  word known only at run time;
- an ``rm -rf`` exemption covers only literal targets that resolve to a
  named path strictly inside the working directory (or directly under
  ``/tmp`` / ``/var/tmp``), never ``/``, a home directory, a system path, a
  glob, a variable or anything else known only at run time.
"""

from __future__ import annotations

import posixpath
import re

from collections.abc import Sequence
from typing import Final

from blastradius._model import SimpleCommand, fold_program
from blastradius.exceptions import PolicyError


__all__ = [
    "check_rm_path",
    "check_trusted_tool",
    "local",
    "rm_exemption",
    "trusted_tool",
]

_WORD = re.compile(r"[A-Za-z0-9_@%+.,:=/-]+\Z")
"""A literal word of a trusted tool entry (no quoting, no expansion)."""

_COMPONENT = re.compile(r"[A-Za-z0-9_.@+,*?-]+\Z")
"""One component of an ``rm_paths`` entry (``*`` and ``?`` match)."""

_TMP_DIRS: Final = ("/tmp", "/var/tmp")  # noqa: S108 - names, not files
"""The only absolute directories an ``rm_paths`` entry may name into."""

_RM_SHORT: Final = frozenset("rRfv")
_RM_LONG: Final = frozenset({"--recursive", "--force", "--verbose"})

_LOCAL_VIA: Final = frozenset(
    {
        "bash -c",
        "builtin",
        "command",
        "env",
        "eval",
        "exec",
        "ionice",
        "nice",
        "nohup",
        "setsid",
        "stdbuf",
        "time",
        "timeout",
    }
)
"""Wrappers that run a command as the same user in the same directory;
trust never reaches through any other (``sudo``, ``ssh``, ``chroot``,
``docker exec``, …)."""

_INLINE_CODE: Final = frozenset(
    {"-c", "-e", "-E", "-p", "-r", "--eval", "--print", "--command", "-x"}
)


def _refuse(entry: str, path: str, why: str) -> PolicyError:
    return PolicyError(f"{entry!r}: {why}", path=path)


def check_trusted_tool(entry: object, path: str) -> None:
    """
    Check one ``workspace.trusted_tools`` entry.

    Raises:
        PolicyError: The entry is not literal words, or names a shell, a
            wrapper, inline code or a program with its own analyzer.

    >>> check_trusted_tool("npm test", "workspace.trusted_tools[0]")
    >>> check_trusted_tool("bash -c", "t")
    Traceback (most recent call last):
    ...
    blastradius.exceptions.PolicyError: t: 'bash -c': a shell runs any \
command; trust the tool it runs instead
    """
    if not isinstance(entry, str):
        msg = f"expected a string, got {type(entry).__name__}"
        raise PolicyError(msg, path=path)
    words = entry.split(" ")
    if not entry or not all(_WORD.match(w) for w in words):
        why = "expected literal words separated by single spaces"
        raise _refuse(entry, path, why)
    program = words[0]
    if "/" in program or fold_program(program) != program:
        why = "the first word must be a plain program name (no path)"
        raise _refuse(entry, path, why)
    from blastradius._shell._wrappers import WRAPPERS
    from blastradius.analyzers import DEFAULT_REGISTRY, lookup
    from blastradius.families.shell.rules import SHELLS

    if program in SHELLS:
        why = "a shell runs any command; trust the tool it runs instead"
        raise _refuse(entry, path, why)
    if any(program in w.names for w in WRAPPERS) or program in (
        "eval",
        "exec",
        "source",
        ".",
        "command",
        "builtin",
    ):
        why = "a wrapper runs any command; trust the tool it runs instead"
        raise _refuse(entry, path, why)
    if any(w in _INLINE_CODE for w in words[1:]):
        why = "inline code is never trusted"
        raise _refuse(entry, path, why)
    if (
        lookup(DEFAULT_REGISTRY, program) is not None
        and (len(words) < 3 or words[1] != "-m")
        and not _project_code(words)
    ):
        why = (
            f"{program!r} has its own rules, which trust would silence; only "
            f"'{program} -m MODULE' (a module it runs) or a command its rules "
            "read as running project code (`cargo test`, `npm test`) may be "
            "trusted"
        )
        raise _refuse(entry, path, why)


def _project_code(words: Sequence[str]) -> bool:
    """
    Whether the program's own rules read *words* as running the project's
    code and nothing else (``npm test``: ``npm.project-code.unknown``):
    trusting it then silences no rule of its own.
    """
    from blastradius._score import score

    findings = score(list(words)).findings
    return bool(findings) and all(
        f.rule.endswith(".project-code.unknown") for f in findings
    )


def local(command: SimpleCommand) -> bool:
    """
    Whether *command* runs as the same user in the same directory as the
    command line it comes from (only through wrappers like ``env`` or
    ``timeout``, not ``sudo``, ``ssh`` or ``chroot``).

    >>> local(SimpleCommand(argv=("make",), via=("sudo",)))
    False
    """
    return all(v in _LOCAL_VIA for v in command.via)


def trusted_tool(
    entries: Sequence[str], command: SimpleCommand, program: str
) -> str | None:
    """
    The entry of *entries* that *command* (whose folded program is
    *program*) starts with, word for word and known before it runs, or
    `None`.

    >>> trusted_tool(("npm test",), SimpleCommand(argv=("npm", "test", "-s")),
    ...              "npm")
    'npm test'
    """
    if not local(command):
        return None
    argv = command.argv
    dynamic = command.dynamic
    for entry in entries:
        words = entry.split(" ")
        if words[0] != program or len(argv) < len(words):
            continue
        if any(dynamic[: len(words)]):
            continue
        if tuple(argv[1 : len(words)]) == tuple(words[1:]):
            return entry
    return None


def check_rm_path(entry: object, path: str) -> None:
    """
    Check one ``workspace.rm_paths`` entry: a relative path inside the
    working directory (``node_modules``, ``build``, ``*.egg-info``), or one
    name directly under ``/tmp`` or ``/var/tmp``.

    Raises:
        PolicyError: The entry could reach outside the working directory,
            names ``/``, ``~``, a system path, ``..``, a bare wildcard, or is
            not literal.

    >>> check_rm_path("node_modules", "workspace.rm_paths[0]")
    >>> check_rm_path("../x", "p")
    Traceback (most recent call last):
    ...
    blastradius.exceptions.PolicyError: p: '../x': '..' reaches outside the \
working directory
    """
    if not isinstance(entry, str):
        msg = f"expected a string, got {type(entry).__name__}"
        raise PolicyError(msg, path=path)
    if not entry:
        raise _refuse(entry, path, "an empty path")
    parts = entry.split("/")
    if entry.startswith("/"):
        head = "/".join(parts[:-1])
        if head not in _TMP_DIRS:
            why = (
                "an absolute path must be one name directly under /tmp or "
                "/var/tmp"
            )
            raise _refuse(entry, path, why)
        parts = parts[-1:]
    for part in parts:
        if part == "..":
            raise _refuse(
                entry, path, "'..' reaches outside the working directory"
            )
        if part in ("", "."):
            why = "empty or '.' components (or a trailing '/') are not allowed"
            raise _refuse(entry, path, why)
        if not _COMPONENT.match(part):
            why = (
                "only letters, digits, '_.@+,-' and the wildcards '*' '?' may "
                "appear (no '~', '$', quotes, brackets or backslashes)"
            )
            raise _refuse(entry, path, why)
        if not part.strip("*?."):
            why = "a component must name something, not only wildcards"
            raise _refuse(entry, path, why)


def _rm_targets(command: SimpleCommand) -> list[str] | None:
    """
    The target words of an ``rm`` whose options are only ``-r -R -f -v``
    (clustered or long), or `None`.
    """
    targets: list[str] = []
    ended = False
    for word in command.argv[1:]:
        if not ended and word == "--":
            ended = True
        elif not ended and word.startswith("--"):
            if word not in _RM_LONG:
                return None
        elif not ended and word.startswith("-") and len(word) > 1:
            if not set(word[1:]) <= _RM_SHORT:
                return None
        else:
            targets.append(word)
    return targets


def _inside(resolved: str, bases: Sequence[str]) -> str | None:
    """
    *resolved* relative to the first of *bases* it is strictly inside, or
    `None`.
    """
    for base in bases:
        if base != "/" and resolved.startswith(base + "/"):
            return resolved[len(base) + 1 :]
    return None


def _protected(resolved: str) -> bool:
    """
    Whether *resolved* is ``/``, a home directory or a system path (or
    everything in one), by the shell rules' own tables.
    """
    from blastradius.families._clispec import Patterns
    from blastradius.families.shell.rules import HOME, ROOT, SYSTEM

    if resolved.count("/") < 2:
        return True
    return any(Patterns.of(t).match(resolved) for t in (ROOT, SYSTEM, HOME))


def rm_exemption(
    entries: Sequence[str], command: SimpleCommand, cwd: str | None
) -> str | None:
    """
    The entry that exempts the ``rm`` *command* from the ``rm -rf`` hard
    rule when every target is covered by one of *entries*, else `None`.

    A target is covered when it is a literal word (nothing known only at
    run time, no glob) whose path, resolved purely against *cwd* (relative
    targets need one), lies strictly inside *cwd* (or directly under
    ``/tmp``), is no protected path, and matches an entry component for
    component.

    >>> rm = SimpleCommand(argv=("rm", "-rf", "node_modules"))
    >>> rm_exemption(("node_modules",), rm, "/home/a/proj")
    'node_modules'
    >>> rm_exemption(("node_modules",), rm, None) is None
    True
    """
    import fnmatch

    if (
        not entries
        or command.unknown_args
        or any(command.dynamic)
        or not local(command)
    ):
        return None
    targets = _rm_targets(command)
    if not targets:
        return None
    used: list[str] = []
    for target in targets:
        if not target or any(c in target for c in "*?[]{}~$`\\\x00"):
            return None
        if target.startswith("/"):
            base = None
        elif cwd is None or not cwd.startswith("/") or cwd == "/":
            return None
        else:
            base = cwd
        resolved = posixpath.normpath(
            target if base is None else posixpath.join(base, target)
        )
        if resolved.startswith("//"):
            resolved = "/" + resolved.lstrip("/")
        if _protected(resolved):
            return None
        rel = _inside(resolved, (base,)) if base is not None else None
        absolute = _inside(resolved, _TMP_DIRS) if base is None else None
        hit = None
        for entry in entries:
            is_abs = entry.startswith("/")
            name = entry.rsplit("/", 1)[-1] if is_abs else entry
            want = absolute if is_abs else rel
            if want is None:
                continue
            if (
                is_abs
                and resolved.rsplit("/", 1)[0] != entry.rsplit("/", 1)[0]
            ):
                continue
            have = want.split("/")
            pattern = name.split("/")
            if len(have) == len(pattern) and all(
                fnmatch.fnmatchcase(h, p)
                for h, p in zip(have, pattern, strict=True)
            ):
                hit = entry
                break
        if hit is None:
            return None
        used.append(hit)
    return ", ".join(dict.fromkeys(used))
