"""
Time the shell reader (`blastradius._shell.parse`) against `shlex.split`
on the kubectl examples, in the same run, and the reader's import
self-time.

Run from a checkout::

    PYTHONPATH=src python bench/shell_reader.py [--repeat N] [--json]

Reports the ratio of the corpus totals (reader / shlex, median over
repetitions), the worst commands by per-command ratio, and the summed
``-X importtime`` self-time of the ``blastradius._shell`` modules (median
over fresh interpreters running ``from blastradius import score;
score('kubectl get pods')``, which loads the shell layer). Numbers depend
on the machine and its load: compare runs made in the same conditions
(see docs/shell.md). ``--baseline DIR`` measures the checkout at *DIR*
(another worktree, e.g. main's) in the same run, one after the other, and
prints both.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
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

IMPORT_SNIPPET = "from blastradius import score; score('kubectl get pods')"
"""What the import self-time is measured over: ``import blastradius``
alone does not load the shell layer."""


def load_corpus(path: Path = CORPUS) -> list[str]:
    """
    The ``cmd`` of every JSON line of *path* that has one.
    """
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [str(row["cmd"]) for row in rows if "cmd" in row]


def _shlex(cmd: str) -> object:
    try:
        return shlex.split(cmd)
    except ValueError:
        return None


def _per_command(
    func: Callable[[str], object], commands: Sequence[str], number: int
) -> list[float]:
    # CPU time of this process, not wall time: on a machine shared with
    # other work, waiting for the CPU is not the reader's time
    clock = time.process_time_ns
    out = []
    for cmd in commands:
        start = clock()
        for _ in range(number):
            func(cmd)
        out.append((clock() - start) / number / 1000.0)
    return out


def bench_reader(
    commands: Sequence[str], *, repeat: int, number: int, stat: str = "median"
) -> dict[str, Any]:
    """
    The reader's and shlex's µs per command, interleaved per repetition;
    per command the median (or, with *stat* ``"min"``, the fastest, which
    a loaded machine disturbs least) over repetitions.
    """
    pick: Callable[[Sequence[float]], float] = (
        min if stat == "min" else statistics.median
    )
    from blastradius import _shell

    funcs: dict[str, Callable[[str], object]] = {
        "reader": _shell.parse,
        "shlex": _shlex,
    }
    for func in funcs.values():
        _per_command(func, commands, 1)
    samples: dict[str, list[list[float]]] = {k: [] for k in funcs}
    gc.disable()
    try:
        for rep in range(repeat):
            order = list(funcs) if rep % 2 == 0 else list(reversed(funcs))
            for name in order:
                samples[name].append(
                    _per_command(funcs[name], commands, number)
                )
            gc.collect()
    finally:
        gc.enable()
    n = len(commands)
    med = {
        name: [pick([r[i] for r in reps]) for i in range(n)]
        for name, reps in samples.items()
    }
    totals = [
        sum(a) / sum(b)
        for a, b in zip(samples["reader"], samples["shlex"], strict=True)
    ]
    if stat == "min":
        totals = [sum(med["reader"]) / sum(med["shlex"])]
    ratios = [r / s for r, s in zip(med["reader"], med["shlex"], strict=True)]
    worst = sorted(range(n), key=ratios.__getitem__, reverse=True)[:5]
    return {
        "commands": n,
        "reader_us_total": sum(med["reader"]),
        "shlex_us_total": sum(med["shlex"]),
        "ratio": statistics.median(totals),
        "worst": [
            {
                "cmd": commands[i],
                "reader_us": med["reader"][i],
                "shlex_us": med["shlex"][i],
                "ratio": ratios[i],
            }
            for i in worst
        ],
    }


def import_self_us(runs: int) -> dict[str, Any]:
    """
    The summed ``-X importtime`` self-time (µs) of the shell modules when
    scoring a first command (`IMPORT_SNIPPET`), median over *runs*
    interpreters, with bytecode cached (in a temporary
    ``PYTHONPYCACHEPREFIX``, written by a first, unmeasured run), so that
    the time is the module's own work and not the compilation of its
    source.
    """
    with tempfile.TemporaryDirectory(prefix="shell-reader-pyc-") as cache:
        return _import_self_us(runs, cache)


def _import_self_us(runs: int, cache: str) -> dict[str, Any]:
    env = {
        k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"
    }
    import blastradius  # the checkout being measured (PYTHONPATH)

    src = Path(blastradius.__file__).resolve().parent.parent
    env.update(PYTHONPATH=str(src), PYTHONPYCACHEPREFIX=cache)
    totals = []
    per_module: dict[str, list[int]] = {}
    for run in range(runs + 1):
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", IMPORT_SNIPPET],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        total = 0
        for line in proc.stderr.splitlines():
            if not line.startswith("import time:") or "|" not in line:
                continue
            parts = line[len("import time:") :].split("|")
            name = parts[2].strip()
            if name.startswith("blastradius._shell"):
                own = int(parts[0])
                total += own
                if run:
                    per_module.setdefault(name, []).append(own)
        if run:
            totals.append(total)
    return {
        "shell_import_self_us": statistics.median(totals),
        "shell_import_self_us_min": min(totals),
        "modules": {
            k: statistics.median(v) for k, v in sorted(per_module.items())
        },
    }


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """
    The numbers for the checkout on the path, with the load average.
    """
    return {
        **bench_reader(
            load_corpus(),
            repeat=args.repeat,
            number=args.number,
            stat=args.stat,
        ),
        **import_self_us(args.imports),
        "load": os.getloadavg(),
    }


def measure_tree(tree: Path, argv: Sequence[str]) -> dict[str, Any]:
    """
    The numbers for the checkout at *tree* (its ``src``), measured by this
    script in a fresh interpreter, *argv* its options.
    """
    env = dict(os.environ, PYTHONPATH=str(tree.resolve() / "src"))
    proc = subprocess.run(
        [sys.executable, __file__, *argv, "--json"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def report(title: str, result: dict[str, Any]) -> None:
    """
    Print one checkout's numbers.
    """
    print(f"{title} (load average {result['load']})")
    print(
        f"  reader {result['reader_us_total']:.0f} µs, shlex "
        f"{result['shlex_us_total']:.0f} µs over {result['commands']} "
        f"commands: ratio {result['ratio']:.3f}"
    )
    for w in result["worst"]:
        print(f"  {w['ratio']:.2f}x  {w['cmd'][:70]}")
    print(f"  shell import self-time: {result['shell_import_self_us']} µs")
    for name, us in result["modules"].items():
        print(f"    {name}: {us} µs")


def main(argv: Sequence[str] | None = None) -> int:
    """
    The command line; prints the numbers.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=20)
    parser.add_argument("--imports", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--stat", choices=("median", "min"), default="median")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout to measure in the same run (e.g. main's)",
    )
    args = parser.parse_args(argv)
    if args.baseline is None:
        result = measure(args)
        if args.json:
            print(json.dumps(result, indent=2))
        else:
            report("this checkout", result)
        return 0
    opts = [
        f"--repeat={args.repeat}",
        f"--number={args.number}",
        f"--imports={args.imports}",
        f"--stat={args.stat}",
    ]
    results = {
        "baseline": measure_tree(args.baseline, opts),
        "this": measure_tree(ROOT, opts),
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    report(f"baseline {args.baseline}", results["baseline"])
    report(f"this checkout {ROOT}", results["this"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
