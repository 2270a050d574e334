"""Formgrader in Chromium, as a facilitator uses it: its "Generate Feedback" button."""

from __future__ import annotations

import os
import sys

import pytest
from nbgrader.api import Gradebook

from mystory.core.store import AnswerStore
from tests.browser import free_port, running
from tests.conftest import ROOT, grade_submissions
from tests.facilitator.test_nbgrader import MODULE, NB, assert_readable_feedback, wrong_answers

TOKEN = "formgrader-test-token"
LONG_ANSWER = "I help my neighbours with their gardens and I like bingo. " * 86  # 5,000 letters
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def formgrader(tmp_path_factory: pytest.TempPathFactory):
    """A facilitator's server (JupyterLab's, with nbgrader's formgrader) on a graded course."""
    tmp = tmp_path_factory.mktemp("formgrader")
    answers = f"{NB}.answers.json"
    long = tmp / "long"
    long.mkdir()
    AnswerStore(long / answers).save_many({"welcome-care-about": LONG_ANSWER})
    course = grade_submissions(tmp, MODULE, {"wrong": {answers: wrong_answers(tmp)},
                                             "long": {answers: (long / answers).read_bytes()},
                                             "model": {answers: (ROOT / "solutions" / MODULE /
                                                                 answers).read_bytes()}})
    env = dict(os.environ, JUPYTER_DATA_DIR=str(tmp / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp / "run"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "jupyter_server", f"--port={port}", "--ip=127.0.0.1",
               "--no-browser", f"--IdentityProvider.token={TOKEN}",
               f"--ServerApp.root_dir={course}",
               *(["--allow-root"] if os.geteuid() == 0 else [])]
    with running(command, tmp / "server.log", f"{base}/api", cwd=course, env=env):
        yield {"base": base, "course": course}


def signed_in(browser, base: str):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    assert context.request.get(f"{base}/api?token={TOKEN}").ok  # signed in by cookie
    return context


def test_a_long_written_answer_wraps_in_formgrader(browser, formgrader) -> None:
    base, course = formgrader["base"], formgrader["course"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission_notebook(NB, MODULE, "long").id
    context = signed_in(browser, base)
    page = context.new_page()
    page.goto(f"{base}/formgrader/submissions/{submission}/")
    words = page.locator(".mystory-learner-wrote").first
    words.wait_for(state="visible", timeout=120_000)
    assert "I help my neighbours" in words.inner_text()
    box = words.bounding_box()
    assert box and box["width"] <= 1280 and box["height"] > 200  # many lines, not one
    assert words.evaluate("e => e.scrollWidth <= e.clientWidth")
    context.close()


def test_generate_feedback_button_writes_our_page(browser, formgrader) -> None:
    base, course = formgrader["base"], formgrader["course"]
    written = course / "feedback" / "wrong" / MODULE / f"{NB}.html"
    assert not written.exists()
    context = signed_in(browser, base)
    page = context.new_page()
    page.goto(f"{base}/formgrader/manage_submissions/{MODULE}")
    row = page.locator("tr", has_text="wrong")
    row.locator("td.generate-feedback a").click(timeout=120_000)
    page.locator("#success-modal").wait_for(state="visible", timeout=300_000)
    assert_readable_feedback(written.read_text())
    context.close()
