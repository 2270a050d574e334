"""Where a course keeps each step of the work, by nbgrader's own ``CourseDirectory``:
``<course>/<step>/<learner>/<module>`` (``source`` and ``release`` have no learner)."""

from __future__ import annotations

from pathlib import Path

from nbgrader.coursedir import CourseDirectory

# Our own step: a hand-in exactly as the learner made it, kept before grading swaps in the
# course's own notebook (facilitator.grader.prepare).
ORIGINAL = "submitted-original"


class CoursePaths:
    """The one authority on the course folder's layout (no path is joined by hand elsewhere)."""

    def __init__(self, course: Path) -> None:
        self.root = Path(course)
        self.dirs = CourseDirectory(root=str(self.root))

    def folder(self, step: str, learner: str, module: str) -> Path:
        """One learner's module at one step (nbgrader's ``format_path``)."""
        return Path(self.dirs.format_path(step, learner, module))

    def source(self, module: str) -> Path:
        return self.folder(self.dirs.source_directory, ".", module)

    def release(self, module: str) -> Path:
        return self.folder(self.dirs.release_directory, ".", module)

    def submitted(self, learner: str, module: str) -> Path:
        return self.folder(self.dirs.submitted_directory, learner, module)

    def original(self, learner: str, module: str) -> Path:
        return self.folder(ORIGINAL, learner, module)

    def autograded(self, learner: str, module: str) -> Path:
        return self.folder(self.dirs.autograded_directory, learner, module)

    def feedback(self, learner: str, module: str) -> Path:
        return self.folder(self.dirs.feedback_directory, learner, module)

    def learners(self, step: str = "") -> list[str]:
        """The learners with a folder at a step (handed in, by default), in order."""
        root = self.root / (step or self.dirs.submitted_directory)
        return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
