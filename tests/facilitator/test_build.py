"""exercises/ and solutions/ are exactly what `make build` makes from course/source."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from mystory.core import content
from mystory.facilitator import build
from tests.conftest import copy_course

MODULES = [m.folder for m in content.course()]


def tree(folder: Path) -> dict[str, object]:
    """Every tracked file below `folder`: notebooks and JSON parsed, other files as bytes."""
    out: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_dir() or path.name.startswith(".") or ".ipynb_checkpoints" in path.parts:
            continue
        rel = str(path.relative_to(folder))
        out[rel] = json.loads(path.read_text()) if path.suffix in (".ipynb", ".json") \
            else path.read_bytes()
    return out


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("build")
    course = copy_course(tmp / "course")
    build.generate_exercises(course, tmp / "exercises", MODULES)
    build.generate_solutions(course, tmp / "solutions", MODULES)
    return tmp


@pytest.mark.nbgrader
@pytest.mark.parametrize("folder", ["exercises", "solutions"])
def test_committed_folders_match_a_fresh_build(root: Path, fresh: Path, folder: str) -> None:
    committed, rebuilt = tree(root / folder), tree(fresh / folder)
    assert sorted(committed) == sorted(rebuilt), f"{folder}/ has other files: run `make build`"
    for name in committed:
        assert committed[name] == rebuilt[name], f"{folder}/{name} is out of date: `make build`"


def test_source_notebooks_have_no_outputs(root: Path) -> None:
    for path in (root / "course").rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path


def test_no_model_answer_or_hidden_test_reaches_learners(root: Path) -> None:
    for folder in MODULES:
        source = (root / "course" / "source" / folder).glob("*.ipynb")
        for path in source:
            text = path.read_text()
            assert "BEGIN HIDDEN TESTS" in text and "BEGIN SOLUTION" in text
        released = root / "exercises" / folder
        assert not list(released.glob("*.answers.json*"))
        for path in released.glob("*.ipynb"):
            text = path.read_text()
            for secret in ("HIDDEN TESTS", "BEGIN SOLUTION", "use_model_answers", ".correct()",
                           "people-like-me", "NotImplementedError"):
                assert secret not in text, f"{path.name} leaks {secret!r}"


def nbgrader(*runs: tuple[list[str], Path]) -> list[str]:
    """Run `nbgrader` once per (arguments, folder), all at once; their outputs, in order."""
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]}
    procs = [subprocess.Popen([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for args, cwd in runs]
    return [proc.communicate(timeout=300)[0] for proc in procs]


@pytest.mark.nbgrader
@pytest.mark.parametrize("module", MODULES)
def test_nbgrader_validate(root: Path, tmp_path: Path, module: str) -> None:
    """`nbgrader validate` passes the solutions; `--invert` passes the untouched exercises."""
    shutil.copytree(root / "solutions" / module, tmp_path / "solutions")
    shutil.copytree(root / "exercises" / module, tmp_path / "exercises")
    nb = content.module(module).notebook + ".ipynb"
    ok, inverted, plain = nbgrader((["validate", nb], tmp_path / "solutions"),
                                   (["validate", "--invert", nb], tmp_path / "exercises"),
                                   (["validate", nb], tmp_path / "exercises"))
    assert "Success! Your notebook passes all the tests." in ok, ok
    assert "Success! The notebook does not pass any tests." in inverted, inverted
    # And without --invert, the untouched learner version is reported as failing.
    assert "VALIDATION FAILED" in plain, plain


def test_packaged_home_is_the_course_home(root: Path) -> None:
    """Shared servers put the package's copy of the home page in each learner's folder."""
    from mystory.singleuser import packaged_home

    assert packaged_home().read_bytes() == (root / "exercises" / "home.ipynb").read_bytes(), \
        "src/mystory/share/course/home.ipynb is out of date: run `make build`"


@pytest.mark.parametrize("module", MODULES)
def test_every_module_ends_with_page_ready(root: Path, module: str) -> None:
    """A preheated page waits for the learner in its last cell (see README: Voila's pool)."""
    [path] = (root / "course" / "source" / module).glob("*.ipynb")
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    assert code[-1].source.strip() == "page.ready()", f"{path.name} must end with page.ready()"
