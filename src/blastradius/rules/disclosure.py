"""
Moved to `blastradius.families.disclosure.rules`:
this module re-exports its names until the integrator repoints the
importers (#17).
"""

from __future__ import annotations

from blastradius.families.disclosure.rules import (
    CODE_EXTENSIONS,
    CREDENTIAL_NAMES,
    CREDENTIAL_PATHS,
    CREDENTIAL_SUFFIXES,
    DEFAULT_TRUSTED_HOSTS,
    FILTERS,
    HELP,
    INTERPRETERS,
    LOGIN_PROGRAMS,
    NETCAT,
    OPENSSL_CERTIFICATES,
    PATTERN_READERS,
    PRINTERS,
    READERS,
    REGISTRY_LOGINS,
    RULES,
    SECRET_COMMANDS,
    SENSITIVE_NAME,
    SINK_VIA,
)


__all__ = [
    "CODE_EXTENSIONS",
    "CREDENTIAL_NAMES",
    "CREDENTIAL_PATHS",
    "CREDENTIAL_SUFFIXES",
    "DEFAULT_TRUSTED_HOSTS",
    "FILTERS",
    "HELP",
    "INTERPRETERS",
    "LOGIN_PROGRAMS",
    "NETCAT",
    "OPENSSL_CERTIFICATES",
    "PATTERN_READERS",
    "PRINTERS",
    "READERS",
    "REGISTRY_LOGINS",
    "RULES",
    "SECRET_COMMANDS",
    "SENSITIVE_NAME",
    "SINK_VIA",
]
