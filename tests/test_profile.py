"""Module 2's widgets: the photo check and upload, the bio coach panel, the profile card."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from mystory.core import content, profile
from mystory.core.store import AnswerStore, read_answers
from mystory.course import Page
from mystory.pages.profile import ProfileCard
from mystory.pages.widgets import make

STORY = content.module("01-your-story")


def picture(fmt: str = "PNG", flat: bool = False, size: tuple[int, int] = (64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    if not flat:
        for x in range(size[0] // 2):
            for y in range(size[1]):
                image.putpixel((x, y), (30, 60, 200))
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def page(tmp_path: Path) -> Page:
    return Page(STORY, AnswerStore(tmp_path / "your-story.answers.json", module="01-your-story"))


@pytest.mark.parametrize("fmt,ext", [("PNG", "png"), ("JPEG", "jpg")])
def test_real_pictures_pass_the_check(fmt: str, ext: str) -> None:
    assert profile.check_photo(picture(fmt))[0] == ext


@pytest.mark.parametrize("content,message", [
    (picture(flat=True), "all one colour"),
    (b"<script>alert(1)</script>", "could not open that file"),
    (picture("GIF"), "GIF file"),
    (picture()[:40], "could not open that file"),
    (b"\x89PNG" + b"0" * (profile.MAX_PHOTO_BYTES + 1), "up to 5 MB"),
])
def test_bad_uploads_get_a_kind_message(content: bytes, message: str) -> None:
    with pytest.raises(profile.PhotoProblem, match=message):
        profile.check_photo(content)


def upload(exercise, data: bytes, name: str = "me.png") -> None:
    exercise.upload.value = ({"name": name, "type": "image/png", "size": len(data),
                              "content": memoryview(data),
                              "last_modified": datetime.now(UTC)},)


def test_upload_saves_the_picture_beside_the_notebook(tmp_path: Path) -> None:
    ex = make(STORY.exercises["story-photo"], page(tmp_path).store)
    ex.alt.value = "Me in my garden"
    upload(ex, picture())
    saved = read_answers(tmp_path / "your-story.answers.json")["story-photo"]
    assert saved["file"] == "your-story.photo.png" and saved["later"] is False
    assert (tmp_path / "your-story.photo.png").read_bytes() == picture()
    assert 'alt="Me in my garden"' in ex.preview.value and "Saved" in ex.status.value
    assert profile.photo_ok(saved | {"alt": "Me in my garden"}, tmp_path, "your-story") is None
    again = make(STORY.exercises["story-photo"], page(tmp_path).store)  # restored on reopening
    assert again.file == "your-story.photo.png" and "data:image/png" in again.preview.value


def test_a_bad_upload_keeps_the_old_picture(tmp_path: Path) -> None:
    ex = make(STORY.exercises["story-photo"], page(tmp_path).store)
    upload(ex, picture())
    upload(ex, picture(flat=True))
    assert "all one colour" in ex.upload_said.value and "Picture not saved" in ex.upload_said.value
    assert "role=\"alert\"" in ex.upload_said.value and ex.upload.value == ()
    assert (tmp_path / "your-story.photo.png").read_bytes() == picture()


def test_photo_answer_completeness(tmp_path: Path) -> None:
    ok = profile.photo_ok
    assert ok({"later": True, "alt": "Me"}, tmp_path, "your-story") is None
    assert "no description" in ok({"later": True, "alt": " "}, tmp_path, "your-story")
    assert "not ticked" in ok({"file": None, "later": False, "alt": "Me"}, tmp_path, "your-story")
    assert "not handed in" in ok({"file": "your-story.photo.png", "alt": "Me"}, tmp_path,
                                 "your-story")
    (tmp_path / "your-story.photo.png").write_bytes(picture(flat=True))
    assert "one colour" in ok({"file": "your-story.photo.png", "alt": "Me"}, tmp_path,
                              "your-story")


def test_bio_coach_updates_and_saves_bio_with_platform(tmp_path: Path) -> None:
    ex = make(STORY.exercises["story-bio"], page(tmp_path).store)
    assert ex.text.description == "Your bio"
    ex.text.value = "Housing officer. Views are my own."
    ex.update_coach()
    assert 'data-rule="disclaimer"' in ex.coach_view.value
    assert "34 of 160 characters" in ex.count.value
    ex.text.value = "I fix boilers in Dudley and I love my allotment. Ask me about tomatoes!"
    ex.platform.value = "instagram"  # saves at once, coach looks again
    assert "Ready to post" in ex.coach_view.value and "of 150 characters" in ex.count.value
    saved = read_answers(tmp_path / "your-story.answers.json")["story-bio"]
    assert saved == {"platform": "instagram", "text": ex.text.value}


def test_coach_panel_escapes_the_learners_words(tmp_path: Path) -> None:
    ex = make(STORY.exercises["story-bio"], page(tmp_path).store)
    ex.text.value = "I love #a #b #<img/src=x/onerror=alert(1)>"
    ex.update_coach()
    assert 'data-rule="hashtag-soup"' in ex.coach_view.value
    assert "<img" not in ex.coach_view.value and "#&lt;img" in ex.coach_view.value


def test_profile_card_png_and_pdf_hold_the_learners_words(tmp_path: Path) -> None:
    p = page(tmp_path)
    p.store.save_many({"story-name": "Sam from Park Lane",
                       "story-bio": {"platform": "x", "text": "I love my allotment 🍅 مرحبا"},
                       "story-photo": {"file": "your-story.photo.png", "later": False,
                                       "alt": "Me"}})
    (tmp_path / "your-story.photo.png").write_bytes(picture())
    card = ProfileCard(p.store, "your-story")
    name, bio, photo, _alt = card.parts()
    assert photo == picture()
    png = profile.card_png(name, bio, photo)
    assert Image.open(io.BytesIO(png)).size == (800, 420)
    text = PdfReader(io.BytesIO(profile.card_pdf(name, bio, photo))).pages[0].extract_text()
    assert "Sam from Park Lane" in text and "allotment" in text
    card.render()
    assert 'download="sam-from-park-lane-profile.pdf"' in card.view.value
    assert 'href="data:application/pdf;base64,' in card.view.value


def test_profile_card_asks_for_a_bio_first(tmp_path: Path) -> None:
    card = ProfileCard(page(tmp_path).store, "your-story")
    card.render()
    assert "Write your bio first" in card.view.value


def test_example_profiles_have_pictures_with_text_alternatives() -> None:
    options = STORY.exercises["story-egg"].options
    assert len(options) == 6 and all(o.picture and o.picture_alt for o in options)
    html = profile.picture_html("egg", "x", 'An "egg" <shape>')
    assert 'alt="An &quot;egg&quot; &lt;shape&gt;"' in html
