"""
The rule ids of the shell, packages, disclosure and interpreters families
are written out literally in their family's sources, so ``grep`` finds the
row of every id a table holds (no id is built by an f-string).
"""

from __future__ import annotations

import re

from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from blastradius.families import disclosure, interpreters, packages, shell
from blastradius.families.disclosure import rules as disclosure_rules
from blastradius.families.interpreters import rules as interpreter_rules
from blastradius.families.packages import rules as package_rules
from blastradius.families.shell import rules as shell_rules
from blastradius.rules._engine import ENGINE_RULES


def _source(family: ModuleType) -> str:
    """Every module of *family*'s package, concatenated."""
    assert family.__file__ is not None
    folder = Path(family.__file__).parent
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.py"))
    )


def _missing(family: ModuleType, ids: Iterable[str]) -> list[str]:
    """The ids of *ids* not written as a string literal in *family*."""
    text = _source(family)
    return sorted(
        i for i in set(ids) if not re.search(f'"{re.escape(i)}"', text)
    )


class TestShellIds:
    """
    `blastradius.families.shell`: the tool tables and redirection rows.
    """

    def test_every_row_literal(self) -> None:
        """
        Every row id of every shell table (``shell.rm.recursive-force``,
        ``shell.chmod.root``, ``shell.rmdir`` …) and every family id is a
        literal in the family's modules.
        """
        specs = {id(s): s for s in shell_rules.SHELL_SPECS.values()}
        ids = [r.id for s in specs.values() for r in s.rules]
        ids += [s.family for s in specs.values()]
        ids += [r.id for r in shell_rules.REDIRECT_RULES]
        assert len(set(ids)) > 200
        assert {"shell.rm.recursive-force", "shell.chown.root"} <= set(ids)
        assert _missing(shell, ids) == []

    def test_analyzer_ids_literal(self) -> None:
        """
        The ids the shell analyzer writes in code (the engine rows naming
        it: ``shell.remote-payload.unknown``, ``shell.fork-bomb`` …) are
        literals in its module.
        """
        ids = [
            e.id
            for e in ENGINE_RULES
            if e.source == "blastradius.families.shell.analyzer"
        ]
        assert "shell.encoded-payload.unknown" in ids
        assert _missing(shell, ids) == []

    def test_missing_is_found(self) -> None:
        """
        The check finds an id that is only built at run time.
        """
        name = "rm"
        assert _missing(shell, [f"shell.{name}.nowhere"]) == [
            "shell.rm.nowhere"
        ]


class TestPackageIds:
    """
    `blastradius.families.packages`: one table per package manager.
    """

    def test_every_row_literal(self) -> None:
        """
        Every row id of every package manager (``pip.install``,
        ``npm.project-code.unknown`` …) is a literal in the family.
        """
        specs = {id(s): s for s in package_rules.PACKAGE_SPECS.values()}
        ids = [r.id for s in specs.values() for r in s.rules]
        assert {"pip.help", "cargo.project-code.unknown"} <= set(ids)
        assert _missing(packages, ids) == []


class TestDisclosureIds:
    """
    `blastradius.families.disclosure`: the judgment rows and the stored
    secret commands naming them.
    """

    def test_every_row_literal(self) -> None:
        """
        Every judgment rule id, and every id a stored-secret row names, is
        a literal in the family, and names a row of `RULES`.
        """
        rules = disclosure_rules.RULES
        named = {row[3] for row in disclosure_rules.SECRET_COMMANDS}
        assert named == {"disclosure.secret", "disclosure.token"}
        assert named <= set(rules)
        assert _missing(disclosure, [*rules, *named]) == []


class TestInterpreterIds:
    """
    `blastradius.families.interpreters`: the inline-code rows.
    """

    def test_every_row_literal(self) -> None:
        """
        Every interpreter rule id is a literal in the family.
        """
        ids = [r.id for r in interpreter_rules.RULES]
        assert ids
        assert _missing(interpreters, ids) == []
