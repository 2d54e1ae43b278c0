"""
Measure the three speed targets of issue 17 in one run, and where the time
of `blastradius.score` goes.

Run from a checkout (nothing needs installing)::

    PYTHONPATH=src python bench/bench.py [--runs 3] [--json | --markdown]

Every measurement is interleaved with its reference in the same run, so
that load changes hit both alike; each run reports medians and ratios, and
the script keeps, per target, the best of ``--runs`` runs (the run least
disturbed by the other processes of the machine):

(a) startup: a fresh interpreter running ``from blastradius import score;
    score("kubectl get pods")`` minus one running ``import attrs``
    (target <= 25 ms);
(b) CLI: one ``blastradius`` console-script process scoring
    ``kubectl get pods`` divided by ``python -c "import attrs"``
    (target <= 1.5);
(c) calls: `score()` over `shlex.split` on kubectl's examples, corpus totals
    (target <= 1.0) and the worst command (target <= 3.0).

Then the stage breakdown of `score()` (shell reader, analyzers, judgment,
the scorer's own weighing and `Assessment`) and the import-time profile of
the modules (a) loads. Numbers vary with the machine, its load and the
Python version; compare runs made in the same conditions (docs/benchmark.md).
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

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar


_T = TypeVar("_T")

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
CORPUS = ROOT / "tests" / "data" / "kubectl_examples.jsonl"

TARGETS: dict[str, float] = {
    "startup_added_ms": 25.0,
    "cli_ratio": 1.5,
    "calls_ratio": 1.0,
    "worst_ratio": 3.0,
}
"""Issue 17's targets; each measured value must be at most its target."""

STARTUP = 'from blastradius import score; score("kubectl get pods")'
"""What the interpreter of target (a) runs."""
CLI_ARGS = ("kubectl", "get", "pods")
"""The command the CLI of target (b) scores."""

LAUNCHER = """\
import re
import sys
from blastradius._cli import main
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(main())
"""
"""The console script pip writes for ``blastradius = blastradius._cli:main``
(the same text), so that (b) times what an installed ``blastradius`` runs,
from this checkout."""

_TIER_EXITS = frozenset({0, 10, 20, 30})

# Import hook of the profile: `importlib.import_module` goes around the
# import statement's timing (``-X importtime`` shows neither `_score`, which
# the package's ``__getattr__`` imports, nor the family modules the
# analyzer registry imports); routed through ``__import__`` they show.
_HOOK = """\
import importlib, sys
def _import(name, package=None):
    if name.startswith("."):
        import importlib.util
        name = importlib.util.resolve_name(name, package)
    __import__(name)
    return sys.modules[name]
importlib.import_module = _import
"""
PROFILES: dict[str, str] = {
    "score": _HOOK + STARTUP,
    "cli": _HOOK
    + "import re\nfrom blastradius._cli import main\n"
    + f"main({list(CLI_ARGS)!r})\n",
}
"""The code profiled for targets (a) and (b) (the console script's own
imports, then its ``main``)."""


def load_corpus(path: Path) -> list[str]:
    """
    The ``cmd`` field of every JSON line of *path* (lines without one,
    such as a ``meta`` header, are skipped).
    """
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [str(row["cmd"]) for row in rows if "cmd" in row]


def load_average() -> list[float] | None:
    """
    The 1, 5 and 15 minute load averages, where the system has them.
    """
    if not hasattr(os, "getloadavg"):  # pragma: no cover - Windows
        return None
    return [round(x, 2) for x in os.getloadavg()]


# -- fresh processes: targets (a) and (b) ---------------------------------


