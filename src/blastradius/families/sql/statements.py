"""
SQL statements: classify the statements of a SQL text (lexed by
`blastradius.families.sql.lexer` in the client's dialect) through the
tables of `blastradius.families.sql.rules`.

Shell commands a statement runs (psql ``\\!``, ``COPY … TO PROGRAM``,
sqlite3 ``.shell``) are analysed as shell through the context.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

import attrs

from blastradius.families.sql.lexer import (
    MYSQL,
    PG,
    Dialect,
    Statement,
    Token,
    lex,
)
from blastradius.families.sql.rules import (
    ALTER_OBJECTS,
    CLIENT_COMMANDS,
    DROP_OBJECTS,
    FUNCTIONS,
    LEADING,
    RULES_BY_ID,
    TAUTOLOGY_WORDS,
)


if TYPE_CHECKING:
    from blastradius.analyzers import Context, Output


__all__ = [
    "MAX_DEPTH",
    "Hit",
    "classify",
    "findings_for_sql",
    "hits_for_sql",
]

MAX_DEPTH = 8
"""How deep statements may nest (CTEs, EXPLAIN ANALYZE, PREPARE, DO)."""


class Hit(NamedTuple):
    """
    One rule matched in SQL text: its *rule* id, the *words* that fired it
    and, for a statement that runs a shell command, that command's text.
    """

    rule: str
    words: tuple[str, ...] = ()
    shell: str | None = None


# -- statement classification ---------------------------------------------

_DML = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES"})
_WHERE_END = frozenset(
    {"ORDER", "LIMIT", "RETURNING", "GROUP", "SETTINGS", "OFFSET", "FOR"}
)
_DROP_KEEP = frozenset({"DEFAULT", "NOT", "IDENTITY", "EXPRESSION"})
_EXPLAIN_OPTS = frozenset(
    {
        "ANALYZE",
        "ANALYSE",
        "VERBOSE",
        "QUERY",
        "PLAN",
        "EXTENDED",
        "PARTITIONS",
        "FORMAT",
        "JSON",
        "TREE",
        "TRADITIONAL",
        "AST",
        "SYNTAX",
        "PIPELINE",
        "ESTIMATE",
        "COSTS",
        "BUFFERS",
        "TIMING",
        "SUMMARY",
        "SETTINGS",
        "WAL",
        "GENERIC_PLAN",
        "TEXT",
        "XML",
        "YAML",
        "HEADER",
        "DESCRIPTION",
    }
)
_FALSE_WORDS = frozenset({"FALSE", "OFF", "NO", "0"})
_BLOCK_STARTS = frozenset(
    {";", "BEGIN", "THEN", "ELSE", "LOOP", "DO", "AS", "$$"}
)
_COMPARE_TRUE = frozenset({"=", "==", "<=>", ">=", "<=", "IS"})


def _key(t: Token) -> str:
    return t.key if t.kind == "word" else t.text


def _words(tokens: Sequence[Token], limit: int = 4) -> tuple[str, ...]:
    return tuple(t.text for t in tokens[:limit])


def _close(tokens: Sequence[Token], start: int) -> int:
    """
    Index of the ``)`` matching the ``(`` at *start* (or len(tokens)).
    """
    depth = 0
    for i in range(start, len(tokens)):
        t = tokens[i]
        if t.kind == "op" and t.text == "(":
            depth += 1
        elif t.kind == "op" and t.text == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(tokens)


def _top_level(tokens: Sequence[Token]) -> Iterable[tuple[int, Token]]:
    """
    The tokens outside any parentheses, with their indexes.
    """
    depth = 0
    for i, t in enumerate(tokens):
        if t.kind == "op" and t.text == "(":
            depth += 1
        elif t.kind == "op" and t.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            yield i, t


def classify(
    tokens: Sequence[Token], dialect: Dialect = PG, depth: int = 0
) -> list[Hit]:
    """
    The rules one statement's *tokens* match.

    >>> from blastradius.families.sql.lexer import lex
    >>> stmt = lex("DELETE FROM t WHERE 1=1").statements[0]
    >>> [h.rule for h in classify(stmt.tokens)]
    ['sql.delete.all']
    """
    start = 0
    while start < len(tokens) and tokens[start].text == "(":
        start += 1
    toks = tokens[start:]
    if not toks:
        return []
    if depth > MAX_DEPTH:
        return [Hit("sql.unknown", _words(toks), None)]
    hits = _functions(toks)
    first = toks[0]
    if first.kind == "param":
        hits.append(Hit("sql.dynamic.unknown", _words(toks, 2)))
        return hits
    if first.kind != "word":
        hits.append(Hit("sql.unknown", _words(toks, 2)))
        return hits
    special = _SPECIAL.get(first.key)
    if special is not None:
        hits.extend(special(toks, dialect, depth))
        return hits
    rule = LEADING.get(first.key)
    hits.append(Hit(rule or "sql.unknown", _words(toks, 3)))
    return hits


def _functions(toks: Sequence[Token]) -> list[Hit]:
    hits = []
    for i in range(len(toks) - 1):
        t = toks[i]
        if t.kind == "word" and toks[i + 1].text == "(":
            rule = FUNCTIONS.get(t.key)
            if rule is not None:
                hits.append(Hit(rule, (t.text,)))
    return hits


def _drop(toks: Sequence[Token], _d: Dialect, _depth: int) -> list[Hit]:
    obj = toks[1].key if len(toks) > 1 else ""
    rest = 2
    if obj in {"TEMPORARY", "TEMP"} and len(toks) > 2:
        obj = "TEMPORARY " + toks[2].key
        rest = 3
    name = [
        t.text
        for t in toks[rest:]
        if t.key not in {"IF", "EXISTS", "TABLE"} and t.text != "."
    ][:1]
    if obj == "TEMPORARY TABLE":
        rule = "sql.drop-temporary-table"
    else:
        rule = DROP_OBJECTS.get(obj, "sql.drop-object")
    return [Hit(rule, (*_words(toks, rest), *name))]


def _alter(toks: Sequence[Token], d: Dialect, depth: int) -> list[Hit]:
    obj = toks[1].key if len(toks) > 1 else ""
    if obj in ALTER_OBJECTS:
        return [Hit(ALTER_OBJECTS[obj], _words(toks, 3))]
    if obj != "TABLE":
        return [Hit("sql.alter", _words(toks, 3))]
    hits: list[Hit] = []
    top = list(_top_level(toks))
    for n, (i, t) in enumerate(top):
        if t.key == "DROP":
            nxt = top[n + 1][1].key if n + 1 < len(top) else ""
            if nxt not in _DROP_KEEP:
                hits.append(Hit("sql.alter-table.drop", _words(toks, 3)))
        elif t.key == "TRUNCATE":
            hits.append(Hit("sql.truncate", _words(toks, 3)))
        elif t.key in {"DELETE", "UPDATE"} and n > 2:
            # ClickHouse mutations: ALTER TABLE t DELETE WHERE …
            hits.extend(_dml_where(toks[i:], d, depth, t.key))
    return hits or [Hit("sql.alter", _words(toks, 3))]


def _tautology(expr: Sequence[Token], depth: int = 0) -> bool:
    """
    Whether a WHERE expression is always true (``1=1``, ``true``,
    ``x=x``, ``… OR 1=1``).
    """
    if depth > MAX_DEPTH:
        return True
    return any(
        all(_atom_true(c, depth) for c in _split(d, {"AND", "&&"}))
        for d in _split(expr, {"OR", "||"})
    )


def _split(expr: Sequence[Token], seps: set[str]) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    depth = 0
    for t in expr:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        if depth == 0 and _key(t) in seps and t.kind in {"word", "op"}:
            parts.append([])
        else:
            parts[-1].append(t)
    return parts


def _atom_true(atom: Sequence[Token], depth: int) -> bool:
    while (
        len(atom) >= 2
        and atom[0].text == "("
        and _close(atom, 0) == len(atom) - 1
    ):
        atom = atom[1:-1]
        if any(_key(t) in {"OR", "AND", "||", "&&"} for t in atom):
            return _tautology(atom, depth + 1)
    if not atom:
        return False
    if len(atom) == 2 and atom[0].key == "NOT":
        t = atom[1]
        return t.key == "FALSE" or (t.kind == "number" and _num(t) == 0)
    if len(atom) == 1:
        t = atom[0]
        if t.kind == "word":
            return t.key in TAUTOLOGY_WORDS
        if t.kind == "number":
            value = _num(t)
            return value is not None and value != 0
        return False
    for i, t in enumerate(atom):
        op = _key(t)
        if t.kind in {"op", "word"} and op in {
            *_COMPARE_TRUE,
            "<>",
            "!=",
            "<",
            ">",
            "LIKE",
        }:
            left, right = atom[:i], atom[i + 1 :]
            if op == "IS" and right and right[0].key == "NOT":
                return False
            if op == "LIKE":
                return len(right) == 1 and right[0].text == "%"
            return _compare(left, op, right)
    return False


def _num(t: Token) -> float | None:
    try:
        return (
            float(int(t.text, 16))
            if t.text[:2] in {"0x", "0X"}
            else (float(t.text))
        )
    except ValueError:  # pragma: no cover - the lexer's numbers parse
        return None


def _compare(left: Sequence[Token], op: str, right: Sequence[Token]) -> bool:
    lk = [(t.kind, _key(t)) for t in left]
    rk = [(t.kind, _key(t)) for t in right]
    if not lk or not rk:
        return False
    if lk == rk:
        return op in _COMPARE_TRUE
    if len(left) != 1 or len(right) != 1:
        return False
    a, b = left[0], right[0]
    if a.kind == b.kind == "number":
        x, y = _num(a), _num(b)
        if x is None or y is None:
            return False
        return _holds(op, x, y)
    if a.kind == b.kind == "string":
        return _holds(op, a.text, b.text)
    return False


_ORDER: Mapping[str, frozenset[int]] = MappingProxyType(
    {
        "=": frozenset({0}),
        "==": frozenset({0}),
        "<=>": frozenset({0}),
        "IS": frozenset({0}),
        "<>": frozenset({-1, 1}),
        "!=": frozenset({-1, 1}),
        "<": frozenset({-1}),
        ">": frozenset({1}),
        "<=": frozenset({-1, 0}),
        ">=": frozenset({0, 1}),
    }
)
"""Comparison operator → the signs of ``a - b`` that make it true."""


def _holds(op: str, a: float | str, b: float | str) -> bool:
    sign = (a > b) - (a < b)  # type: ignore[operator]
    return sign in _ORDER.get(op, frozenset())


def _dml_where(
    toks: Sequence[Token], _d: Dialect, _depth: int, verb: str
) -> list[Hit]:
    where = None
    for i, t in _top_level(toks):
        if t.key == "WHERE":
            where = i
            break
    base = "sql.delete" if verb == "DELETE" else "sql.update"
    head = _words(toks, 3)
    if where is None:
        return [Hit(f"{base}.all", head)]
    expr: list[Token] = []
    depth = 0
    for t in toks[where + 1 :]:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        if depth == 0 and t.key in _WHERE_END:
            break
        expr.append(t)
    words = (*head, "WHERE", *_words(expr, 5))
    if expr and expr[0].key == "CURRENT":
        return [Hit(f"{base}.where", words)]
    if not expr or _tautology(expr):
        return [Hit(f"{base}.all", words)]
    return [Hit(f"{base}.where", words)]


def _delete(toks: Sequence[Token], d: Dialect, depth: int) -> list[Hit]:
    return _dml_where(toks, d, depth, "DELETE")


def _update(toks: Sequence[Token], d: Dialect, depth: int) -> list[Hit]:
    return _dml_where(toks, d, depth, "UPDATE")


def _inner(toks: Sequence[Token], d: Dialect, depth: int) -> list[Hit]:
    """
    Classify every ``( DML … )`` group, as in a CTE or ``COPY (…) TO``.
    """
    hits: list[Hit] = []
    i = 0
    while i < len(toks) - 1:
        if toks[i].text == "(" and toks[i + 1].key in _DML | {"WITH"}:
            end = _close(toks, i)
            hits.extend(classify(toks[i + 1 : end], d, depth + 1))
            i = end + 1
        else:
            i += 1
    return hits


def _with(toks: Sequence[Token], d: Dialect, depth: int) -> list[Hit]:
    hits = _inner(toks, d, depth)
    for i, t in _top_level(toks):
        if i > 0 and t.key in _DML | {"TABLE"}:
            hits.extend(classify(toks[i:], d, depth + 1))
            break
    else:
        hits.append(Hit("sql.unknown", _words(toks, 2)))
    return hits


def _explain(toks: Sequence[Token], d: Dialect, depth: int) -> list[Hit]:
    analyze = False
    i = 1
    if i < len(toks) and toks[i].text == "(":
        end = _close(toks, i)
        opts = toks[i + 1 : end]
        for n, t in enumerate(opts):
            if t.key in {"ANALYZE", "ANALYSE"}:
                nxt = opts[n + 1] if n + 1 < len(opts) else None
                analyze = nxt is None or _key(nxt) not in _FALSE_WORDS
        i = end + 1
    while i < len(toks) and (
        toks[i].key in _EXPLAIN_OPTS or toks[i].text == "="
    ):
        if toks[i].key in {"ANALYZE", "ANALYSE"}:
            analyze = True
        i += 1
    rest = toks[i:]
    if analyze and rest:
        return classify(rest, d, depth + 1)
    return [Hit("sql.explain", _words(toks, 3))]


def _copy(
    toks: Sequence[Token], d: Dialect, depth: int, *, client: bool = False
) -> list[Hit]:
    hits = _inner(toks, d, depth)
    top = list(_top_level(toks))
    direction = ""
    for n, (_i, t) in enumerate(top):
        if t.key in {"TO", "FROM"} and not direction:
            direction = t.key
        if t.key == "PROGRAM":
            nxt = top[n + 1][1] if n + 1 < len(top) else None
            if nxt is not None and nxt.kind == "string":
                hits.append(Hit("sql.copy.program", _words(toks, 2), nxt.text))
            else:
                hits.append(Hit("sql.dynamic.unknown", ("COPY", "PROGRAM")))
            return hits
        if t.key in {"STDIN", "STDOUT", "PSTDIN", "PSTDOUT"}:
            rule = "sql.copy.stdin" if direction == "FROM" else "sql.select"
            hits.append(Hit(rule, _words(toks, 2)))
            return hits
    if client:
        rule = "sql.copy.stdin" if direction == "FROM" else "sql.client.local"
    else:
        rule = "sql.copy.file"
    hits.append(Hit(rule, _words(toks, 2)))
    return hits


def _create(toks: Sequence[Token], _d: Dialect, _depth: int) -> list[Hit]:
    keys = [t.key for _i, t in _top_level(toks)]
    if "SUPERUSER" in keys:
        return [Hit("sql.alter-role", _words(toks, 3))]
    if len(keys) > 2 and keys[1] == "OR" and keys[2] == "REPLACE":
        return [Hit("sql.create-or-replace", _words(toks, 4))]
    return [Hit("sql.create", _words(toks, 3))]


def _select(toks: Sequence[Token], _d: Dialect, _depth: int) -> list[Hit]:
    top = list(_top_level(toks))
    for n, (_i, t) in enumerate(top):
        if t.key == "INTO" and n + 1 < len(top):
            nxt = top[n + 1][1]
            if nxt.key in {"OUTFILE", "DUMPFILE"}:
                return [Hit("sql.select-into-file", ("SELECT", "INTO"))]
            if nxt.kind in {"word", "qident"} and nxt.key not in {
                "TEMP",
                "TEMPORARY",
                "UNLOGGED",
                "TABLE",
            }:
                return [Hit("sql.create", ("SELECT", "INTO", nxt.text))]
            if nxt.kind != "op":
                return [Hit("sql.create", ("SELECT", "INTO"))]
    return [Hit("sql.select", _words(toks, 1))]


def _do(toks: Sequence[Token], d: Dialect, depth: int) -> list[Hit]:
    if d is MYSQL:
        # MySQL's DO evaluates expressions (DO SLEEP(1)).
        return [Hit("sql.select", _words(toks, 2))]
    hits = [Hit("sql.dynamic.unknown", _words(toks, 1))]
    for t in toks[1:]:
        if t.kind == "string":
            hits.extend(_block(t.text, d, depth))
    return hits


def _block(text: str, d: Dialect, depth: int) -> list[Hit]:
    """
    Best effort on a procedural body: classify each statement that starts
    after ``;``, ``BEGIN``, ``THEN``, ``ELSE`` or ``LOOP``, and any string
    literal given to ``EXECUTE``.
    """
    if depth >= MAX_DEPTH:
        return [Hit("sql.dynamic.unknown", ())]
    plain = attrs.evolve(d, meta="")
    hits: list[Hit] = []
    for stmt in lex(text, plain).statements:
        toks = stmt.tokens
        for i, t in enumerate(toks):
            prev = toks[i - 1].key if i else ";"
            if (
                t.kind == "word"
                and (prev in _BLOCK_STARTS or i == 0)
                and t.key not in {"BEGIN", "END", "DECLARE", "IF"}
                and (t.key in LEADING or t.key in _SPECIAL)
            ):
                found = classify(toks[i:], d, depth + 1)
                hits.extend(
                    h
                    for h in found
                    if RULES_BY_ID[h.rule].score > 0
                    or (
                        h.rule.endswith(".unknown") and h.rule != "sql.unknown"
                    )
                )
                break
        for i, t in enumerate(toks[:-1]):
            if t.key in {"EXECUTE", "EXEC"} and toks[i + 1].kind == "string":
                hits.extend(_sql_string(toks[i + 1].text, d, depth))
    return hits


def _sql_string(text: str, d: Dialect, depth: int) -> list[Hit]:
    plain = attrs.evolve(d, meta="")
    return [
        h
        for s in lex(text, plain).statements
        for h in classify(s.tokens, d, depth + 1)
    ]


def _prepare(toks: Sequence[Token], d: Dialect, depth: int) -> list[Hit]:
    hits = [Hit("sql.dynamic.unknown", _words(toks, 2))]
    for i, t in _top_level(toks):
        if t.key == "AS" and i + 1 < len(toks):
            hits.extend(classify(toks[i + 1 :], d, depth + 1))
            break
        if t.key == "FROM" and i + 1 < len(toks):
            if toks[i + 1].kind == "string":
                hits.extend(_sql_string(toks[i + 1].text, d, depth))
            break
    return hits


def _execute(toks: Sequence[Token], d: Dialect, depth: int) -> list[Hit]:
    hits = [Hit("sql.dynamic.unknown", _words(toks, 2))]
    for t in toks[1:]:
        if t.kind == "string":
            hits.extend(_sql_string(t.text, d, depth))
    return hits


def _set(toks: Sequence[Token], _d: Dialect, _depth: int) -> list[Hit]:
    nxt = toks[1].key if len(toks) > 1 else ""
    if nxt == "PASSWORD":
        return [Hit("sql.alter-role", _words(toks, 2))]
    if nxt in {"GLOBAL", "PERSIST", "PERSIST_ONLY"}:
        return [Hit("sql.function.config", _words(toks, 3))]
    return [Hit("sql.session", _words(toks, 2))]


def _reset(toks: Sequence[Token], _d: Dialect, _depth: int) -> list[Hit]:
    nxt = toks[1].key if len(toks) > 1 else ""
    if nxt in {"MASTER", "SLAVE", "REPLICA", "BINARY"}:
        return [Hit("sql.purge-logs", _words(toks, 3))]
    return [Hit("sql.session", _words(toks, 2))]


def _start(toks: Sequence[Token], _d: Dialect, _depth: int) -> list[Hit]:
    nxt = toks[1].key if len(toks) > 1 else ""
    if nxt in {"SLAVE", "REPLICA", "GROUP_REPLICATION"}:
        return [Hit("sql.system", _words(toks, 2))]
    return [Hit("sql.transaction", _words(toks, 2))]


def _load(toks: Sequence[Token], _d: Dialect, _depth: int) -> list[Hit]:
    nxt = toks[1] if len(toks) > 1 else None
    if nxt is not None and nxt.kind == "string":
        return [Hit("sql.client.extension.unknown", _words(toks, 2))]
    return [Hit("sql.load-data", _words(toks, 2))]


def _system(toks: Sequence[Token], _d: Dialect, _depth: int) -> list[Hit]:
    nxt = toks[1].key if len(toks) > 1 else ""
    if nxt in {"SHUTDOWN", "KILL"}:
        return [Hit("sql.shutdown", _words(toks, 2))]
    return [Hit("sql.system", _words(toks, 3))]


def _undrop(toks: Sequence[Token], _d: Dialect, _depth: int) -> list[Hit]:
    return [Hit("sql.create", _words(toks, 3))]


_SPECIAL = MappingProxyType(
    {
        "DROP": _drop,
        "ALTER": _alter,
        "DELETE": _delete,
        "UPDATE": _update,
        "WITH": _with,
        "EXPLAIN": _explain,
        "COPY": _copy,
        "CREATE": _create,
        "SELECT": _select,
        "DO": _do,
        "PREPARE": _prepare,
        "EXECUTE": _execute,
        "EXEC": _execute,
        "SET": _set,
        "RESET": _reset,
        "START": _start,
        "STOP": _start,
        "CHANGE": _start,
        "LOAD": _load,
        "SYSTEM": _system,
        "UNDROP": _undrop,
    }
)


_PIPE_COMMANDS = frozenset(
    {"\\o", "\\out", "\\g", "\\gx", "\\w", "\\write"}
    | {".output", ".once", ".import", ".read"}
)
"""Client commands that pipe into a shell command when given ``|cmd``."""

# -- client commands --------------------------------------------------------


def _client(stmt: Statement, d: Dialect, depth: int) -> list[Hit]:
    name, arg = stmt.meta, stmt.arg
    words = (name, arg) if arg else (name,)
    if name == "\\copy":
        toks = lex("COPY " + arg, attrs.evolve(d, meta="")).statements
        if not toks:
            return [Hit("sql.unknown", words)]
        return _copy(toks[0].tokens, d, depth, client=True)
    pipe = arg.lstrip("'\"")
    if name in _PIPE_COMMANDS and pipe.startswith("|"):
        shell = pipe[1:].rstrip("'\"").strip()
        hits = [Hit("sql.client.shell", words, shell)]
        if name == ".read":
            hits.append(Hit("sql.client.include.unknown", words))
        return hits
    rule = CLIENT_COMMANDS.get(name)
    if rule is None and name.startswith("\\"):
        bare = name.rstrip("+Sx")
        rule = CLIENT_COMMANDS.get(bare)
        if rule is None and bare.startswith("\\d"):
            rule = "sql.client.read"
    if rule is None:
        return [Hit("sql.client.unknown", words)]
    if rule == "sql.client.shell":
        if name == "pager" and not arg:
            return [Hit("sql.client.local", words)]
        if not arg:
            return [Hit("sql.client.shell.unknown", words)]
        return [Hit(rule, words, arg)]
    return [Hit(rule, words)]


def hits_for_sql(text: str, dialect: Dialect) -> list[Hit]:
    """
    Every rule *text* matches when a client of *dialect* runs it.

    When backslashes could be read either way (MySQL's
    ``NO_BACKSLASH_ESCAPES``, PostgreSQL's ``standard_conforming_strings``)
    the text is also lexed the other way and both readings count.

    >>> [h.rule for h in hits_for_sql("SELECT 1; TRUNCATE t", PG)]
    ['sql.select', 'sql.truncate']
    """
    lexed = lex(text, dialect)
    hits: list[Hit] = [
        Hit("sql.parse.unknown", (e,)) for e in lexed.errors[:1]
    ]
    statements = list(lexed.statements)
    if "\\" in text and "'" in text:
        other = attrs.evolve(
            dialect, backslash_escapes=not dialect.backslash_escapes
        )
        statements.extend(lex(text, other).statements)
    for stmt in statements:
        if stmt.meta:
            hits.extend(_client(stmt, dialect, 0))
        else:
            hits.extend(classify(stmt.tokens, dialect, 0))
    return hits


def findings_for_sql(
    text: str,
    dialect: Dialect,
    program: str,
    ctx: Context,
    *,
    dynamic: bool = False,
) -> list[Output]:
    """
    The findings of SQL *text* run by *program*; shell commands it runs are
    returned as `Nested` records.
    """
    del ctx
    found: list[Output] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    if dynamic:
        found.append(
            RULES_BY_ID["sql.text.unknown"].finding(program, (text[:80],))
        )
    for hit in hits_for_sql(text, dialect):
        key = (hit.rule, hit.words)
        if key in seen:
            continue
        seen.add(key)
        found.append(RULES_BY_ID[hit.rule].finding(program, hit.words))
        if hit.shell is not None:
            from blastradius._handoff import Nested

            found.append(
                Nested(script=hit.shell, via=f"{program} {hit.words[0]}")
            )
    return found
