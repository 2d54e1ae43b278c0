"""
Rule tables of the package managers: pip, pipx, uv, npm, yarn, pnpm,
apt / apt-get, dnf / yum, brew, cargo and go.

Installs, upgrades and removals are ``HUMAN`` (they change what code runs
next); listing, searching and showing are ``AUTO``. Subcommands that run
the project's own code (``npm test``, ``npm run``, ``cargo test``,
``cargo build`` with its build scripts, ``go test``, ``go generate``,
``uv run``) are ``<family>.project-code.unknown``: they keep the floor of
any program that runs code nobody here has read (a policy may trust them
by rule id). Publishing and yanking release packages to everyone.

Written from each tool's own reference: pip.pypa.io/en/stable/cli,
pipx.pypa.io/stable/docs, docs.astral.sh/uv/reference/cli,
docs.npmjs.com/cli/commands, yarnpkg.com/cli, pnpm.io/cli, apt(8) and
apt-get(8), dnf.readthedocs.io/en/latest/command_ref.html, docs.brew.sh
/Manpage, doc.rust-lang.org/cargo/commands, pkg.go.dev/cmd/go.
"""

from __future__ import annotations

from collections.abc import Iterable

from blastradius._model import Effect
from blastradius.families._clispec import CliRule, CliSpec, group_specs
from blastradius.rules._rowkit import (
    DE,
    LO,
    MU,
    RO,
    UNK,
)
from blastradius.rules._rowkit import each as _each
from blastradius.rules._rowkit import row as _r
from blastradius.rules._rowkit import under as _under
from blastradius.rules._rowkit import words as _words


__all__ = [
    "APT",
    "BREW",
    "CARGO",
    "DNF",
    "GO",
    "NPM",
    "PACKAGE_SPECS",
    "PIP",
    "PIPX",
    "PNPM",
    "UV",
    "YARN",
]


_INSTALL = "installs, upgrades or removes packages"
_READ = "lists, searches or shows packages"
_LOCAL = "changes local caches, settings or project files only"
_PROJECT = "runs the project's own code (scripts, tests, build scripts)"
_PUBLISH = "publishes a package for everyone who depends on it"


_HELP_OPTS = ("-h", "--help", "-V", "--version", "-v", "version", "help")


def _help(rule_id: str) -> CliRule:
    return _r(
        rule_id,
        RO,
        0,
        "prints help or the version",
        when=[_HELP_OPTS],
        max_args=0,
    )


def _reads(rule_id: str, paths: Iterable[tuple[str, ...]]) -> list[CliRule]:
    return _each(rule_id, RO, 0, _READ, paths)


def _locals(rule_id: str, paths: Iterable[tuple[str, ...]]) -> list[CliRule]:
    return _each(rule_id, LO, 5, _LOCAL, paths)


def _installs(rule_id: str, paths: Iterable[tuple[str, ...]]) -> list[CliRule]:
    return _each(rule_id, MU, 20, _INSTALL, paths)


def _removes(rule_id: str, paths: Iterable[tuple[str, ...]]) -> list[CliRule]:
    return _each(
        rule_id,
        DE,
        20,
        "removes packages from the system or project",
        paths,
    )


def _project(rule_id: str, paths: Iterable[tuple[str, ...]]) -> list[CliRule]:
    return _each(rule_id, Effect.UNKNOWN, 0, _PROJECT, paths, kind=UNK)


def _publishes(
    rule_id: str, paths: Iterable[tuple[str, ...]]
) -> list[CliRule]:
    return _each(rule_id, MU, 35, _PUBLISH, paths)


# -- pip --
# pip.pypa.io/en/stable/cli: install, download, uninstall, freeze, inspect,
# list, show, check, config, search, cache, index, wheel, hash, debug.