def child_env(cache: str, src: Path = SRC) -> dict[str, str]:
    """
    The environment of every process timed: bytecode cached (in *cache*,
    not in the tree) as an installed package has it, *src* (the
    checkout's) first on the path, no blastradius settings.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("BLASTRADIUS") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env["PYTHONPYCACHEPREFIX"] = cache
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(src), env.get("PYTHONPATH", "")) if p
    )
    return env


def _spawn(argv: Sequence[str], env: Mapping[str, str], cwd: str) -> float:
    """
    Milliseconds one process *argv* takes, start to exit.

    Raises:
        RuntimeError: It exited with a status that is neither success nor
            a tier's (0, 10, 20, 30).
    """
    start = time.perf_counter()
    done = subprocess.run(
        list(argv),
        capture_output=True,
        env=dict(env),
        cwd=cwd,
        check=False,
    )
    elapsed = (time.perf_counter() - start) * 1000.0
    if done.returncode not in _TIER_EXITS:
        msg = f"{argv!r} exited {done.returncode}: {done.stderr[:300]!r}"
        raise RuntimeError(msg)
    return elapsed


def process_argvs(launcher: Path) -> dict[str, list[str]]:
    """
    The three processes of targets (a) and (b), by name.
    """
    return {
        "attrs": [sys.executable, "-c", "import attrs"],
        "score": [sys.executable, "-c", STARTUP],
        "cli": [sys.executable, str(launcher), *CLI_ARGS],
    }


def bench_processes(
    count: int, argvs: Mapping[str, Sequence[str]], env: Mapping[str, str]
) -> dict[str, Any]:
    """
    Median ms of *count* runs of each process of *argvs*, interleaved (the
    order rotates each round), and targets (a) and (b) from them.
    """
    names = list(argvs)
    times: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as cwd:
        for name in names:  # compile bytecode, warm the file cache
            _spawn(argvs[name], env, cwd)
        for i in range(count):
            shift = i % len(names)
            for name in names[shift:] + names[:shift]:
                times[name].append(_spawn(argvs[name], env, cwd))
    medians = {name: statistics.median(v) for name, v in times.items()}
    return {
        "processes": count,
        "attrs_ms": medians["attrs"],
        "score_ms": medians["score"],
        "cli_ms": medians["cli"],
        "startup_added_ms": medians["score"] - medians["attrs"],
        "cli_ratio": medians["cli"] / medians["attrs"],
    }


# -- calls: target (c) ----------------------------------------------------


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


def _interleaved(
    funcs: Mapping[str, Callable[[str], object]],
    commands: Sequence[str],
    *,
    repeat: int,
    number: int,
) -> dict[str, list[list[float]]]:
    """
    Per function, *repeat* lists of µs per command; each repetition times
    every function over the corpus, alternating the order, garbage
    collection off while timing.
    """
    for func in funcs.values():  # first calls import modules, fill caches
        _time_each(func, commands, 1)
    samples: dict[str, list[list[float]]] = {k: [] for k in funcs}
    enabled = gc.isenabled()
    gc.disable()
    try:
        for rep in range(repeat):
            order = (
                list(funcs) if rep % 2 == 0 else list(reversed(list(funcs)))
            )
            for name in order:
                samples[name].append(_time_each(funcs[name], commands, number))
            gc.collect()
    finally:
        if enabled:
            gc.enable()
    return samples


def bench_calls(
    commands: Sequence[str], *, repeat: int, number: int
) -> dict[str, Any]:
    """
    `score()` against `shlex.split` on *commands*: the mean µs per command
    and the ratio of the corpus totals (medians over repetitions), and per
    command the ratio of the medians, the highest of which is the worst.
    """
    from blastradius import score

    samples = _interleaved(
        {"score": score, "shlex": _shlex},
        commands,
        repeat=repeat,
        number=number,
    )
    n = len(commands)
    per_cmd = {
        name: [statistics.median(rep[i] for rep in reps) for i in range(n)]
        for name, reps in samples.items()
    }
    ratios = [
        s / x for s, x in zip(per_cmd["score"], per_cmd["shlex"], strict=True)
    ]
    totals = [
        sum(s) / sum(x)
        for s, x in zip(samples["score"], samples["shlex"], strict=True)
    ]
    worst = sorted(range(n), key=ratios.__getitem__, reverse=True)
    return {
        "commands": n,
        "repeat": repeat,
        "number": number,
        "score_us": statistics.median(sum(r) / n for r in samples["score"]),
        "shlex_us": statistics.median(sum(r) / n for r in samples["shlex"]),
        "calls_ratio": statistics.median(totals),
        "worst_ratio": ratios[worst[0]],
        "worst": [
            {
                "cmd": commands[i],
                "score_us": per_cmd["score"][i],
                "shlex_us": per_cmd["shlex"][i],
                "ratio": ratios[i],
            }
            for i in worst[:10]
        ],
    }


# -- stages of score() ----------------------------------------------------


class StageTimer:
    """
    Exclusive time spent in analyzers, by stage: a nested analyzer's time
    (an analyzer scoring a nested script) counts for its own stage, not
    its caller's.
    """

    def __init__(self) -> None:
        self.totals: dict[str, int] = {"analyzers": 0, "judgment": 0}
        self._children: list[int] = []

    def wrap(
        self, stage: str, func: Callable[[Any, Any], Iterable[Any]]
    ) -> Callable[[Any, Any], list[Any]]:
        """
        *func* timed into *stage* (its findings made a list inside the
        timing, since an analyzer may be a generator).
        """

        def findings(command: Any, ctx: Any) -> list[Any]:
            return list(func(command, ctx))

        timed = self._clocked(stage, findings)
        read_call = getattr(func, "read_call", None)
        if read_call is not None:
            # a family analyzer that also hands the scorer its parsed call
            # (kubectl's: ``Assessment.calls``) keeps doing so when timed
            def call_and_findings(
                command: Any, ctx: Any
            ) -> tuple[Any, list[Any]]:
                call, found = read_call(command, ctx)
                return call, list(found)

            setattr(  # noqa: B010
                timed, "read_call", self._clocked(stage, call_and_findings)
            )
        return timed

    def _clocked(
        self, stage: str, func: Callable[[Any, Any], _T]
    ) -> Callable[[Any, Any], _T]:
        """
        *func* with its exclusive time added to *stage*'s total.
        """
        clock = time.perf_counter_ns
        children = self._children
        totals = self.totals

        def clocked(command: Any, ctx: Any) -> _T:
            children.append(0)
            start = clock()
            try:
                return func(command, ctx)
            finally:
                elapsed = clock() - start
                totals[stage] += elapsed - children.pop()
                if children:
                    children[-1] += elapsed

        return clocked


class TimedRegistry(Mapping[str, Any]):
    """
    The default analyzer registry with every analyzer timed by a
    `StageTimer` (the judgment analyzer into ``judgment``, the others into
    ``analyzers``); `score` takes it through its public ``registry=``.
    """

    def __init__(self, timer: StageTimer) -> None:
        from blastradius.analyzers import DEFAULT_REGISTRY, JUDGMENT

        self._inner = DEFAULT_REGISTRY
        self._judgment = JUDGMENT
        self._timer = timer
        self._wrapped: dict[str, Callable[[Any, Any], list[Any]]] = {}

    def __getitem__(self, name: str) -> Callable[[Any, Any], list[Any]]:
        found = self._wrapped.get(name)
        if found is None:
            stage = "judgment" if name == self._judgment else "analyzers"
            found = self._timer.wrap(stage, self._inner[name])
            self._wrapped[name] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._inner)

    def __len__(self) -> int:
        return len(self._inner)


def bench_stages(
    commands: Sequence[str], *, repeat: int, number: int
) -> dict[str, Any]:
    """
    Mean µs per command of each stage of `score()` over *commands*: the
    shell reader (`blastradius._shell.parse`, timed alone), the analyzers
    and the judgment analyzer (timed inside a `score()` call through a
    `TimedRegistry`, exclusive of nested ones), and the scorer: the rest of
    an untimed `score()` call (weighing, floors, policy, the `Assessment`).
    Each repetition times all of them over the corpus; medians over
    repetitions.
    """
    from blastradius import _shell, score

    timer = StageTimer()
    registry = TimedRegistry(timer)

    def timed(cmd: str) -> object:
        return score(cmd, registry=registry)

    funcs: dict[str, Callable[[str], object]] = {
        "score": score,
        "parse": _shell.parse,
        "shlex": _shlex,
        "timed": timed,
    }
    for func in funcs.values():  # first calls import modules, fill caches
        _time_each(func, commands, 1)
    n = len(commands)
    per_rep: dict[str, list[float]] = {
        k: [] for k in ("score", "parse", "shlex", *timer.totals)
    }
    enabled = gc.isenabled()
    gc.disable()
    try:
        for rep in range(repeat):
            for stage in timer.totals:
                timer.totals[stage] = 0
            order = (
                list(funcs) if rep % 2 == 0 else list(reversed(list(funcs)))
            )
            for name in order:
                us = sum(_time_each(funcs[name], commands, number)) / n
                if name != "timed":
                    per_rep[name].append(us)
            for stage, ns in timer.totals.items():
                per_rep[stage].append(ns / 1000.0 / number / n)
            gc.collect()
    finally:
        if enabled:
            gc.enable()
    med = {k: statistics.median(v) for k, v in per_rep.items()}
    stages = {
        "shell reader": med["parse"],
        "analyzers": med["analyzers"],
        "judgment": med["judgment"],
    }
    stages["scorer"] = med["score"] - sum(stages.values())
    return {
        "score_us": med["score"],
        "shlex_us": med["shlex"],
        "stages_us": stages,
    }


# -- import profile -------------------------------------------------------


def parse_importtime(text: str) -> list[dict[str, Any]]:
    """
    The modules of ``-X importtime`` output *text*, highest self time
    first.
    """
    rows: list[tuple[int, int, str]] = []
    for line in text.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line[len("import time:") :].split("|")
        rows.append((int(self_us), int(cumulative_us), name.strip()))
    rows.sort(reverse=True)
    return [
        {"module": name, "self_us": self_us, "cumulative_us": cumulative}
        for self_us, cumulative, name in rows
    ]


def import_profile(
    env: Mapping[str, str], runs: int, code: str = PROFILES["score"]
) -> dict[str, Any]:
    """
    Per module, the median self time (µs) over *runs* ``-X importtime``
    interpreters running *code* (one of `PROFILES`: every module shown,
    also those imported through `importlib.import_module`), highest first;
    and the sums of the ``blastradius`` and ``attr``/``attrs`` modules.
    """
    self_us: dict[str, list[int]] = {}
    argv = [sys.executable, "-X", "importtime", "-c", code]
    with tempfile.TemporaryDirectory() as cwd:
        subprocess.run(  # compile bytecode
            argv, env=dict(env), cwd=cwd, check=True, capture_output=True
        )
        for _ in range(runs):
            done = subprocess.run(
                argv,
                env=dict(env),
                cwd=cwd,
                check=True,
                capture_output=True,
                text=True,
            )
            for row in parse_importtime(done.stderr):
                self_us.setdefault(row["module"], []).append(row["self_us"])
    medians = {m: statistics.median(v) for m, v in self_us.items()}
    ranked = sorted(medians.items(), key=lambda kv: kv[1], reverse=True)

    def total(prefixes: tuple[str, ...]) -> float:
        return sum(
            us
            for module, us in medians.items()
            if module in prefixes
            or module.startswith(tuple(p + "." for p in prefixes))
        )

    return {
        "runs": runs,
        "blastradius_self_us": total(("blastradius",)),
        "attrs_self_us": total(("attr", "attrs")),
        "modules": [{"module": m, "self_us": us} for m, us in ranked],
    }


_CENSUS = f"""\
{STARTUP}
import enum, json, re, sys
import attrs
out = {{}}
for name, module in sorted(sys.modules.items()):
    if not name.startswith("blastradius"):
        continue
    values = list(vars(module).values())
    own = [v for v in values if isinstance(v, type) and v.__module__ == name]
    out[name] = {{
        "attrs": [v.__qualname__ for v in own if attrs.has(v)],
        "enums": [v.__qualname__ for v in own if issubclass(v, enum.Enum)],
        "patterns": sum(isinstance(v, re.Pattern) for v in values),
    }}
