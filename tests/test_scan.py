from __future__ import annotations

import io
import json
import os
import pickle
import subprocess
import sys

from pathlib import Path

import jsonschema
import pytest

from hypothesis import given
from hypothesis import strategies as st

import blastradius

from blastradius._cli import (
    EXIT_AUTO,
    EXIT_FOUND,
    EXIT_POLICY,
    EXIT_USAGE,
    main,
)
from blastradius._cli import _scan as scan_cli
from blastradius._extract import (
    FORMATS,
    ExtractError,
    Snippet,
    detect,
    extract,
    shell_first_line,
)
from blastradius._extract._shell import split_shell


DATA = Path(__file__).parent / "data"
REPO = DATA / "scan_repo"
SRC = Path(__file__).parent.parent / "src"

EXPECTED = {
    ("scripts/deploy.sh", 6): "blocked",
    ("scripts/deploy.sh", 12): "blocked",
    ("tools/cleanup", 3): "blocked",
    (".github/workflows/ci.yml", 12): "blocked",
    (".github/workflows/ci.yml", 15): "blocked",
    (".github/workflows/ci.yml", 21): "dual",
    (".gitea/workflows/release.yaml", 10): "dual",
    (".gitlab-ci.yml", 12): "blocked",
    (".gitlab-ci.yml", 17): "blocked",
    ("docker/Dockerfile", 3): "human",
    ("docker/Dockerfile", 4): "blocked",
    ("docker/Dockerfile", 7): "blocked",
    ("docker/Dockerfile", 10): "blocked",
    ("Makefile", 9): "blocked",
    ("Makefile", 12): "blocked",
    ("Makefile", 15): "blocked",
    ("lists/ops.commands", 3): "blocked",
    ("lists/ops.jsonl", 2): "blocked",
    ("lists/ops.jsonl", 3): "blocked",
}
"""Every command above AUTO in the fixture repository: (path, line) →
tier. The shell scripts' here document, the pwsh step, the dot-directory
``.hidden`` and the README hold dangerous text that is no command."""


