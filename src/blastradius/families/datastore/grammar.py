"""
The command grammar of the data-store clients (redis-cli and its forks,
etcdctl, mongosh): which options take a value, which are flags and their
aliases, read with `blastradius.families._getopt`.
"""

from __future__ import annotations

from blastradius.families import _getopt


__all__ = [
    "ETCD",
    "MONGO",
    "REDIS",
]


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# redis-cli options: https://redis.io/docs/latest/develop/tools/cli/
# (and `redis-cli --help`).
REDIS = _getopt.OptSpec(
    short_value="hpsaurindDt",
    long_value=_set(
        "user pass sni cacert cacertdir cert key tls-ciphers "
        "tls-ciphersuites lru-test rdb functions-rdb pipe-timeout "
        "memkeys-samples keystats-samples pattern quoted-pattern count "
        "intrinsic-latency eval ldb-sync-mode cluster"
    ),
    long_flags=_set(
        "askpass tls insecure raw no-raw quoted-input csv json quoted-json "
        "show-pushes stat latency latency-history latency-dist replica "
        "pipe bigkeys memkeys keystats hotkeys scan ldb verbose "
        "no-auth-warning help version"
    ),
    permute=False,
)


# etcdctl global flags: https://etcd.io/docs/latest/dev-guide/interacting_v3/
ETCD = _getopt.OptSpec(
    short_value="w",
    long_value=_set(
        "endpoints cacert cert key user password dial-timeout "
        "command-timeout keepalive-time keepalive-timeout write-out "
        "discovery-srv discovery-srv-name auth-jwt-token data-dir "
        "wal-dir name initial-cluster initial-cluster-token "
        "initial-advertise-peer-urls skip-hash-check bump-revision "
        "mark-compacted rev limit order sort-by lease range-end "
        "consistency peer-urls target-version max-txn-ops dest-cacert "
        "dest-cert dest-key dest-endpoints dest-prefix prefix-to-remove "
        "dest-user dest-password physical"
    ),
    long_flags=_set(
        "prefix from-key prev-kv hex debug insecure-transport "
        "insecure-skip-tls-verify insecure-discovery keys-only "
        "print-value-only count-only interactive help version "
        "ignore-value ignore-lease no-dest-prefix learner range"
    ),
)


# mongosh options: https://www.mongodb.com/docs/mongodb-shell/reference/options/
MONGO = _getopt.OptSpec(
    short_value="upf",
    long_value=_set(
        "host port username password authenticationDatabase "
        "authenticationMechanism eval file tlsCAFile "
        "tlsCertificateKeyFile tlsCertificateKeyFilePassword tlsCRLFile "
        "apiVersion awsAccessKeyId awsSecretAccessKey awsSessionToken "
        "gssapiServiceName sspiHostnameCanonicalization sspiRealmOverride "
        "keyVaultNamespace kmsURL oidcFlows oidcRedirectUri browser "
        "tlsCertificateSelector tlsDisabledProtocols"
    ),
    long_flags=_set(
        "quiet nodb norc shell verbose tls retryWrites help version "
        "build-info apiStrict apiDeprecationErrors tlsAllowInvalidHostnames "
        "tlsAllowInvalidCertificates tlsUseSystemCA oidcTrustedEndpoint "
        "oidcNoNonce exposeAsyncRewriter"
    ),
    aliases={"u": "username", "p": "password", "f": "file"},
)
