"""
Generate ``tests/data/golden.jsonl``: the assessment of every input of a
fixed, reproducible set, so that a change to the engine shows what it
changed.

    python tools/gen_golden.py            # print the golden lines
    python tools/gen_golden.py --check    # exit 1 when an assessment changed
    python tools/gen_golden.py --write    # rewrite the file
    python tools/gen_golden.py --check --golden PATH   # another file

The inputs are:

- every ``cmd`` of the kubectl corpus (``tests/data/kubectl_examples.jsonl``);
- every string literal (or list of string literals) passed as the first
  argument to a call named ``score`` or ``parse`` in ``tests/**/*.py``
  (``tests/data`` aside), and every string in a ``pytest.mark.parametrize``
  argument list or a module-level assignment there but ``__all__`` (found
  through the AST, so no test is imported);
- generated variants: each wrapper of the shell layer's table in front of a
  set of commands, nested wrappers, quoting, spelling and control-flow
  variants of those commands, and those variants behind a few wrappers.

Each line is one JSON object: ``input`` (a string, or a list for an argv),
``score``, ``tier``, ``rules`` (the finding rule ids, in order) and
``reasons``; lines are sorted by input. ``--check`` prints, for each rule
id, how many assessments involving it changed (and which inputs were added
or removed), and exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import ast
import base64
import json
import shlex
import sys

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any


ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
CORPUS = TESTS / "data" / "kubectl_examples.jsonl"
TARGET = TESTS / "data" / "golden.jsonl"

MAX_LITERAL = 4000
"""Longer test literals are left out (they are stress inputs, not cases)."""

CALLS: frozenset[str] = frozenset({"score", "parse"})
"""Names of the calls whose first literal argument is an input."""

COMMANDS: tuple[str, ...] = (
    "ls -la",
    "echo hi",
    "rm -rf /",
    "rm -rf ./build",
    "kubectl get pods -n prod",
    "kubectl delete ns prod",
    "kubectl delete deploy api -n prod",
    "kubectl delete pod web-1 -n dev",
    "kubectl scale deploy api --replicas=0 -n prod",
    "kubectl apply -f app.yaml -n staging",
    "helm uninstall api -n prod",
    "git push --force origin main",
    "terraform destroy -auto-approve",
    "psql -c 'DROP TABLE users'",
    "curl -X DELETE https://api.example.com/v1/items/1",
    "dd if=/dev/zero of=/dev/sda",
    "docker rm -f web",
    "chmod -R 777 /",
    "python3 -c 'import os'",
)
"""Commands put behind each wrapper and spelled in each variant."""

WRAPPED: tuple[str, ...] = (
    "{w} {c}",
    "sudo {c}",
    "sudo -u root {c}",
    "sudo -E HOME=/x {c}",
    "doas -u root {c}",
    "env {c}",
    "env -i X=1 {c}",
    "env -S {q}",
    "command {c}",
    "builtin {c}",
    "exec {c}",
    "exec -a name {c}",
    "time {c}",
    "time -p {c}",
    "nice {c}",
    "nice -n 5 {c}",
    "ionice -c 3 {c}",
    "nohup {c} &",
    "setsid {c}",
    "timeout 5 {c}",
    "timeout -s KILL 5s {c}",
    "watch {c}",
    "watch -n 1 {q}",
    "watch -x {c}",
    "stdbuf -oL {c}",
    "chroot /mnt {c}",
    "strace -f -o log {c}",
    "ltrace {c}",
    "echo x | xargs {c}",
    "xargs -I{{}} {c} {{}}",
    "xargs -0 -n 1 {c}",
    "find . -exec {c} \\;",
    "find . -name x -exec {c} {{}} +",
    "find . -execdir {c} \\;",
    "parallel {c} ::: a b",
    "parallel ::: {q}",
    "bash -c {q}",
    "bash -xc {q}",
    "bash -c {q} name arg",
    "bash -o pipefail -c {q}",
    "sh -c {q}",
    "zsh -c {q}",
    "dash -c {q}",
    "ksh -c {q}",
    "echo {q} | bash",
    "echo {q} | sh -s",
    "bash <<< {q}",
    "bash <<'EOF'\n{c}\nEOF\n",
    "sh <<EOF\n{c}\nEOF\n",
    "busybox {c}",
    "busybox sh -c {q}",
    "eval {q}",
    "eval {c}",
    "su -c {q}",
    "su root -c {q}",
    "su - admin --command {q}",
    "runuser -u app -- {c}",
    "runuser -l app -c {q}",
    "ssh host {c}",
    "ssh host {q}",
    "ssh -p 22 -i key user@host {q}",
    "kubectl exec web -- {c}",
    "kubectl exec -it web -n prod -- {c}",
    "kubectl exec web -c app -- sh -c {q}",
    "kubectl -n prod exec deploy/web -- {c}",
    "oc exec web -- {c}",
    "kubectl debug node/n1 -it --image=busybox -- {c}",
    "kubectl run t --image=busybox --rm -it -- {c}",
    "docker exec web {c}",
    "docker exec -it web sh -c {q}",
    "docker run --rm alpine {c}",
    "docker container exec web {c}",
    "podman exec web {c}",
    "nerdctl run --rm alpine {c}",
)
"""Wrapper templates: ``{w}`` a wrapper name, ``{c}`` a command, ``{q}``
the command quoted as one word."""

NESTED: tuple[str, ...] = (
    "sudo bash -c {q}",
    "sudo -u app sh -c {q}",
    "env X=1 sudo {c}",
    "timeout 9 sudo env A=1 {c}",
    "ssh host sudo {c}",
    "ssh host {qs}",
    "kubectl exec web -- bash -c {q}",
    "docker exec web sudo {c}",
    "nohup nice -n 1 {c} >/dev/null 2>&1 &",
    "xargs -I% sh -c {q}",
    "find / -exec sh -c {q} \\;",
    "bash -c {qb}",
    "eval {qe}",
    "watch -n 5 sudo {c}",
)
"""Nested wrappers: ``{qs}`` the ``sudo`` form quoted once more, ``{qb}``
a ``bash -c`` form quoted, ``{qe}`` an ``eval`` form quoted."""

SPELLED: tuple[str, ...] = (
    "{c}",
    "  {c}  ",
    "\t{c}\n",
    "{c};",
    "{c} ;",
    "{c} &",
    "{c} # a comment",
    "# {c}",
    "true; {c}",
    "true && {c}",
    "false || {c}",
    "{c} | cat",
    "{c} |& tee log",
    "cat x | {c}",
    "{c} > /dev/null 2>&1",
    "{c} < /dev/null",
    "{c} 2>>err.log",
    "( {c} )",
    "{{ {c}; }}",
    "$({c})",
    "echo $({c})",
    "echo `{c}`",
    "x=$({c})",
    "diff <({c}) b",
    "f() {{ {c}; }}; f",
    "function f {{ {c}; }}; f",
    "f() {{ {c}; }}",
    "if true; then {c}; fi",
    "if {c}; then :; fi",
    "for i in 1 2; do {c}; done",
    "while false; do {c}; done",
    "until true; do {c}; done",
    "case x in x) {c};; esac",
    "[[ -f x ]] && {c}",
    "(( 1 )) && {c}",
    "X=1 {c}",
    "{q0} {r}",
    "{d0} {r}",
    "{b0} {r}",
    "{s0} {r}",
    "{p0} {r}",
    "{dq}",
    "{sq}",
    '"$(echo {w0})" {r}',
    "$(printf %s {w0}) {r}",
    "P={w0}; $P {r}",
    "P={w0} && ${{P}} {r}",
    "${{P:-{w0}}} {r}",
    "A=({w0}); ${{A[0]}} {r}",
    "echo {q} | sh",
    "echo {q} | bash -s",
    "printf '%s\\n' {q} | sh",
    "printf {q} | bash",
    "echo {b64} | base64 -d | sh",
    "echo {b64} | base64 --decode | bash",
    'bash -c "$(echo {b64} | base64 -d)"',
    "cat <<EOF | sh\n{c}\nEOF\n",
    'eval "$(echo {q})"',
    "{c} \\\n  --v=1",
    "{c} $X",
    '{c} "$@"',
    "{c} $'\\x41'",
    "{c} {{a,b}}",
    '{c} "',
    "{c} '",
    "{c} )",
    "{c} $(",
)
"""Quoting, spelling and control-flow variants: ``{c}`` the command,
``{w0}`` its first word, ``{r}`` the rest, ``{q0}``/``{d0}``/``{b0}``/
``{s0}``/``{p0}`` the first word partly single-quoted, double-quoted,
backslashed, as a path, and with an empty string glued on; ``{dq}``/``{sq}``
every word double-/single-quoted; ``{b64}`` the command in base64."""


AROUND: tuple[str, ...] = (
    "sudo {c}",
    "bash -c {q}",
    "env A=1 {c}",
    "kubectl exec web -- sh -c {q}",
    "echo x | xargs -I{{}} sh -c {q}",
)
"""Wrappers put around each spelling variant (``{c}`` the variant)."""


def corpus_inputs(path: Path = CORPUS) -> Iterator[str]:
    """
    The ``cmd`` of every line of the kubectl corpus that has one.
    """
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                if "cmd" in row:
                    yield str(row["cmd"])


def _literal(node: ast.expr) -> str | list[str] | None:
    """
    *node* as an input when it is a string literal or a list or tuple of
    string literals (an argv), else `None`.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)) and node.elts:
        words = [_literal(e) for e in node.elts]
        if all(isinstance(w, str) for w in words):
            return [str(w) for w in words]
    return None


