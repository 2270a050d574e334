"""Answer files: one JSON file per module beside its notebook, saved atomically.

Every save re-reads the file under a lock (so two kernels never lose each other's answers),
keeps the previous version as ``<name>.bak`` and replaces the file with ``os.replace`` after an
``fsync``: a crash leaves either the old or the new file, never half of one.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .language import N_, _

SCHEMA = 2
MAX_CHARS = 5000
SUFFIX = ".answers.json"
BACKUP = ".bak"  # the previous version, beside the file: <notebook>.answers.json.bak
PHOTO_EXTENSIONS = ("png", "jpg")  # the learner's picture: <notebook>.photo.<extension>
# What the store will parse: a module's answers are a few kilobytes, nested five levels deep.
# Anything bigger or deeper was not written by the course, and could exhaust memory or Python's
# recursion limit (a valid JSON file of 10,000 "[" raised RecursionError).
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
# A temporary file left by a kernel killed mid-save is removed once it is this old (seconds).
STALE_TMP_SECONDS = 60
# Characters no learner means to type and no export can show (NUL and the other C0 controls
# except tab and line breaks): left out when an answer is saved.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(rb"[\[\]{}]")


class AnswerTooLong(ValueError):
    """An answer is over the size limit; the message is written for the learner."""


class AnswerFileProblem(ValueError):
    """The answer file cannot be read as answers."""


def answer_path(notebook: str, folder: Path | str | None = None) -> Path:
    """The answer file of a notebook (given by its name without ``.ipynb``)."""
    return Path(folder if folder is not None else Path.cwd()) / f"{notebook}{SUFFIX}"


def notebook_of(answers: Path) -> str:
    """The notebook (name without ``.ipynb``) that an answer file belongs to."""
    return answers.name.removesuffix(SUFFIX)


def photo_path(folder: Path, notebook: str, extension: str) -> Path:
    """Where a notebook's learner keeps their picture (``extension``: one of PHOTO_EXTENSIONS)."""
    return folder / f"{notebook}.photo.{extension}"


def data_files(notebook: str) -> tuple[str, ...]:
    """The learner's data beside a notebook: the answer file and the picture, by name."""
    return (f"{notebook}{SUFFIX}", *(photo_path(Path(), notebook, e).name
                                     for e in PHOTO_EXTENSIONS))


# nbgrader's record of a hand-in: its time, and the secret that names its feedback page.
HANDIN_STAMPS = ("timestamp.txt", "submission_secret.txt")


def answer_set(notebook: str) -> tuple[str, ...]:
    """Every file of a hand-in that is sealed and collected: the notebook, the learner's data
    and its backup, nbgrader's stamps. Nothing else ever leaves the exchange."""
    backup = answer_path(notebook, Path()).name + ".bak"  # the store's previous version
    return (f"{notebook}.ipynb", *data_files(notebook), backup, *HANDIN_STAMPS)


def is_learner_file(name: str) -> bool:
    """True for a file a learner's page writes (answers, their backup, a picture, a lock, a
    file set aside as unreadable): never released, never copied into solutions/."""
    return (SUFFIX in name or ".photo." in name or name.endswith(".lock")
            or ".unreadable-" in name)


