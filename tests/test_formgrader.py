"""Formgrader in Chromium, as a facilitator uses it: its "Generate Feedback" button."""

from __future__ import annotations

import os
import sys

import pytest

from tests.browser import free_port, running
from tests.conftest import ROOT, grade_submissions
from tests.test_nbgrader import MODULE, NB, assert_readable_feedback, wrong_answers

TOKEN = "formgrader-test-token"
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def formgrader(tmp_path_factory: pytest.TempPathFactory):
    """A facilitator's server (JupyterLab's, with nbgrader's formgrader) on a graded course."""
    tmp = tmp_path_factory.mktemp("formgrader")
    answers = f"{NB}.answers.json"
    course = grade_submissions(tmp, MODULE, {"wrong": {answers: wrong_answers(tmp)},
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


def test_generate_feedback_button_writes_our_page(browser, formgrader) -> None:
    base, course = formgrader["base"], formgrader["course"]
    written = course / "feedback" / "wrong" / MODULE / f"{NB}.html"
    assert not written.exists()
    context = browser.new_context()
    assert context.request.get(f"{base}/api?token={TOKEN}").ok  # signed in by cookie
    page = context.new_page()
    page.goto(f"{base}/formgrader/manage_submissions/{MODULE}")
    row = page.locator("tr", has_text="wrong")
    row.locator("td.generate-feedback a").click(timeout=120_000)
    page.locator("#success-modal").wait_for(state="visible", timeout=300_000)
    assert_readable_feedback(written.read_text())
    context.close()
