"""Module 5: the tips stepper, the organisation's rule, the policy page and its downloads."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import mistune
import pytest

from mystory import facilitator as fac
from mystory.core import branding, content
from mystory.core.policy import Policy
from mystory.core.store import AnswerStore, read_answers
from mystory.pages.policy import PolicyPage, rule_html
from mystory.pages.widgets import make
from tests.conftest import ROOT, grade_submissions
from tests.downloads import (
    ARABIC,
    EMOJI,
    POLISH,
    URDU,
    WELSH,
    char_boxes,
    glyphs_per_character,
    need_fonts,
    no_missing_glyphs,
    pdf_text,
    stretched_gaps,
)

POLICY = content.module("04-your-policy")
MODULE, NB = "04-your-policy", "your-policy"
MODEL = read_answers(ROOT / "solutions" / MODULE / f"{NB}.answers.json")


def test_stepper_shows_one_tip_at_a_time(tmp_path: Path) -> None:
    ex = make(POLICY.exercises["policy-tips"], AnswerStore(tmp_path / "a.json"))
    shown = [c.layout.display for c in ex.cards]
    assert shown.count(None) == 1 and ex.back.disabled and "1 of 10" in ex.where.value
    ex.next.click()
    ex.next.click()
    assert ex.cards[2].layout.display is None and ex.cards[0].layout.display == "none"
    assert "3 of 10" in ex.where.value
    for _ in range(20):
        ex.next.click()
    assert ex.next.disabled and "10 of 10" in ex.where.value
    ex.choices["boss"].value = "post"
    assert "Not quite. The answer is: I would not post it." in ex.whys["boss"].value


def test_stepper_reopens_where_the_learner_stopped(tmp_path: Path) -> None:
    """Issue 15, item 8: coming back after four tips shows tip 5, not tip 1."""
    store = AnswerStore(tmp_path / "a.json")
    first_four = [item.id for item in POLICY.exercises["policy-tips"].items[:4]]
    store.save("policy-tips", {k: MODEL["policy-tips"][k] for k in first_four})
    ex = make(POLICY.exercises["policy-tips"], store)
    assert "5 of 10" in ex.where.value and ex.cards[4].layout.display is None
    assert not ex.back.disabled
    store.save("policy-tips", MODEL["policy-tips"])
    assert "1 of 10" in make(POLICY.exercises["policy-tips"], store).where.value  # all done


TRICKY = {  # what learners type that a download could lose or change
    "policy-rule-1": "<script>x</script> *never* [link](http://x) & <b>bold</b>",
    "policy-rule-2": f"Café rules (always)! {EMOJI} {POLISH}, {WELSH}",
    "policy-rule-3": f"{' '.join(ARABIC)} — {URDU}",
    "policy-mix": "1. Home first - then work #MyStory \\ back_slash",
}


def test_policy_plain_text_holds_the_learners_words_exactly(tmp_path: Path) -> None:
    answers = dict(MODEL, **TRICKY)
    text = Policy.from_answers(answers, "Sam 🌱").text()
    lines = text.splitlines()
    assert lines[0] == "Sam 🌱's social media policy"
    for answer in TRICKY.values():
        assert f"- {answer}" in lines
    assert "If you wouldn't say it out loud in the café, don't post it." in text
    store = AnswerStore(tmp_path / f"{NB}.answers.json")
    store.save_many(answers)
    page = PolicyPage(store, lambda: "Sam 🌱")
    page.button.click()
    link = re.search(r'<a class="mystory-download" download="my-social-media-policy.txt" '
                     r'href="data:text/plain;charset=utf-8;base64,([^"]+)">Download as plain text '
                     r"\(\.txt\)</a>", page.view.value)
    assert link and base64.b64decode(link.group(1)).decode() == text


def test_policy_markdown_shows_the_learners_words_and_escapes_only_what_it_must() -> None:
    md = Policy.from_answers(dict(MODEL, **TRICKY), "Sam").markdown()
    assert md.startswith("# Sam's social media policy")
    assert f"- Café rules (always)! {EMOJI} {POLISH}, {WELSH}" in md.splitlines()  # no \( \!
    shown = [html.unescape(re.sub(r"<[^>]+>", "", item))
             for item in re.findall(r"<li>(.*?)</li>", mistune.html(md), re.S)]
    for answer in TRICKY.values():
        assert answer in shown  # a Markdown reader shows exactly what was typed


def test_policy_pdf_keeps_every_word(caplog: pytest.LogCaptureFixture) -> None:
    need_fonts()
    with no_missing_glyphs(caplog):
        pdf = Policy.from_answers(dict(MODEL, **TRICKY), "Sam").pdf()
    text = " ".join(pdf_text(pdf).split())
    for words in ("Sam's social media policy", "Community gardening", "<script>x</script>",
                  EMOJI, POLISH, WELSH, "out loud in the café"):
        assert words in text
    assert " ".join(reversed(ARABIC)) in text and " ".join(reversed(URDU.split())) in text
    glyphs = glyphs_per_character(pdf)
    assert len(glyphs["ب"]) >= 2  # joined up: more than one shape for the same letter


def test_policy_pdf_keeps_an_emoji_in_plain_english(caplog: pytest.LogCaptureFixture) -> None:
    """Text with no joining script is set without HarfBuzz (faster): its emoji are still drawn."""
    need_fonts()
    with no_missing_glyphs(caplog):
        pdf = Policy.from_answers(dict(MODEL, **{"policy-rule-2": "Café rules 🍅 ok"}),
                                  "Sam").pdf()
    assert "Café rules 🍅 ok" in pdf_text(pdf)


def test_policy_pdf_bullets_keep_their_indent_and_are_not_justified() -> None:
    rule = "Wrapfirst " + "words and more " * 20 + "Wraplast"
    pdf = Policy.from_answers(dict(MODEL, **{"policy-rule-2": rule}), "Sam").pdf()
    boxes = char_boxes(pdf)
    drawn = "".join(char for char, _box in boxes)
    start, end = drawn.index("Wrapfirst"), drawn.index("Wraplast")
    bullet = boxes[drawn.rindex("•", 0, start)][1]
    lines: dict[int, float] = {}
    for char, (left, bottom, _r, _t) in boxes[start:end]:
        if not char.isspace():
            lines[round(bottom)] = min(left, lines.get(round(bottom), left))
    assert len(lines) >= 2  # the rule wraps
    assert max(lines.values()) - min(lines.values()) < 0.5  # every line starts at one indent
    assert min(lines.values()) > bullet[2] + 2  # to the right of the bullet
    assert not stretched_gaps(pdf)  # left-aligned: no big gaps between words


def test_policy_page_renders_and_offers_both_downloads(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path / f"{NB}.answers.json")
    page = PolicyPage(store, lambda: "Sam")
    page.button.click()
    assert "Some parts are not written yet" in page.view.value
    store.save_many(MODEL)
    page.button.click()
    assert "not written yet" not in page.view.value
    assert 'download="my-social-media-policy.pdf"' in page.view.value
    assert 'download="my-social-media-policy.md"' in page.view.value
    assert "Download as Markdown (.md)" in page.view.value and "(text)" not in page.view.value


def test_policy_shows_the_name_as_it_is_when_the_learner_arrives(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15, item 2: a page preheated before the learner renamed themselves in Module 1
    shows the new name in the heading, the PDF and the text downloads."""
    import base64
    import io
    import re

    from pypdf import PdfReader

    from mystory.pages import page as pages

    welcome = AnswerStore(tmp_path / "00-welcome" / "welcome.answers.json")
    welcome.save("welcome-name", "Old Olly")
    AnswerStore(tmp_path / MODULE / f"{NB}.answers.json").save_many(MODEL)
    monkeypatch.setattr(pages, "display", lambda *_a: None)
    monkeypatch.setattr(pages, "wait_for_learner", lambda: True)
    module = pages.open_module(MODULE, tmp_path / MODULE)  # the pool builds the page early
    module.policy_page()
    welcome.save("welcome-name", "New Nia")  # then the learner renames themselves
    module.ready()
    holder, _build = module._parts[-1]
    maker = holder.children[0].children
    button, view = maker[0], maker[1]
    button.click()
    assert "<h3>New Nia&#x27;s social media policy</h3>" in view.value
    assert "Olly" not in view.value
    files = dict(re.findall(r'download="([^"]+)" href="data:[^,]+;base64,([^"]+)"', view.value))
    pdf = PdfReader(io.BytesIO(base64.b64decode(files["my-social-media-policy.pdf"])))
    assert "New Nia" in pdf.pages[0].extract_text()
    texts = [base64.b64decode(v).decode() for k, v in files.items() if not k.endswith(".pdf")]
    assert texts and all("New Nia" in t and "Olly" not in t for t in texts)


