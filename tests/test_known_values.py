"""
Values the shell layer knows before anything runs, as bash knows them.

A variable assigned a literal value by a bare assignment that runs for
sure, the output of a ``$( … )`` or backtick substitution whose one
pipeline ends in ``echo`` / ``printf`` / ``cat`` of known text, and the
text ``base64 -d`` decodes from known text are resolved in the shell layer
(`blastradius._shell._lexer`), before any rule sees a word. Everything
else stays dynamic (at least ``HUMAN``): conditional and repeated
assignments, subshells, prefix assignments, builtins that change
variables, nested shells.
"""

from __future__ import annotations

import base64
import re
import shlex

import pytest

from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import DELETE_NS_PROD
from tests.helpers import SHELL_CASES as TABLE
from tests.strategies import plain_words, simple_argv

import blastradius

from blastradius import Tier
from blastradius._model import SimpleCommand
from blastradius._shell import parse
from blastradius._shell._api import read
from blastradius._shell._dialect import BASH
from blastradius._shell._evaluate import base64_decoded
from blastradius._shell._state import SPECIAL_VARS


A, H, D, B = Tier.AUTO, Tier.HUMAN, Tier.DUAL, Tier.BLOCKED


def _last(text: str) -> SimpleCommand:
    """The last simple command of *text* as bash reads it."""
    return read(text, dialect=BASH).commands[-1]


def _words(text: str) -> list[tuple[str, bool]]:
    """(word, dynamic) of the last simple command of *text*."""
    c = _last(text)
    return list(zip(c.argv, c.dynamic, strict=True))


def _rules(text: str) -> set[str]:
    """The rule ids *text* triggers."""
    return {f.rule for f in blastradius.score(text).findings}


# -- the gaps: values bash knows statically ---------------------------------

GAPS = [
    ("a=kubectl; $a delete ns prod", B, "kubectl.delete.namespace"),
    ('K=kubectl; "$K" delete ns prod', B, "kubectl.delete.namespace"),
    ('NS=prod; kubectl delete ns "$NS"', B, "kubectl.delete.namespace"),
    (
        'sh -c "$(echo kubectl delete ns prod)"',
        B,
        "kubectl.delete.namespace",
    ),
    (
        "sh -c \"$(printf 'kubectl delete ns prod')\"",
        B,
        "kubectl.delete.namespace",
    ),
    ("kubectl delete $(echo ns) prod", B, "kubectl.delete.namespace"),
    (
        "echo a3ViZWN0bCBkZWxldGUgbnMgcHJvZA== | base64 -d | sh",
        B,
        "kubectl.delete.namespace",
    ),
    (
        "echo ZHJvcCB0YWJsZSB1c2Vyczs= | base64 -d | psql",
        B,
        "sql.drop-table",
    ),
]


class TestGaps:
    """The commands the shell layer used to leave unknown."""

    @pytest.mark.parametrize(("cmd", "tier", "rule"), GAPS)
    def test_tier_and_rule(self, cmd: str, tier: Tier, rule: str) -> None:
        """Each is scored as the command bash runs."""
        a = blastradius.score(cmd)
        assert a.tier is tier, (cmd, a.reasons)
        assert rule in {f.rule for f in a.findings}

    @pytest.mark.parametrize(("cmd", "tier", "rule"), GAPS)
    def test_nothing_left_unknown(
        self, cmd: str, tier: Tier, rule: str
    ) -> None:
        """No word of theirs is dynamic and nothing is unknown."""
        del tier, rule
        a = blastradius.score(cmd)
        assert not any(any(c.dynamic) for c in a.commands)
        assert not [f.rule for f in a.findings if f.rule.endswith(".unknown")]

    def test_namespace_is_known(self) -> None:
        """The namespace a variable names reaches the kubectl command."""
        assert _words('NS=prod; kubectl delete ns "$NS"') == [
            ("kubectl", False),
            ("delete", False),
            ("ns", False),
            ("prod", False),
        ]

    def test_decoded_payload_is_not_an_encoded_payload(self) -> None:
        """A payload decoded from known text is analysed, not guessed at."""
        rules = _rules(
            "echo a3ViZWN0bCBkZWxldGUgbnMgcHJvZA== | base64 -d | sh"
        )
        assert not {r for r in rules if r.startswith("shell.encoded")}
        c = _last("echo a3ViZWN0bCBkZWxldGUgbnMgcHJvZA== | base64 -d | sh")
        assert c.via == ("sh stdin",)


