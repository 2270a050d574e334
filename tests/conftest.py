"""Shared fixtures: the project root and a clean copy of the course to grade in."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# nbgrader runs `alembic` and notebooks run `python3` kernels: use this environment's.
os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")


# Whole-system tests that make Unix accounts or start PostgreSQL: the `hub` tier (`make test`).
HUB_FILES = {"test_hub.py", "test_workshop.py", "test_postgres.py", "test_redteam_hub.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in HUB_FILES:
            item.add_marker(pytest.mark.hub)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (never a browser Playwright downloads)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, chromium_path

    if chromium_path() is None:
        pytest.fail("Chromium is not installed: run `make test` (it installs Debian's chromium).",
                    pytrace=False)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def hub_site(tmp_path_factory):
    """The real JupyterHub with Unix accounts (tests/hub.py), started once for all hub tests."""
    from tests import hub

    yield from hub.site(tmp_path_factory)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def copy_course(dest: Path) -> Path:
    """Copy course/ (sources and config only) to `dest`, where nbgrader may write freely."""
    shutil.copytree(ROOT / "course", dest, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "gradebook.db", "*.answers.json*"))
    return dest


def grade_submissions(tmp_path: Path, module: str, learners: dict[str, dict[str, bytes]],
                      stray: dict[str, bytes] | None = None) -> Path:
    """Release `module`, have each learner submit the released notebook plus their files,
    collect them with nbgrader and grade them the facilitator's way (`mystory grade`).
    Returns the course folder.

    `stray` files are put in course/source/<module> first, as a facilitator might leave them.
    """
    from mystory import facilitator as fac

    course = copy_course(tmp_path / "course")
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    for name, data in (stray or {}).items():
        (course / "source" / module / name).write_bytes(data)
    fac.release(course, module, exchange)
    for learner, files in learners.items():
        workspace = tmp_path / f"ws-{learner}"
        shutil.copytree(course / "release" / module, workspace / module)
        for name, data in files.items():
            (workspace / module / name).write_bytes(data)
        fac.submit(workspace, module, learner, exchange, key=handin_key(exchange, learner))
    fac.collect(course, module, exchange)
    grade_collected(course, module)
    return course


def grade_collected(course: Path, module: str) -> None:
    """Grade every collected submission of `module` as `mystory grade` does; all must grade."""
    from mystory.facilitator import grader

    results = grader.grade(course, [module], echo=lambda _line: None)
    assert results and {r.status for r in results} == {"graded"}, results


def grade_workspace(workspace: Path, tmp: Path, module: str, learner: str = "sam"):
    """Hand in a learner's workspace through nbgrader's exchange, collect it and grade it the
    facilitator's way (`mystory grade`)."""
    from mystory import facilitator as fac

    course = copy_course(tmp / module / "course")
    exchange = tmp / module / "exchange"
    exchange.mkdir()
    fac.release(course, module, exchange)
    fac.submit(workspace, module, learner, exchange, key=handin_key(exchange, learner))
    fac.collect(course, module, exchange)
    grade_collected(course, module)
    return course, fac.score(course, module, learner)


def handin_key(exchange: Path, learner: str) -> str:
    """A learner's hand-in key on a shared-account hub whose secret sits beside `exchange`
    (as in workshop mode), so collect checks each hand-in's seal."""
    from mystory.hosting.seal import learner_key, secret

    return learner_key(secret(exchange.parent / "handin.secret"), learner)


def run_async(coroutine):  # type: ignore[no-untyped-def]
    """Run a coroutine to its end, even after Playwright's sync API has left an event loop
    running in this thread (asyncio.run() refuses then): it gets a thread of its own."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
