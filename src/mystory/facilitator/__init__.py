"""The facilitator's side, through nbgrader's own Python API: release, collect, grade, export."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..hosting.exchange import submit as hand_in
from . import inbound
from .build import generate_assignment, nbgrader_api
from .inbound import Report, Trust
from .paths import CoursePaths
from .warmkernel import WarmKernelManager


class GradingError(RuntimeError):
    """An nbgrader step failed; the message carries nbgrader's log."""


def _ok(result: dict, what: str) -> dict:
    if not result.get("success"):
        raise GradingError(f"{what} failed:\n{result.get('log', '')}{result.get('error', '')}")
    return result


def release(course_dir: Path, module: str, exchange: Path) -> None:
    """Generate the learner version and put it in the nbgrader exchange."""
    api = generate_assignment(course_dir, module, exchange)
    _ok(api.release_assignment(module), f"Releasing {module}")


def submit(workspace: Path, module: str, learner: str, exchange: Path,
           key: str | None = None) -> None:
    """A learner hands in a module folder from their workspace (nbgrader's own submit).

    `key` is the learner's hand-in key on a shared account (what their server is given).
    """
    hand_in(workspace, module, exchange, learner, key=key)


def collect(course_dir: Path, module: str, exchange: Path, trust: Trust | None = None) -> Report:
    """Gather each learner's newest genuine hand-in of a module into submitted/.

    Not nbgrader's collect, which follows links and takes hand-ins under anyone's name
    (mystory/facilitator/inbound.py). `trust` defaults to seals in workshop mode, else Unix owners.
    """
    return inbound.collect(course_dir, module, exchange, trust or inbound.default_trust(exchange))


def autograde(course_dir: Path, module: str, learner: str, db_url: str | None = None,
              warm_socket: str = "") -> None:
    """Autograde one learner's submitted module (nbgrader re-runs the notebook).

    With `warm_socket`, the notebook's kernel is forked from that warm process
    (see `mystory.warmkernel`) instead of starting Python afresh.
    """
    api = nbgrader_api(course_dir, db_url=db_url)
    if warm_socket:
        from nbgrader.converters import Autograde
        from nbgrader.preprocessors import Execute

        steps = Autograde.class_traits()["autograde_preprocessors"].default()
        api.config.Autograde.autograde_preprocessors = [
            _warm_execute() if step is Execute else step for step in steps]
        api.config.WarmKernelManager.warm_socket = warm_socket
    _ok(api.autograde(module, learner, force=True, create=True),
        f"Autograding {module} for {learner}")


@cache
def _warm_execute() -> type:
    """nbgrader's Execute step with the kernel manager that asks the warm process."""
    from nbgrader.preprocessors import Execute

    class WarmExecute(Execute):
        def __init__(self, *args, **kwargs) -> None:
            kwargs.setdefault("kernel_manager_class", WarmKernelManager)
            super().__init__(*args, **kwargs)

    return WarmExecute


def release_feedback(course_dir: Path, module: str, exchange: Path) -> None:
    """Put the feedback pages of a module in the exchange for learners to fetch."""
    _ok(nbgrader_api(course_dir, exchange).release_feedback(module),
        f"Releasing feedback on {module}")


def feedback(course_dir: Path, module: str, learner: str) -> Path:
    """Generate nbgrader's feedback for one learner; return the feedback folder."""
    _ok(nbgrader_api(course_dir).generate_feedback(module, learner, force=True),
        f"Feedback on {module} for {learner}")
    return CoursePaths(course_dir).feedback(learner, module)


@dataclass(frozen=True)
class Score:
    auto: float
    manual_pending: bool
    total: float
    max: float


def score(course_dir: Path, module: str, learner: str, db_url: str | None = None) -> Score:
    """A learner's score on a module from the nbgrader gradebook."""
    with nbgrader_api(course_dir, db_url=db_url).gradebook as gb:
        sub = gb.find_submission(module, learner)
        auto = sum(g.auto_score or 0 for nb in sub.notebooks for g in nb.grades)
        return Score(auto=auto, manual_pending=bool(sub.needs_manual_grade),
                     total=sub.score, max=sub.max_score)


def set_manual_score(course_dir: Path, module: str, learner: str, grade_id: str,
                     points: float) -> None:
    """Record a facilitator's mark for a manually graded cell (what formgrader does)."""
    with nbgrader_api(course_dir).gradebook as gb:
        sub = gb.find_submission(module, learner)
        notebook = sub.notebooks[0].name
        grade = gb.find_grade(grade_id, notebook, module, learner)
        grade.manual_score = points
        grade.needs_manual_grade = False
        gb.db.commit()


def export_csv(course_dir: Path, to: Path, db_url: str | None = None) -> Path:
    """Export every grade to CSV with nbgrader's own export plugin."""
    from nbgrader.plugins import CsvExportPlugin

    api = nbgrader_api(course_dir, db_url=db_url)
    with api.gradebook as gb:
        CsvExportPlugin(to=str(to)).export(gb)
    return to
