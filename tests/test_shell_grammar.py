"""
The shell layer's grammar and expansion stages, each on its own: the
grammar reads a text into a frozen syntax tree without expanding
anything; the expansion walks that tree into simple commands.
"""

from __future__ import annotations

import pytest

from hypothesis import given
from hypothesis import strategies as st

from blastradius._record import FrozenError
from blastradius._shell._api import read
from blastradius._shell._dialect import SH
from blastradius._shell._grammar import read_source
from blastradius._shell._syntax import (
    MAX_DEPTH,
    MAX_ERRORS,
    AndOr,
    ArithCmd,
    AssignWord,
    Bodies,
    Case,
    CmdSub,
    Command,
    CommandItem,
    Cond,
    DollarBracket,
    Dq,
    Error,
    Fatal,
    FuncDef,
    FunctionKw,
    Idle,
    Keyword,
    Lit,
    Pipeline,
    Plain,
    Quoted,
    Redirect,
    Script,
    Subshell,
    Var,
    Vars,
    Word,
)


def _pipelines(text: str) -> list[Pipeline]:
    """The top-level pipelines of *text*, in order."""
    return [
        pipeline
        for and_or in read_source(text).script.items
        if isinstance(and_or, AndOr)
        for pipeline in and_or.pipelines
    ]


def _items(text: str) -> list[CommandItem]:
    """The items of each command of each top-level pipeline of *text*."""
    return [
        item
        for pipeline in _pipelines(text)
        for command in pipeline.commands
        for item in command.items
    ]


def _argvs(text: str, **kwargs: object) -> list[tuple[str, ...]]:
    return [c.argv for c in read(text, **kwargs).commands]  # type: ignore[arg-type]


