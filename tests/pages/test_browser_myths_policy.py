"""Modules 4 and 5 in Chromium, as a learner: then nbgrader marks the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from mystory.core import content
from tests.browser import served_workspace
from tests.conftest import ROOT, grade_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts"
MYTHS = content.module("03-posting-myths")
POLICY = content.module("04-your-policy")


@pytest.fixture(scope="module")
def learner(root: Path, tmp_path_factory: pytest.TempPathFactory):
    ARTIFACTS.mkdir(exist_ok=True)
    with served_workspace(root, tmp_path_factory.mktemp("myths-policy")) as site:
        yield site


def test_myths_module(browser, learner) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 667})
    page.set_default_timeout(120_000)  # a cap for a busy machine, not a wait
    page.goto(learner["base"] + "/voila/render/03-posting-myths/posting-myths.ipynb")
    page.wait_for_selector(".mystory-grid button", timeout=60_000)
    piles = dict(MYTHS.exercises["myths-sort"].piles)
    for n, item in enumerate(MYTHS.exercises["myths-sort"].items):
        pile = piles[item.answer if item.keyed else "post"]
        page.locator(".mystory-sort-choice").nth(n).get_by_label(pile, exact=True).check()
    grids = page.locator(".mystory-grid")
    for name in ("Tuesday 9pm to midnight", "Saturday 9am to 12 noon", "Sunday 6pm to 9pm"):
        grids.nth(0).get_by_role("button", name=name).click()
    # First the busiest time (advice, never marks), then another time in its place.
    for name in ("Monday 6pm to 9pm", "Tuesday 9pm to midnight", "Saturday 9am to 12 noon"):
        grids.nth(1).get_by_role("button", name=name).click()
    page.get_by_text("is the busiest time", exact=False).wait_for(timeout=60_000)
    # A fourth time is refused with a message, and untapping one clears it (issue 15, item 8).
    thursday = grids.nth(1).get_by_role("button", name="Thursday 6am to 9am")
    thursday.click()
    untap = page.get_by_text("Untap one first")
    untap.wait_for(timeout=60_000)
    page.wait_for_function("() => { const b = [...document.querySelectorAll('.mystory-grid')][1]"
                           ".querySelector('[aria-label=\"Thursday 6am to 9am\"]');"
                           " return b && b.getAttribute('aria-pressed') === 'false'; }",
                           timeout=60_000)
    grids.nth(1).get_by_role("button", name="Monday 6pm to 9pm").click()
    untap.wait_for(state="detached", timeout=60_000)
    thursday.click()
    page.get_by_text("★ These times get the marks", exact=False).wait_for(timeout=60_000)
    assert "The busiest times are" in page.locator(".mystory-chart img").get_attribute("alt")
    assert grids.nth(0).get_by_role("button", name="Monday 3pm to 6pm").inner_text() == "3pm"
    assert "★ Busiest" in page.locator("ul.mystory-key").inner_text()  # the heatmap's key
    assert "how many people in 100" in page.locator("details .mystory-key").text_content()
    assert page.get_by_role("button", name="Thursday 6am to 9am").nth(1).get_attribute(
        "aria-pressed") == "true"
    page.wait_for_function(
        "document.querySelectorAll('.mystory-exercise .mystory-saved').length >= 2",
        timeout=60_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(ARTIFACTS / "posting-myths-375.png"), full_page=True)
    page.close()
    _course, score = grade_workspace(learner["workspace"], learner["tmp"], "03-posting-myths")
    assert score.auto == score.max == 5


def test_policy_module(browser, learner) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 667}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(120_000)  # a cap for a busy machine, not a wait
    page.goto(learner["base"] + "/voila/render/04-your-policy/your-policy.ipynb")
    page.wait_for_selector(".mystory-stepper", timeout=60_000)
    piles = dict(POLICY.exercises["policy-tips"].piles)
    tips = POLICY.exercises["policy-tips"].items
    for n, item in enumerate(tips):
        if n == 4:  # the learner leaves after four tips and comes back: tip 5 is shown
            page.wait_for_function(
                "document.querySelectorAll('.mystory-sort-item .mystory-why').length >= 4",
                timeout=60_000)
            page.reload()
            page.locator(".mystory-step").get_by_text("5 of 10").wait_for(timeout=60_000)
        card = page.locator(".mystory-sort-item").nth(n)
        card.wait_for(state="visible", timeout=60_000)
        card.get_by_label(piles[item.answer if item.keyed else "post"], exact=True).check()
        if n < 9 and n != 3:
            page.get_by_role("button", name="Next").click()
    assert "If you wouldn't say it out loud in the café" in page.locator(
        ".mystory-org-rule").inner_text()
    fields = {
        "Something you want to be known for": "Community gardening",
        "Your follow-back rule": "I follow back neighbours",
        "How you mix personal and work": "My garden yes, my family no. <b>Never</b> tenants.",
        "Your own rule": "I never post when I'm angry",
        "Another rule of your own": "I always credit my sources 🌱 مرحبا بالعالم",
    }
    for label, text in fields.items():
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name="Make my policy page").click()
    page.locator(".mystory-policy").wait_for(timeout=60_000)
    assert "<b>Never</b> tenants." in page.locator(".mystory-policy").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a PDF").click()
    pdf = learner["tmp"] / "policy.pdf"
    download.value.save_as(pdf)
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Community gardening" in text and "I always credit my sources 🌱" in text
    with page.expect_download() as text_download:
        page.get_by_role("link", name="Download as plain text (.txt)").click()
    plain = learner["tmp"] / "policy.txt"
    text_download.value.save_as(plain)
    lines = plain.read_text(encoding="utf-8").splitlines()
    for typed in fields.values():  # exactly as typed: HTML-looking text, emoji, Arabic
        assert f"- {typed}" in lines
    with page.expect_download() as md_download:
        page.get_by_role("link", name="Download as Markdown (.md), for a web page").click()
    markdown = learner["tmp"] / "policy.md"
    md_download.value.save_as(markdown)
    assert "I never post when I'm angry" in markdown.read_text()
    page.wait_for_function(
        "document.querySelectorAll('.mystory-exercise .mystory-saved').length >= 6",
        timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "your-policy-375.png"), full_page=True)
    # The optional "(if you like)" boxes are blank, and the module is done (issue 15, item 3).
    page.goto(learner["base"] + "/")
    card = page.locator('.mystory-card[data-module="04-your-policy"]')
    card.wait_for(timeout=60_000)
    assert card.locator(".mystory-state").inner_text() == "Done"
    assert card.get_by_role("link").inner_text().startswith("Look again")
    context.close()
    _course, score = grade_workspace(learner["workspace"], learner["tmp"], "04-your-policy")
    assert score.auto == 4 and score.max == 8 and score.manual_pending
