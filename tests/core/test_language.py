"""The language layer: the learner's choice, the organisation's default, English as fallback;
translated module data with the English file's ids; interface strings from the .po catalogue."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from mystory.core import content, language
from mystory.core.language import (
    ENGLISH,
    _,
    choice_html,
    chosen_in_query,
    read_language,
    save_language,
    translate,
    use_language,
)


def clear_caches() -> None:
    for cached in (content.module, content.course, language.overlay, language.catalogue):
        cached.cache_clear()


@pytest.fixture
def org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An organisation's own content folder (MYSTORY_CONTENT_DIR), empty to begin with."""
    folder = tmp_path / "content"
    folder.mkdir()
    monkeypatch.setenv("MYSTORY_CONTENT_DIR", str(folder))
    clear_caches()
    yield folder
    monkeypatch.delenv("MYSTORY_CONTENT_DIR")
    clear_caches()
    use_language(ENGLISH)


def organisation(folder: Path, **extra: object) -> None:
    shipped = yaml.safe_load(Path(language.__file__).parent.parent.joinpath(
        "data", "organisation.yaml").read_text())
    (folder / "organisation.yaml").write_text(yaml.safe_dump({**shipped, **extra}))


def test_the_learners_choice_is_remembered_beside_the_modules(tmp_path: Path) -> None:
    assert read_language(tmp_path) == "en"  # nothing chosen: the organisation's (English)
    save_language(tmp_path, "cy")
    assert json.loads((tmp_path / "mystory-settings.json").read_text()) == {"language": "cy"}
    assert read_language(tmp_path) == "cy"
    assert [p.name for p in tmp_path.iterdir()] == ["mystory-settings.json"]  # no temp file left
    with pytest.raises(ValueError):
        save_language(tmp_path, "xx")


@pytest.mark.parametrize("bad", ["", "{", "[]", '{"language": "xx"}', '{"language": 7}'])
def test_an_odd_settings_file_is_no_choice(tmp_path: Path, bad: str) -> None:
    (tmp_path / "mystory-settings.json").write_text(bad)
    assert read_language(tmp_path) == "en"
    save_language(tmp_path, "cy")  # and choosing again mends it
    assert read_language(tmp_path) == "cy"


def test_the_organisations_default_is_used_until_the_learner_chooses(org: Path,
                                                                     tmp_path: Path) -> None:
    organisation(org, language="cy", languages=["en", "cy"])
    assert read_language(tmp_path) == "cy"
    save_language(tmp_path, "en")
    assert read_language(tmp_path) == "en"
    organisation(org, language="en", languages=["en"])  # Welsh no longer offered
    save_language(tmp_path, "en")
    (tmp_path / "mystory-settings.json").write_text('{"language": "cy"}')
    assert read_language(tmp_path) == "en"
    assert choice_html("en") == ""  # one language: no choice on the home


def test_links_choose_only_languages_offered() -> None:
    assert chosen_in_query("lang=cy") == "cy"
    assert chosen_in_query("?x=1&lang=en") == "en"
    assert chosen_in_query("lang=fr") is None and chosen_in_query("") is None
    links = choice_html("cy")
    assert 'href="?lang=cy" hreflang="cy" lang="cy" aria-current="true">Cymraeg' in links
    assert 'aria-label="Iaith"' in links


def test_interface_strings_come_from_the_catalogue_with_english_behind() -> None:
    assert translate("Saved", "cy") == "Wedi cadw"
    assert translate("A string nobody translated", "cy") == "A string nobody translated"
    try:
        use_language("cy")
        assert _("{done} of {total}", done=2, total=3) == "2 o 3"
        use_language("xx")  # unknown: English
        assert _("Saved") == "Saved"
    finally:
        use_language(ENGLISH)


def test_welsh_module_data_keeps_the_english_ids_and_key() -> None:
    english, welsh = content.module("00-welcome"), content.module("00-welcome", "cy")
    assert welsh.title == "Croeso: pam mae eich stori'n bwysig"
    for ex_id, spec in english.exercises.items():
        cy = welsh.exercises[ex_id]
        assert (cy.kind, cy.graded, cy.correct, cy.source, cy.accept) == \
            (spec.kind, spec.graded, spec.correct, spec.source, spec.accept)
        assert [o.id for o in cy.options] == [o.id for o in spec.options]
        assert cy.label != spec.label
    assert welsh.parts == english.parts


