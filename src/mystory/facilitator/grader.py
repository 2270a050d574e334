"""Collect and grade a cohort, safely and in parallel.

Grading never runs a learner's code: before nbgrader autogrades a submission, its notebook is
replaced by the course's own released notebook, and only the module's data files (the answer
file and the profile picture, checked for size) are kept beside it. What the learner handed in
is kept untouched in ``submitted-original/``. Each submission is graded in its own process with a
time limit, so one bad submission never stops the others.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
import zipfile
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from ..core import content
from ..core.store import (
    BACKUP,
    HANDIN_STAMPS,
    AnswerFileProblem,
    answer_path,
    data_files,
    parse,
    read_bytes,
)
from . import autograde, score
from .build import generate_assignment, gradebook_lock, nbgrader_api
from .outcomes import record_failure
from .paths import CoursePaths
from .roster import add_learners
from .submissions import MAX_FILE_BYTES, Collected, check_learner_id, store_submission
from .warmkernel import warm_process

FINGERPRINT = ".mystory-fingerprint"
NOTES = ".mystory-notes"  # what grading noticed, shown on the learner's feedback page
DEFAULT_TIMEOUT = 300


def backup_file(notebook: str) -> str:
    """The answer store's copy of the answers saved just before the latest (see core.store)."""
    return answer_path(notebook, Path()).name + BACKUP


def _module_specs() -> dict[str, content.ModuleSpec]:
    return {m.folder: m for m in content.course()}


def collect_folder(course: Path, source: Path) -> Collected:
    """Gather submissions from a folder holding one workspace folder or zip file per learner.

    Only a module's notebook and its data files are taken; anything else is left behind.
    """
    report = Collected()
    modules = _module_specs()
    for entry in sorted(source.iterdir()):
        raw = entry.stem if entry.suffix == ".zip" else entry.name
        learner = check_learner_id(raw)
        if learner is None:
            report.problems.append(
                f"Skipped {entry.name!r}: a learner's name may use letters, numbers, dots, dashes "
                "and underscores only. Rename the folder or zip and collect again.")
            continue
        left_out: list[str] = []
        try:
            found = _read_zip(entry, modules, left_out) if entry.suffix == ".zip" else \
                _read_folder(entry, modules, left_out) if entry.is_dir() else None
        except (zipfile.BadZipFile, OSError, ValueError) as err:
            report.problems.append(f"Skipped {entry.name!r} ({learner}): {err}")
            continue
        for name in left_out:
            report.problems.append(
                f"Left out {learner}'s {name}: it is larger than 6 MB. The rest of "
                f"{learner}'s hand-in was collected.")
        if found is None:
            continue
        for module, files in found.items():
            store_submission(course, learner, module, files)
        if found:
            report.learners.append(learner)
        else:
            report.problems.append(f"{entry.name!r} ({learner}) holds no course module.")
    return report


def _allowed(module: content.ModuleSpec) -> set[str]:
    """The notebook and the only files of a submission grading reads besides it: pure data
    (the answer file's backup is read only when the answer file cannot be)."""
    return {f"{module.notebook}.ipynb", *data_files(module.notebook),
            backup_file(module.notebook)}


def _read_folder(folder: Path, modules: dict[str, content.ModuleSpec],
                 left_out: list[str]) -> dict:
    """The allowed files of each module in a learner's folder; an oversized file is named in
    `left_out` and skipped, the other files and modules still taken."""
    found: dict[str, dict[str, bytes]] = {}
    for name, spec in modules.items():
        sub = folder / name
        if not sub.is_dir() or sub.is_symlink():
            continue
        files = {}
        for filename in sorted(_allowed(spec)):
            path = sub / filename
            if path.is_file() and not path.is_symlink():
                if path.stat().st_size > MAX_FILE_BYTES:
                    left_out.append(f"{name}/{filename}")
                    continue
                files[filename] = path.read_bytes()
        found[name] = files
    return found


def _read_zip(path: Path, modules: dict[str, content.ModuleSpec], left_out: list[str]) -> dict:
    found: dict[str, dict[str, bytes]] = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            name = info.filename.replace("\\", "/")
            parts = [p for p in name.split("/") if p not in ("", ".")]
            if name.startswith("/") or ".." in parts or re.match(r"^[A-Za-z]:", name):
                raise ValueError(f"the zip holds a path that climbs out of its folder ({name})")
            if info.is_dir() or len(parts) < 2:
                continue
            module, filename = parts[-2], parts[-1]
            spec = modules.get(module)
            if spec is None or filename not in _allowed(spec):
                continue
            files = found.setdefault(module, {})
            if info.file_size > MAX_FILE_BYTES:
                left_out.append(f"{module}/{filename}")
                continue
            files[filename] = archive.read(info)
    return found


