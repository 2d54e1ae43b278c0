"""
The data of the scorer's floors (`blastradius._floors`): which words make
an unknown program's command look destructive, which findings mean "delete
everything the scope selects", and which programs list what a later
command deletes.
"""

from __future__ import annotations


__all__ = [
    "DESTRUCTIVE_WORDS",
    "EVERYTHING_RULES",
    "LISTING_PROGRAMS",
    "LOOKAHEAD",
    "MESSAGES",
    "WORD_PARTS",
]

DESTRUCTIVE_WORDS: frozenset[str] = frozenset(
    {"delete", "destroy", "drop", "purge", "uninstall", "wipe", "prune"}
)
"""Subcommand words (or parts of one: ``db:drop``, ``delete-cluster``)
that floor an unknown program's command at ``DUAL``."""

WORD_PARTS = "-_:./"
"""The characters a subcommand word is split on to find those parts."""

LOOKAHEAD = 3
"""How many positional words of an unknown program are looked at."""

EVERYTHING_RULES: frozenset[str] = frozenset(
    {
        "kubectl.scope.all",
        "kubectl.scope.all-namespaces",
        "kubectl.scope.selector",
        "helm.uninstall",
    }
)
"""Findings that mean a destructive command deletes whatever its scope
selects when it runs: the command is at least ``DUAL`` unless its
namespace weighs less than 1 (the development and test rows)."""

LISTING_PROGRAMS: frozenset[str] = frozenset({"kubectl", "oc"})
"""Programs whose ``get`` output may feed a later delete (``kubectl get ns
-o name | xargs kubectl delete``)."""

MESSAGES: dict[str, str] = {
    "shell.destructive-subcommand.unknown": (
        "no analyzer knows this program, and a subcommand word says it deletes"
    ),
    "scope.everything-unknown": (
        "deletes whatever the scope selects when it runs (outside a "
        "development or test namespace)"
    ),
    "listing-fed-unknown": (
        "deletes what an earlier listing prints: the objects are known "
        "only when it runs"
    ),
    "listing-fed": "the listing names the kind deleted",
}
"""The message of each floor rule (ids without their family prefix)."""
