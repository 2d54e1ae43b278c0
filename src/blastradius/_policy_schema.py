"""
The TOML codec of a policy: the schema as data (every key with its type,
default, meaning and an example), the loader that checks documents against
it and the writer that follows it; ``tools/gen_policy_docs.py`` renders the
schema as ``docs/policy.md``.

The codec depends on the record (`blastradius._policy`), never the
reverse: the record's `Policy.from_toml` and `Policy.to_toml` import this
module when called, so scoring never loads it.
"""

from __future__ import annotations

import datetime as dt

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs

from blastradius import _toml
from blastradius._model import Effect
from blastradius._policy import (
    DEFAULT_DRY_RUN_FROM_TIER,
    DEFAULT_IRREVERSIBLE_PENALTY,
    DEFAULT_MISSING_FACTS_PENALTY,
    GateSettings,
    Policy,
    Thresholds,
)
from blastradius._policy_check import (
    check_rule_id,
    compile_glob,
    split_builtin,
)
from blastradius._policy_disclosure import Disclosure
from blastradius._policy_gate import duration_seconds, duration_text
from blastradius._policy_hook import HookDecisions
from blastradius._policy_rows import HardRule, PolicyException, RuleOverride
from blastradius.exceptions import PolicyError
from blastradius.rules import (
    DEFAULT_CONTEXT_WEIGHTS,
    DEFAULT_NAMESPACE_WEIGHTS,
    UNSPECIFIED_NAMESPACE,
    WeightRule,
)


__all__ = ["SCHEMA", "SCHEMA_VERSION", "Key", "from_toml", "to_toml"]

SCHEMA_VERSION = 1
"""The only ``version`` this release reads and writes."""

_T = Thresholds()
_G = GateSettings()
_DISCLOSURE = Disclosure()
_H = HookDecisions()


@attrs.frozen
class Key:
    """
    One key of the schema.

    *path* is dotted, with ``[]`` after an array of tables and ``<name>``
    for a key the user chooses. *type* is one of the names `_CHECKS`
    knows. *default* is a TOML value, ``"required"`` or ``""`` (none).
    """

    path: str
    type: str
    default: str
    doc: str
    example: str = ""


_EFFECTS = ", ".join(f'"{e.value}"' for e in Effect)

