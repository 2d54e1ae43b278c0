"""
Reading policy files: the only policy code that does I/O, kept outside the
pure core.
"""

from __future__ import annotations

import os

from blastradius._policy import Policy


__all__ = ["load_policy"]


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """
    Read the TOML policy file at *path* (UTF-8).

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
    return Policy.from_toml(text)
