from __future__ import annotations

import json
import operator

from collections.abc import Callable

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from blastradius import (
    Assessment,
    Effect,
    Finding,
    Kind,
    Redirect,
    SimpleCommand,
    Tier,
)
from blastradius._model import fold_program


ORDER = [Tier.AUTO, Tier.HUMAN, Tier.DUAL, Tier.BLOCKED]

words = st.text(max_size=12)
redirects = st.builds(
    Redirect,
    op=st.sampled_from([">", ">>", "<", "<<", "<<<", ">&", "&>"]),
    target=words,
    fd=st.none() | st.integers(0, 9),
    dynamic=st.booleans(),
)
commands = st.builds(
    SimpleCommand,
    argv=st.lists(words, max_size=5),
    dynamic=st.lists(st.booleans(), max_size=7),
    assignments=st.lists(st.tuples(words, words), max_size=2),
    redirects=st.lists(redirects, max_size=2),
    stdin=st.none() | words,
    stdin_unknown=st.booleans(),
    via=st.lists(words, max_size=2),
    incomplete=st.booleans(),
    unknown_args=st.booleans(),
    stdin_from=st.none() | words,
)
findings = st.builds(
    Finding,
    rule=st.text(min_size=1, max_size=12),
    program=words,
    words=st.lists(words, max_size=3),
    score=st.integers(0, 100),
    hard=st.booleans(),
    kind=st.sampled_from(Kind),
    message=words,
    effect=st.none() | st.sampled_from(Effect),
    scoped=st.booleans(),
    namespace=st.none() | words,
    context=st.none() | words,
    resource=st.none() | words,
    base=st.none() | st.integers(0, 100),
)
assessments = st.builds(
    Assessment,
    score=st.integers(0, 100),
    tier=st.sampled_from(Tier),
    reasons=st.lists(words, max_size=3),
    findings=st.lists(findings, max_size=3),
    commands=st.lists(commands, max_size=3),
    policy_fingerprint=words,
)


def _json_round_trip(value: object) -> object:
    return json.loads(json.dumps(value))


class TestTier:
    def test_order(self) -> None:
        """
        Tiers sort from least to most guarded.
        """
        assert (
            sorted([Tier.BLOCKED, Tier.AUTO, Tier.DUAL, Tier.HUMAN]) == ORDER
        )
        assert [t.rank for t in ORDER] == [0, 1, 2, 3]

    def test_values(self) -> None:
        """
        The string values are stable API (JSON output uses them).
        """
        assert [t.value for t in Tier] == ["auto", "human", "dual", "blocked"]

    @given(st.sampled_from(Tier), st.sampled_from(Tier))
    @pytest.mark.parametrize(
        "op", [operator.lt, operator.le, operator.gt, operator.ge]
    )
    def test_compares_by_rank(
        self, op: Callable[[object, object], bool], a: Tier, b: Tier
    ) -> None:
        """
        Every comparison agrees with the comparison of ranks.
        """
        assert op(a, b) == op(a.rank, b.rank)

    def test_max(self) -> None:
        """
        `max` of tiers is the most guarded one.
        """
        assert max(Tier.HUMAN, Tier.BLOCKED, Tier.AUTO) is Tier.BLOCKED

    @pytest.mark.parametrize(
        "op", [operator.lt, operator.le, operator.gt, operator.ge]
    )
    def test_other_types(self, op: Callable[[object, object], bool]) -> None:
        """
        Ordering a tier against another type is a `TypeError`, not a
        silent answer.
        """
        with pytest.raises(TypeError):
            op(Tier.AUTO, 1)


