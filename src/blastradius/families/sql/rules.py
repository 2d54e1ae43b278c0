"""
Rules for SQL statements and SQL client commands.

Statement classes are data: `LEADING` maps a statement's first keyword to
its rule, `DROP_OBJECTS` the word after ``DROP``, `ALTER_OBJECTS` the word
after ``ALTER``; the analyzer (`blastradius.families.sql.statements`) only
walks the tokens. Scores are base scores (0-10 ``AUTO``, 11-50 ``HUMAN``,
51-99 ``DUAL``); `Kind.HARD` rows block.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from blastradius._model import Effect, Kind
from blastradius.rules._rulerow import Rule, index


__all__ = [
    "ALTER_OBJECTS",
    "CLIENT_COMMANDS",
    "DROP_OBJECTS",
    "FUNCTIONS",
    "LEADING",
    "RULES",
    "RULES_BY_ID",
    "TAUTOLOGY_WORDS",
]

_R = Effect.READ_ONLY
_L = Effect.LOCAL
_M = Effect.MUTATING
_D = Effect.DESTRUCTIVE
_I = Effect.INDIRECT
_U = Effect.UNKNOWN
_HARD = Kind.HARD
_UNK = Kind.UNKNOWN

RULES: tuple[Rule, ...] = (
    # -- hard rules ------------------------------------------------------
    Rule("sql.drop-table", 100, _D, "DROP TABLE destroys a table", _HARD),
    Rule(
        "sql.drop-database",
        100,
        _D,
        "DROP DATABASE destroys a whole database",
        _HARD,
    ),
    Rule(
        "sql.drop-schema",
        100,
        _D,
        "DROP SCHEMA destroys a schema and (CASCADE) all in it",
        _HARD,
    ),
    # -- destructive -----------------------------------------------------
    Rule(
        "sql.drop-owned",
        85,
        _D,
        "DROP OWNED drops every object a role owns",
    ),
    Rule("sql.drop-object", 70, _D, "drops a database object"),
    Rule(
        "sql.drop-temporary-table",
        10,
        _L,
        "drops a session's temporary table",
    ),
    Rule("sql.truncate", 80, _D, "TRUNCATE empties whole tables"),
    Rule(
        "sql.delete.all",
        85,
        _D,
        "DELETE without a WHERE (or with an always-true one) empties "
        "the table",
    ),
    Rule("sql.delete.where", 35, _D, "DELETE of the rows a WHERE selects"),
    Rule(
        "sql.update.all",
        75,
        _D,
        "UPDATE without a WHERE (or with an always-true one) rewrites "
        "every row",
    ),
    Rule("sql.update.where", 30, _M, "UPDATE of the rows a WHERE selects"),
    Rule(
        "sql.alter-table.drop",
        65,
        _D,
        "ALTER TABLE … DROP removes a column, constraint or partition",
    ),
    Rule("sql.purge-logs", 60, _D, "deletes binary logs or replication"),
    Rule("sql.shutdown", 80, _D, "stops the database server"),
    Rule("sql.restore", 60, _D, "restores a backup over live data"),
    # -- mutating --------------------------------------------------------
    Rule("sql.alter-role", 45, _M, "changes a user or role"),
    Rule("sql.grant", 40, _M, "grants privileges"),
    Rule("sql.revoke", 35, _M, "revokes privileges"),
    Rule("sql.alter", 30, _M, "changes a database object's definition"),
    Rule("sql.rename", 40, _M, "renames tables"),
    Rule("sql.detach", 40, _M, "detaches a table or database"),
    Rule("sql.kill", 35, _M, "kills sessions or queries"),
    Rule(
        "sql.create-or-replace",
        30,
        _M,
        "replaces an existing object's definition",
    ),
    Rule("sql.create", 20, _M, "creates a database object"),
    Rule("sql.insert", 20, _M, "inserts rows"),
    Rule("sql.merge", 35, _M, "merges rows (insert, update or delete)"),
    Rule("sql.copy.file", 30, _M, "COPY reads or writes a server file"),
    Rule("sql.copy.stdin", 20, _M, "COPY … FROM STDIN inserts rows"),
    Rule(
        "sql.copy.program",
        20,
        _I,
        "COPY … PROGRAM runs a shell command on the server",
    ),
    Rule(
        "sql.select-into-file",
        40,
        _M,
        "SELECT … INTO OUTFILE writes a file on the server",
    ),
    Rule("sql.load-data", 30, _M, "LOAD DATA loads a file into a table"),
    Rule("sql.lock", 20, _M, "locks tables"),
    Rule("sql.system", 30, _M, "runs a server administration command"),
    Rule(
        "sql.maintenance",
        15,
        _M,
        "maintenance (VACUUM, ANALYZE, REINDEX, OPTIMIZE, …)",
    ),
    Rule("sql.attach", 15, _M, "attaches a database"),
    Rule("sql.comment", 10, _M, "changes an object's comment or label"),
    # -- read-only / session ---------------------------------------------
    Rule("sql.select", 0, _R, "reads rows"),
    Rule("sql.show", 0, _R, "shows metadata"),
    Rule("sql.explain", 0, _R, "explains a plan without running it"),
    Rule("sql.transaction", 0, _L, "transaction control"),
    Rule("sql.session", 2, _L, "changes session settings"),
    Rule("sql.backup", 5, _L, "writes a backup"),
    # -- functions called from a query -----------------------------------
    Rule(
        "sql.function.terminate",
        40,
        _M,
        "terminates other sessions",
    ),
    Rule("sql.function.cancel", 20, _M, "cancels other sessions' queries"),
    Rule(
        "sql.function.drop-slot",
        55,
        _D,
        "drops a replication slot",
    ),
    Rule("sql.function.large-object", 40, _D, "deletes a large object"),
    Rule("sql.function.file-write", 40, _M, "writes a file on the server"),
    Rule("sql.function.config", 20, _M, "reloads or changes configuration"),
    Rule("sql.function.promote", 60, _M, "promotes a standby"),
    Rule(
        "sql.function.dynamic.unknown",
        0,
        _U,
        "runs SQL or commands given as a string",
        _UNK,
    ),
    # -- unverifiable ----------------------------------------------------
    Rule(
        "sql.dynamic.unknown",
        0,
        _U,
        "runs dynamic SQL or a code block that cannot be verified",
        _UNK,
    ),
    Rule(
        "sql.call.unknown",
        0,
        _U,
        "calls a procedure whose effect is not known",
        _UNK,
    ),
    Rule("sql.unknown", 0, _U, "a statement not understood", _UNK),
    Rule(
        "sql.parse.unknown",
        0,
        _U,
        "SQL text that could not be fully read",
        _UNK,
    ),
    Rule(
        "sql.file.unknown",
        0,
        _U,
        "SQL read from a file whose contents are not known",
        _UNK,
    ),
    Rule(
        "sql.stdin.unknown",
        0,
        _U,
        "SQL read from a standard input whose contents are not known",
        _UNK,
    ),
    Rule(
        "sql.text.unknown",
        0,
        _U,
        "SQL text built from a variable or substitution",
        _UNK,
    ),
    # -- client commands (psql, mysql, sqlite3) --------------------------
    Rule(
        "sql.client.shell",
        5,
        _I,
        "the client runs a shell command (analysed as shell)",
    ),
    Rule(
        "sql.client.shell.unknown",
        0,
        _U,
        "the client runs a shell command that is not known",
        _UNK,
    ),
    Rule(
        "sql.client.include.unknown",
        0,
        _U,
        "the client runs a file whose contents are not known",
        _UNK,
    ),
    Rule(
        "sql.client.gexec.unknown",
        0,
        _U,
        "psql \\gexec runs query results as SQL",
        _UNK,
    ),
    Rule(
        "sql.client.editor.unknown",
        0,
        _U,
        "the client opens an editor whose result runs",
        _UNK,
    ),
    Rule(
        "sql.client.extension.unknown",
        0,
        _U,
        "loads a native extension",
        _UNK,
    ),
    Rule("sql.client.unknown", 0, _U, "a client command not known", _UNK),
    Rule("sql.client.read", 0, _R, "a read-only client command"),
    Rule("sql.client.local", 2, _L, "a client setting or local output"),
    Rule("sql.client.import", 20, _M, "imports a file into a table"),
    Rule("sql.client.restore", 60, _D, "restores a database from a file"),
    Rule("sql.client.lo-unlink", 40, _D, "deletes a large object"),
    Rule("sql.client.password", 45, _M, "changes a role's password"),
    # -- client programs beside the SQL shells ---------------------------
    Rule("sql.client.version", 0, _R, "prints the client's version"),
    Rule(
        "sql.client.program.unknown",
        0,
        _U,
        "a subcommand of a database program not known",
        _UNK,
    ),
    Rule("sql.cluster.read", 0, _R, "reads cluster status"),
    Rule(
        "sql.cluster.decommission",
        70,
        _D,
        "decommissions or drains database nodes",
    ),
    Rule("sql.cluster.start", 20, _M, "starts a database node"),
)

RULES_BY_ID: Mapping[str, Rule] = index(RULES)
"""Every SQL rule by id."""

LEADING: Mapping[str, str] = MappingProxyType(
    {
        # read-only
        "SELECT": "sql.select",
        "VALUES": "sql.select",
        "TABLE": "sql.select",
        "SHOW": "sql.show",
        "DESCRIBE": "sql.show",
        "DESC": "sql.show",
        "HELP": "sql.show",
        "EXISTS": "sql.show",
        "FETCH": "sql.select",
        "MOVE": "sql.select",
        "CLOSE": "sql.transaction",
        "DECLARE": "sql.select",
        "LISTEN": "sql.session",
        "UNLISTEN": "sql.session",
        "NOTIFY": "sql.session",
        "WATCH": "sql.select",
        "CHECK": "sql.show",
        "CHECKSUM": "sql.show",
        # transactions and session
        "BEGIN": "sql.transaction",
        "START": "sql.transaction",
        "COMMIT": "sql.transaction",
        "END": "sql.transaction",
        "ROLLBACK": "sql.transaction",
        "ABORT": "sql.transaction",
        "SAVEPOINT": "sql.transaction",
        "RELEASE": "sql.transaction",
        "SET": "sql.session",
        "RESET": "sql.session",
        "USE": "sql.session",
        "DISCARD": "sql.session",
        "DEALLOCATE": "sql.session",
        "PRAGMA": "sql.session",
        "LOAD": "sql.load-data",
        # writes
        "INSERT": "sql.insert",
        "REPLACE": "sql.insert",
        "UPSERT": "sql.insert",
        "MERGE": "sql.merge",
        "CREATE": "sql.create",
        "GRANT": "sql.grant",
        "REVOKE": "sql.revoke",
        "TRUNCATE": "sql.truncate",
        "RENAME": "sql.rename",
        "DETACH": "sql.detach",
        "ATTACH": "sql.attach",
        "EXCHANGE": "sql.rename",
        "LOCK": "sql.lock",
        "UNLOCK": "sql.lock",
        "KILL": "sql.kill",
        "CANCEL": "sql.kill",
        "PAUSE": "sql.kill",
        "RESUME": "sql.system",
        "SHUTDOWN": "sql.shutdown",
        "PURGE": "sql.purge-logs",
        "RESTORE": "sql.restore",
        "BACKUP": "sql.backup",
        "IMPORT": "sql.load-data",
        "EXPORT": "sql.backup",
        "SYSTEM": "sql.system",
        "FLUSH": "sql.maintenance",
        "VACUUM": "sql.maintenance",
        "ANALYZE": "sql.maintenance",
        "ANALYSE": "sql.maintenance",
        "REINDEX": "sql.maintenance",
        "CLUSTER": "sql.maintenance",
        "CHECKPOINT": "sql.maintenance",
        "OPTIMIZE": "sql.maintenance",
        "REPAIR": "sql.maintenance",
        "REFRESH": "sql.maintenance",
        "COMMENT": "sql.comment",
        "SECURITY": "sql.comment",
        "REASSIGN": "sql.alter-role",
        # unverifiable
        "DO": "sql.dynamic.unknown",
        "EXECUTE": "sql.dynamic.unknown",
        "EXEC": "sql.dynamic.unknown",
        "PREPARE": "sql.dynamic.unknown",
        "CALL": "sql.call.unknown",
        "HANDLER": "sql.select",
    }
)
"""A statement's first keyword → its rule (special forms aside)."""

