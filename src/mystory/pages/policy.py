"""Module 5's page: the organisation's rule and the "Make my policy page" button, with the policy
on screen and as PDF and Markdown downloads (made by ``mystory.core.policy``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ..core.branding import organisation
from ..core.language import _
from ..core.markup import download_link, esc
from ..core.policy import Policy
from .widgets import safely


def rule_html() -> str:
    org = organisation()
    return (f'<div class="mystory-org-rule" role="note"><p><strong>{esc(org.rule_heading)}'
            f"</strong></p><p class=\"mystory-org-rule-text\">{esc(org.rule)}</p></div>")


class PolicyPage:
    """The "Make my policy page" button, the page on screen and its downloads.

    `name` is asked for when the page is made, not when it is built: the name comes from
    Module 1, which the learner may have changed since (a preheated page is built early).
    """

    def __init__(self, store: Any, name: Callable[[], str] = lambda: "") -> None:
        self.store, self.name = store, name
        self.button = w.Button(description=_("Make my policy page"), button_style="primary",
                               layout=w.Layout(width="auto", min_height="44px"))
        self.view = w.HTML()
        self.button.on_click(lambda _b: safely(self.render, self.view))
        self.box = w.VBox([self.button, self.view])
        self.box.add_class("mystory-policy-maker")

    def render(self) -> None:
        policy = Policy.from_answers(self.store.load(), self.name())
        unfinished = _("Some parts are not written yet. You can still download it, and come back "
                       "to finish it.")
        note = "" if policy.complete else f'<p class="mystory-problem">⚠ {esc(unfinished)}</p>'
        pdf = download_link(policy.pdf(), "my-social-media-policy.pdf", "application/pdf",
                            _("Download as a PDF"))
        text = download_link(policy.text().encode(), "my-social-media-policy.txt",
                             "text/plain;charset=utf-8", _("Download as plain text (.txt)"))
        markdown = download_link(policy.markdown().encode(), "my-social-media-policy.md",
                                 "text/markdown;charset=utf-8",
                                 _("Download as Markdown (.md), for a web page"))
        self.view.value = f"{note}{policy.html()}<p>{pdf} {text} {markdown}</p>"
