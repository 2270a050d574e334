"""The course home on a shared server: each module's card gets it, hands it in, shows feedback."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import ipywidgets as w

from ..core import content
from ..core.markup import esc
from ..hosting import exchange
from .cards import card_html, numbered_modules, start_here

STEPS = {"get": "Get Module {n}", "hand-in": "Hand in Module {n}",
         "feedback": "Get feedback on Module {n}"}


def steps_now(spec: content.ModuleSpec, folder: Path) -> list[str]:
    """The exchange steps that make sense for this module now (keys of STEPS)."""
    if not (folder / spec.folder / f"{spec.notebook}.ipynb").exists():
        return ["get"] if exchange.is_released(spec.folder) else []
    if exchange.handed_in(spec.folder):
        return ["hand-in", "feedback"]
    return ["hand-in"]


def card_markup(number: int, spec: content.ModuleSpec, folder: Path) -> str:
    """A module's card on a shared server: progress, its link and any feedback pages."""
    released = exchange.is_released(spec.folder)
    first = start_here(folder) == spec.folder
    return card_html(number, spec, folder, released, first) + _feedback_links(number, spec, folder)


def _feedback_links(number: int, spec: content.ModuleSpec, folder: Path) -> str:
    pages = exchange.feedback_pages(folder, spec.folder)
    if not pages:
        return ""
    # Jupyter Server serves the learner's own files under files/, two levels up from here.
    items = "".join(
        f'<li><a href="../../files/{esc(str(page.path.relative_to(folder)))}">'
        f"Read your feedback<span class=\"mystory-sr\"> on Module {number}</span></a> "
        f"(handed in {esc(page.handed_in_at)})</li>"
        for page in pages)
    return f'<ul class="mystory-feedback-links">{items}</ul>'


def run_step(step: str, number: int, spec: content.ModuleSpec, folder: Path) -> tuple[bool, str]:
    """Run one exchange step; (it worked, what to tell the learner). Nothing is ever lost."""
    try:
        if step == "get":
            exchange.fetch(folder, spec.folder)
            return True, f"Module {number} is ready. Choose Start to open it."
        if step == "hand-in":
            exchange.submit(folder, spec.folder)
            return True, (f"Handed in at {datetime.now():%H:%M}. You can keep working and hand "
                          "in again: your facilitator marks the last one.")
        if exchange.fetch_feedback(folder, spec.folder):
            return True, "Your feedback is here. Choose Read your feedback."
        return True, ("There is no feedback yet. Your facilitator will tell you when it is "
                      "ready.")
    except exchange.ExchangeProblem as err:
        return False, (f"That did not work this time: {err} Your answers are safe. "
                       "Please try again, or ask your facilitator.")
    except OSError as err:
        return False, (f"That did not work this time ({err.strerror}). Your answers are safe. "
                       "Please tell your facilitator.")


def status_html(ok: bool, text: str) -> str:
    kind = "saved" if ok else "problem"
    return f'<div class="mystory-{kind}" role="status" aria-live="polite">{esc(text)}</div>'


def _button(text: str) -> w.Button:
    button = w.Button(description=text, layout=w.Layout(width="auto"))
    button.add_class("mystory-action")
    return button


class ModuleCard:
    """One module on the course home, with the exchange steps a learner can take."""

    def __init__(self, number: int, spec: content.ModuleSpec, folder: Path) -> None:
        self.number, self.spec, self.folder = number, spec, folder
        self.card = w.HTML(layout=w.Layout(width="100%"))
        self.card.add_class("mystory-html")
        self.actions = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.status = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.status.add_class("mystory-status")
        self.buttons = {step: _button(text.format(n=number)) for step, text in STEPS.items()}
        for step, button in self.buttons.items():
            button.on_click(lambda _, step=step: self._step(step))
        self.get, self.hand_in, self.feedback = self.buttons.values()
        self.box = w.VBox([self.card, self.actions, self.status])
        self.box.add_class("mystory-card")
        self.box.add_class(f"mystory-card-{spec.folder}")
        self.refresh()

    def refresh(self) -> None:
        """Redraw the card and the buttons that make sense now."""
        self.card.value = card_markup(self.number, self.spec, self.folder)
        self.actions.children = [self.buttons[step] for step in steps_now(self.spec, self.folder)]

    def _step(self, step: str) -> None:
        """Run one exchange step; anything that goes wrong is said kindly, nothing is lost."""
        for button in self.buttons.values():
            button.disabled = True
        try:
            self.status.value = status_html(*run_step(step, self.number, self.spec, self.folder))
        finally:
            for button in self.buttons.values():
                button.disabled = False
            self.refresh()


class HandInHome:
    """The course home with a card per module that can get, hand in and show feedback."""

    def __init__(self, folder: Path) -> None:
        self.cards = [ModuleCard(n, spec, folder) for n, spec in numbered_modules()]
        self.box = w.VBox([card.box for card in self.cards])
        self.box.add_class("mystory-cards")
