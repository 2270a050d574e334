"""Regenerate the README's screenshots: `python docs/screenshots.py` (needs Debian's chromium)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mystory.facilitator.build import copy_workspace  # noqa: E402
from tests.browser import CHROMIUM_ARGS, chromium_path, serve  # noqa: E402

OUT = ROOT / "docs" / "images"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        workspace = Path(tmp) / "workspace"
        copy_workspace(ROOT / "exercises", workspace)
        with serve(workspace, ROOT) as base:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 375, "height": 1080}, device_scale_factor=1)
            page.goto(base + "/voila/render/00-welcome/welcome.ipynb")
            page.wait_for_selector(".mystory-exercise input", timeout=60_000)
            page.get_by_label("Your first name, or the name people know you by").fill("Sam")
            page.get_by_label("Someone like them, sharing what really happened").check()
            page.locator(".mystory-short-text .mystory-saved").wait_for()
            page.locator(".mystory-single-choice .mystory-saved").first.wait_for()
            page.get_by_text("Who do people trust?").scroll_into_view_if_needed()
            page.locator(".mystory-short-text").scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -60)")
            page.screenshot(path=str(OUT / "module-0.png"))
            page.goto(base + "/")
            page.locator(".mystory-card").first.wait_for()
            page.screenshot(path=str(OUT / "home.png"))
            page.set_viewport_size({"width": 375, "height": 1400})
            page.goto(base + "/voila/render/01-your-story/your-story.ipynb")
            page.wait_for_selector(".mystory-bio textarea", timeout=60_000)
            page.get_by_label("Your bio", exact=True).press_sequentially(
                "Housing officer at Oak Homes. Views are my own.", delay=10)
            page.locator('.mystory-coach-fix[data-rule="disclaimer"]').wait_for()
            page.locator(".mystory-exercise.mystory-bio").screenshot(
                path=str(OUT / "bio-coach.png"))
            browser.close()


if __name__ == "__main__":
    main()
