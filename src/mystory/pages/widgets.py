"""Exercise widgets: the base every widget builds on, the registry of widgets by kind, and the
four plain kinds (long text, short text, single choice, multiple choice).

Each shows a visible label that is also the input's accessible name, saves itself when the
learner changes it (text after a short pause) and says "Saved" when the answer is on disk.
Learner text only ever goes into input values or through ``html.escape``: it is never HTML.
"""

from __future__ import annotations

import atexit
import threading
import weakref
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ..core.language import ENGLISH, N_, _, current_language
from ..core.markup import esc
from ..core.profile import picture_html
from ..core.spec import ExerciseSpec
from ..core.store import AnswerStore, AnswerTooLong, clean_text

TEXT_PAUSE = 0.6  # seconds of no typing before a text answer is saved
COACH_PAUSE = 0.2  # seconds of no typing before the coach looks again

_pending: weakref.WeakSet[Debouncer] = weakref.WeakSet()


class Debouncer:
    """Call `action` once, `delay` seconds after the last `poke`."""

    def __init__(self, action: Callable[[], None], delay: float) -> None:
        self.action, self.delay = action, delay
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        _pending.add(self)

    def poke(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            self._timer = None
        self.action()

    def flush(self) -> None:
        """Run a waiting action now (used when the kernel stops)."""
        with self._lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
            self.action()


@atexit.register
def flush_pending_saves() -> None:
    """Save every answer still waiting for a pause in typing (before reading answers back)."""
    for debouncer in list(_pending):
        debouncer.flush()


def _texts(value: Any) -> list[str]:
    """The pieces of text a learner typed in an answer (a bio's text, a timeline's posts)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    if isinstance(value, dict):
        return [t for k, v in value.items() if k != "platform" for t in _texts(v)]
    return []


SPACES_ONLY = N_("Not answered yet: there are only spaces in the box.")
LEFT_OUT = N_("Saved. We left out hidden characters that cannot be stored; the rest is kept.")


def saved_words(value: Any) -> tuple[str, bool]:
    """What the status says once `value` is saved, and whether all is well.

    Text of only spaces is saved but counts as not answered, so the status says so; invisible
    characters the store leaves out (NUL and the like) are mentioned, never dropped silently.
    """
    texts = _texts(value)
    if texts and any(texts) and not any(t.strip() for t in texts):
        return _(SPACES_ONLY), False
    if any(clean_text(t) != t for t in texts):
        return _(LEFT_OUT), True
    return _("Saved"), True


def safely(action: Callable[[], None], view: w.HTML) -> None:
    """Save what is still being typed, then run a button's action; if it fails, say so kindly
    instead of failing silently."""
    try:
        flush_pending_saves()
        action()
    except Exception:  # noqa: BLE001 - a learner must always see an answer to their click
        view.value = ('<p class="mystory-problem" role="alert">⚠ '
                      + esc(_("Sorry, something went wrong making this. Your answers are safe. "
                              "Please try again, or tell your facilitator.")) + "</p>")


COACH_READS_ENGLISH = N_("The coach reads English only. Write in English if you would like its "
                         "tips. Your answer is saved in any language.")


def coach_note() -> list[w.Widget]:
    """Above a coach, for a learner reading another language: the coach's word lists are
    English, so it says plainly that it reads English only (nothing for English learners)."""
    if current_language() == ENGLISH:
        return []
    note = w.HTML(f'<p class="mystory-coach-language">ⓘ {esc(_(COACH_READS_ENGLISH))}</p>')
    note.add_class("mystory-html")
    return [note]


def _html(text: str, css: str, role: str | None = None) -> w.HTML:
    attrs = f' role="{role}" aria-live="polite"' if role else ""
    return w.HTML(f'<div class="{css}"{attrs}>{text}</div>' if text else "")


class Exercise:
    """Base class: a labelled input that saves its value to the module's answer store."""

    after_save: Callable[[], None] | None = None  # the page's progress note, told of each save

    def __init__(self, spec: ExerciseSpec, store: AnswerStore) -> None:
        self.spec, self.store = spec, store
        self.status = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.status.add_class("mystory-status")
        self.feedback = w.HTML()
        self.feedback.add_class("mystory-feedback")
        self.input = self._build(store.get(spec.id))
        parts: list[w.Widget] = [self.input]
        if spec.help:
            parts.insert(0, _html(esc(spec.help), "mystory-help"))
        self.box = w.VBox([*parts, self.feedback, self.status])
        self.box.add_class("mystory-exercise")
        self.box.add_class(f"mystory-{spec.kind.replace('_', '-')}")
        if store.get(spec.id) is not None:
            self._show_status(*saved_words(store.get(spec.id)))
            self._show_feedback(store.get(spec.id))

    def _build(self, saved: Any) -> w.Widget:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def save(self) -> None:
        """Save the current value and show the outcome in words."""
        try:
            self.store.save(self.spec.id, self.value(), label=_("Your answer"))
        except AnswerTooLong as err:
            self._show_status(_("Not saved yet. {problem}", problem=err), ok=False)
        except OSError as err:
            self._show_status(
                _("Not saved yet: the computer could not write the file ({problem}). Your words "
                  "are still here. Please tell your facilitator.", problem=err.strerror),
                ok=False)
        else:
            self._show_status(*saved_words(self.value()))
            self._show_feedback(self.value())
            if self.after_save is not None:
                self.after_save()

    def _coached_text(self, value: str) -> w.Textarea:
        """The text box a coach reads as the learner types (``self.text``, with the coach's panel
        in ``self.coach_view``): saved after a pause, coached after a shorter one."""
        self.text = w.Textarea(value=value, description=self.spec.label,
                               placeholder=self.spec.placeholder, rows=4, continuous_update=True,
                               style={"description_width": "initial"},
                               layout=w.Layout(width="100%"))
        self.text.add_class("mystory-field")
        self.coach_view = w.HTML()
        self.coach_view.add_class("mystory-coach")
        self._save_later = Debouncer(self.save, TEXT_PAUSE)
        self._coach_later = Debouncer(self.update_coach, COACH_PAUSE)
        self.text.observe(lambda _c: self._typing(self._coach_later, self._save_later),
                          names="value")
        return self.text

    def update_coach(self) -> None:
        """Redraw the coach's panel (exercises with a coach say how)."""

    def _typing(self, *later: Debouncer) -> None:
        """The learner is typing: say "Saving" and run each action after the pause."""
        self._show_status(_("Saving"), ok=True, busy=True)
        for debouncer in later:
            debouncer.poke()

    def _show_status(self, text: str, ok: bool, busy: bool = False) -> None:
        """Say in words (and an icon, never colour alone) whether the answer is saved."""
        if busy:
            mark, css = "… ", "mystory-saving"
        else:
            mark, css = ("✓ ", "mystory-saved") if ok else ("⚠ ", "mystory-problem")
        self.status.value = (
            f'<span class="{css}" role="status" aria-live="polite">{mark}{esc(text)}</span>')

    def _show_feedback(self, value: Any) -> None:
        """Subclasses with instant feedback override this."""


def page_html(markup: str) -> w.HTML:
    """Course HTML shown through a widget, so links open in the same tab.

    (JupyterLab's output renderer would add target="_blank" to every link.)
    """
    box = w.HTML(markup, layout=w.Layout(width="100%"))
    box.add_class("mystory-html")
    return box


WIDGETS: dict[str, type[Exercise]] = {}


def widget(*kinds: str) -> Callable[[type[Exercise]], type[Exercise]]:
    """Register a widget class as the one that shows exercises of these kinds (a decorator).

    Each kind's rules are in ``mystory.core.kinds``; every widget module is imported by
    ``mystory.pages`` so that each registers itself.
    """
    def register(cls: type[Exercise]) -> type[Exercise]:
        for kind in kinds:
            WIDGETS[kind] = cls
        return cls

    return register


def make(spec: ExerciseSpec, store: AnswerStore) -> Exercise:
    """Build the widget for an exercise spec."""
    return WIDGETS[spec.kind](spec, store)


@widget("short_text")
class TextExercise(Exercise):
    """Short free text (one line), saved after a pause in typing."""

    field: type[w.Text] | type[w.Textarea] = w.Text

    def _build(self, saved: Any) -> w.Widget:
        cls = self.field
        box = cls(
            value=saved if isinstance(saved, str) else "",
            description=self.spec.label,
            placeholder=self.spec.placeholder,
            continuous_update=True,
            style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        if cls is w.Textarea:
            box.rows = 5
        box.add_class("mystory-field")
        self._debounce = Debouncer(self.save, TEXT_PAUSE)
        box.observe(lambda _c: self._typing(self._debounce), names="value")
        return box

    def value(self) -> str:
        return self.input.value


@widget("long_text")
class LongTextExercise(TextExercise):
    """Long free text (a box of five lines), saved after a pause in typing."""

    field = w.Textarea


@widget("single_choice")
class SingleChoice(Exercise):
    """Pick one option; instant feedback from the data file's explanation."""

    def _build(self, saved: Any) -> w.Widget:
        ids = [o.id for o in self.spec.options]
        radios = w.RadioButtons(
            options=[(o.text, o.id) for o in self.spec.options],
            value=saved if saved in ids else None,
            description=self.spec.label,
            style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        radios.add_class("mystory-field")
        radios.observe(lambda _c: self.save(), names="value")
        return radios

    def value(self) -> str | None:
        return self.input.value

    def _show_feedback(self, value: Any) -> None:
        option = self.spec.option(value) if isinstance(value, str) else None
        text = option.why if option and option.why else ""
        if not text and option:
            text = _("Thank you. Your answer is saved.")
        self.feedback.value = f'<div class="mystory-why">{esc(text)}</div>' if text else ""


def legend_html(spec: ExerciseSpec) -> str:
    """The visible question over a set of inputs; the page's script makes the set a group
    named by it (role=group, aria-labelledby), so a screen reader says the question first."""
    return f'<div class="mystory-legend" id="mystory-legend-{esc(spec.id)}">{esc(spec.label)}</div>'


@widget("multiple_choice")
class MultipleChoice(Exercise):
    """Tick any number of options; feedback on each ticked option."""

    def _build(self, saved: Any) -> w.Widget:
        chosen = set(saved) if isinstance(saved, list) else set()
        self.boxes = {
            o.id: w.Checkbox(value=o.id in chosen, description=o.text, indent=False,
                             layout=w.Layout(width="100%"))
            for o in self.spec.options
        }
        rows: list[w.Widget] = []
        for option in self.spec.options:
            box = self.boxes[option.id]
            box.add_class("mystory-check")
            box.observe(lambda _c: self.save(), names="value")
            if option.picture:
                row = w.HBox([w.HTML(picture_html(option.picture, option.id,
                                                  option.picture_alt)), box])
                row.add_class("mystory-profile-option")
                rows.append(row)
            else:
                rows.append(box)
        group = w.VBox([w.HTML(legend_html(self.spec)), *rows])
        group.add_class("mystory-field")
        group.add_class("mystory-group")
        return group

    def value(self) -> list[str]:
        return [oid for oid, box in self.boxes.items() if box.value]

    def _show_feedback(self, value: Any) -> None:
        chosen = [o for o in map(self.spec.option, value or []) if o is not None]
        lines = [esc(o.why) for o in chosen if o.why]
        if self.spec.correct:
            if set(value or []) == set(self.spec.correct):
                found = _("Well done: you found them all.")
                lines.append(f"<strong>{esc(found)}</strong>")
            elif set(value or []) < set(self.spec.correct):
                lines.append(esc(_("Good so far. Is there another one?")))
        self.feedback.value = "".join(f'<div class="mystory-why">{x}</div>' for x in lines)