def prepare(course: Path, module: str, learner: str) -> list[str]:
    """Put the course's own notebook in place of the learner's; keep only data files.

    Returns notes for the learner's feedback (for example, an edited notebook was set aside).
    """
    spec = _module_specs()[module]
    paths = CoursePaths(course)
    submitted = paths.submitted(learner, module)
    original = paths.original(learner, module)
    if not original.exists():
        original.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(submitted, original, symlinks=True)
    release = paths.release(module) / f"{spec.notebook}.ipynb"
    notes = []
    handed_in = original / f"{spec.notebook}.ipynb"
    if not handed_in.is_file():
        notes.append("Your notebook was missing, so the course's own copy was used to mark your "
                      "saved answers.")
    elif handed_in.read_bytes() != release.read_bytes():
        notes.append("Your notebook had been changed. Only your saved answers were marked, "
                     "with the course's own copy of the notebook.")
    shutil.rmtree(submitted)
    submitted.mkdir(parents=True)
    shutil.copy2(release, submitted / release.name)
    for name in data_files(spec.notebook):
        path = original / name
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_FILE_BYTES:
            shutil.copy2(path, submitted / name)
    for kept in HANDIN_STAMPS:
        path = original / kept
        if path.is_file() and not path.is_symlink() and path.stat().st_size < 200:
            shutil.copy2(path, submitted / kept)
    answers = answer_path(spec.notebook, submitted)
    if not answers.exists():
        notes.append("No answer file was handed in, so there was nothing to mark.")
    else:
        try:
            parse(read_bytes(answers))  # strictly as data, as the notebook will read it
        except AnswerFileProblem as err:
            notes.append(_fall_back(answers, original / backup_file(spec.notebook), err))
    return notes


def _fall_back(answers: Path, backup: Path, err: AnswerFileProblem) -> str:
    """Mark the copy saved just before (as the learner's own page would bring it back) when the
    answer file cannot be read; return the note that says which was marked."""
    try:
        if backup.is_symlink():
            raise AnswerFileProblem("a link")
        raw = read_bytes(backup)
        parse(raw)
    except (OSError, AnswerFileProblem):
        return f"The answer file could not be read: {err}. So nothing in it could be marked."
    answers.write_bytes(raw)
    return (f"The answer file could not be read: {err}. So the copy saved just before it "
            f"({backup.name}) was marked instead.")


def fingerprint(folder: Path) -> str:
    """A hash of a submission's files, to skip grading what has not changed."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Result:
    module: str
    learner: str
    status: str  # "graded", "skipped" (unchanged), "failed", "timed out"
    seconds: float = 0.0
    message: str = ""
    auto: float | None = None
    max: float | None = None
    to_mark: bool = False  # written answers wait for the facilitator in formgrader
    total: float | None = None  # automatic and written-answer marks: the gradebook's score


def submissions(course: Path, modules: list[str]) -> list[tuple[str, str]]:
    """(module, learner) for every collected submission of these modules."""
    paths = CoursePaths(course)
    return [(module, learner) for learner in paths.learners() for module in modules
            if paths.submitted(learner, module).is_dir()]


def grade_one(course: Path, module: str, learner: str, db_url: str | None = None,
              warm_socket: str = "") -> str:
    """Grade one submission (run in a worker process). Returns notes joined by newlines."""
    notes = prepare(course, module, learner)
    autograde(course, module, learner, db_url=db_url, warm_socket=warm_socket)
    (CoursePaths(course).autograded(learner, module) / NOTES).write_text("\n".join(notes))
    return "\n".join(notes)


def default_jobs() -> int:
    """Workers for `mystory grade`: three per core. A notebook's kernel spends most of its time
    waiting for messages, so fewer leave the cores idle (see benchmarks/grading.py)."""
    return 3 * (os.cpu_count() or 1)


def grade(course: Path, modules: list[str] | None = None, jobs: int | None = None,
          timeout: float = DEFAULT_TIMEOUT, force: bool = False, db_url: str | None = None,
          echo: Callable[[str], None] = print, warm: bool = True) -> list[Result]:
    """Autograde every collected submission of `modules`, `jobs` at a time.

    With `warm`, each notebook's kernel is forked from one warm process (`mystory.warmkernel`).
    """
    modules = modules or [m.folder for m in content.course()]
    echo(f"Getting ready: the course's own notebooks for {len(modules)} module(s), then a "
         "warm Python to grade with.")
    for module in modules:  # the trusted notebooks, made once before the workers start
        generate_assignment(course, module, db_url=db_url)
    jobs = max(1, jobs or default_jobs())
    queue = submissions(course, modules)
    # Learners are added to the gradebook here, one by one: two workers adding the same learner
    # at once would clash.
    with gradebook_lock(db_url), nbgrader_api(course, db_url=db_url).gradebook as gb:
        add_learners(gb, course, sorted({learner for _module, learner in queue}))
    results: list[Result] = []
    todo = []
    paths = CoursePaths(course)
    for module, learner in queue:
        original = paths.original(learner, module)
        submitted = paths.submitted(learner, module)
        if original.exists() and _newer(submitted, original):
            shutil.rmtree(original)  # collected again since last time: start from the new one
        source = original if original.exists() else submitted
        mark = paths.autograded(learner, module) / FINGERPRINT
        print_ = fingerprint(source)
        if not force and mark.is_file() and mark.read_text() == print_:
            skipped = Result(module, learner, "skipped", message="unchanged since last time")
            results.append(_with_score(skipped, course, db_url))
            continue
        todo.append((module, learner, print_))
    if not todo:
        return results
    with warm_process() if warm else nullcontext("") as warm_socket:
        results += _run(course, todo, jobs, timeout, db_url, warm_socket, echo)
    return results


def _run(course: Path, todo: list[tuple[str, str, str]], jobs: int, timeout: float,
         db_url: str | None, warm_socket: str, echo: Callable[[str], None]) -> list[Result]:
    """Grade `todo` in `jobs` worker processes, each submission within `timeout` seconds."""
    results: list[Result] = []
    total, done, started = len(todo), 0, time.monotonic()
    pool = _pool(jobs)
    running: dict = {}  # async result -> (module, learner, fingerprint, start)
    try:
        while todo or running:
            while todo and len(running) < jobs:
                module, learner, print_ = todo.pop(0)
                job = pool.apply_async(_grade_safely,
                                       (str(course), module, learner, db_url, warm_socket))
                running[job] = (module, learner, print_, time.monotonic())
            time.sleep(0.02)
            for job, (module, learner, print_, began) in list(running.items()):
                elapsed = time.monotonic() - began
                if not job.ready() and elapsed < timeout:
                    continue
                del running[job]
                if not job.ready():
                    result = Result(module, learner, "timed out", elapsed,
                                    f"Stopped after {timeout:.0f} s.")
                    record_failure(course, module, learner, result.message)
                    # A pool cannot stop one worker: stop them all, start afresh and put the
                    # other unfinished submissions back in the queue.
                    pool.terminate()
                    todo = [(m, x, f) for m, x, f, _b in running.values()] + todo
                    running = {}
                    pool = _pool(jobs)
                else:
                    ok, message = job.get()
                    if ok:
                        result = Result(module, learner, "graded", elapsed, message)
                        (CoursePaths(course).autograded(learner, module) / FINGERPRINT
                         ).write_text(print_)
                        record_failure(course, module, learner, None)
                        _with_score(result, course, db_url)
                    else:
                        result = Result(module, learner, "failed", elapsed, message)
                        record_failure(course, module, learner, message)
                results.append(result)
                done += 1
                eta = (time.monotonic() - started) / done * (total - done)
                echo(f"[{done}/{total}] {learner} · {module}: {result.status}"
                     f" ({result.seconds:.1f} s) · about {eta:.0f} s left")
    finally:
        pool.terminate()
    return results


def _with_score(result: Result, course: Path, db_url: str | None) -> Result:
    """Fill in the gradebook's figures: the same score formgrader, exports and reports show."""
    try:
        marks = score(course, result.module, result.learner, db_url=db_url)
    except Exception:  # noqa: BLE001 - nbgrader's MissingEntry: nothing graded yet
        return result
    result.auto, result.max, result.total = marks.auto, marks.max, marks.total
    result.to_mark = marks.manual_pending
    return result


