"""Pages in the learner's language; answers the same in every language, so grading is too."""

from __future__ import annotations

from pathlib import Path

import pytest

from mystory.core import content
from mystory.core.checks import check
from mystory.core.language import ENGLISH, save_language, use_language
from mystory.core.store import AnswerStore, read_answers
from mystory.course import open_module
from mystory.pages import widgets


@pytest.fixture(autouse=True)
def english_after() -> object:
    yield
    use_language(ENGLISH)


def answer_module_0(folder: Path, language: str) -> None:
    """Answer Module 1 through its widgets, as a learner reading `language` does: by the words
    on screen (which differ), picking the same choices."""
    use_language(language)
    spec = content.module("00-welcome", language)
    store = AnswerStore(folder / "welcome.answers.json", module="00-welcome")
    shown = {ex_id: widgets.make(ex, store) for ex_id, ex in spec.exercises.items()}
    shown["welcome-name"].input.value = "Sam"
    shown["welcome-name"]._debounce.flush()
    trust = shown["welcome-trust"].input
    trust.value = dict(trust.options)[spec.exercises["welcome-trust"].option("advert").text]
    human = shown["welcome-human-posts"]
    human.boxes["coffee-morning"].value = True  # one of the two: partly right
    shown["welcome-care-about"].input.value = "Dw i'n hoffi garddio." if language == "cy" \
        else "I like gardening."
    shown["welcome-care-about"]._debounce.flush()
    shown["welcome-confidence"].input.value = "new"
    status = shown["welcome-trust"].status.value
    assert ("Wedi cadw" if language == "cy" else "Saved") in status
    if language == "cy":
        assert "Da hyd yn hyn. Oes un arall?" in human.feedback.value


def outcomes(folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """What nbgrader's test cells of Module 1 would record: pass, or the failure's message."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.chdir(folder)
    found = {}
    for test in (lambda: check("welcome", "welcome-trust").correct(),
                 lambda: check("welcome", "welcome-human-posts").includes("coffee-morning",
                                                                          "garden-question")):
        try:
            test()
            found[str(len(found))] = "pass"
        except AssertionError as err:
            found[str(len(found))] = str(err)
    return found


def test_a_welsh_learner_is_graded_exactly_as_an_english_learner(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "cy").mkdir()
    answer_module_0(tmp_path / "en", "en")
    answer_module_0(tmp_path / "cy", "cy")
    english = read_answers(tmp_path / "en" / "welcome.answers.json")
    welsh = read_answers(tmp_path / "cy" / "welcome.answers.json")
    # The same ids; only the learner's own words differ.
    assert {k: v for k, v in welsh.items() if k != "welcome-care-about"} == \
        {k: v for k, v in english.items() if k != "welcome-care-about"}
    assert welsh["welcome-trust"] == "advert"
    assert outcomes(tmp_path / "cy", monkeypatch) == outcomes(tmp_path / "en", monkeypatch)
    # ...failures named in the facilitator's language (the organisation's: English).
    assert '"Who do most people trust more?": this is not the best answer.' in \
        outcomes(tmp_path / "cy", monkeypatch).values()


def test_a_module_page_opens_in_the_learners_language(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    shown: list[object] = []
    monkeypatch.setattr("mystory.pages.page.display", lambda *things: shown.extend(things))
    module = tmp_path / "00-welcome"
    module.mkdir()
    save_language(tmp_path, "cy")
    page = open_module("00-welcome", module)
    assert page.spec.title == "Croeso: pam mae eich stori'n bwysig"
    html = "".join(getattr(x, "data", "") or getattr(x, "value", "") for x in shown)
    assert 'data-lang="cy"' in html and "Hafan y cwrs" in html
    page.progress_note()
    assert "Dydych chi ddim wedi ateb dim byd eto." in page._note.value  # type: ignore[union-attr]


def test_the_facilitator_reads_the_organisations_language(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Under nbgrader (formgrader, feedback) the page shows answers in the facilitator's
    language, whatever the learner chose."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.setattr("mystory.pages.page.display", lambda *things: None)
    module = tmp_path / "00-welcome"
    module.mkdir()
    save_language(tmp_path, "cy")
    page = open_module("00-welcome", module)
    assert page.spec.title == "Welcome: why your story matters"
