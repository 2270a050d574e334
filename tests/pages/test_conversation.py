"""Module 3: sorting, the post coach panel, the timeline, and grading through nbgrader."""

from __future__ import annotations

from pathlib import Path

import pytest

from mystory import facilitator as fac
from mystory.coach import review_timeline
from mystory.core import content
from mystory.core.store import AnswerStore, read_answers
from mystory.pages.conversation import MAX_POSTS, split_posts, timeline_html
from mystory.pages.widgets import make
from tests.conftest import ROOT, grade_submissions

TALK = content.module("02-conversation")
MODULE, NB = "02-conversation", "conversation"
AUTO, MANUAL = 7, 8


def store(tmp_path: Path) -> AnswerStore:
    return AnswerStore(tmp_path / f"{NB}.answers.json", module=MODULE)


def test_sorting_saves_and_explains_each_answer(tmp_path: Path) -> None:
    ex = make(TALK.exercises["talk-sort"], store(tmp_path))
    ex.choices["closed-monday"].value = "broadcast"
    ex.choices["garden-name"].value = "broadcast"
    assert read_answers(tmp_path / f"{NB}.answers.json")["talk-sort"] == {
        "closed-monday": "broadcast", "garden-name": "broadcast"}
    assert "✓ Right." in ex.whys["closed-monday"].value
    assert "Not quite. The answer is: Conversation." in ex.whys["garden-name"].value
    assert ex.whys["award"].value == ""
    assert make(TALK.exercises["talk-sort"], store(tmp_path)).choices[
        "garden-name"].value == "broadcast"  # restored


def test_post_coach_panel(tmp_path: Path) -> None:
    ex = make(TALK.exercises["talk-repair-reply"], store(tmp_path))
    assert ex.text.description == "Your reply"
    assert "as you type" in ex.coach_view.value
    ex.text.value = "We are proud of our repairs service. <b>Call</b> us."
    ex.update_coach()
    assert "broadcast" in ex.coach_view.value and 'data-rule="about-us"' in ex.coach_view.value
    ex.text.value = "Jo, I'm so sorry. Can you send me a message so I can help today?"
    ex.update_coach()
    assert "conversation" in ex.coach_view.value and "<b>" not in ex.coach_view.value


def test_timeline_caps_at_twenty_posts_and_explains_the_chart() -> None:
    posts, dropped = split_posts("\n".join(f"Post {n}?" for n in range(25)) + "\n\n  \n")
    assert len(posts) == MAX_POSTS and dropped == 5
    html = timeline_html(review_timeline(posts), dropped)
    assert 'alt="Bar chart: 20 of your 20 posts are conversation' in html
    assert "<figcaption" in html and "(5 left out)" in html


def test_timeline_widget_uses_the_sample(tmp_path: Path) -> None:
    ex = make(TALK.exercises["talk-timeline"], store(tmp_path))
    ex.sample.click()
    ex.update()
    assert "3 of your 10 posts talk with people (conversation). 7 talk at people" in \
        ex.result.value
    assert read_answers(tmp_path / f"{NB}.answers.json")["talk-timeline"] == list(
        TALK.exercises["talk-timeline"].sample)


OWN = ["Thanks Pat for the cake! Who else was there?", "Our lift is fixed at last.",
       "What should we plant next spring?"]


def test_sample_never_overwrites_the_learners_own_posts(tmp_path: Path) -> None:
    """Issue 15, item 1: the sample asks first, keeps the learner's posts and gives them back."""
    path = tmp_path / f"{NB}.answers.json"
    ex = make(TALK.exercises["talk-timeline"], store(tmp_path))
    ex.text.value = "\n".join(OWN)
    ex.update()
    ex.sample.click()
    assert ex.text.value == "\n".join(OWN)  # asked, not replaced
    assert "Use the sample instead?" in ex.question.value
    assert read_answers(path)["talk-timeline"] == OWN
    ex.keep.click()
    assert ex.text.value == "\n".join(OWN) and ex.question.value == ""
    ex.sample.click()
    ex.confirm.click()
    sample = list(TALK.exercises["talk-timeline"].sample)
    assert read_answers(path)["talk-timeline"] == sample
    assert "3 of your 10 posts talk with people" in ex.result.value  # the sample's summary
    # A second visit still offers the way back, and it brings the posts back.
    again = make(TALK.exercises["talk-timeline"], store(tmp_path))
    assert again.bring_back in again.choices.children
    again.bring_back.click()
    assert again.text.value == "\n".join(OWN)
    assert read_answers(path)["talk-timeline"] == OWN
    assert again.bring_back not in again.choices.children


def test_sample_over_edited_sample_keeps_both_versions(tmp_path: Path) -> None:
    ex = make(TALK.exercises["talk-timeline"], store(tmp_path))
    ex.text.value = "\n".join(OWN)
    ex.update()
    ex.sample.click()
    ex.confirm.click()
    ex.text.value = ex.text.value + "\nMy own extra post?"
    ex.update()
    ex.sample.click()
    ex.confirm.click()
    ex.bring_back.click()
    assert ex.text.value.endswith("My own extra post?")
    ex.sample.click()  # over own words: asks again
    ex.confirm.click()
    ex.bring_back.click()
    assert ex.text.value.endswith("My own extra post?")
    ex.text.value = ""
    ex.update()
    ex.bring_back.click()
    assert ex.text.value == "\n".join(OWN)


def answers(tmp: Path, name: str, values: dict) -> bytes:
    path = tmp / f"{name}.json"
    AnswerStore(path).save_many(values)
    return path.read_bytes()


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("talk")
    file = f"{NB}.answers.json"
    model = read_answers(ROOT / "solutions" / MODULE / file)
    sloppy = dict(model)
    sloppy["talk-sort"] = {k: "broadcast" for k in model["talk-sort"]}  # 6 of 12 right
    sloppy["talk-timeline"] = ["Just one post"]
    sloppy["talk-troll-pick"] = "argue"
    learners = {
        "untouched": {},
        "model": {file: (ROOT / "solutions" / MODULE / file).read_bytes()},
        "sloppy": {file: answers(tmp, "sloppy", sloppy)},
    }
    return grade_submissions(tmp, MODULE, learners)


@pytest.mark.nbgrader
def test_untouched_scores_zero(course: Path) -> None:
    s = fac.score(course, MODULE, "untouched")
    assert s.auto == 0 and s.max == AUTO + MANUAL


@pytest.mark.nbgrader
def test_model_answers_score_full_marks(course: Path) -> None:
    assert fac.score(course, MODULE, "model").auto == AUTO
    for rubric in ("talk-repair-rubric", "talk-troll-rubric", "talk-event-rubric",
                   "talk-rewrite-rubric"):
        fac.set_manual_score(course, MODULE, "model", rubric, 2)
    s = fac.score(course, MODULE, "model")
    assert s.total == s.max == AUTO + MANUAL


@pytest.mark.nbgrader
def test_partial_answers_score_partly(course: Path) -> None:
    # Sorted but half wrong (loses 2), a bad troll pick (loses 1), one post (loses 1).
    assert fac.score(course, MODULE, "sloppy").auto == AUTO - 4
