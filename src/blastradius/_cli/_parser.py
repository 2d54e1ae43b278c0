"""
The argument parser of the subcommands: `argparse`, imported only by the
subcommands that parse options (the plain ``blastradius CMD...`` path
scores without it).
"""

from __future__ import annotations

import argparse
import sys

from typing import NoReturn

from blastradius._cli._common import EXIT_USAGE, fail, visible, write


__all__ = ["Parser"]


class Parser(argparse.ArgumentParser):
    """
    An `argparse.ArgumentParser` whose usage errors are JSON when
    *json_errors* is set (``--json`` was asked for).
    """

    json_errors: bool = False

    def error(self, message: str) -> NoReturn:
        if self.json_errors:
            raise SystemExit(fail(EXIT_USAGE, "usage", message, as_json=True))
        self.print_usage(sys.stderr)
        write(sys.stderr, f"{self.prog}: error: {visible(message)}\n")
        raise SystemExit(EXIT_USAGE)
