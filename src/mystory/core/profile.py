"""Module 2's rules and documents: drawn example avatars, the checks on an uploaded picture,
and the profile card as a picture (PNG) and a PDF.

Pillow and fpdf2 are imported only when a picture or a card is actually made.
"""

from __future__ import annotations

import base64
import hashlib
import io
from pathlib import Path
from typing import Any

from .language import _
from .markup import esc
from .pdf import fit, fits, new_pdf, paragraph, rtl
from .picture_text import Writer
from .store import photo_path

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png"}  # the store names the files (PHOTO_EXTENSIONS)


# -- example profile pictures (drawn, so no real person's photo is used) -----------------------
HAIR = ("#3b2a1e", "#6b4423", "#d9a441", "#222222", "#8c8c8c", "#a0522d")
SKIN = ("#f1c27d", "#c68642", "#8d5524", "#ffdbac", "#e0ac69", "#a56a43")


def avatar_svg(kind: str, seed: str) -> str:
    """A drawn avatar: the grey "egg" of an account with no photo, or a friendly face."""
    if kind == "egg":
        return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
                '<rect width="64" height="64" rx="32" fill="#9aa5ad"/>'
                '<ellipse cx="32" cy="35" rx="13" ry="17" fill="#eef1f3"/></svg>')
    n = int(hashlib.sha1(seed.encode()).hexdigest(), 16)
    hair, skin = HAIR[n % len(HAIR)], SKIN[(n // 7) % len(SKIN)]
    smile = "M24 42 Q32 49 40 42" if n % 5 else "M25 44 L39 44"
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
            f'<rect width="64" height="64" rx="32" fill="#cfe3f5"/>'
            f'<circle cx="32" cy="30" r="17" fill="{hair}"/>'
            f'<circle cx="32" cy="34" r="14" fill="{skin}"/>'
            '<circle cx="27" cy="32" r="1.8" fill="#222"/><circle cx="37" cy="32" r="1.8" '
            f'fill="#222"/><path d="{smile}" stroke="#222" stroke-width="2" fill="none"/>'
            f'<path d="M12 64 Q32 46 52 64" fill="{hair}"/></svg>')


def picture_html(kind: str, seed: str, alt: str, size: int = 56) -> str:
    """An <img> of a drawn avatar with its text alternative."""
    data = base64.b64encode(avatar_svg(kind, seed).encode()).decode()
    return (f'<img class="mystory-avatar" src="data:image/svg+xml;base64,{data}" '
            f'alt="{esc(alt)}" width="{size}" height="{size}">')


# -- the learner's own picture ---------------------------------------------------------------
class PhotoProblem(ValueError):
    """The upload is not a picture we can use; the message is for the learner."""


def check_photo(content: bytes) -> tuple[str, Any]:
    """Check an upload is a real JPEG or PNG that is not one flat colour: (extension, image)."""
    from PIL import Image, UnidentifiedImageError

    if len(content) > MAX_PHOTO_BYTES:
        raise PhotoProblem(f"That picture is {len(content) / 1024 / 1024:.1f} MB. Pictures can be "
                           "up to 5 MB. Try a smaller copy of it.")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(content)) as probe:
            kind = probe.format
            probe.verify()
        image = Image.open(io.BytesIO(content))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as err:
        raise PhotoProblem("We could not open that file as a picture. Please choose a JPEG or "
                           "PNG photo.") from err
    if kind not in PHOTO_FORMATS:
        raise PhotoProblem(f"That picture is a {kind} file. Please choose a JPEG or PNG photo.")
    extrema = image.convert("RGB").getextrema()  # one (low, high) pair per colour band
    if all(low == high for low, high in extrema):  # type: ignore[misc]
        raise PhotoProblem("That picture is all one colour. Please choose a photo of you, or a "
                           "picture that shows something about you.")
    return PHOTO_FORMATS[kind], image


def thumbnail_png(image: Any, size: int = 160) -> bytes:
    from PIL import ImageOps

    small = ImageOps.exif_transpose(image).convert("RGB")
    small.thumbnail((size, size))
    out = io.BytesIO()
    small.save(out, format="PNG")
    return out.getvalue()


def photo_file(folder: Path, notebook: str) -> Path | None:
    """The learner's saved picture beside the notebook, if there is one."""
    for ext in PHOTO_FORMATS.values():
        path = photo_path(folder, notebook, ext)
        if path.is_file():
            return path
    return None


def photo_ok(value: Any, folder: Path, notebook: str) -> str | None:
    """None when the photo answer is complete, else what is missing (for grading)."""
    if not isinstance(value, dict):
        return _("no picture answer was saved.")
    if not str(value.get("alt") or "").strip():
        return _("the picture has no description.")
    if value.get("later") is True:
        return None
    if not value.get("file"):
        return _("no picture was chosen, and 'later' was not ticked.")
    path = photo_file(folder, notebook)
    if path is None:
        return _("the picture file was not handed in.")
    try:
        check_photo(path.read_bytes())
    except PhotoProblem as err:
        return str(err)
    return None


