from __future__ import annotations

import json
import threading
import time

from collections.abc import Sequence

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

import blastradius

from blastradius import Assessment, Policy, Tier


BUDGET_S = 1.0
"""Issue 2: each hostile input is assessed in under a second."""

MB = 1 << 20

# Inputs the issue names, plus the shapes a lexer finds hardest: many
# words, one huge word, many commands, deep nesting of every construct.
HOSTILE: dict[str, str] = {
    "empty": "",
    "blank": " \t\n" * 10,
    "1MB-words": "ab " * (MB // 3),
    "1MB-one-word": "a" * MB,
    "1MB-commands": "ls;" * (MB // 3),
    "1MB-lines": "ls -la\n" * (MB // 7),
    "1MB-pipes": "cat x|" * (MB // 6) + "cat",
    "1MB-quoted": "'" + "a" * MB + "'",
    "1MB-unbalanced-quote": "echo '" + "a" * MB,
    "1MB-backslashes": "\\" * MB,
    "1MB-dollars": "$" * MB,
    "NUL-bytes": "rm\x00-rf\x00/\x00" * 1000,
    # was quadratic in the names (20,000: about 7 s; 100,000: minutes)
    "kubectl-many-names": "kubectl delete pod "
    + " ".join(f"p{i}" for i in range(20_000)),
    "NUL-in-word": "kubectl delete ns pr\x00od",
    "lone-surrogates": "rm -rf \udcff\ud800 /\udfff",
    "only-surrogates": "\ud800" * 10_000,
    "unbalanced-single": "echo 'abc",
    "unbalanced-double": 'echo "abc',
    "unbalanced-ansi-c": "echo $'abc",
    "unbalanced-backtick": "echo `abc",
    "unbalanced-brace": "echo ${abc",
    "unbalanced-paren": "echo $(abc",
    "nested-cmdsub-open": "$(" * 10_000,
    "nested-cmdsub-balanced": "$(" * 10_000 + "ls" + ")" * 10_000,
    "nested-cmdsub-in-quotes": '"$(' * 10_000,
    "nested-backticks": "`" * 10_001,
    "nested-subshells": "(" * 10_000 + "ls" + ")" * 10_000,
    "nested-groups": "{ " * 10_000 + "ls; " + "}; " * 10_000,
    "nested-arith": "$((" * 10_000,
    "nested-param": "${" * 10_000,
    "nested-procsub": "<(" * 10_000,
    "nested-bash-c": "bash -c " * 2_000 + "ls",
    "heredoc-unterminated": "cat <<EOF\n" + "x\n" * 100_000,
    "many-heredocs": "cat <<A <<B <<C\n" * 10_000,
    "closing-only": ")" * 10_000 + "}" * 10_000 + "`" * 3,
    "control-chars": "".join(chr(c) for c in range(32)) * 1000,
}

UNFINISHED = [
    "unbalanced-single",
    "unbalanced-double",
    "unbalanced-ansi-c",
    "unbalanced-backtick",
    "unbalanced-paren",
    "nested-cmdsub-open",
    "nested-cmdsub-in-quotes",
    "1MB-unbalanced-quote",
]

# Text built from the characters that drive a shell lexer, so generated
# inputs hit quotes, substitutions and operators rather than plain words.
TOKENS = [
    *"ab -_/=.'\"`$(){}[]<>|&;!#*?~\\\n\t\x00",
    *["rm", "kubectl", "sudo", "bash -c", "$(", "${", "<<", "EOF"],
]
shellish = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
any_text = st.text(max_size=200) | shellish
argvs = st.lists(st.text(max_size=20) | shellish, max_size=8)


def _check(assessment: object) -> Assessment:
    """
    *assessment* is a well-formed `Assessment` under the default policy.
    """
    assert isinstance(assessment, Assessment)
    assert 0 <= assessment.score <= 100
    assert assessment.tier is Policy().thresholds.tier_of(assessment.score)
    assert all(isinstance(r, str) for r in assessment.reasons)
    json.dumps(assessment.to_dict())
    return assessment


def _timed(cmd: str | list[str]) -> tuple[Assessment, float]:
    """
    The assessment of *cmd* and the fastest of up to three timings (it
    stops at the first under the budget): one pause of a shared machine
    (a 1.02 s run in CI, 0.25 s on an idle one) is not the library's speed.
    """
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        assessment = blastradius.score(cmd)
        best = min(best, time.perf_counter() - start)
        if best < BUDGET_S:
            break
    return assessment, best


class TestHostileInputs:
    @pytest.mark.parametrize("name", sorted(HOSTILE))
    @pytest.mark.usefixtures("untraced")
    def test_fast_and_total(self, name: str) -> None:
        """
        Each hostile input gives an `Assessment` within the time budget,
        without raising.
        """
        assessment, elapsed = _timed(HOSTILE[name])

        _check(assessment)
        assert elapsed < BUDGET_S, f"{name}: {elapsed:.2f} s"

    @pytest.mark.parametrize("name", UNFINISHED)
    def test_unfinished_floors_at_human(self, name: str) -> None:
        """
        Input the lexer cannot finish never scores below ``HUMAN``.
        """
        assert blastradius.score(HOSTILE[name]).tier >= Tier.HUMAN

    @pytest.mark.parametrize("name", sorted(HOSTILE))
    @pytest.mark.usefixtures("untraced")
    def test_as_argv(self, name: str) -> None:
        """
        The same text as the words of an argv gives an `Assessment` within
        the time budget.
        """
        assessment, elapsed = _timed(HOSTILE[name].split(" ")[:50_000])

        _check(assessment)
        assert elapsed < BUDGET_S, f"{name}: {elapsed:.2f} s"

    @pytest.mark.parametrize(
        "cmd", [b"ls", None, 42, ["ls", b"-l"], [None], object()]
    )
    def test_wrong_type(self, cmd: object) -> None:
        """
        Only a `str` or a sequence of `str` is a command; anything else is
        a `TypeError` (a programming error, not a command to score).
        """
        with pytest.raises(TypeError):
            blastradius.score(cmd)  # type: ignore[arg-type]


class TestTotalProperty:
    @given(any_text)
    def test_text(self, text: str) -> None:
        """
        `score()` returns a well-formed `Assessment` for any text.
        """
        _check(blastradius.score(text))

    @given(argvs)
    def test_argv(self, argv: list[str]) -> None:
        """
        `score()` returns a well-formed `Assessment` for any argv.
        """
        _check(blastradius.score(argv))

    @given(argvs)
    def test_argv_sequence_types(self, argv: list[str]) -> None:
        """
        A tuple and a list of the same words are the same argv.
        """
        assert blastradius.score(tuple(argv)) == blastradius.score(argv)


class TestDeterministic:
    @given(any_text)
    def test_text(self, text: str) -> None:
        """
        The same text always gives the same assessment.
        """
        first = blastradius.score(text)
        second = blastradius.score(text)

        assert first == second
        assert first.to_dict() == second.to_dict()

    @given(argvs)
    def test_argv(self, argv: list[str]) -> None:
        """
        The same argv always gives the same assessment.
        """
        assert blastradius.score(argv) == blastradius.score(argv)

    @settings(max_examples=20)
    @given(st.lists(any_text | argvs, min_size=1, max_size=8))
    def test_threads(self, inputs: Sequence[str | list[str]]) -> None:
        """
        Scoring in other threads, concurrently, gives what scoring in this
        one gives: no shared mutable state.
        """
        expected = [blastradius.score(i) for i in inputs]
        results: list[list[Assessment]] = [[] for _ in range(4)]

        def work(out: list[Assessment]) -> None:
            out.extend(blastradius.score(i) for i in inputs)

        threads = [
            threading.Thread(target=work, args=(out,)) for out in results
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        assert results == [expected] * len(threads)
