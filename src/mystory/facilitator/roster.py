"""Learners' names in the gradebook, so formgrader lists people, not "None, None".

A learner's id is their sign-in name (the hub's user name). A facilitator may give real names
in ``roster.csv`` in the course folder (columns ``student_id,first_name,last_name``); without one,
formgrader shows the sign-in name. Names a facilitator typed in formgrader are kept.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

ROSTER = "roster.csv"


def read_roster(course: Path) -> dict[str, tuple[str, str]]:
    """Names by learner id from the course's roster.csv (none if there is no such file)."""
    path = Path(course) / ROSTER
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8-sig") as f:
        return {row["student_id"].strip(): ((row.get("first_name") or "").strip(),
                                            (row.get("last_name") or "").strip())
                for row in csv.DictReader(f) if (row.get("student_id") or "").strip()}


def add_learners(gb: Gradebook, course: Path, learners: Iterable[str]) -> None:
    """Put each learner in the gradebook with a name: the roster's, else their sign-in name."""
    roster = read_roster(course)
    for learner in learners:
        try:
            known = gb.find_student(learner)
            named = bool(known.first_name or known.last_name)
        except MissingEntry:
            named = False
        if learner in roster:
            first, last = roster[learner]
            gb.update_or_create_student(learner, first_name=first, last_name=last)
        elif not named:
            gb.update_or_create_student(learner, first_name="", last_name=learner)
        else:
            gb.update_or_create_student(learner)
