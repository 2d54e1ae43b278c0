"""
Kept for one release (#17): the disclosure family moved to
`blastradius.families.disclosure.rules`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
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