# -- variables ------------------------------------------------------------


class TestVariables:
    """Bare assignments of literal values, expanded as bash expands them."""

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            # unquoted: split on blanks, empty fields dropped
            ('a="kubectl  delete"; $a ns', ["kubectl", "delete", "ns"]),
            ("a=' x  y '; echo $a", ["echo", "x", "y"]),
            ("a=' x '; echo p${a}q", ["echo", "p", "x", "q"]),
            # quoted: one word
            ('a="x  y"; echo "$a"', ["echo", "x  y"]),
            ('a="x y"; echo "<$a>"', ["echo", "<x y>"]),
            # empty: gone unquoted, kept quoted
            ("a=; echo $a x", ["echo", "x"]),
            ('a=; echo "$a" x', ["echo", "", "x"]),
            ("a=; echo $a'' x", ["echo", "", "x"]),
            # braces and defaults
            ("a=ku; echo ${a}be", ["echo", "kube"]),
            ("a=x; echo ${a:-y} ${a-y}", ["echo", "x", "x"]),
            ("a=; echo ${a:-y} ${a-y}z", ["echo", "y", "z"]),
            # an assignment's value is not split; it may use known values
            ('a="x y"; b=$a; echo "$b"', ["echo", "x y"]),
            ("a=ku; a=${a}bectl; echo $a", ["echo", "kubectl"]),
            ("a=x; b=$a-y; echo $b", ["echo", "x-y"]),
            # declarations and export
            ("export a=x; echo $a", ["echo", "x"]),
            ("declare a=x; echo $a", ["echo", "x"]),
            ("declare -x a=x; echo $a", ["echo", "x"]),
            ("a=x; export a; echo $a", ["echo", "x"]),
            # a value seen before a conditional stays known in it
            ("a=x; if true; then echo $a; fi", ["echo", "x"]),
            ("a=x; true && echo $a", ["echo", "x"]),
            ("a=x && echo $a", ["echo", "x"]),
            # a known value in a double-quoted string given to a shell
            ('a=x; bash -c "echo $a"', ["echo", "x"]),
            # a known value as a keyword is a plain word
            ("a=if; echo $a", ["echo", "if"]),
            # a subshell sees the values of its parent
            ("a=x; (echo $a)", ["echo", "x"]),
            ("a=x; echo $(echo $a)", ["echo", "x"]),
        ],
    )
    def test_expansion(self, text: str, words: list[str]) -> None:
        """The last command's words, none of them dynamic."""
        c = _last(text)
        assert list(c.argv) == words
        assert not any(c.dynamic)

    def test_keyword_from_a_value_is_a_command(self) -> None:
        """``a=if; $a x`` runs a command named ``if``, not a keyword."""
        assert _words("a=if; $a x") == [("if", False), ("x", False)]

    def test_glob_in_a_value_is_dynamic(self) -> None:
        """An unquoted value with a glob character is globbed: dynamic."""
        assert _words("a='/*'; rm -rf $a") == [
            ("rm", False),
            ("-rf", False),
            ("/*", True),
        ]
        assert _words("a='/*'; rm -rf \"$a\"")[-1] == ("/*", False)

    def test_glob_value_still_meets_the_hard_rule(self) -> None:
        """``rm -rf $a`` with ``a='/*'`` is as blocked as ``rm -rf /*``."""
        assert blastradius.score("a='/*'; rm -rf $a").tier is B
        assert blastradius.score("a='rm -rf /'; $a").tier is B

    def test_redirection_target(self) -> None:
        """A redirection target is resolved when it stays one word."""
        c = _last("d=/dev/sda; echo x > $d")
        assert [r.target for r in c.redirects] == ["/dev/sda"]
        assert not c.redirects[0].dynamic
        c = _last("d='a b'; echo x > $d")
        assert c.redirects[0].target == "$d"
        assert c.redirects[0].dynamic

    def test_herestring_is_not_split(self) -> None:
        """``<<<$a`` is one word: the shell reads the whole value."""
        a = blastradius.score('a="kubectl delete ns prod"; sh <<<$a')
        assert a.tier is B

    def test_heredoc_delimiter_is_not_expanded(self) -> None:
        """``<<$a`` ends at a line ``$a``, whatever ``a`` holds."""
        c = _last("a=EOF; cat <<$a\nx\n$a\n")
        assert c.stdin == "x\n"


