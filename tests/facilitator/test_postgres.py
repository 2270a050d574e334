"""Several facilitators grade at once into one gradebook on a real PostgreSQL server.

nbgrader's own advice: SQLite is not safe for several graders, so `--db-url` points every
`mystory` command at PostgreSQL. Two facilitators grade different modules at the same moment;
every grade lands, the model answers get full marks and untouched notebooks get nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mystory import facilitator as fac
from mystory.facilitator.build import nbgrader_api
from mystory.facilitator.grader import collect_folder
from tests import postgres
from tests.conftest import ROOT, copy_course
from tests.hub import is_root

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

MODULES = {"00-welcome": "welcome", "03-posting-myths": "posting-myths"}
LEARNERS = ["lee", "kim", "ana", "raj"]


@pytest.fixture(scope="module")
def db_url():
    if not is_root():
        pytest.skip("starting PostgreSQL as Debian's postgres user needs root (CI runs as root)")
    with postgres.server() as url:
        yield url


def cohort(tmp: Path) -> Path:
    """lee and raj hand in the model answers; kim hands in untouched notebooks; ana does half."""
    inbox = tmp / "inbox"
    for learner in LEARNERS:
        for module, notebook in MODULES.items():
            folder = inbox / learner / module
            folder.mkdir(parents=True)
            shutil.copy2(ROOT / "exercises" / module / f"{notebook}.ipynb", folder)
            model = ROOT / "solutions" / module / f"{notebook}.answers.json"
            if learner in ("lee", "raj") or (learner == "ana" and module == "00-welcome"):
                shutil.copy2(model, folder)
    return inbox


def grades(course: Path, module: str, learner: str, db_url: str) -> list[tuple[float, float]]:
    """(auto score, max) of each automatically marked cell of a learner's module."""
    with nbgrader_api(course, db_url=db_url).gradebook as gb:
        sub = gb.find_submission(module, learner)
        return [(g.auto_score, g.max_score) for nb in sub.notebooks for g in nb.grades
                if g.auto_score is not None]


def test_two_facilitators_grade_at_once_into_postgresql(db_url: str, tmp_path: Path) -> None:
    course = copy_course(tmp_path / "course")
    report = collect_folder(course, cohort(tmp_path))
    assert sorted(report.learners) == sorted(LEARNERS), report.problems

    command = [sys.executable, "-m", "mystory.cli", "grade", "--course", str(course),
               "--db-url", db_url, "--jobs", "2"]
    facilitators = [subprocess.Popen([*command, module], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
                    for module in MODULES]
    outputs = [p.communicate(timeout=600)[0] for p in facilitators]
    for p, out in zip(facilitators, outputs, strict=True):
        assert p.returncode == 0, out
        assert "4 graded, 0 skipped, 0 failed, 0 timed out" in out, out
    assert not (course / "gradebook.db").exists()  # nothing went to SQLite

    for module in MODULES:
        for learner in ("lee", "raj"):
            marks = grades(course, module, learner, db_url)
            assert marks and all(score == top for score, top in marks), (module, learner)
        assert all(score == 0 for score, _ in grades(course, module, "kim", db_url))
    assert all(s == t for s, t in grades(course, "00-welcome", "ana", db_url))
    assert all(s == 0 for s, _ in grades(course, "03-posting-myths", "ana", db_url))

    exported = fac.export_csv(course, tmp_path / "grades.csv", db_url).read_text()
    rows = [line for line in exported.splitlines()[1:] if line]
    assert len(rows) == len(LEARNERS) * len(MODULES), exported