SCHEMA: tuple[Key, ...] = (
    Key(
        "version",
        "integer",
        "required",
        f"The schema version; must be {SCHEMA_VERSION}.",
        f"version = {SCHEMA_VERSION}",
    ),
    Key(
        "extends",
        "array of strings",
        "",
        "Policy presets shipped with the package to start from, in order "
        "(`coding-agent`); this file's own settings are layered over them "
        "and may loosen them. Read by `load_policy` and "
        "`blastradius hook --policy`; `Policy.from_toml` alone refuses it.",
        'extends = ["coding-agent"]',
    ),
    Key(
        "irreversible_penalty",
        "score",
        str(DEFAULT_IRREVERSIBLE_PENALTY),
        "What `DeclarativeSpec.evaluate()` adds to the score of an action "
        "whose rollback plan is `irreversible`, with a "
        "`rollback.irreversible` reason (0 to 99; the sum is clamped to 99, "
        "a `BLOCKED` 100 stays 100). `blastradius.score()` never adds it. "
        "A top-level key: write it before the first table.",
        "irreversible_penalty = 30",
    ),
    Key(
        "missing_facts_penalty",
        "score",
        str(DEFAULT_MISSING_FACTS_PENALTY),
        "What `DeclarativeSpec.evaluate()` adds when no rollback step can "
        "be built until facts are supplied: a plan that is `incomplete` or "
        "`rejected`, or `unsupported` for a mutating action (0 to 99). A "
        "top-level key.",
        "missing_facts_penalty = 10",
    ),
    Key(
        "dry_run_from_tier",
        "tier",
        f'"{DEFAULT_DRY_RUN_FROM_TIER.value}"',
        'The lowest tier (`"auto"`, `"human"`, `"dual"` or '
        '`"blocked"`) at which `DeclarativeSpec.evaluate()` requires a '
        "mutating kubectl action to pass `--dry-run=server` first, where "
        'kubectl supports one; `"blocked"` requires none (a blocked action '
        "never runs). A top-level key.",
        'dry_run_from_tier = "dual"',
    ),
    Key(
        "thresholds",
        "table",
        "",
        "The highest score of each tier. They must be strictly increasing "
        "within 0..99; `BLOCKED` is always exactly 100. Unknown findings "
        "are floored at `auto + 1` (the lowest `HUMAN` score).",
        "[thresholds]\nauto = 5\nhuman = 40",
    ),
    Key(
        "thresholds.auto",
        "integer",
        str(_T.auto),
        "Scores up to this are `AUTO`: a bot may run the command.",
        "auto = 5",
    ),
    Key(
        "thresholds.human",
        "integer",
        str(_T.human),
        "Scores above `auto` and up to this are `HUMAN`: one approval.",
        "human = 40",
    ),
    Key(
        "thresholds.dual",
        "integer",
        str(_T.dual),
        "Scores above `human` and up to this are `DUAL`: two approvals; "
        "above it (at most 99) and 100 are `BLOCKED`.",
        "dual = 99",
    ),
    Key(
        "namespaces",
        "table",
        "",
        "How the Kubernetes namespace of an action weighs its base score. "
        "Rows are tried in order, your rows first, then (with `builtin`) "
        "the built-in rows; the first pattern that matches gives the "
        "weight.",
        "[namespaces]\nunspecified = 2.5",
    ),
    Key(
        "namespaces.unspecified",
        "number",
        repr(UNSPECIFIED_NAMESPACE.weight),
        "The weight of an action whose namespace is not on the command "
        "line (it runs in the current context's namespace, which may be "
        "production), and of names no pattern matches.",
        "unspecified = 2.5",
    ),
    Key(
        "namespaces.unspecified_id",
        "rule id",
        f'"{UNSPECIFIED_NAMESPACE.id}"',
        "The rule id shown in reasons for the unspecified weight.",
        'unspecified_id = "namespace.unspecified"',
    ),
    Key(
        "namespaces.builtin",
        "boolean",
        "true",
        "Whether the built-in namespace rows (`kube-system` 3, production "
        "names 2.5, staging 1.5, dev 0.5, `*` 1.2, …) follow yours. With "
        "`false` your rows are the whole table.",
        "builtin = true",
    ),
    Key(
        "namespaces.rules",
        "array of tables",
        "",
        "Your namespace rows, tried before the built-in ones.",
        '[[namespaces.rules]]\nid = "namespace.production"\n'
        'patterns = ["eu-prod-*"]\nweight = 2.5',
    ),
    Key(
        "namespaces.rules[].id",
        "rule id",
        '"namespace.custom"',
        "The rule id shown in reasons when the row applies.",
        'id = "namespace.production"',
    ),
    Key(
        "namespaces.rules[].patterns",
        "array of globs",
        "required",
        "Namespace patterns (`*`, `?`, `[a-z]`, `[!a]`; case-insensitive, "
        "whole name). A malformed pattern is an error.",
        'patterns = ["eu-prod-*", "payments"]',
    ),
    Key(
        "namespaces.rules[].weight",
        "number",
        "required",
        "The multiplier, from 0 to 100.",
        "weight = 2.5",
    ),
    Key(
        "contexts",
        "table",
        "",
        "How the kube context named on the command line (`--context`) "
        "weighs an action: the higher of the context's and the namespace's "
        "weight applies, so a context named like `prod-*` escalates even "
        "in a harmless-looking namespace.",
        "[contexts]\nbuiltin = true",
    ),
    Key(
        "contexts.builtin",
        "boolean",
        "true",
        "Whether the built-in context rows (`*prod*` 2.5, `*staging*` "
        "1.5, …) follow yours.",
        "builtin = true",
    ),
    Key(
        "contexts.rules",
        "array of tables",
        "",
        "Your context rows, tried before the built-in ones.",
        '[[contexts.rules]]\nid = "context.production"\n'
        'patterns = ["eu-prod-*"]\nweight = 2.5',
    ),
    Key(
        "contexts.rules[].id",
        "rule id",
        '"context.custom"',
        "The rule id shown in reasons when the row applies.",
        'id = "context.production"',
    ),
    Key(
        "contexts.rules[].patterns",
        "array of globs",
        "required",
        "Context patterns (globs, case-insensitive, whole name).",
        'patterns = ["eu-prod-*"]',
    ),
    Key(
        "contexts.rules[].weight",
        "number",
        "required",
        "The multiplier, from 0 to 100.",
        "weight = 2.5",
    ),
    Key(
        "gate",
        "table",
        "",
        "What the action gate (`blastradius.adapters.Gate`) asks for before "
        "it runs an action: approvals per tier, how long an approval holds, "
        "and the budget of automatic runs against loops. A layered policy "
        "may only raise approvals, shorten the TTL and lower the budget "
        "(fewer executions, a longer window) unless merged as an override. "
        'Durations are whole seconds or text such as `"24h"`, `"10m"`, '
        '`"1h30m"`.',
        '[gate]\napprovals_dual = 3\napproval_ttl = "4h"',
    ),
    Key(
        "gate.approvals_human",
        "integer",
        str(_G.approvals_human),
        "Distinct approvals a `HUMAN` action needs (1 to 20); the requester "
        "never counts.",
        "approvals_human = 1",
    ),
    Key(
        "gate.approvals_dual",
        "integer",
        str(_G.approvals_dual),
        "Distinct approvals a `DUAL` action needs (2 to 20, at least "
        "`approvals_human`).",
        "approvals_dual = 3",
    ),
    Key(
        "gate.approval_ttl",
        "duration",
        f'"{duration_text(_G.approval_ttl)}"',
        "How long an approval holds after it was given (at most 30 days); "
        "an older one no longer counts.",
        'approval_ttl = "4h"',
    ),
    Key(
        "gate.budget_executions",
        "integer",
        str(_G.budget_executions),
        "How many automatic (`AUTO`) runs of mutating actions may hit one "
        "target within `budget_window` (0 to 1000); past it, the gate "
        "escalates to a person instead of running.",
        "budget_executions = 2",
    ),
    Key(
        "gate.budget_window",
        "duration",
        f'"{duration_text(_G.budget_window)}"',
        "The window of `budget_executions` (at most 7 days).",
        'budget_window = "30m"',
    ),
    Key(
        "hook",
        "table",
        "",
        "What `blastradius hook` answers a coding agent for each tier: "
        '`"allow"`, `"ask"` or `"deny"`. An agent whose hook cannot ask '
        "(Codex CLI, Cursor) gets a deny with the reason instead of an ask. "
        "A layered policy may only make decisions stricter (allow < ask < "
        "deny) unless merged as an override.",
        '[hook]\nhuman = "deny"',
    ),
    Key(
        "hook.auto",
        "decision",
        f'"{_H.auto}"',
        "The answer to an `AUTO` command.",
        'auto = "ask"',
    ),
    Key(
        "hook.human",
        "decision",
        f'"{_H.human}"',
        "The answer to a `HUMAN` command (one person's approval).",
        'human = "deny"',
    ),
    Key(
        "hook.dual",
        "decision",
        f'"{_H.dual}"',
        "The answer to a `DUAL` command; an ask says that two people are "
        "needed.",
        'dual = "deny"',
    ),
    Key(
        "hook.blocked",
        "decision",
        f'"{_H.blocked}"',
        'The answer to a `BLOCKED` command: only `"deny"` is accepted.',
        'blocked = "deny"',
    ),
    Key(
        "aliases",
        "table",
        "",
        "Program aliases: a command whose program is the key is analysed "
        "as the value's program. Names are folded (lower case, no "
        "directory, no `.exe`) before lookup, so keys must be lower case.",
        '[aliases]\nk = "kubectl"\noc = "kubectl"',
    ),
    Key(
        "aliases.<program>",
        "program",
        "",
        "The program that `<program>` stands for. Aliases are resolved "
        "once: an alias to itself or to another alias is an error.",
        'k = "kubectl"',
    ),
    Key(
        "hard_rules",
        "array of tables",
        "",
        "Extra hard rules: a finding that matches every criterion given "
        "blocks its command (score 100). A finding with no namespace "
        "(resource, context) matches as the empty string: `namespace = "
        '"*"` also matches "not given", `namespace = "prod-*"` does not. '
        "At least one criterion is required. No exception lowers a hard "
        "rule.",
        '[[hard_rules]]\nid = "policy.no-prod-deletes"\n'
        'rule = "kubectl.delete.*"\nnamespace = "*prod*"\n'
        'reason = "deletes in production go through the change board"',
    ),
    Key(
        "hard_rules[].id",
        "rule id",
        "required",
        "The rule id of the blocking finding, shown in reasons.",
        'id = "policy.no-prod-deletes"',
    ),
    Key(
        "hard_rules[].reason",
        "text",
        "required",
        "Why it is blocked; shown in reasons.",
        'reason = "deletes in production go through the change board"',
    ),
    Key(
        "hard_rules[].rule",
        "rule glob",
        "",
        "A glob over rule ids; an action is matched by its rule id, e.g. "
        "`kubectl.delete.*`. A literal id of a built-in family (`kubectl`, "
        "`shell`, `git` …) that no rule has is an error suggesting the id "
        "meant (`blastradius rules` lists them).",
        'rule = "kubectl.delete.*"',
    ),
    Key(
        "hard_rules[].program",
        "glob",
        "",
        "A glob over the program (after aliases).",
        'program = "helm"',
    ),
    Key(
        "hard_rules[].resource",
        "glob",
        "",
        "A glob over the resource kind (plural, e.g. `namespaces`; a "
        "built-in kind's singular or short name, such as `pod`, is an "
        "error).",
        'resource = "persistentvolumeclaims"',
    ),
    Key(
        "hard_rules[].namespace",
        "glob",
        "",
        "A glob over the target namespace.",
        'namespace = "*prod*"',
    ),
    Key(
        "hard_rules[].context",
        "glob",
        "",
        "A glob over the kube context named on the command line.",
        'context = "eu-prod-*"',
    ),
    Key(
        "hard_rules[].effect",
        "effect",
        "",
        f"The effect class of the finding: one of {_EFFECTS}.",
        'effect = "destructive"',
    ),
    Key(
        "overrides",
        "array of tables",
        "",
        "Per-rule base scores (before namespace weights). The first "
        "matching override without `floor` sets the score; then every "
        "matching `floor` override raises it to at least its score. Hard "
        "rules cannot be overridden.",
        '[[overrides]]\nrule = "kubectl.rollout.restart"\nscore = 5',
    ),
    Key(
        "overrides[].rule",
        "rule glob",
        "required",
        "A glob over rule ids. A literal id of a built-in family that no "
        "rule has, or a hard rule's id, is an error.",
        'rule = "kubectl.rollout.*"',
    ),
    Key(
        "overrides[].score",
        "integer",
        "required",
        "The base score, from 0 to 99.",
        "score = 5",
    ),
    Key(
        "overrides[].floor",
        "boolean",
        "false",
        "Only raise: the rule scores at least `score`.",
        "floor = true",
    ),
    Key(
        "exceptions",
        "array of tables",
        "",
        "Documented exceptions: a finding of rule `rule` that also matches "
        "every other glob given stops counting, and the assessment's "
        "reasons say `policy.exception [rule]: reason`. A finding lacking "
        "a field the exception names (no namespace on the command line, "
        "say) is not excepted. An expired exception is reported "
        "(`policy.exception.expired`), not applied. No exception lowers a "
        "hard rule (one naming a built-in hard rule's id is an error), and "
        "none lowers a command below what its other findings give.",
        '[[exceptions]]\nrule = "kubectl.rollout.restart"\n'
        'namespace = "dev"\nreason = "restarting in dev is routine"\n'
        "expires = 2026-12-31T23:59:59Z",
    ),
    Key(
        "exceptions[].rule",
        "rule glob",
        "required",
        "A glob over rule ids. A literal id of a built-in family that no "
        "rule has, or a built-in hard rule's id, is an error.",
        'rule = "kubectl.rollout.restart"',
    ),
    Key(
        "exceptions[].reason",
        "text",
        "required",
        "Why the exception exists; shown in reasons.",
        'reason = "restarting in dev is routine (TICKET-123)"',
    ),
    Key(
        "exceptions[].namespace",
        "glob",
        "",
        "A glob over the target namespace.",
        'namespace = "dev"',
    ),
    Key(
        "exceptions[].resource",
        "glob",
        "",
        "A glob over the resource kind.",
        'resource = "deployments"',
    ),
    Key(
        "exceptions[].name",
        "glob",
        "",
        "A glob over the finding's words (or the part after the last `/`, "
        "as in `deploy/web`), e.g. the object's name.",
        'name = "web-*"',
    ),
    Key(
        "exceptions[].context",
        "glob",
        "",
        "A glob over the kube context named on the command line.",
        'context = "dev-*"',
    ),
    Key(
        "exceptions[].expires",
        "datetime",
        "",
        "When the exception ends: a TOML date-time with a UTC offset. It "
        "applies only when the scorer is given the time "
        "(`score(cmd, now=...)`, `blastradius score --now`) and it is "
        "earlier.",
        "expires = 2026-12-31T23:59:59Z",
    ),
    Key(
        "workspace",
        "table",
        "",
        "Trust for coding agents working in a checkout (see "
        "`docs/agents.md`).",
        '[workspace]\ntrusted_tools = ["pytest", "npm test"]\n'
        'rm_paths = ["node_modules", "build"]',
    ),
    Key(
        "workspace.trusted_tools",
        "array of strings",
        "[]",
        "Build and test tools that run project code, as literal word "
        "prefixes (`make`, `npm test`, `python -m pytest`): a command "
        "starting with one scores as a local action "
        "(`policy.trusted-tool`, 5) instead of an unknown floored at "
        "`HUMAN`. Shells, wrappers, inline code (`-c`, `-e`) and programs "
        "with rules of their own (except `X -m MODULE`) are refused.",
        'trusted_tools = ["pytest", "npm test", "make"]',
    ),
    Key(
        "workspace.rm_paths",
        "array of strings",
        "[]",
        "Paths `rm -rf` may delete without its hard rule firing: relative "
        "paths inside the command's working directory (`node_modules`, "
        "`build`, `*.egg-info`; `*` and `?` match within one component) or "
        "one name directly under `/tmp` or `/var/tmp`. Every target must "
        "be literal and resolve (against the hook payload's `cwd`) strictly "
        "inside that directory: never `/`, `~`, a system path, `..`, a "
        "glob or a variable. The command then scores "
        "`policy.workspace.rm` (5).",
        'rm_paths = ["node_modules", "build", "/tmp/pytest-*"]',
    ),
    Key(
        "disclosure",
        "table",
        "",
        "How disclosure (a command printing a secret: `kubectl get secret "
        "-o yaml`, `cat ~/.aws/credentials`, `env`) and exfiltration "
        "(sending files or secrets off the host) are judged.",
        "[disclosure]\nlocal = true",
    ),
    Key(
        "disclosure.local",
        "boolean",
        "false",
        "The host's transcripts never leave the machine: printing a secret "
        "scores 0 (the finding is kept, as `info`); sending one off the "
        "host (`disclosure.network`, `exfiltration.*`) still scores.",
        "local = true",
    ),
    Key(
        "disclosure.trusted_hosts",
        "array of strings",
        '["api.github.com"]',
        "Host globs to which sending a token in a header or uploading a "
        "file is expected (your own API): no `exfiltration.*` finding for "
        "them. A credential file sent anywhere is still "
        "`disclosure.network`.",
        'trusted_hosts = ["api.github.com", "*.corp.example"]',
    ),
)
"""Every key of a version-1 policy file."""

