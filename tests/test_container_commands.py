"""
The command a container is started with is a command that runs: ``docker
run IMAGE CMD``, ``podman run``, ``kubectl debug … -- CMD``, ``kubectl run
… --command -- CMD``, ``kubectl create job|cronjob|deployment … -- CMD``
are unwrapped by the shell layer like ``kubectl exec`` and ``docker exec``:
CMD is analysed (every hard rule in it fires) while the outer command keeps
its own findings.

The tables are written from the tools' own documentation: ``docker run
--help`` / docs.docker.com/reference/cli/docker/container/run (``docker
run [OPTIONS] IMAGE [COMMAND] [ARG...]``, ``--entrypoint``), ``kubectl run
--help`` ("``--command``: use them as the 'command' field in the container,
rather than the 'args' field which is the default"), ``kubectl debug
--help`` (``[ -- COMMAND [args...] ]``, ``--arguments-only``), ``kubectl
create job|cronjob|deployment --help`` (``-- [COMMAND] [args...]``).
"""

from __future__ import annotations

import shlex
import time

import pytest

from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import SHELL_READ_ONLY as READ_ONLY
from tests.strategies import (
    DOCKER_RUN,
    HARD_COMMANDS,
    container_wraps,
    images,
    rm_recursive_force_argv,
    run_options,
    simple_argv,
)

import blastradius

from blastradius import Tier
from blastradius._shell import parse
from blastradius._shell._unwrap import container_image
from blastradius._shell._wrappers import (
    CONTAINER_VIAS,
    MAX_READINGS,
    WRAPPERS_BY_NAME,
)
from blastradius._shell._wrappers import WRAPPERS as ROWS


A, H, D, B = Tier.AUTO, Tier.HUMAN, Tier.DUAL, Tier.BLOCKED

