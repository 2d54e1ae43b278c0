from __future__ import annotations

import datetime as dt
import importlib.util
import inspect
import io
import json
import re
import runpy
import subprocess
import sys
import sysconfig
import types

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from hypothesis import given
from hypothesis import strategies as st

import blastradius

from blastradius import _cli, _score
from blastradius._cli import (
    EXIT_AUTO,
    EXIT_BLOCKED,
    EXIT_DUAL,
    EXIT_HUMAN,
    EXIT_POLICY,
    EXIT_USAGE,
    main,
)
from blastradius._model import Assessment, Tier
from blastradius.exceptions import PolicyError


DOCS = Path(__file__).parent.parent / "docs"

TIER_EXIT = {
    Tier.AUTO: EXIT_AUTO,
    Tier.HUMAN: EXIT_HUMAN,
    Tier.DUAL: EXIT_DUAL,
    Tier.BLOCKED: EXIT_BLOCKED,
}

COMMANDS = [
    "ls -la",
    "kubectl get pods -A",
    "kubectl delete ns prod",
    "rm -rf /",
    "frobnicate --now",
    "",
]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    )


def _run(
    capsys: pytest.CaptureFixture[str], argv: Sequence[str]
) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _usage_error(
    capsys: pytest.CaptureFixture[str], argv: Sequence[str]
) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == EXIT_USAGE
    return capsys.readouterr().err


def _has_policy_io() -> bool:
    return (
        importlib.util.find_spec("blastradius._policy_io") is not None
        and hasattr(blastradius.Policy, "to_toml")
        and hasattr(blastradius.Policy, "from_toml")
    )


needs_policy_io = pytest.mark.skipif(
    not _has_policy_io(),
    reason=(
        "blastradius._policy_io.load_policy / Policy.to_toml() / "
        "Policy.from_toml() not there yet"
    ),
)


class _Recorder:
    """
    A stand-in for `blastradius._score.score` that records its calls and
    returns an assessment of a chosen tier.
    """

    def __init__(self, tier: Tier = Tier.AUTO) -> None:
        self.tier = tier
        self.calls: list[tuple[object, dict[str, object]]] = []

    def __call__(
        self,
        cmd: str | Sequence[str],
        *,
        policy: object = None,
        now: dt.datetime | None = None,
    ) -> Assessment:
        self.calls.append((cmd, {"policy": policy, "now": now}))
        value = {
            Tier.AUTO: 0,
            Tier.HUMAN: 30,
            Tier.DUAL: 70,
            Tier.BLOCKED: 100,
        }[self.tier]
        return Assessment(
            score=value,
            tier=self.tier,
            reasons=[f"fake.rule [x]: tier {self.tier.value}"],
            findings=[],
            commands=[],
        )


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> _Recorder:
    rec = _Recorder()
    monkeypatch.setattr(_score, "score", rec)
    return rec


