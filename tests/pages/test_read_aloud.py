"""Read aloud (issue 19): "Read this aloud" speaks the words on screen, in the page's language.

Chromium's ``speechSynthesis`` is replaced by a recorder before the page loads (an init script),
so each test sees exactly what would be spoken, in which language and at which speed. What is
expected comes from the course's own sources (the notebook's Markdown, the module's data file),
never from the page's script.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path

import nbformat
import pytest

from mystory.core import content
from mystory.core.readaloud import SPEEDS, WORDS, words_html, words_json
from mystory.facilitator.build import copy_workspace
from tests.browser import SPEECH_SPY as SPY
from tests.browser import html_words as plain
from tests.browser import serve

SCRIPT = resources.files("mystory") / "share/voila/templates/mystory/static/mystory-readaloud.js"
AXE = resources.files("axe_playwright_python") / "axe.min.js"
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}

NO_SPEECH = "Object.defineProperty(window, 'speechSynthesis', {value: undefined});"
# A browser with speechSynthesis but no voice: it takes the words and says nothing.
SILENT = """
const synth = window.speechSynthesis;
synth.speak = (u) => { window.__silent = (window.__silent || 0) + 1; };
synth.getVoices = () => [];
"""


# -- without a browser -------------------------------------------------------------------------
def test_the_script_has_no_words_of_its_own() -> None:
    """Every word of the control comes from core/readaloud.py (a translation changes them all)."""
    script = SCRIPT.read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", script, flags=re.S)  # comments may say anything
    strings = re.findall(r"'([^'\n]*)'", code)
    assert any("mystory-readaloud-words" in s for s in strings)  # where the words come from
    english = [s for s in strings if any(word in s for word in WORDS.values())]
    assert not english, english


def test_the_words_reach_the_page_intact() -> None:
    tricky = {**WORDS, "read": 'Darllen "hwn" <yn> uchel & \'clir\''}
    block = words_html(tricky)
    found = re.fullmatch(r'<div class="mystory-readaloud-words" hidden data-words="([^"]*)"></div>',
                         block)
    assert found is not None, block
    data = json.loads(html.unescape(found.group(1)))
    assert data == {"words": tricky, "speeds": SPEEDS}
    assert json.loads(words_json()) == {"words": WORDS, "speeds": SPEEDS}
    assert set(SPEEDS) <= set(WORDS)  # every speed has a name to show


# -- in the browser ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(root: Path, tmp_path_factory: pytest.TempPathFactory):
    workspace = tmp_path_factory.mktemp("readaloud") / "workspace"
    copy_workspace(root / "exercises", workspace)
    with serve(workspace, root) as base:
        yield {"base": base, "root": root}


def open_page(browser, base: str, path: str, script: str = SPY, viewport: dict = PHONE):
    context = browser.new_context(viewport=viewport)
    context.add_init_script(script)
    page = context.new_page()
    page.set_default_timeout(120_000)  # a cap for a busy machine, not a wait
    page.goto(f"{base}/voila/render/{path}")
    page.locator(".mystory-readaloud").first.wait_for()
    return page


def spoken(page) -> list[dict]:
    return page.evaluate("window.__speech.spoken")


def read_button(part):
    return part.locator(":scope > .mystory-readaloud").get_by_role(
        "button", name=WORDS["read"], exact=True)


def cell_text(root: Path, notebook: str, cell_id: str) -> str:
    import mistune

    nb = nbformat.read(root / "exercises" / notebook, as_version=4)
    source = next(c.source for c in nb.cells if c.get("id") == cell_id)
    return plain(str(mistune.html(source)))


@pytest.mark.browser
def test_a_section_is_read_as_it_is_on_screen(browser, site) -> None:
    page = open_page(browser, site["base"], "01-your-story/your-story.ipynb")
    cell = page.locator('[id="cell-id=story-egg-page"] .jp-RenderedMarkdown')
    read_button(cell).click()
    page.wait_for_function("window.__speech.spoken.length > 0")
    said = spoken(page)
    page.context.close()
    text = " ".join(u["text"] for u in said)
    assert text == cell_text(site["root"], "01-your-story/your-story.ipynb", "story-egg-page")
    assert text.startswith("Spot the egg On old Twitter")  # the heading, without its ¶ link
    assert {u["lang"] for u in said} == {"en"}
    assert {u["rate"] for u in said} == {SPEEDS["normal"]}
    assert len(said) == 4  # the heading and each paragraph on its own: the voice pauses


@pytest.mark.browser
def test_a_question_is_read_without_its_pictures_alt_text(browser, site) -> None:
    spec = content.module("01-your-story").exercises["story-egg"]
    page = open_page(browser, site["base"], "01-your-story/your-story.ipynb")
    question = page.locator(".mystory-exercise", has=page.locator("#mystory-legend-story-egg"))
    read_button(question).click()
    page.wait_for_function("window.__speech.spoken.length > 0")
    said = [u["text"] for u in spoken(page)]
    page.context.close()
    assert said == [spec.label, *(o.text for o in spec.options)]
    alts = [o.picture_alt for o in spec.options if o.picture_alt]
    assert alts and not any(alt in " ".join(said) for alt in alts)


@pytest.mark.browser
def test_feedback_gets_its_own_control_when_it_appears(browser, site) -> None:
    spec = content.module("00-welcome").exercises["welcome-trust"]
    option = next(o for o in spec.options if o.why)
    page = open_page(browser, site["base"], "00-welcome/welcome.ipynb")
    question = page.locator(".mystory-exercise", has=page.get_by_role("radio", name=option.text))
    feedback = question.locator(".mystory-feedback")
    assert feedback.locator(".mystory-readaloud").count() == 0  # nothing to read yet
    page.get_by_role("radio", name=option.text).check()
    read_button(feedback).click()
    page.wait_for_function("window.__speech.spoken.length > 0")
    assert [u["text"] for u in spoken(page)] == [option.why]
    assert spoken(page)[0]["lang"] == "en"
    # The question is read without its feedback and its "Saved" (each has its own control).
    page.evaluate("window.__speech.spoken = []")
    read_button(question).click()
    page.wait_for_function("window.__speech.spoken.length > 0")
    said = " ".join(u["text"] for u in spoken(page))
    page.context.close()
    assert said == " ".join([spec.label, *(o.text for o in spec.options)])


@pytest.mark.browser
def test_pause_carry_on_speed_and_stop(browser, site) -> None:
    page = open_page(browser, site["base"], "00-welcome/welcome.ipynb")
    cell = page.locator(".jp-RenderedMarkdown").first
    bar = cell.locator(":scope > .mystory-readaloud")
    pause = bar.get_by_role("button", name=WORDS["pause"], exact=True)
    assert not pause.is_visible()  # only while it reads
    read_button(cell).click()
    assert page.evaluate("document.activeElement.textContent") == WORDS["read"]  # focus stays
    pause.click()
    carry_on = bar.get_by_role("button", name=WORDS["resume"], exact=True)
    carry_on.click()
    pause.wait_for()
    assert page.evaluate("[window.__speech.pauses, window.__speech.resumes]") == [1, 1]

    # A new speed reads the rest again at that speed, and is remembered for next time.
    first = len(spoken(page))
    cancels = page.evaluate("window.__speech.cancels")
    speed = bar.get_by_label(WORDS["speed"])
    speed.focus()
    speed.select_option(label=WORDS["slow"])
    page.wait_for_function(f"window.__speech.spoken.length > {first}")
    assert page.evaluate("window.__speech.cancels") > cancels
    assert spoken(page)[-1]["rate"] == SPEEDS["slow"]
    assert page.evaluate("document.activeElement.tagName") == "SELECT"  # focus stays put

    cancels = page.evaluate("window.__speech.cancels")
    bar.get_by_role("button", name=WORDS["stop"], exact=True).click()
    assert page.evaluate("window.__speech.cancels") == cancels + 1
    assert not pause.is_visible()
    assert page.evaluate("document.activeElement.textContent") == WORDS["read"]

    page.reload()
    page.evaluate("window.__speech.spoken = []")
    cell = page.locator(".jp-RenderedMarkdown").first
    read_button(cell).click()
    page.wait_for_function("window.__speech.spoken.length > 0")
    rates = {u["rate"] for u in spoken(page)}
    page.context.close()
    assert rates == {SPEEDS["slow"]}


@pytest.mark.browser
def test_a_browser_without_speech_says_so(browser, site) -> None:
    page = open_page(browser, site["base"], "00-welcome/welcome.ipynb", script=NO_SPEECH)
    cell = page.locator(".jp-RenderedMarkdown").first
    read_button(cell).click()
    message = cell.locator(".mystory-readaloud-said")
    message.get_by_text(WORDS["no_speech"]).wait_for()
    # Said once to a screen reader too, by the page's one live region.
    page.locator(".mystory-readaloud-live").get_by_text(WORDS["no_speech"]).wait_for(
        state="attached")
    page.context.close()


@pytest.mark.browser
def test_a_browser_without_a_voice_says_so(browser, site) -> None:
    page = open_page(browser, site["base"], "00-welcome/welcome.ipynb", script=SILENT)
    cell = page.locator(".jp-RenderedMarkdown").first
    read_button(cell).click()
    cell.locator(".mystory-readaloud-said").get_by_text(WORDS["no_voice"]).wait_for()
    assert page.evaluate("window.__silent") > 0  # it tried
    assert not cell.get_by_role("button", name=WORDS["stop"]).is_visible()
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_nothing_serious_while_reading(browser, site, viewport: dict) -> None:
    page = open_page(browser, site["base"], "00-welcome/welcome.ipynb", viewport=viewport)
    question = page.locator(".mystory-exercise").first
    read_button(question).click()
    question.get_by_role("button", name=WORDS["stop"]).wait_for()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})")
    page.context.close()
    serious = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious


@pytest.mark.browser
def test_the_language_is_the_pages_when_it_speaks(browser, site) -> None:
    """<html lang> is read when the button is pressed (the language layer sets it, "cy" for
    Welsh); a device with no voice for it says another voice reads it."""
    english_only = SPY + ("window.speechSynthesis.getVoices = () => "
                          "[{lang: 'en-GB', name: 'English', localService: true, default: true}];")
    page = open_page(browser, site["base"], "00-welcome/welcome.ipynb", script=english_only)
    cell = page.locator(".jp-RenderedMarkdown").first
    read_button(cell).click()
    page.wait_for_function("window.__speech.spoken.length > 0")
    assert {u["lang"] for u in spoken(page)} == {"en"}
    message = cell.locator(".mystory-readaloud-said")
    assert message.inner_text() == ""  # an English voice for English: nothing to say

    page.evaluate("document.documentElement.lang = 'cy'; window.__speech.spoken = []")
    read_button(cell).click()
    page.wait_for_function("window.__speech.spoken.length > 0")
    said = spoken(page)
    message.get_by_text(WORDS["other_voice"]).wait_for()
    page.context.close()
    assert {u["lang"] for u in said} == {"cy"}
