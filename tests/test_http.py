"""
Tests for raw API calls: curl, wget, HTTPie and xh.

Method and option handling follow curl's manual (curl.se/docs/manpage.html:
``-X/--request``, ``-d/--data*`` imply POST, ``-T`` PUT, ``-I`` HEAD, ``-G``
GET), GNU Wget's manual (``--method``, ``--post-data``) and HTTPie's docs
(``http [METHOD] URL [ITEM ...]``, data items imply POST). Kubernetes API
paths follow kubernetes.io/docs/reference/using-api/api-concepts/
(``/api/v1/namespaces/{ns}/{resource}/{name}``,
``/apis/{group}/{version}/...``, collection DELETE = deletecollection).
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from hypothesis import given
from hypothesis import strategies as st

import blastradius

from blastradius import Finding, SimpleCommand, Tier
from blastradius.analyzers import DEFAULT_REGISTRY, Analyzer, Context
from blastradius.families.http import analyzer as http
from blastradius.families.http.rules import RULES, RULES_BY_ID


MAPPINGS: tuple[tuple[str, str, list[str] | None], ...] = (
    (
        "DELETE",
        "https://k8s:6443/api/v1/namespaces/prod",
        ["kubectl", "delete", "namespaces", "prod"],
    ),
    (
        "DELETE",
        "https://10.0.0.1:6443/api/v1/namespaces/prod/pods/x",
        ["kubectl", "delete", "pods", "x", "-n", "prod"],
    ),
    (
        "DELETE",
        "/apis/apps/v1/namespaces/prod/deployments/api",
        ["kubectl", "delete", "deployments", "api", "-n", "prod"],
    ),
    ("DELETE", "/api/v1/nodes/n1", ["kubectl", "delete", "nodes", "n1"]),
    (
        "DELETE",
        "/apis/rbac.authorization.k8s.io/v1/clusterroles/x",
        ["kubectl", "delete", "clusterroles", "x"],
    ),
    (
        "DELETE",
        "/api/v1/namespaces/prod/pods",
        ["kubectl", "delete", "pods", "--all", "-n", "prod"],
    ),
    (
        "DELETE",
        "/apis/apps/v1/namespaces/prod/deployments?labelSelector=app%3Dweb",
        ["kubectl", "delete", "deployments", "-l", "app=web", "-n", "prod"],
    ),
    (
        "DELETE",
        "/api/v1/namespaces/prod/pods/x?gracePeriodSeconds=0",
        ["kubectl", "delete", "pods", "x", "--grace-period=0", "-n", "prod"],
    ),
    (
        "DELETE",
        "/api/v1/namespaces/prod/pods/x?dryRun=All",
        ["kubectl", "delete", "pods", "x", "--dry-run=server", "-n", "prod"],
    ),
    (
        "DELETE",
        "/apis/apps/v1/namespaces/a/deployments/d?propagationPolicy=Orphan",
        [
            "kubectl",
            "delete",
            "deployments",
            "d",
            "--cascade=orphan",
            "-n",
            "a",
        ],
    ),
    (
        "GET",
        "/api/v1/namespaces/prod/pods",
        ["kubectl", "get", "pods", "-n", "prod"],
    ),
    ("GET", "/api/v1/pods", ["kubectl", "get", "pods", "-A"]),
    ("GET", "/api/v1/nodes", ["kubectl", "get", "nodes"]),
    (
        "GET",
        "/api/v1/watch/namespaces/a/pods",
        ["kubectl", "get", "pods", "--watch", "-n", "a"],
    ),
    (
        "PATCH",
        "/apis/apps/v1/namespaces/prod/deployments/api",
        ["kubectl", "patch", "deployments", "api", "-n", "prod"],
    ),
    (
        "PUT",
        "/api/v1/namespaces/prod/configmaps/c",
        ["kubectl", "replace", "configmaps", "c", "-n", "prod"],
    ),
    (
        "POST",
        "/api/v1/namespaces/prod/secrets",
        ["kubectl", "create", "secrets", "-n", "prod"],
    ),
    (
        "PUT",
        "/apis/apps/v1/namespaces/prod/deployments/api/scale",
        ["kubectl", "scale", "deployments", "api", "-n", "prod"],
    ),
    (
        "POST",
        "/api/v1/namespaces/prod/pods/p/eviction",
        ["kubectl", "delete", "pods", "p", "-n", "prod"],
    ),
    (
        "POST",
        "/api/v1/namespaces/prod/pods/p/exec?command=rm&command=-rf&command=%2F",
        ["kubectl", "exec", "p", "-n", "prod", "--", "rm", "-rf", "/"],
    ),
    (
        "DELETE",
        "/apis/cert-manager.io/v1/namespaces/a/certificates/c",
        ["kubectl", "delete", "certificates.cert-manager.io", "c", "-n", "a"],
    ),
    ("GET", "/api/v1", ["kubectl", "api-resources"]),
    # not Kubernetes API paths
    ("DELETE", "https://shop.example/api/v1/users/3", None),
    ("GET", "https://example.org/", None),
    ("GET", "https://example.org/apis", None),
)


class TestKubectlMapping:
    @pytest.mark.parametrize(
        ("method", "url", "argv"),
        MAPPINGS,
        ids=[f"{m} {u}" for m, u, _ in MAPPINGS],
    )
    def test_mapping(
        self, method: str, url: str, argv: list[str] | None
    ) -> None:
        """
        A Kubernetes API request maps to the kubectl command it performs.
        """
        assert http.kubectl_argv(method, url) == argv

    @pytest.mark.parametrize(
        ("curl", "kubectl"),
        [
            (
                [
                    "curl",
                    "-X",
                    "DELETE",
                    "https://k8s:6443/api/v1/namespaces/prod",
                ],
                ["kubectl", "delete", "ns", "prod"],
            ),
            (
                [
                    "curl",
                    "-XDELETE",
                    "-k",
                    "https://k8s:6443/api/v1/namespaces/kube-system/pods/etcd-0",
                ],
                ["kubectl", "delete", "pod", "etcd-0", "-n", "kube-system"],
            ),
            (
                [
                    "curl",
                    "--request=PATCH",
                    "https://k8s:6443/apis/apps/v1/namespaces/dev/deployments/web",
                    "-d",
                    "{}",
                ],
                ["kubectl", "patch", "deployment", "web", "-n", "dev"],
            ),
            (
                ["curl", "-s", "https://k8s:6443/api/v1/namespaces/prod/pods"],
                ["kubectl", "get", "pods", "-n", "prod"],
            ),
            (
                ["http", "DELETE", "k8s:6443/api/v1/nodes/n1"],
                ["kubectl", "delete", "node", "n1"],
            ),
            (
                [
                    "wget",
                    "--method=DELETE",
                    "https://k8s:6443/apis/apps/v1/namespaces/prod/deployments/api",
                ],
                ["kubectl", "delete", "deployment", "api", "-n", "prod"],
            ),
        ],
    )
    def test_scores_like_kubectl(
        self, curl: list[str], kubectl: list[str]
    ) -> None:
        """
        A raw API call scores exactly like the kubectl command it performs.
        """
        raw = blastradius.score(curl)
        direct = blastradius.score(kubectl)
        assert raw.tier is direct.tier, (raw.reasons, direct.reasons)
        assert raw.score == direct.score
        assert "http.kubernetes-api" in {f.rule for f in raw.findings}

    def test_delete_namespace_is_blocked(self) -> None:
        """
        ``curl -X DELETE …/api/v1/namespaces/prod`` is blocked like
        ``kubectl delete ns prod``, and the command is analysed via curl.
        """
        got = blastradius.score(
            "curl -X DELETE https://k8s:6443/api/v1/namespaces/prod"
        )
        assert got.tier is Tier.BLOCKED
        nested = [c for c in got.commands if c.program == "kubectl"]
        assert nested
        assert nested[0].via[-1] == "curl"

    def test_mapping_is_what_kubectl_sees(self) -> None:
        """
        The analyzer hands exactly the mapped argv to the kubectl analyzer.
        """
        seen: list[tuple[str, ...]] = []

        def record(cmd: SimpleCommand, ctx: Context) -> Iterable[Finding]:
            seen.append(cmd.argv)
            return ()

        registry: dict[str, Analyzer] = {**DEFAULT_REGISTRY, "kubectl": record}
        blastradius.score(
            ["curl", "-X", "DELETE", "https://k8s/api/v1/namespaces/a/pods/p"],
            registry=registry,
        )
        assert seen == [("kubectl", "delete", "pods", "p", "-n", "a")]


REQUESTS: tuple[tuple[tuple[str, ...], list[tuple[str, str]]], ...] = (
    (("curl", "https://x/a"), [("GET", "https://x/a")]),
    (("curl", "-X", "DELETE", "https://x/a"), [("DELETE", "https://x/a")]),
    (("curl", "-XPUT", "https://x/a"), [("PUT", "https://x/a")]),
    (
        ("curl", "--request", "patch", "https://x/a"),
        [("PATCH", "https://x/a")],
    ),
    (("curl", "-d", "a=1", "https://x/a"), [("POST", "https://x/a")]),
    (
        ("curl", "--data-binary", "@f", "https://x/a"),
        [("POST", "https://x/a")],
    ),
    (("curl", "--json", "{}", "https://x/a"), [("POST", "https://x/a")]),
    (("curl", "-F", "f=@x", "https://x/a"), [("POST", "https://x/a")]),
    (("curl", "-G", "-d", "q=1", "https://x/a"), [("GET", "https://x/a")]),
    (("curl", "-T", "file", "https://x/a"), [("PUT", "https://x/a")]),
    (("curl", "-I", "https://x/a"), [("HEAD", "https://x/a")]),
    (
        ("curl", "-H", "X-A: b", "-u", "u:p", "-o", "out", "https://x/a"),
        [("GET", "https://x/a")],
    ),
    (
        ("curl", "--url", "https://x/a", "https://x/b"),
        [("GET", "https://x/a"), ("GET", "https://x/b")],
    ),
    (("curl", "-sSfL", "https://x/a"), [("GET", "https://x/a")]),
    (("wget", "https://x/a"), [("GET", "https://x/a")]),
    (("wget", "--post-data=a=1", "https://x/a"), [("POST", "https://x/a")]),
    (("wget", "--method=DELETE", "https://x/a"), [("DELETE", "https://x/a")]),
    (("http", "example.org/a"), [("GET", "example.org/a")]),
    (("http", "DELETE", "example.org/a"), [("DELETE", "example.org/a")]),
    (("http", "example.org/a", "name=x"), [("POST", "example.org/a")]),
    (("http", "example.org/a", "q==x"), [("GET", "example.org/a")]),
    (("http", "--form", "example.org/a", "f@x"), [("POST", "example.org/a")]),
    (("xh", "put", ":8080/a"), [("PUT", ":8080/a")]),
)


class TestRequests:
    @pytest.mark.parametrize(
        ("argv", "expected"), REQUESTS, ids=[" ".join(a) for a, _ in REQUESTS]
    )
    def test_method_and_url(
        self, argv: tuple[str, ...], expected: list[tuple[str, str]]
    ) -> None:
        """
        The method and URLs are read as each client's manual says.
        """
        got = [(r.method, r.url) for r in http.requests_of(argv)]
        assert got == expected


TIERS: tuple[tuple[tuple[str, ...], Tier, str], ...] = (
    (
        ("curl", "-sSL", "https://get.example/install.sh"),
        Tier.AUTO,
        "http.get",
    ),
    (
        ("curl", "-o", "x.tgz", "https://example.org/x.tgz"),
        Tier.AUTO,
        "http.download",
    ),
    (("wget", "https://example.org/x.tgz"), Tier.AUTO, "http.download"),
    (
        ("curl", "-X", "DELETE", "https://api.example/v1/items/3"),
        Tier.HUMAN,
        "http.mutating",
    ),
    (
        ("curl", "-d", "a=1", "https://api.example/v1/items"),
        Tier.HUMAN,
        "http.mutating",
    ),
    (
        ("http", "PATCH", "api.example/v1/items/3", "a=1"),
        Tier.HUMAN,
        "http.mutating",
    ),
    (("curl", "-K", "curl.cfg"), Tier.HUMAN, "http.config.unknown"),
    (("wget", "-i", "urls.txt"), Tier.HUMAN, "http.config.unknown"),
    (("curl",), Tier.HUMAN, "http.url.unknown"),
    (
        ("curl", "-X", "DELETE", "https://k8s:6443/api/v1/namespaces/prod"),
        Tier.BLOCKED,
        "http.kubernetes-api",
    ),
)


class TestTiers:
    @pytest.mark.parametrize(
        ("argv", "tier", "rule"), TIERS, ids=[" ".join(a) for a, _, _ in TIERS]
    )
    def test_tier(self, argv: tuple[str, ...], tier: Tier, rule: str) -> None:
        """
        Reads are low, changes need a human, unknowns are floored.
        """
        got = blastradius.score(list(argv))
        assert rule in {f.rule for f in got.findings}, got.reasons
        assert got.tier is tier, got.reasons

    def test_dynamic_url(self) -> None:
        """
        A URL only known at run time is unknown.
        """
        cmd = SimpleCommand(
            argv=["curl", "-X", "DELETE", "$URL"],
            dynamic=[False, False, False, True],
        )
        rules = set()
        for finding in http.ANALYZERS["curl"](cmd, _Ctx()):
            assert isinstance(finding, Finding)
            rules.add(finding.rule)
        assert "http.url.unknown" in rules

    @given(
        st.sampled_from(
            ["-s", "-S", "-L", "-k", "-v", "--compressed", "-sSL"]
        ),
        st.sampled_from([t[0] for t in TIERS if t[0][0] == "curl"]),
    )
    def test_quiet_flags_never_change_the_score(
        self, flag: str, argv: tuple[str, ...]
    ) -> None:
        """
        Output and TLS flags never change a request's score.
        """
        plain = blastradius.score(list(argv))
        flagged = blastradius.score([argv[0], flag, *argv[1:]])
        assert flagged.score == plain.score

    @given(
        st.text(max_size=60),
        st.sampled_from(["GET", "DELETE", "PATCH", "PUT", "POST"]),
    )
    def test_total(self, url: str, method: str) -> None:
        """
        Any URL is handled without raising.
        """
        got = blastradius.score(["curl", "-X", method, url])
        assert 0 <= got.score <= 100
        http.kubectl_argv(method, url)


class _Ctx:
    policy = blastradius.Policy()

    def script(self, text: str, *, via: str) -> tuple[Finding, ...]:
        return ()

    def argv(
        self, argv: Iterable[str], *, via: str, dynamic: bool = False
    ) -> tuple[Finding, ...]:
        return ()


class TestTables:
    def test_ids(self) -> None:
        """
        Ids are unique, start with http. and unknowns end in .unknown.
        """
        ids = [r.id for r in RULES]
        assert len(ids) == len(set(ids))
        for row in RULES:
            assert row.id.startswith("http.")
            assert (row.kind.value == "unknown") == row.id.endswith(".unknown")
            assert RULES_BY_ID[row.id] is row


# Corner cases (each checked by hand against the client's documentation).
EDGE_CASES: tuple[tuple[tuple[str, ...], Tier, str], ...] = (
    (
        ("curl", "//k8s:6443/api/v1/namespaces/a/pods"),
        Tier.AUTO,
        "http.kubernetes-api",
    ),
    (
        ("curl", "-X", "FOO", "https://k8s:6443/api/v1/namespaces/a/pods/p"),
        Tier.HUMAN,
        "http.kubernetes-api",
    ),
    (
        (
            "curl",
            "-X",
            "POST",
            "https://k8s:6443/api/v1/namespaces/a/services/s/proxy/admin/reset",
        ),
        Tier.HUMAN,
        "http.kubernetes-api.unknown",
    ),
    (
        ("curl", "https://k8s:6443/api/v1/namespaces/a/services/s/proxy/"),
        Tier.HUMAN,
        "http.kubernetes-api.unknown",
    ),
    (
        ("curl", "https://k8s:6443/api/v1/namespaces/a/pods/p/log"),
        Tier.AUTO,
        "http.kubernetes-api",
    ),
    (
        (
            "curl",
            "https://k8s:6443/apis/apps/v1/namespaces/a/deployments/d/scale",
        ),
        Tier.AUTO,
        "http.kubernetes-api",
    ),
    (
        (
            "curl",
            "-X",
            "PATCH",
            "https://k8s:6443/apis/apps/v1/namespaces/a/deployments/d/status",
        ),
        Tier.HUMAN,
        "http.kubernetes-api",
    ),
    (
        ("curl", "https://k8s:6443/api/v1/namespaces/a/pods?limit=5"),
        Tier.AUTO,
        "http.kubernetes-api",
    ),
    (
        ("curl", "-X", "OPTIONS", "https://k8s:6443/api/v1/namespaces"),
        Tier.AUTO,
        "http.kubernetes-api",
    ),
    (("http",), Tier.HUMAN, "http.url.unknown"),
    (("http", "--download", "example.org/x.tgz"), Tier.AUTO, "http.download"),
    (("wget", "-O", "-", "https://x/y"), Tier.AUTO, "http.get"),
    (
        ("curl", "https://kube.internal/api/v1/users"),
        Tier.AUTO,
        "http.kubernetes-api",
    ),
    (("curl", "https://x/api/v1"), Tier.AUTO, "http.kubernetes-api"),
)


class TestEdgeCases:
    @pytest.mark.parametrize(
        ("argv", "tier", "rule"),
        EDGE_CASES,
        ids=[" ".join(a) for a, _, _ in EDGE_CASES],
    )
    def test_case(self, argv: tuple[str, ...], tier: Tier, rule: str) -> None:
        """
        Option, lexer and statement corners get their expected tier and rule.
        """
        got = blastradius.score(list(argv))
        assert rule in {f.rule for f in got.findings}, got.reasons
        assert got.tier is tier, got.reasons
