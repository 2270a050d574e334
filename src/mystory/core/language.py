"""The language layer: which language a learner reads, and the words in it.

English is the source; another language is laid over it and anything untranslated shows in
English (docs/translating.md). Interface strings go through ``_`` and gettext catalogues read
with Babel; module data and notebook prose through bilingual overlay files, with the English
each translation was made from kept beside it. Nothing here imports widgets.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import tempfile
from collections.abc import Iterator
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from .datafiles import ContentError, data_file, load_yaml

ENGLISH = "en"
# Each language's name for itself, as the course home offers it.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
SETTINGS_FILE = "mystory-settings.json"  # in the learner's workspace, beside the modules
DOMAIN = "mystory"
# Fields of the data files that are ids, keys or notes for the people who keep the keys: never
# translated. Every other string is text a learner or facilitator reads.
NOT_TEXT = frozenset({"id", "kind", "graded", "correct", "answer", "notebook", "source",
                      "accept", "picture", "reply_to", "parts", "minutes", "folder"})

Path_ = tuple[str | int, ...]  # where a text sits in a data file: keys, option ids, positions

_current = ENGLISH


# -- Which language ------------------------------------------------------------------------------

def organisation_languages() -> tuple[str, tuple[str, ...]]:
    """(the organisation's default language, the languages offered), from organisation.yaml."""
    data = load_yaml("organisation.yaml")
    default = str(data.get("language") or ENGLISH).strip()
    offered = data.get("languages") or [ENGLISH, default]
    if not isinstance(offered, list):
        raise ContentError("organisation.yaml: 'languages' should be a list like [en, cy].")
    names = tuple(dict.fromkeys([ENGLISH, *(str(x).strip() for x in offered), default]))
    for name in names:
        if name not in LANGUAGE_NAMES:
            raise ContentError(f"organisation.yaml: the language '{name}' is not one the course "
                               f"knows ({', '.join(LANGUAGE_NAMES)}).")
    return default, names


def default_language() -> str:
    """The organisation's language: facilitators read it, and learners who chose none."""
    return organisation_languages()[0]


def settings_path(workspace: Path) -> Path:
    return Path(workspace) / SETTINGS_FILE


def read_language(workspace: Path) -> str:
    """The learner's chosen language, else the organisation's, else English.

    A missing, unreadable or odd settings file is no choice (the learner can choose again).
    """
    offered = organisation_languages()[1]
    try:
        chosen = json.loads(settings_path(workspace).read_text(encoding="utf-8")).get("language")
    except (OSError, ValueError, AttributeError):
        chosen = None
    return chosen if chosen in offered else default_language()


def save_language(workspace: Path, language: str) -> None:
    """Remember the learner's choice, atomically (a temporary file, then os.replace)."""
    if language not in organisation_languages()[1]:
        raise ValueError(f"'{language}' is not one of the languages offered.")
    path = settings_path(workspace)
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
        settings = settings if isinstance(settings, dict) else {}
    except (OSError, ValueError):
        settings = {}
    settings["language"] = language
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(settings, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def chosen_in_query(query: str) -> str | None:
    """The language a link asked for (``?lang=cy``), if it is one the course offers."""
    asked = parse_qs(query.lstrip("?")).get("lang", [""])[-1]
    return asked if asked in organisation_languages()[1] else None


def use_language(language: str) -> None:
    """Set the language of this process's pages (one learner a kernel or server)."""
    global _current
    _current = language if language in LANGUAGE_NAMES else ENGLISH


def current_language() -> str:
    return _current


# -- Interface strings: gettext catalogues ------------------------------------------------------

def po_path(language: str, own: bool = False) -> Path:
    """A language's catalogue: the organisation's copy (in MYSTORY_CONTENT_DIR) if it has one,
    else the shipped one; `own`: where the organisation's copy is or would be."""
    name = Path(language) / "LC_MESSAGES" / f"{DOMAIN}.po"
    override = os.environ.get("MYSTORY_CONTENT_DIR")
    if override:
        mine = Path(override) / "locale" / name
        if own or mine.is_file():
            return mine
    return Path(str(resources.files("mystory") / "locale")) / name


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """English -> translation for a language's interface strings (none for English).

    The .po file is read with Babel at run time: no compile step, nothing to build after a
    fresh clone. Untranslated and fuzzy (stale) entries are left out, so English shows.
    """
    path = po_path(language)
    if language == ENGLISH or not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        read = read_po(handle, locale=language, domain=DOMAIN)
    return {str(m.id): str(m.string) for m in read
            if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def translate(text: str, language: str) -> str:
    """`text` in `language`, or the English when it has no translation."""
    return catalogue(language).get(text, text) if language != ENGLISH else text


def _(text: str, **values: Any) -> str:
    """An interface string in this process's language; ``{name}`` placeholders filled after."""
    said = translate(text, _current)
    return said.format(**values) if values else said


def N_(text: str) -> str:
    """Mark a string for translation where it is defined; ``_`` translates it where it is used."""
    return text


# -- Content: bilingual overlays ----------------------------------------------------------------

def text_fields(data: Any, where: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every translatable text in English data: (where, text). Options and items by id, lists of
    texts by position; ids, keys and notes for key-keepers are not text."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_TEXT:
                yield from text_fields(value, (*where, str(key)))
    elif isinstance(data, list):
        for n, value in enumerate(data):
            if isinstance(value, dict) and "id" in value:
                yield from text_fields(value, (*where, str(value["id"])))
            else:
                yield from text_fields(value, (*where, n))
    elif isinstance(data, str) and data.strip():
        yield where, data


def leaf(overlay: Any, where: Path_) -> dict[str, Any] | None:
    """The overlay's {en: ..., <lang>: ...} for one text, if there is one."""
    node = overlay
    for key in where:
        if not isinstance(node, dict):
            return None
        node = node.get(key, node.get(str(key)) if isinstance(key, int) else None)
    return node if isinstance(node, dict) and ENGLISH in node else None


def _put(data: Any, where: Path_, text: str) -> None:
    node = data
    for key in where[:-1]:
        if isinstance(node, list):
            node = next((x for x in node if isinstance(x, dict) and str(x.get("id")) == key),
                        None) if isinstance(key, str) else node[key]
        else:
            node = node[key]
    last = where[-1]
    if isinstance(node, list) and isinstance(last, int):
        node[last] = text
    elif isinstance(node, dict):
        node[last] = text


def overlay_name(relative: str, language: str) -> str:
    """The overlay of a data file, e.g. translations/cy/modules/00-welcome.yaml."""
    return f"translations/{language}/{relative}"


@functools.cache
def overlay(relative: str, language: str) -> dict[str, Any]:
    """A language's overlay for a data file ({} when there is none yet)."""
    if language == ENGLISH:
        return {}
    try:
        data_file(overlay_name(relative, language))
    except ContentError:
        return {}
    return load_yaml(overlay_name(relative, language))


def translation(entry: dict[str, Any] | None, language: str) -> str:
    """The translation in an overlay entry ("" when it has none)."""
    said = entry.get(language) if entry else None
    return said if isinstance(said, str) and said.strip() else ""


def translated(english: dict[str, Any], relative: str, language: str) -> dict[str, Any]:
    """English data with each text the overlay translates replaced (stale ones too: a close
    translation beats none); the structure, ids and keys stay the English file's."""
    over = overlay(relative, language)
    if not over:
        return english
    data = copy.deepcopy(english)
    for where, _text in text_fields(english):
        said = translation(leaf(over, where), language)
        if said:
            _put(data, where, said)
    return data


def prose(relative: str, language: str) -> dict[str, str]:
    """A notebook's translated Markdown, by cell id, from the overlay's ``prose``."""
    cells = overlay(relative, language).get("prose") or {}
    return {str(cell): said for cell, entry in cells.items()
            if isinstance(entry, dict) and (said := translation(entry, language))}


def markdown_html(text: str) -> str:
    import mistune

    return str(mistune.html(text))


def prose_block(relative: str, language: str, title: str = "") -> str:
    """The page's translations, hidden: the course script puts each cell's prose in place and
    sets <html lang> before the page shows (Voila renders Markdown before it knows the learner).
    Written for English too, so a page built in another language can be switched back."""
    cells = "".join(f'<div data-prose-for="{escape(cell)}">{markdown_html(text)}</div>'
                    for cell, text in prose(relative, language).items())
    return (f'<div class="mystory-translation" data-lang="{escape(language)}" '
            f'data-title="{escape(title)}" lang="{escape(language)}" hidden>{cells}</div>')


def choice_html(language: str) -> str:
    """The row of links on the course home that choose the language (each in its own language);
    "" when the organisation offers only one."""
    offered = organisation_languages()[1]
    if len(offered) < 2:
        return ""
    links = "".join(
        f'<li><a href="?lang={escape(name)}" hreflang="{escape(name)}" lang="{escape(name)}"'
        + (' aria-current="true"' if name == language else "")
        + f">{escape(LANGUAGE_NAMES[name])}</a></li>"
        for name in offered)
    label = escape(translate(N_("Language"), language))
    return (f'<nav class="mystory-languages" aria-label="{label}">'
            f'<span aria-hidden="true">{label}:</span> <ul>{links}</ul></nav>')
