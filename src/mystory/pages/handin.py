"""The course home on a shared server: each module's card gets it, hands it in, shows feedback."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import ipywidgets as w

from ..core import content
from ..core.markup import esc
from ..hosting import exchange
from .cards import card_html, numbered_modules, start_here


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
        self.get = _button(f"Get Module {number}")
        self.hand_in = _button(f"Hand in Module {number}")
        self.feedback = _button(f"Get feedback on Module {number}")
        self.get.on_click(lambda _: self._step(self._get))
        self.hand_in.on_click(lambda _: self._step(self._hand_in))
        self.feedback.on_click(lambda _: self._step(self._feedback))
        self.box = w.VBox([self.card, self.actions, self.status])
        self.box.add_class("mystory-card")
        self.box.add_class(f"mystory-card-{spec.folder}")
        self.refresh()

    @property
    def here(self) -> bool:
        return (self.folder / self.spec.folder / f"{self.spec.notebook}.ipynb").exists()

    def refresh(self) -> None:
        """Redraw the card and the buttons that make sense now."""
        released = exchange.is_released(self.spec.folder)
        first = start_here(self.folder) == self.spec.folder
        self.card.value = card_html(self.number, self.spec, self.folder, released, first) + (
            self._feedback_links())
        if not self.here:
            self.actions.children = [self.get] if released else []
        elif exchange.handed_in(self.spec.folder):
            self.actions.children = [self.hand_in, self.feedback]
        else:
            self.actions.children = [self.hand_in]

    def _feedback_links(self) -> str:
        pages = exchange.feedback_pages(self.folder, self.spec.folder)
        if not pages:
            return ""
        # Jupyter Server serves the learner's own files under files/, two levels up from here.
        items = "".join(
            f'<li><a href="../../files/{esc(str(page.path.relative_to(self.folder)))}">'
            f"Read your feedback<span class=\"mystory-sr\"> on Module {self.number}</span></a> "
            f"(handed in {esc(page.handed_in_at)})</li>"
            for page in pages)
        return f'<ul class="mystory-feedback-links">{items}</ul>'

    def _say(self, text: str, ok: bool = True) -> None:
        kind = "saved" if ok else "problem"
        self.status.value = (f'<div class="mystory-{kind}" role="status" aria-live="polite">'
                             f"{esc(text)}</div>")

    def _step(self, action) -> None:
        """Run one exchange step; anything that goes wrong is said kindly, nothing is lost."""
        for button in (self.get, self.hand_in, self.feedback):
            button.disabled = True
        try:
            action()
        except exchange.ExchangeProblem as err:
            self._say(f"That did not work this time: {err} Your answers are safe. "
                      "Please try again, or ask your facilitator.", ok=False)
        except OSError as err:
            self._say(f"That did not work this time ({err.strerror}). Your answers are safe. "
                      "Please tell your facilitator.", ok=False)
        finally:
            for button in (self.get, self.hand_in, self.feedback):
                button.disabled = False
            self.refresh()

    def _get(self) -> None:
        exchange.fetch(self.folder, self.spec.folder)
        self._say(f"Module {self.number} is ready. Choose Start to open it.")

    def _hand_in(self) -> None:
        exchange.submit(self.folder, self.spec.folder)
        self._say(f"Handed in at {datetime.now():%H:%M}. You can keep working and hand in again: "
                  "your facilitator marks the last one.")

    def _feedback(self) -> None:
        pages = exchange.fetch_feedback(self.folder, self.spec.folder)
        if pages:
            self._say("Your feedback is here. Choose Read your feedback.")
        else:
            self._say("There is no feedback yet. Your facilitator will tell you when it is "
                      "ready.")


class HandInHome:
    """The course home with a card per module that can get, hand in and show feedback."""

    def __init__(self, folder: Path) -> None:
        self.cards = [ModuleCard(n, spec, folder) for n, spec in numbered_modules()]
        self.box = w.VBox([card.box for card in self.cards])
        self.box.add_class("mystory-cards")
