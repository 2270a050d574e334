"""A saved answer in plain words, for people who read it rather than use the page.

The facilitator sees these: in formgrader (a notebook run by nbgrader shows each exercise this
way, not as a form nobody can use there) and in the dashboard.
"""

from __future__ import annotations

import html
from typing import Any

from .content import ExerciseSpec

NO_ANSWER = "No answer yet."


def _option(spec: ExerciseSpec, option_id: Any) -> str:
    option = spec.option(str(option_id))
    return option.text if option else str(option_id)


def answer_text(spec: ExerciseSpec, value: Any) -> str:
    """The answer to `spec` as plain text ("" when there is none)."""
    if value in (None, "", [], {}):
        return ""
    kind = spec.kind
    if kind == "single_choice":
        return _option(spec, value)
    if kind == "multiple_choice" and isinstance(value, list):
        return "; ".join(_option(spec, v) for v in value)
    if kind == "bio" and isinstance(value, dict):
        return f"{value.get('text') or ''} (for {value.get('platform') or 'no platform'})".strip()
    if kind == "photo" and isinstance(value, dict):
        picture = ("a picture" if value.get("file") else
                   "a picture later" if value.get("later") else "no picture")
        alt = value.get("alt") or ""
        return f"Chose {picture}." + (f" Described as: {alt}" if alt else "")
    if kind == "sort" and isinstance(value, dict):
        items = {item.id: item.text for item in spec.items}
        piles = dict(spec.piles)
        return "; ".join(f"{items.get(k, k)} → {piles.get(str(v), v)}" for k, v in value.items())
    if kind == "timeline" and isinstance(value, list):
        return " | ".join(str(v) for v in value)
    if kind == "schedule" and isinstance(value, dict):
        from ..pages.schedule import all_slots, slot_name

        def names(key: str) -> str:
            picked = value.get(key)
            known = all_slots()
            return ", ".join(slot_name(s) for s in picked if s in known) \
                if isinstance(picked, list) else ""

        return f"Online: {names('online') or 'none'}. Posts at: {names('slots') or 'none'}."
    return str(value)


def answer_html(spec: ExerciseSpec, value: Any) -> str:
    """The exercise's label and the answer, escaped: always shown as text."""
    text = answer_text(spec, value)
    words = html.escape(text) if text else f"<em>{NO_ANSWER}</em>"
    return (f'<div class="mystory-graded-answer"><p><strong>{html.escape(spec.label)}</strong>'
            f'</p><p class="mystory-words">{words}</p></div>')
