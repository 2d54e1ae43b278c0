"""
The tool families' `CliSpec` tables by program name (helm, git,
terraform / OpenTofu, the container engines and the cloud CLIs), for the
docs generator and the tests that walk every tool table. The registry does
not read it: each family's analyzer registers its own programs.
"""

from __future__ import annotations

from collections.abc import Mapping

from blastradius.families._clispec import CliSpec, group_specs
from blastradius.families.cloud.grammar import AWS, AZ, GCLOUD, GSUTIL
from blastradius.families.containers.grammar import CONTAINERS
from blastradius.families.git.grammar import GIT
from blastradius.families.helm.grammar import HELM
from blastradius.families.terraform.grammar import TERRAFORM


__all__ = ["TOOL_SPECS"]


TOOL_SPECS: Mapping[str, CliSpec] = group_specs(
    [
        (("helm",), HELM),
        (("git",), GIT),
        (("terraform", "tofu", "opentofu"), TERRAFORM),
        (
            (
                "docker",
                "podman",
                "nerdctl",
                "docker-compose",
                "podman-compose",
            ),
            CONTAINERS,
        ),
        (("aws",), AWS),
        (("gcloud",), GCLOUD),
        (("gsutil",), GSUTIL),
        (("az",), AZ),
    ]
)
"""Every tool table by program name."""
