"""Helpers for nbgrader's test cells: read the learner's answer file and check one answer.

Checks only act while nbgrader runs the notebook (it sets ``NBGRADER_EXECUTION``), so a learner's
page in Voila never stops at a failing test. Under nbgrader a wrong or missing answer raises
AssertionError with a plain message, which nbgrader records as zero points for that cell.
"""

from __future__ import annotations

import builtins
import html
from pathlib import Path
from typing import Any

from .. import coach
from . import content
from .execution import checking
from .kinds import kind_of
from .language import _, default_language, use_language
from .policy import Policy
from .schedule import audience, judge
from .store import answer_path, read_or_why


class Check:
    """The saved answer to one exercise, checked only while grading."""

    def __init__(self, notebook: str, exercise_id: str, folder: Path | str | None = None) -> None:
        if checking():  # what a check says is quoted on feedback pages and in formgrader:
            use_language(default_language())  # in the organisation's language, as they are
        self.module = content.module_by_notebook(notebook)
        self.spec = self.module.exercises[exercise_id]
        self.kind = kind_of(self.spec)
        self.path = answer_path(notebook, folder)
        reading = read_or_why(self.path)
        self.problem: str | None = reading.why or None
        self.value: Any = reading.answers.get(exercise_id)

    def _fail(self, message: str) -> None:
        raise AssertionError(f'"{self.spec.label}": {message}')

    def answered(self) -> None:
        """The learner gave an answer of the right kind."""
        if not checking():
            return
        if self.problem:
            self._fail(self.problem)
        if not self.kind.answered(self.value):
            self._fail(_("no answer was saved."))
        wrong = self.kind.problem(self.spec, self.value, self.path)
        if wrong:
            self._fail(wrong)

    def correct(self) -> None:
        """The learner's choice matches the answer key in the module's data file."""
        if not checking():
            return
        self.answered()
        mistake = self.kind.mistake(self.spec, self.value)
        if mistake:
            self._fail(mistake)

    def bio_fits(self) -> None:
        """The bio is for a platform the course knows and fits its limit (never a matter of taste:
        whether it is a good bio is the facilitator's call, with the coach's advice beside it)."""
        if not checking():
            return
        self.answered()
        known = coach.platforms()
        platform = self.value.get("platform", "x")
        if platform not in known:
            self._fail(_("the platform {platform} is not one the course knows.",
                         platform=repr(platform)))
        name, limit = known[platform]
        count = len(self.value["text"].strip())
        if count > limit:
            self._fail(_("the bio is {count} characters; {name} allows {limit}.", count=count,
                         name=name, limit=limit))

    def sorted_correctly(self, at_least: int) -> None:
        """At least `at_least` items are in the right pile."""
        if not checking():
            return
        self.answered()
        keyed = [i for i in self.spec.items if i.keyed]  # "your call" items are never marked
        right = sum(self.value.get(i.id) == i.answer for i in keyed)
        if right < at_least:
            self._fail(_("{right} of {total} are sorted right; {needed} are needed.", right=right,
                         total=len(keyed), needed=at_least))

    def schedule_ok(self) -> None:
        """Three posting times that follow every rule the page teaches."""
        if not checking():
            return
        self.answered()
        problems = judge(self.value, audience(self.spec))
        if problems:
            self._fail(" ".join(problems))

    def at_least_posts(self, count: int) -> None:
        """The timeline holds at least `count` posts that are not empty."""
        if not checking():
            return
        self.answered()
        posts = [p for p in self.value if p.strip()]
        if len(posts) < count:
            self._fail(_("the timeline has {posts} posts; at least {count} are needed.",
                         posts=len(posts), count=count))

    def is_one_of(self, *option_ids: str) -> None:
        """The learner chose one of these options (a hidden test's second angle)."""
        if checking() and self.value not in option_ids:
            self._fail(_("this is not the best answer."))

    def includes(self, *option_ids: str) -> None:
        """Every one of these options is ticked."""
        if checking() and not set(option_ids) <= set(self.value or []):
            self._fail(_("an important choice was missed."))

    def excludes(self, *option_ids: str) -> None:
        """None of these options is ticked."""
        if checking() and set(option_ids) & set(self.value or []):
            self._fail(_("a choice that does not fit was ticked."))


def check(notebook: str, exercise_id: str) -> Check:
    """The learner's answer to `exercise_id`, read from ``<notebook>.answers.json`` here."""
    return Check(notebook, exercise_id)


def show_written(notebook: str, exercise_id: str) -> None:
    """While grading, print the learner's written answer as plain text for formgrader.

    On the learner's own page this prints nothing (their words are already in the box).
    """
    if not checking():
        return
    found = Check(notebook, exercise_id)
    if found.problem:
        text = f"[{found.problem}]"
    elif not found.kind.answered(found.value):
        text = "[No answer was written.]"
    elif isinstance(found.value, dict) and "text" in found.value:
        text = f"{found.value['text']}\n\n(written for: {found.value.get('platform', '?')})"
    else:
        text = str(found.value)
    review = None if found.problem else found.kind.review(found.spec, found.value)
    if review is not None:  # the coach's advice, beside the rubric: a person decides
        text += f"\n\n{coach.advice_text(review)}"
    show_words(f"The learner wrote:\n\n{text}\n")


def show_words(text: str) -> None:
    """Show a learner's words in formgrader as wrapped text (a long answer is not one line).

    Always escaped: what a learner typed is shown as text, never as HTML.
    """
    words = html.escape(text)
    bundle = {"text/plain": text,
              "text/html": f'<div class="mystory-learner-wrote" style="white-space: pre-wrap; '
                           f'overflow-wrap: anywhere; max-width: 48em">{words}</div>'}
    # The kernel's own display channel (the core imports no IPython); plain print elsewhere.
    shell = getattr(builtins, "get_ipython", lambda: None)()
    if shell is None:
        print(text)
    else:
        shell.display_pub.publish(bundle)


def show_policy(notebook: str) -> None:
    """While grading, print the learner's whole policy (Module 5) as plain text for formgrader."""
    if not checking():
        return
    reading = read_or_why(answer_path(notebook))
    if reading.why:
        show_words(f"[{reading.why}]\n")
        return
    show_words(Policy.from_answers(reading.answers).markdown())