PIP = CliSpec(
    family="pip",
    value_opts={
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-e",
        "--editable",
        "-t",
        "--target",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "--prefix",
        "--root",
        "--python",
        "--platform",
        "--python-version",
        "--implementation",
        "--abi",
        "--upgrade-strategy",
        "--no-binary",
        "--only-binary",
        "--progress-bar",
        "--log",
        "--proxy",
        "--retries",
        "--timeout",
        "--exists-action",
        "--trusted-host",
        "--cert",
        "--client-cert",
        "--cache-dir",
        "-d",
        "--dest",
        "-w",
        "--wheel-dir",
        "--format",
        "--path",
        "--report",
        "--exclude",
    },
    abbrev=True,
    rules=[
        _help("pip.help"),
        *_reads(
            "pip.read",
            [
                *_words(
                    "list",
                    "show",
                    "freeze",
                    "inspect",
                    "check",
                    "search",
                    "index",
                    "hash",
                    "debug",
                    "help",
                ),
                *_under("config", "list", "get", "debug"),
                *_under("cache", "dir", "info", "list"),
            ],
        ),
        *_locals(
            "pip.local",
            [
                *_words("download"),
                *_under("config", "set", "unset", "edit"),
                *_under("cache", "purge", "remove"),
            ],
        ),
        *_installs("pip.install", _words("install")),
        *_removes("pip.remove", _words("uninstall")),
        *_project("pip.project-code.unknown", _words("wheel")),
    ],
)


# -- pipx --
# pipx.pypa.io/stable/docs: install, install-all, uninject, inject, pin,
# unpin, upgrade, upgrade-all, upgrade-shared, uninstall, uninstall-all,
# reinstall, reinstall-all, list, interpreter, run, runpip, ensurepath,
# environment, completions.

PIPX = CliSpec(
    family="pipx",
    value_opts={"--python", "--pip-args", "--index-url", "--spec", "--suffix"},
    rules=[
        _help("pipx.help"),
        *_reads(
            "pipx.read",
            [
                *_words("list", "environment", "completions"),
                ("interpreter", "list"),
            ],
        ),
        *_locals(
            "pipx.local",
            [
                *_words("ensurepath", "pin", "unpin"),
                ("interpreter", "prune"),
            ],
        ),
        *_installs(
            "pipx.install",
            _words(
                "install",
                "install-all",
                "inject",
                "upgrade",
                "upgrade-all",
                "upgrade-shared",
                "reinstall",
                "reinstall-all",
                "runpip",
                "run",
            ),
        ),
        *_removes(
            "pipx.remove", _words("uninstall", "uninstall-all", "uninject")
        ),
    ],
)


# -- uv --
# docs.astral.sh/uv/reference/cli: run, init, add, remove, version, sync,
# lock, export, tree, format, tool, python, pip, venv, build, publish,
# cache, self, help; uvx is uv tool run.

UV = CliSpec(
    family="uv",
    value_opts={
        "-p",
        "--python",
        "--with",
        "--with-requirements",
        "--index",
        "--default-index",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "--directory",
        "--project",
        "--package",
        "--group",
        "--extra",
        "-r",
        "--requirements",
        "-c",
        "--constraints",
        "-o",
        "--output-file",
        "--cache-dir",
        "--config-file",
        "--color",
        "--from",
        "--bump",
        "--target",
        "--prefix",
        "--format",
    },
    rules=[
        _help("uv.help"),
        *_reads(
            "uv.read",
            [
                *_words("tree", "export", "help"),
                *_under("pip", "list", "show", "freeze", "tree", "check"),
                *_under("python", "list", "find", "dir"),
                *_under("tool", "list", "dir"),
                *_under("cache", "dir"),
                ("self", "version"),
            ],
        ),
        *_locals(
            "uv.local",
            [
                *_words("init", "lock", "venv", "format"),
                *_under("cache", "clean", "prune"),
                *_under("pip", "compile"),
                *_under("python", "pin"),
                ("tool", "update-shell"),
            ],
        ),
        *_installs(
            "uv.install",
            [
                *_words("add", "sync"),
                *_under("pip", "install", "sync"),
                *_under("tool", "install", "upgrade", "run"),
                *_under("python", "install", "upgrade"),
                ("self", "update"),
            ],
        ),
        *_removes(
            "uv.remove",
            [
                *_words("remove"),
                *_under("pip", "uninstall"),
                *_under("tool", "uninstall"),
                *_under("python", "uninstall"),
            ],
        ),
        *_project(
            "uv.project-code.unknown", _words("run", "build", "version")
        ),
        *_publishes("uv.publish", _words("publish")),
    ],
)


