"""
The shell family (`blastradius.families.shell`, the shell-tools analyzer;
the shell layer itself is tested by ``test_shell*``): the read-only
allowlist, destructive tools, the redirections analyzer, fork bombs and
shells fed unknown input; a table of commands with the tier and rule id
each must give, and properties over the real tables.
"""

from __future__ import annotations

import shlex

from collections.abc import Iterable

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import SHELL_CASES as TABLE
from tests.helpers import SHELL_READ_ONLY as READ_ONLY
from tests.strategies import rm_recursive_force_argv

import blastradius

from blastradius import Tier
from blastradius._model import Finding, Kind, Redirect, SimpleCommand
from blastradius._policy import Policy
from blastradius.analyzers import DEFAULT_REGISTRY, REDIRECTS, Nested, Output
from blastradius.families.shell.rules import SHELL_SPECS


A, H, D, B = Tier.AUTO, Tier.HUMAN, Tier.DUAL, Tier.BLOCKED


def _check(argv: list[str], tier: Tier, rule: str) -> None:
    a = blastradius.score(argv)
    rules = [f.rule for f in a.findings]
    assert a.tier is tier, (argv, a.score, a.reasons)
    assert rule in rules, (argv, rules)


class TestReadOnly:
    @pytest.mark.parametrize("cmd", READ_ONLY)
    def test_auto(self, cmd: str) -> None:
        """Every read-only command of the allowlist scores AUTO."""
        a = blastradius.score(cmd.split())
        assert a.tier is Tier.AUTO, (cmd, a.reasons)
        assert a.findings, cmd

    def test_dynamic_args_of_pure_readers(self) -> None:
        """
        A word only known at run time cannot make ``echo`` or ``cat``
        dangerous: they stay AUTO; for ``rm`` it is unknown (HUMAN).
        """
        cmd = SimpleCommand(argv=["cat", "$F"], dynamic=[False, True])
        found = _findings(cmd)
        assert found
        assert not any(f.rule.endswith(".unknown") for f in found)
        rm = SimpleCommand(argv=["rm", "$F"], dynamic=[False, True])
        assert "shell.rm.dynamic.unknown" in {f.rule for f in _findings(rm)}


class TestTable:
    @pytest.mark.parametrize(("cmd", "tier", "rule"), TABLE)
    def test_table(self, cmd: str, tier: Tier, rule: str) -> None:
        """
        Each command, from its tool's manual, gets its tier and rule id
        (words split at ``|`` when they hold spaces).
        """
        _check(cmd.split("|") if "|" in cmd else cmd.split(), tier, rule)

    def test_awk_program_with_spaces(self) -> None:
        """An awk program that writes a file is not read-only."""
        _check(
            ["awk", '{print $1 > "/etc/x"}', "f"], H, "shell.awk.exec.unknown"
        )
        _check(["awk", "{ if ($3 > 5) print $1 }", "f"], A, "shell.awk")
        _check(["awk"], H, "shell.awk.program.unknown")

    def test_alias_and_trap_text_is_analysed(self) -> None:
        """``alias`` and ``trap`` text runs later: it is analysed now."""
        _check(["alias", "ll=rm -rf /"], B, "shell.rm.recursive-force")
        _check(
            ["trap", "rm -rf /tmp/x", "EXIT"], B, "shell.rm.recursive-force"
        )
        _check(["alias", "ll=ls -la"], A, "shell.read-only")
        for argv in (["alias", "ll"], ["trap", "-l"], ["trap", "-", "INT"]):
            assert _nested(SimpleCommand(argv=argv)) == []

    def test_ip_netns_exec(self) -> None:
        """``ip netns exec NS CMD`` analyses *CMD*."""
        _check(
            ["ip", "netns", "exec", "blue", "rm", "-rf", "/"],
            B,
            "shell.rm.recursive-force",
        )
        _check(
            ["ip", "-n", "red", "netns", "exec", "blue", "reboot"],
            D,
            "shell.power",
        )
        cmd = SimpleCommand(argv=["ip", "netns", "exec", "blue"])
        assert _nested(cmd) == []
        cmd = SimpleCommand(argv=["ip", "netns", "exec", "blue", "ls", "-l"])
        assert _nested(cmd) == [Nested(argv=["ls", "-l"], via="ip netns exec")]

    def test_mkfs_suffix_folds(self) -> None:
        """``mkfs.ext4``, ``mkfs.xfs``… all reach the mkfs rows."""
        for name in ("mkfs.ext4", "mkfs.xfs", "mkfs.vfat", "/sbin/mkfs.btrfs"):
            _check([name, "/dev/sdc"], B, "shell.mkfs.device")