def _pool(jobs: int):
    """Worker processes forked from this one, so nbgrader is imported once, not per notebook."""
    import multiprocessing

    return multiprocessing.get_context("fork").Pool(jobs, initializer=_quiet_worker)


def _quiet_worker() -> None:
    import warnings

    warnings.simplefilter("ignore")


def _grade_safely(course: str, module: str, learner: str, db_url: str | None,
                  warm_socket: str) -> tuple[bool, str]:
    """Grade one submission in a worker; never raise (the reason goes back as text).

    A failure is tried once more: a kernel can lose a race for a network port when several
    start at once, which says nothing about the submission.
    """
    for attempt in (1, 2):
        try:
            return True, grade_one(Path(course), module, learner, db_url, warm_socket)
        except Exception as err:  # noqa: BLE001 - one bad submission must not stop the others
            text = str(err).strip().splitlines()
            reason = (text[-1] if text else err.__class__.__name__)[:300]
            if attempt == 2:
                return False, reason
    return False, "not graded"  # pragma: no cover - the loop always returns


def _newer(submitted: Path, original: Path) -> bool:
    """True when a fresh collection has replaced the submission since it was set aside."""
    stamp = submitted / "timestamp.txt"
    kept = original / "timestamp.txt"
    if not original.exists() or not stamp.is_file():
        return False
    return not kept.is_file() or stamp.read_bytes() != kept.read_bytes()


def summary_table(results: list[Result]) -> str:
    """The end-of-run table: one row per learner and module."""
    rows = [("Learner", "Module", "Result", "Score", "Note")]
    for r in sorted(results, key=lambda r: (r.learner, r.module)):
        score = f"{r.total:g}/{r.max:g}" if r.total is not None and r.max is not None else "-"
        score += " + to mark" if r.to_mark else ""
        rows.append((r.learner, r.module, r.status, score, r.message.replace("\n", " ")[:120]))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) if i < 4 else cell for i, cell in enumerate(row))
             for row in rows]
    counts = {s: sum(r.status == s for r in results) for s in ("graded", "skipped", "failed",
                                                               "timed out")}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
    if any(r.to_mark for r in results):
        lines.append("'+ to mark': written answers wait for you in formgrader "
                     "(cd course && jupyter lab).")
    return "\n".join(lines)


