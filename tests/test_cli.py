from __future__ import annotations

import datetime as dt
import importlib.metadata
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
    _common,
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
        For any text the CLI's JSON and exit status agree with `score()`;
        the text ``-`` means stdin, so stdin holds the same text.
        """
        out = io.StringIO()
        saved = sys.stdout, sys.stdin
        sys.stdout = out
        sys.stdin = io.TextIOWrapper(
            io.BytesIO(text.encode("utf-8")), encoding="utf-8"
        )
        try:
            code = main(["score", "--json", "--", text])
        finally:
            sys.stdout, sys.stdin = saved
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
        codes = [
            *TIER_EXIT.values(),
            EXIT_USAGE,
            EXIT_POLICY,
            _cli.EXIT_FOUND,
            _cli.EXIT_PIPE,
        ]

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

        codes = [*TIER_EXIT.values(), EXIT_USAGE, EXIT_POLICY]
        for code in [*codes, _cli.EXIT_FOUND, _cli.EXIT_PIPE]:
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

        try:
            version = blastradius.__version__
        except importlib.metadata.PackageNotFoundError:
            version = "(not installed)"
        assert info.value.code == 0
        assert capsys.readouterr().out == f"blastradius {version}\n"

    def test_version_not_installed(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        Run from a source tree without metadata, ``--version`` says so
        instead of failing, and scoring does not need the metadata.
        """

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


SRC = Path(__file__).parent.parent / "src"


