"""The learner's side of the exchange: get a module, hand it in and read feedback from the home."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mystory import facilitator as fac
from mystory.course import show_home
from mystory.facilitator.feedback_page import write_feedback
from mystory.facilitator.grader import grade
from mystory.hosting import exchange
from mystory.pages.handin import HandInHome
from tests.conftest import copy_course, handin_key

pytestmark = pytest.mark.nbgrader  # nbgrader round trips: `make test`, not `make check`

MODULE = "00-welcome"


@pytest.fixture
def hub(tmp_path, monkeypatch):
    """A course with Module 1 released, and a learner's empty home folder on the same 'hub'."""
    course = copy_course(tmp_path / "course")
    root = tmp_path / "exchange"
    root.mkdir()
    fac.release(course, MODULE, root)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("MYSTORY_EXCHANGE", str(root))
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    monkeypatch.setenv("MYSTORY_HANDIN_KEY", handin_key(root, "ada"))  # what the hub gives
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))  # nbgrader's hand-in cache
    return course, root, home


def card(home: Path, module: str = MODULE):
    return next(c for c in HandInHome(home).cards if c.spec.folder == module)


def labels(c) -> list[str]:
    return [b.description for b in c.actions.children]


def test_released_module_can_be_got_and_others_are_not_open(hub):
    course, root, home = hub
    assert labels(card(home)) == ["Get Module 1"]
    later = card(home, "01-your-story")
    assert labels(later) == [] and "Not open yet" in later.card.value
    first = card(home)
    first.get.click()
    assert (home / MODULE / "welcome.ipynb").is_file()
    assert "is ready" in first.status.value and labels(first) == ["Hand in Module 1"]
    assert 'href="00-welcome/welcome.ipynb"' in first.card.value


def test_hand_in_grade_and_feedback_round_trip(hub):
    course, root, home = hub
    card(home).get.click()
    answers = home / MODULE / "welcome.answers.json"
    answers.write_text(json.dumps({"schema": 2, "module": MODULE, "answers": {
        "welcome-name": "Ada <script>alert(1)</script>"}}))
    c = card(home)
    c.hand_in.click()
    assert "Handed in at" in c.status.value, c.status.value
    assert labels(c) == ["Hand in Module 1", "Get feedback on Module 1"]
    c.feedback.click()
    assert "no feedback yet" in c.status.value

    fac.collect(course, MODULE, root)
    assert (course / "submitted" / "ada" / MODULE / "welcome.answers.json").is_file()
    [result] = grade(course, [MODULE], jobs=1)
    assert result.status == "graded", result.message
    write_feedback(course, [MODULE])
    fac.release_feedback(course, MODULE, root)

    c = card(home)
    c.feedback.click()
    assert "feedback is here" in c.status.value
    [page] = exchange.feedback_pages(home, MODULE)
    assert "<script>alert(1)</script>" not in page.path.read_text()
    assert f'href="../../files/{MODULE}/feedback/' in c.card.value
    assert "Read your feedback" in c.card.value


def test_exchange_problems_are_said_kindly_and_lose_nothing(hub, tmp_path, monkeypatch):
    course, root, home = hub
    card(home).get.click()
    answers = home / MODULE / "welcome.answers.json"
    answers.write_text('{"schema": 2, "module": "00-welcome", "answers": {"welcome-name": "A"}}')
    before = answers.read_bytes()
    monkeypatch.setenv("MYSTORY_EXCHANGE", str(tmp_path / "gone"))
    c = card(home)
    c.hand_in.click()
    assert "did not work this time" in c.status.value
    assert "Your answers are safe" in c.status.value
    assert str(tmp_path) not in c.status.value  # no folder names for learners
    assert answers.read_bytes() == before
    assert not any(b.disabled for b in c.actions.children)


def test_getting_twice_keeps_the_learners_answers(hub):
    course, root, home = hub
    first = card(home)
    first.get.click()
    answers = home / MODULE / "welcome.answers.json"
    answers.write_text('{"schema": 2, "module": "00-welcome", "answers": {"welcome-name": "A"}}')
    before = answers.read_bytes()
    first._step("get")  # a double tap on a slow phone
    assert "did not work" in first.status.value
    assert "You already have this module" in first.status.value
    assert answers.read_bytes() == before


def test_without_an_exchange_the_home_is_plain_links(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("MYSTORY_EXCHANGE", raising=False)
    assert exchange.exchange_root() is None
    assert not exchange.is_released(MODULE)
    with pytest.raises(exchange.ExchangeProblem, match="not set up"):
        exchange.submit(tmp_path, MODULE)
    show_home(tmp_path)  # no buttons, no exchange calls
    assert "HTML" in capsys.readouterr().out


def test_learner_id_is_the_hub_name(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "tenant-7")
    assert exchange.learner_id() == "tenant-7"
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert exchange.learner_id()  # the Unix name


def test_exchange_refusals_speak_welsh() -> None:
    """nbgrader's refusals, said plainly, in the learner's language."""
    from mystory.core.language import ENGLISH, use_language

    assert exchange.plain("Permission denied") == \
        "The course's shared folder would not let you do that."
    use_language("cy")
    try:
        assert exchange.plain("Permission denied") == \
            "Wnaeth ffolder a rennir y cwrs ddim gadael i chi wneud hynny."
        assert exchange.plain("???") == "Wnaeth ffolder a rennir y cwrs ddim ateb."
    finally:
        use_language(ENGLISH)
