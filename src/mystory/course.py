"""What the notebooks call: open a module page, show an exercise, show the course home."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as w
from IPython.display import display

from . import content
from .branding import header_html
from .store import AnswerFileProblem, AnswerStore, answer_path, read_answers
from .widgets import esc, make


def is_answered(value: Any) -> bool:
    """True when a saved value holds an answer (not empty text or an empty list).

    A compound answer (a bio with its platform, a photo with its description) counts when
    any part the learner wrote or chose is there; the platform alone, a default, does not.
    """
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, dict):
        return any(is_answered(v) for k, v in value.items() if k != "platform")
    return value is not None and value is not False


def wait_for_learner() -> None:
    """In a preheated Voila kernel, pause until a learner opens the page.

    Everything after this reads the answer files as they are when the learner arrives. This is
    what ``voila.utils.wait_for_request`` does, without importing Voila's server side into every
    kernel (about 60 MB): the same environment variables, the same ``voila/query`` socket.
    """
    env = os.environ
    if env.get("VOILA_PREHEAT", "False") == "False":
        return
    import json

    from websockets.sync.client import connect

    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    url = (f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
           f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{env.get('VOILA_KERNEL_ID')}")
    try:
        with connect(url, open_timeout=5) as socket:
            info = socket.recv()
    except (OSError, TimeoutError):
        return  # no server to ask: carry on, as Voila's own helper does
    for key, value in json.loads(info).items():
        os.environ[key] = value


@dataclass
class Page:
    """One module page in a learner's workspace."""

    spec: content.ModuleSpec
    store: AnswerStore

    def exercise(self, exercise_id: str) -> None:
        """Show one exercise, filled in with the learner's saved answer."""
        spec = self.spec.exercises.get(exercise_id)
        if spec is None:
            raise content.ContentError(
                f"The module '{self.spec.folder}' has no exercise '{exercise_id}'.")
        display(make(spec, self.store).box)

    def profile_card(self) -> None:
        """Show the "Make my profile card" button (Module 1): picture, name and bio."""
        from .profile import ProfileCard

        display(ProfileCard(self.store, self.spec.notebook).box)

    def organisation_rule(self) -> None:
        """Show the hosting organisation's one-line social media rule (Module 4)."""
        from .policy import rule_html

        display(page_html(rule_html()))

    def policy_page(self) -> None:
        """Show the "Make my policy page" button (Module 4): on screen, PDF and Markdown."""
        from .policy import PolicyPage

        display(PolicyPage(self.store, learner_name(self.store.path.parent.parent)).box)

    def use_model_answers(self, answers: dict[str, Any]) -> None:
        """Save the model answers (used only in the course source and in solutions/)."""
        unknown = set(answers) - set(self.spec.exercises)
        if unknown:
            raise content.ContentError(f"Model answers for unknown exercises: {sorted(unknown)}")
        self.store.save_many(answers)

    def progress(self) -> tuple[int, int]:
        """(answered, total) exercises on this page."""
        saved = self.store.answers
        done = sum(is_answered(saved.get(e)) for e in self.spec.exercises)
        return done, len(self.spec.exercises)


def learner_name(workspace: Path) -> str:
    """The name the learner gave in Module 0, if there is one."""
    try:
        spec = content.module("00-welcome")
        name = read_answers(answer_path(spec.notebook, workspace / spec.folder)).get(
            "welcome-name")
    except (OSError, AnswerFileProblem, content.ContentError):
        return ""
    return " ".join(name.split())[:60] if isinstance(name, str) else ""


def open_module(folder: str, where: Path | str | None = None) -> Page:
    """Open a module page: show its header and any notice about the learner's answer file."""
    spec = content.module(folder)
    wait_for_learner()
    grading = os.environ.get("NBGRADER_EXECUTION") in ("autograde", "validate")
    store = AnswerStore(answer_path(spec.notebook, where), module=folder, read_only=grading)
    page = Page(spec, store)
    notice = ""
    if store.notice:
        notice = f'<p class="mystory-notice" role="alert">{esc(store.notice)}</p>'
    display(page_html(
        header_html() +
        '<nav class="mystory-nav"><a href="../home.ipynb">'
        '<span aria-hidden="true">←</span> Course home</a></nav>'
        f'{notice}'
        '<p class="mystory-hint">Your answers save by themselves as you go. '
        'Look for "✓ Saved" under each one.</p>'
    ))
    return page


def page_html(markup: str) -> w.HTML:
    """Course HTML shown through a widget, so links open in the same tab.

    (JupyterLab's output renderer would add target="_blank" to every link.)
    """
    box = w.HTML(markup, layout=w.Layout(width="100%"))
    box.add_class("mystory-html")
    return box


def module_progress(spec: content.ModuleSpec, folder: Path) -> tuple[int, int, str | None]:
    """(answered, total, problem) for a module, read from its answer file without changing it."""
    path = answer_path(spec.notebook, folder / spec.folder)
    try:
        saved = read_answers(path)
    except FileNotFoundError:
        return 0, len(spec.exercises), None
    except (AnswerFileProblem, OSError):
        problem = "We could not read the saved answers. Open the module to fix this."
        return 0, len(spec.exercises), problem
    done = sum(is_answered(saved.get(e)) for e in spec.exercises)
    return done, len(spec.exercises), None


def card_html(number: int, spec: content.ModuleSpec, folder: Path, released: bool = True) -> str:
    """One module's card on the course home: progress and a link, if the module is here."""
    notebook = folder / spec.folder / f"{spec.notebook}.ipynb"
    done, total, problem = module_progress(spec, folder)
    if done == 0:
        state = "Not started"
    elif done < total:
        state = f"{done} of {total} answered"
    else:
        state = "All answered"
    action = "Start" if done == 0 else ("Carry on" if done < total else "Look again")
    if notebook.exists():
        link = (f'<a class="mystory-open" href="{spec.folder}/{spec.notebook}.ipynb">'
                f'{action}<span class="mystory-sr"> {esc(spec.title)}</span></a>')
    elif released:
        link = '<span class="mystory-soon">Coming soon</span>'
    else:
        link = '<span class="mystory-soon">Not open yet. Your facilitator will open it.</span>'
    note = f'<p class="mystory-problem">{esc(problem)}</p>' if problem else ""
    return (f'<h2>Module {number}: {esc(spec.title)}</h2>'
            f'<p>{esc(spec.summary)}</p>'
            f'<p class="mystory-meta">About {spec.minutes} minutes.</p>'
            f'<label class="mystory-progress">Progress: <span class="mystory-state">{state}</span>'
            f'<progress max="{total}" value="{done}">{done} of {total}</progress></label>'
            f'{note}{link}')


def home_html(folder: Path) -> str:
    """The course home: one card a module, in order, with progress and a link."""
    cards = [f'<li class="mystory-card" data-module="{esc(spec.folder)}">'
             f'{card_html(number, spec, folder)}</li>'
             for number, spec in enumerate(content.course())]
    return f'<ol class="mystory-cards">{"".join(cards)}</ol>'


def show_home(where: Path | str | None = None) -> None:
    """Show the course home page (called by home.ipynb).

    On a shared server with an nbgrader exchange, each card also gets, hands in and fetches
    feedback on its module.
    """
    from .exchange import exchange_root

    wait_for_learner()
    folder = Path(where) if where is not None else Path.cwd()
    if exchange_root() is None:
        display(page_html(header_html() + home_html(folder)))
    else:
        from .handin import HandInHome

        display(page_html(header_html()), HandInHome(folder).box)