def now() -> str:
    """The time now, as an ISO 8601 string in UTC (SOURCE_DATE_EPOCH fixes it for builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.isoformat(timespec="seconds")


def clean_text(text: str) -> str:
    """Text that can always be written as UTF-8 (lone surrogates become U+FFFD) and shown
    anywhere (NUL and other invisible control characters are left out, the rest kept)."""
    return _INVISIBLE.sub("", text.encode("utf-8", "replace").decode("utf-8"))


THIS_ANSWER = N_("This answer")


def check_value(value: Any, label: str = THIS_ANSWER) -> Any:
    """Return the value cleaned for storage, or raise AnswerTooLong with a kind message."""
    if isinstance(value, str):
        if len(value) > MAX_CHARS:
            raise AnswerTooLong(_(
                "{label} is {length} characters long. Answers can be up to {most} characters. "
                "Your words are still in the box: please make them shorter and we will save "
                "them.", label=_(label), length=format(len(value), ","),
                most=format(MAX_CHARS, ",")))
        return clean_text(value)
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        return [check_value(v, label) for v in value]
    if isinstance(value, dict):
        return {clean_text(str(k)): check_value(v, label) for k, v in value.items()}
    raise TypeError(f"Answers must be text, lists or choices, not {type(value).__name__}")


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a parsed answer file up to the current schema (raises AnswerFileProblem)."""
    schema = data.get("schema", 1)
    if schema == 1:
        # Schema 1 kept {"answers": {id: value}} with no times.
        old = data.get("answers", {})
        if not isinstance(old, dict):
            raise AnswerFileProblem("the answers are not a list of named answers")
        stamp = data.get("saved_at") or now()
        data = {
            "schema": SCHEMA,
            "module": data.get("module", ""),
            "saved_at": stamp,
            "answers": {k: {"value": v, "saved_at": stamp} for k, v in old.items()},
        }
    elif schema != SCHEMA:
        raise AnswerFileProblem(f"it was written by a newer version of the course ({schema})")
    answers = data.get("answers")
    if not isinstance(answers, dict) or not all(
        isinstance(v, dict) and "value" in v for v in answers.values()
    ):
        raise AnswerFileProblem("the answers are not in the expected shape")
    return data


def _depth(raw: bytes) -> int:
    """How deeply a JSON text nests, counted without parsing it (stops past MAX_DEPTH)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub(b"", raw)):
        depth += 1 if bracket in (b"[", b"{") else -1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
    return deepest


def parse(raw: bytes) -> dict[str, Any]:
    """Parse an answer file's bytes strictly as data (JSON only, never code).

    Files larger or deeper than any the course writes are refused before parsing.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise AnswerFileProblem(f"it is {len(raw) / 1024 / 1024:.1f} MB, far larger than "
                                "answers ever are")
    if _depth(raw) > MAX_DEPTH:
        raise AnswerFileProblem("it is nested far more deeply than answers ever are")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise AnswerFileProblem("it is damaged, or was changed by hand") from err
    if not isinstance(data, dict):
        raise AnswerFileProblem("it does not hold a set of answers")
    return _migrate(data)


