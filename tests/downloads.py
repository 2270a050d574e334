"""Checks that a download keeps the learner's words: the PDF's text, the glyphs it draws and the
pixels a reader sees (rendered with PDFium, as a browser's PDF viewer would)."""

from __future__ import annotations

import io
import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PIL import Image
from pypdf import PdfReader

from mystory.core import fonts

# What learners type: emoji (a ZWJ sequence and a flag too), Arabic, Urdu, Polish and Welsh.
EMOJI = "🍅🌱👩🏽‍💻🇬🇧"
ARABIC = ("مرحبا", "بالعالم")
URDU = "اردو میں خوش آمدید"
POLISH = "Zażółć gęślą jaźń"
WELSH = "Ŵyn a ŷd"
WORDS = (EMOJI, " ".join(ARABIC), URDU, POLISH, WELSH)


def need_fonts() -> None:
    """The downloads are only as good as the fonts: fail, saying how to add them."""
    assert not fonts.missing(), f"{fonts.advice()} (CI's .ci/run installs them)"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def glyphs_per_character(data: bytes) -> dict[str, set[tuple[str, str]]]:
    """For each character, the (font, glyph) pairs the PDF draws it with, from the fonts'
    ToUnicode maps. A shaped Arabic letter has several: its joined forms."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for page in PdfReader(io.BytesIO(data)).pages:
        for key, font in page["/Resources"]["/Font"].items():
            cmap = font.get_object().get("/ToUnicode")
            if cmap is None:
                continue
            for glyph, code in re.findall(r"<([0-9A-F]+)>\s*<([0-9A-F]+)>",
                                          cmap.get_object().get_data().decode()):
                text = bytes.fromhex(code).decode("utf-16-be", errors="replace")
                found[text].add((key, glyph))
    return found


@contextmanager
def no_missing_glyphs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail when fpdf2 reports a character that no font could draw (a .notdef box)."""
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        yield
    missing = [r.getMessage() for r in caplog.records if "missing" in r.getMessage()]
    assert not missing, missing


def render(data: bytes, scale: float = 2.0) -> Image.Image:
    """The PDF's first page as a reader sees it (PDFium), `scale` pixels per point."""
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data)[0].render(scale=scale).to_pil().convert("RGB")


def char_boxes(data: bytes) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each drawn character with its box (left, bottom, right, top) in points: the box of its
    line of type, so characters on one line share a bottom."""
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(data)[0].get_textpage()
    return [(text.get_text_range(n, 1), text.get_charbox(n, loose=True))
            for n in range(text.count_chars())]


def colourful(image: Image.Image) -> int:
    """How many pixels are strongly coloured (an emoji), not black, grey or white (a box)."""
    from PIL import ImageChops

    r, g, b = image.convert("RGB").split()
    spread = ImageChops.subtract(ImageChops.lighter(ImageChops.lighter(r, g), b),
                                 ImageChops.darker(ImageChops.darker(r, g), b))
    return spread.point(lambda v: 255 if v > 90 else 0).histogram()[255]


def stretched_gaps(data: bytes) -> list[bytes]:
    """Word gaps widened to justify a line: fpdf2 writes them as TJ adjustments of a tenth of
    an em or more (kerning is smaller), or as word spacing (Tw)."""
    content = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data()
    return re.findall(rb"\)\s*-?\d{3,}(?:\.\d+)?\s*\(|[1-9][0-9.]* Tw", content)
