"""
``blastradius hook``: each agent's payloads (from its docs) get the right
answer end to end, and no input, however broken, is ever allowed on error.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import blastradius

from blastradius._cli import _audit, _hook, main
from blastradius._cli._audit import redact
from blastradius._cli._hook import (
    AGENTS,
    MAX_INPUT,
    Answer,
    Decision,
    HookError,
    PassThrough,
    Request,
    decide,
    detect_agent,
    error_answer,
    extract,
    parse_options,
    render,
    respond,
)


ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "hooks"

AUTO, HUMAN, DUAL, BLOCKED = (
    "ls",
    "mytool build x",
    "git push --force",
    "rm -rf /",
)
_SLOW = "echo $(date) $HOME; " * 40_000
"""A command (800 kB) the scorer needs about a second for."""


def _fixture(agent: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (DATA / f"{agent}.json").read_text(encoding="utf-8")
    )
    return data


def _with_command(agent: str, command: str) -> dict[str, Any]:
    """
    *agent*'s documented payload with its command replaced.
    """
    payload = _fixture(agent)
    if agent == "cursor":
        payload["command"] = command
    elif agent == "copilot":
        args = json.loads(payload["toolArgs"])
        args["command"] = command
        payload["toolArgs"] = json.dumps(args)
    else:
        payload["tool_input"]["command"] = command
    return payload


def _verdict(agent: str, stdout: bytes) -> str:
    """
    The decision an agent reads from *stdout* (``none`` for no output).
    """
    if not stdout.strip():
        return "none"
    data = json.loads(stdout)
    if agent in ("claude", "codex"):
        return str(data["hookSpecificOutput"]["permissionDecision"])
    if agent == "gemini":
        return str(data.get("decision", "none"))
    if agent == "copilot":
        return str(data.get("permissionDecision", "none"))
    return str(data["permission"])


def _hook_process(
    payload: bytes, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    environ = {
        k: v for k, v in os.environ.items() if not k.startswith("BLASTRADIUS")
    }
    environ["PYTHONPATH"] = str(ROOT / "src")
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "blastradius", "hook", *args],
        input=payload,
        capture_output=True,
        env=environ,
        check=False,
        timeout=60,
    )


# What each agent must read for AUTO, HUMAN, DUAL, BLOCKED.
EXPECTED = {
    "claude": ("allow", "ask", "ask", "deny"),
    "codex": ("none", "deny", "deny", "deny"),
    "gemini": ("allow", "ask", "ask", "deny"),
    "copilot": ("allow", "ask", "ask", "deny"),
    "cursor": ("allow", "deny", "deny", "deny"),
}


class TestEndToEnd:
    """
    ``python -m blastradius hook`` in a subprocess, on each agent's own
    documented payload.
    """

    @pytest.mark.parametrize("agent", AGENTS)
    @pytest.mark.parametrize(
        ("tier", "command"),
        list(enumerate((AUTO, HUMAN, DUAL, BLOCKED))),
        ids=["auto", "human", "dual", "blocked"],
    )
    def test_tiers(self, agent: str, tier: int, command: str) -> None:
        """
        AUTO allows (Codex: no output), HUMAN and DUAL ask where the agent
        can and deny where it cannot, BLOCKED denies; always exit 0 with
        nothing on stderr; detected from the payload alone.
        """
        raw = json.dumps(_with_command(agent, command)).encode()
        done = _hook_process(raw)
        assert done.returncode == 0, done.stderr
        assert done.stderr == b""
        assert _verdict(agent, done.stdout) == EXPECTED[agent][tier]
        if command == DUAL:
            assert b"two people" in done.stdout

    @pytest.mark.parametrize("agent", AGENTS)
    def test_explicit_agent(self, agent: str) -> None:
        """
        ``--agent`` gives the same answer as detection on the agent's own
        payload.
        """
        raw = json.dumps(_with_command(agent, BLOCKED)).encode()
        done = _hook_process(raw, "--agent", agent)
        assert (done.returncode, _verdict(agent, done.stdout)) == (0, "deny")

    def test_codex_human_denied(self) -> None:
        """
        Codex cannot ask: the documented ``cargo test`` (HUMAN) is denied
        with a reason saying a person must approve.
        """
        done = _hook_process((DATA / "codex.json").read_bytes())
        assert done.returncode == 0
        out = json.loads(done.stdout)["hookSpecificOutput"]
        assert out == {
            "hookEventName": "PreToolUse",
            "permissionDecision": "deny",
            "permissionDecisionReason": out["permissionDecisionReason"],
        }
        assert "one person" in out["permissionDecisionReason"]

    def test_copilot_doc_payload(self) -> None:
        """
        Copilot's documented ``rm -rf dist`` (``toolArgs`` a JSON string) is
        denied by default and allowed under the coding-agent preset, whose
        workspace paths cover ``dist`` in the payload's ``cwd``.
        """
        raw = (DATA / "copilot.json").read_bytes()
        assert _verdict("copilot", _hook_process(raw).stdout) == "deny"
        done = _hook_process(raw, "--preset", "coding-agent")
        assert _verdict("copilot", done.stdout) == "allow"

    def test_copilot_object_args(self) -> None:
        """
        ``toolArgs`` given as an object is read too.
        """
        done = _hook_process((DATA / "copilot-object.json").read_bytes())
        assert _verdict("copilot", done.stdout) == "allow"

    def test_preset_trusts_tests(self) -> None:
        """
        The coding-agent preset allows Claude's documented ``npm test``,
        which the default asks about.
        """
        raw = (DATA / "claude.json").read_bytes()
        assert _verdict("claude", _hook_process(raw).stdout) == "ask"
        done = _hook_process(raw, "--preset=coding-agent")
        assert _verdict("claude", done.stdout) == "allow"

    def test_policy_env(self, tmp_path: Path) -> None:
        """
        ``BLASTRADIUS_POLICY`` names the policy file. The documented Cursor
        ``npm install express`` is a package install (npm's own rules), so a
        policy that tries to trust ``npm install`` does not load, and the
        hook denies with the policy error rather than fall back.
        """
        policy = tmp_path / "p.toml"
        policy.write_text(
            'version = 1\nextends = ["coding-agent"]\n'
            '[workspace]\ntrusted_tools = ["npm install"]\n',
            encoding="utf-8",
        )
        raw = (DATA / "cursor.json").read_bytes()
        assert _verdict("cursor", _hook_process(raw).stdout) == "deny"
        done = _hook_process(raw, env={"BLASTRADIUS_POLICY": str(policy)})
        assert _verdict("cursor", done.stdout) == "deny"
        assert "its own rules" in done.stderr.decode()

    @pytest.mark.parametrize("agent", AGENTS)
    @pytest.mark.parametrize(
        "raw",
        [b"", b"{", b"\xff\xfe\x00", b"[]", b'{"a": 1}', b"null"],
        ids=["empty", "truncated", "binary", "array", "fields", "null"],
    )
    def test_garbage_denied(self, agent: str, raw: bytes) -> None:
        """
        Broken input exits 2 with a reason on stderr (a block on every
        agent) and never prints an allow.
        """
        done = _hook_process(raw, "--agent", agent)
        assert done.returncode == 2
        assert done.stderr.startswith(b"blastradius: ")
        assert _verdict(agent, done.stdout) in ("none", "deny")

    def test_huge_denied(self) -> None:
        """
        A payload over 1 MiB is denied, even a valid one asking for ``ls``.
        """
        payload = _with_command("claude", AUTO)
        payload["padding"] = "x" * MAX_INPUT
        done = _hook_process(json.dumps(payload).encode())
        assert done.returncode == 2
        assert b"larger than" in done.stderr

    def test_deadline(self) -> None:
        """
        A command that takes too long to score (thousands of kubectl
        object names) is denied at the deadline, not answered late (an
        agent whose hook times out runs the command).
        """
        raw = json.dumps(_with_command("codex", _SLOW)).encode()
        done = _hook_process(raw, "--deadline", "0.5")
        assert done.returncode == 2
        assert b"no answer within 0.5 s" in done.stderr
        assert done.stdout == b""

    def test_bad_policy_denies(self, tmp_path: Path) -> None:
        """
        A policy that does not load denies every shell command, even
        ``ls``, naming the problem.
        """
        policy = tmp_path / "bad.toml"
        policy.write_text("version = 1\n[bogus]\n", encoding="utf-8")
        raw = json.dumps(_with_command("gemini", AUTO)).encode()
        done = _hook_process(raw, "--policy", str(policy))
        assert done.returncode == 2
        assert b"bogus" in done.stderr
        assert _verdict("gemini", done.stdout) == "deny"

    def test_help(self) -> None:
        """
        ``hook --help`` prints the usage and exits 0.
        """
        done = _hook_process(b"", "--help")
        assert done.returncode == 0
        assert b"usage: blastradius hook" in done.stdout


def _run_in_process(
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    raw: bytes,
    argv: list[str],
) -> tuple[int, bytes, bytes]:
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code = main(["hook", *argv])
    out, err = capsysbinary.readouterr()
    return code, out, err


class TestRun:
    """
    `blastradius._cli._hook.run`, in-process.
    """

    def test_answer(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsysbinary: pytest.CaptureFixture[bytes],
    ) -> None:
        """
        ``main(["hook", ...])`` answers a payload on stdin.
        """
        monkeypatch.delenv("BLASTRADIUS_POLICY", raising=False)
        monkeypatch.delenv("BLASTRADIUS_AUDIT", raising=False)
        raw = json.dumps(_with_command("gemini", BLOCKED)).encode()
        code, out, err = _run_in_process(monkeypatch, capsysbinary, raw, [])
        assert (code, _verdict("gemini", out), err) == (0, "deny", b"")

    def test_help(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsysbinary: pytest.CaptureFixture[bytes],
    ) -> None:
        """
        ``-h`` prints the usage.
        """
        code, out, _ = _run_in_process(monkeypatch, capsysbinary, b"", ["-h"])
        assert code == 0
        assert b"--agent" in out

    def test_deadline_in_process(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsysbinary: pytest.CaptureFixture[bytes],
    ) -> None:
        """
        The deadline fires inside `blastradius.score` (which catches every
        `Exception`) and still ends in a deny in the detected agent's
        format.
        """
        raw = json.dumps(_with_command("copilot", _SLOW)).encode()
        code, out, err = _run_in_process(
            monkeypatch, capsysbinary, raw, ["--deadline=0.2"]
        )
        assert code == 2
        assert _verdict("copilot", out) == "deny"
        assert b"no answer within 0.2 s" in err

    def test_deadline_thread(self) -> None:
        """
        Outside the main thread there is no alarm: the block just runs.
        """
        import threading

        ran: list[bool] = []

        def body() -> None:
            with _hook._deadline(0.01):
                ran.append(True)

        thread = threading.Thread(target=body)
        thread.start()
        thread.join()
        assert ran == [True]

    def test_agent_of(self) -> None:
        """
        The agent for a late deny: the named one, the detected one, or
        none for garbage.
        """
        assert _hook._agent_of(b"{", "auto") is None
        assert _hook._agent_of(b'{"toolName": "bash"}', "auto") == "copilot"
        assert _hook._agent_of(b"{", "cursor") == "cursor"

    def test_tty(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsysbinary: pytest.CaptureFixture[bytes],
    ) -> None:
        """
        Run by hand on a terminal, the hook explains itself and exits 2
        instead of waiting for a payload.
        """

        class Tty(io.BytesIO):
            def isatty(self) -> bool:
                return True

        monkeypatch.setattr(sys, "stdin", Tty())
        assert _hook.run([]) == 2
        assert b"expects a payload" in capsysbinary.readouterr().err

    def test_usage_error_denies(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsysbinary: pytest.CaptureFixture[bytes],
    ) -> None:
        """
        An unknown option denies a shell command (a broken hook command line
        must not allow).
        """
        raw = json.dumps(_with_command("claude", AUTO)).encode()
        code, out, err = _run_in_process(
            monkeypatch, capsysbinary, raw, ["--bogus"]
        )
        assert code == 2
        assert b"usage" in err
        assert _verdict("claude", out) == "deny"

    def test_preset_unknown_denies(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsysbinary: pytest.CaptureFixture[bytes],
    ) -> None:
        """
        An unknown preset denies, naming the known ones.
        """
        raw = json.dumps(_with_command("copilot", AUTO)).encode()
        code, out, err = _run_in_process(
            monkeypatch, capsysbinary, raw, ["--preset", "nope"]
        )
        assert code == 2
        assert b"coding-agent" in err
        assert _verdict("copilot", out) == "deny"

    def test_preset_and_policy(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsysbinary: pytest.CaptureFixture[bytes],
        tmp_path: Path,
    ) -> None:
        """
        ``--policy`` is layered over ``--preset``.
        """
        policy = tmp_path / "p.toml"
        policy.write_text(
            'version = 1\n[workspace]\ntrusted_tools = ["mytool build"]\n',
            encoding="utf-8",
        )
        raw = json.dumps(_with_command("claude", HUMAN)).encode()
        code, out, _ = _run_in_process(
            monkeypatch,
            capsysbinary,
            raw,
            ["--preset", "coding-agent", "--policy", str(policy)],
        )
        assert (code, _verdict("claude", out)) == (0, "allow")

    def test_audit(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsysbinary: pytest.CaptureFixture[bytes],
        tmp_path: Path,
    ) -> None:
        """
        ``--audit FILE`` appends one JSON line per call, with secrets
        redacted.
        """
        log = tmp_path / "audit.jsonl"
        raw = json.dumps(
            _with_command("claude", "mysql --password=hunter2 -e 'select 1'")
        ).encode()
        for _ in range(2):
            _run_in_process(
                monkeypatch, capsysbinary, raw, ["--audit", str(log)]
            )
        lines = log.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 2
        record = json.loads(lines[0])
        assert "hunter2" not in lines[0]
        assert record["command"].startswith("mysql --password=***")
        assert record["agent"] == "claude"
        assert record["cwd"] == "/home/user/my-project"
        assert (record["tier"], record["decision"]) == ("auto", "allow")

    def test_audit_env_unwritable_denies(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsysbinary: pytest.CaptureFixture[bytes],
        tmp_path: Path,
    ) -> None:
        """
        An audit log that cannot be written (``BLASTRADIUS_AUDIT`` names a
        directory) turns even an allow into a deny.
        """
        monkeypatch.setenv("BLASTRADIUS_AUDIT", str(tmp_path))
        raw = json.dumps(_with_command("cursor", AUTO)).encode()
        code, out, err = _run_in_process(monkeypatch, capsysbinary, raw, [])
        assert code == 2
        assert b"audit" in err
        assert _verdict("cursor", out) == "deny"

    def test_crash_denies(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsysbinary: pytest.CaptureFixture[bytes],
    ) -> None:
        """
        Even an exception outside `respond` (here: reading stdin fails)
        ends in a deny with exit 2 in the named agent's format.
        """

        class Broken:
            @property
            def buffer(self) -> object:
                raise OSError

        monkeypatch.setattr(sys, "stdin", Broken())
        code = _hook.run(["--agent", "copilot"])
        out, err = capsysbinary.readouterr()
        assert code == 2
        assert _verdict("copilot", out) == "deny"
        assert b"internal error" in err

    def test_crash_unwritable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        When not even the answer can be written, the exit status 2 still
        blocks.
        """

        class Broken:
            @property
            def buffer(self) -> object:
                raise OSError

        monkeypatch.setattr(sys, "stdin", Broken())
        monkeypatch.setattr(sys, "stdout", Broken())
        assert _hook.run([]) == 2

    def test_panic(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        When even building the error answer fails, the answer of last
        resort exits 2.
        """

        def boom(*_: object) -> Answer:
            raise RuntimeError

        def crash(_: list[str]) -> int:
            raise RuntimeError

        monkeypatch.setattr(_hook, "_main", crash)
        monkeypatch.setattr(_hook, "error_answer", boom)
        assert _hook.run(["--agent", "claude"]) == 2


class TestDetectAgent:
    """
    `blastradius._cli._hook.detect_agent`.
    """

    @pytest.mark.parametrize("agent", AGENTS)
    def test_fixtures(self, agent: str) -> None:
        """
        Each documented payload is recognised.
        """
        assert detect_agent(_fixture(agent)) == agent

    @pytest.mark.parametrize(
        "payload",
        [None, [], "x", {}, {"hook_event_name": "Stop"}, {"command": "ls"}],
    )
    def test_unknown(self, payload: object) -> None:
        """
        Anything else is unknown.
        """
        assert detect_agent(payload) is None

    def test_cursor_pre_tool_use(self) -> None:
        """
        Cursor's generic ``preToolUse`` event is Cursor's.
        """
        assert detect_agent({"hook_event_name": "preToolUse"}) == "cursor"

    def test_cursor_by_version(self) -> None:
        """
        A top-level command with a ``cursor_version`` is Cursor.
        """
        payload = {"command": "ls", "cursor_version": "1.7"}
        assert detect_agent(payload) == "cursor"


class TestExtract:
    """
    `blastradius._cli._hook.extract`.
    """

    def test_gemini_dir_path(self) -> None:
        """
        Gemini's ``tool_input.dir_path`` is the command's directory.
        """
        payload = _with_command("gemini", "ls")
        payload["tool_input"]["dir_path"] = "/srv/app"
        assert extract("gemini", payload) == Request("ls", "/srv/app")

    def test_relative_cwd_dropped(self) -> None:
        """
        A relative or non-string ``cwd`` is not used.
        """
        payload = _with_command("claude", "ls")
        payload["cwd"] = "relative"
        assert extract("claude", payload) == Request("ls", None)

    @pytest.mark.parametrize(
        ("agent", "payload"),
        [
            ("claude", {"tool_name": "Read", "tool_input": {}}),
            ("codex", {"tool_name": "apply_patch"}),
            ("gemini", {"tool_name": "read_file"}),
            ("copilot", {"toolName": "edit", "toolArgs": "{}"}),
            ("cursor", {"hook_event_name": "beforeReadFile"}),
            ("cursor", {"hook_event_name": "preToolUse", "tool_name": "Read"}),
        ],
    )
    def test_pass_through(self, agent: str, payload: dict[str, Any]) -> None:
        """
        Tools other than the shell pass through.
        """
        assert isinstance(extract(agent, payload), PassThrough)

    def test_cursor_pre_tool_use(self) -> None:
        """
        Cursor's generic ``preToolUse`` for its ``Shell`` tool is read.
        """
        payload = {
            "hook_event_name": "preToolUse",
            "tool_name": "Shell",
            "tool_input": {"command": "ls", "cwd": "/w"},
        }
        assert extract("cursor", payload) == Request("ls", "/w")

    @pytest.mark.parametrize(
        ("agent", "payload", "words"),
        [
            ("claude", [], "not a JSON object"),
            ("claude", {"tool_name": 1}, "tool_name"),
            ("claude", {"tool_name": "Bash"}, "tool_input"),
            ("claude", {"tool_name": "Bash", "tool_input": {}}, "command"),
            ("copilot", {"toolName": "bash", "toolArgs": "{"}, "not JSON"),
            ("copilot", {"toolName": "bash", "toolArgs": 3}, "toolArgs"),
            ("copilot", {"toolName": "bash", "toolArgs": {}}, "command"),
            ("cursor", {"command": 3}, "command"),
            (
                "cursor",
                {"hook_event_name": "preToolUse", "tool_name": "Shell"},
                "tool_input",
            ),
            ("other", {}, "unknown agent"),
        ],
    )
    def test_errors(self, agent: str, payload: object, words: str) -> None:
        """
        Missing or mistyped fields raise `HookError` naming them.
        """
        with pytest.raises(HookError, match=words):
            extract(agent, payload)


class TestDecide:
    """
    `blastradius._cli._hook.decide`.
    """

    @pytest.mark.parametrize("agent", AGENTS)
    def test_blocked_denies(self, agent: str) -> None:
        """
        BLOCKED denies on every agent, saying it never runs.
        """
        decision = decide(blastradius.score(BLOCKED), agent)
        assert decision.verdict == "deny"
        assert "never runs" in decision.reason

    @pytest.mark.parametrize("agent", ["codex", "cursor"])
    def test_no_ask(self, agent: str) -> None:
        """
        Agents that cannot ask deny HUMAN and DUAL, saying so.
        """
        for cmd in (HUMAN, DUAL):
            decision = decide(blastradius.score(cmd), agent)
            assert decision.verdict == "deny"
            assert "cannot ask" in decision.reason

    def test_reason_escaped(self) -> None:
        """
        Control characters from the command never reach the agent raw, and
        the reason is bounded.
        """
        cmd = "'\x1b[31mtool' x"
        reason = decide(blastradius.score(cmd), "claude").reason
        assert "\x1b" not in reason
        assert "\\x1b" in reason
        long = error_answer("claude", "\u202e" + "y" * 5000).decision.reason
        assert len(long) == 1000
        assert long.endswith("…")
        assert "\u202e" not in long

    def test_unknown_agent_name(self) -> None:
        """
        `respond` with an agent name it does not know denies.
        """
        raw = json.dumps(_with_command("claude", AUTO)).encode()
        answer = respond(raw, agent="vim")
        assert answer.decision.error
        assert b"unknown agent" in answer.stderr


class TestRender:
    """
    `blastradius._cli._hook.render`.
    """

    def test_unknown_agent(self) -> None:
        """
        An unknown agent gets exit 2 and the reason on stderr only.
        """
        assert render(None, Decision("deny", "r")) == (b"", b"r\n", 2)

    def test_codex_deny(self) -> None:
        """
        A normal Codex deny is the minimal ``hookSpecificOutput`` JSON with
        exit 0.
        """
        out, err, code = render("codex", Decision("deny", "why"))
        assert (err, code) == (b"", 0)
        assert json.loads(out) == {
            "hookSpecificOutput": {
                "hookEventName": "PreToolUse",
                "permissionDecision": "deny",
                "permissionDecisionReason": "why",
            }
        }

    def test_pass_through_respond(self) -> None:
        """
        `respond` passes a non-shell tool through, even when refusing.
        """
        raw = b'{"hook_event_name": "PreToolUse", "tool_name": "Read"}'
        answer = respond(raw, refuse="policy broken")
        assert (answer.stdout, answer.exit_code) == (b"", 0)
        assert answer.decision.verdict == "pass"

    def test_codex_error(self) -> None:
        """
        A Codex error deny is exit 2 with non-empty stderr and no stdout.
        """
        out, err, code = render("codex", Decision("deny", "", error=True))
        assert (out, code) == (b"", 2)
        assert err.strip()

    def test_error_must_deny(self) -> None:
        """
        A `Decision` cannot be an error and an allow at once.
        """
        with pytest.raises(ValueError, match="always a deny"):
            Decision("allow", error=True)

    @pytest.mark.parametrize(
        ("agent", "out"),
        [
            ("claude", b""),
            ("codex", b""),
            ("gemini", b"{}\n"),
            ("copilot", b"{}\n"),
            ("cursor", b'{"permission": "allow"}\n'),
        ],
    )
    def test_pass(self, agent: str, out: bytes) -> None:
        """
        A pass-through is a no-op in each agent's form (Cursor needs an
        explicit allow under failClosed).
        """
        assert render(agent, Decision("pass")) == (out, b"", 0)


class TestParseOptions:
    """
    `blastradius._cli._hook.parse_options`.
    """

    def test_env(self) -> None:
        """
        The environment gives the policy and audit log when no option does.
        """
        env = {"BLASTRADIUS_POLICY": "p.toml", "BLASTRADIUS_AUDIT": "a"}
        options = parse_options([], env)
        assert (options.policy, options.audit) == ("p.toml", "a")
        assert parse_options(["--policy", "q"], env).policy == "q"

    def test_equals(self) -> None:
        """
        ``--name=value`` works as ``--name value``.
        """
        assert parse_options(["--agent=cursor"], {}).agent == "cursor"

    def test_deadline(self) -> None:
        """
        ``--deadline`` takes seconds up to the default.
        """
        assert parse_options(["--deadline", "2.5"], {}).deadline == 2.5
        assert parse_options([], {}).deadline == _hook.DEADLINE

    @pytest.mark.parametrize(
        "argv",
        [
            ["--agent"],
            ["--agent", "vim"],
            ["-x"],
            ["stray"],
            ["--deadline", "soon"],
            ["--deadline", "0"],
            ["--deadline", "60"],
        ],
    )
    def test_errors(self, argv: list[str]) -> None:
        """
        Missing values, unknown agents and unknown words are errors.
        """
        with pytest.raises(HookError):
            parse_options(argv, {})


class TestAuditLine:
    """
    `blastradius._cli._audit.audit_line`.
    """

    def test_error(self) -> None:
        """
        An error answer is logged without command or score, its reason
        redacted.
        """
        answer = error_answer("codex", "bad token=abc")
        record = json.loads(_audit.audit_line(answer, when="t"))
        assert record["decision"] == "deny"
        assert record["error"] is True
        assert "command" not in record
        assert "score" not in record
        assert "abc" not in record["reason"]


class TestRedact:
    """
    `blastradius._cli._audit.redact`.
    """

    @pytest.mark.parametrize(
        ("cmd", "secret"),
        [
            ("curl -H 'Authorization: Bearer abc.def'", "abc.def"),
            ("export GITHUB_TOKEN=ghp_" + "a" * 36, "a" * 36),
            ("psql postgres://u:pw123@db/x", "pw123"),
            ("aws s3 ls # AKIAABCDEFGHIJKLMNOP", "AKIAABCDEFGHIJKLMNOP"),
            ("tool --api-key sk-" + "b" * 20, "b" * 20),
            ("X_SECRET=s3cr3t make", "s3cr3t"),
            ("mysql -u root -phunter2 shop", "hunter2"),
            ("mysqldump -uroot -phunter2 shop", "hunter2"),
            ("echo go; mariadb -phunter2", "hunter2"),
            ("mysql --password=hunter2 shop", "hunter2"),
            ("PGPASSWORD=hunter2 psql -h db", "hunter2"),
            ("env PGPASSWORD='hunter2' psql", "hunter2"),
            ("curl -H 'Authorization: token hunter2' u", "hunter2"),
            ("curl -H Authorization:hunter2 u", "hunter2"),
            ('curl -H "X-Api-Key: hunter2" u', "hunter2"),
            ('curl -H "Cookie: sid=hunter2" u', "hunter2"),
            ("AWS_SECRET_ACCESS_KEY=hunter2 aws s3 ls", "hunter2"),
            ('export AWS_SECRET_ACCESS_KEY="hunter2"', "hunter2"),
            ("git clone https://bob:hunter2@git.example/x", "hunter2"),
            ("curl 'https://x.example/a?access_token=hunter2&b=1'", "hunter2"),
            ("curl https://x.example/a?page=1&password=hunter2", "hunter2"),
            ("curl -u bob:hunter2 https://x.example", "hunter2"),
            ("curl --user=bob:hunter2 https://x.example", "hunter2"),
            ("redis-cli -a hunter2 get k", "hunter2"),
            ("sshpass -p hunter2 ssh host", "hunter2"),
            ("docker login -u bob -p hunter2 reg.example", "hunter2"),
        ],
    )
    def test_secrets(self, cmd: str, secret: str) -> None:
        """
        Secret values are replaced by ``***``.
        """
        out = redact(cmd)
        assert secret not in out
        assert "***" in out

    @pytest.mark.parametrize(
        "cmd",
        [
            "kubectl get pods -n prod",
            "mysql -p shop",
            "cp -p a b",
            "ls -pla",
            "curl https://x.example/y?page=2&sort=name",
            "git clone https://git.example/x",
        ],
    )
    def test_plain(self, cmd: str) -> None:
        """
        A command without secrets is unchanged (``mysql -p`` alone prompts).
        """
        assert redact(cmd) == cmd

    def test_long_command_bounded(self) -> None:
        """
        The audit log keeps at most `MAX_LOGGED` characters of a command,
        cut at a blank (no secret half-logged), quickly even for a 1 MiB
        word that the patterns would take long over.
        """
        answer = respond(
            json.dumps(
                _with_command(
                    "claude", "x --password=hunter2 " + "p" * 500_000
                )
            ).encode()
        )
        record = json.loads(_audit.audit_line(answer, when="t"))
        assert record["command"].startswith("x --password=*** …")
        assert record["command"].endswith("(500001 more characters)")
        assert "hunter2" not in record["command"]
        short = error_answer("claude", "x")
        assert "command" not in json.loads(_audit.audit_line(short, when="t"))


# -- properties ------------------------------------------------------------

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "hook_event_name",
                    "tool_name",
                    "tool_input",
                    "command",
                    "toolName",
                    "toolArgs",
                    "turn_id",
                    "cwd",
                    "cursor_version",
                    "x",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=20,
)
_payloads = st.one_of(
    _json.map(lambda v: json.dumps(v).encode()),
    st.sampled_from(AGENTS).flatmap(
        lambda a: st.sampled_from((AUTO, HUMAN, DUAL, BLOCKED)).map(
            lambda c: json.dumps(_with_command(a, c)).encode()
        )
    ),
)


def _check_well_formed(answer: Answer) -> None:
    assert answer.exit_code in (0, 2)
    if answer.exit_code == 2:
        assert answer.stderr.strip()
        assert answer.decision.verdict == "deny"
    if answer.stdout:
        assert isinstance(json.loads(answer.stdout), dict)
    if answer.decision.error:
        assert answer.exit_code == 2
    if answer.decision.verdict == "allow":
        assert answer.assessment is not None
        assert answer.assessment.tier is blastradius.Tier.AUTO
    if answer.agent in AGENTS:
        assert _verdict(answer.agent, answer.stdout) != "allow" or (
            answer.decision.verdict in ("allow", "pass")
        )


class TestProperties:
    """
    `blastradius._cli._hook.respond` on generated input: always a
    well-formed answer, never an allow on error.
    """

    @given(raw=_payloads, agent=st.sampled_from(("auto", *AGENTS)))
    def test_json(self, raw: bytes, agent: str) -> None:
        """
        Random JSON and real payloads: well-formed, and allow only for an
        AUTO assessment.
        """
        _check_well_formed(respond(raw, agent=agent))

    @given(
        raw=_payloads,
        cut=st.integers(min_value=0),
        agent=st.sampled_from(("auto", *AGENTS)),
    )
    def test_truncated(self, raw: bytes, cut: int, agent: str) -> None:
        """
        A payload cut short is denied as an error.
        """
        short = raw[: cut % max(1, len(raw))]
        answer = respond(short, agent=agent)
        _check_well_formed(answer)
        assert answer.decision.error
        assert answer.exit_code == 2

    @given(raw=st.binary(), agent=st.sampled_from(("auto", *AGENTS)))
    def test_binary(self, raw: bytes, agent: str) -> None:
        """
        Arbitrary bytes: well-formed, and an error unless they happen to be
        a payload.
        """
        answer = respond(raw, agent=agent)
        _check_well_formed(answer)

    @settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])
    @given(extra=st.integers(min_value=1, max_value=1000))
    def test_huge(self, extra: int) -> None:
        """
        Anything over `MAX_INPUT` bytes is denied as an error.
        """
        answer = respond(b" " * (MAX_INPUT + extra) + b"{}", agent="claude")
        assert answer.decision.error
        assert answer.exit_code == 2

    def test_deep(self) -> None:
        """
        JSON nested past the parser's recursion limit is an error deny.
        """
        answer = respond(b"[" * 200_000, agent="gemini")
        assert answer.decision.error

    def test_internal_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        An exception inside scoring becomes a deny in the agent's format.
        """
        import blastradius._score

        def boom(*_: object, **__: object) -> None:
            raise RuntimeError

        monkeypatch.setattr(blastradius._score, "score", boom)
        raw = json.dumps(_with_command("claude", AUTO)).encode()
        answer = respond(raw)
        assert answer.decision.error
        assert _verdict("claude", answer.stdout) == "deny"
        assert b"RuntimeError" in answer.stderr

    def test_error_answer_panic(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        When rendering itself fails, `error_answer` falls back to exit 2.
        """

        def boom(*_: object) -> tuple[bytes, bytes, int]:
            raise RuntimeError

        monkeypatch.setattr(_hook, "render", boom)
        assert error_answer("claude", "x").exit_code == 2
