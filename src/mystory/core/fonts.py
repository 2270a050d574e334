"""The fonts downloads are set in, so that every word a learner types is drawn: Debian's Noto fonts
(fonts-noto-core, fonts-noto-color-emoji) where they are installed, DejaVu Sans from matplotlib
where they are not (then emoji and some scripts are missing, and we say so once)."""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

LOG = logging.getLogger(__name__)

MAIN = "NotoSans-Regular.ttf"
# Scripts that Noto Sans itself lacks, in the order they are tried (Arabic covers Urdu too).
SCRIPTS = tuple(f"NotoSans{name}-Regular.ttf" for name in (
    "Arabic", "Hebrew", "Bengali", "Devanagari", "Gurmukhi", "Gujarati", "Tamil", "Telugu",
    "Kannada", "Malayalam", "Sinhala", "Ethiopic", "Thai", "Khmer", "Georgian", "Armenian"))
EMOJI = "NotoColorEmoji.ttf"  # colour bitmaps (CBDT); fpdf2 and Pillow both draw them
SYMBOLS = ("NotoSansSymbols-Regular.ttf", "NotoSansSymbols2-Regular.ttf")  # after the emoji
WANTED = (MAIN, SCRIPTS[0], EMOJI)  # what `make fonts` installs at least
DEBIAN_PACKAGES = "fonts-noto-core fonts-noto-color-emoji"
# Characters that belong to the character before them (emoji sequences, accents, joiners).
JOINERS = frozenset({0x200C, 0x200D, 0x20E3, 0xFE0E, 0xFE0F}
                    | set(range(0x1F3FB, 0x1F400)) | set(range(0xE0020, 0xE0080)))


def font_dirs() -> list[Path]:
    """Where fonts are looked for: MYSTORY_FONT_DIR, the ones `make fonts` puts beside the
    virtual environment (no root needed), then the user's and the system's font folders."""
    dirs = [Path(d) for d in os.environ.get("MYSTORY_FONT_DIR", "").split(os.pathsep) if d]
    dirs += [Path(sys.prefix) / "share" / "mystory" / "fonts",
             Path.home() / ".local" / "share" / "fonts", Path("/usr/local/share/fonts"),
             Path("/usr/share/fonts")]
    return dirs


@cache
def _index(dirs: tuple[Path, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in dirs:
        if folder.is_dir():
            for path in sorted(folder.rglob("*.ttf")):
                found.setdefault(path.name, path)
    return found


def find(filename: str) -> Path | None:
    """The first font file of that name in the font folders."""
    return _index(tuple(font_dirs())).get(filename)


def dejavu() -> Path | None:
    """DejaVu Sans from matplotlib's package data: always there, covers Latin, Greek, Cyrillic,
    Hebrew and Arabic letters, but no emoji."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or spec.origin is None:  # pragma: no cover - matplotlib is a dependency
        return None
    path = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    return path if path.is_file() else None


@lru_cache(maxsize=64)
def coverage(path: Path) -> frozenset[int]:
    """The characters a font has a glyph for (its cmap)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def is_colour(path: Path) -> bool:
    return path.name == EMOJI


def chain(texts: Iterable[str]) -> list[Path]:
    """The fonts to set these texts in: the main font, then each fallback that draws a character
    the ones before it cannot, DejaVu Sans last (so a document loads only the fonts it needs)."""
    main, last = find(MAIN), dejavu()
    first = main or last
    if first is None:  # pragma: no cover - matplotlib is a dependency
        return []
    needed = {ord(c) for text in texts for c in text if not c.isspace()} - JOINERS
    needed -= coverage(first)
    fonts = [first]
    for name in (*SCRIPTS, EMOJI, *SYMBOLS):
        path = find(name)
        if needed and path is not None and needed & coverage(path):
            fonts.append(path)
            needed -= coverage(path)
    if needed and last is not None and last != first and needed & coverage(last):
        fonts.append(last)
        needed -= coverage(last)
    if needed:
        warn_once()
    return fonts


def missing() -> list[str]:
    """The wanted font files this machine does not have."""
    return [name for name in WANTED if find(name) is None]


def advice() -> str:
    """What is missing and how to add it, in a facilitator's words ("" when nothing is)."""
    gone = missing()
    if not gone:
        return ""
    return (f"fonts not found: {', '.join(gone)}. Downloads (profile card, policy, "
            "certificates) use DejaVu Sans instead, which has no emoji. To add them, run "
            f"`make fonts`, or `sudo apt-get install {DEBIAN_PACKAGES}`.")


@lru_cache(maxsize=1)
def warn_once() -> None:
    """Say once per process, in the server's log, what is missing."""
    if message := advice():
        LOG.warning("MyStory: %s", message)


def main(argv: list[str]) -> int:
    """`python -m mystory.core.fonts`: exit 0 when the fonts are here, else say what to do (for
    deploy/fonts.sh); `--names` lists the font files the downloads use."""
    if argv[1:] == ["--names"]:
        print("\n".join((MAIN, *SCRIPTS, EMOJI, *SYMBOLS)))
        return 0
    gone = missing()
    if gone:
        print(f"Note: {advice()}")
    return 1 if gone else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