class TestDispatch:
    @pytest.mark.parametrize("word", sorted(_cli.COMMANDS))
    def test_every_word_is_a_subcommand(
        self, capsys: pytest.CaptureFixture[str], word: str
    ) -> None:
        """
        Each subcommand word runs its own module (``--help`` exits 0 with
        its usage) or, when the module is not in this build, is a usage
        error naming the word; it is never scored as a program.
        """
        try:
            importlib.import_module(_cli.COMMANDS[word])
        except ModuleNotFoundError:
            err = _usage_error(capsys, [word])
            assert f"'{word}' is not available" in err
            return
        try:
            code: object = main([word, "--help"])
        except SystemExit as exc:  # argparse's --help exits
            code = exc.code
        out = capsys.readouterr().out

        assert code == 0
        assert f"blastradius {word}" in out

    def test_missing_module_json(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        A subcommand whose module is missing is a usage error, as JSON
        with ``--json``; an import error inside the module is not hidden.
        """
        monkeypatch.setitem(sys.modules, "blastradius._cli._policy", None)
        err = _usage_error(capsys, ["policy", "--json"])
        assert json.loads(err)["error"]["kind"] == "usage"

        broken = types.ModuleType("blastradius._cli._policy")
        monkeypatch.setitem(_cli.COMMANDS, "policy", "blastradius._nope_x")
        monkeypatch.setitem(sys.modules, "blastradius._nope_x", broken)
        with pytest.raises(AttributeError):
            main(["policy", "show"])

    def test_inner_import_error_propagates(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """
        A module that exists but fails importing something else raises,
        instead of passing for a missing subcommand.
        """
        (tmp_path / "br_broken_cmd.py").write_text(
            "import br_no_such_module_anywhere\n", encoding="utf-8"
        )
        monkeypatch.syspath_prepend(str(tmp_path))
        monkeypatch.setitem(_cli.COMMANDS, "policy", "br_broken_cmd")
        with pytest.raises(ModuleNotFoundError):
            main(["policy"])

    @pytest.mark.parametrize(
        ("argv", "near"),
        [
            (["polcy", "show"], "policy"),
            (["scor", "ls"], "score"),
            (["scroe", "ls"], "score"),
            (["hooks"], "hook"),
            (["rule"], "rules"),
            (["--json", "doctr"], "doctor"),
        ],
    )
    def test_typo_is_usage_error(
        self,
        capsys: pytest.CaptureFixture[str],
        recorder: _Recorder,
        argv: list[str],
        near: str,
    ) -> None:
        """
        A first word one edit from a subcommand, which no table knows as a
        program, is a usage error suggesting the subcommand; nothing is
        scored.
        """
        err = _usage_error(capsys, argv)

        assert f"did you mean '{near}'" in err
        assert recorder.calls == []

    @pytest.mark.parametrize(
        "argv",
        [["look", "x"], ["scp", "a", "b"], ["ls"], ["kubectl", "get"]],
    )
    def test_programs_still_scored(
        self,
        capsys: pytest.CaptureFixture[str],
        recorder: _Recorder,
        argv: list[str],
    ) -> None:
        """
        Words the tables know as programs (``look`` is one edit from
        ``hook``) and words far from every subcommand are scored.
        """
        _run(capsys, argv)

        assert recorder.calls[0][0] == " ".join(argv)

    def test_subcommand_after_options(
        self, capsys: pytest.CaptureFixture[str], recorder: _Recorder
    ) -> None:
        """
        ``blastradius --json score ls`` is ambiguous: a usage error telling
        how to write it; ``score --`` scores the word.
        """
        err = _usage_error(capsys, ["--json", "score", "ls"])
        assert "is a subcommand" in json.loads(err)["error"]["message"]

        _run(capsys, ["score", "--", "scan", "x"])
        _run(capsys, ["score", "scor", "x"])
        assert [c for c, _ in recorder.calls] == ["scan x", "scor x"]

    @pytest.mark.parametrize(
        ("a", "b", "one"),
        [
            ("polcy", "policy", True),
            ("policyy", "policy", True),
            ("plocy", "policy", False),
            ("scroe", "score", True),
            ("sxore", "score", True),
            ("score", "score", False),
            ("", "rules", False),
            ("ab", "ba", True),
            ("abc", "bca", False),
            ("scorex", "score", True),
            ("xscore", "score", True),
            ("srcoe", "score", False),
        ],
    )
    def test_one_edit(self, a: str, b: str, one: bool) -> None:
        """
        `_one_edit` is the Damerau-Levenshtein distance 1 test, both ways.
        """
        assert _cli._one_edit(a, b) is one
        assert _cli._one_edit(b, a) is one

    @given(st.text("abc", max_size=5), st.text("abc", max_size=5))
    def test_one_edit_property(self, a: str, b: str) -> None:
        """
        `_one_edit` agrees with the optimal-string-alignment distance being
        exactly 1, computed by dynamic programming.
        """
        d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
        for i in range(len(a) + 1):
            d[i][0] = i
        for j in range(len(b) + 1):
            d[0][j] = j
        for i in range(1, len(a) + 1):
            for j in range(1, len(b) + 1):
                cost = 0 if a[i - 1] == b[j - 1] else 1
                d[i][j] = min(
                    d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost
                )
                if (
                    i > 1
                    and j > 1
                    and a[i - 1] == b[j - 2]
                    and a[i - 2] == b[j - 1]
                ):
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)

        assert _cli._one_edit(a, b) is (d[len(a)][len(b)] == 1)

    def test_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        ``blastradius --help`` lists every subcommand word.
        """
        with pytest.raises(SystemExit) as info:
            main(["-h"])
        out = capsys.readouterr().out

        assert info.value.code == 0
        for word in _cli.COMMANDS:
            assert re.search(rf"^  {word}\b", out, re.MULTILINE), word


class TestVisible:
    @pytest.mark.parametrize(
        ("text", "shown"),
        [
            ("rm \x1b[2J", "rm \\x1b[2J"),
            ("a\u202eb", "a\\u202eb"),
            ("a\nb\tc\r", "a\\nb\\tc\\r"),
            ("x\U000e0041", "x\\U000e0041"),
            ("\udcff", "\\udcff"),
            ("caf\u00e9 \u00a0ok", "caf\u00e9 \u00a0ok"),
        ],
    )
    def test_escapes(self, text: str, shown: str) -> None:
        """
        Controls, format characters, tags and surrogates are escaped;
        printable text (accents, no-break space) is kept.
        """
        assert _common.visible(text) == shown

    @given(st.text())
    def test_never_raw(self, text: str) -> None:
        """
        For any text, the result has no character of a hidden category.
        """
        import unicodedata

        shown = _common.visible(text)

        assert all(
            unicodedata.category(c) not in _common._HIDDEN for c in shown
        )

    def test_reasons_escaped(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        A reason carrying escape sequences and newlines reaches the
        terminal escaped, on one line.
        """

        def fake(cmd: object, **kwargs: object) -> Assessment:
            return Assessment(
                score=0,
                tier=Tier.AUTO,
                reasons=["x [\x1b]0;pwned\x07\nfake]: y"],
                findings=[],
                commands=[],
            )

        monkeypatch.setattr(_score, "score", fake)
        _, out, _ = _run(capsys, ["ls"])

        assert "\x1b" not in out
        assert "\x07" not in out
        assert "  - x [\\x1b]0;pwned\\x07\\nfake]: y\n" in out

    def test_real_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        A real command with an escape sequence in a word prints escaped.
        """
        code, out, _ = _run(capsys, ["score", "--", "rm -rf /\x1b[31m"])

        assert "\x1b" not in out
        assert code == TIER_EXIT[blastradius.score("rm -rf /\x1b[31m").tier]

    def test_errors_escaped(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        A usage error quoting user input escapes it.
        """
        err = _usage_error(capsys, ["explain", "x\x1b[2J"])

        assert "\x1b" not in err


class TestRulesCommands:
    def test_explain(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        ``explain RULE_ID`` prints the table's row: family, kind, score,
        effect, message, table.
        """
        from blastradius.families.kubectl.rules import HARD_RULES

        row = HARD_RULES[0]
        code, out, _ = _run(capsys, ["explain", row.id])

        assert code == EXIT_AUTO
        assert f"rule: {row.id}\n" in out
        assert "kind: hard\nscore: 100\n" in out
        assert f"message: {row.message}\n" in out
        assert "table: blastradius.rules.kubectl.HARD_RULES\n" in out

    def test_explain_json_and_weight(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``explain --json`` prints the record; a weight row says weight.
        """
        _, out, _ = _run(capsys, ["explain", "namespace.system", "--json"])
        record = json.loads(out)
        assert record["kind"] == "info"
        assert "kube-system" in record["message"]

        _, out, _ = _run(capsys, ["explain", "namespace.system"])
        assert "weight: " in out
        assert "effect:" not in out

    def test_explain_unknown(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        An unknown id is a usage error with the nearest ids; JSON with
        ``--json``.
        """
        err = _usage_error(capsys, ["explain", "kubectl.delete.namespac"])
        assert "did you mean kubectl.delete.namespace" in err

        err = _usage_error(capsys, ["explain", "--json", "zzz"])
        assert json.loads(err)["error"]["exit"] == EXIT_USAGE

    def test_rules_family(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        ``rules --family git`` lists exactly the git rows and the ids the
        CLI analyzer writes for the family, as a table; ``--json`` as
        records.
        """
        from blastradius.families.git.grammar import GIT

        code, out, _ = _run(capsys, ["rules", "--family", "git"])
        ids = {line.split()[0] for line in out.splitlines()[1:]}
        assert code == EXIT_AUTO
        assert out.startswith("RULE ")
        engine = {"git.unknown", "git.dynamic.unknown", "git.args.unknown"}
        assert ids == {r.id for r in GIT.rules} | engine

        _, out, _ = _run(capsys, ["rules", "--json", "--family", "git"])
        assert {r["id"] for r in json.loads(out)} == ids

    def test_rules_all(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        ``rules`` lists every family; an unknown family is a usage error
        naming the families.
        """
        from blastradius.rules._catalog import catalog

        _, out, _ = _run(capsys, ["rules"])
        assert len(out.splitlines()) == len(catalog()) + 1

        err = _usage_error(capsys, ["rules", "--family", "nope"])
        assert "kubectl" in err

    def test_run_needs_word(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        The module's `run` refuses argv without its word.
        """
        from blastradius._cli import _rules

        assert _rules.run([]) == EXIT_USAGE
        assert "expected" in capsys.readouterr().err


class TestCatalog:
    def test_every_table_row(self) -> None:
        """
        Every row id of the kubectl, tool, shell and data tables is in the
        catalog, under its first id word as family.
        """
        from blastradius.families._toolspecs import TOOL_SPECS
        from blastradius.families.datastore import rules as datastore
        from blastradius.families.http import rules as http
        from blastradius.families.interpreters import rules as interpreters
        from blastradius.families.kubectl import rules as k
        from blastradius.families.shell.rules import SHELL_SPECS
        from blastradius.families.sql import rules as sql
        from blastradius.rules._catalog import catalog, families

        rules = catalog()
        ids = {
            *(a.id for a in k.ACTIONS),
            *(h.id for h in k.HARD_RULES),
            *(m.id for m in k.MODIFIERS),
            *k.UNKNOWN_RULES,
            *(r.id for s in SHELL_SPECS.values() for r in s.rules),
            *(r.id for s in TOOL_SPECS.values() for r in s.rules),
            *(
                r.id
                for m in (sql, datastore, http, interpreters)
                for r in m.RULES
            ),
        }

        assert ids <= set(rules)
        assert list(rules) == sorted(rules)
        assert set(families(rules)) == {i.partition(".")[0] for i in rules}
        for info in rules.values():
            assert info.to_dict()["family"] == info.family

    def test_hard_rows_score_100(self) -> None:
        """
        Hard rows say 100; a real hard finding's rule is one of them.
        """
        from blastradius.rules._catalog import catalog

        rules = catalog()
        finding = next(
            f
            for f in blastradius.score("kubectl delete ns prod").findings
            if f.hard
        )

        assert rules[finding.rule].score == 100
        assert all(
            r.score == 100
            for r in rules.values()
            if r.kind is blastradius.Kind.HARD
        )


class TestJsonErrors:
    @pytest.mark.parametrize(
        "argv",
        [
            ["--json", "--now", "yesterday", "ls"],
            ["score", "--json", "--no-such"],
            ["--policy", "p", "--json", "--now", "x", "ls"],
        ],
    )
    def test_usage(
        self, capsys: pytest.CaptureFixture[str], argv: list[str]
    ) -> None:
        """
        With ``--json`` among the options, a usage error is one JSON
        object on stderr with kind, message and exit status.
        """
        err = _usage_error(capsys, argv)
        error = json.loads(err)["error"]

        assert error["kind"] == "usage"
        assert error["exit"] == EXIT_USAGE

    def test_policy(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        A bad policy with ``--json`` is a JSON error, `EXIT_POLICY`.
        """
        monkeypatch.setitem(sys.modules, "blastradius._policy_io", None)
        code, out, err = _run(capsys, ["--json", "--policy", "p", "ls"])

        assert code == EXIT_POLICY
        assert out == ""
        assert json.loads(err)["error"]["kind"] == "policy"

    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (["--format", "json", "x"], True),
            (["--format=json"], True),
            (["--format", "sarif"], False),
            (["-", "--json"], False),
            (["--", "--json"], False),
            (["--policy", "--json", "ls"], False),
        ],
    )
    def test_wants_json(self, argv: list[str], expected: bool) -> None:
        """
        `wants_json` reads only the leading options (skipping values).
        """
        assert _common.wants_json(argv, values=["--policy"]) is expected


class TestLines:
    def test_stdin(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        ``--lines`` scores each non-blank stdin line on its own: one JSON
        record per line with package, version, schema, line number,
        command and assessment; the exit status is the worst tier's.
        """
        _stdin(monkeypatch, b"ls\n\nkubectl delete ns prod\n")
        code, out, _ = _run(capsys, ["--lines"])
        records = [json.loads(line) for line in out.splitlines()]

        assert [r["line"] for r in records] == [1, 3]
        assert records[1]["assessment"] == (
            blastradius.score("kubectl delete ns prod").to_dict()
        )
        assert {r["package"] for r in records} == {"blastradius-policy"}
        assert {r["schema"] for r in records} == {1}
        assert {r["source"] for r in records} == {"-"}
        assert records[0]["version"]
        assert code == EXIT_BLOCKED

    def test_files(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        ``--lines FILE...`` reads the files; ``--exit-zero`` exits 0.
        """
        a = tmp_path / "a.txt"
        a.write_bytes(b"ls -la\r\nrm -rf /\n")
        code, out, _ = _run(
            capsys, ["score", "--lines", "--exit-zero", str(a)]
        )
        records = [json.loads(line) for line in out.splitlines()]

        assert [r["command"] for r in records] == ["ls -la", "rm -rf /"]
        assert records[1]["assessment"]["tier"] == "blocked"
        assert code == EXIT_AUTO

    def test_missing_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A missing file is a JSON usage error.
        """
        code, out, err = _run(capsys, ["--lines", str(tmp_path / "no")])

        assert code == EXIT_USAGE
        assert out == ""
        assert json.loads(err)["error"]["kind"] == "usage"

    def test_not_with_argv(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        ``--lines`` with ``--argv`` is a usage error.
        """
        err = _usage_error(capsys, ["--lines", "--argv"])

        assert "cannot be used together" in json.loads(err)["error"]["message"]


class TestProcess:
    def test_version_without_engine(self) -> None:
        """
        ``--version`` answers without importing the scoring engine.
        """
        code = (
            "import sys, runpy\n"
            "sys.argv = ['blastradius', '--version']\n"
            "try:\n"
            "    runpy.run_module('blastradius', run_name='__main__')\n"
            "except SystemExit:\n"
            "    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('blastradius')))\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
            env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        )
        first, modules = proc.stdout.splitlines()

        assert first.startswith("blastradius ")
        assert "blastradius._score" not in modules
        assert "blastradius._model" not in modules

    def test_closed_pipe(self) -> None:
        """
        ``blastradius ls | head -0``: the reader is gone; the CLI exits
        quietly with `EXIT_PIPE` (no traceback, nothing on stderr).
        """
        proc = subprocess.Popen(
            [sys.executable, "-m", "blastradius", "rules"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        )
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read()
        proc.stderr.close()

        assert proc.wait(timeout=120) == _cli.EXIT_PIPE
        assert err == b""

    @pytest.mark.parametrize(
        "args", [["--version"], ["--help"], ["rules", "--help"], ["polcy"]]
    )
    def test_closed_pipe_on_exit(self, args: list[str]) -> None:
        """
        Output followed by `SystemExit` (help, version, a usage error) into
        a closed pipe also ends quietly with `EXIT_PIPE`.
        """
        proc = subprocess.Popen(
            [sys.executable, "-m", "blastradius", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL
            if args == ["polcy"]
            else subprocess.PIPE,
            env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        )
        assert proc.stdout is not None
        proc.stdout.close()
        err = b""
        if proc.stderr is not None:
            err = proc.stderr.read()
            proc.stderr.close()
        code = proc.wait(timeout=120)

        assert err == b""
        assert code == (EXIT_USAGE if args == ["polcy"] else _cli.EXIT_PIPE)

    def test_closed_pipe_shell(self) -> None:
        """
        The same through a real shell pipeline into ``head -0``.
        """
        proc = subprocess.run(
            [
                "/bin/sh",
                "-c",
                f'"{sys.executable}" -m blastradius ls | head -0',
            ],
            capture_output=True,
            check=False,
            timeout=120,
            env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        )

        assert proc.stdout == b""
        assert b"Traceback" not in proc.stderr
        assert b"Error" not in proc.stderr

    def test_broken_pipe_in_process(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        A `BrokenPipeError` while writing gives `EXIT_PIPE`, also when
        stdout has no file descriptor.
        """

        class Closed(io.StringIO):
            def write(self, text: str) -> int:
                raise BrokenPipeError

        monkeypatch.setattr(sys, "stdout", Closed())

        assert main(["ls"]) == _cli.EXIT_PIPE

    def test_quiet_stdout_redirects(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """
        After a closed pipe, stdout's descriptor points at the null device:
        what is still written there goes nowhere.
        """
        import os

        path = tmp_path / "out"
        with path.open("wb") as f:
            fd = os.dup(f.fileno())

        class Out(io.StringIO):
            def fileno(self) -> int:
                return fd

        monkeypatch.setattr(sys, "stdout", Out())
        try:
            _cli._quiet_stdout()
            os.write(fd, b"gone")
        finally:
            os.close(fd)

        assert path.read_bytes() == b""
