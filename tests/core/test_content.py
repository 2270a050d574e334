"""Course data files: the shipped ones load, and a bad entry gets a message that names it."""

from __future__ import annotations

from pathlib import Path

import pytest

import mystory
from mystory.core import content


def test_every_module_loads_with_its_exercises() -> None:
    modules = content.course()
    assert [m.folder for m in modules][0] == "00-welcome"
    welcome = content.module("00-welcome")
    kinds = {e.kind for e in welcome.exercises.values()}
    assert kinds == {"long_text", "short_text", "single_choice", "multiple_choice"}
    assert {e.graded for e in welcome.exercises.values()} >= {"auto", "manual"}


def test_every_source_notebook_has_a_data_file(root: Path) -> None:
    folders = sorted(p.name for p in (root / "course" / "source").iterdir() if p.is_dir())
    assert folders == sorted(m.folder for m in content.course())
    for m in content.course():
        assert (root / "course" / "source" / m.folder / f"{m.notebook}.ipynb").is_file()


BAD = {
    "kind: essay": "kind 'essay' is not one of",
    "kind: single_choice\n    options: [{id: a, text: A}]": "at least two options",
    "kind: single_choice\n    graded: auto\n    options: [{id: a, text: A}, {id: b, text: B}]":
        "needs a 'correct' answer",
    "kind: single_choice\n    correct: c\n    options: [{id: a, text: A}, {id: b, text: B}]":
        "'c' is not an option",
    "kind: short_text": "'label' is missing",
    "kind: sort\n    piles: {myth: M, 'true': T}\n    items: [{id: x1, text: X, answer: maybe}]":
        "item 'x1': answer must be one of myth, true",
    "kind: single_choice\n    options: [{id: a, text: A, picture: cat}, {id: b, text: B}]":
        "option 'a': picture must be one of egg, photo",
}


@pytest.mark.parametrize("entry,message", BAD.items())
def test_bad_entries_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               entry: str, message: str) -> None:
    (tmp_path / "modules").mkdir()
    label = "" if "label" in message else "\n    label: Q"
    (tmp_path / "modules" / "00-welcome.yaml").write_text(
        "notebook: welcome\ntitle: T\nsummary: S\nexercises:\n"
        f"  my-question:\n    {entry}{label}\n")
    monkeypatch.setenv("MYSTORY_CONTENT_DIR", str(tmp_path))
    content.module.cache_clear()
    try:
        with pytest.raises(content.ContentError) as err:
            content.module("00-welcome")
        assert "modules/00-welcome.yaml" in str(err.value)
        assert "my-question" in str(err.value) and message in str(err.value)
    finally:
        content.module.cache_clear()


def test_an_organisation_can_override_wording(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = (Path(mystory.__file__).parent / "data" / "modules" / "00-welcome.yaml").read_text()
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "00-welcome.yaml").write_text(
        shipped.replace("Who do most people trust more?", "Who do you trust more?"))
    monkeypatch.setenv("MYSTORY_CONTENT_DIR", str(tmp_path))
    content.module.cache_clear()
    try:
        assert content.module("00-welcome").exercises["welcome-trust"].label == \
            "Who do you trust more?"
    finally:
        content.module.cache_clear()


def test_the_parts_the_code_reads_are_named_in_the_data() -> None:
    roles = {role for spec in content.course() for role in spec.parts}
    assert {"learner_name", "profile_card", "policy"} <= roles
    spec, ids = content.part("policy")
    assert spec.folder == "04-your-policy" and ids["mix"] in spec.exercises
    with pytest.raises(content.ContentError, match="names the part 'nothing'"):
        content.part("nothing")


def test_a_part_naming_a_missing_exercise_is_named(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = (Path(mystory.__file__).parent / "data" / "modules" / "01-your-story.yaml")
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "01-your-story.yaml").write_text(
        shipped.read_text().replace("bio: story-bio,", "bio: story-biography,"))
    monkeypatch.setenv("MYSTORY_CONTENT_DIR", str(tmp_path))
    content.module.cache_clear()
    try:
        with pytest.raises(content.ContentError, match="'profile_card' names 'story-biography'"):
            content.module("01-your-story")
    finally:
        content.module.cache_clear()


def test_a_part_naming_a_question_in_another_module_must_find_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = (Path(mystory.__file__).parent / "data" / "modules" / "05-staying-safe.yaml")
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "05-staying-safe.yaml").write_text(
        shipped.read_text().replace("start: 00-welcome/welcome-confidence",
                                    "start: 00-welcome/welcome-mood"))
    monkeypatch.setenv("MYSTORY_CONTENT_DIR", str(tmp_path))
    content.module.cache_clear()
    content.course.cache_clear()
    try:
        with pytest.raises(content.ContentError,
                           match="'confidence' names '00-welcome/welcome-mood'"):
            content.course()
    finally:
        content.module.cache_clear()
        content.course.cache_clear()
