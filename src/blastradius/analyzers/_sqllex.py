"""
The old path of `blastradius.families.sql.lexer`, which it re-exports for one
release (the integrator removes it once no branch imports it).
"""

from __future__ import annotations

from blastradius.families.sql.lexer import (
    CLICKHOUSE,
    COCKROACH,
    GENERIC,
    MYSQL,
    PG,
    SQLITE,
    Dialect,
    Lexed,
    Statement,
    Token,
    lex,
)


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
