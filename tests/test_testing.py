from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import threading

from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from blastradius.adapters import Decision, Outcome, RunResult
from blastradius.testing import (
    DEFAULT_START,
    FakeAsyncRunner,
    FakeClock,
    FakeNotifier,
    FakeReviews,
    FakeRunner,
    MemoryOutcomes,
)


UTC = dt.timezone.utc


class TestFakeClock:
    def test_default_start(self) -> None:
        """A new clock reads 2026-01-01T00:00:00Z, aware UTC."""
        clock = FakeClock()

        assert clock.now() == dt.datetime(2026, 1, 1, tzinfo=UTC)
        assert clock.now() == DEFAULT_START
        assert clock.now().utcoffset() == dt.timedelta(0)

    def test_start_string_and_offset(self) -> None:
        """An ISO string with Z or an offset starts the clock, kept in UTC."""
        assert FakeClock(start="2026-03-01T12:00:00Z").now() == dt.datetime(
            2026, 3, 1, 12, tzinfo=UTC
        )
        clock = FakeClock(start="2026-03-01T14:00:00+02:00")

        assert clock.now() == dt.datetime(2026, 3, 1, 12, tzinfo=UTC)
        assert clock.now().tzinfo == UTC

    @pytest.mark.parametrize(
        "start",
        [
            "2026-01-01T00:00:00",
            dt.datetime(2026, 1, 1),  # noqa: DTZ001
            3,
        ],
    )
    def test_naive_start_refused(self, start: object) -> None:
        """A naive or non-time start is a ValueError."""
        with pytest.raises(ValueError, match="aware"):
            FakeClock(start=start)  # type: ignore[arg-type]

    def test_stands_still(self) -> None:
        """Reading the clock never moves it."""
        clock = FakeClock()

        assert clock.now() == clock.now()

    def test_advance(self) -> None:
        """advance moves forward by the seconds given and returns the time."""
        clock = FakeClock()

        assert clock.advance(1.5) == DEFAULT_START + dt.timedelta(seconds=1.5)
        assert clock.now() == DEFAULT_START + dt.timedelta(seconds=1.5)
        assert clock.sleeps == []

    def test_sleep_advances_and_records(self) -> None:
        """sleep returns at once, advances the clock and is recorded."""
        clock = FakeClock()
        clock.sleep(120)
        clock.sleep(0)

        assert clock.now() == DEFAULT_START + dt.timedelta(minutes=2)
        assert clock.sleeps == [120.0, 0.0]

    @pytest.mark.parametrize("method", ["advance", "sleep"])
    def test_never_backwards(self, method: str) -> None:
        """A negative step is a ValueError and leaves the clock alone."""
        clock = FakeClock()

        with pytest.raises(ValueError, match="backwards"):
            getattr(clock, method)(-1)
        assert clock.now() == DEFAULT_START
        assert clock.sleeps == []

    def test_threads(self) -> None:
        """Advances from many threads all count."""
        clock = FakeClock()

        def work() -> None:
            for _ in range(100):
                clock.advance(1)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        assert clock.now() == DEFAULT_START + dt.timedelta(seconds=800)

    def test_repr(self) -> None:
        """The repr shows the current time."""
        assert "2026-01-01T00:00:00+00:00" in repr(FakeClock())


