"""
Rules for data stores: redis-cli (and valkey-cli, keydb-cli), etcdctl and
etcdutl, mongosh and the legacy mongo shell.

Decisions (see ``docs/analyzers-data.md``):

- ``FLUSHALL`` wipes every database of a Redis server: a hard rule,
  ``redis.flushall`` (blocked), like ``DROP DATABASE``. ``FLUSHDB`` wipes
  one database: ``DUAL``.
- ``etcdctl del`` of the whole keyspace (``--prefix`` or ``--from-key`` on
  the empty key, ``/`` or ``/registry``, the Kubernetes root) destroys a
  cluster's state: a hard rule, ``etcd.del.all``. A narrower prefix or
  range is ``DUAL``; one key is ``DUAL`` too (the API server is bypassed).
- ``dropDatabase()`` and a collection's ``drop()`` are hard rules, as
  ``DROP DATABASE`` / ``DROP TABLE`` are for SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from blastradius._model import Effect, Kind
from blastradius.rules._rulerow import Rule, index


__all__ = [
    "ETCD_COMMANDS",
    "ETCD_V2_COMMANDS",
    "MONGO_COMMANDS",
    "MONGO_FUNCTIONS",
    "MONGO_METHODS",
    "REDIS_COMMANDS",
    "REDIS_SUBCOMMANDS",
    "RULES",
    "RULES_BY_ID",
]

_R = Effect.READ_ONLY
_L = Effect.LOCAL
_M = Effect.MUTATING
_D = Effect.DESTRUCTIVE
_U = Effect.UNKNOWN
_HARD = Kind.HARD
_UNK = Kind.UNKNOWN

RULES: tuple[Rule, ...] = (
    # -- redis ---------------------------------------------------------------
    Rule(
        "redis.flushall",
        100,
        _D,
        "FLUSHALL deletes every key of every database",
        _HARD,
    ),
    Rule("redis.flushdb", 85, _D, "FLUSHDB deletes every key of a database"),
    Rule("redis.del", 45, _D, "deletes keys"),
    Rule(
        "redis.config-set.persistence",
        90,
        _D,
        "CONFIG SET dir/dbfilename can write files anywhere (a known "
        "remote-code-execution path)",
    ),
    Rule("redis.config-set", 40, _M, "changes server configuration"),
    Rule("redis.shutdown", 80, _D, "stops the server"),
    Rule("redis.debug", 70, _D, "DEBUG can crash, block or reload the server"),
    Rule(
        "redis.replicaof",
        80,
        _D,
        "REPLICAOF host port replaces the dataset with the master's",
    ),
    Rule("redis.promote", 50, _M, "REPLICAOF NO ONE promotes a replica"),
    Rule("redis.swapdb", 70, _D, "swaps two whole databases"),
    Rule(
        "redis.cluster.destructive",
        80,
        _D,
        "resets, fails over or removes cluster nodes or slots",
    ),
    Rule("redis.cluster.admin", 40, _M, "changes the cluster"),
    Rule("redis.acl", 40, _M, "changes users and permissions"),
    Rule("redis.client-kill", 30, _M, "kills or pauses clients"),
    Rule("redis.script-flush", 30, _D, "deletes cached scripts/functions"),
    Rule("redis.migrate", 45, _D, "moves keys to another server"),
    Rule("redis.write", 20, _M, "writes keys"),
    Rule("redis.persist", 10, _L, "writes a snapshot or rewrites the AOF"),
    Rule("redis.keys", 10, _R, "KEYS scans the whole keyspace (blocking)"),
    Rule("redis.read", 0, _R, "reads"),
    Rule("redis.session", 0, _L, "connection and transaction commands"),
    Rule("redis.reset-stats", 5, _L, "resets statistics"),
    Rule(
        "redis.bulk-tool", 60, _M, "a cluster management tool that moves data"
    ),
    Rule("redis.scan-tool", 5, _R, "scans the keyspace for statistics"),
    Rule(
        "redis.script.unknown",
        0,
        _U,
        "runs a server-side script whose effect is not known",
        _UNK,
    ),
    Rule("redis.module.unknown", 0, _U, "loads a server module", _UNK),
    Rule("redis.unknown", 0, _U, "a command not known", _UNK),
    Rule(
        "redis.stdin.unknown",
        0,
        _U,
        "commands read from a standard input that is not known",
        _UNK,
    ),
    Rule(
        "redis.file.unknown",
        0,
        _U,
        "a script file whose contents are not known",
        _UNK,
    ),
    Rule(
        "redis.argument.unknown",
        0,
        _U,
        "an argument only known at run time",
        _UNK,
    ),
    # -- etcd ----------------------------------------------------------------
    Rule(
        "etcd.del.all",
        100,
        _D,
        "deletes every key (a Kubernetes cluster's whole state)",
        _HARD,
    ),
    Rule("etcd.del.prefix", 90, _D, "deletes every key under a prefix/range"),
    Rule("etcd.del", 65, _D, "deletes a key, bypassing any API server"),
    Rule("etcd.put", 40, _M, "writes a key, bypassing any API server"),
    Rule("etcd.snapshot.restore", 80, _D, "restores a snapshot (rolls back)"),
    Rule("etcd.member.remove", 80, _D, "removes a member (quorum risk)"),
    Rule("etcd.member.change", 50, _M, "adds, updates or promotes a member"),
    Rule("etcd.lease.revoke", 45, _D, "revokes a lease and its keys"),
    Rule("etcd.compaction", 30, _M, "compacts history (old revisions lost)"),
    Rule("etcd.defrag", 20, _M, "defragments the backend (blocks a member)"),
    Rule("etcd.auth", 50, _M, "changes authentication"),
    Rule("etcd.user", 40, _M, "changes users or roles"),
    Rule("etcd.alarm", 20, _M, "disarms alarms"),
    Rule("etcd.mirror", 60, _M, "writes keys to another cluster"),
    Rule("etcd.downgrade", 70, _M, "downgrades the cluster version"),
    Rule("etcd.move-leader", 30, _M, "moves the leader"),
    Rule("etcd.lock", 10, _M, "takes a lock or campaigns in an election"),
    Rule("etcd.lease", 10, _M, "grants or keeps a lease alive"),
    Rule("etcd.check", 15, _M, "a performance check that writes test keys"),
    Rule("etcd.read", 0, _R, "reads keys or cluster status"),
    Rule("etcd.backup", 5, _L, "writes a local snapshot or backup"),
    Rule("etcd.unknown", 0, _U, "an etcdctl command not known", _UNK),
    Rule(
        "etcd.txn.unknown",
        0,
        _U,
        "a transaction read from a standard input that is not known",
        _UNK,
    ),
    Rule(
        "etcd.argument.unknown",
        0,
        _U,
        "a key only known at run time",
        _UNK,
    ),
    # -- mongo ---------------------------------------------------------------
    Rule(
        "mongo.drop-database",
        100,
        _D,
        "dropDatabase() destroys a whole database",
        _HARD,
    ),
    Rule(
        "mongo.drop-collection",
        100,
        _D,
        "drop() destroys a whole collection",
        _HARD,
    ),
    Rule(
        "mongo.delete.all",
        85,
        _D,
        "deletes every document of a collection",
    ),
    Rule("mongo.delete", 35, _D, "deletes the documents a filter selects"),
    Rule("mongo.update.all", 75, _D, "updates every document of a collection"),
    Rule("mongo.update", 30, _M, "updates the documents a filter selects"),
    Rule("mongo.drop-all-users", 85, _D, "drops every user or role"),
    Rule("mongo.drop-user", 60, _D, "drops a user or role"),
    Rule("mongo.drop-index", 50, _D, "drops indexes"),
    Rule("mongo.rename", 40, _M, "renames a collection"),
    Rule("mongo.shutdown", 80, _D, "shuts the server down"),
    Rule("mongo.replica-set", 70, _D, "reconfigures a replica set"),
    Rule("mongo.step-down", 50, _M, "steps a primary down"),
    Rule("mongo.sharding", 40, _M, "changes sharding"),
    Rule("mongo.user", 40, _M, "creates or changes users and roles"),
    Rule("mongo.kill", 30, _M, "kills operations or sessions"),
    Rule("mongo.admin", 20, _M, "an administrative change"),
    Rule("mongo.write", 20, _M, "inserts or creates"),
    Rule("mongo.read", 0, _R, "reads"),
    Rule(
        "mongo.dynamic.unknown",
        0,
        _U,
        "code or a filter only known at run time",
        _UNK,
    ),
    Rule("mongo.method.unknown", 0, _U, "a method not known", _UNK),
    Rule(
        "mongo.file.unknown",
        0,
        _U,
        "a script file whose contents are not known",
        _UNK,
    ),
    Rule(
        "mongo.stdin.unknown",
        0,
        _U,
        "a script read from a standard input that is not known",
        _UNK,
    ),
    Rule("mongo.client.version", 0, _R, "prints the shell's version"),
)

RULES_BY_ID: Mapping[str, Rule] = index(RULES)
"""Every data-store rule by id."""


def _names(rule: str, names: str) -> dict[str, str]:
    return dict.fromkeys(names.split(), rule)


# Redis commands: https://redis.io/docs/latest/commands/
REDIS_COMMANDS: Mapping[str, str] = MappingProxyType(
    {
        **_names(
            "redis.read",
            "GET MGET GETRANGE STRLEN EXISTS TYPE TTL PTTL EXPIRETIME "
            "PEXPIRETIME SCAN HGET HMGET HGETALL HKEYS HVALS HLEN HEXISTS "
            "HSTRLEN HSCAN HRANDFIELD LRANGE LLEN LINDEX LPOS SMEMBERS "
            "SISMEMBER SMISMEMBER SCARD SSCAN SRANDMEMBER SINTER SUNION "
            "SDIFF SINTERCARD ZRANGE ZRANGEBYSCORE ZREVRANGE ZRANGEBYLEX "
            "ZREVRANGEBYSCORE ZREVRANGEBYLEX ZCARD ZSCORE ZMSCORE ZRANK "
            "ZREVRANK ZCOUNT ZLEXCOUNT ZSCAN ZRANDMEMBER ZINTER ZUNION "
            "ZDIFF ZINTERCARD XRANGE XREVRANGE XLEN XREAD XINFO XPENDING "
            "BITCOUNT BITPOS GETBIT GEOPOS GEODIST GEOHASH GEORADIUS_RO "
            "GEORADIUSBYMEMBER_RO GEOSEARCH PFCOUNT INFO PING ECHO DBSIZE "
            "TIME LASTSAVE ROLE RANDOMKEY DUMP OBJECT MEMORY SLOWLOG "
            "LATENCY COMMAND MONITOR SUBSCRIBE PSUBSCRIBE SSUBSCRIBE "
            "UNSUBSCRIBE PUNSUBSCRIBE SUNSUBSCRIBE PUBSUB LOLWUT SORT_RO "
            "JSON.GET JSON.MGET JSON.TYPE FT.SEARCH FT.INFO FT._LIST "
            "TS.GET TS.RANGE TS.INFO WAIT WAITAOF LCS SUBSTR TOUCH "
            "EVAL_RO EVALSHA_RO FCALL_RO",
        ),
        **_names(
            "redis.session",
            "SELECT AUTH HELLO QUIT RESET MULTI EXEC DISCARD WATCH UNWATCH "
            "READONLY READWRITE ASKING",
        ),
        **_names("redis.keys", "KEYS"),
        **_names("redis.flushall", "FLUSHALL"),
        **_names("redis.flushdb", "FLUSHDB"),
        **_names("redis.del", "DEL UNLINK"),
        **_names("redis.shutdown", "SHUTDOWN"),
        **_names("redis.debug", "DEBUG"),
        **_names("redis.replicaof", "REPLICAOF SLAVEOF"),
        **_names("redis.swapdb", "SWAPDB"),
        **_names("redis.migrate", "MIGRATE MOVE"),
        **_names("redis.persist", "SAVE BGSAVE BGREWRITEAOF"),
        **_names("redis.script.unknown", "EVAL EVALSHA FCALL"),
        **_names(
            "redis.write",
            "SET SETNX SETEX PSETEX MSET MSETNX GETSET GETDEL GETEX APPEND "
            "INCR INCRBY INCRBYFLOAT DECR DECRBY SETRANGE EXPIRE PEXPIRE "
            "EXPIREAT PEXPIREAT PERSIST RENAME RENAMENX COPY RESTORE HSET "
            "HSETNX HMSET HDEL HINCRBY HINCRBYFLOAT HEXPIRE LPUSH RPUSH "
            "LPUSHX RPUSHX LPOP RPOP LSET LREM LTRIM LINSERT LMOVE BLMOVE "
            "RPOPLPUSH BRPOPLPUSH BLPOP BRPOP LMPOP BLMPOP SADD SREM SPOP "
            "SMOVE SINTERSTORE SUNIONSTORE SDIFFSTORE ZADD ZREM ZINCRBY "
            "ZPOPMIN ZPOPMAX BZPOPMIN BZPOPMAX ZMPOP BZMPOP "
            "ZREMRANGEBYSCORE ZREMRANGEBYRANK ZREMRANGEBYLEX ZUNIONSTORE "
            "ZINTERSTORE ZDIFFSTORE ZRANGESTORE XADD XDEL XTRIM XGROUP "
            "XACK XCLAIM XAUTOCLAIM XSETID SETBIT BITOP BITFIELD GEOADD "
            "GEORADIUS GEORADIUSBYMEMBER GEOSEARCHSTORE PFADD PFMERGE "
            "PUBLISH SPUBLISH SORT JSON.SET JSON.DEL JSON.MERGE FT.CREATE "
            "FT.DROPINDEX TS.ADD TS.CREATE",
        ),
        **_names(
            "redis.cluster.admin", "CLUSTER ACL CONFIG CLIENT SCRIPT FUNCTION"
        ),
        **_names("redis.module.unknown", "MODULE"),
        **_names("redis.bulk-tool", "FAILOVER"),
    }
)
"""A Redis command (upper case) → its rule, before subcommands."""

REDIS_SUBCOMMANDS: Mapping[str, str] = MappingProxyType(
    {
        "CONFIG GET": "redis.read",
        "CONFIG SET": "redis.config-set",
        "CONFIG REWRITE": "redis.config-set",
        "CONFIG RESETSTAT": "redis.reset-stats",
        "CONFIG HELP": "redis.read",
        "SCRIPT FLUSH": "redis.script-flush",
        "SCRIPT LOAD": "redis.write",
        "SCRIPT EXISTS": "redis.read",
        "SCRIPT KILL": "redis.client-kill",
        "SCRIPT DEBUG": "redis.debug",
        "FUNCTION FLUSH": "redis.script-flush",
        "FUNCTION DELETE": "redis.script-flush",
        "FUNCTION RESTORE": "redis.script-flush",
        "FUNCTION LOAD": "redis.write",
        "FUNCTION LIST": "redis.read",
        "FUNCTION STATS": "redis.read",
        "FUNCTION DUMP": "redis.read",
        "FUNCTION KILL": "redis.client-kill",
        "CLIENT LIST": "redis.read",
        "CLIENT INFO": "redis.read",
        "CLIENT GETNAME": "redis.read",
        "CLIENT ID": "redis.read",
        "CLIENT SETNAME": "redis.session",
        "CLIENT SETINFO": "redis.session",
        "CLIENT TRACKING": "redis.session",
        "CLIENT REPLY": "redis.session",
        "CLIENT NO-EVICT": "redis.session",
        "CLIENT NO-TOUCH": "redis.session",
        "CLIENT KILL": "redis.client-kill",
        "CLIENT PAUSE": "redis.client-kill",
        "CLIENT UNPAUSE": "redis.client-kill",
        "CLIENT UNBLOCK": "redis.client-kill",
        "CLUSTER INFO": "redis.read",
        "CLUSTER NODES": "redis.read",
        "CLUSTER SLOTS": "redis.read",
        "CLUSTER SHARDS": "redis.read",
        "CLUSTER MYID": "redis.read",
        "CLUSTER KEYSLOT": "redis.read",
        "CLUSTER COUNTKEYSINSLOT": "redis.read",
        "CLUSTER GETKEYSINSLOT": "redis.read",
        "CLUSTER REPLICAS": "redis.read",
        "CLUSTER LINKS": "redis.read",
        "CLUSTER RESET": "redis.cluster.destructive",
        "CLUSTER FAILOVER": "redis.cluster.destructive",
        "CLUSTER FORGET": "redis.cluster.destructive",
        "CLUSTER DELSLOTS": "redis.cluster.destructive",
        "CLUSTER DELSLOTSRANGE": "redis.cluster.destructive",
        "CLUSTER FLUSHSLOTS": "redis.cluster.destructive",
        "ACL LIST": "redis.read",
        "ACL USERS": "redis.read",
        "ACL WHOAMI": "redis.read",
        "ACL GETUSER": "redis.read",
        "ACL CAT": "redis.read",
        "ACL LOG": "redis.read",
        "ACL DRYRUN": "redis.read",
        "ACL GENPASS": "redis.read",
        "MODULE LIST": "redis.read",
        "MEMORY PURGE": "redis.reset-stats",
        "SLOWLOG RESET": "redis.reset-stats",
        "LATENCY RESET": "redis.reset-stats",
        "OBJECT FREQ": "redis.read",
        "XGROUP DESTROY": "redis.del",
    }
)
"""``COMMAND SUBCOMMAND`` (upper case) → its rule."""

# etcdctl v3: https://etcd.io/docs/latest/dev-guide/interacting_v3/ and
# etcdctl's README; etcdutl: https://etcd.io/docs/latest/op-guide/recovery/
ETCD_COMMANDS: Mapping[str, str] = MappingProxyType(
    {
        "get": "etcd.read",
        "watch": "etcd.read",
        "version": "etcd.read",
        "member list": "etcd.read",
        "endpoint status": "etcd.read",
        "endpoint health": "etcd.read",
        "endpoint hashkv": "etcd.read",
        "alarm list": "etcd.read",
        "lease list": "etcd.read",
        "lease timetolive": "etcd.read",
        "user list": "etcd.read",
        "user get": "etcd.read",
        "role list": "etcd.read",
        "role get": "etcd.read",
        "auth status": "etcd.read",
        "snapshot status": "etcd.read",
        "hashkv": "etcd.read",
        "snapshot save": "etcd.backup",
        "backup": "etcd.backup",
        "put": "etcd.put",
        "snapshot restore": "etcd.snapshot.restore",
        "member remove": "etcd.member.remove",
        "member add": "etcd.member.change",
        "member update": "etcd.member.change",
        "member promote": "etcd.member.change",
        "lease revoke": "etcd.lease.revoke",
        "lease grant": "etcd.lease",
        "lease keep-alive": "etcd.lease",
        "compaction": "etcd.compaction",
        "compact": "etcd.compaction",
        "defrag": "etcd.defrag",
        "alarm disarm": "etcd.alarm",
        "auth enable": "etcd.auth",
        "auth disable": "etcd.auth",
        "user add": "etcd.user",
        "user delete": "etcd.user",
        "user passwd": "etcd.user",
        "user grant-role": "etcd.user",
        "user revoke-role": "etcd.user",
        "role add": "etcd.user",
        "role delete": "etcd.user",
        "role grant-permission": "etcd.user",
        "role revoke-permission": "etcd.user",
        "make-mirror": "etcd.mirror",
        "migrate": "etcd.member.change",
        "downgrade validate": "etcd.read",
        "downgrade enable": "etcd.downgrade",
        "downgrade cancel": "etcd.downgrade",
        "move-leader": "etcd.move-leader",
        "lock": "etcd.lock",
        "elect": "etcd.lock",
        "check perf": "etcd.check",
        "check datascale": "etcd.check",
        "completion": "etcd.read",
        "help": "etcd.read",
    }
)
"""An etcdctl / etcdutl command path (``del`` and ``txn`` aside) → rule."""

# etcdctl v2 (ETCDCTL_API=2): etcd v2 README of etcdctl.
ETCD_V2_COMMANDS: Mapping[str, str] = MappingProxyType(
    {
        "get": "etcd.read",
        "ls": "etcd.read",
        "watch": "etcd.read",
        "cluster-health": "etcd.read",
        "member list": "etcd.read",
        "set": "etcd.put",
        "mk": "etcd.put",
        "mkdir": "etcd.put",
        "setdir": "etcd.put",
        "update": "etcd.put",
        "updatedir": "etcd.put",
        "rm": "etcd.del",
        "rmdir": "etcd.del",
        "exec-watch": "etcd.unknown",
        "backup": "etcd.backup",
    }
)
"""etcdctl v2 commands (``rm -r`` is handled like ``del --prefix``)."""

# mongosh methods: https://www.mongodb.com/docs/mongodb-shell/reference/methods/
MONGO_METHODS: Mapping[str, str] = MappingProxyType(
    {
        **_names("mongo.drop-database", "dropDatabase"),
        **_names("mongo.drop-collection", "drop"),
        **_names(
            "mongo.delete",
            "deleteMany deleteOne remove findOneAndDelete findAndModify",
        ),
        **_names(
            "mongo.update",
            "updateMany updateOne update replaceOne findOneAndUpdate "
            "findOneAndReplace bulkWrite",
        ),
        **_names(
            "mongo.drop-all-users",
            "dropAllUsers dropAllRoles dropAllUsersFromDatabase",
        ),
        **_names("mongo.drop-user", "dropUser dropRole"),
        **_names("mongo.drop-index", "dropIndex dropIndexes dropSearchIndex"),
        **_names("mongo.rename", "renameCollection"),
        **_names("mongo.shutdown", "shutdownServer"),
        **_names(
            "mongo.replica-set",
            "reconfig reconfigForPSASet addArb syncFrom",
        ),
        **_names("mongo.step-down", "stepDown freeze"),
        **_names(
            "mongo.sharding",
            "shardCollection addShard removeShard moveChunk splitAt "
            "splitFind enableSharding stopBalancer startBalancer "
            "setBalancerState reshardCollection unshardCollection "
            "moveCollection",
        ),
        **_names(
            "mongo.user",
            "createUser updateUser changeUserPassword grantRolesToUser "
            "revokeRolesFromUser createRole updateRole grantPrivilegesToRole "
            "revokePrivilegesFromRole grantRolesToRole revokeRolesFromRole",
        ),
        **_names("mongo.kill", "killOp killSessions killAllSessions"),
        **_names(
            "mongo.admin",
            "setProfilingLevel fsyncLock fsyncUnlock compact reIndex "
            "setLogLevel rotateCertificates setParameter initiate add "
            "validate",
        ),
        **_names(
            "mongo.write",
            "insertOne insertMany insert save createCollection createView "
            "createIndex createIndexes ensureIndex createSearchIndex "
            "updateSearchIndex",
        ),
        **_names(
            "mongo.read",
            "find findOne count countDocuments estimatedDocumentCount "
            "distinct aggregate getCollectionNames getCollectionInfos "
            "getCollection getSiblingDB getName getIndexes getIndexKeys "
            "stats dataSize storageSize totalSize totalIndexSize "
            "serverStatus serverBuildInfo version hostInfo isMaster hello "
            "getUsers getUser getRoles getRole currentOp status conf "
            "printReplicationInfo printSecondaryReplicationInfo "
            "getReplicationInfo printShardingStatus getProfilingStatus "
            "getLogComponents explain watch getMongo getDB getDBNames "
            "listCollections adminCommand runCommand limit sort skip "
            "pretty toArray forEach map next hasNext itcount size "
            "project batchSize hint maxTimeMS collation comment "
            "readPref readConcern allowDiskUse length push log "
            "stringify toString keys values entries getShardDistribution "
            "latencyStats isCapped getSearchIndexes getShardVersion "
            "printCollectionStats help getTimestamp valueOf filter join "
            "includes indexOf slice concat min max returnKey showRecordId "
            "noCursorTimeout tailable objsLeftInBatch isExhausted "
            "isClosed close then catch",
        ),
    }
)
"""A method name → its rule (filters of delete/update are checked)."""

MONGO_FUNCTIONS: Mapping[str, str] = MappingProxyType(
    {
        **_names(
            "mongo.read",
            "print printjson printjsononeline tojson ObjectId ISODate Date "
            "NumberLong NumberInt NumberDecimal UUID Timestamp BinData "
            "MinKey MaxKey RegExp Math String Number Boolean Array "
            "Object JSON sleep quit exit use show it db rs sh EJSON",
        ),
        **_names(
            "mongo.dynamic.unknown",
            "eval load require Function runProgram run _runMongoProgram "
            "runMongoProgram startMongoProgram setTimeout setInterval "
            "import",
        ),
    }
)
"""A bare function → its rule; others are ``mongo.method.unknown``."""

MONGO_COMMANDS: Mapping[str, str] = MappingProxyType(
    {
        "drop": "mongo.drop-collection",
        "dropDatabase": "mongo.drop-database",
        "delete": "mongo.delete",
        "update": "mongo.update",
        "insert": "mongo.write",
        "create": "mongo.write",
        "createIndexes": "mongo.write",
        "dropIndexes": "mongo.drop-index",
        "dropUser": "mongo.drop-user",
        "dropRole": "mongo.drop-user",
        "dropAllUsersFromDatabase": "mongo.drop-all-users",
        "dropAllRolesFromDatabase": "mongo.drop-all-users",
        "renameCollection": "mongo.rename",
        "shutdown": "mongo.shutdown",
        "replSetReconfig": "mongo.replica-set",
        "replSetStepDown": "mongo.step-down",
        "killOp": "mongo.kill",
        "killSessions": "mongo.kill",
        "compact": "mongo.admin",
        "reIndex": "mongo.admin",
        "fsync": "mongo.admin",
        "setParameter": "mongo.admin",
        "collMod": "mongo.admin",
        "createUser": "mongo.user",
        "updateUser": "mongo.user",
        **_names(
            "mongo.read",
            "find count aggregate distinct listCollections listDatabases "
            "listIndexes serverStatus ping hello isMaster ismaster "
            "buildInfo buildinfo dbStats collStats currentOp hostInfo "
            "getParameter getLog connectionStatus whatsmyuri "
            "replSetGetStatus usersInfo rolesInfo explain dataSize "
            "getCmdLineOpts top validate",
        ),
    }
)
"""A database command (first key of ``runCommand({...})``) → rule."""
