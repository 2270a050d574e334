"""Helpers for nbgrader's test cells: read the learner's answer file and check one answer.

Checks only act while nbgrader runs the notebook (it sets ``NBGRADER_EXECUTION``), so a learner's
page in Voila never stops at a failing test. Under nbgrader a wrong or missing answer raises
AssertionError with a plain message, which nbgrader records as zero points for that cell.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from ..pages.page import is_answered
from . import content
from .store import AnswerFileProblem, answer_path, read_answers


def grading() -> bool:
    """True while nbgrader (autograde or validate) or the solutions build runs the notebook."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


class Check:
    """The saved answer to one exercise, checked only while grading."""

    def __init__(self, notebook: str, exercise_id: str, folder: Path | str | None = None) -> None:
        self.module = content.module_by_notebook(notebook)
        self.spec = self.module.exercises[exercise_id]
        self.path = answer_path(notebook, folder)
        self.problem: str | None = None
        self.value: Any = None
        try:
            self.value = read_answers(self.path).get(exercise_id)
        except FileNotFoundError:
            self.problem = f"No answer file was handed in ({self.path.name})."
        except (AnswerFileProblem, OSError) as err:
            self.problem = f"The answer file {self.path.name} could not be read: {err}."

    def _fail(self, message: str) -> None:
        raise AssertionError(f'"{self.spec.label}": {message}')

    def answered(self) -> None:
        """The learner gave an answer of the right kind."""
        if not grading():
            return
        if self.problem:
            self._fail(self.problem)
        if not is_answered(self.value):
            self._fail("no answer was saved.")
        kind = self.spec.kind
        if kind in ("long_text", "short_text") and not isinstance(self.value, str):
            self._fail("the answer should be text.")
        if kind == "single_choice" and self.spec.option(self.value) is None:
            self._fail("the answer is not one of the choices.")
        if kind == "multiple_choice" and (
            not isinstance(self.value, list)
            or any(self.spec.option(v) is None for v in self.value)
        ):
            self._fail("the answer is not a set of the choices.")
        if kind == "bio" and not (isinstance(self.value, dict)
                                  and isinstance(self.value.get("text"), str)
                                  and self.value.get("text", "").strip()):
            self._fail("no bio was written.")
        if kind == "sort" and not (
            isinstance(self.value, dict)
            and {i.id for i in self.spec.items} <= set(self.value)
            and all(v in dict(self.spec.piles) for v in self.value.values())
        ):
            self._fail("not every post was sorted.")
        if kind == "post" and not isinstance(self.value, str):
            self._fail("the answer should be text.")
        if kind == "timeline" and not (isinstance(self.value, list)
                                       and all(isinstance(p, str) for p in self.value)):
            self._fail("the timeline should be a list of posts.")
        if kind == "schedule" and not (
            isinstance(self.value, dict)
            and isinstance(self.value.get("slots"), list) and self.value["slots"]
            and isinstance(self.value.get("online"), list) and self.value["online"]
        ):
            self._fail("the online times and three posting times were not both marked.")
        if kind == "photo":
            from ..pages.profile import photo_ok

            missing = photo_ok(self.value, self.path.parent, self.path.name.removesuffix(
                ".answers.json"))
            if missing:
                self._fail(missing)

    def correct(self) -> None:
        """The learner's choice matches the answer key in the module's data file."""
        if not grading():
            return
        self.answered()
        if self.spec.kind == "single_choice":
            if self.value not in self.spec.correct:
                self._fail("this is not the best answer.")
        elif set(self.value) != set(self.spec.correct):
            self._fail("these are not quite the right choices.")

    def bio_ready(self) -> None:
        """The bio has no problem left for its platform, by the course's own coach."""
        if not grading():
            return
        self.answered()
        from ..coach import review_bio

        platform = self.value.get("platform", "x")
        try:
            review = review_bio(self.value["text"], platform)
        except ValueError:
            self._fail(f"the platform {platform!r} is not one the course knows.")
        if not review.ready:
            self._fail(f"the coach still finds something to fix. {review.problems[0].message}")

    def sorted_correctly(self, at_least: int) -> None:
        """At least `at_least` items are in the right pile."""
        if not grading():
            return
        self.answered()
        right = sum(self.value.get(i.id) == i.answer for i in self.spec.items)
        if right < at_least:
            self._fail(f"{right} of {len(self.spec.items)} posts are sorted right; "
                       f"{at_least} are needed.")

    def schedule_ok(self) -> None:
        """Three posting times that follow every rule the page teaches."""
        if not grading():
            return
        self.answered()
        from ..pages.schedule import audience, judge

        problems = judge(self.value, audience(self.spec))
        if problems:
            self._fail(" ".join(problems))

    def at_least_posts(self, count: int) -> None:
        """The timeline holds at least `count` posts that are not empty."""
        if not grading():
            return
        self.answered()
        posts = [p for p in self.value if p.strip()]
        if len(posts) < count:
            self._fail(f"the timeline has {len(posts)} posts; at least {count} are needed.")

    def is_one_of(self, *option_ids: str) -> None:
        """The learner chose one of these options (a hidden test's second angle)."""
        if grading() and self.value not in option_ids:
            self._fail("this is not the best answer.")

    def includes(self, *option_ids: str) -> None:
        """Every one of these options is ticked."""
        if grading() and not set(option_ids) <= set(self.value or []):
            self._fail("an important choice was missed.")

    def excludes(self, *option_ids: str) -> None:
        """None of these options is ticked."""
        if grading() and set(option_ids) & set(self.value or []):
            self._fail("a choice that does not fit was ticked.")


def check(notebook: str, exercise_id: str) -> Check:
    """The learner's answer to `exercise_id`, read from ``<notebook>.answers.json`` here."""
    return Check(notebook, exercise_id)


def show_written(notebook: str, exercise_id: str) -> None:
    """While grading, print the learner's written answer as plain text for formgrader.

    On the learner's own page this prints nothing (their words are already in the box).
    """
    if not grading():
        return
    found = Check(notebook, exercise_id)
    if found.problem:
        text = f"[{found.problem}]"
    elif not is_answered(found.value):
        text = "[No answer was written.]"
    elif isinstance(found.value, dict) and "text" in found.value:
        text = f"{found.value['text']}\n\n(written for: {found.value.get('platform', '?')})"
    else:
        text = str(found.value)
    sys.stdout.write(f"The learner wrote:\n\n{text}\n")


def show_policy(notebook: str) -> None:
    """While grading, print the learner's whole policy (Module 5) as plain text for formgrader."""
    if not grading():
        return
    from ..pages.policy import Policy

    path = answer_path(notebook)
    try:
        answers = read_answers(path)
    except FileNotFoundError:
        sys.stdout.write(f"[No answer file was handed in ({path.name}).]\n")
        return
    except (AnswerFileProblem, OSError) as err:
        sys.stdout.write(f"[The answer file {path.name} could not be read: {err}.]\n")
        return
    sys.stdout.write(Policy.from_answers(answers).markdown())
