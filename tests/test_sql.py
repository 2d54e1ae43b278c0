"""
Tests for the SQL lexer and the SQL client analyzers.

The command tables are written from each client's own documentation:
psql (postgresql.org/docs/current/app-psql.html, sql-commands.html),
mysql (dev.mysql.com/doc/refman/8.0/en/mysql-command-options.html,
comments.html, mysql-commands.html), sqlite3 (sqlite.org/cli.html),
clickhouse-client (clickhouse.com/docs/en/interfaces/cli) and cockroach sql
(cockroachlabs.com/docs/stable/cockroach-sql).
"""

from __future__ import annotations

import time

from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import load_script
from tests.strategies import (
    STATEMENTS,
    render,
    respelled,
    statement_lists,
)

import blastradius

from blastradius import SimpleCommand, Tier
from blastradius.analyzers import DEFAULT_REGISTRY, Analyzer, Context, Output
from blastradius.families.sql import analyzer as sqlanalyzer
from blastradius.families.sql import statements as sqlmod
from blastradius.families.sql.lexer import (
    CLICKHOUSE,
    COCKROACH,
    GENERIC,
    MYSQL,
    PG,
    SQLITE,
    Dialect,
    lex,
)
from blastradius.families.sql.rules import (
    CLIENT_COMMANDS,
    DROP_OBJECTS,
    LEADING,
    RULES,
    RULES_BY_ID,
)


DIALECTS = (PG, MYSQL, SQLITE, CLICKHOUSE, COCKROACH, GENERIC)


def rules_of(assessment: blastradius.Assessment) -> set[str]:
    return {f.rule for f in assessment.findings}


def with_stdin(
    argv: Sequence[str], stdin: str | None, *, unknown: bool = False
) -> blastradius.Assessment:
    """
    Score *argv* as if the shell layer had fed it *stdin* (heredoc,
    herestring, ``echo … |``) or an unknown standard input.
    """
    program = blastradius.SimpleCommand(argv=argv).program
    inner = DEFAULT_REGISTRY[program]

    def fed(cmd: SimpleCommand, ctx: Context) -> Iterable[Output]:
        return inner(
            attrs.evolve(cmd, stdin=stdin, stdin_unknown=unknown), ctx
        )

    registry: dict[str, Analyzer] = {**DEFAULT_REGISTRY, program: fed}
    return blastradius.score(list(argv), registry=registry)


