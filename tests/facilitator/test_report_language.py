"""The class report and the dashboard are the organisation's: in its language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from mystory.core import content, language
from mystory.core.datafiles import data_file
from mystory.core.language import ENGLISH, use_language
from mystory.facilitator.dashboard import learner_html
from mystory.facilitator.report import ClassData, ModuleRow, report_html


def clear_caches() -> None:
    for cached in (content.module, content.course, language.overlay, language.catalogue):
        cached.cache_clear()


@pytest.fixture
def welsh_org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    english = data_file("organisation.yaml")
    (tmp_path / "organisation.yaml").write_text(
        english.replace("\nlanguage: en\n", "\nlanguage: cy\n"))
    monkeypatch.setenv("MYSTORY_CONTENT_DIR", str(tmp_path))
    clear_caches()
    yield
    monkeypatch.delenv("MYSTORY_CONTENT_DIR")
    clear_caches()
    use_language(ENGLISH)


def a_class() -> ClassData:
    row = ModuleRow(content.module("00-welcome", "cy"))
    row.submitted = {"ann"}
    return ClassData(["ann", "bob"], [row], Counter({("bio", "corporate"): 1}),
                     Counter({"bio": 2}), {"ann": {"00-welcome": {}}})


def test_report_and_dashboard_in_the_organisations_language(welsh_org: None) -> None:
    page = report_html(a_class())
    assert '<html lang="cy">' in page and "<h1>Adroddiad y dosbarth</h1>" in page
    assert "1 o 2" in page and "Heb ddechrau eto" in page
    assert "1 o 2 bywgraffiad yn defnyddio geiriau corfforaethol." in page
    assert "Class report" not in page and "Not started yet" not in page
    assert "Heb ei gyflwyno eto." in learner_html(a_class(), "bob")


def test_report_in_english_by_default() -> None:
    page = report_html(a_class())
    assert '<html lang="en">' in page and "<h1>Class report</h1>" in page
    assert "1 of 2 bios use corporate words." in page


def test_the_answers_plain_words_on_the_dashboard(welsh_org: None) -> None:
    row = ModuleRow(content.module("03-posting-myths", "cy"))
    data = ClassData(["ann"], [row], Counter(), Counter(),
                     {"ann": {"03-posting-myths": {
                         "myths-schedule": {"online": ["mon-18"], "slots": []}}}})
    assert "Ar-lein: Dydd Llun 6yp i 9yp. Postio am: dim." in learner_html(data, "ann")
