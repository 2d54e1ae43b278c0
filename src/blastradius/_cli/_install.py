"""
``blastradius hook install`` / ``hook uninstall``: the hook's entry in each
agent's settings file.

Dry run by default: the snippet and the file it belongs in are printed.
With ``--write`` the snippet is merged into the file, keeping every other
key and hook (a backup is written first, then the new file replaces the
old one atomically); an earlier blastradius entry is replaced, never
duplicated. For Codex the hook goes into ``hooks.json``; ``config.toml`` is
never rewritten. Where the agent has a fail-closed switch, the entry sets
it (Claude Code ``onFailure: "block"``, Cursor ``failClosed: true``).

The installed command runs this interpreter by absolute path
(``/path/to/python -m blastradius hook --agent X``), so it keeps working
when ``PATH`` differs inside the agent.

The merge itself (`merge`, `remove`, `installed_commands`) is pure: dicts
in, dicts out.
"""

from __future__ import annotations

import copy
import json
import shlex

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import attrs


__all__ = [
    "AGENT_FILES",
    "TIMEOUT",
    "Target",
    "entry",
    "hook_command",
    "importable",
    "installed_commands",
    "merge",
    "remove",
    "run",
    "settings_path",
]

TIMEOUT: Final = 30
"""Seconds the agent gives the hook (well above its usual 0.1 s)."""

_MARK: Final = "blastradius hook"
"""Text in an installed command that marks it as ours."""


@attrs.frozen
class Target:
    """
    Where an agent keeps its hooks: the settings file relative to the home
    directory (*user*) and to the project (*project*), the hook event, and
    whether entries are grouped under a tool matcher.
    """

    user: str
    project: str
    event: str
    matcher: str | None


AGENT_FILES: Final[Mapping[str, Target]] = {
    "claude": Target(
        ".claude/settings.json", ".claude/settings.json", "PreToolUse", "Bash"
    ),
    "codex": Target(
        ".codex/hooks.json", ".codex/hooks.json", "PreToolUse", "^Bash$"
    ),
    "gemini": Target(
        ".gemini/settings.json",
        ".gemini/settings.json",
        "BeforeTool",
        "run_shell_command",
    ),
    "copilot": Target(
        ".copilot/hooks/blastradius.json",
        ".github/hooks/blastradius.json",
        "preToolUse",
        None,
    ),
    "cursor": Target(
        ".cursor/hooks.json",
        ".cursor/hooks.json",
        "beforeShellExecution",
        None,
    ),
}
"""Each agent's hook settings (from its documentation)."""


def hook_command(
    agent: str,
    python: str,
    *,
    preset: str | None = None,
    policy: str | None = None,
) -> str:
    """
    The command line the agent runs: *python* by absolute path, so that a
    different ``PATH`` inside the agent does not matter.

    >>> hook_command("codex", "/usr/bin/python3")
    '/usr/bin/python3 -m blastradius hook --agent codex'
    """
    argv = [python, "-m", "blastradius", "hook", "--agent", agent]
    if preset is not None:
        argv += ["--preset", preset]
    if policy is not None:
        argv += ["--policy", policy]
    return shlex.join(argv)


def entry(agent: str, command: str) -> dict[str, Any]:
    """
    The hook handler entry for *agent* running *command*, with the agent's
    fail-closed switch where it has one.

    >>> entry("cursor", "x")
    {'command': 'x', 'timeout': 30, 'failClosed': True}
    """
    if agent == "claude":
        return {
            "type": "command",
            "command": command,
            "timeout": TIMEOUT,
            "onFailure": "block",
        }
    if agent == "codex":
        return {"type": "command", "command": command, "timeout": TIMEOUT}
    if agent == "gemini":
        return {
            "name": "blastradius",
            "type": "command",
            "command": command,
            "timeout": TIMEOUT * 1000,
        }
    if agent == "copilot":
        return {"type": "command", "bash": command, "timeoutSec": TIMEOUT}
    return {"command": command, "timeout": TIMEOUT, "failClosed": True}


def _handlers(agent: str, config: Mapping[str, Any]) -> Iterator[Any]:
    """
    Every hook handler of *agent*'s event in *config* (flattening matcher
    groups).
    """
    hooks = config.get("hooks")
    if not isinstance(hooks, dict):
        return
    rows = hooks.get(AGENT_FILES[agent].event)
    if not isinstance(rows, list):
        return
    for row in rows:
        if AGENT_FILES[agent].matcher is None:
            yield row
        elif isinstance(row, dict) and isinstance(row.get("hooks"), list):
            yield from row["hooks"]


def _command_of(handler: object) -> str | None:
    if not isinstance(handler, dict):
        return None
    for key in ("command", "bash"):
        value = handler.get(key)
        if isinstance(value, str):
            return value
    return None


def _ours(handler: object) -> bool:
    command = _command_of(handler)
    return command is not None and _MARK in command


