"""
Benchmark one ``blastradius hook`` process answering a Claude Code payload,
next to ``python -c "import attrs"`` (the floor any process of this package
pays) in the same run.

Run from a checkout::

    python bench/bench_hook.py [--repeat N] [--json] [--command CMD]

The two are run alternately, *N* times each, so that load changes hit both
alike; the medians and their ratio are printed. The target (issue 17) is a
ratio of at most 1.5. Numbers vary with the machine and its load; compare
runs made in the same conditions.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from collections.abc import Sequence
from pathlib import Path
from typing import Any


ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = ROOT / "tests" / "data" / "hooks" / "claude.json"

MAX_RATIO = 1.5
"""Target: one hook process at most this many times ``import attrs``."""


def _env(cache: str) -> dict[str, str]:
    """
    The environment of both processes: bytecode cached (in *cache*, not in
    the tree) as an installed package has it, no blastradius settings.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("BLASTRADIUS") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env["PYTHONPYCACHEPREFIX"] = cache
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    return env


def payload(command: str) -> bytes:
    """
    The documented Claude Code payload, asking to run *command*.
    """
    data = json.loads(PAYLOAD.read_text(encoding="utf-8"))
    data["tool_input"]["command"] = command
    return json.dumps(data).encode()


def _time(
    argv: Sequence[str], data: bytes, env: dict[str, str]
) -> tuple[float, bytes]:
    start = time.perf_counter()
    done = subprocess.run(
        list(argv),
        input=data,
        capture_output=True,
        env=env,
        check=False,
    )
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        msg = (
            f"{argv!r} exited {done.returncode}: {done.stderr.decode()[:300]}"
        )
        raise RuntimeError(msg)
    return elapsed, done.stdout


def measure(repeat: int, command: str) -> dict[str, Any]:
    """
    Medians (ms) of *repeat* runs of each process, and their ratio.
    """
    with tempfile.TemporaryDirectory() as cache:
        return _measure(repeat, command, _env(cache))


def _measure(repeat: int, command: str, env: dict[str, str]) -> dict[str, Any]:
    data = payload(command)
    attrs_argv = [sys.executable, "-c", "import attrs"]
    hook_argv = [
        sys.executable,
        "-m",
        "blastradius",
        "hook",
        "--agent",
        "claude",
    ]
    base: list[float] = []
    hook: list[float] = []
    answer = b""
    _time(attrs_argv, b"", env)  # warm the file cache and .pyc files
    _time(hook_argv, data, env)
    for _ in range(repeat):
        base.append(_time(attrs_argv, b"", env)[0])
        elapsed, answer = _time(hook_argv, data, env)
        hook.append(elapsed)
    decision = json.loads(answer)["hookSpecificOutput"]["permissionDecision"]
    ratio = statistics.median(hook) / statistics.median(base)
    return {
        "command": command,
        "decision": decision,
        "repeat": repeat,
        "python": sys.version.split()[0],
        "import_attrs_ms": round(statistics.median(base), 1),
        "hook_ms": round(statistics.median(hook), 1),
        "ratio": round(ratio, 2),
        "target_ratio": MAX_RATIO,
        "load": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--command", default="kubectl get pods -n dev")
    parser.add_argument("--json", action="store_true")
    ns = parser.parse_args(argv)
    result = measure(max(1, ns.repeat), ns.command)
    if ns.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"command:   {result['command']!r} -> {result['decision']}")
        print(
            f"python -c 'import attrs': {result['import_attrs_ms']} ms "
            f"(median of {result['repeat']})"
        )
        print(f"blastradius hook:         {result['hook_ms']} ms")
        print(f"ratio:     {result['ratio']} (target <= {MAX_RATIO})")
        print(f"load average:             {result['load']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
