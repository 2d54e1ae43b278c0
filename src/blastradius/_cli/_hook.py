"""
``blastradius hook``: the pre-tool hook of coding agents.

Theory of operation. An agent (Claude Code, Codex CLI, Gemini CLI, Copilot
CLI, Cursor) runs the hook before each shell command, with a JSON payload
on stdin, and reads the answer from stdout, stderr and the exit status.
Almost every agent *runs the command* when a hook crashes, prints what it
cannot parse or exits with an unexpected status, so this module never lets
an error escape: whatever the input, the answer is well-formed in the
agent's own format, and on any error it denies.

The module is split in two:

- the pure part: `detect_agent` (payload → agent), `extract` (payload →
  the command and its working directory, or a pass-through for a tool that
  is not the shell), `decide` (tier → allow / ask / deny by the policy's
  ``[hook]`` table, with a reason),
  `render` (decision → stdout bytes, stderr bytes, exit status) and
  `respond`, which chains them over the raw stdin bytes and never raises;
- the I/O part: `run`, which parses the options, reads stdin (at most
  `MAX_INPUT` bytes), loads the policy, writes the answer and the optional
  JSONL audit line.

Per agent (facts from the agents' documentation; see ``docs/agents.md``):

============  ===================  ========================  ===============
agent         shell tool           command at                ask
============  ===================  ========================  ===============
claude        ``Bash``             ``tool_input.command``    yes
codex         ``Bash``             ``tool_input.command``    no: deny
gemini        ``run_shell_command`` ``tool_input.command``   yes
copilot       ``bash``             ``toolArgs.command``      yes
cursor        beforeShellExecution top-level ``command``     no: deny
============  ===================  ========================  ===============
"""

from __future__ import annotations

import contextlib
import json
import re

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Final

import attrs


if TYPE_CHECKING:
    import datetime as dt

    from blastradius._model import Assessment
    from blastradius._policy import Policy
    from blastradius._policy_hook import HookDecisions


__all__ = [
    "AGENTS",
    "MAX_INPUT",
    "Answer",
    "Decision",
    "HookError",
    "PassThrough",
    "Request",
    "decide",
    "detect_agent",
    "error_answer",
    "extract",
    "parse_options",
    "render",
    "respond",
    "run",
]

AGENTS: Final = ("claude", "codex", "gemini", "copilot", "cursor")
"""The agents whose hook protocol `blastradius hook` speaks."""

MAX_INPUT: Final = 1 << 20
"""The largest payload read (1 MiB); a larger one is denied."""

DEADLINE: Final = 10.0
"""Seconds the hook may take before it denies (well inside the 30 s the
installer gives each agent, and Copilot CLI's default, on which a timeout
would let the command run)."""

_MAX_REASON: Final = 1000
"""The longest reason sent back to an agent (characters)."""

_ASKS: Final = frozenset({"claude", "gemini", "copilot"})
"""The agents that can ask the user; the others get a deny instead."""

_SHELL_TOOLS: Final[Mapping[str, frozenset[str]]] = {
    "claude": frozenset({"Bash"}),
    "codex": frozenset({"Bash", "shell", "local_shell", "exec_command"}),
    "gemini": frozenset({"run_shell_command"}),
    "copilot": frozenset({"bash", "powershell", "shell"}),
    "cursor": frozenset({"Shell"}),
}
"""Tool names that run a shell command, per agent."""


class HookError(Exception):
    """
    The payload cannot be read as the agent's hook input; the message is
    the reason sent back with the deny.
    """


@attrs.frozen
class Request:
    """
    A shell command to judge: its text and working directory.
    """

    command: str
    cwd: str | None = None


@attrs.frozen
class PassThrough:
    """
    A tool call that is not the shell: the hook has no opinion.
    """

    tool: str


@attrs.frozen
class Decision:
    """
    What the hook answers: ``allow``, ``ask`` or ``deny``, and why.

    *error* marks a deny caused by a failure (bad input, internal error),
    answered in the agent's strongest blocking form.
    """

    verdict: str = attrs.field(
        validator=attrs.validators.in_(("allow", "ask", "deny", "pass"))
    )
    reason: str = ""
    error: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.error and self.verdict != "deny":
            msg = "an error is always a deny"
            raise ValueError(msg)


