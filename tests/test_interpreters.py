"""
Tests for the interpreter analyzers: python, node, deno, bun, perl, ruby,
php given inline code.

Command lines follow each interpreter's documentation: python
(docs.python.org/3/using/cmdline.html: ``-c`` ends the options, ``-m``,
``-``, combined ``-Ic``), node (nodejs.org/api/cli.html: ``-e/--eval``,
``-p``, ``-r``), perl (perlrun: ``-e``, ``-E``, ``-M``, ``-i``, ``-l``),
ruby (ruby(1): ``-e``, ``-r``, ``-I``), php
(php.net/manual/en/features.commandline.options.php: ``-r``, ``-f``,
``-S``), deno (``deno eval``, ``deno run``) and bun (``bun -e``).
"""

from __future__ import annotations

import pytest

from hypothesis import given
from hypothesis import strategies as st

import blastradius

from blastradius import Tier
from blastradius.families.interpreters import analyzer as interpreters
from blastradius.families.interpreters._codescan import (
    JS,
    PERL,
    PHP,
    PYTHON,
    RUBY,
    tokenize,
)
from blastradius.families.interpreters.rules import (
    JS_CALLS,
    MODULES,
    PERL_CALLS,
    PHP_CALLS,
    PYTHON_CALLS,
    PYTHON_METHODS,
    RUBY_CALLS,
    RULES,
    RULES_BY_ID,
)


