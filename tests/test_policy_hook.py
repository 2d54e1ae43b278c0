"""
The policy's ``[hook]`` table: `blastradius.HookDecisions`, its TOML form,
its place in the fingerprint, layering, and what ``blastradius hook``
answers under it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from pathlib import Path

import pytest

import blastradius

from blastradius import HookDecisions, Policy, PolicyError, Tier
from blastradius._cli._hook import decide, respond


ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "hooks"
HUMAN = "pip install x"


def _claude(command: str) -> bytes:
    payload = json.loads((DATA / "claude.json").read_text(encoding="utf-8"))
    payload["tool_input"]["command"] = command
    return json.dumps(payload).encode()


class TestHookDecisions:
    """
    `blastradius.HookDecisions`: validation and `decision`.
    """

    def test_defaults(self) -> None:
        """
        By default AUTO allows, HUMAN and DUAL ask, BLOCKED denies.
        """
        h = Policy().hook
        assert h == HookDecisions()
        assert [h.decision(t) for t in Tier] == ["allow", "ask", "ask", "deny"]

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"auto": "maybe"}, "hook.auto"),
            ({"human": "ALLOW"}, "hook.human"),
            ({"dual": 1}, "hook.dual"),
            ({"blocked": "ask"}, "hook.blocked"),
            ({"blocked": "allow"}, "hook.blocked"),
            ({"blocked": None}, "hook.blocked"),
        ],
    )
    def test_invalid(self, kwargs: dict[str, object], path: str) -> None:
        """
        A value that is not a decision, or a BLOCKED that is not a deny, is
        a `PolicyError` naming the key.
        """
        with pytest.raises(PolicyError) as e:
            HookDecisions(**kwargs)  # type: ignore[arg-type]
        assert e.value.path == path

    def test_policy_refuses_other_type(self) -> None:
        """
        `Policy` refuses a *hook* that is not a `HookDecisions`.
        """
        with pytest.raises(PolicyError) as e:
            Policy(hook={"human": "deny"})  # type: ignore[arg-type]
        assert e.value.path == "hook"


class TestToml:
    """
    The ``[hook]`` table in TOML: loading, errors with lines, round trip
    and fingerprint.
    """

    def test_load(self) -> None:
        """
        Keys given are read; the others keep their default.
        """
        p = Policy.from_toml('version = 1\n[hook]\nhuman = "deny"\n')
        assert p.hook == HookDecisions(human="deny")

    @pytest.mark.parametrize(
        ("body", "path", "line"),
        [
            ('blocked = "ask"', "hook.blocked", 4),
            ('human = "maybe"', "hook.human", 4),
            ("dual = true", "hook.dual", 4),
            ('never = "deny"', "hook.never", 4),
        ],
    )
    def test_errors(self, body: str, path: str, line: int) -> None:
        """
        A bad entry is a `PolicyError` naming the key and its line.
        """
        with pytest.raises(PolicyError) as e:
            Policy.from_toml(f"version = 1\n\n[hook]\n{body}\n")
        assert (e.value.path, e.value.line) == (path, line)

    def test_round_trip_and_fingerprint(self) -> None:
        """
        A non-default table is written, read back equal, and changes the
        fingerprint; the default one is not written and fingerprints as
        the default policy.
        """
        p = Policy(hook=HookDecisions(auto="ask", dual="deny"))
        text = p.to_toml()
        assert '[hook]\nauto = "ask"' in text
        assert Policy.from_toml(text) == p
        assert p.fingerprint != Policy().fingerprint
        assert "[hook]" not in Policy().to_toml()
        assert Policy(hook=HookDecisions()).fingerprint == Policy().fingerprint


class TestMerge:
    """
    Layering ``[hook]`` with `blastradius.Policy.merge`.
    """

    def test_tighten(self) -> None:
        """
        A tightening overlay may make decisions stricter; keys it leaves
        at the default keep the base's.
        """
        base = Policy(hook=HookDecisions(dual="deny"))
        over = Policy(hook=HookDecisions(human="deny"))
        assert base.merge(over).hook == HookDecisions(
            human="deny", dual="deny"
        )

    @pytest.mark.parametrize(
        ("base", "over", "path"),
        [
            (HookDecisions(auto="ask"), HookDecisions(auto="deny"), None),
            (HookDecisions(human="deny"), HookDecisions(human="allow"), "h"),
            (HookDecisions(auto="deny"), HookDecisions(auto="ask"), "a"),
        ],
    )
    def test_loosen_refused(
        self, base: HookDecisions, over: HookDecisions, path: str | None
    ) -> None:
        """
        A tightening overlay that loosens a decision is a `PolicyError`
        naming the key; an override layer may.
        """
        b, o = Policy(hook=base), Policy(hook=over)
        if path is None:
            assert b.merge(o).hook == over
            return
        with pytest.raises(PolicyError) as e:
            b.merge(o)
        assert e.value.path == {"h": "hook.human", "a": "hook.auto"}[path]
        assert b.merge(o, override=True).hook == over

    def test_preset_then_file(self, tmp_path: Path) -> None:
        """
        A file extending a preset keeps its own ``[hook]`` table.
        """
        f = tmp_path / "p.toml"
        f.write_text(
            'version = 1\nextends = ["coding-agent"]\n[hook]\nhuman = "deny"\n',
            encoding="utf-8",
        )
        p = blastradius.load_policy(f)
        assert p.hook.human == "deny"
        assert p.trusted_tools


class TestDecide:
    """
    `blastradius._cli._hook.decide` and `respond` under a ``[hook]`` table.
    """

    @pytest.mark.parametrize("agent", ["claude", "codex", "cursor"])
    def test_human_deny(self, agent: str) -> None:
        """
        ``human = "deny"`` denies a HUMAN command on every agent, saying
        the policy decided.
        """
        d = decide(
            blastradius.score(HUMAN), agent, HookDecisions(human="deny")
        )
        assert d.verdict == "deny"
        assert "the policy says deny (hook.human)" in d.reason
        assert not d.error

    def test_auto_ask(self) -> None:
        """
        ``auto = "ask"`` asks on an agent that can, and denies (saying it
        cannot ask) on one that cannot.
        """
        h = HookDecisions(auto="ask")
        assert decide(blastradius.score("ls"), "claude", h).verdict == "ask"
        d = decide(blastradius.score("ls"), "codex", h)
        assert d.verdict == "deny"
        assert "cannot ask" in d.reason

    def test_human_allow(self) -> None:
        """
        ``human = "allow"`` allows a HUMAN command, saying the policy did.
        """
        h = HookDecisions(human="allow")
        d = decide(blastradius.score(HUMAN), "gemini", h)
        assert d.verdict == "allow"
        assert "the policy says allow" in d.reason

    def test_blocked_always_denies(self) -> None:
        """
        BLOCKED denies whatever the other keys say.
        """
        h = HookDecisions(auto="deny", human="allow", dual="allow")
        assert decide(blastradius.score("rm -rf /"), "claude", h).verdict == (
            "deny"
        )

    def test_respond_uses_policy(self) -> None:
        """
        `respond` answers by the policy's table.
        """
        policy = Policy(hook=HookDecisions(human="deny"))
        answer = respond(_claude(HUMAN), policy=policy)
        assert answer.decision.verdict == "deny"
        assert respond(_claude(HUMAN)).decision.verdict == "ask"


class TestEndToEnd:
    """
    ``python -m blastradius hook --policy FILE`` in a subprocess.
    """

    def test_policy_file_human_deny(self, tmp_path: Path) -> None:
        """
        With a policy file saying ``human = "deny"``, Claude Code's HUMAN
        command is denied (exit 0, a deny answer), and AUTO still allowed.
        """
        f = tmp_path / "policy.toml"
        f.write_text('version = 1\n[hook]\nhuman = "deny"\n', encoding="utf-8")
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("BLASTRADIUS")
        }
        env["PYTHONPATH"] = str(ROOT / "src")
        decisions = []
        for command in (HUMAN, "ls"):
            done = subprocess.run(
                [sys.executable, "-m", "blastradius", "hook", "--policy", f],
                input=_claude(command),
                capture_output=True,
                env=env,
                check=False,
                timeout=60,
            )
            assert (done.returncode, done.stderr) == (0, b"")
            out = json.loads(done.stdout)["hookSpecificOutput"]
            decisions.append(out["permissionDecision"])
        assert decisions == ["deny", "allow"]

    def test_bad_policy_denies(self, tmp_path: Path) -> None:
        """
        A policy file with ``blocked = "allow"`` does not load: every call
        is denied (exit 2), naming the key.
        """
        f = tmp_path / "policy.toml"
        f.write_text(
            'version = 1\n[hook]\nblocked = "allow"\n', encoding="utf-8"
        )
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("BLASTRADIUS")
        }
        env["PYTHONPATH"] = str(ROOT / "src")
        done = subprocess.run(
            [sys.executable, "-m", "blastradius", "hook", "--policy", f],
            input=_claude("ls"),
            capture_output=True,
            env=env,
            check=False,
            timeout=60,
        )
        assert done.returncode == 2
        assert b"hook.blocked" in done.stderr