@attrs.frozen
class Answer:
    """
    The bytes the hook writes and the status it exits with.
    """

    stdout: bytes
    stderr: bytes
    exit_code: int
    agent: str
    decision: Decision
    assessment: Assessment | None = attrs.field(
        default=None, kw_only=True, eq=False
    )
    request: Request | None = attrs.field(default=None, kw_only=True)


# -- detection and extraction (pure) --------------------------------------


def detect_agent(payload: object) -> str | None:
    """
    The agent that sent *payload*, or `None` when its shape is unknown.

    ``PreToolUse`` with a ``turn_id`` is Codex, without one Claude Code;
    ``BeforeTool`` is Gemini CLI; ``toolArgs`` or ``toolName`` is Copilot
    CLI; ``beforeShellExecution`` (or a top-level ``command`` with a
    ``cursor_version``) is Cursor.

    >>> detect_agent({"hook_event_name": "BeforeTool"})
    'gemini'
    """
    if not isinstance(payload, dict):
        return None
    event = payload.get("hook_event_name")
    if "toolArgs" in payload or "toolName" in payload:
        return "copilot"
    if event == "PreToolUse":
        return "codex" if "turn_id" in payload else "claude"
    if event == "BeforeTool":
        return "gemini"
    if event in ("beforeShellExecution", "preToolUse") or (
        "command" in payload and "cursor_version" in payload
    ):
        return "cursor"
    return None


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        msg = f"{what} is missing or not a string"
        raise HookError(msg)
    return value


def _cwd(value: object) -> str | None:
    return value if isinstance(value, str) and value.startswith("/") else None


