"""
The command grammar of the HTTP clients (curl, wget, HTTPie, xh): which
options take a value, which are flags and their aliases, read with
`blastradius.families._getopt`.
"""

from __future__ import annotations

from blastradius.families import _getopt


__all__ = [
    "CURL",
    "CURL_DATA",
    "HTTPIE",
    "WGET",
]


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# curl: https://curl.se/docs/manpage.html
CURL = _getopt.OptSpec(
    short_value="XdFTHouAebcxKEwmrUCYyztQDP",
    long_value=_set(
        "request data data-raw data-binary data-ascii data-urlencode json "
        "form form-string upload-file header output user user-agent "
        "referer cookie cookie-jar proxy config cert write-out max-time "
        "range proxy-user continue-at speed-limit speed-time time-cond "
        "trace trace-ascii quote dump-header ftp-port url connect-timeout "
        "retry retry-delay retry-max-time cacert capath key key-type "
        "pass resolve connect-to interface local-port max-filesize "
        "max-redirs netrc-file oauth2-bearer output-dir proto "
        "proto-redir proxy-header request-target unix-socket "
        "abstract-unix-socket variable expand-url aws-sigv4 ciphers "
        "cert-type doh-url dns-servers hostpubmd5 login-options "
        "mail-from mail-rcpt preproxy proxy-cacert proxy-cert "
        "proxy-key sasl-authzid service-name socks4 socks4a socks5 "
        "socks5-hostname stderr tls-max tlsuser tlspassword "
        "happy-eyeballs-timeout-ms keepalive-time limit-rate "
        "create-file-mode ech etag-compare etag-save ip-tos "
        "proxy-service-name url-query"
    ),
    long_flags=_set(
        "get head location silent show-error fail insecure verbose include "
        "remote-name remote-name-all compressed globoff"
    ),
    aliases={
        "X": "request",
        "d": "data",
        "F": "form",
        "T": "upload-file",
        "o": "output",
        "O": "remote-name",
        "K": "config",
        "G": "get",
        "I": "head",
    },
)


CURL_DATA = frozenset(
    {
        "data",
        "data-raw",
        "data-binary",
        "data-ascii",
        "data-urlencode",
        "json",
        "form",
        "form-string",
    }
)


# wget: https://www.gnu.org/software/wget/manual/wget.html
WGET = _getopt.OptSpec(
    short_value="OoaPtTwQeUiBYDlAR",
    long_value=_set(
        "method post-data post-file body-data body-file output-document "
        "output-file append-output directory-prefix tries timeout wait "
        "quota execute user-agent input-file base header user password "
        "http-user http-password referer load-cookies save-cookies "
        "ca-certificate certificate private-key level accept reject "
        "domains exclude-domains include-directories exclude-directories "
        "limit-rate"
    ),
    aliases={
        "O": "output-document",
        "e": "execute",
        "i": "input-file",
        "U": "user-agent",
    },
)


# HTTPie: https://httpie.io/docs/cli ; xh: https://github.com/ducaale/xh
HTTPIE = _getopt.OptSpec(
    short_value="aApostv",
    long_value=_set(
        "auth auth-type output print pretty style session "
        "session-read-only verify cert cert-key cert-key-pass proxy "
        "timeout max-redirects format-options response-charset "
        "response-mime boundary raw ssl ciphers default-scheme "
        "unix-socket bearer"
    ),
    long_flags=_set(
        "form json multipart ignore-stdin offline download follow verbose "
        "headers body check-status quiet"
    ),
    aliases={"o": "output", "f": "form", "j": "json", "d": "download"},
)