def _strings(node: ast.AST) -> Iterator[str]:
    """
    Every string literal anywhere under *node*.
    """
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            yield sub.value


def _table_strings(node: ast.AST) -> Iterator[str]:
    """
    Every string literal that is an item of a list, tuple, set or dict
    display under *node* (a table's rows, not a path's parts).
    """
    for sub in ast.walk(node):
        if isinstance(sub, ast.Dict):
            items = [k for k in sub.keys if k is not None] + sub.values
        elif isinstance(sub, (ast.List, ast.Tuple, ast.Set)):
            items = sub.elts
        else:
            continue
        for item in items:
            if isinstance(item, ast.Constant) and isinstance(item.value, str):
                yield item.value


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def literals_of(source: str) -> Iterator[str | list[str]]:
    """
    The inputs in one test module's *source*: first literal arguments of
    ``score(…)``/``parse(…)`` calls, strings of ``parametrize`` lists and
    of module-level assignments (the tables ``parametrize`` reads by name).
    """
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name in CALLS and node.args:
            found = _literal(node.args[0])
            if found is not None:
                yield found
        elif name == "parametrize" and len(node.args) >= 2:
            yield from _strings(node.args[1])
    for stmt in tree.body:
        if (
            isinstance(stmt, (ast.Assign, ast.AnnAssign))
            and stmt.value
            and not _is_all(stmt)
        ):
            yield from _table_strings(stmt.value)


