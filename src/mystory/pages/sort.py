"""Sorting: each item (a post, a statement, a scenario) into one pile, with the reason after each
answer. Modules 2, 3 and 4 use it."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..core.language import _
from ..core.markup import esc
from .conversation import post_html
from .widgets import Exercise, legend_html, widget


@widget("sort")
class SortExercise(Exercise):
    """Mark each post "broadcast" or "conversation"; an explanation follows each answer."""

    def _build(self, saved: Any) -> w.Widget:
        saved = saved if isinstance(saved, dict) else {}
        self.choices: dict[str, w.RadioButtons] = {}
        self.whys: dict[str, w.HTML] = {}
        rows: list[w.Widget] = []
        piles = dict(self.spec.piles)
        for n, item in enumerate(self.spec.items, start=1):
            radios = w.RadioButtons(
                options=[(label, key) for key, label in piles.items()],
                value=saved.get(item.id) if saved.get(item.id) in piles else None,
                description=self.spec.item_label.format(n=n),
                style={"description_width": "initial"}, layout=w.Layout(width="100%"))
            radios.add_class("mystory-field")
            radios.add_class("mystory-sort-choice")
            radios.observe(lambda _c: self.save(), names="value")
            self.choices[item.id] = radios
            self.whys[item.id] = w.HTML()
            heading = f"<h3>{esc(item.title)}</h3>" if item.title else ""
            intro = f"<p>{esc(item.intro)}</p>" if item.intro else ""
            card = w.VBox([w.HTML(f"{heading}{intro}{post_html(item.text)}"), radios,
                           self.whys[item.id]])
            card.add_class("mystory-sort-item")
            rows.append(card)
        legend = w.HTML(legend_html(self.spec))
        self.cards = rows
        parts: list[w.Widget] = [legend, *rows]
        if self.spec.steps:
            parts.append(self._stepper())
        box = w.VBox(parts)
        box.add_class("mystory-field")
        box.add_class("mystory-group")
        return box

    def _stepper(self) -> w.Widget:
        """Back and Next buttons that show one item (one screen) at a time."""
        self.step = 0
        self.back = w.Button(description=_("Back"), layout=w.Layout(min_height="44px"))
        self.next = w.Button(description=_("Next"), button_style="primary",
                             layout=w.Layout(min_height="44px"))
        self.where = w.HTML()
        self.back.on_click(lambda _b: self.show_step(self.step - 1))
        self.next.on_click(lambda _b: self.show_step(self.step + 1))
        nav = w.HBox([self.back, self.where, self.next])
        nav.add_class("mystory-stepper")
        self.show_step(self.first_unanswered())
        return nav

    def first_unanswered(self) -> int:
        """Where a returning learner carries on: the first item with no answer (else the first)."""
        answered = self.value()
        return next((n for n, item in enumerate(self.spec.items) if item.id not in answered), 0)

    def show_step(self, step: int) -> None:
        self.step = max(0, min(step, len(self.cards) - 1))
        for n, card in enumerate(self.cards):
            card.layout.display = None if n == self.step else "none"
        where = _("{n} of {total}", n=self.step + 1, total=len(self.cards))
        self.where.value = f'<span class="mystory-step" aria-live="polite">{esc(where)}</span>'
        self.back.disabled = self.step == 0
        self.next.disabled = self.step == len(self.cards) - 1

    def value(self) -> dict[str, str]:
        return {key: radios.value for key, radios in self.choices.items() if radios.value}

    def _show_feedback(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        for item in self.spec.items:
            chosen = value.get(item.id)
            if chosen is None:
                self.whys[item.id].value = ""
                continue
            if not item.keyed:
                verdict = _("Your call: either answer can be right.")
            elif chosen == item.answer:
                verdict = "✓ " + _("Right.")
            else:
                verdict = "✗ " + _("Not quite. The answer is: {answer}.",
                                   answer=dict(self.spec.piles)[item.answer])
            self.whys[item.id].value = (f'<div class="mystory-why">{esc(verdict)} '
                                        f"{esc(item.why)}</div>")
