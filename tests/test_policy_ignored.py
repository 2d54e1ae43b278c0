"""
No policy entry is silently ignored: an entry that could never take effect
is a `blastradius.PolicyError` naming its key and line when the policy is
built or loaded.
"""

from __future__ import annotations

import pytest

from blastradius import Policy, PolicyError, PolicyException, Tier, score


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
