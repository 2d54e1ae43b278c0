"""
One read-only view over every rule table: rule id → `RuleInfo` (its
family, kind, base score, effect, message and the table that holds it),
for ``blastradius explain`` and ``blastradius rules``.

The tables stay in their families; this module only reads them, through
static lists of table modules (`CLI_TABLES`, `DATA_TABLES`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs

from blastradius._model import Effect, Kind


if TYPE_CHECKING:
    from blastradius.families._clispec import CliSpec


__all__ = ["CLI_TABLES", "DATA_TABLES", "RuleInfo", "catalog", "families"]


@attrs.frozen(kw_only=True)
class RuleInfo:
    """
    What the tables say about one rule id.

    Attributes:
        id: The stable rule id, e.g. ``kubectl.delete.namespace``.
        kind: How the scorer combines it (`Kind`); weight rows are
            ``info``.
        score: Its base score (100 for a hard rule), or its weight for a
            namespace / context weight row.
        effect: What a command it matches does, when the row says.
        message: The row's explanation.
        table: The qualified name of the table holding the row.

    >>> info = catalog()["kubectl.delete.namespace"]
    >>> info.family, info.kind.value, info.score
    ('kubectl', 'hard', 100)
    """

    id: str
    kind: Kind
    score: float
    effect: Effect | None = None
    message: str = ""
    table: str

    @property
    def family(self) -> str:
        """The first word of the id (``kubectl``, ``shell``, ``git`` …)."""
        return self.id.partition(".")[0]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return {
            "id": self.id,
            "family": self.family,
            "kind": self.kind.value,
            "score": self.score,
            "effect": None if self.effect is None else self.effect.value,
            "message": self.message,
            "table": self.table,
        }


def _kubectl() -> Iterator[RuleInfo]:
    from blastradius.rules import kubectl as k

    where = "blastradius.rules.kubectl"
    for a in (*k.ACTIONS, *k.COBRA_ACTIONS, k.DRY_RUN_RULE, k.LOCAL_RULE):
        yield RuleInfo(
            id=a.id,
            kind=Kind.ACTION,
            score=a.base,
            effect=a.effect,
            message=a.message,
            table=f"{where}.ACTIONS",
        )
    for s in k.SPECIALS:
        yield RuleInfo(
            id=s.id,
            kind=Kind.ACTION,
            score=s.base,
            effect=s.effect,
            message=s.message,
            table=f"{where}.SPECIALS",
        )
    for m in k.MODIFIERS:
        yield RuleInfo(
            id=m.id,
            kind=Kind.MODIFIER,
            score=m.score,
            message=m.message,
            table=f"{where}.MODIFIERS",
        )
    for h in k.HARD_RULES:
        yield RuleInfo(
            id=h.id,
            kind=Kind.HARD,
            score=100,
            effect=Effect.DESTRUCTIVE,
            message=h.message,
            table=f"{where}.HARD_RULES",
        )
    for rule_id, message in k.UNKNOWN_RULES.items():
        yield RuleInfo(
            id=rule_id,
            kind=Kind.UNKNOWN,
            score=0,
            effect=Effect.UNKNOWN,
            message=message,
            table=f"{where}.UNKNOWN_RULES",
        )
    for e in k.ENV_RULES:
        yield RuleInfo(
            id=e.id,
            kind=Kind.UNKNOWN if e.id.endswith(".unknown") else Kind.ACTION,
            score=0,
            effect=Effect.INDIRECT,
            message=e.message,
            table=f"{where}.ENV_RULES",
        )


CLI_TABLES: Final = (
    ("blastradius.families.shell.rules", "SHELL_SPECS"),
    ("blastradius.families.helm.grammar", "HELM"),
    ("blastradius.families.git.grammar", "GIT"),
    ("blastradius.families.terraform.grammar", "TERRAFORM"),
    ("blastradius.families.containers.grammar", "CONTAINERS"),
    ("blastradius.families.cloud.grammar", "AWS"),
    ("blastradius.families.cloud.grammar", "GCLOUD"),
    ("blastradius.families.cloud.grammar", "GSUTIL"),
    ("blastradius.families.cloud.grammar", "AZ"),
    ("blastradius.rules.packages", "PACKAGE_SPECS"),
    ("blastradius.families.platform.grammar", "PLATFORM_SPECS"),
    ("blastradius.families.shell.rules", "REDIRECT_SPEC"),
    ("blastradius.rules.oc", "OC"),
)
"""
Every `CliSpec` table of the families, as (module, attribute): a spec or
a program name → spec mapping. A family's tables are in the catalog by a
row here (a test checks that every spec of these modules is listed).
"""


def _cli_specs() -> list[tuple[str, CliSpec]]:
    """
    Every `CliSpec` of `CLI_TABLES`, with the qualified name of the table
    that holds it; each spec once, in the order of `CLI_TABLES`.
    """
    import importlib

    from blastradius.families._clispec import CliSpec

    found: list[tuple[str, CliSpec]] = []
    seen: set[int] = set()
    for module, name in CLI_TABLES:
        value = getattr(importlib.import_module(module), name)
        specs = list(value.values()) if isinstance(value, Mapping) else [value]
        for spec in specs:
            if isinstance(spec, CliSpec) and id(spec) not in seen:
                seen.add(id(spec))
                found.append((f"{module}.{name}", spec))
    return found


def _cli_tables() -> Iterator[RuleInfo]:
    from blastradius.families.shell import rules as _shell

    for where, spec in _cli_specs():
        for row in spec.rules:
            yield RuleInfo(
                id=row.id,
                kind=row.kind,
                score=row.base,
                effect=row.effect,
                message=row.message,
                table=where,
            )
    for row in _shell.REDIRECT_RULES:
        yield RuleInfo(
            id=row.id,
            kind=row.kind,
            score=row.base,
            effect=row.effect,
            message=row.message,
            table="blastradius.families.shell.rules.REDIRECT_RULES",
        )


DATA_TABLES: Final = (
    ("blastradius.families.sql.rules", "RULES"),
    ("blastradius.families.datastore.rules", "RULES"),
    ("blastradius.families.http.rules", "RULES"),
    ("blastradius.rules.interpreters", "RULES"),
    ("blastradius.rules.disclosure", "RULES"),
)
"""
Every table of `Rule` rows, as (module, attribute): a tuple of rows or an
id → row mapping.
"""


def _data_tables() -> Iterator[RuleInfo]:
    import importlib

    for module, name in DATA_TABLES:
        value = getattr(importlib.import_module(module), name)
        rows = tuple(value.values()) if isinstance(value, Mapping) else value
        for row in rows:
            yield RuleInfo(
                id=row.id,
                kind=row.kind,
                score=row.score,
                effect=row.effect,
                message=row.message,
                table=f"{module}.{name}",
            )


def _engine() -> Iterator[RuleInfo]:
    """
    The ids engine code writes (`blastradius.rules._engine`), the family
    ones once per family of the CLI tables they apply to (listed literally
    in `blastradius.rules._family_ids`, generated by
    ``tools/gen_family_ids.py``).
    """
    from blastradius.rules import _engine
    from blastradius.rules._family_ids import FAMILY_IDS

    where = "blastradius.rules._engine"
    for e in _engine.ENGINE_RULES:
        yield RuleInfo(
            id=e.id,
            kind=e.kind,
            score=e.score,
            effect=e.effect,
            message=e.message,
            table=f"{where}.ENGINE_RULES",
        )
    by_suffix = {f.suffix: f for f in _engine.FAMILY_RULES}
    for rule_id, (suffix, label, score) in FAMILY_IDS.items():
        f = by_suffix[suffix]
        yield RuleInfo(
            id=rule_id,
            kind=f.kind,
            score=score,
            effect=f.effect,
            message=f.message.format(label=label, score=score),
            table=f"{where}.FAMILY_RULES",
        )


def _weights() -> Iterator[RuleInfo]:
    from blastradius.rules import _namespaces as n

    rows = [
        *(
            (r, "DEFAULT_NAMESPACE_WEIGHTS")
            for r in n.DEFAULT_NAMESPACE_WEIGHTS
        ),
        (n.UNSPECIFIED_NAMESPACE, "UNSPECIFIED_NAMESPACE"),
        *((r, "DEFAULT_CONTEXT_WEIGHTS") for r in n.DEFAULT_CONTEXT_WEIGHTS),
    ]
    for row, name in rows:
        what = "context" if "CONTEXT" in name else "namespace"
        pattern = f" {row.pattern!r}" if row.pattern else " not given"
        yield RuleInfo(
            id=row.id,
            kind=Kind.INFO,
            score=row.weight,
            message=f"weight {row.weight:g} for a {what}{pattern}",
            table=f"blastradius.rules._namespaces.{name}",
        )


def _merge(rows: Iterable[RuleInfo]) -> Mapping[str, RuleInfo]:
    """
    Rows by id; the first row of an id keeps it (a weight id names every
    pattern of its rows in its message).
    """
    table: dict[str, RuleInfo] = {}
    for row in rows:
        old = table.get(row.id)
        if old is None:
            table[row.id] = row
        elif old.kind is Kind.INFO and row.table == old.table:
            table[row.id] = attrs.evolve(
                old,
                message=old.message + "," + row.message.rsplit(" ", 1)[-1],
            )
    return MappingProxyType(dict(sorted(table.items())))


def catalog() -> Mapping[str, RuleInfo]:
    """
    Every rule id of the built-in tables and of the engine's own findings
    (`blastradius.rules._engine`), sorted, → its `RuleInfo`.
    """
    return _merge(
        [
            *_kubectl(),
            *_cli_tables(),
            *_data_tables(),
            *_engine(),
            *_weights(),
        ]
    )


def families(rules: Mapping[str, RuleInfo]) -> tuple[str, ...]:
    """
    The families (first id word) of *rules*, sorted.

    >>> "kubectl" in families(catalog())
    True
    """
    return tuple(sorted({r.family for r in rules.values()}))
