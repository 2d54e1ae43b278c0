"""
``blastradius doctor [--json]``: is the installed hook really guarding?

For every agent, the user (``$HOME``) and project (current directory)
settings files are searched for blastradius hook entries. Each installed
command is *run* (as an argv, never through a shell) on a known-bad payload
(``rm -rf /``, which must be denied) and a known-good one (``ls``, which
must be allowed, or for Codex answered with no output), in that agent's
format; the answers and exit statuses are checked. A missing interpreter,
a moved checkout, a broken policy or a hook that answers the wrong thing
is reported. The report also names the Python, the package version and
the policy of each hook. Exit status 0 only when at least one hook is
installed and every check passes.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from blastradius._cli._install import (
    AGENT_FILES,
    installed_commands,
    read_settings,
    settings_path,
)


__all__ = ["Check", "HookReport", "check_hook", "payload", "run"]

_RUN_TIMEOUT: Final = 20
"""Seconds a hook may take in the doctor's test before it counts as hung."""

_BAD: Final = "rm -rf /"
_GOOD: Final = "ls"

_MORE_FILES: Final = (("claude", ".claude/settings.local.json"),)
"""Other settings files an agent reads hooks from (relative to the
project)."""

_FAIL_CLOSED: Final[Mapping[str, tuple[str, object]]] = {
    "claude": ("onFailure", "block"),
    "cursor": ("failClosed", True),
}


def payload(agent: str, command: str) -> bytes:
    """
    A minimal pre-tool payload of *agent* asking to run *command*.

    >>> json.loads(payload("cursor", "ls"))["hook_event_name"]
    'beforeShellExecution'
    """
    cwd = "/tmp/blastradius-doctor"  # noqa: S108 - a name in a payload
    data: dict[str, Any]
    if agent == "copilot":
        data = {
            "timestamp": 0,
            "cwd": cwd,
            "toolName": "bash",
            "toolArgs": json.dumps({"command": command}),
        }
    elif agent == "cursor":
        data = {
            "hook_event_name": "beforeShellExecution",
            "command": command,
            "cwd": cwd,
        }
    elif agent == "gemini":
        data = {
            "hook_event_name": "BeforeTool",
            "tool_name": "run_shell_command",
            "tool_input": {"command": command},
            "cwd": cwd,
        }
    else:
        data = {
            "hook_event_name": "PreToolUse",
            "tool_name": "Bash",
            "tool_input": {"command": command},
            "cwd": cwd,
        }
        if agent == "codex":
            data["turn_id"] = "blastradius-doctor"
    return json.dumps(data).encode()


def _verdict(agent: str, stdout: bytes) -> str:
    """
    What *agent* reads from *stdout*: a decision, ``none`` or ``invalid``.
    """
    if not stdout.strip():
        return "none"
    try:
        data = json.loads(stdout)
        if agent in ("claude", "codex"):
            return str(data["hookSpecificOutput"]["permissionDecision"])
        if agent == "gemini":
            return str(data.get("decision", "none"))
        if agent == "copilot":
            return str(data.get("permissionDecision", "none"))
        return str(data["permission"])
    except (ValueError, KeyError, TypeError):
        return "invalid"


@attrs.frozen
class Check:
    """
    One check on an installed hook: what was checked, and the problem
    found (empty when it passed).
    """

    name: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


@attrs.frozen(kw_only=True)
class HookReport:
    """
    An installed hook and its checks.
    """

    agent: str
    scope: str
    file: str
    command: str
    checks: tuple[Check, ...]
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def to_dict(self) -> dict[str, object]:
        return {
            "agent": self.agent,
            "scope": self.scope,
            "file": self.file,
            "command": self.command,
            "ok": self.ok,
            "checks": [
                {"name": c.name, "ok": c.ok, "problem": c.problem}
                for c in self.checks
            ],
            "warnings": list(self.warnings),
        }