def _is_all(stmt: ast.Assign | ast.AnnAssign) -> bool:
    """Whether *stmt* assigns ``__all__`` (names, not inputs)."""
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
    return any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)


def source_files(tests: Path = TESTS) -> list[Path]:
    """
    The Python files under *tests* (any depth; ``tests/data`` holds data,
    not tests), in path order.
    """
    data = tests / "data"
    return sorted(p for p in tests.rglob("*.py") if data not in p.parents)


def literal_inputs(tests: Path = TESTS) -> Iterator[str | list[str]]:
    """
    The literal inputs of every module of `source_files`, module by module
    in path order.
    """
    for path in source_files(tests):
        yield from literals_of(path.read_text(encoding="utf-8"))


def _fill(template: str, cmd: str, wrapper: str = "") -> str:
    words = shlex.split(cmd)
    first, rest = words[0], shlex.join(words[1:])
    half = max(1, len(first) // 2)
    quoted = shlex.quote(cmd)
    values = {
        "w": wrapper,
        "c": cmd,
        "q": quoted,
        "w0": first,
        "r": rest,
        "q0": f"{first[:half]}'{first[half:]}'",
        "d0": f'"{first[:half]}"{first[half:]}',
        "b0": "".join(f"\\{ch}" for ch in first),
        "s0": f"/usr/bin/{first}",
        "p0": f"{first}''",
        "dq": " ".join(f'"{w}"' for w in words),
        "sq": " ".join(
            shlex.quote(w) if "'" in w else f"'{w}'" for w in words
        ),
        "b64": base64.b64encode(cmd.encode()).decode(),
        "qs": shlex.quote(f"sudo {cmd}"),
        "qb": shlex.quote(f"bash -c {quoted}"),
        "qe": shlex.quote(f"eval {quoted}"),
    }
    return template.format(**values)


def variant_inputs() -> Iterator[str]:
    """
    Every wrapper template, nested wrapper and spelling variant (bare and
    behind each of `AROUND`) over every command of `COMMANDS`.
    """
    from blastradius._shell import WRAPPERS

    names = sorted({name for row in WRAPPERS for name in row.names})
    for cmd in COMMANDS:
        for template in WRAPPED:
            if "{w}" in template:
                for name in names:
                    yield _fill(template, cmd, name)
            else:
                yield _fill(template, cmd)
        for template in NESTED:
            yield _fill(template, cmd)
        for template in SPELLED:
            spelled = _fill(template, cmd)
            yield spelled
            for outer in AROUND:
                yield outer.format(c=spelled, q=shlex.quote(spelled))


def _key(item: str | list[str]) -> str:
    return json.dumps(item)


def inputs() -> list[str | list[str]]:
    """
    Every golden input once, sorted by its JSON spelling.
    """
    found: dict[str, str | list[str]] = {}
    sources: Iterable[Iterable[str | list[str]]] = (
        corpus_inputs(),
        literal_inputs(),
        variant_inputs(),
    )
    for source in sources:
        for item in source:
            if sum(map(len, item)) <= MAX_LITERAL:
                found.setdefault(_key(item), item)
    return [found[k] for k in sorted(found)]


def assess(item: str | list[str]) -> dict[str, Any]:
    """
    The golden record of one input under the default policy.
    """
    import blastradius

    a = blastradius.score(item)
    return {
        "input": item,
        "score": a.score,
        "tier": a.tier.value,
        "rules": [f.rule for f in a.findings],
        "reasons": list(a.reasons),
    }


def render(items: Iterable[str | list[str]]) -> list[str]:
    """
    One JSON line per input, in the order given.
    """
    return [json.dumps(assess(item), sort_keys=True) for item in items]


def load(path: Path = TARGET) -> dict[str, dict[str, Any]]:
    """
    The committed golden records by input key (empty when missing).
    """
    if not path.exists():
        return {}
    out = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                out[_key(row["input"])] = row
    return out


def compare(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]
) -> tuple[dict[str, int], int, int, int]:
    """
    How *new* differs from *old*: per rule id, the number of changed
    assessments it appears in (before or after); the number of changed,
    added and removed inputs.
    """
    per_rule: dict[str, int] = {}
    changed = 0
    for key in old.keys() & new.keys():
        before, after = old[key], new[key]
        if before == after:
            continue
        changed += 1
        rules = set(before["rules"]) | set(after["rules"]) or {"(no rule)"}
        for rule in rules:
            per_rule[rule] = per_rule.get(rule, 0) + 1
    added = len(new.keys() - old.keys())
    removed = len(old.keys() - new.keys())
    return per_rule, changed, added, removed


def report(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]
) -> list[str]:
    """
    The lines ``--check`` prints: empty when nothing changed.
    """
    per_rule, changed, added, removed = compare(old, new)
    if not (changed or added or removed):
        return []
    head = f"golden: {changed} changed, {added} added, {removed} removed"
    lines = [f"{head} (of {len(old)})"]
    lines += [f"  {rule}: {n}" for rule, n in sorted(per_rule.items())]
    examples = [k for k in sorted(old.keys() & new.keys()) if old[k] != new[k]]
    for key in examples[:5]:
        lines.append(f"  e.g. {key[:100]}")
        lines.append(
            f"    {old[key]['score']} {old[key]['rules']} -> "
            f"{new[key]['score']} {new[key]['rules']}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """
    The command line; returns the exit status.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true")
    group.add_argument("--write", action="store_true")
    parser.add_argument("--golden", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    lines = render(inputs())
    if args.write:
        args.golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return 0
    if args.check:
        new = {_key(row["input"]): row for row in map(json.loads, lines)}
        problems = report(load(args.golden), new)
        for line in problems:
            print(line)
        return 1 if problems else 0
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
