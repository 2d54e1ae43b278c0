"""
The shell layer's stages, each on its own: evaluation of known output,
unwrapping as data, ``env -S`` splitting.
"""

from __future__ import annotations

from blastradius._model import SimpleCommand
from blastradius._shell import parse
from blastradius._shell._evaluate import output, printf
from blastradius._shell._unwrap import (
    Env,
    Script,
    Unwrapped,
    split_words,
    unwrap,
)


class TestUnwrap:
    """
    `unwrap` returns what it found as data: commands and scripts, in order.
    """

    def test_plain_command(self) -> None:
        """
        An argv that is no wrapper is one command, which is also *last*.
        """
        found = unwrap(["ls", "-l"], [False, False], Env())

        assert found.found == (
            SimpleCommand(argv=("ls", "-l"), dynamic=(False, False)),
        )
        assert found.last is found.found[0]
        assert found.errors == ()

    def test_script_is_data(self) -> None:
        """
        ``sudo bash -c TEXT`` gives a `Script` to read, with the via of
        both wrappers; nothing is read yet and *last* is `None`.
        """
        found = unwrap(["sudo", "bash", "-c", "rm -rf /"], [False] * 4, Env())

        assert found == Unwrapped(
            found=(Script(text="rm -rf /", env=Env(via=("sudo", "bash -c"))),)
        )

    def test_empty(self) -> None:
        """
        No words, nothing found.
        """
        assert unwrap([], [], Env()) == Unwrapped(found=())

    def test_nesting_limit(self) -> None:
        """
        Past the wrapper nesting limit the rest is one incomplete command
        and the result names the error.
        """
        found = unwrap(["nice"] * 100 + ["ls"], [False] * 101, Env())

        assert found.errors
        assert found.last is not None
        assert found.last.incomplete


class TestSplitWords:
    """
    ``env -S`` splitting: quotes removed, operators as words, no expansion.
    """

    def test_quotes_and_operators(self) -> None:
        """
        Single and double quotes and backslashes are removed; ``;`` is a
        word of its own; a ``$`` is kept as written.
        """
        assert split_words("""a 'b c' "d\\"e" f\\ g;$x""") == (
            ["a", "b c", 'd"e', "f g", ";", "$x"],
            True,
        )

    def test_line_continuation(self) -> None:
        """
        A backslash-newline joins, inside double quotes too.
        """
        assert split_words('a\\\nb "c\\\nd"') == (["ab", "cd"], True)

    def test_unterminated(self) -> None:
        """
        An unterminated quote stops the split, and the command that used
        it carries the error (so it is not fully understood).
        """
        assert split_words("rm 'x") == (["rm"], False)
        assert "unterminated quote" in parse("""env -S "rm 'x" y""").errors


class TestEvaluate:
    """
    Known output of ``echo``/``printf``.
    """

    def test_printf_reuses_format(self) -> None:
        """
        printf repeats its format until the arguments run out.
        """
        assert printf(["%s-", "a", "b"]) == "a-b-"
        assert printf(["-v", "x"]) is None

    def test_redirected_output_is_unknown(self) -> None:
        """
        Output sent to a file does not reach the pipe.
        """
        (command,) = parse("echo hi >f").commands

        assert output(command, "echo") is None
