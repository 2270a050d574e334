"""Module 2's page: the photo upload, the bio with its coach, and the profile card button.

The picture checks and the card itself (PNG and PDF) are in ``mystory.core.profile``.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import ipywidgets as w

from .. import coach
from ..core import content
from ..core.language import N_, _
from ..core.markup import download_link, esc
from ..core.profile import (
    PHOTO_FORMATS,
    PhotoProblem,
    card_pdf,
    card_png,
    check_photo,
    photo_file,
    thumbnail_png,
)
from ..core.store import _atomic_write, notebook_of, photo_path
from .widgets import TEXT_PAUSE, Debouncer, Exercise, coach_note, legend_html, safely, widget

YOUR_PICTURE = N_("Your profile picture")  # a picture's description when the learner gave none


@widget("photo")
class PhotoExercise(Exercise):
    """Upload a picture (or say "later") and describe it in one line.

    What happened to an upload is said right under its button, and the picture shows there.
    The button's name is only its words: no icon, and (see the page's script) no file count.
    """

    def _build(self, saved: Any) -> w.Widget:
        saved = saved if isinstance(saved, dict) else {}
        self.upload = w.FileUpload(accept=".jpg,.jpeg,.png,image/jpeg,image/png", multiple=False,
                                   description=_("Choose a picture"), icon="", tooltip="",
                                   layout=w.Layout(width="auto"))
        self.upload_said = w.HTML()
        self.upload_said.add_class("mystory-upload-said")
        self.later = w.Checkbox(value=bool(saved.get("later")), indent=False,
                                description=_("I'll add a picture later"))
        self.later.add_class("mystory-check")
        self.alt = w.Text(value=str(saved.get("alt", "")),
                          description=_("Describe your picture in one line"),
                          placeholder=_("For example: Me smiling in my garden"),
                          style={"description_width": "initial"}, layout=w.Layout(width="100%"))
        self.alt.add_class("mystory-field")
        self.preview = w.HTML()
        self.file = saved.get("file") if isinstance(saved.get("file"), str) else None
        self._show_preview()
        self.upload.observe(self._uploaded, names="value")
        self.later.observe(lambda _c: self.save(), names="value")
        self._debounce = Debouncer(self.save, TEXT_PAUSE)
        self.alt.observe(lambda _c: self._typing(self._debounce), names="value")
        legend = w.HTML(legend_html(self.spec))
        box = w.VBox([legend, self.upload, self.upload_said, self.preview, self.later, self.alt])
        box.add_class("mystory-field")
        box.add_class("mystory-group")
        return box

    @property
    def folder(self) -> Path:
        return self.store.path.parent

    @property
    def notebook(self) -> str:
        return notebook_of(self.store.path)

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        self.upload.value = ()  # the button counts only what it holds: nothing, once read
        try:
            ext, _image = check_photo(bytes(item["content"]))
        except PhotoProblem as err:
            self.upload_said.value = (f'<p class="mystory-problem" role="alert">⚠ Picture not '
                                      f"saved. {esc(str(err))}</p>")
            return
        self.upload_said.value = ""
        for old in PHOTO_FORMATS.values():
            stale = photo_path(self.folder, self.notebook, old)
            if old != ext and stale.exists():
                stale.unlink()
        target = photo_path(self.folder, self.notebook, ext)
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
        alt = alt or _(YOUR_PICTURE)
        self.preview.value = (
            f'<img class="mystory-photo-preview" src="data:image/png;base64,{data}" '
            f'alt="{esc(alt)}" width="96">')

    def value(self) -> dict[str, Any]:
        return {"file": self.file, "later": self.later.value, "alt": self.alt.value}

    def save(self) -> None:
        super().save()
        self._show_preview()


@widget("bio")
class BioExercise(Exercise):
    """The bio box, the platform it is for, a live character count and the coach."""

    def _build(self, saved: Any) -> w.Widget:
        saved = saved if isinstance(saved, dict) else {}
        choices = coach.platforms()
        self.platform = w.RadioButtons(
            options=[(_("{platform}: up to {limit} characters", platform=name, limit=limit), key)
                     for key, (name, limit) in choices.items()],
            value=saved.get("platform") if saved.get("platform") in choices else "x",
            description=_("Where will you use it?"), style={"description_width": "initial"},
            layout=w.Layout(width="100%"))
        self.platform.add_class("mystory-field")
        self.count = w.HTML()
        self.count.add_class("mystory-count")
        self._coached_text(str(saved.get("text", "")))
        self.platform.observe(lambda _c: self._platform_changed(), names="value")
        self.update_coach()
        box = w.VBox([self.platform, self.text, self.count, *coach_note(), self.coach_view])
        box.add_class("mystory-bio-inputs")
        return box

    def value(self) -> dict[str, str]:
        return {"platform": self.platform.value, "text": self.text.value}

    def _platform_changed(self) -> None:
        self.update_coach()
        self.save()

    def update_coach(self) -> None:
        """Show the count, what already works and the next thing to fix."""
        review = coach.review_bio(self.text.value, self.platform.value)
        over = review.count > review.limit
        self.count.value = (
            f'<span class="{"mystory-problem" if over else "mystory-meta"}" aria-live="polite">'
            + _("{count} of {limit} characters", count=review.count, limit=review.limit)
            + (_(" (too long)") if over else "") + "</span>")
        self.coach_view.value = coach_html(review)


def coach_html(review: coach.BioReview) -> str:
    """The coach's panel: strengths, then the next problem (or tip), in words and icons.

    `data-count` says how long the text it read was, so a test can wait for its verdict on the
    whole text rather than on a few letters typed so far."""
    parts = ['<div class="mystory-coach-panel" role="status" aria-live="polite" '
             f'data-count="{review.count}">']
    if not review.count:
        soon = _("The coach will look at your bio as you type.")
        return parts[0] + f"<p>{esc(soon)}</p></div>"
    if review.strengths:
        items = "".join(f"<li>{esc(s)}</li>" for s in review.strengths)
        works = _("What already works")
        parts.append(f'<p class="mystory-coach-head">✓ {esc(works)}</p><ul>{items}</ul>')
    if review.problems:
        rest = len(review.problems) - 1
        more = "" if not rest else (_(" (and 1 more thing after that)") if rest == 1 else
                                    _(" (and {rest} more things after that)", rest=rest))
        first = review.problems[0]
        fix = _("Next thing to fix")
        parts.append(f'<p class="mystory-coach-head">⚠ {esc(fix)}{esc(more)}</p>'
                     f'<p class="mystory-coach-fix" data-rule="{first.rule}">'
                     f'{esc(first.message)}</p>')
    else:
        ready = _("Ready to post")
        parts.append(f'<p class="mystory-coach-head mystory-saved">★ {esc(ready)}</p>')
        if review.tips:
            parts.append(f'<p class="mystory-coach-tip" data-rule="{review.tips[0].rule}">'
                         f'{esc(review.tips[0].message)}</p>')
    parts.append("</div>")
    return "".join(parts)


class ProfileCard:
    """The learner's finished profile, with PNG and PDF downloads."""

    def __init__(self, store: Any, notebook: str) -> None:
        self.store, self.notebook = store, notebook
        self.button = w.Button(description=_("Make my profile card"), button_style="primary",
                               layout=w.Layout(width="auto", min_height="44px"))
        self.view = w.HTML()
        self.button.on_click(lambda _b: self._clicked())
        self.box = w.VBox([self.button, self.view])
        self.box.add_class("mystory-card-maker")

    def _clicked(self) -> None:
        safely(self.render, self.view)

    def parts(self) -> tuple[str, str, bytes | None, str]:
        answers = self.store.load()
        _module, ids = content.part("profile_card")
        bio = answers.get(ids["bio"]) or {}
        photo_answer = answers.get(ids["photo"]) or {}
        path = photo_file(self.store.path.parent, self.notebook)
        photo = path.read_bytes() if path and photo_answer.get("file") else None
        return (str(answers.get(ids["name"]) or ""), str(bio.get("text") or ""), photo,
                str(photo_answer.get("alt") or _(YOUR_PICTURE)))

    def render(self) -> None:
        name, bio, photo, alt = self.parts()
        if not bio.strip():
            first = _("Write your bio first, then make your card.")
            self.view.value = f'<p class="mystory-problem">⚠ {esc(first)}</p>'
            return
        png = card_png(name, bio, photo)
        pdf = card_pdf(name, bio, photo)
        stem = "-".join(name.lower().split()) or "my"
        picture = download_link(png, f"{stem}-profile.png", "image/png",
                                _("Download as a picture (PNG)"))
        document = download_link(pdf, f"{stem}-profile.pdf", "application/pdf",
                                 _("Download as a PDF"))
        alt = _("Your profile card. Name: {name}. Bio: {bio}", name=name, bio=bio)
        self.view.value = (
            f'<div class="mystory-profile-card"><img src="data:image/png;base64,'
            f'{base64.b64encode(png).decode()}" alt="{esc(alt)}" '
            f'width="400"></div><p>{picture} {document}</p>')
