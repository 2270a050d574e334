"""What the notebooks call: open a module page, show an exercise, show the course home."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as w
from IPython.display import HTML, display

from ..core import content
from ..core.branding import header_html
from ..core.store import AnswerFileProblem, AnswerStore, answer_path, read_answers
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


def progress(spec: content.ModuleSpec, saved: dict[str, Any]) -> tuple[int, int]:
    """(answered, needed): how many of the exercises the module needs have an answer."""
    return sum(is_answered(saved.get(e)) for e in spec.needed), len(spec.needed)


def prewarm() -> None:
    """Read the course data and build the coach's word patterns before the learner arrives.

    In a preheated kernel this runs before the page is asked for, so the learner waits only
    for their own answers to be read.
    """
    from ..coach import coach_data
    from ..core.branding import organisation

    content.course()
    organisation()
    coach_data()


def wait_for_learner() -> bool:
    """In a preheated Voila kernel, pause until a learner opens the page; True if it paused.

    Everything after this reads the answer files as they are when the learner arrives. This is
    what ``voila.utils.wait_for_request`` does, without importing Voila's server side into every
    kernel (about 60 MB): the same environment variables, the same ``voila/query`` socket.
    """
    env = os.environ
    if env.get("VOILA_PREHEAT", "False") == "False":
        return False
    import json

    from websockets.sync.client import connect

    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    url = (f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
           f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{env.get('VOILA_KERNEL_ID')}")
    try:
        with connect(url, open_timeout=5) as socket:
            info = socket.recv()
    except (OSError, TimeoutError):
        return False  # no server to ask: carry on, as Voila's own helper does
    for key, value in json.loads(info).items():
        os.environ[key] = value
    return True


@dataclass
class Page:
    """One module page in a learner's workspace.

    Each part is shown inside a holder box, so that ``ready()`` can swap in a fresh copy when
    the learner's answers changed after the page was built (a preheated kernel builds the page
    before the learner arrives).
    """

    spec: content.ModuleSpec
    store: AnswerStore
    header: w.HTML | None = None
    grading: bool = False  # run by nbgrader: show answers as text for formgrader, no forms
    _note: w.HTML | None = None
    _parts: list[tuple[w.Box, Callable[[], w.Widget]]] = field(default_factory=list)

    def _show(self, build: Callable[[], w.Widget]) -> None:
        if self.grading:
            return
        holder = w.VBox([build()], layout=w.Layout(width="100%"))
        holder.add_class("mystory-part")
        self._parts.append((holder, build))
        display(holder)

    def exercise(self, exercise_id: str) -> None:
        """Show one exercise, filled in with the learner's saved answer."""
        spec = self.spec.exercises.get(exercise_id)
        if spec is None:
            raise content.ContentError(
                f"The module '{self.spec.folder}' has no exercise '{exercise_id}'.")
        if self.grading:
            from ..core.answers import answer_html

            display(HTML(answer_html(spec, self.store.get(exercise_id))))
            return
        def build() -> w.Widget:
            shown = make(spec, self.store)
            shown.after_save = self._update_note
            return shown.box

        self._show(build)

    def progress_note(self) -> None:
        """Say how much of the module is answered and saved (never "saved" when nothing is)."""
        self._note = w.HTML(layout=w.Layout(width="100%"))
        self._note.add_class("mystory-html")
        self._update_note()
        if not self.grading:
            display(self._note)

    def _update_note(self) -> None:
        if self._note is None:
            return
        done, needed = self.progress()
        if not any(is_answered(v) for v in self.store.answers.values()):
            text = ("You have not answered anything yet. Your answers save by themselves as you "
                    "go, so you can come back at any time.")
        elif done < needed:
            text = (f"You have answered {done} of the {needed} questions this module needs. "
                    "Your answers are saved: you can come back to the rest at any time.")
        else:
            text = "You have answered everything this module needs. Your answers are saved."
        self._note.value = f'<p class="mystory-progress-note" role="status">{esc(text)}</p>'

    def profile_card(self) -> None:
        """Show the "Make my profile card" button (Module 2): picture, name and bio."""
        from .profile import ProfileCard

        self._show(lambda: ProfileCard(self.store, self.spec.notebook).box)

    def organisation_rule(self) -> None:
        """Show the hosting organisation's one-line social media rule (Module 5)."""
        from .policy import rule_html

        display(HTML(rule_html()) if self.grading else page_html(rule_html()))

    def policy_page(self) -> None:
        """Show the "Make my policy page" button (Module 5): on screen, PDF and Markdown."""
        from .policy import PolicyPage

        workspace = self.store.path.parent.parent
        self._show(lambda: PolicyPage(self.store, lambda: learner_name(workspace)).box)

    def ready(self) -> None:
        """The page's last cell: show the answers as they are when the learner arrives.

        In a preheated kernel the whole page is built before anyone asks for it; here it waits
        for the learner, reads the answer file again and rebuilds only if it changed. So a
        learner waits for almost nothing (0.15 s of rendering before, about 0.01 s now).
        """
        if not wait_for_learner():
            return
        before, notice = self.store.answers, self.store.notice
        self.store.load()
        if self.store.notice != notice and self.header is not None:
            self.header.value = header_html() + _header(self.store.notice)
        if self.store.answers == before:
            return
        self._update_note()
        for holder, build in self._parts:
            old = holder.children
            holder.children = [build()]
            for widget in old:
                _close_all(widget)

    def use_model_answers(self, answers: dict[str, Any]) -> None:
        """Save the model answers (used only in the course source and in solutions/)."""
        unknown = set(answers) - set(self.spec.exercises)
        if unknown:
            raise content.ContentError(f"Model answers for unknown exercises: {sorted(unknown)}")
        self.store.save_many(answers)

    def progress(self) -> tuple[int, int]:
        """(answered, needed) exercises on this page."""
        return progress(self.spec, self.store.answers)


