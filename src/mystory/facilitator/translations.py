"""What is left to translate, and the files a translator fills in (``mystory translations``).

The English is found where it lives: interface strings by Babel's extraction from the code,
module texts in ``data/modules/*.yaml``, prose in the course notebooks' Markdown cells, the
home's prose in the packaged ``home.ipynb`` (docs/translating.md).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..coach import coach_texts
from ..core.datafiles import ContentError, load_yaml
from ..core.language import (
    DOMAIN,
    ENGLISH,
    LANGUAGE_NAMES,
    leaf,
    overlay,
    overlay_name,
    po_path,
    text_fields,
    translation,
)
from ..singleuser import packaged_home

INTERFACE = "interface"
HOME = "home"
COACH = "coach"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


@dataclass(frozen=True)
class Finding:
    """One string a language lacks: where (file and place), what is wrong, and the English."""

    file: str
    where: str
    problem: str  # "missing", "stale" (English changed since) or "placeholders" (lost a {name})
    english: str

    @property
    def fails(self) -> bool:
        """Stale translations still show (a close translation beats none); the rest do not."""
        return self.problem != "stale"


def package_folder() -> Path:
    return Path(str(resources.files("mystory")))


def data_folder() -> Path:
    """Where translations are written: the organisation's MYSTORY_CONTENT_DIR, else the
    package's own data (the course's shipped translations)."""
    override = os.environ.get("MYSTORY_CONTENT_DIR")
    return Path(override) if override else package_folder() / "data"


# -- The English, from where it lives -----------------------------------------------------------

def interface_english() -> dict[str, list[str]]:
    """Every interface string in the code (``_`` and ``N_``), with where it is used."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    found: dict[str, list[str]] = {}
    for name, line, message, _comments, _context in extract_from_dir(
            str(package_folder()), method_map=[("**.py", "python")],
            keywords=dict(DEFAULT_KEYWORDS)):
        if isinstance(message, str) and message:
            found.setdefault(message, []).append(f"{name}:{line}")
    return found


