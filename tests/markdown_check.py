"""
Reading a review body the way a forge would: a real CommonMark parser
(markdown-it-py) with linkify on, for the review tests (a helper module).
"""

from __future__ import annotations

import re

from collections.abc import Iterator

import attrs

from markdown_it import MarkdownIt
from markdown_it.token import Token


_MD = MarkdownIt("commonmark", {"linkify": True}).enable("linkify")

# What would be live in a text node on Gitea or GitHub: a mention, an issue
# or pull-request reference, an autolink, a raw tag or entity.
_LIVE = re.compile(
    r"@[A-Za-z0-9_-]|#[0-9]|![0-9]|<|://|www\.|\bmailto:|&[A-Za-z#]"
    r"|\[[^\]]*\]\(|(?i:\bgh-[0-9])|(?<![\w])[0-9a-fA-F]{7,}(?![\w])"
)


@attrs.frozen
class Parsed:
    """
    What a body holds, as the parser reads it.
    """

    fences: tuple[tuple[str, str], ...]
    """(info, content) of every fenced code block, in order."""
    live: tuple[str, ...]
    """Every live construct found outside code."""
    texts: tuple[str, ...]
    """Every text node outside code."""


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for t in tokens:
        yield t
        if t.children:
            yield from _walk(t.children)


def parse(body: str) -> Parsed:
    """
    Parse *body*; list its code blocks, its text and anything live.
    """
    fences: list[tuple[str, str]] = []
    live: list[str] = []
    texts: list[str] = []
    for t in _walk(_MD.parse(body)):
        if t.type == "fence":
            fences.append((t.info, t.content))
        elif t.type in ("html_block", "html_inline"):
            if not t.content.startswith("<!-- blastradius-review v1 "):
                live.append(f"{t.type}: {t.content!r}")
        elif t.type in ("link_open", "image", "autolink"):
            live.append(f"{t.type}: {t.attrs!r}")
        elif t.type == "code_block":
            live.append(f"indented code: {t.content!r}")
        elif t.type == "text":
            texts.append(t.content)
            m = _LIVE.search(t.content)
            if m is not None:
                live.append(f"text: {t.content!r}")
    return Parsed(fences=tuple(fences), live=tuple(live), texts=tuple(texts))