def test_a_missing_translation_shows_the_english_and_a_stale_one_still_shows(org: Path) -> None:
    folder = org / "translations" / "cy" / "modules"
    folder.mkdir(parents=True)
    (folder / "00-welcome.yaml").write_text(yaml.safe_dump({
        "title": {"en": "An older English title", "cy": "Teitl"},
        "exercises": {"welcome-trust": {
            "label": {"en": "Who do most people trust more?", "cy": ""},
            "options": {"advert": {"text": {"en": "An advert", "cy": "Hysbyseb"}}}}},
    }, allow_unicode=True))
    welsh = content.module("00-welcome", "cy")
    assert welsh.title == "Teitl"  # stale, still shown: a close translation beats none
    trust = welsh.exercises["welcome-trust"]
    assert trust.label == "Who do most people trust more?"  # empty: the English
    assert trust.option("advert").text == "Hysbyseb"
    assert trust.option("people-like-me").text == "Someone like them, sharing what really happened"
    assert welsh.summary == content.module("00-welcome").summary  # not in the file at all


def test_the_coach_speaks_the_pages_language_and_reads_english(org: Path) -> None:
    from mystory import coach

    (org / "translations" / "cy").mkdir(parents=True)
    (org / "translations" / "cy" / "coach.yaml").write_text(yaml.safe_dump({
        "messages": {"disclaimer": {"en": "...", "cy": 'Ysgrifennoch chi "{quote}".'}},
        "platforms": {"x": {"name": {"en": "X (Twitter)", "cy": "X (Twitter gynt)"}}}},
        allow_unicode=True))
    coach._coach_data.cache_clear()
    try:
        english = coach.review_bio("Gardener. Views are my own.")
        use_language("cy")
        welsh = coach.review_bio("Gardener. Views are my own.")
        assert [f.rule for f in welsh.problems] == [f.rule for f in english.problems]
        found = {f.rule: f.message for f in welsh.problems}
        assert found["disclaimer"] == 'Ysgrifennoch chi "Views are my own".'
        assert coach.platforms()["x"] == ("X (Twitter gynt)", 160)
        untranslated = next(f for f in welsh.problems if f.rule != "disclaimer")
        assert untranslated.message == next(f.message for f in english.problems
                                            if f.rule == untranslated.rule)
    finally:
        use_language(ENGLISH)
        coach._coach_data.cache_clear()


def test_welsh_prose_is_written_for_the_page() -> None:
    block = language.prose_block("modules/00-welcome.yaml", "cy", "Teitl")
    assert block.startswith('<div class="mystory-translation" data-lang="cy"')
    assert " hidden>" in block
    assert '<div data-prose-for="welcome-intro"><h1>Croeso: pam mae eich stori' in block
    assert language.prose_block("modules/00-welcome.yaml", "en").count("data-prose-for") == 0


def test_a_welsh_learners_policy_page_and_download_are_in_welsh() -> None:
    from mystory.core.policy import Policy

    try:
        use_language("cy")
        policy = Policy.from_answers({}, "Sam")
        assert policy.title == "Polisi cyfryngau cymdeithasol Sam"
        assert "Fy rheolau fy hun\n- (heb ei ysgrifennu eto)" in policy.text()
        assert "## Fy rheolau fy hun" in policy.markdown()
    finally:
        use_language(ENGLISH)
    assert Policy.from_answers({}, "Sam").title == "Sam's social media policy"


def test_certificates_are_in_the_organisations_language(org: Path) -> None:
    from pypdf import PdfReader

    from mystory.facilitator.report import certificate_pdf

    organisation(org, language="cy", languages=["en", "cy"])
    use_language(language.default_language())
    text = PdfReader(io.BytesIO(certificate_pdf("sam", "Sam", "Tai Cymru", None,
                                                ["Croeso"]))).pages[0].extract_text()
    assert "Tystysgrif" in text and "Mae hyn yn cadarnhau bod" in text
    assert "gyda'r modiwlau Croeso." in text
