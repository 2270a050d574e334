"""Grading speed: synthetic learners x every module, measured three ways in one run.

(a) plain nbgrader autograde, one submission after another (nbgrader's Python API);
(b) ``mystory grade`` with its default workers (three per core), each notebook in a kernel
    forked from a warm one; and, for comparison, the same with kernels started cold;
(c) the floor: bare nbclient execution of the same notebooks, with the same parallelism
    (one cold kernel per notebook, as nbclient starts them).

Writes benchmarks/results/grading.json. Targets on a 2-core machine: (a)/(b) >= 2.5 and
(b)/(c) <= 1.3. Usage: python benchmarks/grading.py [--learners 20]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).parent / "results"

from mystory import facilitator as fac  # noqa: E402
from mystory.core import content  # noqa: E402
from mystory.facilitator import grader  # noqa: E402
from mystory.facilitator.build import generate_assignment  # noqa: E402
from tests.conftest import copy_course  # noqa: E402


def make_class(course: Path, inbox: Path, learners: int) -> list[tuple[str, str]]:
    """Every learner hands in every module with the model answers."""
    pairs = []
    for n in range(learners):
        learner = f"learner{n:02d}"
        for spec in content.course():
            folder = inbox / learner / spec.folder
            folder.mkdir(parents=True)
            for name in (f"{spec.notebook}.ipynb", f"{spec.notebook}.answers.json"):
                source = ROOT / ("exercises" if name.endswith(".ipynb") else "solutions")
                shutil.copy(source / spec.folder / name, folder / name)
            pairs.append((spec.folder, learner))
    grader.collect_folder(course, inbox)
    return pairs


def run_nbclient(path: str) -> None:
    """Execute one notebook; tried once more when its kernel lost a race for a TCP port
    (as `mystory grade` does)."""
    for attempt in (1, 2):
        nb = nbformat.read(path, as_version=4)
        try:
            NotebookClient(nb, timeout=120, kernel_name="python3",
                           resources={"metadata": {"path": str(Path(path).parent)}}).execute(
                env={**os.environ, "NBGRADER_EXECUTION": "autograde"})
            return
        except RuntimeError:
            if attempt == 2:
                raise


def time_mystory_grade(folder: Path, learners: int, jobs: int | None, warm: bool) -> float:
    """Seconds `mystory grade` takes for a fresh class in `folder`; every submission graded."""
    course = copy_course(folder / "course")
    make_class(course, folder / "inbox", learners)
    started = time.perf_counter()
    results = grader.grade(course, jobs=jobs, echo=lambda _line: None, warm=warm)
    seconds = time.perf_counter() - started
    assert all(r.status == "graded" for r in results), results
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=None,
                        help="grading workers (default: mystory grade's own, three per core)")
    args = parser.parse_args()
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]
    cores = os.cpu_count() or 1
    workers = args.jobs or grader.default_jobs()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # (a) plain nbgrader, one after another, on its own copy of the class.
        course_a = copy_course(tmp / "a" / "course")
        pairs = make_class(course_a, tmp / "a" / "inbox", args.learners)
        for spec in content.course():
            generate_assignment(course_a, spec.folder)
        started = time.perf_counter()
        for module, learner in pairs:
            fac.autograde(course_a, module, learner)
        plain = time.perf_counter() - started
        # (b) mystory grade; then the same with each kernel started afresh (what warm kernels buy).
        ours = time_mystory_grade(tmp / "b", args.learners, args.jobs, warm=True)
        cold = time_mystory_grade(tmp / "b-cold", args.learners, args.jobs, warm=False)
        # (c) bare nbclient on the same notebooks, same parallelism.
        paths = [str(p) for p in (course_a / "autograded").rglob("*.ipynb")]
        started = time.perf_counter()
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(run_nbclient, paths))
        floor = time.perf_counter() - started
    count = len(pairs)
    figures = {
        "learners": args.learners, "notebooks": count, "cores": cores, "workers": workers,
        "plain_nbgrader_s": plain, "mystory_grade_s": ours,
        "mystory_grade_cold_kernels_s": cold, "bare_nbclient_s": floor,
        "notebooks_per_minute": {"plain": count / plain * 60, "mystory": count / ours * 60,
                                 "mystory_cold_kernels": count / cold * 60,
                                 "bare": count / floor * 60},
        "ratio_plain_over_mystory": plain / ours, "ratio_mystory_over_bare": ours / floor,
        "targets": {"plain_over_mystory_at_least": 2.5, "mystory_over_bare_at_most": 1.3},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "grading.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"{count} notebooks on {cores} core(s), {workers} workers: plain nbgrader {plain:.1f} s, "
          f"mystory grade {ours:.1f} s ({cold:.1f} s with cold kernels), bare nbclient "
          f"{floor:.1f} s; (a)/(b) = {plain / ours:.2f}, (b)/(c) = {ours / floor:.2f}")


if __name__ == "__main__":
    main()
