"""
The rendered example in ``docs/reviews.md`` is what `review_issue` gives
(``tools/gen_review_example.py`` regenerates it).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from tests.helpers import load_script, parse_markdown


ROOT = Path(__file__).resolve().parents[2]


def _generator() -> ModuleType:
    path = ROOT / "tools" / "gen_review_example.py"
    return load_script(path, register=True)


class TestReviewsDoc:
    def test_example_fresh(self) -> None:
        """
        The docs' example title and body are exactly what `review_issue`
        renders today.
        """
        committed = (ROOT / "docs" / "reviews.md").read_text("utf-8")

        assert committed == _generator().render(), (
            "docs/reviews.md is stale: run python tools/gen_review_example.py"
        )
        assert _generator().example()[0] in committed

    def test_example_inert(self) -> None:
        """
        The example's mention and link are inert.
        """
        body = _generator().example()[1]

        assert parse_markdown(body).live == ()
        assert "`@oncall`" in body
