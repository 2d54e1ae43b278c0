"""
The git family (`blastradius.families.git`): commands written from
git-scm.com/docs with the tier and the rule id they must give, and the
commands git runs from its ``-c`` options.
"""

from __future__ import annotations

import pytest

from tests.helpers import check_case

import blastradius

from blastradius import Tier


A, H, D, B = Tier.AUTO, Tier.HUMAN, Tier.DUAL, Tier.BLOCKED


GIT_CASES = [
    ("git status", A, "git.read"),
    ("git log --oneline -n 5", A, "git.read"),
    ("git diff HEAD~1", A, "git.read"),
    ("git fetch --all --prune", A, "git.read"),
    ("git branch", A, "git.branch.list"),
    ("git branch -a", A, "git.branch.list"),
    ("git -C /srv/app status", A, "git.read"),
    ("git --git-dir=/srv/app/.git --work-tree=/srv/app log", A, "git.read"),
    ("git -c color.ui=never show HEAD", A, "git.read"),
    ("git commit -m fix", A, "git.local"),
    ("git branch feature", A, "git.branch.create"),
    ("git push origin main", H, "git.push"),
    (
        "git push --force-with-lease origin main",
        H,
        "git.push.force-with-lease",
    ),
    ("git push --force origin main", D, "git.push.force"),
    ("git push -f", D, "git.push.force"),
    ("git push -uf origin main", D, "git.push.force"),
    ("git push origin +main", D, "git.push.force-refspec"),
    ("git push origin --delete old", D, "git.push.delete"),
    ("git push origin :old", D, "git.push.delete-refspec"),
    ("git push --mirror backup", D, "git.push.mirror"),
    ("git push -n --force origin main", A, "git.push.dry-run"),
    ("git reset --hard origin/main", H, "git.reset.hard"),
    ("git reset HEAD~1", A, "git.reset"),
    ("git clean -fdx", D, "git.clean.force"),
    ("git clean -xdf", D, "git.clean.ignored"),
    ("git clean -f", H, "git.clean.force"),
    ("git clean -n -d", A, "git.clean"),
    ("git branch -D feature", H, "git.branch.force-delete"),
    ("git branch --delete --force feature", H, "git.branch.force-delete"),
    ("git branch -d feature", A, "git.branch.delete"),
    ("git checkout -- .", H, "git.checkout.discard"),
    ("git checkout .", H, "git.checkout.discard"),
    ("git checkout main", A, "git.checkout"),
    ("git restore .", H, "git.restore.all"),
    ("git restore --staged file", A, "git.restore.staged"),
    ("git filter-branch --tree-filter x HEAD", D, "git.history-rewrite"),
    (
        "git filter-repo --path secrets --invert-paths",
        D,
        "git.history-rewrite",
    ),
    ("git gc --prune=now", H, "git.gc.prune-now"),
    ("git reflog expire --expire=now --all", H, "git.reflog.expire"),
    ("git stash clear", H, "git.stash.clear"),
    ("git -c core.sshCommand=ssh fetch", H, "git.config-exec.unknown"),
    ("git -c alias.x=!sh x", H, "git.config-exec.unknown"),
    ("git --exec-path=/tmp/evil status", H, "git.exec-path.unknown"),
    ("git my-alias", H, "git.unknown"),
    ("git clone --upload-pack=x repo", H, "git.remote-program.unknown"),
]


class TestGit:
    @pytest.mark.parametrize(("argv", "tier", "rule"), GIT_CASES)
    def test_table(self, argv: str, tier: Tier, rule: str) -> None:
        """
        Each git command from git-scm.com/docs gets its tier and rule id.
        """
        check_case(argv, tier, rule)

    def test_config_command_is_analysed(self) -> None:
        """
        A ``-c`` key that runs a program has its value analysed as a
        script: a hard rule inside still blocks.
        """
        a = blastradius.score(
            ["git", "-c", "core.sshCommand=rm -rf /", "fetch"]
        )
        assert a.tier is Tier.BLOCKED
        assert "shell.rm.recursive-force" in {f.rule for f in a.findings}
        alias = blastradius.score(["git", "-c", "alias.x=!ls", "x"])
        assert alias.tier is Tier.HUMAN
        flag = blastradius.score(["git", "-c", "core.fsmonitor=true", "log"])
        assert len(flag.commands) == 1
        empty = blastradius.score(["git", "-c", "core.pager=", "log"])
        assert len(empty.commands) == 1
        plain = blastradius.score(["git", "-c", "alias.st=status", "st"])
        assert "shell.read-only" not in {f.rule for f in plain.findings}

    def test_force_with_lease_is_not_force(self) -> None:
        """
        ``--force-with-lease`` scores below ``--force`` (git-push: it
        refuses to overwrite remote work it has not seen).
        """
        lease = blastradius.score(["git", "push", "--force-with-lease"])
        force = blastradius.score(["git", "push", "--force"])
        assert lease.score < force.score
        assert lease.tier is Tier.HUMAN

    def test_abbreviated_long_option(self) -> None:
        """git accepts unambiguous prefixes of long options."""
        a = blastradius.score(["git", "push", "--forc", "origin", "main"])
        assert a.tier is Tier.DUAL
