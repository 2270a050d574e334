"""Module 2's building blocks: example profile pictures, the photo upload, the bio with its coach,
and the profile card (PNG and PDF).

Pillow and fpdf2 are imported only when a picture or a card is actually made.
"""

from __future__ import annotations

import base64
import hashlib
import io
from pathlib import Path
from typing import Any

import ipywidgets as w

from .. import coach
from ..core.pdf import font_path, new_pdf
from ..core.store import _atomic_write
from .widgets import TEXT_PAUSE, Debouncer, Exercise, esc

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png"}
COACH_PAUSE = 0.2  # seconds of no typing before the coach looks again


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
        path = folder / f"{notebook}.photo.{ext}"
        if path.is_file():
            return path
    return None


class PhotoExercise(Exercise):
    """Upload a picture (or say "later") and describe it in one line."""

    def _build(self, saved: Any) -> w.Widget:
        saved = saved if isinstance(saved, dict) else {}
        self.upload = w.FileUpload(accept=".jpg,.jpeg,.png,image/jpeg,image/png", multiple=False,
                                   description="Choose a picture", layout=w.Layout(width="auto"))
        self.later = w.Checkbox(value=bool(saved.get("later")), indent=False,
                                description="I'll add a picture later")
        self.alt = w.Text(value=str(saved.get("alt", "")),
                          description="Describe your picture in one line",
                          placeholder="For example: Me smiling in my garden",
                          style={"description_width": "initial"}, layout=w.Layout(width="100%"))
        self.alt.add_class("mystory-field")
        self.preview = w.HTML()
        self.file = saved.get("file") if isinstance(saved.get("file"), str) else None
        self._show_preview()
        self.upload.observe(self._uploaded, names="value")
        self.later.observe(lambda _c: self.save(), names="value")
        self._debounce = Debouncer(self.save, TEXT_PAUSE)
        self.alt.observe(lambda _c: self._typing(self._debounce), names="value")
        legend = w.HTML(f'<div class="mystory-legend">{esc(self.spec.label)}</div>')
        box = w.VBox([legend, self.upload, self.later, self.preview, self.alt])
        box.add_class("mystory-field")
        return box

    @property
    def folder(self) -> Path:
        return self.store.path.parent

    @property
    def notebook(self) -> str:
        return self.store.path.name.removesuffix(".answers.json")

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        try:
            ext, _image = check_photo(bytes(item["content"]))
        except PhotoProblem as err:
            self._show_status(f"Picture not saved. {err}", ok=False)
            return
        for old in PHOTO_FORMATS.values():
            stale = self.folder / f"{self.notebook}.photo.{old}"
            if old != ext and stale.exists():
                stale.unlink()
        target = self.folder / f"{self.notebook}.photo.{ext}"
        _atomic_write(target, bytes(item["content"]))
        self.file = target.name
        self._show_preview()
        self.save()

    def _show_preview(self) -> None:
        path = self.folder / self.file if self.file else None
        if path is None or not path.is_file():
            self.preview.value = ""
            return
        try:
            _ext, image = check_photo(path.read_bytes())
        except PhotoProblem:
            self.preview.value = ""
            return
        data = base64.b64encode(thumbnail_png(image, 96)).decode()
        alt = self.alt.value.strip() if hasattr(self, "alt") else ""
        self.preview.value = (
            f'<img class="mystory-photo-preview" src="data:image/png;base64,{data}" '
            f'alt="{esc(alt or "Your profile picture")}" width="96">')

    def value(self) -> dict[str, Any]:
        return {"file": self.file, "later": self.later.value, "alt": self.alt.value}

    def save(self) -> None:
        super().save()
        self._show_preview()


