"""
Hypothesis strategies for the commands containers start with, built from
the real option tables of the wrapper rows (``docker run``) and from the
hard-rule commands of other tests' tables.
"""

from __future__ import annotations

from hypothesis import strategies as st
from tests.strategies_kubectl import names
from tests.test_analyzers_shell import TABLE
from tests.test_kubectl import DELETE_NS_PROD

import blastradius

from blastradius import Tier
from blastradius._shell._wrappers import WRAPPERS_BY_NAME, Subcommand


__all__ = [
    "DOCKER_RUN",
    "HARD_COMMANDS",
    "container_wraps",
    "images",
    "run_options",
]


def _docker_run() -> Subcommand:
    row = WRAPPERS_BY_NAME["docker"]
    return next(s for s in row.subs if s.short_flags is not None)


DOCKER_RUN = _docker_run()
"""The ``docker run`` row of the wrapper table."""

HARD_COMMANDS = tuple(
    cmd
    for cmd in (
        *(cmd for cmd, tier, _rule in TABLE if tier is Tier.BLOCKED),
        *DELETE_NS_PROD,
    )
    if blastradius.score(cmd).tier is Tier.BLOCKED
)
"""Commands other tests' tables expect to be blocked (and that are)."""

images = st.sampled_from(
    (
        "alpine",
        "ubuntu:22.04",
        "registry.local:5000/team/app:1.2",
        "ghcr.io/org/tool@sha256:0123abcd",
        "nginx",
    )
)
"""Image references of every shape (tag, registry port, digest)."""

_VALUE = names
"""Option values: plain lower-case names (never an option)."""

_SHORT_VALUES = tuple(DOCKER_RUN.short_values)
_SHORT_FLAGS = tuple(DOCKER_RUN.short_flags or "")
# --entrypoint changes the program, not where IMAGE is
_LONG_VALUES = tuple(sorted(DOCKER_RUN.long_values - DOCKER_RUN.program_opts))
_LONG_FLAGS = tuple(sorted(DOCKER_RUN.long_flags))

run_option = st.one_of(
    st.sampled_from(_LONG_FLAGS).map(lambda o: (o,)),
    st.tuples(
        st.sampled_from(_LONG_FLAGS), st.sampled_from(("true", "false"))
    ).map(lambda t: (f"{t[0]}={t[1]}",)),
    st.tuples(st.sampled_from(_LONG_VALUES), _VALUE),
    st.tuples(st.sampled_from(_LONG_VALUES), _VALUE).map(
        lambda t: (f"{t[0]}={t[1]}",)
    ),
    st.lists(st.sampled_from(_SHORT_FLAGS), min_size=1, max_size=3).map(
        lambda fs: ("-" + "".join(fs),)
    ),
    st.tuples(
        st.lists(st.sampled_from(_SHORT_FLAGS), max_size=2),
        st.sampled_from(_SHORT_VALUES),
        _VALUE,
    ).map(lambda t: ("-" + "".join(t[0]) + t[1], t[2])),
    st.tuples(st.sampled_from(_SHORT_VALUES), _VALUE).map(
        lambda t: ("-" + t[0] + t[1],)
    ),
)
"""One ``docker run`` option from the table, as the words it is written as:
flags (``--rm``, ``--rm=false``, ``-it``), valued options (``--name x``,
``--name=x``, ``-v x``, ``-itv x``, ``-vx``)."""

run_options = st.lists(run_option, max_size=5).map(
    lambda units: [w for unit in units for w in unit]
)
"""Several ``docker run`` options, flattened into words."""


def container_wraps(image: str) -> tuple[str, ...]:
    """
    Templates (``{}`` is the command) that start a container with a
    command: ``docker run``, ``podman run``, ``kubectl debug --``,
    ``kubectl run --command --``, ``kubectl create job --``.
    """
    return (
        f"docker run --rm {image} {{}}",
        f"podman container run -it {image} {{}}",
        f"kubectl debug web-0 -it --image={image} -- {{}}",
        f"kubectl run x --image={image} --restart=Never --command -- {{}}",
        f"kubectl create job j --image={image} -- {{}}",
    )
