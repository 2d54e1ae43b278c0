"""
The command grammar of the platform tools: how each program spells its
options (which take a value, abbreviations, dry-run and target options),
over the rows of `blastradius.families.platform.rules`.
"""

from __future__ import annotations

from blastradius.families._clispec import CliSpec, group_specs
from blastradius.families.platform.rules import (
    ARGOCD_RULES,
    CREATEDB_RULES,
    DROPDB_RULES,
    FLUX_RULES,
    HELMFILE_RULES,
    KUSTOMIZE_RULES,
    MONGODUMP_RULES,
    MONGORESTORE_RULES,
    PG_DUMP_RULES,
    PG_RESTORE_RULES,
)


__all__ = [
    "ARGOCD",
    "CREATEDB",
    "DROPDB",
    "FLUX",
    "HELMFILE",
    "KUSTOMIZE",
    "MONGODUMP",
    "MONGORESTORE",
    "PG_DUMP",
    "PG_RESTORE",
    "PLATFORM_SPECS",
]


_PG_VALUES = frozenset(
    {
        "-h",
        "--host",
        "-p",
        "--port",
        "-U",
        "--username",
        "-d",
        "--dbname",
        "--maintenance-db",
        "-f",
        "--file",
        "-F",
        "--format",
        "-j",
        "--jobs",
        "-n",
        "--schema",
        "-N",
        "--exclude-schema",
        "-t",
        "--table",
        "-T",
        "--exclude-table",
        "--template",
        "-E",
        "--encoding",
        "-l",
        "--locale",
        "-O",
        "--owner",
        "-D",
        "--tablespace",
        "-S",
        "--superuser",
        "-L",
        "--use-list",
        "-I",
        "--index",
        "-P",
        "--function",
        "--role",
        "-Z",
        "--compress",
        "--lock-wait-timeout",
        "--section",
        "--exclude-table-data",
    }
)


DROPDB = CliSpec(
    family="dropdb",
    value_opts=_PG_VALUES - {"-l", "-f"},
    abbrev=True,
    rules=DROPDB_RULES,
)


CREATEDB = CliSpec(
    family="createdb",
    value_opts=_PG_VALUES - {"-f"},
    abbrev=True,
    rules=CREATEDB_RULES,
)


PG_DUMP = CliSpec(
    family="pg_dump",
    value_opts=_PG_VALUES - {"-l", "-O", "-S", "-D", "-E", "-T"},
    abbrev=True,
    rules=PG_DUMP_RULES,
)


PG_RESTORE = CliSpec(
    family="pg_restore",
    value_opts=_PG_VALUES - {"-l", "-O", "-S", "-D", "-E", "-T"}
    | {"-S", "--superuser"},
    abbrev=True,
    rules=PG_RESTORE_RULES,
)


_MONGO_VALUES = frozenset(
    {
        "--uri",
        "-h",
        "--host",
        "--port",
        "-u",
        "--username",
        "-p",
        "--password",
        "--authenticationDatabase",
        "--authenticationMechanism",
        "-d",
        "--db",
        "-c",
        "--collection",
        "-q",
        "--query",
        "--queryFile",
        "-o",
        "--out",
        "--dir",
        "--nsInclude",
        "--nsExclude",
        "--nsFrom",
        "--nsTo",
        "-j",
        "--numParallelCollections",
        "--numInsertionWorkersPerCollection",
        "--writeConcern",
        "--readPreference",
        "--oplogFile",
        "--oplogLimit",
        "--excludeCollection",
        "--excludeCollectionsWithPrefix",
        "--config",
    }
)


MONGODUMP = CliSpec(
    family="mongodump",
    value_opts=_MONGO_VALUES,
    clusters=False,
    rules=MONGODUMP_RULES,
)


MONGORESTORE = CliSpec(
    family="mongorestore",
    value_opts=_MONGO_VALUES,
    clusters=False,
    dry_run=("--dryRun",),
    rules=MONGORESTORE_RULES,
)


