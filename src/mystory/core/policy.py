"""Module 5's one-page personal social media policy, gathered from the learner's answers: as
Markdown, as HTML and as a one-page PDF.

The organisation's name and one-line rule come from ``data/organisation.yaml`` (or an
organisation's own copy in ``MYSTORY_CONTENT_DIR``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from . import content
from .branding import Organisation, organisation
from .markup import esc
from .pdf import new_pdf


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
        """Gather the policy from the exercises the module's data file names as its parts."""
        _module, ids = content.part("policy")

        def text(key: str) -> str:
            value = answers.get(key)
            return " ".join(value.split()) if isinstance(value, str) else ""

        return cls(name=name, topics=[t for t in map(text, ids["topics"]) if t],
                   follow_back=text(ids["follow_back"]), mix=text(ids["mix"]),
                   rules=[r for r in map(text, ids["rules"]) if r], org=organisation())

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


def md_escape(text: str) -> str:
    """Escape Markdown and HTML characters so a learner's words render as they typed them."""
    for char in "\\`*_{}[]()#+!|<>":
        text = text.replace(char, "\\" + char)
    return text
