"""
Tests for the shell layer: text → the simple commands bash would run.
"""

from __future__ import annotations

import time

from pathlib import Path

import pytest

from hypothesis import given
from hypothesis import strategies as st

from blastradius._model import Redirect, SimpleCommand
from blastradius._shell import Parsed, from_argv, parse
from blastradius._shell._api import read
from blastradius._shell._dialect import BASH
from blastradius._shell._evaluate import ansi_c
from blastradius._shell._fast import one_command, reduced, stages_of
from blastradius._shell._lexer import MAX_COMMANDS
from blastradius._shell._wrappers import WRAPPERS, WRAPPERS_BY_NAME


def bash(text: str) -> Parsed:
    """*text* as bash reads it (`parse` adds the ``sh`` reading)."""
    return read(text, dialect=BASH)


def argvs(text: str) -> list[tuple[str, ...]]:
    """The argv of every command bash runs for *text*, in order."""
    return [c.argv for c in bash(text).commands]


def only(text: str) -> SimpleCommand:
    """The single command bash runs for *text*."""
    commands = bash(text).commands
    assert len(commands) == 1, commands
    return commands[0]


def find(text: str, program: str) -> SimpleCommand:
    """The first command of *text* (bash) whose program is *program*."""
    for c in bash(text).commands:
        if c.program == program:
            return c
    msg = f"no {program} in {bash(text).commands}"
    raise AssertionError(msg)


class TestWords:
    def test_plain(self) -> None:
        """Plain words split on blanks."""
        assert argvs("kubectl get pods -n prod -o wide") == [
            ("kubectl", "get", "pods", "-n", "prod", "-o", "wide")
        ]

    @pytest.mark.parametrize(
        "text",
        [
            "k'ube'ctl delete ns prod",
            '"kubectl" delete ns prod',
            "\\kubectl delete ns prod",
            "kube''ctl delete ns prod",
            'kube""ctl delete ns prod',
            "k\\u\\b\\e\\c\\t\\l delete ns prod",
            "kube\\\nctl delete ns prod",
            "kubectl \\\n delete ns prod",
            "$'kubectl' delete ns prod",
            '$"kubectl" delete ns prod',
        ],
    )
    def test_quote_removal(self, text: str) -> None:
        """Quotes, backslashes and line continuations are removed."""
        assert argvs(text) == [("kubectl", "delete", "ns", "prod")]

    def test_single_quotes_keep_everything(self) -> None:
        """Inside '..' nothing is special."""
        c = only("echo '$(rm -rf /) `x` \\n \"'")
        assert c.argv == ("echo", '$(rm -rf /) `x` \\n "')
        assert c.dynamic == (False, False)

    def test_double_quote_escapes(self) -> None:
        """Inside ".." a backslash escapes only $ ` " \\ and newline."""
        assert only('echo "a\\$b \\" \\\\ \\x"').argv == (
            "echo",
            'a$b " \\ \\x',
        )

    def test_empty_quotes_make_a_word(self) -> None:
        """'' is an empty argument, a bare continuation is nothing."""
        assert only("echo '' \"\"").argv == ("echo", "", "")
        assert only("echo \\\n").argv == ("echo",)

    @pytest.mark.parametrize(
        ("body", "expected"),
        [
            ("\\x72\\x6d", "rm"),
            ("\\162\\155", "rm"),
            ("\\u0072m", "rm"),
            ("\\U00000072m", "rm"),
            ("a\\nb\\tc", "a\nb\tc"),
            ("\\'q\\'", "'q'"),
            ("\\e\\a", "\x1b\x07"),
            ("\\cA", "\x01"),
            ("r\\0m", "r"),
            ("\\q", "\\q"),
        ],
    )
    def test_ansi_c(self, body: str, expected: str) -> None:
        """$'..' decodes escapes as bash does (a NUL ends the string)."""
        assert ansi_c(body) == expected
        assert only(f"echo $'{body}'").argv == ("echo", expected)

    def test_ansi_c_program(self) -> None:
        """$'\\x72\\x6d' -rf / runs rm."""
        c = only("$'\\x72\\x6d' -rf /")
        assert c.argv == ("rm", "-rf", "/")
        assert c.dynamic == (False, False, False)

    @pytest.mark.parametrize(
        "text", ["rm$IFS-rf$IFS/", "rm${IFS}-rf${IFS}/", "rm$IFS-rf ${IFS}/"]
    )
    def test_ifs_splits(self, text: str) -> None:
        """Unquoted $IFS and ${IFS} separate words."""
        assert argvs(text) == [("rm", "-rf", "/")]

    def test_variables_are_dynamic(self) -> None:
        """A word built from $VAR or ${VAR..} is marked dynamic."""
        c = only('rm -rf "$DIR"/x ${HOME:-/} $1 plain')
        assert c.argv == ("rm", "-rf", "$DIR/x", "${HOME:-/}", "$1", "plain")
        assert c.dynamic == (False, False, True, True, True, False)

    def test_globs_and_tilde_are_dynamic(self) -> None:
        """Unquoted globs and ~ are kept as text, marked dynamic."""
        c = only("ls * a? [ab] ~/x '*' [ x")
        assert c.argv == ("ls", "*", "a?", "[ab]", "~/x", "*", "[", "x")
        assert c.dynamic == (
            False,
            True,
            True,
            True,
            True,
            False,
            False,
            False,
        )

    def test_brace_expansion(self) -> None:
        """A literal a{b,c}d expands; other brace forms stay dynamic."""
        assert only("{rm,-rf,/}").argv == ("rm", "-rf", "/")
        c = only("echo a{b,c}d {} {a..c} {$x,y} '{p,q}'")
        assert c.argv == (
            "echo",
            "abd",
            "acd",
            "{}",
            "{a..c}",
            "{$x,y}",
            "{p,q}",
        )
        assert c.dynamic == (False, False, False, False, True, True, False)

    def test_test_bracket_is_not_dynamic(self) -> None:
        """`[` as a program is a plain word."""
        c = only("[ -f x ]")
        assert c.argv == ("[", "-f", "x", "]")
        assert not any(c.dynamic)

    def test_lone_dollar(self) -> None:
        """A $ not starting an expansion is literal."""
        assert only("echo $ a$").argv == ("echo", "$", "a$")
        assert only("echo $ a$").dynamic == (False, False, False)

    def test_comments(self) -> None:
        """# starts a comment only at the start of a word."""
        assert argvs("ls # rm -rf /\necho a#b") == [
            ("ls",),
            ("echo", "a#b"),
        ]


