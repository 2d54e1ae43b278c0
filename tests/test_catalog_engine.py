"""
``blastradius explain`` knows every rule id that can fire: the ids engine
code writes (`blastradius.rules._engine`) are rows of the catalog next to
the tables' own.
"""

from __future__ import annotations

import json

from pathlib import Path

import pytest

from blastradius._cli import main
from blastradius._model import Kind
from blastradius.rules import _engine
from blastradius.rules._catalog import catalog
from blastradius.rules._hard import hard_rule_ids


GOLDEN = Path(__file__).resolve().parent / "data" / "golden.jsonl"


def _golden_ids() -> set[str]:
    ids: set[str] = set()
    with GOLDEN.open(encoding="utf-8") as f:
        for line in f:
            ids.update(json.loads(line)["rules"])
    return ids


class TestCatalogCompleteness:
    """
    `blastradius.rules._catalog.catalog` over the engine's own ids.
    """

    def test_golden_ids_known(self) -> None:
        """
        Every rule id of the golden file (every id that fires on the
        corpus, the tests' commands and their variants) is in the catalog.
        """
        ids = _golden_ids()
        assert len(ids) > 400
        assert sorted(ids - set(catalog())) == []

    def test_engine_rows_are_their_own(self) -> None:
        """
        Engine rows are unique and name no id a table row already has (so
        the table's row is never shadowed), and the catalog shows them from
        `ENGINE_RULES`.
        """
        ids = [e.id for e in _engine.ENGINE_RULES]
        assert len(ids) == len(set(ids))
        rows = catalog()
        for e in _engine.ENGINE_RULES:
            info = rows[e.id]
            assert info.table == "blastradius.rules._engine.ENGINE_RULES"
            assert (info.kind, info.score, info.effect) == (
                e.kind,
                e.score,
                e.effect,
            )
            assert info.message == e.message
            assert e.source.startswith("blastradius.")

    def test_hard_rows_agree(self) -> None:
        """
        A hard engine row is a hard rule for the policy checks too.
        """
        hard = {e.id for e in _engine.ENGINE_RULES if e.kind is Kind.HARD}
        assert hard == {"shell.fork-bomb"}
        assert hard <= hard_rule_ids()

    def test_family_rows(self) -> None:
        """
        Family ids exist per family they apply to: every family has
        ``.unknown``; ``.dry-run`` only where the family has dry-run
        options; ``.target.production`` scores (2.5 - 1) x 10.
        """
        rows = catalog()
        assert rows["git.unknown"].kind is Kind.UNKNOWN
        assert rows["shell.rm.dynamic.unknown"].kind is Kind.UNKNOWN
        assert rows["helm.dry-run"].kind is Kind.ACTION
        assert "git.dry-run" not in rows
        target = rows["terraform.target.production"]
        assert (target.kind, target.score) == (Kind.MODIFIER, 15)
        assert "shell.echo.dynamic.unknown" not in rows  # dynamic_ok

    def test_family_rule_applies_validated(self) -> None:
        """
        A family row naming an unknown scope cannot be built.
        """
        with pytest.raises(ValueError, match="applies"):
            _engine.FamilyRule("x", Kind.UNKNOWN, 0, None, "m", "sometimes")


class TestExplainEngineIds:
    """
    ``blastradius explain`` on ids engine code writes.
    """

    @pytest.mark.parametrize(
        "rule",
        [
            "shell.unknown",
            "shell.parse.unknown",
            "shell.fork-bomb",
            "shell.remote-payload",
            "shell.dynamic-program.unknown",
            "git.dynamic.unknown",
            "policy.trusted-tool",
            "policy.workspace.rm",
            "policy.exception.ignored",
            "disclosure.secret",
            "kubectl.help",
        ],
    )
    def test_known(
        self, capsys: pytest.CaptureFixture[str], rule: str
    ) -> None:
        """
        Each prints its row (exit 0) with a message.
        """
        code = main(["explain", rule])
        out = capsys.readouterr().out
        assert code == 0
        assert f"rule: {rule}\n" in out
        assert "message: " in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        With ``--json`` the record names the engine table.
        """
        assert main(["explain", "shell.unknown", "--json"]) == 0
        record = json.loads(capsys.readouterr().out)
        assert record["kind"] == "unknown"
        assert record["family"] == "shell"
        assert record["table"] == "blastradius.rules._engine.ENGINE_RULES"


class TestCliTables:
    def test_every_spec_listed(self) -> None:
        """
        Every `CliSpec` held by a family's grammar module or a rule module
        (as a constant or inside a name → spec mapping) is read by the
        catalog through `CLI_TABLES`: a family's rows cannot be missed.
        """
        import importlib

        from collections.abc import Mapping
        from pathlib import Path

        from blastradius.families._clispec import CliSpec
        from blastradius.rules._catalog import _cli_specs

        src = Path(__file__).parent.parent / "src" / "blastradius"
        modules = [
            f"blastradius.families.{p.parent.name}.grammar"
            for p in sorted((src / "families").glob("*/grammar.py"))
        ] + [
            f"blastradius.rules.{p.stem}"
            for p in sorted((src / "rules").glob("*.py"))
            if p.stem not in ("__init__", "_catalog", "_engine", "_hard")
        ]
        wanted: set[int] = set()
        for name in modules:
            for value in vars(importlib.import_module(name)).values():
                items = (
                    list(value.values())
                    if isinstance(value, Mapping)
                    else [value]
                )
                wanted |= {id(v) for v in items if isinstance(v, CliSpec)}
        listed = {id(spec) for _, spec in _cli_specs()}

        assert wanted
        assert wanted <= listed
