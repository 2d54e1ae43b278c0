"""
The old path of the tool families' tables, which moved to
``blastradius.families.<name>.grammar`` (helm, git, terraform, containers,
cloud) and `blastradius.families._toolspecs` (``TOOL_SPECS``); re-exported
for one release (the integrator removes it once no branch imports it).
"""

from __future__ import annotations

from blastradius.families._toolspecs import TOOL_SPECS
from blastradius.families.cloud.grammar import AWS, AZ, GCLOUD, GSUTIL
from blastradius.families.containers.grammar import CONTAINERS
from blastradius.families.git.grammar import GIT
from blastradius.families.helm.grammar import HELM
from blastradius.families.terraform.grammar import TERRAFORM


__all__ = [
    "AWS",
    "AZ",
    "CONTAINERS",
    "GCLOUD",
    "GIT",
    "GSUTIL",
    "HELM",
    "TERRAFORM",
    "TOOL_SPECS",
]
