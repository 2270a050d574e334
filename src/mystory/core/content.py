"""Course content read from YAML data files that an organisation can edit without code.

The files ship in ``mystory/data``. An organisation can put edited copies in a folder named by
the ``MYSTORY_CONTENT_DIR`` environment variable: a file there replaces the shipped one. What
each kind of exercise needs beyond the common fields is checked by its class in ``kinds``.
"""

from __future__ import annotations

import functools
from typing import Any

from .datafiles import ContentError, load_yaml
from .kinds import KINDS
from .language import ENGLISH, translated
from .spec import DEFAULT_PILES, YOUR_CALL, ExerciseSpec, Item, ModuleSpec, Option

__all__ = ["ContentError", "ExerciseSpec", "Item", "ModuleSpec", "Option", "course", "module",
           "module_by_notebook"]

PICTURES = ("egg", "photo")


def _need(entry: dict[str, Any], key: str, where: str) -> Any:
    value = entry.get(key)
    if value in (None, "", []):
        raise ContentError(f"{where}: '{key}' is missing.")
    return value


def _option(entry: Any, where: str) -> Option:
    if not isinstance(entry, dict):
        raise ContentError(f"{where}: each option needs an id and a text.")
    where = f"{where} '{entry.get('id', '?')}'"
    picture = str(entry.get("picture", ""))
    if picture and picture not in PICTURES:
        raise ContentError(f"{where}: picture must be one of {', '.join(PICTURES)}.")
    if picture and not entry.get("picture_alt"):
        raise ContentError(f"{where}: a picture needs 'picture_alt', a description in words.")
    return Option(str(_need(entry, "id", where)), str(_need(entry, "text", where)),
                  str(entry.get("why", "")), picture, str(entry.get("picture_alt", "")),
                  str(entry.get("source", "")))


def _item(entry: Any, where: str, piles: dict[str, str]) -> Item:
    if not isinstance(entry, dict):
        raise ContentError(f"{where}: each item needs an id, a text and an answer.")
    where = f"{where} '{entry.get('id', '?')}'"
    answer = str(_need(entry, "answer", where))
    if answer not in piles and answer != YOUR_CALL:
        raise ContentError(f"{where}: answer must be one of {', '.join(piles)} or {YOUR_CALL}.")
    return Item(str(_need(entry, "id", where)), str(_need(entry, "text", where)), answer,
                str(entry.get("why", "")), str(entry.get("title", "")),
                str(entry.get("intro", "")), str(entry.get("source", "")))


def _exercise(ex_id: str, entry: Any, where: str) -> ExerciseSpec:
    where = f"{where}, exercise '{ex_id}'"
    if not isinstance(entry, dict):
        raise ContentError(f"{where}: should be a set of named fields.")
    name = _need(entry, "kind", where)
    if name not in KINDS:
        raise ContentError(f"{where}: kind '{name}' is not one of {', '.join(KINDS)}.")
    kind = KINDS[name]
    options = tuple(_option(o, f"{where}, option") for o in entry.get("options", []))
    correct = entry.get("correct", [])
    correct = (correct,) if isinstance(correct, str) else tuple(correct)
    graded = entry.get("graded", "none")
    if graded not in ("auto", "manual", "none"):
        raise ContentError(f"{where}: graded must be auto, manual or none.")
    piles = entry.get("piles", DEFAULT_PILES)
    if not isinstance(piles, dict) or len(piles) < 2:
        raise ContentError(f"{where}: 'piles' should name at least two answers.")
    piles = {str(k): str(v) for k, v in piles.items()}
    items = tuple(_item(i, f"{where}, item", piles) for i in entry.get("items", []))
    sample = entry.get("sample", [])
    if not isinstance(sample, list) or not all(isinstance(x, str) for x in sample):
        raise ContentError(f"{where}: 'sample' should be a list of posts.")
    spec = ExerciseSpec(
        items=items, sample=tuple(sample), piles=tuple(piles.items()),
        item_label=str(entry.get("item_label", "Post {n} is a")),
        steps=bool(entry.get("steps", False)),
        data={k: v for k, v in entry.items() if k in kind.data_keys},
        id=ex_id, kind=name, label=str(_need(entry, "label", where)),
        help=str(entry.get("help", "")), options=options, correct=correct,
        placeholder=str(entry.get("placeholder", "")), graded=graded,
        source=str(entry.get("source", "")).strip(), accept=str(entry.get("accept", "")).strip(),
    )
    kind.check_spec(spec, where)
    return spec


