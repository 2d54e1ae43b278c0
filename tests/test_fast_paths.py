"""
The fast paths of the engine and the policy tables give exactly what the
plain definitions give.
"""

from __future__ import annotations

import inspect
import re

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from blastradius import (
    Effect,
    Finding,
    Kind,
    Policy,
    Redirect,
    SimpleCommand,
    score,
)
from blastradius._glob import Glob, GlobTable, _parse, _regex
from blastradius._model import fold_program
from blastradius.families.kubectl.grammar import (
    KubectlCall,
    ResourceRef,
    parse_kubectl,
)
from blastradius.rules import (
    DEFAULT_CONTEXT_WEIGHTS,
    DEFAULT_NAMESPACE_WEIGHTS,
)


_ALPHABET = "abp-rod*?[]!A"

_patterns = st.text(alphabet=_ALPHABET, min_size=1, max_size=6).filter(
    lambda p: _try_glob(p) is not None
)
_names = st.text(alphabet="abprodAB-x\n", max_size=8)


def _try_glob(pattern: str) -> Glob | None:
    try:
        return Glob(pattern)
    except ValueError:
        return None


def _first(globs: list[Glob], name: str) -> int | None:
    return next((i for i, g in enumerate(globs) if g.matches(name)), None)


class TestGlobTable:
    @given(st.lists(_patterns, max_size=8), _names)
    def test_first_match(self, patterns: list[str], name: str) -> None:
        """
        The table's answer is the first glob, in order, that matches.
        """
        globs = [Glob(p) for p in patterns]

        assert GlobTable(globs).first(name) == _first(globs, name)

    @given(_names)
    def test_builtin_tables(self, name: str) -> None:
        """
        On the built-in namespace and context tables too, for names drawn
        from their own patterns.
        """
        for rows in (DEFAULT_NAMESPACE_WEIGHTS, DEFAULT_CONTEXT_WEIGHTS):
            globs = [Glob(r.pattern) for r in rows]
            for probe in (name, *(r.pattern.replace("*", name) for r in rows)):
                assert GlobTable(globs).first(probe) == _first(globs, probe)

    def test_empty(self) -> None:
        """
        An empty table matches nothing.
        """
        assert GlobTable([]).first("prod") is None

    @given(_patterns, _names)
    def test_glob_matches_regex(self, pattern: str, name: str) -> None:
        """
        A glob matches exactly what its regular expression says.
        """
        rx = re.compile(_regex(_parse(pattern.lower())), re.DOTALL)

        assert Glob(pattern).matches(name) == (
            rx.fullmatch(name.lower()) is not None
        )


class TestPolicyWeights:
    @given(_names)
    def test_namespace_weight(self, name: str) -> None:
        """
        `Policy.namespace_weight` is the first matching row, else the
        unspecified row.
        """
        p = Policy()
        want = next(
            (r for r in p.namespace_weights if Glob(r.pattern).matches(name)),
            p.unspecified_namespace,
        )

        assert p.namespace_weight(name) == want

    @given(_names)
    def test_context_weight(self, name: str) -> None:
        """
        `Policy.context_weight` is the first matching row, else `None`.
        """
        p = Policy()
        want = next(
            (r for r in p.context_weights if Glob(r.pattern).matches(name)),
            None,
        )

        assert p.context_weight(name) == want


class TestWeighed:
    def test_copies_every_field(self) -> None:
        """
        ``Finding._weighed`` (the scorer's copy of a finding it weighs)
        equals ``attrs.evolve`` with the same changes, for every field of
        `Finding` (a new field must be copied too).
        """
        values = {
            "rule": "r.x",
            "program": "p",
            "words": ("a", "b"),
            "score": 7,
            "hard": False,
            "kind": Kind.ACTION,
            "message": "m",
            "scoped": True,
            "namespace": "ns",
            "context": "ctx",
            "resource": "pods",
            "base": 5,
        }
        f = Finding(**values)  # type: ignore[arg-type]
        names = {a.name for a in attrs.fields(Finding)}

        assert names == {*values, "effect"}
        assert f._weighed(9, "n", 5) == attrs.evolve(f, score=9, message="n")
        assert f._weighed(9, "n", 2) == attrs.evolve(
            f, score=9, message="n", base=2
        )


class TestEngine:
    def test_unknown_floor(self) -> None:
        """
        An unknown program's finding is floored at the ``HUMAN`` threshold.
        """
        a = score("no-such-program --flag")

        assert a.score == Policy().thresholds.floor
        assert a.findings[0].score == Policy().thresholds.floor

    def test_reasons_order(self) -> None:
        """
        Reasons list hard rules first, then falling scores, then rule ids,
        each once.
        """
        a = score("kubectl delete ns prod; kubectl delete ns prod; ls")
        ordered = sorted(
            a.findings, key=lambda f: (not f.hard, -f.score, f.rule)
        )
        want = list(dict.fromkeys(f.reason for f in ordered))

        assert a.reasons[0].startswith("kubectl.delete.namespace")
        assert list(a.reasons) == want