def _dynamic_program(text: str) -> None:
    """
    A command of *text* has a dynamic program, none was resolved to the
    programs the variables might hold (as bash reads it), and *text* is at
    least HUMAN.
    """
    cmds = [c for c in read(text, dialect=BASH).commands if c.argv]
    assert any(c.dynamic[0] for c in cmds), (text, cmds)
    assert not [c for c in cmds if c.program in ("kubectl", "rm", "ls")]
    assert blastradius.score(text).tier >= H


class TestNotResolved:
    """Where bash's value is not certain, the word stays dynamic."""

    @pytest.mark.parametrize(
        "text",
        [
            # conditional
            "if x; then a=kubectl; fi; $a delete ns prod",
            "if x; then :; else a=kubectl; fi; $a delete ns prod",
            "x && a=kubectl; $a delete ns prod",
            "x || a=kubectl; $a delete ns prod",
            "a=ls && b=kubectl; $b delete ns prod",
            "case y in y) a=kubectl;; esac; $a delete ns prod",
            "{ a=kubectl; }; $a delete ns prod",
            # backgrounded
            "a=kubectl & $a delete ns prod",
            "a=kubectl && true & $a delete ns prod",
            "a=kubectl; { a=ls; } & $a delete ns prod",
            # repeated: later iterations
            "a=ls; while x; do $a -la; a=rm; done",
            "a=ls; until x; do $a -la; a=rm; done",
            "a=rm; for i in 1 2; do $a -rf /; done",
            "a=ls; for a in rm; do :; done; $a -rf /",
            "a=ls; select a in rm; do :; done; $a -rf /",
            # function bodies run later, and may assign
            "a=ls; f() { $a -rf /; }; a=rm; f",
            "f() { a=rm; }; a=ls; f; $a -rf /",
            "function f { a=rm; }; a=ls; f; $a -rf /",
            # subshells, pipeline stages and substitutions do not leak
            "(a=kubectl); $a delete ns prod",
            "a=kubectl | cat; $a delete ns prod",
            "cat | a=kubectl; $a delete ns prod",
            "x=$(a=kubectl); $a delete ns prod",
            "x=`a=kubectl`; $a delete ns prod",
            "cat <(a=kubectl); $a delete ns prod",
            # a prefix assignment is not the shell's
            "a=kubectl true; $a delete ns prod",
            "a=kubectl $a delete ns prod",
            # builtins that change variables
            "a=kubectl; unset a; $a delete ns prod",
            "a=kubectl; read a; $a delete ns prod",
            "a=kubectl; read -r b; $a delete ns prod",
            "a=kubectl; eval a=ls; $a delete ns prod",
            "a=kubectl; source ./x; $a delete ns prod",
            "a=kubectl; . ./x; $a delete ns prod",
            "a=kubectl; mapfile a; $a delete ns prod",
            "a=kubectl; printf -v a x; $a delete ns prod",
            "a=kubectl; let a=1; $a delete ns prod",
            "a=kubectl; (( a = 1 )); $a delete ns prod",
            "a=kubectl; echo $((a = 1)); $a delete ns prod",
            "a=kubectl; echo $[a = 1]; $a delete ns prod",
            "a=kubectl; echo ${a:=x}; $a delete ns prod",
            "a=kubectl; echo ${b[a=1]}; $a delete ns prod",
            "a=kubectl; [[ 1 -eq a=1 ]]; $a delete ns prod",
            "a=kubectl; b[a=1]=x; $a delete ns prod",
            "a=kubectl; $cmd a; $a delete ns prod",
            "a=kubectl; getopts a b; $a delete ns prod",
            "a=kubectl; command read a; $a delete ns prod",
            # values that never stick, or attributes that change them
            "a=kubectl; a+=x; $a delete ns prod",
            "a=(kubectl); $a delete ns prod",
            "declare -u a=kubectl; $a delete ns prod",
            "declare -i a; a=kubectl; $a delete ns prod",
            "readonly a=ls; a=kubectl; $a delete ns prod",
            "declare -r a=ls; a=kubectl; $a delete ns prod",
            "local a=kubectl; $a delete ns prod",
            "declare $n=kubectl; $a delete ns prod",
            "RANDOM=kubectl; $RANDOM delete ns prod",
            "BASH_ARGV0=kubectl; $BASH_ARGV0 delete ns prod",
            "_=kubectl; $_ delete ns prod",
            "declare -n r=a; a=ls; r=kubectl; $a delete ns prod",
            "a=kubectl; cat <<E\n$((a=1))\nE\n$a delete ns prod",
            # functions defined where the shell layer cannot see
            'eval "$x"; a=ls; g; $a -rf /',
            "source ./lib.sh; a=ls; g; $a -rf /",
            "$cmd; a=ls; g; $a -rf /",
            'command eval "$x"; a=ls; g; $a -rf /',
            "eval 'g() { a=rm; }'; a=ls; g; $a -rf /",
            "a=kubectl; export() { :; }; export a=ls; $a delete ns prod",
            # code that runs later or changes how the shell reads
            "a=kubectl; trap 'a=ls' DEBUG; $a delete ns prod",
            "a=kubectl; alias x=y; $a delete ns prod",
            "a=kubectl; shopt -s lastpipe; $a delete ns prod",
            # never assigned: the environment's
            "$a delete ns prod",
            "${a:-kubectl} delete ns prod",
            # a new shell does not see the outer shell's variables
            "a=kubectl; bash -c '$a delete ns prod'",
            "export a=kubectl; sh -c '$a delete ns prod'",
            "a=kubectl; echo '$a delete ns prod' | sh",
            "a=kubectl; eval '$a delete ns prod'",
        ],
    )
    def test_dynamic(self, text: str) -> None:
        """The program stays dynamic; the command is at least HUMAN."""
        _dynamic_program(text)

    def test_prefix_assignment_expands_the_outer_value(self) -> None:
        """``X=1 echo $X`` expands the shell's X (unknown here)."""
        assert _words("X=1 echo $X") == [("echo", False), ("$X", True)]

    def test_ifs_assignment_stops_splitting(self) -> None:
        """After IFS changes, unquoted values are not split (dynamic)."""
        _dynamic_program('IFS=:; a="kubectl delete"; $a ns prod')
        _dynamic_program('IFS=: read x; a="kubectl"; $a delete ns prod')
        # a quoted value does not split: still known
        c = _last('IFS=:; a=kubectl; "$a" delete ns prod')
        assert c.argv[0] == "kubectl"
        assert not c.dynamic[0]

    def test_braces_are_expanded_first(self) -> None:
        """``{$a,b}`` is brace-expanded before ``$a``: dynamic."""
        assert _words("a=ns; echo {$a,prod}")[1][1]
        assert all(d for _, d in _words("a='p q'; echo {$a,y}")[1:])
        assert _words('a=ns; echo {"$a",prod}')[1][1]
        assert blastradius.score("a=ns; kubectl delete {$a,prod}").tier >= H

    def test_tilde_in_an_assigned_value(self) -> None:
        """A ``~`` in an assigned value may be expanded: unknown."""
        _dynamic_program("a=kubectl:~; $a delete ns prod")
        _dynamic_program("export a=~/kubectl; $a delete ns prod")
        c = _last("a='~'; echo \"$a\"")
        assert c.argv == ("echo", "~")
        assert not any(c.dynamic)

    def test_an_unknown_part_keeps_the_word_dynamic(self) -> None:
        """A word with a known and an unknown part is dynamic."""
        assert _words("a=x; echo $a$b") == [("echo", False), ("x$b", True)]

    def test_commands_that_change_no_variable(self) -> None:
        """Other commands leave the values known."""
        c = _last("a=kubectl; cd /tmp; ls -la | grep x; $a delete ns prod")
        assert c.argv[0] == "kubectl"
        assert not c.dynamic[0]

    def test_after_the_loop_other_values_are_known(self) -> None:
        """A loop forgets only what it assigns."""
        c = _last("a=kubectl; while x; do b=1; done; $a delete ns prod")
        assert c.argv == ("kubectl", "delete", "ns", "prod")
        assert not any(c.dynamic)

    def test_assignment_after_a_conditional_is_known(self) -> None:
        """An assignment after ``fi`` runs for sure again."""
        c = _last("if x; then a=ls; fi; a=kubectl; $a delete ns prod")
        assert c.argv[0] == "kubectl"
        assert not c.dynamic[0]