class TestSimpleCommand:
    @pytest.mark.parametrize(
        ("argv0", "program"),
        [
            ("kubectl", "kubectl"),
            ("/usr/bin/kubectl", "kubectl"),
            ("KubeCtl", "kubectl"),
            ("kubectl.exe", "kubectl"),
            ("/usr/bin/KubeCtl.EXE", "kubectl"),
            ("C:\\Tools\\kubectl.exe", "kubectl"),
            ("./bin/rm", "rm"),
            ("python3.12", "python3.12"),
            ("mkfs.ext4", "mkfs.ext4"),
        ],
    )
    def test_program_folding(self, argv0: str, program: str) -> None:
        """
        `program` is argv[0]'s basename, lower case, without ``.exe``.
        """
        assert SimpleCommand(argv=[argv0, "x"]).program == program

    def test_empty_program(self) -> None:
        """
        An empty argv has the empty program and no args.
        """
        command = SimpleCommand(argv=[])

        assert (command.program, command.args) == ("", ())

    @given(st.text(alphabet="abc/\\.", max_size=10), words)
    def test_directory_never_matters(self, directory: str, name: str) -> None:
        """
        Any directory in front of a name folds away.
        """
        name = name.replace("/", "").replace("\\", "")

        assert fold_program(f"{directory}/{name}") == fold_program(name)
        assert fold_program(f"{directory}\\{name}") == fold_program(name)

    @given(words)
    def test_program_has_no_separator(self, argv0: str) -> None:
        """
        A folded program never contains a path separator.
        """
        program = SimpleCommand(argv=[argv0]).program

        assert "/" not in program
        assert "\\" not in program

    @given(st.lists(words, max_size=6), st.lists(st.booleans(), max_size=9))
    def test_dynamic_matches_argv(
        self, argv: list[str], dynamic: list[bool]
    ) -> None:
        """
        `dynamic` is padded with `False` or cut to one flag per word.
        """
        command = SimpleCommand(argv=argv, dynamic=dynamic)
        expected = (dynamic + [False] * len(argv))[: len(argv)]

        assert command.dynamic == tuple(expected)
        assert [command.is_dynamic(i) for i in range(len(argv))] == expected
        assert not command.is_dynamic(-1)
        assert not command.is_dynamic(len(argv))

    def test_frozen_tuples(self) -> None:
        """
        Lists given to a command are stored as tuples; it is immutable.
        """
        command = SimpleCommand(argv=["ls", "-l"], via=["sudo"])

        assert command.argv == ("ls", "-l")
        assert command.args == ("-l",)
        assert command.via == ("sudo",)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            command.argv = ("rm",)  # type: ignore[misc]

    def test_to_dict_minimal(self) -> None:
        """
        A plain command's dict holds only its argv.
        """
        assert SimpleCommand(argv=["ls"]).to_dict() == {"argv": ["ls"]}

    def test_to_dict_full(self) -> None:
        """
        Every piece of context appears in the dict when set.
        """
        command = SimpleCommand(
            argv=["kubectl", "$NS"],
            dynamic=[False, True],
            assignments=[("A", "1")],
            redirects=[Redirect(">", "out", fd=2)],
            stdin="x",
            stdin_unknown=True,
            via=["sudo"],
            incomplete=True,
            unknown_args=True,
            stdin_from="base64",
        )

        assert command.to_dict() == {
            "argv": ["kubectl", "$NS"],
            "dynamic": [1],
            "assignments": {"A": "1"},
            "redirects": [{"op": ">", "target": "out", "fd": 2}],
            "stdin": "x",
            "stdin_unknown": True,
            "via": ["sudo"],
            "incomplete": True,
            "unknown_args": True,
            "stdin_from": "base64",
        }

    @given(commands)
    def test_to_dict_json_ready(self, command: SimpleCommand) -> None:
        """
        `to_dict()` survives a JSON round trip unchanged.
        """
        d = command.to_dict()

        assert _json_round_trip(d) == d