class TestSeparators:
    @pytest.mark.parametrize("sep", [";", "&", "&&", "||", "\n", "|", "|&"])
    def test_both_sides(self, sep: str) -> None:
        """Every separator yields the commands on both sides."""
        assert argvs(f"ls -l {sep} rm -rf /") == [
            ("ls", "-l"),
            ("rm", "-rf", "/"),
        ]

    def test_subshell_and_group(self) -> None:
        """( .. ) and { ..; } are read; their commands are emitted."""
        assert argvs("(cd /; rm -rf x) && { ls; pwd; }") == [
            ("cd", "/"),
            ("rm", "-rf", "x"),
            ("ls",),
            ("pwd",),
        ]

    def test_unexpected_close_paren(self) -> None:
        """A stray ) is an error; the commands around it are still read."""
        p = parse("ls ) rm -rf /")
        assert ("rm", "-rf", "/") in [c.argv for c in p.commands]
        assert p.errors


class TestSubstitution:
    def test_dollar_paren(self) -> None:
        """$(..) runs its commands; the word holding it is dynamic."""
        p = parse("echo $(rm -rf /) x")
        inner, outer = p.commands
        assert inner.argv == ("rm", "-rf", "/")
        assert inner.via == ("$(...)",)
        assert outer.argv == ("echo", "$(rm -rf /)", "x")
        assert outer.dynamic == (False, True, False)

    def test_backticks(self) -> None:
        """Backticks work like $(..), with their own escaping."""
        p = parse("echo `kubectl delete ns \\`echo prod\\``")
        assert [(c.argv, c.via) for c in p.commands] == [
            (("echo", "prod"), ("`...`", "`...`")),
            (("kubectl", "delete", "ns", "prod"), ("`...`",)),
            (("echo", "`kubectl delete ns \\`echo prod\\``"), ()),
        ]

    def test_in_double_quotes(self) -> None:
        """Substitutions inside ".." still run."""
        assert find('echo "a $(rm -rf /) b"', "rm").via == ("$(...)",)
        assert find('echo "`rm -rf /`"', "rm").via == ("`...`",)

    def test_in_program_position(self) -> None:
        """
        A substituted program name is dynamic, unless the output is known.
        """
        c = find("$(date) -rf /", "$(date)")
        assert c.dynamic[0]
        assert find("$(date) -rf /", "date").via == ("$(...)",)
        assert find("$(echo rm) -rf /", "rm").dynamic == (False,) * 3
        assert find("$(echo rm) -rf /", "echo").via == ("$(...)",)

    def test_nested(self) -> None:
        """Nested substitutions are all emitted, innermost first."""
        p = parse("a $(b $(c $(d)))")
        assert [c.argv[0] for c in p.commands] == ["d", "c", "b", "a"]
        assert p.commands[0].via == ("$(...)", "$(...)", "$(...)")

    def test_process_substitution(self) -> None:
        """<(..) and >(..) run their commands."""
        p = parse("diff <(ls a) >(rm -rf /)")
        assert [(c.argv, c.via) for c in p.commands[:2]] == [
            (("ls", "a"), ("<(...)",)),
            (("rm", "-rf", "/"), (">(...)",)),
        ]
        assert p.commands[2].dynamic == (False, True, True)

    def test_arithmetic(self) -> None:
        """$((..)) is dynamic; substitutions inside it still run."""
        p = parse("echo $(( 1 + $(rm -rf /) ))")
        assert p.commands[0].argv == ("rm", "-rf", "/")
        assert p.commands[1].dynamic == (False, True)

    def test_arithmetic_command(self) -> None:
        """(( .. )) is not a command."""
        assert argvs("(( i++ )) && ls") == [("ls",)]

    def test_parameter_expansion_runs_substitutions(self) -> None:
        """${x:-$(..)} runs the substitution."""
        assert find("echo ${x:-$(rm -rf /)}", "rm").via == ("$(...)",)