# -- npm --
# docs.npmjs.com/cli/v11/commands: aliases from each command's page
# (install: add, i, in, ins, inst, insta, instal, isnt, isnta, isntal,
# isntall; uninstall: unlink, remove, rm, r, un; update: up, upgrade, udpate;
# run-script: run, rum, urn; test: tst, t; exec: x).

_NPM_INSTALL = (
    "install",
    "add",
    "i",
    "in",
    "ins",
    "inst",
    "insta",
    "instal",
    "isnt",
    "isnta",
    "isntal",
    "isntall",
    "ci",
    "clean-install",
    "ic",
    "install-clean",
    "isntall-clean",
    "update",
    "up",
    "upgrade",
    "udpate",
    "link",
    "ln",
    "dedupe",
    "ddp",
    "install-test",
    "it",
    "install-ci-test",
    "cit",
)

NPM = CliSpec(
    family="npm",
    value_opts={
        "-w",
        "--workspace",
        "--prefix",
        "--registry",
        "--tag",
        "--access",
        "--otp",
        "--userconfig",
        "--cache",
        "--loglevel",
        "--omit",
        "--include",
        "--before",
    },
    dry_run=("--dry-run",),
    rules=[
        _help("npm.help"),
        *_reads(
            "npm.read",
            [
                *_words(
                    "ls",
                    "list",
                    "ll",
                    "la",
                    "view",
                    "info",
                    "show",
                    "v",
                    "search",
                    "s",
                    "se",
                    "find",
                    "outdated",
                    "explain",
                    "why",
                    "fund",
                    "doctor",
                    "help",
                    "help-search",
                    "ping",
                    "whoami",
                    "root",
                    "prefix",
                    "bin",
                    "docs",
                    "home",
                    "bugs",
                    "repo",
                    "query",
                    "sbom",
                    "completion",
                    "audit",
                ),
                *_under("config", "get", "list", "ls"),
                *_under("cache", "ls", "verify"),
                ("dist-tag", "ls"),
                ("owner", "ls"),
                ("token", "list"),
                ("access", "list"),
                ("access", "get"),
            ],
        ),
        *_locals(
            "npm.local",
            [
                *_words("login", "logout", "adduser", "set", "get", "pkg"),
                *_under("config", "set", "delete", "edit", "fix"),
                *_under("cache", "clean", "add"),
            ],
        ),
        *_installs("npm.install", [*_words(*_NPM_INSTALL), ("audit", "fix")]),
        *_removes(
            "npm.remove",
            _words("uninstall", "remove", "rm", "r", "un", "unlink", "prune"),
        ),
        *_project(
            "npm.project-code.unknown",
            _words(
                "test",
                "tst",
                "t",
                "start",
                "stop",
                "restart",
                "run",
                "run-script",
                "rum",
                "urn",
                "exec",
                "x",
                "rebuild",
                "rb",
                "pack",
                "init",
                "create",
                "innit",
                "version",
                "explore",
                "edit",
            ),
        ),
        *_publishes("npm.publish", _words("publish")),
        *_each(
            "npm.registry",
            MU,
            30,
            "changes who owns, may use or installs a published package",
            [
                *_under("dist-tag", "add", "rm"),
                *_under("owner", "add", "rm"),
                *_under("access", "set", "grant", "revoke"),
                ("deprecate",),
                ("undeprecate",),
                *_under("token", "create", "revoke"),
            ],
        ),
        _r(
            "npm.unpublish",
            DE,
            50,
            "removes a published package version for everyone",
            path=["unpublish"],
        ),
    ],
)


# -- yarn --
# yarnpkg.com/cli (Berry) and classic.yarnpkg.com/en/docs/cli: a bare
# "yarn" installs; "yarn <script>" runs a package.json script.

