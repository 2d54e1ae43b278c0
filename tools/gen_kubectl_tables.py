"""
Generate ``src/blastradius/families/kubectl/_data.py`` from ``tools/data/``.

The data files are trimmed copies of facts extracted from kubernetes/kubectl
(Apache-2.0): the command tree, the global flags, the flag vocabulary and
the built-in resources; ``openshift_resources.json`` adds the kinds
OpenShift serves that ``oc`` (and kubectl on an OpenShift cluster) names,
written from OpenShift's API reference. Usage::

    python tools/gen_kubectl_tables.py            # write the module
    python tools/gen_kubectl_tables.py --check    # exit 1 if out of date
    python tools/gen_kubectl_tables.py --trim DIR # refresh the kubectl files
                                                  # of tools/data and
                                                  # tests/data from a corpus
    python tools/gen_kubectl_tables.py --expectations  # snapshot the effect
                                                  # class of every example
    python tools/gen_kubectl_tables.py --docs     # write docs/kubectl.md

``render()`` returns the module text; a test compares it with the committed
file.
"""

from __future__ import annotations

import json
import pprint
import sys

from pathlib import Path
from typing import Any


ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tools" / "data"
OUT = ROOT / "src" / "blastradius" / "families" / "kubectl" / "_data.py"
EXAMPLES = ROOT / "tests" / "data" / "kubectl_examples.jsonl"
EXPECTATIONS = ROOT / "tests" / "data" / "kubectl_expectations.json"
DOCS = ROOT / "docs" / "kubectl.md"

ORIGIN = (
    "kubernetes/kubectl @ dee3483a3d6a64c07fdf746caf80af446dee99ac "
    "(with k8s.io/cli-runtime, k8s.io/component-base and the API server's "
    "discovery documents), Apache-2.0"
)
OPENSHIFT = "openshift_resources.json"
"""Kinds OpenShift adds; its ``meta.origin`` names the docs it is from."""

# Files that register flags for commands whose ``source`` is another file.
_EXTRA_FILES: dict[str, tuple[str, ...]] = {
    "delete": ("pkg/cmd/delete/delete_flags.go",),
    "get": ("pkg/cmd/get/get_flags.go", "pkg/cmd/get/humanreadable_flags.go"),
    "api-resources": ("pkg/cmd/apiresources/print_flags.go",),
}

# Flags registered with different types in different files: the vocabulary
# lists the types but not which file has which, so this reading of the
# sources says it (file -> takes a value).
_TAKES_VALUE_BY_FILE: dict[str, dict[str, bool]] = {
    "raw": {"pkg/cmd/config/view.go": False},
    "command": {"pkg/cmd/run/run.go": False},
    "prefix": {"pkg/cmd/logs/logs.go": False},
    "containers": {"pkg/cmd/top/top_pod.go": False},
}

# Flags kubectl registers through helpers the vocabulary does not see
# (name, shorthand, takes a value). Read from kubectl's sources.
_MISSING_FLAGS: tuple[tuple[str, str, bool], ...] = (
    ("embed-certs", "", False),
    ("proxy-url", "", True),
    ("help", "h", False),
    ("show-managed-fields", "", False),
    ("template", "", True),
    ("allow-missing-template-keys", "", False),
)


def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _resource_rows(
    rows: list[dict[str, Any]],
) -> tuple[tuple[str, str, str, str, tuple[str, ...], bool], ...]:
    return tuple(
        (
            r["name"],
            r["singular"],
            r["kind"],
            r["group"],
            tuple(r["short_names"]),
            bool(r["namespaced"]),
        )
        for r in rows
    )


def _paths(verbs: Any) -> list[dict[str, Any]]:
    return [c for c in verbs["commands"] if c["path"] != "kubectl"]