class TestRedirections:
    def test_redirects(self) -> None:
        """Redirections are recorded, not taken as words."""
        c = only("cmd a >out 2>&1 >>log <in &>all 3<>rw >|clob")
        assert c.argv == ("cmd", "a")
        assert c.redirects == (
            Redirect(">", "out"),
            Redirect(">&", "1", 2),
            Redirect(">>", "log"),
            Redirect("<", "in"),
            Redirect("&>", "all"),
            Redirect("<>", "rw", 3),
            Redirect(">|", "clob"),
        )
        assert c.stdin_unknown

    def test_redirect_only(self) -> None:
        """A command of only redirections is kept (with no argv)."""
        c = only("> /dev/sda")
        assert c.argv == ()
        assert c.redirects == (Redirect(">", "/dev/sda"),)

    def test_dynamic_target(self) -> None:
        """A redirection target from a variable is dynamic."""
        assert only("echo x > $F").redirects[0].dynamic

    def test_heredoc(self) -> None:
        """A heredoc's text is the command's stdin."""
        c = find("psql <<EOF\nDROP TABLE x;\nEOF\nls", "psql")
        assert c.stdin == "DROP TABLE x;\n"
        assert not c.stdin_unknown
        assert argvs("psql <<EOF\nDROP TABLE x;\nEOF\nls")[1] == ("ls",)

    def test_heredoc_strip_tabs_and_quoted(self) -> None:
        """<<- strips leading tabs; a quoted delimiter keeps $ literal."""
        c = only("cat <<-'E'\n\t$(x)\n\tE\n")
        assert c.stdin == "$(x)\n"
        assert argvs("cat <<E\n$(rm -rf /)\nE\n")[0] == ("rm", "-rf", "/")

    def test_heredoc_after_separator(self) -> None:
        """The body follows the line, even after later commands."""
        p = parse("cat <<A; cat <<B\none\nA\ntwo\nB\n")
        assert [c.stdin for c in p.commands] == ["one\n", "two\n"]

    def test_herestring(self) -> None:
        """<<< feeds its word and a newline."""
        assert only("bc <<< '1+1'").stdin == "1+1\n"
        assert only("bc <<< $X").stdin_unknown


class TestAssignments:
    def test_leading(self) -> None:
        """Leading NAME=value words are assignments, later ones args."""
        c = only("A=1 B='x y' cmd C=3")
        assert c.assignments == (("A", "1"), ("B", "x y"))
        assert c.argv == ("cmd", "C=3")

    def test_assignment_only(self) -> None:
        """A line of assignments runs its substitutions."""
        assert argvs("X=$(rm -rf /)") == [("rm", "-rf", "/"), ()]

    def test_quoted_is_not_assignment(self) -> None:
        """'A=1' quoted is a command name."""
        assert only("'A=1' x").argv == ("A=1", "x")

    def test_array(self) -> None:
        """NAME=( .. ) is one assignment; its substitutions run."""
        assert argvs("a=(x $(rm -rf /)) ; ls") == [
            ("rm", "-rf", "/"),
            (),
            ("ls",),
        ]


class TestControlFlow:
    def test_if(self) -> None:
        """Every branch of if/elif/else is analysed."""
        assert argvs(
            "if test -f x; then rm a; elif true; then rm b; else rm c; fi"
        ) == [
            ("test", "-f", "x"),
            ("rm", "a"),
            ("true",),
            ("rm", "b"),
            ("rm", "c"),
        ]

    def test_loops(self) -> None:
        """for/while/until bodies are analysed; loop words are not."""
        assert argvs("for f in a $(ls); do rm $f; done") == [
            ("ls",),
            ("rm", "$f"),
        ]
        assert argvs("while read l; do rm $l; done < list") == [
            ("read", "l"),
            ("rm", "$l"),
            (),
        ]
        assert argvs("until false; do sleep 1; done") == [
            ("false",),
            ("sleep", "1"),
        ]
        assert argvs("for ((i=0;i<3;i++)); do ls; done") == [("ls",)]

    def test_case(self) -> None:
        """Every case arm is analysed."""
        assert argvs(
            "case $x in a|b) rm a;; (c) rm c;& *) rm d;;& esac; ls"
        ) == [("rm", "a"), ("rm", "c"), ("rm", "d"), ("ls",)]

    def test_functions(self) -> None:
        """Function bodies are analysed; calls are commands."""
        assert argvs("f() { rm -rf /; }; function g { ls; }; f") == [
            ("rm", "-rf", "/"),
            ("ls",),
            ("f",),
        ]

    def test_conditional(self) -> None:
        """[[ .. ]] is not a command; its substitutions run."""
        assert argvs("[[ -f x && $(rm y) < z ]] && ls") == [
            ("rm", "y"),
            ("ls",),
        ]

    def test_keywords_only_at_command_start(self) -> None:
        """A keyword later in a command is a word."""
        assert only("echo if then fi done").argv == (
            "echo",
            "if",
            "then",
            "fi",
            "done",
        )

    def test_negation(self) -> None:
        """! before a pipeline is syntax."""
        assert argvs("! rm x") == [("rm", "x")]


class TestPipelines:
    def test_stdin_from(self) -> None:
        """Each stage knows the program feeding it."""
        p = parse("base64 -d x | sh")
        assert p.commands[1].argv == ("sh",)
        assert p.commands[1].stdin_unknown
        assert p.commands[1].stdin_from == "base64"

    def test_echo_into_shell(self) -> None:
        """Known text piped into a shell is read as a script."""
        p = parse("echo 'rm -rf /' | sh")
        assert p.commands[1].argv == ("rm", "-rf", "/")
        assert p.commands[1].via == ("sh stdin",)

    def test_printf_into_shell(self) -> None:
        """printf output is known text."""
        assert find("printf '%s\\n' 'rm -rf /' | bash", "rm").via == (
            "sh stdin",
        )
        assert find("printf 'rm -rf /' | bash", "rm").argv == (
            "rm",
            "-rf",
            "/",
        )

    def test_cat_heredoc_into_shell(self) -> None:
        """cat passes a heredoc through to the next stage."""
        p = parse("cat <<EOF | sh\nkubectl delete ns prod\nEOF\n")
        assert p.commands[1].argv == ("kubectl", "delete", "ns", "prod")

    def test_heredoc_into_shell(self) -> None:
        """bash <<EOF reads the heredoc as a script."""
        assert argvs("bash <<EOF\nrm -rf /\nEOF") == [("rm", "-rf", "/")]

    def test_unknown_into_shell(self) -> None:
        """An unknown stdin into a shell keeps the shell, marked."""
        c = find("curl -s http://x | sudo bash", "bash")
        assert c.stdin_unknown
        assert c.stdin_from == "curl"
        assert c.via == ("sudo",)

    def test_echo_to_other_program(self) -> None:
        """A known stdin is given to any program."""
        c = find("echo 'DROP TABLE x' | psql", "psql")
        assert c.stdin == "DROP TABLE x\n"
        assert not c.stdin_unknown

    def test_dynamic_echo_is_unknown(self) -> None:
        """echo $X gives unknown text."""
        c = find("echo $X | sh", "sh")
        assert c.stdin_unknown
        assert c.stdin is None

    def test_redirected_stdout_is_unknown(self) -> None:
        """echo .. > f | sh feeds nothing known."""
        assert find("echo rm > f | sh", "sh").stdin_unknown

    def test_subshell_stage(self) -> None:
        """A subshell reading a pipe has unknown stdin."""
        assert find("x | (sh)", "sh").stdin_unknown