def installed_commands(
    agent: str, config: Mapping[str, Any]
) -> list[tuple[str, dict[str, Any]]]:
    """
    The blastradius hook commands (and their handler entries) installed
    for *agent* in *config*.

    >>> cfg = merge("cursor", {}, "py -m blastradius hook --agent cursor")
    >>> [c for c, _ in installed_commands("cursor", cfg)]
    ['py -m blastradius hook --agent cursor']
    """
    out: list[tuple[str, dict[str, Any]]] = []
    for handler in _handlers(agent, config):
        command = _command_of(handler)
        if command is not None and _MARK in command:
            out.append((command, handler))
    return out


def remove(agent: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """
    A copy of *config* without blastradius's hook entries for *agent*;
    matcher groups and event lists left empty are dropped, every other key
    is kept.

    >>> config = {"version": 1, "a": 1}
    >>> remove("cursor", merge("cursor", config, "blastradius hook"))
    {'version': 1, 'a': 1}
    """
    out = copy.deepcopy(dict(config))
    target = AGENT_FILES[agent]
    hooks = out.get("hooks")
    if not isinstance(hooks, dict):
        return out
    rows = hooks.get(target.event)
    if not isinstance(rows, list):
        return out
    kept: list[Any] = []
    for row in rows:
        if target.matcher is None:
            if not _ours(row):
                kept.append(row)
            continue
        if isinstance(row, dict) and isinstance(row.get("hooks"), list):
            inner = [h for h in row["hooks"] if not _ours(h)]
            if not inner and row["hooks"]:
                continue
            row["hooks"] = inner
        kept.append(row)
    if kept:
        hooks[target.event] = kept
    else:
        del hooks[target.event]
    if not hooks and set(out) <= {"hooks", "version"}:
        return {}
    if not hooks:
        del out["hooks"]
    return out


def merge(
    agent: str, config: Mapping[str, Any], command: str
) -> dict[str, Any]:
    """
    A copy of *config* with blastradius's hook for *agent* (running
    *command*) in place of any earlier one; every other key and hook is
    kept.

    Raises:
        ValueError: *config* has a ``hooks`` key (or the event's list) of
            the wrong type, which the merge would have to overwrite.

    >>> merge("claude", {"model": "x"}, "c")["hooks"]["PreToolUse"][0][
    ...     "matcher"]
    'Bash'
    """
    target = AGENT_FILES[agent]
    out = remove(agent, config)
    if agent in ("copilot", "cursor"):
        out.setdefault("version", 1)
    hooks = out.setdefault("hooks", {})
    if not isinstance(hooks, dict):
        msg = "'hooks' is not an object"
        raise ValueError(msg)  # noqa: TRY004 - a bad document, not a type
    rows = hooks.setdefault(target.event, [])
    if not isinstance(rows, list):
        msg = f"'hooks.{target.event}' is not an array"
        raise ValueError(msg)  # noqa: TRY004
    handler = entry(agent, command)
    if target.matcher is None:
        rows.append(handler)
    else:
        rows.append({"matcher": target.matcher, "hooks": [handler]})
    return out


def settings_path(agent: str, *, project: bool, home: Path, cwd: Path) -> Path:
    """
    The settings file of *agent* for the user (under *home*) or the
    project (under *cwd*).

    >>> settings_path("codex", project=False, home=Path("/h"), cwd=Path("/p"))
    PosixPath('/h/.codex/hooks.json')
    """
    target = AGENT_FILES[agent]
    return cwd / target.project if project else home / target.user


# -- I/O -----------------------------------------------------------------

_USAGE = """\
usage: blastradius hook install AGENT [--user|--project] [--write]
                                      [--preset NAME] [--policy FILE]
       blastradius hook uninstall AGENT [--user|--project] [--write]

AGENT is one of: claude, codex, gemini, copilot, cursor.
Without --write, print what would be written and change nothing.
"""

_NOTES: Final[Mapping[str, str]] = {
    "codex": (
        "Codex asks you to trust new or edited hooks: review it in /hooks."
    ),
    "gemini": (
        "Older Gemini CLI releases also need hooks enabled "
        '("tools": {"enableHooks": true}) in settings.json.'
    ),
}


class _UsageError(Exception):
    pass


def _parse(argv: list[str]) -> dict[str, Any]:
    if not argv or argv[0] not in ("install", "uninstall"):
        msg = "expected 'install' or 'uninstall'"
        raise _UsageError(msg)
    opts: dict[str, Any] = {
        "action": argv[0],
        "agent": None,
        "project": False,
        "write": False,
        "preset": None,
        "policy": None,
    }
    words = iter(argv[1:])
    for word in words:
        if word in ("-h", "--help"):
            opts["help"] = True
        elif word == "--user":
            opts["project"] = False
        elif word == "--project":
            opts["project"] = True
        elif word == "--write":
            opts["write"] = True
        elif word in ("--preset", "--policy"):
            value = next(words, None)
            if value is None:
                msg = f"{word} needs a value"
                raise _UsageError(msg)
            opts[word[2:]] = value
        elif word.startswith("-") or opts["agent"] is not None:
            msg = f"unexpected {word!r}"
            raise _UsageError(msg)
        else:
            opts["agent"] = word
    if opts.get("help"):
        return opts
    if opts["agent"] not in AGENT_FILES:
        msg = f"AGENT must be one of: {', '.join(AGENT_FILES)}"
        raise _UsageError(msg)
    return opts


def read_settings(path: Path) -> dict[str, Any]:
    """
    The JSON object in *path*, or ``{}`` when the file does not exist.

    Raises:
        ValueError: The file is not a JSON object.
        OSError: It cannot be read.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    if not text.strip():
        return {}
    data = json.loads(text)
    if not isinstance(data, dict):
        msg = "not a JSON object"
        raise ValueError(msg)  # noqa: TRY004 - a bad document
    return data


def _backup(path: Path, now: str) -> Path:
    """
    Copy *path* to a new backup file next to it (never overwriting one).
    """
    backup = path.with_name(f"{path.name}.blastradius-{now}.bak")
    n = 1
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.name}.blastradius-{now}-{n}.bak")
    backup.write_bytes(path.read_bytes())
    return backup


def _write(path: Path, data: Mapping[str, Any], now: str) -> Path | None:
    """
    Write *data* to *path* as JSON, after backing up the old file; return
    the backup's path.
    """
    backup = None
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        backup = _backup(path, now)
    tmp = path.with_name(f".{path.name}.blastradius-tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return backup


def importable(python: str, env: Mapping[str, str]) -> bool:
    """
    Whether *python* imports blastradius without ``PYTHONPATH`` (as an
    agent, started elsewhere, would run it).
    """
    import subprocess

    clean = {k: v for k, v in env.items() if k != "PYTHONPATH"}
    try:
        done = subprocess.run(
            [python, "-c", "import blastradius"],
            env=clean,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def run(
    argv: list[str],
    *,
    print_: Callable[[str], None] | None = None,
) -> int:
    """
    ``blastradius hook install|uninstall AGENT [--user|--project]
    [--write]``; 0 on success, 1 when the settings file cannot be used, 2
    for usage errors.
    """
    import datetime as dt
    import os
    import sys

    out = print_ or (lambda text: sys.stdout.write(text + "\n"))
    err = sys.stderr.write
    try:
        opts = _parse(argv)
    except _UsageError as e:
        err(f"blastradius: {e}\n{_USAGE}")
        return 2
    if opts.get("help"):
        out(_USAGE.rstrip("\n"))
        return 0
    agent: str = opts["agent"]
    path = settings_path(
        agent,
        project=opts["project"],
        home=Path(os.path.expanduser("~")),  # noqa: PTH111 - honours HOME
        cwd=Path.cwd(),
    )
    policy = opts["policy"]
    if policy is not None:
        policy = str(Path(policy).resolve())
    command = hook_command(
        agent, sys.executable, preset=opts["preset"], policy=policy
    )
    try:
        current = read_settings(path)
        if opts["action"] == "install":
            new = merge(agent, current, command)
        else:
            new = remove(agent, current)
    except (OSError, ValueError) as e:
        err(f"blastradius: {path}: cannot use this settings file: {e}\n")
        return 1
    if opts["action"] == "install":
        snippet = merge(agent, {}, command)
        out(f"# {agent}: {path}")
        out(json.dumps(snippet, indent=2))
        note = _NOTES.get(agent)
        if note is not None:
            out(f"# {note}")
        if not importable(sys.executable, os.environ):
            out(
                f"# warning: {sys.executable} cannot import blastradius "
                "without PYTHONPATH, so the agent's hook would fail (and "
                "deny everything, or run everything where the agent has no "
                "fail-closed switch): install the package into this "
                "interpreter first (python -m pip install .)"
            )
    elif new == current:
        out(f"# {agent}: no blastradius hook in {path}")
        return 0
    else:
        out(f"# {agent}: remove the blastradius hook from {path}")
    if not opts["write"]:
        out("# dry run: add --write to change the file")
        return 0
    if new == current:
        out(f"# {path} already up to date")
        return 0
    if not new and agent == "copilot":
        # blastradius.json is the hook's own file: remove it.
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        backup = _backup(path, stamp)
        path.unlink()
        out(f"# removed {path} (backup: {backup})")
        return 0
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    try:
        saved = _write(path, new, stamp)
    except OSError as e:
        err(f"blastradius: {path}: cannot write: {e}\n")
        return 1
    out(f"# wrote {path}" + (f" (backup: {saved})" if saved else ""))
    return 0