YARN = CliSpec(
    family="yarn",
    value_opts={"--cwd", "--registry", "--modules-folder", "--cache-folder"},
    rules=[
        _help("yarn.help"),
        *_reads(
            "yarn.read",
            [
                *_words(
                    "list",
                    "info",
                    "why",
                    "outdated",
                    "audit",
                    "licenses",
                    "help",
                    "npm",
                    "bin",
                    "owner",
                    "tag",
                ),
                *_under("config", "get", "list"),
                *_under("cache", "dir", "list"),
                ("npm", "info"),
                ("npm", "whoami"),
                ("workspaces", "list"),
                ("workspaces", "info"),
            ],
        ),
        *_locals(
            "yarn.local",
            [
                *_words("login", "logout", "set"),
                *_under("config", "set", "delete", "unset"),
                *_under("cache", "clean"),
            ],
        ),
        *_installs(
            "yarn.install",
            [
                *_words(
                    "add",
                    "install",
                    "upgrade",
                    "up",
                    "upgrade-interactive",
                    "dedupe",
                    "link",
                    "import",
                ),
                *_under("global", "add", "upgrade"),
            ],
        ),
        *_removes(
            "yarn.remove",
            [
                *_words("remove", "unlink", "autoclean"),
                ("global", "remove"),
            ],
        ),
        *_project(
            "yarn.project-code.unknown",
            [
                *_words(
                    "run",
                    "test",
                    "start",
                    "exec",
                    "node",
                    "dlx",
                    "create",
                    "init",
                    "pack",
                    "rebuild",
                    "version",
                )
            ],
        ),
        *_publishes("yarn.publish", [("publish",), ("npm", "publish")]),
        _r(
            "yarn.install",
            MU,
            20,
            _INSTALL,
            max_args=0,
            unless=_HELP_OPTS,
        ),
    ],
)


# -- pnpm --
# pnpm.io/cli: the commands and their aliases as each command's page
# lists them; run, test, exec, dlx and create run project code.

PNPM = CliSpec(
    family="pnpm",
    value_opts={
        "-C",
        "--dir",
        "-F",
        "--filter",
        "--registry",
        "--store-dir",
        "--reporter",
    },
    rules=[
        _help("pnpm.help"),
        *_reads(
            "pnpm.read",
            [
                *_words(
                    "list",
                    "ls",
                    "ll",
                    "la",
                    "outdated",
                    "why",
                    "audit",
                    "licenses",
                    "root",
                    "bin",
                    "help",
                    "view",
                    "info",
                    "search",
                ),
                *_under("store", "status", "path"),
                *_under("config", "get", "list"),
            ],
        ),
        *_locals(
            "pnpm.local",
            [
                *_words("fetch", "setup"),
                *_under("store", "prune", "add"),
                *_under("config", "set", "delete"),
            ],
        ),
        *_installs(
            "pnpm.install",
            _words(
                "add",
                "install",
                "i",
                "update",
                "up",
                "upgrade",
                "link",
                "ln",
                "import",
                "install-test",
                "it",
                "dedupe",
            ),
        ),
        *_removes(
            "pnpm.remove",
            _words("remove", "rm", "uninstall", "un", "unlink", "prune"),
        ),
        *_project(
            "pnpm.project-code.unknown",
            _words(
                "run",
                "test",
                "t",
                "tst",
                "start",
                "exec",
                "dlx",
                "create",
                "rebuild",
                "rb",
                "pack",
                "init",
            ),
        ),
        *_publishes("pnpm.publish", _words("publish")),
    ],
)


# -- apt / apt-get / apt-cache --
# apt(8), apt-get(8), apt-cache(8): -s, --simulate, --just-print,
# --dry-run, --recon, --no-act simulate.