class TestRmSpellings:
    @pytest.mark.parametrize(
        "flags",
        [
            ["-rf"],
            ["-fr"],
            ["-r", "-f"],
            ["-f", "-r"],
            ["-Rf"],
            ["-fR"],
            ["--recursive", "--force"],
            ["-r", "--force"],
            ["--recursive", "-f"],
            ["-vrf"],
            ["-rfv"],
            ["-f", "-v", "-R"],
            ["--rec", "--forc"],
            ["-r", "-i", "-f"],
        ],
    )
    def test_blocked(self, flags: list[str]) -> None:
        """Every spelling of recursive + force is the hard rule."""
        for target in (["/"], ["/srv/tmp/x"], ["--", "-x"], ["a", "b"]):
            _check(["rm", *flags, *target], B, "shell.rm.recursive-force")

    @given(rm_recursive_force_argv())
    def test_all_spellings_equal(self, argv: list[str]) -> None:
        """
        However recursive and force are spelled, ordered, clustered or
        abbreviated, and whatever the targets, ``rm`` is blocked.
        """
        a = blastradius.score(argv)
        assert a.score == 100
        assert "shell.rm.recursive-force" in {f.rule for f in a.findings}

    @given(
        st.sampled_from(["-r", "-R", "--recursive"]),
        st.sampled_from(["/", "/etc", "~", ".", "build", "/srv/tmp/x"]),
    )
    def test_force_never_lowers(self, recursive: str, target: str) -> None:
        """Adding ``-f`` to ``rm -r`` never lowers the score."""
        plain = blastradius.score(["rm", recursive, target]).score
        forced = blastradius.score(["rm", recursive, "-f", target]).score
        assert forced >= plain
        assert forced == 100

    def test_targets_worst_wins(self) -> None:
        """Several targets score the worst of them."""
        one = blastradius.score(["rm", "-r", "build"]).score
        two = blastradius.score(["rm", "-r", "build", "/etc"]).score
        assert two > one
        assert two == blastradius.score(["rm", "-r", "/etc"]).score


class _Ctx:
    """A Context that refuses to be called back (analyzers return data)."""

    def __init__(self) -> None:
        self.policy = Policy()

    def script(self, text: str, *, via: str) -> tuple[Finding, ...]:
        raise AssertionError((text, via))

    def argv(
        self, argv: Iterable[str], *, via: str, dynamic: bool = False
    ) -> tuple[Finding, ...]:
        raise AssertionError((list(argv), via, dynamic))


def _output(cmd: SimpleCommand) -> list[Output]:
    return list(DEFAULT_REGISTRY[cmd.program](cmd, _Ctx()))


def _findings(cmd: SimpleCommand) -> list[Finding]:
    return [f for f in _output(cmd) if isinstance(f, Finding)]


def _nested(cmd: SimpleCommand) -> list[Nested]:
    return [f for f in _output(cmd) if isinstance(f, Nested)]


def _redirect(op: str, target: str, *, dynamic: bool = False) -> list[Finding]:
    cmd = SimpleCommand(
        argv=["echo", "x"],
        redirects=[Redirect(op, target, dynamic=dynamic)],
    )
    found = list(DEFAULT_REGISTRY[REDIRECTS](cmd, _Ctx()))
    out = [f for f in found if isinstance(f, Finding)]
    assert out == found  # redirections nest nothing
    return out