def learner_name(workspace: Path) -> str:
    """The name the learner gave in Module 1, if there is one."""
    try:
        spec = content.module("00-welcome")
        name = read_answers(answer_path(spec.notebook, workspace / spec.folder)).get(
            "welcome-name")
    except (OSError, AnswerFileProblem, content.ContentError):
        return ""
    return " ".join(name.split())[:60] if isinstance(name, str) else ""


def _notice(notice: str | None) -> str:
    """What went wrong with the answer file, as an alert ("" when nothing did)."""
    return f'<p class="mystory-notice" role="alert">{esc(notice)}</p>' if notice else ""


def _header(notice: str | None) -> str:
    alert = _notice(notice)
    return ('<nav class="mystory-nav"><a href="../home.ipynb">'
            '<span aria-hidden="true">←</span> Course home</a></nav>'
            f'{alert}'
            '<p class="mystory-hint">Your answers save by themselves as you go. '
            'Look for "✓ Saved" under each one.</p>')


def _close_all(widget: w.Widget) -> None:
    """Close a replaced widget and everything inside it (frees their comms)."""
    for child in getattr(widget, "children", ()):
        _close_all(child)
    widget.close()


def open_module(folder: str, where: Path | str | None = None) -> Page:
    """Open a module page: show its header and any notice about the learner's answer file.

    The module's last cell is ``page.ready()``, which waits for the learner in a preheated
    kernel.
    """
    spec = content.module(folder)
    prewarm()
    grading = os.environ.get("NBGRADER_EXECUTION") in ("autograde", "validate")
    store = AnswerStore(answer_path(spec.notebook, where), module=folder, read_only=grading)
    if grading:  # for the facilitator in formgrader: only what matters for marking
        if store.notice:
            display(HTML(_notice(store.notice)))
        return Page(spec, store, grading=True)
    header = page_html(header_html() + _header(store.notice))
    display(header)
    return Page(spec, store, header)


