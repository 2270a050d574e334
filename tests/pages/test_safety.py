"""Module 6, "Staying safe and kind online": plain English, the drawn privacy steps, the one-page
safety check and its downloads, and its marks through nbgrader."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from mystory import facilitator as fac
from mystory.core import content
from mystory.core.datafiles import ContentError
from mystory.core.safety import SafetyCheck, privacy_steps, steps_html
from mystory.core.store import AnswerStore, read_answers
from mystory.pages.safety import SafetyCheckPage
from tests import plain
from tests.conftest import ROOT, grade_submissions
from tests.downloads import ARABIC, EMOJI, need_fonts, no_missing_glyphs, pdf_text

MODULE, NB = "05-staying-safe", "staying-safe"
SAFE = content.module(MODULE)
MODEL = dict(read_answers(ROOT / "solutions" / MODULE / f"{NB}.answers.json"))
PLATFORMS = ("facebook", "whatsapp", "instagram", "x")
AUTO, MANUAL = 9, 2


def all_words() -> str:
    """Everything a learner reads in the module: its prose, the steps and the safety check."""
    steps = [s.say for p in PLATFORMS for s in privacy_steps(MODULE, p)[1]]
    check = SAFE.texts["safety_check"]
    return "\n".join([plain.module_prose(ROOT / "course", SAFE), *steps, *check["rules"]])


def test_the_module_is_the_last_and_reads_at_80_or_more() -> None:
    assert content.course()[-1].folder == MODULE  # cohorts under way keep their module names
    words = all_words()
    assert plain.reading_ease(words) >= 80, plain.reading_ease(words)
    assert not plain.jargon_in(words)


def test_every_step_picture_has_its_words_and_alt_text() -> None:
    for platform in PLATFORMS:
        markup = steps_html(MODULE, platform)
        name, steps = privacy_steps(MODULE, platform)
        images = re.findall(r"<img [^>]*>", markup)
        assert len(images) == len(steps) >= 3, platform
        for image, step in zip(images, steps, strict=True):
            alt = re.search(r'alt="([^"]*)"', image)
            assert alt and alt.group(1).strip() and alt.group(1).startswith("A drawing of")
            assert step.tap in alt.group(1) or step.tap.lower() in alt.group(1).lower()
            svg = base64.b64decode(image.split("base64,")[1].split('"')[0]).decode()
            assert svg.startswith("<svg") and "<image" not in svg  # drawn, never a screenshot
        assert markup.count("<figcaption>") == len(steps)


def test_a_step_without_alt_text_is_named(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = (Path(content.__file__).parent.parent / "data" / "modules" / f"{MODULE}.yaml")
    text = shipped.read_text().replace(
        '          alt: "A drawing of the menu. The row that says Account privacy is circled."\n',
        "")
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / f"{MODULE}.yaml").write_text(text)
    monkeypatch.setenv("MYSTORY_CONTENT_DIR", str(tmp_path))
    content.module.cache_clear()
    try:
        with pytest.raises(ContentError, match="instagram, step 3: 'alt' is missing"):
            steps_html(MODULE, "instagram")
    finally:
        content.module.cache_clear()


def test_the_scenarios_say_why_after_each_answer() -> None:
    for ex_id in ("safe-check-sort", "safe-staff-sort"):
        ex = SAFE.exercises[ex_id]
        assert ex.steps and all(i.why and i.source and i.keyed for i in ex.items)
    for ex in SAFE.exercises.values():
        if ex.graded == "auto" and ex.options:
            assert all(o.why for o in ex.options), ex.id
    assert "You play a member of staff" in SAFE.exercises["safe-staff-sort"].label


def test_no_author_the_seed_does_not_name() -> None:
    """Seed 002 names its author only as a Bromford practitioner (issue 18, part 3)."""
    source = (ROOT / "course" / "source" / MODULE / f"{NB}.ipynb").read_text()
    data = (Path(content.__file__).parent.parent / "data" / "modules" / f"{MODULE}.yaml")
    assert "Paul Taylor" not in source and "Paul Taylor" not in data.read_text()


TRICKY = {"safe-tell": f"My sister <b>Amina</b> {EMOJI}",
          "safe-switch-off": f"After 9pm {' '.join(ARABIC)}"}


def test_safety_check_text_holds_the_learners_words_exactly(tmp_path: Path) -> None:
    answers = dict(MODEL, **TRICKY, **{"safe-checklist": ["settings", "break"]})
    check = SafetyCheck.from_answers(answers, "Sam 🌱")
    lines = check.text().splitlines()
    assert lines[0] == "Sam 🌱's safety check"
    for typed in TRICKY.values():
        assert f"- {typed}" in lines
    done = lines.index("I have done this, or I will do it")
    assert lines[done + 1:done + 3] == ["- I have looked at my privacy settings",
                                        "- I take a break from my phone"]
    assert "- I know how to mute, block and report" in lines[lines.index("Still to think about"):]
    store = AnswerStore(tmp_path / f"{NB}.answers.json")
    store.save_many(answers)
    page = SafetyCheckPage(store, lambda: "Sam 🌱")
    page.button.click()
    assert "&lt;b&gt;Amina&lt;/b&gt;" in page.view.value and "<b>Amina" not in page.view.value
    link = re.search(r'download="my-safety-check.txt" href="data:text/plain;charset=utf-8;'
                     r'base64,([^"]+)"', page.view.value)
    assert link and base64.b64decode(link.group(1)).decode() == check.text()
    assert 'download="my-safety-check.pdf"' in page.view.value


def test_an_empty_safety_check_still_downloads_and_says_what_is_missing(tmp_path: Path) -> None:
    page = SafetyCheckPage(AnswerStore(tmp_path / f"{NB}.answers.json"))
    assert page.button.description == "Make my safety check"
    page.button.click()
    assert "Some parts are not written yet" in page.view.value
    assert "(not written yet)" in page.view.value and "My safety check" in page.view.value


def test_safety_check_pdf_is_one_page_and_keeps_every_word(
        caplog: pytest.LogCaptureFixture) -> None:
    need_fonts()
    with no_missing_glyphs(caplog):
        pdf = SafetyCheck.from_answers(dict(MODEL, **TRICKY), "Sam").pdf()
    import io

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = " ".join(pdf_text(pdf).split())
    for words in ("Sam's safety check", "My sister <b>Amina</b>", EMOJI,
                  "Five things to remember", "Mute, block and report."):
        assert words in text


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("safety")
    file = f"{NB}.answers.json"
    wrong = dict(MODEL, **{"safe-bio-pick": "address", "safe-never-share": ["address", "bank"]})
    path = tmp / "wrong.json"
    AnswerStore(path).save_many(wrong)
    learners = {"untouched": {}, "model": {file: (ROOT / "solutions" / MODULE / file).read_bytes()},
                "wrong": {file: path.read_bytes()}}
    return grade_submissions(tmp, MODULE, learners)


@pytest.mark.nbgrader
def test_untouched_zero_and_model_answers_full_marks(course: Path) -> None:
    untouched = fac.score(course, MODULE, "untouched")
    assert untouched.auto == 0 and untouched.max == AUTO + MANUAL
    assert fac.score(course, MODULE, "model").auto == AUTO
    fac.set_manual_score(course, MODULE, "model", "safe-reflection-rubric", MANUAL)
    model = fac.score(course, MODULE, "model")
    assert model.total == model.max == AUTO + MANUAL
    assert fac.score(course, MODULE, "wrong").auto == AUTO - 2  # two wrong picks, one each


@pytest.mark.nbgrader
def test_formgrader_sees_the_reflection_beside_its_rubric(course: Path) -> None:
    import nbformat

    nb = nbformat.read(course / "autograded" / "model" / MODULE / f"{NB}.ipynb", as_version=4)
    cells = {c.get("id"): c for c in nb.cells}
    shown = "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "")
                    for o in cells["safe-reflection-answer"].outputs)
    assert "Private account on Instagram" in shown
    assert "How your answer is marked (2 points)" in cells["safe-reflection-rubric"].source


def test_a_welsh_learners_safety_check_and_steps_are_in_welsh() -> None:
    """The module's own words (the safety check's headings, the privacy steps) follow the
    learner's language, as its questions do."""
    import html

    from mystory.core.language import ENGLISH, use_language

    welsh = content.module(MODULE, "cy").texts
    try:
        use_language("cy")
        check = SafetyCheck.from_answers({})
        steps = html.unescape(steps_html(MODULE, "facebook"))
    finally:
        use_language(ENGLISH)
    assert check.title == welsh["safety_check"]["title"] != "My safety check"
    first = welsh["privacy_steps"]["facebook"]["steps"][0]
    assert first["say"] != "Open the app. Tap Menu. It is your picture or three lines."
    assert first["say"] in steps