def tables() -> dict[str, Any]:
    """
    Build the tables (plain data) from the files in ``tools/data``.
    """
    verbs = _load("kubectl_verbs.json")
    gflags = _load("kubectl_global_flags.json")
    vocab = _load("kubectl_flag_vocabulary.json")
    res = _load("kubernetes_resources.json")
    openshift = _load(OPENSHIFT)

    commands = tuple(
        (
            tuple(c["path"].split()),
            tuple(c["aliases"]),
            tuple(s.split()[-1] for s in c["subcommands"]),
            c["source"],
        )
        for c in _paths(verbs)
    )
    root = next(c for c in verbs["commands"] if c["path"] == "kubectl")
    top = tuple(root["subcommands"])

    global_flags = tuple(
        (f["name"], f["shorthand"] or "", bool(f["takes_value"]))
        for f in gflags["flags"]
    )
    global_names = {f[0] for f in global_flags}

    # long flags: name -> (takes value by default, bare allowed)
    longs: dict[str, tuple[bool, bool]] = {}
    shorts: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for f in vocab["flags"]:
        name = f["name"]
        kinds = list(f["takes_value"])
        longs[name] = (True in kinds, bool(f.get("no_opt_default")))
        files = frozenset(f["files"])
        for s in f["shorthands"]:
            shorts.setdefault(s, []).append((name, files))
    for extra, short, takes in _MISSING_FLAGS:
        longs.setdefault(extra, (takes, False))
        if short:
            shorts.setdefault(short, []).append((extra, frozenset()))
    for gname, gshort, gtakes in global_flags:
        longs[gname] = (gtakes, False)
        if gshort:
            shorts[gshort] = [(gname, frozenset())]

    generic = ("helpers.go", "genericclioptions")
    short_default: dict[str, str] = {}
    for s, cands in sorted(shorts.items()):
        if len(cands) == 1:
            short_default[s] = cands[0][0]
            continue
        for cand, cand_files in cands:
            if any(g in p for p in cand_files for g in generic):
                short_default[s] = cand
                break
        else:
            both_bool = all(not longs[n][0] for n, _ in cands)
            if both_bool:
                short_default[s] = cands[0][0]

    short_over: dict[tuple[str, ...], dict[str, str]] = {}
    value_over: dict[tuple[str, ...], dict[str, bool]] = {}
    for path, _aliases, _subs, source in commands:
        files = frozenset({source, *_EXTRA_FILES.get(" ".join(path), ())})
        for s, cands in sorted(shorts.items()):
            if len(cands) == 1 or s in {g[1] for g in global_flags}:
                continue
            mine = [(n, fs) for n, fs in cands if fs & files]
            if mine:
                mine.sort(key=lambda c: (len(c[1]), c[0]))
                chosen = mine[0][0]
                if short_default.get(s) != chosen:
                    short_over.setdefault(path, {})[s] = chosen
        for flag, by_file in sorted(_TAKES_VALUE_BY_FILE.items()):
            for file, takes_value in by_file.items():
                if file in files and longs[flag][0] != takes_value:
                    value_over.setdefault(path, {})[flag] = takes_value

    flags = tuple(
        (name, tv, bare)
        for name, (tv, bare) in sorted(longs.items())
        if name not in global_names
    )
    resources = _resource_rows(res["resources"])
    categories = tuple(
        (k, tuple(v)) for k, v in sorted(res["categories"].items())
    )
    openshift_rows = _resource_rows(openshift["resources"])
    return {
        "COMMANDS": commands,
        "TOP_LEVEL": top,
        "GLOBAL_FLAGS": global_flags,
        "FLAGS": flags,
        "SHORT_FLAGS": tuple(sorted(short_default.items())),
        "SHORT_OVERRIDES": tuple(
            (p, tuple(sorted(m.items())))
            for p, m in sorted(short_over.items())
        ),
        "VALUE_OVERRIDES": tuple(
            (p, tuple(sorted(m.items())))
            for p, m in sorted(value_over.items())
        ),
        "RESOURCES": resources,
        "CATEGORIES": categories,
        "OPENSHIFT_RESOURCES": openshift_rows,
        "RESOURCE_IDS": _resource_ids(
            (*resources, *openshift_rows), categories
        ),
    }