class BioExercise(Exercise):
    """The bio box, the platform it is for, a live character count and the coach."""

    def _build(self, saved: Any) -> w.Widget:
        saved = saved if isinstance(saved, dict) else {}
        choices = coach.platforms()
        self.platform = w.RadioButtons(
            options=[(f"{name}: up to {limit} characters", key)
                     for key, (name, limit) in choices.items()],
            value=saved.get("platform") if saved.get("platform") in choices else "x",
            description="Where will you use it?", style={"description_width": "initial"},
            layout=w.Layout(width="100%"))
        self.platform.add_class("mystory-field")
        self.text = w.Textarea(value=str(saved.get("text", "")), description=self.spec.label,
                               placeholder=self.spec.placeholder, rows=4, continuous_update=True,
                               style={"description_width": "initial"},
                               layout=w.Layout(width="100%"))
        self.text.add_class("mystory-field")
        self.count = w.HTML()
        self.count.add_class("mystory-count")
        self.coach_view = w.HTML()
        self.coach_view.add_class("mystory-coach")
        self._save_later = Debouncer(self.save, TEXT_PAUSE)
        self._coach_later = Debouncer(self.update_coach, COACH_PAUSE)
        self.text.observe(lambda _c: self._typing(self._coach_later, self._save_later),
                          names="value")
        self.platform.observe(lambda _c: (self.update_coach(), self.save()), names="value")
        self.update_coach()
        box = w.VBox([self.platform, self.text, self.count, self.coach_view])
        box.add_class("mystory-bio-inputs")
        return box

    def value(self) -> dict[str, str]:
        return {"platform": self.platform.value, "text": self.text.value}

    def update_coach(self) -> None:
        """Show the count, what already works and the next thing to fix."""
        review = coach.review_bio(self.text.value, self.platform.value)
        over = review.count > review.limit
        self.count.value = (
            f'<span class="{"mystory-problem" if over else "mystory-meta"}" aria-live="polite">'
            f'{review.count} of {review.limit} characters{" (too long)" if over else ""}</span>')
        self.coach_view.value = coach_html(review)


def coach_html(review: coach.BioReview) -> str:
    """The coach's panel: strengths, then the next problem (or tip), in words and icons."""
    parts = ['<div class="mystory-coach-panel" role="status" aria-live="polite">']
    if review.strengths and review.count:
        items = "".join(f"<li>{esc(s)}</li>" for s in review.strengths)
        parts.append(f'<p class="mystory-coach-head">✓ What already works</p><ul>{items}</ul>')
    if review.problems:
        rest = len(review.problems) - 1
        more = f" (and {rest} more thing{'s' if rest > 1 else ''} after that)" if rest else ""
        first = review.problems[0]
        parts.append(f'<p class="mystory-coach-head">⚠ Next thing to fix{more}</p>'
                     f'<p class="mystory-coach-fix" data-rule="{first.rule}">'
                     f'{esc(first.message)}</p>')
    else:
        parts.append('<p class="mystory-coach-head mystory-saved">★ Ready to post</p>')
        if review.tips:
            parts.append(f'<p class="mystory-coach-tip" data-rule="{review.tips[0].rule}">'
                         f'{esc(review.tips[0].message)}</p>')
    parts.append("</div>")
    return "".join(parts)


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


def download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    """A link that downloads `data` (built in the page: nothing is fetched from elsewhere)."""
    b64 = base64.b64encode(data).decode()
    return (f'<a class="mystory-download" download="{esc(filename)}" '
            f'href="data:{mime};base64,{b64}">{esc(label)}</a>')


class ProfileCard:
    """The learner's finished profile, with PNG and PDF downloads."""

    def __init__(self, store: Any, notebook: str) -> None:
        self.store, self.notebook = store, notebook
        self.button = w.Button(description="Make my profile card", button_style="primary",
                               layout=w.Layout(width="auto", min_height="44px"))
        self.view = w.HTML()
        self.button.on_click(lambda _b: self._clicked())
        self.box = w.VBox([self.button, self.view])
        self.box.add_class("mystory-card-maker")

    def _clicked(self) -> None:
        from .policy import safely

        safely(self.render, self.view)

    def parts(self) -> tuple[str, str, bytes | None, str]:
        answers = self.store.load()
        bio = answers.get("story-bio") or {}
        photo_answer = answers.get("story-photo") or {}
        path = photo_file(self.store.path.parent, self.notebook)
        photo = path.read_bytes() if path and photo_answer.get("file") else None
        return (str(answers.get("story-name") or ""), str(bio.get("text") or ""), photo,
                str(photo_answer.get("alt") or "Your profile picture"))

    def render(self) -> None:
        name, bio, photo, alt = self.parts()
        if not bio.strip():
            self.view.value = ('<p class="mystory-problem">⚠ Write your bio first, then make '
                               "your card.</p>")
            return
        png = card_png(name, bio, photo)
        pdf = card_pdf(name, bio, photo)
        stem = "-".join(name.lower().split()) or "my"
        picture = download_link(png, f"{stem}-profile.png", "image/png",
                                "Download as a picture (PNG)")
        document = download_link(pdf, f"{stem}-profile.pdf", "application/pdf",
                                 "Download as a PDF")
        self.view.value = (
            f'<div class="mystory-profile-card"><img src="data:image/png;base64,'
            f'{base64.b64encode(png).decode()}" alt="Your profile card. Name: {esc(name)}. '
            f'Bio: {esc(bio)}" width="400"></div><p>{picture} {document}</p>')


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
