"""
Fork bombs: a shell function whose body pipes the function into itself.

The shell layer labels the commands of a function's body with the
function (``via`` ends in ``name()``); the shell analyzer's
`function_calls` reads a call of that function fed by another call of it
as the hard rule ``shell.fork-bomb``, whatever the name and spelling, and
leaves ordinary functions and ordinary recursion alone. ``:(){ :|:& };:``
is blocked through the ``:`` builtin's analyzer as before.
"""

from __future__ import annotations

import re
import shlex

import pytest

from hypothesis import given
from hypothesis import strategies as st

import blastradius

from blastradius import Tier
from blastradius._model import Finding, SimpleCommand
from blastradius._shell import parse
from blastradius._shell._lexer import enclosing_functions, function_label
from blastradius._shell._tokens import KEYWORDS
from blastradius._shell._wrappers import WRAPPERS_BY_NAME, fold
from blastradius.families.shell.analyzer import function_calls


A, H, B = Tier.AUTO, Tier.HUMAN, Tier.BLOCKED


def _bombs(text: str) -> list[Finding]:
    """What `function_calls` finds in the commands of *text*."""
    found: list[Finding] = []
    for command in parse(text).commands:
        found.extend(function_calls(command, None))  # type: ignore[arg-type]
    return found


def _pipe(text: str) -> SimpleCommand:
    """The one command of *text* fed by a pipe."""
    (fed,) = [c for c in parse(text).commands if c.stdin_from is not None]
    return fed


# -- the table -----------------------------------------------------------

# (text, the function named by the finding)
BOMBS = [
    ("bomb(){ bomb|bomb& };bomb", "bomb"),
    ("function f { f | f & }; f", "f"),
    ("f() { f | f & }; f", "f"),
    ("x(){ x|x& };x", "x"),
    ("x () { x | x & } ; x", "x"),
    ("x()\n{\n  x | x &\n}\nx", "x"),
    ("x() # a comment\n{ x|x& }; x", "x"),
    ("function x() { x|x& }; x", "x"),
    ("function x () {\n x|x &\n}\nx", "x"),
    ("x() ( x | x & ); x", "x"),
    ("function x ( x | x & ); x", "x"),
    ("x(){ x|x; }; x", "x"),
    ("x(){ x |& x & }; x", "x"),
    ("x(){ { x|x& }; }; x", "x"),
    ("x(){ if true; then x|x& fi; }; x", "x"),
    ("x(){ while :; do x|x& done; }; x", "x"),
    ("x(){ (x|x&); }; x", "x"),
    ("x(){ y=$(x|x); }; x", "x"),
    ("x(){ eval 'x|x&'; }; x", "x"),
    ("x(){ time x|x& }; x", "x"),
    ("Bomb(){ Bomb|Bomb& };Bomb", "Bomb"),
    ("my-bomb(){ my-bomb|my-bomb& };my-bomb", "my-bomb"),
    ("g(){ x(){ x|x& }; x; }; g", "x"),
    ("bash -c 'x(){ x|x& };x'", "x"),
    ("sudo bash -c 'x(){ x|x& };x'", "x"),
    ('sh -c "bomb(){ bomb|bomb& };bomb"', "bomb"),
    ("eval 'x(){ x|x& };x'", "x"),
    ("ls; x(){ x|x& };x; echo done", "x"),
    ('echo "$(x(){ x|x& };x)"', "x"),
]

NOT_BOMBS = [
    # a function piping into another program, or fed by one
    "f() { f | grep x; }; f",
    "f() { ls | f; }; f",
    # a different name on both sides
    "lsfn(){ ls | ls; }; lsfn",
    "f(){ g | g & }; f",
    "Bomb(){ bomb|bomb& }; Bomb",
    # outside the body
    "f(){ echo hi; }; f | f",
    "f(){ echo hi; }\nf | f &",
    # a program of the same name, run by a wrapper that execs it
    "f(){ f | nohup f & }; f",
    "f(){ command f | command f & }; f",
    "f(){ sudo f | sudo f & }; f",
    # a new shell does not know the function
    "f(){ bash -c 'f|f&'; }; f",
    # no pipe
    "f(){ f; }; f",
    "f(){ echo | cat; }; f",
    # a name only known at run time
    "f(){ $f | $f & }; f",
    "f(){ echo; }; $g | $g",
    # plain pipelines
    "ls | ls",
    "yes | head -n 3",
]


