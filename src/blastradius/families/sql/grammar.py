"""
The command grammar of the SQL clients: how each one takes its SQL (which
options carry SQL or a file of SQL, which take a value, which run none),
read with `blastradius.families._getopt`.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from blastradius.families import _getopt
from blastradius.families.sql.lexer import (
    CLICKHOUSE,
    COCKROACH,
    MYSQL,
    PG,
    SQLITE,
    Dialect,
)


__all__ = [
    "CLICKHOUSE_CLIENT",
    "COCKROACH_CLIENT",
    "MYCLI",
    "MYSQL_CLIENT",
    "PGCLI",
    "PSQL",
    "SQLITE_CLIENT",
    "Client",
]


@attrs.frozen
class Client:
    """
    How one SQL client takes its SQL.
    """

    dialect: Dialect
    spec: _getopt.OptSpec
    sql: frozenset[str] = frozenset()
    """Options whose value is SQL (canonical names)."""
    files: frozenset[str] = frozenset()
    """Options whose value is a file of SQL (``-`` is stdin)."""
    init_files: frozenset[str] = frozenset()
    no_stdin: frozenset[str] = frozenset()
    """Options that make the client run no SQL (version, help, list)."""
    positional_sql: int = -1
    """Index from which positional arguments are SQL (sqlite3: 1)."""


def _spec(  # noqa: PLR0913 - one keyword per OptSpec field
    short: str = "",
    long: str = "",
    *,
    attached: str = "",
    flags: str = "",
    aliases: Mapping[str, str] | None = None,
    single_dash: bool = False,
) -> _getopt.OptSpec:
    return _getopt.OptSpec(
        short_value=short,
        long_value=frozenset(long.split()),
        short_attached=attached,
        long_flags=frozenset(flags.split()),
        aliases=aliases or {},
        single_dash_long=single_dash,
    )


# psql: https://www.postgresql.org/docs/current/app-psql.html
PSQL = Client(
    PG,
    _spec(
        "cdfhLopPTUvFR",
        "command dbname file host log-file output port pset table-attr "
        "username set variable field-separator record-separator",
        flags="echo-all no-align echo-errors echo-queries echo-hidden html "
        "list no-readline quiet single-step single-line tuples-only "
        "expanded no-psqlrc single-transaction version no-password "
        "password help csv field-separator-zero record-separator-zero",
        aliases={"c": "command", "f": "file", "l": "list", "V": "version"},
    ),
    sql=frozenset({"command"}),
    files=frozenset({"file"}),
    no_stdin=frozenset({"list", "version", "help", "?"}),
)

# mysql: https://dev.mysql.com/doc/refman/8.0/en/mysql-command-options.html
_MYSQL_LONG_VALUES = (
    "execute database user host port socket init-command defaults-file "
    "defaults-extra-file defaults-group-suffix login-path protocol tee "
    "pager default-character-set character-sets-dir ssl-ca ssl-cert "
    "ssl-key ssl-mode ssl-cipher ssl-capath ssl-crl ssl-crlpath "
    "tls-version tls-ciphersuites connect-timeout max-allowed-packet "
    "net-buffer-length bind-address plugin-dir default-auth "
    "server-public-key-path prompt delimiter load-data-local-dir "
    "select-limit max-join-size histignore dns-srv-name "
    "compression-algorithms zstd-compression-level network-namespace "
    "init-command-add"
)
MYSQL_CLIENT = Client(
    MYSQL,
    _spec(
        "eDuhPSO",
        _MYSQL_LONG_VALUES,
        attached="p",
        flags="version help batch raw silent verbose force table html "
        "xml vertical skip-column-names comments",
        aliases={"e": "execute", "V": "version", "?": "help"},
    ),
    sql=frozenset({"execute", "init-command", "init-command-add"}),
    no_stdin=frozenset({"version", "help"}),
)

# mycli: https://www.mycli.net/docs
MYCLI = Client(
    MYSQL,
    _spec(
        "hPuSpDRlge",
        "host port user socket password database prompt logfile "
        "login-path execute init-command defaults-file "
        "defaults-group-suffix myclirc charset ssl-ca ssl-cert ssl-key "
        "ssl-cipher ssl-capath",
        flags="version help",
        aliases={"e": "execute", "V": "version"},
    ),
    sql=frozenset({"execute", "init-command"}),
    no_stdin=frozenset({"version", "help"}),
)

# pgcli: pgcli(1) (no -c; SQL comes from the terminal or stdin)
PGCLI = Client(
    PG,
    _spec(
        "hpUudD",
        "host port username user dbname dsn pgclirc row-limit prompt "
        "prompt-dsn log-file warn",
        flags="version help list list-dsn",
        aliases={"v": "version", "l": "list"},
    ),
    no_stdin=frozenset({"version", "help", "list", "list-dsn"}),
)

# sqlite3: https://sqlite.org/cli.html (sqlite3 [OPTIONS] FILENAME [SQL...])
SQLITE_CLIENT = Client(
    SQLITE,
    _spec(
        long="cmd init separator newline nullvalue vfs maxsize mmap "
        "lookaside pagecache heap escape",
        single_dash=True,
    ),
    sql=frozenset({"cmd"}),
    init_files=frozenset({"init"}),
    no_stdin=frozenset({"version", "help"}),
    positional_sql=1,
)

# clickhouse-client: https://clickhouse.com/docs/en/interfaces/cli
CLICKHOUSE_CLIENT = Client(
    CLICKHOUSE,
    _spec(
        "qhudfC",
        "query queries-file host port user database format config-file "
        "config history_file",
        flags="version help multiquery multiline secure",
        aliases={
            "q": "query",
            "h": "host",
            "u": "user",
            "d": "database",
            "f": "format",
            "C": "config-file",
            "V": "version",
        },
    ),
    sql=frozenset({"query"}),
    files=frozenset({"queries-file"}),
    no_stdin=frozenset({"version", "help"}),
)

# cockroach sql: https://www.cockroachlabs.com/docs/stable/cockroach-sql
COCKROACH_CLIENT = Client(
    COCKROACH,
    _spec(
        "efud",
        "execute file url host port user database certs-dir format set "
        "watch cluster-name",
        flags="echo-sql insecure safe-updates help",
        aliases={"e": "execute", "f": "file", "u": "user", "d": "database"},
    ),
    sql=frozenset({"execute"}),
    files=frozenset({"file"}),
    no_stdin=frozenset({"help"}),
)