def _scan(
    capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    code = main(["scan", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _usage(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as info:
        main(["scan", *args])
    assert info.value.code == EXIT_USAGE
    return capsys.readouterr().err


def _lines(fmt: str, text: str) -> list[tuple[int, object]]:
    return [(s.line, s.command) for s in extract(fmt, text)]


def _sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(
        (DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
    )
    return jsonschema.Draft4Validator(schema)


class TestDetect:
    @pytest.mark.parametrize(
        ("path", "head", "fmt"),
        [
            (".github/workflows/ci.yml", "", "actions"),
            ("repo/.gitea/workflows/r.yaml", "", "actions"),
            ("x/action.yml", "", "actions"),
            (".gitlab-ci.yml", "", "gitlab"),
            ("ci/build.gitlab-ci.yml", "", "gitlab"),
            ("config.yml", "", None),
            ("Dockerfile", "", "dockerfile"),
            ("a/Containerfile", "", "dockerfile"),
            ("Dockerfile.dev", "", "dockerfile"),
            ("app.dockerfile", "", "dockerfile"),
            ("Makefile", "", "makefile"),
            ("GNUmakefile", "", "makefile"),
            ("rules.mk", "", "makefile"),
            ("run.sh", "", "shell"),
            ("run.bash", "", "shell"),
            ("bin/deploy", "#!/bin/bash -e", "shell"),
            ("bin/deploy", "#!/usr/bin/env -S bash", "shell"),
            ("bin/tool", "#!/usr/bin/env python3", None),
            ("ops.commands", "", "commands"),
            ("ops.cmds", "", "commands"),
            ("ops.jsonl", "", "jsonl"),
            ("README.md", "#!/bin/sh", None),
        ],
    )
    def test_formats(self, path: str, head: str, fmt: str | None) -> None:
        """
        The format comes from the file's name, else its shebang.
        """
        assert detect(path, head) == fmt

    @pytest.mark.parametrize("head", ["", "#!", "#!/usr/bin/env", "# hi"])
    def test_not_shebang(self, head: str) -> None:
        """
        No shebang or an empty one names no shell.
        """
        assert shell_first_line(head) is False

    def test_unknown_format(self) -> None:
        """
        `extract` of an unknown format is a `ValueError` naming the
        formats.
        """
        with pytest.raises(ValueError, match="jsonl"):
            extract("yaml", "")
        assert "jsonl" in FORMATS


_FILE_TEXT = st.text(
    st.sampled_from(list("ab \t\n\\'\"`$(){}[]#:;|&<>-=@+*!%,.\r\x00"))
    | st.characters(),
    max_size=120,
)


class TestExtractTotal:
    @pytest.mark.parametrize("fmt", FORMATS)
    @given(text=_FILE_TEXT)
    def test_any_text(self, fmt: str, text: str) -> None:
        """
        For any text every extractor returns snippets whose lines lie in
        the text, or raises `ExtractError`; nothing else.
        """
        lines: list[int] = []
        try:
            snippets = extract(fmt, text)
        except ExtractError as e:
            lines.append(e.line)
            snippets = []
        assert all(n >= 1 for n in lines)
        count = len(text.split("\n"))
        for s in snippets:
            assert 1 <= s.line <= s.end_line <= count


class TestSnippet:
    @pytest.mark.parametrize(
        "kwargs",
        [
            {"line": 0, "command": "ls"},
            {"line": 3, "end_line": 2, "command": "ls"},
            {"line": 1, "command": ["ls", 3]},
        ],
    )
    def test_invalid(self, kwargs: dict[str, object]) -> None:
        """
        Lines are 1-based and ordered; an argv holds strings only.
        """
        with pytest.raises((ValueError, TypeError)):
            Snippet(**kwargs)  # type: ignore[arg-type]

    def test_text(self) -> None:
        """
        An argv is shown quoted as one shell line; a text as itself.
        """
        assert Snippet(line=1, command=("a b", "c")).text == "'a b' c"
        assert Snippet(line=1, command="a b").text == "a b"


class TestSplitShell:
    def test_lines(self) -> None:
        """
        Each line is its own command at its own line (offset by
        *first_line*); blank and comment lines are skipped.
        """
        text = "# c\nls\n\n  rm -rf /\r\nfi\n"
        got = [(s.line, s.end_line, s.command) for s in split_shell(text, 7)]

        assert got == [(8, 8, "ls"), (10, 10, "  rm -rf /"), (11, 11, "fi")]

    @pytest.mark.parametrize(
        ("text", "end"),
        [
            ("echo a \\\n  b\nls", 2),
            ("echo 'a\nb'\nls", 2),
            ("cat <<EOF\n# not a comment\nEOF\nls", 3),
            ("case $1 in\n a) ls ;;\nesac\nls", 3),
            ("x=$(\nls\n)\nls", 3),
        ],
    )
    def test_spans(self, text: str, end: int) -> None:
        """
        A continued line, an open quote, here document, case or
        substitution make one command up to the line that closes it.
        """
        first, second = split_shell(text)

        assert (first.line, first.end_line) == (1, end)
        assert (second.line, second.command) == (end + 1, "ls")

    def test_other_errors_end_a_line(self) -> None:
        """
        A line whose error opens nothing (a stray ``)``) is a command of
        its own.
        """
        got = [(s.line, s.command) for s in split_shell(")\nls")]

        assert got == [(1, ")"), (2, "ls")]

    @pytest.mark.parametrize(
        "opener",
        [
            "echo $'a",
            'echo "a',
            "echo `a",
            "echo $((1",
            "echo ${a",
            "[[ -n x",
            "a=(1",
            "case x in a",
        ],
    )
    def test_every_open_construct(self, opener: str) -> None:
        """
        Each construct the shell layer reports open keeps the next lines
        in the same command until the line that closes it.
        """
        closer = {
            "echo $'a": "'",
            'echo "a': '"',
            "echo `a": "`",
            "echo $((1": "))",
            "echo ${a": "}",
            "[[ -n x": "]]",
            "a=(1": ")",
            "case x in a": ") ;; esac",
        }[opener]
        first, second = split_shell(f"{opener}\nmore\n{closer}\nls")

        assert (first.line, first.end_line) == (1, 3)
        assert (second.line, second.command) == (4, "ls")

    def test_even_backslashes_end_a_line(self) -> None:
        """
        A line ending in an escaped backslash does not continue.
        """
        got = [s.line for s in split_shell("echo \\\\\nls")]

        assert got == [1, 2]

    def test_unterminated_is_cut(self) -> None:
        """
        An open quote never closed is cut after 10,000 lines and scored as
        it stands (never below HUMAN).
        """
        text = "echo '\n" + "x\n" * 12_000
        snippets = list(split_shell(text))

        assert snippets[0].end_line == 10_000
        tier = blastradius.score(snippets[0].command).tier
        assert tier is not blastradius.Tier.AUTO

    def test_long_heredoc(self) -> None:
        """
        A long here document is one command up to its delimiter, quotes
        and all.
        """
        text = "cat <<EOF\n" + "it's 'quoted' \"text\"\n" * 3000 + "EOF\nls\n"
        first, second = split_shell(text)

        assert (first.line, first.end_line) == (1, 3002)
        assert (second.line, second.command) == (3003, "ls")

    def test_reading_is_bounded(self) -> None:
        """
        Lines that keep re-opening a quote are read again only up to a
        budget, then the command is cut where it stands.
        """
        text = "echo '\n" + "a 'b' c\n" * 3000
        first = next(iter(split_shell(text)))

        assert 1 < first.end_line < 3001


_BLOCK_LINE = st.from_regex(r"[a-z][a-z -]{0,15}", fullmatch=True)


class TestActions:
    def test_block_scalar_lines(self) -> None:
        """
        In ``run: |`` each command is at its line in the file, after
        leading blank lines and with a comment after the indicator.
        """
        wf = (
            "jobs:\n"  # 1
            "  a:\n"  # 2
            "    steps:\n"  # 3
            "      - run: |  # build\n"  # 4
            "\n"  # 5
            "          echo a\n"  # 6
            "\n"  # 7
            "          rm -rf /\n"  # 8
        )

        assert _lines("actions", wf) == [(6, "echo a"), (8, "rm -rf /")]

    @given(
        st.lists(_BLOCK_LINE, min_size=1, max_size=8),
        st.sampled_from(["|", "|-", "|+", "|2", "|-4", "|+3"]),
        st.integers(min_value=1, max_value=8),
        st.integers(min_value=0, max_value=3),
    )
    def test_block_property(
        self, body: list[str], indicator: str, indent: int, blanks: int
    ) -> None:
        """
        For any lines, chomping and indentation (with an explicit indicator
        or not), line *i* of a literal block is reported at its file line.
        """
        digits = "".join(c for c in indicator if c.isdigit())
        step = int(digits) if digits else indent
        pad = " " * (8 + step)  # the step mapping is at column 8
        head = "jobs:\n  a:\n    steps:\n      - run: " + indicator + "\n"
        text = head + "\n" * blanks
        text += "".join(f"{pad}{line}\n" for line in body) + "\n\n"
        first = 5 + blanks
        expected = [
            (first + i, line) for i, line in enumerate(body) if line.strip()
        ]

        got = [(s.line, s.text.strip()) for s in extract("actions", text)]

        assert got == [(n, line.strip()) for n, line in expected]

    @pytest.mark.parametrize(
        ("run", "line"),
        [
            ("run: rm -rf /", 4),
            ("run: 'rm -rf /'", 4),
            ('run: "rm -rf /"', 4),
            ("run: >\n          rm -rf\n          /", 5),
            ("run: >-\n          rm -rf /", 5),
        ],
    )
    def test_other_scalars(self, run: str, line: int) -> None:
        """
        Plain, quoted and folded scalars are one command at their first
        line (folded lines are joined, as YAML reads them).
        """
        wf = f"jobs:\n  a:\n    steps:\n      - {run}\n"

        assert _lines("actions", wf) == [(line, "rm -rf /")]

    def test_quoted_newlines(self) -> None:
        """
        A quoted scalar holding several lines gives each command at the
        scalar's line.
        """
        wf = 'jobs:\n  a:\n    steps:\n      - run: "ls\\nrm -rf /"\n'

        assert _lines("actions", wf) == [(4, "ls"), (4, "rm -rf /")]

    def test_expressions_are_dynamic(self) -> None:
        """
        A ``${{ … }}`` expression stands for a word known only at run
        time.
        """
        wf = "on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ x }}\n"

        (snippet,) = extract("actions", wf)
        assert snippet.command == "echo $BLASTRADIUS_EXPRESSION"

    @pytest.mark.parametrize(
        ("shell", "found"),
        [
            ("bash", True),
            ("bash -e {0}", True),
            ("/bin/sh", True),
            ("pwsh", False),
            ("python", False),
            ("''", False),
        ],
    )
    def test_shell(self, shell: str, found: bool) -> None:
        """
        Steps run by bash or sh are read; pwsh, python and others are not.
        """
        wf = (
            "jobs:\n  a:\n    steps:\n"
            f"      - shell: {shell}\n        run: rm -rf /\n"
        )

        assert bool(extract("actions", wf)) is found

    def test_default_shells(self) -> None:
        """
        A job's or the workflow's ``defaults.run.shell`` and a Windows
        runner's default (pwsh) apply to steps without ``shell:``; a step's
        own ``shell: bash`` wins; a runner only known at run time is read
        as bash.
        """
        wf = (
            "defaults:\n"  # 1
            "  run:\n"  # 2
            "    shell: pwsh\n"  # 3
            "jobs:\n"  # 4
            "  a:\n"  # 5
            "    steps:\n"  # 6
            "      - run: rm -rf a\n"  # 7
            "      - run: rm -rf b\n"  # 8
            "        shell: bash\n"  # 9
            "  b:\n"  # 10
            "    defaults: {run: {shell: bash}}\n"  # 11
            "    steps:\n"  # 12
            "      - run: rm -rf c\n"  # 13
        )
        assert _lines("actions", wf) == [(8, "rm -rf b"), (13, "rm -rf c")]

        jobs = (
            "jobs:\n"  # 1
            "  w:\n"  # 2
            "    runs-on: windows-latest\n"  # 3
            "    steps: [{run: rm -rf a}]\n"  # 4
            "  s:\n"  # 5
            "    runs-on: [self-hosted, Windows]\n"  # 6
            "    steps: [{run: rm -rf b}]\n"  # 7
            "  m:\n"  # 8
            "    runs-on: ${{ matrix.os }}\n"  # 9
            "    steps: [{run: rm -rf c}]\n"  # 10
            "  n:\n"  # 11
            "    steps: [{run: rm -rf d}]\n"  # 12
            "  x: 3\n"  # 13
        )
        assert _lines("actions", jobs) == [(10, "rm -rf c"), (12, "rm -rf d")]

    def test_composite_and_aliases(self) -> None:
        """
        A composite action's ``runs.steps`` are read; a step reused through
        an alias is reported once, at its anchor.
        """
        action = (
            "runs:\n"
            "  using: composite\n"
            "  steps: &s\n"
            "    - run: rm -rf /\n"
            "      shell: bash\n"
            "    - uses: x/y@v1\n"
            "    - just a string\n"
            "other:\n"
            "  steps: *s\n"
            "more:\n"
            "  steps: 3\n"
            "  run: [1]\n"
        )

        assert _lines("actions", action) == [(4, "rm -rf /")]

    def test_run_not_a_scalar(self) -> None:
        """
        A ``run`` that is not a string holds no command.
        """
        wf = "jobs:\n  a:\n    steps:\n      - run: [ls]\n"

        assert extract("actions", wf) == []

    @pytest.mark.parametrize(
        ("text", "line"),
        [
            ("jobs:\n  a: [\n", 3),
            ("a: 1\n b: 2\n", 2),
            ("key: *nope\n", 1),
        ],
    )
    def test_invalid_yaml(self, text: str, line: int) -> None:
        """
        Broken YAML is an `ExtractError` naming its line.
        """
        with pytest.raises(ExtractError) as info:
            extract("actions", text)

        assert info.value.line == line
        assert "not valid YAML" in str(info.value)

    @pytest.mark.parametrize("fmt", ["actions", "gitlab"])
    def test_too_deep(self, fmt: str) -> None:
        """
        YAML nested deeper than can be read is an `ExtractError`, not a
        crash.
        """
        with pytest.raises(ExtractError, match="nested too deeply"):
            extract(fmt, "[" * 5000)

    def test_no_mark(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        A YAML error without a position is reported at line 1.
        """
        import yaml

        def broken(*args: object, **kwargs: object) -> object:
            msg = "no position"
            raise yaml.YAMLError(msg)

        monkeypatch.setattr(yaml, "compose_all", broken)
        with pytest.raises(ExtractError) as info:
            extract("gitlab", "a: 1\n")

        assert info.value.line == 1


class TestGitlab:
    def test_scripts(self) -> None:
        """
        ``script``, ``before_script`` and ``after_script`` of every job
        and ``default`` are read, nested lists flattened, ``!reference``
        lists skipped, other keys ignored.
        """
        ci = (
            "default:\n"  # 1
            "  before_script: echo a\n"  # 2
            "variables:\n"  # 3
            "  X: 1\n"  # 4
            "stages: [a]\n"  # 5
            "job:\n"  # 6
            "  script:\n"  # 7
            "    - - ls\n"  # 8
            "      - rm -rf /\n"  # 9
            "    - !reference [.x, script]\n"  # 10
            "    - |\n"  # 11
            "      echo b\n"  # 12
            "      kubectl delete ns prod\n"  # 13
            "  after_script: [{a: 1}]\n"  # 14
            "  image: alpine\n"  # 15
        )

        assert _lines("gitlab", ci) == [
            (2, "echo a"),
            (8, "ls"),
            (9, "rm -rf /"),
            (12, "echo b"),
            (13, "kubectl delete ns prod"),
        ]

    @pytest.mark.parametrize("text", ["- a\n- b\n", "", "just text\n"])
    def test_not_a_mapping(self, text: str) -> None:
        """
        A document that is not a mapping of jobs holds no command.
        """
        assert extract("gitlab", text) == []


class TestDockerfile:
    def test_forms(self) -> None:
        """
        Shell form (flags dropped, continuations joined across comment and
        blank lines), exec form, ``ONBUILD RUN``, other instructions.
        """
        df = (
            "FROM alpine\n"  # 1
            "RUN --mount=type=cache,target=/c --network=none ls\n"  # 2
            "run echo a \\\n"  # 3
            "  # note\n"  # 4
            "\n"  # 5
            "  && rm -rf /\n"  # 6
            'RUN ["rm", "-rf", "/"]\n'  # 7
            "ONBUILD RUN kubectl delete ns prod\n"  # 8
            'CMD ["rm", "-rf", "/"]\n'  # 9
            "RUN [not json\n"  # 10
            'RUN ["a", 1]\n'  # 11
        )
        got = [
            (s.line, s.end_line, s.command) for s in extract("dockerfile", df)
        ]

        assert got == [
            (2, 2, "ls"),
            (3, 6, "echo a   && rm -rf /"),
            (7, 7, ("rm", "-rf", "/")),
            (8, 8, "kubectl delete ns prod"),
            (10, 10, "[not json"),
            (11, 11, '["a", 1]'),
        ]

    def test_escape_directive(self) -> None:
        """
        ``# escape=``` makes the backtick the continuation character.
        """
        df = "# escape=`\nFROM x\nRUN echo a `\n  b\\\nRUN ls\n"

        assert _lines("dockerfile", df) == [(3, "echo a   b\\"), (5, "ls")]

    def test_heredocs(self) -> None:
        """
        ``RUN <<EOF`` is a script (each line at its own line); a command
        fed a here document is one command; ``<<-`` strips tabs.
        """
        df = (
            "FROM x\n"  # 1
            "RUN <<EOF\n"  # 2
            "echo a\n"  # 3
            "rm -rf /\n"  # 4
            "EOF\n"  # 5
            "RUN python3 <<-'PY'\n"  # 6
            "import os\n"  # 7
            "\tPY\n"  # 8
            "RUN ls\n"  # 9
            "RUN <<A <<B\n"  # 10
            "x\n"  # 11
            "A\n"  # 12
            "y\n"  # 13
            "B\n"  # 14
        )
        got = [
            (s.line, s.end_line, s.command) for s in extract("dockerfile", df)
        ]

        assert got == [
            (3, 3, "echo a"),
            (4, 4, "rm -rf /"),
            (6, 8, "python3 <<-'PY'\nimport os\nPY"),
            (9, 9, "ls"),
            (10, 14, "<<A <<B\nx\nA\ny\nB"),
        ]

    @pytest.mark.parametrize(
        ("df", "expected"),
        [
            ("# escape=`", []),
            ("RUN <<EOF\nrm -rf /\n", [(2, "rm -rf /")]),
        ],
    )
    def test_ends_early(
        self, df: str, expected: list[tuple[int, str]]
    ) -> None:
        """
        A file of directives only, or a here document never closed (its
        body runs to the end of the file).
        """
        assert _lines("dockerfile", df) == expected

    def test_shell_instruction(self) -> None:
        """
        After ``SHELL ["powershell", …]`` shell-form RUN is not read (exec
        form still is); ``SHELL ["/bin/bash", …]`` reads it again.
        """
        df = (
            'SHELL ["powershell", "-c"]\n'
            "RUN Remove-Item x\n"
            'RUN ["rm", "-rf", "/"]\n'
            'SHELL ["/bin/bash", "-c"]\n'
            "RUN ls\n"
        )

        assert _lines("dockerfile", df) == [(3, ("rm", "-rf", "/")), (5, "ls")]


class TestMakefile:
    def test_recipes(self) -> None:
        """
        Recipe lines after rules, without prefixes, with make references
        dynamic and ``$$`` a dollar; assignments, ``define`` blocks and
        directives are no recipes.
        """
        mk = (
            "X := 1\n"  # 1
            "\tnot a recipe\n"  # 2
            "a: b\n"  # 3
            "\t@-rm -rf $(X) \\\n"  # 4
            "\t  -f\n"  # 5
            "ifdef Y\n"  # 6
            "\t+echo $$HOME ${Z} $@\n"  # 7
            "endif\n"  # 8
            "\n"  # 9
            "\t# a comment to the shell\n"  # 10
            "\t@\n"  # 11
            "define T\n"  # 12
            "\trm -rf /\n"  # 13
            "endef\n"  # 14
            "\tls\n"  # 15
            "c: ; @kubectl delete ns prod\n"  # 16
            "d: ;\n"  # 17
            "just words\n"  # 18
            "\tls\n"  # 19
        )
        got = [
            (s.line, s.end_line, s.command) for s in extract("makefile", mk)
        ]

        assert got == [
            (4, 5, "rm -rf $BLASTRADIUS_MAKE \\\n  -f"),
            (7, 7, "echo $HOME $BLASTRADIUS_MAKE $BLASTRADIUS_MAKE"),
            (16, 16, "kubectl delete ns prod"),
        ]


class TestLists:
    def test_plain(self) -> None:
        """
        One command per line; blank and ``#`` lines skipped.
        """
        assert _lines("commands", "#x\n ls \n\nrm -rf /") == [
            (2, "ls"),
            (4, "rm -rf /"),
        ]

    def test_jsonl(self) -> None:
        """
        Strings, argv lists and ``command`` / ``cmd`` members; other
        records are skipped; a line that is not JSON is an error.
        """
        data = '"ls"\n\n["a"]\n{"command": ["b", "c"]}\n{"cmd": "d"}\n[]\n{"x": 1}\n[1]\n'

        assert _lines("jsonl", data) == [
            (1, "ls"),
            (3, ("a",)),
            (4, ("b", "c")),
            (5, "d"),
        ]
        with pytest.raises(ExtractError) as info:
            extract("jsonl", '"ls"\nnot json\n')
        assert info.value.line == 2


def _findings(out: str) -> dict[tuple[str, int], str]:
    report = json.loads(out)
    prefix = REPO.as_posix() + "/"
    return {
        (f["path"].removeprefix(prefix), f["line"]): f["tier"]
        for f in report["findings"]
    }


class TestScanRepo:
    def test_finds_every_line(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        On the fixture repository every dangerous command is found at its
        file:line with its tier, and nothing else is above AUTO.
        """
        code, out, _ = _scan(capsys, str(REPO), "--format", "json")

        assert code == EXIT_AUTO
        assert _findings(out) == EXPECTED

    def test_json_report(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        The JSON report names the package, schema, counts, each finding's
        format, rule, command and full assessment.
        """
        _, out, _ = _scan(capsys, "--format", "json", str(REPO / "lists"))
        report = json.loads(out)

        assert report["package"] == "blastradius-policy"
        assert report["schema"] == scan_cli.SCAN_SCHEMA
        assert (report["files"], report["commands"]) == (2, 5)
        argv = next(f for f in report["findings"] if f["format"] == "jsonl")
        assert argv["command"] == ["rm", "-rf", "/"]
        assert (
            argv["assessment"]
            == blastradius.score(["rm", "-rf", "/"]).to_dict()
        )
        assert (
            argv["rule"]
            == blastradius.score(["rm", "-rf", "/"]).reasons[0].split()[0]
        )
        assert report["errors"] == []
        assert report["skipped"] == []

    def test_text_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        The text report is a table with a header, one row per finding,
        and a summary; control characters in commands are escaped.
        """
        code, out, _ = _scan(capsys, str(REPO))
        lines = out.splitlines()

        assert code == EXIT_AUTO
        assert lines[0].split() == [
            "LOCATION",
            "TIER",
            "SCORE",
            "RULE",
            "COMMAND",
        ]
        assert len(lines) == len(EXPECTED) + 2
        row = next(x for x in lines if "deploy.sh:6 " in x)
        assert row.split()[1:4] == [
            "BLOCKED",
            "100",
            "shell.rm.recursive-force",
        ]
        assert row.endswith("rm -rf /")
        assert lines[-1].startswith(
            "37 commands in 9 files: 16 blocked, 2 dual, 1 human"
        )

    def test_text_escapes_and_cuts(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A command with an escape sequence is shown escaped; a long one is
        cut; a safe file says so.
        """
        (tmp_path / "a.commands").write_text(
            "rm -rf /\x1b[2J\n" + "kubectl delete ns prod " + "x " * 60 + "\n",
            encoding="utf-8",
        )
        (tmp_path / "b.commands").write_text("ls\n", encoding="utf-8")
        _, out, _ = _scan(capsys, str(tmp_path))
        assert "\x1b" not in out
        assert "\\x1b[2J" in out
        assert "…" in out

        _, out, _ = _scan(capsys, str(tmp_path / "b.commands"))
        assert out == "1 commands in 1 files: none above auto\n"

    def test_sarif_validates(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        ``--format sarif`` is valid SARIF 2.1.0 (the official schema), one
        result per finding at its file and line, our rule ids, and a rule
        entry for each id used.
        """
        code, out, _ = _scan(capsys, "--format", "sarif", str(REPO))
        report = json.loads(out)
        _sarif_validator().validate(report)
        run = report["runs"][0]
        rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
        prefix = REPO.as_uri() + "/"
        found = {
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"][
                    "uri"
                ].removeprefix(prefix),
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            ): r
            for r in run["results"]
        }

        assert code == EXIT_AUTO
        assert report["version"] == "2.1.0"
        assert set(found) == set(EXPECTED)
        for key, tier in EXPECTED.items():
            result = found[key]
            assert result["properties"]["tier"] == tier
            assert result["level"] == (
                "warning" if tier == "human" else "error"
            )
            assert rules[result["ruleIndex"]] == result["ruleId"]
        assert "kubectl.delete.namespace" in rules
        assert len(rules) == len(set(rules))

    def test_sarif_errors_and_absolute(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        An unreadable file is a warning result under ``scan.file.unknown``
        (at the broken line); absolute paths carry no base id; the report
        still validates.
        """
        bad = tmp_path / "sub dir" / ".gitlab-ci.yml"
        bad.parent.mkdir()
        bad.write_text("job:\n  script: [\n", encoding="utf-8")
        _, out, _ = _scan(capsys, "--format=sarif", str(tmp_path.resolve()))
        report = json.loads(out)
        _sarif_validator().validate(report)
        (result,) = report["runs"][0]["results"]
        location = result["locations"][0]["physicalLocation"]

        assert result["ruleId"] == "scan.file.unknown"
        assert result["level"] == "warning"
        assert "uriBaseId" not in location["artifactLocation"]
        assert "sub%20dir" in location["artifactLocation"]["uri"]
        assert location["region"]["startLine"] == 3
        driver = report["runs"][0]["tool"]["driver"]
        assert driver["rules"][0]["shortDescription"]["text"].startswith(
            "the file"
        )

    def test_sarif_relative(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        Relative paths are URIs against the ``SRCROOT`` base, the
        directory scanned from.
        """
        monkeypatch.chdir(REPO.parent)
        _, out, _ = _scan(capsys, "--format", "sarif", "scan_repo/Makefile")
        report = json.loads(out)
        _sarif_validator().validate(report)
        run = report["runs"][0]
        artifact = run["results"][0]["locations"][0]["physicalLocation"][
            "artifactLocation"
        ]

        assert artifact == {
            "uri": "scan_repo/Makefile",
            "uriBaseId": "SRCROOT",
        }
        assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == (
            REPO.parent.as_uri() + "/"
        )

    def test_rule_text_fallback(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A rule the engine emits is described by its catalog row (engine
        ids have rows too); one without any row (a policy's own hard rule)
        by its finding's message.
        """
        from blastradius.rules._catalog import catalog

        (tmp_path / "a.commands").write_text(
            ":(){ :|:& };:\nfrobnicate\nhelm list\n", encoding="utf-8"
        )
        policy = tmp_path / "policy.toml"
        policy.write_text(
            'version = 1\n[[hard_rules]]\nid = "acme.no-helm"\n'
            'program = "helm"\nreason = "no helm here"\n',
            encoding="utf-8",
        )
        _, out, _ = _scan(
            capsys, "--format", "sarif", "--policy", str(policy), str(tmp_path)
        )
        rules = {
            r["id"]: r["shortDescription"]["text"]
            for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
        }
        rows = catalog()

        assert rules["shell.fork-bomb"] == rows["shell.fork-bomb"].message
        assert rules["shell.unknown"] == rows["shell.unknown"].message
        assert rules["acme.no-helm"].startswith("no helm here")

    def test_hit_without_reasons(self) -> None:
        """
        An assessment without reasons has the placeholder rule id.
        """
        hit = scan_cli.Hit(
            snippet=Snippet(line=1, command="ls"),
            assessment=blastradius.Assessment(
                score=0,
                tier=blastradius.Tier.AUTO,
                reasons=[],
                findings=[],
                commands=[],
            ),
        )

        assert hit.rule == "blastradius.none"

    def test_dot_directories(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        ``.hidden`` is skipped while walking; named on the command line,
        its file is read.
        """
        _, out, _ = _scan(capsys, "--format", "json", str(REPO))
        assert ".hidden" not in out

        _, out, _ = _scan(capsys, "--format", "json", str(REPO / ".hidden"))
        assert len(json.loads(out)["findings"]) == 1

    def test_cwd_relative_paths(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        Scanning ``.`` shows paths relative to it; a file named twice (or
        through a directory and by name) is scanned once.
        """
        monkeypatch.chdir(REPO)
        _, out, _ = _scan(capsys, "--format", "json", ".", "Makefile")
        report = json.loads(out)

        assert ("Makefile", 12) in {
            (f["path"], f["line"]) for f in report["findings"]
        }
        assert report["files"] == 9

    def test_named_unknown_file(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A named file of no format scan reads is listed as skipped.
        """
        code, out, _ = _scan(capsys, str(REPO / "README.md"))
        assert code == EXIT_AUTO
        assert "skipped (no format scan reads)" in out

        _, out, _ = _scan(capsys, "--format", "json", str(REPO / "README.md"))
        assert json.loads(out)["skipped"] == [(REPO / "README.md").as_posix()]


class TestScanExit:
    @pytest.mark.parametrize(
        ("tier", "code"),
        [
            ("BLOCKED", EXIT_FOUND),
            ("Dual", EXIT_FOUND),
            ("human", EXIT_FOUND),
            ("auto", EXIT_FOUND),
        ],
    )
    def test_fail_on(
        self, capsys: pytest.CaptureFixture[str], tier: str, code: int
    ) -> None:
        """
        ``--fail-on TIER`` (any case) exits 1 when a command is at or
        above it.
        """
        assert _scan(capsys, "--fail-on", tier, str(REPO))[0] == code

    @pytest.mark.parametrize(
        ("tier", "code"),
        [("blocked", EXIT_AUTO), ("dual", EXIT_FOUND), ("human", EXIT_FOUND)],
    )
    def test_fail_on_threshold(
        self, capsys: pytest.CaptureFixture[str], tier: str, code: int
    ) -> None:
        """
        A DUAL command fails ``--fail-on dual`` and lower, not
        ``--fail-on blocked``.
        """
        path = REPO / ".gitea" / "workflows" / "release.yaml"

        assert _scan(capsys, "--fail-on", tier, str(path))[0] == code

    def test_error_counts_as_human(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """
        A file that cannot be read or parsed is reported and counts as
        HUMAN for ``--fail-on`` (its commands are unknown).
        """
        (tmp_path / "ci.gitlab-ci.yml").write_text("a: [\n", encoding="utf-8")
        (tmp_path / "bin.sh").write_bytes(b"rm -rf /\0\n")
        big = tmp_path / "big.sh"
        with big.open("wb") as f:
            f.truncate(9 * 1024 * 1024)
        code, out, _ = _scan(
            capsys, "--fail-on", "human", "--format", "json", str(tmp_path)
        )
        errors = {
            Path(e["path"]).name: e["message"]
            for e in json.loads(out)["errors"]
        }

        assert code == EXIT_FOUND
        assert errors["bin.sh"] == "a binary file"
        assert "MiB" in errors["big.sh"]
        assert "not valid YAML" in errors["ci.gitlab-ci.yml"]
        assert (
            _scan(capsys, "--fail-on", "dual", str(tmp_path))[0] == EXIT_AUTO
        )
        assert "unreadable" in _scan(capsys, str(tmp_path))[1]

    def test_records_validate(self) -> None:
        """
        A task names a known format; an error line is 1-based.
        """
        with pytest.raises(ValueError, match="fmt"):
            scan_cli.Task(path="x", display="x", fmt="yaml")
        task = scan_cli.Task(path="x", display="x", fmt="shell")
        with pytest.raises(ValueError, match="error_line"):
            scan_cli.FileResult(task=task, error="x", error_line=0)

    def test_extractor_bug_is_an_error(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        An unexpected failure while reading one file is that file's error
        (counted as HUMAN), not the end of the scan.
        """
        import blastradius._extract as ex

        def broken(fmt: str, text: str) -> object:
            raise KeyError(fmt)

        monkeypatch.setattr(ex, "extract", broken)
        task = scan_cli.Task(
            path=str(REPO / "Makefile"), display="Makefile", fmt="makefile"
        )
        result = scan_cli.scan_file(task)

        assert result.error == "internal error reading the file (KeyError)"
        assert scan_cli._exit([result], "human") == EXIT_FOUND

    def test_unreadable(self, tmp_path: Path) -> None:
        """
        A file that vanishes or cannot be opened gives an error result.
        """
        task = scan_cli.Task(
            path=str(tmp_path / "gone.sh"), display="gone.sh", fmt="shell"
        )

        result = scan_cli.scan_file(task)

        assert result.error is not None
        assert result.error.startswith("cannot read")
        assert scan_cli._format_of(tmp_path / "gone", "gone") is None

    @pytest.mark.parametrize(
        "args",
        [
            ["--fail-on", "sometimes", "."],
            ["--format", "xml", "."],
            ["--jobs", "0", "."],
            ["/no/such/path"],
            [],
        ],
    )
    def test_usage(
        self, capsys: pytest.CaptureFixture[str], args: list[str]
    ) -> None:
        """
        Bad options and missing paths are usage errors (2).
        """
        assert _usage(capsys, *args)

    def test_usage_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        With ``--format json`` a usage error is JSON.
        """
        err = _usage(capsys, "/no/such/path", "--format", "json")

        assert "no such file" in json.loads(err)["error"]["message"]

    def test_policy(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        ``--policy`` loads the policy (a bad one exits 3) and scores under
        it.
        """
        import types

        monkeypatch.setitem(sys.modules, "blastradius._policy_io", None)
        code, _, err = _scan(capsys, "--policy", "p.toml", str(REPO))
        assert code == EXIT_POLICY
        assert "p.toml" in err or "not supported" in err

        policy = blastradius.Policy(
            overrides=[
                blastradius.RuleOverride(rule="git.push.force", score=99)
            ]
        )
        module = types.ModuleType("blastradius._policy_io")
        module.load_policy = lambda path: policy  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "blastradius._policy_io", module)
        path = REPO / ".gitea" / "workflows" / "release.yaml"
        _, out, _ = _scan(
            capsys, "--policy", "p.toml", "--format", "json", str(path)
        )
        (finding,) = json.loads(out)["findings"]
        assert (
            finding["assessment"]
            == blastradius.score(
                "git push --force origin main", policy=policy
            ).to_dict()
        )

    def test_without_pyyaml(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        Without PyYAML, ``scan`` exits 2 naming the extra to install.
        """
        monkeypatch.setitem(sys.modules, "yaml", None)
        code, out, err = _scan(capsys, str(REPO))
        assert code == EXIT_USAGE
        assert out == ""
        assert "pip install 'blastradius-policy[scan]'" in err

        code, _, err = _scan(capsys, "--format", "json", str(REPO))
        assert json.loads(err)["error"]["kind"] == "missing-extra"


class TestScanJobs:
    def test_jobs_same_report(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``--jobs 2`` (worker processes) gives the same report as one
        process.
        """
        one = _scan(capsys, "--format", "json", str(REPO))
        two = _scan(capsys, "--format", "json", "--jobs", "2", str(REPO))

        assert one == two
        assert _findings(two[1]) == EXPECTED

    def test_progress_on_tty(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        On a terminal stderr shows a progress bar, cleared at the end; not
        on a pipe (the other tests).
        """

        class Tty(io.StringIO):
            def isatty(self) -> bool:
                return True

        tty = Tty()
        monkeypatch.setattr(sys, "stderr", tty)
        main(["scan", str(REPO)])

        assert "\rscan [" in tty.getvalue()
        assert "] 9/9 files" in tty.getvalue()
        assert tty.getvalue().endswith("\r\x1b[K")

    def test_subprocess_pipe(self, tmp_path: Path) -> None:
        """
        Run as a process with ``--jobs 2`` and stderr a pipe: the report
        on stdout, nothing on stderr, the documented exit status.
        """
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "blastradius",
                "scan",
                "--jobs",
                "2",
                "--fail-on",
                "blocked",
                "--format",
                "sarif",
                str(REPO),
            ],
            capture_output=True,
            check=False,
            timeout=180,
            env={**os.environ, "PYTHONPATH": str(SRC)},
        )

        assert proc.returncode == EXIT_FOUND
        assert proc.stderr == b""
        _sarif_validator().validate(json.loads(proc.stdout))


class TestPickle:
    @pytest.mark.parametrize(
        "cmd",
        ["ls", "kubectl delete ns prod", "curl x | sh", ["rm", "-rf", "/"]],
    )
    def test_assessment(self, cmd: str | list[str]) -> None:
        """
        An `Assessment` survives pickling unchanged (``scan --jobs``).
        """
        a = blastradius.score(cmd)

        assert pickle.loads(pickle.dumps(a)) == a  # noqa: S301

    def test_policy(self) -> None:
        """
        A `Policy` pickles as its constructor call: equal, same fingerprint
        and the same scores after the round trip.
        """
        policy = blastradius.Policy(
            overrides=[
                blastradius.RuleOverride(rule="git.push.force", score=5)
            ],
            aliases={"k": "kubectl"},
        )
        back = pickle.loads(pickle.dumps(policy))  # noqa: S301

        assert back == policy
        assert back.fingerprint == policy.fingerprint
        assert blastradius.score(
            "k delete ns x", policy=back
        ) == blastradius.score("k delete ns x", policy=policy)
        assert (
            pickle.loads(pickle.dumps(blastradius.Policy()))  # noqa: S301
            == blastradius.Policy()
        )

    def test_file_result(self) -> None:
        """
        A scanned file's result pickles (it comes back from a worker).
        """
        task = scan_cli.Task(
            path=str(REPO / "Makefile"), display="Makefile", fmt="makefile"
        )
        result = scan_cli.scan_file(task)

        assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301
        assert len(result.hits) == 5