_BY_PATH = {k.path: k for k in SCHEMA}

_SPEC_KEYS = (
    "irreversible_penalty",
    "missing_facts_penalty",
    "dry_run_from_tier",
)
"""The top-level keys of `DeclarativeSpec.evaluate`'s settings."""

_TOP_LEVEL = frozenset(_SPEC_KEYS)


def _children(table: str) -> dict[str, Key]:
    prefix = f"{table}." if table else ""
    out: dict[str, Key] = {}
    for k in SCHEMA:
        if not k.path.startswith(prefix):
            continue
        rest = k.path[len(prefix) :]
        if "." not in rest:
            out[rest] = k
    return out


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


_CHECKS: dict[str, tuple[str, Callable[[object], bool]]] = {
    "integer": ("an integer", _is_int),
    "number": (
        "a number",
        lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    ),
    "boolean": ("true or false", lambda v: isinstance(v, bool)),
    "rule id": ("a string", lambda v: isinstance(v, str)),
    "text": ("a string", lambda v: isinstance(v, str)),
    "glob": ("a string", lambda v: isinstance(v, str)),
    "rule glob": ("a string", lambda v: isinstance(v, str)),
    "program": ("a string", lambda v: isinstance(v, str)),
    "effect": ("a string", lambda v: isinstance(v, str)),
    "decision": ("a string", lambda v: isinstance(v, str)),
    "tier": ("a string", lambda v: isinstance(v, str)),
    "score": ("an integer", _is_int),
    "array of globs": (
        "a non-empty array of strings",
        lambda v: (
            isinstance(v, list)
            and bool(v)
            and all(isinstance(x, str) for x in v)
        ),
    ),
    "array of strings": (
        "an array of strings",
        lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    ),
    "table": ("a table", lambda v: isinstance(v, dict)),
    "array of tables": (
        "an array of tables",
        lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
    ),
    "duration": (
        "whole seconds or a duration such as '24h'",
        lambda v: (
            (isinstance(v, int) and not isinstance(v, bool))
            or isinstance(v, str)
        ),
    ),
    "datetime": (
        "a date-time with a UTC offset",
        lambda v: isinstance(v, dt.datetime),
    ),
}


