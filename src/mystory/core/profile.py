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

from .markup import esc
from .pdf import font_path, new_pdf
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
    extrema = image.convert("RGB").getextrema()
    if all(low == high for low, high in extrema):
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
        return "no picture answer was saved."
    if not str(value.get("alt") or "").strip():
        return "the picture has no description."
    if value.get("later") is True:
        return None
    if not value.get("file"):
        return "no picture was chosen, and 'later' was not ticked."
    path = photo_file(folder, notebook)
    if path is None:
        return "the picture file was not handed in."
    try:
        check_photo(path.read_bytes())
    except PhotoProblem as err:
        return str(err)
    return None


# -- the profile card ------------------------------------------------------------------------
def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(" ".join(text.split()), width) or [""]


def card_png(name: str, bio: str, photo: bytes | None) -> bytes:
    """The finished profile as a picture: photo (or an initial), name and bio."""
    from PIL import Image, ImageDraw, ImageFont

    card = Image.new("RGB", (800, 420), "#ffffff")
    draw = ImageDraw.Draw(card)
    draw.rectangle([0, 0, 799, 419], outline="#0b5394", width=6)
    font_file = font_path()

    def font(size: int):
        return ImageFont.truetype(font_file, size) if font_file else ImageFont.load_default(size)

    if photo:
        from PIL import ImageOps

        pic = ImageOps.fit(ImageOps.exif_transpose(Image.open(io.BytesIO(photo))).convert("RGB"),
                           (180, 180))
        mask = Image.new("L", (180, 180), 0)
        ImageDraw.Draw(mask).ellipse([0, 0, 179, 179], fill=255)
        card.paste(pic, (40, 40), mask)
    else:
        draw.ellipse([40, 40, 220, 220], fill="#cfe3f5")
        initial = (name.strip()[:1] or "?").upper()
        draw.text((130, 130), initial, fill="#0b5394", font=font(90), anchor="mm")
    draw.text((260, 60), name.strip() or "Your name", fill="#1d1d1b", font=font(40))
    y = 130
    for line in _wrap(bio, 34)[:8]:
        draw.text((260, y), line, fill="#1d1d1b", font=font(26))
        y += 34
    draw.text((40, 370), "#MyStory", fill="#0b5394", font=font(26))
    out = io.BytesIO()
    card.save(out, format="PNG")
    return out.getvalue()


def card_pdf(name: str, bio: str, photo: bytes | None) -> bytes:
    """The same profile card as a one-page PDF (fpdf2), text kept as real text."""
    pdf, family = new_pdf(f"{name.strip() or 'My'} profile: #MyStory", orientation="L",
                          unit="mm", format=(105, 148))  # A6
    pdf.set_auto_page_break(False)
    if photo:
        pdf.image(io.BytesIO(thumbnail_png(_open(photo), 400)), x=10, y=12, w=36, h=36,
                  alt_text="Profile picture")
    pdf.set_xy(52, 12)
    pdf.set_font(family, size=18)
    pdf.multi_cell(90, 9, name.strip() or "Your name")
    pdf.set_xy(52, pdf.get_y() + 3)
    pdf.set_font(family, size=11)
    pdf.multi_cell(90, 6, " ".join(bio.split()))
    pdf.set_xy(10, 92)
    pdf.set_text_color(11, 83, 148)
    pdf.cell(40, 6, "#MyStory")
    return bytes(pdf.output())


def _open(photo: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(photo))