class TestFakeRunner:
    def test_default_reply(self) -> None:
        """Without a matching key the reply is (0, "", "")."""
        runner = FakeRunner()
        result = runner.run(["kubectl", "get", "pods"], timeout=3)

        assert result == RunResult(argv=("kubectl", "get", "pods"), rc=0)
        assert result.ok

    def test_substring_key(self) -> None:
        """A key matches as a substring of shlex.join(argv)."""
        runner = FakeRunner(replies={"rollout status": (1, "", "deadline")})
        result = runner.run(
            ["kubectl", "rollout", "status", "deployment/api"], timeout=120
        )

        assert (result.rc, result.stdout, result.stderr) == (1, "", "deadline")
        assert not result.ok

    def test_key_sees_shell_quoting(self) -> None:
        """Keys see the argv as shlex.join renders it, quotes included."""
        runner = FakeRunner(replies={"'a b'": (3, "", "")})

        assert runner.run(["echo", "a b"], timeout=1).rc == 3
        assert runner.run(["echo", "a", "b"], timeout=1).rc == 0

    def test_first_match_in_order(self) -> None:
        """When several keys match, the first one in order wins."""
        runner = FakeRunner(
            replies={"rollout": (5, "", ""), "rollout status": (1, "", "")}
        )

        assert (
            runner.run(["kubectl", "rollout", "status", "x"], timeout=1).rc
            == 5
        )

    def test_exception_reply(self) -> None:
        """An exception instance as a reply is raised, and the call recorded."""
        runner = FakeRunner(replies={"delete": OSError("pipe broke")})

        with pytest.raises(OSError, match="pipe broke"):
            runner.run(["kubectl", "delete", "pod", "x"], timeout=1)
        assert runner.calls == [("kubectl", "delete", "pod", "x")]

    def test_runresult_reply(self) -> None:
        """A RunResult reply is returned with the argv as it ran."""
        canned = RunResult(argv=["other"], rc=-1, timed_out=True, duration=9)
        runner = FakeRunner(replies={"sleep": canned})
        result = runner.run(["sleep", "10"], timeout=1)

        assert result.argv == ("sleep", "10")
        assert result.timed_out
        assert result.duration == 9

    def test_callable_reply(self) -> None:
        """A callable reply is called with the argv and its reply used."""
        seen: list[tuple[str, ...]] = []

        def reply(argv: tuple[str, ...]) -> tuple[int, str, str]:
            seen.append(argv)
            return (0, " ".join(argv), "")

        runner = FakeRunner(replies={"echo": reply})

        assert runner.run(["echo", "hi"], timeout=1).stdout == "echo hi"
        assert seen == [("echo", "hi")]

    def test_list_reply(self) -> None:
        """A list of replies is used one per call, the last repeating."""
        runner = FakeRunner(
            replies={"status": [(1, "", "not yet"), (0, "ok", "")]}
        )
        rcs = [
            runner.run(["kubectl", "rollout", "status"], timeout=1).rc
            for _ in range(3)
        ]

        assert rcs == [1, 0, 0]

    def test_empty_list_reply(self) -> None:
        """An empty list of replies gives the default success."""
        runner = FakeRunner(replies={"x": []})

        assert runner.run(["x"], timeout=1).rc == 0

    def test_list_default(self) -> None:
        """A list as the default answers its first reply; [] the success."""
        assert FakeRunner(default=[(7, "", "")]).run(["x"], timeout=1).rc == 7
        assert FakeRunner(default=[]).run(["x"], timeout=1).rc == 0

    def test_default_override(self) -> None:
        """*default* is the reply when nothing matches."""
        runner = FakeRunner(default=(127, "", "not found"))

        assert runner.run(["kubectl"], timeout=1).rc == 127

    def test_calls_in_order(self) -> None:
        """calls holds every argv as a tuple, in order, with its timeout."""
        runner = FakeRunner()
        runner.run(["a"], timeout=1)
        runner.run(("b", "c"), timeout=2.5)

        assert runner.calls == [("a",), ("b", "c")]
        assert runner.timeouts == [1.0, 2.5]
        assert runner.calls_matching("b") == [("b", "c")]

    def test_argv_for_is_identity(self) -> None:
        """Without a prefix, argv_for returns the argv as a tuple, unchanged."""
        runner = FakeRunner()

        assert runner.argv_for(["kubectl", "get", "pods"]) == (
            "kubectl",
            "get",
            "pods",
        )
        assert runner.calls == []

    def test_prefix(self) -> None:
        """A prefix is injected by argv_for, run and matched as run."""
        runner = FakeRunner(
            replies={"--context=prod kubectl": (4, "", "")},
            prefix=("env", "--context=prod"),
        )

        assert runner.argv_for(["kubectl"]) == (
            "env",
            "--context=prod",
            "kubectl",
        )
        assert runner.run(["kubectl"], timeout=1).rc == 4
        assert runner.calls == [("env", "--context=prod", "kubectl")]

    @pytest.mark.parametrize("argv", ["kubectl get pods", [], ["a", 1]])
    def test_bad_argv(self, argv: object) -> None:
        """A shell string, an empty argv or a non-str element is a TypeError."""
        runner = FakeRunner()

        with pytest.raises(TypeError):
            runner.run(argv, timeout=1)  # type: ignore[arg-type]
        assert runner.calls == []

    def test_clock_and_duration(self) -> None:
        """With a clock, each call advances it by *duration*, reported."""
        clock = FakeClock()
        runner = FakeRunner(clock=clock, duration=2)
        result = runner.run(["x"], timeout=1)

        assert result.duration == 2
        assert clock.now() == DEFAULT_START + dt.timedelta(seconds=2)

    def test_arun(self) -> None:
        """arun answers as run and records in the same calls."""
        runner = FakeRunner(replies={"x": (2, "", "")})

        assert asyncio.run(runner.arun(["x"], timeout=1)).rc == 2
        assert runner.calls == [("x",)]

    def test_threads(self) -> None:
        """Calls from many threads are all recorded."""
        runner = FakeRunner()

        def work() -> None:
            for _ in range(50):
                runner.run(["x"], timeout=1)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        assert len(runner.calls) == 400

    def test_repr(self) -> None:
        """The repr names the keys and the number of calls."""
        runner = FakeRunner(replies={"a": (0, "", "")})
        runner.run(["a"], timeout=1)

        assert repr(runner) == "FakeRunner(keys=['a'], calls=1)"


