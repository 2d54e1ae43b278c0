"""
No policy entry is silently ignored: an entry that could never take effect
is a `blastradius.PolicyError` naming its key and line when the policy is
built or loaded.
"""

from __future__ import annotations

import pytest

from blastradius import (
    HardRule,
    Policy,
    PolicyError,
    PolicyException,
    RuleOverride,
    Tier,
    score,
)


class TestHardExceptions:
    """
    An exception naming a built-in hard rule would never apply (no
    exception lowers a hard rule): refused.
    """

    @pytest.mark.parametrize(
        "rule",
        ["shell.rm.recursive-force", "kubectl.delete.namespace",
         "sql.drop-table", "shell.fork-bomb", "redis.flushall"],
    )  # fmt: skip
    def test_refused(self, rule: str) -> None:
        """
        The error names the key and its line.
        """
        text = (
            f'version = 1\n\n[[exceptions]]\nreason = "r"\nrule = "{rule}"\n'
        )
        with pytest.raises(PolicyError, match="hard rule") as info:
            Policy.from_toml(text)
        assert (info.value.path, info.value.line) == ("exceptions[0].rule", 5)
        assert "never apply" in str(info.value)

    def test_rm_hint(self) -> None:
        """
        The ``rm -rf`` rule points to ``workspace.rm_paths``, in code too.
        """
        with pytest.raises(PolicyError, match=r"workspace\.rm_paths") as info:
            Policy(
                exceptions=(
                    PolicyException(
                        rule="shell.rm.recursive-force", reason="cleanup"
                    ),
                )
            )
        assert info.value.path == "exceptions[0].rule"

    def test_second_row_named(self) -> None:
        """
        The error names the offending row, not the first.
        """
        text = (
            "version = 1\n"
            '[[exceptions]]\nrule = "kubectl.rollout.restart"\nreason = "r"\n'
            '[[exceptions]]\nrule = "kubectl.delete.namespace"\nreason = "r"\n'
        )
        with pytest.raises(PolicyError) as info:
            Policy.from_toml(text)
        assert (info.value.path, info.value.line) == ("exceptions[1].rule", 6)

    def test_glob_allowed(self) -> None:
        """
        A glob that also covers rules that are not hard stays allowed, and
        still never lowers the hard one.
        """
        policy = Policy.from_toml(
            'version = 1\n[[exceptions]]\nrule = "shell.rm.*"\nreason = "r"\n'
        )
        assert score("rm -rf /", policy=policy).tier is Tier.BLOCKED
        assert score("rm -rf /tmp/x", policy=policy).tier is Tier.BLOCKED


class TestUnknownRuleIds:
    """
    A literal rule id of a built-in family that no rule has would match
    nothing: refused, with the nearest ids.
    """

    @pytest.mark.parametrize(
        ("table", "extra", "line"),
        [
            ("overrides", "score = 5", 4),
            ("exceptions", 'reason = "r"', 4),
            ("hard_rules", 'id = "policy.x"\nreason = "r"', 4),
        ],
    )
    def test_typo_refused(self, table: str, extra: str, line: int) -> None:
        """
        A typo in an override, exception or hard rule is a `PolicyError`
        naming the key and its line and suggesting the id meant.
        """
        text = (
            f'version = 1\n\n[[{table}]]\nrule = "kubectl.delete.namespaces"'
            f"\n{extra}\n"
        )
        with pytest.raises(PolicyError) as info:
            Policy.from_toml(text)
        assert (info.value.path, info.value.line) == (f"{table}[0].rule", line)
        assert "did you mean 'kubectl.delete.namespace'" in str(info.value)

    def test_no_suggestion(self) -> None:
        """
        An id close to nothing is refused without a suggestion.
        """
        with pytest.raises(PolicyError, match=r"match nothing$"):
            Policy(overrides=(RuleOverride(rule="git.zzzzzzzzzz", score=5),))

    def test_own_hard_rule(self) -> None:
        """
        An override naming the policy's own hard rule (in a built-in
        family) says that nothing acts on its findings.
        """
        with pytest.raises(PolicyError, match="own hard rule") as info:
            Policy(
                hard_rules=(
                    HardRule(id="policy.no-helm", program="helm", reason="r"),
                ),
                overrides=(RuleOverride(rule="policy.no-helm", score=5),),
            )
        assert info.value.path == "overrides[0].rule"

    @pytest.mark.parametrize(
        "rule",
        [
            "kubectl.delete.*",
            "shell.unknown",
            "git.dynamic.unknown",
            "policy.trusted-tool",
            "acme.deploy",
        ],
    )
    def test_allowed(self, rule: str) -> None:
        """
        Globs, known ids (engine ids too) and ids outside the built-in
        families (a host's own analyzers) are accepted.
        """
        assert Policy(overrides=(RuleOverride(rule=rule, score=5),)).overrides

    def test_own_analyzers_skip(self) -> None:
        """
        A policy with analyzers of its own may name any id (theirs).
        """

        def analyzer(command: object, ctx: object) -> list[object]:
            del command, ctx
            return []

        p = Policy(
            analyzers={"deploy": analyzer},
            overrides=(RuleOverride(rule="shell.deploy.prod", score=5),),
        )
        assert p.overrides[0].rule == "shell.deploy.prod"


