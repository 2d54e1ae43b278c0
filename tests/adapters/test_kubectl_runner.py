"""
`blastradius.adapters.KubectlRunner` and `AsyncKubectlRunner`: argv only,
the kubeconfig through the environment, a timeout that kills the process
group, capped output, failures as values.

The programs run here are real processes: ``/bin/echo``, and small Python
scripts standing in for kubectl where a test needs a process that sleeps,
prints its environment or floods its output.
"""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import subprocess
import sys
import time

from typing import Any

import pytest

from hypothesis import given
from hypothesis import strategies as st

from blastradius.adapters import AsyncKubectlRunner, KubectlRunner, RunResult
from blastradius.adapters.kubectl import CUT_MARK


ECHO = "/bin/echo"


def script(tmp_path: pathlib.Path, name: str, body: str) -> str:
    """
    An executable Python script *name* in *tmp_path* running *body*.
    """
    path = tmp_path / name
    path.write_text(f"#!{sys.executable}\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return str(path)


ENV_DUMP = """
import json, os, sys
print(json.dumps({"argv": sys.argv[1:], "KUBECONFIG": os.environ.get("KUBECONFIG")}))
"""

# sleeps in a grandchild too: the kill must reach the whole process group
SLEEPER = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
open(sys.argv[1], "w").write(str(child.pid))
time.sleep(60)
"""

FLOOD = """
import sys
sys.stdout.write("x" * 5000)
sys.stderr.write("é" * 3000)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie waiting for its reaper counts as gone
    try:
        stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _gone(pid: int, within: float = 5.0) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


class _Interrupt(BaseException):
    """
    Stands for a KeyboardInterrupt while the runner waits.
    """


class TestKubectlRunner:
    def test_argv_for_replaces_kubectl_and_adds_context(self) -> None:
        """
        argv_for puts the binary where ``kubectl`` was and ``--context``
        right after it; an argv without ``kubectl`` gets the binary first.
        """
        runner = KubectlRunner(kubectl="/opt/kubectl", context="prod")
        assert runner.argv_for(["kubectl", "get", "ns"]) == (
            "/opt/kubectl",
            "--context=prod",
            "get",
            "ns",
        )
        assert runner.argv_for(("/usr/bin/kubectl", "get", "ns"))[:2] == (
            "/opt/kubectl",
            "--context=prod",
        )
        assert KubectlRunner().argv_for(["get", "pods"]) == (
            "kubectl",
            "get",
            "pods",
        )

    @given(
        words=st.lists(st.text(min_size=1, max_size=8), max_size=5),
        binary=st.sampled_from([None, "/opt/kubectl", "kubectl", "/bin/echo"]),
        context=st.sampled_from([None, "prod", "a/b"]),
    )
    def test_argv_for_is_idempotent(
        self, words: list[str], binary: str | None, context: str | None
    ) -> None:
        """
        argv_for of its own result changes nothing; the binary comes first
        and every word of the argv is kept, in order.
        """
        runner = KubectlRunner(kubectl=binary, context=context)
        once = runner.argv_for(["kubectl", *words])
        assert runner.argv_for(once) == once
        assert once[0] == (binary or "kubectl")
        flag = () if context is None else (f"--context={context}",)
        assert once[: 1 + len(flag)] == (once[0], *flag)
        tail = once[1 + len(flag) :]
        expected = words[1:] if flag and words[:1] == list(flag) else words
        assert list(tail) == expected

    def test_argv_for_rejects_a_shell_string(self) -> None:
        """
        One string is never taken as an argv: it would have to be split by
        a shell.
        """
        with pytest.raises(TypeError, match="never a shell string"):
            KubectlRunner().argv_for("kubectl get pods")
        with pytest.raises(TypeError, match="non-empty"):
            KubectlRunner().argv_for([])

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"kubectl": ""}, ValueError),
            ({"context": "-x"}, ValueError),
            ({"context": ""}, ValueError),
            ({"context": "a\nb"}, ValueError),
            ({"max_output": 0}, ValueError),
            ({"max_output": True}, TypeError),
            ({"max_output": 1.5}, TypeError),
        ],
    )
    def test_bad_configuration(
        self, kwargs: dict[str, Any], error: type[Exception]
    ) -> None:
        """
        A runner that could not run safely is never built.
        """
        with pytest.raises(error):
            KubectlRunner(**kwargs)

    def test_repr_names_the_configuration(self) -> None:
        """
        The repr says which binary, kubeconfig and context the runner uses.
        """
        text = repr(KubectlRunner(kubectl="k", kubeconfig="/c", context="x"))
        assert (
            text == "KubectlRunner(kubectl='k', kubeconfig='/c', context='x')"
        )

    @pytest.mark.parametrize("target", ["x;id", "$(id)", "`id`", "a b", "*"])
    def test_no_shell_between(self, target: str) -> None:
        """
        Shell syntax in a word arrives as one literal argument.
        """
        result = KubectlRunner(kubectl=ECHO).run(
            ["kubectl", "get", target], timeout=10
        )
        assert result.ok
        assert result.stdout == f"get {target}\n"
        assert result.argv == (ECHO, "get", target)

    def test_kubeconfig_goes_through_the_environment(
        self, tmp_path: pathlib.Path
    ) -> None:
        """
        The kubeconfig reaches the child as ``KUBECONFIG``, never as a
        flag; the argv is exactly argv_for's.
        """
        dump = script(tmp_path, "kubectl", ENV_DUMP)
        runner = KubectlRunner(
            kubectl=dump,
            kubeconfig=tmp_path / "kc",
            context="stub",
            env={"PATH": "/usr/bin:/bin"},
        )
        result = runner.run(["kubectl", "get", "ns"], timeout=20)
        assert result.ok, result
        seen = json.loads(result.stdout)
        assert seen == {
            "argv": ["--context=stub", "get", "ns"],
            "KUBECONFIG": str(tmp_path / "kc"),
        }
        assert result.duration > 0

    def test_without_kubeconfig_the_environment_is_passed_on(
        self, tmp_path: pathlib.Path
    ) -> None:
        """
        With no kubeconfig set, the child sees the base environment's.
        """
        dump = script(tmp_path, "kubectl", ENV_DUMP)
        runner = KubectlRunner(kubectl=dump, env={"KUBECONFIG": "/base"})
        seen = json.loads(runner.run(["get"], timeout=20).stdout)
        assert seen["KUBECONFIG"] == "/base"

    def test_another_context_in_the_argv_is_not_run(self) -> None:
        """
        A runner bound to a context refuses an argv that names another one;
        the same context is fine.
        """
        runner = KubectlRunner(kubectl=ECHO, context="prod")
        for argv in (
            ["kubectl", "get", "--context=dev", "ns"],
            ["kubectl", "get", "--context", "dev"],
            ["kubectl", "get", "--context"],
        ):
            result = runner.run(argv, timeout=10)
            assert result.rc == -1
            assert "bound to 'prod'" in result.error
        ok = runner.run(["kubectl", "get", "--context=prod"], timeout=10)
        assert ok.ok
        after = runner.run(
            ["kubectl", "exec", "--", "--context=x"], timeout=10
        )
        assert after.ok

    def test_missing_binary_is_a_value(self, tmp_path: pathlib.Path) -> None:
        """
        A binary that does not exist gives rc -1 and an error, no exception.
        """
        result = KubectlRunner(kubectl=str(tmp_path / "nope")).run(
            ["kubectl", "get", "ns"], timeout=10
        )
        assert result.rc == -1
        assert not result.ok
        assert result.error.startswith("kubectl not found")

    def test_unexecutable_binary_is_a_value(
        self, tmp_path: pathlib.Path
    ) -> None:
        """
        A file that cannot be executed gives rc -1 and says so.
        """
        path = tmp_path / "kubectl"
        path.write_text("not a program")
        result = KubectlRunner(kubectl=str(path)).run(["get"], timeout=10)
        assert result.rc == -1
        assert result.error.startswith("kubectl cannot be run")

    def test_no_kubectl_on_path(self, tmp_path: pathlib.Path) -> None:
        """
        With ``kubectl=None`` and no kubectl on PATH, the result says so.
        """
        empty = tmp_path / "empty"
        empty.mkdir()
        runner = KubectlRunner(env={"PATH": str(empty)})
        result = runner.run(["kubectl", "version", "--client"], timeout=10)
        assert result == RunResult(
            argv=("kubectl", "version", "--client"),
            rc=-1,
            error="kubectl not found on PATH",
        )

    def test_kubectl_none_is_looked_up_on_path_at_run_time(
        self, tmp_path: pathlib.Path
    ) -> None:
        """
        ``kubectl=None`` runs the kubectl found on the child's PATH when it
        runs (here a stand-in script), reporting the argv as argv_for's.
        """
        script(tmp_path, "kubectl", ENV_DUMP)
        runner = KubectlRunner(env={"PATH": str(tmp_path)})
        result = runner.run(["kubectl", "get", "x;id"], timeout=20)
        assert result.ok, result
        assert json.loads(result.stdout)["argv"] == ["get", "x;id"]
        assert result.argv == ("kubectl", "get", "x;id")

    def test_exit_status_and_stderr(self, tmp_path: pathlib.Path) -> None:
        """
        A failing command's status and standard error come back.
        """
        fail = script(
            tmp_path,
            "kubectl",
            "import sys; sys.exit(sys.stderr.write('no') and 3)",
        )
        result = KubectlRunner(kubectl=fail).run(["get"], timeout=20)
        assert (result.rc, result.stderr, result.ok) == (3, "no", False)

    def test_timeout_kills_the_process_group(
        self, tmp_path: pathlib.Path
    ) -> None:
        """
        At the timeout the process and its children are killed; the result
        says timed_out, rc -1.
        """
        sleeper = script(tmp_path, "kubectl", SLEEPER)
        pidfile = tmp_path / "pid"
        started = time.monotonic()
        result = KubectlRunner(kubectl=sleeper).run(
            ["kubectl", str(pidfile)], timeout=1.5
        )
        assert time.monotonic() - started < 10
        assert result.timed_out
        assert result.rc == -1
        assert "1.5 s timeout" in result.error
        assert _gone(int(pidfile.read_text()))

    def test_output_is_capped(self, tmp_path: pathlib.Path) -> None:
        """
        Each output keeps at most max_output bytes, marked as cut; bytes
        that are not UTF-8 (a character split by the cut) are replaced.
        """
        flood = script(tmp_path, "kubectl", FLOOD)
        result = KubectlRunner(kubectl=flood, max_output=1001).run(
            ["get"], timeout=20
        )
        mark = CUT_MARK.format(limit=1001)
        assert result.stdout == "x" * 1001 + mark
        assert result.stderr.endswith("\ufffd" + mark)
        assert result.stderr.startswith("é" * 500)

    @pytest.mark.parametrize(
        ("timeout", "error"),
        [(0, ValueError), (-1, ValueError), (True, TypeError)],
    )
    def test_bad_timeout(self, timeout: float, error: type[Exception]) -> None:
        """
        A timeout must be a positive number of seconds.
        """
        with pytest.raises(error):
            KubectlRunner(kubectl=ECHO).run(["get"], timeout=timeout)

    def test_interrupted_wait_kills_the_process_group(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        An interruption while waiting (KeyboardInterrupt) kills the process
        group before it propagates.
        """
        sleeper = script(tmp_path, "kubectl", SLEEPER)
        pidfile = tmp_path / "pid"
        real_wait = subprocess.Popen.wait
        calls = []

        def wait(
            self: subprocess.Popen[bytes], timeout: float | None = None
        ) -> int:
            calls.append(timeout)
            if timeout is not None:
                while not pidfile.exists() or not pidfile.read_text():
                    time.sleep(0.05)
                raise _Interrupt
            return real_wait(self)

        monkeypatch.setattr(subprocess.Popen, "wait", wait)
        with pytest.raises(_Interrupt):
            KubectlRunner(kubectl=sleeper).run(
                ["kubectl", str(pidfile)], timeout=60
            )
        assert calls == [60.0, None]
        assert _gone(int(pidfile.read_text()))


class TestAsyncKubectlRunner:
    def test_no_shell_between(self) -> None:
        """
        Shell syntax arrives as one literal argument, awaited.
        """
        runner = AsyncKubectlRunner(kubectl=ECHO)
        result = asyncio.run(
            runner.run(["kubectl", "x;id", "$(id)"], timeout=10)
        )
        assert result.stdout == "x;id $(id)\n"
        assert result.ok

    def test_kubeconfig_and_context(self, tmp_path: pathlib.Path) -> None:
        """
        The same argv and environment as the sync runner.
        """
        dump = script(tmp_path, "kubectl", ENV_DUMP)
        runner = AsyncKubectlRunner(kubectl=dump, kubeconfig="/k", context="c")
        seen = json.loads(asyncio.run(runner.run(["get"], timeout=20)).stdout)
        assert seen == {"argv": ["--context=c", "get"], "KUBECONFIG": "/k"}

    def test_failures_are_values(self, tmp_path: pathlib.Path) -> None:
        """
        A missing binary, no kubectl on PATH, another context: results.
        """
        missing = AsyncKubectlRunner(kubectl=str(tmp_path / "nope"))
        assert asyncio.run(missing.run(["get"], timeout=5)).error.startswith(
            "kubectl not found"
        )
        empty = AsyncKubectlRunner(env={"PATH": str(tmp_path)})
        got = asyncio.run(empty.run(["get"], timeout=5))
        assert got.error == "kubectl not found on PATH"
        bound = AsyncKubectlRunner(kubectl=ECHO, context="a")
        got = asyncio.run(bound.run(["get", "--context=b"], timeout=5))
        assert "bound to 'a'" in got.error

    def test_timeout_kills_the_process_group(
        self, tmp_path: pathlib.Path
    ) -> None:
        """
        At the timeout the process group is killed, awaited.
        """
        sleeper = script(tmp_path, "kubectl", SLEEPER)
        pidfile = tmp_path / "pid"
        runner = AsyncKubectlRunner(kubectl=sleeper)
        result = asyncio.run(
            runner.run(["kubectl", str(pidfile)], timeout=1.5)
        )
        assert result.timed_out
        assert result.rc == -1
        assert _gone(int(pidfile.read_text()))

    def test_cancelled_run_kills_the_process_group(
        self, tmp_path: pathlib.Path
    ) -> None:
        """
        A run whose task is cancelled leaves no process behind.
        """
        sleeper = script(tmp_path, "kubectl", SLEEPER)
        pidfile = tmp_path / "pid"
        runner = AsyncKubectlRunner(kubectl=sleeper)

        async def cancel() -> None:
            task = asyncio.ensure_future(
                runner.run(["kubectl", str(pidfile)], timeout=60)
            )
            while not pidfile.exists() or not pidfile.read_text():  # noqa: ASYNC110 - another process writes it
                await asyncio.sleep(0.05)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(cancel())
        assert _gone(int(pidfile.read_text()))

    def test_output_is_capped(self, tmp_path: pathlib.Path) -> None:
        """
        The cap holds for the async runner too.
        """
        flood = script(tmp_path, "kubectl", FLOOD)
        runner = AsyncKubectlRunner(kubectl=flood, max_output=10)
        result = asyncio.run(runner.run(["get"], timeout=20))
        assert result.stdout == "x" * 10 + CUT_MARK.format(limit=10)
