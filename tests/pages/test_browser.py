"""A learner in a real browser: Chromium (Debian's) driven by Playwright against `mystory serve`.

Then the workspace the browser made is handed in, collected and autograded by nbgrader.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest

from mystory import facilitator as fac
from mystory.core.store import AnswerStore
from mystory.facilitator.build import copy_workspace
from tests.browser import (
    kernels_waiting_for_a_learner,
    serve,
    served_workspace,
    wait_until,
    waiting_kernels,
)
from tests.conftest import ROOT, grade_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts"
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
STORY = "I fix boilers and I love my allotment. مرحبا 🍅 " + HOSTILE
PHONE = {"width": 375, "height": 667}


@pytest.fixture(scope="module")
def course(root: Path, tmp_path_factory: pytest.TempPathFactory):
    """A learner workspace made from exercises/, served by `mystory serve`."""
    with served_workspace(root, tmp_path_factory.mktemp("learner")) as site:
        yield site


def saved_count(page) -> int:
    return page.locator(".mystory-saved").count()


def test_learner_completes_module_0(browser, course, root: Path) -> None:
    base, workspace = course["base"], course["workspace"]
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(120_000)  # a cap for a busy machine, not a wait
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
    assert card.locator(".mystory-state").inner_text() == "Done"

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
    assert score.auto == 3 and score.manual_pending
    page = (fac.feedback(course_dir, "00-welcome", "sam") / "welcome.html").read_text()
    assert "I fix boilers and I love my allotment." in page
    assert HOSTILE not in page  # shown as text, escaped
    csv_text = fac.export_csv(course_dir, grading / "grades.csv").read_text()
    assert "sam" in csv_text


CULL_IDLE, CULL_INTERVAL = 15, 1


def kernel_state(url: str) -> dict | None:
    """The server's record of a kernel (None once it is gone)."""
    try:
        with urllib.request.urlopen(url) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return None
        raise


def idle_seconds(kernel: dict) -> float:
    """How long the server has seen nothing from a kernel, by the server's own record."""
    last = datetime.fromisoformat(kernel["last_activity"].replace("Z", "+00:00"))
    return (datetime.now(UTC) - last).total_seconds()


def test_closed_page_kernel_is_culled(browser, root: Path, tmp_path: Path) -> None:
    """An idle open page keeps its kernel; a page that went away without a word (its shutdown
    request lost, as a phone losing signal) has its kernel culled. Each step waits for the
    state it asserts, as the server reports it, never for a fixed time."""
    workspace = tmp_path / "workspace"
    copy_workspace(root / "exercises", workspace)
    # No pool: Voila protects a pooled kernel from culling only once it has started. The limit
    # is long enough for a busy machine to connect the page to its kernel (a real one is 300 s).
    with serve(workspace, root, "--cull-idle", str(CULL_IDLE), "--cull-interval",
               str(CULL_INTERVAL), "--pool-size", "0") as base:
        context = browser.new_context()
        context.route("**/api/shutdown/**", lambda route: route.abort())  # the signal is lost
        page = context.new_page()
        page.set_default_timeout(120_000)  # a cap for a busy machine, not a wait
        page.goto(base + "/voila/render/00-welcome/welcome.ipynb")
        page.wait_for_selector(".mystory-exercise input", timeout=180_000)
        kernel = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
        url = f"{base}/api/kernels/{kernel}"
        # Open pages keep their kernel, however idle: wait until the server has seen it idle
        # for longer than the limit and a cull round since, and check it is still there.
        seen = wait_until(lambda: (k := kernel_state(url)) is None or
                          idle_seconds(k) > CULL_IDLE + 3 * CULL_INTERVAL and k,
                          "the open page's kernel never became idle")
        assert seen is not None and kernel_state(url) is not None, \
            "an open page's kernel was culled"
        assert page.get_by_label("Your first name, or the name people know you by").is_enabled()
        context.close()
        wait_until(lambda: kernel_state(url) is None, "the closed page's kernel is still running")