# (command, tier, rule ids that must all be among the findings)
TABLE = [
    # the gap this closes: the inner command is analysed
    ("kubectl exec mypod -- rm -rf /", B, {"kubectl.exec"}),
    ("docker exec c rm -rf /", B, {"containers.exec"}),
    (
        "kubectl debug mypod -it --image=busybox -- rm -rf /",
        B,
        {"kubectl.debug", "shell.rm.recursive-force"},
    ),
    (
        "kubectl run x --image=busybox --restart=Never --command -- rm -rf /",
        B,
        {"kubectl.run", "shell.rm.recursive-force"},
    ),
    (
        "docker run --rm alpine rm -rf /",
        B,
        {"containers.run", "shell.rm.recursive-force"},
    ),
    (
        "docker run --rm -v /:/host alpine rm -rf /host",
        B,
        {"containers.run.host-root-mount", "shell.rm.recursive-force"},
    ),
    (
        'podman run -it --privileged ubuntu bash -c "rm -rf /"',
        B,
        {"containers.run.privileged", "shell.rm.recursive-force"},
    ),
    # kubectl's own examples (kubectl <cmd> --help), with a command
    (
        "kubectl create job my-job --image=busybox -- date",
        H,
        {"kubectl.create.job", "shell.date"},
    ),
    (
        (
            'kubectl create cronjob my-job --image=busybox --schedule="*/1 * * * *"'
            " -- date"
        ),
        H,
        {"kubectl.create.cronjob", "shell.date"},
    ),
    (
        "kubectl create deployment my-dep --image=busybox -- date",
        H,
        {"kubectl.create.deployment", "shell.date"},
    ),
    (
        (
            "kubectl create cj my-job --image=busybox --schedule=@daily"
            " -- rm -rf /data"
        ),
        B,
        {"kubectl.create.cronjob", "shell.rm.recursive-force"},
    ),
    (
        "kubectl create deploy d --image=busybox -- dd if=/dev/zero of=/dev/sda",
        B,
        {"kubectl.create.deployment", "shell.dd.block-device"},
    ),
    ("kubectl debug mypod -it --image=busybox", H, {"kubectl.debug"}),
    (
        (
            "kubectl -n prod debug node/n1 -it --image=busybox"
            " -- chroot /host rm -rf /"
        ),
        B,
        {"kubectl.debug.node", "shell.rm.recursive-force"},
    ),
    (
        (
            "kubectl debug mypod --image=busybox"
            " -- sh -c 'psql -c \"DROP TABLE users\"'"
        ),
        B,
        {"kubectl.debug", "sql.drop-table"},
    ),
    (
        "oc run x --image=busybox --command -- rm -rf /",
        B,
        {"shell.rm.recursive-force"},
    ),
    # without --command the words are the container's args: an image with
    # no ENTRYPOINT (busybox) runs them; with one, the program is unknown
    (
        "kubectl run x --image=busybox --restart=Never -- rm -rf /",
        B,
        {"shell.rm.recursive-force", "shell.dynamic-program.unknown"},
    ),
    (
        "kubectl run x --image=busybox --command=false -- rm -rf /",
        B,
        {"shell.rm.recursive-force"},
    ),
    (
        "kubectl run x --image=busybox -n dev -- echo hi",
        H,
        {"kubectl.run", "shell.dynamic-program.unknown"},
    ),
    (
        "kubectl run k --image=bitnami/kubectl -- delete ns prod",
        B,
        {"kubectl.delete.namespace"},
    ),
    (
        "kubectl debug mypod --image=busybox --arguments-only -- rm -rf /",
        B,
        {"shell.rm.recursive-force", "shell.dynamic-program.unknown"},
    ),
    # a dry run creates nothing: nothing runs
    (
        "kubectl run x --image=busybox --dry-run=client --command -- rm -rf /",
        A,
        {"kubectl.dry-run"},
    ),
    (
        "kubectl create job x --image=busybox --dry-run=server -- rm -rf /",
        A,
        {"kubectl.dry-run"},
    ),
    # docker's own examples (docs.docker.com/reference/cli/docker/container/run)
    ("docker run --name test -d nginx:alpine", H, {"containers.run"}),
    (
        "docker run --net mynet busybox:latest ping test",
        H,
        {"containers.run", "shell.read-only"},
    ),
    (
        'docker run --cidfile /tmp/docker_test.cid ubuntu echo "test"',
        H,
        {"containers.run", "shell.read-only"},
    ),
    ("docker run --rm -it --pid=host alpine", H, {"containers.run.host-pid"}),
    (
        "docker run -it --rm --entrypoint /bin/bash example/redis",
        H,
        {"containers.run"},
    ),
    # --entrypoint is the program; the words after IMAGE its arguments
    (
        "docker run --entrypoint sh alpine -c 'rm -rf /'",
        B,
        {"shell.rm.recursive-force"},
    ),
    (
        """docker run --entrypoint '["/bin/sh","-c"]' alpine 'rm -rf /'""",
        B,
        {"shell.rm.recursive-force"},
    ),
    ("docker run --entrypoint= alpine rm -rf /", B, {"shell.rm.root"}),
    # an image's ENTRYPOINT named by the image
    (
        "docker run --rm bitnami/kubectl:1.32 delete ns prod",
        B,
        {"kubectl.delete.namespace"},
    ),
    (
        "docker run --rm bash:5 -c 'rm -rf /'",
        B,
        {"shell.rm.recursive-force"},
    ),
    # spellings: container run, podman, nerdctl, global options, --, sudo
    (
        "docker container run --rm alpine rm -rf /",
        B,
        {"containers.run", "shell.rm.recursive-force"},
    ),
    (
        "docker -H tcp://h:2375 run -e A=1 -w /x -u 0 -itv /d:/d alpine rm -rf /",
        B,
        {"shell.rm.recursive-force"},
    ),
    ("nerdctl run --rm alpine rm -rf /", B, {"shell.rm.recursive-force"}),
    ("docker run --rm -- alpine rm -rf /", B, {"shell.rm.recursive-force"}),
    ("sudo docker run --rm alpine rm -rf /", B, {"shell.rm.recursive-force"}),
    (
        "podman run --pod p --tz UTC --secret s alpine rm -rf /",
        B,
        {"shell.rm.recursive-force"},
    ),
    # an option the table does not know: IMAGE may be either word
    (
        "docker run --frobnicate bar alpine rm -rf /",
        B,
        {"shell.rm.recursive-force", "shell.dynamic-program.unknown"},
    ),
    ("docker run -Z bar alpine rm -rf /", B, {"shell.rm.recursive-force"}),
    # docker create does not run the command
    ("docker create alpine rm -rf /", H, {"containers.create"}),
    # words after IMAGE are the command's, not docker's options
    ("docker run --rm alpine ls -v /", H, {"containers.run"}),
    ("docker run --rm alpine echo --privileged", H, {"containers.run"}),
    # harmless inner commands stay where the container start is
    ("docker run --rm alpine echo hi", H, {"containers.run"}),
    ("docker run --rm alpine", H, {"containers.run"}),
]


def _rules(cmd: str) -> set[str]:
    return {f.rule for f in blastradius.score(cmd).findings}