print(json.dumps(out))
"""


def census(env: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """
    Per ``blastradius`` module loaded by target (a)'s code, the `attrs`
    classes and enums it defines and the compiled patterns among its
    globals: the import-time work the profile charges it for (an `attrs`
    class costs hundreds of µs to create, a plain class a few).
    """
    with tempfile.TemporaryDirectory() as cwd:
        done = subprocess.run(
            [sys.executable, "-c", _CENSUS],
            env=dict(env),
            cwd=cwd,
            check=True,
            capture_output=True,
            text=True,
        )
    found: dict[str, dict[str, Any]] = json.loads(done.stdout)
    return found


# -- runs, best of, report ------------------------------------------------


def best_of(runs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """
    Per target, the run where it is lowest: its value and that run's
    figures (*runs* are the results of `bench_processes` merged with
    `bench_calls`, or either alone).
    """
    out: dict[str, Any] = {}
    for key, target in TARGETS.items():
        having = [r for r in runs if key in r]
        if having:
            run = min(having, key=lambda r: float(r[key]))
            out[key] = {"value": run[key], "target": target, "run": run}
    return out


def missed(best: Mapping[str, Any]) -> list[str]:
    """
    The targets of *best* (from `best_of`) whose value is over target.
    """
    return [k for k, v in best.items() if v["value"] > v["target"]]


def _one_line(cmd: str, width: int = 60) -> str:
    text = cmd.replace("\\", "\\\\").replace("\n", "\\n").replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def report_lines(result: Mapping[str, Any]) -> list[str]:
    """
    The report of *result* (from `measure`) as Markdown lines.
    """
    best = result["best"]
    head = (
        f"{result['src']}: Python {result['python']}, {result['runs']} runs, "
        f"load average before {result['load_before']}, "
        f"after {result['load_after']}."
    )
    lines = [
        head,
        "",
        "| target | best run | target | figures of that run |",
        "| --- | ---: | ---: | --- |",
    ]
    if "startup_added_ms" in best:
        a = best["startup_added_ms"]
        r = a["run"]
        lines.append(
            f"| (a) score() interpreter - attrs one | {a['value']:.1f} ms | "
            f"≤ {a['target']:g} ms | {r['score_ms']:.1f} - "
            f"{r['attrs_ms']:.1f} ms (medians of {r['processes']}) |"
        )
    if "cli_ratio" in best:
        b = best["cli_ratio"]
        r = b["run"]
        lines.append(
            f"| (b) CLI process / attrs one | {b['value']:.2f} x | "
            f"≤ {b['target']:g} x | {r['cli_ms']:.1f} / "
            f"{r['attrs_ms']:.1f} ms |"
        )
    if "calls_ratio" in best:
        c = best["calls_ratio"]
        r = c["run"]
        lines.append(
            f"| (c) score() / shlex.split, corpus | {c['value']:.2f} x | "
            f"≤ {c['target']:g} x | {r['score_us']:.1f} / "
            f"{r['shlex_us']:.1f} µs per command, {r['commands']} commands |"
        )
        w = best["worst_ratio"]
        r = w["run"]
        lines.append(
            f"| (c) worst command | {w['value']:.2f} x | "
            f"≤ {w['target']:g} x | `{_one_line(r['worst'][0]['cmd'])}` |"
        )
    lines.append("")
    lines.append("Missed: " + (", ".join(result["missed"]) or "none") + ".")
    if "calls_ratio" in best:
        lines += ["", "| worst commands | score µs | shlex µs | ratio |"]
        lines.append("| --- | ---: | ---: | ---: |")
        for row in best["worst_ratio"]["run"]["worst"]:
            lines.append(
                f"| `{_one_line(row['cmd'])}` | {row['score_us']:.1f} | "
                f"{row['shlex_us']:.1f} | {row['ratio']:.2f} |"
            )
    stages = result.get("stages")
    if stages is not None:
        total = stages["score_us"]
        lines += ["", "| stage of score() | µs per command | share |"]
        lines.append("| --- | ---: | ---: |")
        for name, us in stages["stages_us"].items():
            lines.append(f"| {name} | {us:.1f} | {us / total:.0%} |")
        lines.append(
            f"| all (shlex.split: {stages['shlex_us']:.1f}) | "
            f"{total:.1f} | 100% |"
        )
    profiles = result.get("profile")
    if profiles is not None:
        lines += ["", *_profile_lines(profiles, result["top"])]
    found = result.get("census")
    if found is not None:
        lines += ["", *_census_lines(found)]
    return lines


def _profile_lines(profiles: Mapping[str, Any], top: int) -> list[str]:
    """
    The import profiles of (a) and (b) side by side: the *top* modules by
    the higher of their two self times.
    """
    a, b = profiles["score"], profiles["cli"]
    sums = (
        f"Import self time (medians of {a['runs']}): blastradius "
        f"{a['blastradius_self_us'] / 1000:.1f} ms in (a), "
        f"{b['blastradius_self_us'] / 1000:.1f} ms in (b); attrs "
        f"{a['attrs_self_us'] / 1000:.1f} ms."
    )
    lines = [
        sums,
        "",
        "| module | (a) self µs | (b) self µs |",
        "| --- | ---: | ---: |",
    ]
    us_a = {row["module"]: row["self_us"] for row in a["modules"]}
    us_b = {row["module"]: row["self_us"] for row in b["modules"]}
    ranked = sorted(
        us_a.keys() | us_b.keys(),
        key=lambda m: max(us_a.get(m, 0), us_b.get(m, 0)),
        reverse=True,
    )
    for module in ranked[:top]:
        cells = [
            "-" if module not in us else f"{us[module]:.0f}"
            for us in (us_a, us_b)
        ]
        lines.append(f"| `{module}` | {cells[0]} | {cells[1]} |")
    return lines


def _census_lines(found: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """
    The modules of *found* (from `census`) that create `attrs` classes,
    enums or patterns at import, most classes first, and the totals.
    """
    rows = sorted(
        (m for m in found.items() if any(m[1].values())),
        key=lambda m: (-len(m[1]["attrs"]), m[0]),
    )
    total = dict.fromkeys(("attrs", "enums", "patterns"), 0)
    lines = [
        "| module | attrs classes | enums | patterns |",
        "| --- | --- | --- | ---: |",
    ]
    for name, row in rows:
        total["attrs"] += len(row["attrs"])
        total["enums"] += len(row["enums"])
        total["patterns"] += row["patterns"]
        lines.append(
            f"| `{name}` | {', '.join(row['attrs']) or '-'} | "
            f"{', '.join(row['enums']) or '-'} | {row['patterns']} |"
        )
    lines.append(
        f"| all {len(found)} modules | {total['attrs']} | {total['enums']} "
        f"| {total['patterns']} |"
    )
    return lines


def measure(  # noqa: PLR0913 - one knob per command-line option
    commands: Sequence[str],
    *,
    runs: int,
    processes: int,
    repeat: int,
    number: int,
    stages: bool,
    profile: int,
    top: int = 30,
    src: Path = SRC,
) -> dict[str, Any]:
    """
    *runs* runs of the targets (*processes* fresh interpreters of each
    kind, 0 to skip (a) and (b); *repeat* repetitions of *number* calls per
    command for (c)), the best of them, and optionally the stage breakdown
    and the import profile (over *profile* interpreters, 0 to skip); the
    processes import the package from *src*.
    """
    result: dict[str, Any] = {
        "src": str(src),
        "python": sys.version.split()[0],
        "runs": runs,
        "top": top,
        "load_before": load_average(),
    }
    done: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = child_env(str(Path(tmp) / "pycache"), src)
        launcher = Path(tmp) / "blastradius"
        launcher.write_text(LAUNCHER, encoding="utf-8")
        argvs = process_argvs(launcher)
        for _ in range(runs):
            one: dict[str, Any] = {}
            if processes > 0:
                one.update(bench_processes(processes, argvs, env))
            one.update(bench_calls(commands, repeat=repeat, number=number))
            done.append(one)
        if stages:
            result["stages"] = bench_stages(
                commands, repeat=repeat, number=number
            )
        if profile > 0:
            result["profile"] = {
                name: import_profile(env, profile, code)
                for name, code in PROFILES.items()
            }
            result["census"] = census(env)
    result["load_after"] = load_average()
    result["best"] = best_of(done)
    result["missed"] = missed(result["best"])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the benchmark; 0, or 1 with ``--check`` when a target is missed.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help="JSON lines with 'cmd'"
    )
    parser.add_argument(
        "--src",
        type=Path,
        default=SRC,
        help="the source tree to measure (default: this checkout's src)",
    )
    parser.add_argument("--runs", type=int, default=3, metavar="N")
    parser.add_argument(
        "--processes",
        type=int,
        default=11,
        metavar="N",
        help="fresh interpreters of each kind per run (0: skip (a), (b))",
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
        "--no-stages", action="store_true", help="skip the stage breakdown"
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=5,
        metavar="N",
        help="-X importtime interpreters for the import profile (0: skip)",
    )
    parser.add_argument("--top", type=int, default=30, metavar="N")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON")
    out.add_argument(
        "--markdown", action="store_true", help="print Markdown tables"
    )
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
    src = args.src.resolve()
    if "blastradius" not in sys.modules:  # the source tree measured wins
        sys.path.insert(0, str(src))
    result = measure(
        commands,
        runs=max(1, args.runs),
        processes=args.processes,
        repeat=max(1, args.repeat),
        number=max(1, args.number),
        stages=not args.no_stages,
        profile=args.profile,
        top=args.top,
        src=src,
    )
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        text = "\n".join(report_lines(result))
        if not args.markdown:
            text = text.replace("`", "")
        print(text)
    return 1 if args.check and result["missed"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
