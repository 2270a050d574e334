"""Modules 3 and 4 in Chromium, as a learner: then nbgrader marks the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from mystory.core import content
from mystory.facilitator.build import copy_workspace
from tests.browser import serve
from tests.conftest import grade_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
MYTHS = content.module("03-posting-myths")
POLICY = content.module("04-your-policy")


@pytest.fixture(scope="module")
def learner(root: Path, tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("myths-policy")
    workspace = tmp / "workspace"
    copy_workspace(root / "exercises", workspace)
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(workspace, root) as base:
        yield {"base": base, "workspace": workspace, "tmp": tmp}


def test_myths_module(browser, learner) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 667})
    page.goto(learner["base"] + "/voila/render/03-posting-myths/posting-myths.ipynb")
    page.wait_for_selector(".mystory-grid button", timeout=60_000)
    piles = dict(MYTHS.exercises["myths-sort"].piles)
    for n, item in enumerate(MYTHS.exercises["myths-sort"].items):
        page.locator(".mystory-sort-choice").nth(n).get_by_label(piles[item.answer if item.keyed else "post"],
                                                                 exact=True).check()
    grids = page.locator(".mystory-grid")
    for name in ("Tuesday 21–24", "Saturday 9–12", "Sunday 18–21"):
        grids.nth(0).get_by_role("button", name=name).click()
    # First the busiest time (advice, never marks), then another time in its place.
    for name in ("Monday 18–21", "Tuesday 21–24", "Saturday 9–12"):
        grids.nth(1).get_by_role("button", name=name).click()
    page.get_by_text("is the busiest time", exact=False).wait_for(timeout=10_000)
    grids.nth(1).get_by_role("button", name="Monday 18–21").click()
    grids.nth(1).get_by_role("button", name="Thursday 6–9").click()
    page.get_by_text("★ These times get the marks", exact=False).wait_for(timeout=10_000)
    assert "The busiest times are" in page.locator(".mystory-chart img").get_attribute("alt")
    assert page.get_by_role("button", name="Thursday 6–9").nth(1).get_attribute(
        "aria-pressed") == "true"
    page.wait_for_function(
        "document.querySelectorAll('.mystory-exercise .mystory-saved').length >= 2",
        timeout=20_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(ARTIFACTS / "posting-myths-375.png"), full_page=True)
    page.close()
    _course, score = grade_workspace(learner["workspace"], learner["tmp"], "03-posting-myths")
    assert score.auto == score.max == 5


def test_policy_module(browser, learner) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 667}, accept_downloads=True)
    page = context.new_page()
    page.goto(learner["base"] + "/voila/render/04-your-policy/your-policy.ipynb")
    page.wait_for_selector(".mystory-stepper", timeout=60_000)
    piles = dict(POLICY.exercises["policy-tips"].piles)
    for n, item in enumerate(POLICY.exercises["policy-tips"].items):
        card = page.locator(".mystory-sort-item").nth(n)
        card.wait_for(state="visible", timeout=10_000)
        card.get_by_label(piles[item.answer if item.keyed else "post"], exact=True).check()
        if n < 9:
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
    page.locator(".mystory-policy").wait_for(timeout=20_000)
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
        timeout=20_000)
    page.screenshot(path=str(ARTIFACTS / "your-policy-375.png"), full_page=True)
    context.close()
    _course, score = grade_workspace(learner["workspace"], learner["tmp"], "04-your-policy")
    assert score.auto == 4 and score.max == 8 and score.manual_pending
