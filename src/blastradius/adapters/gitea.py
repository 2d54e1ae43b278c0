"""
Two-person review issues on Gitea (``/api/v1``).

`GiteaReviews` satisfies `blastradius.adapters.Reviews` and
`AsyncGiteaReviews` `blastradius.adapters.AsyncReviews`; both run the
flows of `blastradius.adapters._forge` over an injected transport (the
stdlib `UrllibTransport` by default). Label names are resolved to ids
(``GET /repos/{owner}/{repo}/labels``); missing labels are left off, never
created.
"""

from __future__ import annotations

from typing import Final

from blastradius.adapters._forge import AsyncDriver, Dialect, SyncDriver


__all__ = ["GITEA", "AsyncGiteaReviews", "GiteaReviews"]

GITEA: Final = Dialect(
    name="Gitea",
    api="/api/v1",
    auth_scheme="token",
    headers=(),
    page_size_param="limit",
    page_size=50,
    label_ids=True,
    issue_filter=(("type", "issues"),),
    comment_paging=False,
    close_fields=(("state", "closed"),),
)
"""How Gitea spells the review API."""


class GiteaReviews(SyncDriver):
    """
    Review issues on a Gitea repository.

    Args:
        base_url: The server root (``https://gitea.example``); the driver
            appends ``/api/v1``. ``https`` only, or ``http`` to loopback.
        owner: The repository's owner.
        repo: The repository's name.
        token: An access token with the issue scope; sent only as
            ``Authorization: token …``.
        transport: How requests are sent (default `UrllibTransport`).
        labels: Label names put on new issues (those that exist).
        reviewers: The logins whose ``/approve`` counts.
        timeout: Seconds each call may take in all.
        login: The token's own login; asked with ``GET /user`` when
            `None`. Only issues it opened are taken as reviews.

    Raises:
        ValueError: *base_url*, *owner*, *repo* or *token* is unusable
            (the message never shows the token).

    >>> r = GiteaReviews("https://gitea.example", "ops", "infra", "t0k3n")
    >>> "t0k3n" in repr(r)
    False
    """

    DIALECT = GITEA


class AsyncGiteaReviews(AsyncDriver):
    """
    `GiteaReviews`, awaited; *transport* is an `AsyncTransport` (default:
    the urllib transport on a worker thread).
    """

    DIALECT = GITEA
