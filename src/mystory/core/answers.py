"""A saved answer in plain words, for people who read it rather than use the page.

The facilitator sees these: in formgrader (a notebook run by nbgrader shows each exercise this
way, not as a form nobody can use there) and in the dashboard. Each kind says its own words
(``mystory.core.kinds``).
"""

from __future__ import annotations

import html
from typing import Any

from .kinds import kind_of
from .language import N_, _
from .spec import ExerciseSpec

NO_ANSWER = N_("No answer yet.")


def answer_text(spec: ExerciseSpec, value: Any) -> str:
    """The answer to `spec` as plain text ("" when there is none)."""
    if value in (None, "", [], {}):
        return ""
    return kind_of(spec).words(spec, value)


def answer_html(spec: ExerciseSpec, value: Any) -> str:
    """The exercise's label and the answer, escaped: always shown as text."""
    text = answer_text(spec, value)
    words = html.escape(text) if text else f"<em>{html.escape(_(NO_ANSWER))}</em>"
    return (f'<div class="mystory-graded-answer"><p><strong>{html.escape(spec.label)}</strong>'
            f'</p><p class="mystory-words" style="white-space: pre-wrap; overflow-wrap: anywhere">'
            f'{words}</p></div>')
