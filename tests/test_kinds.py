"""The registry of exercise kinds: the data files, the pure rules and the widgets name the same
kinds, and every kind reads the course's own model answers."""

from __future__ import annotations

import json

import pytest

from mystory.core import content, kinds
from mystory.core.store import answer_path
from mystory.pages.widgets import WIDGETS, Exercise
from tests.conftest import ROOT

USED = {ex.kind for spec in content.course() for ex in spec.exercises.values()}
MODEL = [(spec, ex) for spec in content.course() for ex in spec.exercises.values()]


def test_rules_and_widgets_name_the_same_kinds() -> None:
    assert set(kinds.KINDS) == set(WIDGETS)
    assert all(issubclass(cls, Exercise) for cls in WIDGETS.values())
    assert all(kind.name == name for name, kind in kinds.KINDS.items())


def test_every_kind_is_used_by_the_course_and_every_used_kind_is_known() -> None:
    assert USED == set(kinds.KINDS)


def test_an_unknown_kind_is_named_with_the_known_ones() -> None:
    with pytest.raises(content.ContentError, match="kind 'essay' is not one of long_text"):
        content._exercise("x", {"kind": "essay", "label": "X"}, "test.yaml")


def test_a_kind_checks_its_own_entry() -> None:
    with pytest.raises(content.ContentError, match="a choice needs at least two options"):
        content._exercise("x", {"kind": "single_choice", "label": "X",
                                "options": [{"id": "a", "text": "A"}]}, "test.yaml")
    with pytest.raises(content.ContentError, match="a sort needs at least two items"):
        content._exercise("x", {"kind": "sort", "label": "X", "items": [
            {"id": "a", "text": "A", "answer": "broadcast"}]}, "test.yaml")


@pytest.mark.parametrize("spec,exercise", MODEL, ids=[e.id for _s, e in MODEL])
def test_every_kind_accepts_the_model_answer(spec: content.ModuleSpec,
                                             exercise: content.ExerciseSpec) -> None:
    path = answer_path(spec.notebook, ROOT / "solutions" / spec.folder)
    saved = json.loads(path.read_text())["answers"].get(exercise.id)
    kind = kinds.kind_of(exercise)
    assert not kind.answered(None) and not kind.answered("") and not kind.answered([])
    if saved is None:  # not every exercise has a model answer (for example the confidence poll)
        return
    value = saved["value"]
    assert kind.answered(value)
    assert kind.problem(exercise, value, path) is None
    assert kind.words(exercise, value).strip()
    if exercise.correct:
        assert kind.mistake(exercise, value) is None


def test_a_wrong_shape_is_named_for_each_kind(tmp_path) -> None:
    for _spec, exercise in MODEL:
        kind = kinds.kind_of(exercise)
        odd = 42 if kind.name not in ("short_text", "long_text", "post") else ["a", "list"]
        assert kind.problem(exercise, odd, tmp_path / "x.answers.json"), exercise.id