def _tool_args(value: object) -> Mapping[str, object]:
    """
    Copilot's ``toolArgs``: an object, or a JSON string holding one.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            msg = "toolArgs is a string but not JSON"
            raise HookError(msg) from None
    if not isinstance(value, dict):
        msg = "toolArgs is missing or not an object"
        raise HookError(msg)
    return value


def extract(agent: str, payload: object) -> Request | PassThrough:
    """
    The command *payload* asks *agent* to run, or `PassThrough` for
    another tool.

    Raises:
        HookError: A field the agent always sends is missing or of the
            wrong type.

    >>> extract("claude", {"tool_name": "Bash",
    ...                    "tool_input": {"command": "ls"}, "cwd": "/w"})
    Request(command='ls', cwd='/w')
    """
    if not isinstance(payload, dict):
        msg = "the payload is not a JSON object"
        raise HookError(msg)
    if agent == "cursor":
        event = payload.get("hook_event_name", "beforeShellExecution")
        if event == "beforeShellExecution":
            command = _text(payload.get("command"), "command")
            return Request(command, _cwd(payload.get("cwd")))
        tool = payload.get("tool_name")
        if event != "preToolUse" or tool not in _SHELL_TOOLS["cursor"]:
            return PassThrough(str(tool if tool is not None else event))
        args: object = payload.get("tool_input")
        if not isinstance(args, dict):
            msg = "tool_input is missing or not an object"
            raise HookError(msg)
        command = _text(args.get("command"), "tool_input.command")
        return Request(command, _cwd(args.get("cwd") or payload.get("cwd")))
    if agent == "copilot":
        tool = _text(payload.get("toolName"), "toolName")
        if tool not in _SHELL_TOOLS["copilot"]:
            return PassThrough(tool)
        copilot_args = _tool_args(payload.get("toolArgs"))
        command = _text(copilot_args.get("command"), "toolArgs.command")
        return Request(command, _cwd(payload.get("cwd")))
    if agent not in _SHELL_TOOLS:
        msg = f"unknown agent {agent!r}"
        raise HookError(msg)
    tool = _text(payload.get("tool_name"), "tool_name")
    if tool not in _SHELL_TOOLS[agent]:
        return PassThrough(tool)
    tool_input = payload.get("tool_input")
    if not isinstance(tool_input, dict):
        msg = "tool_input is missing or not an object"
        raise HookError(msg)
    command = _text(tool_input.get("command"), "tool_input.command")
    cwd = _cwd(tool_input.get("dir_path")) if agent == "gemini" else None
    return Request(command, cwd or _cwd(payload.get("cwd")))


# -- decision (pure) ---------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]")


def _clean(text: str) -> str:
    """
    *text* with control and bidi characters escaped, at most
    `_MAX_REASON` characters.
    """
    out = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if len(out) > _MAX_REASON:
        out = out[: _MAX_REASON - 1] + "…"
    return out


def decide(
    assessment: Assessment,
    agent: str,
    decisions: HookDecisions | None = None,
) -> Decision:
    """
    The hook's answer to *assessment* for *agent*, by the policy's
    *decisions* (its ``[hook]`` table; by default ``AUTO`` allows,
    ``HUMAN`` asks one person, ``DUAL`` asks saying two people are needed,
    ``BLOCKED`` denies); an agent that cannot ask denies instead.

    >>> import blastradius
    >>> decide(blastradius.score("ls"), "claude").verdict
    'allow'
    >>> decide(blastradius.score("pip install x"), "codex").verdict
    'deny'
    >>> decide(blastradius.score("pip install x"), "claude",
    ...        blastradius.HookDecisions(human="deny")).verdict
    'deny'
    """
    tier = assessment.tier.value
    why = "; ".join(assessment.reasons) or "no reason given"
    head = f"blastradius: {tier.upper()} (score {assessment.score})"
    if tier == "blocked":  # HookDecisions.blocked is always "deny"
        return Decision("deny", _clean(f"{head}: never runs: {why}"))
    verdict = (
        _DEFAULT_VERDICTS[tier]
        if decisions is None
        else decisions.decision(assessment.tier)
    )
    if verdict != _DEFAULT_VERDICTS[tier]:
        head = f"{head}: the policy says {verdict} (hook.{tier})"
    if verdict == "allow":
        return Decision("allow", _clean(f"{head}: {why}"))
    if verdict == "deny":
        return Decision("deny", _clean(f"{head}: {why}"))
    need = (
        "needs approval by two people"
        if tier == "dual"
        else "needs one person's approval"
    )
    if agent in _ASKS:
        return Decision("ask", _clean(f"{head}: {need}: {why}"))
    return Decision(
        "deny",
        _clean(f"{head}: {need}, and this agent's hook cannot ask: {why}"),
    )


_DEFAULT_VERDICTS: Final[Mapping[str, str]] = {
    "auto": "allow",
    "human": "ask",
    "dual": "ask",
    "blocked": "deny",
}
"""The decision of each tier without a policy (`HookDecisions` defaults)."""


# -- rendering (pure) --------------------------------------------------------


def _dumps(obj: object) -> bytes:
    return (json.dumps(obj, ensure_ascii=True) + "\n").encode("ascii")


def _render_claude(d: Decision) -> bytes:
    if d.verdict == "pass":
        return b""
    return _dumps(
        {
            "hookSpecificOutput": {
                "hookEventName": "PreToolUse",
                "permissionDecision": d.verdict,
                "permissionDecisionReason": d.reason,
            }
        }
    )


def _render_codex(d: Decision) -> bytes:
    # Codex fails a hook (and runs the command) on "ask", on "allow"
    # without updatedInput and on unknown fields: only a minimal deny.
    if d.verdict != "deny":
        return b""
    return _render_claude(d)


def _render_gemini(d: Decision) -> bytes:
    if d.verdict == "pass":
        return b"{}\n"
    return _dumps({"decision": d.verdict, "reason": d.reason})


def _render_copilot(d: Decision) -> bytes:
    if d.verdict == "pass":
        return b"{}\n"
    return _dumps(
        {
            "permissionDecision": d.verdict,
            "permissionDecisionReason": d.reason,
        }
    )


def _render_cursor(d: Decision) -> bytes:
    # With failClosed an empty stdout blocks: always print an answer.
    if d.verdict in ("allow", "pass"):
        return _dumps({"permission": "allow"})
    return _dumps(
        {
            "permission": "deny",
            "user_message": d.reason,
            "agent_message": d.reason,
        }
    )


_RENDERERS: Final[Mapping[str, Callable[[Decision], bytes]]] = {
    "claude": _render_claude,
    "codex": _render_codex,
    "gemini": _render_gemini,
    "copilot": _render_copilot,
    "cursor": _render_cursor,
}


def render(agent: str | None, decision: Decision) -> tuple[bytes, bytes, int]:
    """
    The stdout, stderr and exit status that tell *agent* *decision*.

    A normal decision is JSON on stdout with status 0; a deny caused by an
    error also exits 2 with the reason on stderr, which every agent treats
    as a block (Codex needs stderr non-empty). An unknown agent gets that
    exit-2 form only.

    >>> render("cursor", Decision("allow"))[0]
    b'{"permission": "allow"}\\n'
    """
    renderer = _RENDERERS.get(agent or "")
    stderr = (decision.reason or "blastradius: denied").encode(
        "utf-8", "backslashreplace"
    ) + b"\n"
    if renderer is None:
        return b"", stderr, 2
    if decision.error:
        out = b"" if agent == "codex" else renderer(decision)
        return out, stderr, 2
    return renderer(decision), b"", 0


_PANIC: Final = (
    b"",
    b"blastradius: internal error, denying\n",
    2,
)
"""The answer of last resort: exit 2 blocks on every agent."""


def error_answer(agent: str | None, reason: str) -> Answer:
    """
    A deny for an error, in *agent*'s format (exit 2 and the reason on
    stderr).

    >>> error_answer("claude", "bad input").exit_code
    2
    """
    decision = Decision("deny", _clean(f"blastradius: {reason}"), error=True)
    try:
        out, err, code = render(agent, decision)
    except Exception:  # noqa: BLE001 - fail closed whatever happens
        out, err, code = _PANIC
    return Answer(out, err, code, agent or "unknown", decision)


# -- the entry function (pure, total) ------------------------------------


def _parse(raw: bytes) -> object:
    if len(raw) > MAX_INPUT:
        msg = f"the payload is larger than {MAX_INPUT} bytes"
        raise HookError(msg)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        msg = "the payload is not UTF-8 text"
        raise HookError(msg) from None
    try:
        return json.loads(text)
    except RecursionError:
        msg = "the payload nests too deep"
        raise HookError(msg) from None
    except json.JSONDecodeError as e:
        msg = f"the payload is not JSON ({e.msg} at {e.pos})"
        raise HookError(msg) from None


def respond(
    raw: bytes,
    *,
    agent: str = "auto",
    policy: Policy | None = None,
    now: dt.datetime | None = None,
    refuse: str | None = None,
) -> Answer:
    """
    The hook's whole answer to the stdin bytes *raw*: never raises, and on
    any error denies.

    Args:
        raw: The payload as read from stdin.
        agent: One of `AGENTS`, or ``"auto"`` to detect it from the
            payload.
        policy: The policy to score under; the default when `None`.
        now: The current time, for policy exceptions that expire.
        refuse: Deny every call with this reason (after detecting the
            agent), e.g. when the policy did not load.

    >>> a = respond(b'{"hook_event_name": "PreToolUse", "tool_name": "Bash",'
    ...             b' "tool_input": {"command": "pip install x"}}')
    >>> a.decision.verdict, a.exit_code
    ('ask', 0)
    """
    found: list[str] = []
    try:
        return _judge(raw, agent, policy, now, refuse, found)
    except HookError as e:
        return error_answer(found[0] if found else None, str(e))
    except Exception as e:  # noqa: BLE001 - never fail open
        reason = f"internal error: {type(e).__name__}"
        return error_answer(found[0] if found else None, reason)


def _judge(  # noqa: PLR0913, PLR0917 - respond()'s arguments, an out-list
    raw: bytes,
    agent: str,
    policy: Policy | None,
    now: dt.datetime | None,
    refuse: str | None,
    found: list[str],
) -> Answer:
    """
    `respond` without its safety net; appends the agent to *found* as soon
    as it is known, so that an error is answered in its format.
    """
    if agent in AGENTS:
        found.append(agent)
    payload = _parse(raw)
    if not found:
        if agent != "auto":
            msg = f"unknown agent {agent!r}"
            raise HookError(msg)
        detected = detect_agent(payload)
        if detected is None:
            msg = "cannot tell which agent sent this payload"
            raise HookError(msg)
        found.append(detected)
    known = found[0]
    request = extract(known, payload)
    if isinstance(request, PassThrough):
        decision = Decision("pass", f"not a shell tool: {request.tool}")
        out, err, code = render(known, decision)
        return Answer(out, err, code, known, decision)
    if refuse is not None:
        raise HookError(refuse)
    from blastradius._score import score

    assessment = score(
        request.command, policy=policy, now=now, cwd=request.cwd
    )
    decision = decide(
        assessment, known, None if policy is None else policy.hook
    )
    out, err, code = render(known, decision)
    return Answer(
        out,
        err,
        code,
        known,
        decision,
        assessment=assessment,
        request=request,
    )


# -- I/O -----------------------------------------------------------------

_USAGE = """\
usage: blastradius hook [--agent auto|claude|codex|gemini|copilot|cursor]
                        [--policy FILE] [--preset NAME] [--audit FILE]
                        [--deadline SECONDS]

