"""
Fakes of every action-side Protocol, for the tests of blastradius and of
its hosts (as ``httpcore``'s mocks and ``structlog.testing``).

Importing this package needs nothing beyond blastradius itself;
`blastradius.testing.strategies` needs Hypothesis (the extra
``blastradius-policy[testing]``).
"""

from __future__ import annotations

from blastradius.testing._clock import DEFAULT_START, FakeClock
from blastradius.testing._fakes import (
    FakeNotifier,
    FakeReviews,
    MemoryOutcomes,
)
from blastradius.testing._runner import (
    Answer,
    FakeAsyncRunner,
    FakeRunner,
    Reply,
)


__all__ = [
    "DEFAULT_START",
    "Answer",
    "FakeAsyncRunner",
    "FakeClock",
    "FakeNotifier",
    "FakeReviews",
    "FakeRunner",
    "MemoryOutcomes",
    "Reply",
]
