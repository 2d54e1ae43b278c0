"""
``blastradius scan PATH… [--format text|json|sarif] [--fail-on TIER]
[--jobs N]``: score every command in the scripts, CI workflows,
Dockerfiles, Makefiles and command lists under *PATH*s.

This module reads the files (walking directories, skipping dot-directories
other than ``.github`` and ``.gitea``) and writes the report; the pure
extractors of `blastradius._extract` find the commands in each text.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

import attrs

from blastradius._cli._common import (
    DIST,
    EXIT_AUTO,
    EXIT_FOUND,
    EXIT_POLICY,
    EXIT_USAGE,
    PolicyLoadError,
    fail,
    load_policy,
    package_version,
    visible,
    write,
)
from blastradius._cli._parser import Parser
from blastradius._extract import FORMATS


if TYPE_CHECKING:
    from blastradius._extract import Snippet
    from blastradius._model import Assessment
    from blastradius._policy import Policy


__all__ = ["SCAN_SCHEMA", "run"]

SCAN_SCHEMA = 1
"""The version of the ``--format json`` report layout."""

EXTRA_HINT = "pip install 'blastradius-policy[scan]'"

_TIERS = ("auto", "human", "dual", "blocked")
_LEVEL = {"human": "warning", "dual": "error", "blocked": "error"}
_READ_DIRS = frozenset({".github", ".gitea"})
_MAX_BYTES = 8 * 1024 * 1024
_HEAD_BYTES = 256
_RULE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_INFO_URI = "https://github.com/blastradius/blastradius"
_PARSE_RULE = "scan.file.unknown"
_PARSE_MESSAGE = (
    "the file could not be read or parsed; its commands are unknown"
)


@attrs.frozen(kw_only=True)
class Task:
    """One file to scan: where it is, how to show it, its format."""

    path: str
    display: str
    fmt: str = attrs.field(validator=attrs.validators.in_(FORMATS))


@attrs.frozen(kw_only=True)
class Hit:
    """One command found in a file and its assessment."""

    snippet: Snippet
    assessment: Assessment

    @property
    def rule(self) -> str:
        """The rule id of the worst reason."""
        reasons = self.assessment.reasons
        m = _RULE_ID.match(reasons[0]) if reasons else None
        return m[0] if m is not None else "blastradius.none"


def _hits(value: Iterable[Hit]) -> tuple[Hit, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class FileResult:
    """What scanning one file gave: its hits, or why it failed."""

    task: Task
    hits: tuple[Hit, ...] = attrs.field(default=(), converter=_hits)
    error: str | None = None
    error_line: int = attrs.field(default=1, validator=attrs.validators.ge(1))


def _parser() -> Parser:
    parser = Parser(
        prog="blastradius scan",
        description=(
            "Score every command in shell scripts, GitHub/Gitea Actions "
            "workflows (run: steps), .gitlab-ci.yml (script: lines), "
            "Dockerfiles (RUN), Makefiles (recipes) and command lists "
            "(*.commands, *.cmds, *.jsonl) under PATH."
        ),
        epilog=(
            "exit status: 0 (also with findings unless --fail-on), "
            "1 a command at or above --fail-on TIER (or a file that could "
            "not be read, counted as human), 2 usage error, 3 bad policy."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default="text",
        help="the report: a table (default), JSON, or SARIF 2.1.0",
    )
    parser.add_argument(
        "--fail-on",
        metavar="TIER",
        type=str.lower,
        choices=_TIERS,
        help="exit 1 when a command is at or above TIER (human, dual, …)",
    )
    parser.add_argument(
        "--jobs",
        metavar="N",
        type=int,
        default=1,
        help="score files in N worker processes (default 1)",
    )
    parser.add_argument(
        "--policy", metavar="FILE", help="score under this TOML policy"
    )
    return parser


def _json_errors(argv: Sequence[str]) -> bool:
    words = list(argv[: argv.index("--")] if "--" in argv else argv)
    pairs = zip(words, [*words[1:], ""], strict=False)
    return "--format=json" in words or ("--format", "json") in pairs


# -- finding the files ------------------------------------------------------


def _head(path: Path) -> str:
    with path.open("rb") as f:
        data = f.read(_HEAD_BYTES)
    return data.split(b"\n", 1)[0].decode("utf-8", "replace")


def _format_of(path: Path, display: str) -> str | None:
    from blastradius._extract import detect

    fmt = detect(display)
    if fmt is not None:
        return fmt
    try:
        return detect(display, _head(path))
    except OSError:
        return None


def _walk(root: Path, display: str) -> Iterator[tuple[Path, str]]:
    for top, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") or d in _READ_DIRS
        )
        rel = Path(top).relative_to(root)
        for name in sorted(files):
            shown = (Path(display) / rel / name).as_posix()
            yield Path(top) / name, shown.removeprefix("./")


def tasks(paths: Iterable[str]) -> tuple[list[Task], list[str]]:
    """
    The files to scan under *paths* (in order; each file once) and the
    named files of no format scan reads.

    Raises:
        FileNotFoundError: A path does not exist.
    """
    out: list[Task] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for given in paths:
        root = Path(given)
        if root.is_dir():
            found = [(p, s, _format_of(p, s)) for p, s in _walk(root, given)]
        elif root.exists():
            shown = root.as_posix()
            found = [(root, shown, _format_of(root, shown))]
            if found[0][2] is None:
                skipped.append(shown)
        else:
            raise FileNotFoundError(given)
        for path, shown, fmt in found:
            key = os.path.realpath(path)
            if fmt is not None and key not in seen:
                seen.add(key)
                out.append(Task(path=str(path), display=shown, fmt=fmt))
    return out, skipped


# -- scanning one file (in this process or a worker) -----------------------


def scan_file(task: Task, policy: Policy | None = None) -> FileResult:
    """
    Read *task*'s file, find its commands and score each one.
    """
    from blastradius._extract import ExtractError, extract
    from blastradius._score import score

    try:
        path = Path(task.path)
        if path.stat().st_size > _MAX_BYTES:
            msg = f"larger than {_MAX_BYTES // (1024 * 1024)} MiB"
            return FileResult(task=task, error=msg)
        data = path.read_bytes()
    except OSError as e:
        return FileResult(task=task, error=f"cannot read: {e.strerror}")
    if b"\0" in data:
        return FileResult(task=task, error="a binary file")
    text = data.decode("utf-8", "surrogateescape")
    try:
        snippets = extract(task.fmt, text)
    except ExtractError as e:
        return FileResult(task=task, error=str(e), error_line=e.line)
    except Exception as e:  # noqa: BLE001 - one file must not end the scan
        msg = f"internal error reading the file ({type(e).__name__})"
        return FileResult(task=task, error=msg)
    hits = tuple(
        Hit(snippet=s, assessment=score(s.command, policy=policy))
        for s in snippets
    )
    return FileResult(task=task, hits=hits)


class _Progress:
    """A one-line progress bar on a terminal's stderr; silent elsewhere."""

    def __init__(self, stream: TextIO, total: int) -> None:
        isatty = getattr(stream, "isatty", None)
        self.on = bool(isatty is not None and isatty()) and total > 1
        self.stream = stream
        self.total = total

    def step(self, done: int) -> None:
        if self.on:
            width = 30
            full = width * done // self.total
            bar = "#" * full + "-" * (width - full)
            self.stream.write(f"\rscan [{bar}] {done}/{self.total} files")
            self.stream.flush()

    def close(self) -> None:
        if self.on:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _results(
    todo: list[Task], jobs: int, policy: Policy | None
) -> list[FileResult]:
    worker = functools.partial(scan_file, policy=policy)
    progress = _Progress(sys.stderr, len(todo))
    out: list[FileResult] = []
    try:
        if jobs > 1 and len(todo) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for result in pool.map(worker, todo, chunksize=4):
                    out.append(result)
                    progress.step(len(out))
        else:
            for task in todo:
                out.append(worker(task))
                progress.step(len(out))
    finally:
        progress.close()
    return out


