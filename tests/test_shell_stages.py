"""
The shell layer's stages, each on its own: evaluation of known output,
unwrapping as data, ``env -S`` splitting.
"""

from __future__ import annotations

import pickle

from unittest import mock

import pytest

from hypothesis import given
from hypothesis import strategies as st

import blastradius

from blastradius import Tier, _shell
from blastradius._model import SimpleCommand
from blastradius._record import FrozenError
from blastradius._shell import Parsed, parse
from blastradius._shell._api import read
from blastradius._shell._dialect import BASH, SH, Dialect
from blastradius._shell._evaluate import output, printf
from blastradius._shell._state import Shared, Stage
from blastradius._shell._unwrap import (
    Env,
    Script,
    Unwrapped,
    split_words,
    unwrap,
)
from blastradius._shell._wrappers import WRAPPERS_BY_NAME, Subcommand, Wrapper


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
        word of its own; a ``$`` is kept as written, and makes its word
        dynamic unless single-quoted.
        """
        assert split_words("""a 'b c' "d\\"e" f\\ g;$x '$y'""") == (
            ["a", "b c", 'd"e', "f g", ";", "$x", "$y"],
            [False, False, False, False, False, True, False],
            True,
        )

    def test_line_continuation(self) -> None:
        """
        A backslash-newline joins, inside double quotes too.
        """
        assert split_words('a\\\nb "c\\\nd"') == (
            ["ab", "cd"],
            [False, False],
            True,
        )

    def test_unterminated(self) -> None:
        """
        An unterminated quote stops the split, and the command that used
        it carries the error (so it is not fully understood).
        """
        assert split_words("rm 'x") == (["rm"], [False], False)
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


class TestDialect:
    """
    The dialect seam: the reader consults a `Dialect` where bash and
    ``sh`` part.
    """

    def test_arithmetic_or_subshells(self) -> None:
        """
        ``((…))`` is arithmetic in bash (no command) and two nested
        subshells in ``sh`` (the command runs).
        """
        text = "((kubectl delete ns prod))"
        command = ("kubectl", "delete", "ns", "prod")

        assert command not in argvs(read(text, dialect=BASH))
        assert command in argvs(read(text, dialect=SH))
        assert read(text).commands == parse(text).commands
        assert command in argvs(parse(text))

    def test_ansi_c_quotes(self) -> None:
        """
        ``$'…'`` decodes in bash; in ``sh`` it is a ``$`` before a quoted
        string; inside double quotes both read a plain ``$``.
        """
        assert argvs(read("echo $'\\x41'", dialect=BASH)) == [("echo", "A")]
        assert argvs(read("echo $'\\x41'", dialect=SH)) == [("echo", "$\\x41")]
        assert argvs(read('echo $"a"', dialect=SH)) == [("echo", "$a")]
        assert argvs(read('echo "$\'"', dialect=SH)) == argvs(
            read('echo "$\'"', dialect=BASH)
        )

    def test_bash_is_the_default(self) -> None:
        """
        The shared state of a reading names its dialect, bash unless told.
        """
        assert BASH.arithmetic_commands
        assert not SH.arithmetic_commands
        assert Shared(0).dialect is BASH


def argvs(parsed: Parsed) -> list[tuple[str, ...]]:
    """
    The argv of each command of *parsed*.
    """
    return [c.argv for c in parsed.commands]


_DIALECT_PIECES = (
    "((",
    "))",
    "(",
    ")",
    "$'",
    '$"',
    "'",
    '"',
    "kubectl delete ns prod",
    "rm -rf /",
    "ls",
    "a=kubectl",
    "$a",
    "\\x72m",
    " ",
    ";",
    " && ",
)