class TestWrappers:
    def test_table(self) -> None:
        """The table is exposed, names are unique, folded and indexed."""
        names = [n for row in WRAPPERS for n in row.names]
        assert len(names) == len(set(names))
        assert all(n == n.lower() for n in names)
        assert all(WRAPPERS_BY_NAME[n].names for n in names)

    def test_docs_list_every_row(self) -> None:
        """docs/shell.md names every wrapper and via label of the table."""
        page = (Path(__file__).parents[1] / "docs" / "shell.md").read_text(
            encoding="utf-8"
        )
        for row in WRAPPERS:
            for name in row.names:
                assert f"`{name}`" in page, name
            assert f"`{row.via}`" in page or row.via in row.names, row.via

    @pytest.mark.parametrize(
        ("text", "argv", "via"),
        [
            ("sudo -u root -E rm -rf /", ("rm", "-rf", "/"), ("sudo",)),
            ("sudo -- rm x", ("rm", "x"), ("sudo",)),
            ("doas -u root rm x", ("rm", "x"), ("doas",)),
            ("command -p rm x", ("rm", "x"), ("command",)),
            ("builtin rm x", ("rm", "x"), ("builtin",)),
            ("exec -a name rm x", ("rm", "x"), ("exec",)),
            ("time -p rm x", ("rm", "x"), ("time",)),
            ("nice -n 19 rm x", ("rm", "x"), ("nice",)),
            ("nice -19 rm x", ("rm", "x"), ("nice",)),
            ("ionice -c 3 -n7 rm x", ("rm", "x"), ("ionice",)),
            ("nohup rm x", ("rm", "x"), ("nohup",)),
            ("setsid -f rm x", ("rm", "x"), ("setsid",)),
            ("timeout -s KILL 5s rm x", ("rm", "x"), ("timeout",)),
            ("timeout --kill-after=1 5 rm x", ("rm", "x"), ("timeout",)),
            ("watch -n 1 rm x", ("rm", "x"), ("watch",)),
            ("watch 'rm x; ls'", ("rm", "x"), ("watch",)),
            ("watch -x rm x", ("rm", "x"), ("watch",)),
            ("stdbuf -oL -e 0 rm x", ("rm", "x"), ("stdbuf",)),
            ("chroot --userspec=a /mnt rm x", ("rm", "x"), ("chroot",)),
            ("strace -f -e trace=all -o log rm x", ("rm", "x"), ("strace",)),
            ("busybox rm x", ("rm", "x"), ("busybox",)),
            ("eval rm '-rf' /", ("rm", "-rf", "/"), ("eval",)),
            ("eval 'rm -rf /'", ("rm", "-rf", "/"), ("eval",)),
            ("su - root -c 'rm x'", ("rm", "x"), ("su -c",)),
            ("su -c 'rm x' root", ("rm", "x"), ("su -c",)),
            ("su --command='rm x'", ("rm", "x"), ("su -c",)),
            ("runuser -u bob -- rm x", ("rm", "x"), ("runuser",)),
            ("runuser -l bob -c 'rm x'", ("rm", "x"), ("runuser",)),
            ("ssh -p 22 -i k -o A=b host rm x", ("rm", "x"), ("ssh",)),
            ("ssh -J j -l u host 'rm x; ls'", ("rm", "x"), ("ssh",)),
            ("bash -c 'rm x'", ("rm", "x"), ("bash -c",)),
            ("sh -lc 'rm x' arg0", ("rm", "x"), ("bash -c",)),
            ("bash -xc 'rm x'", ("rm", "x"), ("bash -c",)),
            ("bash -o pipefail -c 'rm x'", ("rm", "x"), ("bash -c",)),
            ("zsh +o x -c 'rm x'", ("rm", "x"), ("bash -c",)),
            ("dash -c 'rm x'", ("rm", "x"), ("bash -c",)),
            ("ksh --norc -c 'rm x'", ("rm", "x"), ("bash -c",)),
            ("busybox sh -c 'rm x'", ("rm", "x"), ("busybox", "bash -c")),
        ],
    )
    def test_row(
        self, text: str, argv: tuple[str, ...], via: tuple[str, ...]
    ) -> None:
        """Each wrapper's command is emitted as if run directly."""
        c = parse(text).commands[0]
        assert (c.argv, c.via) == (argv, via)

    def test_env(self) -> None:
        """env: -i, -u NAME, -C DIR, assignments and -S are handled."""
        c = only("env -i -u HOME -C /tmp A=1 B=2 rm x")
        assert (c.argv, c.via, c.assignments) == (
            ("rm", "x"),
            ("env",),
            (("A", "1"), ("B", "2")),
        )
        assert only("env -S 'rm -rf /'").argv == ("rm", "-rf", "/")
        assert only("env --split-string='rm -rf' /").argv == ("rm", "-rf", "/")
        assert only("env - A=1 rm x").argv == ("rm", "x")

    def test_xargs(self) -> None:
        """xargs' command gets unknown arguments; -I marks its token."""
        c = only("xargs -0 -n 1 -P 4 rm -rf")
        assert (c.argv, c.via, c.unknown_args) == (
            ("rm", "-rf"),
            ("xargs",),
            True,
        )
        c = only("xargs -I% mv % /srv")
        assert c.argv == ("mv", "%", "/srv")
        assert c.dynamic == (False, True, False)
        assert only("xargs -d '\\n'").argv == ("echo",)

    def test_xargs_known_input(self) -> None:
        """echo WORDS | xargs CMD: the arguments are known."""
        c = find("echo / | xargs rm -rf", "rm")
        assert c.argv == ("rm", "-rf", "/")
        assert not c.unknown_args

    def test_xargs_placeholder_script(self) -> None:
        """xargs -I% sh -c '..%..': the script runs, % words are dynamic."""
        c = parse("xargs -I% sh -c 'rm -rf %; ls'").commands[0]
        assert (c.argv, c.dynamic, c.via) == (
            ("rm", "-rf", "%"),
            (False, False, True),
            ("xargs", "bash -c"),
        )
        c = find("cat f | xargs -I{} sh -c {}", "{}")
        assert (c.argv, c.dynamic) == (("{}",), (True,))

    def test_xargs_placeholder_known_line(self) -> None:
        """echo LINE | xargs -I{} sh -c {}: the line is the script."""
        c = find(
            "echo 'kubectl delete ns prod' | xargs -I{} sh -c {}", "kubectl"
        )
        assert c.argv == ("kubectl", "delete", "ns", "prod")
        assert c.via == ("xargs", "bash -c")
        assert not c.unknown_args

    def test_find(self) -> None:
        """find is kept; each -exec command gets unknown arguments."""
        p = parse(
            "find / -name x -exec rm -rf {} \\; -execdir chmod 777 {} + -ok ls ';'"
        )
        found, rm, chmod, ls = p.commands
        assert found.argv[0] == "find"
        assert (rm.argv, rm.via, rm.unknown_args) == (
            ("rm", "-rf", "{}"),
            ("find -exec",),
            True,
        )
        assert rm.dynamic == (False, False, True)
        assert chmod.argv == ("chmod", "777", "{}")
        assert ls.argv == ("ls",)

    def test_find_without_exec(self) -> None:
        """find without -exec is a plain command."""
        assert only("find / -delete").argv == ("find", "/", "-delete")

    def test_parallel(self) -> None:
        """parallel's command is re-lexed, with unknown arguments."""
        c = only("parallel -j 4 'rm -rf {}' ::: a b")
        assert (c.argv, c.via, c.unknown_args) == (
            ("rm", "-rf", "{}"),
            ("parallel",),
            True,
        )
        assert [c.argv for c in parse("parallel ::: 'rm x' ls").commands] == [
            ("rm", "x"),
            ("ls",),
        ]

    def test_shell_script_file_stays(self) -> None:
        """bash SCRIPT is a command; so is a shell with unknown stdin."""
        assert only("bash deploy.sh").argv == ("bash", "deploy.sh")
        assert only("sh").argv == ("sh",)

    def test_kubectl_exec(self) -> None:
        """kubectl exec is kept unchanged; the inner command unwraps."""
        text = "kubectl -n prod exec -it web-0 -c app -- sh -c 'rm -rf /data'"
        outer, inner = parse(text).commands
        assert outer.argv == (
            "kubectl",
            "-n",
            "prod",
            "exec",
            "-it",
            "web-0",
            "-c",
            "app",
            "--",
            "sh",
            "-c",
            "rm -rf /data",
        )
        assert outer.via == ()
        assert (inner.argv, inner.via) == (
            ("rm", "-rf", "/data"),
            ("kubectl exec", "bash -c"),
        )

    def test_kubectl_exec_old_form_and_oc(self) -> None:
        """kubectl exec POD CMD (no --) and oc exec work too."""
        assert parse("kubectl exec web -n x ls /").commands[1].argv == (
            "ls",
            "/",
        )
        assert parse("oc exec web -- rm x").commands[1].via == (
            "kubectl exec",
        )

    def test_kubectl_other_verbs_untouched(self) -> None:
        """Other kubectl commands are one command, even with --."""
        assert argvs("kubectl get x -- rm -rf /") == [
            ("kubectl", "get", "x", "--", "rm", "-rf", "/")
        ]

    def test_docker_exec(self) -> None:
        """docker/podman exec: outer kept, inner unwrapped."""
        p = parse("docker exec -u root -w /x -e A=1 -it ctr rm -rf /")
        assert [(c.argv, c.via) for c in p.commands] == [
            (
                (
                    "docker",
                    "exec",
                    "-u",
                    "root",
                    "-w",
                    "/x",
                    "-e",
                    "A=1",
                    "-it",
                    "ctr",
                    "rm",
                    "-rf",
                    "/",
                ),
                (),
            ),
            (("rm", "-rf", "/"), ("docker exec",)),
        ]
        assert parse("podman exec c ls").commands[1].via == ("docker exec",)

    def test_nesting(self) -> None:
        """Wrappers nest; via lists them outermost first."""
        c = only("sudo env A=1 timeout 5 nice -n 1 bash -c 'rm -rf /'")
        assert c.argv == ("rm", "-rf", "/")
        assert c.via == ("sudo", "env", "timeout", "nice", "bash -c")
        assert c.assignments == (("A", "1"),)

    def test_path_and_exe_fold(self) -> None:
        """/usr/bin/sudo and SUDO.EXE are sudo."""
        assert only("/usr/bin/sudo rm x").via == ("sudo",)
        assert only("C:/bin/Env.EXE rm x").via == ("env",)

    def test_exec_redirections_only(self) -> None:
        """exec/time/command with no command keep only redirections."""
        assert only("exec >log 2>&1").argv == ()
        assert only("exec >log 2>&1").redirects[0] == Redirect(">", "log")
        assert parse("exec; time; command").commands == ()

    def test_wrapper_alone(self) -> None:
        """A wrapper with no command stays a command."""
        assert only("sudo -i").argv == ("sudo", "-i")
        assert only("nohup").argv == ("nohup",)

    def test_dynamic_wrapped(self) -> None:
        """bash -c "$X" yields a dynamic program."""
        c = only('bash -c "$CMD"')
        assert c.argv == ("$CMD",)
        assert c.dynamic == (True,)

    def test_redirects_pass_inward(self) -> None:
        """A wrapper's redirections apply to the wrapped command."""
        assert only("sudo echo x > /dev/sda").redirects == (
            Redirect(">", "/dev/sda"),
        )

    def test_too_many_wrappers(self) -> None:
        """A deep chain of wrappers stops with an error, fail-closed."""
        p = parse("sudo " * 100 + "rm -rf /")
        assert p.errors
        assert p.commands[0].incomplete
        assert p.commands[0].argv[-3:] == ("rm", "-rf", "/")


