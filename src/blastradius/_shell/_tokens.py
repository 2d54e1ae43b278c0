"""
The shell layer's first stage: the table of named token patterns.

Every regular expression the shell layer matches text with is a named
pattern of `Tokens`, each with what it matches; the readers use
`TOKENS`, its one instance. A pattern is compiled the first time it is
used (`functools.cached_property`), so importing the shell layer compiles
nothing: the table is the only state of this module, and it only ever
caches the compiled form of a constant.

The word sets of the grammar (`KEYWORDS`, `SKIP_KEYWORDS`) live here too.
"""

from __future__ import annotations

import re

from functools import cached_property


__all__ = ["KEYWORDS", "SKIP_KEYWORDS", "TOKENS", "Tokens"]

SKIP_KEYWORDS = frozenset(
    (
        "if",
        "then",
        "elif",
        "else",
        "fi",
        "do",
        "done",
        "while",
        "until",
        "{",
        "}",
        "!",
        "esac",
        "coproc",
    )
)
"""Words that are syntax, not commands, when they start a command, and
that only introduce or close one."""

KEYWORDS = SKIP_KEYWORDS | {"for", "select", "case", "function", "[["}
"""Reserved words (and ``[[``) that start or close a compound command."""

# A word of plain characters, '…' and "…" without expansions or escapes:
# one character or one quoted string per step, so no two ways to match
# the same text (no backtracking blow-up).
_FAST_WORD = r"""(?:[^ \t\n'"\\$`;&|()<>]|'[^']*'|"[^"\\$`]*")+"""
_PLAIN_WORD = r"[A-Za-z0-9_./:,@%+=\-]+"
_PLAIN_STAGE = rf"[ \t]*{_PLAIN_WORD}(?:[ \t]+{_PLAIN_WORD})*[ \t]*"


