"""
``blastradius hook install`` / ``uninstall``: the agents' settings files
are merged, never clobbered, and the round trip restores them.
"""

from __future__ import annotations

import json
import sys

from pathlib import Path
from typing import Any

import pytest

from hypothesis import given
from hypothesis import strategies as st

from blastradius._cli import _install, main
from blastradius._cli._install import (
    AGENT_FILES,
    hook_command,
    installed_commands,
    merge,
    remove,
    settings_path,
)


AGENTS = tuple(AGENT_FILES)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """
    A temporary ``HOME`` and current directory.
    """
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "project").mkdir()
    monkeypatch.chdir(tmp_path / "project")
    return tmp_path / "home"


def _install_run(argv: list[str]) -> tuple[int, str]:
    lines: list[str] = []
    code = _install.run(argv, print_=lines.append)
    return code, "\n".join(lines)


_EXISTING: dict[str, dict[str, Any]] = {
    "claude": {
        "model": "opus",
        "permissions": {"allow": ["Bash(ls:*)"]},
        "hooks": {
            "PreToolUse": [
                {
                    "matcher": "Edit",
                    "hooks": [{"type": "command", "command": "lint"}],
                }
            ],
            "Stop": [{"hooks": [{"type": "command", "command": "notify"}]}],
        },
    },
    "codex": {
        "hooks": {
            "PreToolUse": [
                {
                    "matcher": "^Bash$",
                    "hooks": [{"type": "command", "command": "x"}],
                }
            ]
        }
    },
    "gemini": {"theme": "dark", "tools": {"enableHooks": True}},
    "copilot": {"version": 1, "hooks": {"sessionStart": []}},
    "cursor": {
        "version": 1,
        "hooks": {"afterFileEdit": [{"command": "fmt"}]},
    },
}


class TestMerge:
    """
    `blastradius._cli._install.merge` and `remove`.
    """

    @pytest.mark.parametrize("agent", AGENTS)
    def test_round_trip(self, agent: str) -> None:
        """
        Installing keeps every other key and hook; uninstalling gives the
        original back.
        """
        before = _EXISTING[agent]
        after = merge(agent, before, "py -m blastradius hook")
        for key, value in before.items():
            if key != "hooks":
                assert after[key] == value
        assert len(installed_commands(agent, after)) == 1
        assert remove(agent, after) == before

    @pytest.mark.parametrize("agent", AGENTS)
    def test_replaces(self, agent: str) -> None:
        """
        Installing again replaces the earlier entry (a new command), never
        duplicates it.
        """
        once = merge(agent, {}, "old -m blastradius hook")
        twice = merge(agent, once, "new -m blastradius hook")
        assert [c for c, _ in installed_commands(agent, twice)] == [
            "new -m blastradius hook"
        ]

    def test_fail_closed_switches(self) -> None:
        """
        Claude Code blocks on failure and Cursor fails closed.
        """
        claude = merge("claude", {}, "c")["hooks"]["PreToolUse"][0]["hooks"][0]
        assert claude["onFailure"] == "block"
        cursor = merge("cursor", {}, "c")["hooks"]["beforeShellExecution"][0]
        assert cursor["failClosed"] is True

    def test_shared_group(self) -> None:
        """
        Our handler is removed from a matcher group it shares with another
        handler; the group and the other handler stay.
        """
        config = {
            "hooks": {
                "PreToolUse": [
                    {
                        "matcher": "Bash",
                        "hooks": [
                            {"type": "command", "command": "blastradius hook"},
                            {"type": "command", "command": "other"},
                        ],
                    },
                    {"matcher": "Read", "hooks": []},
                    "junk",
                ]
            }
        }
        out = remove("claude", config)
        assert out["hooks"]["PreToolUse"] == [
            {
                "matcher": "Bash",
                "hooks": [{"type": "command", "command": "other"}],
            },
            {"matcher": "Read", "hooks": []},
            "junk",
        ]

    @pytest.mark.parametrize(
        "config",
        [{"hooks": []}, {"hooks": {"PreToolUse": {}}}],
    )
    def test_wrong_types(self, config: dict[str, Any]) -> None:
        """
        A ``hooks`` value of the wrong type is an error, not overwritten.
        """
        with pytest.raises(ValueError, match="not an"):
            merge("claude", config, "c")
        assert installed_commands("claude", config) == []
        assert remove("claude", config) == config

    @given(
        st.dictionaries(
            st.text(max_size=5).filter(lambda k: k != "hooks"),
            st.integers() | st.text(max_size=5),
            max_size=4,
        ),
        st.sampled_from(AGENTS),
    )
    def test_other_keys_kept(self, config: dict[str, Any], agent: str) -> None:
        """
        Any other keys survive install and uninstall unchanged.
        """
        after = remove(agent, merge(agent, config, "x blastradius hook"))
        expected = dict(config)
        if (
            agent in ("copilot", "cursor")
            and config
            and "version" not in config
        ):
            expected["version"] = 1
        assert after == expected or (not config and after == {})


