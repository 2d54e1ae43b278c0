"""
Fixtures for every test, and the Hypothesis profile they run under
(registered in `tests.strategies`; ``HYPOTHESIS_PROFILE=ci`` for CI).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.strategies import load_profile


collect_ignore = ["typing"]

load_profile()


@pytest.fixture
def untraced() -> Iterator[None]:
    """
    Pause coverage's tracer (when one runs) for a timed test: the budgets of
    the hostile-input tests are about the library's speed, not the tracer's
    (which slows pure Python down several times).
    """
    try:
        import coverage
    except ImportError:  # pragma: no cover - coverage is a test dependency
        yield
        return
    cov = coverage.Coverage.current()
    if cov is None:
        yield
        return
    cov.stop()
    try:
        yield
    finally:
        cov.start()
