"""Who is running a notebook, as nbgrader says in ``NBGRADER_EXECUTION``: a learner (not set),
the solutions build ("solutions"), or nbgrader validating or autograding a hand-in."""

from __future__ import annotations

import os

VARIABLE = "NBGRADER_EXECUTION"
SOLUTIONS = "solutions"  # `mystory build` runs the source notebooks with their model answers
MARKING = ("autograde", "validate")


def execution() -> str:
    """The run's mode ("" on a learner's own page)."""
    return os.environ.get(VARIABLE, "")


def checking() -> bool:
    """Checks act: any run but the learner's own page (so a page never stops at a test)."""
    return bool(execution())


def marking() -> bool:
    """nbgrader marks the notebook: answers are read only and shown as words, not forms."""
    return execution() in MARKING