# -- command substitution ------------------------------------------------


class TestSubstitutionOutput:
    """``$( … )`` and backticks with one pipeline of known output."""

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("echo $(echo a b)", ["echo", "a", "b"]),
            ('echo "$(echo a  b)"', ["echo", "a b"]),
            ("echo \"$(printf 'a  b')\"", ["echo", "a  b"]),
            ("echo `echo a b`", ["echo", "a", "b"]),
            ("echo \"`echo 'a  b'`\"", ["echo", "a  b"]),
            ("echo x$(printf 'a\\n\\n\\n')y", ["echo", "xay"]),
            ("echo $(printf '%s-' a b)", ["echo", "a-b-"]),
            ("echo $(echo a | cat)", ["echo", "a"]),
            ("echo $(cat <<<hi)", ["echo", "hi"]),
            ("echo $(echo $(echo deep))", ["echo", "deep"]),
            ("echo $(echo cm0= | base64 -d)", ["echo", "rm"]),
            ('echo "$(echo)"', ["echo", ""]),
            ("echo $(echo) x", ["echo", "x"]),
        ],
    )
    def test_known_output(self, text: str, words: list[str]) -> None:
        """The substitution is replaced by its output, not dynamic."""
        c = _last(text)
        assert list(c.argv) == words
        assert not any(c.dynamic)

    def test_own_standard_input(self) -> None:
        """A substitution's own heredoc or herestring is known."""
        c = _last("echo rm | sh -c 'read x; $(cat <<<kubectl) get pods'")
        assert c.argv == ("kubectl", "get", "pods")

    def test_inner_commands_still_analysed(self) -> None:
        """The commands inside still run and are reported."""
        cmds = parse("kubectl delete $(echo ns) prod").commands
        assert cmds[0].argv == ("echo", "ns")
        assert cmds[0].via == ("$(...)",)

    @pytest.mark.parametrize(
        "text",
        [
            "$(echo a; echo b) x",
            "$(x && echo a) x",
            "$(if x; then echo a; fi) x",
            "$(echo a > f) x",
            "$(echo a >&2) x",
            "$(echo a 1>f) x",
            "$(date) x",
            "$(cat f) x",
            "$(bash -c 'echo a') x",
            "$( (echo a) ) x",
            "$(echo $b) x",
            "`date` x",
            "$(echo 'a*') x",
            # echo may be a function defined later (in a loop) or earlier
            "while x; do $(echo ls) -rf /; echo() { printf rm; }; done",
            "f() { $(echo ls) -rf /; }; f",
            "echo() { printf rm; }; $(echo ls) -rf /",
            "source ./lib.sh; $(echo ls) -rf /",
            # the shell's standard input may have been read already
            "echo rm | sh -c 'read x; $(cat) -rf /'",
            "echo rm | sh -c 'read x; `cat` -rf /'",
        ],
    )
    def test_unknown_output(self, text: str) -> None:
        """Anything else stays dynamic."""
        _dynamic_program(text)