def test_organisation_can_set_its_own_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "organisation.yaml").write_text('name: "Oak Homes"\nrule: "Be kind, always."\n')
    monkeypatch.setenv("MYSTORY_CONTENT_DIR", str(tmp_path))
    branding.organisation.cache_clear()
    try:
        assert "Oak Homes's rule</strong>" in html.unescape(rule_html()) and "Be kind, always." in \
            rule_html()  # its own rule: no credit
        (tmp_path / "organisation.yaml").write_text(
            'name: "Oak Homes"\nrule: "Be kind, always."\nrule_from: "Bromford"\n')
        branding.organisation.cache_clear()
        assert "Oak Homes's rule (first written by Bromford)" in html.unescape(rule_html())
        (tmp_path / "organisation.yaml").write_text("name: Oak Homes\nrule: ''\n")
        branding.organisation.cache_clear()
        with pytest.raises(content.ContentError, match="organisation.yaml: 'rule'"):
            branding.organisation()
    finally:
        branding.organisation.cache_clear()


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("policy")
    file = f"{NB}.answers.json"
    half = {k: v for k, v in MODEL.items() if k != "policy-rule-2"}
    half["policy-tips"] = {k: "post" for k in MODEL["policy-tips"]}  # 4 of 10 right
    path = tmp / "half.json"
    AnswerStore(path).save_many(half)
    learners = {"untouched": {}, "model": {file: (ROOT / "solutions" / MODULE / file).read_bytes()},
                "half": {file: path.read_bytes()}}
    return grade_submissions(tmp, MODULE, learners)


@pytest.mark.nbgrader
def test_grades(course: Path) -> None:
    assert fac.score(course, MODULE, "untouched").auto == 0
    assert fac.score(course, MODULE, "model").auto == 4
    fac.set_manual_score(course, MODULE, "model", "policy-rubric", 4)
    model = fac.score(course, MODULE, "model")
    assert model.total == model.max == 8
    assert fac.score(course, MODULE, "half").auto == 1  # tips all answered, nothing else


@pytest.mark.nbgrader
def test_formgrader_shows_the_whole_policy(course: Path) -> None:
    import nbformat

    nb = nbformat.read(course / "autograded" / "model" / MODULE / f"{NB}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.get("id") == "policy-answer")
    text = "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "")
                   for o in cell.outputs)
    assert "## What I want to be known for" in text and "Community gardening" in text


def test_the_default_cafe_rule_is_credited_to_bromford() -> None:
    branding.organisation.cache_clear()
    shown = html.unescape(rule_html())
    assert "Your housing association's rule (first written by Bromford)" in shown
    assert "If you wouldn't say it out loud in the café" in shown