class Tokens:
    """
    The named token patterns, each compiled on first use.

    >>> TOKENS.var.match("HOME/x").group()
    'HOME'
    """

    @cached_property
    def ord(self) -> re.Pattern[str]:
        """
        A run of characters that need no attention: not blank, quote, escape,
        expansion or operator.
        """
        return re.compile(r"[^ \t\n'\"\\$`;&|()<>]+")

    @cached_property
    def dq_ord(self) -> re.Pattern[str]:
        """
        A run of ordinary characters inside ``"…"``.
        """
        return re.compile(r'[^"\\$`]+')

    @cached_property
    def hd_ord(self) -> re.Pattern[str]:
        """
        A run of ordinary characters in an unquoted heredoc body.
        """
        return re.compile(r"[^\\$`]+")

    @cached_property
    def blank(self) -> re.Pattern[str]:
        """
        Blanks, line continuations and ``$IFS``: what separates words.
        """
        return re.compile(r"(?:[ \t]+|\\\n|\$IFS(?![A-Za-z0-9_])|\$\{IFS\})+")

    @cached_property
    def globby(self) -> re.Pattern[str]:
        """
        A glob or brace-expansion character in a word (``*``, ``?``, ``[…]``,
        ``{a,b}``, ``{1..3}``).
        """
        return re.compile(r"[*?]|\[[^\]]*\]|\{[^{}]*(?:,|\.\.)[^{}]*\}")

    @cached_property
    def brace_word(self) -> re.Pattern[str]:
        """
        A word with one ``{a,b}`` brace expansion: prefix, items, suffix.
        """
        return re.compile(r"([^{},]*)\{([^{}]*,[^{}]*)\}([^{}]*)")

    @cached_property
    def var(self) -> re.Pattern[str]:
        """
        The name after ``$``: a variable or a special parameter.
        """
        return re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-]")

    @cached_property
    def assign(self) -> re.Pattern[str]:
        """
        The start of an assignment word: ``NAME=``, ``NAME+=``, ``NAME[i]=``.
        """
        return re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=")

    @cached_property
    def ansi_body(self) -> re.Pattern[str]:
        """
        The rest of a ``$'…'`` string, through its closing quote.
        """
        return re.compile(r"[^'\\]*(?:\\.[^'\\]*)*'", re.DOTALL)

    @cached_property
    def bq_body(self) -> re.Pattern[str]:
        """
        The rest of a backtick substitution, through its closing backtick.
        """
        return re.compile(r"[^`\\]*(?:\\.[^`\\]*)*`", re.DOTALL)

    @cached_property
    def bq_unescape(self) -> re.Pattern[str]:
        """
        The escapes a backtick body loses when it is read.
        """
        return re.compile(r"\\([$`\\])")

    @cached_property
    def bq_unescape_dq(self) -> re.Pattern[str]:
        """
        The same inside double quotes (``\"`` too).
        """
        return re.compile(r'\\([$`\\"])')

    @cached_property
    def param_ord(self) -> re.Pattern[str]:
        """
        A run of ordinary characters inside ``${…}``.
        """
        return re.compile(r"[^{}$`'\"\\]+")

    @cached_property
    def arith_ord(self) -> re.Pattern[str]:
        """
        A run of ordinary characters inside ``$((…))``.
        """
        return re.compile(r"[^()$`'\"\\]+")

    @cached_property
    def escapes(self) -> re.Pattern[str]:
        """
        A run of backslash escapes (not a line continuation).
        """
        return re.compile(r"(?:\\[^\n])+")

    @cached_property
    def simple_vars(self) -> re.Pattern[str]:
        """
        A run of plain ``$NAME`` expansions not followed by a quote or a
        bracket.
        """
        return re.compile(
            r"(?:\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-]))+(?![({'\"])"
        )

    @cached_property
    def idle(self) -> re.Pattern[str]:
        """
        What may be skipped between commands: blanks, ``;``, ``&`` (not
        ``&>``), newlines and keywords that only introduce or close commands.
        """
        return re.compile(
            r"(?:[ \t\n;]|\\\n|&(?!>)|\$IFS(?![A-Za-z0-9_])|\$\{IFS\}|"
            r"(?:if|then|elif|else|fi|do|done|while|until|[{}!]|coproc)"
            r"(?=[ \t\n;&|()<>]|$))+"
        )

    @cached_property
    def idle_group(self) -> re.Pattern[str]:
        """
        The same inside a ``{ … }`` function body, whose braces are read as
        delimiters.
        """
        return re.compile(
            r"(?:[ \t\n;]|\\\n|&(?!>)|\$IFS(?![A-Za-z0-9_])|\$\{IFS\}|"
            r"(?:if|then|elif|else|fi|do|done|while|until|!|coproc)"
            r"(?=[ \t\n;&|()<>]|$))+"
        )

    @cached_property
    def function_gap(self) -> re.Pattern[str]:
        """
        Between ``name ()`` and the function's body: blanks, line
        continuations, newlines and comments.
        """
        return re.compile(r"(?:[ \t\n]|\\\n|#[^\n]*)*")

    @cached_property
    def newlines(self) -> re.Pattern[str]:
        """
        Blank lines.
        """
        return re.compile(r"[ \t\n]+")

    @cached_property
    def fd(self) -> re.Pattern[str]:
        """
        A file descriptor number before a redirection operator.
        """
        return re.compile(r"[0-9]+(?=[<>])")

    @cached_property
    def redir_op(self) -> re.Pattern[str]:
        """
        A redirection operator.
        """
        return re.compile(r"<<<|<<-|<<|<>|<&|<|>>|>&|>\||>")

    @cached_property
    def redir_plain(self) -> re.Pattern[str]:
        """
        A redirection operator (``&>`` and ``&>>`` too), blanks and a
        target of plain characters that ends there: the operator and the
        target.
        """
        return re.compile(
            r"(&>>|&>|<<<|<<-|<<|<>|<&|<|>>|>&|>\||>)[ \t]*"
            r"([A-Za-z0-9_./:,@%+=\-]+)(?=[ \t\n;&|)<>]|$)"
        )

    @cached_property
    def operator(self) -> re.Pattern[str]:
        """
        A control operator (``;``, ``&&``, ``|``, ``;;`` …) or ``&>``.
        """
        return re.compile(r";;&|;;|;&|;|&&|&>>|&>|&|\|\||\|&|\|")

    @cached_property
    def plain_words(self) -> re.Pattern[str]:
        """
        A run of plain words.
        """
        return re.compile(
            r"[A-Za-z0-9_./:,@%+=\-]+(?:[ \t]+[A-Za-z0-9_./:,@%+=\-]+)*"
        )

    @cached_property
    def run_end(self) -> re.Pattern[str]:
        """
        After a run of plain words: an operator that ends the command (not
        a redirection), or the end.
        """
        return re.compile(r"[ \t]*(?:[\n;&|)]|$)")

    @cached_property
    def flat_split(self) -> re.Pattern[str]:
        """
        The flat fallback's command separators.
        """
        return re.compile(r"(?:[;&|()\n`<>{}]|\$\(|\$\{|\$IFS|\\\n)+")

    @cached_property
    def flat_strip(self) -> re.Pattern[str]:
        """
        Quoting characters the flat fallback drops.
        """
        return re.compile(r"['\"\\$]")

    @cached_property
    def one_var(self) -> re.Pattern[str]:
        """
        One ``$NAME`` expansion.
        """
        return re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])")

    @cached_property
    def ifs_split(self) -> re.Pattern[str]:
        """
        What the default IFS splits on.
        """
        return re.compile(r"[ \t\n]+")

    @cached_property
    def ifs_char(self) -> re.Pattern[str]:
        """
        One default IFS character.
        """
        return re.compile(r"[ \t\n]")

    @cached_property
    def glob_any(self) -> re.Pattern[str]:
        """
        A pathname-expansion character.
        """
        return re.compile(r"[*?\[]")

    @cached_property
    def split_or_glob(self) -> re.Pattern[str]:
        """
        A character that splits or globs an unquoted expansion.
        """
        return re.compile(r"[ \t\n*?\[]")

    @cached_property
    def name(self) -> re.Pattern[str]:
        """
        A variable name.
        """
        return re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

    @cached_property
    def param_simple(self) -> re.Pattern[str]:
        """
        ``${NAME}``, ``${NAME-word}``, ``${NAME:-word}`` with a plain word.
        """
        return re.compile(
            r"([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([A-Za-z0-9_./:,@%+=-]*))?"
        )

    @cached_property
    def param_effect(self) -> re.Pattern[str]:
        """
        A ``${…}`` operator that assigns (``=``, ``[``, ``++``, ``--``).
        """
        return re.compile(r"[=\[]|\+\+|--")

    @cached_property
    def arith_effect(self) -> re.Pattern[str]:
        """
        An arithmetic operator that assigns.
        """
        return re.compile(r"=|\+\+|--")

    @cached_property
    def idle_words(self) -> re.Pattern[str]:
        """
        Keywords and ``{`` ``}`` ``&`` in a run `idle` skipped.
        """
        return re.compile(r"\$\{IFS\}|\$IFS|([a-z]+|[{}&])")

    @cached_property
    def name_eq(self) -> re.Pattern[str]:
        """
        A ``NAME=`` operand of ``env``/``sudo``.
        """
        return re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")

    @cached_property
    def split_token(self) -> re.Pattern[str]:
        """
        ``env -S`` tokens: blanks, a one-character operator, or a word.
        """
        return re.compile(
            r"""(?P<blank>(?:[ \t]|\\\n)+)|(?P<op>[;&|()<>\n])|"""
            r"""(?P<word>(?:[^ \t\n'"\\;&|()<>]+"""
            r"""|'[^']*'|"(?:[^"\\]|\\.)*"|\\.)+)""",
            re.DOTALL,
        )

    @cached_property
    def split_unquote(self) -> re.Pattern[str]:
        """
        ``env -S`` quoting: ``'…'``, ``"…"``, a backslash escape.
        """
        return re.compile(
            r"""'([^']*)'|"((?:[^"\\]|\\.)*)"|\\(.)""", re.DOTALL
        )

    @cached_property
    def dq_escape(self) -> re.Pattern[str]:
        """
        A backslash escape inside ``"…"``.
        """
        return re.compile(r'\\([$`"\\\n])')

    @cached_property
    def ansi(self) -> re.Pattern[str]:
        """
        A backslash escape of ``$'…'`` and ``echo -e``.
        """
        return re.compile(
            r"\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|"
            r"[0-7]{1,3}|c.|.)",
            re.DOTALL,
        )

    @cached_property
    def echo_flags(self) -> re.Pattern[str]:
        """
        ``echo``'s options.
        """
        return re.compile(r"-[neE]+")

    @cached_property
    def printf_spec(self) -> re.Pattern[str]:
        """
        A ``printf`` conversion.
        """
        return re.compile(r"%(?:%|[-+ #0]*[0-9]*(?:\.[0-9]*)?([sbdiqcuxXo]))")

    @cached_property
    def base64_text(self) -> re.Pattern[str]:
        """
        Valid base64 text.
        """
        return re.compile(
            r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"
        )

    @cached_property
    def fast_plain(self) -> re.Pattern[str]:
        """
        Plain words and blanks only.
        """
        return re.compile(r"[A-Za-z0-9_./:,@%+=\- \t]*")

    @cached_property
    def fast_pipeline(self) -> re.Pattern[str]:
        """
        One pipeline of commands of plain and simply quoted words.
        """
        words = rf"{_FAST_WORD}(?:[ \t]+{_FAST_WORD})*"
        return re.compile(rf"[ \t]*{words}(?:[ \t]*\|[ \t]*{words})*[ \t]*")

    @cached_property
    def fast_reject(self) -> re.Pattern[str]:
        """
        A character out of quotes that `fast_pipeline` never matches
        (besides the quotes themselves).
        """
        return re.compile(r"[\n\\$`;&()<>]")

    @cached_property
    def fast_word(self) -> re.Pattern[str]:
        """
        A word of plain characters and simple quotes, or a ``|``.
        """
        return re.compile(rf"\||{_FAST_WORD}")

    @cached_property
    def fast_quoted(self) -> re.Pattern[str]:
        """
        A simply quoted string, its body captured.
        """
        return re.compile("'([^']*)'|\"([^\"]*)\"")

    @cached_property
    def fast_quoted_piece(self) -> re.Pattern[str]:
        """
        A simply quoted string.
        """
        return re.compile("'[^']*'|\"[^\"]*\"")

    @cached_property
    def fast_glob_chars(self) -> re.Pattern[str]:
        """
        A character that may glob or brace-expand.
        """
        return re.compile(r"[*?\[{~]")

    @cached_property
    def plain_script(self) -> re.Pattern[str]:
        """
        A script of plain words, blanks, ``;``, newlines and ``|``.
        """
        return re.compile(r"[A-Za-z0-9_./:,@%+=\- \t\n;|]*")

    @cached_property
    def plain_split(self) -> re.Pattern[str]:
        """
        Separators between plain pipelines.
        """
        return re.compile(r"[;\n]+")

    @cached_property
    def plain_pipeline(self) -> re.Pattern[str]:
        """
        One pipeline of plain words.
        """
        return re.compile(rf"{_PLAIN_STAGE}(?:\|{_PLAIN_STAGE})*")

    @cached_property
    def dialects_differ(self) -> re.Pattern[str]:
        """
        A construct bash and POSIX ``sh`` read differently: ``((`` (not
        ``$((``), ``$'`` and ``$"``.
        """
        return re.compile(r"(?<!\$)\(\(|\$['\"]")


TOKENS = Tokens()
"""The table every reader of the shell layer matches with."""
