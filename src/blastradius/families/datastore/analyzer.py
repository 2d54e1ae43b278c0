"""
Analyzer family: data stores (redis-cli, valkey-cli, keydb-cli, etcdctl,
etcdutl, mongosh, mongo).

Commands are read from argv after the client's own options (whose values
are never mistaken for commands), or from a known standard input (one
command per line for redis-cli, a transaction for ``etcdctl txn``, a script
for mongosh). A file or a standard input whose contents are not known is
unverifiable. Rules live in `blastradius.families.datastore.rules`.

>>> import blastradius
>>> blastradius.score(["redis-cli", "-h", "cache", "FLUSHALL"]).tier
<Tier.BLOCKED: 'blocked'>
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from blastradius._model import Finding, SimpleCommand
from blastradius.families import _getopt
from blastradius.families.datastore.grammar import ETCD, MONGO, REDIS
from blastradius.families.datastore.rules import (
    ETCD_COMMANDS,
    ETCD_V2_COMMANDS,
    MONGO_COMMANDS,
    MONGO_FUNCTIONS,
    MONGO_METHODS,
    REDIS_COMMANDS,
    REDIS_SUBCOMMANDS,
    RULES_BY_ID,
)
from blastradius.families.interpreters._codescan import (
    JS,
    Call,
    calls,
    tokenize,
)


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer, Context


__all__ = ["ANALYZERS", "mongo_rules", "redis_rules", "split_redis_line"]


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _f(rule: str, program: str, words: Iterable[str]) -> Finding:
    return RULES_BY_ID[rule].finding(program, words)


# -- redis ------------------------------------------------------------------

_REDIS_MODES: Mapping[str, str] = MappingProxyType(
    {
        "stat": "redis.scan-tool",
        "latency": "redis.scan-tool",
        "latency-history": "redis.scan-tool",
        "latency-dist": "redis.scan-tool",
        "bigkeys": "redis.scan-tool",
        "memkeys": "redis.scan-tool",
        "keystats": "redis.scan-tool",
        "hotkeys": "redis.scan-tool",
        "scan": "redis.scan-tool",
        "replica": "redis.read",
        "rdb": "redis.persist",
        "functions-rdb": "redis.persist",
        "intrinsic-latency": "redis.read",
        "lru-test": "redis.write",
        "help": "redis.read",
        "version": "redis.read",
        "v": "redis.read",
    }
)
_PERSISTENCE_PARAMS = frozenset({"dir", "dbfilename", "appenddirname"})
_CLUSTER_READ = frozenset({"check", "info", "help"})


def redis_rules(words: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
    """
    The rules one Redis command (its words) matches.

    >>> redis_rules(["config", "set", "dir", "/var/www"])[0][0]
    'redis.config-set.persistence'
    """
    if not words:
        return []
    name = words[0].upper()
    sub = words[1].upper() if len(words) > 1 else ""
    head = tuple(words[:3])
    rule = REDIS_SUBCOMMANDS.get(f"{name} {sub}") or REDIS_COMMANDS.get(name)
    if rule is None:
        return [("redis.unknown", head)]
    if name == "CONFIG" and sub == "SET":
        params = {w.lower() for w in words[2::2]}
        if params & _PERSISTENCE_PARAMS:
            rule = "redis.config-set.persistence"
    elif name in {"REPLICAOF", "SLAVEOF"} and sub == "NO":
        rule = "redis.promote"
    elif name in {"EVAL", "EVALSHA", "FCALL"} and len(words) > 1:
        found: list[tuple[str, tuple[str, ...]]] = [(rule, head)]
        if name == "EVAL":
            found.extend(_lua_calls(words[1]))
        return found
    return [(rule, head)]


def _lua_calls(script: str) -> list[tuple[str, tuple[str, ...]]]:
    """
    ``redis.call('FLUSHALL')`` inside a Lua script: each string literal
    naming a Redis command is taken as that command.
    """
    found: list[tuple[str, tuple[str, ...]]] = []
    for tok in tokenize(script, JS):
        if tok.kind == "string" and tok.text.upper() in REDIS_COMMANDS:
            found.extend(
                r for r in redis_rules([tok.text]) if r[0] != "redis.read"
            )
    return found


def split_redis_line(line: str) -> list[str]:
    """
    Split one line as redis-cli does: white space separates, ``"…"`` (with
    backslash escapes) and ``'…'`` quote.

    >>> split_redis_line('SET k "a b" \\'c\\'')
    ['SET', 'k', 'a b', 'c']
    """
    words: list[str] = []
    i = 0
    n = len(line)
    while i < n:
        while i < n and line[i].isspace():
            i += 1
        if i >= n:
            break
        cur: list[str] = []
        while i < n and not line[i].isspace():
            ch = line[i]
            if ch in "\"'":
                end = i + 1
                while end < n and line[end] != ch:
                    end += 2 if line[end] == "\\" and ch == '"' else 1
                body = line[i + 1 : min(end, n)]
                cur.append(body.replace('\\"', '"') if ch == '"' else body)
                i = end + 1
            else:
                cur.append(ch)
                i += 1
        words.append("".join(cur))
    return words


def _redis_stdin(text: str) -> list[list[str]]:
    """
    Commands from redis-cli's standard input: one per line, or the RESP
    protocol of ``--pipe`` (``*N`` starts a command, ``$len`` lines skip).
    """
    commands: list[list[str]] = []
    resp: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("*") and line[1:].isdigit():
            resp = []
            commands.append(resp)
            continue
        if resp is not None:
            if not (line.startswith("$") and line[1:].isdigit()):
                resp.append(line)
            continue
        words = split_redis_line(line)
        if words:
            commands.append(words)
    return commands


def _redis(cmd: SimpleCommand, ctx: Context) -> Iterable[Finding]:
    del ctx
    program = cmd.program
    parsed = _getopt.parse(cmd.args, REDIS)
    found: list[Finding] = []
    words = [w for _i, w in parsed.positionals]
    for opt in parsed.opts:
        if opt.name == "eval":
            found.append(_f("redis.file.unknown", program, [opt.value or ""]))
        elif opt.name == "cluster":
            sub = (opt.value or "").lower()
            if sub == "call":
                # --cluster call HOST:PORT COMMAND ARGS: on every node
                words = words[1:]
            elif sub in _CLUSTER_READ:
                found.append(_f("redis.read", program, ["--cluster", sub]))
                return found
            else:
                found.append(
                    _f("redis.bulk-tool", program, ["--cluster", sub])
                )
                return found
        elif opt.name in _REDIS_MODES:
            found.append(_f(_REDIS_MODES[opt.name], program, [opt.name]))
    if words:
        first = len(cmd.args) - len(words) + 1
        for k in range(first, len(cmd.argv)):
            if cmd.is_dynamic(k):
                found.append(
                    _f("redis.argument.unknown", program, [cmd.argv[k]])
                )
                break
        found.extend(_f(r, program, w) for r, w in redis_rules(words))
        return found
    if found and not parsed.has("pipe"):
        return found
    if parsed.has("eval"):
        return found
    if cmd.stdin is not None:
        for command in _redis_stdin(cmd.stdin):
            found.extend(_f(r, program, w) for r, w in redis_rules(command))
        return found
    found.append(
        _f("redis.stdin.unknown", program, [cmd.stdin_from or "stdin"])
    )
    return found


# -- etcd -------------------------------------------------------------------

_ETCD_ALL_KEYS = frozenset({"", "/", "\0", "\\0", "/registry", "/registry/"})
_ETCD_V2_ONLY = frozenset({"rm", "rmdir", "ls", "set", "mk", "mkdir"})


def _etcd(cmd: SimpleCommand, ctx: Context) -> Iterable[Finding]:
    del ctx
    program = cmd.program
    parsed = _getopt.parse(cmd.args, ETCD)
    words = [w for _i, w in parsed.positionals]
    if not words:
        rule = "etcd.read" if parsed.has("version", "help") else "etcd.unknown"
        return [_f(rule, program, cmd.args[:1])]
    v2 = dict(cmd.assignments).get("ETCDCTL_API") == "2" or (
        words[0] in _ETCD_V2_ONLY
    )
    verb = words[0]
    if verb in {"del", "delete"} or (v2 and verb in {"rm", "rmdir"}):
        return _etcd_del(cmd, parsed, words, v2=v2)
    if verb == "txn":
        return _etcd_txn(cmd)
    table = ETCD_V2_COMMANDS if v2 else ETCD_COMMANDS
    rule = table.get(" ".join(words[:2])) or table.get(verb, "etcd.unknown")
    return [_f(rule, program, words[:3])]


def _etcd_del(
    cmd: SimpleCommand,
    parsed: _getopt.Parsed,
    words: Sequence[str],
    *,
    v2: bool,
) -> list[Finding]:
    program = cmd.program
    found: list[Finding] = []
    key = words[1] if len(words) > 1 else None
    ranged = (
        parsed.has("prefix", "from-key")
        or len(words) > 2
        or (v2 and (parsed.has("recursive", "r") or words[0] == "rmdir"))
    )
    shown = [words[0], *words[1:3]]
    if parsed.has("prefix"):
        shown.append("--prefix")
    if parsed.has("from-key"):
        shown.append("--from-key")
    if any(cmd.is_dynamic(k) for k in range(1, len(cmd.argv))):
        found.append(_f("etcd.argument.unknown", program, shown))
    if key is None:
        found.append(_f("etcd.unknown", program, shown))
        return found
    if ranged and (key in _ETCD_ALL_KEYS or key.rstrip("/") == ""):
        found.append(_f("etcd.del.all", program, shown))
    elif ranged:
        found.append(_f("etcd.del.prefix", program, shown))
    else:
        found.append(_f("etcd.del", program, shown))
    return found


def _etcd_txn(cmd: SimpleCommand) -> list[Finding]:
    """
    ``etcdctl txn`` reads compares, then success and failure requests
    (``get``/``put``/``del`` lines) from its standard input.
    """
    program = cmd.program
    if cmd.stdin is None:
        return [_f("etcd.txn.unknown", program, ["txn"])]
    found: list[Finding] = []
    for line in cmd.stdin.splitlines():
        words = split_redis_line(line)
        if not words:
            continue
        verb = words[0].lower()
        if verb in {"del", "delete"}:
            flags = {w for w in words if w.startswith("--")}
            plain = [w for w in words if not w.startswith("--")]
            ranged = bool(flags & {"--prefix", "--from-key"}) or len(plain) > 2
            key = plain[1] if len(plain) > 1 else ""
            rule = (
                "etcd.del.all"
                if ranged and key in _ETCD_ALL_KEYS
                else "etcd.del.prefix"
                if ranged
                else "etcd.del"
            )
            found.append(_f(rule, program, words[:3]))
        elif verb == "put":
            found.append(_f("etcd.put", program, words[:2]))
    return found or [_f("etcd.read", program, ["txn"])]


# -- mongo ------------------------------------------------------------------

_FILTERED = frozenset(
    {
        "deleteMany",
        "remove",
        "updateMany",
        "update",
        "findAndModify",
    }
)
_COMMAND_RUNNERS = frozenset({"runCommand", "adminCommand", "command"})


def _empty_filter(call: Call) -> bool | None:
    """
    Whether a call's first argument selects every document: no argument,
    or ``{}``; `None` when it is not a literal (a variable).
    """
    if not call.args:
        return True
    first = call.args[0].tokens
    if [t.text for t in first] == ["{", "}"]:
        return True
    if first and first[0].text == "{":
        return False
    return None


_MAX_EVAL = 4
"""How deep ``eval('…')`` strings are followed."""


def mongo_rules(
    script: str, depth: int = 0
) -> list[tuple[str, tuple[str, ...]]]:
    """
    The rules a mongosh script matches, each once.

    >>> [r for r, _w in mongo_rules("db.users.deleteMany({})")]
    ['mongo.delete.all']
    """
    tokens = tokenize(script, JS)
    found: list[tuple[str, tuple[str, ...]]] = []
    for call in calls(tokens):
        for hit in _mongo_call(call, depth):
            if hit not in found:
                found.append(hit)
    return found


def _mongo_call(call: Call, depth: int) -> list[tuple[str, tuple[str, ...]]]:
    parts = call.callee
    method = parts[-1]
    words = (".".join(parts),)
    if len(parts) == 1 and not call.computed:
        rule = MONGO_FUNCTIONS.get(method, "mongo.method.unknown")
        found: list[tuple[str, tuple[str, ...]]] = [(rule, words)]
        text = call.args[0].text if call.args else None
        if method == "eval" and text is not None and depth < _MAX_EVAL:
            found.extend(mongo_rules(text, depth + 1))
        return found
    if method == "remove" and parts[0] == "rs":
        return [("mongo.replica-set", words)]
    if method in _COMMAND_RUNNERS:
        return _mongo_command(call, words)
    known = MONGO_METHODS.get(method)
    if known is None:
        return [("mongo.method.unknown", words)]
    rule = known
    if method in _FILTERED or (
        method in {"deleteOne", "updateOne", "replaceOne"} and not call.args
    ):
        empty = _empty_filter(call)
        base = "mongo.delete" if rule == "mongo.delete" else "mongo.update"
        if empty is None:
            return [(base, words), ("mongo.dynamic.unknown", words)]
        if empty and method not in {"deleteOne", "updateOne", "replaceOne"}:
            return [(f"{base}.all", words)]
        return [(base, words)]
    if method == "aggregate":
        texts = {t.text for a in call.args for t in a.tokens}
        if texts & {"$out", "$merge"}:
            return [("mongo.write", words)]
    if method == "renameCollection" and [
        t.text for a in call.args[1:2] for t in a.tokens
    ] == ["true"]:
        # dropTarget: the target collection is dropped first
        return [("mongo.drop-collection", words)]
    return [(rule, words)]


def _mongo_command(
    call: Call, words: tuple[str, ...]
) -> list[tuple[str, tuple[str, ...]]]:
    first = call.args[0].tokens if call.args else ()
    if first and first[0].kind == "string" and len(first) == 1:
        name = first[0].text
    elif (
        len(first) >= 2
        and first[0].text == "{"
        and first[1].kind
        in {
            "name",
            "string",
        }
    ):
        name = first[1].text
    else:
        return [("mongo.dynamic.unknown", words)]
    rule = MONGO_COMMANDS.get(name, "mongo.method.unknown")
    return [(rule, (*words, name))]


def _mongo(cmd: SimpleCommand, ctx: Context) -> Iterable[Finding]:
    del ctx
    program = cmd.program
    parsed = _getopt.parse(cmd.args, MONGO)
    found: list[Finding] = []
    ran = False
    for opt in parsed.opts:
        if opt.name == "eval" and opt.value is not None:
            ran = True
            if cmd.is_dynamic(opt.index + 1) or cmd.is_dynamic(opt.index + 2):
                found.append(
                    _f("mongo.dynamic.unknown", program, [opt.value[:80]])
                )
            found.extend(_f(r, program, w) for r, w in mongo_rules(opt.value))
        elif opt.name == "file" and opt.value is not None:
            ran = True
            found.append(_f("mongo.file.unknown", program, [opt.value]))
    for _i, word in parsed.positionals:
        if word.endswith((".js", ".mongodb")):
            ran = True
            found.append(_f("mongo.file.unknown", program, [word]))
    if ran:
        return found or [_f("mongo.read", program, ["--eval"])]
    if parsed.has("version", "help", "build-info"):
        return [_f("mongo.client.version", program, cmd.args[:1])]
    if cmd.stdin is not None:
        found.extend(_f(r, program, w) for r, w in mongo_rules(cmd.stdin))
        return found or [_f("mongo.read", program, ["stdin"])]
    return [_f("mongo.stdin.unknown", program, [cmd.stdin_from or "stdin"])]


ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {
        "redis-cli": _redis,
        "valkey-cli": _redis,
        "keydb-cli": _redis,
        "etcdctl": _etcd,
        "etcdutl": _etcd,
        "mongosh": _mongo,
        "mongo": _mongo,
    }
)
