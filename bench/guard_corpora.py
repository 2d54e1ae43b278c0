"""
Other guards' public corpora, scored by blastradius (a report, not a test).

    SITE=/tmp/guards/lib/python3.11/site-packages
    python bench/guard_corpora.py --site $SITE
    python bench/guard_corpora.py --site $SITE --misses   # list every miss

The corpora ship inside the guards' own packages (install them in a scratch
virtualenv, never into the project: ``python -m venv /tmp/guards &&
/tmp/guards/bin/pip install paveo agentguard-eval seatbelt-guard``):

- **paveo** (Apache-2.0 AND Elastic-2.0): ``paveo/bypasses.json``, the
  spellings of five dangerous actions (force-push, recursive delete, hard
  reset, clean, secrets); a ``Read`` spelling (the agent's file-read tool)
  is scored as ``cat PATH``. Every line should be detected.
- **agentguard-eval** (MIT): ``agentguard.shell.make_intents()``
  by ``make_mutators()``, each intent's command re-spelled by each mutator,
  plus its equivalents. Every line should be detected. Nothing is run.
- **seatbelt-guard** (Apache-2.0): ``seatbelt.demo.SCENARIOS``, each line
  with seatbelt's own verdict: ``DENY``/``ASK`` should be detected,
  ``ALLOW`` should stay ``AUTO``.

*Detected* means the tier is at least ``HUMAN``; a *false alarm* is an
``ALLOW`` line scored above ``AUTO``. Pooled detection is over every line
that should be detected.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import blastradius  # noqa: E402

from blastradius import Tier  # noqa: E402


Row = tuple[str, str, bool]
"""(corpus, command, should be detected)."""


def paveo(site: Path) -> Iterator[Row]:
    """The spellings of paveo's bypass suite."""
    data = json.loads((site / "paveo" / "bypasses.json").read_text("utf-8"))
    for action in data["actions"]:
        for tool, text in action["spellings"]:
            yield "paveo", text if tool == "Bash" else f"cat {text}", True


def agentguard() -> Iterator[Row]:
    """agentguard-eval's intents, each re-spelled by each mutator."""
    shell = importlib.import_module("agentguard.shell")
    for intent in shell.make_intents():
        for mutator in shell.make_mutators():
            text = mutator.render(intent.binary, intent.args)
            yield "agentguard", text, True
        for other in intent.equivalents:
            yield "agentguard", other, True


def seatbelt() -> Iterator[Row]:
    """seatbelt-guard's demo set with its own verdicts."""
    demo = importlib.import_module("seatbelt.demo")
    for _title, items in demo.SCENARIOS:
        for level, command in items:
            yield "seatbelt", command, level.name != "ALLOW"


def _load(name: str, load: Callable[[], Iterator[Row]]) -> list[Row]:
    try:
        return list(load())
    except (ImportError, OSError, KeyError) as e:
        print(f"{name}: not available ({e!r})")
        return []


def main(argv: Sequence[str] | None = None) -> int:
    """Score every corpus line; print detection and false alarms."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.site))
    rows: list[Row] = []
    for name, load in (
        ("paveo", lambda: paveo(args.site)),
        ("agentguard", agentguard),
        ("seatbelt", seatbelt),
    ):
        rows.extend(_load(name, load))
    pooled_pos = pooled_hit = 0
    alarms: list[tuple[str, str, str]] = []
    misses: list[tuple[str, str, str]] = []
    for corpus in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == corpus]
        pos = hit = neg = false = 0
        for _c, command, bad in mine:
            a = blastradius.score(command)
            why = a.reasons[0] if a.reasons else ""
            if bad:
                pos += 1
                if a.tier >= Tier.HUMAN:
                    hit += 1
                else:
                    misses.append((corpus, command, why))
            else:
                neg += 1
                if a.tier > Tier.AUTO:
                    false += 1
                    alarms.append((corpus, command, why))
        pooled_pos += pos
        pooled_hit += hit
        rate = f"{100 * hit / pos:.1f} %" if pos else "-"
        print(
            f"{corpus:<11} {len(mine):4d} lines  detected {hit}/{pos} "
            f"({rate})  false alarms {false}/{neg}"
        )
    if pooled_pos:
        print(
            f"pooled      detected {pooled_hit}/{pooled_pos} "
            f"({100 * pooled_hit / pooled_pos:.1f} %)  false alarms "
            f"{len(alarms)}"
        )
    for corpus, command, why in alarms:
        print(f"  false alarm [{corpus}] {command!r}: {why}")
    if args.misses:
        for corpus, command, why in misses:
            print(f"  miss [{corpus}] {command!r}: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