class TestResourceNames:
    """
    Findings carry a resource's plural: a built-in kind named by its
    singular, kind or short name would match nothing, so it is refused.
    """

    @pytest.mark.parametrize(
        ("name", "plural"),
        [
            ("pod", "pods"),
            ("deploy", "deployments"),
            ("Deployment", "deployments"),
            ("pvc", "persistentvolumeclaims"),
        ],
    )
    def test_refused(self, name: str, plural: str) -> None:
        """
        The error names the key and line and the plural to write.
        """
        text = (
            'version = 1\n[[hard_rules]]\nid = "acme.x"\nreason = "r"\n'
            f'resource = "{name}"\n'
        )
        with pytest.raises(PolicyError, match=f"write '{plural}'") as info:
            Policy.from_toml(text)
        assert (info.value.path, info.value.line) == (
            "hard_rules[0].resource",
            5,
        )

    def test_exception_refused(self) -> None:
        """
        An exception's resource is checked too.
        """
        with pytest.raises(PolicyError) as info:
            Policy(
                exceptions=(
                    PolicyException(
                        rule="kubectl.delete", resource="po", reason="r"
                    ),
                )
            )
        assert info.value.path == "exceptions[0].resource"

    @pytest.mark.parametrize(
        "resource", ["pods", "Pods", "deploy*", "widgets.example.com", "web"]
    )
    def test_allowed(self, resource: str) -> None:
        """
        Plurals (any case), globs and names that are not a built-in kind
        (custom resources) are accepted.
        """
        p = Policy(
            hard_rules=(HardRule(id="acme.x", resource=resource, reason="r"),)
        )
        assert p.hard_rules[0].resource == resource


class TestAliases:
    """
    Aliases are resolved once: an alias to itself or to another alias
    would be silently ignored, so it is refused.
    """

    def test_self(self) -> None:
        """
        ``k = "k"`` does nothing: refused, naming the key and line.
        """
        with pytest.raises(PolicyError, match="itself does nothing") as info:
            Policy.from_toml('version = 1\n[aliases]\nk = "k"\n')
        assert (info.value.path, info.value.line) == ("aliases.k", 3)

    def test_chain(self) -> None:
        """
        ``k = "kc"`` with ``kc = "kubectl"`` would stop at ``kc``: refused,
        saying what to write.
        """
        with pytest.raises(PolicyError, match="write 'kubectl'") as info:
            Policy(aliases={"k": "kc", "kc": "kubectl"})
        assert info.value.path == "aliases.k"

    def test_plain(self) -> None:
        """
        Aliases to programs resolve as before.
        """
        p = Policy(aliases={"k": "kubectl", "kc": "kubectl"})
        assert score("k delete ns prod", policy=p).tier is Tier.BLOCKED