# (argv, tier, a rule id that must be among the findings)
CASES: tuple[tuple[tuple[str, ...], Tier, str], ...] = (
    # -- the must-holds --------------------------------------------
    (("psql", "-c", "DROP TABLE users"), Tier.BLOCKED, "sql.drop-table"),
    (
        ("mysql", "-e", "/*! DROP TABLE users */"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (("psql", "-c", "drop/**/table users"), Tier.BLOCKED, "sql.drop-table"),
    (
        ("mysql", "-e", "/*!50000 DROP TABLE users */"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (("psql", "-c", "SELECT count(*) FROM users"), Tier.AUTO, "sql.select"),
    (
        ("psql", "-c", "DROP SCHEMA public CASCADE"),
        Tier.BLOCKED,
        "sql.drop-schema",
    ),
    # -- psql: -c repeatable, --command=, flags with values -----------------
    (
        ("psql", "--command=DROP DATABASE prod"),
        Tier.BLOCKED,
        "sql.drop-database",
    ),
    (
        ("psql", "--comm", "DROP DATABASE prod"),
        Tier.BLOCKED,
        "sql.drop-database",
    ),
    (
        ("psql", "-h", "db", "-U", "admin", "-d", "prod", "-c", "SELECT 1"),
        Tier.AUTO,
        "sql.select",
    ),
    (
        ("psql", "-c", "SELECT 1", "-c", "TRUNCATE audit"),
        Tier.DUAL,
        "sql.truncate",
    ),
    (("psql", "-Xqc", "TRUNCATE audit"), Tier.DUAL, "sql.truncate"),
    (("psql", "-cDROP TABLE t"), Tier.BLOCKED, "sql.drop-table"),
    (
        ("psql", "-d", "DROP TABLE t", "-c", "SELECT 1"),
        Tier.AUTO,
        "sql.select",
    ),
    (
        ("psql", "postgres://u@h/db", "-c", "SHOW search_path"),
        Tier.AUTO,
        "sql.show",
    ),
    (("psql", "-f", "migrate.sql"), Tier.HUMAN, "sql.file.unknown"),
    (("psql", "--file=migrate.sql"), Tier.HUMAN, "sql.file.unknown"),
    (("psql", "-l"), Tier.AUTO, "sql.client.version"),
    (("psql", "--version"), Tier.AUTO, "sql.client.version"),
    (("psql", "-h", "db"), Tier.HUMAN, "sql.stdin.unknown"),
    # -- statement classes ---------------------------------------------------
    (
        ("psql", "-c", "drop table if exists users"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (("psql", "-c", "DROP OWNED BY bob"), Tier.DUAL, "sql.drop-owned"),
    (("psql", "-c", "DROP INDEX idx"), Tier.DUAL, "sql.drop-object"),
    (("psql", "-c", "DROP VIEW v"), Tier.DUAL, "sql.drop-object"),
    (("psql", "-c", "TRUNCATE users"), Tier.DUAL, "sql.truncate"),
    (("psql", "-c", "DELETE FROM users"), Tier.DUAL, "sql.delete.all"),
    (
        ("psql", "-c", "DELETE FROM users WHERE 1=1"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "DELETE FROM users WHERE true"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "DELETE FROM users WHERE 'a'='a'"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (("psql", "-c", "DELETE FROM users WHERE 1"), Tier.DUAL, "sql.delete.all"),
    (
        ("psql", "-c", "DELETE FROM users WHERE id=id"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "DELETE FROM users WHERE id=3 OR 1=1"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "DELETE FROM users WHERE (2 > 1)"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "DELETE FROM users WHERE id = 3"),
        Tier.HUMAN,
        "sql.delete.where",
    ),
    (
        ("psql", "-c", "DELETE FROM users WHERE 1=1 AND id = 3"),
        Tier.HUMAN,
        "sql.delete.where",
    ),
    (
        (
            "psql",
            "-c",
            "DELETE FROM t WHERE id IN (SELECT id FROM u WHERE 1=1)",
        ),
        Tier.HUMAN,
        "sql.delete.where",
    ),
    (("psql", "-c", "UPDATE users SET a=1"), Tier.DUAL, "sql.update.all"),
    (
        ("psql", "-c", "UPDATE users SET a=(SELECT 1 WHERE x=1)"),
        Tier.DUAL,
        "sql.update.all",
    ),
    (
        ("psql", "-c", "UPDATE users SET a=1 WHERE id=4"),
        Tier.HUMAN,
        "sql.update.where",
    ),
    (
        ("psql", "-c", "ALTER TABLE users DROP COLUMN email"),
        Tier.DUAL,
        "sql.alter-table.drop",
    ),
    (
        ("psql", "-c", "ALTER TABLE users ALTER COLUMN a DROP DEFAULT"),
        Tier.HUMAN,
        "sql.alter",
    ),
    (("psql", "-c", "ALTER ROLE bob SUPERUSER"), Tier.HUMAN, "sql.alter-role"),
    (("psql", "-c", "GRANT ALL ON users TO bob"), Tier.HUMAN, "sql.grant"),
    (("psql", "-c", "REVOKE ALL ON users FROM bob"), Tier.HUMAN, "sql.revoke"),
    (("psql", "-c", "CREATE TABLE t (id int)"), Tier.HUMAN, "sql.create"),
    (("psql", "-c", "INSERT INTO t VALUES (1)"), Tier.HUMAN, "sql.insert"),
    (
        ("psql", "-c", "DO $$BEGIN PERFORM 1; END$$"),
        Tier.HUMAN,
        "sql.dynamic.unknown",
    ),
    (
        ("psql", "-c", "DO $x$ BEGIN DELETE FROM t; END $x$"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "DO $$ BEGIN EXECUTE 'DROP TABLE x'; END $$"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (("psql", "-c", "EXECUTE purge(1)"), Tier.HUMAN, "sql.dynamic.unknown"),
    (
        ("psql", "-c", "PREPARE p AS DELETE FROM t; EXECUTE p"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("mysql", "-e", "PREPARE s FROM 'DROP TABLE t'; EXECUTE s"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (("psql", "-c", "CALL cleanup()"), Tier.HUMAN, "sql.call.unknown"),
    (
        ("psql", "-c", "COPY t TO PROGRAM 'gzip > /tmp/t.gz'"),
        Tier.HUMAN,
        "sql.copy.program",
    ),
    (("psql", "-c", "COPY t FROM STDIN"), Tier.HUMAN, "sql.copy.stdin"),
    (("psql", "-c", "COPY t TO STDOUT"), Tier.AUTO, "sql.select"),
    (("psql", "-c", "SHOW ALL"), Tier.AUTO, "sql.show"),
    (("psql", "-c", "EXPLAIN SELECT * FROM t"), Tier.AUTO, "sql.explain"),
    (("psql", "-c", "EXPLAIN DELETE FROM t"), Tier.AUTO, "sql.explain"),
    (
        ("psql", "-c", "EXPLAIN ANALYZE DELETE FROM t"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "EXPLAIN (ANALYZE, BUFFERS) DELETE FROM t"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "EXPLAIN (ANALYZE false) DELETE FROM t"),
        Tier.AUTO,
        "sql.explain",
    ),
    (
        (
            "psql",
            "-c",
            "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
        ),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "WITH x AS (SELECT 1) SELECT * FROM x"),
        Tier.AUTO,
        "sql.select",
    ),
    (
        ("psql", "-c", "BEGIN; DROP TABLE t; ROLLBACK"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (
        ("psql", "-c", "SELECT pg_terminate_backend(42)"),
        Tier.HUMAN,
        "sql.function.terminate",
    ),
    (("psql", "-c", "FROBNICATE t"), Tier.HUMAN, "sql.unknown"),
    (("psql", "-c", "SELECT 'unterminated"), Tier.HUMAN, "sql.parse.unknown"),
    (("psql", "-c", "SELECT 1 /* open"), Tier.HUMAN, "sql.parse.unknown"),
    (("psql", "-c", "SELECT ';DROP TABLE t'"), Tier.AUTO, "sql.select"),
    (("psql", "-c", 'SELECT 1 AS "DROP TABLE t"'), Tier.AUTO, "sql.select"),
    (("psql", "-c", "SELECT $$ ; DROP TABLE t; $$"), Tier.AUTO, "sql.select"),
    (
        ("psql", "-c", "SELECT $a$ $$ $a$; DROP TABLE t"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (
        ("psql", "-c", "/* /* */ DROP TABLE t */ SELECT 1"),
        Tier.AUTO,
        "sql.select",
    ),
    (
        ("psql", "-c", "SELECT E'\\''; DROP TABLE t; --'"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (
        ("psql", "-c", "SELECT '\\'; DROP TABLE t; --'"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (("psql", "-c", ":cmd"), Tier.HUMAN, "sql.dynamic.unknown"),
    # -- psql meta-commands ----------------------------------------------------
    (("psql", "-c", "\\dt"), Tier.AUTO, "sql.client.read"),
    (("psql", "-c", "\\d+ users"), Tier.AUTO, "sql.client.read"),
    (("psql", "-c", "\\l"), Tier.AUTO, "sql.client.read"),
    (("psql", "-c", "\\i wipe.sql"), Tier.HUMAN, "sql.client.include.unknown"),
    (
        ("psql", "-c", "\\ir wipe.sql"),
        Tier.HUMAN,
        "sql.client.include.unknown",
    ),
    (("psql", "-c", "\\! ls"), Tier.AUTO, "sql.client.shell"),
    (("psql", "-c", "\\!"), Tier.HUMAN, "sql.client.shell.unknown"),
    (("psql", "-c", "\\! rm -rf /"), Tier.BLOCKED, "sql.client.shell"),
    (("mysql", "-e", "system rm -rf /"), Tier.BLOCKED, "sql.client.shell"),
    (("sqlite3", "x.db", ".shell rm -rf /"), Tier.BLOCKED, "sql.client.shell"),
    (
        ("psql", "-c", "COPY t TO PROGRAM 'rm -rf /'"),
        Tier.BLOCKED,
        "sql.copy.program",
    ),
    (
        ("psql", "-c", "\\copy t to program 'cat > /tmp/x'"),
        Tier.HUMAN,
        "sql.copy.program",
    ),
    (
        ("psql", "-c", "\\copy t from 'data.csv' csv"),
        Tier.HUMAN,
        "sql.copy.stdin",
    ),
    (
        ("psql", "-c", "\\copy t to 'data.csv' csv"),
        Tier.AUTO,
        "sql.client.local",
    ),
    (
        ("psql", "-c", "SELECT 1 \\gexec"),
        Tier.HUMAN,
        "sql.client.gexec.unknown",
    ),
    (("psql", "-c", "SELECT 1 \\g |cat"), Tier.AUTO, "sql.client.shell"),
    (("psql", "-c", "\\zz"), Tier.HUMAN, "sql.client.unknown"),
    # -- mysql / mariadb ------------------------------------------------------
    (("mysql", "-e", "SHOW DATABASES"), Tier.AUTO, "sql.show"),
    (
        ("mysql", "--execute=DROP DATABASE app"),
        Tier.BLOCKED,
        "sql.drop-database",
    ),
    (
        (
            "mysql",
            "-u",
            "root",
            "-psecret",
            "-h",
            "db",
            "app",
            "-e",
            "SELECT 1",
        ),
        Tier.AUTO,
        "sql.select",
    ),
    (("mysql", "-p", "app", "-e", "SELECT 1"), Tier.AUTO, "sql.select"),
    (
        ("mariadb", "-e", "/*M!100100 DROP TABLE t */"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (
        ("mysql", "-e", "drop/*comment*/table users"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (("mysql", "-e", "SELECT 1 # DROP TABLE t"), Tier.AUTO, "sql.select"),
    (
        ("mysql", "-e", "SELECT 1 --1; DROP TABLE t"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (("mysql", "-e", "SELECT 1 -- ; DROP TABLE t"), Tier.AUTO, "sql.select"),
    (("mysql", "-e", "/* DROP TABLE t */ SELECT 1"), Tier.AUTO, "sql.select"),
    (("mysql", "-e", "SELECT 'it\\'s'; SHOW TABLES"), Tier.AUTO, "sql.show"),
    (
        ("mysql", "-e", "SELECT '\\'; DROP TABLE t; -- '"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (("mysql", "-e", "SELECT `DROP TABLE t`"), Tier.AUTO, "sql.select"),
    (
        ("mysql", "-e", "DROP TEMPORARY TABLE tmp"),
        Tier.AUTO,
        "sql.drop-temporary-table",
    ),
    (("mysql", "-e", "DO SLEEP(1)"), Tier.AUTO, "sql.select"),
    (
        ("mysql", "-e", "SELECT * INTO OUTFILE '/tmp/x' FROM t"),
        Tier.HUMAN,
        "sql.select-into-file",
    ),
    (("mysql", "-e", "RESET MASTER"), Tier.DUAL, "sql.purge-logs"),
    (("mysql", "-e", "SHUTDOWN"), Tier.DUAL, "sql.shutdown"),
    (
        ("mysql", "-e", "SET PASSWORD FOR bob = 'x'"),
        Tier.HUMAN,
        "sql.alter-role",
    ),
    (("mysql", "-e", "system ls"), Tier.AUTO, "sql.client.shell"),
    (
        ("mysql", "-e", "source wipe.sql"),
        Tier.HUMAN,
        "sql.client.include.unknown",
    ),
    (
        ("mysql", "--init-command=DROP TABLE t", "-e", "SELECT 1"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (("mysql", "--version"), Tier.AUTO, "sql.client.version"),
    (("mysql", "app"), Tier.HUMAN, "sql.stdin.unknown"),
    (("mycli", "-e", "TRUNCATE t"), Tier.DUAL, "sql.truncate"),
    # -- sqlite3 ----------------------------------------------------------------
    (("sqlite3", "app.db", "SELECT * FROM t"), Tier.AUTO, "sql.select"),
    (("sqlite3", "app.db", "DROP TABLE t"), Tier.BLOCKED, "sql.drop-table"),
    (("sqlite3", "app.db", ".tables"), Tier.AUTO, "sql.client.read"),
    (("sqlite3", "app.db", ".schema t"), Tier.AUTO, "sql.client.read"),
    (
        ("sqlite3", "app.db", ".read wipe.sql"),
        Tier.HUMAN,
        "sql.client.include.unknown",
    ),
    (("sqlite3", "app.db", ".shell ls"), Tier.AUTO, "sql.client.shell"),
    (("sqlite3", "app.db", ".system ls"), Tier.AUTO, "sql.client.shell"),
    (
        ("sqlite3", "app.db", ".load ./evil"),
        Tier.HUMAN,
        "sql.client.extension.unknown",
    ),
    (
        ("sqlite3", "-cmd", "DELETE FROM t", "app.db", "SELECT 1"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("sqlite3", "-init", "x.sql", "app.db", "SELECT 1"),
        Tier.HUMAN,
        "sql.client.include.unknown",
    ),
    (
        ("sqlite3", "app.db", "SELECT [drop table t] FROM x"),
        Tier.AUTO,
        "sql.select",
    ),
    (("sqlite3", "app.db"), Tier.HUMAN, "sql.stdin.unknown"),
    (("sqlite3", "-version"), Tier.AUTO, "sql.client.version"),
    # -- clickhouse-client, cockroach sql, pgcli --------------------------------
    (("clickhouse-client", "-q", "SELECT 1"), Tier.AUTO, "sql.select"),
    (
        ("clickhouse-client", "--query=DROP DATABASE logs"),
        Tier.BLOCKED,
        "sql.drop-database",
    ),
    (
        ("clickhouse-client", "--query", "ALTER TABLE t DELETE WHERE 1"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("clickhouse-client", "-q", "ALTER TABLE t DELETE WHERE d < today()"),
        Tier.HUMAN,
        "sql.delete.where",
    ),
    (
        ("clickhouse-client", "-q", "SYSTEM SHUTDOWN"),
        Tier.DUAL,
        "sql.shutdown",
    ),
    (
        ("clickhouse-client", "--queries-file", "x.sql"),
        Tier.HUMAN,
        "sql.file.unknown",
    ),
    (
        ("clickhouse", "client", "-q", "TRUNCATE TABLE t"),
        Tier.DUAL,
        "sql.truncate",
    ),
    (("clickhouse", "server"), Tier.HUMAN, "sql.client.program.unknown"),
    (("cockroach", "sql", "-e", "SHOW TABLES"), Tier.AUTO, "sql.show"),
    (
        ("cockroach", "sql", "--execute=DROP DATABASE bank CASCADE"),
        Tier.BLOCKED,
        "sql.drop-database",
    ),
    (
        (
            "cockroach",
            "sql",
            "--url",
            "postgres://x",
            "-e",
            "SELECT 1",
            "-e",
            "DROP TABLE t",
        ),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (("cockroach", "sql", "-f", "x.sql"), Tier.HUMAN, "sql.file.unknown"),
    (("cockroach", "node", "status"), Tier.AUTO, "sql.cluster.read"),
    (
        ("cockroach", "node", "decommission", "4"),
        Tier.DUAL,
        "sql.cluster.decommission",
    ),
    (("cockroach", "version"), Tier.AUTO, "sql.client.version"),
    (("cockroach", "zap"), Tier.HUMAN, "sql.client.program.unknown"),
    (("pgcli", "-h", "db", "app"), Tier.HUMAN, "sql.stdin.unknown"),
    (("pgcli", "--version"), Tier.AUTO, "sql.client.version"),
)


class TestSqlTable:
    @pytest.mark.parametrize(
        ("argv", "tier", "rule"), CASES, ids=[" ".join(c[0]) for c in CASES]
    )
    def test_case(self, argv: tuple[str, ...], tier: Tier, rule: str) -> None:
        """
        Each documented command gets its expected tier and rule id.
        """
        got = blastradius.score(list(argv))
        assert rule in rules_of(got), got.reasons
        assert got.tier is tier, got.reasons

    def test_blocked_findings_are_hard(self) -> None:
        """
        A blocked SQL command names its hard rule and the words that fired.
        """
        got = blastradius.score(["psql", "-c", "drop/**/table users"])
        hard = [f for f in got.findings if f.hard]
        assert [f.rule for f in hard] == ["sql.drop-table"]
        assert hard[0].words == ("drop", "table", "users")


class TestSqlStdin:
    @pytest.mark.parametrize(
        ("argv", "stdin", "tier", "rule"),
        [
            (("psql",), "DROP TABLE users;\n", Tier.BLOCKED, "sql.drop-table"),
            (("psql", "-f", "-"), "SELECT 1;", Tier.AUTO, "sql.select"),
            (("psql", "--file=-"), "TRUNCATE t;", Tier.DUAL, "sql.truncate"),
            (
                ("psql", "-d", "app"),
                "\\dt\nSELECT 1;\n",
                Tier.AUTO,
                "sql.select",
            ),
            (
                ("psql",),
                "\\! rm -rf /tmp/x\n",
                Tier.BLOCKED,
                "sql.client.shell",
            ),
            (
                ("mysql", "app"),
                "FLUSH TABLES;\n",
                Tier.HUMAN,
                "sql.maintenance",
            ),
            (
                ("mysql",),
                (
                    "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END//"
                    "\nDELIMITER ;\nDROP TABLE t;\n"
                ),
                Tier.BLOCKED,
                "sql.drop-table",
            ),
            (("mysql",), "\\! ls\n", Tier.AUTO, "sql.client.shell"),
            (
                ("sqlite3", "app.db"),
                ".tables\nSELECT 1;\n",
                Tier.AUTO,
                "sql.select",
            ),
            (
                ("sqlite3", "app.db"),
                ".shell ls\n",
                Tier.AUTO,
                "sql.client.shell",
            ),
            (
                ("clickhouse-client",),
                "DROP TABLE t",
                Tier.BLOCKED,
                "sql.drop-table",
            ),
            (("pgcli",), "DELETE FROM t", Tier.DUAL, "sql.delete.all"),
        ],
    )
    def test_known_stdin(
        self, argv: tuple[str, ...], stdin: str, tier: Tier, rule: str
    ) -> None:
        """
        SQL fed on standard input (heredoc, herestring, pipe) is analysed.
        """
        got = with_stdin(argv, stdin)
        assert rule in rules_of(got), got.reasons
        assert got.tier is tier, got.reasons

    def test_unknown_stdin(self) -> None:
        """
        SQL from a standard input that is not known is unverifiable.
        """
        got = with_stdin(["psql", "-d", "app"], None, unknown=True)
        assert rules_of(got) == {"sql.stdin.unknown"}
        assert got.tier is Tier.HUMAN

    def test_c_ignores_stdin(self) -> None:
        """
        With -c, psql does not read its standard input.
        """
        got = with_stdin(["psql", "-c", "SELECT 1"], "DROP TABLE t")
        assert got.tier is Tier.AUTO

    def test_dynamic_sql_word(self) -> None:
        """
        SQL built from a variable is unknown, and what can be seen still
        counts.
        """
        cmd = SimpleCommand(
            argv=["psql", "-c", "DROP TABLE $T"], dynamic=[False, False, True]
        )
        calls: list[str] = []

        class Ctx:
            policy = blastradius.Policy()

            def script(self, text: str, *, via: str) -> tuple[()]:
                calls.append(text)
                return ()

            def argv(
                self, argv: Iterable[str], *, via: str, dynamic: bool = False
            ) -> tuple[()]:
                return ()

        found = list(DEFAULT_REGISTRY["psql"](cmd, Ctx()))
        assert all(isinstance(f, blastradius.Finding) for f in found)
        assert {
            f.rule for f in found if isinstance(f, blastradius.Finding)
        } == {
            "sql.text.unknown",
            "sql.drop-table",
        }
        assert calls == []


class TestShellEscapes:
    def test_copy_program_is_analysed_as_shell(self) -> None:
        """
        The command of COPY … TO PROGRAM is analysed as a shell script.
        """
        got = blastradius.score(
            ["psql", "-c", "COPY t TO PROGRAM 'kubectl delete ns prod'"]
        )
        assert any(c.argv[:2] == ("kubectl", "delete") for c in got.commands)
        assert any(c.via and "psql" in c.via[-1] for c in got.commands)

    @pytest.mark.parametrize(
        "argv",
        [
            ("psql", "-c", "\\! kubectl get pods"),
            ("mysql", "-e", "system kubectl get pods"),
            ("sqlite3", "x.db", ".shell kubectl get pods"),
            ("sqlite3", "x.db", ".once |kubectl get pods"),
        ],
    )
    def test_client_shell_is_analysed(self, argv: tuple[str, ...]) -> None:
        """
        A client's shell escape runs its command through the shell analyzers.
        """
        got = blastradius.score(list(argv))
        assert any(
            c.argv[:3] == ("kubectl", "get", "pods") for c in got.commands
        )


class TestLexer:
    def test_executable_comment_content_is_sql(self) -> None:
        """
        MySQL runs the content of /*! … */; other dialects skip it.
        """
        text = "/*!40101 DROP TABLE t */"
        mysql = lex(text, MYSQL).statements
        assert [t.key for t in mysql[0].tokens] == ["DROP", "TABLE", "T"]
        assert lex(text, PG).statements == ()

    def test_nested_comments_only_in_postgres(self) -> None:
        """
        PostgreSQL nests block comments; MySQL ends one at the first */.
        """
        text = "/* /* */ DROP TABLE t */"
        assert lex(text, PG).statements == ()
        assert lex(text, MYSQL).statements[0].tokens[0].key == "DROP"

    def test_statements_split_outside_quotes(self) -> None:
        """
        Semicolons split statements only outside quotes.
        """
        got = lex("SELECT ';'; SELECT \"a;b\"; SELECT $$;$$", PG)
        assert len(got.statements) == 3

    def test_dollar_parameters_are_not_quotes(self) -> None:
        """
        $1 is a parameter, not the start of a dollar quote.
        """
        got = lex("SELECT $1; DROP TABLE t", PG)
        assert [s.tokens[0].key for s in got.statements] == ["SELECT", "DROP"]

    def test_errors_are_reported(self) -> None:
        """
        Unterminated strings, comments and quotes are errors, never raised.
        """
        for text in ("'abc", "/* x", '"x', "`x", "$$ x", "/*! x"):
            dialect = MYSQL if text.startswith(("`", "/*!")) else PG
            assert lex(text, dialect).errors, text

    @pytest.mark.usefixtures("untraced")
    def test_megabyte_is_fast(self) -> None:
        """
        The lexer is linear: a megabyte of SQL, of one string or comment,
        of empty statements or of parentheses takes at most about ten times
        as long as its first tenth (quadratic would be a hundred; the bound
        of 40 leaves room for a loaded machine, where an absolute bound in
        seconds failed), and never more than a minute.
        """
        texts = [
            "SELECT a, 'b''c', $$d$$ FROM t WHERE x = 1; " * 25_000,
            "'" + "a" * 1_000_000,
            "/*" * 500_000,
            "s;" * 500_000,
            ";" * 1_000_000,
            "(" * 1_000_000,
        ]

        def seconds(text: str, dialect: object) -> float:
            start = time.perf_counter()
            sqlmod.hits_for_sql(text, dialect)  # type: ignore[arg-type]
            return time.perf_counter() - start

        for text in texts:
            for dialect in (PG, MYSQL):
                tenth = seconds(text[: len(text) // 10], dialect)
                whole = seconds(text, dialect)
                assert whole < 60.0
                assert whole < 40 * max(tenth, 0.005), (whole, tenth)

    def test_deep_nesting_does_not_recurse(self) -> None:
        """
        Deeply nested parentheses and CTEs never exhaust the stack.
        """
        text = "WITH a AS (" * 5000 + "DELETE FROM t" + ")" * 5000
        rules = {h.rule for h in sqlmod.hits_for_sql(text, PG)}
        assert rules
        where = "DELETE FROM t WHERE " + "(" * 5000 + "1=1" + ")" * 5000
        assert "sql.delete.all" in {
            h.rule for h in sqlmod.hits_for_sql(where, PG)
        }

    @given(st.text(), st.sampled_from(DIALECTS))
    def test_total(self, text: str, dialect: Dialect) -> None:
        """
        Lexing and classifying never raise, whatever the text.
        """
        assert dialect in DIALECTS
        lexed = lex(text, dialect)
        assert isinstance(lexed.statements, tuple)
        hits = sqlmod.hits_for_sql(text, dialect)
        assert all(h.rule in RULES_BY_ID for h in hits)

    @given(
        st.text(alphabet="'\"`$;-/*#\\!\n abcDROPTABLE()=1[]:.", max_size=60)
    )
    def test_total_on_punctuation(self, text: str) -> None:
        """
        Quote and comment characters in any order never break the lexer.
        """
        for dialect in DIALECTS:
            hits = sqlmod.hits_for_sql(text, dialect)
            assert all(h.rule in RULES_BY_ID for h in hits)


class TestProperties:
    @given(
        st.data(),
        st.sampled_from(STATEMENTS),
        st.sampled_from(["psql", "mysql"]),
    )
    def test_spelling_never_changes_the_score(
        self, data: st.DataObject, words: tuple[str, ...], client: str
    ) -> None:
        """
        Keyword case, white space, newlines and comments between keywords
        never change a statement's score.
        """
        flag = "-c" if client == "psql" else "-e"
        plain = blastradius.score([client, flag, " ".join(words)])
        text = data.draw(respelled(words))
        got = blastradius.score([client, flag, text])
        assert got.score == plain.score, (text, got.reasons)

    @given(statement_lists(), st.sampled_from(STATEMENTS))
    def test_adding_a_statement_never_lowers(
        self, batch: list[tuple[str, ...]], extra: tuple[str, ...]
    ) -> None:
        """
        A batch with one more statement scores at least as high.
        """
        text = "; ".join(" ".join(w) for w in batch)
        before = blastradius.score(["psql", "-c", text]).score
        after = blastradius.score(
            ["psql", "-c", text + "; " + " ".join(extra)]
        ).score
        assert after >= before

    def test_render_flips_case(self) -> None:
        """
        The strategy helper really changes the spelling.
        """
        assert (
            render(("DROP", "TABLE", "t"), ["/**/"], [True])
            == "drop/**/table/**/T"
        )


class TestTables:
    def test_table_ids_exist(self) -> None:
        """
        Every rule named by a lookup table is a row of RULES.
        """
        for table in (LEADING, DROP_OBJECTS, CLIENT_COMMANDS):
            for rule in table.values():
                assert rule in RULES_BY_ID, rule

    def test_ids_are_stable_and_unique(self) -> None:
        """
        Rule ids are unique, start with sql. and unknowns end in .unknown.
        """
        ids = [r.id for r in RULES]
        assert len(ids) == len(set(ids))
        for row in RULES:
            assert row.id.startswith("sql.")
            assert (row.kind.value == "unknown") == row.id.endswith(".unknown")
            assert 0 <= row.score <= 100

    def test_registered_programs(self) -> None:
        """
        The SQL clients are registered by name.
        """
        for name in (
            "psql",
            "mysql",
            "mariadb",
            "sqlite3",
            "clickhouse-client",
            "cockroach",
            "pgcli",
            "mycli",
        ):
            assert name in sqlanalyzer.ANALYZERS


ROOT = Path(__file__).resolve().parent.parent


class TestDocs:
    def test_up_to_date(self) -> None:
        """
        docs/analyzers-data.md is what tools/gen_data_docs.py renders from
        the tables (run it after changing a table).
        """
        module = load_script(ROOT / "tools" / "gen_data_docs.py")
        committed = (ROOT / "docs" / "analyzers-data.md").read_text(
            encoding="utf-8"
        )
        assert module.render() == committed

    def test_every_rule_documented(self) -> None:
        """
        Every rule id of the SQL, data-store, raw-API and interpreter
        tables appears on the page.
        """
        from blastradius.families.datastore import rules as datastore
        from blastradius.families.http import rules as http
        from blastradius.families.interpreters import rules as interpreters

        page = (ROOT / "docs" / "analyzers-data.md").read_text(
            encoding="utf-8"
        )
        for rows in (RULES, datastore.RULES, http.RULES, interpreters.RULES):
            for row in rows:
                assert f"`{row.id}`" in page, row.id


# Corner cases (each checked by hand against the client's documentation).
EDGE_CASES: tuple[tuple[tuple[str, ...], Tier, str], ...] = (
    (("psql", "-c", "ALTER INDEX i RENAME TO j"), Tier.HUMAN, "sql.alter"),
    (
        ("mysql", "-e", "ALTER TABLE t TRUNCATE PARTITION p0"),
        Tier.DUAL,
        "sql.truncate",
    ),
    (
        ("psql", "-c", "DELETE FROM t WHERE NOT FALSE"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (("psql", "-c", "DELETE FROM t WHERE NOT 0"), Tier.DUAL, "sql.delete.all"),
    (
        ("psql", "-c", "DELETE FROM t WHERE ((1=1) OR (x=2))"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "DELETE FROM t WHERE x = 1 OR"),
        Tier.HUMAN,
        "sql.delete.where",
    ),
    (
        ("psql", "-c", "DELETE FROM t WHERE 'abc'"),
        Tier.HUMAN,
        "sql.delete.where",
    ),
    (
        ("psql", "-c", "DELETE FROM t WHERE x IS NOT NULL"),
        Tier.HUMAN,
        "sql.delete.where",
    ),
    (
        ("psql", "-c", "DELETE FROM t WHERE x LIKE '%'"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "DELETE FROM t WHERE a = b"),
        Tier.HUMAN,
        "sql.delete.where",
    ),
    (
        ("psql", "-c", "DELETE FROM t WHERE 'b' > 'a'"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "DELETE FROM t WHERE 0x1F = 31"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "DELETE FROM t WHERE x IS x"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "DELETE FROM t WHERE x = 1 ORDER BY x LIMIT 5"),
        Tier.HUMAN,
        "sql.delete.where",
    ),
    (
        ("psql", "-c", "DELETE FROM t WHERE CURRENT OF c"),
        Tier.HUMAN,
        "sql.delete.where",
    ),
    (("psql", "-c", "DELETE FROM t WHERE"), Tier.DUAL, "sql.delete.all"),
    (
        ("psql", "-c", "COPY t TO PROGRAM :'cmd'"),
        Tier.HUMAN,
        "sql.dynamic.unknown",
    ),
    (("psql", "-c", "COPY t FROM '/srv/x.csv'"), Tier.HUMAN, "sql.copy.file"),
    (
        ("psql", "-c", "COPY (DELETE FROM t RETURNING *) TO STDOUT"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (
        ("psql", "-c", "CREATE ROLE x SUPERUSER LOGIN"),
        Tier.HUMAN,
        "sql.alter-role",
    ),
    (
        ("psql", "-c", "CREATE OR REPLACE VIEW v AS SELECT 1"),
        Tier.HUMAN,
        "sql.create-or-replace",
    ),
    (
        ("psql", "-c", "SELECT * INTO newtable FROM t"),
        Tier.HUMAN,
        "sql.create",
    ),
    (("psql", "-c", "SELECT 1 INTO TEMP t"), Tier.HUMAN, "sql.create"),
    (("mysql", "-e", "SELECT 1 INTO @v"), Tier.AUTO, "sql.select"),
    (
        ("mysql", "-e", "SET GLOBAL max_connections = 10"),
        Tier.HUMAN,
        "sql.function.config",
    ),
    (("psql", "-c", "RESET ALL"), Tier.AUTO, "sql.session"),
    (("mysql", "-e", "START TRANSACTION"), Tier.AUTO, "sql.transaction"),
    (("mysql", "-e", "START REPLICA"), Tier.HUMAN, "sql.system"),
    (
        ("mysql", "-e", "LOAD DATA INFILE 'x' INTO TABLE t"),
        Tier.HUMAN,
        "sql.load-data",
    ),
    (
        ("psql", "-c", "LOAD 'auto_explain'"),
        Tier.HUMAN,
        "sql.client.extension.unknown",
    ),
    (
        ("clickhouse-client", "-q", "SYSTEM RELOAD CONFIG"),
        Tier.HUMAN,
        "sql.system",
    ),
    (("clickhouse-client", "-q", "UNDROP TABLE t"), Tier.HUMAN, "sql.create"),
    (("psql", "-c", "\\copy"), Tier.AUTO, "sql.client.local"),
    (
        ("sqlite3", "x.db", ".read '|cat x.sql'"),
        Tier.HUMAN,
        "sql.client.include.unknown",
    ),
    (("mysql", "-e", "pager"), Tier.AUTO, "sql.client.local"),
    (("mysql", "-e", "pager less"), Tier.AUTO, "sql.client.shell"),
    (("cockroach", "--version"), Tier.AUTO, "sql.client.version"),
    (("clickhouse", "--version"), Tier.AUTO, "sql.client.version"),
    (("psql", "-c", "\\x \\\\ \\dt"), Tier.AUTO, "sql.client.local"),
    (("psql", "-c", "\\pset format csv \\dt"), Tier.AUTO, "sql.client.local"),
    (("mysql", "-e", "SELECT 1\\g"), Tier.AUTO, "sql.select"),
    (("mysql", "-e", "SELECT 1\\G SHOW TABLES"), Tier.AUTO, "sql.select"),
    (("mysql", "-e", "/* open"), Tier.HUMAN, "sql.parse.unknown"),
    (("psql", "-c", 'SELECT "a""b"'), Tier.AUTO, "sql.select"),
    (
        ("sqlite3", "x.db", "SELECT 1;\n   .tables"),
        Tier.AUTO,
        "sql.client.read",
    ),
    (
        ("psql", "-c", "SELECT $1, ?, :name, a::int, b->>'c', x <=> y"),
        Tier.AUTO,
        "sql.select",
    ),
    (("psql", "-c", "WITH x AS (SELECT 1)"), Tier.HUMAN, "sql.select"),
    (("psql", "-c", "(SELECT 1) UNION (SELECT 2)"), Tier.AUTO, "sql.select"),
    (("psql", "-c", "42"), Tier.HUMAN, "sql.unknown"),
    (
        ("psql", "-c", "EXPLAIN (ANALYZE) DELETE FROM t"),
        Tier.DUAL,
        "sql.delete.all",
    ),
    (("psql", "-c", "EXPLAIN ANALYZE"), Tier.AUTO, "sql.explain"),
    (("psql", "-c", "DROP"), Tier.DUAL, "sql.drop-object"),
    (
        ("psql", "-c", "DROP TEMP TABLE x"),
        Tier.AUTO,
        "sql.drop-temporary-table",
    ),
    (("psql", "-c", "DROP MATERIALIZED VIEW v"), Tier.DUAL, "sql.drop-object"),
    (
        (
            "mysql",
            "-e",
            "DELIMITER $$\nSELECT E'x', ?, a <> b, ; $$\nDROP TABLE t $$",
        ),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (
        ("sqlite3", "x.db", "DROP TABLE [my table]"),
        Tier.BLOCKED,
        "sql.drop-table",
    ),
    (("sqlite3", "x.db", "SELECT [x"), Tier.HUMAN, "sql.parse.unknown"),
    (("psql", "-c", "PREPARE p FROM x"), Tier.HUMAN, "sql.dynamic.unknown"),
    (("psql", "-c", "EXECUTE 'TRUNCATE t'"), Tier.DUAL, "sql.dynamic.unknown"),
    (("psql", "-c", "CALL"), Tier.HUMAN, "sql.call.unknown"),
    (
        ("psql", "-c", "SELECT pg_drop_replication_slot('s')"),
        Tier.DUAL,
        "sql.function.drop-slot",
    ),
    (
        ("psql", "-c", "ALTER USER bob PASSWORD 'x'"),
        Tier.HUMAN,
        "sql.alter-role",
    ),
    (
        (
            "psql",
            "-c",
            "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO bob",
        ),
        Tier.HUMAN,
        "sql.grant",
    ),
    (
        ("psql", "-c", "ALTER TABLE t ALTER COLUMN c DROP NOT NULL"),
        Tier.HUMAN,
        "sql.alter",
    ),
    (
        ("psql", "-c", "ALTER TABLE t DROP CONSTRAINT c"),
        Tier.DUAL,
        "sql.alter-table.drop",
    ),
)


class TestEdgeCases:
    @pytest.mark.parametrize(
        ("argv", "tier", "rule"),
        EDGE_CASES,
        ids=[" ".join(a) for a, _, _ in EDGE_CASES],
    )
    def test_case(self, argv: tuple[str, ...], tier: Tier, rule: str) -> None:
        """
        Option, lexer and statement corners get their expected tier and rule.
        """
        got = blastradius.score(list(argv))
        assert rule in {f.rule for f in got.findings}, got.reasons
        assert got.tier is tier, got.reasons
