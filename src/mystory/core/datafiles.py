"""Reading the course's YAML data files, shipped in ``mystory/data`` or replaced by an
organisation's own copy in the folder named by ``MYSTORY_CONTENT_DIR``."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader when PyYAML was built with it (about ten times faster), else the pure one.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(ValueError):
    """A data file is missing something or has a bad entry; the message names it."""


def data_file(relative: str) -> str:
    """The text of a data file: the organisation's copy if there is one, else the shipped one."""
    override = os.environ.get("MYSTORY_CONTENT_DIR")
    if override:
        candidate = Path(override) / relative
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    ref = resources.files("mystory") / "data" / relative
    if not ref.is_file():
        raise ContentError(f"The course data file '{relative}' is missing.")
    return ref.read_text(encoding="utf-8")


def load_yaml(relative: str) -> dict[str, Any]:
    """A data file's named entries (a plain message names the file when it is not valid)."""
    try:
        data = yaml.load(data_file(relative), Loader=LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as err:
        raise ContentError(f"The course data file '{relative}' is not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise ContentError(f"The course data file '{relative}' should hold named entries.")
    return data