def _type_name(v: object) -> str:
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, int):
        return "an integer"
    if isinstance(v, float):
        return "a float"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, dict):
        return "a table"
    if isinstance(v, list):
        return "an array"
    if isinstance(v, dt.datetime):
        return "a date-time"
    return f"a {type(v).__name__}"


class _Loader:
    def __init__(self, text: str) -> None:
        self.text = text

    def fail(self, msg: str, path: str) -> PolicyError:
        return PolicyError(msg, path=path, line=_toml.line_of(self.text, path))

    @contextmanager
    def at(self, prefix: str, *, exact: bool = False) -> Iterator[None]:
        """
        Re-raise a row's `PolicyError` with the full key path (*prefix*
        and the error's own path, or *prefix* alone when *exact*) and line.
        """
        try:
            yield
        except PolicyError as e:
            raw = str(e)
            if e.path and raw.startswith(f"{e.path}: "):
                raw = raw[len(e.path) + 2 :]
            if exact:
                path = prefix
            elif prefix and e.path:
                path = f"{prefix}.{e.path}"
            else:
                path = prefix or e.path
            raise self.fail(raw, path) from None

    def table(
        self, data: dict[str, Any], schema_path: str, path: str
    ) -> dict[str, Any]:
        """
        Check *data* (the table at *path*) against the schema: no unknown
        keys, right types, required keys present.
        """
        keys = _children(schema_path)
        for name, v in data.items():
            here = f"{path}.{name}" if path else name
            spec = keys.get(name)
            if spec is None:
                known = ", ".join(sorted(keys))
                msg = f"unknown key (expected one of: {known})"
                if path and name in _TOP_LEVEL:
                    msg += (
                        f"; {name} is a top-level key: write it before the "
                        "first table"
                    )
                raise self.fail(msg, here)
            want, ok = _CHECKS[spec.type]
            if not ok(v):
                msg = f"expected {want}, got {_type_name(v)}"
                raise self.fail(msg, here)
        for name, spec in keys.items():
            if spec.default == "required" and name not in data:
                here = f"{path}.{name}" if path else name
                msg = "required key is missing"
                raise self.fail(msg, here)
        return data

    def weights(
        self,
        data: dict[str, Any],
        key: str,
        builtin: tuple[WeightRule, ...],
        default_id: str,
    ) -> tuple[WeightRule, ...]:
        self.table(data, key, key)
        rows: list[WeightRule] = []
        for i, row in enumerate(data.get("rules", [])):
            here = f"{key}.rules[{i}]"
            self.table(row, f"{key}.rules[]", here)
            rule_id = row.get("id", default_id)
            with self.at(f"{here}.id"):
                _check_id(rule_id)
            for j, pattern in enumerate(row["patterns"]):
                with self.at(f"{here}.patterns[{j}]"):
                    _check_glob(pattern)
                with self.at(here):
                    rows.append(WeightRule(rule_id, pattern, row["weight"]))
        if data.get("builtin", True):
            rows.extend(builtin)
        return tuple(rows)