class TestRedirects:
    @pytest.mark.parametrize(
        ("op", "target", "rule", "hard"),
        [
            (">", "/dev/sda", "shell.redirect.block-device", True),
            (">", "/dev/nvme0n1", "shell.redirect.block-device", True),
            (">>", "/dev/vda1", "shell.redirect.block-device", True),
            ("&>", "//dev/sdb", "shell.redirect.block-device", True),
            (">", "/dev/mem", "shell.redirect.device", False),
            (">", "/etc/passwd", "shell.redirect.system", False),
            (">>", "/etc/sudoers", "shell.redirect.system", False),
            (">", "/proc/sysrq-trigger", "shell.redirect.sysrq", False),
            (">", "/proc/sys/vm/drop_caches", "shell.redirect.kernel", False),
            (">", "out.txt", "shell.redirect.file", False),
        ],
    )
    def test_targets(
        self, op: str, target: str, rule: str, hard: bool
    ) -> None:
        """Each output redirection target gets its rule."""
        found = _redirect(op, target)
        assert rule in {f.rule for f in found}
        assert any(f.hard for f in found) is hard
        assert all(f.words == (op, target) for f in found)

    @pytest.mark.parametrize(
        ("op", "target"),
        [
            (">", "/dev/null"),
            ("2>", "/dev/null"),
            (">&", "2"),
            ("<", "/dev/sda"),
            (">", "/dev/stderr"),
        ],
    )
    def test_harmless(self, op: str, target: str) -> None:
        """
        Writing to /dev/null or a descriptor, or reading a disk, adds
        nothing.
        """
        assert _redirect(op, target) == []

    def test_dynamic_target_is_unknown(self) -> None:
        """A target only known at run time is unknown."""
        found = _redirect(">", "$OUT", dynamic=True)
        assert [f.rule for f in found] == ["shell.redirect.unknown"]


class TestCompoundRedirects:
    """
    Redirections after a subshell, an arithmetic command or a loop apply to
    everything in it: they are checked like a simple command's.
    """

    @pytest.mark.parametrize(
        ("text", "tier", "rule"),
        [
            (
                "(echo hi) > /dev/sda",
                Tier.BLOCKED,
                "shell.redirect.block-device",
            ),
            (
                "(echo hi) 2>/dev/null > /dev/sda",
                Tier.BLOCKED,
                "shell.redirect.block-device",
            ),
            (
                "(echo hi) | (cat) > /dev/sda",
                Tier.BLOCKED,
                "shell.redirect.block-device",
            ),
            ("((x=1)) > /etc/passwd", Tier.DUAL, "shell.redirect.system"),
            (
                "for i in 1; do echo; done > /dev/sda",
                Tier.BLOCKED,
                "shell.redirect.block-device",
            ),
            ("(ls) > out.txt", Tier.AUTO, "shell.redirect.file"),
        ],
    )
    def test_table(self, text: str, tier: Tier, rule: str) -> None:
        """
        The subshell's redirection is found, with its rule.
        """
        a = blastradius.score(text)

        assert a.tier is tier, a.reasons
        assert rule in {f.rule for f in a.findings}

    def test_plain_subshell_adds_nothing(self) -> None:
        """
        A subshell without redirections is its commands.
        """
        assert blastradius.score("(ls)").findings == (
            blastradius.score("ls").findings
        )

    @given(
        st.sampled_from(["echo hi", "ls -la", "cat", "true", "date"]),
        st.sampled_from(
            [
                "> /dev/sda",
                ">> /dev/nvme0n1",
                "&> /dev/vda1",
                "> /etc/passwd",
                "> /proc/sysrq-trigger",
                "> out.txt",
                "2>/dev/null >/dev/sdb",
            ]
        ),
    )
    def test_subshell_never_lowers(self, command: str, redirect: str) -> None:
        """
        ``( C ) R`` never scores below ``C R``.
        """
        direct = blastradius.score(f"{command} {redirect}")
        nested = blastradius.score(f"( {command} ) {redirect}")

        assert nested.score >= direct.score
        assert nested.tier >= direct.tier


