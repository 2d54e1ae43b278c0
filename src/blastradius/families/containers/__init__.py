"""
The containers family: docker, podman, nerdctl and their compose front ends:
removal and prune commands, and runs that escape the container (privileged,
host mounts, the engine's socket).

``grammar.py`` holds the command grammar (`CliSpec`: how options are
spelled, which take values, dry-run and target options), ``rules.py``
its rows (literal ids) and ``analyzer.py`` registers the table
interpreter (`blastradius.families._interpret`) under the program names.
"""

from __future__ import annotations


__all__: list[str] = []
