"""
Analyzer family: SQL clients (psql, mysql, mariadb, sqlite3,
clickhouse-client, cockroach sql, pgcli, mycli).

Each client's arguments are read like the client reads them
(`blastradius.families.sql.grammar`), to find where its SQL comes from
(``-c``, ``-e``, ``--query``, a positional argument, a known standard
input, a file); the text is lexed by our own lexer
(`blastradius.families.sql.lexer`) in the client's dialect and every
statement is classified (`blastradius.families.sql.statements`) through
the tables of `blastradius.families.sql.rules`.

>>> import blastradius
>>> blastradius.score(["psql", "-c", "drop/**/table users"]).tier
<Tier.BLOCKED: 'blocked'>
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from blastradius.families import _getopt
from blastradius.families.sql.grammar import (
    CLICKHOUSE_CLIENT,
    COCKROACH_CLIENT,
    MYCLI,
    MYSQL_CLIENT,
    PGCLI,
    PSQL,
    SQLITE_CLIENT,
    Client,
)
from blastradius.families.sql.rules import RULES_BY_ID
from blastradius.families.sql.statements import findings_for_sql


if TYPE_CHECKING:
    from blastradius._model import Finding, SimpleCommand
    from blastradius.analyzers import Analyzer, Context, Output


__all__ = ["ANALYZERS"]


def _run_client(
    client: Client, cmd: SimpleCommand, ctx: Context, args_from: int = 1
) -> list[Output]:
    program = cmd.program
    args = cmd.argv[args_from:]
    parsed = _getopt.parse(args, client.spec)
    found: list[Output] = []
    ran = False
    for opt in parsed.opts:
        dyn = cmd.is_dynamic(opt.index + args_from) or cmd.is_dynamic(
            opt.index + args_from + 1
        )
        if opt.name in client.sql and opt.value is not None:
            ran = True
            found.extend(
                findings_for_sql(
                    opt.value, client.dialect, program, ctx, dynamic=dyn
                )
            )
        elif opt.name in client.files and opt.value is not None:
            ran = True
            if opt.value == "-":
                found.extend(_stdin(client, cmd, ctx))
            else:
                found.append(_rule("sql.file.unknown", program, opt))
        elif opt.name in client.init_files and opt.value is not None:
            found.append(_rule("sql.client.include.unknown", program, opt))
    if client.positional_sql >= 0:
        for n, (index, word) in enumerate(parsed.positionals):
            if n >= client.positional_sql:
                ran = True
                found.extend(
                    findings_for_sql(
                        word,
                        client.dialect,
                        program,
                        ctx,
                        dynamic=cmd.is_dynamic(index + args_from),
                    )
                )
    if ran:
        return found
    if any(parsed.has(n) for n in client.no_stdin):
        found.append(
            RULES_BY_ID["sql.client.version"].finding(program, args[:1])
        )
        return found
    found.extend(_stdin(client, cmd, ctx))
    return found


def _rule(rule: str, program: str, opt: _getopt.Opt) -> Finding:
    return RULES_BY_ID[rule].finding(program, (opt.name, opt.value or ""))


def _stdin(client: Client, cmd: SimpleCommand, ctx: Context) -> list[Output]:
    if cmd.stdin is not None:
        return findings_for_sql(cmd.stdin, client.dialect, cmd.program, ctx)
    source = cmd.stdin_from or next(
        (f"{r.op}{r.target}" for r in cmd.redirects if r.op.startswith("<")),
        "stdin",
    )
    words = (cmd.program, source)
    return [RULES_BY_ID["sql.stdin.unknown"].finding(cmd.program, words)]


def _analyzer(client: Client) -> Analyzer:
    def analyze(cmd: SimpleCommand, ctx: Context) -> Iterable[Output]:
        return _run_client(client, cmd, ctx)

    return analyze


_COCKROACH_SUBCOMMANDS = MappingProxyType(
    {
        "version": "sql.client.version",
        "node status": "sql.cluster.read",
        "node ls": "sql.cluster.read",
        "node decommission": "sql.cluster.decommission",
        "node drain": "sql.cluster.decommission",
        "node recommission": "sql.cluster.start",
        "start": "sql.cluster.start",
        "start-single-node": "sql.cluster.start",
        "init": "sql.cluster.start",
        "gen": "sql.client.local",
        "cert": "sql.client.local",
        "debug zip": "sql.cluster.read",
        "workload": "sql.client.program.unknown",
    }
)


def _cockroach(cmd: SimpleCommand, ctx: Context) -> Iterable[Output]:
    """
    ``cockroach sql`` runs SQL; the other subcommands come from a table.
    """
    args = cmd.args
    words = [a for a in args if not a.startswith("-")]
    sub = words[0] if words else ""
    if sub in {"sql", "demo"} and args and args[0] == sub:
        return _run_client(COCKROACH_CLIENT, cmd, ctx, args_from=2)
    if not sub and any(a in {"--version", "-v"} for a in args):
        sub = "version"
    two = " ".join(words[:2])
    rule = _COCKROACH_SUBCOMMANDS.get(two) or _COCKROACH_SUBCOMMANDS.get(
        sub, "sql.client.program.unknown"
    )
    return [RULES_BY_ID[rule].finding(cmd.program, words[:2])]


def _clickhouse(cmd: SimpleCommand, ctx: Context) -> Iterable[Output]:
    """
    ``clickhouse client`` / ``clickhouse local`` take SQL like
    ``clickhouse-client``.
    """
    if cmd.args and cmd.args[0] in {"client", "local"}:
        return _run_client(CLICKHOUSE_CLIENT, cmd, ctx, args_from=2)
    if any(a in {"--version", "-V", "--help"} for a in cmd.args):
        return [
            RULES_BY_ID["sql.client.version"].finding(cmd.program, cmd.args)
        ]
    return [
        RULES_BY_ID["sql.client.program.unknown"].finding(
            cmd.program, cmd.args[:1]
        )
    ]


ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {
        "psql": _analyzer(PSQL),
        "mysql": _analyzer(MYSQL_CLIENT),
        "mariadb": _analyzer(MYSQL_CLIENT),
        "mycli": _analyzer(MYCLI),
        "pgcli": _analyzer(PGCLI),
        "sqlite3": _analyzer(SQLITE_CLIENT),
        "sqlite": _analyzer(SQLITE_CLIENT),
        "clickhouse-client": _analyzer(CLICKHOUSE_CLIENT),
        "clickhouse-local": _analyzer(CLICKHOUSE_CLIENT),
        "clickhouse": _clickhouse,
        "cockroach": _cockroach,
    }
)