def _check_id(value: str) -> None:
    check_rule_id(value, "")


def _check_glob(value: str) -> None:
    compile_glob(value, "")


def _blame(t: dict[str, Any]) -> str:
    """
    The threshold key to name when *t* is not strictly increasing.
    """
    a = t.get("auto", _T.auto)
    h = t.get("human", _T.human)
    d = t.get("dual", _T.dual)
    if a < 0:
        return "thresholds.auto"
    if a >= h:
        return "thresholds.human" if "human" in t else "thresholds.auto"
    if h >= d:
        return "thresholds.dual" if "dual" in t else "thresholds.human"
    return "thresholds.dual"


def from_toml(
    text: str, *, resolve: Callable[[str], Policy] | None = None
) -> Policy:
    """
    Load a policy from TOML *text*; see `blastradius.Policy.from_toml`.

    *resolve* maps a preset name of ``extends`` to its policy; without it
    ``extends`` is an error.
    """
    data = _toml.loads(text)
    ld = _Loader(text)
    ld.table(data, "", "")
    own = _from_data(data, ld)
    extends = data.get("extends", [])
    if not extends:
        return own
    if resolve is None:
        msg = (
            "presets are read by blastradius.load_policy(), not by "
            "Policy.from_toml()"
        )
        raise ld.fail(msg, "extends")
    base: Policy | None = None
    for i, name in enumerate(extends):
        with ld.at(f"extends[{i}]", exact=True):
            preset = resolve(name)
        base = preset if base is None else base.merge(preset, override=True)
    assert base is not None  # noqa: S101 - extends is not empty
    with ld.at(""):
        return base.merge(own, override=True)


