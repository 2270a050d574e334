"""Module 2's widgets: the photo check and upload, the bio coach panel, the profile card."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from mystory.core import content, fonts, profile
from mystory.core.store import AnswerStore, read_answers
from mystory.course import Page
from mystory.pages.profile import ProfileCard
from mystory.pages.widgets import make
from tests.downloads import (
    ARABIC,
    EMOJI,
    POLISH,
    URDU,
    WELSH,
    char_boxes,
    colourful,
    glyphs_per_character,
    need_fonts,
    no_missing_glyphs,
    pdf_text,
    render,
    stretched_gaps,
)

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



def test_the_bios_count_speaks_the_learners_language(tmp_path: Path) -> None:
    from mystory.core.language import ENGLISH, use_language

    try:
        use_language("cy")
        ex = make(STORY.exercises["story-bio"], page(tmp_path).store)
        ex.text.value = "x" * 170
        ex.update_coach()
    finally:
        use_language(ENGLISH)
    assert "170 o 160 nod (rhy hir)" in ex.count.value

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


# -- downloads keep every word (issue 15, item 4) ---------------------------------------------
BIO = f"I grow {EMOJI} with {POLISH} and {WELSH}. {' '.join(ARABIC)} {URDU}"


def test_profile_card_pdf_keeps_every_word(caplog: pytest.LogCaptureFixture) -> None:
    need_fonts()
    with no_missing_glyphs(caplog):
        pdf = profile.card_pdf(f"Siân {EMOJI}", BIO, None)
    text = " ".join(pdf_text(pdf).split())
    for words in ("Siân", EMOJI, "I grow", POLISH, WELSH):
        assert words in text
    assert " ".join(reversed(ARABIC)) in text  # drawn right to left: seen in reverse order
    assert " ".join(reversed(URDU.split())) in text
    glyphs = glyphs_per_character(pdf)
    assert len(glyphs["ب"]) >= 2 and len(glyphs["م"]) >= 2  # joined-up forms, not one shape


def test_profile_card_pdf_photo_is_round_like_the_pictures() -> None:
    pdf = profile.card_pdf("Sam", "I love my allotment.", picture(size=(200, 200)))
    page = render(pdf, scale=4 * 25.4 / 72)  # 4 pixels per mm
    corner, middle = page.getpixel((10 * 4 + 2, 12 * 4 + 2)), page.getpixel((28 * 4, 30 * 4))
    assert corner == (255, 255, 255) and middle != (255, 255, 255)  # clipped to a circle


def test_profile_card_pdf_text_is_not_justified() -> None:
    pdf = profile.card_pdf("Sam", "I love my allotment and the people I grow things with, "
                           "every single day of the week.", None)
    assert not stretched_gaps(pdf)  # left-aligned: no big gaps between words


@pytest.mark.parametrize("name", [" ".join(ARABIC), URDU])
def test_profile_card_png_draws_right_to_left_text_joined_up(name: str) -> None:
    """The name on the picture card looks exactly like the same words set right to left in
    Noto Sans Arabic: joined up, in the right order, at the right-hand edge."""
    from PIL import ImageDraw, ImageFont

    need_fonts()
    card = Image.open(io.BytesIO(profile.card_png(name, "x", None))).convert("L")
    font = ImageFont.truetype(str(fonts.find("NotoSansArabic-Regular.ttf")), 40)
    expected = Image.new("L", card.size, 255)
    start = profile.CARD_TEXT_RIGHT - font.getlength(name, direction="rtl")
    ImageDraw.Draw(expected).text((start, 95), name, font=font, anchor="ls", direction="rtl",
                                  fill=0)
    box = (profile.CARD_TEXT_LEFT, 30, 790, 130)
    got, want = card.crop(box), expected.crop(box)
    assert _ink(got) == _ink(want)  # the same place and size
    ink = sum(want.point(lambda v: 255 if v < 128 else 0).histogram()[255:])
    assert _differing(got, want) < 0.01 * ink


def _differing(a: Image.Image, b: Image.Image) -> int:
    """How many pixels differ by more than half the way from white to black."""
    from PIL import ImageChops

    return sum(ImageChops.difference(a, b).point(lambda v: 255 if v > 128 else 0)
               .histogram()[255:])


def _ink(image: Image.Image) -> tuple[int, int, int, int] | None:
    return image.point(lambda v: 255 if v < 128 else 0).getbbox()


def test_profile_card_png_draws_emoji_in_colour_not_boxes() -> None:
    need_fonts()
    png = Image.open(io.BytesIO(profile.card_png(f"Sam {EMOJI}", BIO, None)))
    name, bio = png.crop((profile.CARD_TEXT_LEFT, 30, 790, 130)), png.crop((260, 140, 790, 200))
    assert colourful(name) > 400 and colourful(bio) > 200


def test_without_libraqm_the_card_still_puts_arabic_right_to_left(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Pillow without libraqm cannot join Arabic up, but the letters still run right to left."""
    from PIL import ImageDraw, ImageFont

    from mystory.core import picture_text

    need_fonts()
    monkeypatch.setattr(picture_text, "has_raqm", lambda: False)
    name = ARABIC[0]
    card = Image.open(io.BytesIO(profile.card_png(name, "x", None))).convert("L")
    font = ImageFont.truetype(str(fonts.find("NotoSansArabic-Regular.ttf")), 40,
                              layout_engine=ImageFont.Layout.BASIC)
    start = profile.CARD_TEXT_RIGHT - font.getlength(name[::-1])
    expected = Image.new("L", card.size, 255)
    ImageDraw.Draw(expected).text((start, 95), name[::-1], font=font, anchor="ls", fill=0)
    box = (profile.CARD_TEXT_LEFT, 30, 790, 130)
    assert _ink(card.crop(box)) == _ink(expected.crop(box))
    assert _differing(card.crop(box), expected.crop(box)) == 0


def test_without_noto_fonts_downloads_still_work_and_say_so_once(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A laptop where the fonts could not be installed: DejaVu Sans draws what it can, nothing
    crashes, and the server's log says once what is missing and how to add it."""
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])
    fonts.warn_once.cache_clear()
    with caplog.at_level(logging.WARNING, logger="mystory.core.fonts"):
        pdf = profile.card_pdf(f"Sam {EMOJI}", BIO, picture())
        png = profile.card_png(f"Sam {EMOJI}", BIO, picture())
    fonts.warn_once.cache_clear()
    assert Image.open(io.BytesIO(png)).size == (800, 420)
    text = " ".join(pdf_text(pdf).split())
    assert "Sam" in text and POLISH in text and WELSH in text
    warnings = [r.getMessage() for r in caplog.records if r.name == "mystory.core.fonts"]
    assert len(warnings) == 1 and "apt-get install fonts-noto-core" in warnings[0]


def test_a_bio_longer_than_the_card_is_cut_with_an_ellipsis_not_off_the_page() -> None:
    bio = " ".join(f"word{n}" for n in range(900))  # 5,000 characters: the most a box takes
    pdf = profile.card_pdf("Sam", bio, None)
    boxes = [box for char, box in char_boxes(pdf) if not char.isspace()]
    width, height = PdfReader(io.BytesIO(pdf)).pages[0].mediabox[2:]
    assert all(0 < left and right < float(width) and 0 < bottom and top < float(height)
               for left, bottom, right, top in boxes)
    text = pdf_text(pdf)
    assert "word0 word1" in text and "…" in text
