"""Accessible, plain English, works on a phone: checked on every module that exists.

A new module is picked up from course.yaml by every test here, so it must meet them too.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from importlib import metadata, resources
from pathlib import Path

import pytest

from mystory.core import content
from mystory.facilitator.build import copy_workspace
from tests import plain
from tests.browser import serve
from tests.conftest import ROOT

MODULES = list(content.course())
PAGES = ["home.ipynb"] + [f"{m.folder}/{m.notebook}.ipynb" for m in MODULES]
ARTIFACTS = ROOT / "test-artifacts"
AXE = resources.files("axe_playwright_python") / "axe.min.js"
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}


# -- plain English -----------------------------------------------------------------------------
@pytest.mark.parametrize("spec", MODULES, ids=lambda m: m.folder)
def test_module_prose_is_plain_english(root: Path, spec: content.ModuleSpec) -> None:
    prose = plain.module_prose(root / "course", spec)
    score = plain.reading_ease(prose)
    long = plain.long_sentences(prose)
    print(f"\n{spec.folder}: Flesch Reading Ease {score:.1f}; "
          f"{len(long)} sentence(s) over {plain.LONG_SENTENCE} words")
    for sentence in long:
        print(f"  long: {sentence}")
    assert score >= 80, f"{spec.folder} reads at {score:.1f}: aim for 80 or more (issue 18)"
    assert not plain.jargon_in(prose), f"{spec.folder} uses jargon: {plain.jargon_in(prose)}"


def test_every_feedback_message_is_plain_english() -> None:
    hard = [(where, round(plain.reading_ease(text), 1), text)
            for where, text in plain.feedback_messages() if plain.reading_ease(text) < 50]
    assert not hard, "\n".join(f"{w} ({s}): {t}" for w, s, t in hard)
    jargon = [(w, plain.jargon_in(t)) for w, t in plain.feedback_messages() if plain.jargon_in(t)]
    assert not jargon, jargon


def test_colour_is_never_the_only_signal() -> None:
    from mystory.coach import review_bio, review_post
    from mystory.pages.conversation import post_coach_html
    from mystory.pages.profile import coach_html

    problem = coach_html(review_bio("Housing officer. Views are my own."))
    assert "⚠ Next thing to fix" in problem
    ready = coach_html(review_bio("Keen gardener."))
    assert "★ Ready to post" in ready and "Tip:" in ready
    assert "→ This reads as a broadcast" in post_coach_html(review_post("Offices closed."))


def test_jargon_outside_quotes_is_caught() -> None:
    assert plain.jargon_in("We will leverage our synergy.") == ["synergy", "leverage"]
    assert plain.jargon_in('Words like "stakeholders" sound corporate.') == []


def test_textstat_is_pinned_and_works_offline() -> None:
    assert metadata.version("textstat") == "0.7.8"  # later versions download data at first use
    script = textwrap.dedent("""
        import socket
        def refuse(*args, **kwargs):
            raise OSError("no network in this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        import textstat
        print(textstat.flesch_reading_ease("Your answers save by themselves. Come back later."))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert float(out.stdout) > 60


# -- in the browser ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(root: Path, tmp_path_factory: pytest.TempPathFactory):
    workspace = tmp_path_factory.mktemp("a11y") / "workspace"
    copy_workspace(root / "exercises", workspace)
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(workspace, root) as base:
        yield {"base": base, "workspace": workspace}


def open_page(browser, base: str, path: str, viewport: dict) -> object:
    page = browser.new_page(viewport=viewport)
    page.goto(f"{base}/voila/render/{path}", timeout=60_000)  # a busy machine renders slowly
    page.wait_for_selector(".mystory-html", timeout=60_000)
    page.wait_for_function("document.querySelectorAll('.jupyter-widgets').length > 0")
    page.wait_for_timeout(800)  # let the last widgets and the template's fixes settle
    return page


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_serious(browser, site, path: str, viewport: dict) -> None:
    """At 1280 px too: Module 6's step pictures sit in a row on a wide screen, one under
    another on a phone, and each part of a page has its "Read this aloud"."""
    axe_finds_nothing_serious(browser, site, path, viewport)


def axe_finds_nothing_serious(browser, site, path: str, viewport: dict) -> None:
    page = open_page(browser, site["base"], path, viewport)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    page.close()
    violations = result["violations"]
    for v in violations:
        print(f"\n{path}: {v['impact']} {v['id']} on {len(v['nodes'])} element(s)")
    serious = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in violations
               if v["impact"] in ("serious", "critical")]
    assert not serious, serious


