"""
Rule ids are written literally: every id of the catalog is a quoted string
somewhere in ``src/blastradius/``, or the first column of a row of a text
table there (kubectl's action rows), so ``grep`` finds its row; and every id
the docs name exists.
"""

from __future__ import annotations

import importlib.util
import re

from pathlib import Path
from types import ModuleType

from blastradius.rules._catalog import catalog, families


ROOT = Path(__file__).parent.parent
SRC = ROOT / "src" / "blastradius"
DOCS = ROOT / "docs"


_QUOTED = re.compile(r"\"([^\"\n]+)\"|'([^'\n]+)'")
_TABLE_ROW = re.compile(
    r"^ *([a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)+) +[A-Z] +[0-9]", re.MULTILINE
)
_TICKED = re.compile(r"`([a-z][a-z0-9_-]*(?:\.[a-z0-9_*-]+)+)`")


def _quoted_in_src() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for m in _QUOTED.finditer(text):
            found.add(m.group(1) or m.group(2))
        found.update(m.group(1) for m in _TABLE_ROW.finditer(text))
    return found


def _named_in_docs(family_names: set[str]) -> dict[str, str]:
    """
    Backticked words of the docs shaped like a rule id of a known family
    (not a pattern with ``*``, not a module path), → the first page naming
    it.
    """
    named: dict[str, str] = {}
    for path in sorted(DOCS.rglob("*")):
        if path.suffix not in (".md", ".rst"):
            continue
        for m in _TICKED.finditer(path.read_text(encoding="utf-8")):
            word = m.group(1)
            head = word.split(".", 1)[0]
            if "*" in word or head not in family_names:
                continue
            if head == "blastradius" and not word.startswith(
                "blastradius.internal."
            ):
                continue
            named.setdefault(word, path.name)
    return named


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        name, ROOT / "tools" / f"{name}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestLiteralIds:
    STILL_BUILT: frozenset[str] = frozenset()
    """Families whose ids need not appear literally yet."""

    def test_every_catalog_id_is_written(self) -> None:
        """
        Every rule id of the catalog (tables, engine rows and the
        family-built ids) appears as a quoted string in the package,
        except the families of ``STILL_BUILT``.
        """
        quoted = _quoted_in_src()
        rules = catalog()
        missing = [
            rule_id
            for rule_id, info in rules.items()
            if info.family not in self.STILL_BUILT and rule_id not in quoted
        ]

        assert missing == []

    def test_allow_list_is_needed(self) -> None:
        """
        Each family of ``STILL_BUILT`` is a real family that still has an id
        not written literally (drop it from the set once it has none).
        """
        quoted = _quoted_in_src()
        rules = catalog()
        unwritten = {
            info.family
            for rule_id, info in rules.items()
            if rule_id not in quoted
        }

        assert set(self.STILL_BUILT) <= set(families(rules))
        assert set(self.STILL_BUILT) == unwritten


class TestDocsIds:
    NOT_RULE_IDS: frozenset[str] = frozenset(
        {
            "context.eu-production",  # policy.md: a host's own weight row id
            "disclosure.local",  # policy.md: a policy key
            "disclosure.trusted_hosts",  # policy.md: a policy key
            "http.request",  # analyzers-data.md: a Node.js call
            "http.server",  # analyzers-data.md: a Python module
            "kubectl.delete.namespaces",  # agents.md: an id no rule has
            "redis.call",  # analyzers-data.md: the Lua function
        }
    )
    """Words of the docs shaped like a rule id that name something else."""

    def test_every_named_id_exists(self) -> None:
        """
        Every rule id the docs name (a backticked word whose first part is
        a family) is in the catalog.
        """
        rules = catalog()
        named = _named_in_docs(set(families(rules)))
        unknown = {
            word: page
            for word, page in named.items()
            if word not in rules and word not in self.NOT_RULE_IDS
        }

        assert named
        assert unknown == {}

    def test_not_rule_ids_are_in_the_docs(self) -> None:
        """
        Each exception of ``NOT_RULE_IDS`` is still named by the docs and is
        no rule id (drop it once it is neither).
        """
        rules = catalog()
        named = _named_in_docs(set(families(rules)))

        assert set(self.NOT_RULE_IDS) <= set(named)
        assert not set(self.NOT_RULE_IDS) & set(rules)


class TestFamilyIdsModule:
    def test_current(self) -> None:
        """
        ``rules/_family_ids.py`` is what ``tools/gen_family_ids.py``
        renders from the CLI tables now (regenerate with ``python
        tools/gen_family_ids.py --write``).
        """
        tool = _load("gen_family_ids")
        path = SRC / "rules" / "_family_ids.py"

        assert path.read_text(encoding="utf-8") == tool.render()
        assert tool.main(["--check"]) == 0
