"""
The cloud family: the cloud CLIs ``aws``, ``gcloud``, ``gsutil`` and ``az``:
deleting and terminating resources, recursive object deletion, IAM grants.

``grammar.py`` holds the command grammar (`CliSpec`: how options are
spelled, which take values, dry-run and target options), ``rules.py``
its rows (literal ids) and ``analyzer.py`` registers the table
interpreter (`blastradius.families._interpret`) under the program names.
"""

from __future__ import annotations


__all__: list[str] = []