@functools.cache
def course(language: str = ENGLISH) -> tuple[ModuleSpec, ...]:
    """Every module of the course, in order, in `language` (read once per process)."""
    data = load_yaml("course.yaml")
    modules = _need(data, "modules", "course.yaml")
    specs = tuple(module(str(_need(m, "folder", "course.yaml, module")), language)
                  for m in modules)
    _check_elsewhere(specs)
    return specs


@functools.cache
def module(folder: str, language: str = ENGLISH) -> ModuleSpec:
    """One module's content, read from ``data/modules/<folder>.yaml``, its words in `language`
    where ``data/translations/<language>/modules/<folder>.yaml`` translates them."""
    relative = f"modules/{folder}.yaml"
    data = translated(load_yaml(relative), relative, language)
    exercises = data.get("exercises") or {}
    if not isinstance(exercises, dict):
        raise ContentError(f"{relative}: 'exercises' should be a set of named exercises.")
    return ModuleSpec(
        folder=folder,
        notebook=str(_need(data, "notebook", relative)),
        title=str(_need(data, "title", relative)),
        summary=str(_need(data, "summary", relative)),
        minutes=int(data.get("minutes", 15)),
        exercises={k: _exercise(k, v, relative) for k, v in exercises.items()},
        parts=_parts(data.get("parts") or {}, set(exercises), relative),
        texts=_texts(data.get("texts") or {}, relative),
    )


def _texts(texts: Any, where: str) -> dict[str, Any]:
    if not isinstance(texts, dict):
        raise ContentError(f"{where}: 'texts' should be a set of named words.")
    return texts


def _ids(named: Any) -> list[Any]:
    """The exercise ids a part names (one id, a list of ids, or a mapping of either)."""
    if isinstance(named, dict):
        return [i for value in named.values() for i in _ids(value)]
    return list(named) if isinstance(named, list) else [named]


def _parts(parts: Any, exercises: set[str], where: str) -> dict[str, Any]:
    if not isinstance(parts, dict):
        raise ContentError(f"{where}: 'parts' should name the exercises each part reads.")
    for role, named in parts.items():
        for ex_id in _ids(named):
            if "/" in str(ex_id):  # a question in another module: checked by course()
                continue
            if ex_id not in exercises:
                raise ContentError(f"{where}: part '{role}' names '{ex_id}', which is not one "
                                   "of this module's exercises.")
    return parts


def _check_elsewhere(specs: tuple[ModuleSpec, ...]) -> None:
    """Every part naming a question in another module (<folder>/<exercise id>) names one that
    the course has."""
    known = {f"{s.folder}/{e}" for s in specs for e in s.exercises}
    for spec in specs:
        for role, named in spec.parts.items():
            for ex_id in _ids(named):
                if "/" in str(ex_id) and ex_id not in known:
                    raise ContentError(f"modules/{spec.folder}.yaml: part '{role}' names "
                                       f"'{ex_id}', which is not a question in the course.")


def elsewhere(reference: str) -> tuple[ModuleSpec, ExerciseSpec]:
    """The module and exercise a part names as <folder>/<exercise id>."""
    folder, _, ex_id = reference.partition("/")
    spec = module(folder)
    if ex_id not in spec.exercises:
        raise ContentError(f"'{reference}' is not a question in the course.")
    return spec, spec.exercises[ex_id]


def part(role: str) -> tuple[ModuleSpec, Any]:
    """The module whose data file names this part, and the exercise ids it names."""
    for spec in course():
        if role in spec.parts:
            return spec, spec.parts[role]
    raise ContentError(f"No module in course.yaml names the part '{role}'.")


def display_name(value: Any, most: int = 120) -> str:
    """A learner's name as given (in the part 'learner_name'), tidied for a page or certificate:
    whole (a certificate shrinks or wraps it), or past `most` characters, which no page can
    hold, cut at a space with " …"."""
    name = " ".join(value.split()) if isinstance(value, str) else ""
    return name if len(name) <= most else name[:most].rsplit(" ", 1)[0] + " …"


def module_by_notebook(notebook: str) -> ModuleSpec:
    """The module whose notebook is called `notebook` (without .ipynb)."""
    for spec in course():
        if spec.notebook == notebook:
            return spec
    raise ContentError(f"No module in course.yaml has the notebook '{notebook}'.")
