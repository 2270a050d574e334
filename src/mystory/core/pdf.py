"""PDF documents (profile card, policy, certificates) with fpdf2: text shaped by HarfBuzz
(uharfbuzz), so Arabic and Urdu join up and run right to left, and set in fonts that cover what
learners type (see fonts.py), so emoji and every script are kept as real text."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from typing import Any

from . import fonts

MAIN = "mystory"


def rtl(text: str) -> bool:
    """True when the text's first letter is from a right-to-left script (Arabic, Urdu, Hebrew)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def new_pdf(title: str, texts: Iterable[str] = (), **page: Any) -> tuple[Any, str]:
    """A new one-page fpdf2 document that shapes text and can draw every character of `texts`,
    and the name of its font family."""
    from fpdf import FPDF

    class Document(FPDF):
        """Keeps an emoji sequence's joiners, skin tones and variation selectors in the emoji
        font, so a sequence such as 👩🏽‍💻 stays one picture."""

        last_fallback: str | None = None

        def get_fallback_font(self, char: str, style: str = "") -> str | None:
            last = self.last_fallback
            if ord(char) in fonts.JOINERS and last is not None \
                    and ord(char) in getattr(self.fonts[last], "cmap", {}):
                return last
            self.last_fallback = super().get_fallback_font(char, style)
            return self.last_fallback

    texts = [title, *texts]
    pdf = Document(**page)
    pdf.set_title(title)
    pdf.add_page()
    paths = fonts.chain(texts)
    if not paths:  # pragma: no cover - matplotlib is a dependency
        return pdf, "Helvetica"
    for n, path in enumerate(paths):
        family = MAIN if n == 0 else f"{MAIN}-{n}"
        pdf.add_font(family, fname=str(path))
    if any(fonts.is_colour(path) for path in paths):  # joiners go with the emoji
        for joiner in fonts.JOINERS:
            getattr(pdf.fonts[MAIN], "cmap", {}).pop(joiner, None)
    pdf.set_fallback_fonts([f"{MAIN}-{n}" for n in range(1, len(paths))])
    shape_for(pdf, "".join(texts))
    return pdf, MAIN


def needs_shaping(text: str) -> bool:
    """True when HarfBuzz must shape the text to draw it right: right-to-left or joining
    scripts, combining marks, and emoji sequences (joiners, skin tones, flags). Plain Latin
    text is set without it, which is much faster for long answers."""
    return any(unicodedata.bidirectional(c) in ("R", "AL", "AN")
               or unicodedata.category(c) in ("Mn", "Mc", "Me")
               or ord(c) in fonts.JOINERS or 0x1F1E6 <= ord(c) <= 0x1F1FF for c in text)


def shape_for(pdf: Any, text: str) -> None:
    """Turn HarfBuzz shaping on for the text about to be drawn only if it needs it."""
    pdf.set_text_shaping(needs_shaping(text))


def fit(pdf: Any, text: str, width: float, line: float, most: float) -> str:
    """The text, or as many of its first words as fit in `most` mm of wrapped lines, then " …"
    (for a card, which has room for so much)."""
    if fits(pdf, text, width, line, most):
        return text
    words = text.split()
    low, high = 0, len(words)
    while low < high:  # the most words that fit with " …" after them
        middle = (low + high + 1) // 2
        if fits(pdf, " ".join(words[:middle] + ["…"]), width, line, most):
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low] + ["…"])


def fits(pdf: Any, text: str, width: float, line: float, most: float) -> bool:
    """Whether the text, wrapped to `width`, takes at most `most` mm in the current font."""
    shape_for(pdf, text)
    return float(pdf.multi_cell(width, line, text, dry_run=True, output="HEIGHT")) <= most


def paragraph(pdf: Any, height: float, text: str, width: float = 0, **cell: Any) -> None:
    """Text that wraps, aligned to its start (left, or right for Arabic and Urdu): never
    justified, so no big gaps between words."""
    cell.setdefault("new_x", "LMARGIN")
    cell.setdefault("new_y", "NEXT")
    shape_for(pdf, text)
    pdf.multi_cell(width, height, text, align="R" if rtl(text) else "L", **cell)


def bullet(pdf: Any, height: float, text: str, indent: float = 6) -> None:
    """A bulleted item whose wrapped lines stay under its first word."""
    start = pdf.l_margin
    if rtl(text):
        pdf.set_x(pdf.w - pdf.r_margin - indent)
        pdf.cell(indent, height, "•", align="C")
        pdf.set_x(start)
        pdf.set_right_margin(pdf.r_margin + indent)
        paragraph(pdf, height, text)
        pdf.set_right_margin(pdf.r_margin - indent)
        return
    pdf.cell(indent, height, "•", align="C")
    pdf.set_left_margin(start + indent)
    pdf.set_x(start + indent)
    paragraph(pdf, height, text)
    pdf.set_left_margin(start)
    pdf.set_x(start)


def one_page(title: str, sections: Iterable[tuple[str, list[str]]], empty: str, footer: str,
             text: str) -> bytes:
    """A learner's one-page A4 document (the policy, the safety check): a title, headed lists
    (`empty` under a heading with nothing yet) and a footer; `text` is its plain text, so the
    fonts chosen cover every script in it."""
    pdf, family = new_pdf(title, [text], format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_font(family, size=20)
    pdf.set_text_color(11, 83, 148)
    paragraph(pdf, 10, title)
    pdf.ln(2)
    for heading, items in sections:
        pdf.set_text_color(11, 83, 148)
        pdf.set_font(family, size=14)
        paragraph(pdf, 8, heading)
        pdf.set_text_color(29, 29, 27)
        pdf.set_font(family, size=12)
        for item in items or [empty]:
            bullet(pdf, 6.5, item)
        pdf.ln(3)
    pdf.set_font(family, size=9)
    paragraph(pdf, 5, footer)
    out = io.BytesIO()
    pdf.output(out)
    return out.getvalue()
