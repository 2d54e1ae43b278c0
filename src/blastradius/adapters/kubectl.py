"""
`KubectlRunner` and `AsyncKubectlRunner`: run one kubectl argv, never
through a shell.

The pure part (`KubectlRunner.argv_for`, the child's environment, the
result built from what the process left) is shared; the two drivers only
start the process (`subprocess.Popen` / `asyncio.create_subprocess_exec`),
wait for it with a timeout and, at the timeout, kill its whole process
group.

Standard output and error go to anonymous temporary files, so a child that
writes without end cannot fill the parent's memory: at most *max_output*
bytes of each are read back.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import time

from collections.abc import Mapping, Sequence
from typing import IO, Final

from blastradius.adapters._protocols import RunResult


__all__ = ["DEFAULT_MAX_OUTPUT", "AsyncKubectlRunner", "KubectlRunner"]

DEFAULT_MAX_OUTPUT: Final = 1 << 20
"""How many bytes of standard output (and of standard error) a runner
keeps by default: 1 MiB."""

CUT_MARK: Final = "\n[output cut at {limit} bytes]"
"""Appended to an output cut at the runner's cap."""

_NAMES: Final = frozenset({"kubectl", "kubectl.exe"})


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


def _own_context(words: Sequence[str]) -> str | None:
    """
    The ``--context`` an argv sets itself (before any ``--``), if any.
    """
    for i, word in enumerate(words):
        if word == "--":
            return None
        if word.startswith("--context="):
            return word.partition("=")[2]
        if word == "--context":
            return words[i + 1] if i + 1 < len(words) else ""
    return None


class _Base:
    """
    What both runners share: configuration, `argv_for`, the environment
    and the result.
    """

    def __init__(
        self,
        kubectl: str | None = None,
        *,
        kubeconfig: str | os.PathLike[str] | None = None,
        context: str | None = None,
        max_output: int = DEFAULT_MAX_OUTPUT,
        env: Mapping[str, str] | None = None,
    ) -> None:
        if kubectl is not None and (not kubectl):
            msg = f"kubectl must be a program name or path, not {kubectl!r}"
            raise ValueError(msg)
        if context is not None and (
            not context or context.startswith("-") or not context.isprintable()
        ):
            msg = f"context must be a kube context name, not {context!r}"
            raise ValueError(msg)
        if isinstance(max_output, bool) or not isinstance(max_output, int):
            msg = f"max_output must be an int, not {max_output!r}"
            raise TypeError(msg)
        if max_output < 1:
            msg = f"max_output must be at least 1, not {max_output!r}"
            raise ValueError(msg)
        self.kubectl = kubectl
        """The binary: a path, a name, or `None` for ``kubectl`` on PATH
        (looked up at run time)."""
        self.kubeconfig = None if kubeconfig is None else os.fspath(kubeconfig)
        """The kubeconfig given to the child as ``KUBECONFIG``, if any."""
        self.context = context
        """The ``--context`` put after the binary, if any."""
        self.max_output = max_output
        """How many bytes of each output are kept."""
        self.env = None if env is None else dict(env)
        """The child's base environment; `None`: this process's."""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(kubectl={self.kubectl!r}, "
            f"kubeconfig={self.kubeconfig!r}, context={self.context!r})"
        )

    def argv_for(self, argv: Sequence[str]) -> tuple[str, ...]:
        """
        *argv* as it will run: the binary in place of a leading
        ``kubectl`` (or before *argv* when it has none), then
        ``--context=CTX`` when a context is set; pure and idempotent
        (``argv_for(argv_for(a)) == argv_for(a)``), so the gate may hand
        back an argv it already took from here.

        Raises:
            TypeError: *argv* is one string, empty, or holds a non-str.

        >>> from blastradius.adapters import KubectlRunner
        >>> KubectlRunner(context="prod").argv_for(["kubectl", "get", "ns"])
        ('kubectl', '--context=prod', 'get', 'ns')
        >>> KubectlRunner(kubectl="/opt/k").argv_for(["get", "ns"])
        ('/opt/k', 'get', 'ns')
        """
        words = _argv(argv)
        binary = self.kubectl or "kubectl"
        if words[0] == binary or pathlib.PurePath(words[0]).name in _NAMES:
            words = words[1:]
        head: tuple[str, ...] = (binary,)
        if self.context is not None:
            flag = f"--context={self.context}"
            if words[:1] == (flag,):
                words = words[1:]
            head = (*head, flag)
        return (*head, *words)

    def _environ(self) -> dict[str, str]:
        env = dict(os.environ if self.env is None else self.env)
        if self.kubeconfig is not None:
            env["KUBECONFIG"] = self.kubeconfig
        return env

    def _prepare(
        self, argv: Sequence[str]
    ) -> tuple[tuple[str, ...], tuple[str, ...] | RunResult]:
        """
        The argv to report and the argv to execute, or the result that
        says why it cannot run.
        """
        full = self.argv_for(argv)
        own = None if self.context is None else _own_context(full[2:])
        if own is not None and own != self.context:
            return full, RunResult(
                argv=full,
                rc=-1,
                error=f"the argv sets --context={own!r} but the runner is "
                f"bound to {self.context!r}",
            )
        binary = full[0]
        if self.kubectl is None:
            path = shutil.which("kubectl", path=self._environ().get("PATH"))
            if path is None:
                return full, RunResult(
                    argv=full, rc=-1, error="kubectl not found on PATH"
                )
            binary = path
        return full, (binary, *full[1:])

    def _result(  # noqa: PLR0913 - the parts of one result
        self,
        full: tuple[str, ...],
        rc: int,
        out: IO[bytes],
        err: IO[bytes],
        started: float,
        *,
        timed_out: bool,
        timeout: float,
    ) -> RunResult:
        return RunResult(
            argv=full,
            rc=-1 if timed_out else rc,
            stdout=self._read(out),
            stderr=self._read(err),
            duration=max(0.0, time.monotonic() - started),
            timed_out=timed_out,
            error=f"killed after the {timeout:g} s timeout"
            if timed_out
            else "",
        )

    def _read(self, stream: IO[bytes]) -> str:
        stream.seek(0)
        data = stream.read(self.max_output + 1)
        text = data[: self.max_output].decode("utf-8", errors="replace")
        if len(data) > self.max_output:
            text += CUT_MARK.format(limit=self.max_output)
        return text


