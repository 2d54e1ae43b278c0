"""
Durable outcome stores: `SqliteOutcomes` (the embedded default, standard
library `sqlite3`) and `JsonlOutcomes` (an append-only JSON Lines file).

Both satisfy `blastradius.adapters.OutcomeStore`: the record of every
`Gate.execute` call (a ``"started"`` record before anything runs, updated
when the call ends) and the claims that keep one decision from running
twice at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import threading

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

from blastradius.adapters._memory import (
    InProcessClaims,
    RuleCounts,
    rule_counts,
    select,
)
from blastradius.adapters._protocols import Outcome
from blastradius.exceptions import BlastRadiusError


__all__ = [
    "SCHEMA_VERSION",
    "JsonlOutcomes",
    "OutcomeStoreError",
    "SqliteOutcomes",
]

SCHEMA_VERSION: Final = 1
"""The version of the SQLite schema this release reads and writes."""

_SCHEMA: Final = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS outcomes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        key TEXT NOT NULL,
        incident_id TEXT,
        digest TEXT NOT NULL,
        target TEXT NOT NULL,
        status TEXT NOT NULL,
        started TEXT NOT NULL,
        finished TEXT,
        body TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS outcomes_digest ON outcomes (digest)",
    "CREATE INDEX IF NOT EXISTS outcomes_incident ON outcomes (incident_id)",
    "CREATE INDEX IF NOT EXISTS outcomes_target ON outcomes (target, started)",
    "CREATE INDEX IF NOT EXISTS outcomes_started ON outcomes (started)",
    """CREATE TABLE IF NOT EXISTS outcome_rules (
        outcome_id TEXT NOT NULL,
        rule TEXT NOT NULL,
        PRIMARY KEY (outcome_id, rule)
    )""",
    "CREATE INDEX IF NOT EXISTS outcome_rules_rule ON outcome_rules (rule)",
    """CREATE TABLE IF NOT EXISTS claims (
        digest TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        claimed_at REAL NOT NULL
    )""",
)


class OutcomeStoreError(BlastRadiusError, RuntimeError):
    """
    An outcome store cannot be used: a database of another schema
    version, or not a database at all.
    """


def _stamp(when: dt.datetime) -> str:
    """
    A sortable UTC text for *when* (aware).
    """
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _epoch(when: dt.datetime) -> float:
    return when.timestamp()


def _body(outcome: Outcome) -> str:
    return json.dumps(outcome.to_dict(), sort_keys=True, separators=(",", ":"))


class SqliteOutcomes:
    """
    Outcomes and claims in a SQLite database file (write-ahead log, a
    schema-version table, claims in a table keyed by digest).

    Safe to share between threads and processes: every operation opens its
    own connection, writes run in ``BEGIN IMMEDIATE`` transactions, and a
    writer waits up to *busy_timeout* seconds for another. A process killed
    mid-run leaves its ``"started"`` record, and its claim, which another
    gate takes over once it is older than the claim TTL.

    Args:
        path: The database file (created with its tables when missing).
        busy_timeout: Seconds to wait for a lock held by another writer.

    Raises:
        OutcomeStoreError: *path* holds a database of another schema
            version, or is not a database.

    >>> import tempfile, pathlib
    >>> store = SqliteOutcomes(pathlib.Path(tempfile.mkdtemp()) / "o.db")
    >>> store.query()
    ()

    .. versionadded:: 0.2
    """

    def __init__(
        self, path: str | os.PathLike[str], *, busy_timeout: float = 30.0
    ):
        self.path = Path(path)
        self.busy_timeout = float(busy_timeout)
        try:
            with self._connect() as conn:
                conn.execute("PRAGMA journal_mode=WAL")
                with _write(conn):
                    for statement in _SCHEMA:
                        conn.execute(statement)
                    rows = conn.execute(
                        "SELECT version FROM schema_version"
                    ).fetchall()
                    if not rows:
                        conn.execute(
                            "INSERT INTO schema_version (version) VALUES (?)",
                            (SCHEMA_VERSION,),
                        )
        except sqlite3.DatabaseError as e:
            msg = f"{self.path}: not an outcome database ({e})"
            raise OutcomeStoreError(msg) from None
        versions = sorted({r[0] for r in rows})
        if rows and versions != [SCHEMA_VERSION]:
            msg = (
                f"{self.path}: schema version {versions}, this release "
                f"reads {SCHEMA_VERSION}"
            )
            raise OutcomeStoreError(msg)

    def __repr__(self) -> str:
        return f"SqliteOutcomes({str(self.path)!r})"

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(
            self.path,
            timeout=self.busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.execute(
                f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}"
            )
            yield conn
        finally:
            conn.close()

    # -- claims ------------------------------------------------------------

    def claim(
        self, digest: str, *, owner: str, now: dt.datetime, ttl: float
    ) -> bool:
        """
        Take the claim on *digest* for *owner*, unless another owner holds
        one younger than *ttl* seconds (an older one is taken over).
        """
        with self._connect() as conn, _write(conn):
            row = conn.execute(
                "SELECT owner, claimed_at FROM claims WHERE digest = ?",
                (digest,),
            ).fetchone()
            if (
                row is not None
                and row[0] != owner
                and _epoch(now) - float(row[1]) < ttl
            ):
                return False
            conn.execute(
                "INSERT OR REPLACE INTO claims (digest, owner, claimed_at) "
                "VALUES (?, ?, ?)",
                (digest, owner, _epoch(now)),
            )
            return True

    def release(self, digest: str, *, owner: str) -> None:
        """
        Drop *owner*'s claim on *digest*, if it holds it.
        """
        with self._connect() as conn, _write(conn):
            conn.execute(
                "DELETE FROM claims WHERE digest = ? AND owner = ?",
                (digest, owner),
            )

    # -- outcomes ----------------------------------------------------------

    def record(self, outcome: Outcome) -> None:
        """
        Store a new outcome, durably, before the call returns.

        Raises:
            ValueError: An outcome with its id is already stored.
        """
        try:
            with self._connect() as conn, _write(conn):
                conn.execute(
                    "INSERT INTO outcomes (id, key, incident_id, digest, "
                    "target, status, started, finished, body) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        outcome.id,
                        outcome.key,
                        outcome.incident_id,
                        outcome.digest,
                        outcome.target,
                        outcome.status,
                        _stamp(outcome.started),
                        None
                        if outcome.finished is None
                        else _stamp(outcome.finished),
                        _body(outcome),
                    ),
                )
                _rules(conn, outcome)
        except sqlite3.IntegrityError:
            msg = f"outcome {outcome.id!r} is already recorded"
            raise ValueError(msg) from None

    def update(self, outcome: Outcome) -> None:
        """
        Replace the stored outcome with *outcome*'s id.

        Raises:
            KeyError: No outcome with its id is stored.
        """
        with self._connect() as conn, _write(conn):
            cur = conn.execute(
                "UPDATE outcomes SET key = ?, incident_id = ?, digest = ?, "
                "target = ?, status = ?, started = ?, finished = ?, body = ? "
                "WHERE id = ?",
                (
                    outcome.key,
                    outcome.incident_id,
                    outcome.digest,
                    outcome.target,
                    outcome.status,
                    _stamp(outcome.started),
                    None
                    if outcome.finished is None
                    else _stamp(outcome.finished),
                    _body(outcome),
                    outcome.id,
                ),
            )
            if cur.rowcount != 1:
                raise KeyError(outcome.id)
            conn.execute(
                "DELETE FROM outcome_rules WHERE outcome_id = ?", (outcome.id,)
            )
            _rules(conn, outcome)

    def query(
        self,
        *,
        incident: str | None = None,
        rule: str | None = None,
        target: str | None = None,
        digest: str | None = None,
        since: dt.datetime | None = None,
    ) -> tuple[Outcome, ...]:
        """
        The outcomes passing every filter given, in the order recorded.
        """
        where: list[str] = []
        args: list[object] = []
        for column, value in (
            ("incident_id", incident),
            ("target", target),
            ("digest", digest),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if rule is not None:
            where.append(
                "id IN (SELECT outcome_id FROM outcome_rules WHERE rule = ?)"
            )
            args.append(rule)
        if since is not None:
            where.append("started >= ?")
            args.append(_stamp(since))
        sql = "SELECT body FROM outcomes"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._connect() as conn:
            rows = conn.execute(sql + " ORDER BY seq", args).fetchall()
        return tuple(Outcome.from_dict(json.loads(r[0])) for r in rows)

    def counts(
        self, *, since: dt.datetime | None = None
    ) -> Mapping[str, RuleCounts]:
        """
        `RuleCounts` per rule id of the outcomes since *since*: how often
        the actions each rule fired on ran, verified, failed, rolled back.
        """
        return rule_counts(self.query(since=since))


@contextlib.contextmanager
def _write(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _rules(conn: sqlite3.Connection, outcome: Outcome) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO outcome_rules (outcome_id, rule) VALUES (?, ?)",
        [(outcome.id, r) for r in outcome.rule_ids],
    )


class JsonlOutcomes:
    """
    Outcomes appended to a JSON Lines file, one event per line
    (``{"op": "record" | "update", "outcome": {...}}``), each flushed and
    fsynced before the call returns; the last event of an id wins.

    **Claims hold within one process only** (they live in memory): two
    processes or replicas sharing the file may run the same decision at
    once. Use `SqliteOutcomes` (or a store of your own) for those. A line
    torn by a crash is skipped when reading; every query reads the whole
    file, so keep it to one host's recent history.

    Args:
        path: The file (created when missing).

    >>> import tempfile, pathlib
    >>> JsonlOutcomes(pathlib.Path(tempfile.mkdtemp()) / "o.jsonl").query()
    ()

    .. versionadded:: 0.2
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._claims = InProcessClaims()
        self.path.touch(exist_ok=True)
        self._ids = {o.id for o in self._read()}

    def __repr__(self) -> str:
        return f"JsonlOutcomes({str(self.path)!r})"

    def claim(
        self, digest: str, *, owner: str, now: dt.datetime, ttl: float
    ) -> bool:
        """
        Take the claim on *digest* for *owner* within this process, unless
        another owner holds one younger than *ttl* seconds.
        """
        return self._claims.claim(digest, owner=owner, now=now, ttl=ttl)

    def release(self, digest: str, *, owner: str) -> None:
        """
        Drop *owner*'s claim on *digest*, if it holds it.
        """
        self._claims.release(digest, owner=owner)

    def _append(self, op: str, outcome: Outcome) -> None:
        line = json.dumps(
            {"op": op, "outcome": outcome.to_dict()},
            sort_keys=True,
            separators=(",", ":"),
        )
        with self.path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")
            f.flush()
            os.fsync(f.fileno())

    def record(self, outcome: Outcome) -> None:
        """
        Append a new outcome.

        Raises:
            ValueError: This store already holds an outcome with its id.
        """
        with self._lock:
            if outcome.id in self._ids:
                msg = f"outcome {outcome.id!r} is already recorded"
                raise ValueError(msg)
            self._append("record", outcome)
            self._ids.add(outcome.id)

    def update(self, outcome: Outcome) -> None:
        """
        Append the new state of an outcome this store holds.

        Raises:
            KeyError: No outcome with its id is stored.
        """
        with self._lock:
            if outcome.id not in self._ids:
                raise KeyError(outcome.id)
            self._append("update", outcome)

    def _read(self) -> list[Outcome]:
        latest: dict[str, Outcome] = {}
        with self.path.open(encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    event = json.loads(line)
                    outcome = Outcome.from_dict(event["outcome"])
                except (ValueError, TypeError, KeyError):
                    continue  # a line torn by a crash, or not ours
                latest[outcome.id] = outcome
        return list(latest.values())

    def query(
        self,
        *,
        incident: str | None = None,
        rule: str | None = None,
        target: str | None = None,
        digest: str | None = None,
        since: dt.datetime | None = None,
    ) -> tuple[Outcome, ...]:
        """
        The outcomes passing every filter given, in the order recorded.
        """
        with self._lock:
            stored = self._read()
        return select(
            stored,
            incident=incident,
            rule=rule,
            target=target,
            digest=digest,
            since=since,
        )

    def counts(
        self, *, since: dt.datetime | None = None
    ) -> Mapping[str, RuleCounts]:
        """
        `RuleCounts` per rule id of the outcomes since *since*.
        """
        return rule_counts(self.query(since=since))
