"""
Two-person review issues on GitHub (``https://api.github.com``, or a
GitHub Enterprise Server's ``https://HOST/api/v3``).

`GitHubReviews` satisfies `blastradius.adapters.Reviews` and
`AsyncGitHubReviews` `blastradius.adapters.AsyncReviews`, over the same
flows as the Gitea driver: ``Authorization: Bearer``, the
``application/vnd.github+json`` media type and API version
``2022-11-28``, labels by name, pull requests (``pull_request`` entries)
skipped in issue lists, and ``per_page=100``.
"""

from __future__ import annotations

from typing import Final

from blastradius.adapters._forge import AsyncDriver, Dialect, SyncDriver


__all__ = ["GITHUB", "AsyncGitHubReviews", "GitHubReviews"]

GITHUB: Final = Dialect(
    name="GitHub",
    api="",
    auth_scheme="Bearer",
    headers=(
        ("Accept", "application/vnd.github+json"),
        ("X-GitHub-Api-Version", "2022-11-28"),
    ),
    page_size_param="per_page",
    page_size=100,
    label_ids=False,
    issue_filter=(),
    comment_paging=True,
    close_fields=(("state", "closed"), ("state_reason", "completed")),
)
"""How GitHub spells the review API."""


class GitHubReviews(SyncDriver):
    """
    Review issues on a GitHub repository.

    Args:
        base_url: The API root: ``https://api.github.com``, or
            ``https://HOST/api/v3`` on GitHub Enterprise Server.
        owner: The repository's owner.
        repo: The repository's name.
        token: A token that may write issues; sent only as
            ``Authorization: Bearer …``.
        transport: How requests are sent (default `UrllibTransport`).
        labels: Label names put on new issues.
        reviewers: The logins whose ``/approve`` counts.
        timeout: Seconds each call may take in all.
        login: The token's own login (a GitHub App's is ``NAME[bot]``);
            asked with ``GET /user`` when `None`.

    >>> r = GitHubReviews("https://api.github.com", "ops", "infra", "t0k3n")
    >>> "t0k3n" in repr(r)
    False
    """

    DIALECT = GITHUB


class AsyncGitHubReviews(AsyncDriver):
    """
    `GitHubReviews`, awaited; *transport* is an `AsyncTransport` (default:
    the urllib transport on a worker thread).
    """

    DIALECT = GITHUB
