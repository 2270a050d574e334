"""Text on a Pillow picture (the profile card), drawn the way the learner typed it: each character
in a font that has it (emoji in colour), Arabic and Urdu joined up and running right to left.

Pillow draws one font per call, so a line is cut into runs of one font and one direction, the
runs are put in visual order (fpdf2's Unicode bidi algorithm), and each run is shaped by
libraqm. Where Pillow has no libraqm, right-to-left runs are still put in order, unjoined.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import fonts
from .pdf import rtl

EMOJI_SIZE = 109  # Noto Color Emoji has bitmaps at this size only


@dataclass
class Run:
    """Characters drawn in one call: one font, one direction."""

    text: str
    path: Path
    level: int = 0  # even: left to right; odd: right to left


def _joins(char: str) -> bool:
    """Whether the character belongs to the one before it (accent, joiner, skin tone)."""
    return ord(char) in fonts.JOINERS or unicodedata.category(char) in ("Mn", "Me")


def levels(line: str, base_rtl: bool) -> list[int]:
    """Each character's bidi level (even: left to right), by fpdf2's Unicode bidi algorithm."""
    from fpdf.bidi import BidiParagraph
    from fpdf.enums import TextDirection

    base = TextDirection.RTL if base_rtl else TextDirection.LTR
    chars = BidiParagraph(line, base_direction=base).get_characters_with_embedding_level()
    by_index = {c.character_index: c.embedding_level for c in chars}
    fallback = 1 if base_rtl else 0
    return [by_index.get(n, fallback) for n in range(len(line))]


def split_runs(line: str, paths: list[Path], base_rtl: bool) -> list[Run]:
    """Cut a line into runs of one font and one bidi level, in the order they were typed."""
    runs: list[Run] = []
    for char, level in zip(line, levels(line, base_rtl), strict=True):
        code, last = ord(char), (runs[-1] if runs else None)
        if last is not None and (_joins(char) or (char.isspace() and last.level == level and not
                                                  fonts.is_colour(last.path)
                                                  and code in fonts.coverage(last.path))):
            last.text += char
            continue
        path = next((p for p in paths if code in fonts.coverage(p)), paths[0])
        if last is not None and last.path == path and last.level == level:
            last.text += char
        else:
            runs.append(Run(char, path, level))
    return runs


def visual_order(runs: list[Run]) -> list[Run]:
    """The runs left to right as they are seen (rule L2: reverse from the highest level down)."""
    order = list(runs)
    lowest_odd = min((r.level for r in runs if r.level % 2), default=None)
    if lowest_odd is None:
        return order
    for level in range(max(r.level for r in runs), lowest_odd - 1, -1):
        n = 0
        while n < len(order):
            end = n
            while end < len(order) and order[end].level >= level:
                end += 1
            if end > n:
                order[n:end] = reversed(order[n:end])
            n = end + 1
    return order


def _font(path: Path, size: int) -> Any:
    return _loaded(path, size, has_raqm())


@lru_cache(maxsize=32)
def _loaded(path: Path, size: int, raqm: bool) -> Any:
    from PIL import ImageFont

    engine = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(path), EMOJI_SIZE if fonts.is_colour(path) else size,
                              layout_engine=engine)


def has_raqm() -> bool:
    """Whether Pillow can shape text (libraqm, with FriBiDi and HarfBuzz)."""
    from PIL import features

    return bool(features.check("raqm"))


class Writer:
    """Measures and draws lines of one size, in the fonts these texts need."""

    def __init__(self, size: int, texts: list[str]) -> None:
        self.size, self.paths = size, fonts.chain(texts)

    def _scale(self, path: Path) -> float:
        return self.size / EMOJI_SIZE if fonts.is_colour(path) else 1.0

    def _shape(self, run: Run) -> tuple[str, dict[str, Any]]:
        """The text to hand Pillow and how: libraqm shapes it; without it, reorder it here."""
        if has_raqm():
            return run.text, {"direction": "rtl" if run.level % 2 else "ltr"}
        return (run.text[::-1] if run.level % 2 else run.text), {}  # in order, not joined up

    def runs(self, line: str, base_rtl: bool | None = None) -> list[Run]:
        """The line's runs as seen; `base_rtl` is its paragraph's direction (else its own)."""
        return visual_order(split_runs(line, self.paths,
                                       rtl(line) if base_rtl is None else base_rtl))

    def width(self, line: str, base_rtl: bool | None = None) -> float:
        total = 0.0
        for run in self.runs(line, base_rtl):
            text, how = self._shape(run)
            total += _font(run.path, self.size).getlength(text, **how) * self._scale(run.path)
        return total

    def draw(self, image: Any, x: float, baseline: float, line: str, fill: str,
             right: float | None = None, base_rtl: bool | None = None) -> None:
        """Draw a line with its baseline at `baseline`, from x (or ending at `right`)."""
        from PIL import Image, ImageDraw

        if right is not None:
            x = right - self.width(line, base_rtl)
        draw = ImageDraw.Draw(image)
        for run in self.runs(line, base_rtl):
            text, how = self._shape(run)
            font, scale = _font(run.path, self.size), self._scale(run.path)
            length = font.getlength(text, **how)
            if scale == 1.0:
                draw.text((x, baseline), text, fill=fill, font=font, anchor="ls", **how)
            else:
                ascent, descent = font.getmetrics()
                tile = Image.new("RGBA", (max(1, round(length)), ascent + descent), (0, 0, 0, 0))
                ImageDraw.Draw(tile).text((0, ascent), text, font=font, anchor="ls",
                                          embedded_color=True, **how)
                tile = tile.resize((max(1, round(tile.width * scale)),
                                    max(1, round(tile.height * scale))), Image.Resampling.LANCZOS)
                image.paste(tile, (round(x), round(baseline - ascent * scale)), tile)
            x += length * scale

    def wrap(self, text: str, width: float, most: int = 1000) -> list[str]:
        """Greedy word wrap to a width in pixels (a word wider than a line is cut), stopping
        after `most` lines."""
        lines: list[str] = []
        line = ""
        for word in text.split():
            if len(lines) >= most:
                return lines[:most]
            trial = f"{line} {word}" if line else word
            if self.width(trial) <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word:
                if line and not _joins(char) and self.width(line + char) > width:
                    lines.append(line)
                    line = ""
                line += char
        return (lines + [line] if line else lines or [""])[:most]
