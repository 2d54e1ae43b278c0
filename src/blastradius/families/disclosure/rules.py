"""
Rule rows and data tables of the judgment family: disclosure (a command
prints a secret into the transcript), exfiltration (it sends local files
or secrets off the host) and permission widening.

The interpreter is `blastradius.families.disclosure.analyzer`; this module
holds data only. Sources for the tables: the tools' own documentation
(kubectl ``get -o`` output formats; ``aws secretsmanager
get-secret-value``, ``aws ssm get-parameter --with-decryption``, ``gcloud
secrets versions access``, ``az keyvault secret show``, ``vault kv get``;
``terraform output``'s ``-raw``/``-json``, which print sensitive outputs in
clear; curl(1)'s ``-d @file``, ``-T``, ``-F name=@file``; wget(1)'s
``--post-file``; GNU coreutils chmod(1) modes).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from blastradius._model import Effect, Kind
from blastradius.rules._rulerow import Rule, index


__all__ = [
    "CODE_EXTENSIONS",
    "CREDENTIAL_NAMES",
    "CREDENTIAL_PATHS",
    "CREDENTIAL_SUFFIXES",
    "DEFAULT_TRUSTED_HOSTS",
    "FILTERS",
    "HELP",
    "INTERPRETERS",
    "LOGIN_PROGRAMS",
    "NETCAT",
    "OPENSSL_CERTIFICATES",
    "PATTERN_READERS",
    "PRINTERS",
    "READERS",
    "REGISTRY_LOGINS",
    "RULES",
    "SECRET_COMMANDS",
    "SENSITIVE_NAME",
    "SINK_VIA",
]

DI = Effect.DISCLOSURE
MU = Effect.MUTATING
DE = Effect.DESTRUCTIVE

RULES: Mapping[str, Rule] = index(
    (
        Rule(
            "disclosure.secret",
            30,
            DI,
            "prints a stored secret into the transcript",
        ),
        Rule(
            "disclosure.token",
            30,
            DI,
            "mints and prints an access token",
        ),
        Rule(
            "disclosure.credential-file",
            30,
            DI,
            "reads a credential file",
        ),
        Rule(
            "disclosure.environment",
            25,
            DI,
            "dumps the environment (tokens and passwords live there)",
        ),
        Rule(
            "disclosure.variable",
            25,
            DI,
            "prints a variable whose name says it holds a secret",
        ),
        Rule(
            "disclosure.carried",
            0,
            DI,
            "passes on the secret it is fed",
            Kind.INFO,
        ),
        Rule(
            "disclosure.registry-login",
            0,
            DI,
            "piped into that registry's login: never printed",
            Kind.INFO,
        ),
        Rule(
            "disclosure.network",
            70,
            DI,
            "sends a secret off the host",
        ),
        Rule(
            "exfiltration.upload",
            40,
            MU,
            "uploads a local file",
        ),
        Rule(
            "exfiltration.token-header",
            45,
            MU,
            "sends a secret variable in a header",
        ),
        Rule(
            "exfiltration.secret-variable",
            45,
            MU,
            "sends a variable whose name says it holds a secret",
        ),
        Rule(
            "exfiltration.remote-copy",
            35,
            MU,
            "copies local files to another host",
        ),
        Rule(
            "exfiltration.netcat",
            45,
            MU,
            "sends its input over a raw socket",
        ),
        Rule(
            "exfiltration.netcat.exec",
            80,
            DE,
            "serves a program over the network (a remote shell)",
        ),
        Rule(
            "permissions.world-writable",
            30,
            MU,
            "lets every user write the files",
        ),
        Rule(
            "permissions.setid",
            40,
            MU,
            "sets the set-user-id or set-group-id bit",
        ),
        Rule(
            "permissions.recursive",
            15,
            MU,
            "widens permissions over a whole tree",
            Kind.MODIFIER,
        ),
        Rule(
            "help",
            0,
            Effect.READ_ONLY,
            "prints help and runs nothing",
        ),
    )
)
"""The rows, by id."""

DEFAULT_TRUSTED_HOSTS: tuple[str, ...] = ("api.github.com",)
"""Hosts a token is expected to be sent to (``Policy.disclosure``)."""

# -- credential files --
# A word names a credential when its path (``~`` and ``$HOME`` folded to
# ``~``) is in CREDENTIAL_PATHS, ends with one of CREDENTIAL_SUFFIXES, or
# its last component matches one of CREDENTIAL_NAMES (fnmatch-style,
# case-insensitive), minus the exclusions. What each holds is the reason.

CREDENTIAL_PATHS: tuple[tuple[str, str], ...] = (
    ("/etc/shadow", "password hashes"),
    ("/etc/gshadow", "group password hashes"),
    ("/etc/master.passwd", "password hashes"),
    ("/etc/ssl/private/*", "TLS private keys"),
    ("/proc/*/environ", "a process's environment"),
    ("/var/run/secrets/*", "a pod's service account token"),
    ("/run/secrets/*", "container secrets"),
)

CREDENTIAL_SUFFIXES: tuple[tuple[str, str], ...] = (
    (".ssh", "ssh keys"),
    (".gnupg", "gpg keys"),
    (".aws", "AWS credentials"),
    (".aws/credentials", "AWS credentials"),
    (".aws/sso/cache", "AWS SSO tokens"),
    (".kube/config", "a kubeconfig"),
    (".docker/config.json", "registry credentials"),
    (".config/gcloud", "gcloud credentials"),
    (".config/gcloud/credentials.db", "gcloud credentials"),
    (
        ".config/gcloud/application_default_credentials.json",
        "gcloud credentials",
    ),
    (".azure/accessTokens.json", "Azure tokens"),
    (".azure/msal_token_cache.json", "Azure tokens"),
    (".config/gh/hosts.yml", "a GitHub token"),
    (".terraform.d/credentials.tfrc.json", "a Terraform Cloud token"),
)

CREDENTIAL_NAMES: tuple[tuple[str, str], ...] = (
    (".env", "environment secrets"),
    (".env.*", "environment secrets"),
    ("*.env", "environment secrets"),
    ("id_rsa", "an ssh private key"),
    ("id_dsa", "an ssh private key"),
    ("id_ecdsa", "an ssh private key"),
    ("id_ed25519", "an ssh private key"),
    ("id_ecdsa_sk", "an ssh private key"),
    ("id_ed25519_sk", "an ssh private key"),
    ("*.pem", "a private key or certificate"),
    ("*.key", "a private key"),
    ("*.p12", "a key store"),
    ("*.pfx", "a key store"),
    ("*.jks", "a key store"),
    ("*.keystore", "a key store"),
    ("*.kdbx", "a password database"),
    (".netrc", "login passwords"),
    ("_netrc", "login passwords"),
    (".pgpass", "database passwords"),
    (".my.cnf", "database passwords"),
    (".htpasswd", "password hashes"),
    (".git-credentials", "git credentials"),
    (".npmrc", "a registry token"),
    (".pypirc", "a registry token"),
    (".vault-token", "a Vault token"),
    ("kubeconfig", "a kubeconfig"),
    ("*.kubeconfig", "a kubeconfig"),
    ("*.tfstate", "Terraform state (secrets in clear)"),
    ("*.tfstate.backup", "Terraform state (secrets in clear)"),
    ("*.tfvars", "Terraform variables"),
    ("*secret*", "what its name says: secrets"),
    ("*credential*", "what its name says: credentials"),
    ("*password*", "what its name says: passwords"),
    ("*passwd*", "what its name says: passwords"),
    ("*token*", "what its name says: tokens"),
    ("*private*key*", "what its name says: a private key"),
)

CREDENTIAL_EXCLUDED: tuple[str, ...] = (
    "*.pub",
    "*.example",
    "*.sample",
    "*.template",
    "*.dist",
    "*.tmpl",
    "passwd",
    "passwd-",
    "*.crt",
    "*.cert",
    "*.csr",
    "tokeniz*",
    "*_tokeniz*",
)
"""Names that never hold a secret (``/etc/passwd``, public keys, templates)."""

CODE_EXTENSIONS: frozenset[str] = frozenset(
    {
        "py", "js", "ts", "tsx", "jsx", "go", "rs", "java", "kt", "rb",
        "c", "h", "cc", "cpp", "hpp", "cs", "php", "swift", "scala", "md",
        "rst", "txt.j2", "html", "css", "sh", "bash", "lua", "ex", "exs",
        "erl", "ml", "hs", "clj", "vue", "svelte", "dart", "pyi", "o",
        "so", "class", "test", "snap",
    }
)  # fmt: skip
"""Source-file extensions: a ``token.go`` holds code, not a token (the
name patterns with ``*`` skip them)."""

# -- readers --
# Programs that print, encode or copy the files they are given. In
# PATTERN_READERS the first positional word is a pattern or a program, not
# a file, unless one of the listed options gives it.

READERS: frozenset[str] = frozenset(
    {
        "cat", "tac", "nl", "head", "tail", "less", "more", "most", "bat",
        "batcat", "strings", "od", "hexdump", "xxd", "base64", "base32",
        "basenc", "cut", "sort", "uniq", "paste", "fold", "fmt", "rev",
        "column", "diff", "comm", "zcat", "bzcat", "xzcat", "zstdcat",
        "zless", "zmore", "cp", "dd", "openssl", "pr", "expand",
        "unexpand", "iconv", "yq", "jq", "grep", "egrep",
        "fgrep", "zgrep", "rg", "ag", "ack", "sed", "awk", "gawk", "mawk",
        "nawk", "busybox-awk", "view", "get-content",
    }
)  # fmt: skip

PATTERN_READERS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        **dict.fromkeys(
            ("grep", "egrep", "fgrep", "zgrep", "rg", "ag", "ack"),
            frozenset({"-e", "--regexp", "-f", "--file"}),
        ),
        "sed": frozenset({"-e", "--expression", "-f", "--file"}),
        **dict.fromkeys(
            ("awk", "gawk", "mawk", "nawk", "busybox-awk"),
            frozenset({"-f", "--file", "-e", "--source"}),
        ),
        "jq": frozenset({"-f", "--from-file"}),
        "yq": frozenset(),
    }
)
"""Readers whose first positional word is not a file (unless an option
gives the pattern): the pattern options per reader."""

FILTERS: frozenset[str] = frozenset(
    {
        "base64", "base32", "basenc", "xxd", "od", "hexdump", "gzip",
        "bzip2", "xz", "zstd", "tr", "sed", "awk", "gawk", "cut", "head",
        "tail", "sort", "uniq", "tee", "openssl", "gpg", "jq", "yq", "cat",
        "rev", "fold", "iconv", "tac", "nl", "grep", "egrep", "fgrep",
        "rg", "tar", "zip", "cpio", "xargs", "column", "paste", "strings",
    }
)  # fmt: skip
"""Pipeline stages that pass on (a transform of) what they are fed."""

INTERPRETERS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "python": frozenset({"-c"}),
        "python3": frozenset({"-c"}),
        "python2": frozenset({"-c"}),
        "pypy": frozenset({"-c"}),
        "pypy3": frozenset({"-c"}),
        "node": frozenset({"-e", "--eval", "-p", "--print"}),
        "nodejs": frozenset({"-e", "--eval", "-p", "--print"}),
        "bun": frozenset({"-e", "--eval", "-p", "--print"}),
        "deno": frozenset({"eval"}),
        "perl": frozenset({"-e", "-E"}),
        "ruby": frozenset({"-e"}),
        "php": frozenset({"-r"}),
        "lua": frozenset({"-e"}),
        "osascript": frozenset({"-e"}),
        "pwsh": frozenset({"-c", "-command", "-Command"}),
        "powershell": frozenset({"-c", "-command", "-Command"}),
    }
)
"""Interpreters and the options that carry inline code."""

OPENSSL_CERTIFICATES: frozenset[str] = frozenset(
    {"x509", "verify", "crl", "req", "s_client", "s_server", "ocsp"}
)
"""openssl subcommands whose ``.pem`` input is a certificate (public), not a
key: only their ``*.key`` words count."""

# -- stored secrets and tokens --

SECRET_COMMANDS: tuple[
    tuple[str, tuple[str, ...], tuple[str, ...], str, str], ...
] = (
    (
        "aws",
        ("secretsmanager", "get-secret-value"),
        (),
        "disclosure.secret",
        "an AWS secret",
    ),
    (
        "aws",
        ("secretsmanager", "batch-get-secret-value"),
        (),
        "disclosure.secret",
        "AWS secrets",
    ),
    (
        "aws",
        ("ssm", "get-parameter"),
        ("--with-decryption",),
        "disclosure.secret",
        "a decrypted SSM parameter",
    ),
    (
        "aws",
        ("ssm", "get-parameters"),
        ("--with-decryption",),
        "disclosure.secret",
        "decrypted SSM parameters",
    ),
    (
        "aws",
        ("ssm", "get-parameters-by-path"),
        ("--with-decryption",),
        "disclosure.secret",
        "SSM parameters",
    ),
    (
        "aws",
        ("kms", "decrypt"),
        (),
        "disclosure.secret",
        "decrypted ciphertext",
    ),
    (
        "aws",
        ("sts", "get-session-token"),
        (),
        "disclosure.token",
        "AWS session credentials",
    ),
    (
        "aws",
        ("sts", "assume-role"),
        (),
        "disclosure.token",
        "AWS role credentials",
    ),
    (
        "aws",
        ("sts", "assume-role-with-web-identity"),
        (),
        "disclosure.token",
        "AWS role credentials",
    ),
    (
        "aws",
        ("sts", "get-federation-token"),
        (),
        "disclosure.token",
        "AWS federation credentials",
    ),
    (
        "aws",
        ("ecr", "get-login-password"),
        (),
        "disclosure.token",
        "a registry password",
    ),
    (
        "aws",
        ("ecr-public", "get-login-password"),
        (),
        "disclosure.token",
        "a registry password",
    ),
    ("aws", ("eks", "get-token"), (), "disclosure.token", "a cluster token"),
    (
        "aws",
        ("rds", "generate-db-auth-token"),
        (),
        "disclosure.token",
        "a database token",
    ),
    (
        "aws",
        ("codeartifact", "get-authorization-token"),
        (),
        "disclosure.token",
        "a registry token",
    ),
    (
        "aws",
        ("configure", "export-credentials"),
        (),
        "disclosure.token",
        "AWS credentials",
    ),
    (
        "gcloud",
        ("secrets", "versions", "access"),
        (),
        "disclosure.secret",
        "a Secret Manager secret",
    ),
    (
        "gcloud",
        ("auth", "print-access-token"),
        (),
        "disclosure.token",
        "a Google access token",
    ),
    (
        "gcloud",
        ("auth", "print-identity-token"),
        (),
        "disclosure.token",
        "a Google identity token",
    ),
    (
        "gcloud",
        ("application-default", "print-access-token"),
        (),
        "disclosure.token",
        "a Google token",
    ),
    (
        "gcloud",
        ("sql", "generate-login-token"),
        (),
        "disclosure.token",
        "a database token",
    ),
    (
        "az",
        ("keyvault", "secret", "show"),
        (),
        "disclosure.secret",
        "a Key Vault secret",
    ),
    (
        "az",
        ("keyvault", "secret", "download"),
        (),
        "disclosure.secret",
        "a Key Vault secret",
    ),
    (
        "az",
        ("account", "get-access-token"),
        (),
        "disclosure.token",
        "an Azure access token",
    ),
    (
        "az",
        ("acr", "login"),
        ("--expose-token", "-t"),
        "disclosure.token",
        "a registry token",
    ),
    (
        "az",
        ("storage", "account", "keys", "list"),
        (),
        "disclosure.secret",
        "storage account keys",
    ),
    (
        "az",
        ("storage", "account", "show-connection-string"),
        (),
        "disclosure.secret",
        "a connection string",
    ),
    (
        "az",
        ("cosmosdb", "keys", "list"),
        (),
        "disclosure.secret",
        "database keys",
    ),
    ("vault", ("kv", "get"), (), "disclosure.secret", "a Vault secret"),
    ("vault", ("read",), (), "disclosure.secret", "a Vault secret"),
    ("vault", ("token", "create"), (), "disclosure.token", "a Vault token"),
    ("vault", ("print", "token"), (), "disclosure.token", "the Vault token"),
    (
        "terraform",
        ("output",),
        ("-raw", "-json"),
        "disclosure.secret",
        "Terraform outputs, sensitive in clear",
    ),
    (
        "terraform",
        ("show",),
        ("-json", "--json"),
        "disclosure.secret",
        "Terraform state, secrets in clear",
    ),
    (
        "terraform",
        ("state", "pull"),
        (),
        "disclosure.secret",
        "Terraform state, secrets in clear",
    ),
    (
        "tofu",
        ("output",),
        ("-raw", "-json"),
        "disclosure.secret",
        "OpenTofu outputs, sensitive in clear",
    ),
    (
        "pulumi",
        ("stack", "output"),
        ("--show-secrets",),
        "disclosure.secret",
        "Pulumi outputs in clear",
    ),
    (
        "pulumi",
        ("config",),
        ("--show-secrets",),
        "disclosure.secret",
        "Pulumi config in clear",
    ),
    ("doppler", ("secrets",), (), "disclosure.secret", "Doppler secrets"),
    ("op", ("read",), (), "disclosure.secret", "a 1Password secret"),
    ("op", ("item", "get"), (), "disclosure.secret", "a 1Password item"),
    ("bw", ("get",), (), "disclosure.secret", "a Bitwarden item"),
    ("gh", ("auth", "token"), (), "disclosure.token", "the GitHub token"),
    ("heroku", ("auth:token",), (), "disclosure.token", "the Heroku token"),
    ("heroku", ("config",), (), "disclosure.secret", "an app's config vars"),
    (
        "git",
        ("credential", "fill"),
        (),
        "disclosure.secret",
        "stored git credentials",
    ),
    (
        "security",
        ("find-generic-password",),
        ("-w", "-g"),
        "disclosure.secret",
        "a keychain password",
    ),
    (
        "security",
        ("find-internet-password",),
        ("-w", "-g"),
        "disclosure.secret",
        "a keychain password",
    ),
    (
        "kubectl",
        ("config", "view"),
        ("--raw", "--flatten"),
        "disclosure.secret",
        "the unredacted kubeconfig",
    ),
    (
        "oc",
        ("config", "view"),
        ("--raw", "--flatten"),
        "disclosure.secret",
        "the unredacted kubeconfig",
    ),
    (
        "oc",
        ("whoami",),
        ("-t", "--show-token"),
        "disclosure.token",
        "the session token",
    ),
)
"""(program, words that must appear in order among its positional words,
options of which one must be given (none: no condition), rule id
(``disclosure.secret`` or ``disclosure.token``), what it prints)."""

SENSITIVE_NAME = (
    r"SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|"
    r"CREDENTIAL"
)
"""A variable whose name matches this (case-insensitive) holds a secret."""

PRINTERS: frozenset[str] = frozenset({"echo", "printf", "print"})
"""Programs that print their words."""

# -- registry logins --
# A token minted for a registry and piped straight into that registry's
# login (``aws ecr get-login-password | docker login --password-stdin
# ID.dkr.ecr.REGION.amazonaws.com``, as the vendors document it) never
# reaches the transcript: (words of the minting row, registry host globs).

REGISTRY_LOGINS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("ecr", "get-login-password"), ("*.amazonaws.com",)),
    (("ecr-public", "get-login-password"), ("public.ecr.aws",)),
    (("auth", "print-access-token"), ("gcr.io", "*.gcr.io", "*.pkg.dev")),
    (
        ("application-default", "print-access-token"),
        ("gcr.io", "*.gcr.io", "*.pkg.dev"),
    ),
    (("acr", "login"), ("*.azurecr.io",)),
    (("auth", "token"), ("ghcr.io", "docker.pkg.github.com")),
)

LOGIN_PROGRAMS: frozenset[str] = frozenset(
    {"docker", "podman", "nerdctl", "finch", "helm", "oras", "buildah"}
)
"""Programs whose ``login --password-stdin`` reads the secret from stdin."""

# -- network sinks --

NETCAT: frozenset[str] = frozenset(
    {"nc", "ncat", "netcat", "socat", "telnet", "openssl"}
)
"""Raw-socket tools."""

SINK_VIA: frozenset[str] = frozenset({"ssh"})
"""A command run on another host (``… | ssh h 'cat > x'``) sends what it is
fed there."""

# -- help lines --
# program -> the words that print help instead of running the command.

HELP: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        **dict.fromkeys(
            ("kubectl", "oc", "helm", "az", "flux", "argocd", "istioctl"),
            frozenset({"--help", "-h"}),
        ),
        **dict.fromkeys(
            ("docker", "podman", "nerdctl", "docker-compose", "gcloud"),
            frozenset({"--help"}),
        ),
        **dict.fromkeys(("aws",), frozenset({"help"})),
        **dict.fromkeys(("terraform", "tofu"), frozenset({"-help", "--help"})),
        **dict.fromkeys(
            (
                "rm", "rmdir", "unlink", "shred", "truncate", "dd", "mkfs",
                "chmod", "chown", "chgrp", "mv", "cp", "kill", "killall",
                "systemctl", "git", "find", "tar", "rsync", "scp", "curl",
                "wget", "crontab", "iptables", "useradd", "userdel",
            ),
            frozenset({"--help"}),
        ),
    }
)  # fmt: skip

HELP_RUNS: frozenset[str] = frozenset(
    {"run", "exec", "debug", "attach", "create", "ssh", "-c", "-e", "--"}
)
"""Words after which a help word may belong to the payload (``docker run
alpine --help``): a help line only when the help word comes right after."""