def _from_data(data: dict[str, Any], ld: _Loader) -> Policy:
    if data["version"] != SCHEMA_VERSION:
        msg = (
            f"this release reads version {SCHEMA_VERSION}, not "
            f"{data['version']}"
        )
        raise ld.fail(msg, "version")
    kwargs: dict[str, Any] = {}
    for name in _SPEC_KEYS:
        if name in data:
            kwargs[name] = data[name]
    if "thresholds" in data:
        t = ld.table(data["thresholds"], "thresholds", "thresholds")
        with ld.at(_blame(t), exact=True):
            kwargs["thresholds"] = Thresholds(**t)
    if "gate" in data:
        g = dict(ld.table(data["gate"], "gate", "gate"))
        for name in ("approval_ttl", "budget_window"):
            if name in g:
                with ld.at(f"gate.{name}", exact=True):
                    g[name] = duration_seconds(g[name], f"gate.{name}")
        with ld.at(""):
            kwargs["gate"] = GateSettings(**g)
    if "hook" in data:
        h = ld.table(data["hook"], "hook", "hook")
        with ld.at(""):
            kwargs["hook"] = HookDecisions(**h)
    ns = data.get("namespaces", {})
    kwargs["namespace_weights"] = ld.weights(
        ns, "namespaces", DEFAULT_NAMESPACE_WEIGHTS, "namespace.custom"
    )
    if "unspecified" in ns or "unspecified_id" in ns:
        uid = ns.get("unspecified_id", UNSPECIFIED_NAMESPACE.id)
        with ld.at("namespaces.unspecified_id"):
            _check_id(uid)
        with ld.at("namespaces.unspecified", exact=True):
            kwargs["unspecified_namespace"] = WeightRule(
                uid, "", ns.get("unspecified", UNSPECIFIED_NAMESPACE.weight)
            )
    kwargs["context_weights"] = ld.weights(
        data.get("contexts", {}),
        "contexts",
        DEFAULT_CONTEXT_WEIGHTS,
        "context.custom",
    )
    if "aliases" in data:
        aliases = data["aliases"]
        for name, target in aliases.items():
            if not isinstance(target, str):
                msg = f"expected a string, got {_type_name(target)}"
                raise ld.fail(msg, f"aliases.{name}")
        kwargs["aliases"] = aliases
    if "disclosure" in data:
        d = ld.table(data["disclosure"], "disclosure", "disclosure")
        with ld.at(""):
            kwargs["disclosure"] = Disclosure(**d)
    rows: dict[str, list[Any]] = {
        "hard_rules": [],
        "overrides": [],
        "exceptions": [],
    }
    makers: dict[str, Callable[..., Any]] = {
        "hard_rules": HardRule,
        "overrides": RuleOverride,
        "exceptions": PolicyException,
    }
    for key, out in rows.items():
        for i, row in enumerate(data.get(key, [])):
            here = f"{key}[{i}]"
            ld.table(row, f"{key}[]", here)
            fields = dict(row)
            if "effect" in fields:
                try:
                    fields["effect"] = Effect(fields["effect"])
                except ValueError:
                    msg = (
                        f"unknown effect {fields['effect']!r} (expected one "
                        f"of: {_EFFECTS})"
                    )
                    raise ld.fail(msg, f"{here}.effect") from None
            with ld.at(here):
                out.append(makers[key](**fields))
        kwargs[key] = out
    workspace = data.get("workspace", {})
    ld.table(workspace, "workspace", "workspace")
    for key in ("trusted_tools", "rm_paths"):
        for i, entry in enumerate(workspace.get(key, [])):
            with ld.at(f"workspace.{key}[{i}]", exact=True):
                check = _check_trusted if key == "trusted_tools" else _check_rm
                check(entry, "")
        kwargs[key] = tuple(workspace.get(key, ()))
    with ld.at(""):
        return Policy(**kwargs)


