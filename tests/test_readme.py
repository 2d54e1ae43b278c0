from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import load_script

import blastradius


ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
TOOL = ROOT / "tools" / "gen_readme_examples.py"


def _load_tool() -> ModuleType:
    return load_script(TOOL)


tool = _load_tool()


class TestReadmeExamples:
    def test_readme_is_current(self) -> None:
        """
        The README's examples block is exactly what blastradius computes
        now (regenerate with ``python tools/gen_readme_examples.py --write
        README.md``).
        """
        text = README.read_text(encoding="utf-8")
        if tool.region(text) is None:
            pytest.skip(
                f"README.md has no {tool.START} ... {tool.END} markers yet"
            )
        diff = tool.check(README, tool.render())

        assert diff == [], "".join(diff)


class TestRender:
    def test_every_example(self) -> None:
        """
        Each example is a row with the score, tier and reasons `score()`
        gives it.
        """
        rows = tool.render().splitlines()[2:]

        assert len(rows) == len(tool.EXAMPLES)
        for cmd, row in zip(tool.EXAMPLES, rows, strict=True):
            a = blastradius.score(cmd)
            assert row.startswith(f"| {tool._code(cmd)} | {a.score} | ")
            assert f"`{a.tier.name}`" in row
            for reason in a.reasons:
                assert tool._code(reason) in row

    def test_examples_cover_tiers(self) -> None:
        """
        The examples show harmless and blocked commands alike.
        """
        tiers = {blastradius.score(c).tier for c in tool.EXAMPLES}

        assert {blastradius.Tier.AUTO, blastradius.Tier.BLOCKED} <= tiers

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("ls", "`ls`"),
            ("a | b", "`a \\| b`"),
            ("echo `id`", "`` echo `id` ``"),
            ("`x`", "`` `x` ``"),
            ("a\nb", "`a b`"),
        ],
    )
    def test_code_span(self, text: str, code: str) -> None:
        """
        Code spans escape table pipes, outgrow inner backticks and stay on
        one line.
        """
        assert tool._code(text) == code


class TestRegion:
    def test_check_write_round_trip(self, tmp_path: Path) -> None:
        """
        ``--write`` fills the region so that ``--check`` then passes, and
        leaves the text around the markers alone.
        """
        path = tmp_path / "README.md"
        path.write_text(
            f"intro\n{tool.START}\nstale\n{tool.END}\noutro\n",
            encoding="utf-8",
        )

        assert tool.main(["--check", str(path)]) == 1
        assert tool.main(["--write", str(path)]) == 0
        assert tool.main(["--check", str(path)]) == 0
        text = path.read_text(encoding="utf-8")
        assert text.startswith(f"intro\n{tool.START}\n")
        assert text.endswith(f"{tool.END}\noutro\n")
        assert "stale" not in text
        assert tool.write(path, tool.render()) is False

    @pytest.mark.parametrize(
        "text", ["no markers", "<!-- examples:end --> <!-- examples:start -->"]
    )
    def test_missing_markers(self, tmp_path: Path, text: str) -> None:
        """
        A file without markers (or with them reversed) is an error, status
        2, for both ``--check`` and ``--write``.
        """
        path = tmp_path / "README.md"
        path.write_text(text, encoding="utf-8")

        assert tool.region(text) is None
        assert tool.main(["--check", str(path)]) == 2
        assert tool.main(["--write", str(path)]) == 2
        assert path.read_text(encoding="utf-8") == text

    def test_print(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        Without options the tool prints the block.
        """
        assert tool.main([]) == 0
        assert capsys.readouterr().out == tool.render()