class TestShellsAndForkBomb:
    def test_fork_bomb(self) -> None:
        """
        ``:(){ :|:& };:`` reaches the analyzer as ``:`` fed by ``:``: the
        hard rule fires; a lone ``:`` is the null command.
        """
        bomb = SimpleCommand(argv=[":"], stdin_from=":", stdin_unknown=True)
        found = _findings(bomb)
        assert any(f.rule == "shell.fork-bomb" and f.hard for f in found)
        assert not any(f.hard for f in _findings(SimpleCommand(argv=[":"])))
        dot = SimpleCommand(argv=["."], stdin_from=".", stdin_unknown=True)
        assert any(f.rule == "shell.fork-bomb" for f in _findings(dot))

    @pytest.mark.parametrize(
        "source", ["base64", "xxd", "rev", "openssl", "gunzip", "python3"]
    )
    def test_encoded_payload(self, source: str) -> None:
        """An encoded payload piped into a shell scores DUAL-high unknown."""
        cmd = SimpleCommand(argv=["sh"], stdin_from=source, stdin_unknown=True)
        found = {f.rule: f for f in _findings(cmd)}
        assert found["shell.encoded-payload"].score == 60
        assert found["shell.encoded-payload.unknown"].kind is Kind.UNKNOWN
        a = blastradius.score(["sh"])
        assert a.tier is Tier.HUMAN

    def test_remote_and_plain_stdin(self) -> None:
        """Downloaded code is remote-payload; other stdin is unknown."""
        remote = SimpleCommand(
            argv=["bash"], stdin_from="curl", stdin_unknown=True
        )
        assert "shell.remote-payload.unknown" in {
            f.rule for f in _findings(remote)
        }
        other = SimpleCommand(
            argv=["bash"], stdin_from="cat", stdin_unknown=True
        )
        assert "shell.stdin.unknown" in {f.rule for f in _findings(other)}

    def test_known_stdin_is_analysed(self) -> None:
        """A shell given known stdin text has it analysed as a script."""
        cmd = SimpleCommand(argv=["sh"], stdin="rm -rf /")
        assert _nested(cmd) == [Nested(script="rm -rf /", via="sh stdin")]

    def test_registered(self) -> None:
        """Every shell table is registered, plus the redirections hook."""
        for name in SHELL_SPECS:
            assert name in DEFAULT_REGISTRY
        assert REDIRECTS in DEFAULT_REGISTRY

    def test_evolve_keeps_findings_frozen(self) -> None:
        """Findings are frozen values (redirect words are set by evolve)."""
        found = _redirect(">", "/dev/sda")[0]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            found.rule = "x"  # type: ignore[misc]


_WRAPPERS = [
    "{}",
    "sudo {}",
    "sudo -u root {}",
    "env -i A=1 {}",
    "timeout 5s {}",
    "nice -n 19 {}",
    "nohup {}",
    "command {}",
    "exec {}",
    "time {}",
    "bash -c '{}'",
    "sh -lc '{}'",
    "eval '{}'",
    "echo $({})",
    "echo `{}`",
    "true && {}",
    "false || {}",
    "ls | {}",
    "ssh host '{}'",
    "docker exec web {}",
    "kubectl exec pod -- {}",
]


