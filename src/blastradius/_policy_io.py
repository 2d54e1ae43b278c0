"""
Reading policy files and the presets shipped with the package: the only
policy code that does I/O, kept outside the pure core.
"""

from __future__ import annotations

import os

from blastradius._policy import Policy
from blastradius.exceptions import PolicyError


__all__ = ["PRESETS", "load_policy", "load_preset"]

PRESETS = ("coding-agent",)
"""The names of the policy presets shipped in ``blastradius/presets``."""

_MAX_DEPTH = 8


def _preset_text(name: str) -> str:
    if name not in PRESETS:
        known = ", ".join(PRESETS)
        msg = f"unknown preset {name!r} (known: {known})"
        raise PolicyError(msg)
    from importlib.resources import files

    return (files("blastradius") / "presets" / f"{name}.toml").read_text(
        encoding="utf-8"
    )


def _from_text(text: str, depth: int) -> Policy:
    from blastradius._policy_schema import from_toml

    def resolve(name: str) -> Policy:
        if depth >= _MAX_DEPTH:
            msg = "presets extend each other too deeply"
            raise PolicyError(msg)
        return _from_text(_preset_text(name), depth + 1)

    return from_toml(text, resolve=resolve)


def load_preset(name: str) -> Policy:
    """
    The policy preset *name* shipped with the package (see `PRESETS`).

    Raises:
        PolicyError: There is no such preset.

    >>> "pytest" in load_preset("coding-agent").trusted_tools
    True
    """
    return _from_text(_preset_text(name), 1)


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """
    Read the TOML policy file at *path* (UTF-8), with the presets it
    ``extends``.

    Raises:
        PolicyError: The file is not a valid policy; the error names the
            key and line.
        OSError: The file cannot be read.
        UnicodeDecodeError: The file is not UTF-8.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d, "policy.toml")
    ...     _ = p.write_text("version = 1\\n", encoding="utf-8")
    ...     load_policy(p) == Policy()
    True
    """
    with open(path, encoding="utf-8") as f:  # noqa: PTH123
        text = f.read()
    return _from_text(text, 0)
