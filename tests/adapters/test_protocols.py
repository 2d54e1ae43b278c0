"""
The action side's records validate themselves (`blastradius.adapters`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from blastradius.adapters import Approval, RunResult, Step


T0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


class TestRecords:
    def test_argv_never_a_string(self) -> None:
        """An argv given as one shell string is a TypeError."""
        with pytest.raises(TypeError, match="never one shell string"):
            RunResult(argv="kubectl get pods", rc=0)

    def test_argv_elements(self) -> None:
        """Every argv element must be a str."""
        with pytest.raises(TypeError, match="must be a str"):
            RunResult(argv=["kubectl", 3], rc=0)  # type: ignore[list-item]

    def test_aware_times(self) -> None:
        """Naive times are refused."""
        with pytest.raises(ValueError, match="aware"):
            Step(
                kind="action",
                argv=["x"],
                rc=0,
                started=dt.datetime(2026, 1, 1),  # noqa: DTZ001
                finished=T0,
            )

    def test_digest(self) -> None:
        """An approval binds to a full sha256 digest."""
        with pytest.raises(ValueError, match="64 lowercase hex"):
            Approval(user="ana", digest="ABC", at=T0)

    def test_durations(self) -> None:
        """A negative duration is refused."""
        with pytest.raises(ValueError, match="non-negative"):
            RunResult(argv=["x"], rc=0, duration=-1)

    def test_reasons_may_be_one_string(self) -> None:
        """Approvers given as one string are one approver."""
        from blastradius.adapters import Execution, Gate
        from blastradius.testing import FakeClock, FakeRunner

        gate = Gate(runner=FakeRunner(), clock=FakeClock(), requester="bot")
        ex = Execution(
            decision=gate.decide("kubectl get pods"),
            executed=False,
            approvers="ana",
        )

        assert ex.approvers == ("ana",)

    @pytest.mark.parametrize(
        ("kw", "ok"),
        [
            ({}, True),
            ({"rc": 1}, False),
            ({"timed_out": True}, False),
            ({"error": "gone"}, False),
        ],
    )
    def test_ok(self, kw: dict[str, object], ok: bool) -> None:
        """ok means status 0, not timed out, no error -- for runs and steps."""
        fields: dict[str, object] = {"argv": ["x"], "rc": 0, **kw}
        result = RunResult(**fields)  # type: ignore[arg-type]
        step = Step.of("action", result, started=T0, finished=T0)

        assert result.ok is ok
        assert step.ok is ok
        assert Step.from_dict(step.to_dict()) == step