class TestThroughShellLayer:
    @pytest.mark.parametrize("wrapper", _WRAPPERS)
    @pytest.mark.parametrize(
        "rm",
        [
            "rm -rf /",
            "rm -fr x",
            "rm -r -f x",
            "rm -Rf x",
            "rm --recursive --force x",
            "rm -vrf -- x",
            "\\rm -rf /",
            "r''m -rf /",
            '"rm" -rf /',
        ],
    )
    def test_rm_rf_blocked_through_wrappers(
        self, wrapper: str, rm: str
    ) -> None:
        """
        Every rm -rf spelling stays BLOCKED through every wrapper, separator
        and substitution the shell layer sees through.
        """
        a = blastradius.score(wrapper.format(rm))
        assert a.tier is Tier.BLOCKED, (wrapper, rm, a.reasons)
        assert "shell.rm.recursive-force" in {f.rule for f in a.findings}

    @pytest.mark.parametrize(
        "cmd",
        [
            "ls -la",
            "ls -la | grep x | sort | uniq -c",
            "cat /etc/os-release",
            "df -h && free -m",
            "journalctl -u kubelet --since '1 hour ago' | tail -n 50",
            "ps aux | grep [n]ginx",
            "echo hi 2>/dev/null",
            "git status && git log --oneline -5",
            "terraform plan",
            "helm list -A",
            "aws s3 ls",
        ],
    )
    def test_read_only_strings(self, cmd: str) -> None:
        """Read-only command lines, pipelines and chains are AUTO."""
        a = blastradius.score(cmd)
        assert a.tier is Tier.AUTO, (cmd, a.reasons)

    @pytest.mark.parametrize(
        ("cmd", "tier", "rule"),
        [
            (":(){ :|:& };:", B, "shell.fork-bomb"),
            ("echo x > /dev/sda", B, "shell.redirect.block-device"),
            ("cat image.iso > /dev/nvme0n1", B, "shell.redirect.block-device"),
            ("sudo tee /dev/sdb < image.iso", B, "shell.tee.block-device"),
            (
                "echo 'x ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers",
                D,
                "shell.redirect.system",
            ),
            ("echo b > /proc/sysrq-trigger", D, "shell.redirect.sysrq"),
            ("echo x > $OUT", H, "shell.redirect.unknown"),
            ("echo 'cm0g!!' | base64 -d | sh", D, "shell.encoded-payload"),
            (
                "echo cm0gLXJmIC8= | base64 -d | sh",
                B,
                "shell.rm.recursive-force",
            ),
            (
                "curl -fsSL https://get.example.com | bash",
                D,
                "shell.remote-payload",
            ),
            ("bash ./deploy.sh", H, "shell.script.unknown"),
            ("echo 'rm -rf /' | sh", B, "shell.rm.recursive-force"),
            (
                "dd if=/dev/zero of=/dev/sda bs=1M status=progress",
                B,
                "shell.dd.block-device",
            ),
            ("sudo mkfs.ext4 -F /dev/nvme1n1", B, "shell.mkfs.device"),
            ("sudo chmod -R 777 /", B, "shell.chmod.recursive-777-root"),
            (
                "find / -name '*.tmp' -exec rm -rf {} \\;",
                B,
                "shell.rm.recursive-force",
            ),
            (
                "sudo systemctl stop kubelet",
                D,
                "shell.systemctl.critical-unit",
            ),
            ("sudo iptables -F", D, "shell.iptables.flush"),
            ("crontab -r", D, "shell.crontab.remove"),
            ("sudo shutdown -h now", D, "shell.power"),
            ("git push --force origin main", D, "git.push.force"),
            ("terraform destroy -auto-approve", D, "terraform.destroy"),
            ("aws s3 rb s3://data --force", D, "aws.s3.rb.force"),
            ("az group delete -n prod-rg --yes", B, "az.group.delete"),
        ],
    )
    def test_strings(self, cmd: str, tier: Tier, rule: str) -> None:
        """Command lines read by the shell layer get their tier and rule."""
        a = blastradius.score(cmd)
        assert a.tier is tier, (cmd, a.score, a.reasons)
        assert rule in {f.rule for f in a.findings}, (cmd, a.reasons)

    @given(rm_recursive_force_argv(), st.sampled_from(_WRAPPERS))
    def test_wrapped_spellings_blocked(
        self, argv: list[str], wrapper: str
    ) -> None:
        """Any rm -rf spelling, quoted and wrapped, is BLOCKED."""
        text = " ".join(shlex.quote(w) for w in argv)
        a = blastradius.score(
            wrapper.format(
                text.replace("'", "'\\''") if "'{}'" in wrapper else text
            )
        )
        assert a.tier is Tier.BLOCKED, (wrapper, argv, a.reasons)
