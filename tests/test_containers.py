"""
The containers family (`blastradius.families.containers`: docker, podman,
nerdctl and their compose tools): commands written from the Docker CLI
reference with the tier and the rule id they must give.
"""

from __future__ import annotations

import pytest

from tests.helpers import check_case

from blastradius import Tier


A, H, D, B = Tier.AUTO, Tier.HUMAN, Tier.DUAL, Tier.BLOCKED


CONTAINER_CASES = [
    ("docker ps -a", A, "containers.read"),
    ("docker images", A, "containers.read"),
    ("docker inspect web", A, "containers.read"),
    ("docker logs -f web", A, "containers.read"),
    ("docker version", A, "containers.read"),
    ("docker volume ls", A, "containers.read"),
    ("docker compose ps", A, "containers.read"),
    ("podman ps", A, "containers.read"),
    ("docker build -t app .", A, "containers.local"),
    ("docker pull nginx", A, "containers.local"),
    ("docker run --rm alpine echo hi", H, "containers.run"),
    ("docker stop web", H, "containers.stop"),
    ("docker kill web", H, "containers.kill"),
    ("docker exec web ls", H, "containers.exec"),
    ("docker rm web", H, "containers.rm"),
    ("docker rm -f web", H, "containers.rm.force"),
    ("docker rmi -f app:1", H, "containers.rmi.force"),
    ("docker container prune -f", H, "containers.container.prune"),
    ("docker volume rm data", D, "containers.volume.rm"),
    ("docker volume prune -af", D, "containers.volume.prune.all"),
    ("docker system prune", H, "containers.system.prune"),
    (
        "docker system prune -a --volumes -f",
        D,
        "containers.system.prune.volumes",
    ),
    ("podman system reset -f", D, "containers.system.reset"),
    ("docker compose down", H, "containers.compose.down"),
    (
        "docker compose -f prod.yml down -v",
        D,
        "containers.compose.down.volumes",
    ),
    ("docker-compose down --volumes", D, "containers.compose.down.volumes"),
    (
        "docker run --privileged -v /:/host alpine",
        D,
        "containers.run.host-root-mount",
    ),
    ("docker run --privileged alpine", D, "containers.run.privileged"),
    (
        "docker run -v /var/run/docker.sock:/var/run/docker.sock img",
        D,
        "containers.run.engine-socket",
    ),
    ("docker run --pid=host alpine", H, "containers.run.host-pid"),
    ("docker run --net=host alpine", H, "containers.run.host-namespace"),
    ("docker run --network host alpine", H, "containers.run.host-namespace"),
    (
        "nerdctl run --mount type=bind,source=/,target=/h img",
        D,
        "containers.run.host-root-mount",
    ),
    ("docker frob", H, "containers.unknown"),
]


class TestContainers:
    @pytest.mark.parametrize(("argv", "tier", "rule"), CONTAINER_CASES)
    def test_table(self, argv: str, tier: Tier, rule: str) -> None:
        """
        Each docker / podman / nerdctl command from the Docker CLI
        reference gets its tier and rule id.
        """
        check_case(argv, tier, rule)
