"""
A small getopt-style option reader shared by the data-family analyzers.

It reads a client's arguments the way getopt_long (psql, mysql), click
(pgcli, mycli) or a single-dash parser (sqlite3) does, so that the value of
an option such as ``-h HOST`` is never mistaken for SQL or a command.

>>> spec = OptSpec(short_value="ch", long_value=frozenset({"command"}),
...                aliases={"c": "command"})
>>> got = parse(["-h", "db", "-Xc", "SELECT 1"], spec)
>>> [(o.name, o.value) for o in got.opts]
[('h', 'db'), ('X', None), ('command', 'SELECT 1')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import attrs


__all__ = ["Opt", "OptSpec", "Parsed", "parse"]


def _frozen_map(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class OptSpec:
    """
    Which options take a value.

    Attributes:
        short_value: Short option letters that take a value (attached,
            ``-hdb``, or the next word).
        long_value: Long option names (no dashes) that take a value
            (``--name=v`` or the next word).
        short_attached: Short letters whose value is optional and only
            attached (mysql ``-pSECRET``).
        long_flags: Known long options without a value (for prefix
            resolution).
        aliases: Short letter → canonical long name.
        single_dash_long: ``-name`` is a long option (sqlite3 ``-cmd``).
        permute: Options may follow positional arguments (getopt_long).
    """

    short_value: str = ""
    long_value: frozenset[str] = frozenset()
    short_attached: str = ""
    long_flags: frozenset[str] = frozenset()
    aliases: Mapping[str, str] = attrs.field(
        factory=dict, converter=_frozen_map
    )
    single_dash_long: bool = False
    permute: bool = True


@attrs.frozen
class Opt:
    """
    One option: canonical *name*, its *value* (`None` for a flag) and the
    index of its word in the arguments given to `parse`.
    """

    name: str
    value: str | None
    index: int


@attrs.frozen
class Parsed:
    """
    The options in order, and the positional arguments with their indexes.
    """

    opts: tuple[Opt, ...]
    positionals: tuple[tuple[int, str], ...]

    def values(self, *names: str) -> list[Opt]:
        """
        The options named one of *names*, in order.
        """
        return [o for o in self.opts if o.name in names]

    def has(self, *names: str) -> bool:
        """
        Whether any option named one of *names* was given.
        """
        return any(o.name in names for o in self.opts)


def _long_name(name: str, spec: OptSpec) -> str:
    if name in spec.long_value or name in spec.long_flags:
        return name
    known = [
        n for n in (*spec.long_value, *spec.long_flags) if n.startswith(name)
    ]
    return known[0] if len(known) == 1 else name


def parse(args: Sequence[str], spec: OptSpec) -> Parsed:
    """
    Read *args* (the words after the program name) by *spec*.
    """
    opts: list[Opt] = []
    pos: list[tuple[int, str]] = []
    i = 0
    n = len(args)
    while i < n:
        word = args[i]
        if word == "--":
            pos.extend((j, args[j]) for j in range(i + 1, n))
            break
        if not word.startswith("-") or word == "-":
            pos.append((i, word))
            if not spec.permute:
                pos.extend((j, args[j]) for j in range(i + 1, n))
                break
            i += 1
            continue
        if word.startswith("--") or spec.single_dash_long:
            body = word.lstrip("-")
            name, eq, value = body.partition("=")
            name = _long_name(name, spec)
            if eq:
                opts.append(Opt(name, value, i))
            elif name in spec.long_value and i + 1 < n:
                opts.append(Opt(name, args[i + 1], i))
                i += 1
            else:
                opts.append(Opt(name, None, i))
            i += 1
            continue
        j = 1
        while j < len(word):
            ch = word[j]
            name = spec.aliases.get(ch, ch)
            if ch in spec.short_value:
                if j + 1 < len(word):
                    opts.append(Opt(name, word[j + 1 :], i))
                elif i + 1 < n:
                    opts.append(Opt(name, args[i + 1], i))
                    i += 1
                else:
                    opts.append(Opt(name, None, i))
                break
            if ch in spec.short_attached:
                opts.append(Opt(name, word[j + 1 :] or None, i))
                break
            opts.append(Opt(name, None, i))
            j += 1
        i += 1
    return Parsed(tuple(opts), tuple(pos))
