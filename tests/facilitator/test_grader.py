"""`mystory collect` and `mystory grade`: a learner's code never runs, bad submissions never stop
the run, grading is parallel, unchanged work is skipped."""

from __future__ import annotations

import io
import os
import sqlite3
import zipfile
from pathlib import Path

import nbformat
import pytest

from mystory import facilitator as fac
from mystory.facilitator import grader
from mystory.facilitator.build import generate_assignment
from tests.conftest import ROOT, copy_course

pytestmark = pytest.mark.nbgrader  # nbgrader round trips: `make test`, not `make check`

MODULE, NB = "00-welcome", "welcome"
ANSWERS = f"{NB}.answers.json"
MODEL = (ROOT / "solutions" / MODULE / ANSWERS).read_bytes()
PWNED = Path("/tmp/mystory-test-pwned")

EVIL_CELL = f"""
import pathlib, sqlite3
secret = pathlib.Path('../../../source/{MODULE}/{NB}.ipynb').read_text()
pathlib.Path('{PWNED}').write_text(secret[:100])
db = sqlite3.connect('../../../gradebook.db')
db.execute("update grade set auto_score = 99")
db.commit()
"""


def workspace(base: Path, learner: str, notebook: nbformat.NotebookNode | None,
              files: dict[str, bytes]) -> None:
    folder = base / learner / MODULE
    folder.mkdir(parents=True)
    if notebook is not None:
        nbformat.write(notebook, folder / f"{NB}.ipynb")
    for name, data in files.items():
        (folder / name).write_bytes(data)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("cohort")
    course = copy_course(tmp / "course")
    generate_assignment(course, MODULE)
    release = nbformat.read(course / "release" / MODULE / f"{NB}.ipynb", as_version=4)
    inbox = tmp / "inbox"
    inbox.mkdir()
    PWNED.unlink(missing_ok=True)

    evil = nbformat.from_dict(release)
    evil.cells.insert(1, nbformat.v4.new_code_cell(EVIL_CELL))
    gutted = nbformat.from_dict(release)
    gutted.cells = [c for c in gutted.cells if not c.get("metadata", {}).get("nbgrader", {})
                    .get("grade")]
    doubled = nbformat.from_dict(release)
    doubled.cells += doubled.cells[4:6]
    looping = nbformat.from_dict(release)
    looping.cells.insert(2, nbformat.v4.new_code_cell("while True:\n    print('x' * 10000)"))

    workspace(inbox, "model", release, {ANSWERS: MODEL})
    workspace(inbox, "hacker", evil, {ANSWERS: MODEL, "mystory.py": b"raise SystemExit(1)"})
    workspace(inbox, "gutted", gutted, {ANSWERS: MODEL})
    workspace(inbox, "doubled", doubled, {ANSWERS: MODEL})
    workspace(inbox, "looper", looping, {ANSWERS: MODEL})
    workspace(inbox, "python-answers", release, {ANSWERS: b"__import__('os').system('id')"})
    workspace(inbox, "corrupt", release, {ANSWERS: b'{"schema": 2, "answers": {'})
    workspace(inbox, "no-answers", release, {})
    workspace(inbox, "bad name!", release, {ANSWERS: MODEL})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(f"{MODULE}/{NB}.ipynb", nbformat.writes(release))
        z.writestr(f"{MODULE}/{ANSWERS}", MODEL)
        z.writestr(f"{MODULE}/extra.py", "print('never copied')")
    (inbox / "zipped.zip").write_bytes(buffer.getvalue())
    with zipfile.ZipFile(inbox / "climber.zip", "w") as z:
        z.writestr(f"../../{MODULE}/{ANSWERS}", MODEL)

    collected = grader.collect_folder(course, inbox)
    lines: list[str] = []
    results = grader.grade(course, [MODULE], jobs=3, echo=lines.append)
    # The gradebook as this run left it (test_rerun_... grades again later).
    scores = {r.learner: fac.score(course, MODULE, r.learner) for r in results}
    return {"course": course, "collected": collected, "results": {r.learner: r for r in results},
            "lines": lines, "scores": scores}


def test_collect_takes_only_safe_learners_and_files(run: dict) -> None:
    collected = run["collected"]
    assert sorted(collected.learners) == sorted(
        ["corrupt", "doubled", "gutted", "hacker", "looper", "model", "no-answers",
         "python-answers", "zipped"])
    problems = " ".join(collected.problems)
    assert "'bad name!'" in problems and "letters, numbers" in problems
    assert "climber.zip" in problems and "climbs out of its folder" in problems
    kept = {p.name for p in (run["course"] / "submitted" / "hacker" / MODULE).iterdir()}
    assert "mystory.py" not in kept and "extra.py" not in {
        p.name for p in (run["course"] / "submitted" / "zipped" / MODULE).iterdir()}


