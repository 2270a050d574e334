"""A learner in a real browser: Chromium (Debian's) driven by Playwright against `mystory serve`.

Then the workspace the browser made is handed in, collected and autograded by nbgrader.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from mystory import facilitator as fac
from mystory.core.store import AnswerStore
from mystory.facilitator.build import copy_workspace
from tests.browser import serve
from tests.conftest import ROOT, grade_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts"
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
STORY = "I fix boilers and I love my allotment. مرحبا 🍅 " + HOSTILE
PHONE = {"width": 375, "height": 667}


@pytest.fixture(scope="module")
def course(root: Path, tmp_path_factory: pytest.TempPathFactory):
    """A learner workspace made from exercises/, served by `mystory serve`."""
    tmp = tmp_path_factory.mktemp("learner")
    workspace = tmp / "workspace"
    copy_workspace(root / "exercises", workspace)
    with serve(workspace, root) as base:
        yield {"base": base, "workspace": workspace, "tmp": tmp}


def saved_count(page) -> int:
    return page.locator(".mystory-saved").count()


def test_learner_completes_module_0(browser, course, root: Path) -> None:
    base, workspace = course["base"], course["workspace"]
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("websocket", lambda ws: requests.append(ws.url))

    # The course address lands on the course home, never on a file list.
    page.goto(base + "/")
    card = page.locator('.mystory-card[data-module="00-welcome"]')
    card.wait_for(timeout=60_000)
    assert page.url.endswith("/voila/render/home.ipynb")
    assert card.locator(".mystory-state").inner_text() == "Not started"
    page.screenshot(path=str(ARTIFACTS / "home-375.png"), full_page=True)

    card.get_by_role("link").click()
    page.wait_for_selector(".mystory-exercise input", timeout=60_000)
    assert "open_module" not in page.content()  # sources are stripped

    page.get_by_label("Your first name, or the name people know you by").fill("Sam")
    page.get_by_label("Someone like them, sharing what really happened").check()
    page.get_by_text("Not quite", exact=False).count()  # no feedback for a right answer
    page.get_by_label("Lovely to see so many of you at the coffee morning").check()
    page.get_by_label("Our community garden needs a name").check()
    story = page.get_by_label("Who are you, and what do you care about, at work and outside it?")
    story.click()
    story.press_sequentially("I fix boilers. ")
    story.fill(STORY)
    page.get_by_label("I use it a little").check()
    page.wait_for_function("document.querySelectorAll('.mystory-saved').length >= 5",
                           timeout=20_000)
    assert page.get_by_text("Yes. People trust people like themselves.").is_visible()
    assert page.get_by_text("Well done: you found them all.").is_visible()
    page.screenshot(path=str(ARTIFACTS / "welcome-375.png"), full_page=True)

    # Reloading shows every answer again, and the learner's HTML stayed text.
    page.reload()
    page.wait_for_selector(".mystory-exercise input", timeout=60_000)
    assert page.get_by_label("Your first name, or the name people know you by").input_value() \
        == "Sam"
    assert page.get_by_label("Someone like them, sharing what really happened").is_checked()
    assert page.get_by_label("Our community garden needs a name").is_checked()
    assert not page.get_by_label("We are committed to delivering excellence").is_checked()
    assert story.input_value() == STORY
    assert page.get_by_label("I use it a little").is_checked()
    assert saved_count(page) == 5
    assert page.evaluate("window.__pwned") is None

    # The course home shows the module's progress.
    page.get_by_role("link", name="Course home", exact=True).click()
    card = page.locator('.mystory-card[data-module="00-welcome"]')
    card.wait_for(timeout=60_000)
    assert card.locator(".mystory-state").inner_text() == "All answered"

    # Every request the pages made went to the course server.
    outside = [u for u in requests if not u.split("//", 1)[-1].startswith(base.split("//")[1])]
    assert not outside, f"pages fetched from outside the course server: {outside}"
    assert any(u.startswith("ws://") for u in requests)
    context.close()

    saved = json.loads((workspace / "00-welcome" / "welcome.answers.json").read_text())
    assert saved["answers"]["welcome-care-about"]["value"] == STORY


def test_browser_made_workspace_is_graded_by_nbgrader(course, root: Path) -> None:
    """Hand in what the browser saved, collect it and autograde it with nbgrader."""
    workspace, tmp = course["workspace"], course["tmp"]
    if not (workspace / "00-welcome" / "welcome.answers.json").exists():
        pytest.skip("the browser journey did not run")
    grading = tmp / "grading"
    course_dir, score = grade_workspace(workspace, grading, "00-welcome")
    assert score.auto == 4 and score.manual_pending
    page = (fac.feedback(course_dir, "00-welcome", "sam") / "welcome.html").read_text()
    assert "I fix boilers and I love my allotment." in page
    assert HOSTILE not in page  # shown as text, escaped
    csv_text = fac.export_csv(course_dir, grading / "grades.csv").read_text()
    assert "sam" in csv_text


def test_closed_page_kernel_is_culled(browser, root: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    copy_workspace(root / "exercises", workspace)
    # No pool here: Voila protects a pooled kernel from culling only once it has started, so a
    # two-second limit can cull a kernel still starting on a busy machine (a real limit is 300 s).
    with serve(workspace, root, "--cull-idle", "2", "--cull-interval", "1",
               "--pool-size", "0") as base:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "/voila/render/00-welcome/welcome.ipynb")
        page.wait_for_selector(".mystory-exercise input", timeout=60_000)
        kernel = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
        url = f"{base}/api/kernels/{kernel}"
        with urllib.request.urlopen(url) as r:
            assert r.status == 200
        time.sleep(4)  # open pages keep their kernel, however idle
        with urllib.request.urlopen(url) as r:
            assert r.status == 200
        context.close()
        deadline = time.time() + 30
        status = 200
        while time.time() < deadline and status == 200:
            time.sleep(0.5)
            try:
                with urllib.request.urlopen(url) as r:
                    status = r.status
            except urllib.error.HTTPError as err:
                status = err.code
        assert status == 404, "the closed page's kernel is still running"


def test_learners_never_see_tracebacks_or_code(browser, root: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    copy_workspace(root / "exercises", workspace)
    broken = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("secret_code_line = 1\nraise ValueError('secret-detail-42')")])
    nbformat.write(broken, workspace / "broken.ipynb")
    with serve(workspace, root) as base:
        page = browser.new_page()
        page.goto(base + "/voila/render/broken.ipynb")
        page.wait_for_load_state("networkidle")
        html = page.content()
        assert "secret-detail-42" not in html and "Traceback" not in html
        assert "secret_code_line" not in html
        page.goto(base + "/voila/tree/00-welcome")
        page.wait_for_url("**/voila/render/home.ipynb", timeout=30_000)
        page.close()


def test_preheated_pages_read_answers_when_the_learner_arrives(browser, root: Path,
                                                               tmp_path: Path) -> None:
    """Voila's pool runs a page before anyone asks for it; the answers must still be fresh."""
    workspace = tmp_path / "workspace"
    copy_workspace(root / "exercises", workspace)
    with serve(workspace, root, "--pool-size", "1") as base:
        log = next(tmp_path.glob("voila-*.log"))
        deadline = time.time() + 60
        while log.read_text().count("Kernel started") < 2 and time.time() < deadline:
            time.sleep(0.5)
        time.sleep(3)  # the preheated kernels run until they wait for a learner
        # Answers saved after the pool was filled (say, from the learner's other tab).
        AnswerStore(workspace / "00-welcome" / "welcome.answers.json").save_many(
            {"welcome-name": "Preheated Pat", "welcome-trust": "advert"})
        page = browser.new_page()
        page.goto(base + "/")
        card = page.locator('.mystory-card[data-module="00-welcome"]')
        card.wait_for(timeout=60_000)
        assert card.locator(".mystory-state").inner_text() == "2 of 5 answered"
        page.goto(base + "/voila/render/00-welcome/welcome.ipynb")
        page.wait_for_selector(".mystory-exercise input", timeout=60_000)
        assert page.get_by_label("Your first name, or the name people know you by") \
            .input_value() == "Preheated Pat"
        assert page.get_by_label("An advert").is_checked()
        assert log.read_text().count("Kernel started") >= 3  # the pool was used and refilled
        page.close()
