"""
`FakeClock`: a `blastradius.adapters.Clock` that only moves when told.
"""

from __future__ import annotations

import datetime as dt
import threading


__all__ = ["DEFAULT_START", "FakeClock"]

DEFAULT_START = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
"""Where a `FakeClock` starts unless told otherwise: 2026-01-01T00:00:00Z."""


def _start(value: dt.datetime | str) -> dt.datetime:
    if isinstance(value, str):
        text = value[:-1] + "+00:00" if value.endswith("Z") else value
        value = dt.datetime.fromisoformat(text)
    elif not isinstance(value, dt.datetime):
        msg = f"a FakeClock starts at an aware datetime, not {value!r}"
        raise ValueError(msg)  # noqa: TRY004 - a value, not a type, error
    if value.utcoffset() is None:
        msg = f"a FakeClock starts at an aware datetime, not {value!r}"
        raise ValueError(msg)
    return value.astimezone(dt.timezone.utc)


class FakeClock:
    """
    A clock for tests: `now` stands still until `advance` or `sleep` moves
    it; `sleep` returns at once and is recorded in `sleeps`.

    Safe to share between threads.

    Args:
        start: The first `now` (an aware `datetime.datetime`, or an ISO
            8601 string such as ``"2026-01-01T00:00:00Z"``); converted to
            UTC.

    Raises:
        ValueError: *start* is naive or not a time.

    >>> clock = FakeClock()
    >>> clock.now().isoformat()
    '2026-01-01T00:00:00+00:00'
    >>> clock.sleep(90)
    >>> clock.advance(30).isoformat()
    '2026-01-01T00:02:00+00:00'
    >>> clock.sleeps
    [90.0]

    .. versionadded:: 0.2
    """

    def __init__(self, start: dt.datetime | str = DEFAULT_START) -> None:
        self._now = _start(start)
        self._lock = threading.Lock()
        self.sleeps: list[float] = []
        """Every `sleep` asked for, in seconds, in order."""

    def __repr__(self) -> str:
        return f"FakeClock(now={self.now().isoformat()!r})"

    def now(self) -> dt.datetime:
        """
        The current fake time (aware, UTC).
        """
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> dt.datetime:
        """
        Move the clock *seconds* forward and return the new time.

        Raises:
            ValueError: *seconds* is negative: time never runs backwards.
        """
        if seconds < 0:
            msg = f"a clock never runs backwards: advance({seconds!r})"
            raise ValueError(msg)
        with self._lock:
            self._now += dt.timedelta(seconds=seconds)
            return self._now

    def sleep(self, seconds: float) -> None:
        """
        Record *seconds* in `sleeps` and advance by as much, at once.

        Raises:
            ValueError: *seconds* is negative.
        """
        self.advance(seconds)
        with self._lock:
            self.sleeps.append(float(seconds))
