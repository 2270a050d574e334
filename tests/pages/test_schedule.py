"""Module 4: the week grids and their rules, the heatmap's text alternative, and grading."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mystory import facilitator as fac
from mystory.core import content, schedule
from mystory.core.store import AnswerStore, read_answers
from mystory.pages.schedule import heatmap_html, heatmap_svg
from mystory.pages.widgets import make
from tests.conftest import ROOT, grade_submissions

MYTHS = content.module("03-posting-myths")
SPEC = MYTHS.exercises["myths-schedule"]
CROWD = schedule.audience(SPEC)
MODULE, NB = "03-posting-myths", "posting-myths"


@pytest.mark.parametrize("online,slots,problem", [
    (["mon-06"], ["mon-06", "wed-21"], "You have picked 2"),
    ([], ["tue-21", "thu-06", "sat-09"], "First mark"),
    (["sun-12"], ["tue-21", "thu-06", "sat-09"], "None of your three times"),
])
def test_only_the_seed_rule_stops_the_marks(online: list[str], slots: list[str],
                                            problem: str) -> None:
    problems = schedule.judge({"online": online, "slots": slots}, CROWD)
    assert len(problems) == 1 and problem in problems[0], problems


@pytest.mark.parametrize("slots,advice", [
    (["mon-06", "mon-21", "sat-09"], "same day"),
    (["mon-09", "tue-12", "wed-15"], "office hours"),
    (["mon-18", "wed-21", "sat-09"], "the busiest time"),
    (["mon-06", "tue-12", "sat-09"], "Tuesday 12 noon to 3pm is quiet"),
])
def test_advice_never_marks(slots: list[str], advice: str) -> None:
    verdict = schedule.review({"online": slots, "slots": slots}, CROWD)
    assert verdict.problems == [] and any(advice in t for t in verdict.advice), verdict


def test_the_page_never_contradicts_the_learners_grid() -> None:
    """The seed's best hours and a tenant who is online only on weekday daytimes both pass."""
    fullest = ["mon-18", "tue-18", "wed-18"]  # the busiest: when the practitioner did best
    assert schedule.judge({"online": fullest, "slots": fullest}, CROWD) == []
    daytime = [schedule.slot_id(d, h) for d in schedule.DAYS[:5] for h in (9, 12)]
    picks = ["mon-12", "wed-12", "fri-09"]
    assert schedule.judge({"online": daytime, "slots": picks}, CROWD) == []


def test_good_picks_pass_and_own_online_time_counts() -> None:
    good = ["tue-21", "thu-06", "sat-09"]
    verdict = schedule.review({"online": ["tue-21"], "slots": good}, CROWD)
    assert verdict == schedule.Verdict([], [])


def test_heatmap_has_a_text_alternative_and_a_table() -> None:
    html = heatmap_html(CROWD)
    assert 'alt="Heatmap of when a sample audience is online. The busiest times are Monday' in html
    assert "Busiest: the most people talk then" in html and "An empty box:" in html
    assert "<figcaption" in html and "<table" in html and "Saturday" in html


def test_grid_and_heatmap_say_times_as_the_text_does(tmp_path: Path) -> None:
    """Issue 15, item 8: "3pm" boxes named "Monday 3pm to 6pm", never "15–18"; the heatmap's
    numbers have a key."""
    ex = make(SPEC, AnswerStore(tmp_path / f"{NB}.answers.json", module=MODULE))
    assert [ex.slots[f"mon-{h:02d}"].description for h in schedule.BANDS] == [
        "6am", "9am", "noon", "3pm", "6pm", "9pm"]
    assert ex.slots["mon-15"].tooltip == "Monday 3pm to 6pm"
    assert ex.online["sun-21"].tooltip == "Sunday 9pm to midnight"
    html = heatmap_html(CROWD)
    assert "15–18" not in html and "–" not in html.split("<figure")[0]
    assert "how many people in 100" in html and "3pm means 3pm to 6pm" in html
    assert '<th scope="col">3pm to 6pm</th>' in html
    svg = heatmap_svg(CROWD)
    assert ">3pm<" in svg and ">15–18<" not in svg


def test_untapping_clears_the_three_picks_message(tmp_path: Path) -> None:
    ex = make(SPEC, AnswerStore(tmp_path / f"{NB}.answers.json", module=MODULE))
    for slot in ("tue-21", "thu-06", "sat-09", "sun-09"):
        ex.slots[slot].value = True
    assert "Untap one first" in ex.status.value
    ex.slots["thu-06"].value = False
    assert "Untap" not in ex.status.value and "Saved" in ex.status.value


def test_bad_audience_data_is_named() -> None:
    bad = dataclasses.replace(SPEC, data={"audience": {
        "busiest_at_least": 95, "active_at_least": 50,
        "activity": {**SPEC.data["audience"]["activity"], "tue": [1, 2, 3]}}})
    with pytest.raises(content.ContentError, match="'tue' needs 6 numbers"):
        schedule.audience(bad)


def test_grid_saves_and_stops_at_three_picks(tmp_path: Path) -> None:
    ex = make(SPEC, AnswerStore(tmp_path / f"{NB}.answers.json", module=MODULE))
    ex.online["tue-21"].value = True
    for slot in ("tue-21", "thu-06", "sat-09", "sun-09"):
        ex.slots[slot].value = True
    assert ex.slots["sun-09"].value is False and "already picked three" in ex.status.value
    saved = read_answers(tmp_path / f"{NB}.answers.json")["myths-schedule"]
    assert saved == {"online": ["tue-21"], "slots": ["tue-21", "thu-06", "sat-09"]}
    assert "These times get the marks" in ex.feedback.value


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("myths")
    file = f"{NB}.answers.json"
    model = read_answers(ROOT / "solutions" / MODULE / file)
    offline = dict(model, **{"myths-schedule": {"online": ["sun-12"],
                                               "slots": ["mon-09", "tue-12", "wed-15"]}})
    path = tmp / "offline.json"
    AnswerStore(path).save_many(offline)
    learners = {"untouched": {}, "model": {file: (ROOT / "solutions" / MODULE / file).read_bytes()},
                "offline": {file: path.read_bytes()}}
    return grade_submissions(tmp, MODULE, learners)


@pytest.mark.nbgrader
def test_grades(course: Path) -> None:
    assert fac.score(course, MODULE, "untouched").auto == 0
    model = fac.score(course, MODULE, "model")
    assert model.auto == model.max == 5 and not model.manual_pending
    assert fac.score(course, MODULE, "offline").auto == 3


def test_the_schedule_speaks_welsh() -> None:
    """Day names, times, the marked rule, advice and the heatmap's words follow the language."""
    from mystory.core.language import ENGLISH, use_language

    use_language("cy")
    try:
        assert schedule.slot_name("mon-18") == "Dydd Llun 6yp i 9yp"
        verdict = schedule.review({"online": ["tue-06"], "slots": ["mon-06"]}, CROWD)
        assert verdict.problems[0] == "Dewiswch dri amser i bostio. Rydych chi wedi dewis 1."
        page = heatmap_html(CROWD)
        assert "Dydd Sadwrn" in page and "Prysuraf" in page and "Saturday" not in page
        assert "Yr amser" in page or "Yr amseroedd" in page
    finally:
        use_language(ENGLISH)
    assert schedule.slot_name("mon-18") == "Monday 6pm to 9pm"