class TestFakeAsyncRunner:
    def test_awaited(self) -> None:
        """run is a coroutine answering from the script."""
        runner = FakeAsyncRunner(replies={"status": (1, "", "no")})
        result = asyncio.run(
            runner.run(["kubectl", "rollout", "status"], timeout=1)
        )

        assert result.rc == 1
        assert runner.calls == [("kubectl", "rollout", "status")]

    def test_raises(self) -> None:
        """An exception reply is raised from the awaited run."""
        runner = FakeAsyncRunner(replies={"x": TimeoutError("slow")})

        with pytest.raises(TimeoutError):
            asyncio.run(runner.run(["x"], timeout=1))


def _decision(
    cmd: str = "kubectl scale deploy/api --replicas=0 -n prod", **spec: str
) -> Decision:
    from blastradius import DeclarativeSpec
    from blastradius.adapters import Gate

    gate = Gate(runner=FakeRunner(), clock=FakeClock(), requester="bot")
    return gate.decide(DeclarativeSpec(cmd, **spec))


class TestFakeReviews:
    def test_one_issue_per_incident(self) -> None:
        """open creates once per incident, then finds it, or updates it for a new plan."""
        reviews = FakeReviews()
        d = _decision(incident_id="INC-1")
        first = reviews.open(d, diagnosis="why")
        again = reviews.open(d)
        changed = reviews.open(
            _decision(
                "kubectl scale deploy/api --replicas=1 -n prod",
                incident_id="INC-1",
            )
        )
        other = reviews.open(_decision(incident_id="INC-2"))

        assert (first.action, again.action, changed.action) == (
            "created",
            "existing",
            "updated",
        )
        assert (
            first.issue_number
            == again.issue_number
            == changed.issue_number
            == 1
        )
        assert other.issue_number == 2
        assert (
            first.issue_url == "https://git.example.com/ops/repairs/issues/1"
        )
        assert first.author == "blastradius-bot"
        assert first.digest == d.digest
        assert reviews.opened[0] == (d, "why")
        assert len(reviews.issues) == 2
        assert repr(reviews) == "FakeReviews(issues=2)"

    def test_without_incident(self) -> None:
        """Without an incident the digest keys the issue."""
        reviews = FakeReviews()

        assert reviews.open(_decision()).action == "created"
        assert reviews.open(_decision()).action == "existing"

    def test_fail(self) -> None:
        """A failing fake returns success=False with the error, never raises."""
        reviews = FakeReviews(fail="401 Unauthorized")
        result = reviews.open(_decision(incident_id="INC-1"))

        assert not result.success
        assert result.error == "401 Unauthorized"
        assert result.incident_id == "INC-1"
        assert reviews.approvals(result) == ()

    def test_approvals(self) -> None:
        """approve adds approvals (of the review's digest unless told) read back in order."""
        reviews = FakeReviews()
        review = reviews.open(_decision())
        a = reviews.approve(review, "ana", at=DEFAULT_START)
        b = reviews.approve(
            review,
            "bo",
            at=DEFAULT_START,
            digest="f" * 64,
            reject=True,
            reason="no",
        )

        assert reviews.approvals(review) == (a, b)
        assert a.digest == review.digest
        assert b.reject
        assert b.reason == "no"

    def test_approve_unknown(self) -> None:
        """Approving a review this fake never opened is a KeyError."""
        from blastradius.adapters import ReviewResult

        with pytest.raises(KeyError):
            FakeReviews().approve(
                ReviewResult(success=True, issue_number=9),
                "ana",
                at=DEFAULT_START,
            )

    def test_close(self) -> None:
        """close records the outcome and marks the review closed."""
        reviews = FakeReviews()
        review = reviews.open(_decision())
        outcome = _outcome_of(review)
        closed = reviews.close(review, outcome)

        assert closed.action == "closed"
        assert closed.issue_number == review.issue_number
        assert reviews.closed == [(review, outcome)]