def _not_started(full: tuple[str, ...], error: OSError) -> RunResult:
    reason = (
        "kubectl not found"
        if isinstance(error, FileNotFoundError)
        else "kubectl cannot be run"
    )
    return RunResult(
        argv=full, rc=-1, error=f"{reason}: {full[0]}: {error.strerror}"
    )


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _check_timeout(timeout: float) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        msg = f"timeout must be a number of seconds, not {timeout!r}"
        raise TypeError(msg)
    if not timeout > 0:
        msg = f"timeout must be positive, not {timeout!r}"
        raise ValueError(msg)
    return float(timeout)


class KubectlRunner(_Base):
    """
    A `blastradius.adapters.Runner` for kubectl: the argv goes to
    `subprocess.Popen` as a list, never through a shell.

    Args:
        kubectl: The binary (a path, or a name looked up on PATH);
            `None`: ``kubectl`` on PATH, looked up at each run.
        kubeconfig: Given to the child as ``KUBECONFIG`` (never on the
            command line, so the argv the gate scored is the argv that
            runs).
        context: The kube context, added as ``--context=CTX`` after the
            binary; an argv that sets another context is not run.
        max_output: Bytes of standard output (and of error) kept; the rest
            is cut, marked with `CUT_MARK`.
        env: The child's base environment (default: this process's).

    Raises:
        ValueError: An empty *kubectl*, a *context* that is not a context
            name, or *max_output* below 1.

    Failures are values: a missing binary gives ``rc=-1`` and *error*
    ``"kubectl not found…"``; a timeout kills the process group and gives
    ``timed_out=True``.

    >>> from blastradius.adapters import KubectlRunner
    >>> runner = KubectlRunner(kubectl="/bin/echo")
    >>> runner.run(["kubectl", "get", "x;id"], timeout=10).stdout
    'get x;id\\n'

    .. versionadded:: 0.2
    """

    def run(self, argv: Sequence[str], *, timeout: float) -> RunResult:
        """
        Run `argv_for(argv)`; kill its process group after *timeout*
        seconds.

        Raises:
            TypeError: *argv* is one string or holds a non-str.
            ValueError: *timeout* is not positive.
        """
        limit = _check_timeout(timeout)
        full, prepared = self._prepare(argv)
        if isinstance(prepared, RunResult):
            return prepared
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.monotonic()
            try:
                proc = subprocess.Popen(
                    prepared,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                    env=self._environ(),
                    start_new_session=True,
                )
            except OSError as e:
                return _not_started(full, e)
            timed_out = False
            try:
                rc = proc.wait(timeout=limit)
            except subprocess.TimeoutExpired:
                timed_out = True
                _kill_group(proc.pid)
                rc = proc.wait()
            finally:
                if proc.returncode is None:  # interrupted: leave nothing
                    _kill_group(proc.pid)
                    proc.wait()
            return self._result(
                full,
                rc,
                out,
                err,
                started,
                timed_out=timed_out,
                timeout=limit,
            )


class AsyncKubectlRunner(_Base):
    """
    `KubectlRunner` as a `blastradius.adapters.AsyncRunner`: the process is
    started with `asyncio.create_subprocess_exec` (never a shell) and
    awaited.

    Same arguments as `KubectlRunner`.

    >>> import asyncio
    >>> from blastradius.adapters import AsyncKubectlRunner
    >>> runner = AsyncKubectlRunner(kubectl="/bin/echo")
    >>> asyncio.run(runner.run(["kubectl", "$(id)"], timeout=10)).stdout
    '$(id)\\n'

    .. versionadded:: 0.2
    """

    async def run(self, argv: Sequence[str], *, timeout: float) -> RunResult:
        """
        As `KubectlRunner.run`, awaited.
        """
        limit = _check_timeout(timeout)
        full, prepared = self._prepare(argv)
        if isinstance(prepared, RunResult):
            return prepared
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.monotonic()
            try:
                proc = await asyncio.create_subprocess_exec(
                    *prepared,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                    env=self._environ(),
                    start_new_session=True,
                )
            except OSError as e:
                return _not_started(full, e)
            timed_out = False
            try:
                rc = await asyncio.wait_for(proc.wait(), timeout=limit)
            except asyncio.TimeoutError:
                timed_out = True
                _kill_group(proc.pid)
                rc = await proc.wait()
            finally:
                if proc.returncode is None:  # cancelled: leave nothing
                    _kill_group(proc.pid)
                    await proc.wait()
            return self._result(
                full,
                rc,
                out,
                err,
                started,
                timed_out=timed_out,
                timeout=limit,
            )
