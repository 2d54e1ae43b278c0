"""
The judgment analyzer's exfiltration part: what HTTP clients, remote copy
tools and netcat send off the host, and which programs send what they are
fed (`sends_stdin`).
"""

from __future__ import annotations

import fnmatch
import functools
import re

from collections.abc import Sequence

from blastradius._model import Finding, SimpleCommand
from blastradius.families.disclosure._judging import (
    finding,
    option,
    positional,
    secret_var,
)
from blastradius.families.disclosure.rules import NETCAT, SINK_VIA


__all__ = ["NETWORK", "is_trusted", "network", "sends_stdin", "url_host"]


def url_host(url: str) -> str:
    """
    The host *url* names, lower case, without user or port.

    >>> url_host("https://u:p@Upload.Example:8443/x")
    'upload.example'
    """
    from blastradius.analyzers.http import split_url

    host = split_url(url)[0]
    host = host.rsplit("@", 1)[-1]
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.split(":", 1)[0].lower()


def is_trusted(host: str, trusted: Sequence[str]) -> bool:
    """Whether *host* matches one of the *trusted* host globs."""
    return any(fnmatch.fnmatchcase(host, t.lower()) for t in trusted)


@functools.cache
def _auth_header() -> re.Pattern[str]:
    """
    Matches a header that carries a credential (compiled on first use:
    only a curl command with a dynamic header needs it).
    """
    return re.compile(
        r"^\s*(?:authorization|proxy-authorization|x-api-key|api-key|"
        r"x-auth-token|private-token|x-[a-z-]*token|cookie)\s*:",
        re.IGNORECASE,
    )


def _curl(
    command: SimpleCommand, program: str, trusted: Sequence[str]
) -> tuple[list[Finding], list[str], bool]:
    """
    Findings, the local files it sends, and whether it sends standard input.
    """
    from blastradius.families import _getopt as _opts
    from blastradius.families.http.grammar import CURL as _CURL

    parsed = _opts.parse(command.args, _CURL)
    files: list[str] = []
    stdin = False
    headers: list[tuple[str, bool]] = []
    secrets: list[str] = []
    for opt in parsed.opts:
        value = opt.value
        if value is None:
            continue
        if opt.name in (
            "data",
            "data-binary",
            "data-ascii",
            "data-urlencode",
            "json",
        ):
            body = (
                value.split("=", 1)[1]
                if opt.name == "data-urlencode" and "=" in value
                else value
            )
            if body.startswith("@"):
                (files.append(body[1:]) if body != "@-" else None)
                stdin = stdin or body == "@-"
        elif opt.name == "form":
            _, _, v = value.partition("=")
            if v.startswith(("@", "<")):
                name = v[1:].split(";", 1)[0]
                if name == "-":
                    stdin = True
                else:
                    files.append(name)
        elif opt.name == "upload-file":
            if value in ("-", "."):
                stdin = True
            else:
                files.append(value)
        if (
            opt.name in ("data", "data-raw", "data-binary", "json", "form")
            and (secret := secret_var().search(value)) is not None
            and _dynamic_opt(command, opt.index)
        ):
            secrets.append(secret.group(0))
        if opt.name in ("header", "H"):
            headers.append((value, _dynamic_opt(command, opt.index)))
    urls = [w for _, w in parsed.positionals] + [
        o.value for o in parsed.opts if o.name == "url" and o.value
    ]
    hosts = [h for h in (url_host(u) for u in urls) if h]
    where = ", ".join(dict.fromkeys(hosts)) or "an unknown host"
    out: list[Finding] = []
    untrusted = [h for h in hosts if not is_trusted(h, trusted)] or (
        ["?"] if not hosts else []
    )
    if files and untrusted:
        out.append(
            finding("exfiltration.upload", program, (files[0],), f"to {where}")
        )
    if secrets and untrusted:
        out.append(
            finding(
                "exfiltration.secret-variable",
                program,
                (secrets[0],),
                f"to {where}",
            )
        )
    for value, dyn in headers:
        if dyn and _auth_header().match(value) and untrusted:
            name = value.split(":", 1)[0].strip()
            out.append(
                finding(
                    "exfiltration.token-header",
                    program,
                    (f"{name}: …",),
                    f"to {where}",
                )
            )
            break
    return out, files, stdin


def _dynamic_opt(command: SimpleCommand, index: int) -> bool:
    """Whether the option at args *index* or its value is dynamic."""
    return command.is_dynamic(index + 1) or command.is_dynamic(index + 2)