Runner = Callable[[list[str], bytes], tuple[int, bytes, bytes]]
"""Runs an argv with stdin bytes: (exit status, stdout, stderr)."""


def _subprocess_runner(
    argv: list[str], data: bytes
) -> tuple[int, bytes, bytes]:
    done = subprocess.run(
        argv,
        input=data,
        capture_output=True,
        timeout=_RUN_TIMEOUT,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def _probe(
    agent: str, argv: list[str], command: str, runner: Runner
) -> tuple[str, int, str]:
    try:
        code, out, err = runner(argv, payload(agent, command))
    except FileNotFoundError:
        return "missing", -1, f"{argv[0]}: no such program"
    except PermissionError:
        return "missing", -1, f"{argv[0]}: not executable"
    except subprocess.TimeoutExpired:
        return "timeout", -1, f"no answer within {_RUN_TIMEOUT} s"
    except OSError as e:
        return "missing", -1, f"{argv[0]}: {e}"
    return _verdict(agent, out), code, err.decode("utf-8", "replace").strip()


def check_hook(
    agent: str, command: str, handler: Mapping[str, Any], runner: Runner
) -> tuple[tuple[Check, ...], tuple[str, ...]]:
    """
    Run the installed *command* of *agent* on the bad and good payloads;
    the checks and warnings.
    """
    try:
        argv = shlex.split(command)
    except ValueError as e:
        return (Check("command", f"cannot split the command: {e}"),), ()
    if not argv:
        return (Check("command", "the command is empty"),), ()
    checks = [Check("command")]
    verdict, code, err = _probe(agent, argv, _BAD, runner)
    if verdict in ("missing", "timeout"):
        checks.append(Check("runs", err))
        return tuple(checks), ()
    checks.append(Check("runs"))
    blocked = (verdict == "deny" and code == 0) or (code == 2 and bool(err))
    checks.append(
        Check(
            f"denies {_BAD!r}",
            ""
            if blocked
            else f"answered {verdict!r} with exit status {code}"
            + (f": {err[:200]}" if err else ""),
        )
    )
    verdict, code, err = _probe(agent, argv, _GOOD, runner)
    want = "none" if agent == "codex" else "allow"
    checks.append(
        Check(
            f"allows {_GOOD!r}",
            ""
            if verdict == want and code == 0
            else f"answered {verdict!r} with exit status {code}, expected "
            f"{want!r} and 0" + (f": {err[:200]}" if err else ""),
        )
    )
    warnings: list[str] = []
    switch = _FAIL_CLOSED.get(agent)
    if switch is not None and handler.get(switch[0]) != switch[1]:
        warnings.append(
            f"no {switch[0]}: {json.dumps(switch[1])}: the agent runs the "
            "command when the hook crashes or times out"
        )
    if "--agent" not in argv:
        warnings.append("no --agent: the agent is detected from the payload")
    return tuple(checks), tuple(warnings)


def find_hooks(
    home: Path, cwd: Path, runner: Runner
) -> tuple[list[HookReport], list[str]]:
    """
    Every installed blastradius hook under *home* and *cwd*, checked; and
    the problems with settings files that cannot be read.
    """
    reports: list[HookReport] = []
    problems: list[str] = []
    seen: set[Path] = set()
    places = [
        (
            agent,
            scope,
            settings_path(
                agent, project=scope == "project", home=home, cwd=cwd
            ),
        )
        for agent in AGENT_FILES
        for scope in ("user", "project")
    ]
    places.extend(
        (agent, "project", cwd / relative) for agent, relative in _MORE_FILES
    )
    for agent, scope, path in places:
        if path in seen or not path.exists():
            continue
        seen.add(path)
        try:
            config = read_settings(path)
        except (OSError, ValueError) as e:
            problems.append(f"{path}: cannot read: {e}")
            continue
        for command, handler in installed_commands(agent, config):
            checks, warnings = check_hook(agent, command, handler, runner)
            reports.append(
                HookReport(
                    agent=agent,
                    scope=scope,
                    file=str(path),
                    command=command,
                    checks=checks,
                    warnings=warnings,
                )
            )
    return reports, problems


def _policy_of(command: str) -> str:
    try:
        argv = shlex.split(command)
    except ValueError:
        return "?"
    parts = [
        f"{flag} {argv[argv.index(flag) + 1]}"
        for flag in ("--preset", "--policy")
        if flag in argv[:-1]
    ]
    return " ".join(parts) or "built-in default"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("blastradius-policy")
    except PackageNotFoundError:
        return "not installed (running from a source tree)"


def report(
    home: Path, cwd: Path, env: Mapping[str, str], runner: Runner
) -> dict[str, Any]:
    """
    The doctor's whole report as a JSON-ready dict.
    """
    import blastradius

    reports, problems = find_hooks(home, cwd, runner)
    if not reports and not problems:
        problems.append(
            "no blastradius hook is installed for any agent (see "
            "'blastradius hook install AGENT')"
        )
    problems.extend(
        f"{r.agent} ({r.file}): {c.name}: {c.problem}"
        for r in reports
        for c in r.checks
        if not c.ok
    )
    warnings = []
    if env.get("PYTHONPATH"):
        warnings.append(
            "PYTHONPATH is set here; the hooks were tested with it, but an "
            "agent started elsewhere may not have it"
        )
    return {
        "warnings": warnings,
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "version": _version(),
        "package": str(Path(blastradius.__file__).parent),
        "policy_env": env.get("BLASTRADIUS_POLICY"),
        "hooks": [
            {**r.to_dict(), "policy": _policy_of(r.command)} for r in reports
        ],
        "problems": problems,
        "ok": not problems,
    }


def _text(data: Mapping[str, Any]) -> str:
    lines = [
        f"python:  {data['python']} ({data['executable']})",
        f"version: {data['version']}",
        f"package: {data['package']}",
    ]
    if data["policy_env"]:
        lines.append(f"BLASTRADIUS_POLICY: {data['policy_env']}")
    for hook in data["hooks"]:
        mark = "ok  " if hook["ok"] else "FAIL"
        lines.append(
            f"{mark} {hook['agent']} ({hook['scope']}): {hook['file']}"
        )
        lines.append(f"     command: {hook['command']}")
        lines.append(f"     policy:  {hook['policy']}")
        for check in hook["checks"]:
            state = "ok" if check["ok"] else f"FAIL: {check['problem']}"
            lines.append(f"     - {check['name']}: {state}")
        lines.extend(f"     ! {w}" for w in hook["warnings"])
    lines.extend(f"! {w}" for w in data["warnings"])
    if data["problems"]:
        lines.append("problems:")
        lines.extend(f"  - {p}" for p in data["problems"])
    else:
        lines.append("all hooks answer as they should")
    return "\n".join(lines) + "\n"


def run(argv: list[str], *, runner: Runner | None = None) -> int:
    """
    ``blastradius doctor [--json]``: 0 when every installed hook passes,
    1 on any problem, 2 for usage errors.
    """
    import os

    if argv in (["-h"], ["--help"]):
        sys.stdout.write(
            "usage: blastradius doctor [--json]\n\n" + __doc__.strip() + "\n"
        )
        return 0
    if argv not in ([], ["--json"]):
        sys.stderr.write("usage: blastradius doctor [--json]\n")
        return 2
    data = report(
        Path(os.path.expanduser("~")),  # noqa: PTH111 - honours HOME
        Path.cwd(),
        os.environ,
        runner or _subprocess_runner,
    )
    if argv == ["--json"]:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        from blastradius._cli._hook import _clean

        lines = _text(data).splitlines()
        sys.stdout.write("".join(_clean(line) + "\n" for line in lines))
    return 0 if data["ok"] else 1
