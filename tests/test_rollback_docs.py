from __future__ import annotations

from pathlib import Path
from types import ModuleType

from tests.helpers import load_script


ROOT = Path(__file__).resolve().parent.parent


def _generator() -> ModuleType:
    path = ROOT / "tools" / "gen_rollback_docs.py"
    return load_script(path, register=True)


class TestRollbackDocs:
    def test_page_is_up_to_date(self) -> None:
        """docs/rollback.md is what tools/gen_rollback_docs.py renders now."""
        gen = _generator()
        committed = (ROOT / "docs" / "rollback.md").read_text(encoding="utf-8")
        assert committed == gen.render(), (
            "docs/rollback.md is stale: run python tools/gen_rollback_docs.py"
        )

    def test_page_lists_every_row(self) -> None:
        """Every rollback row appears on the page under its id."""
        from blastradius.rules.rollback import ROLLBACK_RULES

        text = _generator().render()
        for row in ROLLBACK_RULES:
            assert f"`{row.id}`" in text

    def test_check_mode(self) -> None:
        """--check exits 0 when the page is current."""
        assert _generator().main(["--check"]) == 0