def _outcome_of(review: object) -> Outcome:
    return Outcome(
        id="1",
        key="declarative:x",
        incident_id=None,
        digest="0" * 64,
        target="t",
        argv=(),
        rule_ids=(),
        score=0,
        tier="auto",
        verdict="execute",
        started=DEFAULT_START,
    )


class TestFakeNotifier:
    def test_records(self) -> None:
        """notify keeps subject and message, in order."""
        notifier = FakeNotifier()
        d = _decision()
        notifier.notify(d, "one")
        notifier.notify(d, "two")

        assert notifier.messages == [(d, "one"), (d, "two")]
        assert notifier.texts == ["one", "two"]
        assert repr(notifier) == "FakeNotifier(messages=2)"

    def test_fail(self) -> None:
        """With fail, notify records, then raises."""
        notifier = FakeNotifier(fail=ConnectionError("chat down"))

        with pytest.raises(ConnectionError):
            notifier.notify(_decision(), "x")
        assert notifier.texts == ["x"]


class TestMemoryOutcomes:
    def test_query_returns_every_outcome(self) -> None:
        """query() with no filter returns every Outcome, recorded in order."""
        store = MemoryOutcomes()
        one = _outcome_of(None)
        two = attrs.evolve(one, id="2")
        store.record(one)
        store.record(two)

        assert store.query() == (one, two)
        assert repr(store) == "MemoryOutcomes(outcomes=2)"

    def test_calls(self) -> None:
        """Every call is recorded with what it named."""
        store = MemoryOutcomes()
        o = _outcome_of(None)
        store.record(o)
        store.update(o)
        store.claim("a" * 64, owner="x", now=DEFAULT_START, ttl=1)
        store.release("a" * 64, owner="x")
        store.query(target="t")

        assert store.calls == [
            ("record", "1"),
            ("update", "1"),
            ("claim", "a" * 64),
            ("release", "a" * 64),
            ("query", "t"),
        ]
        assert store.methods() == [
            "record",
            "update",
            "claim",
            "release",
            "query",
        ]

    @pytest.mark.parametrize(
        "method", ["record", "update", "claim", "release", "query"]
    )
    def test_fail(self, method: str) -> None:
        """fail makes a method raise after recording the call."""
        store = MemoryOutcomes(fail={method: OSError("disk full")})
        o = _outcome_of(None)
        calls: dict[str, Callable[[], object]] = {
            "record": lambda: store.record(o),
            "update": lambda: store.update(o),
            "claim": lambda: store.claim(
                "a" * 64, owner="x", now=DEFAULT_START, ttl=1
            ),
            "release": lambda: store.release("a" * 64, owner="x"),
            "query": store.query,
        }

        with pytest.raises(OSError, match="disk full"):
            calls[method]()
        assert store.methods() == [method]