APT = CliSpec(
    family="apt",
    value_opts={
        "-o",
        "--option",
        "-c",
        "--config-file",
        "-t",
        "--target-release",
    },
    dry_run=(
        "-s",
        "--simulate",
        "--just-print",
        "--dry-run",
        "--recon",
        "--no-act",
    ),
    rules=[
        _help("apt.help"),
        *_reads(
            "apt.read",
            _words(
                "list",
                "search",
                "show",
                "showsrc",
                "policy",
                "depends",
                "rdepends",
                "changelog",
                "madison",
                "pkgnames",
                "stats",
                "dump",
                "showpkg",
                "help",
                "moo",
                "check",
                "indextargets",
            ),
        ),
        *_locals(
            "apt.local",
            _words("update", "download", "clean", "autoclean", "source"),
        ),
        *_installs(
            "apt.install",
            _words(
                "install",
                "reinstall",
                "upgrade",
                "full-upgrade",
                "dist-upgrade",
                "build-dep",
                "satisfy",
                "edit-sources",
            ),
        ),
        *_removes(
            "apt.remove", _words("remove", "purge", "autoremove", "autopurge")
        ),
    ],
)


# -- dnf / yum / microdnf --
# dnf.readthedocs.io/en/latest/command_ref.html: --assumeno answers no.

DNF = CliSpec(
    family="dnf",
    value_opts={
        "-c",
        "--config",
        "--releasever",
        "--repo",
        "--repoid",
        "--enablerepo",
        "--disablerepo",
        "--installroot",
        "-x",
        "--exclude",
        "--setopt",
    },
    dry_run=("--assumeno",),
    rules=[
        _help("dnf.help"),
        *_reads(
            "dnf.read",
            [
                *_words(
                    "list",
                    "search",
                    "info",
                    "provides",
                    "whatprovides",
                    "repolist",
                    "repoinfo",
                    "repoquery",
                    "rq",
                    "deplist",
                    "check-update",
                    "check-upgrade",
                    "check",
                    "updateinfo",
                    "help",
                    "alias",
                ),
                *_under("history", "list", "info"),
                *_under("group", "list", "info"),
                *_under("module", "list", "info"),
                ("history",),
            ],
        ),
        *_locals("dnf.local", _words("makecache", "clean", "download")),
        *_installs(
            "dnf.install",
            [
                *_words(
                    "install",
                    "in",
                    "reinstall",
                    "rei",
                    "upgrade",
                    "up",
                    "update",
                    "downgrade",
                    "dg",
                    "distro-sync",
                    "dsync",
                    "swap",
                    "upgrade-minimal",
                    "localinstall",
                    "groupinstall",
                    "mark",
                ),
                *_under("group", "install", "upgrade", "mark"),
                *_under("module", "install", "enable", "reset", "switch-to"),
                *_under("history", "undo", "redo", "rollback"),
            ],
        ),
        *_removes(
            "dnf.remove",
            [
                *_words("remove", "rm", "erase", "autoremove", "groupremove"),
                *_under("group", "remove"),
                *_under("module", "remove", "disable"),
            ],
        ),
    ],
)


# -- brew --
# docs.brew.sh/Manpage: --dry-run (-n for autoremove/cleanup) previews.

BREW = CliSpec(
    family="brew",
    value_opts={"--cask-dir", "--appdir", "--formula"},
    dry_run=("--dry-run",),
    rules=[
        _help("brew.help"),
        *_reads(
            "brew.read",
            [
                *_words(
                    "list",
                    "ls",
                    "search",
                    "info",
                    "abv",
                    "deps",
                    "uses",
                    "leaves",
                    "outdated",
                    "doctor",
                    "dr",
                    "config",
                    "commands",
                    "desc",
                    "home",
                    "homepage",
                    "help",
                    "tap-info",
                    "missing",
                    "options",
                    "log",
                    "shellenv",
                    "docs",
                ),
                *_under("services", "list", "info"),
                *_under("bundle", "check", "list"),
            ],
        ),
        *_locals(
            "brew.local",
            [
                *_words(
                    "update", "up", "cleanup", "tap", "untap", "pin", "unpin"
                ),
                *_under("bundle", "dump", "cleanup"),
            ],
        ),
        *_installs(
            "brew.install",
            [
                *_words(
                    "install", "reinstall", "upgrade", "link", "ln", "unlink"
                ),
                *_under("bundle", "install"),
                *_under("services", "start", "stop", "restart", "run", "kill"),
            ],
        ),
        *_removes(
            "brew.remove", _words("uninstall", "remove", "rm", "autoremove")
        ),
        _r(
            "brew.read",
            RO,
            0,
            "prints where Homebrew keeps its files",
            when=[
                ("--prefix", "--cellar", "--cache", "--repository", "--env")
            ],
        ),
        _r(
            "brew.install",
            MU,
            20,
            "installs what the Brewfile lists",
            path=["bundle"],
            max_args=0,
        ),
    ],
)