def test_every_learner_is_graded_and_none_stops_the_run(run: dict) -> None:
    results = run["results"]
    assert {r.status for r in results.values()} == {"graded"}, results
    assert len(run["lines"]) == len(results) + 1 and "about" in run["lines"][-1]
    assert run["lines"][0].startswith("Getting ready: the course's own notebooks")
    table = grader.summary_table(list(results.values()))
    assert "9 graded" in table and "model" in table
    assert "3/6 + to mark" in table and "written answers wait for you in formgrader" in table


@pytest.mark.parametrize("learner,auto", [
    ("model", 3), ("hacker", 3), ("gutted", 3), ("doubled", 3), ("looper", 3), ("zipped", 3),
    ("python-answers", 0), ("corrupt", 0), ("no-answers", 0)])
def test_scores(run: dict, learner: str, auto: int) -> None:
    assert fac.score(run["course"], MODULE, learner).auto == auto


def test_a_learners_code_never_runs(run: dict) -> None:
    assert not PWNED.exists()
    db = sqlite3.connect(run["course"] / "gradebook.db")
    assert db.execute("select max(auto_score) from grade").fetchone()[0] <= 2
    graded = (run["course"] / "autograded" / "hacker" / MODULE / f"{NB}.ipynb").read_text()
    assert "sqlite3" not in graded
    original = run["course"] / "submitted-original" / "hacker" / MODULE / f"{NB}.ipynb"
    assert "sqlite3" in original.read_text()  # what the learner sent is kept, untouched
    assert "changed" in run["results"]["hacker"].message


def test_missing_answers_are_explained(run: dict) -> None:
    assert "No answer file" in run["results"]["no-answers"].message


@pytest.mark.parametrize("learner", ["corrupt", "python-answers"])
def test_unreadable_answers_are_explained_in_plain_words(run: dict, learner: str) -> None:
    message = run["results"][learner].message
    assert "could not be read: it is damaged, or was changed by hand" in message
    assert "Error" not in message  # no programmer's words for the learner
    assert learner in grader.summary_table(list(run["results"].values()))


def test_rerun_skips_unchanged_and_force_regrades(run: dict) -> None:
    again = grader.grade(run["course"], [MODULE], jobs=2, echo=lambda _line: None)
    assert {r.status for r in again} == {"skipped"}
    forced = grader.grade(run["course"], [MODULE], jobs=2, force=True, echo=lambda _line: None)
    assert {r.status for r in forced} == {"graded"}
    assert fac.score(run["course"], MODULE, "model").auto == 3


def small_class(tmp_path: Path, learners: dict[str, dict[str, bytes]]) -> Path:
    """A course with these learners' workspaces collected: {learner: {file name: bytes}}."""
    course = copy_course(tmp_path / "course")
    inbox = tmp_path / "inbox"
    generate_assignment(course, MODULE)
    release = nbformat.read(course / "release" / MODULE / f"{NB}.ipynb", as_version=4)
    for learner, files in learners.items():
        workspace(inbox, learner, release, files)
    grader.collect_folder(course, inbox)
    return course


def test_time_limit_stops_a_slow_grade(tmp_path: Path) -> None:
    course = small_class(tmp_path, {"sam": {ANSWERS: MODEL}})
    [result] = grader.grade(course, [MODULE], jobs=1, timeout=0.2, echo=lambda _line: None)
    assert result.status == "timed out" and "Stopped after" in result.message
    assert not running_in(course)  # the stopped grade's kernel went with it


def running_in(folder: Path) -> list[int]:
    """Processes whose working folder is inside `folder` (Linux)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if Path(os.readlink(proc / "cwd")).is_relative_to(folder):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def test_cold_kernels_grade_the_same(tmp_path: Path) -> None:
    """Kernels forked from the warm process change only the speed: the same marks without it."""
    course = small_class(tmp_path, {"model": {ANSWERS: MODEL}, "untouched": {}})
    results = grader.grade(course, [MODULE], jobs=2, warm=False, echo=lambda _line: None)
    assert {r.learner: r.auto for r in results} == {"model": 3, "untouched": 0}


def test_learner_ids() -> None:
    assert grader.check_learner_id("sam.jones-2") == "sam.jones-2"
    for bad in ("", "..", "../x", "a b", "é", "x" * 65, "-x"):
        assert grader.check_learner_id(bad) is None


def test_each_result_carries_the_gradebooks_score(run: dict) -> None:
    for learner, result in run["results"].items():
        score = run["scores"][learner]
        assert (result.auto, result.max, result.to_mark) == \
            (score.auto, score.max, score.manual_pending), learner
        assert result.seconds > 0 and result.module == MODULE
    assert run["results"]["model"].to_mark  # the written answer waits for the facilitator