class TestFinding:
    def test_hard_and_kind_agree(self) -> None:
        """
        ``hard=True`` makes the kind `HARD`, and kind `HARD` makes it hard.
        """
        by_flag = Finding(rule="r", program="p", hard=True)
        by_kind = Finding(rule="r", program="p", kind=Kind.HARD)

        assert (by_flag.kind, by_flag.hard) == (Kind.HARD, True)
        assert (by_kind.kind, by_kind.hard) == (Kind.HARD, True)

    @given(findings)
    def test_hard_iff_kind_hard(self, finding: Finding) -> None:
        """
        Whatever it was built from, a finding is hard exactly when its
        kind is `HARD`.
        """
        assert finding.hard == (finding.kind is Kind.HARD)

    def test_base_defaults_to_score(self) -> None:
        """
        Without a *base*, the base is the score given.
        """
        assert Finding(rule="r", program="p", score=40).base == 40
        assert Finding(rule="r", program="p", score=40, base=20).base == 20

    def test_reason(self) -> None:
        """
        The reason names the rule, the words, the message and the score.
        """
        action = Finding(
            rule="shell.rm.recursive-force",
            program="rm",
            words=["-r", "-f"],
            score=100,
            hard=True,
            message="deletes a tree",
        )
        modifier = Finding(
            rule="kubectl.flag.force",
            program="kubectl",
            score=10,
            kind=Kind.MODIFIER,
        )

        assert action.reason == (
            "shell.rm.recursive-force [-r -f]: deletes a tree (100)"
        )
        assert modifier.reason == "kubectl.flag.force (+10)"

    @given(findings)
    def test_reason_names_rule_and_words(self, finding: Finding) -> None:
        """
        Every reason starts with the rule id and shows the words.
        """
        assert finding.reason.startswith(finding.rule)
        assert " ".join(finding.words) in finding.reason

    @given(findings)
    def test_to_dict_json_ready(self, finding: Finding) -> None:
        """
        `to_dict()` survives a JSON round trip and keeps the rule, words,
        score, hard flag and kind.
        """
        d = finding.to_dict()

        assert _json_round_trip(d) == d
        assert (d["rule"], d["words"], d["score"], d["hard"], d["kind"]) == (
            finding.rule,
            list(finding.words),
            finding.score,
            finding.hard,
            finding.kind.value,
        )

    def test_to_dict_optional_keys(self) -> None:
        """
        Effect, namespace, context and resource appear when known; an
        unspecified namespace of a scoped finding is an explicit null.
        """
        scoped = Finding(
            rule="kubectl.delete",
            program="kubectl",
            effect=Effect.DESTRUCTIVE,
            scoped=True,
            resource="pods",
        )
        with_context = attrs.evolve(scoped, namespace="prod", context="eu")

        assert scoped.to_dict()["namespace"] is None
        assert "context" not in scoped.to_dict()
        assert scoped.to_dict()["effect"] == "destructive"
        assert scoped.to_dict()["resource"] == "pods"
        assert with_context.to_dict()["namespace"] == "prod"
        assert with_context.to_dict()["context"] == "eu"
        assert "namespace" not in Finding(rule="r", program="p").to_dict()


class TestFindingValidates:
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("rule", None),
            ("rule", b"r"),
            ("program", 1),
            ("words", [1]),
            ("words", ["a", None]),
            ("score", "5"),
            ("score", 5.0),
            ("score", True),
            ("base", "5"),
            ("hard", 1),
            ("kind", "action"),
            ("message", None),
            ("effect", "read-only"),
            ("scoped", "yes"),
            ("namespace", 1),
            ("context", b"c"),
            ("resource", ["pods"]),
        ],
    )
    def test_wrong_type(self, field: str, value: object) -> None:
        """
        A field of the wrong type is a TypeError naming the field, so no
        malformed finding reaches the scorer.
        """
        fields: dict[str, object] = {"rule": "r", "program": "p"}
        fields[field] = value

        with pytest.raises(TypeError, match=field):
            Finding(**fields)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("fields", "match"),
        [
            ({"rule": ""}, "rule"),
            ({"rule": "r", "score": 101}, "score"),
            ({"rule": "r", "score": -101}, "score"),
            ({"rule": "r", "score": 5, "base": 200}, "base"),
        ],
    )
    def test_wrong_value(self, fields: dict[str, object], match: str) -> None:
        """An empty rule id or a score outside -100..100 is a ValueError."""
        with pytest.raises(ValueError, match=match):
            Finding(program="p", **fields)  # type: ignore[arg-type]

    @given(
        st.integers(-100, 100),
        st.sampled_from(Kind),
        st.booleans(),
    )
    def test_valid_range(self, score: int, kind: Kind, hard: bool) -> None:
        """Every score from -100 to 100 of every kind is a valid finding."""
        f = Finding(rule="r", program="p", score=score, kind=kind, hard=hard)

        assert (f.score, f.base) == (score, score)

    def test_evolve_validates(self) -> None:
        """``attrs.evolve`` goes through the same checks."""
        f = Finding(rule="r", program="p")

        assert attrs.evolve(f, score=7).score == 7
        with pytest.raises(TypeError, match="score"):
            attrs.evolve(f, score="7")  # type: ignore[arg-type]

    def test_frozen(self) -> None:
        """A finding cannot be changed once built."""
        f = Finding(rule="r", program="p")

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            f.score = 3  # type: ignore[misc]