class TestFromArgv:
    def test_unwraps(self) -> None:
        """from_argv unwraps without shell parsing of plain words."""
        p = from_argv(["sudo", "rm", "-rf", "/srv/a b"])
        assert [c.argv for c in p.commands] == [("rm", "-rf", "/srv/a b")]

    def test_shell_string_is_parsed(self) -> None:
        """A shell's -c string is still a script."""
        p = from_argv(["bash", "-lc", "rm -rf /; ls"])
        assert [c.argv for c in p.commands] == [("rm", "-rf", "/"), ("ls",)]

    def test_no_quote_removal(self) -> None:
        """Words are taken as they are."""
        assert from_argv(["echo", "'$(x)'"]).commands[0].argv == (
            "echo",
            "'$(x)'",
        )

    def test_empty(self) -> None:
        """An empty argv is one empty command."""
        assert from_argv([]) == Parsed((SimpleCommand(argv=()),))


class TestFailClosed:
    def test_unterminated_quote(self) -> None:
        """rm -rf / 'x: an error, and rm -rf / still seen (incomplete)."""
        p = parse("rm -rf / 'unterminated")
        assert p.errors
        c = p.commands[0]
        assert c.argv[:3] == ("rm", "-rf", "/")
        assert c.incomplete

    @pytest.mark.parametrize(
        "text",
        [
            'echo "x',
            "echo $(ls",
            "echo `ls",
            "echo ${x",
            "echo $((1",
            "echo $'x",
            "cat <<EOF\nx",
            "case x in",
            "case x in a",
            "[[ -f x",
            "a=(x",
            "echo >",
        ],
    )
    def test_errors(self, text: str) -> None:
        """Unfinished constructs are reported."""
        assert parse(text).errors

    def test_flat_scan_after_error(self) -> None:
        """After an error, the rest of the text is scanned for commands."""
        p = parse("echo 'x; sudo rm -rf /")
        assert any(
            c.argv == ("rm", "-rf", "/") and c.incomplete for c in p.commands
        )

    @pytest.mark.parametrize(
        "text",
        [
            "$(" * 10_000,
            "echo " + "$(" * 10_000 + ")" * 10_000,
            "`" * 10_000,
            "${" * 10_000,
            '"$(' * 10_000,
            "(" * 10_000,
            "a=(" * 10_000,
            "x " * 500_000,
            "rm x; " * 170_000,
            "'" + "a" * 1_000_000,
            "\\" * 1_000_000,
            "$" * 1_000_000,
            ")" * 1_000_000,
            "\n" * 1_000_000,
            ";" * 1_000_000,
            "eval " * 100_000 + "rm -rf /",
            "bash -c " * 1_000 + "'rm -rf /'",
        ],
        ids=lambda t: repr(t[:12]),
    )
    @pytest.mark.usefixtures("untraced")
    def test_hostile_input_is_fast(self, text: str) -> None:
        """Deep nesting and 1 MB inputs return quickly."""
        start = time.perf_counter()
        p = parse(text)
        assert time.perf_counter() - start < 2.0
        assert isinstance(p, Parsed)

    def test_deep_nesting_still_finds_hard_rules(self) -> None:
        """Past the depth limit a flat scan still sees rm -rf /."""
        p = parse("rm -rf / " + "$(" * 10_000)
        assert p.errors
        assert any(c.argv[:3] == ("rm", "-rf", "/") for c in p.commands)

    def test_nul_and_surrogates(self) -> None:
        """NUL bytes and lone surrogates are just characters."""
        assert only("rm\0 -rf /").argv == ("rm\0", "-rf", "/")
        assert only("rm \ud800").argv == ("rm", "\ud800")

    def test_too_many_commands(self) -> None:
        """Past MAX_COMMANDS distinct commands the parse stops, with an error."""
        text = "; ".join(f"ls '{k}'" for k in range(MAX_COMMANDS + 5))
        p = parse(text)
        assert len(p.commands) == MAX_COMMANDS
        assert p.errors

    def test_repeats_are_dropped(self) -> None:
        """The same command twice is analysed once."""
        assert argvs("ls; ls; ls 'x'; ls x") == [("ls",), ("ls", "x")]