DROP_OBJECTS: Mapping[str, str] = MappingProxyType(
    {
        "TABLE": "sql.drop-table",
        "DATABASE": "sql.drop-database",
        "SCHEMA": "sql.drop-schema",
        "OWNED": "sql.drop-owned",
    }
)
"""The word after ``DROP`` → rule; any other object is ``sql.drop-object``."""

ALTER_OBJECTS: Mapping[str, str] = MappingProxyType(
    {
        "USER": "sql.alter-role",
        "ROLE": "sql.alter-role",
        "GROUP": "sql.alter-role",
        "LOGIN": "sql.alter-role",
        "DEFAULT": "sql.grant",
    }
)
"""The word after ``ALTER`` → rule; ``TABLE`` is walked for ``DROP``."""

TAUTOLOGY_WORDS: frozenset[str] = frozenset({"TRUE", "ON", "YES"})
"""A WHERE clause made of only one of these words is always true."""

FUNCTIONS: Mapping[str, str] = MappingProxyType(
    {
        "PG_TERMINATE_BACKEND": "sql.function.terminate",
        "PG_CANCEL_BACKEND": "sql.function.cancel",
        "PG_DROP_REPLICATION_SLOT": "sql.function.drop-slot",
        "LO_UNLINK": "sql.function.large-object",
        "LO_EXPORT": "sql.function.file-write",
        "PG_FILE_WRITE": "sql.function.file-write",
        "PG_RELOAD_CONF": "sql.function.config",
        "SET_CONFIG": "sql.session",
        "PG_PROMOTE": "sql.function.promote",
        "DBLINK_EXEC": "sql.function.dynamic.unknown",
        "DBLINK": "sql.function.dynamic.unknown",
        "QUERY_TO_XML": "sql.function.dynamic.unknown",
        "SYS_EXEC": "sql.function.dynamic.unknown",
        "SYS_EVAL": "sql.function.dynamic.unknown",
        "LOAD_EXTENSION": "sql.client.extension.unknown",
        "WRITEFILE": "sql.function.file-write",
        "EDIT": "sql.client.editor.unknown",
    }
)
"""Functions whose call, even inside a SELECT, changes something."""

