"""One learner's bad file never stops anything for the others, and every figure is the same.

A small class goes the facilitator's way (collect from folders, `mystory grade`, then the
report, certificates, exports): a deeply nested answer file, a damaged answer file with its
`.bak`, an oversized picture, and written answers marked in formgrader afterwards.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from mystory import facilitator as fac
from mystory.facilitator import grader, report
from mystory.facilitator.build import generate_assignment
from tests.conftest import ROOT, copy_course

pytestmark = pytest.mark.nbgrader  # grades with nbgrader: `make test`, not `make check`

MODULE, NB = "00-welcome", "welcome"
STORY, STORY_NB = "01-your-story", "your-story"
ANSWERS = f"{NB}.answers.json"
MODEL = (ROOT / "solutions" / MODULE / ANSWERS).read_bytes()
DEEP = b'{"schema": 2, "answers": {"welcome-name": {"value": ' + b"[" * 10_000 \
    + b"]" * 10_000 + b"}}}"  # valid JSON, 22 KB: once RecursionError everywhere
WRITTEN = "welcome-care-about-rubric"  # the written answer a facilitator marks (3 points)


def mystory(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mystory.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def hand_in(inbox: Path, learner: str, module: str, notebook: str,
            files: dict[str, bytes]) -> None:
    folder = inbox / learner / module
    folder.mkdir(parents=True)
    (folder / f"{notebook}.ipynb").write_bytes(
        (ROOT / "exercises" / module / f"{notebook}.ipynb").read_bytes())
    for name, data in files.items():
        (folder / name).write_bytes(data)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("bad-files")
    course = copy_course(tmp / "course")
    generate_assignment(course, MODULE)
    inbox = tmp / "inbox"
    hand_in(inbox, "model", MODULE, NB, {ANSWERS: MODEL})
    hand_in(inbox, "deep", MODULE, NB, {ANSWERS: DEEP})
    hand_in(inbox, "restored", MODULE, NB, {ANSWERS: b'{"schema": 2, "answers": {',
                                            f"{ANSWERS}.bak": MODEL})
    hand_in(inbox, "big", MODULE, NB, {ANSWERS: MODEL,
                                       f"{NB}.photo.png": b"\x89PNG" + b"0" * (7 << 20)})
    hand_in(inbox, "big", STORY, STORY_NB, {})
    collected = grader.collect_folder(course, inbox)
    lines: list[str] = []
    results = grader.grade(course, [MODULE], jobs=3, echo=lines.append)
    return {"course": course, "collected": collected, "tmp": tmp,
            "results": {r.learner: r for r in results}}


def test_an_oversized_file_leaves_out_that_file_only(run: dict) -> None:
    """It dropped the learner's whole hand-in, valid modules included, without saying so."""
    course, collected = run["course"], run["collected"]
    assert "big" in collected.learners
    [said] = [p for p in collected.problems if "big" in p]
    assert "00-welcome/welcome.photo.png" in said and "larger than 6 MB" in said
    assert "rest of big's hand-in was collected" in said
    assert (course / "submitted" / "big" / STORY / f"{STORY_NB}.ipynb").is_file()
    assert not (course / "submitted-original" / "big" / MODULE / f"{NB}.photo.png").exists()
    assert fac.score(course, MODULE, "big").auto == 3  # the answers were marked


def test_a_deeply_nested_file_is_graded_as_unreadable_in_plain_words(run: dict) -> None:
    result = run["results"]["deep"]
    assert result.status == "graded" and result.total == 0, result
    assert "nested far more deeply than answers ever are" in result.message
    assert "recursion" not in result.message.lower()
    assert {r.status for r in run["results"].values()} == {"graded"}


def test_grading_falls_back_to_the_backup_and_says_so(run: dict) -> None:
    """`.answers.json.bak` is collected; a damaged answer file is marked from it, as the
    learner's own page would bring it back."""
    course = run["course"]
    assert (course / "submitted-original" / "restored" / MODULE / f"{ANSWERS}.bak").is_file()
    result = run["results"]["restored"]
    assert result.auto == 3 and "copy saved just before it" in result.message
    assert "welcome.answers.json.bak" in result.message
    kept = course / "submitted-original" / "restored" / MODULE / ANSWERS
    assert kept.read_bytes() == b'{"schema": 2, "answers": {'  # the learner's file untouched


