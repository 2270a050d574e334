"""Module 5's one-page personal social media policy: on screen, as Markdown and as a PDF.

The organisation's name and one-line rule come from ``data/organisation.yaml`` (or an
organisation's own copy in ``MYSTORY_CONTENT_DIR``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from ..core.branding import Organisation, organisation
from .widgets import esc, flush_pending_saves

TOPICS = ("policy-topic-1", "policy-topic-2", "policy-topic-3")
RULES = ("policy-rule-1", "policy-rule-2", "policy-rule-3")


def rule_html() -> str:
    org = organisation()
    return (f'<div class="mystory-org-rule" role="note"><p><strong>{esc(org.name)}\'s rule'
            f"</strong></p><p class=\"mystory-org-rule-text\">{esc(org.rule)}</p></div>")


@dataclass(frozen=True)
class Policy:
    """A learner's policy, gathered from their answers."""

    name: str
    topics: list[str]
    follow_back: str
    mix: str
    rules: list[str]
    org: Organisation

    @classmethod
    def from_answers(cls, answers: dict[str, Any], name: str = "") -> Policy:
        def text(key: str) -> str:
            value = answers.get(key)
            return " ".join(value.split()) if isinstance(value, str) else ""

        return cls(name=name, topics=[t for t in map(text, TOPICS) if t],
                   follow_back=text("policy-follow-back"), mix=text("policy-mix"),
                   rules=[r for r in map(text, RULES) if r], org=organisation())

    @property
    def complete(self) -> bool:
        return bool(self.topics and self.follow_back and self.mix and len(self.rules) >= 2)

    @property
    def title(self) -> str:
        return f"{self.name}'s social media policy" if self.name else "My social media policy"

    def sections(self) -> list[tuple[str, list[str]]]:
        return [
            ("What I want to be known for", self.topics),
            ("How I follow back", [self.follow_back] if self.follow_back else []),
            ("How I mix personal and work", [self.mix] if self.mix else []),
            ("My own rules", self.rules),
            (f"{self.org.name}'s rule", [self.org.rule]),
        ]

    def markdown(self) -> str:
        """The policy as Markdown (learner's words escaped so they stay plain text)."""
        lines = [f"# {md_escape(self.title)}", ""]
        for heading, items in self.sections():
            lines += [f"## {md_escape(heading)}", ""]
            lines += [f"- {md_escape(item)}" for item in items] or ["- (not written yet)"]
            lines.append("")
        lines.append("Made with the #MyStory course.")
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        parts = [f'<article class="mystory-policy"><h3>{esc(self.title)}</h3>']
        for heading, items in self.sections():
            body = "".join(f"<li>{esc(item)}</li>" for item in items) or \
                "<li><em>Not written yet</em></li>"
            parts.append(f"<h4>{esc(heading)}</h4><ul>{body}</ul>")
        parts.append("</article>")
        return "".join(parts)

    def pdf(self) -> bytes:
        """One A4 page, made with fpdf2, the text kept as real text."""
        from ..core.pdf import new_pdf

        pdf, family = new_pdf(self.title, format="A4")
        pdf.set_auto_page_break(True, margin=15)
        pdf.set_font(family, size=20)
        pdf.set_text_color(11, 83, 148)
        pdf.multi_cell(0, 10, self.title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        for heading, items in self.sections():
            pdf.set_text_color(11, 83, 148)
            pdf.set_font(family, size=14)
            pdf.multi_cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(29, 29, 27)
            pdf.set_font(family, size=12)
            for item in items or ["(not written yet)"]:
                pdf.multi_cell(0, 6.5, f"•  {item}", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        pdf.set_font(family, size=9)
        pdf.multi_cell(0, 5, "Made with the #MyStory course.", new_x="LMARGIN", new_y="NEXT")
        out = io.BytesIO()
        pdf.output(out)
        return out.getvalue()


def safely(action: Any, view: w.HTML) -> None:
    """Save what is still being typed, then run a button's action; if it fails, say so kindly
    instead of failing silently."""
    try:
        flush_pending_saves()
        action()
    except Exception:  # noqa: BLE001 - a learner must always see an answer to their click
        view.value = ('<p class="mystory-problem" role="alert">⚠ Sorry, something went wrong '
                      "making this. Your answers are safe. Please try again, or tell your "
                      "facilitator.</p>")


def md_escape(text: str) -> str:
    """Escape Markdown and HTML characters so a learner's words render as they typed them."""
    for char in "\\`*_{}[]()#+!|<>":
        text = text.replace(char, "\\" + char)
    return text


class PolicyPage:
    """The "Make my policy page" button, the page on screen and its two downloads.

    `name` is asked for when the page is made, not when it is built: the name comes from
    Module 1, which the learner may have changed since (a preheated page is built early).
    """

    def __init__(self, store: Any, name: Callable[[], str] = lambda: "") -> None:
        self.store, self.name = store, name
        self.button = w.Button(description="Make my policy page", button_style="primary",
                               layout=w.Layout(width="auto", min_height="44px"))
        self.view = w.HTML()
        self.button.on_click(lambda _b: safely(self.render, self.view))
        self.box = w.VBox([self.button, self.view])
        self.box.add_class("mystory-policy-maker")

    def render(self) -> None:
        from .profile import download_link

        policy = Policy.from_answers(self.store.load(), self.name())
        note = "" if policy.complete else (
            '<p class="mystory-problem">⚠ Some parts are not written yet. You can still '
            "download it, and come back to finish it.</p>")
        markdown = download_link(policy.markdown().encode(), "my-social-media-policy.md",
                                 "text/markdown", "Download as Markdown (text)")
        pdf = download_link(policy.pdf(), "my-social-media-policy.pdf", "application/pdf",
                            "Download as a PDF")
        self.view.value = f"{note}{policy.html()}<p>{pdf} {markdown}</p>"
