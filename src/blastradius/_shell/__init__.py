"""
The shell layer: any string → the simple commands bash would run.

Public to the rest of the package (not to users):

- `parse(text)` lexes and parses shell text and unwraps wrappers;
- `from_argv(argv)` takes an argv a host will exec without a shell and
  unwraps wrappers only;
- `WRAPPERS`, the wrapper table (rows of `Wrapper`).

Both functions are total: they never raise and always return a `Parsed`.
"""

from __future__ import annotations

from blastradius._shell._api import Parsed, from_argv, parse
from blastradius._shell._wrappers import WRAPPERS, Wrapper


__all__ = ["WRAPPERS", "Parsed", "Wrapper", "from_argv", "parse"]
