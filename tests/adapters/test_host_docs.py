"""
The host tutorial (``docs/host.md``) runs: its ``{doctest}`` blocks, in
order, in one namespace, as Sphinx's doctest builder runs them.
"""

from __future__ import annotations

import doctest
import re

from pathlib import Path


PAGE = Path(__file__).resolve().parents[2] / "docs" / "host.md"
_BLOCK = re.compile(r"^```\{doctest\}\n(.*?)^```$", re.DOTALL | re.MULTILINE)


class TestHostTutorial:
    def test_blocks_run(self) -> None:
        """Every doctest block of the tutorial passes."""
        text = PAGE.read_text(encoding="utf-8")
        blocks = _BLOCK.findall(text)
        assert len(blocks) >= 10
        globs: dict[str, object] = {}
        exec("import blastradius\nfrom blastradius import *", globs)  # noqa: S102 - the docs' global setup
        test = doctest.DocTestParser().get_doctest(
            "\n".join(blocks), globs, "host.md", str(PAGE), 0
        )
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)

        assert runner.summarize(verbose=False).failed == 0

    def test_in_toctree(self) -> None:
        """The tutorial is in the docs' table of contents."""
        index = (PAGE.parent / "index.md").read_text(encoding="utf-8")

        assert "\nhost\n" in index
