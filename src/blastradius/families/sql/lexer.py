"""
A small, linear-time SQL lexer of our own, aware of the client it feeds.

It turns the text a SQL client would send into statements of tokens, the
way the server (and the client in front of it) reads them:

- comments: ``--`` (in MySQL only when followed by white space), ``#``
  (MySQL, ClickHouse), ``/* */`` (nested in PostgreSQL);
- MySQL executable comments ``/*! … */``, ``/*!50000 … */`` and MariaDB's
  ``/*M! … */``: their *content is lexed as SQL*, since MySQL runs it;
- quoted identifiers (``"…"``, backticks, ``[…]``), string literals (``''``
  doubling, backslash escapes where the dialect has them, ``E'…'``),
  dollar quoting (``$$…$$``, ``$tag$…$tag$``);
- several statements per text, split on ``;`` outside quotes (or the
  delimiter set by the MySQL client's ``DELIMITER``);
- client commands: psql's backslash meta-commands, the MySQL client's
  ``\\!``/``system``/``source``, sqlite3's dot-commands. Each becomes a
  statement of its own with *meta* set.

Keywords are upper-cased, so case never matters, and a comment between two
words only separates them, so ``drop/**/table`` is ``DROP TABLE``.

The lexer never raises and never recurses; it walks the text once.

>>> [t.key for t in lex("drop/**/table users", PG).statements[0].tokens]
['DROP', 'TABLE', 'USERS']
"""

from __future__ import annotations

import re

from typing import NamedTuple

import attrs


__all__ = [
    "CLICKHOUSE",
    "COCKROACH",
    "GENERIC",
    "MYSQL",
    "PG",
    "SQLITE",
    "Dialect",
    "Lexed",
    "Statement",
    "Token",
    "lex",
]


@attrs.frozen
class Dialect:
    """
    How one SQL client and its server read text.
    """

    name: str
    hash_comments: bool = False
    nested_comments: bool = False
    executable_comments: bool = False
    backslash_escapes: bool = False
    dollar_quotes: bool = False
    bracket_idents: bool = False
    dash_needs_space: bool = False
    meta: str = ""
    """Client commands: ``"psql"``, ``"mysql"``, ``"sqlite"`` or ``""``."""


PG = Dialect(
    "postgresql", nested_comments=True, dollar_quotes=True, meta="psql"
)
MYSQL = Dialect(
    "mysql",
    hash_comments=True,
    executable_comments=True,
    backslash_escapes=True,
    dash_needs_space=True,
    meta="mysql",
)
SQLITE = Dialect("sqlite", bracket_idents=True, meta="sqlite")
CLICKHOUSE = Dialect(
    "clickhouse", hash_comments=True, nested_comments=True,
    backslash_escapes=True,
)  # fmt: skip
COCKROACH = Dialect("cockroachdb", nested_comments=True, dollar_quotes=True)
GENERIC = Dialect("sql", dollar_quotes=True, bracket_idents=True)


class Token(NamedTuple):
    """
    One token: *kind* is ``word``, ``qident`` (a quoted identifier,
    unquoted), ``string`` (its value), ``number``, ``param`` (``$1``,
    ``?``, ``:name``, psql ``:'var'``) or ``op``; *text* is as written,
    *key* is the upper-cased text of a word (``""`` for other kinds).
    """

    kind: str
    text: str
    key: str = ""


class Statement(NamedTuple):
    """
    One statement's tokens, or a client command when *meta* is set (its
    name such as ``"\\\\!"``, ``"\\\\copy"``, ``".shell"``, ``"source"``,
    with *arg* the rest of its line).
    """

    tokens: tuple[Token, ...] = ()
    meta: str = ""
    arg: str = ""


@attrs.frozen
class Lexed:
    """
    The statements of a text and what could not be finished (an
    unterminated string, comment or quoted identifier).
    """

    statements: tuple[Statement, ...]
    errors: tuple[str, ...] = ()


