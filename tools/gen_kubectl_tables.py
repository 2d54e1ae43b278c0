"""
Generate ``src/blastradius/rules/_data_kubectl.py`` from ``tools/data/``.

The data files are trimmed copies of facts extracted from kubernetes/kubectl
(Apache-2.0): the command tree, the global flags, the flag vocabulary and
the built-in resources. Usage::

    python tools/gen_kubectl_tables.py            # write the module
    python tools/gen_kubectl_tables.py --check    # exit 1 if out of date
    python tools/gen_kubectl_tables.py --trim DIR # refresh tools/data and
                                                  # tests/data from a corpus
    python tools/gen_kubectl_tables.py --expectations  # snapshot the effect
                                                  # class of every example

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
OUT = ROOT / "src" / "blastradius" / "rules" / "_data_kubectl.py"
EXAMPLES = ROOT / "tests" / "data" / "kubectl_examples.jsonl"
EXPECTATIONS = ROOT / "tests" / "data" / "kubectl_expectations.json"

ORIGIN = (
    "kubernetes/kubectl @ dee3483a3d6a64c07fdf746caf80af446dee99ac "
    "(with k8s.io/cli-runtime, k8s.io/component-base and the API server's "
    "discovery documents), Apache-2.0"
)

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
    resources = tuple(
        (
            r["name"],
            r["singular"],
            r["kind"],
            r["group"],
            tuple(r["short_names"]),
            bool(r["namespaced"]),
        )
        for r in res["resources"]
    )
    categories = tuple(
        (k, tuple(v)) for k, v in sorted(res["categories"].items())
    )
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
    }


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
}


def render() -> str:
    """
    The text of the generated module.
    """
    parts = [
        '"""\n'  # noqa: ISC004 - one header string
        "GENERATED by tools/gen_kubectl_tables.py from tools/data/; do not "
        "edit.\n\n"
        f"Origin: {ORIGIN}.\n"
        '"""\n\n'
        "# ruff: noqa: E501\n"
        "from __future__ import annotations\n\n"
        "from typing import Final\n\n\n"
    ]
    data = tables()
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
    sys.path.insert(0, str(ROOT / "tests"))
    from blastradius.analyzers.kubectl import call_effect, parse_kubectl
    from strategies_kubectl import (  # type: ignore[import-not-found]
        examples,
        kubectl_argvs,
    )

    table = {
        str(row["cmd"]): [
            call_effect(parse_kubectl(argv)).value
            for argv in kubectl_argvs(str(row["cmd"]))
        ]
        for row in examples()
    }
    text = json.dumps(table, indent=1, ensure_ascii=False) + "\n"
    EXPECTATIONS.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    """
    The command line: see the module docstring.
    """
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
