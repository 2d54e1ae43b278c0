"""
`FakeRunner` and `FakeAsyncRunner`: scripted `blastradius.adapters.Runner`
and `~blastradius.adapters.AsyncRunner` that record every argv.
"""

from __future__ import annotations

import shlex
import threading

from collections.abc import Callable, Mapping, Sequence
from typing import TypeAlias

import attrs

from blastradius.adapters._protocols import RunResult
from blastradius.testing._clock import FakeClock


__all__ = ["Answer", "FakeAsyncRunner", "FakeRunner", "Reply"]

Answer: TypeAlias = (
    tuple[int, str, str]
    | RunResult
    | BaseException
    | Callable[[tuple[str, ...]], "tuple[int, str, str] | RunResult"]
)
"""
One answer: ``(rc, stdout, stderr)``, a `RunResult`, an exception instance
to raise, or a callable of the argv returning ``(rc, stdout, stderr)`` or a
`RunResult`.
"""

Reply: TypeAlias = "Answer | list[Answer]"
"""
What a scripted runner answers for a key: one `Answer`, or a list of them
used one per call (the last one repeating; ``[]`` answers the default).
"""

_DEFAULT: tuple[int, str, str] = (0, "", "")


def _argv(argv: Sequence[str]) -> tuple[str, ...]:
    if isinstance(argv, str):
        msg = (
            "a runner takes an argv (a sequence of str), never a shell string"
        )
        raise TypeError(msg)
    out = tuple(argv)
    if not out or not all(isinstance(a, str) for a in out):
        msg = f"an argv is a non-empty sequence of str: {out!r}"
        raise TypeError(msg)
    return out


class _Scripted:
    """
    What the sync and async fakes share: the script, the calls, the prefix.
    """

    def __init__(
        self,
        replies: Mapping[str, Reply] | None = None,
        *,
        prefix: Sequence[str] = (),
        default: Reply = _DEFAULT,
        clock: FakeClock | None = None,
        duration: float = 0.0,
    ) -> None:
        self.replies: tuple[tuple[str, Reply], ...] = tuple(
            (replies or {}).items()
        )
        """The script: (substring, reply) pairs, tried in order."""
        self.prefix: tuple[str, ...] = tuple(prefix)
        """What `argv_for` puts before every argv (injected flags)."""
        self.default: Reply = default
        """The reply when no key matches."""
        self.clock = clock
        self.duration = float(duration)
        self.calls: list[tuple[str, ...]] = []
        """Every argv run (as `argv_for` made it), in order."""
        self.timeouts: list[float] = []
        """The *timeout* of every call, in order."""
        self._used: dict[int, int] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        keys = [k for k, _ in self.replies]
        return f"{type(self).__name__}(keys={keys!r}, calls={len(self.calls)})"

    def argv_for(self, argv: Sequence[str]) -> tuple[str, ...]:
        """
        *argv* as it will run: `prefix` first, then *argv*; pure.

        Raises:
            TypeError: *argv* is one string, empty, or holds a non-str.
        """
        return (*self.prefix, *_argv(argv))

    def calls_matching(self, key: str) -> list[tuple[str, ...]]:
        """
        The recorded calls whose `shlex.join` contains *key*.
        """
        return [c for c in self.calls if key in shlex.join(c)]

    def _pick(self, argv: tuple[str, ...]) -> Answer:
        line = shlex.join(argv)
        for index, (key, reply) in enumerate(self.replies):
            if key not in line:
                continue
            if not isinstance(reply, list):
                return reply
            used = self._used.get(index, 0)
            self._used[index] = used + 1
            return reply[min(used, len(reply) - 1)] if reply else _DEFAULT
        default = self.default
        return (
            default[0]
            if isinstance(default, list) and default
            else (_DEFAULT if isinstance(default, list) else default)
        )

    def _call(self, argv: Sequence[str], timeout: float) -> RunResult:
        full = self.argv_for(argv)
        with self._lock:
            self.calls.append(full)
            self.timeouts.append(float(timeout))
            answer = self._pick(full)
        if isinstance(answer, BaseException):
            raise answer
        reply = answer(full) if callable(answer) else answer
        if self.clock is not None and self.duration:
            self.clock.advance(self.duration)
        if isinstance(reply, RunResult):
            return attrs.evolve(reply, argv=full)
        rc, stdout, stderr = reply
        return RunResult(
            argv=full,
            rc=rc,
            stdout=stdout,
            stderr=stderr,
            duration=self.duration,
        )


class FakeRunner(_Scripted):
    """
    A `blastradius.adapters.Runner` that answers from a script and records
    what it was asked to run.

    Each key of *replies* is looked for as a substring of
    ``shlex.join(argv)``; the first key that matches, in order, gives the
    reply, else *default* (``(0, "", "")``). Safe to share between threads.

    Args:
        replies: ``{substring: reply}``, tried in insertion order; see
            `Reply`.
        prefix: Arguments `argv_for` puts first, as a real runner injects
            flags (``("kubectl", "--context=prod")`` …); ``()`` runs the
            argv unchanged.
        default: The reply when no key matches.
        clock: A `FakeClock` to advance by *duration* per call.
        duration: The seconds each call takes (and reports).

    >>> runner = FakeRunner(replies={"rollout status": (1, "", "timed out")})
    >>> argv = ["kubectl", "rollout", "status", "deploy/api"]
    >>> runner.run(argv, timeout=5).rc
    1
    >>> runner.run(["kubectl", "get", "pods"], timeout=5).ok
    True
    >>> runner.calls[-1]
    ('kubectl', 'get', 'pods')

    .. versionadded:: 0.2
    """

    def run(self, argv: Sequence[str], *, timeout: float) -> RunResult:
        """
        Record `argv_for(argv)` in `calls` and answer from the script.

        Raises:
            BaseException: Whatever exception the script says to raise.
        """
        return self._call(argv, timeout)

    async def arun(self, argv: Sequence[str], *, timeout: float) -> RunResult:
        """
        `run`, awaited (the calls go to the same `calls`).
        """
        return self._call(argv, timeout)


class FakeAsyncRunner(_Scripted):
    """
    `FakeRunner` as a `blastradius.adapters.AsyncRunner`: `run` is awaited.

    >>> import asyncio
    >>> runner = FakeAsyncRunner(replies={"delete": RuntimeError("boom")})
    >>> asyncio.run(runner.run(["kubectl", "get", "ns"], timeout=1)).rc
    0

    .. versionadded:: 0.2
    """

    async def run(self, argv: Sequence[str], *, timeout: float) -> RunResult:
        """
        As `FakeRunner.run`, awaited.
        """
        return self._call(argv, timeout)
