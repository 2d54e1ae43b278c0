"""
Hypothesis strategies for SQL: statements as token lists, re-spelled with
any keyword case and any separator (white space, newlines, comments).
"""

from __future__ import annotations

from hypothesis import strategies as st


__all__ = [
    "SEPARATORS",
    "STATEMENTS",
    "render",
    "respelled",
    "statement_lists",
]

# Statements as words; a word starting with a quote or a digit is kept
# verbatim, every other word may change case.
STATEMENTS: tuple[tuple[str, ...], ...] = (
    ("SELECT", "count", "(", "*", ")", "FROM", "users"),
    ("SELECT", "*", "FROM", "t", "WHERE", "id", "=", "1"),
    ("SHOW", "TABLES"),
    ("EXPLAIN", "SELECT", "1"),
    ("DROP", "TABLE", "users"),
    ("DROP", "TABLE", "IF", "EXISTS", "users"),
    ("DROP", "DATABASE", "prod"),
    ("DROP", "SCHEMA", "public", "CASCADE"),
    ("DROP", "INDEX", "idx_users"),
    ("TRUNCATE", "TABLE", "users"),
    ("DELETE", "FROM", "users"),
    ("DELETE", "FROM", "users", "WHERE", "1", "=", "1"),
    ("DELETE", "FROM", "users", "WHERE", "id", "=", "7"),
    ("UPDATE", "users", "SET", "a", "=", "1"),
    ("UPDATE", "users", "SET", "a", "=", "1", "WHERE", "TRUE"),
    ("UPDATE", "users", "SET", "a", "=", "1", "WHERE", "id", "=", "2"),
    ("ALTER", "TABLE", "users", "DROP", "COLUMN", "email"),
    ("ALTER", "USER", "bob", "WITH", "SUPERUSER"),
    ("GRANT", "ALL", "ON", "users", "TO", "bob"),
    ("REVOKE", "ALL", "ON", "users", "FROM", "bob"),
    ("INSERT", "INTO", "users", "VALUES", "(", "1", ")"),
    ("CREATE", "TABLE", "x", "(", "id", "int", ")"),
    ("CALL", "cleanup", "(", ")"),
    ("BEGIN",),
    ("COMMIT",),
)

SEPARATORS: tuple[str, ...] = (
    " ",
    "  ",
    "\n",
    "\t",
    " \n ",
    "/**/",
    "/* note */",
    " -- note\n",
)


def render(words: tuple[str, ...], seps: list[str], cases: list[bool]) -> str:
    """
    Join *words* with *seps*, flipping the case of word *i* when
    *cases[i]*.
    """
    out: list[str] = []
    for i, word in enumerate(words):
        if i:
            out.append(seps[(i - 1) % len(seps)])
        flip = cases[i % len(cases)] if cases else False
        out.append(word.swapcase() if flip and word[:1].isalpha() else word)
    return "".join(out)


@st.composite
def respelled(draw: st.DrawFn, words: tuple[str, ...]) -> str:
    """
    *words* as one statement with drawn separators and keyword case.
    """
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=1))
    cases = draw(st.lists(st.booleans(), min_size=1))
    return render(words, seps, cases)


def statement_lists() -> st.SearchStrategy[list[tuple[str, ...]]]:
    """
    Non-empty batches of statements.
    """
    return st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=4)