# -- reports ---------------------------------------------------------------


def _found(results: Iterable[FileResult]) -> Iterator[tuple[Task, Hit]]:
    for result in results:
        for hit in result.hits:
            if hit.assessment.tier.value != "auto":
                yield result.task, hit


def _short(text: str, limit: int = 72) -> str:
    one = visible(text.strip())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def _text(results: list[FileResult], skipped: list[str]) -> str:
    rows = [
        (
            visible(f"{task.display}:{hit.snippet.line}"),
            hit.assessment.tier.value.upper(),
            str(hit.assessment.score),
            hit.rule,
            _short(hit.snippet.text),
        )
        for task, hit in _found(results)
    ]
    rows.extend(
        (
            visible(f"{r.task.display}:{r.error_line}"),
            "ERROR",
            "-",
            _PARSE_RULE,
            visible(r.error),
        )
        for r in results
        if r.error is not None
    )
    lines: list[str] = []
    if rows:
        head = ("LOCATION", "TIER", "SCORE", "RULE", "COMMAND")
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
        for row in [head, *rows]:
            cells = [c.ljust(w) for c, w in zip(row[:4], widths, strict=True)]
            lines.append("  ".join([*cells, row[4]]).rstrip())
    commands = sum(len(r.hits) for r in results)
    tiers = [h.assessment.tier.value for _, h in _found(results)]
    counts = ", ".join(
        f"{tiers.count(t)} {t}" for t in reversed(_TIERS[1:]) if t in tiers
    )
    unreadable = len(rows) - len(tiers)
    lines.append(
        f"{commands} commands in {len(results)} files"
        + (f": {counts}" if counts else ": none above auto")
        + (f"; {unreadable} unreadable" if unreadable else "")
    )
    lines.extend(
        f"skipped (no format scan reads): {visible(s)}" for s in skipped
    )
    return "\n".join(lines) + "\n"


