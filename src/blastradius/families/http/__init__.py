"""
The HTTP family: raw API calls (curl, wget, HTTPie ``http``/``https``,
xh), a request on a Kubernetes API path mapped to the kubectl command it
performs.

``grammar.py`` holds the clients' option specs, ``urls.py`` splits and
decodes URLs, ``rules.py`` holds the rows (literal ids) and
``analyzer.py`` reads the requests a command sends.
"""

from __future__ import annotations


__all__: list[str] = []