# -- base64 ------------------------------------------------------------


class TestBase64:
    """``base64 -d`` of known text is that text decoded."""

    @pytest.mark.parametrize(
        ("args", "text", "out"),
        [
            (["-d"], "cm0gLXJmIC8K\n", "rm -rf /\n"),
            (["--decode"], "cm0g\nLXJm\nIC8K\n", "rm -rf /\n"),
            (["-D"], "cm0=", "rm"),
            (["-d", "-"], "cm0=", "rm"),
            (["-d"], "", ""),
            (["-d"], "cm0", None),  # truncated
            (["-d"], "cm0g!", None),  # not the alphabet
            (["-d"], "cm0 g", None),  # blanks are garbage
            (["-d"], "/w==", None),  # not UTF-8
            (["-di"], "cm0=", None),  # ignore-garbage: not followed
            (["-d", "file"], "cm0=", None),  # reads a file
            ([], "cm0=", None),  # encodes
        ],
    )
    def test_decoded(
        self, args: list[str], text: str, out: str | None
    ) -> None:
        """Valid base64 of UTF-8 decodes; anything else is unknown."""
        assert base64_decoded(args, text) == out

    def test_undecodable_payload_stays_encoded(self) -> None:
        """A payload that does not decode is still an encoded payload."""
        a = blastradius.score("echo 'cm0g!!' | base64 -d | sh")
        assert "shell.encoded-payload" in {f.rule for f in a.findings}
        assert a.tier is D

    def test_shared_standard_input_stays_encoded(self) -> None:
        """
        A script's ``base64 -d`` reads the script's standard input, which
        ``read`` may have consumed in part: unknown.
        """
        text = "printf 'YW\\ncm0=' | sh -c 'read y; base64 -d | sh'"
        a = blastradius.score(text)
        assert "shell.encoded-payload" in {f.rule for f in a.findings}
        assert a.tier is D

    @pytest.mark.parametrize(
        "text",
        [
            # a function defined in the text replaces base64
            "base64() { echo 'rm -rf /'; }; echo bHM= | base64 -d | sh",
            # in a loop, a later iteration may see another base64
            "while x; do echo bHM= | base64 -d | sh; done",
            "for i in 1 2; do echo bHM= | base64 -d | sh; done",
        ],
    )
    def test_untrusted_decoder(self, text: str) -> None:
        """Where base64 may not be base64, the payload stays encoded."""
        a = blastradius.score(text)
        assert "shell.encoded-payload" in {f.rule for f in a.findings}
        assert a.tier >= D

    def test_unknown_input_stays_encoded(self) -> None:
        """``base64 -d`` of a file is unknown, as before."""
        a = blastradius.score("base64 -d payload.txt | sh")
        assert "shell.encoded-payload" in {f.rule for f in a.findings}


