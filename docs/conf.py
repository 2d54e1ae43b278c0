"""
Sphinx configuration: MyST pages, autodoc of the public API, furo.

Built by ``nox -s docs`` with ``-W -n`` (warnings are errors, nitpicky).
"""

from __future__ import annotations

import os
import socket

from importlib.metadata import version as _version
from typing import Any


project = "blastradius"
author = "The blastradius developers"
copyright = "2026, The blastradius developers"
release = _version("blastradius-policy")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
nitpicky = True

html_theme = "furo"
html_title = f"blastradius {release}"

myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True
napoleon_use_rtype = False

doctest_global_setup = """
import blastradius
from blastradius import *
from blastradius.analyzers import Nested, lookup
from blastradius.adapters import *
from blastradius.testing import *
from blastradius.testing.strategies import *
"""


def _online(host: str = "docs.python.org") -> bool:
    """
    Whether the inventories of other projects can be fetched.

    Set ``BLASTRADIUS_DOCS_OFFLINE=1`` to build without them.
    """
    if os.environ.get("BLASTRADIUS_DOCS_OFFLINE"):
        return False
    try:
        with socket.create_connection((host, 443), timeout=3):
            return True
    except OSError:
        return False


intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
if _online():
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "attrs": ("https://www.attrs.org/en/stable", None),
    }
else:
    # Offline: references into the standard library and attrs cannot be
    # resolved; everything of our own still must be.
    nitpick_ignore_regex = [
        ("py:(class|obj|exc|func|data)", r"(?!blastradius\b).*"),
    ]

# Names that annotations spell through private modules or as type aliases
# resolve to their public home.
_PUBLIC_HOMES = {
    "Analyzer": "blastradius.analyzers.Analyzer",
    "Context": "blastradius.analyzers.Context",
}


def _candidates(target: str) -> list[str]:
    """
    Public spellings of *target*: ``blastradius._model.Tier`` →
    ``blastradius.Tier``; ``blastradius.rules._namespaces.WeightRule`` →
    ``blastradius.rules.WeightRule``.
    """
    name = target.rsplit(".", 1)[-1]
    out = []
    if name in _PUBLIC_HOMES:
        out.append(_PUBLIC_HOMES[name])
    parts = target.split(".")[:-1]
    public = []
    for part in parts:
        if part.startswith("_"):
            break
        public.append(part)
    if public and public[0] == "blastradius":
        out.append(".".join([*public, name]))
    out.extend([f"blastradius.{name}", f"blastradius.exceptions.{name}"])
    return [c for c in out if c != target]


def _missing_reference(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """
    Resolve ``blastradius._model.Tier`` (as autodoc spells annotations) to
    the documented ``blastradius.Tier``.
    """
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"]
    if not (target.startswith("blastradius.") or "." not in target):
        return None
    domain = env.get_domain("py")
    for candidate in _candidates(target):
        found = domain.resolve_xref(
            env, node["refdoc"], app.builder, "obj", candidate, node, contnode
        )
        if found is not None:
            return found
    return None


def setup(app: Any) -> None:
    app.connect("missing-reference", _missing_reference)
