"""
Rule tables of the platform tools: PostgreSQL's and MongoDB's client
programs (``dropdb``, ``createdb``, ``pg_dump``, ``pg_restore``,
``mongodump``, ``mongorestore``), helmfile, Argo CD's ``argocd``, Flux's
``flux`` and ``kustomize``.

Written from each tool's own reference: postgresql.org/docs/current/app-*
(dropdb, createdb, pg_dump, pg_dumpall, pg_restore), the MongoDB Database
Tools reference (mongodump, mongorestore), helmfile.readthedocs.io (CLI
reference), argo-cd.readthedocs.io (user-guide/commands/argocd*),
fluxcd.io/flux/cmd and kubectl.docs.kubernetes.io / the kustomize CLI help.
Rows are data: the analyzers only interpret them
(`blastradius.families._interpret`).

``dropdb NAME`` is a hard rule, as ``DROP DATABASE`` is for the SQL
clients: the whole database goes, with no undo. ``pg_restore --clean`` and
``mongorestore --drop`` drop what they restore over (``DUAL``);
``helmfile destroy``, ``argocd app delete`` (cascading by default) and
``flux delete`` delete what the release, application or Flux object
manages.
"""

from __future__ import annotations

from blastradius.families._clispec import CliRule
from blastradius.rules._rowkit import (
    DE,
    IN,
    LO,
    MOD,
    MU,
    RO,
)
from blastradius.rules._rowkit import each as _each
from blastradius.rules._rowkit import row as _r
from blastradius.rules._rowkit import under as _under
from blastradius.rules._rowkit import words as _words


__all__ = [
    "ARGOCD_RULES",
    "CREATEDB_RULES",
    "DROPDB_RULES",
    "FLUX_RULES",
    "HELMFILE_RULES",
    "KUSTOMIZE_RULES",
    "MONGODUMP_RULES",
    "MONGORESTORE_RULES",
    "PG_DUMP_RULES",
    "PG_RESTORE_RULES",
]


_HELP_OPTS = ("-?", "--help", "-V", "--version")


"""Help and version options of the database tools (their -h is --host)."""


def _help(rule_id: str) -> CliRule:
    return _r(
        rule_id,
        RO,
        0,
        "prints help or the version",
        when=[(*_HELP_OPTS, "-h", "version")],
        max_args=0,
    )


DROPDB_RULES: tuple[CliRule, ...] = (
    _help("dropdb.help"),
    _r(
        "dropdb.database",
        DE,
        100,
        "drops a whole database: every table and row, no undo",
        min_args=1,
        hard=True,
    ),
)


CREATEDB_RULES: tuple[CliRule, ...] = (
    _help("createdb.help"),
    _r(
        "createdb.database",
        MU,
        15,
        "creates a database",
        unless=_HELP_OPTS,
    ),
)


PG_DUMP_RULES: tuple[CliRule, ...] = (
    _help("pg_dump.help"),
    _r(
        "pg_dump.dump",
        LO,
        5,
        "reads a database into a dump file or standard output",
        unless=_HELP_OPTS,
    ),
)


_PG_LIST = ("-l", "--list")


_PG_TARGET = ("-d", "--dbname")


PG_RESTORE_RULES: tuple[CliRule, ...] = (
    _help("pg_restore.help"),
    _r(
        "pg_restore.list",
        RO,
        0,
        "lists an archive's table of contents",
        when=[_PG_LIST],
    ),
    _r(
        "pg_restore.script",
        LO,
        5,
        "writes the archive as an SQL script (no database is touched)",
        unless=(*_PG_TARGET, *_PG_LIST, *_HELP_OPTS),
    ),
    _r(
        "pg_restore.restore",
        MU,
        30,
        "restores objects and rows into a live database",
        when=[_PG_TARGET],
        unless=_PG_LIST,
    ),
    _r(
        "pg_restore.clean",
        DE,
        60,
        "--clean drops the database objects it restores before "
        "re-creating them",
        when=[_PG_TARGET, ("-c", "--clean")],
        unless=_PG_LIST,
    ),
    _r(
        "pg_restore.clean-create",
        DE,
        75,
        "--clean --create drops the whole database and re-creates it "
        "from the archive",
        when=[_PG_TARGET, ("-c", "--clean"), ("-C", "--create")],
        unless=_PG_LIST,
    ),
)


MONGODUMP_RULES: tuple[CliRule, ...] = (
    _help("mongodump.help"),
    _r(
        "mongodump.dump",
        LO,
        5,
        "reads databases into dump files or an archive",
        unless=_HELP_OPTS,
    ),
)


