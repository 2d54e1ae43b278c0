"""
Properties of the shell layer (hypothesis; profiles in conftest.py).
"""

from __future__ import annotations

import shlex

from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import (
    SEPARATORS,
    quote_noise,
    shell_text,
    simple_argv,
    wrap,
    wrapper_rows,
)

from blastradius._shell import Parsed, from_argv, parse
from blastradius._shell._api import read
from blastradius._shell._dialect import BASH
from blastradius._shell._wrappers import Wrapper


def argvs(parsed: Parsed) -> list[tuple[str, ...]]:
    return [c.argv for c in parsed.commands]


class TestTotality:
    @given(shell_text)
    def test_total_and_deterministic(self, text: str) -> None:
        """Any text parses, twice to the same result."""
        first = parse(text)
        assert isinstance(first, Parsed)
        assert first == parse(text)
        for c in first.commands:
            assert len(c.dynamic) == len(c.argv)

    @given(st.lists(st.text(max_size=10), max_size=6))
    def test_from_argv_total(self, argv: list[str]) -> None:
        """Any argv unwraps, deterministically."""
        assert from_argv(argv) == from_argv(argv)

    @given(shell_text)
    def test_errors_mark_incomplete(self, text: str) -> None:
        """With no errors, no command is marked incomplete."""
        p = parse(text)
        if not p.errors:
            assert not any(c.incomplete for c in p.commands)


class TestQuoteRemoval:
    @given(simple_argv(), st.data())
    def test_removed_quotes_do_not_change_argv(
        self, argv: tuple[str, ...], data: st.DataObject
    ) -> None:
        """Quotes and backslashes bash removes never change the argv."""
        noisy = " ".join(data.draw(quote_noise(w)) for w in argv)
        assert argvs(read(noisy, dialect=BASH)) == [argv]


class TestWrappers:
    @given(wrapper_rows, simple_argv())
    def test_wrapped_command_is_seen(
        self, row: Wrapper, argv: tuple[str, ...]
    ) -> None:
        """For every wrapper row, wrap(C) runs C (maybe with more args)."""
        text = wrap(row, argv)
        found = [
            c
            for c in parse(text).commands
            if c.argv[: len(argv)] == argv and row.via in c.via
        ]
        assert found, (text, parse(text).commands)

    @given(wrapper_rows, wrapper_rows, simple_argv())
    def test_wrappers_nest(
        self, outer: Wrapper, inner: Wrapper, argv: tuple[str, ...]
    ) -> None:
        """Two wrappers around C still run C."""
        quoted = shlex.quote(wrap(inner, argv))
        if outer.kind in ("shell", "su"):
            text = f"{outer.names[0]} -c {quoted}"
        elif outer.kind in ("join", "parallel"):
            text = wrap(outer, (quoted,))  # these re-lex their words
        else:
            text = wrap(outer, ("bash", "-c", quoted))
        assert any(
            c.argv[: len(argv)] == argv for c in parse(text).commands
        ), text


class TestSeparators:
    @given(simple_argv(), st.sampled_from(SEPARATORS), simple_argv())
    def test_both_sides(
        self, a: tuple[str, ...], sep: str, b: tuple[str, ...]
    ) -> None:
        """parse(A sep B) has A's and B's commands."""
        got = argvs(parse(f"{' '.join(a)} {sep} {' '.join(b)}"))
        assert a in got
        assert b in got


class TestSubstitution:
    @given(simple_argv())
    def test_echo_dollar_paren(self, argv: tuple[str, ...]) -> None:
        """echo "$(C)" runs C."""
        p = parse(f'echo "$({" ".join(argv)})"')
        assert any(c.argv == argv and c.via == ("$(...)",) for c in p.commands)

    @given(simple_argv())
    def test_backticks(self, argv: tuple[str, ...]) -> None:
        """echo `C` runs C."""
        p = parse(f"echo `{' '.join(argv)}`")
        assert any(c.argv == argv for c in p.commands)
