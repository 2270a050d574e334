"""Generate ``exercises/`` (learner copies, by nbgrader) and ``solutions/`` (executed answers).

``course/source`` is the single source of truth; this module is what ``make build`` runs.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from traitlets.config.loader import PyFileConfigLoader

from ..core import content
from ..core.execution import SOLUTIONS, VARIABLE
from ..core.store import is_learner_file
from ..singleuser import packaged_home
from .paths import CoursePaths
from .progress import Progress

# Fixed time for files written while building, so builds are reproducible (SOURCE_DATE_EPOCH).
BUILD_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LOCK_KEY = 0x6D7973746F7279  # "mystory": the PostgreSQL advisory lock for gradebook set-up


class BuildError(RuntimeError):
    """Building the exercises or solutions failed; the message says where."""


def nbgrader_config(course_dir: Path, exchange: Path | None = None, db_url: str | None = None):
    """The course's nbgrader_config.py, rooted at `course_dir`, with an exchange folder and a
    gradebook database URL (say, PostgreSQL for several facilitators) if given."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    config.CourseDirectory.root = str(course_dir)
    config.CourseDirectory.db_url = db_url or f"sqlite:///{course_dir}/gradebook.db?timeout=120"
    if exchange is not None:
        config.Exchange.root = str(exchange)
    return config


def nbgrader_api(course_dir: Path, exchange: Path | None = None, db_url: str | None = None):
    """nbgrader's own Python API for the course folder, with its nbgrader_config.py."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    # nbgrader runs the `alembic` command for its gradebook: make sure this environment's is found.
    bindir = os.path.dirname(sys.executable)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")

    config = nbgrader_config(course_dir, exchange, db_url)
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


@contextmanager
def gradebook_lock(db_url: str | None) -> Iterator[None]:
    """Let one facilitator at a time set up a shared PostgreSQL gradebook.

    Two `mystory` commands creating nbgrader's tables, or the same learner, at the same moment
    would clash; a PostgreSQL advisory lock takes turns. SQLite needs none (one grader only).
    """
    if not db_url or not db_url.startswith("postgresql"):
        yield
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
    finally:
        engine.dispose()


def module_folders(course_dir: Path) -> list[str]:
    """Module folders in course/source, in order."""
    source = CoursePaths(course_dir).source(".")
    return sorted(p.name for p in source.iterdir() if p.is_dir())


def remove_learner_files(folder: Path) -> list[Path]:
    """Delete answer files from a generated release: they must never reach other learners."""
    found = [p for p in folder.rglob("*") if p.is_file() and is_learner_file(p.name)]
    for path in found:
        path.unlink()
    return found


def generate_assignment(course_dir: Path, folder: str, exchange: Path | None = None,
                        db_url: str | None = None):
    """nbgrader generate_assignment for one module, minus any stray answer file."""
    api = nbgrader_api(course_dir, exchange, db_url)
    with gradebook_lock(db_url):
        result = api.generate_assignment(folder, force=True, create=True)
    if not result["success"]:
        raise BuildError(f"nbgrader could not generate {folder}:\n{result['log']}")
    for path in remove_learner_files(CoursePaths(course_dir).release(folder)):
        print(f"Left out {path.name}: answer files in course/source are never released.",
              file=sys.stderr)
    return api


def generate_exercises(course_dir: Path, exercises_dir: Path, modules: list[str],
                       progress: Progress | None = None) -> None:
    """Run nbgrader generate_assignment and copy each release into exercises/."""
    for folder in modules:
        if progress:
            progress.step(f"Making the learner version of {folder}")
        generate_assignment(course_dir, folder)
        release = CoursePaths(course_dir).release(folder)
        target = exercises_dir / folder
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(release, target)
    home = nbformat.read(course_dir / "home.ipynb", as_version=4)
    nbformat.write(home, exercises_dir / "home.ipynb")


def _tidy_outputs(nb: nbformat.NotebookNode) -> None:
    """Make executed notebooks reproducible: stable widget ids, no timings, no widget state."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for n, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                view["model_id"] = f"{cell.get('id', 'cell')}-{n}"


def execute_in_place(path: Path, env: dict[str, str] | None = None, timeout: int = 120) -> None:
    """Execute a notebook in its own folder and save it with tidy outputs."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env={**os.environ, **(env or {})})
    _tidy_outputs(nb)
    nbformat.write(nb, path)


def generate_solutions(course_dir: Path, solutions_dir: Path, modules: list[str],
                       progress: Progress | None = None) -> None:
    """Copy each source module and execute it, so its model answers are saved and checked."""
    for folder in modules:
        if progress:
            progress.step(f"Running the model answers of {folder} through their tests")
        spec = content.module(folder)
        target = solutions_dir / folder
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(CoursePaths(course_dir).source(folder), target,
                        ignore=lambda _d, names: [n for n in names if is_learner_file(n)])
        env = {VARIABLE: SOLUTIONS, "SOURCE_DATE_EPOCH": BUILD_EPOCH}
        try:
            execute_in_place(target / f"{spec.notebook}.ipynb", env=env)
        except Exception as err:  # nbclient raises CellExecutionError and others
            raise BuildError(
                f"The model answers of {folder} do not pass their tests:\n{err}") from err
        for lock in target.glob(".*.lock"):
            lock.unlink()


def build(root: Path, modules: list[str] | None = None, exercises: Path | None = None,
          solutions: Path | None = None, progress: Progress | None = None) -> None:
    """Regenerate exercises/ and solutions/ from course/source under the project `root`.

    `progress` is told each step (two a module: the learner version, the model answers run).
    """
    course_dir = root / "course"
    modules = modules or module_folders(course_dir)
    exercises_dir = exercises or root / "exercises"
    solutions_dir = solutions or root / "solutions"
    exercises_dir.mkdir(parents=True, exist_ok=True)
    solutions_dir.mkdir(parents=True, exist_ok=True)
    generate_exercises(course_dir, exercises_dir, modules, progress)
    generate_solutions(course_dir, solutions_dir, modules, progress)
    if exercises is None:  # the package carries the home page for shared servers
        shutil.copyfile(exercises_dir / "home.ipynb", packaged_home())


def copy_workspace(exercises_dir: Path, workspace: Path) -> list[Path]:
    """Copy the learner notebooks into a workspace, never touching saved answers.

    Returns the files written. Notebooks are refreshed; answer files are never overwritten.
    """
    written = []
    for src in sorted(exercises_dir.rglob("*")):
        if src.is_dir() or is_learner_file(src.name) or ".ipynb_checkpoints" in src.parts:
            continue
        dest = workspace / src.relative_to(exercises_dir)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists() and dest.read_bytes() == src.read_bytes():
            continue
        shutil.copy2(src, dest)
        written.append(dest)
    return written


def trust_notebooks(exercises_dir: Path, workspace: Path) -> int:
    """Sign the course's notebooks in a workspace as trusted, with nbformat's own notary.

    They are ours, with no outputs; unsigned, the server warns "Notebook ... is not trusted" on
    every page view, which tells a facilitator nothing they can act on. Only the course's own
    notebooks (as copied from exercises/) are signed. Returns how many.
    """
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary()
    signed = 0
    for src in sorted(exercises_dir.rglob("*.ipynb")):
        dest = workspace / src.relative_to(exercises_dir)
        if ".ipynb_checkpoints" in src.parts or not dest.is_file():
            continue
        if dest.read_bytes() == src.read_bytes():
            notary.sign(nbformat.read(dest, as_version=4))
            signed += 1
    return signed
