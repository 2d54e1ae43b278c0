"""
The package's plain immutable records, for internal values that hosts
never build.

The values the shell layer's stages hand each other (`Env`, `Script`,
`Unwrapped`, `Stage`, `Parsed`, `Dialect`, the wrapper rows) and the
data families' rule rows (`blastradius.rules._rulerow.Rule`) are small
records created at import or once per command. Creating an
``@attrs.frozen`` class costs about 600 µs at import (its generated
methods are compiled then); a plain class with ``__slots__`` about 13 µs,
which is what packaging's own parser nodes are. So these records are
plain slotted classes on `Record`: each validates (and converts) its
fields in its own ``__init__``, which sets them with `object.__setattr__`;
after that `Record.__setattr__` and `Record.__delattr__` raise, and
equality, hashing, ``repr`` and `Record.evolve` read the fields named in
the class's ``_fields`` (its ``__init__`` parameters, in order; derived
slots come after them).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar, TypeVar

import attrs


__all__ = ["FrozenError", "Record", "attrs_repr"]


_R = TypeVar("_R", bound="Record")


class FrozenError(AttributeError):
    """A record's field was assigned or deleted after it was created."""


class Record:
    """
    The base of an immutable record with ``__slots__``.

    >>> class Point(Record):
    ...     __slots__ = _fields = ("x", "y")
    ...     def __init__(self, x: int, y: int = 0) -> None:
    ...         object.__setattr__(self, "x", int(x))
    ...         object.__setattr__(self, "y", int(y))
    >>> p = Point(1)
    >>> p, p == Point(1, 0), p.evolve(y=2)
    (Point(x=1, y=0), True, Point(x=1, y=2))
    >>> p.x = 3
    Traceback (most recent call last):
      ...
    blastradius._record.FrozenError: Point is immutable
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _get: ClassVar[staticmethod[[Any], tuple[Any, ...]]]
    _setters: ClassVar[tuple[Callable[[Any, Any], None], ...]]
    """The slots' own setters, in ``__slots__`` order, for ``__init__``
    (a slot's setter is about twice as fast as `object.__setattr__`)."""

    def __init_subclass__(cls) -> None:
        fields = cls._fields
        get: Callable[[Any], tuple[Any, ...]]
        if len(fields) > 1:
            get = attrgetter(*fields)
        elif fields:
            get = _one(fields[0])
        else:
            get = _none
        cls._get = staticmethod(get)
        cls._setters = tuple(
            cls.__dict__[name].__set__ for name in cls.__dict__["__slots__"]
        )

    def _values(self) -> tuple[Any, ...]:
        return self._get(self)

    def __setattr__(self, name: str, value: object) -> None:
        msg = f"{type(self).__name__} is immutable"
        raise FrozenError(msg)

    def __delattr__(self, name: str) -> None:
        msg = f"{type(self).__name__} is immutable"
        raise FrozenError(msg)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self._values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields)
        return f"{type(self).__name__}({fields})"

    def __reduce__(self) -> tuple[Any, ...]:
        fields = dict(zip(self._fields, self._values(), strict=True))
        return (_rebuild, (type(self), fields))

    def evolve(self: _R, **changes: Any) -> _R:  # noqa: PYI019 - 3.10
        """A copy with *changes* to some fields (validated again)."""
        for name in self._fields:
            if name not in changes:
                changes[name] = getattr(self, name)
        return type(self)(**changes)


def _one(name: str) -> Callable[[Any], tuple[Any, ...]]:
    get = attrgetter(name)

    def one(record: Any) -> tuple[Any, ...]:
        return (get(record),)

    return one


def _none(_record: Any) -> tuple[Any, ...]:
    return ()


def _rebuild(cls: type[_R], fields: dict[str, Any]) -> _R:
    return cls(**fields)


def attrs_repr(record: Any) -> str:
    """
    The ``repr`` attrs writes for an attrs *record*, ``Name(field=value,
    …)`` over its fields with ``repr=True``, each named as its
    constructor takes it (its alias).

    The public policy records that every `blastradius.score` call loads
    (`blastradius.Thresholds`, `blastradius.WeightRule`, the policy's
    sections and `blastradius.Policy`) are attrs classes with
    ``repr=False`` and ``__repr__ = attrs_repr``: attrs compiles a
    generated ``__repr__`` when it creates the class, about 130 to 200 µs at
    import each, for a method that a process scoring one command never
    calls.

    >>> import attrs
    >>> @attrs.frozen(repr=False)
    ... class Point:
    ...     x: int
    ...     _y: int = attrs.field(default=0, alias="y")
    ...     __repr__ = attrs_repr
    ...     @property
    ...     def y(self) -> int:
    ...         return self._y
    >>> Point(1, y=2)
    Point(x=1, y=2)
    """
    cls = type(record)
    fields = ", ".join(
        f"{name}={getattr(record, name)!r}"
        for name in (
            f.alias if f.init else f.name for f in attrs.fields(cls) if f.repr
        )
    )
    return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({fields})"
