"""`mystory translations --check cy` lists every missing or stale string and fails while anything
is missing; `--update` writes the files to fill in, keeping what is translated."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from mystory import cli
from mystory.core import content, language
from mystory.facilitator import translations

SHIPPED = Path(language.__file__).parent.parent
WELCOME_CY = SHIPPED / "data" / "translations" / "cy" / "modules" / "00-welcome.yaml"
PO_CY = SHIPPED / "locale" / "cy" / "LC_MESSAGES" / "mystory.po"


def clear_caches() -> None:
    for cached in (content.module, content.course, language.overlay, language.catalogue):
        cached.cache_clear()


@pytest.fixture
def own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: Path) -> Iterator[Path]:
    """An organisation's content folder holding copies of the Welsh files, to spoil."""
    folder = tmp_path / "content"
    (folder / "translations" / "cy" / "modules").mkdir(parents=True)
    shutil.copy(WELCOME_CY, folder / "translations" / "cy" / "modules" / "00-welcome.yaml")
    (folder / "locale" / "cy" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO_CY, folder / "locale" / "cy" / "LC_MESSAGES" / "mystory.po")
    monkeypatch.setenv("MYSTORY_CONTENT_DIR", str(folder))
    monkeypatch.chdir(root)
    clear_caches()
    yield folder
    monkeypatch.delenv("MYSTORY_CONTENT_DIR")
    clear_caches()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["translations", *args])
    return code, capsys.readouterr().out


def test_welsh_interface_home_and_module_0_are_complete(capsys, monkeypatch, root) -> None:
    monkeypatch.chdir(root)
    code, out = run(capsys, "--check", "cy", "interface", "home", "00-welcome")
    assert (code, out.strip()) == (0, "Nothing is missing in cy (Cymraeg).")


def test_missing_stale_and_broken_strings_are_listed_and_fail(capsys, own: Path) -> None:
    welcome = own / "translations" / "cy" / "modules" / "00-welcome.yaml"
    data = yaml.safe_load(welcome.read_text())
    data["exercises"]["welcome-trust"]["label"]["cy"] = ""  # missing
    data["title"]["en"] = "Welcome, an older title"  # the English changed since: stale
    del data["prose"]["welcome-end"]  # a whole cell missing
    welcome.write_text(yaml.safe_dump(data, allow_unicode=True))
    po = own / "locale" / "cy" / "LC_MESSAGES" / "mystory.po"
    text = po.read_text()
    text = text.replace('msgstr "Wedi cadw"', 'msgstr ""')  # missing
    text = text.replace('msgid "{done} of {total}"\nmsgstr "{done} o {total}"',
                        'msgid "{done} of {total}"\nmsgstr "{done} o {cyfanswm}"')  # broken
    text = text.replace('msgid "Saving"', '#, fuzzy\nmsgid "Saving"')  # stale
    po.write_text(text)

    code, out = run(capsys, "--check", "cy", "interface", "00-welcome")
    assert code == 1
    assert 'missing      exercises.welcome-trust.label: "Who do most people trust more?"' in out
    assert 'stale        title: "Welcome: why your story matters"' in out
    assert 'missing      prose.welcome-end: "## Well done That is the end of the welcome. ' in out
    assert 'missing      pages/widgets.py:' in out and ': "Saved"' in out
    assert 'placeholders pages/cards.py:' in out and '"{done} of {total}"' in out
    assert 'stale        pages/widgets.py:' in out and '"Saving"' in out
    assert "src/mystory/data/translations/cy/modules/00-welcome.yaml" in out
    assert out.strip().endswith("3 missing, 2 stale, 1 with a {placeholder} lost, in cy.")


def test_stale_alone_is_listed_but_does_not_fail(capsys, own: Path) -> None:
    welcome = own / "translations" / "cy" / "modules" / "00-welcome.yaml"
    data = yaml.safe_load(welcome.read_text())
    data["summary"]["en"] = "An older summary"
    welcome.write_text(yaml.safe_dump(data, allow_unicode=True))
    code, out = run(capsys, "--check", "cy", "00-welcome")
    assert code == 0 and "stale        summary:" in out


def test_unknown_language_or_part_is_named(capsys, monkeypatch, root) -> None:
    monkeypatch.chdir(root)
    assert cli.main(["translations", "--check", "xx"]) == 2
    assert cli.main(["translations", "--check", "cy", "06-nothing"]) == 2
    assert "06-nothing" in capsys.readouterr().err


def test_update_keeps_translations_and_adds_the_new_english(capsys, own: Path) -> None:
    welcome = own / "translations" / "cy" / "modules" / "00-welcome.yaml"
    data = yaml.safe_load(welcome.read_text())
    del data["exercises"]["welcome-name"]  # as if these were new English
    data["prose"]["gone-cell"] = {"en": "Old", "cy": "Hen"}  # a cell the course no longer has
    welcome.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert cli.main(["translations", "--update", "cy", "00-welcome"]) == 0
    clear_caches()
    again = yaml.safe_load(welcome.read_text())
    assert again["exercises"]["welcome-name"]["label"] == {
        "en": "Your first name, or the name people know you by", "cy": ""}
    assert again["exercises"]["welcome-trust"]["label"]["cy"].startswith("Pwy mae")
    assert "gone-cell" not in again["prose"]
    code, out = run(capsys, "--check", "cy", "00-welcome")
    assert code == 1  # the name's label and placeholder
    assert out.strip().endswith("2 missing, 0 stale, 0 with a {placeholder} lost, in cy.")


def test_the_shipped_welsh_files_are_as_update_writes_them(tmp_path, monkeypatch, root) -> None:
    """Hand edits that --update would undo (a lost id, a stray field) show up here."""
    monkeypatch.setenv("MYSTORY_CONTENT_DIR", str(tmp_path))
    monkeypatch.chdir(root)
    (tmp_path / "translations" / "cy").mkdir(parents=True)
    shutil.copytree(SHIPPED / "data" / "translations" / "cy", tmp_path / "translations" / "cy",
                    dirs_exist_ok=True)
    clear_caches()
    try:
        for part in ("home", "00-welcome"):
            written = translations.update_part(part, "cy", root)
            shipped = SHIPPED / "data" / language.overlay_name(translations.relative_of(part),
                                                                 "cy")
            assert yaml.safe_load(written.read_text()) == yaml.safe_load(shipped.read_text())
    finally:
        clear_caches()
