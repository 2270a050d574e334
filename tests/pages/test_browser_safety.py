"""Module 6 in Chromium at phone width, as a learner: every scenario, the step pictures, the
safety check's PDF; then nbgrader marks the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from mystory.core import content
from mystory.facilitator.build import copy_workspace
from tests.browser import serve
from tests.conftest import ROOT, grade_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts"
MODULE = "05-staying-safe"
SAFE = content.module(MODULE)


def sort_all(page, exercise: str, first_card: int, stepper: int) -> None:
    """Answer a one-at-a-time sort with its key, pressing Next after each; each answer's reason
    shows before the next scenario."""
    spec = SAFE.exercises[exercise]
    piles = dict(spec.piles)
    for n, item in enumerate(spec.items):
        card = page.locator(".mystory-sort-item").nth(first_card + n)
        card.wait_for(state="visible", timeout=60_000)
        card.get_by_label(piles[item.answer], exact=True).check()
        card.locator(".mystory-why").get_by_text("✓ Right.").wait_for(timeout=60_000)
        if n < len(spec.items) - 1:
            page.locator(".mystory-stepper").nth(stepper).get_by_role(
                "button", name="Next").click()


def test_learner_completes_module_6_on_a_phone(browser, root: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    copy_workspace(root / "exercises", workspace)
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(workspace, root) as base:
        context = browser.new_context(viewport={"width": 375, "height": 667},
                                      accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(120_000)  # a cap for a busy machine, not a wait
        page.goto(f"{base}/voila/render/{MODULE}/staying-safe.ipynb")
        page.wait_for_selector(".mystory-stepper", timeout=60_000)

        for label in ("Your home address", "Your date of birth",
                      "Your bank details or card number"):
            page.get_by_label(label).check()
        page.get_by_text("Well done: you found them all.").wait_for(timeout=60_000)
        sort_all(page, "safe-check-sort", 0, 0)

        steps = page.locator(".mystory-steps img")
        assert steps.count() == 16
        for n in range(steps.count()):
            assert steps.nth(n).get_attribute("alt").startswith("A drawing of")
        assert "Private account" in page.locator(
            '.mystory-steps[data-platform="instagram"]').inner_text()

        page.get_by_label("Leila. I love baking").check()
        page.get_by_text("Yes. It tells people who she is").wait_for(timeout=60_000)
        page.get_by_label("Take a screenshot. Report the post.").check()
        page.get_by_text("Yes. Reporting gets it dealt with").wait_for(timeout=60_000)
        sort_all(page, "safe-staff-sort", len(SAFE.exercises["safe-check-sort"].items), 1)

        page.get_by_label(SAFE.exercises["safe-reflection"].label).fill(
            "I will turn on Private account. If something goes wrong, I will tell my son.")
        page.get_by_label("I have looked at my privacy settings").check()
        page.get_by_label("I take a break from my phone").check()
        page.get_by_label(SAFE.exercises["safe-tell"].label).fill("My son Ali 🌱")
        page.get_by_label(SAFE.exercises["safe-switch-off"].label).fill("No phone after 9pm")
        page.get_by_label("I use it a lot and feel confident").check()

        page.get_by_role("button", name="Make my safety check").click()
        check = page.locator(".mystory-safety-check")
        check.wait_for(timeout=60_000)
        assert "My son Ali 🌱" in check.inner_text()
        with page.expect_download() as download:
            page.get_by_role("link", name="Download as a PDF").click()
        pdf = tmp_path / "safety-check.pdf"
        download.value.save_as(pdf)
        reader = PdfReader(pdf)
        assert len(reader.pages) == 1
        text = reader.pages[0].extract_text()
        assert "My son Ali" in text and "I take a break from my phone" in text

        page.wait_for_function(
            "document.querySelectorAll('.mystory-exercise .mystory-saved').length >= 10",
            timeout=60_000)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=str(ARTIFACTS / "staying-safe-375.png"), full_page=True)
        page.goto(base + "/")
        card = page.locator(f'.mystory-card[data-module="{MODULE}"]')
        card.wait_for(timeout=60_000)
        assert card.locator(".mystory-state").inner_text() == "Done"
        context.close()
    _course, score = grade_workspace(workspace, tmp_path, MODULE)
    assert score.auto == 9 and score.max == 11 and score.manual_pending
