"""Each marked part named by its question, for people: feedback pages and the class report.

nbgrader knows marks by grade ids (``talk-repair-rubric``); the module data knows questions.
A label that repeats in a module ("Your reply" three times) is named with its question.
"""

from __future__ import annotations

import re

from ..core import content
from ..core.spec import ExerciseSpec

BY_HAND = "(marked by your facilitator)"
SUFFIX = re.compile(r"-(test|right|rubric)$")


def _exercise(spec: content.ModuleSpec, base: str) -> ExerciseSpec | None:
    if base in spec.exercises:
        return spec.exercises[base]
    if "-" not in base:  # the module as a whole (say, `policy-rubric`)
        return None
    family = [e for e in spec.exercises.values() if e.id.startswith(base + "-")]
    written = [e for e in family if e.graded == "manual"]
    chosen = written or family
    return chosen[0] if chosen else None


def question_label(spec: content.ModuleSpec, grade_id: str, heading: str = "") -> str:
    """The question a marked part belongs to, in the module's own words (never an id)."""
    base = SUFFIX.sub("", grade_id)
    ex = _exercise(spec, base)
    if ex is None:
        part = base.split("-", 1)[1].replace("-", " ") if "-" in base else "the whole page"
        label = heading or f"{spec.title}: {part}"
        return label if heading or not grade_id.endswith("-rubric") else f"{label} {BY_HAND}"
    label = ex.label
    if [e.label for e in spec.exercises.values()].count(label) > 1:
        family = ex.id.rsplit("-", 1)[0]
        asked = next((e.label for e in spec.exercises.values()
                      if e.id.startswith(family + "-") and e.id != ex.id), "")
        label = f"{label} ({asked})" if asked else f"{label} ({ex.id})"
    if grade_id.endswith("-right"):
        label = f"{label}: how many are right"
    elif grade_id.endswith("-rubric"):
        label = f"{label} {BY_HAND}"
    return label