def _check_trusted(entry: str, path: str) -> None:
    from blastradius._workspace import check_trusted_tool

    check_trusted_tool(entry, path)


def _check_rm(entry: str, path: str) -> None:
    from blastradius._workspace import check_rm_path

    check_rm_path(entry, path)


# -- writing -----------------------------------------------------------------


def _weight_rows(
    out: list[str], key: str, rows: tuple[WeightRule, ...]
) -> None:
    groups: list[tuple[str, float, list[str]]] = []
    for row in rows:
        if groups and groups[-1][0] == row.id and groups[-1][1] == row.weight:
            groups[-1][2].append(row.pattern)
        else:
            groups.append((row.id, row.weight, [row.pattern]))
    for rule_id, weight, patterns in groups:
        out.extend(
            (
                "",
                f"[[{key}.rules]]",
                f"id = {_toml.value(rule_id)}",
                f"patterns = {_toml.value(patterns)}",
                f"weight = {_toml.value(weight)}",
            )
        )


def _row(
    out: list[str], key: str, row: object, names: tuple[str, ...]
) -> None:
    out.extend(("", f"[[{key}]]"))
    for name in names:
        v = getattr(row, name)
        if v is None:
            continue
        if isinstance(v, Effect):
            v = v.value
        out.append(f"{name} = {_toml.value(v)}")


