"""Module 5's one-page personal social media policy, gathered from the learner's answers: as
plain text (the learner's words exactly, to paste anywhere), Markdown, HTML and a one-page PDF.

The organisation's name and one-line rule come from ``data/organisation.yaml`` (or an
organisation's own copy in ``MYSTORY_CONTENT_DIR``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import content
from .branding import Organisation, organisation
from .language import N_, _
from .markup import sections_html
from .pdf import one_page


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
        return _("{name}'s social media policy", name=self.name) if self.name else \
            _("My social media policy")

    def sections(self) -> list[tuple[str, list[str]]]:
        return [
            (_("What I want to be known for"), self.topics),
            (_("How I follow back"), [self.follow_back] if self.follow_back else []),
            (_("How I mix personal and work"), [self.mix] if self.mix else []),
            (_("My own rules"), self.rules),
            (self.org.rule_heading, [self.org.rule]),
        ]

    def text(self) -> str:
        """The policy as plain text: every word exactly as the learner typed it, no markup."""
        lines = [self.title, ""]
        for heading, items in self.sections():
            lines += [heading, *(f"- {item}" for item in items or [_(NOT_YET)]), ""]
        lines.append(_(MADE_WITH))
        return "\n".join(lines) + "\n"

    def markdown(self) -> str:
        """The policy as Markdown, for a web page or wiki (marks escaped only where Markdown
        would read them, so the learner's words show as they typed them)."""
        lines = [f"# {md_escape(self.title)}", ""]
        for heading, items in self.sections():
            lines += [f"## {md_escape(heading)}", ""]
            lines += [f"- {md_escape(item)}" for item in items] or [f"- {_(NOT_YET)}"]
            lines.append("")
        lines.append(_(MADE_WITH))
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        return sections_html("mystory-policy", self.title, self.sections(), _("Not written yet"))

    def pdf(self) -> bytes:
        """One A4 page, made with fpdf2, the text kept as real text (shaped, every script)."""
        return one_page(self.title, self.sections(), _(NOT_YET), _(MADE_WITH), self.text())


NOT_YET, MADE_WITH = N_("(not written yet)"), N_("Made with the #MyStory course.")
MD_MARKS = "\\`*_[]<>#|&~"  # what Markdown (and the HTML inside it) reads anywhere in a line


def md_escape(text: str) -> str:
    """Escape what Markdown would read as markup, so a learner's words render as they typed
    them: marks anywhere in a line, and list or heading marks at its start."""
    text = "".join("\\" + char if char in MD_MARKS else char for char in text)
    if text[:1] in ("+", "-", "="):
        return "\\" + text
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