class TestBothReadings:
    """
    Where bash and POSIX ``sh`` read a text differently, both readings
    are analysed and the worse one counts; otherwise only bash's runs.
    """

    def test_nested_subshells_in_sh(self) -> None:
        """
        ``((kubectl delete ns prod))`` is arithmetic to bash but deletes
        the namespace under dash: it is blocked.
        """
        assessment = blastradius.score("((kubectl delete ns prod))")

        assert assessment.tier is Tier.BLOCKED
        assert "kubectl.delete.namespace" in {
            f.rule for f in assessment.findings
        }
        assert score_in("((kubectl delete ns prod))", BASH) == 0
        assert score_in("((kubectl delete ns prod))", SH) == 100

    def test_sh_keeps_the_variable(self) -> None:
        """
        ``(( a = 1 ))`` assigns in bash but is a subshell in sh, so ``$a``
        is still ``kubectl`` there.
        """
        text = "a=kubectl; (( a = 1 )); $a delete ns prod"

        assert blastradius.score(text).tier is Tier.BLOCKED

    def test_second_reading_only_where_they_differ(self) -> None:
        """
        Without ``((``, ``$'`` or ``$"`` the text is read once (``$((``
        is arithmetic in both shells).
        """
        for text in ("ls -l", "echo $((1 + 2))", "a='b'"):
            assert read(text) == read(text, dialect=BASH)
        assert read("(( x ))") != read("(( x ))", dialect=BASH)

    @given(st.lists(st.sampled_from(_DIALECT_PIECES), max_size=10))
    def test_score_is_at_least_each_reading(self, pieces: list[str]) -> None:
        """
        The score of any text is at least what its bash reading and its
        sh reading each score alone.
        """
        text = "".join(pieces)
        both = blastradius.score(text).score
        for dialect in (BASH, SH):
            assert both >= score_in(text, dialect), (text, dialect.name)


def score_in(text: str, dialect: Dialect) -> int:
    """
    The score of *text* when the shell layer reads it in *dialect* only.
    """

    def one(cmd: str, *, via: tuple[str, ...] = ()) -> Parsed:
        return read(cmd, via=via, dialect=dialect)

    with mock.patch.object(_shell, "parse", one):
        return blastradius.score(text).score


class TestRecord:
    """
    The values between the stages are immutable records that validate
    themselves (`blastradius._record.Record`).
    """

    def test_frozen(self) -> None:
        """
        A field can be neither assigned nor deleted after creation.
        """
        env = Env(via=("sudo",))
        with pytest.raises(FrozenError, match="Env is immutable"):
            env.via = ()
        with pytest.raises(FrozenError):
            del env.via
        assert env.via == ("sudo",)

    def test_value_semantics(self) -> None:
        """
        Equal fields make equal records with equal hashes; a record of
        another type is not equal; ``repr`` names the fields.
        """
        a, b = Env(via=("x",)), Env(via=("x",))
        assert a == b
        assert hash(a) == hash(b)
        assert a != Env()
        assert a != ("x",)
        assert repr(Dialect(name="bash")) == (
            "Dialect(name='bash', arithmetic_commands=True, "
            "ansi_c_quotes=True)"
        )

    def test_evolve_and_pickle(self) -> None:
        """
        `Record.evolve` copies with changes; pickling round-trips,
        derived fields included.
        """
        env = Env(via=("a",), stdin="x")
        assert env.evolve(stdin=None) == Env(via=("a",))
        row = WRAPPERS_BY_NAME["kubectl"]
        for value in (env, row, BASH, Parsed(()), Unwrapped(found=())):
            assert pickle.loads(pickle.dumps(value)) == value  # noqa: S301
        back = pickle.loads(pickle.dumps(row))  # noqa: S301
        assert back.subcommands == row.subcommands

    def test_validation(self) -> None:
        """
        A record that would be wrong cannot be created: a stage with more
        words than flags, a script without an env, a wrapper row of an
        unknown kind or without names, a subcommand without a path.
        """
        with pytest.raises(ValueError, match="one dynamic flag per word"):
            Stage(
                words=("ls",),
                dyn=(),
                assigns=(),
                redirects=(),
                stdin=None,
                stdin_unknown=False,
                incomplete=False,
                kind="",
            )
        with pytest.raises(TypeError, match="must be an Env"):
            Script(text="ls", env=None)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="kind 'nope'"):
            Wrapper(names=("x",), via="x", kind="nope")
        with pytest.raises(ValueError, match="names"):
            Wrapper(names=(), via="x")
        with pytest.raises(ValueError, match="needs a path"):
            Subcommand(path=(), via="x")