def _json(results: list[FileResult], skipped: list[str]) -> str:
    findings = [
        {
            "path": task.display,
            "line": hit.snippet.line,
            "end_line": hit.snippet.end_line,
            "format": task.fmt,
            "command": (
                hit.snippet.command
                if isinstance(hit.snippet.command, str)
                else list(hit.snippet.command)
            ),
            "tier": hit.assessment.tier.value,
            "score": hit.assessment.score,
            "rule": hit.rule,
            "assessment": hit.assessment.to_dict(),
        }
        for task, hit in _found(results)
    ]
    report = {
        "package": DIST,
        "version": package_version(),
        "schema": SCAN_SCHEMA,
        "files": len(results),
        "commands": sum(len(r.hits) for r in results),
        "findings": findings,
        "errors": [
            {"path": r.task.display, "line": r.error_line, "message": r.error}
            for r in results
            if r.error is not None
        ],
        "skipped": skipped,
    }
    return json.dumps(report, indent=2) + "\n"


def _uri(display: str) -> str:
    path = Path(display)
    return path.as_uri() if path.is_absolute() else quote(display, safe="/")


def _rule_texts(found: list[tuple[Task, Hit]]) -> dict[str, str]:
    """
    Rule id → its description: the table's message, else the message of
    a finding of that rule (rules the engine emits without a table row).
    """
    from blastradius.rules._catalog import catalog

    rules = catalog()
    out = {_PARSE_RULE: _PARSE_MESSAGE}
    for _, hit in found:
        for finding in hit.assessment.findings:
            info = rules.get(finding.rule)
            text = info.message if info is not None else ""
            out.setdefault(finding.rule, text or finding.message)
    return out


def _sarif(results: list[FileResult]) -> str:
    found = list(_found(results))
    errors = [r for r in results if r.error is not None]
    ids = sorted(
        {h.rule for _, h in found} | ({_PARSE_RULE} if errors else set())
    )
    index = {rule: i for i, rule in enumerate(ids)}
    texts = _rule_texts(found)
    sarif_results: list[dict[str, Any]] = []
    for task, hit in found:
        a = hit.assessment
        message = "; ".join(visible(r) for r in a.reasons[:3])
        sarif_results.append(
            {
                "ruleId": hit.rule,
                "ruleIndex": index[hit.rule],
                "level": _LEVEL[a.tier.value],
                "message": {
                    "text": f"{a.tier.value.upper()} ({a.score}): {message}"
                },
                "locations": [
                    _location(task, hit.snippet.line, hit.snippet.end_line)
                ],
                "properties": {"tier": a.tier.value, "score": a.score},
            }
        )
    sarif_results.extend(
        {
            "ruleId": _PARSE_RULE,
            "ruleIndex": index[_PARSE_RULE],
            "level": "warning",
            "message": {"text": visible(r.error or "")},
            "locations": [_location(r.task, r.error_line, r.error_line)],
        }
        for r in errors
    )
    run = {
        "tool": {
            "driver": {
                "name": "blastradius",
                "informationUri": _INFO_URI,
                "version": package_version(),
                "rules": [
                    {
                        "id": rule,
                        "shortDescription": {
                            "text": visible(texts.get(rule) or rule)
                        },
                    }
                    for rule in ids
                ],
            }
        },
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"SRCROOT": {"uri": _base_uri()}},
        "results": sarif_results,
    }
    report = {"$schema": _SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(report, indent=2) + "\n"


def _base_uri() -> str:
    return Path.cwd().as_uri() + "/"


def _location(task: Task, line: int, end_line: int) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": _uri(task.display)}
    if not Path(task.display).is_absolute():
        artifact["uriBaseId"] = "SRCROOT"
    return {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": line, "endLine": end_line},
        }
    }


def _exit(results: list[FileResult], fail_on: str | None) -> int:
    if fail_on is None:
        return EXIT_AUTO
    at = _TIERS.index(fail_on)
    tiers = [
        _TIERS.index(h.assessment.tier.value) for r in results for h in r.hits
    ]
    tiers.extend(1 for r in results if r.error is not None)
    return EXIT_FOUND if any(t >= at for t in tiers) else EXIT_AUTO


def run(argv: list[str]) -> int:
    """
    ``blastradius scan`` with *argv* (what follows ``scan``).
    """
    parser = _parser()
    as_json = _json_errors(argv)
    parser.json_errors = as_json
    ns = parser.parse_args(argv)
    if ns.jobs < 1:
        parser.error(f"--jobs: expected a number of at least 1, got {ns.jobs}")
    try:
        import yaml  # noqa: F401
    except ImportError:
        return fail(
            EXIT_USAGE,
            "missing-extra",
            f"scan needs PyYAML to read CI files: {EXTRA_HINT}",
            as_json=as_json,
        )
    policy = None
    if ns.policy is not None:
        try:
            policy = load_policy(ns.policy)
        except PolicyLoadError as e:
            return fail(EXIT_POLICY, "policy", str(e), as_json=as_json)
    try:
        todo, skipped = tasks(ns.paths)
    except FileNotFoundError as e:
        parser.error(f"no such file or directory: {e}")
    results = _results(todo, ns.jobs, policy)
    if ns.format == "json":
        write(sys.stdout, _json(results, skipped))
    elif ns.format == "sarif":
        write(sys.stdout, _sarif(results))
    else:
        write(sys.stdout, _text(results, skipped))
    return _exit(results, ns.fail_on)
