"""
The records an analyzer hands the scorer besides its findings (`Nested`,
`Target`), and what the scorer does with them.
"""

from __future__ import annotations

import subprocess
import sys
import warnings

from collections.abc import Callable, Iterable

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

import blastradius

from blastradius import Finding, Kind, Policy, SimpleCommand, Tier
from blastradius._handoff import Nested, Target
from blastradius._score import MAX_NESTING
from blastradius.analyzers import Context, Output


def _with(analyzer: Callable[..., Iterable[object]]) -> Policy:
    """The default policy plus *analyzer* registered for ``mytool``."""
    return Policy(analyzers={"mytool": analyzer})


def _rules(got: blastradius.Assessment) -> set[str]:
    return {f.rule for f in got.findings}


def _verdict(got: blastradius.Assessment) -> tuple[object, ...]:
    """Everything but the fingerprint (it names the policy's analyzers)."""
    return (got.score, got.tier, got.reasons, got.findings, got.commands)


class TestNested:
    def test_script_or_argv(self) -> None:
        """A Nested record holds shell text or an argv, as given."""
        script = Nested(script="rm -rf /tmp/x", via="trap")
        argv = Nested(argv=["ls", "-l"], via="ip netns exec", dynamic=True)

        assert (script.script, script.argv, script.via) == (
            "rm -rf /tmp/x",
            None,
            "trap",
        )
        assert (argv.argv, argv.script, argv.dynamic) == (
            ("ls", "-l"),
            None,
            True,
        )
        assert argv == Nested(
            argv=("ls", "-l"), via="ip netns exec", dynamic=True
        )

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"via": "x"},
            {"via": "x", "script": "ls", "argv": ["ls"]},
            {"via": "x", "script": "ls", "dynamic": True},
        ],
    )
    def test_exactly_one_of_script_and_argv(
        self, kwargs: dict[str, object]
    ) -> None:
        """Neither or both of script and argv, or a dynamic script, is a
        ValueError."""
        with pytest.raises(ValueError, match=r"script|argv"):
            Nested(**kwargs)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"via": 1, "script": "ls"},
            {"via": "x", "script": b"ls"},
            {"via": "x", "argv": ["ls", 3]},
            {"via": "x", "argv": ["ls"], "dynamic": 1},
        ],
    )
    def test_types(self, kwargs: dict[str, object]) -> None:
        """A field of the wrong type is a TypeError."""
        with pytest.raises(TypeError):
            Nested(**kwargs)  # type: ignore[arg-type]

    def test_frozen(self) -> None:
        """A Nested record cannot be changed."""
        n = Nested(script="ls", via="x")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            n.via = "y"  # type: ignore[misc]

    def test_public_name(self) -> None:
        """`blastradius.analyzers.Nested` is the record, served lazily."""
        from blastradius import analyzers

        assert analyzers.Nested is Nested
        assert "Nested" in analyzers.__all__
        with pytest.raises(AttributeError, match="nothing"):
            analyzers.nothing  # noqa: B018


class TestImportPath:
    def test_not_on_the_common_path(self) -> None:
        """
        Scoring a command that nests nothing never imports the module of
        these records (import cost), and one that does imports it.
        """
        code = (
            "import sys; from blastradius import score; "
            "score('kubectl get pods'); "
            "print('blastradius._handoff' in sys.modules); "
            "score(\"trap 'rm -rf /tmp/x' EXIT\"); "
            "print('blastradius._handoff' in sys.modules)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()

        assert out == ["False", "True"]


class TestTarget:
    def test_fields(self) -> None:
        """A Target keeps its family, program and option pairs as tuples."""
        t = Target(family="aws", program="aws", options=[("--profile", "p")])

        assert t.options == (("--profile", "p"),)

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"family": "aws", "program": "aws", "options": []}, ValueError),
            (
                {"family": 1, "program": "aws", "options": [("a", "b")]},
                TypeError,
            ),
            (
                {"family": "a", "program": None, "options": [("a", "b")]},
                TypeError,
            ),
            ({"family": "a", "program": "a", "options": [("a",)]}, TypeError),
            (
                {"family": "a", "program": "a", "options": [("a", 2)]},
                TypeError,
            ),
            ({"family": "a", "program": "a", "options": ["ab"]}, TypeError),
        ],
    )
    def test_invalid(self, kwargs: dict[str, object], error: type) -> None:
        """No options, or a field of the wrong shape, is refused."""
        with pytest.raises(error):
            Target(**kwargs)  # type: ignore[arg-type]


