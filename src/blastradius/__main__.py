"""
``python -m blastradius``: the same as the ``blastradius`` command.
"""

from __future__ import annotations


if __name__ == "__main__":
    from blastradius._cli import main

    raise SystemExit(main())