class TestAssessment:
    @given(assessments)
    def test_to_dict_json_ready(self, assessment: Assessment) -> None:
        """
        `to_dict()` survives a JSON round trip and nests the findings' and
        commands' own dicts.
        """
        d = assessment.to_dict()

        assert _json_round_trip(d) == d
        assert d["score"] == assessment.score
        assert d["tier"] == assessment.tier.value
        assert d["reasons"] == list(assessment.reasons)
        assert d["findings"] == [f.to_dict() for f in assessment.findings]
        assert d["commands"] == [c.to_dict() for c in assessment.commands]
        assert d["policy_fingerprint"] == assessment.policy_fingerprint

    @given(assessments)
    def test_blocked(self, assessment: Assessment) -> None:
        """
        `blocked` is true exactly for the `BLOCKED` tier.
        """
        assert assessment.blocked == (assessment.tier is Tier.BLOCKED)

    @given(assessments)
    def test_hashable_and_equal(self, assessment: Assessment) -> None:
        """
        Assessments are frozen values: equal copies hash equal.
        """
        copy = attrs.evolve(assessment)

        assert copy == assessment
        assert hash(copy) == hash(assessment)

    @pytest.mark.parametrize(
        "fields",
        [
            {"score": "5"},
            {"tier": "auto"},
            {"policy_fingerprint": None},
        ],
    )
    def test_wrong_type(self, fields: dict[str, object]) -> None:
        """An Assessment of wrongly typed parts is a TypeError."""
        valid: dict[str, object] = {
            "score": 0,
            "tier": Tier.AUTO,
            "reasons": (),
            "findings": (),
            "commands": (),
        }
        with pytest.raises(TypeError, match="Assessment"):
            Assessment(**{**valid, **fields})  # type: ignore[arg-type]

    @pytest.mark.parametrize("score", [-1, 101])
    def test_score_range(self, score: int) -> None:
        """An Assessment scores from 0 to 100."""
        with pytest.raises(ValueError, match="0 to 100"):
            Assessment(
                score=score,
                tier=Tier.AUTO,
                reasons=(),
                findings=(),
                commands=(),
            )


class TestFindingWeighed:
    def test_keeps_other_fields(self) -> None:
        """The scorer's copy changes score, message and base only."""
        f = Finding(
            rule="kubectl.delete",
            program="kubectl",
            words=["delete", "pods"],
            score=40,
            effect=Effect.DESTRUCTIVE,
            scoped=True,
            namespace="prod",
            resource="pods",
        )
        w = f._weighed(60, "m", 40)

        assert w == attrs.evolve(f, score=60, message="m", base=40)

    @pytest.mark.parametrize(
        ("score", "message", "base", "error"),
        [
            ("60", "m", 40, TypeError),
            (60, None, 40, TypeError),
            (60, "m", 400, ValueError),
        ],
    )
    def test_validates_new_values(
        self, score: object, message: object, base: object, error: type
    ) -> None:
        """The new values are checked like the constructor's."""
        f = Finding(rule="r", program="p")

        with pytest.raises(error):
            f._weighed(score, message, base)  # type: ignore[arg-type]
