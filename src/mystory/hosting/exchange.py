"""A learner's side of nbgrader's exchange on a shared server: get, hand in, get feedback.

It is on when ``MYSTORY_EXCHANGE`` names the exchange folder (the hub sets it). The learner's
name is their hub user name, so several learners can share one Unix account in workshop mode.
"""

from __future__ import annotations

import getpass
import glob
import os
from dataclasses import dataclass
from pathlib import Path

from ..core.content import course
from ..core.language import N_, _
from ..core.store import answer_set
from . import seal

COURSE_ID = "mystory"
# What never travels from a learner's folder: lock and temporary files of the answer store.
IGNORE = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*.lock", ".*.tmp"]


class ExchangeProblem(RuntimeError):
    """The exchange refused; the message is plain English for the learner."""


def exchange_root() -> Path | None:
    """The exchange folder, or None when the course runs without one."""
    root = os.environ.get("MYSTORY_EXCHANGE", "").strip()
    return Path(root) if root else None


def learner_id() -> str:
    """The learner's name in the gradebook: their hub user name, else their Unix name."""
    return os.environ.get("JUPYTERHUB_USER") or getpass.getuser()


def _config(workspace: Path, root: Path, learner: str | None = None):
    from traitlets.config import Config

    config = Config()
    config.Exchange.root = str(root)
    config.Exchange.assignment_dir = str(workspace)
    config.CourseDirectory.course_id = COURSE_ID
    config.CourseDirectory.ignore = IGNORE
    config.CourseDirectory.student_id = learner or learner_id()
    return config


def _run(kind: str, workspace: Path, module: str, root: Path | None = None,
         learner: str | None = None):
    """Run one of nbgrader's exchange steps; its refusal becomes an ExchangeProblem."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeError
    from nbgrader.exchange.default import (
        ExchangeFetchAssignment,
        ExchangeFetchFeedback,
        ExchangeSubmit,
    )

    root = root or exchange_root()
    if root is None:
        raise ExchangeProblem(_("This course is not set up for handing in. Ask your "
                                "facilitator."))
    config = _config(workspace, root, learner)
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = module
    step = {"fetch": ExchangeFetchAssignment, "submit": ExchangeSubmit,
            "feedback": ExchangeFetchFeedback}[kind]
    exchange = step(coursedir=coursedir, authenticator=Authenticator(config=config),
                    config=config)
    try:
        exchange.start()
    except ExchangeError as err:
        raise ExchangeProblem(plain(str(err))) from err
    return exchange


PLAIN = (
    ("already have a copy", N_("You already have this module.")),
    ("not found", N_("The module is not in the course's shared folder.")),
    ("permission", N_("The course's shared folder would not let you do that.")),
    ("does not exist", N_("The course's shared folder is missing.")),
)


def plain(message: str) -> str:
    """nbgrader's words for a refusal, said plainly (no folder names) for a learner."""
    lowered = message.lower()
    return _(next((said for key, said in PLAIN if key in lowered),
                  N_("The course's shared folder did not answer.")))


def is_released(module: str, root: Path | None = None) -> bool:
    """True when the facilitator has put this module in the exchange."""
    root = root or exchange_root()
    return root is not None and (root / COURSE_ID / "outbound" / module).is_dir()


def fetch(workspace: Path, module: str, root: Path | None = None) -> Path:
    """Copy a released module into the learner's folder; return the module folder."""
    _run("fetch", workspace, module, root)
    return workspace / module


def submit(workspace: Path, module: str, root: Path | None = None,
           learner: str | None = None, key: str | None = None) -> str:
    """Hand in the module folder as it is now (answers included); return the time stamp.

    With MYSTORY_HANDIN_KEY (workshop mode), the hand-in is sealed with this learner's key.
    """
    step = _run("submit", workspace, module, root, learner)
    key = key or os.environ.get("MYSTORY_HANDIN_KEY", "")
    if key:
        notebook = next(m.notebook for m in course() if m.folder == module)
        seal.write(Path(step.inbound_path) / step.assignment_filename,
                   learner or learner_id(), module, key, answer_set(notebook))
    return step.timestamp


def handed_in(module: str, learner: str | None = None) -> bool:
    """True when this learner has handed the module in at least once (from this account)."""
    from jupyter_core.paths import jupyter_data_dir

    cache = Path(jupyter_data_dir()) / "nbgrader_cache" / COURSE_ID
    return bool(glob.glob(str(cache / f"{glob.escape(learner or learner_id())}+{module}+*")))


@dataclass(frozen=True)
class Feedback:
    """A feedback page the learner has fetched."""

    path: Path
    handed_in_at: str


def feedback_pages(workspace: Path, module: str) -> list[Feedback]:
    """The feedback pages already in the learner's module folder, newest first."""
    pages = sorted((workspace / module / "feedback").glob("*/*.html"), reverse=True)
    return [Feedback(page, page.parent.name) for page in pages]


def fetch_feedback(workspace: Path, module: str, root: Path | None = None) -> list[Feedback]:
    """Fetch any feedback released for this learner's hand-ins; return every page they have."""
    root = root or exchange_root()
    if root is not None and not (root / COURSE_ID / "feedback").is_dir():
        return feedback_pages(workspace, module)  # nothing released to anyone yet
    _run("feedback", workspace, module, root)
    return feedback_pages(workspace, module)
