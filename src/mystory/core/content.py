"""Course content read from YAML data files that an organisation can edit without code.

The files ship in ``mystory/data``. An organisation can put edited copies in a folder named by
the ``MYSTORY_CONTENT_DIR`` environment variable: a file there replaces the shipped one.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader when PyYAML was built with it (about ten times faster), else the pure one.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KINDS = ("long_text", "short_text", "single_choice", "multiple_choice", "photo", "bio", "sort",
         "post", "timeline", "schedule")
DEFAULT_PILES = {"broadcast": "Broadcast", "conversation": "Conversation"}
PICTURES = ("egg", "photo")


class ContentError(ValueError):
    """A data file is missing something or has a bad entry; the message names it."""


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    why: str = ""
    picture: str = ""  # for example profiles: "egg" (no photo) or "photo"
    picture_alt: str = ""


@dataclass(frozen=True)
class Item:
    """One thing to sort (a post, a statement, a scenario): its text, the right pile and why.

    `title` and `intro` are optional, for items shown one screen at a time.
    """

    id: str
    text: str
    answer: str
    why: str = ""
    title: str = ""
    intro: str = ""


@dataclass(frozen=True)
class ExerciseSpec:
    """One exercise: what the learner sees and, for choices, the answer key."""

    id: str
    kind: str
    label: str
    help: str = ""
    options: tuple[Option, ...] = ()
    correct: tuple[str, ...] = ()
    placeholder: str = ""
    graded: str = "none"  # "auto", "manual" or "none"
    items: tuple[Item, ...] = ()
    sample: tuple[str, ...] = ()
    piles: tuple[tuple[str, str], ...] = tuple(DEFAULT_PILES.items())
    item_label: str = "Post {n} is a"
    steps: bool = False  # show one item at a time, with Back and Next
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)  # kind-specific

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class ModuleSpec:
    """A module: its folder, notebook name, title and exercises in page order."""

    folder: str
    notebook: str
    title: str
    summary: str
    minutes: int = 15
    exercises: dict[str, ExerciseSpec] = field(default_factory=dict)

    @property
    def needed(self) -> tuple[str, ...]:
        """The exercises a learner must answer to finish the module: the marked ones.

        Unmarked ones ("if you like" boxes, how the learner feels) are welcome, never needed.
        """
        return tuple(k for k, e in self.exercises.items() if e.graded != "none")


def _data_file(relative: str) -> str:
    override = os.environ.get("MYSTORY_CONTENT_DIR")
    if override:
        candidate = Path(override) / relative
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    ref = resources.files("mystory") / "data" / relative
    if not ref.is_file():
        raise ContentError(f"The course data file '{relative}' is missing.")
    return ref.read_text(encoding="utf-8")


def _load_yaml(relative: str) -> dict[str, Any]:
    try:
        data = yaml.load(_data_file(relative), Loader=LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as err:
        raise ContentError(f"The course data file '{relative}' is not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise ContentError(f"The course data file '{relative}' should hold named entries.")
    return data


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
                  str(entry.get("why", "")), picture, str(entry.get("picture_alt", "")))


def _item(entry: Any, where: str, piles: dict[str, str]) -> Item:
    if not isinstance(entry, dict):
        raise ContentError(f"{where}: each item needs an id, a text and an answer.")
    where = f"{where} '{entry.get('id', '?')}'"
    answer = str(_need(entry, "answer", where))
    if answer not in piles:
        raise ContentError(f"{where}: answer must be one of {', '.join(piles)}.")
    return Item(str(_need(entry, "id", where)), str(_need(entry, "text", where)), answer,
                str(entry.get("why", "")), str(entry.get("title", "")),
                str(entry.get("intro", "")))


def _exercise(ex_id: str, entry: Any, where: str) -> ExerciseSpec:
    where = f"{where}, exercise '{ex_id}'"
    if not isinstance(entry, dict):
        raise ContentError(f"{where}: should be a set of named fields.")
    kind = _need(entry, "kind", where)
    if kind not in KINDS:
        raise ContentError(f"{where}: kind '{kind}' is not one of {', '.join(KINDS)}.")
    options = tuple(_option(o, f"{where}, option") for o in entry.get("options", []))
    correct = entry.get("correct", [])
    correct = (correct,) if isinstance(correct, str) else tuple(correct)
    if kind.endswith("choice"):
        if len(options) < 2:
            raise ContentError(f"{where}: a choice needs at least two options.")
        ids = [o.id for o in options]
        if len(set(ids)) != len(ids):
            raise ContentError(f"{where}: two options share an id.")
        for c in correct:
            if c not in ids:
                raise ContentError(f"{where}: the correct answer '{c}' is not an option.")
    graded = entry.get("graded", "none")
    if graded not in ("auto", "manual", "none"):
        raise ContentError(f"{where}: graded must be auto, manual or none.")
    if graded == "auto" and kind.endswith("choice") and not correct:
        raise ContentError(f"{where}: an autograded choice needs a 'correct' answer.")
    piles = entry.get("piles", DEFAULT_PILES)
    if not isinstance(piles, dict) or len(piles) < 2:
        raise ContentError(f"{where}: 'piles' should name at least two answers.")
    piles = {str(k): str(v) for k, v in piles.items()}
    items = tuple(_item(i, f"{where}, item", piles) for i in entry.get("items", []))
    if kind == "sort":
        if len(items) < 2:
            raise ContentError(f"{where}: a sort needs at least two items.")
        if len({i.id for i in items}) != len(items):
            raise ContentError(f"{where}: two items share an id.")
    sample = entry.get("sample", [])
    if not isinstance(sample, list) or not all(isinstance(x, str) for x in sample):
        raise ContentError(f"{where}: 'sample' should be a list of posts.")
    return ExerciseSpec(
        items=items, sample=tuple(sample), piles=tuple(piles.items()),
        item_label=str(entry.get("item_label", "Post {n} is a")),
        steps=bool(entry.get("steps", False)),
        data={k: v for k, v in entry.items() if k in ("audience",)},
        id=ex_id, kind=kind, label=str(_need(entry, "label", where)),
        help=str(entry.get("help", "")), options=options, correct=correct,
        placeholder=str(entry.get("placeholder", "")), graded=graded,
    )


@functools.cache
def course() -> tuple[ModuleSpec, ...]:
    """Every module of the course, in order (read once per process)."""
    data = _load_yaml("course.yaml")
    modules = _need(data, "modules", "course.yaml")
    return tuple(module(str(_need(m, "folder", "course.yaml, module"))) for m in modules)


@functools.cache
def module(folder: str) -> ModuleSpec:
    """One module's content, read from ``data/modules/<folder>.yaml``."""
    relative = f"modules/{folder}.yaml"
    data = _load_yaml(relative)
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
    )


def module_by_notebook(notebook: str) -> ModuleSpec:
    """The module whose notebook is called `notebook` (without .ipynb)."""
    for spec in course():
        if spec.notebook == notebook:
            return spec
    raise ContentError(f"No module in course.yaml has the notebook '{notebook}'.")
