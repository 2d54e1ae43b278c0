"""
Benchmark `blastradius.score()` against `shlex.split()` on the kubectl
examples, and the time ``import blastradius`` adds to an interpreter start.

Run from a checkout with blastradius installed::

    python bench/bench.py [--json] [--repeat N] [--imports N] [--check]

Numbers vary with the machine, its load and the Python version; compare
runs made in the same conditions. See docs/benchmark.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "kubectl_examples.jsonl"

MAX_RATIO = 0.5
"""Target: score() at most this fraction of shlex.split() (issue 3)."""
MAX_IMPORT_MS = 30.0
"""Target: ``import blastradius`` adds at most this much (issue 3)."""


def load_corpus(path: Path) -> list[str]:
    """
    The ``cmd`` field of every JSON line of *path* (lines without one,
    such as a ``meta`` header, are skipped).
    """
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [str(row["cmd"]) for row in rows if "cmd" in row]


def _shlex(cmd: str) -> object:
    try:
        return shlex.split(cmd)
    except ValueError:
        return None


def _time_each(
    func: Callable[[str], object], commands: Sequence[str], number: int
) -> list[float]:
    """
    µs per call of *func* for each command (mean of *number* calls).
    """
    out = []
    clock = time.perf_counter_ns
    for cmd in commands:
        start = clock()
        for _ in range(number):
            func(cmd)
        out.append((clock() - start) / number / 1000.0)
    return out


def _reading_floor() -> dict[str, Callable[[str], object]]:
    """
    The stages every score() call goes through before any rule runs:
    the shell reader alone, and the shell reader plus kubectl's own
    argument parser on each kubectl command it finds (``--stages``).
    """
    from blastradius import _shell
    from blastradius.analyzers.kubectl import parse_kubectl

    parse = _shell.parse

    def read(cmd: str) -> object:
        parsed = parse(cmd)
        for command in parsed.commands:
            if command.program in {"kubectl", "oc"}:
                parse_kubectl(command.argv, dynamic=command.dynamic)
        return parsed

    return {"shell_parse": parse, "read": read}


def bench_calls(
    commands: Sequence[str],
    *,
    repeat: int,
    number: int,
    stages: bool = False,
) -> dict[str, Any]:
    """
    Time `score()` and `shlex.split()` on *commands*, interleaved.

    Each repetition times every command with one function, then with the
    other, alternating which goes first. Per command, the median over
    repetitions; overall, the median over repetitions of the mean µs per
    command, and of the ratio of the corpus totals; and the ratio of the
    median commands. With *stages*, the reading stages of
    `_reading_floor` are timed the same way.
    """
    import blastradius

    def score(cmd: str) -> object:
        return blastradius.score(cmd)

    funcs: dict[str, Callable[[str], object]] = {
        "score": score,
        "shlex": _shlex,
    }
    if stages:
        funcs.update(_reading_floor())
    # Warm up: first calls compile regexes and fill interpreter caches.
    for func in funcs.values():
        _time_each(func, commands, 1)
    samples: dict[str, list[list[float]]] = {k: [] for k in funcs}
    enabled = gc.isenabled()
    gc.disable()
    try:
        for rep in range(repeat):
            order = list(funcs) if rep % 2 == 0 else list(reversed(funcs))
            for name in order:
                samples[name].append(_time_each(funcs[name], commands, number))
            gc.collect()
    finally:
        if enabled:
            gc.enable()

    n = len(commands)
    per_cmd = {
        name: [statistics.median(rep[i] for rep in reps) for i in range(n)]
        for name, reps in samples.items()
    }
    means = {
        name: [sum(rep) / n for rep in reps] for name, reps in samples.items()
    }
    ratios = [
        s / x for s, x in zip(means["score"], means["shlex"], strict=True)
    ]
    worst = sorted(range(n), key=lambda i: per_cmd["score"][i], reverse=True)
    medians = {name: statistics.median(v) for name, v in per_cmd.items()}
    extra = {
        f"{name}_us_median_command": medians[name]
        for name in funcs
        if name not in {"score", "shlex"}
    }
    return {
        "commands": n,
        "repeat": repeat,
        "number": number,
        "score_us_median_of_means": statistics.median(means["score"]),
        "shlex_us_median_of_means": statistics.median(means["shlex"]),
        "score_us_median_command": statistics.median(per_cmd["score"]),
        "shlex_us_median_command": statistics.median(per_cmd["shlex"]),
        "ratio": statistics.median(ratios),
        "median_ratio": medians["score"] / medians["shlex"],
        **extra,
        "worst": [
            {
                "cmd": commands[i],
                "score_us": per_cmd["score"][i],
                "shlex_us": per_cmd["shlex"][i],
                "ratio": per_cmd["score"][i] / per_cmd["shlex"][i],
            }
            for i in worst[:10]
        ],
    }


def _run_python(code: str, cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
    )
    return (time.perf_counter() - start) * 1000.0


def bench_import(runs: int) -> dict[str, Any]:
    """
    Median ms of ``python -c "import blastradius"`` and of ``python -c
    "pass"`` over *runs* fresh interpreters each (interleaved), and their
    difference; the same for ``import attrs`` alone (the one runtime
    dependency, for scale); plus the slowest modules from ``-X
    importtime``.
    """
    bare: list[float] = []
    loaded: list[float] = []
    dependency: list[float] = []
    with tempfile.TemporaryDirectory() as cwd:
        _run_python("import blastradius", cwd)  # warm the disk cache
        for _ in range(runs):
            bare.append(_run_python("pass", cwd))
            loaded.append(_run_python("import blastradius", cwd))
            dependency.append(_run_python("import attrs", cwd))
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import blastradius"],
            check=True,
            cwd=cwd,
            capture_output=True,
            text=True,
        )
    return {
        "runs": runs,
        "bare_ms": statistics.median(bare),
        "import_ms": statistics.median(loaded),
        "added_ms": statistics.median(loaded) - statistics.median(bare),
        "attrs_added_ms": statistics.median(dependency)
        - statistics.median(bare),
        "slowest_modules": _slowest(proc.stderr, 10),
    }


def _slowest(importtime: str, count: int) -> list[dict[str, Any]]:
    """
    The *count* modules with the highest self time in ``-X importtime``
    output.
    """
    rows: list[tuple[int, int, str]] = []
    for line in importtime.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line[len("import time:") :].split("|")
        rows.append((int(self_us), int(cumulative_us), name.strip()))
    rows.sort(reverse=True)
    return [
        {"module": name, "self_us": self_us, "cumulative_us": cumulative}
        for self_us, cumulative, name in rows[:count]
    ]


def _one_line(cmd: str, width: int = 60) -> str:
    text = cmd.replace("\\", "\\\\").replace("\n", "\\n")
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_text(result: dict[str, Any]) -> None:
    calls = result["calls"]
    print(
        f"corpus: {result['corpus']} ({calls['commands']} commands, "
        f"{calls['repeat']} repetitions x {calls['number']} calls)"
    )
    print(f"python: {result['python']}")
    print()
    print("                      score()    shlex.split()")
    print(
        f"mean us per command  {calls['score_us_median_of_means']:8.2f}"
        f"    {calls['shlex_us_median_of_means']:8.2f}   (median over reps)"
    )
    print(
        f"median command us    {calls['score_us_median_command']:8.2f}"
        f"    {calls['shlex_us_median_command']:8.2f}"
    )
    print(
        f"ratio score/shlex    {calls['ratio']:8.3f}   (corpus totals; "
        f"target <= {MAX_RATIO})"
    )
    print(
        f"  of median commands {calls['median_ratio']:8.3f}   "
        f"(target <= {MAX_RATIO})"
    )
    for name in ("shell_parse", "read"):
        key = f"{name}_us_median_command"
        if key in calls:
            us = calls[key]
            ratio = us / calls["shlex_us_median_command"]
            print(f"median {name:13} {us:8.2f} us  ({ratio:.3f} x shlex)")
    print()
    print("slowest commands for score() (us, score / shlex):")
    for row in calls["worst"]:
        print(
            f"  {row['score_us']:8.2f} {row['shlex_us']:8.2f} "
            f"{row['ratio']:6.2f}x  {_one_line(row['cmd'])}"
        )
    imp = result.get("import")
    if imp is not None:
        print()
        print(
            f"import blastradius adds {imp['added_ms']:.1f} ms "
            f"(median of {imp['runs']}: {imp['import_ms']:.1f} ms vs bare "
            f"{imp['bare_ms']:.1f} ms; target <= {MAX_IMPORT_MS} ms)"
        )
        print(f"import attrs alone adds {imp['attrs_added_ms']:.1f} ms")
        print("slowest modules at import (self us, cumulative us):")
        for row in imp["slowest_modules"]:
            print(
                f"  {row['self_us']:8d} {row['cumulative_us']:8d}  "
                f"{row['module']}"
            )


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the benchmark; 0, or 1 with ``--check`` when a target is missed.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help="JSON lines with 'cmd'"
    )
    parser.add_argument("--repeat", type=int, default=11, metavar="N")
    parser.add_argument(
        "--number",
        type=int,
        default=5,
        metavar="N",
        help="calls per command per repetition",
    )
    parser.add_argument(
        "--imports",
        type=int,
        default=21,
        metavar="N",
        help="fresh interpreters per import measurement (0: skip)",
    )
    parser.add_argument(
        "--stages",
        action="store_true",
        help="also time the reading stages (shell reader, kubectl parser)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a target is missed"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        parser.error(
            f"corpus not found: {args.corpus} (expected the kubectl examples "
            "copied into tests/data/, or pass --corpus)"
        )
    commands = load_corpus(args.corpus)
    if not commands:
        parser.error(f"corpus is empty: {args.corpus}")

    import blastradius

    result: dict[str, Any] = {
        "corpus": str(args.corpus),
        "python": sys.version.split()[0],
        "blastradius": blastradius.__version__,
        "calls": bench_calls(
            commands,
            repeat=args.repeat,
            number=args.number,
            stages=args.stages,
        ),
    }
    if args.imports > 0:
        result["import"] = bench_import(args.imports)
    missed = []
    calls = result["calls"]
    if max(calls["ratio"], calls["median_ratio"]) > MAX_RATIO:
        missed.append("ratio")
    if "import" in result and result["import"]["added_ms"] > MAX_IMPORT_MS:
        missed.append("import")
    result["targets_missed"] = missed
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print_text(result)
        if missed:
            print(f"\ntargets missed: {', '.join(missed)}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