MONGORESTORE_RULES: tuple[CliRule, ...] = (
    _help("mongorestore.help"),
    _r(
        "mongorestore.restore",
        MU,
        30,
        "restores documents and indexes into a live database",
        unless=_HELP_OPTS,
    ),
    _r(
        "mongorestore.drop",
        DE,
        60,
        "--drop drops each collection before restoring it",
        when=[("--drop",)],
    ),
)


HELMFILE_RULES: tuple[CliRule, ...] = (
    _help("helmfile.help"),
    *_each(
        "helmfile.read",
        RO,
        0,
        "reads or renders the releases of the state file",
        _words(
            "list",
            "diff",
            "template",
            "lint",
            "status",
            "build",
            "write-values",
            "version",
            "help",
            "completion",
            "show-dag",
            "print-env",
        ),
    ),
    *_each(
        "helmfile.local",
        LO,
        5,
        "changes local chart dependencies, repositories or caches",
        [
            *_words("deps", "repos", "fetch", "init"),
            *_under("cache", "info", "cleanup"),
        ],
    ),
    _r("helmfile.test", MU, 15, "runs the releases' tests", path=["test"]),
    *_each(
        "helmfile.apply",
        MU,
        22,
        "installs or upgrades every selected release in the cluster",
        _words("apply", "sync"),
    ),
    *_each(
        "helmfile.destroy",
        DE,
        35,
        "uninstalls every selected release and deletes its resources",
        _words("destroy", "delete"),
    ),
)


_ARGOCD_READ = [
    *_words("version", "completion", "help", "context"),
    *_under(
        "app",
        "get",
        "list",
        "diff",
        "history",
        "manifests",
        "logs",
        "resources",
        "wait",
        "man",
    ),
    ("app", "actions", "list"),
    *_under("appset", "get", "list"),
    *_under("cluster", "get", "list"),
    *_under("proj", "get", "list"),
    ("proj", "windows", "list"),
    ("proj", "role", "list"),
    ("proj", "role", "get"),
    *_under("repo", "get", "list"),
    *_under("repocreds", "list"),
    *_under("cert", "list"),
    *_under("gpg", "get", "list"),
    *_under("account", "get", "list", "can-i", "get-user-info"),
]


ARGOCD_RULES: tuple[CliRule, ...] = (
    _help("argocd.help"),
    *_each(
        "argocd.read",
        RO,
        0,
        "reads applications, projects, clusters or repositories",
        _ARGOCD_READ,
    ),
    *_each(
        "argocd.local",
        LO,
        5,
        "changes only the local argocd configuration",
        _words("login", "logout", "relogin"),
    ),
    _r(
        "argocd.account.token",
        RO,
        15,
        "prints a new API token",
        path=["account", "generate-token"],
    ),
    *_each(
        "argocd.change",
        MU,
        22,
        "changes an application, application set, project, cluster or "
        "repository",
        [
            *_under(
                "app",
                "create",
                "set",
                "unset",
                "patch",
                "edit",
                "add-source",
                "remove-source",
                "terminate-op",
            ),
            *_under("appset", "create", "generate"),
            *_under("cluster", "add", "set", "rotate-auth"),
            *_under(
                "proj",
                "create",
                "set",
                "edit",
                "add-source",
                "remove-source",
                "add-destination",
                "remove-destination",
                "allow-cluster-resource",
                "deny-cluster-resource",
                "allow-namespace-resource",
                "deny-namespace-resource",
                "add-signature-key",
                "remove-signature-key",
                "add-orphaned-ignore",
                "remove-orphaned-ignore",
            ),
            *[
                ("proj", "role", w)
                for w in (
                    "create",
                    "delete",
                    "add-policy",
                    "remove-policy",
                    "create-token",
                    "delete-token",
                    "add-group",
                    "remove-group",
                )
            ],
            *[
                ("proj", "windows", w)
                for w in (
                    "add",
                    "delete",
                    "update",
                    "enable-manual-sync",
                    "disable-manual-sync",
                )
            ],
            *_under("repo", "add"),
            *_under("repocreds", "add"),
            *_under("cert", "add-ssh", "add-tls"),
            *_under("gpg", "add"),
            *_under("account", "update-password", "bcrypt"),
        ],
    ),
    *_each(
        "argocd.app.sync",
        MU,
        30,
        "applies what Git says to the cluster (or an earlier revision)",
        [
            *_under("app", "sync", "rollback", "patch-resource"),
            ("app", "actions", "run"),
        ],
    ),
    _r(
        "argocd.app.sync.prune",
        DE,
        15,
        "--prune deletes the resources Git no longer has",
        path=["app", "sync"],
        when=[("--prune",)],
        kind=MOD,
    ),
    _r(
        "argocd.app.sync.force",
        DE,
        10,
        "--force deletes and re-creates resources that cannot be patched",
        path=["app", "sync"],
        when=[("--force", "--replace")],
        kind=MOD,
    ),
    _r(
        "argocd.app.delete-resource",
        DE,
        45,
        "deletes resources an application manages",
        path=["app", "delete-resource"],
    ),
    *_each(
        "argocd.remove",
        DE,
        40,
        "removes a project, cluster, repository or credentials Argo CD "
        "deploys with",
        [
            *_under("proj", "delete"),
            *_under("cluster", "rm", "remove"),
            *_under("repo", "rm", "remove"),
            *_under("repocreds", "rm", "remove"),
            *_under("cert", "rm", "remove"),
            *_under("gpg", "rm", "remove"),
        ],
    ),
    *_each(
        "argocd.app.delete",
        DE,
        60,
        "deletes applications and, cascading by default, every "
        "resource they manage",
        [("app", "delete"), ("appset", "delete")],
    ),
)


