"""
The golden file (``tests/data/golden.jsonl``) is what the engine says now,
and ``tools/gen_golden.py`` reports what a change changed.
"""

from __future__ import annotations

import json

from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import load_script


ROOT = Path(__file__).parent.parent
TOOL = ROOT / "tools" / "gen_golden.py"


def _load_tool() -> ModuleType:
    return load_script(TOOL)


tool = _load_tool()


@pytest.fixture(scope="module")
def rendered() -> list[str]:
    """
    The golden lines the engine gives now (rendered once per module).
    """
    lines: list[str] = tool.render(tool.inputs())
    return lines


class TestGoldenFile:
    """
    The committed golden file against the engine.
    """

    def test_current(self, rendered: list[str]) -> None:
        """
        Every input of the golden set is in the file and assessed exactly
        as the file says (regenerate with ``python tools/gen_golden.py
        --write`` and name the per-rule counts of ``--check`` in the
        commit message).
        """
        old = tool.load()
        new = {
            tool._key(row["input"]): row for row in map(json.loads, rendered)
        }

        assert tool.report(old, new) == []
        assert len(old) > 10_000

    def test_sorted_and_unique(self) -> None:
        """
        The file's lines are sorted by input and each input appears once,
        so a regeneration gives a small, reviewable diff.
        """
        lines = tool.TARGET.read_text(encoding="utf-8").splitlines()
        keys = [tool._key(json.loads(line)["input"]) for line in lines]

        assert keys == sorted(set(keys))

    def test_every_source(self) -> None:
        """
        The set holds the kubectl corpus, test literals and wrapped
        variants.
        """
        keys = set(tool.load())

        assert {tool._key(c) for c in tool.corpus_inputs()} <= keys
        assert tool._key("sudo kubectl delete ns prod") in keys
        assert tool._key("kubectl exec web -- rm -rf /") in keys
        assert tool._key("k'ube'ctl delete ns prod") in keys


class TestGoldenTool:
    """
    The generator's pieces: the literal finder, the comparison, the CLI.
    """

    def test_literals(self) -> None:
        """
        First literal arguments of ``score``/``parse`` calls (strings or
        argv lists), ``parametrize`` strings and module-level table strings
        are inputs; other calls' arguments are not.
        """
        source = (
            "import pytest\n"
            "CASES = ('ls', ('rm x', 1))\n"
            "score('a b')\n"
            "blastradius.score(['kubectl', 'get'])\n"
            "parse(x)\n"
            "print('not me')\n"
            "score(['a', f])\n"
            "@pytest.mark.parametrize('cmd', ['c d', 'e'])\n"
            "def test_x(cmd): pass\n"
        )

        found = list(tool.literals_of(source))

        assert sorted(map(tool._key, found)) == sorted(
            map(
                tool._key,
                ["a b", ["kubectl", "get"], "c d", "e", "ls", "rm x"],
            )
        )

    def test_all_is_not_an_input(self) -> None:
        """
        The names of a module's ``__all__`` (plain or annotated) are not
        inputs; its other module-level tables are.
        """
        source = (
            "__all__ = ['policies', 'names']\n"
            "__all__: list[str] = ['more']\n"
            "CASES: list[str] = ['ls -la']\n"
        )

        found = list(tool.literals_of(source))

        assert found == ["ls -la"]

    def test_sources_at_any_depth(self, tmp_path: Path) -> None:
        """
        Test sources are the Python files at any depth under the tests
        directory (support modules and test packages), ``tests/data``
        aside; the harvest reads them all.
        """
        for rel in ("a.py", "sub/b.py", "sub/deep/c.py", "data/d.py"):
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"score({rel!r})\n", encoding="utf-8")
        (tmp_path / "notes.txt").write_text("score('no')\n", "utf-8")

        sources = tool.source_files(tmp_path)

        assert [p.relative_to(tmp_path).as_posix() for p in sources] == [
            "a.py",
            "sub/b.py",
            "sub/deep/c.py",
        ]
        assert list(tool.literal_inputs(tmp_path)) == [
            "a.py",
            "sub/b.py",
            "sub/deep/c.py",
        ]
        assert tool._key("helm upgrade api chart -n prod") in set(tool.load())

    def test_compare_counts_per_rule(self) -> None:
        """
        A changed assessment counts once for each rule it involves, before
        or after; added and removed inputs are counted apart.
        """

        def row(cmd: str, score: int, rules: list[str]) -> dict[str, object]:
            return {"input": cmd, "score": score, "tier": "x", "rules": rules}

        old = {
            "a": row("a", 1, ["r.one"]),
            "b": row("b", 2, ["r.one", "r.two"]),
            "c": row("c", 3, []),
            "d": row("d", 0, []),
        }
        new = {
            "a": row("a", 1, ["r.one"]),
            "b": row("b", 5, ["r.two", "r.three"]),
            "c": row("c", 4, []),
            "e": row("e", 0, []),
        }

        per_rule, changed, added, removed = tool.compare(old, new)

        assert per_rule == {
            "r.one": 1,
            "r.two": 1,
            "r.three": 1,
            "(no rule)": 1,
        }
        assert (changed, added, removed) == (2, 1, 1)
        assert tool.report(old, old) == []
        assert tool.report(old, new)[0].startswith(
            "golden: 2 changed, 1 added"
        )

    def test_check_and_write(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        ``--check`` exits 1 and names the rule of a tampered line; after
        ``--write`` it exits 0; a missing file is all "added" (over a few
        inputs, to stay fast).
        """
        few = ["kubectl delete ns prod", "ls", ["rm", "-rf", "/"]]
        monkeypatch.setattr(tool, "inputs", lambda: few)
        golden = tmp_path / "golden.jsonl"
        assert tool.main(["--check", "--golden", str(golden)]) == 1
        assert tool.main(["--write", "--golden", str(golden)]) == 0
        assert tool.main(["--check", "--golden", str(golden)]) == 0
        lines = golden.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            row = json.loads(line)
            if row["input"] == "kubectl delete ns prod":
                row["score"] = 1
                lines[i] = json.dumps(row, sort_keys=True)
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
        capsys.readouterr()

        assert tool.main(["--check", "--golden", str(golden)]) == 1
        out = capsys.readouterr().out
        assert "golden: 1 changed, 0 added, 0 removed" in out
        assert "kubectl.delete.namespace: 1" in out

    def test_prints(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        Without a flag the tool prints one JSON line per input.
        """
        monkeypatch.setattr(tool, "inputs", lambda: ["ls", "rm -rf /"])
        assert tool.main([]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert [json.loads(line)["input"] for line in lines] == [
            "ls",
            "rm -rf /",
        ]
        assert json.loads(lines[0]).keys() == {
            "input",
            "score",
            "tier",
            "rules",
            "reasons",
        }
