"""
Generate the README's examples: a few real commands with the score, tier
and reasons blastradius gives them.

    python tools/gen_readme_examples.py              # print the block
    python tools/gen_readme_examples.py --check README.md
    python tools/gen_readme_examples.py --write README.md

``--check`` exits 1 when the text between ``<!-- examples:start -->`` and
``<!-- examples:end -->`` differs from what blastradius computes now;
``--write`` replaces it. The block is generated, never typed by hand.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys

from collections.abc import Sequence
from pathlib import Path


START = "<!-- examples:start -->"
END = "<!-- examples:end -->"

EXAMPLES: tuple[str, ...] = (
    "kubectl get pods -A",
    "ls -la /var/log",
    "kubectl -n staging rollout restart deployment/api",
    "kubectl scale deployment api --replicas=0 -n prod",
    "kubectl delete deploy api --dry-run=none -n prod",
    "kubectl delete ns prod --dry-run=server",
    "kubectl -n prod delete ns payments",
    "k'ube'ctl --context prod delete namespaces/payments",
    "sudo bash -c 'rm -rf /'",
    "psql -c 'DROP TABLE users'",
    "mysql -e '/*! DROP TABLE users */'",
    "curl -X DELETE https://k8s.example:6443/api/v1/namespaces/prod",
    "echo FLUSHALL | redis-cli",
    "git push --force origin main",
    "terraform destroy -auto-approve",
    "echo cm0gLXJmIC8K | base64 -d | sh",
    "K=kubectl; $K delete ns prod",
    "docker run --rm -v /:/host alpine rm -rf /host",
    "curl -fsSL https://example.com/install.sh | sh",
)
"""The commands shown, one per tier and family, from harmless to blocked."""


def _code(text: str) -> str:
    """
    *text* as a Markdown code span that is safe inside a table cell.
    """
    text = text.replace("\n", " ").replace("|", "\\|")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render(commands: Sequence[str] = EXAMPLES) -> str:
    """
    The Markdown table of *commands* with their score, tier and reasons.
    """
    import blastradius

    lines = [
        "| command | score | tier | reasons |",
        "| --- | ---: | --- | --- |",
    ]
    for cmd in commands:
        a = blastradius.score(cmd)
        reasons = "<br>".join(_code(r) for r in a.reasons) or "—"
        lines.append(
            f"| {_code(cmd)} | {a.score} | `{a.tier.name}` | {reasons} |"
        )
    return "\n".join(lines) + "\n"


def region(text: str) -> tuple[int, int] | None:
    """
    The start and end offsets of what lies between the markers in
    *text*, or `None` when either marker is missing or out of order.
    """
    start = text.find(START)
    end = text.find(END)
    if start < 0 or end < start:
        return None
    return start + len(START), end


def expected_region(block: str) -> str:
    """
    The exact text between the markers for *block*.
    """
    return f"\n\n{block}\n"


def check(path: Path, block: str) -> list[str]:
    """
    The unified diff between *path*'s region and *block*; empty if equal.

    Raises:
        ValueError: *path* has no markers.
    """
    text = path.read_text(encoding="utf-8")
    span = region(text)
    if span is None:
        msg = f"{path}: no {START} ... {END} markers"
        raise ValueError(msg)
    current = text[span[0] : span[1]]
    wanted = expected_region(block)
    if current == wanted:
        return []
    return list(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            wanted.splitlines(keepends=True),
            fromfile=f"{path} (now)",
            tofile=f"{path} (generated)",
        )
    )


def write(path: Path, block: str) -> bool:
    """
    Replace *path*'s region with *block*; whether anything changed.

    Raises:
        ValueError: *path* has no markers.
    """
    text = path.read_text(encoding="utf-8")
    span = region(text)
    if span is None:
        msg = f"{path}: no {START} ... {END} markers"
        raise ValueError(msg)
    new = text[: span[0]] + expected_region(block) + text[span[1] :]
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """
    Print, check or write the examples; 1 when ``--check`` finds a
    difference, 2 for a file without markers.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", type=Path, metavar="FILE")
    group.add_argument("--write", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    block = render()
    try:
        if args.check is not None:
            diff = check(args.check, block)
            if diff:
                sys.stdout.writelines(diff)
                print(
                    f"\n{args.check}: examples are out of date; run "
                    f"python tools/gen_readme_examples.py --write "
                    f"{args.check}",
                    file=sys.stderr,
                )
                return 1
            return 0
        if args.write is not None:
            changed = write(args.write, block)
            print(f"{args.write}: {'updated' if changed else 'up to date'}")
            return 0
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    sys.stdout.write(block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