# -- cargo --
# doc.rust-lang.org/cargo/commands: build, check, test, bench, run, doc,
# clippy and fix compile the package and run its build scripts (and tests).

CARGO = CliSpec(
    family="cargo",
    value_opts={
        "-p",
        "--package",
        "--manifest-path",
        "--target",
        "--target-dir",
        "--features",
        "-F",
        "--profile",
        "-j",
        "--jobs",
        "--color",
        "--config",
        "-Z",
        "--bin",
        "--example",
        "--test",
        "--bench",
        "--root",
        "--index",
        "--registry",
        "--git",
        "--branch",
        "--tag",
        "--rev",
        "--path",
        "--version",
        "--vers",
        "--token",
    },
    dry_run=("--dry-run",),
    rules=[
        _help("cargo.help"),
        *_reads(
            "cargo.read",
            _words(
                "search",
                "tree",
                "metadata",
                "locate-project",
                "pkgid",
                "verify-project",
                "read-manifest",
                "info",
                "help",
                "report",
            ),
        ),
        *_locals(
            "cargo.local",
            _words(
                "fmt",
                "clean",
                "new",
                "init",
                "fetch",
                "vendor",
                "generate-lockfile",
                "login",
                "logout",
                "package",
            ),
        ),
        *_installs(
            "cargo.install", _words("install", "add", "update", "upgrade")
        ),
        *_removes("cargo.remove", _words("uninstall", "remove", "rm")),
        *_project(
            "cargo.project-code.unknown",
            _words(
                "build",
                "b",
                "check",
                "c",
                "test",
                "t",
                "bench",
                "run",
                "r",
                "doc",
                "d",
                "clippy",
                "fix",
                "rustc",
                "rustdoc",
            ),
        ),
        *_publishes(
            "cargo.publish", [*_words("publish"), *_words("yank", "owner")]
        ),
        _r(
            "cargo.read",
            RO,
            0,
            "lists the installed commands",
            when=[("--list",)],
        ),
    ],
)


# -- go --
# pkg.go.dev/cmd/go: go test and go run build and run the package; go
# generate runs the commands its source files name; go tool runs tools.

GO = CliSpec(
    family="go",
    value_opts={"-C", "-o", "-mod", "-modfile", "-tags", "-ldflags", "-p"},
    rules=[
        _help("go.help"),
        *_reads(
            "go.read",
            [
                *_words("list", "version", "doc", "help", "vet", "bug"),
                ("env",),
                *_under("mod", "graph", "why", "verify"),
            ],
        ),
        *_locals(
            "go.local",
            [
                *_words("fmt", "build", "clean", "fix", "telemetry"),
                *_under("mod", "download", "tidy", "vendor", "edit", "init"),
                *_under("work", "init", "use", "edit", "sync", "vendor"),
            ],
        ),
        *_installs("go.install", _words("install", "get")),
        *_project(
            "go.project-code.unknown",
            _words("test", "run", "generate", "tool"),
        ),
    ],
)


PACKAGE_SPECS = group_specs(
    [
        (["pip", "pip3"], PIP),
        (["pipx"], PIPX),
        (["uv"], UV),
        (["npm"], NPM),
        (["yarn", "yarnpkg"], YARN),
        (["pnpm"], PNPM),
        (["apt", "apt-get", "apt-cache"], APT),
        (["dnf", "yum", "microdnf", "dnf5"], DNF),
        (["brew"], BREW),
        (["cargo"], CARGO),
        (["go"], GO),
    ]
)
"""Program name → spec."""
