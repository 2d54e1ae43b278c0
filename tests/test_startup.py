"""
What a fresh process imports on the short paths (issue 17's startup
targets): behaviour, not timing — the timings are in bench/bench.py.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from blastradius import _cli
from blastradius._cli import _common, _parser, _score


_PRINT_MODULES = "\nimport sys\nsys.stderr.write(repr(sorted(sys.modules)))\n"

# Modules the plain ``blastradius CMD...`` path and ``score()`` must not
# load: the options parser and JSON (only for options / --json), the
# adapters (I/O), the other subcommands.
_NOT_ON_THE_PLAIN_PATH = (
    "argparse",
    "json",
    "pathlib",
    "gettext",
    "shutil",
    "blastradius.adapters",
    "blastradius._cli._parser",
    "blastradius._cli._hook",
    "blastradius._cli._scan",
    "blastradius._cli._rules",
)


def _modules(code: str, *args: str) -> set[str]:
    """
    The modules a fresh interpreter has loaded after running *code* with
    *args* (``SystemExit`` from the CLI's ``main`` caught).
    """
    wrapped = f"try:\n    {code}\nexcept SystemExit:\n    pass\n"
    done = subprocess.run(
        [sys.executable, "-c", wrapped + _PRINT_MODULES, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    loaded = ast.literal_eval(done.stderr)
    assert isinstance(loaded, list)
    return set(loaded)


def _found(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(
        m for m in loaded for n in names if m == n or m.startswith(n + ".")
    )


_MAIN = "from blastradius._cli import main; main(sys.argv[1:])"


class TestPlainPath:
    """
    ``blastradius CMD...`` scores without the options parser or JSON.
    """

    def test_plain_command(self) -> None:
        """
        Scoring words with no option loads the engine and the score
        subcommand, and none of the parser, JSON, adapters or the other
        subcommands.
        """
        loaded = _modules(f"import sys; {_MAIN}", "kubectl", "get", "pods")

        assert "blastradius._score" in loaded
        assert "blastradius._cli._score" in loaded
        assert _found(loaded, _NOT_ON_THE_PLAIN_PATH) == []

    def test_options_load_the_parser(self) -> None:
        """
        With an option (``--json``) the parser and JSON are loaded: the
        check above sees a real difference.
        """
        loaded = _modules(f"import sys; {_MAIN}", "--json", "ls")

        assert {"argparse", "json", "blastradius._cli._parser"} <= loaded

    def test_version_loads_no_engine(self) -> None:
        """
        ``blastradius --version`` loads neither the engine, attrs nor the
        parser (`importlib.metadata` loads pathlib on its own).
        """
        loaded = _modules(f"import sys; {_MAIN}", "--version")
        engine = ("attrs", "attr", "blastradius._model", "blastradius._score")

        assert _found(loaded, engine) == []
        assert _found(loaded, ("argparse", "blastradius._cli._parser")) == []

    def test_score_function(self) -> None:
        """
        ``from blastradius import score; score("kubectl get pods")`` loads
        none of the front end, the parser, JSON or the adapters.
        """
        loaded = _modules(
            'from blastradius import score; score("kubectl get pods")'
        )

        assert (
            _found(loaded, (*_NOT_ON_THE_PLAIN_PATH, "blastradius._cli")) == []
        )

    def test_score_without_now_loads_no_datetime(self) -> None:
        """
        ``score()`` without *now* never needs `datetime` (about 2.7 ms of
        a fresh process); with *now* it checks the type.
        """
        loaded = _modules(
            'from blastradius import score; score("kubectl get pods")'
        )

        assert _found(loaded, ("datetime",)) == []


class TestPlainPathAgrees:
    """
    The plain path prints and exits exactly as the parsed path.
    """

    @pytest.mark.parametrize(
        "words",
        [
            ["kubectl", "get", "pods"],
            ["kubectl", "delete", "ns", "prod", "--json"],
            ["rm", "-rf", "/"],
            ["ls", "--", "-h"],
            ["a b", "--policy", "p"],
            [""],
        ],
    )
    def test_same_as_score_dash_dash(
        self, capsys: pytest.CaptureFixture[str], words: list[str]
    ) -> None:
        """
        ``blastradius WORDS`` and ``blastradius score -- WORDS`` print the
        same report and exit alike: options after the first word are part
        of the command on both.
        """
        plain = _cli.main(words)
        plain_out = capsys.readouterr()
        parsed = _cli.main(["score", "--", *words])
        parsed_out = capsys.readouterr()

        assert (plain, plain_out.out) == (parsed, parsed_out.out)
        assert plain_out.out.startswith("score: ")

    def test_typo_of_a_subcommand(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        On the plain path too (called without the dispatcher's own
        check), a first word one edit away from a subcommand is a usage
        error naming it.
        """
        with pytest.raises(SystemExit) as info:
            _score.run(["scroe", "ls"], implicit=True)

        assert info.value.code == _cli.EXIT_USAGE
        assert "did you mean 'score'?" in capsys.readouterr().err


class TestParserName:
    """
    `blastradius._cli._common.Parser` still names the parser, lazily.
    """

    def test_served_lazily(self) -> None:
        """
        The old name is the parser class; other names are errors.
        """
        assert _common.Parser is _parser.Parser
        with pytest.raises(AttributeError, match="no_such_name"):
            _ = _common.no_such_name