class TestTable:
    @pytest.mark.parametrize(("cmd", "tier", "rules"), TABLE)
    def test_tier_and_rules(
        self, cmd: str, tier: Tier, rules: set[str]
    ) -> None:
        """Each documented command gets its tier and rule ids."""
        a = blastradius.score(cmd)
        assert a.tier is tier, (cmd, a.score, a.reasons)
        assert rules <= _rules(cmd), (cmd, a.reasons)

    @pytest.mark.parametrize(
        "rule",
        [
            "containers.run.privileged",
            "containers.run.host-root-mount",
            "containers.run.cap-add",
        ],
    )
    def test_words_after_image_are_not_options(self, rule: str) -> None:
        """--privileged, -v /:/h, --cap-add after IMAGE are CMD's words."""
        cmd = "docker run --rm alpine echo --privileged -v /:/h --cap-add all"
        assert rule not in _rules(cmd)
        before = "docker run --privileged -v /:/h --cap-add all alpine echo"
        assert rule in _rules(before)

    def test_harmless_inner_commands_stay_low(self) -> None:
        """A read-only CMD never scores above starting the container."""
        for base in (
            "docker run --rm alpine",
            "podman run -it ubuntu:22.04",
            "kubectl debug mypod -it --image=busybox --",
            "kubectl run x --image=busybox --command --",
            "kubectl create job j --image=busybox --",
        ):
            floor = blastradius.score(base).score
            for cmd in READ_ONLY:
                wrapped = blastradius.score(f"{base} {cmd}")
                assert wrapped.score <= max(floor, 11), (base, cmd)
                assert wrapped.tier <= max(
                    blastradius.score(base).tier, Tier.HUMAN
                )


class TestStructure:
    def test_via_labels(self) -> None:
        """Each subcommand labels its inner command; the outer is kept."""
        cases = {
            "kubectl debug p --image=b -- ls": ("kubectl debug",),
            "kubectl run x --image=b --command -- ls": ("kubectl run",),
            "kubectl create job j --image=b -- ls": ("kubectl create job",),
            "kubectl create cj j --image=b --schedule=@daily -- ls": (
                "kubectl create cronjob",
            ),
            "kubectl create deploy d --image=b -- ls": (
                "kubectl create deployment",
            ),
            "docker run alpine ls": ("docker run",),
            "podman container run alpine ls": ("docker run",),
            "docker container exec c ls": ("docker exec",),
        }
        for text, via in cases.items():
            commands = parse(text).commands
            assert commands[0].via == ()
            assert commands[0].argv == tuple(shlex.split(text))
            inner = [c for c in commands if c.argv == ("ls",)]
            assert [c.via for c in inner] == [via], text
            assert set(via) <= CONTAINER_VIAS

    def test_entrypoint_reading_is_dynamic(self) -> None:
        """Words given to an ENTRYPOINT: the image names a dynamic program."""
        commands = parse(
            "docker run reg:5000/team/app:1@sha256:ab x y"
        ).commands
        dynamic = [c for c in commands if c.dynamic and c.dynamic[0]]
        assert [(c.argv, c.dynamic) for c in dynamic] == [
            (("app", "x", "y"), (True, False, False))
        ]
        assert ("x", "y") in [c.argv for c in commands]

    def test_command_flag_means_no_entrypoint_reading(self) -> None:
        """--command / --entrypoint / kubectl create: the words are CMD."""
        for text in (
            "kubectl run x --image=b --command -- ls",
            "kubectl run x --image=b --command=true -- ls",
            "kubectl create job j --image=b -- ls",
            "kubectl debug p --image=b -- ls",
            "docker run --entrypoint ls alpine",
        ):
            commands = parse(text).commands
            assert not any(c.dynamic and c.dynamic[0] for c in commands), text
            assert ("ls",) in [c.argv for c in commands], text

    def test_dry_run_runs_nothing(self) -> None:
        """With --dry-run (not =none) only the kubectl command is left."""
        for flag in ("--dry-run", "--dry-run=client", "--dry-run=server"):
            text = f"kubectl run x --image=b {flag} --command -- ls"
            assert len(parse(text).commands) == 1
        text = "kubectl run x --image=b --dry-run=none --command -- ls"
        assert ("ls",) in [c.argv for c in parse(text).commands]

    def test_without_dash_dash(self) -> None:
        """run/create take CMD after NAME; debug takes more targets."""
        assert ("sleep", "5") in [
            c.argv for c in parse("kubectl run x --image=b sleep 5").commands
        ]
        assert len(parse("kubectl debug p q --image=b").commands) == 1
        assert len(parse("kubectl run x --image=b").commands) == 1
        assert len(parse("docker run --rm alpine").commands) == 1

    def test_other_subcommands_untouched(self) -> None:
        """kubectl get / docker ps / docker create stay one command."""
        for text in (
            "kubectl get pods -- rm -rf /",
            "kubectl create ns run",
            "docker ps -a",
            "docker create alpine rm -rf /",
            "docker compose run web rm",
        ):
            assert len(parse(text).commands) == 1, text

    def test_ambiguous_image_reads_each_position(self) -> None:
        """An unknown option: IMAGE is the next word or the one after."""
        commands = parse("docker run --frob a b c").commands
        plain = {c.argv for c in commands if c.via and not c.dynamic[0]}
        assert plain == {("b", "c"), ("c",)}

    def test_ambiguity_is_bounded(self) -> None:
        """Many unknown options: at most MAX_READINGS positions are read."""
        text = "docker run " + "--x " * 50 + "alpine ls"
        plain = [c for c in parse(text).commands if c.via and not c.dynamic[0]]
        assert 1 <= len(plain) <= MAX_READINGS

    def test_nested_ambiguity_stays_linear(self, untraced: None) -> None:
        """Nested ambiguous runs multiply readings once per input only."""
        text = "docker run --x a " * 60 + "rm -rf /"
        start = time.perf_counter()
        a = blastradius.score(text)
        assert time.perf_counter() - start < 2.0
        assert a.tier is B
        assert len(a.commands) < 4 * 60
        # deeper than MAX_WRAPPERS: unfinished, never below HUMAN
        deep = blastradius.score("docker run --x a " * 500 + "rm -rf /")
        assert deep.tier >= H

    def test_container_image(self) -> None:
        """container_image finds IMAGE for run and create, else -1."""
        assert container_image(["docker", "run", "-it", "alpine", "sh"]) == 3
        assert container_image(["podman", "container", "create", "a"]) == 3
        assert container_image(["docker", "--context", "c", "run", "a"]) == 4
        assert container_image(["docker", "run", "--frob", "a", "b"]) == 4
        assert container_image(["docker", "run", "--rm"]) == -1
        assert container_image(["docker", "exec", "c", "sh"]) == -1
        assert container_image(["ls", "run", "a"]) == -1
        assert container_image([]) == -1
        assert container_image(["docker", "run", "--x", "--y", "a"]) == 4
        many = ["docker", "run", *(["--x", "v"] * 10), "a"]
        assert container_image(many) == -1

    def test_option_tables_are_disjoint(self) -> None:
        """No docker run option is both a flag and valued."""
        assert not DOCKER_RUN.long_values & DOCKER_RUN.long_flags
        assert not set(DOCKER_RUN.short_values) & set(
            DOCKER_RUN.short_flags or ""
        )
        assert all(o.startswith("--") for o in DOCKER_RUN.long_values)
        assert WRAPPERS_BY_NAME["podman"] is WRAPPERS_BY_NAME["docker"]

    def test_subcommands_derived(self) -> None:
        """A row's fast-test words are the first words of its subcommands."""
        for row in ROWS:
            assert row.subcommands == {w for s in row.subs for w in s.path[0]}
        assert {"exec", "run", "debug", "create"} <= (
            WRAPPERS_BY_NAME["kubectl"].subcommands
        )