def test_report_certificates_and_dashboard_carry_on_and_name_the_file(run: dict) -> None:
    course, tmp = run["course"], run["tmp"]
    out = mystory("report", "--course", str(course), "--to", str(tmp / "report.html"))
    assert out.returncode == 0, out.stderr
    assert "deep's answers to 00-welcome: The answer file welcome.answers.json could not be " \
        "read" in out.stdout and "nested far more deeply" in out.stdout
    page = (tmp / "report.html").read_text()
    assert "4 learner(s)" in page and "Files that could not be read" in page
    out = mystory("certificates", "--course", str(course), "--to", str(tmp / "certs"))
    assert out.returncode == 0 and "deep's answers to 00-welcome" in out.stdout, out.stderr
    from mystory.facilitator.dashboard import learner_html

    data = report.gather(course)
    assert "Welcome" in learner_html(data, "deep") and data.problems


def test_certificates_say_why_none_were_written_and_who_waits_for_what(run: dict) -> None:
    out = mystory("certificates", "--course", str(run["course"]), "--to",
                  str(run["tmp"] / "certs-why"))
    assert out.returncode == 0, out.stderr
    said = out.stdout
    assert "0 certificate(s) written" in said
    assert "None can pass until their written answers are marked in formgrader" in said
    assert "  model: written answers to mark in formgrader: 00-welcome; not handed in or not " \
        "graded yet: 01-your-story" in said
    assert "  big: written answers to mark in formgrader: 00-welcome" in said


def test_one_figure_everywhere_once_written_answers_are_marked(run: dict) -> None:
    """`mystory grade` said 4/7 after formgrader gave 3/3, while the gradebook said 7/7."""
    course = run["course"]
    fac.set_manual_score(course, MODULE, "model", WRITTEN, 3)
    again = {r.learner: r for r in grader.grade(course, [MODULE], echo=lambda _: None)}
    table = grader.summary_table(list(again.values()))
    row = next(line for line in table.splitlines() if line.startswith("model "))
    assert "6/6" in row and "to mark" not in row, table
    forced = grader.grade(course, [MODULE], force=True, echo=lambda _: None)
    assert next(r for r in forced if r.learner == "model").total == 6
    rows = {r["student_id"]: r for r in fac.grade_rows(course) if r["assignment"] == MODULE}
    assert rows["model"]["raw_score"] == 6 and rows["model"]["note"] == ""
    assert rows["deep"]["note"] == "written answers to mark in formgrader"
    data = report.gather(course)
    [row0] = [r for r in data.modules if r.spec.folder == MODULE]
    assert row0.scores["model"] == (6, 6) and "model" not in row0.to_mark


def test_xlsx_keeps_other_files_and_stores_numbers(run: dict, tmp_path: Path) -> None:
    import openpyxl

    mine = tmp_path / "grades.csv"
    mine.write_text("the facilitator's own notes\n")
    out = mystory("export", "--course", str(run["course"]), "--format", "xlsx", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert mine.read_text() == "the facilitator's own notes\n"  # it was deleted
    sheet = openpyxl.load_workbook(tmp_path / "grades.xlsx")["Grades"]
    head = [c.value for c in sheet[1]]
    body = [dict(zip(head, (c.value for c in row), strict=True)) for row in sheet.iter_rows(
        min_row=2)]
    big = next(r for r in body if r["student_id"] == "big" and r["assignment"] == MODULE)
    assert isinstance(big["raw_score"], int | float) and big["raw_score"] >= 3  # was text
    assert isinstance(big["max_score"], int | float) and big["max_score"] == 6
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades.csv", "grades.xlsx"]


def test_a_failed_grade_says_so_in_exports(tmp_path: Path) -> None:
    """A failed grade looked like a missing module (0/15, no note)."""
    course = copy_course(tmp_path / "course")
    generate_assignment(course, MODULE)
    hand_in(tmp_path / "inbox", "sam", MODULE, NB, {ANSWERS: MODEL})
    grader.collect_folder(course, tmp_path / "inbox")
    [result] = grader.grade(course, [MODULE], jobs=1, timeout=0.2, echo=lambda _: None)
    assert result.status == "timed out"
    fac.export_csv(course, tmp_path / "grades.csv")
    rows = list(csv.DictReader((tmp_path / "grades.csv").open()))
    [sam] = [r for r in rows if r["student_id"] == "sam" and r["assignment"] == MODULE]
    assert sam["note"] == "grading failed: Stopped after 0 s."
    data = report.gather(course)
    assert any("grading failed" in why for why in report.waiting_for(data, "sam"))
