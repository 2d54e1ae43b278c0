"""
Commands in files: pure extractors from a file's text to the commands it
would run, each with its own line (``blastradius scan`` reads the files and
scores what these return).

Formats: shell scripts, GitHub / Gitea Actions workflows (``run:`` steps),
GitLab CI (``script:`` lines), Dockerfiles (``RUN``), Makefiles (recipes),
plain and JSONL command lists. The YAML formats need PyYAML (the ``scan``
extra); nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final

from blastradius._extract._common import ExtractError, Snippet


__all__ = [
    "FORMATS",
    "ExtractError",
    "Snippet",
    "detect",
    "extract",
    "shell_first_line",
]

FORMATS: Final = (
    "shell",
    "actions",
    "gitlab",
    "dockerfile",
    "makefile",
    "commands",
    "jsonl",
)
"""The formats `extract` reads."""

_SHELLS: Final = frozenset({"sh", "bash", "dash", "ksh", "mksh", "zsh", "ash"})
_SHELL_SUFFIXES: Final = (".sh", ".bash", ".ksh", ".zsh", ".dash", ".ash")
_CI_DIRS: Final = (".github/workflows/", ".gitea/workflows/")


def shell_first_line(head: str) -> bool:
    """
    Whether *head* (a file's first line) is a shebang naming a POSIX-like
    shell, directly or through ``env``.

    >>> shell_first_line("#!/usr/bin/env bash")
    True
    >>> shell_first_line("#!/bin/sh -e")
    True
    >>> shell_first_line("#!/usr/bin/python3")
    False
    """
    if not head.startswith("#!"):
        return False
    words = head[2:].split()
    if words and words[0].rsplit("/", 1)[-1] == "env":
        words = [w for w in words[1:] if not w.startswith("-")]
    return bool(words) and words[0].rsplit("/", 1)[-1] in _SHELLS


def detect(path: str, head: str = "") -> str | None:
    """
    The format of the file at *path* (``/``-separated, relative to where
    the scan started), from its name and, for a name without a suffix, its
    first line *head* (a shell's shebang); `None` when it is none of
    `FORMATS`.

    >>> detect(".github/workflows/ci.yml"), detect("app/Dockerfile")
    ('actions', 'dockerfile')
    >>> detect("deploy", "#!/bin/bash"), detect("README.md", "# hi")
    ('shell', None)
    """
    name = path.rsplit("/", 1)[-1]
    lower = name.lower()
    where = "/" + path
    if lower.endswith((".yml", ".yaml")):
        if any(f"/{d}" in where for d in _CI_DIRS) or lower in {
            "action.yml",
            "action.yaml",
        }:
            return "actions"
        if lower.endswith(".gitlab-ci.yml") or lower == ".gitlab-ci.yaml":
            return "gitlab"
        return None
    if (
        lower in {"dockerfile", "containerfile"}
        or lower.startswith(("dockerfile.", "containerfile."))
        or lower.endswith((".dockerfile", ".containerfile"))
    ):
        return "dockerfile"
    if lower in {"makefile", "gnumakefile"} or lower.endswith(".mk"):
        return "makefile"
    if lower.endswith(_SHELL_SUFFIXES):
        return "shell"
    if "." not in lower.lstrip(".") and shell_first_line(head):
        return "shell"
    if lower.endswith((".commands", ".cmds")):
        return "commands"
    if lower.endswith(".jsonl"):
        return "jsonl"
    return None


def _extractor(fmt: str) -> Callable[[str], Iterable[Snippet]]:
    if fmt == "shell":
        from blastradius._extract._shell import split_shell

        return split_shell
    if fmt in {"actions", "gitlab"}:
        from blastradius._extract import _yaml

        return _yaml.actions if fmt == "actions" else _yaml.gitlab
    if fmt == "dockerfile":
        from blastradius._extract._docker import dockerfile

        return dockerfile
    if fmt == "makefile":
        from blastradius._extract._make import makefile

        return makefile
    from blastradius._extract import _lists

    if fmt == "commands":
        return _lists.commands
    if fmt == "jsonl":
        return _lists.jsonl
    msg = f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}"
    raise ValueError(msg)


def extract(fmt: str, text: str) -> list[Snippet]:
    """
    The commands in *text*, a file of format *fmt* (one of `FORMATS`), in
    file order.

    Raises:
        ExtractError: *text* is not valid in its format (broken YAML) or
            is nested too deeply to read; the error names the line.
        ValueError: *fmt* is not one of `FORMATS`.
        ImportError: A YAML format without PyYAML installed.

    >>> mk = "all:\\n\\t@rm -rf build\\n"
    >>> [(s.line, s.command) for s in extract("makefile", mk)]
    [(2, 'rm -rf build')]
    """
    extractor = _extractor(fmt)
    try:
        return list(extractor(text))
    except RecursionError:
        msg = "nested too deeply to read"
        raise ExtractError(msg) from None
