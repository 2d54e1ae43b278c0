"""
Hypothesis strategies for the shell layer, built from its real tables.
"""

from __future__ import annotations

from hypothesis import strategies as st

from blastradius._shell._wrappers import WRAPPERS, Wrapper


__all__ = [
    "SEPARATORS",
    "plain_words",
    "quote_noise",
    "shell_text",
    "simple_argv",
    "wrap",
    "wrapper_rows",
]

SEPARATORS = (";", "&", "&&", "||", "|", "|&", "\n")
"""Every operator that separates two commands."""

_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_./:=,@%+"
_PROGRAMS = (
    "rm",
    "ls",
    "kubectl",
    "echo",
    "cat",
    "psql",
    "dd",
    "mkfs",
    "chmod",
    "git",
    "helm",
    "terraform",
)

wrapper_rows = st.sampled_from(WRAPPERS)
"""Every row of the real wrapper table."""

plain_words = st.text(_WORD_CHARS, min_size=1, max_size=8).filter(
    lambda w: not w.startswith("-") and "=" not in w
)
"""Words that need no quoting and are not options or assignments."""


@st.composite
def simple_argv(draw: st.DrawFn) -> tuple[str, ...]:
    """A command with a known program and plain arguments."""
    program = draw(st.sampled_from(_PROGRAMS))
    args = draw(
        st.lists(
            st.one_of(plain_words, st.sampled_from(("-rf", "-n", "--all"))),
            max_size=4,
        )
    )
    return (program, *args)


def wrap(row: Wrapper, argv: tuple[str, ...]) -> str:
    """
    Shell text that runs *argv* (plain words) through wrapper *row*.
    """
    name = row.names[0]
    cmd = " ".join(argv)
    texts = {
        "argv": f"{name} {cmd}",
        "join": f"{name} {cmd}",
        "shell": f"{name} -c '{cmd}'",
        "su": f"{name} -c '{cmd}'",
        "find": f"{name} . -exec {cmd} {{}} +",
        "parallel": f"{name} {cmd} ::: a b",
        "subcommand": f"{name} exec pod -- {cmd}",
    }
    text = texts[row.kind]
    if row.positionals and row.kind in ("argv", "join"):
        text = f"{name} 5 {cmd}"
    if row.names[0] == "runuser":
        text = f"{name} -u nobody -- {cmd}"
    if row.names[0] in ("docker", "nerdctl", "podman"):
        text = f"{name} exec ctr {cmd}"
    return text


@st.composite
def quote_noise(draw: st.DrawFn, word: str) -> str:
    """
    *word* spelled with quotes and backslashes bash removes.
    """
    out: list[str] = []
    for ch in word:
        how = draw(st.integers(0, 5))
        if how == 1:
            out.append(f"'{ch}'")
        elif how == 2:
            out.append(f'"{ch}"')
        elif how == 3:
            out.append(f"\\{ch}")
        elif how == 4:
            out.append(f"{ch}''")
        elif how == 5:
            out.append(f"$'{ch}'")
        else:
            out.append(ch)
    return "".join(out)


_FRAGMENTS = (
    "'",
    '"',
    "\\",
    "$(",
    ")",
    "`",
    "${",
    "}",
    "<<EOF\n",
    "EOF\n",
    "|",
    "&&",
    ";",
    "\n",
    "(",
    "{ ",
    " }",
    "case x in ",
    "a) ",
    ";; ",
    "esac",
    "if ",
    "then ",
    "fi",
    "for x in a; do ",
    "done",
    "$'\\x72m'",
    "$IFS",
    "<(",
    ">",
    "2>&1",
    "<<<",
    "#",
    "rm -rf /",
    "sudo ",
    "bash -c ",
    "kubectl exec p -- ",
    "xargs ",
    "eval ",
    "\0",
    "\ud800",
)

shell_text = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.one_of(st.sampled_from(_FRAGMENTS), plain_words, st.just(" ")),
        max_size=25,
    ).map("".join),
)
"""Arbitrary text, and text built from shell syntax fragments."""
