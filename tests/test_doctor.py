"""
``blastradius doctor``: runs the installed hooks for real and reports the
broken ones.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys

from pathlib import Path
from typing import Any

import pytest

from blastradius._cli import _doctor, _install, main
from blastradius._cli._doctor import check_hook, payload
from blastradius._cli._install import AGENT_FILES, merge, settings_path


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """
    A temporary ``HOME`` and project directory; the hooks run from this
    source tree.
    """
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "src"))
    monkeypatch.delenv("BLASTRADIUS_POLICY", raising=False)
    monkeypatch.delenv("BLASTRADIUS_AUDIT", raising=False)
    (tmp_path / "project").mkdir()
    monkeypatch.chdir(tmp_path / "project")
    return tmp_path / "home"


def _write(home: Path, agent: str, command: str) -> Path:
    path = settings_path(agent, project=False, home=home, cwd=Path.cwd())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merge(agent, {}, command)), encoding="utf-8")
    return path


def _doctor_json(capsys: pytest.CaptureFixture[str]) -> tuple[int, Any]:
    code = main(["doctor", "--json"])
    return code, json.loads(capsys.readouterr().out)


class TestDoctor:
    """
    `blastradius._cli._doctor.run` with a temporary ``HOME``, running the
    installed commands in subprocesses.
    """

    def test_all_agents_ok(
        self, home: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        Hooks installed by ``hook install --write`` for every agent pass:
        each denies ``rm -rf /`` and allows ``ls``.
        """
        lines: list[str] = []
        for agent in AGENT_FILES:
            code = _install.run(
                ["install", agent, "--write"], print_=lines.append
            )
            assert code == 0
        code, data = _doctor_json(capsys)
        assert code == 0, data["problems"]
        assert data["ok"] is True
        assert sorted(h["agent"] for h in data["hooks"]) == sorted(AGENT_FILES)
        assert all(h["ok"] and not h["warnings"] for h in data["hooks"])
        assert data["python"] == sys.version.split()[0]
        assert data["version"]
        assert data["warnings"]  # PYTHONPATH is set in this test

    def test_missing_command(
        self, home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A hook whose interpreter is gone (a deleted venv) is a problem.
        """
        gone = tmp_path / "deleted-venv" / "bin" / "python"
        _write(home, "claude", f"{gone} -m blastradius hook --agent claude")
        code, data = _doctor_json(capsys)
        assert code == 1
        assert "no such program" in " ".join(data["problems"])
        hook = data["hooks"][0]
        assert hook["ok"] is False
        assert [c["name"] for c in hook["checks"]] == ["command", "runs"]

    def test_wrong_output(
        self, home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A hook that allows everything (here a script that always prints an
        allow) fails the known-bad check.
        """
        script = tmp_path / "fake.py"
        script.write_text(
            'import sys\nsys.stdin.read()\nprint(\'{"permission": "allow"}\')\n',
            encoding="utf-8",
        )
        command = shlex.join(
            [
                sys.executable,
                str(script),
                "blastradius hook",
                "--agent",
                "cursor",
            ]
        )
        _write(home, "cursor", command)
        code, data = _doctor_json(capsys)
        assert code == 1
        checks = {c["name"]: c for c in data["hooks"][0]["checks"]}
        assert checks["denies 'rm -rf /'"]["ok"] is False
        assert "'allow'" in checks["denies 'rm -rf /'"]["problem"]
        assert checks["allows 'ls'"]["ok"] is True

    def test_broken_policy(
        self, home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A hook whose policy file is gone denies everything: the known-good
        check fails, naming the policy error.
        """
        command = _install.hook_command(
            "gemini", sys.executable, policy=str(tmp_path / "gone.toml")
        )
        _write(home, "gemini", command)
        code, data = _doctor_json(capsys)
        assert code == 1
        checks = {c["name"]: c for c in data["hooks"][0]["checks"]}
        assert checks["denies 'rm -rf /'"]["ok"] is True
        assert "policy" in checks["allows 'ls'"]["problem"]
        assert data["hooks"][0]["policy"].startswith("--policy ")

    def test_claude_local_settings(
        self, home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        Claude Code's ``.claude/settings.local.json`` in the project is
        checked too.
        """
        path = Path.cwd() / ".claude" / "settings.local.json"
        path.parent.mkdir()
        command = f"{tmp_path}/gone -m blastradius hook --agent claude"
        path.write_text(
            json.dumps(merge("claude", {}, command)), encoding="utf-8"
        )
        code, data = _doctor_json(capsys)
        assert code == 1
        assert data["hooks"][0]["file"] == str(path)
        assert data["hooks"][0]["scope"] == "project"

    def test_nothing_installed(
        self, home: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        No hook at all is a problem too.
        """
        code, data = _doctor_json(capsys)
        assert code == 1
        assert "no blastradius hook is installed" in data["problems"][0]

    def test_unreadable_settings(
        self, home: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A settings file that is not JSON is reported.
        """
        path = home / ".codex" / "hooks.json"
        path.parent.mkdir(parents=True)
        path.write_text("{", encoding="utf-8")
        code, data = _doctor_json(capsys)
        assert code == 1
        assert "cannot read" in data["problems"][0]

    def test_text_report(
        self, home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        The text report marks a failing hook and lists the problems; a
        missing fail-closed switch is a warning.
        """
        path = _write(home, "claude", f"{tmp_path}/nope -m blastradius hook")
        data = json.loads(path.read_text(encoding="utf-8"))
        del data["hooks"]["PreToolUse"][0]["hooks"][0]["onFailure"]
        path.write_text(json.dumps(data), encoding="utf-8")
        # a working hook for another agent, without --agent
        _write(home, "copilot", f"{sys.executable} -m blastradius hook")
        assert main(["doctor"]) == 1
        out = capsys.readouterr().out
        assert "FAIL claude (user)" in out
        assert "ok   copilot (user)" in out
        assert "! no --agent" in out
        assert "problems:" in out

    def test_text_ok(
        self,
        home: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path,
    ) -> None:
        """
        A passing report says so and names ``BLASTRADIUS_POLICY``; a hook
        that cannot be split is reported with an unknown policy.
        """
        policy = tmp_path / "p.toml"
        policy.write_text("version = 1\n", encoding="utf-8")
        monkeypatch.setenv("BLASTRADIUS_POLICY", str(policy))
        lines: list[str] = []
        _install.run(["install", "codex", "--write"], print_=lines.append)
        capsys.readouterr()
        assert main(["doctor"]) == 0
        out = capsys.readouterr().out
        assert "all hooks answer as they should" in out
        assert f"BLASTRADIUS_POLICY: {policy}" in out
        _write(home, "cursor", "'unbalanced blastradius hook")
        code, data = _doctor_json(capsys)
        assert code == 1
        assert [
            h["policy"] for h in data["hooks"] if h["agent"] == "cursor"
        ] == ["?"]

    def test_usage(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        ``--help`` prints the usage (0); anything else unknown is 2.
        """
        assert main(["doctor", "--help"]) == 0
        assert "known-bad" in capsys.readouterr().out
        assert main(["doctor", "--bogus"]) == 2
        assert "usage" in capsys.readouterr().err


def _runner(code: int, out: bytes, err: bytes) -> _doctor.Runner:
    def run(argv: list[str], data: bytes) -> tuple[int, bytes, bytes]:
        del argv, data
        return code, out, err

    return run


class TestCheckHook:
    """
    `blastradius._cli._doctor.check_hook` with injected runners.
    """

    def test_unsplittable(self) -> None:
        """
        A command with an unbalanced quote cannot be run.
        """
        checks, _ = check_hook(
            "claude", "'x blastradius hook", {}, _runner(0, b"", b"")
        )
        assert "cannot split" in checks[0].problem

    def test_empty(self) -> None:
        """
        An empty command cannot be run.
        """
        checks, _ = check_hook("claude", "  ", {}, _runner(0, b"", b""))
        assert checks[0].problem == "the command is empty"

    @pytest.mark.parametrize(
        ("error", "words"),
        [
            (subprocess.TimeoutExpired("x", 1), "no answer"),
            (PermissionError(), "not executable"),
            (OSError("exec format error"), "exec format"),
        ],
    )
    def test_run_errors(self, error: Exception, words: str) -> None:
        """
        A hook that hangs or cannot start fails the ``runs`` check.
        """

        def run(argv: list[str], data: bytes) -> tuple[int, bytes, bytes]:
            raise error

        checks, _ = check_hook("codex", "x --agent codex", {}, run)
        assert words in checks[-1].problem

    def test_exit_one_fails(self) -> None:
        """
        A hook that crashes with exit 1 (which agents treat as "run it")
        fails both checks, quoting its stderr.
        """
        checks, _ = check_hook(
            "claude", "x --agent claude", {}, _runner(1, b"", b"Traceback")
        )
        problems = [c.problem for c in checks if not c.ok]
        assert len(problems) == 2
        assert "Traceback" in problems[0]

    def test_invalid_json(self) -> None:
        """
        Output that is not the agent's JSON counts as invalid.
        """
        checks, _ = check_hook(
            "gemini", "x --agent gemini", {}, _runner(0, b"oops", b"")
        )
        assert "'invalid'" in checks[2].problem

    @pytest.mark.parametrize("agent", list(AGENT_FILES))
    def test_payloads(self, agent: str) -> None:
        """
        The doctor's payloads are recognised as the right agent's.
        """
        from blastradius._cli._hook import detect_agent, extract

        data = json.loads(payload(agent, "ls"))
        assert detect_agent(data) == agent
        assert extract(agent, data).command == "ls"  # type: ignore[union-attr]
