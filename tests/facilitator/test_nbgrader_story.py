"""Module 2 through nbgrader: untouched, model, an uploaded photo, bios the coach would change."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from mystory import facilitator as fac
from mystory.core.store import AnswerStore
from tests.conftest import ROOT, grade_submissions

pytestmark = pytest.mark.nbgrader  # nbgrader round trips: `make test`, not `make check`

MODULE, NB = "01-your-story", "your-story"
AUTO, MANUAL = 5, 4


def photo(flat: bool = False) -> bytes:
    image = Image.new("RGB", (40, 40), "#336699")
    if not flat:
        image.paste("#ffcc00", (0, 0, 20, 40))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def answers(tmp: Path, name: str, **values: object) -> bytes:
    path = tmp / f"{name}.json"
    AnswerStore(path).save_many({k.replace("_", "-"): v for k, v in values.items()})
    return path.read_bytes()


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("story")
    file = f"{NB}.answers.json"
    good_bio = {"platform": "x", "text": "I fix boilers in Dudley and I love my allotment."}
    common = {"story_egg": ["priya", "dave"], "story_egg_why": "Real faces."}
    learners = {
        "untouched": {},
        "model": {file: (ROOT / "solutions" / MODULE / file).read_bytes()},
        "uploader": {
            file: answers(tmp, "uploader", **common, story_bio=good_bio, story_photo={
                "file": f"{NB}.photo.png", "later": False, "alt": "Me at the allotment"}),
            f"{NB}.photo.png": photo(),
        },
        "not-ready": {
            file: answers(tmp, "not-ready", **common, story_photo={
                "file": f"{NB}.photo.png", "later": False, "alt": "A blue square"},
                story_bio={"platform": "x", "text": "Housing officer. Views are my own."}),
            f"{NB}.photo.png": photo(flat=True),
        },
        "too-long": {file: answers(tmp, "too-long", **common, story_photo={
            "later": True, "alt": "Later"}, story_bio={"platform": "facebook",
                                                       "text": "I love my allotment. " * 6})},
        "wrong-eggs": {file: answers(tmp, "wrong-eggs", story_egg=["oak-official", "priya"],
                                     story_egg_why="Hmm", story_bio=good_bio,
                                     story_photo={"later": True, "alt": "Later"})},
    }
    # A stray model photo in the source must not replace a learner's own picture.
    return grade_submissions(tmp, MODULE, learners, stray={f"{NB}.photo.png": photo(flat=True)})


def test_untouched_scores_zero(course: Path) -> None:
    s = fac.score(course, MODULE, "untouched")
    assert s.auto == 0 and s.max == AUTO + MANUAL


def test_model_answers_score_full_marks(course: Path) -> None:
    assert fac.score(course, MODULE, "model").auto == AUTO
    fac.set_manual_score(course, MODULE, "model", "story-bio-rubric", 2)
    fac.set_manual_score(course, MODULE, "model", "story-cv-rubric", 2)
    s = fac.score(course, MODULE, "model")
    assert s.total == s.max == AUTO + MANUAL


def test_a_real_uploaded_photo_counts(course: Path) -> None:
    # The CV reflection is missing: that is only marked by hand.
    assert fac.score(course, MODULE, "uploader").auto == AUTO


def test_a_flat_photo_loses_its_point_and_the_coach_never_marks(course: Path) -> None:
    # The coach would change "Housing officer. Views are my own.", but taste is the facilitator's
    # call: the bio is written and fits, so its 2 autograded points stand.
    assert fac.score(course, MODULE, "not-ready").auto == AUTO - 1


def test_a_bio_over_the_platform_limit_loses_its_points(course: Path) -> None:
    # 125 characters: fine on X (160), too long for a Facebook Intro (101).
    assert fac.score(course, MODULE, "too-long").auto == AUTO - 2


def test_formgrader_shows_the_coach_beside_the_rubric(course: Path) -> None:
    import nbformat

    nb = nbformat.read(course / "autograded" / "not-ready" / MODULE / f"{NB}.ipynb", 4)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    shown = "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "")
                    for o in cells["story-bio-answer"].outputs)
    assert "Housing officer. Views are my own." in shown
    assert "it does not mark: you decide" in shown and "(disclaimer)" in shown


def test_wrong_eggs_lose_the_egg_points(course: Path) -> None:
    assert fac.score(course, MODULE, "wrong-eggs").auto == AUTO - 2