class TestReadSource:
    """
    `read_source` reads what bash's parser reads, before any expansion.
    """

    def test_pipelines_and_operators(self) -> None:
        """
        Each pipeline ends with its operator; ``&&`` and ``||`` join
        pipelines into an and-or list; ``|`` joins commands; plain words
        are read as one run.
        """
        and_ors = read_source("ls -l | wc && echo x; id").script.items
        assert [len(a.pipelines) for a in and_ors] == [2, 1]  # type: ignore[union-attr]
        items = _pipelines("ls -l | wc && echo x; id")
        assert [p.op for p in items] == ["&&", ";", ""]
        first = items[0]
        assert first.commands == (
            Command((Plain(("ls", "-l")),)),
            Command((Plain(("wc",)),)),
        )

    def test_words_keep_their_parts(self) -> None:
        """
        A word keeps its quoting and expansions as parts; nothing is
        expanded (the grammar knows no values).
        """
        (word,) = _items("x'a'\"$b$(c)\"$d$e")
        assert isinstance(word, Word)
        assert word.quoted
        assert word.parts[:2] == (Lit("x"), Quoted("a"))
        dq = word.parts[2]
        assert isinstance(dq, Dq)
        assert isinstance(dq.parts[0], Var)
        assert isinstance(dq.parts[1], CmdSub)
        assert word.parts[3] == Vars("$d$e")
        assert dq.raw == '"$b$(c)"'

    @pytest.mark.parametrize(
        ("text", "argv"),
        [
            ("kubectl kubectl{", ("kubectl", "kubectl{")),
            ("ls ls{ x", ("ls", "ls{", "x")),
            ("a  b\tc'd' e", ("a", "b", "cd", "e")),
            ("rm -rf -rf$x", ("rm", "-rf", "-rf$x")),
        ],
    )
    def test_plain_run_before_a_word_that_goes_on(
        self, text: str, argv: tuple[str, ...]
    ) -> None:
        """
        A run of plain words whose last word goes on with quoting or an
        expansion ends before that word, even when it repeats a word of
        the run.
        """
        assert [c.argv for c in read(text).commands] == [argv]

    def test_redirections_plain_or_not(self) -> None:
        """
        A redirection reads the same whether its target is plain (one
        match) or not (the word grammar): ``&>``, ``&>>``, fd numbers.
        """
        (cmd,) = read("ls &> \"$o\" 2>&1 &>>x <<<'a b' >|y").commands
        assert [(r.op, r.target, r.fd) for r in cmd.redirects] == [
            ("&>", "$o", None),
            (">&", "1", 2),
            ("&>>", "x", None),
            ("<<<", "a b", None),
            (">|", "y", None),
        ]

    def test_plain_targets_expand_alike(self) -> None:
        """
        A target of ordinary characters is dynamic when it globs,
        brace-expands or, in a herestring, holds a ``~``.
        """
        (cmd,) = read("cat <<<a~b >x* 2>y{a,b} <z").commands
        assert [(r.target, r.dynamic) for r in cmd.redirects] == [
            ("a~b", True),
            ("x*", True),
            ("y{a,b}", True),
            ("z", False),
        ]

    def test_flat_fallback_stops_at_the_limit(self) -> None:
        """
        The flat scan after an error emits no more than the command
        limit, and says so.
        """
        text = "echo 'x;" + ";".join(f"c{i}" for i in range(10_050))
        parsed = read(text)
        assert len(parsed.commands) == 10_000
        assert "unterminated '" in parsed.errors

    def test_assignments_keywords_and_compounds(self) -> None:
        """
        Assignments, reserved words, ``[[ … ]]``, ``(( … ))``, subshells,
        ``case`` and function definitions are items of their command.
        """
        kinds = [type(i) for i in _items("a=1 ls; if x; then (ls); fi")]
        assert kinds == [AssignWord, Plain, Idle, Plain, Idle, Subshell, Idle]
        assert isinstance(_items("[[ a == b ]]")[0], Cond)
        assert isinstance(_items("((a=1))")[0], ArithCmd)
        assert isinstance(_items("case x in a) ls;; esac")[0], Case)
        (func,) = _items("f () { ls; }")
        assert isinstance(func, FuncDef)
        assert func.static
        assert func.body is not None
        kw, *body = _items("function $f { ls; }")
        assert isinstance(kw, FunctionKw)
        assert Idle(("{",)) in body  # read as commands after it
        assert not kw.static
        assert kw.body is None
        assert _items("for x in a; do ls; done")[0] == Keyword("for")

    def test_heredoc_bodies_at_the_newline(self) -> None:
        """
        A heredoc's body is read at the newline after its command: the
        pipeline ended there holds it; an unquoted body's expansions are
        parts, a quoted one's are not.
        """
        pipeline = _pipelines("cat <<EOF\nhi $x\nEOF\n")[0]
        assert pipeline.bodies is not None
        (body,) = pipeline.bodies.bodies
        assert body.text == "hi $x\n"
        assert body.parts is not None
        assert any(isinstance(p, Var) for p in body.parts)
        quoted = _pipelines("cat <<'EOF'\nhi $x\nEOF\n")[0]
        assert quoted.bodies is not None
        assert quoted.bodies is not None
        assert quoted.bodies.bodies[0].parts is None

    def test_heredoc_bodies_inside_a_command(self) -> None:
        """
        A newline inside ``case`` reads the bodies waiting there, in the
        ``case``'s items.
        """
        case = _items("cat <<EOF; case x in\nbody\nEOF\n a) ls;; esac")[-1]
        assert isinstance(case, Case)
        assert any(isinstance(item, Bodies) for item in case.items)

    def test_errors_where_they_stand(self) -> None:
        """
        An unfinished construct is an `Error` at its place in the tree,
        with its position; the reading goes on.
        """
        items = _items("ls > ; echo 'x")
        assert isinstance(items[1], Redirect)
        assert items[1].error == Error("redirection > without a target", 3)
        word = items[-1]
        assert isinstance(word, Word)
        assert word.parts[0] == Error("unterminated '", 12)

    def test_too_deep(self) -> None:
        """
        Nesting past `MAX_DEPTH` ends the reading with `Fatal`, after the
        pipelines read before it.
        """
        items = read_source("ls; " + "$(" * (MAX_DEPTH + 2)).script.items
        assert isinstance(items[0], AndOr)
        assert items[-1] == Fatal()

    def test_too_many_errors(self) -> None:
        """
        One error past `MAX_ERRORS` ends the reading with `Fatal`
        holding it.
        """
        items = read_source(")" * (MAX_ERRORS + 5)).script.items
        fatal = items[-1]
        assert isinstance(fatal, Fatal)
        assert fatal.error == Error("unexpected )", MAX_ERRORS)
        assert len(items) == MAX_ERRORS + 1

    def test_dialect(self) -> None:
        """
        In POSIX ``sh``, ``$'…'`` is a ``$`` before a quoted string and
        ``((`` two subshells.
        """
        assert _argvs("echo $'x'", dialect=SH) == [("echo", "$x")]
        assert isinstance(read_source("((ls))").script.items, tuple)
        assert _argvs("((ls))", dialect=SH) == [("ls",)]

    @given(st.text(alphabet=" \t\n;&|()<>{}$`'\"\\#=!*ab0", max_size=40))
    def test_total(self, text: str) -> None:
        """The grammar reads any text to a `Script`, never raising."""
        assert isinstance(read_source(text).script, Script)


