"""A Welsh learner in a real browser: chooses Cymraeg on the course home, completes Module 1
(00-welcome) in Welsh, and is graded exactly as an English learner; both pages pass axe.

The server preheats each page in English before the learner chooses (Voila's pool), so this
also checks that a page built before the choice is shown in the language chosen since.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from tests.browser import served_workspace
from tests.conftest import ROOT, grade_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts"
AXE = resources.files("axe_playwright_python") / "axe.min.js"
PHONE = {"width": 375, "height": 667}
STORY = "Dw i'n trwsio boeleri a dw i wrth fy modd gyda fy rhandir."


@pytest.fixture(scope="module")
def welsh(root: Path, tmp_path_factory: pytest.TempPathFactory):
    with served_workspace(root, tmp_path_factory.mktemp("welsh")) as site:
        yield site


PHONE_CHECKS = (ROOT / "tests" / "phone_checks.js").read_text()


def phone_problems(page) -> dict:
    """What tests/pages/test_accessibility.py checks on a phone, for the longer Welsh words."""
    found = page.evaluate(PHONE_CHECKS)
    return {k: v for k, v in {"scroll": found["scroll"] > PHONE["width"],
                              "small": found["small"], "tiny": found["tiny"],
                              "unnamed": found["unnamed"]}.items() if v}


def serious_axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


def test_welsh_learner_completes_module_0(browser, welsh) -> None:
    base, workspace = welsh["base"], welsh["workspace"]
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE)
    page.set_default_timeout(120_000)  # a cap for a busy machine, not a wait

    page.goto(base + "/")
    page.locator('.mystory-card[data-module="00-welcome"]').wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("link", name="Cymraeg").click()

    # The home, in Welsh: its prose, its cards and <html lang>; the choice is remembered.
    card = page.locator('.mystory-card[data-module="00-welcome"]')
    card.wait_for()
    page.wait_for_function("document.documentElement.lang === 'cy'")
    assert page.get_by_role("heading", name="#MyStory: cyfryngau cymdeithasol y ffordd ddynol") \
        .is_visible()
    assert card.locator(".mystory-state").inner_text() == "Heb ddechrau"
    assert json.loads((workspace / "mystory-settings.json").read_text()) == {"language": "cy"}
    assert page.title() == "Hafan y cwrs · cwrs #MyStory"
    page.wait_for_function("document.querySelectorAll('.jupyter-widgets').length > 0")
    assert not serious_axe_violations(page)
    assert not phone_problems(page)
    page.screenshot(path=str(ARTIFACTS / "home-cy-375.png"), full_page=True)

    # Module 1, preheated in English before the choice, shows in Welsh.
    card.get_by_role("link").click()
    page.wait_for_selector(".mystory-exercise input")
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert page.get_by_role("heading", name="Croeso: pam mae eich stori'n bwysig").is_visible()
    assert page.get_by_text("Welcome: why your story matters").count() == 0
    page.get_by_label("Eich enw cyntaf, neu'r enw mae pobl yn ei ddefnyddio i chi").fill("Sam")
    page.get_by_label("Rhywun tebyg iddyn nhw, yn rhannu beth ddigwyddodd go iawn").check()
    page.get_by_label("Braf gweld cymaint ohonoch chi yn y bore coffi heddiw").check()
    page.get_by_label("Mae angen enw ar ein gardd gymunedol").check()
    page.get_by_label("Pwy ydych chi, a beth sy'n bwysig i chi, yn y gwaith a thu allan iddo?") \
        .fill(STORY)
    page.get_by_label("Dw i'n ei ddefnyddio ychydig").check()
    page.wait_for_function("[...document.querySelectorAll('.mystory-saved')]"
                           ".filter(e => e.textContent.includes('Wedi cadw')).length >= 5")
    assert page.get_by_text("Ie. Mae pobl yn ymddiried mewn pobl debyg").is_visible()
    assert page.get_by_text("Da iawn: rydych chi wedi dod o hyd iddyn nhw i gyd.").is_visible()
    assert page.get_by_text("Rydych chi wedi ateb popeth sydd ei angen").is_visible()
    assert not serious_axe_violations(page)
    assert not phone_problems(page)
    page.screenshot(path=str(ARTIFACTS / "welcome-cy-375.png"), full_page=True)

    # Back to English: the pool's next page of Module 1 was built in Welsh, and shows English.
    page.get_by_role("link", name="Hafan y cwrs", exact=True).click()
    page.get_by_role("link", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    page.locator('.mystory-card[data-module="00-welcome"]').get_by_role("link").click()
    page.get_by_label("Your first name, or the name people know you by").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_by_role("heading", name="Welcome: why your story matters").is_visible()
    assert page.get_by_role("heading", name="Croeso: pam mae eich stori'n bwysig").count() == 0
    page.close()

    # Answers are ids and the learner's own words: nothing in them is Welsh but the story.
    saved = json.loads((workspace / "00-welcome" / "welcome.answers.json").read_text())
    answers = {k: v["value"] for k, v in saved["answers"].items()}
    assert answers == {"welcome-name": "Sam", "welcome-trust": "people-like-me",
                       "welcome-human-posts": ["coffee-morning", "garden-question"],
                       "welcome-care-about": STORY, "welcome-confidence": "some"}


def test_welsh_workspace_grades_as_english(welsh) -> None:
    """The same score as the English learner's journey (tests/pages/test_browser.py): 3."""
    workspace, tmp = welsh["workspace"], welsh["tmp"]
    if not (workspace / "00-welcome" / "welcome.answers.json").exists():
        pytest.skip("the browser journey did not run")
    _course, score = grade_workspace(workspace, tmp / "grading", "00-welcome")
    assert score.auto == 3 and score.manual_pending


def test_a_welsh_page_reads_aloud_in_welsh(browser, welsh) -> None:
    """Read aloud on a Welsh learner's page: the control's words are Welsh, it speaks the
    section's Welsh words as on screen with lang "cy", and Stop stops it."""
    from mystory.core.language import markdown_html, prose, translate
    from mystory.core.readaloud import WORDS
    from tests.browser import SPEECH_SPY, html_words

    settings = welsh["workspace"] / "mystory-settings.json"
    settings.write_text('{"language": "cy"}')
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(SPEECH_SPY)
    page = context.new_page()
    page.set_default_timeout(120_000)  # a cap for a busy machine, not a wait
    try:
        page.goto(welsh["base"] + "/voila/render/00-welcome/welcome.ipynb")
        page.wait_for_function("document.documentElement.lang === 'cy'")
        cell = page.locator('[id="cell-id=welcome-intro"] .jp-RenderedMarkdown')
        bar = cell.locator(":scope > .mystory-readaloud")
        bar.get_by_role("button", name=translate(WORDS["read"], "cy"), exact=True).click()
        page.wait_for_function("window.__speech.spoken.length > 0")
        said = page.evaluate("window.__speech.spoken")
        cancels = page.evaluate("window.__speech.cancels")
        bar.get_by_role("button", name=translate(WORDS["stop"], "cy"), exact=True).click()
        page.wait_for_function(f"window.__speech.cancels > {cancels}")
    finally:
        context.close()
        settings.write_text('{"language": "en"}')
    welsh_intro = prose("modules/00-welcome.yaml", "cy")["welcome-intro"]
    assert " ".join(u["text"] for u in said) == html_words(markdown_html(welsh_intro))
    assert {u["lang"] for u in said} == {"cy"}
    assert translate(WORDS["read"], "cy") != WORDS["read"]
