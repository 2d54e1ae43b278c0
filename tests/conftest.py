from __future__ import annotations

import os

from collections.abc import Iterator

import pytest

from hypothesis import HealthCheck, settings


collect_ignore = ["typing"]

settings.register_profile("dev", max_examples=50)
settings.register_profile(
    "ci",
    max_examples=500,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


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