class TestScoreOutput:
    @pytest.mark.parametrize("cmd", COMMANDS)
    def test_text_matches_score(
        self, capsys: pytest.CaptureFixture[str], cmd: str
    ) -> None:
        """
        The text output names score, tier and every reason of `score()`,
        and the exit status is the tier's.
        """
        expected = blastradius.score(cmd)
        code, out, _ = _run(capsys, ["score", "--", cmd])

        assert code == TIER_EXIT[expected.tier]
        assert f"score: {expected.score}\n" in out
        assert f"tier: {expected.tier.value}\n" in out
        for reason in expected.reasons:
            assert f"  - {reason}\n" in out

    @pytest.mark.parametrize("cmd", COMMANDS)
    def test_json_is_to_dict(
        self, capsys: pytest.CaptureFixture[str], cmd: str
    ) -> None:
        """
        ``--json`` prints exactly ``Assessment.to_dict()``.
        """
        code, out, _ = _run(capsys, ["score", "--json", "--", cmd])

        expected = blastradius.score(cmd)
        assert json.loads(out) == expected.to_dict()
        assert code == TIER_EXIT[expected.tier]

    def test_no_reasons_says_none(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        An assessment without reasons prints ``reasons: none``.
        """

        def fake(cmd: object, **kwargs: object) -> Assessment:
            return Assessment(
                score=0, tier=Tier.AUTO, reasons=[], findings=[], commands=[]
            )

        monkeypatch.setattr(_score, "score", fake)
        code, out, _ = _run(capsys, ["ls"])

        assert code == EXIT_AUTO
        assert out == "score: 0\ntier: auto\nreasons: none\n"

    def test_unencodable_text_is_escaped(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A lone surrogate (undecodable bytes on the command line) is printed
        escaped instead of crashing the output.
        """
        code, out, _ = _run(capsys, ["score", "--", "\udcff-tool --x"])

        assert code == TIER_EXIT[blastradius.score("\udcff-tool --x").tier]
        assert "\udcff" not in out
        assert "score: " in out

    @given(st.text(max_size=200))
    def test_any_text(self, text: str) -> None:
        """
        For any text the CLI's JSON and exit status agree with `score()`.
        """
        out = io.StringIO()
        saved = sys.stdout
        sys.stdout = out
        try:
            code = main(["score", "--json", "--", text])
        finally:
            sys.stdout = saved
        expected = blastradius.score(text)

        assert code == TIER_EXIT[expected.tier]
        assert json.loads(out.getvalue()) == json.loads(
            json.dumps(expected.to_dict())
        )


class TestExitStatus:
    @pytest.mark.parametrize("tier", list(Tier))
    def test_per_tier(
        self,
        capsys: pytest.CaptureFixture[str],
        recorder: _Recorder,
        tier: Tier,
    ) -> None:
        """
        Each tier has its own documented exit status.
        """
        recorder.tier = tier
        code, out, _ = _run(capsys, ["whatever"])

        assert code == TIER_EXIT[tier]
        assert f"tier: {tier.value}\n" in out

    @pytest.mark.parametrize("tier", list(Tier))
    def test_exit_zero(
        self,
        capsys: pytest.CaptureFixture[str],
        recorder: _Recorder,
        tier: Tier,
    ) -> None:
        """
        ``--exit-zero`` exits 0 for every tier and still prints it.
        """
        recorder.tier = tier
        code, out, _ = _run(capsys, ["--exit-zero", "whatever"])

        assert code == EXIT_AUTO
        assert f"tier: {tier.value}\n" in out

    def test_exit_zero_keeps_errors(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        ``--exit-zero`` does not hide a bad policy file.
        """
        monkeypatch.setitem(sys.modules, "blastradius._policy_io", None)
        code, _, _ = _run(capsys, ["--exit-zero", "--policy", "p", "ls"])

        assert code == EXIT_POLICY

    def test_distinct(self) -> None:
        """
        The exit statuses of the tiers, usage errors and bad policies are
        all different.
        """
        codes = [*TIER_EXIT.values(), EXIT_USAGE, EXIT_POLICY]

        assert len(set(codes)) == len(codes)

    def test_help_documents_them(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``--help`` lists every exit status with its meaning.
        """
        with pytest.raises(SystemExit) as info:
            main(["--help"])
        out = capsys.readouterr().out

        assert info.value.code == 0
        for code, word in [
            (EXIT_AUTO, "AUTO"),
            (EXIT_HUMAN, "HUMAN"),
            (EXIT_DUAL, "DUAL"),
            (EXIT_BLOCKED, "BLOCKED"),
            (EXIT_USAGE, "usage"),
            (EXIT_POLICY, "invalid"),
        ]:
            assert re.search(rf"^\s+{code}\s+{word}", out, re.MULTILINE)

    def test_docs_document_them(self) -> None:
        """
        docs/cli.md lists every exit status.
        """
        text = (DOCS / "cli.md").read_text(encoding="utf-8")

        for code in [*TIER_EXIT.values(), EXIT_USAGE, EXIT_POLICY]:
            assert re.search(rf"^\|\s*`{code}`\s*\|", text, re.MULTILINE)

    def test_unknown_option(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        An unknown option before the command is a usage error.
        """
        err = _usage_error(capsys, ["--no-such-option", "ls"])

        assert "--no-such-option" in err


class TestCommandWords:
    def test_words_joined(
        self, capsys: pytest.CaptureFixture[str], recorder: _Recorder
    ) -> None:
        """
        Several words form one command line, joined with spaces; options
        after the first word belong to the command.
        """
        _run(capsys, ["kubectl", "-n", "prod", "delete", "pod", "x", "--json"])

        assert recorder.calls == [
            (
                "kubectl -n prod delete pod x --json",
                {"policy": None, "now": None},
            )
        ]

    def test_score_subcommand_is_default(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``blastradius CMD`` and ``blastradius score CMD`` print the same.
        """
        implicit = _run(capsys, ["--json", "rm", "-rf", "/"])
        explicit = _run(capsys, ["score", "--json", "rm", "-rf", "/"])

        assert implicit == explicit

    def test_double_dash(
        self, capsys: pytest.CaptureFixture[str], recorder: _Recorder
    ) -> None:
        """
        ``--`` ends the options: the command may start with a dash or a
        subcommand's name.
        """
        _run(capsys, ["--", "-x", "y"])
        _run(capsys, ["score", "--", "policy", "show"])

        assert [c for c, _ in recorder.calls] == ["-x y", "policy show"]

    def test_argv(
        self, capsys: pytest.CaptureFixture[str], recorder: _Recorder
    ) -> None:
        """
        ``--argv`` passes the words as a list, without joining them.
        """
        _run(capsys, ["--argv", "rm", "-rf", "/srv/a b"])

        assert recorder.calls[0][0] == ["rm", "-rf", "/srv/a b"]

    def test_argv_real(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        ``--argv`` gives what `score()` gives for the same list.
        """
        words = ["echo", "a; rm -rf /"]
        _, out, _ = _run(capsys, ["--json", "--argv", *words])

        assert json.loads(out) == blastradius.score(words).to_dict()


class TestStdin:
    @pytest.mark.parametrize("argv", [[], ["-"], ["--json"], ["score", "-"]])
    def test_reads_stdin(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        recorder: _Recorder,
        argv: list[str],
    ) -> None:
        """
        No command or ``-`` reads the whole command (a script) from stdin.
        """
        _stdin(monkeypatch, b"cd /tmp\nrm -rf x\n")
        _run(capsys, argv)

        assert recorder.calls[0][0] == "cd /tmp\nrm -rf x\n"

    def test_argv_lines(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        recorder: _Recorder,
    ) -> None:
        """
        With ``--argv``, stdin holds one word per line.
        """
        _stdin(monkeypatch, b"rm\n-rf\n/srv/a b\n")
        _run(capsys, ["--argv", "-"])

        assert recorder.calls[0][0] == ["rm", "-rf", "/srv/a b"]

    def test_undecodable_bytes(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        recorder: _Recorder,
    ) -> None:
        """
        Bytes that are not UTF-8 reach `score()` as surrogate escapes.
        """
        _stdin(monkeypatch, b"rm \xff\n")
        _run(capsys, [])

        assert recorder.calls[0][0] == "rm \udcff\n"

    def test_text_stream_without_buffer(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        recorder: _Recorder,
    ) -> None:
        """
        A text stdin without a byte buffer is read as text.
        """
        monkeypatch.setattr(sys, "stdin", io.StringIO("ls\n"))
        _run(capsys, ["-"])

        assert recorder.calls[0][0] == "ls\n"

    def test_tty_is_usage_error(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        No command and a terminal on stdin is a usage error, not a hang.
        """

        class Tty(io.StringIO):
            def isatty(self) -> bool:
                return True

        monkeypatch.setattr(sys, "stdin", Tty())
        err = _usage_error(capsys, [])

        assert "no command given" in err


def _fake_policy_io(
    monkeypatch: pytest.MonkeyPatch, load: Callable[[str], object]
) -> None:
    module = types.ModuleType("blastradius._policy_io")
    module.load_policy = load  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "blastradius._policy_io", module)


class TestPolicyOption:
    def test_passes_loaded_policy(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        recorder: _Recorder,
    ) -> None:
        """
        ``--policy FILE`` passes what ``load_policy(FILE)`` returns.
        """
        sentinel = blastradius.Policy()
        paths: list[str] = []

        def load(path: str) -> object:
            paths.append(path)
            return sentinel

        _fake_policy_io(monkeypatch, load)
        _run(capsys, ["--policy", "p.toml", "ls"])

        assert paths == ["p.toml"]
        assert recorder.calls[0][1]["policy"] is sentinel

    @pytest.mark.parametrize(
        ("error", "words"),
        [
            (PolicyError("bad", path="thresholds.auto"), "thresholds.auto"),
            (FileNotFoundError(2, "No such file"), "cannot read"),
            (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "x"), "cannot read"),
        ],
    )
    def test_bad_policy(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        recorder: _Recorder,
        error: Exception,
        words: str,
    ) -> None:
        """
        An invalid or unreadable policy exits with `EXIT_POLICY`, says why
        on stderr and scores nothing.
        """

        def load(path: str) -> object:
            raise error

        _fake_policy_io(monkeypatch, load)
        code, out, err = _run(capsys, ["--policy", "p.toml", "ls"])

        assert code == EXIT_POLICY
        assert out == ""
        assert "p.toml" in err
        assert words in err
        assert recorder.calls == []

    def test_missing_helper(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        Without the policy loader, ``--policy`` fails with `EXIT_POLICY`
        and says so.
        """
        monkeypatch.setitem(sys.modules, "blastradius._policy_io", None)
        code, _, err = _run(capsys, ["--policy", "p.toml", "ls"])

        assert code == EXIT_POLICY
        assert "not supported" in err

    @needs_policy_io
    def test_real_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        ``--policy`` scores as `score()` does under the loaded policy.
        """
        from blastradius._policy_io import (  # type: ignore[import-not-found,unused-ignore]
            load_policy,
        )

        path = tmp_path / "policy.toml"
        path.write_text(blastradius.Policy().to_toml(), encoding="utf-8")  # type: ignore[attr-defined,unused-ignore]
        policy = load_policy(str(path))
        code, out, _ = _run(
            capsys, ["--json", "--policy", str(path), "kubectl delete ns x"]
        )

        expected = blastradius.score("kubectl delete ns x", policy=policy)
        assert json.loads(out) == expected.to_dict()
        assert code == TIER_EXIT[expected.tier]


class TestNow:
    def test_passed_as_aware_datetime(
        self, capsys: pytest.CaptureFixture[str], recorder: _Recorder
    ) -> None:
        """
        ``--now`` passes an aware `datetime`; ``Z`` means UTC.
        """
        _run(capsys, ["--now", "2026-01-31T12:00:00Z", "ls"])
        _run(capsys, ["--now", "2026-01-31T13:00:00+01:00", "ls"])

        first, second = (c[1]["now"] for c in recorder.calls)
        assert first == dt.datetime(2026, 1, 31, 12, tzinfo=dt.timezone.utc)
        assert first == second

    @pytest.mark.parametrize(
        ("value", "words"),
        [("yesterday", "not an ISO 8601"), ("2026-01-31T12:00", "UTC offset")],
    )
    def test_bad_value(
        self,
        capsys: pytest.CaptureFixture[str],
        recorder: _Recorder,
        value: str,
        words: str,
    ) -> None:
        """
        A value that is not an aware ISO 8601 time is a usage error.
        """
        err = _usage_error(capsys, ["--now", value, "ls"])

        assert words in err
        assert recorder.calls == []

    def test_unsupported(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        When `score()` takes no *now*, ``--now`` is a clear usage error.
        """

        def old(cmd: object, *, policy: object = None) -> Assessment:
            raise AssertionError

        monkeypatch.setattr(_score, "score", old)
        err = _usage_error(capsys, ["--now", "2026-01-31T12:00:00Z", "ls"])

        assert "--now is not supported" in err

    @pytest.mark.skipif(
        "now" not in inspect.signature(blastradius.score).parameters,
        reason="score() takes no 'now' yet",
    )
    def test_real(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        ``--now`` gives what `score(..., now=...)` gives.
        """
        when = dt.datetime(2026, 1, 31, 12, tzinfo=dt.timezone.utc)
        _, out, _ = _run(
            capsys, ["--json", "--now", when.isoformat(), "rm", "-rf", "/"]
        )

        expected = blastradius.score("rm -rf /", now=when)  # type: ignore[call-arg,unused-ignore]
        assert json.loads(out) == expected.to_dict()


class TestPolicyCommand:
    def test_needs_action(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        ``blastradius policy`` alone is a usage error.
        """
        err = _usage_error(capsys, ["policy"])

        assert "ACTION" in err

    def test_unsupported(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        Without `Policy.to_toml()` the policy commands fail clearly.
        """
        monkeypatch.delattr(blastradius.Policy, "to_toml", raising=False)
        err = _usage_error(capsys, ["policy", "show"])

        assert "not supported" in err

    @pytest.mark.parametrize("newline", ["", "\n"])
    def test_check_with_fake(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        newline: str,
    ) -> None:
        """
        ``policy check FILE`` prints the fingerprint as a TOML comment,
        then the policy's TOML, and exits 0.
        """

        class P:
            fingerprint = "0123456789abcdef"

            def to_toml(self) -> str:
                return "version = 1" + newline

        monkeypatch.setattr(
            blastradius.Policy, "to_toml", P.to_toml, raising=False
        )
        _fake_policy_io(monkeypatch, lambda path: P())
        code, out, _ = _run(capsys, ["policy", "check", "p.toml"])

        assert code == EXIT_AUTO
        assert out == "# fingerprint: 0123456789abcdef\nversion = 1\n"

    def test_check_bad_with_fake(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        ``policy check`` of an invalid file exits `EXIT_POLICY` with the
        `PolicyError` message.
        """

        def load(path: str) -> object:
            msg = "unknown key"
            raise PolicyError(msg, path="tresholds", line=3)

        monkeypatch.setattr(
            blastradius.Policy, "to_toml", lambda self: "", raising=False
        )
        _fake_policy_io(monkeypatch, load)
        code, out, err = _run(capsys, ["policy", "check", "p.toml"])

        assert code == EXIT_POLICY
        assert out == ""
        assert "tresholds (line 3): unknown key" in err

    @needs_policy_io
    def test_show(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        ``policy show`` prints the default policy as TOML that loads back
        to the default, with its fingerprint.
        """
        code, out, _ = _run(capsys, ["policy", "show"])

        default = blastradius.Policy()
        assert code == EXIT_AUTO
        assert out.startswith(f"# fingerprint: {default.fingerprint}\n")
        assert blastradius.Policy.from_toml(out) == default  # type: ignore[attr-defined,unused-ignore]

    @needs_policy_io
    def test_check_real(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        ``policy check`` of a valid file prints its effective policy and
        fingerprint; of an invalid one, the error and `EXIT_POLICY`.
        """
        good = tmp_path / "good.toml"
        good.write_text(blastradius.Policy().to_toml(), encoding="utf-8")  # type: ignore[attr-defined,unused-ignore]
        bad = tmp_path / "bad.toml"
        bad.write_text("no_such_key_anywhere = 1\n", encoding="utf-8")

        code, out, _ = _run(capsys, ["policy", "check", str(good)])
        assert code == EXIT_AUTO
        assert blastradius.Policy().fingerprint in out

        code, out, err = _run(capsys, ["policy", "check", str(bad)])
        assert code == EXIT_POLICY
        assert out == ""
        assert "no_such_key_anywhere" in err

    def test_check_missing_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        ``policy check`` of a missing file exits `EXIT_POLICY` (with or
        without the policy loader).
        """
        missing = str(tmp_path / "missing.toml")
        if not hasattr(blastradius.Policy, "to_toml"):
            pytest.skip("Policy.to_toml() not there yet")
        code, out, err = _run(capsys, ["policy", "check", missing])

        assert code == EXIT_POLICY
        assert out == ""
        assert "missing.toml" in err or "not supported" in err


class TestEntryPoints:
    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        ``--version`` prints the package version.
        """
        with pytest.raises(SystemExit) as info:
            main(["--version"])

        assert info.value.code == 0
        assert capsys.readouterr().out == (
            f"blastradius {blastradius.__version__}\n"
        )

    def test_version_not_installed(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        Run from a source tree without metadata, ``--version`` says so
        instead of failing, and scoring does not need the metadata.
        """
        import importlib.metadata

        def missing(name: str) -> str:
            raise importlib.metadata.PackageNotFoundError(name)

        monkeypatch.setattr(importlib.metadata, "version", missing)
        with pytest.raises(SystemExit) as info:
            main(["--version"])

        assert info.value.code == 0
        assert capsys.readouterr().out == "blastradius (not installed)\n"
        assert main(["--exit-zero", "ls"]) == EXIT_AUTO

    def test_main_reads_sys_argv(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        Without arguments `main()` reads ``sys.argv``.
        """
        monkeypatch.setattr(sys, "argv", ["blastradius", "--json", "ls"])
        code = main()

        assert json.loads(capsys.readouterr().out)["tier"] in {
            t.value for t in Tier
        }
        assert code == TIER_EXIT[blastradius.score("ls").tier]

    def test_dunder_main_in_process(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        Running ``blastradius.__main__`` exits with `main()`'s status.
        """
        monkeypatch.setattr(sys, "argv", ["blastradius", "rm", "-rf", "/"])
        with pytest.raises(SystemExit) as info:
            runpy.run_module("blastradius", run_name="__main__")

        assert info.value.code == TIER_EXIT[blastradius.score("rm -rf /").tier]
        assert "score: " in capsys.readouterr().out

    def test_importing_dunder_main_runs_nothing(self) -> None:
        """
        Importing ``blastradius.__main__`` (doctest collection) does not
        run the CLI.
        """
        module = runpy.run_module("blastradius", run_name="not_main")

        assert "main" not in module

    @pytest.mark.parametrize(
        "prefix",
        [
            [sys.executable, "-m", "blastradius"],
            [str(Path(sysconfig.get_path("scripts")) / "blastradius")],
        ],
        ids=["python-m", "console-script"],
    )
    def test_subprocess(self, prefix: list[str]) -> None:
        """
        ``python -m blastradius`` and the ``blastradius`` script run the
        CLI with the documented exit status.
        """
        if not Path(prefix[0]).exists():
            pytest.skip(f"{prefix[0]} not installed")
        cmd = "kubectl delete ns prod"
        proc = subprocess.run(
            [*prefix, "--json", cmd],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        expected = blastradius.score(cmd)

        assert proc.returncode == TIER_EXIT[expected.tier], proc.stderr
        assert json.loads(proc.stdout) == expected.to_dict()

    def test_exports(self) -> None:
        """
        The module's `__all__` names exist and are sorted.
        """
        names: list[str] = list(_cli.__all__)

        assert names == sorted(names)
        assert all(hasattr(_cli, n) for n in names)
