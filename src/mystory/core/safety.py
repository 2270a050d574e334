"""Module 6's own pages: the privacy settings drawn step by step (simple SVG pictures made for the
course, never copies of an app), and the learner's one-page safety check as plain text, HTML and
a PDF.

Every word comes from the module's data file (``texts:`` and the exercises its ``parts:`` name),
so an organisation can change or translate them without code.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from typing import Any

from . import content
from .datafiles import ContentError
from .language import current_language
from .markup import esc, sections_html
from .pdf import one_page

BLUE, INK, MARK = "#0b5394", "#1d1d1b", "#b45f06"  # the course's blue; a dark orange ring


# -- step pictures ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One step of a privacy setting: the screen, the button to tap, the words and the alt text."""

    screen: str
    tap: str
    say: str
    alt: str


def privacy_steps(folder: str, platform: str) -> tuple[str, list[Step]]:
    """A platform's name and steps, from the module's ``texts: privacy_steps:``."""
    spec = content.module(folder, current_language())
    where = f"modules/{folder}.yaml, texts: privacy_steps: {platform}"
    guide = (spec.texts.get("privacy_steps") or {}).get(platform)
    if not isinstance(guide, dict) or not guide.get("steps"):
        raise ContentError(f"{where}: there are no steps.")
    steps = []
    for n, entry in enumerate(guide["steps"], start=1):
        missing = [k for k in ("screen", "tap", "say", "alt")
                   if not (isinstance(entry, dict) and str(entry.get(k) or "").strip())]
        if missing:
            raise ContentError(f"{where}, step {n}: '{missing[0]}' is missing.")
        steps.append(Step(*(str(entry[k]) for k in ("screen", "tap", "say", "alt"))))
    return str(guide.get("name") or platform), steps


def _lines(text: str, most: int) -> list[str]:
    """The words of `text` in lines of at most `most` characters (a long word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def step_svg(step: Step, number: int) -> str:
    """A drawn phone showing the screen's name, a few grey rows and the row to tap, ringed."""
    x = html.escape
    title = "".join(f'<tspan x="90" dy="{0 if n == 0 else 15}">{x(line)}</tspan>'
                    for n, line in enumerate(_lines(step.screen, 20)[:2]))
    tap = _lines(step.tap, 18)[:3]
    tap_text = "".join(f'<tspan x="90" dy="{0 if n == 0 else 15}">{x(line)}</tspan>'
                       for n, line in enumerate(tap))
    box_h = 18 + 15 * len(tap)
    rows = "".join(f'<rect x="30" y="{y}" width="120" height="10" rx="5" fill="#d9d9d9"/>'
                   for y in (92, 110, 200 + box_h - 40, 218 + box_h - 40))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 180 300" width="180" '
        'height="300"><style>text{font-family:sans-serif;text-anchor:middle}</style>'
        f'<rect x="8" y="4" width="164" height="292" rx="22" fill="{INK}"/>'
        '<rect x="18" y="26" width="144" height="248" rx="6" fill="#ffffff"/>'
        '<rect x="70" y="12" width="40" height="5" rx="2.5" fill="#555555"/>'
        f'<rect x="18" y="26" width="144" height="48" rx="6" fill="{BLUE}"/>'
        f'<text x="90" y="{47 if len(_lines(step.screen, 20)) == 1 else 42}" font-size="13" '
        f'font-weight="bold" fill="#ffffff">{title}</text>'
        f"{rows}"
        f'<rect x="28" y="134" width="124" height="{box_h}" rx="8" fill="#eaf2fb"/>'
        f'<text x="90" y="{134 + 22}" font-size="12.5" font-weight="bold" fill="{INK}">'
        f"{tap_text}</text>"
        f'<rect x="23" y="129" width="134" height="{box_h + 10}" rx="12" fill="none" '
        f'stroke="{MARK}" stroke-width="4"/>'
        f'<circle cx="150" cy="{129 + box_h + 14}" r="13" fill="{MARK}"/>'
        f'<text x="150" y="{129 + box_h + 19}" font-size="14" font-weight="bold" '
        f'fill="#ffffff">{number}</text>'
        '<rect x="70" y="280" width="40" height="8" rx="4" fill="#555555"/></svg>')


def steps_html(folder: str, platform: str) -> str:
    """A platform's steps as a numbered list of pictures, each with its alt text and caption."""
    spec = content.module(folder, current_language())
    word = str(spec.texts.get("step_word", "Step"))
    of = str(spec.texts.get("step_of", "of"))
    _name, steps = privacy_steps(folder, platform)
    items = []
    for n, step in enumerate(steps, start=1):
        data = base64.b64encode(step_svg(step, n).encode()).decode()
        items.append(
            f'<li><figure><img src="data:image/svg+xml;base64,{data}" alt="{esc(step.alt)}" '
            f'width="180" height="300"><figcaption><strong>{esc(word)} {n} {esc(of)} '
            f"{len(steps)}.</strong> {esc(step.say)}</figcaption></figure></li>")
    return f'<ol class="mystory-steps" data-platform="{esc(platform)}">{"".join(items)}</ol>'


# -- the safety check ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SafetyCheck:
    """A learner's safety check, gathered from their answers and the module's words."""

    name: str
    done: list[str]
    to_do: list[str]
    tell: str
    switch_off: str
    words: dict[str, Any]

    @classmethod
    def from_answers(cls, answers: dict[str, Any], name: str = "") -> SafetyCheck:
        """Gather the check from the exercises the module's data file names as its parts."""
        spec, ids = content.part("safety_check")
        spec = content.module(spec.folder, current_language())  # the learner's words
        words = spec.texts.get("safety_check") or {}
        checklist = spec.exercises[ids["done"]]
        ticked = answers.get(ids["done"])
        ticked = set(ticked) if isinstance(ticked, list) else set()

        def text(key: str) -> str:
            value = answers.get(ids[key])
            return " ".join(value.split()) if isinstance(value, str) else ""

        return cls(name=name,
                   done=[o.text for o in checklist.options if o.id in ticked],
                   to_do=[o.text for o in checklist.options if o.id not in ticked],
                   tell=text("tell"), switch_off=text("switch_off"), words=words)

    def word(self, key: str) -> str:
        return str(self.words.get(key, ""))

    @property
    def complete(self) -> bool:
        return bool(self.done and self.tell and self.switch_off)

    @property
    def title(self) -> str:
        named = self.word("title_named")
        return named.replace("{name}", self.name) if self.name and named else self.word("title")

    def sections(self) -> list[tuple[str, list[str]]]:
        rules = [str(r) for r in self.words.get("rules") or []]
        parts = [(self.word("done"), self.done), (self.word("to_do"), self.to_do),
                 (self.word("tell"), [self.tell] if self.tell else []),
                 (self.word("switch_off"), [self.switch_off] if self.switch_off else []),
                 (self.word("rules_heading"), rules)]
        # "Still to think about" goes when everything is ticked; the rest always show.
        return [(h, items) for h, items in parts if items or h != self.word("to_do")]

    def text(self) -> str:
        """The check as plain text: the learner's words exactly as typed, no markup."""
        lines = [self.title, ""]
        for heading, items in self.sections():
            lines += [heading, *(f"- {item}" for item in items or [self.word("not_yet")]), ""]
        lines.append(self.word("made_with"))
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        return sections_html("mystory-safety-check", self.title, self.sections(),
                             self.word("not_yet"))

    def pdf(self) -> bytes:
        """One A4 page, made with fpdf2 as the policy is: text kept as real text, any script."""
        return one_page(self.title, self.sections(), self.word("not_yet"),
                        self.word("made_with"), self.text())