Answer one pre-tool hook call of a coding agent: read its JSON payload on
stdin (at most 1 MiB), score the shell command and print the agent's
allow / ask / deny answer. Any error denies.

options:
  --agent NAME   the agent's protocol (default auto: detect from the payload)
  --policy FILE  score under the TOML policy in FILE (env BLASTRADIUS_POLICY)
  --preset NAME  start from a shipped policy preset, e.g. coding-agent
  --audit FILE   append one JSON line per call to FILE, secrets redacted
                 (env BLASTRADIUS_AUDIT; off by default)
  --deadline S   deny when no answer is ready after S seconds (at most and
                 by default 10)

  blastradius hook install AGENT [--user|--project] [--write]
  blastradius hook uninstall AGENT [--user|--project] [--write]
"""


@attrs.frozen(kw_only=True)
class _Options:
    agent: str = "auto"
    policy: str | None = None
    preset: str | None = None
    audit: str | None = None
    deadline: float = DEADLINE


def parse_options(argv: list[str], env: Mapping[str, str]) -> _Options:
    """
    The hook's options from *argv* and the environment *env*.

    Raises:
        HookError: An unknown option or a missing value.

    >>> parse_options(["--agent", "codex"], {}).agent
    'codex'
    """
    values: dict[str, str] = {}
    names = {"--agent", "--policy", "--preset", "--audit", "--deadline"}
    i = 0
    while i < len(argv):
        word = argv[i]
        name, eq, value = word.partition("=")
        if name not in names:
            msg = f"unknown option {word!r}"
            raise HookError(msg)
        if not eq:
            if i + 1 >= len(argv):
                msg = f"{name} needs a value"
                raise HookError(msg)
            i += 1
            value = argv[i]
        values[name[2:]] = value
        i += 1
    agent = values.get("agent", "auto")
    if agent != "auto" and agent not in AGENTS:
        msg = f"--agent: unknown agent {agent!r}"
        raise HookError(msg)
    deadline = DEADLINE
    if "deadline" in values:
        try:
            deadline = float(values["deadline"])
        except ValueError:
            deadline = -1.0
        if not 0 < deadline <= DEADLINE:
            msg = f"--deadline: expected seconds in (0, {DEADLINE:g}]"
            raise HookError(msg)
    return _Options(
        deadline=deadline,
        agent=agent,
        policy=values.get("policy") or env.get("BLASTRADIUS_POLICY") or None,
        preset=values.get("preset") or None,
        audit=values.get("audit") or env.get("BLASTRADIUS_AUDIT") or None,
    )


def _load(options: _Options) -> Policy | None:
    from blastradius._policy_io import load_policy, load_preset

    policy = None if options.preset is None else load_preset(options.preset)
    if options.policy is not None:
        mine = load_policy(options.policy)
        policy = mine if policy is None else policy.merge(mine, override=True)
    return policy


class _DeadlineError(BaseException):
    """
    Raised by the alarm when the deadline passes: a `BaseException`, so
    that no ``except Exception`` on the way (`blastradius.score` catches
    every `Exception` to fail closed, then retries) can swallow it.
    """


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """
    Raise `_DeadlineError` in the main thread once *seconds* have passed
    (and every 50 ms after, should anything swallow it), where the
    platform has ``SIGALRM``.
    """
    import signal
    import threading

    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        del signum, frame
        msg = f"no answer within {seconds:g} s, denying"
        raise _DeadlineError(msg)

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _agent_of(raw: bytes, agent: str) -> str | None:
    """
    *agent*, or the agent detected from *raw* (`None` when unknown).
    """
    if agent in AGENTS:
        return agent
    try:
        return detect_agent(_parse(raw))
    except HookError:
        return None


def _main(argv: list[str]) -> int:
    import datetime as dt
    import os
    import sys

    if argv[:1] in (["-h"], ["--help"]):
        sys.stdout.write(_USAGE)
        return 0
    if sys.stdin is None or sys.stdin.isatty():
        # run by hand: an agent always pipes a payload (exit 2 still blocks)
        sys.stderr.write("blastradius hook: expects a payload on stdin\n")
        sys.stderr.write(_USAGE)
        return 2
    agent = "auto"
    options: _Options | None = None
    refuse: str | None = None
    try:
        options = parse_options(argv, os.environ)
        agent = options.agent
    except HookError as e:
        refuse = f"usage: {e}"
    raw = sys.stdin.buffer.read(MAX_INPUT + 1)
    policy = None
    now = dt.datetime.now(dt.timezone.utc)
    try:
        with _deadline(DEADLINE if options is None else options.deadline):
            if options is not None:
                try:
                    policy = _load(options)
                except Exception as e:  # noqa: BLE001 - a bad policy denies
                    refuse = f"the policy did not load: {e}"
            answer = respond(
                raw, agent=agent, policy=policy, now=now, refuse=refuse
            )
    except _DeadlineError as e:
        answer = error_answer(_agent_of(raw, agent), str(e))
    if options is not None and options.audit is not None:
        try:
            from blastradius._cli._audit import audit_line

            line = audit_line(answer, when=now.isoformat())
            with open(options.audit, "a", encoding="utf-8") as f:  # noqa: PTH123
                f.write(line)
        except Exception as e:  # noqa: BLE001 - no audit trail: deny
            answer = error_answer(
                answer.agent if answer.agent in AGENTS else None,
                f"cannot write the audit log: {type(e).__name__}",
            )
    sys.stdout.buffer.write(answer.stdout)
    sys.stdout.buffer.flush()
    sys.stderr.buffer.write(answer.stderr)
    sys.stderr.buffer.flush()
    return answer.exit_code


def run(argv: list[str]) -> int:
    """
    ``blastradius hook [--agent A] [--policy FILE] [--preset NAME]
    [--audit FILE]``: answer one hook call on stdin. Never raises.
    ``blastradius hook install|uninstall …`` goes to `_install.run`.
    """
    import sys

    if argv[:1] in (["install"], ["uninstall"]):
        from blastradius._cli import _install

        return _install.run(argv)
    try:
        return _main(argv)
    except BaseException:  # noqa: BLE001 - never fail open, not even here
        try:
            agent = next((w for w in argv if w in AGENTS), None)
            answer = error_answer(agent, "internal error")
            out, err, code = answer.stdout, answer.stderr, answer.exit_code
        except BaseException:  # noqa: BLE001
            out, err, code = _PANIC
        try:
            sys.stdout.buffer.write(out)
            sys.stdout.buffer.flush()
            sys.stderr.buffer.write(err)
            sys.stderr.buffer.flush()
        except BaseException:  # noqa: BLE001, S110 - exit 2 still blocks
            pass
        return code
