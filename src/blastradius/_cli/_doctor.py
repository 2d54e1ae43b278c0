"""
``blastradius doctor`` (placeholder).
"""

from __future__ import annotations


__all__ = ["run"]


def run(argv: list[str]) -> int:
    """
    Not written yet.
    """
    del argv
    return 2
