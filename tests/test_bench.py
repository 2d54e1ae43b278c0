from __future__ import annotations

import json

from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import load_script


BENCH = Path(__file__).parent.parent / "bench" / "bench.py"


def _load() -> ModuleType:
    return load_script(BENCH)


bench = _load()


class TestBenchScript:
    """
    A smoke test of bench/bench.py (the numbers themselves are not tested:
    they depend on the machine).
    """

    def test_runs_on_a_small_corpus(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        On a tiny corpus the script reports medians, the ratio and the
        worst commands as JSON; lines without ``cmd`` are skipped.
        """
        corpus = tmp_path / "c.jsonl"
        corpus.write_text(
            '{"meta": {"origin": "test"}}\n'
            '{"cmd": "kubectl get pods"}\n\n'
            '{"cmd": "rm -rf /"}\n',
            encoding="utf-8",
        )
        code = bench.main(
            [
                "--corpus",
                str(corpus),
                "--repeat",
                "2",
                "--number",
                "1",
                "--imports",
                "0",
                "--json",
            ]
        )
        result = json.loads(capsys.readouterr().out)
        calls = result["calls"]

        assert code == 0
        assert calls["commands"] == 2
        assert calls["score_us_median_of_means"] > 0
        assert calls["shlex_us_median_of_means"] > 0
        assert calls["ratio"] > 0
        assert calls["median_ratio"] == (
            calls["score_us_median_command"] / calls["shlex_us_median_command"]
        )
        assert "read_us_median_command" not in calls
        assert sorted(w["cmd"] for w in calls["worst"]) == [
            "kubectl get pods",
            "rm -rf /",
        ]
        assert "import" not in result

    def test_text_output(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        The text report names the ratio and the targets.
        """
        corpus = tmp_path / "c.jsonl"
        corpus.write_text('{"cmd": "ls\\n-la"}\n', encoding="utf-8")
        bench.main(
            ["--corpus", str(corpus), "--repeat", "1", "--imports", "0"]
        )
        out = capsys.readouterr().out

        assert "ratio score/shlex" in out
        assert "ls\\n-la" in out

    def test_stages(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``--stages`` also times the shell reader and the reader plus
        kubectl's parser.
        """
        corpus = tmp_path / "c.jsonl"
        corpus.write_text(
            '{"cmd": "kubectl -n prod get pods -o wide"}\n',
            encoding="utf-8",
        )
        bench.main(
            [
                "--corpus",
                str(corpus),
                "--repeat",
                "3",
                "--number",
                "20",
                "--imports",
                "0",
                "--json",
                "--stages",
            ]
        )
        calls = json.loads(capsys.readouterr().out)["calls"]

        assert calls["shell_parse_us_median_command"] > 0
        assert calls["read_us_median_command"] > 0

    def test_reading_floor_reads_kubectl(self) -> None:
        """
        The reading stage parses each kubectl command it finds, through
        wrappers, and returns the shell layer's result.
        """
        read = bench._reading_floor()["read"]

        parsed = read("sudo kubectl -n prod delete ns x; ls")

        assert [c.argv[0] for c in parsed.commands] == ["kubectl", "ls"]

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

    def test_importtime_parsing(self) -> None:
        """
        ``-X importtime`` lines are ranked by self time.
        """
        text = (
            "import time: self [us] | cumulative | imported package\n"
            "import time:       120 |        120 | a\n"
            "import time:       900 |       1020 | b\n"
            "import time:        50 |       1070 |   c\n"
            "unrelated line\n"
        )

        assert bench._slowest(text, 2) == [
            {"module": "b", "self_us": 900, "cumulative_us": 1020},
            {"module": "a", "self_us": 120, "cumulative_us": 120},
        ]

    def test_default_corpus_is_in_the_repo(self) -> None:
        """
        The default corpus is the kubectl examples copied into tests/data.
        """
        assert bench.CORPUS.is_file()
        assert len(bench.load_corpus(bench.CORPUS)) > 300

    def test_import_time(self) -> None:
        """
        The import measurement compares fresh interpreters with and without
        ``import blastradius`` and ranks the modules it loads.
        """
        result = bench.bench_import(1)

        assert result["runs"] == 1
        assert result["bare_ms"] > 0
        assert result["added_ms"] == result["import_ms"] - result["bare_ms"]
        assert result["attrs_added_ms"] > -result["bare_ms"]
        assert 0 < len(result["slowest_modules"]) <= 10
