"""Module 6's page parts: the "Make my safety check" button, with the check on screen and as PDF
and plain-text downloads (made by ``mystory.core.safety``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ..core.markup import download_link, esc
from ..core.safety import SafetyCheck
from .widgets import safely


class SafetyCheckPage:
    """The button, the check on screen and its downloads.

    `name` is asked for when the check is made, not when the page is built: the learner may
    have changed it in Module 1 since (a preheated page is built early).
    """

    def __init__(self, store: Any, name: Callable[[], str] = lambda: "") -> None:
        self.store, self.name = store, name
        words = SafetyCheck.from_answers({}).words
        self.button = w.Button(description=str(words.get("button", "")), button_style="primary",
                               layout=w.Layout(width="auto", min_height="44px"))
        self.view = w.HTML()
        self.button.on_click(lambda _b: safely(self.render, self.view))
        self.box = w.VBox([self.button, self.view])
        self.box.add_class("mystory-safety-maker")

    def render(self) -> None:
        check = SafetyCheck.from_answers(self.store.load(), self.name())
        note = "" if check.complete else (
            f'<p class="mystory-problem">⚠ {esc(check.word("unfinished"))}</p>')
        file = check.word("file") or "my-safety-check"
        pdf = download_link(check.pdf(), f"{file}.pdf", "application/pdf", check.word("pdf"))
        text = download_link(check.text().encode(), f"{file}.txt", "text/plain;charset=utf-8",
                             check.word("text"))
        self.view.value = f"{note}{check.html()}<p>{pdf} {text}</p>"