_HARD_RULE_KEYS = (
    "id",
    "rule",
    "program",
    "resource",
    "namespace",
    "context",
    "effect",
    "reason",
)
_EXCEPTION_KEYS = (
    "rule",
    "namespace",
    "resource",
    "name",
    "context",
    "expires",
    "reason",
)


def _write_settings(out: list[str], policy: Policy) -> None:
    """
    The ``[gate]`` and ``[hook]`` tables, each only when not the default.
    """
    g = policy.gate
    if g != _G:
        out.extend(
            (
                "",
                "[gate]",
                f"approvals_human = {g.approvals_human}",
                f"approvals_dual = {g.approvals_dual}",
                f'approval_ttl = "{duration_text(g.approval_ttl)}"',
                f"budget_executions = {g.budget_executions}",
                f'budget_window = "{duration_text(g.budget_window)}"',
            )
        )
    h = policy.hook
    if h != _H:
        out.extend(
            (
                "",
                "[hook]",
                f'auto = "{h.auto}"',
                f'human = "{h.human}"',
                f'dual = "{h.dual}"',
                f'blocked = "{h.blocked}"',
            )
        )


def _write_rows(out: list[str], policy: Policy) -> None:
    """
    The aliases, hard rules, overrides and exceptions.
    """
    if policy.aliases:
        out.extend(("", "[aliases]"))
        out.extend(
            f"{_toml.key(k)} = {_toml.value(v)}" for k, v in policy.aliases
        )
    for row in policy.hard_rules:
        _row(out, "hard_rules", row, _HARD_RULE_KEYS)
    for o in policy.overrides:
        _row(out, "overrides", o, ("rule", "score", "floor"))
    for e in policy.exceptions:
        _row(out, "exceptions", e, _EXCEPTION_KEYS)


def to_toml(policy: Policy, *, explicit: bool = False) -> str:
    """
    Write *policy* as TOML; see `blastradius.Policy.to_toml`.
    """
    t = policy.thresholds
    out = [
        f"# blastradius policy, schema version {SCHEMA_VERSION}",
        f"version = {SCHEMA_VERSION}",
        f"irreversible_penalty = {policy.irreversible_penalty}",
        f"missing_facts_penalty = {policy.missing_facts_penalty}",
        f'dry_run_from_tier = "{policy.dry_run_from_tier.value}"',
        "",
        "[thresholds]",
        f"auto = {t.auto}",
        f"human = {t.human}",
        f"dual = {t.dual}",
    ]
    for key, rows, builtin in (
        ("namespaces", policy.namespace_weights, DEFAULT_NAMESPACE_WEIGHTS),
        ("contexts", policy.context_weights, DEFAULT_CONTEXT_WEIGHTS),
    ):
        own, keeps = split_builtin(rows, builtin)
        if explicit:
            own, keeps = rows, False
        out.extend(("", f"[{key}]"))
        if key == "namespaces":
            u = policy.unspecified_namespace
            out.append(f"unspecified = {_toml.value(u.weight)}")
            if u.id != UNSPECIFIED_NAMESPACE.id:
                out.append(f"unspecified_id = {_toml.value(u.id)}")
        out.append(f"builtin = {_toml.value(keeps)}")
        _weight_rows(out, key, own)
    _write_settings(out, policy)
    _write_rows(out, policy)
    if policy.trusted_tools or policy.rm_paths:
        out.extend(("", "[workspace]"))
        if policy.trusted_tools:
            out.append(
                f"trusted_tools = {_toml.value(list(policy.trusted_tools))}"
            )
        if policy.rm_paths:
            out.append(f"rm_paths = {_toml.value(list(policy.rm_paths))}")
    if policy.disclosure != _DISCLOSURE:
        d = policy.disclosure
        out.extend(
            (
                "",
                "[disclosure]",
                f"local = {_toml.value(d.local)}",
                f"trusted_hosts = {_toml.value(list(d.trusted_hosts))}",
            )
        )
    if policy.analyzers:
        out.extend(("", "# analyzers (code only, not expressible in TOML):"))
        out.extend(
            f"#   {k} = {getattr(v, '__module__', '?')}."
            f"{getattr(v, '__qualname__', type(v).__qualname__)}"
            for k, v in policy.analyzers
        )
    return "\n".join(out) + "\n"


assert all(  # noqa: S101 - the schema names only known types
    k.type in _CHECKS or k.path.startswith("aliases.") for k in SCHEMA
)
assert _BY_PATH  # noqa: S101