FLUX_RULES: tuple[CliRule, ...] = (
    _help("flux.help"),
    *_each(
        "flux.read",
        RO,
        0,
        "reads Flux objects, their events, logs or a local build",
        [
            *_words(
                "get",
                "export",
                "logs",
                "events",
                "tree",
                "trace",
                "stats",
                "check",
                "diff",
                "version",
                "build",
                "completion",
                "envsubst",
                "help",
                "debug",
            ),
            ("list", "artifacts"),
        ],
    ),
    _r(
        "flux.create.export",
        RO,
        0,
        "--export prints the object instead of creating it",
        path=["create"],
        when=[("--export",)],
    ),
    *_each(
        "flux.local",
        LO,
        5,
        "fetches an artifact to local files",
        [("pull", "artifact")],
    ),
    _r(
        "flux.reconcile",
        MU,
        10,
        "asks a Flux object to sync now: it applies what its source says",
        path=["reconcile"],
    ),
    _r(
        "flux.resume",
        MU,
        15,
        "resumes reconciling: pending changes are applied",
        path=["resume"],
    ),
    _r(
        "flux.artifact",
        MU,
        15,
        "pushes or tags an OCI artifact",
        path=["push", "artifact"],
    ),
    _r(
        "flux.artifact",
        MU,
        15,
        "pushes or tags an OCI artifact",
        path=["tag", "artifact"],
    ),
    _r(
        "flux.suspend",
        MU,
        22,
        "stops reconciling the object: drift is no longer corrected",
        path=["suspend"],
    ),
    _r(
        "flux.create",
        MU,
        22,
        "creates or updates a Flux object in the cluster",
        path=["create"],
        unless=("--export",),
    ),
    _r("flux.migrate", MU, 22, "migrates Flux objects", path=["migrate"]),
    *_each(
        "flux.install",
        MU,
        30,
        "installs or upgrades Flux in the cluster",
        _words("install", "bootstrap"),
        unless=("--export",),
    ),
    _r(
        "flux.delete",
        DE,
        30,
        "deletes a Flux object; a pruning Kustomization deletes what it "
        "applied",
        path=["delete"],
    ),
    _r(
        "flux.uninstall",
        DE,
        45,
        "removes Flux's controllers and custom resources from the cluster",
        path=["uninstall"],
    ),
)


KUSTOMIZE_RULES: tuple[CliRule, ...] = (
    _help("kustomize.help"),
    *_each(
        "kustomize.read",
        RO,
        0,
        "renders manifests to standard output or reads local files",
        [
            *_words(
                "build",
                "version",
                "help",
                "completion",
                "docs-fn",
                "docs-fn-spec",
                "docs-io-annotations",
                "docs-merge",
                "docs-merge3",
                "tutorials-command-basics",
                "tutorials-function-basics",
            ),
            *_under("cfg", "cat", "count", "grep", "tree"),
        ],
    ),
    *_each(
        "kustomize.local",
        LO,
        5,
        "writes local files only",
        _words("create", "init", "edit", "localize"),
    ),
    _r(
        "kustomize.local",
        LO,
        5,
        "writes local files only",
        path=["cfg"],
        fallback=True,
    ),
    _r(
        "kustomize.build.output",
        LO,
        5,
        "writes the rendered manifests to local files",
        path=["build"],
        when=[("-o", "--output")],
    ),
    _r(
        "kustomize.exec",
        IN,
        22,
        "runs plugin or function programs",
        path=["build"],
        when=[("--enable-exec", "--enable-alpha-plugins")],
    ),
    _r(
        "kustomize.fn",
        IN,
        22,
        "runs function containers over local files",
        path=["fn"],
    ),
)
