"""
The policy's disclosure settings: whether a transcript leaves the machine,
and the hosts a token is expected to be sent to.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from blastradius._record import attrs_repr
from blastradius.exceptions import PolicyError
from blastradius.families.disclosure.rules import DEFAULT_TRUSTED_HOSTS


__all__ = ["Disclosure"]


def _hosts(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        msg = f"expected a list of host names, got {value!r}"
        raise PolicyError(msg, path="disclosure.trusted_hosts")
    out = tuple(value)
    for i, host in enumerate(out):
        if not isinstance(host, str):
            msg = f"expected a host name or glob, got {host!r}"
            raise PolicyError(msg, path=f"disclosure.trusted_hosts[{i}]")
    return out


@attrs.frozen(kw_only=True, repr=False)  # see _record.attrs_repr
class Disclosure:
    """
    How disclosure and exfiltration are judged.

    Attributes:
        local: The host's transcripts never leave the machine: printing a
            secret is not a disclosure (its findings are kept, scored 0);
            sending one off the host still is.
        trusted_hosts: Host globs (``api.github.com``, ``*.internal``) to
            which sending a token or a file is expected: no exfiltration
            finding for them (a credential file sent anywhere still is).

    >>> Disclosure().trusted_hosts
    ('api.github.com',)
    """

    local: bool = False
    trusted_hosts: tuple[str, ...] = attrs.field(
        default=DEFAULT_TRUSTED_HOSTS, converter=_hosts
    )

    __repr__ = attrs_repr

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.local, bool):
            msg = f"expected true or false, got {self.local!r}"
            raise PolicyError(msg, path="disclosure.local")
        for i, host in enumerate(self.trusted_hosts):
            if not host or host != host.strip():
                msg = f"expected a host name or glob, got {host!r}"
                raise PolicyError(msg, path=f"disclosure.trusted_hosts[{i}]")
