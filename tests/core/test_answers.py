"""Answers in plain words for the facilitator (formgrader, dashboard): every kind of exercise,
always escaped."""

from __future__ import annotations

import json

import pytest

from mystory.core import content
from mystory.core.answers import NO_ANSWER, answer_html, answer_text
from tests.conftest import ROOT

MODEL = {spec.folder: json.loads(next((ROOT / "solutions" / spec.folder)
                                      .glob("*.answers.json")).read_text())["answers"]
         for spec in content.course()}
EXERCISES = [(spec.folder, ex) for spec in content.course() for ex in spec.exercises.values()]


@pytest.mark.parametrize("folder,exercise", EXERCISES, ids=[e.id for _f, e in EXERCISES])
def test_every_model_answer_reads_as_words(folder: str, exercise: content.ExerciseSpec) -> None:
    value = MODEL[folder].get(exercise.id, {}).get("value")
    text = answer_text(exercise, value)
    if value in (None, "", [], {}):
        assert text == "" and NO_ANSWER in answer_html(exercise, value)
        return
    assert text and "{" not in text and "[" not in text  # words, not data
    if exercise.options and isinstance(value, str):
        assert exercise.option(value).text == text  # the option the learner saw, not its id


def test_answers_are_always_shown_as_text() -> None:
    short = next(e for _f, e in EXERCISES if e.kind == "short_text")
    shown = answer_html(short, "<img src=x onerror=alert(1)> مرحبا 🙂")
    assert "<img" not in shown and "&lt;img src=x" in shown and "مرحبا 🙂" in shown


def test_odd_values_never_break_the_page() -> None:
    for _folder, exercise in EXERCISES:
        for odd in ({"x": 1}, ["?"], 7, "text", {"slots": "mon-06"}):
            assert isinstance(answer_text(exercise, odd), str)
