"""The answer pipeline through nbgrader: release, submit, collect, autograde, feedback, CSV."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from mystory import facilitator as fac
from mystory.core.store import AnswerStore
from tests.conftest import ROOT, grade_submissions

pytestmark = pytest.mark.nbgrader  # nbgrader round trips: `make test`, not `make check`

MODULE, NB = "00-welcome", "welcome"
AUTO_POINTS, MANUAL_POINTS = 3, 3  # the name is never marked


def wrong_answers(tmp_path: Path) -> bytes:
    folder = tmp_path / "wrong-answers"
    folder.mkdir(exist_ok=True)
    AnswerStore(folder / "a.json").save_many({
        "welcome-name": "Pat", "welcome-trust": "advert",
        "welcome-human-posts": ["coffee-morning", "garden-question"],
        "welcome-care-about": "<script>alert('hi')</script> I like bingo.",
    })
    return (folder / "a.json").read_bytes()


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Release Module 1, have five learners submit, collect and autograde them all."""
    tmp_path = tmp_path_factory.mktemp("grading")
    answers = f"{NB}.answers.json"
    model = (ROOT / "solutions" / MODULE / answers).read_bytes()
    learners = {
        "untouched": {},
        "model": {answers: model},
        "corrupt": {answers: b'{"schema": 2, "answers": {"welcome-name": '},
        "python": {answers: b"__import__('os').system('touch /tmp/pwned')"},
        "wrong": {answers: wrong_answers(tmp_path)},
    }
    # A stray answer file in the course source (say, from a facilitator trying the notebook)
    # must neither be released nor overwrite a learner's answers at autograde.
    course = grade_submissions(tmp_path, MODULE, learners,
                               stray={answers: wrong_answers(tmp_path)})
    assert not list((course / "release" / MODULE).glob("*.answers.json*"))
    return {"course": course, "tmp": tmp_path}


def test_untouched_notebook_scores_zero(graded: dict) -> None:
    s = fac.score(graded["course"], MODULE, "untouched")
    assert s.auto == 0 and s.max == AUTO_POINTS + MANUAL_POINTS


def test_model_answers_score_full_marks(graded: dict) -> None:
    course = graded["course"]
    s = fac.score(course, MODULE, "model")
    assert s.auto == AUTO_POINTS and s.manual_pending
    fac.set_manual_score(course, MODULE, "model", "welcome-care-about-rubric", MANUAL_POINTS)
    s = fac.score(course, MODULE, "model")
    assert s.total == s.max == AUTO_POINTS + MANUAL_POINTS


def test_wrong_answers_lose_exactly_their_points(graded: dict) -> None:
    assert fac.score(graded["course"], MODULE, "wrong").auto == AUTO_POINTS - 1


@pytest.mark.parametrize("learner", ["corrupt", "python"])
def test_broken_answer_files_score_zero_with_a_clear_message(graded: dict, learner: str) -> None:
    course = graded["course"]
    assert fac.score(course, MODULE, learner).auto == 0
    nb = json.loads((course / "autograded" / learner / MODULE / f"{NB}.ipynb").read_text())
    errors = [o for c in nb["cells"] for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors and all("could not be read" in o["evalue"] for o in errors)
    assert not Path("/tmp/pwned").exists()


def test_formgrader_sees_the_written_answer_beside_the_rubric(graded: dict) -> None:
    path = graded["course"] / "autograded" / "wrong" / MODULE / f"{NB}.ipynb"
    nb = nbformat.read(path, as_version=4)
    ids = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nb["cells"]]
    rubric = ids.index("welcome-care-about-rubric")
    assert nb["cells"][rubric]["metadata"]["nbgrader"]["task"] is True
    answer = nb["cells"][rubric + 1]
    shown = [o["data"] for o in answer["outputs"] if o["output_type"] == "display_data"]
    assert "<script>alert('hi')</script> I like bingo." in shown[0]["text/plain"]
    # In formgrader: wrapped (a long answer is not one line), and escaped, never live HTML.
    assert "white-space: pre-wrap" in shown[0]["text/html"]
    escaped = "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt; I like bingo."
    assert escaped in shown[0]["text/html"]


def test_formgrader_sees_every_answer_as_text_not_a_form(graded: dict) -> None:
    """Forms cannot be used in formgrader: a graded notebook shows each answer as words."""
    nb = json.loads((graded["course"] / "autograded" / "wrong" / MODULE / f"{NB}.ipynb")
                    .read_text())
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if "application/vnd.jupyter.widget-view+json"
                in o.get("data", {})]
    shown = "".join("".join(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert shown.count("mystory-graded-answer") == 5  # one for each exercise
    assert shown.count("No answer yet.") == 1  # this learner skipped one
    assert "Pat" in shown and "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in shown
    assert "<script>" not in shown


def assert_readable_feedback(page: str) -> None:
    """Our page (marks in plain words), never nbgrader's notebook with hidden tests in it."""
    assert "Welcome: why your story matters: your feedback" in page
    assert "Your mark so far: <strong>2 out of 6</strong>" in page
    for code in ("HIDDEN", "Traceback", "check(", "AssertionError", "import "):
        assert code not in page


def test_nbgrader_generate_feedback_command_writes_our_page(graded: dict) -> None:
    """What formgrader's "Generate Feedback" button runs, as a facilitator might type it."""
    course = graded["course"]
    out = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "generate_feedback",
                          MODULE, "--student", "wrong", "--force"], cwd=course,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert_readable_feedback((course / "feedback" / "wrong" / MODULE / f"{NB}.html").read_text())


def test_feedback_and_csv_export(graded: dict) -> None:
    course = graded["course"]
    folder = fac.feedback(course, MODULE, "wrong")
    page = (folder / f"{NB}.html").read_text()
    assert "I like bingo." in page
    assert "<script>alert('hi')</script>" not in page  # escaped, never live HTML
    assert_readable_feedback(page)
    out = fac.export_csv(course, graded["tmp"] / "grades.csv")
    rows = {r["student_id"]: r for r in csv.DictReader(out.open())}
    assert float(rows["untouched"]["raw_score"]) == 0
    assert float(rows["wrong"]["raw_score"]) == AUTO_POINTS - 1