class TestEdges:
    def test_echo_flags(self) -> None:
        """echo -n / -e shape the text fed to the next stage."""
        assert find("echo -n 'ls' | sh", "ls").via == ("sh stdin",)
        assert find("echo -e 'ls\\nrm x' | sh", "rm").argv == ("rm", "x")
        assert find("echo -neE ls | cat", "cat").stdin == "ls"

    @pytest.mark.parametrize(
        ("text", "stdin"),
        [
            ("printf -- '%s %%\\n' a b", "a %\nb %\n"),
            ("printf '100%%'", "100%"),
            ("printf '%d-%b' 1 'x\\ty'", "1-x\ty"),
            ("printf -v x y", None),
            ("printf", None),
        ],
    )
    def test_printf(self, text: str, stdin: str | None) -> None:
        """printf's output is computed for the next stage."""
        assert find(f"{text} | cat", "cat").stdin == stdin

    def test_env_split_with_operators(self) -> None:
        """env -S splits like the shell, operators become words."""
        assert only("env -S 'rm -rf /;x' y").argv == (
            "rm",
            "-rf",
            "/",
            ";",
            "x",
            "y",
        )

    def test_case_details(self) -> None:
        """esac ends an arm; a case needs in; patterns can be odd."""
        assert argvs("case x in a) rm a\nesac; ls") == [("rm", "a"), ("ls",)]
        assert argvs("case x in\na) rm a\nesac\nls") == [("rm", "a"), ("ls",)]
        assert parse("case x y").errors
        assert parse("case x in a;b) ls;; esac").errors
        assert argvs("case x in a) ls;; esac >out") == [("ls",), ()]

    def test_function_forms(self) -> None:
        """function f () { }, and a word before ( that is not a function."""
        assert argvs("function f () { rm x; }") == [("rm", "x")]
        assert parse("echo a (b)").errors

    def test_compound_redirect_and_for_newline(self) -> None:
        """Redirections after a compound; a for header ended by newline."""
        assert argvs("for x in a b\ndo rm $x; done > log") == [
            ("rm", "$x"),
            (),
        ]
        assert argvs("{ ls; }\n\nrm x") == [("ls",), ("rm", "x")]

    def test_heredoc_edges(self) -> None:
        """fd heredocs, unterminated heredocs, expansions in bodies."""
        c = only("cmd 3<<EOF\nx\nEOF\n")
        assert c.stdin is None
        assert c.redirects == (Redirect("<<", "EOF", 3),)
        p = parse("cat <<EOF")
        assert p.errors
        assert p.commands[0].incomplete
        assert argvs("cat <<E\n`rm x` \\\n$y\nE") == [("rm", "x"), ("cat",)]

    def test_arithmetic_and_params(self) -> None:
        """Nested parentheses, quotes and braces inside expansions."""
        assert only(
            "echo $((1+(2*3))) ${a/{b}/c} $(( '1' + \"2\" ))"
        ).dynamic == (
            False,
            True,
            True,
            True,
        )
        assert argvs("echo ${x:-'$(a)' \"$(b)\" `c` \\}}") == [
            ("b",),
            ("c",),
            ("echo", "${x:-'$(a)' \"$(b)\" `c` \\}}"),
        ]
        assert argvs("echo $(( `d` ))") == [("d",), ("echo", "$(( `d` ))")]
        assert parse("((1").errors

    def test_wrapper_edges(self) -> None:
        """Wrappers with nothing (or only options) to wrap stay commands."""
        assert only("bash -c").argv == ("bash", "-c")
        assert only("runuser -u bob").argv == ("runuser", "-u", "bob")
        assert only("watch -x").argv == ("watch", "-x")
        assert only("su root").argv == ("su", "root")
        assert find("echo 'rm x' | su root", "rm").via == ("sh stdin",)
        assert only("ssh host").argv == ("ssh", "host")
        assert find("echo 'rm x' | ssh host", "rm").via == ("ssh", "sh stdin")
        assert argvs("kubectl exec pod") == [("kubectl", "exec", "pod")]
        assert argvs("find . -exec \\;") == [("find", ".", "-exec", ";")]
        assert only("sudo --user=x --preserve-env rm y").argv == ("rm", "y")
        assert only("sudo --user x rm y").argv == ("rm", "y")

    def test_flat_fallback_unwraps(self) -> None:
        """The flat scan still unwraps wrappers and re-reads -c strings."""
        p = parse("sudo bash -c 'rm -rf /' 'oops")
        assert ("rm", "-rf", "/") in [c.argv for c in p.commands]
        p = parse("x $(" * 100 + "env -S 'rm -rf /'")
        assert p.errors
        assert any(c.argv[:1] == ("rm",) for c in p.commands)

    def test_odd_syntax_is_total(self) -> None:
        """Odd but finished syntax parses without losing commands."""
        assert argvs("(ls)\nrm x") == [("ls",), ("rm", "x")]
        assert ("ls",) in argvs("case x in a) ls ) ;; esac")
        assert only("echo a\\").argv == ("echo", "a\\")
        assert parse("echo $((1) x)").commands[0].dynamic[:2] == (False, True)
        assert argvs("function f ( ls") == [("ls",)]

    def test_from_argv_too_many(self) -> None:
        """An argv whose script has too many commands fails closed."""
        script = "; ".join(f"ls {k}" for k in range(MAX_COMMANDS + 1))
        p = from_argv(["eval", script])
        assert p.errors
        assert len(p.commands) == MAX_COMMANDS

    def test_from_argv_too_deep(self) -> None:
        """A deep eval chain as an argv fails closed."""
        p = from_argv(["eval"] * 100 + ["rm", "-rf", "/"])
        assert p.errors
        assert p.commands

    def test_split_words_too_deep(self) -> None:
        """env -S at the depth limit fails closed."""
        p = parse("eval " * 70 + "env -S x")
        assert p.errors


