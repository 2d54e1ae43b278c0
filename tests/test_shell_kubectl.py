"""
The shell layer's kubectl unwrapping reads the kubectl family's grammar:
where ``kubectl exec|debug|run|create …`` starts the command it runs, and
whether it runs one, agree with `parse_kubectl` over the real tables.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from hypothesis import given
from hypothesis import strategies as st

from blastradius._model import SimpleCommand
from blastradius._shell._unwrap import Env, unwrap
from blastradius._shell._wrappers import (
    WRAPPERS_BY_NAME,
    Subcommand,
    Wrapper,
    grammar_options,
)
from blastradius.families.kubectl.grammar import parse_kubectl, value_flags


_KUBECTL = WRAPPERS_BY_NAME["kubectl"]

# Each subcommand row, the path it is written with and its grammar's path.
_ROWS = [(sub, sub.grammar_path) for sub in _KUBECTL.subs]

# Flags that take no value word in kubectl's grammar (checked below);
# ``--command`` only at ``run`` (elsewhere the grammar's table, one for
# all commands, has it take a value).
_BOOLEAN = ("-i", "-t", "-q", "--stdin", "--tty", "--quiet")


def _booleans(path: tuple[str, ...]) -> tuple[str, ...]:
    return (*_BOOLEAN, "--command") if path == ("run",) else _BOOLEAN


_WORD = st.text(alphabet="abcxyz0189./:", min_size=1, max_size=6)


@st.composite
def _flags(draw: st.DrawFn, path: tuple[str, ...]) -> list[str]:
    """Flags of *path* in every form, values from kubectl's own table."""
    longs, shorts = value_flags(path)
    out: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(("long", "long=", "short", "bool")))
        value = draw(_WORD)
        if kind == "long":
            out += [draw(st.sampled_from(sorted(longs))), value]
        elif kind == "long=":
            out.append(f"{draw(st.sampled_from(sorted(longs)))}={value}")
        elif kind == "short":
            out += [f"-{draw(st.sampled_from(sorted(shorts)))}", value]
        else:
            out.append(draw(st.sampled_from(_booleans(path))))
    return out


@st.composite
def _calls(draw: st.DrawFn) -> tuple[str, tuple[str, ...], list[str]]:
    """``kubectl FLAGS PATH FLAGS NAME FLAGS -- CMD…`` for one row."""
    sub, path = draw(st.sampled_from(_ROWS))
    assert path is not None
    argv = ["kubectl", *draw(_flags(()))]
    argv += [*path, *draw(_flags(path)), draw(_WORD), *draw(_flags(path))]
    command = draw(st.lists(_WORD, min_size=1, max_size=3))
    return sub.via, path, [*argv, "--", *command]


class TestKubectlGrammar:
    """
    The kubectl wrapper rows take their option tables from the kubectl
    family's grammar, and read an argv as `parse_kubectl` does.
    """

    @pytest.mark.parametrize(("via", "path"), [(s.via, p) for s, p in _ROWS])
    def test_tables_are_the_grammars(
        self, via: str, path: tuple[str, ...]
    ) -> None:
        """
        Every kubectl row's value-taking options are the grammar's at its
        path (globals included), and the booleans used here take none.
        """
        (sub,) = [s for s in _KUBECTL.subs if s.via == via]
        longs, shorts = value_flags(path)
        assert _KUBECTL.options(sub) == ("".join(sorted(shorts)), longs)
        assert _KUBECTL.global_options() == grammar_options("kubectl", ())
        assert not sub.long_values
        assert not sub.short_values
        for flag in _booleans(path):
            call = parse_kubectl(["kubectl", *path, flag, "x"])
            assert call.problems == (), flag
            assert call.args[-1:] == ("x",), flag

    @given(_calls())
    def test_unwrapping_agrees_with_parse_kubectl(
        self, case: tuple[str, tuple[str, ...], list[str]]
    ) -> None:
        """
        For any call of a wrapping subcommand with flags from the real
        tables, the grammar reads the row's path, and the shell runs what
        follows ``--`` (its ``exec_argv``) with the row's ``via``, unless
        the grammar sees a dry run (then nothing runs).
        """
        via, path, argv = case
        call = parse_kubectl(argv)
        assert call.path == path
        found = unwrap(argv, [False] * len(argv), Env()).found
        inner = [
            f.argv
            for f in found
            if isinstance(f, SimpleCommand) and via in f.via
        ]
        if call.dry_run:
            assert inner == []
        else:
            assert tuple(call.exec_argv) in inner

    def test_unknown_grammar(self) -> None:
        """
        Only kubectl has a grammar the shell reads, and a row reading one
        names the path of each of its subcommands.
        """
        with pytest.raises(ValueError, match="no grammar"):
            grammar_options("helm", ())
        with pytest.raises(ValueError, match="grammar 'helm'"):
            Wrapper(names=("helm",), via="helm", grammar="helm")
        with pytest.raises(ValueError, match="grammar_path"):
            Wrapper(
                names=("k",),
                via="k",
                kind="subcommand",
                grammar="kubectl",
                subs=(Subcommand(path=("exec",), via="k exec"),),
            )


class TestLazyFamily:
    """Importing the shell layer does not load the kubectl family."""

    def test_not_loaded(self) -> None:
        """
        ``import blastradius._shell`` and reading a plain command leave the
        kubectl family unloaded; unwrapping ``kubectl exec`` loads it.
        """
        code = (
            "import sys; from blastradius import _shell; "
            "_shell.parse('sudo ls -l'); "
            "a = 'blastradius.families.kubectl.grammar' in sys.modules; "
            "_shell.parse('kubectl exec -n x pod -- ls'); "
            "b = 'blastradius.families.kubectl.grammar' in sys.modules; "
            "print(a, b)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        assert out == ["False", "True"]