class TestHookCommand:
    """
    `blastradius._cli._install.hook_command`.
    """

    def test_quoting(self) -> None:
        """
        Paths with spaces are quoted; the preset and policy are passed on.
        """
        cmd = hook_command(
            "claude",
            "/opt/my py/bin/python",
            preset="coding-agent",
            policy="/p q",
        )
        assert cmd == (
            "'/opt/my py/bin/python' -m blastradius hook --agent claude "
            "--preset coding-agent --policy '/p q'"
        )


class TestRun:
    """
    `blastradius._cli._install.run` against a temporary ``HOME``.
    """

    def test_dry_run(self, home: Path) -> None:
        """
        Without ``--write`` the snippet is printed and nothing is written.
        """
        code, out = _install_run(["install", "claude"])
        assert code == 0
        assert sys.executable in out
        assert '"onFailure": "block"' in out
        assert "dry run" in out
        assert not (home / ".claude").exists()

    @pytest.mark.parametrize("agent", AGENTS)
    def test_write_round_trip(self, home: Path, agent: str) -> None:
        """
        ``--write`` merges into the existing file after a backup; a second
        install changes nothing; uninstall restores the original keys.
        """
        path = settings_path(agent, project=False, home=home, cwd=Path.cwd())
        path.parent.mkdir(parents=True)
        original = json.dumps(_EXISTING[agent])
        path.write_text(original, encoding="utf-8")
        code, out = _install_run(["install", agent, "--write"])
        assert code == 0
        assert "backup" in out
        backups = list(path.parent.glob(f"{path.name}.blastradius-*.bak"))
        assert [b.read_text(encoding="utf-8") for b in backups] == [original]
        data = json.loads(path.read_text(encoding="utf-8"))
        commands = installed_commands(agent, data)
        assert len(commands) == 1
        assert commands[0][0].startswith(sys.executable)
        assert _install_run(["install", agent, "--write"])[1].endswith(
            "already up to date"
        )
        assert _install_run(["uninstall", agent, "--write"])[0] == 0
        restored = json.loads(path.read_text(encoding="utf-8"))
        assert restored == _EXISTING[agent]
        assert len(list(path.parent.glob("*.bak"))) == 2

    def test_not_importable_warns(
        self, home: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        Run from a source tree (``PYTHONPATH``), the installer warns that
        the agent's interpreter cannot import the package.
        """
        monkeypatch.setattr(_install, "importable", lambda *_: False)
        _, out = _install_run(["install", "codex"])
        assert "cannot import blastradius" in out
        monkeypatch.setattr(_install, "importable", lambda *_: True)
        assert "cannot import" not in _install_run(["install", "codex"])[1]

    def test_importable(self, tmp_path: Path) -> None:
        """
        `importable` runs the interpreter without ``PYTHONPATH``; a missing
        one cannot import anything.
        """
        assert not _install.importable(str(tmp_path / "nope"), {})
        assert _install.importable(sys.executable, {}) == (
            "site-packages" in str(Path(_install.__file__).resolve())
        )

    def test_project_scope(self, home: Path) -> None:
        """
        ``--project`` writes under the current directory (Copilot:
        ``.github/hooks``), with the preset in the command.
        """
        code, _ = _install_run(
            [
                "install",
                "copilot",
                "--project",
                "--write",
                "--preset",
                "coding-agent",
            ]
        )
        assert code == 0
        path = Path.cwd() / ".github" / "hooks" / "blastradius.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["version"] == 1
        assert data["hooks"]["preToolUse"][0]["bash"].endswith(
            "--preset coding-agent"
        )
        assert not home.exists()
        code, out = _install_run(
            ["uninstall", "copilot", "--project", "--write"]
        )
        assert code == 0
        assert not path.exists()
        assert "removed" in out

    def test_policy_absolute(self, home: Path) -> None:
        """
        ``--policy`` is written as an absolute path.
        """
        _, out = _install_run(
            ["install", "cursor", "--user", "--policy", "p.toml"]
        )
        assert str(Path.cwd() / "p.toml") in out

    def test_uninstall_nothing(self, home: Path) -> None:
        """
        Uninstalling where nothing is installed says so and writes nothing.
        """
        code, out = _install_run(["uninstall", "gemini", "--write"])
        assert code == 0
        assert "no blastradius hook" in out
        assert not home.exists()

    def test_uninstall_dry_run(self, home: Path) -> None:
        """
        An uninstall without ``--write`` only says what it would remove.
        """
        _install_run(["install", "codex", "--write"])
        path = home / ".codex" / "hooks.json"
        before = path.read_text(encoding="utf-8")
        code, out = _install_run(["uninstall", "codex"])
        assert (code, path.read_text(encoding="utf-8")) == (0, before)
        assert "remove" in out

    def test_uninstall_empties(self, home: Path) -> None:
        """
        Removing the only hook of a Claude settings file leaves ``{}``.
        """
        _install_run(["install", "claude", "--write"])
        _install_run(["uninstall", "claude", "--write"])
        path = home / ".claude" / "settings.json"
        assert json.loads(path.read_text(encoding="utf-8")) == {}

    @pytest.mark.parametrize("text", ["{", "[1]", '{"hooks": []}'])
    def test_bad_file_untouched(
        self, home: Path, text: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A settings file that is not JSON, not an object or has ``hooks`` of
        the wrong type is reported and left as it is.
        """
        path = home / ".gemini" / "settings.json"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        code, _ = _install_run(["install", "gemini", "--write"])
        assert code == 1
        assert "cannot use" in capsys.readouterr().err
        assert path.read_text(encoding="utf-8") == text

    def test_write_error(
        self,
        home: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """
        A failed write is reported (exit 1).
        """

        def fail(*_: object) -> None:
            msg = "disk full"
            raise OSError(msg)

        monkeypatch.setattr(_install, "_write", fail)
        assert _install_run(["install", "claude", "--write"])[0] == 1
        assert "disk full" in capsys.readouterr().err

    def test_junk_handlers(self) -> None:
        """
        Handlers that are not objects, or have no command, are not ours and
        are kept.
        """
        config = {
            "version": 1,
            "hooks": {"beforeShellExecution": [3, {"x": 1}]},
        }
        assert installed_commands("cursor", config) == []
        assert remove("cursor", config) == config

    def test_empty_file(self, home: Path) -> None:
        """
        An empty settings file counts as ``{}``.
        """
        path = home / ".cursor" / "hooks.json"
        path.parent.mkdir(parents=True)
        path.write_text("\n", encoding="utf-8")
        assert _install_run(["install", "cursor", "--write"])[0] == 0
        assert installed_commands(
            "cursor", json.loads(path.read_text(encoding="utf-8"))
        )

    def test_unwritable(
        self, home: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A settings directory that cannot be created is an error (exit 1).
        """
        home.mkdir()
        (home / ".codex").write_text(
            "a file, not a directory", encoding="utf-8"
        )
        code, _ = _install_run(["install", "codex", "--write"])
        assert code == 1
        assert "cannot" in capsys.readouterr().err

    @pytest.mark.parametrize(
        "argv",
        [
            [],
            ["add", "claude"],
            ["install"],
            ["install", "vim"],
            ["install", "claude", "codex"],
            ["install", "claude", "--bogus"],
            ["install", "claude", "--preset"],
        ],
    )
    def test_usage(
        self, home: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        Usage errors exit 2 with the usage on stderr.
        """
        assert _install_run(argv)[0] == 2
        assert "usage: blastradius hook install" in capsys.readouterr().err

    def test_help(self, home: Path) -> None:
        """
        ``--help`` prints the usage.
        """
        code, out = _install_run(["install", "--help"])
        assert code == 0
        assert "AGENT is one of" in out

    def test_main_dispatch(
        self, home: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``blastradius hook install`` and ``hook uninstall`` reach the
        installer, printing to stdout.
        """
        assert main(["hook", "install", "gemini"]) == 0
        assert '"BeforeTool"' in capsys.readouterr().out
        assert main(["hook", "uninstall", "gemini"]) == 0
        assert "no blastradius hook" in capsys.readouterr().out