def _wget(
    command: SimpleCommand, program: str, trusted: Sequence[str]
) -> tuple[list[Finding], list[str], bool]:
    from blastradius.families import _getopt as _opts
    from blastradius.families.http.grammar import WGET as _WGET

    parsed = _opts.parse(command.args, _WGET)
    files = [
        o.value
        for o in parsed.opts
        if o.name in ("post-file", "body-file") and o.value
    ]
    stdin = any(f in ("-", "/dev/stdin") for f in files)
    files = [f for f in files if f not in ("-", "/dev/stdin")]
    hosts = [h for h in (url_host(w) for _, w in parsed.positionals) if h]
    where = ", ".join(dict.fromkeys(hosts)) or "an unknown host"
    out: list[Finding] = []
    if files and any(not is_trusted(h, trusted) for h in hosts or ["?"]):
        out.append(
            finding("exfiltration.upload", program, (files[0],), f"to {where}")
        )
    return out, files, stdin


_REMOTE = r"^(?:[\w.+-]+@)?(\[[^\]]+\]|[\w.-]+):(?!//)"
"""A remote destination (``host:path``); compiled on first use by ``re``."""


def _remote_copy(
    command: SimpleCommand, program: str
) -> tuple[list[Finding], list[str]]:
    pos = positional(command.args)
    if len(pos) < 2:
        return [], []
    dest = pos[-1]
    m = re.match(_REMOTE, dest)
    host = m.group(1) if m else None
    if host is None and dest.startswith("rsync://"):
        host = url_host(dest)
    if host is None or len(host) == 1:  # C:\… is a drive, not a host
        return [], []
    sources = [s for s in pos[:-1] if not re.match(_REMOTE, s)]
    if not sources:
        return [], []
    return [
        finding(
            "exfiltration.remote-copy",
            program,
            (sources[0], dest[:80]),
            f"to {host}",
        )
    ], sources


def _netcat(
    command: SimpleCommand, program: str, args: Sequence[str]
) -> list[Finding]:
    if program == "openssl" and (not args or args[0] != "s_client"):
        return []
    exec_opts = ("-e", "-c", "--exec", "--sh-exec", "--lua-exec")
    if program in ("nc", "ncat", "netcat") and option(args, exec_opts):
        return [
            finding("exfiltration.netcat.exec", program, (program, *args[:3]))
        ]
    if program == "socat" and any(
        "exec:" in a.lower() or "system:" in a.lower() for a in args
    ):
        return [
            finding("exfiltration.netcat.exec", program, (program, *args[:3]))
        ]
    feeds = (
        any(r.op in ("<", "<>") for r in command.redirects)
        or command.stdin_from is not None
    )
    if feeds and not option(args, ("-z",)):
        hosts = [a for a in positional(args) if not a.isdigit()]
        where = hosts[0] if hosts else "a remote host"
        return [
            finding(
                "exfiltration.netcat",
                program,
                (program, *args[:2]),
                f"to {where}",
            )
        ]
    return []


def sends_stdin(command: SimpleCommand, program: str) -> bool:
    """
    Whether *command* sends what it is fed to another host.
    """
    if any(v in SINK_VIA for v in command.via[-1:]):
        return True
    if program in NETCAT:
        return program != "openssl" or command.args[:1] == ("s_client",)
    if program == "curl":
        return _curl(command, program, ())[2]
    if program == "wget":
        return _wget(command, program, ())[2]
    if program in ("ssh", "mail", "mailx", "sendmail", "ftp", "sftp"):
        return True
    if program in ("http", "https", "xh", "xhs"):
        return not option(command.args, ("--ignore-stdin", "-I"))
    if program in ("aws", "gsutil", "gcloud", "az") and "-" in command.args:
        return "cp" in command.args
    return False


def network(
    command: SimpleCommand, program: str, trusted: Sequence[str]
) -> tuple[Sequence[Finding], Sequence[str], bool]:
    """
    The exfiltration findings of *command* (a program of `NETWORK`), the
    local files it sends, and whether it sends its standard input.
    """
    if program == "curl":
        return _curl(command, program, trusted)
    if program == "wget":
        return _wget(command, program, trusted)
    if program in NETCAT:
        return _netcat(command, program, command.args), [], True
    found, files = _remote_copy(command, program)  # scp, rsync, sftp
    return found, files, False


NETWORK = frozenset({"curl", "wget", "scp", "rsync", "sftp", *NETCAT})
"""The programs `network` knows."""
