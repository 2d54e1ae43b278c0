"""
The grammar's plain-word runs: a run cut before a word that goes on past it
(quotes, a brace) keeps every word it took, also when the cut word repeats
an earlier one (found by the fast-path equality property in CI).
"""

from __future__ import annotations

import pytest

from hypothesis import given
from hypothesis import strategies as st

from blastradius import score
from blastradius._shell._api import read
from blastradius._shell._dialect import BASH


def _argvs(text: str) -> list[tuple[str, ...]]:
    return [c.argv for c in read(text, dialect=BASH).commands]


class TestPlainRun:
    @pytest.mark.parametrize(
        ("text", "argv"),
        [
            ("echo 0 0''", ("echo", "0", "0")),
            ("kubectl kubectl{", ("kubectl", "kubectl{")),
            ("rm -rf / /''", ("rm", "-rf", "/", "/")),
            ('a b  b""x', ("a", "b", "bx")),
        ],
    )
    def test_repeated_word_before_a_cut(
        self, text: str, argv: tuple[str, ...]
    ) -> None:
        """
        The word after the cut is read whole, not from an earlier copy of
        the last word kept.
        """
        assert _argvs(text) == [argv]

    @given(
        st.lists(
            st.sampled_from(["a", "b", "0", "/"]), min_size=1, max_size=4
        ),
        st.sampled_from(["''", '""', "{", "\\x"]),
    )
    def test_last_word_repeats(self, words: list[str], tail: str) -> None:
        """
        For any run of words whose last one repeats with a suffix bash
        removes or keeps, the full reader gives every word.
        """
        extra = {"''": "", '""': "", "{": "{", "\\x": "x"}[tail]
        text = " ".join(["cmd", *words, words[-1] + tail])

        assert _argvs(text) == [("cmd", *words, words[-1] + extra)]

    def test_score_sees_the_target(self) -> None:
        """
        ``rm -rf / /''`` is read with both targets and stays blocked.
        """
        assert score("true; rm -rf / /''").blocked
