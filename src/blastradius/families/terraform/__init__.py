"""
The terraform family: terraform and OpenTofu: apply, destroy, state surgery,
imports and the read-only plan / show commands.

``grammar.py`` holds the command grammar (`CliSpec`: how options are
spelled, which take values, dry-run and target options), ``rules.py``
its rows (literal ids) and ``analyzer.py`` registers the table
interpreter (`blastradius.families._interpret`) under the program names.
"""

from __future__ import annotations


__all__: list[str] = []