def markdown_cells(notebook: Path) -> dict[str, str]:
    """A notebook's Markdown cells by cell id, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return {str(c["id"]): "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells if c["cell_type"] == "markdown" and c.get("id")}


def module_folders() -> list[str]:
    return [str(m["folder"]) for m in load_yaml("course.yaml")["modules"]]


def english_texts(part: str, root: Path) -> dict[str, Any]:
    """A part's English as the overlay's shape without translations: data texts and prose."""
    if part == HOME:
        return {"prose": markdown_cells(packaged_home())}
    english: dict[str, Any] = {}
    if part == COACH:
        for where, text in text_fields(coach_texts(load_yaml("coach.yaml"))):
            _nest(english, where, text)
        return english
    data = load_yaml(f"modules/{part}.yaml")
    for where, text in text_fields(data):
        _nest(english, where, text)
    notebook = root / "course" / "source" / part / f"{data['notebook']}.ipynb"
    if notebook.is_file():
        english["prose"] = markdown_cells(notebook)
    return english


def _nest(tree: dict[Any, Any], where: tuple[str | int, ...], text: str) -> None:
    for key in where[:-1]:
        tree = tree.setdefault(key, {})
    tree[where[-1]] = text


def _leaves(tree: Any, where: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...],
                                                                           str]]:
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _leaves(value, (*where, key))
    elif isinstance(tree, str):
        yield where, tree


def relative_of(part: str) -> str:
    return {HOME: "home.yaml", COACH: "coach.yaml"}.get(part, f"modules/{part}.yaml")


# -- Checking -----------------------------------------------------------------------------------

def _placeholders_lost(english: str, said: str) -> bool:
    return sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(said))


def check_interface(language: str) -> list[Finding]:
    """Interface strings with no translation in the .po, fuzzy ones, and lost placeholders."""
    from babel.messages.pofile import read_po

    path = po_path(language)
    entries: dict[str, Any] = {}
    if path.is_file():
        with path.open("rb") as handle:
            entries = {str(m.id): m for m in read_po(handle, locale=language, domain=DOMAIN)
                       if m.id}
    shown = f"src/mystory/locale/{language}/LC_MESSAGES/{DOMAIN}.po"
    found = []
    for english, uses in interface_english().items():
        entry = entries.get(english)
        where = uses[0]
        if entry is None or not entry.string:
            found.append(Finding(shown, where, "missing", english))
        elif entry.fuzzy:
            found.append(Finding(shown, where, "stale", english))
        elif _placeholders_lost(english, str(entry.string)):
            found.append(Finding(shown, where, "placeholders", english))
    return found


def check_part(part: str, language: str, root: Path) -> list[Finding]:
    """A module's (or the home's) texts and prose with no translation, or an out-of-date one."""
    relative = relative_of(part)
    over = overlay(relative, language)
    shown = f"src/mystory/data/{overlay_name(relative, language)}"
    found = []
    for where, english in _leaves(english_texts(part, root)):
        entry = leaf(over, where)
        said = translation(entry, language)
        place = ".".join(str(k) for k in where)
        if not said:
            found.append(Finding(shown, place, "missing", english))
        elif _clean(str(entry.get(ENGLISH, ""))) != _clean(english):  # type: ignore[union-attr]
            found.append(Finding(shown, place, "stale", english))
        elif _placeholders_lost(english, said):
            found.append(Finding(shown, place, "placeholders", english))
    return found


def _clean(text: str) -> str:
    """Text as compared for staleness: the same words, whatever the line breaks."""
    return " ".join(text.split())


def parts() -> list[str]:
    return [INTERFACE, HOME, COACH, *module_folders()]


def check(language: str, root: Path, only: list[str] | None = None) -> list[Finding]:
    """Every missing, stale or broken translation in `language` (in `only` parts, if named)."""
    if language not in LANGUAGE_NAMES or language == ENGLISH:
        raise ContentError(f"'{language}' is not a language the course knows "
                           f"({', '.join(n for n in LANGUAGE_NAMES if n != ENGLISH)}).")
    found: list[Finding] = []
    for part in only or parts():
        if part == INTERFACE:
            found += check_interface(language)
        elif part in (HOME, COACH) or part in module_folders():
            found += check_part(part, language, root)
        else:
            raise ContentError(f"No part of the course is called '{part}' "
                               f"(one of: {', '.join(parts())}).")
    return found


def report(findings: list[Finding], language: str) -> str:
    """The findings file by file, each with the English to translate, then a count."""
    lines: list[str] = []
    file = None
    for f in findings:
        if f.file != file:
            file = f.file
            lines.append(file)
        english = " ".join(f.english.split())
        english = english if len(english) <= 90 else english[:87] + "..."
        lines.append(f"  {f.problem:<12} {f.where}: {json.dumps(english, ensure_ascii=False)}")
    count = {p: sum(f.problem == p for f in findings)
             for p in ("missing", "stale", "placeholders")}
    if not findings:
        lines.append(f"Nothing is missing in {language} ({LANGUAGE_NAMES[language]}).")
    else:
        lines.append(f"{count['missing']} missing, {count['stale']} stale, "
                     f"{count['placeholders']} with a {{placeholder}} lost, in {language}.")
    return "\n".join(lines)


# -- Writing the files a translator fills in ----------------------------------------------------

class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _text)


def update_part(part: str, language: str, root: Path) -> Path:
    """Write a part's overlay: every English text with its translation (kept when it has one,
    "" when new); texts the English no longer has are dropped."""
    relative = relative_of(part)
    old = overlay(relative, language)
    tree: dict[Any, Any] = {}
    for where, english in _leaves(english_texts(part, root)):
        entry = leaf(old, where)
        said = translation(entry, language)
        kept = str(entry.get(ENGLISH, english)) if entry and said else english  # stale stays
        _nest(tree, where, {ENGLISH: kept, language: said})  # type: ignore[arg-type]
    path = data_folder() / overlay_name(relative, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    what = {HOME: "the course home", COACH: "what the coaches say"}.get(part,
                                                                        f"the module {part}")
    header = (f"# {LANGUAGE_NAMES[language]} for {what} (docs/translating.md).\n"
              f"# Fill in each '{language}:' beside its English. 'en:' is the English it was "
              "translated from:\n# `mystory translations --check` compares it with the course's "
              "English.\n")
    path.write_text(header + yaml.dump(tree, Dumper=_Dumper, allow_unicode=True,
                                       sort_keys=False, width=100), encoding="utf-8")
    overlay.cache_clear()
    return path


def update_interface(language: str) -> Path:
    """Write the .po catalogue: new strings added empty, changed ones fuzzy, as msgmerge does."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = Catalog(domain=DOMAIN)
    for english, uses in interface_english().items():
        template.add(english, locations=[(u.rsplit(":", 1)[0], int(u.rsplit(":", 1)[1]))
                                         for u in uses])
    path = po_path(language)  # the organisation's copy, else the shipped one, is the start
    if path.is_file():
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=language, domain=DOMAIN)
    else:
        catalogue = Catalog(locale=language, domain=DOMAIN, project="MyStory")
    path = po_path(language, own=True)
    catalogue.update(template, no_fuzzy_matching=False)
    catalogue.obsolete.clear()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=100, include_previous=True, include_lineno=False)
    return path


def update(language: str, root: Path, only: list[str] | None = None) -> list[Path]:
    """Write (or refresh after English changes) every file a translator fills in."""
    written = []
    for part in only or parts():
        written.append(update_interface(language) if part == INTERFACE else
                       update_part(part, language, root))
    return written