class TestDeterminism:
    def test_same_input_same_output(self) -> None:
        """Parsing is a pure function of its input."""
        text = "sudo bash -c 'echo $(rm -rf /)' | sh; cat <<E\nx\nE\n"
        assert parse(text) == parse(text)


# Pieces of the texts the fast path takes (and some it must leave to the
# full reader: keywords, assignments, comments, ``||``, scripts).
_QUICK_PIECES = (
    "kubectl",
    "sudo",
    "bash",
    "exec",
    "--",
    "env",
    "$x",
    "-c",
    "get",
    "echo",
    "cat",
    "-",
    "x=1",
    "if",
    "{",
    "#c",
    "a#b",
    "~/x",
    "*.y",
    "a{b,c}d",
    "[ab]",
    "'rm -rf /'",
    "'a'\"b\"c",
    '"x y"',
    "''",
    '"a|b;c"',
    "'{x,y}'*",
    " ",
    "\t",
    " | ",
    "|",
    "||",
)


_PLAIN_PIECES = (
    "ls",
    "cat",
    "echo",
    "a",
    "-x",
    "x=1",
    "if",
    "then",
    "fi",
    "base64",
    "-d",
    " ",
    " | ",
    "|",
    ";",
    "\n",
)


class TestFastPath:
    """
    The one fast path (`stages_of` and `one_command`, at `parse`'s
    entry): its contract is the full reader's result (`read`).
    """

    @pytest.mark.parametrize(
        ("text", "taken"),
        [
            ("kubectl get pods -l 'app=web' -o \"jsonpath={.items}\"", True),
            ("cp a{1,2}b ~/x '*.z'", True),
            ("echo a{b,c}{d,e} '[x]'", True),
            ('kubectl patch deploy x -p \'{"spec":{"replicas":2}}\'', True),
            ("sudo -u x kubectl delete ns prod", True),
            ("kubectl exec pod -- rm -rf /", True),
            ("kubectl get pod x -o yaml | kubectl replace -f -", True),
            ("echo 'ls /' | sh", True),
            ("sudo bash -c 'rm -rf /'", True),
            ("kubectl exec pod -- sh -c 'kubectl delete ns prod'", True),
            ("nice " * 70 + "ls", True),
            ("bash -c '((kubectl delete ns prod))'", False),
            ("ls $x", False),
            ("ls > x", False),
            ("ls 'a>b;c' \"$\"", False),
            ("ls 'a>b;c$x'", True),
            ("a | b | " * 9 + "c", False),
        ],
    )
    def test_same_as_full_reader(self, text: str, taken: bool) -> None:
        """
        The fast path takes one pipeline of plain and simply quoted words
        (not one holding a construct bash and sh read differently), and
        gives what the full reader gives.
        """
        assert (stages_of(text) is not None) is taken
        assert parse(text) == read(text)
        assert parse(text, via=("v",)) == read(text, via=("v",))

    def test_one_command(self) -> None:
        """
        A single stage whose wrappers run no script is the whole result;
        a script or a dynamic program is left to the walker.
        """
        for text, commands in [
            ("sudo -u x ls -l", 1),
            ("kubectl exec pod -- rm -rf /", 2),
        ]:
            (stage,) = stages_of(text) or [([], [])]
            found = one_command(stage, ())
            assert found is not None
            assert len(found) == commands
        for text in ("sudo bash -c 'rm -rf /'", "*.sh x", "nice " * 70 + "ls"):
            (stage,) = stages_of(text) or [([], [])]
            assert one_command(stage, ()) is None
            assert parse(text) == read(text)

    @given(st.lists(st.sampled_from(_QUICK_PIECES), max_size=12))
    def test_same_as_full_reader_generated(self, pieces: list[str]) -> None:
        """
        For any text, `parse` (with its fast path) equals the full reader.
        """
        text = "".join(pieces)
        assert parse(text) == read(text)
        assert parse(text, via=("v",)) == read(text, via=("v",))

    @given(st.lists(st.sampled_from(_PLAIN_PIECES), max_size=16))
    def test_reduced_scripts_read_the_same(self, pieces: list[str]) -> None:
        """
        A script of plain pipelines reads, without its repeats, to what the
        full reader gives for the whole text.
        """
        text = "".join(pieces)
        assert parse(text) == read(text)

    @pytest.mark.parametrize(
        ("text", "shorter"),
        [
            ("ls;ls;ls", "ls"),
            ("cat x|cat x|cat x|cat x", "cat x | cat x"),
            ("ls\n\n  ls -l ;", "ls\nls -l"),
            ("if x; then y; fi", None),
            ("x=1; ls", None),
            ("echo a | base64 -d | base64 -d", None),
            ("ls |", None),
            ("ls || rm", None),
            ("ls 'a'", None),
        ],
    )
    def test_reduced(self, text: str, shorter: str | None) -> None:
        """
        Repeats go, keywords, assignments, base64, unfinished pipelines and
        anything not plain stay with the full reader.
        """
        assert reduced(text) == shorter
        assert parse(text) == read(text)

    @pytest.mark.parametrize(
        "text",
        [
            "x=1 ls 'a'",
            "if 'a'; then b; fi",
            "ls 'a' # c",
            "a 'b' || c",
            "",
            "  ",
            "if",
            "ls | x=1",
        ],
    )
    def test_leaves_the_rest(self, text: str) -> None:
        """
        Keywords, assignments, comments, other operators and blank text
        are not its.
        """
        assert stages_of(text) is None
        assert parse(text) == read(text)

    def test_linear_on_unfinished_runs(self) -> None:
        """Plain words that never end a command are read in linear time."""
        text = "a " * 20_000 + "$x"
        start = time.perf_counter()
        argv = only(text).argv
        assert time.perf_counter() - start < 1.0
        assert len(argv) == 20_001