_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d][\w$]*")
_NUMBER = re.compile(r"0[xX][0-9A-Fa-f]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_DOLLAR_TAG = re.compile(r"\$(?:[^\W\d]\w*)?\$")
_DOLLAR_PARAM = re.compile(r"\$\d+")
_COLON_PARAM = re.compile(r":(?:[^\W\d][\w]*|'[^'\n]*'|\"[^\"\n]*\")")
_EXEC_OPEN = re.compile(r"/\*M?!\d{0,6}")
_OPS = ("<=>", "->>", "::", "<>", "!=", "<=", ">=", "||", "->", "=>", ":=")
_META_NAME = re.compile(r"\\(?:[A-Za-z_][\w+]*|.)", re.DOTALL)
_DOT_NAME = re.compile(r"\.[A-Za-z_]\w*")
_DELIMITER = re.compile(r"delimiter[ \t]+(\S+)[^\n]*", re.IGNORECASE)
_MYSQL_LONG = re.compile(
    r"(system|source|pager|edit|connect|use|tee|charset)\b[ \t]*([^\n]*)",
    re.IGNORECASE,
)
# psql meta-commands whose whole remaining line is their argument.
_WHOLE_LINE = frozenset({"\\!", "\\copy"})
# MySQL client short commands that take the rest of the line.
_MYSQL_LINE = frozenset({"\\!", "\\.", "\\P", "\\T", "\\u", "\\C", "\\R"})
_MYSQL_NAMES = {
    "\\!": "system",
    "\\.": "source",
    "\\P": "pager",
    "\\T": "tee",
    "\\u": "use",
    "\\C": "charset",
    "\\R": "prompt",
    "\\e": "edit",
}


class _State:
    """
    The mutable cursor of one `lex` call (local, never shared).
    """

    __slots__ = (
        "delim",
        "dialect",
        "errors",
        "i",
        "in_exec",
        "statements",
        "text",
        "tokens",
    )

    def __init__(self, text: str, dialect: Dialect) -> None:
        self.text = text
        self.dialect = dialect
        self.i = 0
        self.tokens: list[Token] = []
        self.statements: list[Statement] = []
        self.errors: list[str] = []
        self.in_exec = False
        self.delim = ";"

    def flush(self) -> None:
        if self.tokens:
            self.statements.append(Statement(tuple(self.tokens)))
            self.tokens = []

    def meta(self, name: str, arg: str) -> None:
        self.flush()
        self.statements.append(Statement(meta=name, arg=arg.strip()))

    def at_line_start(self) -> bool:
        """
        Whether only white space precedes the cursor on its line and no
        statement is pending.
        """
        if self.tokens:
            return False
        j = self.i - 1
        while j >= 0 and self.text[j] in " \t\r\f\v":
            j -= 1
        return j < 0 or self.text[j] in "\n;"

    def line_end(self, start: int) -> int:
        end = self.text.find("\n", start)
        return len(self.text) if end == -1 else end


def lex(text: str, dialect: Dialect = GENERIC) -> Lexed:
    """
    Split *text* into statements of tokens as *dialect* reads it.

    >>> d = lex("SELECT 1; /*! DROP TABLE t */", MYSQL)
    >>> [[t.text for t in s.tokens] for s in d.statements]
    [['SELECT', '1'], ['DROP', 'TABLE', 't']]
    """
    st = _State(text, dialect)
    n = len(text)
    match = _TOKEN.match
    tokens = st.tokens
    while st.i < n:
        if st.delim != ";":
            _slow_step(st)
            tokens = st.tokens
            continue
        m = match(text, st.i)
        if m is None:  # pragma: no cover - the last branch matches any char
            break
        group = m.lastgroup
        if group == "word":
            word = m.group(group)
            if tokens or not _maybe_command(word, dialect):
                if word in {"E", "e"} and text.startswith("'", m.end()):
                    st.i = m.end()
                    _string(st, st.i, backslash=True)
                    tokens = st.tokens
                    continue
                tokens.append(Token("word", word, word.upper()))
                st.i = m.end()
                continue
        elif group == "num":
            tokens.append(Token("number", m.group(group)))
            st.i = m.end()
            continue
        elif group == "op":
            tokens.append(Token("op", m.group(group)))
            st.i = m.end()
            continue
        elif group == "semi":
            if tokens:
                st.statements.append(Statement(tuple(tokens)))
                tokens = st.tokens = []
            st.i = m.end()
            continue
        elif group == "end" or group is None:
            st.i = n
            break
        st.i = m.start(group)
        _step(st)
        tokens = st.tokens
    st.flush()
    if st.in_exec:
        st.errors.append("unterminated executable comment")
    return Lexed(tuple(st.statements), tuple(st.errors))


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<word>[^\W\d][\w$]*)
    | (?P<num>0[xX][0-9A-Fa-f]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<semi>;)
    | (?P<special>--|/\*|\*/|['"`\[$:\\\#.?])
    | (?P<op><=>|->>|<>|!=|<=|>=|\|\||->|=>|[^\s])
    | (?P<end>\Z)
    )""",
    re.VERBOSE | re.DOTALL,
)
_COMMAND_WORDS = frozenset(
    {"delimiter", "system", "source", "pager", "edit", "connect", "use"}
    | {"tee", "charset"}
)


def _maybe_command(word: str, dialect: Dialect) -> bool:
    """
    Whether *word*, first on its statement, may be a MySQL client command.
    """
    return dialect.meta == "mysql" and word.lower() in _COMMAND_WORDS


def _slow_step(st: _State) -> None:
    m = _WS.match(st.text, st.i)
    if m:
        st.i = m.end()
        return
    _step(st)


def _step(st: _State) -> None:
    text, i, d = st.text, st.i, st.dialect
    c = text[i]
    if st.delim != ";" and text.startswith(st.delim, i):
        st.flush()
        st.i = i + len(st.delim)
        return
    if c == ";" and st.delim == ";":
        st.flush()
        st.i = i + 1
        return
    if _client_command(st):
        return
    if c == "-" and text.startswith("--", i):
        after = text[i + 2 : i + 3]
        if not d.dash_needs_space or not after or after.isspace():
            st.i = st.line_end(i)
            return
    if c == "#" and d.hash_comments:
        st.i = st.line_end(i)
        return
    if c == "/" and text.startswith("/*", i):
        _block_comment(st)
        return
    if c == "*" and st.in_exec and text.startswith("*/", i):
        st.in_exec = False
        st.i = i + 2
        return
    if c == "'":
        _string(st, i, backslash=d.backslash_escapes)
        return
    if c == '"':
        _quoted(st, i, '"', "string" if d.meta == "mysql" else "qident")
        return
    if c == "`":
        _quoted(st, i, "`", "qident")
        return
    if c == "[" and d.bracket_idents:
        end = text.find("]", i + 1)
        if end == -1:
            st.errors.append("unterminated [identifier]")
            end = len(text)
        st.tokens.append(Token("qident", text[i + 1 : end]))
        st.i = end + 1
        return
    if c == "$" and _dollar(st):
        return
    if c == ":" and not text.startswith("::", i):
        m = _COLON_PARAM.match(text, i)
        if m:
            st.tokens.append(Token("param", m.group()))
            st.i = m.end()
            return
    m = _WORD.match(text, i)
    if m:
        word = m.group()
        end = m.end()
        if word in {"E", "e"} and text.startswith("'", end):
            _string(st, end, backslash=True)
            return
        st.tokens.append(Token("word", word, word.upper()))
        st.i = end
        return
    m = _NUMBER.match(text, i)
    if m:
        st.tokens.append(Token("number", m.group()))
        st.i = m.end()
        return
    if c == "?":
        st.tokens.append(Token("param", "?"))
        st.i = i + 1
        return
    for op in _OPS:
        if text.startswith(op, i):
            st.tokens.append(Token("op", op))
            st.i = i + len(op)
            return
    st.tokens.append(Token("op", c))
    st.i = i + 1


def _client_command(st: _State) -> bool:
    """
    Lex a client command at the cursor, if there is one.
    """
    text, i, d = st.text, st.i, st.dialect
    c = text[i]
    if d.meta == "psql" and c == "\\":
        m = _META_NAME.match(text, i)
        name = m.group() if m else "\\"
        start = i + len(name)
        end = st.line_end(start)
        if name == "\\\\":
            st.flush()
            st.i = start
            return True
        if name not in _WHOLE_LINE:
            nxt = text.find("\\", start, end)
            if nxt != -1:
                end = nxt
        st.meta(name, text[start:end])
        st.i = end
        return True
    if d.meta == "mysql":
        if c == "\\" and i + 1 < len(text):
            name = text[i : i + 2]
            start = i + 2
            end = st.line_end(start) if name in _MYSQL_LINE else start
            if name in {"\\g", "\\G", "\\;"}:
                st.flush()
            else:
                st.meta(_MYSQL_NAMES.get(name, name), text[start:end])
            st.i = end
            return True
        if c in "dDsSpPeEcCuUtT" and st.at_line_start():
            m = _DELIMITER.match(text, i)
            if m:
                st.delim = m.group(1)
                st.i = m.end()
                return True
            m = _MYSQL_LONG.match(text, i)
            if m and not _is_sql_use(m):
                st.meta(m.group(1).lower(), m.group(2))
                st.i = m.end()
                return True
    if d.meta == "sqlite" and c == "." and st.at_line_start():
        m = _DOT_NAME.match(text, i)
        if m:
            end = st.line_end(m.end())
            st.meta(m.group().lower(), text[m.end() : end])
            st.i = end
            return True
    return False


def _is_sql_use(m: re.Match[str]) -> bool:
    """
    ``USE db;`` is also SQL; leave it to the SQL lexer when it ends in a
    semicolon.
    """
    return m.group(1).lower() == "use" and m.group(2).rstrip().endswith(";")


def _block_comment(st: _State) -> None:
    text, i, d = st.text, st.i, st.dialect
    if d.executable_comments and not st.in_exec:
        m = _EXEC_OPEN.match(text, i)
        if m:
            st.in_exec = True
            st.i = m.end()
            return
    if not d.nested_comments:
        end = text.find("*/", i + 2)
        if end == -1:
            st.errors.append("unterminated comment")
            st.i = len(text)
        else:
            st.i = end + 2
        return
    depth = 0
    j = i
    n = len(text)
    while j < n:
        if text.startswith("/*", j):
            depth += 1
            j += 2
        elif text.startswith("*/", j):
            depth -= 1
            j += 2
            if depth == 0:
                st.i = j
                return
        else:
            nxt_open = text.find("/*", j)
            nxt_close = text.find("*/", j)
            if nxt_close == -1:
                break
            j = nxt_close if nxt_open == -1 else min(nxt_open, nxt_close)
    st.errors.append("unterminated comment")
    st.i = n


_SQ_BACKSLASH = re.compile(r"'((?:[^'\\]|\\.|'')*)'", re.DOTALL)
_BACKSLASH_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b"}


def _string(st: _State, i: int, *, backslash: bool) -> None:
    text = st.text
    if backslash:
        m = _SQ_BACKSLASH.match(text, i)
    else:
        end = i + 1
        n = len(text)
        while True:
            end = text.find("'", end)
            if end == -1 or end + 1 >= n or text[end + 1] != "'":
                break
            end += 2
        m = None
        if end != -1:
            value = text[i + 1 : end].replace("''", "'")
            st.tokens.append(Token("string", value))
            st.i = end + 1
            return
    if m is None:
        st.errors.append("unterminated string")
        st.tokens.append(Token("string", text[i + 1 :]))
        st.i = len(text)
        return
    value = m.group(1).replace("''", "'")
    if backslash:
        value = _BACKSLASH_ESCAPE.sub(
            lambda e: _ESCAPES.get(e.group(1), e.group(1)), value
        )
    st.tokens.append(Token("string", value))
    st.i = m.end()


def _quoted(st: _State, i: int, quote: str, kind: str) -> None:
    text = st.text
    n = len(text)
    end = i + 1
    while True:
        end = text.find(quote, end)
        if end == -1:
            st.errors.append(f"unterminated {quote}quote{quote}")
            st.tokens.append(Token(kind, text[i + 1 :]))
            st.i = n
            return
        if end + 1 < n and text[end + 1] == quote:
            end += 2
            continue
        break
    st.tokens.append(Token(kind, text[i + 1 : end].replace(quote * 2, quote)))
    st.i = end + 1


def _dollar(st: _State) -> bool:
    text, i, d = st.text, st.i, st.dialect
    m = _DOLLAR_PARAM.match(text, i)
    if m:
        st.tokens.append(Token("param", m.group()))
        st.i = m.end()
        return True
    if not d.dollar_quotes:
        return False
    m = _DOLLAR_TAG.match(text, i)
    if not m:
        return False
    tag = m.group()
    end = text.find(tag, m.end())
    if end == -1:
        st.errors.append("unterminated dollar quote")
        st.tokens.append(Token("string", text[m.end() :]))
        st.i = len(text)
        return True
    st.tokens.append(Token("string", text[m.end() : end]))
    st.i = end + len(tag)
    return True
