"""
A smoke test of bench/bench_hook.py (the timings themselves are not
tested: they depend on the machine and its load).
"""

from __future__ import annotations

import json

from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import load_script


BENCH = Path(__file__).parent.parent / "bench" / "bench_hook.py"


def _load() -> ModuleType:
    return load_script(BENCH)


class TestBenchHook:
    """
    bench/bench_hook.py runs both processes and reports medians and ratio.
    """

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        One repetition reports the hook's decision, both medians and their
        ratio.
        """
        bench = _load()
        assert bench.main(["--repeat", "1", "--json", "--command", "ls"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["decision"] == "allow"
        assert result["hook_ms"] > 0
        assert result["import_attrs_ms"] > 0
        assert result["ratio"] == pytest.approx(
            result["hook_ms"] / result["import_attrs_ms"], rel=0.05
        )

    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        The text report names the ratio and its target.
        """
        bench = _load()
        assert bench.main(["--repeat", "1"]) == 0
        assert "target <= 1.5" in capsys.readouterr().out