class TestFunctionLabels:
    def test_body_labelled(self) -> None:
        """
        The commands of a function's body end their ``via`` with the
        function's label; the call after the definition has none.
        """
        got = [
            (c.argv, c.via, c.stdin_from)
            for c in parse("bomb(){ bomb|bomb& };bomb").commands
        ]
        assert got == [
            (("bomb",), ("bomb()",), None),
            (("bomb",), ("bomb()",), "bomb"),
            (("bomb",), (), None),
        ]

    @pytest.mark.parametrize(
        "text",
        [
            "f() { ls; }",
            "f () { ls; }",
            "f(){ ls;}",
            "f()\n{\n ls\n}",
            "f() ( ls )",
            "function f { ls; }",
            "function f() { ls; }",
            "function f () ( ls )",
            "function f\n{\n ls\n}",
        ],
    )
    def test_spellings(self, text: str) -> None:
        """Every spelling of a definition labels its body."""
        assert [(c.argv, c.via) for c in parse(text).commands] == [
            (("ls",), ("f()",))
        ]

    def test_body_ends_at_brace(self) -> None:
        """The body ends at its ``}``; nested groups stay inside it."""
        got = [
            (c.argv, c.via)
            for c in parse("f(){ { ls; }; pwd; }; g; h(){ id; }").commands
        ]
        assert got == [
            (("ls",), ("f()",)),
            (("pwd",), ("f()",)),
            (("g",), ()),
            (("id",), ("h()",)),
        ]

    def test_nested_labels(self) -> None:
        """Labels nest with wrappers and other functions, outermost first."""
        c = _pipe("sudo bash -c 'g(){ f(){ f|f& }; }'")
        assert c.via == ("sudo", "bash -c", "g()", "f()")

    def test_redirect_after_body(self) -> None:
        """
        A redirection after a ``{ … }`` body stays a command of its own
        (checked as before: onto a block device it is blocked).
        """
        p = parse("f() { echo e; } >/dev/sda; f")
        assert [(c.argv, c.via, len(c.redirects)) for c in p.commands] == [
            (("echo", "e"), ("f()",), 0),
            ((), (), 1),
            (("f",), (), 0),
        ]
        assert blastradius.score("f() { echo e; } >/dev/sda").tier is B

    def test_heredoc_in_body(self) -> None:
        """A heredoc of a body command is read after the body's ``}``."""
        (cat, ls) = parse("f(){ cat <<E; }\nrm x\nE\nls").commands
        assert (cat.argv, cat.via, cat.stdin) == (("cat",), ("f()",), "rm x\n")
        assert (ls.argv, ls.via) == (("ls",), ())
        cat, ls, f = parse("cat <<E; f() { ls; }\nx\nE\nf").commands
        assert (cat.stdin, ls.via, f.via) == ("x\n", ("f()",), ())

    def test_unfinished_body(self) -> None:
        """A body without its ``}`` runs to the end, as bash reads on."""
        p = parse("f(){ rm -rf /")
        assert [(c.argv, c.via) for c in p.commands] == [
            (("rm", "-rf", "/"), ("f()",))
        ]
        assert blastradius.score("f(){ rm -rf /").tier is B

    def test_paren_ends_body(self) -> None:
        """A ``)`` ends an unfinished body inside ``$( … )``."""
        p = parse("echo $(f(){ ls ) ; pwd")
        assert [(c.argv, c.via) for c in p.commands] == [
            (("ls",), ("$(...)", "f()")),
            (("echo", "$(f(){ ls )"), ()),
            (("pwd",), ()),
        ]
        assert p.errors == ()

    def test_label(self) -> None:
        """A function's label is its name and ``()``."""
        assert function_label("my-bomb") == "my-bomb()"

    @pytest.mark.parametrize(
        ("via", "names"),
        [
            ((), []),
            (("f()",), ["f"]),
            (("f()", "$(...)"), ["f"]),
            (("f()", "`...`", "<(...)", "eval", "time"), ["f"]),
            (("f()", "g()"), ["g", "f"]),
            (("f()", "bash -c", "g()"), ["g"]),
            (("f()", "sudo"), []),
            (("f()", "nohup"), []),
            (("$(...)",), []),
            (("()",), []),
        ],
    )
    def test_enclosing_functions(
        self, via: tuple[str, ...], names: list[str]
    ) -> None:
        """
        The functions a command can call: innermost first, up to a label
        that starts a new program.
        """
        assert enclosing_functions(via) == names