def _inner(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The commands run inside the container (not the outer one)."""
    return sorted((c.argv, c.via) for c in parse(text).commands if c.via)


class TestProperties:
    @given(
        st.sampled_from(HARD_COMMANDS),
        images,
        st.integers(min_value=0, max_value=4),
    )
    def test_wrapping_never_lowers(
        self, cmd: str, image: str, which: int
    ) -> None:
        """A blocked command started in a container is still blocked."""
        template = container_wraps(image)[which]
        for inner in (cmd, f"sh -c {shlex.quote(cmd)}"):
            text = template.replace("{}", inner)
            assert blastradius.score(text).tier is B, text

    @given(
        rm_recursive_force_argv(),
        images,
        st.integers(min_value=0, max_value=4),
    )
    def test_rm_rf_spellings_blocked(
        self, argv: list[str], image: str, which: int
    ) -> None:
        """Every spelling of rm -rf, as a container's command, is blocked."""
        template = container_wraps(image)[which]
        text = template.replace("{}", shlex.join(argv))
        assert blastradius.score(text).tier is B, text

    def test_every_hard_command_every_wrap(self) -> None:
        """All of them, exhaustively, with one image."""
        assert len(HARD_COMMANDS) > 20
        for template in container_wraps("alpine"):
            for cmd in HARD_COMMANDS:
                text = template.replace("{}", f"sh -c {shlex.quote(cmd)}")
                assert blastradius.score(text).tier is B, text

    @given(run_options, images, simple_argv())
    def test_options_never_move_the_command(
        self, options: list[str], image: str, argv: tuple[str, ...]
    ) -> None:
        """Options from the table before IMAGE never change the command."""
        cmd = " ".join(argv)
        plain = _inner(f"docker run {image} {cmd}")
        with_options = _inner(f"docker run {' '.join(options)} {image} {cmd}")
        assert with_options == plain, options
        argvs = [c.argv for c in parse(f"docker run {image} {cmd}").commands]
        assert argv in argvs or argv[0] in WRAPPERS_BY_NAME

    @given(run_options, images, simple_argv())
    def test_image_position(
        self, options: list[str], image: str, argv: tuple[str, ...]
    ) -> None:
        """container_image points at IMAGE whatever the options."""
        words = ["docker", "run", *options, image, *argv]
        assert container_image(words) == 2 + len(options)
