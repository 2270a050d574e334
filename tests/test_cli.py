"""The `mystory` command as a facilitator uses it: collect, grade, feedback, export, --help."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from mystory.core.store import AnswerStore, read_answers
from tests.conftest import ROOT, copy_course

COMMANDS = ["build", "workspace", "serve", "release", "collect", "grade", "feedback", "export"]


def mystory(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mystory.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    out = mystory(command, "--help")
    assert out.returncode == 0 and "usage: mystory" in out.stdout


def test_wrong_course_folder_is_named(tmp_path: Path) -> None:
    out = mystory("grade", "--course", str(tmp_path))
    assert out.returncode != 0 and str(tmp_path) in out.stderr
    assert "nbgrader_config.py" in out.stderr


def test_collect_needs_a_source(tmp_path: Path) -> None:
    out = mystory("collect", "--course", str(copy_course(tmp_path / "course")))
    assert out.returncode == 2 and "--from FOLDER" in out.stderr


@pytest.mark.nbgrader
def test_a_cohort_from_folders_to_feedback_and_grades(tmp_path: Path) -> None:
    course = copy_course(tmp_path / "course")
    inbox = tmp_path / "inbox"
    story = dict(read_answers(ROOT / "solutions" / "01-your-story" / "your-story.answers.json"))
    story["story-cv-reflection"] = "<script>alert('x')</script> My old photos."
    for learner, answers in {"ann": None, "bob": story}.items():
        for module, nb in (("00-welcome", "welcome"), ("01-your-story", "your-story")):
            folder = inbox / learner / module
            folder.mkdir(parents=True)
            nbformat.write(nbformat.read(ROOT / "exercises" / module / f"{nb}.ipynb",
                                         as_version=4), folder / f"{nb}.ipynb")
            if learner == "bob":
                data = answers if module == "01-your-story" else read_answers(
                    ROOT / "solutions" / module / f"{nb}.answers.json")
                AnswerStore(folder / f"{nb}.answers.json").save_many(data)
    out = mystory("collect", "--course", str(course), "--from", str(inbox))
    assert out.returncode == 0 and "Collected 2 learner(s)" in out.stdout, out.stderr
    out = mystory("grade", "--course", str(course), "--jobs", "2")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "[4/4]" in out.stdout and "4 graded" in out.stdout
    out = mystory("feedback", "--course", str(course))
    assert out.returncode == 0 and "Wrote 4 feedback page(s)" in out.stdout
    page = (course / "feedback" / "bob" / "01-your-story" / "your-story.html").read_text()
    assert "Your mark so far: <strong>5 out of 9</strong>" in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; My old photos." in page
    for code in ("check(", "HIDDEN", "import ", "<script"):
        assert code not in page
    ann = (course / "feedback" / "ann" / "00-welcome" / "welcome.html").read_text()
    assert "No answer file was handed in" in ann
    assert "Please note:</strong> No answer file was handed in, so there was nothing" in ann
    out = mystory("export", "--course", str(course), "--to", str(tmp_path / "grades.csv"))
    assert out.returncode == 0
    rows = list(csv.DictReader((tmp_path / "grades.csv").open()))
    scores = {(r["student_id"], r["assignment"]): float(r["raw_score"]) for r in rows}
    assert scores[("bob", "01-your-story")] == 5 and scores[("ann", "00-welcome")] == 0
    out = mystory("export", "--course", str(course), "--format", "xlsx", "--to",
                  str(tmp_path / "grades.xlsx"))
    assert out.returncode == 0, out.stderr
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "grades.xlsx")["Grades"]
    assert [c.value for c in sheet[1]][:4] == ["assignment", "duedate", "timestamp",
                                               "student_id"]


@pytest.mark.server
def test_serve_shows_the_address_and_no_noise(tmp_path: Path) -> None:
    """`make serve` shows where the course is and what to do; no warnings about nothing.

    (It printed a line per kernel and file, and "Notebook ... is not trusted" per page view.)
    """
    import urllib.request

    from tests.browser import free_port, running

    port = free_port()
    base = f"http://localhost:{port}"
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "mystory.cli", "serve", "--workspace",
               str(tmp_path / "workspace"), "--port", str(port)]
    with running(command, log, base + "/", cwd=ROOT):
        for page in ("00-welcome/welcome.ipynb", "01-your-story/your-story.ipynb"):
            with urllib.request.urlopen(f"{base}/voila/render/{page}", timeout=300) as reply:
                assert reply.status == 200 and b"</html>" in reply.read()
        # What it shows while it runs (stopping it here kills its kernels abruptly).
        lines = [line for line in log.read_text().splitlines() if line.strip()]
    assert lines[0] == f"The course is at http://localhost:{port}/  (press Ctrl+C to stop)"
    assert len(lines) <= 5, "\n".join(lines)
    text = "\n".join(lines).lower()
    assert "not trusted" not in text and "deprecat" not in text