CLIENT_COMMANDS: Mapping[str, str] = MappingProxyType(
    {
        # psql (https://www.postgresql.org/docs/current/app-psql.html)
        "\\!": "sql.client.shell",
        "\\copy": "sql.copy.stdin",
        "\\i": "sql.client.include.unknown",
        "\\include": "sql.client.include.unknown",
        "\\ir": "sql.client.include.unknown",
        "\\include_relative": "sql.client.include.unknown",
        "\\gexec": "sql.client.gexec.unknown",
        "\\e": "sql.client.editor.unknown",
        "\\edit": "sql.client.editor.unknown",
        "\\ef": "sql.client.editor.unknown",
        "\\ev": "sql.client.editor.unknown",
        "\\lo_unlink": "sql.client.lo-unlink",
        "\\lo_import": "sql.client.import",
        "\\lo_export": "sql.client.local",
        "\\password": "sql.client.password",
        "\\o": "sql.client.local",
        "\\out": "sql.client.local",
        "\\g": "sql.client.local",
        "\\w": "sql.client.local",
        "\\write": "sql.client.local",
        "\\gx": "sql.client.local",
        "\\gset": "sql.client.local",
        "\\set": "sql.client.local",
        "\\unset": "sql.client.local",
        "\\setenv": "sql.client.local",
        "\\pset": "sql.client.local",
        "\\a": "sql.client.local",
        "\\t": "sql.client.local",
        "\\x": "sql.client.local",
        "\\f": "sql.client.local",
        "\\H": "sql.client.local",
        "\\C": "sql.client.local",
        "\\T": "sql.client.local",
        "\\timing": "sql.client.local",
        "\\c": "sql.client.local",
        "\\connect": "sql.client.local",
        "\\cd": "sql.client.local",
        "\\encoding": "sql.client.local",
        "\\prompt": "sql.client.local",
        "\\echo": "sql.client.read",
        "\\qecho": "sql.client.read",
        "\\warn": "sql.client.read",
        "\\q": "sql.client.read",
        "\\quit": "sql.client.read",
        "\\r": "sql.client.read",
        "\\reset": "sql.client.read",
        "\\p": "sql.client.read",
        "\\print": "sql.client.read",
        "\\s": "sql.client.read",
        "\\conninfo": "sql.client.read",
        "\\copyright": "sql.client.read",
        "\\errverbose": "sql.client.read",
        "\\h": "sql.client.read",
        "\\help": "sql.client.read",
        "\\?": "sql.client.read",
        "\\l": "sql.client.read",
        "\\list": "sql.client.read",
        "\\lo_list": "sql.client.read",
        "\\z": "sql.client.read",
        "\\sf": "sql.client.read",
        "\\sv": "sql.client.read",
        "\\if": "sql.client.read",
        "\\elif": "sql.client.read",
        "\\else": "sql.client.read",
        "\\endif": "sql.client.read",
        "\\watch": "sql.client.read",
        "\\crosstabview": "sql.client.read",
        "\\gdesc": "sql.client.read",
        "\\bind": "sql.client.local",
        "\\getenv": "sql.client.local",
        # psql \d… describe commands all read: matched by prefix.
        "\\d": "sql.client.read",
        # mysql client (https://dev.mysql.com/doc/refman/8.0/en/mysql-commands.html)
        "system": "sql.client.shell",
        "pager": "sql.client.shell",
        "source": "sql.client.include.unknown",
        "edit": "sql.client.editor.unknown",
        "tee": "sql.client.local",
        "use": "sql.client.local",
        "connect": "sql.client.local",
        "charset": "sql.client.local",
        "prompt": "sql.client.local",
        # sqlite3 (https://sqlite.org/cli.html)
        ".shell": "sql.client.shell",
        ".system": "sql.client.shell",
        ".read": "sql.client.include.unknown",
        ".load": "sql.client.extension.unknown",
        ".import": "sql.client.import",
        ".restore": "sql.client.restore",
        ".edit": "sql.client.editor.unknown",
        ".archive": "sql.client.import",
        ".ar": "sql.client.import",
        ".recover": "sql.client.read",
        ".output": "sql.client.local",
        ".once": "sql.client.local",
        ".excel": "sql.client.local",
        ".backup": "sql.backup",
        ".save": "sql.backup",
        ".clone": "sql.backup",
        ".dump": "sql.client.read",
        ".open": "sql.client.local",
        ".cd": "sql.client.local",
        ".mode": "sql.client.local",
        ".headers": "sql.client.local",
        ".header": "sql.client.local",
        ".separator": "sql.client.local",
        ".nullvalue": "sql.client.local",
        ".width": "sql.client.local",
        ".timer": "sql.client.local",
        ".bail": "sql.client.local",
        ".echo": "sql.client.local",
        ".changes": "sql.client.local",
        ".print": "sql.client.read",
        ".prompt": "sql.client.local",
        ".quit": "sql.client.read",
        ".exit": "sql.client.read",
        ".help": "sql.client.read",
        ".show": "sql.client.read",
        ".tables": "sql.client.read",
        ".table": "sql.client.read",
        ".schema": "sql.client.read",
        ".fullschema": "sql.client.read",
        ".indexes": "sql.client.read",
        ".indices": "sql.client.read",
        ".databases": "sql.client.read",
        ".dbinfo": "sql.client.read",
        ".stats": "sql.client.read",
        ".eqp": "sql.client.local",
        ".explain": "sql.client.local",
        ".sha3sum": "sql.client.read",
        ".lint": "sql.client.read",
        ".version": "sql.client.read",
        ".log": "sql.client.local",
        ".limit": "sql.client.local",
        ".parameter": "sql.client.local",
    }
)
"""Client commands (psql ``\\x``, mysql ``system``, sqlite3 ``.x``) → rule."""