class TestSyntax:
    """The nodes are immutable records that validate themselves."""

    def test_frozen(self) -> None:
        """A node's fields cannot be changed."""
        node = Lit("x")
        with pytest.raises(FrozenError):
            node.text = "y"
        assert node.raw == "x"
        assert DollarBracket().raw == "$"
        assert Error("m", 1).raw == ""
        assert Quoted("q").raw == "q"

    def test_validation(self) -> None:
        """
        A redirection has a target or an error, not both or neither; a
        pipeline has a command.
        """
        with pytest.raises(ValueError, match="a target or an error"):
            Redirect(">", None, None, 0)
        with pytest.raises(ValueError, match="at least one command"):
            Pipeline((), ";")
        ls = Pipeline((Command((Plain(("ls",)),)),), ";")
        with pytest.raises(ValueError, match="with && or"):
            AndOr((ls, ls))
        with pytest.raises(ValueError, match="with && or"):
            AndOr(())


class TestExpander:
    """
    The expansion walks the tree with the known values, in the order of
    the text.
    """

    def test_old_arithmetic_forgets_values(self) -> None:
        """``$[ … ]`` may assign: values known before it are not after."""
        (_, echo) = read("a=1; echo $[a+1] $a").commands
        assert echo.dynamic == (False, True, True)

    def test_backtick_in_double_quotes(self) -> None:
        """An unknown backtick output in double quotes is dynamic."""
        commands = read('a=1; echo "`foo`" $a').commands
        assert commands[-1].argv == ("echo", "`foo`", "1")
        assert commands[-1].dynamic == (False, True, False)

    def test_dynamic_function_names(self) -> None:
        """
        A function whose name is dynamic may be anything: no value is
        trusted after it, and its body is read as commands.
        """
        for text in (
            "a=1; function $f { ls; }; echo $a",
            "a=1; $f () { ls; }; echo $a",
        ):
            commands = read(text).commands
            assert ("ls",) in [c.argv for c in commands]
            assert commands[-1].dynamic == (False, True)

    def test_subshell_function_body(self) -> None:
        """
        ``function f ( … )``'s body runs in a subshell: redirections
        after it stay a bare command.
        """
        commands = read("a=1; function f ( ls ) > /dev/sda").commands
        assert commands[1].via == ("f()",)
        assert commands[-1].argv == ()
        assert commands[-1].redirects[0].target == "/dev/sda"

    def test_subscript_assignment_forgets_values(self) -> None:
        """An assignment to a subscript is arithmetic, which may assign."""
        assert read("a=1; x[1]=2; echo $a").commands[-1].dynamic[-1]

    def test_empty_expansions(self) -> None:
        """
        A word expanding to nothing is no word; a redirection target that
        does is an error.
        """
        parsed = read("a=; $a; cat < $a")
        assert parsed.errors == ("redirection < without a target",)
        assert parsed.commands[1].argv == ("cat",)
        assert parsed.commands[1].incomplete

    def test_substitutions_inside_everything_run(self) -> None:
        """
        The commands of a substitution run wherever it stands: in
        ``[[ … ]]``, an array, ``${…}``, a nested backtick.
        """
        assert ("cat",) in _argvs("[[ $(cat <<EOF\nhi\nEOF\n) == x ]]")
        assert ("ls",) in _argvs("arr=(a $(ls) b); echo")
        assert ("id",) in _argvs("echo ${x:-$(id)} $((y=1))")
        assert ("id",) in _argvs("ls `echo \\`id\\``")

    def test_heredoc_delimiter_is_not_expanded(self) -> None:
        """
        A heredoc's delimiter is taken as written (quotes removed, no
        expansion), as bash takes it: the body ends at ``$a``.
        """
        parsed = read('a=x; cat <<"$a"\nbody\n$a\n')
        assert parsed.errors == ()
        assert parsed.commands[-1].stdin == "body\n"

    def test_case_comment(self) -> None:
        """A comment between ``in`` and an arm is skipped."""
        assert _argvs("case x in # c\n a) ls;; esac") == [("ls",)]


class TestLexer:
    """
    `blastradius._shell._lexer` holds the function labels and serves the
    reader's names from the modules that define them, on first use.
    """

    def test_names_served(self) -> None:
        """
        ``Parser`` is the expansion's `Expander`; an unknown name raises
        `AttributeError`.
        """
        from blastradius._shell import _lexer
        from blastradius._shell._expand import Expander

        assert _lexer.Parser is Expander
        assert _lexer.MAX_DEPTH == MAX_DEPTH
        with pytest.raises(AttributeError, match="no attribute 'nope'"):
            _lexer.nope  # noqa: B018
