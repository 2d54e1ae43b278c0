"""
The SQL family: the SQL clients (psql, mysql, mariadb, sqlite3, clickhouse,
cockroach, pgcli, mycli) and the SQL they run.

``grammar.py`` says how each client takes its SQL, ``lexer.py`` lexes SQL
text per dialect, ``statements.py`` classifies statements, ``rules.py``
holds the rows (literal ids) and ``analyzer.py`` reads a client's command.
"""

from __future__ import annotations


__all__: list[str] = []
