# /// script
# dependencies = ["nox>=2025.2.9"]
# ///

"""
Sessions: ``nox`` runs lint, typecheck, tests and build; ``nox -l`` lists
them all.
"""

from __future__ import annotations

import os
import sys
import tempfile

from pathlib import Path

import nox


nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "typecheck", "tests", "build"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = nox.project.python_versions(PYPROJECT)
OLDEST = PYTHONS[0]
NEWEST = PYTHONS[-1]


def _run_tests(session: nox.Session) -> None:
    session.install(*nox.project.dependency_groups(PYPROJECT, "tests"))
    session.install(".")
    data = f".coverage.{session.name}"
    for stale in Path().glob(f"{data}*"):
        stale.unlink()
    session.run(
        "coverage",
        "run",
        "-m",
        "pytest",
        *session.posargs,
        env={"COVERAGE_FILE": data},
    )
    if session.posargs:
        return  # a partial run says nothing about coverage
    combined = f"{data}-combined"
    parts = [str(p) for p in Path().glob(f"{data}.*")]
    session.run(
        "coverage", "combine", "--keep", f"--data-file={combined}", *parts
    )
    session.run(
        "coverage", "report", f"--data-file={combined}", "--fail-under=97"
    )


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """
    The test suite against the installed package (not editable), under
    coverage, on every supported Python.
    """
    _run_tests(session)


@nox.session(python=sys.executable, name="tests-here", default=False)
def tests_here(session: nox.Session) -> None:
    """
    The same test suite on the interpreter that runs nox: needs no other
    Python installed.
    """
    _run_tests(session)


@nox.session(python=NEWEST, default=False)
def property(session: nox.Session) -> None:  # noqa: A001
    """
    The whole suite with the long-running Hypothesis profile.
    """
    session.install(*nox.project.dependency_groups(PYPROJECT, "tests"))
    session.install(".")
    session.run("pytest", *session.posargs, env={"HYPOTHESIS_PROFILE": "ci"})


@nox.session(python=OLDEST)
def typecheck(session: nox.Session) -> None:
    """
    mypy --strict over src, tests, bench, tools and this file.
    """
    session.install(*nox.project.dependency_groups(PYPROJECT, "typing"))
    session.install("nox", ".")
    session.run("mypy", *session.posargs)


@nox.session(python=OLDEST)
def lint(session: nox.Session) -> None:
    """
    ruff check and ruff format --check.
    """
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=OLDEST)
def build(session: nox.Session) -> None:
    """
    Build sdist and wheel, then check both.
    """
    session.install(*nox.project.dependency_groups(PYPROJECT, "build"))
    with tempfile.TemporaryDirectory() as tmp:
        session.run("python", "-m", "build", "--outdir", tmp)
        files = sorted(str(p) for p in Path(tmp).iterdir())
        session.run("twine", "check", "--strict", *files)
        wheels = [f for f in files if f.endswith(".whl")]
        session.run("check-wheel-contents", *wheels)


@nox.session(python=OLDEST, default=False)
def docs(session: nox.Session) -> None:
    """
    Build the HTML docs and run their doctests, warnings as errors.
    """
    session.install(*nox.project.dependency_groups(PYPROJECT, "docs"))
    session.install(".")
    for builder in ("html", "doctest"):
        session.run(
            "sphinx-build",
            "-W",
            "-n",
            "--keep-going",
            "-b",
            builder,
            "docs",
            os.path.join("docs", "_build", builder),  # noqa: PTH118
        )


@nox.session(python=OLDEST, default=False)
def coverage(session: nox.Session) -> None:
    """
    Combine the per-version coverage data and report.
    """
    session.install("coverage[toml]")
    session.run("coverage", "combine", success_codes=[0, 1])
    session.run("coverage", "report")


if __name__ == "__main__":
    nox.main()
