"""Grading helpers: silent on the learner's page, strict under nbgrader."""

from __future__ import annotations

from pathlib import Path

import pytest

from mystory.core.store import AnswerStore
from mystory.grading import check, show_written


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def save(folder: Path, **answers: object) -> None:
    AnswerStore(folder / "welcome.answers.json").save_many(
        {k.replace("_", "-"): v for k, v in answers.items()})


def test_checks_do_nothing_on_the_learners_page(here: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    save(here, welcome_trust="advert", welcome_care_about="I love my garden")
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    check("welcome", "welcome-trust").correct()  # a wrong answer, and still no error
    check("welcome", "welcome-name").answered()  # no answer, and still no error
    show_written("welcome", "welcome-care-about")
    assert capsys.readouterr().out == ""  # the learner's words are already on their page
    monkeypatch.setenv("NBGRADER_EXECUTION", "solutions")  # the same calls, while grading
    with pytest.raises(AssertionError, match="not the best answer"):
        check("welcome", "welcome-trust").correct()
    with pytest.raises(AssertionError, match="no answer was saved"):
        check("welcome", "welcome-name").answered()


@pytest.mark.parametrize("mode", ["autograde", "validate"])
def test_checks_fail_without_answers_under_nbgrader(here: Path, mode: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    with pytest.raises(AssertionError, match="No answer file was handed in"):
        check("welcome", "welcome-trust").answered()


def test_checks_judge_answers(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    save(here, welcome_trust="advert", welcome_human_posts=["coffee-morning", "stakeholders"])
    check("welcome", "welcome-trust").answered()
    with pytest.raises(AssertionError, match="not the best answer"):
        check("welcome", "welcome-trust").correct()
    with pytest.raises(AssertionError, match="does not fit"):
        check("welcome", "welcome-human-posts").excludes("stakeholders")
    save(here, welcome_trust="people-like-me",
         welcome_human_posts=["garden-question", "coffee-morning"])
    check("welcome", "welcome-trust").correct()
    check("welcome", "welcome-human-posts").correct()
    check("welcome", "welcome-human-posts").includes("coffee-morning", "garden-question")


def test_bad_values_fail_with_a_clear_message(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    save(here, welcome_trust="__import__('os').system('x')", welcome_name=["not", "text"])
    with pytest.raises(AssertionError, match="not one of the choices"):
        check("welcome", "welcome-trust").answered()
    with pytest.raises(AssertionError, match="should be text"):
        check("welcome", "welcome-name").answered()
    (here / "welcome.answers.json").write_text("{corrupt")
    with pytest.raises(AssertionError, match="could not be read"):
        check("welcome", "welcome-name").answered()
    assert (here / "welcome.answers.json").read_text() == "{corrupt"


def test_show_written_prints_plain_text(here: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    show_written("welcome", "welcome-care-about")
    assert "No answer file" in capsys.readouterr().out
    save(here, welcome_care_about="<b>I love my garden</b>")
    show_written("welcome", "welcome-care-about")
    assert "<b>I love my garden</b>" in capsys.readouterr().out


def test_checks_speak_the_organisations_language(here: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A check's reason is quoted on the feedback page, which is in the organisation's language."""
    from mystory.core import content, language
    from mystory.core.datafiles import data_file
    from mystory.core.language import ENGLISH, use_language

    def clear_caches() -> None:
        for cached in (content.module, content.course, language.overlay, language.catalogue):
            cached.cache_clear()

    org = here / "content"
    org.mkdir()
    english = data_file("organisation.yaml")
    (org / "organisation.yaml").write_text(english.replace("\nlanguage: en\n", "\nlanguage: cy\n"))
    monkeypatch.setenv("MYSTORY_CONTENT_DIR", str(org))
    clear_caches()
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    save(here, welcome_trust="advert")
    try:
        with pytest.raises(AssertionError, match="nid hwn yw'r ateb gorau"):
            check("welcome", "welcome-trust").correct()
        with pytest.raises(AssertionError, match="ni chafodd ateb ei gadw"):
            check("welcome", "welcome-name").answered()
    finally:
        monkeypatch.delenv("MYSTORY_CONTENT_DIR")
        clear_caches()
        use_language(ENGLISH)