def read_bytes(path: Path) -> bytes:
    """An answer file's bytes, refusing (before reading) one larger than MAX_FILE_BYTES."""
    with Path(path).open("rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise AnswerFileProblem("it is far larger than answers ever are")
    return raw


def read_answers(path: Path) -> dict[str, Any]:
    """Read an answer file without changing anything: {exercise id: value}.

    Raises FileNotFoundError or AnswerFileProblem. Used by grading, which must never move files.
    """
    data = parse(read_bytes(path))
    return {k: v["value"] for k, v in data["answers"].items()}


@dataclass(frozen=True)
class Reading:
    """An answer file read by someone other than its learner (grading, the course home, the
    class report): its answers, or why there are none, in words."""

    answers: dict[str, Any]
    missing: bool = False  # there is no file (nothing handed in or saved yet)
    why: str = ""  # what went wrong ("" when the file was read)


def read_or_why(path: Path) -> Reading:
    """Read an answer file without changing it; a missing or damaged file becomes a reason."""
    try:
        return Reading(read_answers(path))
    except FileNotFoundError:
        return Reading({}, missing=True,
                       why=_("No answer file was handed in ({name}).", name=path.name))
    except (AnswerFileProblem, OSError) as err:
        return Reading({}, why=_("The answer file {name} could not be read: {problem}.",
                                 name=path.name, problem=err))


@dataclass
class AnswerStore:
    """The saved answers of one module, kept in one file beside its notebook."""

    path: Path
    module: str = ""
    read_only: bool = False  # while grading: never write, lock or move a learner's file
    notice: str | None = None
    _data: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        self._data = self._empty()
        self.load()

    # -- reading -------------------------------------------------------------------------
    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + BACKUP)

    @property
    def lock_path(self) -> Path:
        return self.path.with_name("." + self.path.name + ".lock")

    def _empty(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "module": self.module, "saved_at": None, "answers": {}}

    def load(self) -> dict[str, Any]:
        """Load the file (moving a broken one aside) and return {exercise id: value}."""
        if self.read_only:
            try:
                self._data = parse(read_bytes(self.path))
            except (OSError, AnswerFileProblem) as err:
                self.notice = _("The answer file could not be read: {problem}.", problem=err)
            return self.answers
        with self._locked():
            self._remove_stale_tmp()
            self._data = self._read_or_recover()
        return self.answers

    def _remove_stale_tmp(self) -> None:
        """Remove temporary files of this answer file (and its .bak) that a kernel killed
        mid-save left behind: only ours (our name, our account, a plain file) and old ones."""
        cutoff = time.time() - STALE_TMP_SECONDS
        for tmp in self.path.parent.glob(f".{glob.escape(self.path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                info = tmp.lstat()
                if (stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid()
                        and info.st_mtime < cutoff):
                    tmp.unlink()

    @property
    def answers(self) -> dict[str, Any]:
        return {k: v["value"] for k, v in self._data["answers"].items()}

    def get(self, key: str, default: Any = None) -> Any:
        entry = self._data["answers"].get(key)
        return default if entry is None else entry["value"]

    def _read_or_recover(self) -> dict[str, Any]:
        if not self.path.exists():
            return self._empty()
        try:
            data = parse(read_bytes(self.path))
        except (AnswerFileProblem, OSError) as err:
            aside = self._move_aside()
            recovered = self._read_backup()
            if recovered is not None:
                self.notice = _(
                    "We could not read your latest saved answers, so we brought back the "
                    'copy saved just before. We kept it as "{name}" so nothing is thrown away.',
                    name=aside.name)
                self._write(recovered)
                return recovered
            self.notice = _(
                "We could not read your saved answers ({problem}), so this page starts fresh. "
                'We kept it as "{name}" so nothing is thrown away. Your facilitator can help '
                "you get them back.", problem=err, name=aside.name)
            return self._empty()
        if data is not None and self._needs_rewrite(data):
            self._write(data)
        return data

    def _needs_rewrite(self, data: dict[str, Any]) -> bool:
        """True when the file on disk is of an older schema than the one we just migrated to."""
        try:
            return json.loads(read_bytes(self.path)).get("schema", 1) != SCHEMA
        except (OSError, ValueError):
            return False

    def _read_backup(self) -> dict[str, Any] | None:
        try:
            return parse(read_bytes(self.backup_path))
        except (OSError, AnswerFileProblem):
            return None

    def _move_aside(self) -> Path:
        """Rename the unreadable file to a new, unused name (never overwriting anything)."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        for n in range(1000):
            extra = f"-{n}" if n else ""
            aside = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{extra}.json")
            try:
                os.link(self.path, aside)  # fails if `aside` exists: never overwrites
            except FileExistsError:
                continue
            os.unlink(self.path)
            return aside
        raise OSError(f"could not find a free name to keep {self.path.name}")

    # -- writing -------------------------------------------------------------------------
    def save(self, key: str, value: Any, label: str = THIS_ANSWER) -> str:
        """Save one answer (merging with what other kernels saved); return the save time."""
        value = check_value(value, label)
        if self.read_only:
            raise OSError(30, "answers cannot be changed while grading")
        with self._locked():
            data = self._read_or_recover()
            stamp = now()
            data["answers"][key] = {"value": value, "saved_at": stamp}
            data["saved_at"] = stamp
            data["module"] = self.module or data.get("module", "")
            self._write(data)
            self._data = data
        return stamp

    def save_many(self, values: dict[str, Any]) -> None:
        """Save several answers in one write (used for model answers)."""
        checked = {k: check_value(v) for k, v in values.items()}
        if self.read_only:
            return
        with self._locked():
            data = self._read_or_recover()
            if {k: data["answers"].get(k, {}).get("value") for k in checked} == checked:
                self._data = data
                return
            stamp = now()
            for k, v in checked.items():
                data["answers"][k] = {"value": v, "saved_at": stamp}
            data["saved_at"] = stamp
            data["module"] = self.module or data.get("module", "")
            self._write(data)
            self._data = data

    def _write(self, data: dict[str, Any]) -> None:
        """Keep the current file as .bak, then atomically replace it with `data`."""
        payload = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        folder = self.path.parent
        if self.path.exists():
            _atomic_write(self.backup_path, self.path.read_bytes())
        _atomic_write(self.path, payload)
        _fsync_dir(folder)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold an exclusive lock on the module's lock file (shared by every kernel)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _atomic_write(path: Path, payload: bytes) -> None:
    """Write to a temporary file in the same folder, fsync it, then rename over `path`."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