CASES: tuple[tuple[tuple[str, ...], Tier, str], ...] = (
    # -- python ------------------------------------------------------------------
    (
        ("python3", "-c", "import os; os.system('rm -rf /')"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        ("python", "-u", "-c", "import os; os.system('ls -l')"),
        Tier.AUTO,
        "interpreter.shell",
    ),
    (
        ("python", "-Ic", "import os; os.system('rm -rf /')"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        (
            "python3",
            "-c",
            "import subprocess; subprocess.run(['rm', '-rf', '/'])",
        ),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        (
            "python3",
            "-c",
            "import subprocess as sp; sp.call('rm -rf /', shell=True)",
        ),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        (
            "python3",
            "-c",
            "from subprocess import check_output; check_output(['ls'])",
        ),
        Tier.AUTO,
        "interpreter.shell",
    ),
    (
        ("python3", "-c", "from os import system as s; s('rm -rf /')"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        ("python3", "-c", "from os import *; system('rm -rf /')"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        ("python3", "-c", "import os; os.popen('rm -rf /').read()"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        ("python3", "-c", "import shutil; shutil.rmtree('/')"),
        Tier.BLOCKED,
        "interpreter.fs",
    ),
    (
        ("python3", "-c", "import os; os.remove('/etc/passwd')"),
        Tier.DUAL,
        "interpreter.fs",
    ),
    (
        ("python3", "-c", "__import__('os').system('rm -rf /')"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        ("python3", "-c", "import os; os.system(cmd)"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("python3", "-c", "import os; os.system(f'rm -rf {d}')"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("python3", "-c", "exec('import os')"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("python3", "-c", "exec(\"__import__('os').system('rm -rf /')\")"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        (
            "python3",
            "-c",
            "import base64; exec(base64.b64decode('cm0gLXJmIC8='))",
        ),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("python3", "-c", "getattr(__import__('os'), 'sys' + 'tem')('id')"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("python3", "-c", "__import__(name)"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("python3", "-c", "open('/etc/hosts', 'w').write('')"),
        Tier.HUMAN,
        "interpreter.fs",
    ),
    (
        ("python3", "-c", "print(open('/etc/hosts').read())"),
        Tier.AUTO,
        "interpreter.inline",
    ),
    (
        ("python3", "-c", "print('os.system(\"rm -rf /\")')"),
        Tier.AUTO,
        "interpreter.inline",
    ),
    (
        ("python3", "-c", "# os.system('rm -rf /')\nprint(1)"),
        Tier.AUTO,
        "interpreter.inline",
    ),
    (
        ("python3", "-c", "import os; os.kill(1, 9)"),
        Tier.HUMAN,
        "interpreter.signal",
    ),
    (
        (
            "python3",
            "-c",
            "import requests; requests.delete('https://k8s:6443/api/v1/namespaces/prod')",
        ),
        Tier.BLOCKED,
        "interpreter.network",
    ),
    (("python3", "x.py"), Tier.HUMAN, "interpreter.script.unknown"),
    (
        ("python3", "-u", "x.py", "-c", "print(1)"),
        Tier.HUMAN,
        "interpreter.script.unknown",
    ),
    (("python3", "--version"), Tier.AUTO, "interpreter.version"),
    (("python3", "-V"), Tier.AUTO, "interpreter.version"),
    (
        ("python3", "-m", "http.server", "8000"),
        Tier.AUTO,
        "interpreter.server",
    ),
    (
        ("python3", "-m", "json.tool", "x.json"),
        Tier.AUTO,
        "interpreter.inline",
    ),
    (
        ("python3", "-m", "pip", "install", "requests"),
        Tier.HUMAN,
        "interpreter.package-install",
    ),
    (("python3", "-m", "pip", "list"), Tier.AUTO, "interpreter.inline"),
    (("python3", "-m", "pip", "--version"), Tier.AUTO, "interpreter.version"),
    (("python3", "-m", "pytest"), Tier.HUMAN, "interpreter.module.unknown"),
    (
        (
            "python3.12",
            "-W",
            "ignore",
            "-c",
            "import shutil; shutil.rmtree('/')",
        ),
        Tier.BLOCKED,
        "interpreter.fs",
    ),
    (("pypy3", "-c", "print(1)"), Tier.AUTO, "interpreter.inline"),
    # -- node / deno / bun ---------------------------------------------------------
    (
        ("node", "-e", "require('child_process').execSync('rm -rf /')"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        (
            "node",
            "--eval",
            "const cp = require('node:child_process'); cp.exec('rm -rf /')",
        ),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        (
            "node",
            "-e",
            "const {spawnSync} = require('child_process'); spawnSync('rm', ['-rf', '/'])",
        ),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        (
            "node",
            "-e",
            "require('child_process').spawn('rm -rf /', {shell: true})",
        ),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (("node", "-e", "/x/.exec('rm -rf /')"), Tier.AUTO, "interpreter.inline"),
    (
        (
            "node",
            "-e",
            "require('fs').rmSync('/', {recursive: true, force: true})",
        ),
        Tier.BLOCKED,
        "interpreter.fs",
    ),
    (
        ("node", "-e", "require('fs').unlinkSync('/etc/passwd')"),
        Tier.DUAL,
        "interpreter.fs",
    ),
    (
        (
            "node",
            "-e",
            "fetch('https://k8s:6443/api/v1/namespaces/prod', {method: 'DELETE'})",
        ),
        Tier.BLOCKED,
        "interpreter.network",
    ),
    (
        ("node", "-e", "eval(process.argv[1])"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("node", "-e", "require(name)"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("node", "-e", "console.log(`rm -rf /`)"),
        Tier.AUTO,
        "interpreter.inline",
    ),
    (
        ("node", "-r", "dotenv/config", "-e", "console.log(1)"),
        Tier.AUTO,
        "interpreter.inline",
    ),
    (("node", "-p", "process.version"), Tier.AUTO, "interpreter.inline"),
    (("node", "server.js"), Tier.HUMAN, "interpreter.script.unknown"),
    (("node", "--version"), Tier.AUTO, "interpreter.version"),
    (("node", "--check", "app.js"), Tier.AUTO, "interpreter.check"),
    (
        ("deno", "eval", "Deno.removeSync('/', {recursive: true})"),
        Tier.BLOCKED,
        "interpreter.fs",
    ),
    (
        (
            "deno",
            "eval",
            "new Deno.Command('rm', {args: ['-rf', '/']}).outputSync()",
        ),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        ("deno", "run", "-A", "https://example.org/x.ts"),
        Tier.HUMAN,
        "interpreter.script.unknown",
    ),
    (("deno", "--version"), Tier.AUTO, "interpreter.version"),
    (
        ("bun", "-e", "Bun.spawn(['rm', '-rf', '/'])"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (("bun", "add", "left-pad"), Tier.HUMAN, "interpreter.package-install"),
    (("bun", "run", "build.ts"), Tier.HUMAN, "interpreter.script.unknown"),
    # -- perl --------------------------------------------------------------------------
    (("perl", "-e", "system('rm -rf /')"), Tier.BLOCKED, "interpreter.shell"),
    (
        ("perl", "-Mstrict", "-e", "system 'rm', '-rf', '/'"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (("perl", "-e", "exec('rm -rf /')"), Tier.BLOCKED, "interpreter.shell"),
    (("perl", "-e", "print `rm -rf /`"), Tier.BLOCKED, "interpreter.shell"),
    (
        ("perl", "-e", "my $x = qx{rm -rf /};"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        ("perl", "-e", "open(my $fh, '|-', 'rm', '-rf', '/')"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        ("perl", "-e", "open(F, 'rm -rf / |')"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        ("perl", "-e", "use File::Path; rmtree('/')"),
        Tier.BLOCKED,
        "interpreter.fs",
    ),
    (("perl", "-e", "unlink '/etc/passwd'"), Tier.DUAL, "interpreter.fs"),
    (
        ("perl", "-e", "system($cmd)"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("perl", "-e", 'system("rm -rf $dir")'),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (("perl", "-e", "eval $code"), Tier.HUMAN, "interpreter.dynamic.unknown"),
    (("perl", "-e", "print 'system(1)'"), Tier.AUTO, "interpreter.inline"),
    (
        ("perl", "-lne", "print if /error/", "log.txt"),
        Tier.AUTO,
        "interpreter.inline",
    ),
    (
        ("perl", "-pi", "-e", "s/a/b/g", "conf.txt"),
        Tier.HUMAN,
        "interpreter.in-place-edit",
    ),
    (
        ("perl", "-i.bak", "-pe", "s/a/b/", "conf.txt"),
        Tier.HUMAN,
        "interpreter.in-place-edit",
    ),
    (("perl", "script.pl"), Tier.HUMAN, "interpreter.script.unknown"),
    (("perl", "-v"), Tier.AUTO, "interpreter.version"),
    # -- ruby --------------------------------------------------------------------------
    (("ruby", "-e", "system('rm -rf /')"), Tier.BLOCKED, "interpreter.shell"),
    (
        ("ruby", "-e", "system('rm', '-rf', '/')"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (("ruby", "-e", "`rm -rf /`"), Tier.BLOCKED, "interpreter.shell"),
    (("ruby", "-e", "%x(rm -rf /)"), Tier.BLOCKED, "interpreter.shell"),
    (
        ("ruby", "-rfileutils", "-e", "FileUtils.rm_rf('/')"),
        Tier.BLOCKED,
        "interpreter.fs",
    ),
    (
        ("ruby", "-e", "require 'open3'; Open3.capture2('rm -rf /')"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        ("ruby", "-e", 'system("rm -rf #{dir}")'),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("ruby", "-e", "Object.send(:system, 'id')"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (("ruby", "-e", "puts 'hello'"), Tier.AUTO, "interpreter.inline"),
    (("ruby", "app.rb"), Tier.HUMAN, "interpreter.script.unknown"),
    # -- php ---------------------------------------------------------------------------
    (("php", "-r", "system('rm -rf /');"), Tier.BLOCKED, "interpreter.shell"),
    (
        ("php", "-r", "echo shell_exec('rm -rf /');"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (("php", "-r", "echo `rm -rf /`;"), Tier.BLOCKED, "interpreter.shell"),
    (("php", "-r", "unlink('/etc/passwd');"), Tier.DUAL, "interpreter.fs"),
    (("php", "-r", "unlink('notes.txt');"), Tier.HUMAN, "interpreter.fs"),
    (
        ("php", "-r", "eval(base64_decode('cGhwaW5mbygpOw=='));"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("php", "-r", "$f = 'system'; $f('id');"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("php", "-d", "memory_limit=1G", "-r", "echo 1;"),
        Tier.AUTO,
        "interpreter.inline",
    ),
    (("php", "-S", "localhost:8000"), Tier.AUTO, "interpreter.server"),
    (("php", "-f", "x.php"), Tier.HUMAN, "interpreter.script.unknown"),
    (("php", "-l", "x.php"), Tier.AUTO, "interpreter.check"),
    (("php", "--version"), Tier.AUTO, "interpreter.version"),
)


class TestInterpreterTable:
    @pytest.mark.parametrize(
        ("argv", "tier", "rule"), CASES, ids=[" ".join(a) for a, _, _ in CASES]
    )
    def test_case(self, argv: tuple[str, ...], tier: Tier, rule: str) -> None:
        """
        Each documented command gets its expected tier and rule id.
        """
        got = blastradius.score(list(argv))
        assert rule in {f.rule for f in got.findings}, got.reasons
        assert got.tier is tier, got.reasons

    def test_nested_commands_are_analysed_via_the_interpreter(self) -> None:
        """
        Shell strings become nested commands marked with their origin.
        """
        got = blastradius.score(
            ["python3", "-c", "import os; os.system('kubectl delete ns prod')"]
        )
        nested = [c for c in got.commands if c.program == "kubectl"]
        assert nested
        assert nested[0].via[-1] == "python3 -c"
        assert (
            got.tier
            is blastradius.score(["kubectl", "delete", "ns", "prod"]).tier
        )

    def test_rmtree_is_rm_rf(self) -> None:
        """
        shutil.rmtree(path) is analysed as ``rm -rf path``.
        """
        got = blastradius.score(
            ["python3", "-c", "import shutil; shutil.rmtree('/srv/data')"]
        )
        assert ("rm", "-rf", "/srv/data") in [c.argv for c in got.commands]

    def test_through_the_shell(self) -> None:
        """
        The quoted code of a real command line reaches the analyzer intact.
        """
        got = blastradius.score(
            "python3 -c \"import os; os.system('rm -rf /')\""
        )
        assert got.tier is Tier.BLOCKED


class TestTokenizers:
    @pytest.mark.parametrize(
        ("code", "lang", "strings"),
        [
            ("x = 'a' + \"b\" # 'c'", PYTHON, ["a", "b"]),
            ("x = r'\\n' + '\\n'", PYTHON, ["\\n", "\n"]),
            ("x = '''a'b'''", PYTHON, ["a'b"]),
            ("x = 'a' // 'b'\n/* 'c' */ `d`", JS, ["a", "d"]),
            ("print q{a}, qq(b), 'c' # 'd'", PERL, ["a", "b", "c"]),
            ("s/'/x/g; print 'y'", PERL, ["y"]),
            ("puts %q(a), 'b' # 'c'", RUBY, ["a", "b"]),
            ("echo 'a'; # 'b'\n// 'c'\necho \"d\";", PHP, ["a", "d"]),
        ],
    )
    def test_strings_and_comments(
        self, code: str, lang: object, strings: list[str]
    ) -> None:
        """
        String literals are read with the language's syntax; comments are
        skipped.
        """
        from blastradius.families.interpreters._codescan import Lang

        assert isinstance(lang, Lang)
        got = [t.text for t in tokenize(code, lang) if t.kind == "string"]
        assert got == strings

    @pytest.mark.parametrize(
        ("code", "lang"),
        [
            ("f'{x}'", PYTHON),
            ("`a${b}`", JS),
            ('"a $b"', PERL),
            ('"a #{b}"', RUBY),
            ('"a $b"', PHP),
        ],
    )
    def test_interpolation_is_dynamic(self, code: str, lang: object) -> None:
        """
        Strings that interpolate are marked dynamic.
        """
        from blastradius.families.interpreters._codescan import Lang

        assert isinstance(lang, Lang)
        tokens = tokenize(code, lang)
        assert any(t.dynamic for t in tokens)

    @given(
        st.text(max_size=120),
        st.sampled_from(["python", "javascript", "perl", "ruby", "php"]),
    )
    def test_total(self, code: str, language: str) -> None:
        """
        Any code is scanned without raising and names known rules only.
        """
        fx = interpreters.code_effects(code, language)
        for rule, _words in fx.rules:
            assert rule in RULES_BY_ID

    @pytest.mark.usefixtures("untraced")
    def test_linear(self) -> None:
        """
        Large inputs are scanned in bounded time (no quadratic rescans).
        """
        import time

        code = "import os; os.path.join('a', 'b')\n" * 20_000
        start = time.perf_counter()
        interpreters.code_effects(code, "python")
        assert time.perf_counter() - start < 15.0


class TestProperties:
    @given(
        st.sampled_from(["-u", "-B", "-O", "-s", "-E", "-W ignore", "-X dev"]),
        st.sampled_from(
            [c for c in CASES if c[0][0] == "python3" and c[0][1] == "-c"]
        ),
    )
    def test_harmless_flags_never_change_the_score(
        self, flag: str, case: tuple[tuple[str, ...], Tier, str]
    ) -> None:
        """
        Flags before -c never change what the code is scored.
        """
        argv = case[0]
        plain = blastradius.score(list(argv))
        flagged = blastradius.score([argv[0], *flag.split(), *argv[1:]])
        assert flagged.score == plain.score


class TestTables:
    def test_actions_and_rules_exist(self) -> None:
        """
        Every table value is a known action or a rule id.
        """
        actions = set(interpreters._ACTIONS)
        for table in (
            PYTHON_CALLS,
            PYTHON_METHODS,
            JS_CALLS,
            PERL_CALLS,
            RUBY_CALLS,
            PHP_CALLS,
        ):
            for value in table.values():
                assert value in actions or value in RULES_BY_ID, value
        for rule in MODULES.values():
            assert rule in RULES_BY_ID

    def test_ids(self) -> None:
        """
        Ids are unique, start with interpreter. and unknowns end in .unknown.
        """
        ids = [r.id for r in RULES]
        assert len(ids) == len(set(ids))
        for row in RULES:
            assert row.id.startswith("interpreter.")
            assert (row.kind.value == "unknown") == row.id.endswith(".unknown")


# Edge cases of option parsing and call shapes (each checked by hand).
EDGE_CASES: tuple[tuple[tuple[str, ...], Tier, str], ...] = (
    (
        ("perl", "-e", "print `rm -rf $dir`"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (("php", "-r", "$$a = 1;"), Tier.HUMAN, "interpreter.dynamic.unknown"),
    (
        ("python3", "-c", "from os import (system, popen); system('ls')"),
        Tier.AUTO,
        "interpreter.shell",
    ),
    (
        ("python3", "-c", "from os import path, system as s; s('id')"),
        Tier.AUTO,
        "interpreter.shell",
    ),
    (
        ("python3", "-c", "import os.path as p; p.join('a')"),
        Tier.AUTO,
        "interpreter.inline",
    ),
    (("python3", "-c", "self.system('ls')"), Tier.AUTO, "interpreter.inline"),
    (("python3", "-c", "x.system('ls')"), Tier.AUTO, "interpreter.shell"),
    (("node", "-e", "x.remove('/a')"), Tier.AUTO, "interpreter.inline"),
    (("node", "-e", "fs.rename('a', 'b')"), Tier.HUMAN, "interpreter.fs"),
    (("node", "-e", "Deno.rename('a','b')"), Tier.HUMAN, "interpreter.fs"),
    (("node", "-e", "foo.bar()"), Tier.AUTO, "interpreter.inline"),
    (
        ("ruby", "-e", "x.instance_eval('1')"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (("ruby", "-e", "a.b.c"), Tier.AUTO, "interpreter.inline"),
    (
        ("python3", "-c", "import subprocess; subprocess.run(args)"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("python3", "-c", "import subprocess; subprocess.run()"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        (
            "python3",
            "-c",
            "import asyncio; asyncio.create_subprocess_exec('rm', '-rf', '/')",
        ),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        (
            "python3",
            "-c",
            "import asyncio; asyncio.create_subprocess_exec(*cmd)",
        ),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("node", "-e", "require('child_process').spawn(cmd)"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("deno", "eval", "new Deno.Command(cmd)"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("deno", "eval", "new Deno.Command('rm', {args: ['-rf', dir]})"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("deno", "eval", "Deno.run({cmd: ['rm', '-rf', '/']})"),
        Tier.BLOCKED,
        "interpreter.shell",
    ),
    (
        ("node", "-e", "require('fs').rmSync(p)"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("python3", "-c", "import shutil; shutil.move('/etc', '/tmp/x')"),
        Tier.DUAL,
        "interpreter.fs",
    ),
    (
        ("python3", "-c", "import shutil; shutil.move(a, b)"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        (
            "python3",
            "-c",
            "import requests; requests.request('DELETE', 'https://k8s:6443/api/v1/namespaces/prod')",
        ),
        Tier.BLOCKED,
        "interpreter.network",
    ),
    (
        (
            "python3",
            "-c",
            "import urllib.request; urllib.request.urlopen('https://example.org')",
        ),
        Tier.HUMAN,
        "interpreter.network",
    ),
    (
        ("python3", "-c", "import requests; requests.get(url)"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (("node", "-e", "fetch(url)"), Tier.HUMAN, "interpreter.dynamic.unknown"),
    (
        ("node", "-e", "fetch('https://x', {method: m})"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("node", "-e", "fetch('https://example.org')"),
        Tier.HUMAN,
        "interpreter.network",
    ),
    (
        (
            "node",
            "-e",
            "axios.delete('https://k8s:6443/api/v1/namespaces/prod')",
        ),
        Tier.BLOCKED,
        "interpreter.network",
    ),
    (
        ("python3", "-c", "open('/tmp/x', mode='w')"),
        Tier.HUMAN,
        "interpreter.fs",
    ),
    (
        ("python3", "-c", "open('/tmp/x', mode=m)"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("python3", "-c", "open('/tmp/x', m)"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("perl", "-e", "open(my $fh, $mode, 'x')"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("perl", "-e", "open(my $fh, '-|', $cmd)"),
        Tier.HUMAN,
        "interpreter.dynamic.unknown",
    ),
    (
        ("perl", "-e", "open(my $fh, '-|', 'ls -l')"),
        Tier.AUTO,
        "interpreter.shell",
    ),
    (
        ("perl", "-e", "open(my $fh, '>', '/etc/x')"),
        Tier.HUMAN,
        "interpreter.fs",
    ),
    (
        ("perl", "-e", "open(my $fh, '<', '/etc/x')"),
        Tier.AUTO,
        "interpreter.inline",
    ),
    (("python3", "-"), Tier.HUMAN, "interpreter.stdin.unknown"),
    (("python3", "--help"), Tier.AUTO, "interpreter.version"),
    (
        ("python3", "--check-hash-based-pycs", "always", "-c", "print(1)"),
        Tier.AUTO,
        "interpreter.inline",
    ),
    (("python3", "--foo", "-c", "print(1)"), Tier.AUTO, "interpreter.inline"),
    (("python3", "-cprint(1)"), Tier.AUTO, "interpreter.inline"),
    (("python3", "-c"), Tier.AUTO, "interpreter.version"),
    (
        ("python3", "-X", "dev", "-c", "print(1)"),
        Tier.AUTO,
        "interpreter.inline",
    ),
    (
        ("python3", "-Wignore", "-c", "print(1)"),
        Tier.AUTO,
        "interpreter.inline",
    ),
    (("python3",), Tier.HUMAN, "interpreter.stdin.unknown"),
    (("perl", "--", "x.pl"), Tier.HUMAN, "interpreter.script.unknown"),
    (("perl", "-i", "-e", "1"), Tier.AUTO, "interpreter.inline"),
    (("perl", "-e1"), Tier.AUTO, "interpreter.inline"),
    (("perl", "-", "a"), Tier.HUMAN, "interpreter.stdin.unknown"),
    (("perl", "-0777", "-ne", "print", "f"), Tier.AUTO, "interpreter.inline"),
    (("perl", "-c", "-e", "print 1"), Tier.AUTO, "interpreter.check"),
    (("ruby", "-c", "-e", "puts 1"), Tier.AUTO, "interpreter.check"),
    (("ruby", "-i", "-pe", "1", "f"), Tier.HUMAN, "interpreter.in-place-edit"),
    (("ruby", "--version"), Tier.AUTO, "interpreter.version"),
    (("ruby",), Tier.HUMAN, "interpreter.stdin.unknown"),
    (("deno", "add", "x"), Tier.HUMAN, "interpreter.package-install"),
    (("deno", "remove", "x"), Tier.HUMAN, "interpreter.package-remove"),
    (("deno", "fmt"), Tier.HUMAN, "interpreter.fs"),
    (("deno", "lint"), Tier.AUTO, "interpreter.check"),
    (("deno", "x.ts"), Tier.HUMAN, "interpreter.script.unknown"),
    (("deno", "frob"), Tier.HUMAN, "interpreter.unknown"),
    (("deno", "eval"), Tier.HUMAN, "interpreter.unknown"),
    (("bun", "pm", "ls"), Tier.AUTO, "interpreter.check"),
    (("bun", "remove", "x"), Tier.HUMAN, "interpreter.package-remove"),
    (("bun", "x", "cowsay"), Tier.HUMAN, "interpreter.script.unknown"),
    (("bun", "--version"), Tier.AUTO, "interpreter.version"),
    (("bun", "frob"), Tier.HUMAN, "interpreter.script.unknown"),
    (("bun",), Tier.HUMAN, "interpreter.stdin.unknown"),
    (("php", "-a"), Tier.HUMAN, "interpreter.stdin.unknown"),
    (("php", "-s", "x.php"), Tier.AUTO, "interpreter.check"),
    (("php",), Tier.HUMAN, "interpreter.stdin.unknown"),
    (("node",), Tier.HUMAN, "interpreter.stdin.unknown"),
    (("node", "-"), Tier.HUMAN, "interpreter.stdin.unknown"),
    (("python3", "-m", "pip"), Tier.HUMAN, "interpreter.module.unknown"),
    (("python3", "-m", "pip", "-V"), Tier.AUTO, "interpreter.version"),
)


class TestEdgeCases:
    @pytest.mark.parametrize(
        ("argv", "tier", "rule"),
        EDGE_CASES,
        ids=[" ".join(a) for a, _, _ in EDGE_CASES],
    )
    def test_case(self, argv: tuple[str, ...], tier: Tier, rule: str) -> None:
        """
        Option parsing corners and call shapes (computed receivers, keyword
        modes, missing or dynamic arguments) get their expected tier.
        """
        got = blastradius.score(list(argv))
        assert rule in {f.rule for f in got.findings}, got.reasons
        assert got.tier is tier, got.reasons