def _resource_ids(
    kinds: tuple[tuple[Any, ...], ...],
    categories: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[str, ...]:
    """
    The rule id of each kind, then of each category: ``kubectl.resource.``
    plus the plural, and ``.group`` when several groups serve the plural.
    """
    count: dict[str, int] = {}
    for row in kinds:
        count[row[0]] = count.get(row[0], 0) + 1
    ids = [
        f"kubectl.resource.{plural}"
        + (f".{group}" if count[plural] > 1 and group else "")
        for plural, _singular, _kind, group, _shorts, _ns in kinds
    ]
    ids.extend(f"kubectl.resource.{name}" for name, _members in categories)
    return tuple(ids)


_DOCS = {
    "COMMANDS": "(path, aliases, subcommand names, Go source) per command.",
    "TOP_LEVEL": "The root command's subcommands, in the tree's order.",
    "GLOBAL_FLAGS": "(name, shorthand or '', takes a value) per global flag.",
    "FLAGS": "(name, takes a value, may appear bare) per command flag.",
    "SHORT_FLAGS": "(shorthand, long name) used unless a command overrides.",
    "SHORT_OVERRIDES": "(path, ((shorthand, long name), ...)) per command.",
    "VALUE_OVERRIDES": "(path, ((name, takes a value), ...)) per command.",
    "RESOURCES": (
        "(plural, singular, Kind, group, short names, namespaced) per "
        "resource."
    ),
    "CATEGORIES": "(category, plurals) per resource category.",
    "OPENSHIFT_RESOURCES": (
        "Kinds OpenShift serves, shaped like RESOURCES (from "
        f"tools/data/{OPENSHIFT})."
    ),
    "RESOURCE_IDS": (
        "The rule id of each row of RESOURCES, OPENSHIFT_RESOURCES and "
        "CATEGORIES, in that order (written out, so grep finds them)."
    ),
}


def render() -> str:
    """
    The text of the generated module.
    """
    parts = [
        '"""\n'  # noqa: ISC004 - one header string
        "GENERATED by tools/gen_kubectl_tables.py from tools/data/; do not "
        "edit.\n\n"
        f"Origin: {ORIGIN}.\n\n"
        f"OPENSHIFT_RESOURCES origin: {_load(OPENSHIFT)['meta']['origin']}.\n"
        '"""\n\n'
        "# ruff: noqa: E501\n"
        "from __future__ import annotations\n\n"
        "from typing import Final\n\n\n"
    ]
    data = tables()
    names = "".join(f'    "{name}",\n' for name in sorted(data))
    parts.append(f"__all__ = [\n{names}]\n\n")
    for name, value in data.items():
        text = pprint.pformat(value, width=78, compact=True, sort_dicts=False)
        typ = "Final"
        parts.append(f"{name}: {typ} = {text}\n")
        parts.append(f'"""{_DOCS[name]}"""\n\n')
    return "".join(parts).rstrip("\n") + "\n"


def _trim(src: Path) -> None:
    """
    Copy the needed facts (data only, no prose) from a corpus directory.
    """
    DATA.mkdir(parents=True, exist_ok=True)
    meta = {"origin": ORIGIN, "trimmed_from": "kubectl facts corpus"}

    def dump(name: str, obj: Any) -> None:
        text = json.dumps(obj, indent=1, sort_keys=False) + "\n"
        (DATA / name).write_text(text, encoding="utf-8")

    verbs = json.loads((src / "kubectl_verbs.json").read_text())
    dump(
        "kubectl_verbs.json",
        {
            "meta": meta,
            "commands": [
                {
                    "path": c["path"],
                    "aliases": c["aliases"],
                    "subcommands": c["subcommands"],
                    "source": c["source"],
                }
                for c in verbs["commands"]
            ],
        },
    )
    gflags = json.loads((src / "kubectl_global_flags.json").read_text())
    dump(
        "kubectl_global_flags.json",
        {
            "meta": meta,
            "flags": [
                {
                    "name": f["name"],
                    "shorthand": f["shorthand"],
                    "takes_value": f["takes_value"],
                }
                for f in gflags["flags"]
            ],
        },
    )
    vocab = json.loads((src / "kubectl_flag_vocabulary.json").read_text())
    dump(
        "kubectl_flag_vocabulary.json",
        {
            "meta": meta,
            "flags": [
                {
                    k: f[k]
                    for k in (
                        "name",
                        "shorthands",
                        "takes_value",
                        "no_opt_default",
                        "files",
                    )
                    if k in f
                }
                for f in vocab["flags"]
            ],
        },
    )
    res = json.loads((src / "kubernetes_resources.json").read_text())
    dump(
        "kubernetes_resources.json",
        {
            "meta": meta,
            "categories": res["categories"],
            "resources": [
                {
                    k: r[k]
                    for k in (
                        "name",
                        "singular",
                        "kind",
                        "group",
                        "short_names",
                        "namespaced",
                    )
                }
                for r in res["resources"]
            ],
        },
    )
    lines = [json.dumps({"meta": meta})]
    for line in (src / "kubectl_examples.jsonl").read_text().splitlines():
        row = json.loads(line)
        out = {"cmd": row["cmd"], "verb": row["verb"]}
        if "verbs_all" in row:
            out["verbs_all"] = row["verbs_all"]
        lines.append(json.dumps(out))
    EXAMPLES.parent.mkdir(parents=True, exist_ok=True)
    EXAMPLES.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _expectations() -> None:
    """
    Write the effect class of each kubectl command of each example, for
    review; ``tests/test_kubectl_corpus.py`` holds the analyzer to it.
    """
    sys.path.insert(0, str(ROOT))
    from tests.strategies import examples, kubectl_argvs

    from blastradius.families.kubectl.analyzer import call_effect
    from blastradius.families.kubectl.grammar import parse_kubectl

    table = {
        str(row["cmd"]): [
            call_effect(parse_kubectl(argv)).value
            for argv in kubectl_argvs(str(row["cmd"]))
        ]
        for row in examples()
    }
    text = json.dumps(table, indent=1, ensure_ascii=False) + "\n"
    EXPECTATIONS.write_text(text, encoding="utf-8")


_DOCS_INTRO = """\
# kubectl

<!-- GENERATED by tools/gen_kubectl_tables.py --docs from the rule tables;
do not edit by hand. -->

The kubectl family (`blastradius.families.kubectl`) reads a kubectl argv
the way kubectl itself does (`blastradius.families.kubectl.grammar`), then
scores it from the rows in `blastradius.families.kubectl.rules`. The
command tree, flags and resources come from kubernetes/kubectl
(Apache-2.0), copied into `tools/data/` and generated into
`blastradius.families.kubectl._data`; the effect classes, scores and
criticality are this project's. `oc`, OpenShift's CLI, is read the same
way; the kinds OpenShift adds (its `projects`, `project.openshift.io/v1`,
each a namespace by another name) come from OpenShift's API reference,
in `tools/data/openshift_resources.json`, and resolve for `oc` and kubectl
alike.

## The family's modules

- `grammar`: the command tree, the flags (arity, bare use, short letters
  per path), what follows `--`; `parse_kubectl` reads an argv once into a
  frozen `KubectlCall`, and `value_flags(path)` gives the shell layer the
  flags that take a separate value word; `call`: the records it builds
  (`KubectlCall`, `ResourceRef`: plain self-validating records, which
  `grammar` re-exports).
- `rules`: the action and resource rows, every id written out
  (`grep kubectl.rollout.undo src/` finds its row); `modifiers`: the
  modifier, special-case, hard and environment rows, loaded only when a
  command needs them.
- `analyzer`: a `KubectlCall` → findings; the scorer keeps each call in
  `blastradius.Assessment.calls`.
- `rollback`: a `KubectlCall` and prior facts → a `RollbackPlan`; it reads
  the call the scorer kept, never the argv again.

`blastradius.analyzers.kubectl` and `blastradius.rules.kubectl` re-export
the same names for code written against the old paths.

## Grammar handled

- **Global flags in any position and every form**: `-n x`, `-nx`, `-n=x`,
  `--namespace x`, `--namespace=x`, `--context`, `--kubeconfig`, `--as`,
  `-s`/`--server`, `-v`, … (all 29 of kubectl's global flags).
- **Flags that may appear bare** (`--dry-run`, `--cascade`, `--validate`,
  `--merge`, …) never consume the next word; boolean flags take a value
  only with `=` (`--all=false` turns `--all` off).
- **Short flags per command**: `logs -f` is `--follow` and `-p`
  `--previous`, `patch -p` is `--patch`, `proxy -p` is `--port`, `-it` is
  `-i -t`, `-oyaml` is `-o yaml`.
- **The command path** from kubectl's command tree, aliases included
  (`create ns`, `config use`, `top no`); `help` prints help.
- **Resources** in every spelling: plural, singular, short name, Kind, any
  case, `TYPE/NAME`, comma lists (`pod,pvc`), `plural.group`,
  `plural.version.group`, and the categories `all` and `api-extensions`.
- **`--raw` API paths** of `delete`, `create`, `replace` and `get`
  (`delete --raw /api/v1/namespaces/prod`) name their object and namespace.
- **Known standard input**: `-f -` fed a heredoc or herestring the shell
  layer can read adds the kinds its `kind:` lines declare (so
  `kubectl delete -f - <<EOF` of a Namespace is blocked).
- **`--` ends kubectl's words**: what follows (`exec POD -- CMD`) is a
  command the shell layer analyses on its own.
- **Dry runs**: `--dry-run`, `--dry-run=client`, `--dry-run=server` (and the
  deprecated `=true`) on a command that has a dry run change nothing: the
  action becomes `kubectl.dry-run` (base 2), and no modifier, hard rule or
  file-contents unknown fires. `--dry-run=none`/`=false` is no dry run.
  Commands without a dry run (`exec`, `proxy`, …) are never lowered by it.
  `--local` does the same for `set …`, `label` and `annotate`.

## How a command scores

Each kubectl command yields one **action** finding per kind it touches
(`scoped`: the scorer multiplies its base by the weight of the namespace
given with `-n`, or of the `--context`; an unspecified namespace is *not*
assumed safe). The base is the path's base plus the kind's criticality
weight (the full weight for destructive paths, half for mutating ones).
Cluster-scoped kinds (nodes, namespaces, cluster roles, …) and `-A` ignore
`-n`: they are weighed as an unspecified namespace, whatever `-n` says.
**Modifiers** add to a mutating or destructive action. **Hard rules**
block. **Unknowns** floor the command at `HUMAN`.

Tuning decisions (default policy):

| command | score | tier |
| --- | --- | --- |
"""


def _docs_examples() -> list[str]:
    return [
        "kubectl get pods -A",
        "kubectl scale deploy api --replicas=3 -n dev",
        "kubectl rollout restart deploy/api -n prod",
        "kubectl delete pod api-1 -n prod",
        "kubectl delete deploy api -n prod",
        "kubectl delete deploy api --dry-run=none -n prod",
        "kubectl scale deploy api --replicas=0 -n prod",
        "kubectl exec -it web -n prod -- sh",
        "kubectl config view --raw",
        "kubectl delete all --all -n prod",
        "kubectl delete ns prod --dry-run=server",
        "kubectl delete ns prod",
        "oc delete project payments",
        "kubectl delete pods --all -A",
    ]


def render_docs() -> str:
    """
    The text of ``docs/kubectl.md``, from the rule tables.
    """
    import shlex

    import blastradius

    from blastradius.families.kubectl import rules as k

    out = [_DOCS_INTRO]
    for cmd in _docs_examples():
        verdict = blastradius.score(shlex.split(cmd))
        out.append(f"| `{cmd}` | {verdict.score} | {verdict.tier.value} |\n")
    out.append(
        "\n`delete all` is not a hard rule: the `all` category holds no"
        " namespace, volume or RBAC kind; it scores as a high-criticality"
        " kind. `delete --all -A` (any kind) is.\n"
    )
    out.append("\n## Hard rules\n\n| id | when | why |\n| --- | --- | --- |\n")
    for h in k.HARD_RULES:
        paths = ", ".join(" ".join(p) for p in sorted(h.paths))
        when = f"`{paths}`"
        if h.resources:
            when += " of " + ", ".join(f"`{r}`" for r in sorted(h.resources))
        if h.requires:
            when += " with " + " ".join(f"`--{f}`" for f in h.requires)
        out.append(f"| `{h.id}` | {when} | {h.message} |\n")
    out.append(
        "\nThey fire for every spelling (`ns prod`, `ns/prod`,"
        " `pod,ns prod`, `namespaces.v1`, …) and behind any wrapper the"
        " shell layer unwraps, never on a dry run.\n"
    )
    out.append(
        "\n## Modifiers\n\nAdded to a mutating or destructive action."
        "\n\n| id | adds | when | only for |\n| --- | --- | --- | --- |\n"
    )
    for m in k.MODIFIERS:
        if m.test is k.Check.NAMES:
            when = "several object names"
        elif m.test is k.Check.VALUE:
            when = ", ".join(
                f"`--{f}={v}`" for f in m.flags for v in sorted(m.values)
            )
        else:
            when = ", ".join(f"`--{f}`" for f in m.flags)
        only = ", ".join(f"`{' '.join(p)}`" for p in sorted(m.paths)) or "any"
        out.append(f"| `{m.id}` | +{m.score} | {when} | {only} |\n")
    out.append(
        "\n## Special cases\n\nAn extra action (or, when it *replaces*,"
        " the only one).\n\n| id | command | when | effect | base |"
        "\n| --- | --- | --- | --- | --- |\n"
    )
    for sp in k.SPECIALS:
        if sp.test is k.Check.FINALIZERS:
            when = "the patch clears `metadata.finalizers`"
        elif sp.test is k.Check.RESOURCE:
            when = "an object of kind " + ", ".join(
                f"`{v}`" for v in sorted(sp.values)
            )
        else:
            when = ", ".join(f"`--{f}`" for f in sp.flags)
        if sp.replaces:
            when += " (replaces)"
        out.append(
            f"| `{sp.id}` | `{' '.join(sp.path)}` | {when} |"
            f" {sp.effect.value} | {sp.base} |\n"
        )
    out.append(
        "\n## Environment\n\n| id | variables | what happens |"
        "\n| --- | --- | --- |\n"
    )
    hows = {
        "script": "the value is analysed as a shell script",
        "argv": "the value is split on blanks and analysed as an argv",
        "kubeconfig": "unknown: the file may run credential plugins",
    }
    for e in k.ENV_RULES:
        names = ", ".join(f"`{n}`" for n in sorted(e.names))
        out.append(f"| `{e.id}` | {names} | {hows[e.how]} |\n")
    out.append("\n## Unknowns\n\n| id | meaning |\n| --- | --- |\n")
    for rid, text in k.UNKNOWN_RULES.items():
        out.append(f"| `{rid}` | {text} |\n")
    out.append(
        "\nFile, URL and stdin contents (`-f`, `-k`, `--patch-file`) are"
        " unknown by nature; their finding `kubectl.manifest.contents-unknown`"
        " (kind `UNKNOWN`, floored at `HUMAN`) is deliberately named outside"
        " `kubectl.*.unknown`, which is kept for what the analyzer failed to"
        " understand. It fires only for commands that change something, not"
        " for `get -f` or `diff -f`, and not on a dry run. An unknown kind"
        " fires `kubectl.resource.unknown` only when the command changes"
        " something (reading a custom resource is fine).\n"
    )
    out.append(
        "\n## Resource criticality\n\n| criticality | weight | kinds |"
        "\n| --- | --- | --- |\n"
    )
    for level in reversed(k.Criticality):
        kinds = sorted(
            {r.resource for r in k.RESOURCES if r.criticality is level}
        )
        listed = ", ".join(kinds)
        weight = k.CRITICALITY_WEIGHT[level]
        out.append(f"| {level.value} | {weight:+d} | {listed} |\n")
    out.append(
        "\n## Command paths\n\n| id | effect | base | objects |"
        "\n| --- | --- | --- | --- |\n"
    )
    for a in k.ACTION_BY_PATH.values():
        objects = a.grammar.value
        if a.implied:
            objects += f" ({a.implied})"
        if a.dry_run:
            objects += ", dry run"
        out.append(f"| `{a.id}` | {a.effect.value} | {a.base} | {objects} |\n")
    return "".join(out)


def main(argv: list[str]) -> int:
    """
    The command line: see the module docstring.
    """
    if argv[:1] == ["--docs"]:
        DOCS.parent.mkdir(parents=True, exist_ok=True)
        DOCS.write_text(render_docs(), encoding="utf-8")
        return 0
    if argv[:1] == ["--expectations"]:
        _expectations()
        return 0
    if argv[:1] == ["--trim"]:
        _trim(Path(argv[1]))
        return 0
    text = render()
    if argv[:1] == ["--check"]:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date; run {Path(__file__).name}")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
