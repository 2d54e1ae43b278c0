"""
The command grammar of the git family: how each program spells its
options (which take a value, dry-run and target options), over the rows
of `blastradius.families.git.rules`.
"""

from __future__ import annotations

from blastradius.families._clispec import CliSpec
from blastradius.families.git.rules import GIT_RULES


__all__ = [
    "GIT",
]


# -- git --
# git-scm.com/docs/git: global options -C <path>, -c <name>=<value>,
# --git-dir, --work-tree, --namespace, --config-env. git-push: -f/--force,
# "+<refspec>" forces that ref, ":<dst>" / -d/--delete deletes it,
# --force-with-lease refuses to overwrite unseen remote work.
# git-config: the keys below name programs git runs.
GIT = CliSpec(
    family="git",
    abbrev=True,
    value_opts={
        "-C",
        "-c",
        "--git-dir",
        "--work-tree",
        "--namespace",
        "--config-env",
        "--super-prefix",
        "-o",
        "--push-option",
        "--repo",
    },
    rules=GIT_RULES,
)
