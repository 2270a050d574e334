"""Why the latest grading of a submission failed, kept beside its marks, so exports, reports
and certificates can say "grading failed" instead of showing a missing module."""

from __future__ import annotations

from pathlib import Path

from .paths import CoursePaths

FAILED = ".mystory-failed"


def record_failure(course: Path, module: str, learner: str, reason: str | None) -> None:
    """Keep why grading failed beside the submission's marks (None: it succeeded)."""
    path = CoursePaths(course).autograded(learner, module) / FAILED
    if reason is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(reason.replace("\n", " ").strip() or "no reason was given", encoding="utf-8")


def failure(course: Path, module: str, learner: str) -> str | None:
    """Why the latest grading of this submission failed, or None when it did not."""
    path = CoursePaths(course).autograded(learner, module) / FAILED
    return path.read_text(encoding="utf-8") if path.is_file() else None