class TestFunctionCalls:
    @pytest.mark.parametrize(("text", "name"), BOMBS)
    def test_bomb(self, text: str, name: str) -> None:
        """
        A function's body piping the function into itself is the fork
        bomb: one hard finding naming the function and the pipe.
        """
        (found,) = _bombs(text)
        assert found.rule == "shell.fork-bomb"
        assert found.hard
        assert found.words == (name, "|", name)
        assert name in found.message

    def test_colon_left_to_builtin(self) -> None:
        """
        ``:`` and ``.`` piped into themselves are reported by their own
        analyzer (once), not here.
        """
        assert _bombs(":(){ :|:& };:") == []
        assert _bombs(".(){ .|.& };.") == []

    @pytest.mark.parametrize("text", NOT_BOMBS)
    def test_not_bomb(self, text: str) -> None:
        """Ordinary functions, recursion and pipelines are no fork bomb."""
        assert _bombs(text) == []

    def test_hand_built(self) -> None:
        """
        It reads the command alone: a call of the enclosing function fed
        by a call of it, not a dynamic name or a command without a pipe.
        """
        bomb = SimpleCommand(argv=["f"], stdin_from="f", via=["f()"])
        assert function_calls(bomb, None)  # type: ignore[arg-type]
        for other in (
            SimpleCommand(argv=["f"], via=["f()"]),
            SimpleCommand(argv=["f"], stdin_from="f"),
            SimpleCommand(argv=[], stdin_from="f", via=["f()"]),
            SimpleCommand(
                argv=["f"], dynamic=[True], stdin_from="f", via=["f()"]
            ),
            SimpleCommand(argv=["f"], stdin_from="g", via=["f()"]),
            SimpleCommand(argv=[":"], stdin_from=":", via=[":()"]),
        ):
            assert function_calls(other, None) == []  # type: ignore[arg-type]


class TestScore:
    def test_colon_bomb_unchanged(self) -> None:
        """``:(){ :|:& };:`` is blocked with the same finding as before."""
        a = blastradius.score(":(){ :|:& };:")
        assert a.tier is B
        (hard,) = [f for f in a.findings if f.hard]
        assert (hard.rule, hard.program, hard.words, hard.score) == (
            "shell.fork-bomb",
            ":",
            (":", "|", ":"),
            100,
        )
        assert hard.message == "a function piping into itself: a fork bomb"

    @pytest.mark.parametrize(
        ("text", "tier", "rule"),
        [
            (".(){ .|.& };.", B, "shell.fork-bomb"),
            ("f() { f | grep x; }; f", H, "shell.unknown"),
            ("lsfn(){ ls | ls; }; lsfn", H, "shell.unknown"),
            ("lsfn(){ ls | ls; }", A, "shell.read-only"),
            ("f(){ ls -la; }", A, "shell.read-only"),
            ("f(){ echo hi; }; f | f", H, "shell.unknown"),
            ("f(){ rm -rf /; }", B, "shell.rm.recursive-force"),
            ("f() ( rm -rf / )", B, "shell.rm.recursive-force"),
        ],
    )
    def test_table(self, text: str, tier: Tier, rule: str) -> None:
        """Other functions score as their bodies and calls do."""
        a = blastradius.score(text)
        assert a.tier is tier, (text, a.reasons)
        assert rule in {f.rule for f in a.findings}

    @pytest.mark.parametrize(("text", "name"), BOMBS)
    def test_named_bomb_blocked(self, text: str, name: str) -> None:
        """A fork bomb of any name is blocked by ``shell.fork-bomb``."""
        a = blastradius.score(text)
        assert a.tier is B
        assert any(
            f.rule == "shell.fork-bomb" and f.words == (name, "|", name)
            for f in a.findings
        )