class TestScorerFollowsNested:
    def test_returned_script_scores_like_the_callback(self) -> None:
        """
        A host analyzer returning ``Nested(script=...)`` gets the same
        assessment as one calling the deprecated ``ctx.script``, with no
        warning.
        """

        def returns(cmd: SimpleCommand, ctx: Context) -> Iterable[Output]:
            yield Finding(rule="mytool.run", program="mytool", score=5)
            yield Nested(script=cmd.argv[1], via="mytool")

        def calls(cmd: SimpleCommand, ctx: Context) -> Iterable[Output]:
            ctx.script(cmd.argv[1], via="mytool")
            return [Finding(rule="mytool.run", program="mytool", score=5)]

        cmd = ["mytool", "kubectl delete ns prod"]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            new = blastradius.score(cmd, policy=_with(returns))
            old = blastradius.score(cmd, policy=_with(calls))

        assert _verdict(new) == _verdict(old)
        assert new.tier is Tier.BLOCKED
        assert "kubectl.delete.namespace" in _rules(new)
        assert new.commands[1].via == ("mytool",)

    def test_returned_argv_scores_like_the_callback(self) -> None:
        """``Nested(argv=..., dynamic=True)`` is ``ctx.argv(...,
        dynamic=True)``: every nested word is only known at run time."""

        def returns(cmd: SimpleCommand, ctx: Context) -> list[Output]:
            return [Nested(argv=cmd.argv[1:], via="mytool", dynamic=True)]

        def calls(cmd: SimpleCommand, ctx: Context) -> list[Output]:
            found = ctx.argv(cmd.argv[1:], via="mytool", dynamic=True)
            assert all(isinstance(f, Finding) for f in found)
            return []

        cmd = ["mytool", "rm", "-rf", "/"]
        new = blastradius.score(cmd, policy=_with(returns))

        assert _verdict(new) == _verdict(
            blastradius.score(cmd, policy=_with(calls))
        )
        assert new.commands[1].dynamic == (True, True, True)

    def test_depth_limit(self) -> None:
        """
        An analyzer nesting itself forever stops at the depth limit, with
        an unknown, as the callback did.
        """

        def forever(cmd: SimpleCommand, ctx: Context) -> list[Output]:
            return [Nested(argv=["mytool"], via="again")]

        got = blastradius.score(["mytool"], policy=_with(forever))

        assert "shell.depth.unknown" in _rules(got)
        assert got.tier >= Tier.HUMAN
        deepest = max(len(c.via) for c in got.commands)
        assert deepest == MAX_NESTING - 1

    def test_other_objects_fail_closed(self) -> None:
        """
        An analyzer returning something that is no record fails closed:
        an internal unknown naming the type, never a crash.
        """

        def wrong(cmd: SimpleCommand, ctx: Context) -> list[object]:
            return [Finding(rule="mytool.x", program="mytool"), "text"]

        got = blastradius.score(["mytool"], policy=_with(wrong))

        assert _rules(got) == {"blastradius.internal.unknown"}
        assert "str" in got.reasons[0]
        assert got.tier >= Tier.HUMAN

    def test_finding_subclass_is_kept(self) -> None:
        """A host's subclass of Finding counts as a finding."""

        @attrs.frozen(kw_only=True, init=False)
        class Mine(Finding):
            pass

        def mine(cmd: SimpleCommand, ctx: Context) -> list[Output]:
            return [Mine(rule="mytool.x", program="mytool", score=40)]

        got = blastradius.score(["mytool"], policy=_with(mine))

        assert (got.score, _rules(got)) == (40, {"mytool.x"})

    @given(st.text(max_size=40))
    def test_any_script_is_total(self, text: str) -> None:
        """Whatever text an analyzer nests, scoring never raises."""

        def nests(cmd: SimpleCommand, ctx: Context) -> list[Output]:
            return [Nested(script=text, via="mytool")]

        got = blastradius.score(["mytool"], policy=_with(nests))

        assert 0 <= got.score <= 100


class TestScorerWeighsTargets:
    def test_production_target(self) -> None:
        """
        A change naming a production target gets ``<family>.target.
        production``: +10 per unit of context weight above 1, weighed by
        the scorer.
        """
        got = blastradius.score(
            "aws --profile prod ec2 stop-instances --instance-ids i"
        )
        target = next(
            f for f in got.findings if f.rule == "aws.target.production"
        )

        assert target.kind is Kind.MODIFIER
        assert target.words == ("--profile", "prod")
        assert target.score == 15

    def test_policy_weight_decides(self) -> None:
        """
        The policy's context weights decide the label and the score, and
        no pattern above weight 1 means no modifier.
        """
        from blastradius.rules import WeightRule

        heavy = Policy(
            context_weights=[
                WeightRule(id="context.production", pattern="*", weight=3.0)
            ]
        )
        light = Policy(
            context_weights=[
                WeightRule(id="context.dev", pattern="*", weight=1.0)
            ]
        )
        cmd = "aws --profile anything ec2 stop-instances --instance-ids i"

        heavy_got = blastradius.score(cmd, policy=heavy)
        light_got = blastradius.score(cmd, policy=light)

        assert (
            next(
                f.score
                for f in heavy_got.findings
                if f.rule == "aws.target.production"
            )
            == 20
        )
        assert not any(".target." in f.rule for f in light_got.findings)

    def test_best_of_several_options(self) -> None:
        """Of several target options the heaviest match counts, once."""
        got = blastradius.score(
            "az vm stop -g rg-staging --subscription prod -n vm"
        )
        targets = [f for f in got.findings if ".target." in f.rule]

        assert [f.rule for f in targets] == ["az.target.production"]

    def test_reads_change_nothing(self) -> None:
        """A read naming a production target gets no modifier."""
        got = blastradius.score("aws --profile prod ec2 describe-instances")

        assert not any(".target." in f.rule for f in got.findings)