# -- properties ------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z0-9_./:=,@%+ -]+")


def _plain_hard() -> list[str]:
    """Hard-rule commands of other tables, in plain words only."""
    cmds = [c for c, _, _ in TABLE] + list(DELETE_NS_PROD)
    return [c for c in cmds if _PLAIN.fullmatch(c)]


_TABLE_COMMANDS = [c for c, _, _ in TABLE] + list(DELETE_NS_PROD)
_FIRST_PLAIN = [
    c for c in _TABLE_COMMANDS if re.match(r"[A-Za-z0-9_./-]+ ", c)
]

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True).filter(
    lambda v: v not in SPECIAL_VARS and not v.startswith("BASH")
)
"""Ordinary variable names (not ones bash sets itself)."""


class TestProperties:
    """Resolving values never lowers a score."""

    @given(st.sampled_from(_FIRST_PLAIN), names)
    def test_program_from_a_variable(self, cmd: str, name: str) -> None:
        """``V=<argv0>; $V <rest>`` scores as the command itself."""
        program, rest = cmd.split(" ", 1)
        text = f"{name}={program}; ${name} {rest}"
        assert blastradius.score(text).tier is blastradius.score(cmd).tier

    @given(st.sampled_from(_FIRST_PLAIN), names)
    def test_program_from_braces(self, cmd: str, name: str) -> None:
        """``V=<argv0>; ${V} <rest>`` scores as the command itself."""
        program, rest = cmd.split(" ", 1)
        text = f'{name}="{program}"; "${{{name}}}" {rest}'
        assert blastradius.score(text).tier is blastradius.score(cmd).tier

    @given(
        st.one_of(st.sampled_from(_plain_hard()), simple_argv().map(" ".join))
    )
    def test_shell_of_substitution(self, cmd: str) -> None:
        """``sh -c "$(echo C)"`` scores at least as C."""
        text = f'sh -c "$(echo {cmd})"'
        assert blastradius.score(text).tier >= blastradius.score(cmd).tier

    @given(
        names,
        st.sampled_from(("ls", "echo", "true", "cat")),
        st.lists(plain_words, max_size=3),
    )
    def test_conditional_value_is_unknown(
        self, name: str, safe: str, args: list[str]
    ) -> None:
        """``if x; then V=safe; fi; $V args`` is never below HUMAN."""
        text = f"if x; then {name}={safe}; fi; ${name} {' '.join(args)}"
        assert blastradius.score(text).tier >= H

    @given(st.sampled_from(_TABLE_COMMANDS))
    def test_base64_payload(self, cmd: str) -> None:
        """The base64 of C run by ``base64 -d | sh`` scores at least C."""
        payload = base64.b64encode(cmd.encode()).decode()
        text = f"echo {payload} | base64 -d | sh"
        assert blastradius.score(text).tier >= blastradius.score(cmd).tier

    @given(st.sampled_from(_TABLE_COMMANDS), names)
    def test_quoted_script_in_a_variable(self, cmd: str, name: str) -> None:
        """``V='C'; sh -c "$V"`` scores at least C."""
        text = f'{name}={shlex.quote(cmd)}; sh -c "${name}"'
        assert blastradius.score(text).tier >= blastradius.score(cmd).tier
