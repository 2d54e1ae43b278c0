"""
Tests for the data-store analyzers: redis-cli, etcdctl/etcdutl, mongosh.

Command tables follow each tool's documentation: redis-cli
(redis.io/docs/latest/develop/tools/cli/, redis.io/docs/latest/commands/),
etcdctl (etcd.io/docs/v3.6/tutorials/how-to-delete-keys/, etcdctl README:
``del [options] <key> [range_end]`` with ``--prefix``, ``--from-key``),
etcdutl (etcd.io/docs/latest/op-guide/recovery/) and mongosh
(mongodb.com/docs/mongodb-shell/reference/options/ and /methods/).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

import blastradius

from blastradius import Finding, SimpleCommand, Tier
from blastradius.analyzers import (
    DEFAULT_REGISTRY,
    Analyzer,
    Context,
    Output,
    datastore,
)
from blastradius.families.datastore.rules import (
    ETCD_COMMANDS,
    ETCD_V2_COMMANDS,
    MONGO_COMMANDS,
    MONGO_FUNCTIONS,
    MONGO_METHODS,
    REDIS_COMMANDS,
    REDIS_SUBCOMMANDS,
    RULES,
    RULES_BY_ID,
)


def score(
    argv: Sequence[str], stdin: str | None = None, *, unknown: bool = False
) -> blastradius.Assessment:
    """
    Score *argv*, fed *stdin* (as the shell layer does for ``echo … |``,
    heredocs and herestrings) when given.
    """
    if stdin is None and not unknown:
        return blastradius.score(list(argv))
    program = SimpleCommand(argv=argv).program
    inner = DEFAULT_REGISTRY[program]

    def fed(cmd: SimpleCommand, ctx: Context) -> Iterable[Output]:
        return inner(
            attrs.evolve(cmd, stdin=stdin, stdin_unknown=unknown), ctx
        )

    registry: dict[str, Analyzer] = {**DEFAULT_REGISTRY, program: fed}
    return blastradius.score(list(argv), registry=registry)


CASES: tuple[tuple[tuple[str, ...], str | None, Tier, str], ...] = (
    # -- redis-cli: commands after the options -------------------------------
    (("redis-cli", "FLUSHALL"), None, Tier.BLOCKED, "redis.flushall"),
    (("redis-cli", "flushall", "ASYNC"), None, Tier.BLOCKED, "redis.flushall"),
    (
        (
            "redis-cli",
            "-h",
            "cache",
            "-p",
            "6380",
            "-a",
            "pw",
            "-n",
            "2",
            "FLUSHDB",
        ),
        None,
        Tier.DUAL,
        "redis.flushdb",
    ),
    (
        ("redis-cli", "-u", "redis://h:6379/0", "FLUSHALL"),
        None,
        Tier.BLOCKED,
        "redis.flushall",
    ),
    (
        ("redis-cli", "--user", "u", "--pass", "p", "GET", "k"),
        None,
        Tier.AUTO,
        "redis.read",
    ),
    (("redis-cli", "-h", "FLUSHALL", "PING"), None, Tier.AUTO, "redis.read"),
    (
        ("redis-cli", "-r", "100", "-i", "1", "INFO"),
        None,
        Tier.AUTO,
        "redis.read",
    ),
    (("redis-cli", "DEL", "session:1"), None, Tier.HUMAN, "redis.del"),
    (("redis-cli", "UNLINK", "a", "b"), None, Tier.HUMAN, "redis.del"),
    (
        ("redis-cli", "CONFIG", "SET", "dir", "/var/www"),
        None,
        Tier.DUAL,
        "redis.config-set.persistence",
    ),
    (
        ("redis-cli", "config", "set", "dbfilename", "x.php"),
        None,
        Tier.DUAL,
        "redis.config-set.persistence",
    ),
    (
        ("redis-cli", "CONFIG", "SET", "maxmemory", "1gb"),
        None,
        Tier.HUMAN,
        "redis.config-set",
    ),
    (("redis-cli", "CONFIG", "GET", "*"), None, Tier.AUTO, "redis.read"),
    (("redis-cli", "SHUTDOWN", "NOSAVE"), None, Tier.DUAL, "redis.shutdown"),
    (("redis-cli", "DEBUG", "SEGFAULT"), None, Tier.DUAL, "redis.debug"),
    (
        ("redis-cli", "REPLICAOF", "evil", "6379"),
        None,
        Tier.DUAL,
        "redis.replicaof",
    ),
    (
        ("redis-cli", "REPLICAOF", "NO", "ONE"),
        None,
        Tier.HUMAN,
        "redis.promote",
    ),
    (
        ("redis-cli", "EVAL", "return 1", "0"),
        None,
        Tier.HUMAN,
        "redis.script.unknown",
    ),
    (
        ("redis-cli", "EVAL", "return redis.call('FLUSHALL')", "0"),
        None,
        Tier.BLOCKED,
        "redis.flushall",
    ),
    (("redis-cli", "SCRIPT", "FLUSH"), None, Tier.HUMAN, "redis.script-flush"),
    (("redis-cli", "KEYS", "*"), None, Tier.AUTO, "redis.keys"),
    (("redis-cli", "SCAN", "0"), None, Tier.AUTO, "redis.read"),
    (("redis-cli", "SET", "k", "v"), None, Tier.HUMAN, "redis.write"),
    (
        ("redis-cli", "CLUSTER", "RESET", "HARD"),
        None,
        Tier.DUAL,
        "redis.cluster.destructive",
    ),
    (("redis-cli", "CLUSTER", "NODES"), None, Tier.AUTO, "redis.read"),
    (
        ("redis-cli", "MODULE", "LOAD", "/opt/x.so"),
        None,
        Tier.HUMAN,
        "redis.module.unknown",
    ),
    (("redis-cli", "FROBNICATE"), None, Tier.HUMAN, "redis.unknown"),
    (("redis-cli", "--bigkeys"), None, Tier.AUTO, "redis.scan-tool"),
    (("redis-cli", "--version"), None, Tier.AUTO, "redis.read"),
    (
        ("redis-cli", "--eval", "script.lua", "k", ",", "a"),
        None,
        Tier.HUMAN,
        "redis.file.unknown",
    ),
    (
        ("redis-cli", "--cluster", "call", "h:7000", "FLUSHALL"),
        None,
        Tier.BLOCKED,
        "redis.flushall",
    ),
    (
        ("redis-cli", "--cluster", "check", "h:7000"),
        None,
        Tier.AUTO,
        "redis.read",
    ),
    (
        ("redis-cli", "--cluster", "reshard", "h:7000"),
        None,
        Tier.DUAL,
        "redis.bulk-tool",
    ),
    (("valkey-cli", "FLUSHALL"), None, Tier.BLOCKED, "redis.flushall"),
    # -- redis-cli: standard input -------------------------------------------
    (("redis-cli",), "FLUSHALL\n", Tier.BLOCKED, "redis.flushall"),
    (("redis-cli", "-n", "1"), "GET a\nflushdb\n", Tier.DUAL, "redis.flushdb"),
    (("redis-cli",), 'SET k "a b"\r\nGET k\r\n', Tier.HUMAN, "redis.write"),
    (
        ("redis-cli", "--pipe"),
        "*1\r\n$8\r\nFLUSHALL\r\n",
        Tier.BLOCKED,
        "redis.flushall",
    ),
    (("redis-cli",), "", Tier.AUTO, ""),
    # -- etcdctl ---------------------------------------------------------------
    (("etcdctl", "del", "", "--prefix"), None, Tier.BLOCKED, "etcd.del.all"),
    (("etcdctl", "del", "--prefix", "/"), None, Tier.BLOCKED, "etcd.del.all"),
    (
        ("etcdctl", "del", "/registry", "--prefix"),
        None,
        Tier.BLOCKED,
        "etcd.del.all",
    ),
    (("etcdctl", "del", "", "--from-key"), None, Tier.BLOCKED, "etcd.del.all"),
    (
        ("etcdctl", "del", "--from-key=true", ""),
        None,
        Tier.BLOCKED,
        "etcd.del.all",
    ),
    (
        (
            "etcdctl",
            "--endpoints=https://10.0.0.1:2379",
            "--cacert",
            "/ca.crt",
            "del",
            "/registry/",
            "--prefix",
        ),
        None,
        Tier.BLOCKED,
        "etcd.del.all",
    ),
    (
        ("etcdctl", "del", "/registry/pods/prod", "--prefix"),
        None,
        Tier.DUAL,
        "etcd.del.prefix",
    ),
    (("etcdctl", "del", "a", "z"), None, Tier.DUAL, "etcd.del.prefix"),
    (
        ("etcdctl", "del", "/registry/pods/prod/api-1"),
        None,
        Tier.DUAL,
        "etcd.del",
    ),
    (("etcdctl", "del", ""), None, Tier.DUAL, "etcd.del"),
    (("etcdctl", "put", "foo", "bar"), None, Tier.HUMAN, "etcd.put"),
    (
        ("etcdctl", "get", "", "--prefix", "--keys-only"),
        None,
        Tier.AUTO,
        "etcd.read",
    ),
    (
        ("etcdctl", "-w", "table", "member", "list"),
        None,
        Tier.AUTO,
        "etcd.read",
    ),
    (
        ("etcdctl", "--write-out=json", "endpoint", "status"),
        None,
        Tier.AUTO,
        "etcd.read",
    ),
    (("etcdctl", "endpoint", "health"), None, Tier.AUTO, "etcd.read"),
    (
        ("etcdctl", "snapshot", "save", "/backup/s.db"),
        None,
        Tier.AUTO,
        "etcd.backup",
    ),
    (
        ("etcdctl", "snapshot", "restore", "s.db"),
        None,
        Tier.DUAL,
        "etcd.snapshot.restore",
    ),
    (
        (
            "etcdutl",
            "snapshot",
            "restore",
            "s.db",
            "--data-dir",
            "/var/lib/etcd",
        ),
        None,
        Tier.DUAL,
        "etcd.snapshot.restore",
    ),
    (("etcdctl", "defrag"), None, Tier.HUMAN, "etcd.defrag"),
    (("etcdctl", "compaction", "1234"), None, Tier.HUMAN, "etcd.compaction"),
    (
        ("etcdctl", "member", "remove", "8e9e05c52164694d"),
        None,
        Tier.DUAL,
        "etcd.member.remove",
    ),
    (("etcdctl", "frobnicate"), None, Tier.HUMAN, "etcd.unknown"),
    (
        ("etcdctl", "txn"),
        'mod("k") > "0"\n\ndel --prefix ""\n\n',
        Tier.BLOCKED,
        "etcd.del.all",
    ),
    (
        ("etcdctl", "txn"),
        'value("k") = "v"\n\nput k w\n\n',
        Tier.HUMAN,
        "etcd.put",
    ),
    (("etcdctl", "rm", "-r", "/"), None, Tier.BLOCKED, "etcd.del.all"),
    # -- mongosh / mongo -------------------------------------------------------
    (
        ("mongosh", "--eval", "db.dropDatabase()"),
        None,
        Tier.BLOCKED,
        "mongo.drop-database",
    ),
    (
        ("mongosh", "mongodb://h:27017/app", "--eval", "db.users.drop()"),
        None,
        Tier.BLOCKED,
        "mongo.drop-collection",
    ),
    (
        ("mongosh", "--eval", "db.getCollection('users').drop()"),
        None,
        Tier.BLOCKED,
        "mongo.drop-collection",
    ),
    (
        ("mongosh", "--eval", "db.getSiblingDB('app').dropDatabase()"),
        None,
        Tier.BLOCKED,
        "mongo.drop-database",
    ),
    (
        ("mongosh", "--eval", "db.runCommand({drop: 'users'})"),
        None,
        Tier.BLOCKED,
        "mongo.drop-collection",
    ),
    (
        ("mongosh", "--eval", "db.users.deleteMany({})"),
        None,
        Tier.DUAL,
        "mongo.delete.all",
    ),
    (
        ("mongosh", "--eval", "db.users.deleteMany( { /* all */ } )"),
        None,
        Tier.DUAL,
        "mongo.delete.all",
    ),
    (
        ("mongosh", "--eval", "db.users.remove({})"),
        None,
        Tier.DUAL,
        "mongo.delete.all",
    ),
    (
        ("mongosh", "--eval", "db.users.deleteMany({age: {$lt: 18}})"),
        None,
        Tier.HUMAN,
        "mongo.delete",
    ),
    (
        ("mongosh", "--eval", "db.users.deleteOne({_id: 1})"),
        None,
        Tier.HUMAN,
        "mongo.delete",
    ),
    (
        ("mongosh", "--eval", "db.users.deleteMany(filter)"),
        None,
        Tier.HUMAN,
        "mongo.dynamic.unknown",
    ),
    (
        ("mongosh", "--eval", "db.users.updateMany({}, {$set: {a: 1}})"),
        None,
        Tier.DUAL,
        "mongo.update.all",
    ),
    (
        ("mongosh", "--eval", "db.users.updateMany({a: 1}, {$set: {a: 2}})"),
        None,
        Tier.HUMAN,
        "mongo.update",
    ),
    (
        ("mongosh", "--eval", "db.dropUser('bob')"),
        None,
        Tier.DUAL,
        "mongo.drop-user",
    ),
    (
        ("mongosh", "--eval", "db.dropAllUsers()"),
        None,
        Tier.DUAL,
        "mongo.drop-all-users",
    ),
    (
        ("mongosh", "--eval", "db.users.find({}).limit(5)"),
        None,
        Tier.AUTO,
        "mongo.read",
    ),
    (
        ("mongosh", "--quiet", "--eval", "db.users.countDocuments()"),
        None,
        Tier.AUTO,
        "mongo.read",
    ),
    (
        ("mongo", "app", "--eval", "printjson(db.getCollectionNames())"),
        None,
        Tier.AUTO,
        "mongo.read",
    ),
    (("mongosh", "--eval", "rs.status()"), None, Tier.AUTO, "mongo.read"),
    (
        ("mongosh", "--eval", "db.adminCommand({shutdown: 1})"),
        None,
        Tier.DUAL,
        "mongo.shutdown",
    ),
    (
        ("mongosh", "--eval", "db.users.aggregate([{$out: 'x'}])"),
        None,
        Tier.HUMAN,
        "mongo.write",
    ),
    (
        ("mongosh", "--eval", "'db.dropDatabase()'; db.users.find()"),
        None,
        Tier.AUTO,
        "mongo.read",
    ),
    (
        ("mongosh", "--eval", "// db.dropDatabase()\ndb.users.find()"),
        None,
        Tier.AUTO,
        "mongo.read",
    ),
    (
        ("mongosh", "--eval", "eval('db.dropDatabase()')"),
        None,
        Tier.BLOCKED,
        "mongo.drop-database",
    ),
    (
        ("mongosh", "--eval", "eval(code)"),
        None,
        Tier.HUMAN,
        "mongo.dynamic.unknown",
    ),
    (
        ("mongosh", "--eval", "load('wipe.js')"),
        None,
        Tier.HUMAN,
        "mongo.dynamic.unknown",
    ),
    (
        ("mongosh", "--eval", "db.users.frobnicate()"),
        None,
        Tier.HUMAN,
        "mongo.method.unknown",
    ),
    (("mongosh", "wipe.js"), None, Tier.HUMAN, "mongo.file.unknown"),
    (("mongosh", "-f", "wipe.js"), None, Tier.HUMAN, "mongo.file.unknown"),
    (("mongosh", "--version"), None, Tier.AUTO, "mongo.client.version"),
    (
        ("mongosh", "-u", "admin", "-p", "pw", "h/db"),
        "db.users.drop()",
        Tier.BLOCKED,
        "mongo.drop-collection",
    ),
)


class TestDatastoreTable:
    @pytest.mark.parametrize(
        ("argv", "stdin", "tier", "rule"),
        CASES,
        ids=[
            " ".join(c[0]) + (f" <<< {c[1]!r}" if c[1] is not None else "")
            for c in CASES
        ],
    )
    def test_case(
        self, argv: tuple[str, ...], stdin: str | None, tier: Tier, rule: str
    ) -> None:
        """
        Each documented command gets its expected tier and rule id.
        """
        got = score(argv, stdin)
        if rule:
            assert rule in {f.rule for f in got.findings}, got.reasons
        assert got.tier is tier, got.reasons

    @pytest.mark.parametrize(
        "line",
        [
            "echo FLUSHALL | redis-cli",
            "printf 'GET a\\nFLUSHALL\\n' | redis-cli -h cache",
            "redis-cli <<< FLUSHALL",
            "redis-cli <<EOF\nFLUSHALL\nEOF",
        ],
    )
    def test_stdin_through_the_shell(self, line: str) -> None:
        """
        Commands fed to redis-cli by the shell (pipe, herestring, heredoc)
        are analysed.
        """
        got = blastradius.score(line)
        assert got.tier is Tier.BLOCKED, got.reasons
        assert "redis.flushall" in {f.rule for f in got.findings}

    def test_unknown_stdin(self) -> None:
        """
        Commands read from an unknown standard input are unverifiable.
        """
        for argv in (["redis-cli"], ["mongosh"], ["etcdctl", "txn"]):
            got = score(argv, None, unknown=True)
            assert got.tier is Tier.HUMAN, argv
            assert any(f.rule.endswith(".unknown") for f in got.findings)

    def test_dynamic_key(self) -> None:
        """
        A key only known at run time is unknown; the delete still counts.
        """
        cmd = SimpleCommand(
            argv=["etcdctl", "del", "$K", "--prefix"],
            dynamic=[False, False, True, False],
        )
        found = list(datastore.ANALYZERS["etcdctl"](cmd, _NoCtx()))
        rules = {f.rule for f in found if isinstance(f, Finding)}
        assert len(rules) == len(found)
        assert rules == {"etcd.argument.unknown", "etcd.del.prefix"}


class _NoCtx:
    policy = blastradius.Policy()

    def script(self, text: str, *, via: str) -> tuple[Finding, ...]:
        raise AssertionError(text)

    def argv(
        self, argv: Iterable[str], *, via: str, dynamic: bool = False
    ) -> tuple[Finding, ...]:
        raise AssertionError(list(argv))


class TestRedisLines:
    def test_split_quotes(self) -> None:
        """
        redis-cli splits lines on white space, honouring quotes.
        """
        assert datastore.split_redis_line('SET k "a \\"b\\"" \'c d\'') == [
            "SET",
            "k",
            'a "b"',
            "c d",
        ]

    @given(st.text(max_size=80))
    def test_total(self, text: str) -> None:
        """
        Any standard input yields known rules and never raises.
        """
        got = score(["redis-cli"], text)
        assert all(f.rule for f in got.findings)
        assert 0 <= got.score <= 100

    @given(
        st.sampled_from(sorted(REDIS_COMMANDS)),
        st.lists(st.text(max_size=8), max_size=3),
    )
    def test_case_never_matters(self, name: str, args: list[str]) -> None:
        """
        Redis command names are case-insensitive.
        """
        upper = datastore.redis_rules([name, *args])
        lower = datastore.redis_rules([name.lower(), *args])
        assert [r for r, _w in upper] == [r for r, _w in lower]


class TestMongoScripts:
    @given(st.text(max_size=80))
    def test_total(self, text: str) -> None:
        """
        Any script yields known rules and never raises.
        """
        for rule, _words in datastore.mongo_rules(text):
            assert rule in RULES_BY_ID

    def test_strings_and_comments_are_not_calls(self) -> None:
        """
        Text inside strings and comments is never taken for a call.
        """
        script = "print('db.dropDatabase()') /* db.x.drop() */ // db.y.drop()"
        assert [r for r, _w in datastore.mongo_rules(script)] == ["mongo.read"]


class TestTables:
    def test_table_ids_exist(self) -> None:
        """
        Every rule a lookup table names is a row of RULES.
        """
        for table in (
            REDIS_COMMANDS,
            REDIS_SUBCOMMANDS,
            ETCD_COMMANDS,
            ETCD_V2_COMMANDS,
            MONGO_METHODS,
            MONGO_FUNCTIONS,
            MONGO_COMMANDS,
        ):
            for rule in table.values():
                assert rule in RULES_BY_ID, rule

    def test_ids(self) -> None:
        """
        Ids are unique, prefixed by family, and unknowns end in .unknown.
        """
        ids = [r.id for r in RULES]
        assert len(ids) == len(set(ids))
        for row in RULES:
            assert row.id.split(".")[0] in {"redis", "etcd", "mongo"}
            assert (row.kind.value == "unknown") == row.id.endswith(".unknown")

    def test_hard_rules(self) -> None:
        """
        The hard rules are the documented decisions.
        """
        hard = {r.id for r in RULES if r.kind.value == "hard"}
        assert hard == {
            "redis.flushall",
            "etcd.del.all",
            "mongo.drop-database",
            "mongo.drop-collection",
        }


# Corner cases (each checked by hand against the client's documentation).
EDGE_CASES: tuple[tuple[tuple[str, ...], Tier, str], ...] = (
    (("redis-cli", "--pipe"), Tier.HUMAN, "redis.stdin.unknown"),
    (("redis-cli", "--stat"), Tier.AUTO, "redis.scan-tool"),
    (("etcdctl", "--version"), Tier.AUTO, "etcd.read"),
    (("etcdctl", "del"), Tier.HUMAN, "etcd.unknown"),
    (("etcdctl",), Tier.HUMAN, "etcd.unknown"),
    (
        ("mongosh", "--eval", "db.users.deleteMany()"),
        Tier.DUAL,
        "mongo.delete.all",
    ),
    (
        ("mongosh", "--eval", "rs.remove('h:27017')"),
        Tier.DUAL,
        "mongo.replica-set",
    ),
    (
        ("mongosh", "--eval", "db.a.renameCollection('b', true)"),
        Tier.BLOCKED,
        "mongo.drop-collection",
    ),
    (("mongosh", "--eval", "db.runCommand('ping')"), Tier.AUTO, "mongo.read"),
    (
        ("mongosh", "--eval", "db.runCommand(cmd)"),
        Tier.HUMAN,
        "mongo.dynamic.unknown",
    ),
    (
        ("mongosh", "--eval", "db.runCommand({frob: 1})"),
        Tier.HUMAN,
        "mongo.method.unknown",
    ),
    (("mongosh", "--nodb", "--eval", "1"), Tier.AUTO, "mongo.read"),
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
