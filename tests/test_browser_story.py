"""Module 2 in Chromium: a learner builds a profile with the coach, downloads the card, and the
workspace is graded by nbgrader. A second visit shows every answer restored."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from mystory.facilitator.build import copy_workspace
from tests.browser import serve
from tests.conftest import grade_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
GOOD_BIO = "I fix boilers in Dudley and I love my allotment. Ask me about tomatoes!"
PHONE = {"width": 375, "height": 667}


@pytest.fixture(scope="module")
def journey(browser, root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("story-learner")
    workspace = tmp / "workspace"
    copy_workspace(root / "exercises", workspace)
    picture = tmp / "me.png"
    image = Image.new("RGB", (120, 120), "#3a6ea5")
    image.paste("#f2c14e", (30, 30, 90, 90))
    image.save(picture)
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(workspace, root) as base:
        context = browser.new_context(viewport=PHONE, accept_downloads=True)
        page = context.new_page()
        page.goto(base + "/")
        page.locator('.mystory-card[data-module="01-your-story"]').get_by_role("link").click()
        page.wait_for_selector(".mystory-bio textarea", timeout=60_000)

        page.get_by_label("Priya: I run the Thursday coffee morning").check()
        page.get_by_label("Dave: Repairs man, dad and Villa fan").check()
        page.get_by_label("In one line: what made you want to connect with them?").fill(
            "They show who they are.")
        with page.expect_file_chooser() as chooser:
            page.get_by_role("button", name="Choose a picture").click()
        chooser.value.set_files(str(picture))
        page.locator(".mystory-photo-preview").wait_for(timeout=20_000)
        page.get_by_label("Describe your picture in one line").fill("A yellow square on blue")
        page.get_by_label("The name on your profile").fill("Sam from Park Lane")

        bio = page.get_by_label("Your bio", exact=True)
        bio.press_sequentially("Housing officer. Views are my own.", delay=15)
        # The coach looks again after each pause in typing, and a busy machine pauses
        # mid-sentence: wait until its fix is about the whole bio (it quotes the learner).
        page.wait_for_function(
            "document.querySelector('.mystory-coach-fix')?.textContent"
            ".includes('Views are my own')", timeout=10_000)
        first_fix = page.locator(".mystory-coach-fix").get_attribute("data-rule")
        page.locator(".mystory-exercise.mystory-bio").screenshot(
            path=str(ARTIFACTS / "bio-coach-375.png"))
        bio.fill("")
        bio.press_sequentially(GOOD_BIO, delay=5)
        page.get_by_text("★ Ready to post").wait_for(timeout=10_000)

        page.get_by_label("I searched for my name in a search engine").check()
        page.get_by_label(
            "What would an employer or a neighbour find about you? What would you like them "
            "to find?").fill("My old football photos. I would like them to see my allotment.")
        page.wait_for_function(
            "document.querySelectorAll('.mystory-exercise .mystory-saved').length >= 7",
            timeout=20_000)

        page.get_by_role("button", name="Make my profile card").click()
        with page.expect_download() as pdf_download:
            page.get_by_role("link", name="Download as a PDF").click()
        pdf_path = tmp / "card.pdf"
        pdf_download.value.save_as(pdf_path)
        with page.expect_download() as png_download:
            page.get_by_role("link", name="Download as a picture (PNG)").click()
        png_path = tmp / "card.png"
        png_download.value.save_as(png_path)
        page.screenshot(path=str(ARTIFACTS / "your-story-375.png"), full_page=True)

        # A second visit: everything is as the learner left it.
        page.reload()
        page.wait_for_selector(".mystory-bio textarea", timeout=60_000)
        restored = {
            "priya": page.get_by_label("Priya: I run the Thursday coffee morning").is_checked(),
            "marcus": page.get_by_label("Marcus: Leading provider").is_checked(),
            "alt": page.get_by_label("Describe your picture in one line").input_value(),
            "bio": page.get_by_label("Your bio", exact=True).input_value(),
            "preview": page.locator(".mystory-photo-preview").count(),
            "ready": page.get_by_text("★ Ready to post").count(),
        }
        context.close()
    return {"workspace": workspace, "tmp": tmp, "first_fix": first_fix, "pdf": pdf_path,
            "png": png_path, "restored": restored}


def test_coach_gives_specific_feedback_while_typing(journey: dict) -> None:
    assert journey["first_fix"] == "disclaimer"


def test_answers_and_picture_are_saved(journey: dict) -> None:
    folder = journey["workspace"] / "01-your-story"
    saved = json.loads((folder / "your-story.answers.json").read_text())["answers"]
    assert saved["story-bio"]["value"] == {"platform": "x", "text": GOOD_BIO}
    assert saved["story-egg"]["value"] == ["priya", "dave"]
    assert saved["story-photo"]["value"]["file"] == "your-story.photo.png"
    assert (folder / "your-story.photo.png").is_file()


def test_second_visit_restores_everything(journey: dict) -> None:
    assert journey["restored"] == {"priya": True, "marcus": False,
                                   "alt": "A yellow square on blue", "bio": GOOD_BIO,
                                   "preview": 1, "ready": 1}


def test_downloaded_card_holds_the_learners_words(journey: dict) -> None:
    text = PdfReader(journey["pdf"]).pages[0].extract_text()
    assert "Sam from Park Lane" in text and "allotment" in text
    assert Image.open(io.BytesIO(journey["png"].read_bytes())).format == "PNG"


def test_browser_made_workspace_scores_as_expected(journey: dict, root: Path) -> None:
    _course, score = grade_workspace(journey["workspace"], journey["tmp"] / "grading",
                                     "01-your-story")
    assert score.auto == 5 and score.max == 9
