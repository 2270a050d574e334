"""The course home on a shared server: each module's card gets it, hands it in, shows feedback."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from ..core import content
from ..hosting.steps import STEPS, card_markup, run_step, status_html, step_label, steps_now
from .cards import numbered_modules


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
        self.buttons = {step: _button(step_label(step, number)) for step in STEPS}
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