# -- the profile card ------------------------------------------------------------------------
CARD_TEXT_LEFT, CARD_TEXT_RIGHT = 260, 760  # where the name and bio go on the PNG card
CARD_MOST = 1000  # characters of a name or bio a card looks at (more never fits)


def _capped(text: str) -> str:
    """At most CARD_MOST characters (more never fits on a card), cut at a space, with " …"."""
    if len(text) <= CARD_MOST:
        return text
    return text[:CARD_MOST].rsplit(" ", 1)[0] + " …"


def _fit(writer_for: Any, text: str, width: float, largest: int, smallest: int) -> Any:
    """A writer at the largest text size at which `text` fits on one line (or the smallest):
    text width grows in step with the size, so one measurement tells."""
    wide = writer_for(largest).width(text)
    size = largest if wide <= width else max(smallest, int(largest * width / wide))
    return writer_for(size)


def card_png(name: str, bio: str, photo: bytes | None) -> bytes:
    """The finished profile as a picture: photo (or an initial), name and bio, every character
    drawn (emoji in colour, Arabic and Urdu right to left)."""
    from PIL import Image, ImageDraw


    name, bio = _capped(name.strip() or "Your name"), _capped(" ".join(bio.split()))
    texts = [name, bio, "#MyStory"]
    card = Image.new("RGB", (800, 420), "#ffffff")
    draw = ImageDraw.Draw(card)
    draw.rectangle([0, 0, 799, 419], outline="#0b5394", width=6)
    if photo:
        from PIL import ImageOps

        pic = ImageOps.fit(ImageOps.exif_transpose(Image.open(io.BytesIO(photo))).convert("RGB"),
                           (180, 180))
        mask = Image.new("L", (180, 180), 0)
        ImageDraw.Draw(mask).ellipse([0, 0, 179, 179], fill=255)
        card.paste(pic, (40, 40), mask)
    else:
        draw.ellipse([40, 40, 220, 220], fill="#cfe3f5")
        initial = Writer(90, [name])
        first = name[:1].upper()
        initial.draw(card, 130 - initial.width(first) / 2, 162, first, "#0b5394")
    width = CARD_TEXT_RIGHT - CARD_TEXT_LEFT
    heading = _fit(lambda size: Writer(size, texts), name, width, 40, 22)
    baseline = 95
    names = heading.wrap(name, width, most=3)
    if len(names) > 2:
        names = [names[0], names[1] + " …"]
    for line in names:
        _draw_line(card, heading, line, baseline)
        baseline += heading.size + 8
    body = Writer(26, texts)
    lines = body.wrap(bio, width, most=8)
    room = int((356 - baseline - 30) / 34) + 1  # lines that fit above "#MyStory"
    if len(lines) > room:
        lines = lines[:room - 1] + [lines[room - 1] + " …"]
    for n, line in enumerate(lines):
        _draw_line(card, body, line, baseline + 30 + n * 34, paragraph=bio)
    body.draw(card, 40, 390, "#MyStory", "#0b5394")
    out = io.BytesIO()
    card.save(out, format="PNG")
    return out.getvalue()


def _draw_line(card: Any, writer: Any, line: str, baseline: float, paragraph: str = "") -> None:
    """One line of the card's text, in its paragraph's direction: from the left, or from the
    right for Arabic and Urdu."""

    backwards = rtl(paragraph or line)
    writer.draw(card, CARD_TEXT_LEFT, baseline, line, "#1d1d1b",
                right=CARD_TEXT_RIGHT if backwards else None, base_rtl=backwards)


def card_pdf(name: str, bio: str, photo: bytes | None) -> bytes:
    """The same profile card as a one-page PDF (fpdf2), text kept as real text."""

    name, bio = _capped(name.strip() or "Your name"), _capped(" ".join(bio.split()))
    pdf, family = new_pdf(f"{name} profile: #MyStory", [name, bio], orientation="L",
                          unit="mm", format=(105, 148))  # A6
    pdf.set_auto_page_break(False)
    if photo:
        with pdf.elliptic_clip(10, 12, 36, 36):  # round, like the picture card
            pdf.image(io.BytesIO(thumbnail_png(_open(photo), 400)), x=10, y=12, w=36, h=36,
                      alt_text="Profile picture")
    pdf.set_font(family, size=18)
    name = fit(pdf, name, 86, 9, 18)  # two lines at most
    for size in range(11, 6, -1):  # a long bio gets smaller rather than falling off the card
        pdf.set_font(family, size=size)
        if fits(pdf, bio, 86, size * 0.55, 58):
            break
    shown = fit(pdf, bio, 86, size * 0.55, 58)  # and what still does not fit is cut, with …
    pdf.set_font(family, size=18)
    pdf.set_xy(52, 12)
    pdf.set_left_margin(52)
    paragraph(pdf, 9, name, width=86)
    pdf.set_y(pdf.get_y() + 3)
    pdf.set_font(family, size=size)
    paragraph(pdf, size * 0.55, shown, width=86)
    pdf.set_left_margin(10)
    pdf.set_xy(10, 92)
    pdf.set_text_color(11, 83, 148)
    pdf.cell(40, 6, "#MyStory")
    return bytes(pdf.output())


def _open(photo: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(photo))