def page_html(markup: str) -> w.HTML:
    """Course HTML shown through a widget, so links open in the same tab.

    (JupyterLab's output renderer would add target="_blank" to every link.)
    """
    box = w.HTML(markup, layout=w.Layout(width="100%"))
    box.add_class("mystory-html")
    return box


def module_progress(spec: content.ModuleSpec, folder: Path) -> tuple[int, int, str | None]:
    """(answered, needed, problem) for a module, read from its answer file without changing it."""
    path = answer_path(spec.notebook, folder / spec.folder)
    try:
        saved = read_answers(path)
    except FileNotFoundError:
        return 0, len(spec.needed), None
    except (AnswerFileProblem, OSError):
        problem = "We could not read the saved answers. Open the module to fix this."
        return 0, len(spec.needed), problem
    return (*progress(spec, saved), None)


def card_html(number: int, spec: content.ModuleSpec, folder: Path, released: bool = True,
              start_here: bool = False) -> str:
    """One module's card on the course home: progress and a link, if the module is here.

    Modules are numbered from 1, as learners count; `start_here` marks where to go next.
    """
    notebook = folder / spec.folder / f"{spec.notebook}.ipynb"
    done, total, problem = module_progress(spec, folder)
    if done == 0:
        state = "Not started"
    elif done < total:
        state = f"{done} of {total} answered"
    else:
        state = "Done"
    mark = ""
    if start_here:
        mark = ('<p class="mystory-start">★ Start here</p>' if done == 0 else
                '<p class="mystory-start">★ Carry on here</p>')
    action = "Start" if done == 0 else ("Carry on" if done < total else "Look again")
    if notebook.exists():
        link = (f'<a class="mystory-open" href="{spec.folder}/{spec.notebook}.ipynb">'
                f'{action}<span class="mystory-sr"> {esc(spec.title)}</span></a>')
    elif released:
        link = '<span class="mystory-soon">Coming soon</span>'
    else:
        link = '<span class="mystory-soon">Not open yet. Your facilitator will open it.</span>'
    note = f'<p class="mystory-problem">{esc(problem)}</p>' if problem else ""
    return (f'{mark}<h2>Module {number}: {esc(spec.title)}</h2>'
            f'<p>{esc(spec.summary)}</p>'
            f'<p class="mystory-meta">About {spec.minutes} minutes.</p>'
            f'<label class="mystory-progress">Progress: <span class="mystory-state">{state}</span>'
            f'<progress max="{total}" value="{done}">{done} of {total}</progress></label>'
            f'{note}{link}')


def start_here(folder: Path) -> str | None:
    """The folder of the first module the learner has not finished (None when all are done)."""
    for spec in content.course():
        done, total, _problem = module_progress(spec, folder)
        if done < total:
            return spec.folder
    return None


def numbered_modules() -> list[tuple[int, content.ModuleSpec]]:
    """The course's modules with the numbers learners see: 1, 2, 3..."""
    return list(enumerate(content.course(), start=1))


def home_html(folder: Path) -> str:
    """The course home: one card a module, in order, with progress and a link."""
    first = start_here(folder)
    cards = [f'<li class="mystory-card" data-module="{esc(spec.folder)}">'
             f'{card_html(number, spec, folder, start_here=spec.folder == first)}</li>'
             for number, spec in numbered_modules()]
    return f'<ol class="mystory-cards">{"".join(cards)}</ol>'


def show_home(where: Path | str | None = None) -> None:
    """Show the course home page (called by home.ipynb).

    On a shared server with an nbgrader exchange, each card also gets, hands in and fetches
    feedback on its module.
    """
    from ..hosting.exchange import exchange_root

    prewarm()
    wait_for_learner()
    folder = Path(where) if where is not None else Path.cwd()
    if exchange_root() is None:
        display(page_html(header_html() + home_html(folder)))
    else:
        from .handin import HandInHome

        display(page_html(header_html()), HandInHome(folder).box)