def test_learners_never_see_tracebacks_or_code(browser, root: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    copy_workspace(root / "exercises", workspace)
    broken = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("secret_code_line = 1\nraise ValueError('secret-detail-42')")])
    nbformat.write(broken, workspace / "broken.ipynb")
    with serve(workspace, root) as base:
        page = browser.new_page()
        page.set_default_timeout(120_000)  # a cap for a busy machine, not a wait
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
        port = int(base.rsplit(":", 1)[1])
        module = (workspace / "00-welcome").resolve()
        first = wait_until(lambda: {pid for pid, folder in waiting_kernels(port).items()
                                    if folder == module},
                           "no preheated kernel of Module 1 waits for a learner")
        # Answers saved after the pool was filled (say, from the learner's other tab).
        AnswerStore(workspace / "00-welcome" / "welcome.answers.json").save_many(
            {"welcome-name": "Preheated Pat", "welcome-trust": "advert"})
        page = browser.new_page()
        page.set_default_timeout(120_000)  # a cap for a busy machine, not a wait
        page.goto(base + "/")
        card = page.locator('.mystory-card[data-module="00-welcome"]')
        card.wait_for(timeout=60_000)
        # The name is not marked, so it does not count.
        assert card.locator(".mystory-state").inner_text() == "1 of 3 answered"
        page.goto(base + "/voila/render/00-welcome/welcome.ipynb")
        page.wait_for_selector(".mystory-exercise input", timeout=60_000)
        assert page.get_by_label("Your first name, or the name people know you by") \
            .input_value() == "Preheated Pat"
        assert page.get_by_label("An advert").is_checked()
        # The pool was used (the waiting kernel served this page) and refilled with a new one.
        wait_until(lambda: {pid for pid, folder in waiting_kernels(port).items()
                            if folder == module} - first,
                   "the pool did not refill Module 1 with a new kernel")
        assert not first & set(waiting_kernels(port))
        page.close()


def test_preheated_policy_page_shows_the_name_given_since(browser, root: Path,
                                                          tmp_path: Path) -> None:
    """Issue 15, item 2: Module 5's kernel is preheated and waits for the learner; the learner
    then changes their name in Module 1; the policy heading, PDF and text show the new name."""
    import base64
    import io

    from pypdf import PdfReader

    workspace = tmp_path / "workspace"
    copy_workspace(root / "exercises", workspace)
    welcome = AnswerStore(workspace / "00-welcome" / "welcome.answers.json")
    welcome.save("welcome-name", "Old Olly")
    with serve(workspace, root, "--pool-size", "1") as base:
        port = int(base.rsplit(":", 1)[1])
        policy = (workspace / "04-your-policy").resolve()
        wait_until(lambda: policy in kernels_waiting_for_a_learner(port),
                   "no preheated kernel of Module 5 waits for a learner")
        welcome.save("welcome-name", "New Nia")
        context = browser.new_context(viewport={"width": 375, "height": 667},
                                      accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(120_000)  # a cap for a busy machine, not a wait
        page.goto(base + "/voila/render/04-your-policy/your-policy.ipynb")
        page.get_by_role("button", name="Make my policy page").click(timeout=180_000)
        heading = page.locator(".mystory-policy h3")
        heading.wait_for(timeout=60_000)
        assert heading.inner_text() == "New Nia's social media policy"
        links = {}
        for link in page.locator("a.mystory-download").all():
            links[link.get_attribute("download")] = base64.b64decode(
                link.get_attribute("href").split("base64,", 1)[1])
        pdf = PdfReader(io.BytesIO(links.pop("my-social-media-policy.pdf")))
        assert "New Nia" in pdf.pages[0].extract_text()
        assert links and all("New Nia" in text.decode() and "Olly" not in text.decode()
                             for text in links.values())  # plain text and Markdown
        context.close()
