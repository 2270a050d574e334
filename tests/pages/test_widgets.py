"""Exercise widgets: labels, saving, restoring, feedback, and learner text kept inert."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mystory.core import content
from mystory.core.store import AnswerStore, read_answers
from mystory.course import Page, home_html
from mystory.pages import widgets
from tests.conftest import ROOT

WELCOME = content.module("00-welcome")


def page(tmp_path: Path) -> Page:
    return Page(WELCOME, AnswerStore(tmp_path / "welcome.answers.json", module="00-welcome"))


def make(tmp_path: Path, ex: str) -> widgets.Exercise:
    p = page(tmp_path)
    return widgets.make(WELCOME.exercises[ex], p.store)


def test_text_saves_after_a_pause_and_says_saved(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(widgets, "TEXT_PAUSE", 0.05)
    ex = make(tmp_path, "welcome-name")
    assert ex.input.description == WELCOME.exercises["welcome-name"].label
    ex.input.value = "S"
    ex.input.value = "Sam"
    assert "Saving" in ex.status.value and "✓" not in ex.status.value
    ex._debounce.flush()
    assert read_answers(tmp_path / "welcome.answers.json")["welcome-name"] == "Sam"
    assert "Saved" in ex.status.value


def test_debounce_saves_once_after_typing_stops(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(widgets, "TEXT_PAUSE", 0.2)
    ex = make(tmp_path, "welcome-care-about")
    saves = []
    original = ex.store.save
    monkeypatch.setattr(ex.store, "save", lambda *a, **k: saves.append(a) or original(*a, **k))
    for text in ["I", "I l", "I lo", "I love"]:
        ex.input.value = text
    deadline = time.time() + 5
    while not saves and time.time() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)
    assert [s[1] for s in saves] == ["I love"]


def test_answers_are_restored(tmp_path: Path) -> None:
    p = page(tmp_path)
    p.store.save("welcome-care-about", "My allotment")
    p.store.save("welcome-trust", "advert")
    p.store.save("welcome-human-posts", ["coffee-morning"])
    assert make(tmp_path, "welcome-care-about").input.value == "My allotment"
    assert make(tmp_path, "welcome-trust").input.value == "advert"
    multi = make(tmp_path, "welcome-human-posts")
    assert multi.value() == ["coffee-morning"]
    assert "Saved" in multi.status.value


def test_choice_saves_at_once_with_feedback(tmp_path: Path) -> None:
    ex = make(tmp_path, "welcome-trust")
    ex.input.value = "people-like-me"
    assert read_answers(tmp_path / "welcome.answers.json")["welcome-trust"] == "people-like-me"
    assert "People trust people like themselves" in ex.feedback.value
    ex.input.value = "advert"
    assert "Not quite" in ex.feedback.value


def test_multiple_choice_feedback(tmp_path: Path) -> None:
    ex = make(tmp_path, "welcome-human-posts")
    ex.boxes["coffee-morning"].value = True
    assert "Is there another" in ex.feedback.value
    ex.boxes["garden-question"].value = True
    assert "found them all" in ex.feedback.value
    assert read_answers(tmp_path / "welcome.answers.json")["welcome-human-posts"] == [
        "coffee-morning", "garden-question"]


def test_too_long_text_is_kept_in_the_box_with_a_kind_message(tmp_path: Path) -> None:
    ex = make(tmp_path, "welcome-care-about")
    ex.input.value = "x" * 6000
    ex.save()
    assert "Not saved yet" in ex.status.value and "6,000 characters" in ex.status.value
    assert ex.input.value == "x" * 6000
    assert not (tmp_path / "welcome.answers.json").exists()


def test_learner_text_never_becomes_html(tmp_path: Path) -> None:
    p = page(tmp_path)
    evil = "<script>alert(1)</script>"
    p.store.save("welcome-care-about", evil)
    ex = make(tmp_path, "welcome-care-about")
    assert ex.input.value == evil  # a value, shown by the browser as text
    ex.input.value = evil + "x" * 6000
    ex.save()
    assert "<script>" not in ex.status.value


def test_home_shows_progress(tmp_path: Path) -> None:
    folder = tmp_path / "00-welcome"
    folder.mkdir()
    (folder / "welcome.ipynb").write_text("{}")
    html = home_html(tmp_path)
    assert "Not started" in html and 'href="00-welcome/welcome.ipynb"' in html
    AnswerStore(folder / "welcome.answers.json").save("welcome-trust", "advert")
    assert f"1 of {len(WELCOME.needed)} answered" in home_html(tmp_path)
    (folder / "welcome.answers.json").write_text("{bad")
    assert "could not read" in home_html(tmp_path)
    assert (folder / "welcome.answers.json").read_text() == "{bad"  # the home page moves nothing


def test_empty_answers_do_not_count_as_progress(tmp_path: Path) -> None:
    p = page(tmp_path)
    p.store.save("welcome-name", "   ")
    p.store.save("welcome-human-posts", [])
    assert p.progress() == (0, len(WELCOME.needed))


@pytest.mark.parametrize("ex_id,typed", [("welcome-care-about", "   \n  "),
                                         ("welcome-name", " ")])
def test_spaces_only_is_not_called_saved(tmp_path: Path, ex_id: str, typed: str) -> None:
    """Text of only spaces counts as not answered, and the status says so (it said "Saved")."""
    ex = make(tmp_path, ex_id)
    ex.input.value = typed
    ex._debounce.flush()
    assert "Saved" not in ex.status.value and "only spaces" in ex.status.value
    assert "⚠" in ex.status.value
    assert "only spaces" in make(tmp_path, ex_id).status.value  # and again when reopened
    ex.input.value = "  My allotment "
    ex._debounce.flush()
    assert "✓ Saved" in ex.status.value


def test_nul_is_left_out_and_the_learner_told(tmp_path: Path) -> None:
    ex = make(tmp_path, "welcome-care-about")
    ex.input.value = "My\x00 allotment"
    ex._debounce.flush()
    assert read_answers(tmp_path / "welcome.answers.json")["welcome-care-about"] == "My allotment"
    assert "left out hidden characters" in ex.status.value and "the rest is kept" in \
        ex.status.value


def test_a_deeply_nested_answer_file_opens_a_fresh_page_with_a_notice(tmp_path: Path) -> None:
    """Valid JSON nested 10,000 deep raised RecursionError: the page showed no inputs."""
    from mystory.course import open_module

    deep = b'{"schema": 2, "answers": {"welcome-name": {"value": ' + b"[" * 10_000 \
        + b"]" * 10_000 + b"}}}"
    (tmp_path / "welcome.answers.json").write_bytes(deep)
    opened = open_module("00-welcome", tmp_path)
    assert opened.store.notice and "starts fresh" in opened.store.notice
    assert opened.header is not None and "starts fresh" in opened.header.value
    opened.exercise("welcome-name")  # the inputs are there
    assert [p.read_bytes() for p in tmp_path.glob("welcome.answers.unreadable-*.json")] == [deep]


POLICY = content.module("04-your-policy")


def test_progress_is_done_when_what_the_module_needs_is_answered(tmp_path: Path) -> None:
    """Issue 15, item 3: blank "(if you like)" boxes and unmarked questions never hold a
    module back from done."""
    optional = [k for k, e in POLICY.exercises.items() if e.graded == "none"]
    assert len(optional) == 3 and all("(if you like)" in POLICY.exercises[k].label
                                      for k in optional)
    folder = tmp_path / "04-your-policy"
    folder.mkdir()
    (folder / "your-policy.ipynb").write_text("{}")
    model = read_answers(ROOT / "solutions" / "04-your-policy" /
                         "your-policy.answers.json")
    assert set(model) == set(POLICY.needed) | {"policy-topic-2"}  # one optional box filled
    AnswerStore(folder / "your-policy.answers.json").save_many(
        {k: v for k, v in model.items() if k != "policy-topic-2"})
    card = home_html(tmp_path).split('data-module="04-your-policy"')[1]
    assert "Done" in card and "Look again" in card and "answered" not in card
    welcome = tmp_path / "00-welcome"
    welcome.mkdir()
    needed = {"welcome-name": "Sam", "welcome-trust": "advert",
              "welcome-human-posts": ["coffee-morning"], "welcome-care-about": "Me."}
    AnswerStore(welcome / "welcome.answers.json").save_many(needed)  # no confidence answer
    assert "Done" in home_html(tmp_path).split('data-module="00-welcome"')[1]


def test_home_numbers_modules_from_one_and_marks_where_to_start(tmp_path: Path) -> None:
    html = home_html(tmp_path)
    titles = [spec.title for spec in content.course()]
    for number, title in enumerate(titles, start=1):
        assert f"Module {number}: {title}" in html
    assert "Module 0" not in html
    assert html.count("Start here") == 1
    assert html.index("Start here") < html.index("Module 1:") < html.index("Module 2:")
    folder = tmp_path / "00-welcome"
    folder.mkdir()
    AnswerStore(folder / "welcome.answers.json").save_many(
        {"welcome-name": "Sam", "welcome-trust": "advert",
         "welcome-human-posts": ["coffee-morning"], "welcome-care-about": "Me."})
    html = home_html(tmp_path)
    assert html.count("★") == 1 and html.index("Module 1:") < html.index("Start here") < \
        html.index("Module 2:")


def test_end_of_module_says_saved_only_when_something_is(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15, item 8: "Your answers are saved" is never said when nothing was answered."""
    from mystory.pages import page as pages

    monkeypatch.setattr(pages, "display", lambda *_a: None)
    p = page(tmp_path)
    p.exercise("welcome-trust")
    p.progress_note()
    note = p._note
    assert note is not None and "saved" not in note.value.replace("save by themselves", "")
    assert "not answered anything yet" in note.value
    holder, _build = p._parts[0]
    radios = holder.children[0].children[-3]
    radios.value = "advert"
    assert f"answered 1 of the {len(WELCOME.needed)} questions" in note.value
    assert "Your answers are saved" in note.value
    p.store.save_many({"welcome-name": "Sam", "welcome-human-posts": ["coffee-morning"],
                       "welcome-care-about": "Me."})
    radios.value = "people-like-me"
    assert "everything this module needs" in note.value
    notebook = (ROOT / "course" / "source" / "00-welcome" / "welcome.ipynb").read_text()
    assert "Your answers are saved" not in notebook and "page.progress_note()" in notebook