# -- properties ----------------------------------------------------------

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]{0,11}")

names = st.from_regex(_NAME, fullmatch=True).filter(
    lambda n: (
        n not in KEYWORDS
        and n not in ("in", "time", "function")
        and fold(n) not in WRAPPERS_BY_NAME
    )
)
"""Function names bash accepts (not keywords, not wrappers it unwraps)."""

_SPELLINGS = (
    "{0}(){{ {0}|{0}& }};{0}",
    "{0} () {{ {0} | {0} & }} ; {0}",
    "{0}()\n{{\n  {0} | {0} &\n}}\n{0}",
    "function {0} {{ {0}|{0}& }}; {0}",
    "function {0}() {{ {0} | {0} & }}; {0}",
    "{0}() ( {0} | {0} & ); {0}",
)

_WRAPS = (
    "{}",
    "bash -c {q}",
    "sudo bash -c {q}",
    "sudo -u root sh -c {q}",
    "eval {q}",
    "ls; {}",
    "{}; ls",
    "true && {}",
    "ls -la; {}; echo done",
)


def _spell(name: str, spelling: int, wrap: int) -> tuple[str, str]:
    bomb = _SPELLINGS[spelling].format(name)
    return bomb, _WRAPS[wrap].format(bomb, q=shlex.quote(bomb))


class TestProperties:
    @given(
        names,
        st.integers(0, len(_SPELLINGS) - 1),
        st.integers(0, len(_WRAPS) - 1),
    )
    def test_any_name_any_wrapping(
        self, name: str, spelling: int, wrap: int
    ) -> None:
        """
        For any function name, every spelling of the bomb, wrapped in
        ``bash -c``, ``sudo``, ``eval`` or ``;`` chains, is found.
        """
        _, text = _spell(name, spelling, wrap)
        found = _bombs(text)
        assert [(f.rule, f.words, f.hard) for f in found] == [
            ("shell.fork-bomb", (name, "|", name), True)
        ]

    @given(
        names,
        st.integers(0, len(_SPELLINGS) - 1),
        st.integers(0, len(_WRAPS) - 1),
    )
    def test_wrapping_never_lowers(
        self, name: str, spelling: int, wrap: int
    ) -> None:
        """Wrapping or chaining the bomb never lowers its score."""
        bomb, text = _spell(name, spelling, wrap)
        assert blastradius.score(text).score >= blastradius.score(bomb).score

    @given(names, st.sampled_from(("grep x", "ls", "cat")))
    def test_pipe_into_program(self, name: str, program: str) -> None:
        """A function piping into another program is never a fork bomb."""
        text = f"{name}(){{ {name} | {program} & }}; {name}"
        assert _bombs(text) == []

    @given(
        names,
        st.integers(0, len(_SPELLINGS) - 1),
        st.integers(0, len(_WRAPS) - 1),
    )
    def test_any_name_blocked(
        self, name: str, spelling: int, wrap: int
    ) -> None:
        """For any name, spelling and wrapping the bomb is blocked."""
        _, text = _spell(name, spelling, wrap)
        assert blastradius.score(text).tier is B
