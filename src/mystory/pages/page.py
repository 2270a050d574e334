"""A module page, as the notebooks call it: open_module(), then page.exercise() for each one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as w
from IPython.display import HTML, display

from ..core import content
from ..core.answers import answer_html
from ..core.branding import header_html
from ..core.execution import marking
from ..core.kinds import is_answered, progress
from ..core.language import (
    _,
    current_language,
    default_language,
    prose_block,
    read_language,
    use_language,
)
from ..core.markup import esc
from ..core.readaloud import words_html
from ..core.safety import steps_html
from ..core.store import AnswerStore, answer_path, read_or_why
from .policy import PolicyPage, rule_html
from .preheat import prewarm, wait_for_learner
from .profile import ProfileCard
from .safety import SafetyCheckPage
from .widgets import make, page_html


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
            display(HTML(answer_html(spec, self.store.get(exercise_id))))
            return

        def build() -> w.Widget:  # in the page's language when it is built (see ready())
            shown = make(self.spec.exercises[exercise_id], self.store)
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
        if not any(is_answered(e, self.store.get(e.id)) for e in self.spec.exercises.values()):
            text = _("You have not answered anything yet. Your answers save by themselves as "
                     "you go, so you can come back at any time.")
        elif done < needed:
            text = _("You have answered {done} of the {needed} questions this module needs. "
                     "Your answers are saved: you can come back to the rest at any time.",
                     done=done, needed=needed)
        else:
            text = _("You have answered everything this module needs. Your answers are saved.")
        self._note.value = f'<p class="mystory-progress-note" role="status">{esc(text)}</p>'

    def profile_card(self) -> None:
        """Show the "Make my profile card" button (Module 2): picture, name and bio."""
        self._show(lambda: ProfileCard(self.store, self.spec.notebook).box)

    def organisation_rule(self) -> None:
        """Show the hosting organisation's one-line social media rule (Module 5)."""
        display(HTML(rule_html()) if self.grading else page_html(rule_html()))

    def policy_page(self) -> None:
        """Show the "Make my policy page" button (Module 5): on screen, PDF and Markdown."""
        workspace = self.store.path.parent.parent
        self._show(lambda: PolicyPage(self.store, lambda: learner_name(workspace)).box)

    def privacy_steps(self, platform: str) -> None:
        """Show a platform's privacy setting as drawn steps, each with its words (Module 6)."""
        markup = steps_html(self.spec.folder, platform)
        if not self.grading:
            display(page_html(markup))

    def safety_check(self) -> None:
        """Show the "Make my safety check" button (Module 6): on screen, PDF and plain text."""
        workspace = self.store.path.parent.parent
        self._show(lambda: SafetyCheckPage(self.store, lambda: learner_name(workspace)).box)

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
        # The learner may have chosen another language on the home since the page was built.
        language = read_language(self.store.path.parent.parent)
        relanguaged = language != current_language()
        if relanguaged:
            use_language(language)
            self.spec = content.module(self.spec.folder, language)
            display(HTML(prose_block(f"modules/{self.spec.folder}.yaml", language,
                                     page_title(self.spec))))
        if (self.store.notice != notice or relanguaged) and self.header is not None:
            self.header.value = header_html() + words_html() + _header(self.store.notice)
        if self.store.answers == before and not relanguaged:
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
    """The name the learner gave (the part 'learner_name' of the course), if there is one."""
    try:
        spec, exercise = content.part("learner_name")
    except content.ContentError:
        return ""
    return content.display_name(
        read_or_why(answer_path(spec.notebook, workspace / spec.folder)).answers.get(exercise))


def _notice(notice: str | None) -> str:
    """What went wrong with the answer file, as an alert ("" when nothing did)."""
    return f'<p class="mystory-notice" role="alert">{esc(notice)}</p>' if notice else ""


def _header(notice: str | None) -> str:
    alert = _notice(notice)
    home = _("Course home")
    hint = _('Your answers save by themselves as you go. Look for "✓ Saved" under each one.')
    return ('<nav class="mystory-nav"><a href="../home.ipynb">'
            f'<span aria-hidden="true">←</span> {esc(home)}</a></nav>'
            f'{alert}<p class="mystory-hint">{esc(hint)}</p>')


def page_title(spec: content.ModuleSpec) -> str:
    """The browser tab's title for a module page."""
    return _("{title} · #MyStory course", title=spec.title)


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
    prewarm()
    grading = marking()
    store = AnswerStore(answer_path(content.module(folder).notebook, where), module=folder,
                        read_only=grading)
    # Facilitators read the organisation's language; a learner the one they chose.
    language = default_language() if grading else read_language(store.path.parent.parent)
    use_language(language)
    spec = content.module(folder, language)
    if grading:  # for the facilitator in formgrader: only what matters for marking
        if store.notice:
            display(HTML(_notice(store.notice)))
        return Page(spec, store, grading=True)
    display(HTML(prose_block(f"modules/{folder}.yaml", language, page_title(spec))))
    header = page_html(header_html() + words_html() + _header(store.notice))
    display(header)
    return Page(spec, store, header)
