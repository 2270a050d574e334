"""`mystory report` and `mystory certificates` on a small graded class."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from mystory import facilitator as fac
from mystory.core import content
from mystory.core.store import AnswerStore, read_answers
from mystory.facilitator import grader, report
from mystory.facilitator.build import nbgrader_api
from tests.conftest import ROOT, copy_course
from tests.downloads import (
    EMOJI,
    WELSH,
    char_boxes,
    colourful,
    need_fonts,
    no_missing_glyphs,
    pdf_text,
    render,
)

pytestmark = pytest.mark.nbgrader  # nbgrader round trips: `make test`, not `make check`

MODULES = list(content.course())


def model(spec: content.ModuleSpec) -> dict:
    return dict(read_answers(ROOT / "solutions" / spec.folder / f"{spec.notebook}.answers.json"))


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("class")
    course = copy_course(tmp / "course")
    inbox = tmp / "inbox"
    disclaimer = {"platform": "x", "text": "Housing officer. Views are my own."}
    plan = {"ada": MODULES, "ben": MODULES[:2], "cy": MODULES[:1]}
    for learner, modules in plan.items():
        for spec in modules:
            answers = model(spec)
            if learner != "ada" and spec.folder == "01-your-story":
                answers["story-bio"] = disclaimer
            if learner == "ada" and spec.folder == "00-welcome":
                answers["welcome-name"] = "Ada Lovelace"
            folder = inbox / learner / spec.folder
            folder.mkdir(parents=True)
            (folder / f"{spec.notebook}.ipynb").write_bytes(
                (ROOT / "exercises" / spec.folder / f"{spec.notebook}.ipynb").read_bytes())
            AnswerStore(folder / f"{spec.notebook}.answers.json").save_many(answers)
    grader.collect_folder(course, inbox)
    grader.grade(course, jobs=2, echo=lambda _line: None)
    with nbgrader_api(course).gradebook as gb:  # ada's written answers marked in full
        for spec in MODULES:
            sub = gb.find_submission(spec.folder, "ada")
            for nb in sub.notebooks:
                for grade in nb.grades:
                    if grade.needs_manual_grade or grade.auto_score is None:
                        fac.set_manual_score(course, spec.folder, "ada", grade.name,
                                             grade.max_score)
    return course


def test_report_tells_the_class_story(course: Path) -> None:
    page = report.report_html(report.gather(course))
    assert "3 learner(s)" in page
    assert "1 of 2 bios carry a &quot;views are my own&quot; disclaimer." in page
    assert "1 of 3" in page  # only ada handed in the later modules
    assert "The posting myths: ben, cy" in page
    # Only ada reached the end: "I use it a little" at the start, "a lot" at the end.
    assert "Of 1 learner(s) who answered both times: 1 feel more confident, 0 the same" in page
    assert 'alt="Share of learners who answered every marked question' in page
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "")  # self-contained


def test_certificates_only_for_learners_who_passed(course: Path, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 30), "#0b5394").save(logo)
    written = report.write_certificates(course, tmp_path / "certs", logo=logo)
    assert [p.name for p in written] == ["ada.pdf"]
    text = PdfReader(io.BytesIO(written[0].read_bytes())).pages[0].extract_text()
    assert "Ada Lovelace" in text and "Your housing association" in text


def test_learner_view_escapes_and_shows_the_coach(course: Path) -> None:
    from mystory.facilitator.dashboard import learner_html

    data = report.gather(course)
    page = learner_html(data, "ben")
    assert "Housing officer. Views are my own." in page and "Coach: disclaimer" in page
    assert "Not handed in yet." in page


@pytest.mark.browser
def test_dashboard_in_the_browser(browser, course: Path, root: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.browser import run_mystory

    monkeypatch.setenv("MYSTORY_DASHBOARD_TOKEN", "report-test-token")  # the dashboard asks
    with run_mystory(["dashboard", "--course", str(course)], root, tmp_path) as base:
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.goto(base + "/?token=report-test-token")
        page.get_by_text("3 learner(s)").wait_for(timeout=60_000)
        assert page.get_by_label("Course folder").input_value() == str(course)
        page.get_by_label("Learner").select_option("ben")
        page.get_by_text("Coach: disclaimer").wait_for(timeout=10_000)
        # Each question's label sits below the answer before it, never beside it.
        overlaps = page.evaluate("""() => {
            const labels = [...document.querySelectorAll('dt, .mystory-dash-label')];
            const words = [...document.querySelectorAll('dd, .mystory-dash-words')];
            return labels.slice(1).filter((label, n) =>
                label.getBoundingClientRect().top < words[n].getBoundingClientRect().bottom - 1
            ).map(label => label.textContent);
        }""")
        assert page.locator(".mystory-dash-label, dt").count() > 3
        assert overlaps == []
        page.close()


LONG_NAME = f"Siân Wyn-{WELSH} Zażółć {EMOJI} محمد عبدالله Okonkwo-Smith"


def test_certificate_keeps_a_long_name_whole_inside_the_border(
        caplog: pytest.LogCaptureFixture) -> None:
    need_fonts()
    assert len(LONG_NAME) == 60
    with no_missing_glyphs(caplog):
        pdf = report.certificate_pdf("ada", LONG_NAME, "Park Lane Homes", None, ["Module 1"])
    text = " ".join(pdf_text(pdf).split())
    for words in ("Siân Wyn-", WELSH, "Zażółć", EMOJI, "Okonkwo-Smith"):
        assert words in text
    assert "عبدالله محمد" in text  # right to left
    width, height = PdfReader(io.BytesIO(pdf)).pages[0].mediabox[2:]
    border = report.BORDER * 72 / 25.4  # points
    for char, (left, bottom, right, top) in char_boxes(pdf):
        if not char.isspace():
            assert border < left and right < float(width) - border, char
            assert border < bottom and top < float(height) - border, char
    page = render(pdf, scale=1)
    assert colourful(page.crop((0, 0, page.width, page.height // 2 + 60))) > 200  # emoji drawn


def test_certificates_keep_the_name_the_learner_typed(course: Path, tmp_path: Path) -> None:
    copy = tmp_path / "course"
    shutil.copytree(course, copy)
    name = f"{LONG_NAME} ap Gruffydd"  # longer than 60 characters: still whole
    for store in copy.glob("submitted*/ada/00-welcome/*.answers.json"):
        AnswerStore(store).save_many({"welcome-name": name})
    written = report.write_certificates(copy, tmp_path / "certs")
    assert "Okonkwo-Smith ap Gruffydd" in pdf_text(written[0].read_bytes())
