"""
CI files in YAML: GitHub / Gitea Actions ``run:`` steps and GitLab CI
``script:`` lines, read through PyYAML's composer, whose node marks give
each command its line in the file.

In a literal block (``run: |``) line *i* of the value is line *i* of the
block in the file, whatever the block's indentation or chomping; any other
scalar (plain, quoted, folded ``>``) is reported at its own first line.
"""

from __future__ import annotations

import re

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blastradius._extract._common import ExtractError, Snippet
from blastradius._extract._shell import split_shell


if TYPE_CHECKING:
    import yaml


__all__ = ["actions", "gitlab"]

_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")
"""A GitHub expression, ``${{ github.event.issue.title }}``: its value is
pasted into the script before the shell reads it, so it stands for a word
only known at run time."""

_DYNAMIC = "$BLASTRADIUS_EXPRESSION"

_POSIX_SHELLS = frozenset({"bash", "sh"})

_GITLAB_KEYS = frozenset({"script", "before_script", "after_script"})


def _documents(text: str) -> list[yaml.Node]:
    import yaml

    try:
        return list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(
            e, "context_mark", None
        )
        line = 1 if mark is None else mark.line + 1
        msg = f"not valid YAML: {str(e).splitlines()[0]}"
        raise ExtractError(msg, line=line) from None


def _mappings(root: yaml.Node) -> Iterator[yaml.MappingNode]:
    """Every mapping under *root*, each once (aliases share nodes)."""
    import yaml

    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            yield node
            for key, value in reversed(node.value):
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


def _get(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    for k, v in node.value:
        if getattr(k, "value", None) == key:
            found: yaml.Node = v
            return found
    return None


def _scalar(node: yaml.Node, *, expressions: bool) -> Iterator[Snippet]:
    """The commands of one scalar holding a script."""
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        return
    value = node.value
    if expressions:
        value = _EXPRESSION.sub(_DYNAMIC, value)
    if node.style == "|":
        yield from split_shell(value, first_line=node.start_mark.line + 2)
        return
    line = node.start_mark.line + (2 if node.style == ">" else 1)
    for snippet in split_shell(value):
        yield Snippet(line=line, command=snippet.command)


def _text(node: yaml.Node | None) -> str | None:
    """A scalar's text; `None` for anything else."""
    import yaml

    return node.value if isinstance(node, yaml.ScalarNode) else None


def _at(node: yaml.Node | None, *keys: str) -> yaml.Node | None:
    """The node at *keys* down nested mappings, if there is one."""
    import yaml

    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        node = _get(node, key)
    return node


def _windows(runs_on: yaml.Node | None) -> bool:
    """Whether ``runs-on`` names a Windows runner (its default is pwsh)."""
    import yaml

    labels = (
        [_text(n) or "" for n in runs_on.value]
        if isinstance(runs_on, yaml.SequenceNode)
        else [_text(runs_on) or ""]
    )
    return any("windows" in x.lower() and "${{" not in x for x in labels)


def _default_shells(root: yaml.Node) -> dict[int, str]:
    """
    The default shell of each job's steps (by the steps node): the job's
    ``defaults.run.shell``, else the workflow's, else ``pwsh`` on a
    Windows runner; jobs with none are read as bash.
    """
    import yaml

    out: dict[int, str] = {}
    top = _text(_at(root, "defaults", "run", "shell"))
    jobs = _at(root, "jobs")
    if not isinstance(jobs, yaml.MappingNode):
        return out
    for _, job in jobs.value:
        steps = _at(job, "steps")
        shell = _text(_at(job, "defaults", "run", "shell")) or top
        if shell is None and _windows(_at(job, "runs-on")):
            shell = "pwsh"
        if steps is not None and shell is not None:
            out[id(steps)] = shell
    return out


def _posix(shell: str | None) -> bool:
    if shell is None:
        return True
    words = shell.split()
    return bool(words) and words[0].rsplit("/", 1)[-1] in _POSIX_SHELLS


def actions(text: str) -> Iterator[Snippet]:
    """
    The ``run:`` commands of every step of a GitHub or Gitea Actions
    workflow (or a composite action); steps whose shell is not bash or sh
    (``shell: pwsh``, ``python``; a job's or the workflow's
    ``defaults.run.shell``; a Windows runner's default) are skipped.

    >>> wf = "jobs:\\n  a:\\n    steps:\\n      - run: |\\n"
    >>> wf += "          ls\\n          rm -rf /\\n"
    >>> [(s.line, s.command) for s in actions(wf)]
    [(5, 'ls'), (6, 'rm -rf /')]
    """
    import yaml

    seen: set[int] = set()
    for root in _documents(text):
        defaults = _default_shells(root)
        for mapping in _mappings(root):
            steps = _get(mapping, "steps")
            if not isinstance(steps, yaml.SequenceNode) or id(steps) in seen:
                continue
            seen.add(id(steps))
            for step in steps.value:
                if not isinstance(step, yaml.MappingNode):
                    continue
                run = _get(step, "run")
                shell = _text(_get(step, "shell"))
                if _get(step, "shell") is None:
                    shell = defaults.get(id(steps))
                if run is not None and _posix(shell):
                    yield from _scalar(run, expressions=True)


def _script_items(node: yaml.Node) -> Iterator[yaml.Node]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        if node.tag == "!reference":
            return
        for item in node.value:
            yield from _script_items(item)
    else:
        yield node


def gitlab(text: str) -> Iterator[Snippet]:
    """
    The ``script:``, ``before_script:`` and ``after_script:`` lines of
    every job (and ``default:``) of a ``.gitlab-ci.yml``; ``!reference``
    lists name other jobs' lines and are skipped.

    >>> ci = "build:\\n  script:\\n    - make\\n    - rm -rf /\\n"
    >>> [(s.line, s.command) for s in gitlab(ci)]
    [(3, 'make'), (4, 'rm -rf /')]
    """
    import yaml

    for root in _documents(text):
        if not isinstance(root, yaml.MappingNode):
            continue
        for _, job in root.value:
            if not isinstance(job, yaml.MappingNode):
                continue
            for key, value in job.value:
                if getattr(key, "value", None) in _GITLAB_KEYS:
                    for item in _script_items(value):
                        yield from _scalar(item, expressions=False)