HELMFILE = CliSpec(
    family="helmfile",
    value_opts={
        "-e",
        "--environment",
        "-f",
        "--file",
        "-l",
        "--selector",
        "-n",
        "--namespace",
        "--kube-context",
        "--kubeconfig",
        "-b",
        "--helm-binary",
        "-c",
        "--chart",
        "--state-values-set",
        "--state-values-set-string",
        "--state-values-file",
        "--log-level",
        "--concurrency",
        "--args",
        "--set",
        "--values",
        "--output-dir",
        "--output-dir-template",
        "--context",
        "--output",
    },
    namespace_opts=("-n", "--namespace"),
    context_opts=("--kube-context",),
    target_opts=("-e", "--environment"),
    rules=HELMFILE_RULES,
)


ARGOCD = CliSpec(
    family="argocd",
    value_opts={
        "--server",
        "--auth-token",
        "--config",
        "--argocd-context",
        "--port-forward-namespace",
        "--kube-context",
        "--loglevel",
        "--logformat",
        "-H",
        "--header",
        "--client-crt",
        "--client-crt-key",
        "--server-crt",
        "--grpc-web-root-path",
        "--http-retry-max",
        "--redis-haproxy-name",
        "--redis-name",
        "--repo-server-name",
        "--server-name",
        "-o",
        "--output",
        "-N",
        "--app-namespace",
        "-l",
        "--selector",
        "-p",
        "--parameter",
        "--revision",
        "--resource",
        "--kind",
        "--group",
        "--namespace",
        "--propagation-policy",
        "--project",
        "--repo",
        "--path",
        "--dest-server",
        "--dest-namespace",
        "--dest-name",
        "--name",
        "--timeout",
        "--retry-limit",
        "--strategy",
        "--local",
        "--patch",
        "--type",
        "--username",
        "--password",
        "--account",
        "--current-password",
        "--new-password",
        "--expires-in",
        "--id",
    },
    dry_run=("--dry-run",),
    rules=ARGOCD_RULES,
)


FLUX = CliSpec(
    family="flux",
    value_opts={
        "-n",
        "--namespace",
        "--context",
        "--kubeconfig",
        "--timeout",
        "--cluster",
        "--server",
        "--token",
        "--user",
        "--as",
        "--as-group",
        "--as-uid",
        "--certificate-authority",
        "--client-certificate",
        "--client-key",
        "--cache-dir",
        "-l",
        "--label-selector",
        "--kind",
        "--path",
        "--source",
        "--interval",
        "--url",
        "--branch",
        "--tag",
        "--owner",
        "--repository",
        "--components",
        "--components-extra",
        "--version",
        "--export-file",
        "-o",
        "--output",
        "--prune",
    },
    namespace_opts=("-n", "--namespace"),
    context_opts=("--context",),
    rules=FLUX_RULES,
)


KUSTOMIZE = CliSpec(
    family="kustomize",
    dynamic_ok=True,
    value_opts={
        "-o",
        "--output",
        "--load-restrictor",
        "--reorder",
        "--helm-command",
        "--env",
        "-e",
        "--mount",
        "--network-name",
        "--resources",
        "--namespace",
        "--nameprefix",
        "--namesuffix",
        "--annotations",
        "--labels",
        "--image",
        "--fn-path",
        "--stack-size",
    },
    rules=KUSTOMIZE_RULES,
)


PLATFORM_SPECS = group_specs(
    [
        (["dropdb"], DROPDB),
        (["createdb"], CREATEDB),
        (["pg_dump", "pg_dumpall"], PG_DUMP),
        (["pg_restore"], PG_RESTORE),
        (["mongodump"], MONGODUMP),
        (["mongorestore"], MONGORESTORE),
        (["helmfile"], HELMFILE),
        (["argocd"], ARGOCD),
        (["flux"], FLUX),
        (["kustomize"], KUSTOMIZE),
    ]
)


"""Program name → spec."""
