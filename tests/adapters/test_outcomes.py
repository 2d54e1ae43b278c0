"""
The outcome stores: the `OutcomeStore` contract for every store, then
`SqliteOutcomes` under threads, processes and ``kill -9``, and
`JsonlOutcomes`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from blastradius.adapters import (
    JsonlOutcomes,
    Outcome,
    OutcomeStore,
    RuleCounts,
    SqliteOutcomes,
    Step,
)
from blastradius.adapters.outcomes import SCHEMA_VERSION, OutcomeStoreError
from blastradius.testing import DEFAULT_START, MemoryOutcomes


SRC = str(Path(__file__).resolve().parents[2] / "src")
T0 = DEFAULT_START


def _outcome(n: int = 0, **kw: object) -> Outcome:
    fields: dict[str, object] = {
        "id": f"o-{n}",
        "key": f"declarative:INC-{n % 3}",
        "incident_id": f"INC-{n % 3}",
        "digest": f"{n % 4:064x}",
        "target": f"dev/deployments.apps/api-{n % 2}",
        "argv": ("kubectl", "scale", f"deploy/api-{n % 2}", "--replicas=2"),
        "rule_ids": ("kubectl.scale",) if n % 2 else ("kubectl.scale", "x.y"),
        "score": 6,
        "tier": "auto",
        "verdict": "execute",
        "started": T0 + dt.timedelta(seconds=n),
    }
    fields.update(kw)
    return Outcome(**fields)  # type: ignore[arg-type]


STORES: dict[str, Callable[[Path], OutcomeStore]] = {
    "memory": lambda _p: MemoryOutcomes(),
    "sqlite": lambda p: SqliteOutcomes(p / "outcomes.db"),
    "jsonl": lambda p: JsonlOutcomes(p / "outcomes.jsonl"),
}


@pytest.fixture(params=sorted(STORES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> OutcomeStore:
    """Each store, fresh."""
    return STORES[request.param](tmp_path)


def _run(code: str, *args: str) -> subprocess.Popen[str]:
    """Start a Python child running *code* with the package on its path."""
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class TestOutcomeRecord:
    def test_round_trip(self) -> None:
        """to_dict is JSON and from_dict reads it back equal."""
        step = Step(
            kind="action",
            argv=["kubectl", "get"],
            rc=0,
            started=T0,
            finished=T0,
            stdout="ok",
        )
        o = _outcome(
            1,
            steps=[step],
            approvers=("ana",),
            dry_run=True,
            executed=True,
            verified=False,
            rolled_back=True,
            status="finished",
            finished=T0 + dt.timedelta(seconds=9),
            error="x",
        )

        assert Outcome.from_dict(json.loads(json.dumps(o.to_dict()))) == o

    @pytest.mark.parametrize(
        ("key", "value", "error"),
        [
            ("id", None, ValueError),
            ("score", "6", TypeError),
            ("score", True, TypeError),
            ("argv", [1], TypeError),
            ("executed", 1, TypeError),
            ("verified", "yes", TypeError),
            ("started", "noon", ValueError),
            ("digest", "xyz", ValueError),
            ("status", "lost", ValueError),
        ],
    )
    def test_from_dict_checks(
        self, key: str, value: object, error: type
    ) -> None:
        """from_dict refuses a missing (None here) or mistyped field."""
        data = _outcome().to_dict()
        if value is None:
            del data[key]
        else:
            data[key] = value

        with pytest.raises(error):
            Outcome.from_dict(data)

    def test_succeeded(self) -> None:
        """succeeded: finished, executed, no error, verify not failed, no rollback."""
        done = _outcome(executed=True, status="finished", finished=T0)

        assert done.succeeded
        assert not _outcome(executed=True).succeeded
        assert not attrs.evolve(done, error="x").succeeded
        assert not attrs.evolve(done, verified=False).succeeded
        assert not attrs.evolve(done, rolled_back=True).succeeded
        assert not attrs.evolve(done, executed=False).succeeded


class TestRuleCounts:
    def test_counts(self) -> None:
        """counts tally per rule id: total, executed, verified, failed, rolled back, errors."""
        store = MemoryOutcomes()
        store.record(_outcome(0, executed=True, verified=True))
        store.record(
            _outcome(1, executed=True, verified=False, rolled_back=True)
        )
        store.record(_outcome(2, error="refused: blocked"))

        counts = store.counts()

        assert list(counts) == ["kubectl.scale", "x.y"]
        assert counts["kubectl.scale"] == RuleCounts(
            total=3,
            executed=2,
            verified=1,
            verify_failed=1,
            rolled_back=1,
            errors=1,
        )
        assert counts["x.y"] == RuleCounts(
            total=2, executed=1, verified=1, errors=1
        )
        assert (
            store.counts(since=T0 + dt.timedelta(seconds=2))["x.y"].total == 1
        )

    def test_duplicate_rule_ids_count_once(self) -> None:
        """A rule listed twice in one outcome counts once."""
        store = MemoryOutcomes()
        store.record(_outcome(rule_ids=("a", "a")))

        assert store.counts()["a"].total == 1


class TestStoreContract:
    def test_empty(self, store: OutcomeStore) -> None:
        """A new store holds nothing."""
        assert store.query() == ()

    def test_record_update_query(self, store: OutcomeStore) -> None:
        """Recorded outcomes come back in order; update replaces by id."""
        for n in range(6):
            store.record(_outcome(n))
        done = attrs.evolve(
            _outcome(2), status="finished", executed=True, finished=T0
        )
        store.update(done)

        got = store.query()
        assert [o.id for o in got] == [f"o-{n}" for n in range(6)]
        assert got[2] == done

    def test_filters(self, store: OutcomeStore) -> None:
        """Each filter narrows the result; together they all apply."""
        for n in range(12):
            store.record(_outcome(n))

        def ids(**kw: object) -> list[int]:
            return [int(o.id[2:]) for o in store.query(**kw)]  # type: ignore[arg-type]

        assert ids(incident="INC-1") == [1, 4, 7, 10]
        assert ids(rule="x.y") == [0, 2, 4, 6, 8, 10]
        assert ids(target="dev/deployments.apps/api-1") == [1, 3, 5, 7, 9, 11]
        assert ids(digest=f"{3:064x}") == [3, 7, 11]
        assert ids(since=T0 + dt.timedelta(seconds=9)) == [9, 10, 11]
        assert ids(
            incident="INC-1", rule="x.y", since=T0 + dt.timedelta(seconds=5)
        ) == [10]
        assert ids(rule="nope") == []

    def test_duplicate_record(self, store: OutcomeStore) -> None:
        """Recording an id twice is a ValueError."""
        store.record(_outcome())

        with pytest.raises(ValueError, match="already recorded"):
            store.record(_outcome())

    def test_update_unknown(self, store: OutcomeStore) -> None:
        """Updating an id never recorded is a KeyError."""
        with pytest.raises(KeyError):
            store.update(_outcome())

    def test_claims(self, store: OutcomeStore) -> None:
        """A claim excludes other owners until released or older than the TTL."""
        d = "a" * 64

        assert store.claim(d, owner="one", now=T0, ttl=60)
        assert store.claim(d, owner="one", now=T0, ttl=60)
        assert not store.claim(
            d, owner="two", now=T0 + dt.timedelta(seconds=59), ttl=60
        )
        store.release(d, owner="two")
        assert not store.claim(d, owner="two", now=T0, ttl=60)
        store.release(d, owner="one")
        assert store.claim(d, owner="two", now=T0, ttl=60)
        assert store.claim(
            d, owner="three", now=T0 + dt.timedelta(seconds=60), ttl=60
        )
        assert store.claim("b" * 64, owner="one", now=T0, ttl=60)

    def test_release_unheld(self, store: OutcomeStore) -> None:
        """Releasing a digest nobody holds is a no-op."""
        store.release("c" * 64, owner="one")

        assert store.claim("c" * 64, owner="two", now=T0, ttl=60)

    def test_counts(self, store: OutcomeStore) -> None:
        """Every store counts outcomes per rule."""
        store.record(_outcome(0, executed=True))

        assert store.counts()["x.y"].executed == 1  # type: ignore[attr-defined]

    @settings(max_examples=20, deadline=None)
    @given(st.lists(st.integers(0, 50), unique=True, max_size=8))
    def test_any_set(self, ns: list[int]) -> None:
        """Whatever is recorded is what query returns, for every store."""
        import tempfile

        for make in STORES.values():
            with tempfile.TemporaryDirectory() as tmp:
                s = make(Path(tmp))
                for n in ns:
                    s.record(_outcome(n))
                assert s.query() == tuple(_outcome(n) for n in ns)


class TestSqliteOutcomes:
    def test_wal_and_schema(self, tmp_path: Path) -> None:
        """The database is in WAL mode with a schema-version table."""
        path = tmp_path / "o.db"
        SqliteOutcomes(path)
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute(
                "SELECT version FROM schema_version"
            ).fetchall() == [(SCHEMA_VERSION,)]
            tables = {
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'"
                )
            }
        finally:
            conn.close()
        assert {
            "outcomes",
            "claims",
            "outcome_rules",
            "schema_version",
        } <= tables

    def test_reopen(self, tmp_path: Path) -> None:
        """A second store on the same file sees what the first wrote."""
        path = tmp_path / "o.db"
        SqliteOutcomes(path).record(_outcome())

        assert SqliteOutcomes(path).query() == (_outcome(),)
        assert "o.db" in repr(SqliteOutcomes(path))

    def test_other_schema_version(self, tmp_path: Path) -> None:
        """A database of another schema version is refused."""
        path = tmp_path / "o.db"
        SqliteOutcomes(path)
        conn = sqlite3.connect(path)
        conn.execute("UPDATE schema_version SET version = 99")
        conn.commit()
        conn.close()

        with pytest.raises(OutcomeStoreError, match="schema version"):
            SqliteOutcomes(path)

    def test_not_a_database(self, tmp_path: Path) -> None:
        """A file that is not SQLite is refused."""
        path = tmp_path / "o.db"
        path.write_bytes(b"not sqlite at all" * 100)

        with pytest.raises(OutcomeStoreError, match="not an outcome database"):
            SqliteOutcomes(path)

    def test_rules_follow_updates(self, tmp_path: Path) -> None:
        """An update replaces the rule index as well."""
        store = SqliteOutcomes(tmp_path / "o.db")
        store.record(_outcome(0))
        store.update(_outcome(0, rule_ids=("z",)))

        assert store.query(rule="x.y") == ()
        assert len(store.query(rule="z")) == 1

    def test_threads(self, tmp_path: Path) -> None:
        """8 threads x 200 records, updates and claims: nothing lost or corrupt."""
        store = SqliteOutcomes(tmp_path / "o.db")
        errors: list[BaseException] = []
        claims: list[bool] = []

        def work(t: int) -> None:
            try:
                for i in range(200):
                    o = _outcome(i, id=f"t{t}-{i}")
                    store.record(o)
                    if i % 10 == 0:
                        store.update(
                            attrs.evolve(o, status="finished", finished=T0)
                        )
                        claims.append(
                            store.claim(
                                "d" * 64, owner=f"t{t}", now=T0, ttl=3600
                            )
                        )
            except BaseException as e:  # noqa: BLE001  # pragma: no cover
                errors.append(e)

        threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()

        assert errors == []
        got = store.query()
        assert len(got) == 1600
        assert len({o.id for o in got}) == 1600
        assert sum(o.status == "finished" for o in got) == 160
        # exactly one thread ever won the claim (nobody released it)
        assert len({c for c in claims if c}) == 1
        assert claims.count(True) == 20

    def test_processes(self, tmp_path: Path) -> None:
        """4 processes x 200 records into one file: all 800 there, intact."""
        path = tmp_path / "o.db"
        SqliteOutcomes(path)
        code = """
            import sys, datetime as dt
            from blastradius.adapters import Outcome, SqliteOutcomes
            store = SqliteOutcomes(sys.argv[1])
            t0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
            for i in range(200):
                store.record(Outcome(
                    id=f"p{sys.argv[2]}-{i}", key="k", incident_id=None,
                    digest="0" * 64, target="t", argv=["kubectl", "get"],
                    rule_ids=["r"], score=1, tier="auto", verdict="execute",
                    started=t0 + dt.timedelta(seconds=i),
                ))
        """
        procs = [_run(code, str(path), str(p)) for p in range(4)]
        for p in procs:
            _out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err

        got = SqliteOutcomes(path).query()
        assert len(got) == 800
        assert {o.id for o in got} == {
            f"p{p}-{i}" for p in range(4) for i in range(200)
        }
        assert SqliteOutcomes(path).counts()["r"].total == 800

    def test_kill_9_leaves_started(self, tmp_path: Path) -> None:
        """A writer killed mid-run leaves a readable database with its started record."""
        path = tmp_path / "o.db"
        marker = tmp_path / "running"
        code = """
            import sys, time, pathlib
            from blastradius.adapters import Gate, SqliteOutcomes
            from blastradius.testing import FakeClock, FakeRunner
            marker = pathlib.Path(sys.argv[2])
            def hang(argv):
                marker.write_text("x")
                time.sleep(120)
                return (0, "", "")
            gate = Gate(runner=FakeRunner(replies={"scale": hang}),
                        clock=FakeClock(), requester="bot",
                        outcomes=SqliteOutcomes(sys.argv[1]))
            d = gate.decide("kubectl scale deploy/api --replicas=2 -n dev",
                            facts={"previous_replicas": 3})
            gate.execute(d)
        """
        proc = _run(code, str(path), str(marker))
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)

        assert proc.returncode == -signal.SIGKILL
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
        (o,) = SqliteOutcomes(path).query()
        assert o.status == "started"
        assert not o.executed
        assert o.finished is None
        # its claim is left: a gate sharing the file waits, then takes over
        from blastradius.adapters import Gate
        from blastradius.testing import FakeClock, FakeRunner

        clock = FakeClock()
        gate = Gate(
            runner=FakeRunner(),
            clock=clock,
            requester="bot",
            outcomes=SqliteOutcomes(path),
        )
        d = gate.decide(
            "kubectl scale deploy/api --replicas=2 -n dev",
            facts={"previous_replicas": 3},
        )
        assert gate.execute(d).reason.startswith("already running")
        clock.advance(3600)
        assert gate.execute(d).executed

    @pytest.mark.parametrize("incident", [None, "INC-42"])
    def test_two_processes_run_once(
        self, tmp_path: Path, incident: str | None
    ) -> None:
        """Two gates in two processes sharing one file run an approved decision once."""
        path = tmp_path / "o.db"
        ran = tmp_path / "ran.txt"
        go = tmp_path / "go"
        SqliteOutcomes(path)
        code = """
            import sys, time, json, pathlib, datetime as dt
            from blastradius import DeclarativeSpec
            from blastradius.adapters import Approval, Gate, SqliteOutcomes
            from blastradius.testing import FakeClock, FakeRunner
            db, ran, go, incident, me = sys.argv[1:6]
            def act(argv):
                with open(ran, "a") as f:
                    f.write(" ".join(argv) + "\\n")
                time.sleep(1.0)
                return (0, "", "")
            replies = {"--dry-run=server": (0, "", ""), "scale deploy": act}
            gate = Gate(runner=FakeRunner(replies=replies),
                        clock=FakeClock(), requester="bot",
                        outcomes=SqliteOutcomes(db))
            spec = DeclarativeSpec(
                "kubectl scale deploy/api --replicas=3 -n prod",
                incident_id=incident or None)
            d = gate.decide(spec, facts={"previous_replicas": 2})
            ok = Approval(user="ana", digest=d.digest, at=gate.clock.now())
            pathlib.Path(go + "." + me).write_text("ready")
            while not pathlib.Path(go).exists():
                time.sleep(0.01)
            ex = gate.execute(d, approvals=[ok])
            print(json.dumps({"executed": ex.executed, "reason": ex.reason,
                              "previous": ex.previous is not None}))
        """
        procs = [
            _run(code, str(path), str(ran), str(go), incident or "", str(n))
            for n in range(2)
        ]
        deadline = time.monotonic() + 120
        while not all(Path(f"{go}.{n}").exists() for n in range(2)):
            assert all(p.poll() is None for p in procs)
            assert time.monotonic() < deadline
            time.sleep(0.01)
        go.write_text("go")  # both decided and waiting: release them at once
        results = []
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
            results.append(json.loads(out))

        assert ran.read_text().count("\n") == 1
        reasons = sorted(r["reason"] for r in results)
        assert reasons[0].startswith(("already done", "already running"))
        assert reasons[1].startswith(("already", "executed"))
        assert sum(r["reason"].startswith("executed") for r in results) == 1
        outcomes = SqliteOutcomes(path).query()
        assert len(outcomes) == 2
        assert sum(o.executed for o in outcomes) == 1


class TestJsonlOutcomes:
    def test_appends_and_folds(self, tmp_path: Path) -> None:
        """Each record and update is one line; the last state of an id wins."""
        path = tmp_path / "o.jsonl"
        store = JsonlOutcomes(path)
        store.record(_outcome(0))
        store.update(attrs.evolve(_outcome(0), status="finished", finished=T0))

        lines = path.read_text().splitlines()
        assert [json.loads(x)["op"] for x in lines] == ["record", "update"]
        assert store.query()[0].status == "finished"
        assert "o.jsonl" in repr(store)

    def test_survives_reopen(self, tmp_path: Path) -> None:
        """A new store on the file sees the outcomes and refuses their ids."""
        path = tmp_path / "o.jsonl"
        JsonlOutcomes(path).record(_outcome(0))
        again = JsonlOutcomes(path)

        assert again.query() == (_outcome(0),)
        with pytest.raises(ValueError, match="already recorded"):
            again.record(_outcome(0))
        again.update(_outcome(0, error="x"))
        assert again.query()[0].error == "x"

    def test_torn_line_skipped(self, tmp_path: Path) -> None:
        """A line torn by a crash (or foreign) is skipped."""
        path = tmp_path / "o.jsonl"
        store = JsonlOutcomes(path)
        store.record(_outcome(0))
        with path.open("a") as f:
            f.write('{"op": "record", "outcome": {"id": "o-1", "ke\n')
            f.write('["not", "ours"]\n')
            f.write('{"op": "record"}\n')
        store.record(_outcome(2))

        assert [o.id for o in store.query()] == ["o-0", "o-2"]

    def test_flushed_per_record(self, tmp_path: Path) -> None:
        """A record is on disk when record returns (another reader sees it)."""
        path = tmp_path / "o.jsonl"
        store = JsonlOutcomes(path)
        store.record(_outcome(0))

        assert json.loads(path.read_text())["outcome"]["id"] == "o-0"

    def test_claims_are_per_process(self, tmp_path: Path) -> None:
        """Claims live in the store object: another process (object) does not see them."""
        path = tmp_path / "o.jsonl"
        one, two = JsonlOutcomes(path), JsonlOutcomes(path)

        assert one.claim("a" * 64, owner="x", now=T0, ttl=60)
        assert not one.claim("a" * 64, owner="y", now=T0, ttl=60)
        assert two.claim("a" * 64, owner="y", now=T0, ttl=60)
