"""
Policies in TOML: every key, loud errors naming the key and line, the
round trip, reading files, and the generated reference.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import sys

import pytest

from hypothesis import HealthCheck, given, settings
from tests.helpers import load_script
from tests.strategies import policies

from blastradius import Effect, Policy, PolicyError, Thresholds, Tier, score
from blastradius._policy import HardRule, PolicyException, RuleOverride
from blastradius._policy_io import load_policy
from blastradius._policy_schema import SCHEMA, from_toml
from blastradius._toml import key, line_of, loads, value
from blastradius.rules import (
    DEFAULT_CONTEXT_WEIGHTS,
    DEFAULT_NAMESPACE_WEIGHTS,
    WeightRule,
)


ROOT = pathlib.Path(__file__).parent.parent
UTC = dt.timezone.utc


def load(body: str) -> Policy:
    return Policy.from_toml("version = 1\n" + body)


def error(body: str) -> PolicyError:
    with pytest.raises(PolicyError) as e:
        load(body)
    return e.value


class TestKeys:
    def test_minimal(self) -> None:
        """
        ``version = 1`` alone is the default policy.
        """
        assert Policy.from_toml("version = 1") == Policy()

    def test_thresholds(self) -> None:
        """
        ``[thresholds]`` sets each tier's top score; unset keys keep the
        default.
        """
        p = load("[thresholds]\nauto = 5\nhuman = 40\n")

        assert p.thresholds == Thresholds(auto=5, human=40, dual=99)

    def test_namespaces(self) -> None:
        """
        ``[[namespaces.rules]]`` rows come before the built-in rows; one row
        per pattern, in order; ``unspecified`` sets the missing-namespace
        weight.
        """
        p = load(
            "[namespaces]\nunspecified = 3\nunspecified_id = 'namespace.none'\n"
            "[[namespaces.rules]]\nid = 'namespace.eu'\n"
            "patterns = ['eu-prod-*', 'payments']\nweight = 2.5\n"
            "[[namespaces.rules]]\npatterns = ['lab']\nweight = 0.1\n"
        )

        assert p.namespace_weights == (
            WeightRule("namespace.eu", "eu-prod-*", 2.5),
            WeightRule("namespace.eu", "payments", 2.5),
            WeightRule("namespace.custom", "lab", 0.1),
            *DEFAULT_NAMESPACE_WEIGHTS,
        )
        assert p.unspecified_namespace == WeightRule("namespace.none", "", 3.0)

    def test_builtin_false(self) -> None:
        """
        ``builtin = false`` makes your rows the whole table.
        """
        p = load(
            "[namespaces]\nbuiltin = false\n[[namespaces.rules]]\n"
            "patterns = ['*']\nweight = 1\n[contexts]\nbuiltin = false\n"
        )

        assert p.namespace_weights == (WeightRule("namespace.custom", "*", 1),)
        assert p.context_weights == ()

    def test_contexts(self) -> None:
        """
        ``[[contexts.rules]]`` rows come before the built-in ones.
        """
        p = load(
            "[[contexts.rules]]\nid = 'context.eu'\npatterns = ['eu-*']\n"
            "weight = 3\n"
        )

        assert p.context_weights == (
            WeightRule("context.eu", "eu-*", 3.0),
            *DEFAULT_CONTEXT_WEIGHTS,
        )

    def test_aliases(self) -> None:
        """
        ``[aliases]`` maps program names, quoted keys included.
        """
        p = load("[aliases]\nk = 'kubectl'\n'kubectl.old' = 'kubectl'\n")

        assert dict(p.aliases) == {"k": "kubectl", "kubectl.old": "kubectl"}

    def test_hard_rules(self) -> None:
        """
        ``[[hard_rules]]`` with every criterion.
        """
        p = load(
            "[[hard_rules]]\nid = 'policy.x'\nreason = 'no'\n"
            "rule = 'kubectl.delete.*'\nprogram = 'kubectl'\n"
            "resource = 'pods'\nnamespace = 'prod*'\ncontext = 'eu-*'\n"
            "effect = 'destructive'\n"
        )

        assert p.hard_rules == (
            HardRule(
                id="policy.x",
                reason="no",
                rule="kubectl.delete.*",
                program="kubectl",
                resource="pods",
                namespace="prod*",
                context="eu-*",
                effect=Effect.DESTRUCTIVE,
            ),
        )

    def test_overrides(self) -> None:
        """
        ``[[overrides]]`` with and without ``floor``.
        """
        p = load(
            "[[overrides]]\nrule = 'a.*'\nscore = 5\n"
            "[[overrides]]\nrule = 'b'\nscore = 60\nfloor = true\n"
        )

        assert p.overrides == (
            RuleOverride(rule="a.*", score=5),
            RuleOverride(rule="b", score=60, floor=True),
        )

    def test_exceptions(self) -> None:
        """
        ``[[exceptions]]`` with every key; the expiry is a TOML offset
        date-time, stored in UTC.
        """
        p = load(
            "[[exceptions]]\nrule = 'kubectl.rollout.restart'\n"
            "reason = 'routine'\nnamespace = 'dev'\nresource = 'deployments'\n"
            "name = 'web-*'\ncontext = 'dev-*'\n"
            "expires = 2026-12-31T23:00:00-01:00\n"
        )

        assert p.exceptions == (
            PolicyException(
                rule="kubectl.rollout.restart",
                reason="routine",
                namespace="dev",
                resource="deployments",
                name="web-*",
                context="dev-*",
                expires=dt.datetime(2027, 1, 1, tzinfo=UTC),
            ),
        )


class TestErrors:
    @pytest.mark.parametrize(
        ("body", "path", "line"),
        [
            ("colour = 1\n", "colour", 2),
            ("[thresholds]\nauto = 5\nautp = 6\n", "thresholds.autp", 4),
            (
                "[[namespaces.rules]]\npatterns = ['x']\nweight = 1\nwieght = 2\n",
                "namespaces.rules[0].wieght",
                5,
            ),
            (
                (
                    "[[exceptions]]\nrule = 'a'\nreason = 'r'\n"
                    "[[exceptions]]\nrule = 'b'\nreason = 'r'\nnamspace = 'dev'\n"
                ),
                "exceptions[1].namspace",
                8,
            ),
        ],
    )
    def test_unknown_keys(self, body: str, path: str, line: int) -> None:
        """
        An unknown key (a typo) is an error naming its path and line, and
        the keys that are allowed there.
        """
        e = error(body)

        assert (e.path, e.line) == (path, line)
        assert "unknown key" in str(e)
        assert "expected one of" in str(e)
        assert str(e).startswith(f"{path} (line {line}): ")

    @pytest.mark.parametrize(
        ("body", "path", "line", "words"),
        [
            ("[thresholds]\nauto = '5'\n", "thresholds.auto", 3, "an integer"),
            ("[thresholds]\nauto = true\n", "thresholds.auto", 3, "integer"),
            ("[thresholds]\nhuman = 4.5\n", "thresholds.human", 3, "integer"),
            ("thresholds = 3\n", "thresholds", 2, "a table"),
            (
                "[namespaces]\nbuiltin = 'yes'\n",
                "namespaces.builtin",
                3,
                "true or false",
            ),
            (
                "[[namespaces.rules]]\npatterns = 'x'\nweight = 1\n",
                "namespaces.rules[0].patterns",
                3,
                "array of strings",
            ),
            (
                "[[namespaces.rules]]\npatterns = []\nweight = 1\n",
                "namespaces.rules[0].patterns",
                3,
                "non-empty",
            ),
            (
                "[[namespaces.rules]]\npatterns = ['x']\nweight = 'heavy'\n",
                "namespaces.rules[0].weight",
                4,
                "a number",
            ),
            ("[aliases]\nk = 1\n", "aliases.k", 3, "a string"),
            (
                "[[overrides]]\nrule = 'x'\nscore = '5'\n",
                "overrides[0].score",
                4,
                "an integer",
            ),
            ("hard_rules = 1\n", "hard_rules", 2, "array of tables"),
            (
                "[thresholds]\nauto = {a = 1}\n",
                "thresholds.auto",
                3,
                "got a table",
            ),
            (
                "[thresholds]\nauto = [1]\n",
                "thresholds.auto",
                3,
                "got an array",
            ),
            (
                "[thresholds]\nauto = 1.5\n",
                "thresholds.auto",
                3,
                "got a float",
            ),
            (
                "[thresholds]\nauto = 2026-01-01T00:00:00Z\n",
                "thresholds.auto",
                3,
                "got a date-time",
            ),
            (
                "[[exceptions]]\nrule = 'x'\nreason = 'r'\nexpires = '2026-01-01'\n",
                "exceptions[0].expires",
                5,
                "date-time",
            ),
            (
                "[[exceptions]]\nrule = 'x'\nreason = 'r'\nexpires = 2026-01-01\n",
                "exceptions[0].expires",
                5,
                "got a date",
            ),
        ],
    )
    def test_wrong_types(
        self, body: str, path: str, line: int, words: str
    ) -> None:
        """
        A value of the wrong type names the key, its line and the type
        expected.
        """
        e = error(body)

        assert (e.path, e.line) == (path, line)
        assert words in str(e)

    @pytest.mark.parametrize(
        ("body", "path", "line", "words"),
        [
            (
                "[[namespaces.rules]]\npatterns = ['ok', 'prod[']\nweight = 1\n",
                "namespaces.rules[0].patterns[1]",
                3,
                "unclosed",
            ),
            (
                "[[contexts.rules]]\npatterns = ['a b']\nweight = 1\n",
                "contexts.rules[0].patterns[0]",
                3,
                "white space",
            ),
            (
                "[[overrides]]\nrule = 'Kubectl.*'\nscore = 1\n",
                "overrides[0].rule",
                3,
                "lower case",
            ),
            (
                "[[hard_rules]]\nid = 'policy.x'\nreason = 'r'\nnamespace = '[z-a]'\n",
                "hard_rules[0].namespace",
                5,
                "reversed",
            ),
            (
                "[[exceptions]]\nrule = 'x'\nreason = 'r'\nname = ''\n",
                "exceptions[0].name",
                5,
                "empty",
            ),
        ],
    )
    def test_bad_globs(
        self, body: str, path: str, line: int, words: str
    ) -> None:
        """
        A malformed glob is an error naming the key and line.
        """
        e = error(body)

        assert (e.path, e.line) == (path, line)
        assert words in str(e)

    @pytest.mark.parametrize(
        ("body", "path", "line"),
        [
            ("[thresholds]\nauto = 60\n", "thresholds.auto", 3),
            ("[thresholds]\nauto = 5\nhuman = 5\n", "thresholds.human", 4),
            ("[thresholds]\nhuman = 99\n", "thresholds.human", 3),
            ("[thresholds]\ndual = 100\n", "thresholds.dual", 3),
            ("[thresholds]\nauto = -1\n", "thresholds.auto", 3),
        ],
    )
    def test_thresholds_not_increasing(
        self, body: str, path: str, line: int
    ) -> None:
        """
        Thresholds that are not strictly increasing within 0..99 name the
        offending key and its line.
        """
        e = error(body)

        assert (e.path, e.line) == (path, line)
        assert "strictly increasing" in str(e)

    @pytest.mark.parametrize(
        ("body", "path", "line", "words"),
        [
            (
                "[[exceptions]]\nrule = 'x'\n",
                "exceptions[0].reason",
                2,
                "required",
            ),
            (
                "[[exceptions]]\nrule = 'x'\nreason = '  '\n",
                "exceptions[0].reason",
                4,
                "non-empty",
            ),
            (
                "[[hard_rules]]\nid = 'policy.x'\nrule = 'x'\n",
                "hard_rules[0].reason",
                2,
                "required",
            ),
            (
                "[[hard_rules]]\nid = 'policy.x'\nreason = 'r'\n",
                "hard_rules[0].rule",
                2,
                "at least one",
            ),
            (
                "[[hard_rules]]\nid = 'policy.x'\nreason = 'r'\neffect = 'scary'\n",
                "hard_rules[0].effect",
                5,
                "unknown effect",
            ),
            (
                "[[hard_rules]]\nid = 'No'\nreason = 'r'\nrule = 'x'\n",
                "hard_rules[0].id",
                3,
                "not a rule id",
            ),
            (
                "[[overrides]]\nrule = 'x'\nscore = 100\n",
                "overrides[0].score",
                4,
                "0 to 99",
            ),
            (
                "[[namespaces.rules]]\npatterns = ['x']\n",
                "namespaces.rules[0].weight",
                2,
                "required",
            ),
            (
                "[[namespaces.rules]]\npatterns = ['x']\nweight = 1e9\n",
                "namespaces.rules[0].weight",
                4,
                "0 to 100",
            ),
            (
                "[[namespaces.rules]]\nid = 'Bad'\npatterns = ['x']\nweight = 1\n",
                "namespaces.rules[0].id",
                3,
                "not a rule id",
            ),
            (
                "[namespaces]\nunspecified = -2\n",
                "namespaces.unspecified",
                3,
                "0 to 100",
            ),
            (
                "[namespaces]\nunspecified_id = 'X'\n",
                "namespaces.unspecified_id",
                3,
                "rule id",
            ),
            ("[aliases]\nK = 'kubectl'\n", "aliases.K", 3, "lower case"),
            (
                "[[exceptions]]\nrule = 'x'\nreason = 'r'\nexpires = 2026-01-01T00:00:00\n",
                "exceptions[0].expires",
                5,
                "no UTC offset",
            ),
        ],
    )
    def test_semantic(
        self, body: str, path: str, line: int, words: str
    ) -> None:
        """
        Values of the right type but wrong meaning name the key and line.
        """
        e = error(body)

        assert (e.path, e.line) == (path, line)
        assert words in str(e)

    def test_version(self) -> None:
        """
        ``version`` is required and must be 1.
        """
        with pytest.raises(PolicyError, match="required") as e:
            Policy.from_toml("[thresholds]\nauto = 5\n")

        assert e.value.path == "version"

        with pytest.raises(PolicyError, match="reads version 1") as e:
            Policy.from_toml("\nversion = 2\n")

        assert (e.value.path, e.value.line) == ("version", 2)

    @pytest.mark.parametrize(
        ("text", "line"),
        [
            ("version = 1\n[thresholds\nauto = 5\n", 2),
            ("version = 1\n\n\nauto = \n", 4),
            ("version = 1\nversion = 1\n", 2),
        ],
    )
    def test_syntax(self, text: str, line: int) -> None:
        """
        A TOML syntax error gives the parser's line.
        """
        with pytest.raises(PolicyError, match="not valid TOML") as e:
            Policy.from_toml(text)

        assert e.value.line == line

    def test_not_text(self) -> None:
        """
        Only `str` is read (decode bytes first).
        """
        with pytest.raises(PolicyError, match="must be a str"):
            Policy.from_toml(b"version = 1")  # type: ignore[arg-type]


class TestRoundTrip:
    @given(policies())
    @settings(suppress_health_check=[HealthCheck.too_slow])
    def test_round_trip(self, p: Policy) -> None:
        """
        ``from_toml(p.to_toml()) == p`` for any policy without analyzers,
        compact or explicit, with an equal fingerprint.
        """
        for text in (p.to_toml(), p.to_toml(explicit=True)):
            q = Policy.from_toml(text)

            assert q == p
            assert q.fingerprint == p.fingerprint

    def test_analyzers_listed(self) -> None:
        """
        Analyzers cannot be written; they are listed in a comment and
        dropped on reading.
        """
        p = Policy(analyzers={"mytool": load})
        text = p.to_toml()

        assert "#   mytool = " in text
        assert "load" in text
        assert Policy.from_toml(text) == Policy()

    def test_escaping(self) -> None:
        """
        Reasons with quotes, backslashes and control characters survive.
        """
        reason = 'say "no" \\ \n\t\x00\x7f\r ünïcode'
        p = Policy(exceptions=[PolicyException(rule="x", reason=reason)])

        assert Policy.from_toml(p.to_toml()).exceptions[0].reason == reason


class TestToml:
    def test_value(self) -> None:
        """
        Values are written as TOML.
        """
        assert (
            value(dt.datetime(2026, 1, 1, tzinfo=UTC))
            == "2026-01-01T00:00:00Z"
        )
        cet = dt.timezone(dt.timedelta(hours=1))
        assert (
            value(dt.datetime(2026, 1, 1, tzinfo=cet))
            == "2026-01-01T00:00:00+01:00"
        )
        assert value(1e-7) == "1e-07"
        assert loads(f"x = {value(1e-7)}") == {"x": 1e-7}

        with pytest.raises(ValueError, match="no value"):
            value(float("inf"))
        with pytest.raises(TypeError, match="cannot write"):
            value(object())

    def test_key(self) -> None:
        """
        Keys are bare when they can be, quoted otherwise.
        """
        assert key("a-b_1") == "a-b_1"
        assert key("a.b") == '"a.b"'
        assert key("") == '""'

    def test_line_of(self) -> None:
        """
        The line scan finds keys in tables, arrays of tables, dotted keys
        and top level, or falls back to the table's line.
        """
        text = (
            "version = 1\n"
            "[thresholds]\n"
            "auto = 5\n"
            "[[exceptions]]\n"
            "rule = 'a'\n"
            "[[exceptions]]\n"
            "\"rule\" = 'b'\n"
            "x.y = 1\n"
        )

        assert line_of(text, "version") == 1
        assert line_of(text, "thresholds.auto") == 3
        assert line_of(text, "thresholds.dual") == 2
        assert line_of(text, "exceptions[1].rule") == 7
        assert line_of(text, "exceptions[1]") == 6
        assert line_of(text, "x.y") == 8
        assert line_of(text, "nothing") is None
        assert line_of(text, "") is None
        odd = "x = '''\n[[not a header\n[nor this\n'''\n[t]\n"
        assert line_of(odd, "t.k") == 5
        assert line_of(odd, "x") == 1

    def test_line_from_message(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        Before Python 3.14 the line is parsed out of the parser's message.
        """
        if sys.version_info >= (3, 11):
            import tomllib as parser
        else:  # pragma: no cover - Python 3.10
            import tomli as parser  # type: ignore[import-not-found,unused-ignore]

        class OldStyleError(parser.TOMLDecodeError):  # type: ignore[misc,unused-ignore]
            def __init__(self) -> None:
                ValueError.__init__(self, "Expected '=' (at line 7, column 2)")

        def fail(text: str) -> dict[str, object]:
            raise OldStyleError

        monkeypatch.setattr(parser, "loads", fail)

        with pytest.raises(PolicyError, match="at line 7") as e:
            loads("x = 1")

        assert e.value.line == 7

    def test_no_line(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        A parser message without a line gives an error without one.
        """
        if sys.version_info >= (3, 11):
            import tomllib as parser
        else:  # pragma: no cover - Python 3.10
            import tomli as parser  # type: ignore[import-not-found,unused-ignore]

        class NoLineError(parser.TOMLDecodeError):  # type: ignore[misc,unused-ignore]
            def __init__(self) -> None:
                ValueError.__init__(self, "something odd")

        def fail(text: str) -> dict[str, object]:
            raise NoLineError

        monkeypatch.setattr(parser, "loads", fail)

        with pytest.raises(PolicyError, match="something odd") as e:
            loads("x = 1")

        assert e.value.line is None

    def test_lineno_attribute(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        From Python 3.14 the parser's error carries the line itself.
        """
        if sys.version_info >= (3, 11):
            import tomllib as parser
        else:  # pragma: no cover - Python 3.10
            import tomli as parser  # type: ignore[import-not-found,unused-ignore]

        class NewStyleError(parser.TOMLDecodeError):  # type: ignore[misc,unused-ignore]
            def __init__(self) -> None:
                ValueError.__init__(self, "Invalid value")
                self.lineno = 4

        def fail(text: str) -> dict[str, object]:
            raise NewStyleError

        monkeypatch.setattr(parser, "loads", fail)

        with pytest.raises(PolicyError, match="Invalid value") as e:
            loads("x = 1")

        assert e.value.line == 4


class TestFiles:
    def test_load_policy(self, tmp_path: pathlib.Path) -> None:
        """
        `load_policy` and `Policy.from_file` read a UTF-8 file.
        """
        path = tmp_path / "policy.toml"
        path.write_text(
            "version = 1\n[aliases]\nk = 'kubectl'\n[[exceptions]]\n"
            "rule = 'x'\nreason = 'café'\n",
            encoding="utf-8",
        )

        p = load_policy(path)

        assert p.resolve_program("k") == "kubectl"
        assert p.exceptions[0].reason == "café"
        assert Policy.from_file(str(path)) == p

    def test_errors(self, tmp_path: pathlib.Path) -> None:
        """
        A missing file raises `OSError`; a bad one `PolicyError` with its
        line.
        """
        with pytest.raises(OSError, match="No such file"):
            load_policy(tmp_path / "missing.toml")

        bad = tmp_path / "bad.toml"
        bad.write_text(
            "version = 1\n[thresholds]\nauto = 70\n", encoding="utf-8"
        )
        with pytest.raises(PolicyError) as e:
            load_policy(bad)

        assert (e.value.path, e.value.line) == ("thresholds.auto", 3)


class TestDocs:
    def test_up_to_date(self) -> None:
        """
        docs/policy.md is what tools/gen_policy_docs.py renders from the
        schema (run it after changing the schema).
        """
        module = load_script(ROOT / "tools" / "gen_policy_docs.py")
        committed = (ROOT / "docs" / "policy.md").read_text(encoding="utf-8")

        assert module.render() == committed

    def test_every_key_documented(self) -> None:
        """
        Every schema key has a description and an example that parses.
        """
        for k in SCHEMA:
            assert k.doc, k.path
            assert k.example, k.path
            text = k.example
            assert isinstance(loads(text), dict), k.path

    def test_worked_example(self) -> None:
        """
        The worked example in the docs loads and does what the page says
        (checked on the mechanism, not on exact scores).
        """
        docs = (ROOT / "docs" / "policy.md").read_text(encoding="utf-8")
        start = docs.index("```toml\n# worked example") + len("```toml\n")
        p = from_toml(docs[start : docs.index("```", start)])
        now = dt.datetime(2026, 6, 1, tzinfo=UTC)
        restart = "k --context eu-prod-1 -n dev rollout restart deploy/web"
        scale = (
            "kubectl --context eu-prod-1 -n x scale deploy/api --replicas=3"
        )

        assert p.resolve_program("k") == "kubectl"
        assert p.context_weight("eu-prod-3") == WeightRule(
            "context.eu-production", "eu-prod-*", 3.0
        )
        assert score(scale, policy=p).score >= score(scale).score
        excepted = score(restart, policy=p, now=now)
        assert any(
            r.startswith(
                "policy.exception [kubectl.rollout.restart]: restarting"
            )
            for r in excepted.reasons
        )
        unchecked = score(restart, policy=p)
        assert any(
            r.startswith("policy.exception.no-clock [kubectl.rollout.restart]")
            for r in unchecked.reasons
        )
        assert excepted.score <= unchecked.score
        bare = score("kubectl rollout restart deploy/web", policy=p, now=now)
        assert not any("policy.exception" in r for r in bare.reasons)
        with pytest.raises(PolicyError) as e:
            Policy().merge(p)
        assert e.value.path == "aliases.k"
        assert Policy().merge(p, override=True) == p


class TestSpecKeys:
    """
    The top-level keys of `DeclarativeSpec.evaluate`'s settings:
    ``irreversible_penalty``, ``missing_facts_penalty`` and
    ``dry_run_from_tier``.
    """

    def test_read(self) -> None:
        """
        Each key sets its field; unset ones keep the default.
        """
        p = load(
            "irreversible_penalty = 35\nmissing_facts_penalty = 0\n"
            'dry_run_from_tier = "dual"\n'
        )

        assert p == Policy(
            irreversible_penalty=35,
            missing_facts_penalty=0,
            dry_run_from_tier=Tier.DUAL,
        )
        assert load("irreversible_penalty = 35\n").dry_run_from_tier is (
            Tier.HUMAN
        )

    def test_written(self) -> None:
        """
        `Policy.to_toml` writes all three after ``version`` (before any
        table, where TOML needs top-level keys), and reads them back.
        """
        p = Policy(irreversible_penalty=5, dry_run_from_tier=Tier.BLOCKED)
        head = p.to_toml().split("\n[", 1)[0]

        assert "irreversible_penalty = 5\n" in head
        assert "missing_facts_penalty = 10\n" in head
        assert 'dry_run_from_tier = "blocked"\n' in head
        assert Policy.from_toml(p.to_toml()) == p

    @pytest.mark.parametrize(
        ("body", "path", "line", "words"),
        [
            (
                "irreversible_penalty = 100\n",
                "irreversible_penalty",
                2,
                "from 0 to 99",
            ),
            (
                "missing_facts_penalty = -1\n",
                "missing_facts_penalty",
                2,
                "from 0 to 99",
            ),
            (
                "missing_facts_penalty = true\n",
                "missing_facts_penalty",
                2,
                "expected an integer, got a boolean",
            ),
            (
                "irreversible_penalty = 2.5\n",
                "irreversible_penalty",
                2,
                "expected an integer, got a float",
            ),
            (
                'dry_run_from_tier = "sometimes"\n',
                "dry_run_from_tier",
                2,
                "expected a tier ('auto', 'human', 'dual', 'blocked')",
            ),
            (
                "dry_run_from_tier = 2\n",
                "dry_run_from_tier",
                2,
                "expected a string, got an integer",
            ),
            (
                "[thresholds]\nauto = 5\nirreversible_penalty = 30\n",
                "thresholds.irreversible_penalty",
                4,
                "top-level key: write it before the first table",
            ),
        ],
    )
    def test_errors(self, body: str, path: str, line: int, words: str) -> None:
        """
        A bad value is a `PolicyError` naming the key and its line; a
        top-level key written inside a table says where it belongs.
        """
        e = error(body)

        assert (e.path, e.line) == (path, line)
        assert words in str(e)

    def test_unknown_key_in_table(self) -> None:
        """
        An unknown key inside a table that is not a top-level key gets no
        such hint.
        """
        e = error("[thresholds]\nautp = 5\n")

        assert "top-level" not in str(e)


class TestWorkspaceKeys:
    """
    ``[workspace]`` written with only one of its two keys.
    """

    @pytest.mark.parametrize(
        "p",
        [Policy(trusted_tools=["pytest"]), Policy(rm_paths=["build"])],
    )
    def test_one_key(self, p: Policy) -> None:
        """
        A policy with only trusted tools, or only rm paths, writes only
        that key and reads back equal.
        """
        text = p.to_toml()

        assert ("trusted_tools" in text) is bool(p.trusted_tools)
        assert ("rm_paths" in text) is bool(p.rm_paths)
        assert Policy.from_toml(text) == p
