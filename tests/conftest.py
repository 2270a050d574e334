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
def root() -> Path:
    return ROOT


def copy_course(dest: Path) -> Path:
    """Copy course/ (sources and config only) to `dest`, where nbgrader may write freely."""
    shutil.copytree(ROOT / "course", dest, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "gradebook.db", "*.answers.json*"))
    return dest