def _fresh(code: str) -> subprocess.CompletedProcess[str]:
    """Run *code* in a fresh interpreter with the package on its path."""
    src = str(Path(__file__).resolve().parents[1] / "src")
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": src},
        check=False,
    )


class TestImports:
    def test_core_imports_neither(self) -> None:
        """import blastradius imports neither blastradius.adapters nor blastradius.testing."""
        proc = _fresh(
            "import sys, blastradius\n"
            "print(sorted(m for m in sys.modules if m.startswith("
            "('blastradius.adapters', 'blastradius.testing'))))"
        )

        assert (proc.returncode, proc.stdout.strip()) == (0, "[]"), proc.stderr

    def test_testing_without_hypothesis(self) -> None:
        """import blastradius.testing works with Hypothesis blocked, and loads no driver."""
        proc = _fresh(
            "import sys\n"
            "sys.modules['hypothesis'] = None\n"
            "import blastradius.testing as t\n"
            "print(t.FakeRunner().run(['x'], timeout=1).ok)\n"
            "print('sqlite3' in sys.modules, 'blastradius.adapters.outcomes' in sys.modules)"
        )

        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.split() == ["True", "False", "False"]

    def test_strategies_need_hypothesis(self) -> None:
        """blastradius.testing.strategies without Hypothesis names the extra."""
        proc = _fresh(
            "import sys\n"
            "sys.modules['hypothesis'] = None\n"
            "import blastradius.testing.strategies\n"
        )

        assert proc.returncode == 1
        assert "pip install 'blastradius-policy[testing]'" in proc.stderr

    def test_adapters_lazy(self) -> None:
        """Importing blastradius.adapters loads no driver until a name is asked for."""
        proc = _fresh(
            "import sys\n"
            "import blastradius.adapters as a\n"
            "print(sorted(m for m in sys.modules if m.startswith('blastradius.adapters.')))\n"
            "a.Gate\n"
            "print('sqlite3' in sys.modules)\n"
            "a.SqliteOutcomes\n"
            "print('sqlite3' in sys.modules)\n"
        )

        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.split("\n")[:3] == ["[]", "False", "True"]


class TestStrategies:
    def test_bad_tier(self) -> None:
        """commands() takes a Tier."""
        from blastradius.testing.strategies import commands

        with pytest.raises(TypeError, match="Tier"):
            commands("auto")  # type: ignore[arg-type]

    @given(st.data())
    def test_tiers_score_as_asked(self, data: st.DataObject) -> None:
        """A command drawn for a tier scores in that tier, under the policy given."""
        from blastradius import Policy, Thresholds, Tier, score
        from blastradius.testing.strategies import commands

        tier = data.draw(st.sampled_from(list(Tier)))
        policy = data.draw(
            st.sampled_from([None, Policy(thresholds=Thresholds(auto=20))])
        )
        cmd = data.draw(commands(tier, policy=policy))

        assert score(cmd, policy=policy or Policy()).tier is tier

    @given(st.data())
    def test_approvals(self, data: st.DataObject) -> None:
        """approvals() of any digest are valid records near the clock's start."""
        from blastradius.testing.strategies import USERS, approvals, digests

        a = data.draw(approvals())
        b = data.draw(approvals(digests()))

        assert len(a.digest) == len(b.digest) == 64
        assert a.user in USERS
        assert (
            DEFAULT_START - dt.timedelta(days=2)
            <= a.at
            <= DEFAULT_START + dt.timedelta(hours=1)
        )

    @given(st.data())
    def test_specs_and_policies(self, data: st.DataObject) -> None:
        """specs() and policies() give valid records the gate decides on."""
        from blastradius import DeclarativeSpec, Policy
        from blastradius.adapters import Gate
        from blastradius.testing.strategies import (
            INCIDENT_IDS,
            policies,
            specs,
        )

        spec = data.draw(specs())
        policy = data.draw(policies())

        assert isinstance(spec, DeclarativeSpec)
        assert isinstance(policy, Policy)
        assert data.draw(INCIDENT_IDS)
        gate = Gate(
            policy, runner=FakeRunner(), clock=FakeClock(), requester="bot"
        )
        assert len(gate.decide(spec).digest) == 64
