"""A submission in the course folder: whose it may be, how big, and how it is stored.

Shared by every way of collecting (a folder of workspaces, zips, nbgrader's exchange), so that
collecting never needs the grader.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .paths import CoursePaths

LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_FILE_BYTES = 6 * 1024 * 1024
def check_learner_id(raw: str) -> str | None:
    """The learner id if it is safe as a folder name, else None."""
    return raw if LEARNER_ID.match(raw) and raw not in (".", "..") else None


@dataclass
class Collected:
    learners: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def store_submission(course: Path, learner: str, module: str,
                      files: dict[str, bytes]) -> None:
    paths = CoursePaths(course)
    dest = paths.submitted(learner, module)
    for old in (dest, paths.original(learner, module)):
        if old.exists():
            shutil.rmtree(old)
    dest.mkdir(parents=True)
    for name, data in files.items():
        (dest / name).write_bytes(data)
    if "timestamp.txt" not in files:
        (dest / "timestamp.txt").write_text(
            datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