class TestConstructors:
    @given(
        argv=st.lists(st.text(max_size=3), max_size=4),
        dynamic=st.lists(st.booleans(), max_size=6),
        via=st.lists(st.text(max_size=3), max_size=2),
        stdin=st.none() | st.text(max_size=3),
        flag=st.booleans(),
    )
    def test_simple_command(
        self,
        argv: list[str],
        dynamic: list[bool],
        via: list[str],
        stdin: str | None,
        flag: bool,
    ) -> None:
        """
        `SimpleCommand` turns sequences into tuples and pads or cuts
        *dynamic* to one flag per word; every field is set.
        """
        c = SimpleCommand(
            argv=argv,
            dynamic=dynamic,
            assignments=[("A", "1")],
            redirects=[Redirect(">", "x")],
            stdin=stdin,
            stdin_unknown=flag,
            via=via,
            incomplete=flag,
            unknown_args=not flag,
            stdin_from="base64",
        )
        want = (*dynamic[: len(argv)], *[False] * (len(argv) - len(dynamic)))

        assert c.argv == tuple(argv)
        assert c.dynamic == want
        assert c.assignments == (("A", "1"),)
        assert c.redirects == (Redirect(">", "x"),)
        assert (c.stdin, c.stdin_unknown, c.via) == (stdin, flag, tuple(via))
        assert (c.incomplete, c.unknown_args) == (flag, not flag)
        assert c.stdin_from == "base64"
        assert c.program == (fold_program(argv[0]) if argv else "")
        assert attrs.evolve(c) == c
        assert attrs.evolve(c).program == c.program
        assert [a.name for a in attrs.fields(SimpleCommand) if a.init] == list(
            inspect.signature(SimpleCommand).parameters
        )

    @given(
        score=st.integers(-100, 100),
        hard=st.booleans(),
        kind=st.sampled_from(Kind),
        base=st.none() | st.integers(0, 100),
    )
    def test_finding(
        self,
        score: int,
        hard: bool,
        kind: Kind,
        base: int | None,
    ) -> None:
        """
        `Finding` defaults *base* to *score* and keeps *hard* and
        ``Kind.HARD`` together; every field is set.
        """
        f = Finding(
            rule="r",
            program="p",
            words=["a"],
            score=score,
            hard=hard,
            kind=kind,
            message="m",
            effect=Effect.MUTATING,
            scoped=True,
            namespace="ns",
            context="c",
            resource="pods",
            base=base,
        )

        assert f.words == ("a",)
        assert f.score == score
        assert f.base == (score if base is None else base)
        assert f.hard == (hard or kind is Kind.HARD)
        assert f.kind is (Kind.HARD if hard else kind)
        assert (f.rule, f.program, f.message) == ("r", "p", "m")
        assert (f.effect, f.scoped, f.namespace) == (
            Effect.MUTATING,
            True,
            "ns",
        )
        assert (f.context, f.resource) == ("c", "pods")
        assert attrs.evolve(f) == f
        assert [a.name for a in attrs.fields(Finding)] == list(
            inspect.signature(Finding).parameters
        )

    def test_frozen(self) -> None:
        """
        The fast constructors still build frozen instances.
        """
        c = SimpleCommand(argv=["ls"])
        f = Finding(rule="r", program="p")

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            c.argv = ()  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            f.score = 3  # type: ignore[misc]

    @pytest.mark.parametrize("cls", [SimpleCommand, Finding])
    def test_signature_is_fields(self, cls: type) -> None:
        """
        Each hand-written constructor takes exactly the attrs fields it
        initialises, in order (its slot setters are assigned in that
        order); the fields it derives (`SimpleCommand.program`) come last.
        """
        names = [a.name for a in attrs.fields(cls)]
        given = [a.name for a in attrs.fields(cls) if a.init]

        assert given == list(inspect.signature(cls).parameters)
        assert names[: len(given)] == given

    @pytest.mark.parametrize("cls", [ResourceRef, KubectlCall])
    def test_record_signature_is_fields(self, cls: type) -> None:
        """
        The kubectl records (plain `Record` classes) take exactly their
        fields, in order, their derived slots after them.
        """
        fields = list(cls._fields)  # type: ignore[attr-defined]
        assert fields == list(inspect.signature(cls).parameters)
        slots = list(cls.__slots__)  # type: ignore[attr-defined]
        assert slots[: len(fields)] == fields

    def test_kubectl_records(self) -> None:
        """
        `parse_kubectl` fills every field of its records, and they survive
        ``evolve`` unchanged.
        """
        call = parse_kubectl(
            ["kubectl", "-n", "prod", "--context=c", "delete", "ns/x,po"]
        )
        ref = call.resources[0]

        assert (call.namespace, call.context, call.path) == (
            "prod",
            "c",
            ("delete",),
        )
        assert call.last == {"namespace": "prod", "context": "c"}
        assert call.evolve() == call
        assert call.evolve().last == call.last
        assert (ref.resource, ref.group, ref.name, ref.spelled) == (
            "namespaces",
            "",
            "x,po",
            "ns",
        )
        assert (ref.namespace, ref.slashed, ref.words) == (
            None,
            True,
            ("ns/x,po",),
        )
        assert ref.evolve() == ref
        assert ResourceRef(
            resource="pods", group="", name=None, spelled="po"
        ).words == ("po",)
        assert ResourceRef(
            resource="", group="", name="web", spelled=""
        ).words == ("web",)