PHONE_CHECKS = (ROOT / "tests" / "phone_checks.js").read_text()


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_phone_layout(browser, site, path: str) -> None:
    page = open_page(browser, site["base"], path, PHONE)
    found = page.evaluate(PHONE_CHECKS)
    name = path.split("/")[-1].replace(".ipynb", "")
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    page.close()
    assert found["scroll"] <= PHONE["width"], "the page scrolls sideways on a phone"
    assert not found["small"], f"targets smaller than 24x24: {found['small']}"
    assert not found["tiny"], f"text smaller than 16px: {found['tiny']}"
    assert not found["noAlt"], f"images without alt text: {found['noAlt']}"
    assert found["charts"] == 0, "a chart has no text alternative beside it"
    assert not found["unnamed"], f"controls without a visible name: {found['unnamed']}"


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_reflows_at_400_percent_zoom(browser, site, path: str) -> None:
    """320 CSS pixels wide is what a 1280-pixel window shows at 400% zoom (WCAG 1.4.10)."""
    page = open_page(browser, site["base"], path, {"width": 320, "height": 640})
    scroll = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert scroll <= 320


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
      const labels = e.labels ? [...e.labels].map(l => l.textContent.trim()) : [];
      const name = e.getAttribute('aria-label') || labels.join(' ') || e.textContent.trim();
      const style = getComputedStyle(e);
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
                   || style.boxShadow !== 'none';
      return {name, tag: e.tagName, type: e.type || '',
              visible: e.matches(':focus-visible') && ring}; }""")


def tab_to(page, name: str, limit: int = 250) -> dict:
    """Press Tab until the focused control's name starts with `name`; its focus must show."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now["visible"] or now["tag"] == "BODY", f"focus is not visible on {now}"
        if now["name"].startswith(name):
            return now
    raise AssertionError(f"Tab never reached {name!r}")


@pytest.mark.browser
def test_module_1_with_the_keyboard_alone(browser, site) -> None:
    page = open_page(browser, site["base"], "01-your-story/your-story.ipynb", PHONE)
    page.locator("body").click(position={"x": 1, "y": 1})
    tab_to(page, "Priya")
    page.keyboard.press("Space")
    tab_to(page, "Dave")
    page.keyboard.press("Space")
    tab_to(page, "In one line")
    page.keyboard.type("They show who they are.")
    tab_to(page, "I'll add a picture later")
    page.keyboard.press("Space")
    tab_to(page, "Describe your picture")
    page.keyboard.type("Me at the allotment")
    tab_to(page, "The name on your profile")
    page.keyboard.type("Sam")
    tab_to(page, "Your bio")
    page.keyboard.type("I fix boilers in Dudley and I love my allotment. Ask me about tomatoes!")
    page.keyboard.press("Shift+Tab")  # back to the platform choice, then forward again
    assert focused(page)["type"] == "radio"
    tab_to(page, "I searched for my name")
    page.keyboard.press("Space")
    tab_to(page, "What would an employer")
    page.keyboard.type("My old football photos. I want them to see my garden.")
    tab_to(page, "Make my profile card")
    page.keyboard.press("Enter")
    page.locator(".mystory-profile-card img").wait_for(timeout=20_000)
    page.wait_for_function(
        "document.querySelectorAll('.mystory-exercise .mystory-saved').length >= 7",
        timeout=20_000)
    page.close()
    saved = json.loads((site["workspace"] / "01-your-story" / "your-story.answers.json")
                       .read_text())["answers"]
    assert saved["story-egg"]["value"] == ["priya", "dave"]
    assert saved["story-photo"]["value"] == {"file": None, "later": True,
                                             "alt": "Me at the allotment"}
    assert saved["story-bio"]["value"]["text"].startswith("I fix boilers")
