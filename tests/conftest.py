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
    collect and autograde them all with nbgrader. Returns the course folder.

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
    for learner in learners:
        fac.autograde(course, module, learner)
    return course


def grade_workspace(workspace: Path, tmp: Path, module: str, learner: str = "sam"):
    """Hand in a learner's workspace through nbgrader's exchange, collect and autograde it."""
    from mystory import facilitator as fac

    course = copy_course(tmp / module / "course")
    exchange = tmp / module / "exchange"
    exchange.mkdir()
    fac.release(course, module, exchange)
    fac.submit(workspace, module, learner, exchange, key=handin_key(exchange, learner))
    fac.collect(course, module, exchange)
    fac.autograde(course, module, learner)
    return course, fac.score(course, module, learner)


def handin_key(exchange: Path, learner: str) -> str:
    """A learner's hand-in key on a shared-account hub whose secret sits beside `exchange`
    (as in workshop mode), so collect checks each hand-in's seal."""
    from mystory.hosting.seal import learner_key, secret

    return learner_key(secret(exchange.parent / "handin.secret"), learner)
