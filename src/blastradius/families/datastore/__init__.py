"""
The data-store family: redis-cli (and valkey-cli, keydb-cli), etcdctl /
etcdutl and mongosh / mongo.

``grammar.py`` holds the clients' option specs, ``rules.py`` the rows
(literal ids) and ``analyzer.py`` reads the commands a client runs.
"""

from __future__ import annotations


__all__: list[str] = []
