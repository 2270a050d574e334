"""Collecting hand-ins from nbgrader's exchange without trusting them.

nbgrader's own collect copies a hand-in folder whole, following any symlink a learner put in
it, and only warns when the folder's owner is not the learner it names. Here, as the
facilitator, a hand-in is taken only when it was made by its learner (the owner of every file
is the learner's Unix account; on a shared account, the seal of the learner's own server,
see mystory/hosting/seal.py), no link is ever followed, and only the regular files of the module's
answer set are copied. Everything refused is said in plain words.
"""

from __future__ import annotations

import errno
import os
import pwd
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from nbgrader.exchange.default import ExchangeCollect as DefaultCollect

from ..core import content
from ..core.store import answer_set
from ..hosting import seal
from ..hosting.exchange import COURSE_ID
from .submissions import MAX_FILE_BYTES, Collected, check_learner_id, store_submission

NO_LINKS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK


class Refused(Exception):
    """This hand-in is not taken; the message says why, for the facilitator."""


@dataclass(frozen=True)
class Owners:
    """Hub with Unix accounts: every file of a hand-in belongs to its learner's account.

    `account` makes the Unix name from the hub name: "{name}" on a plain hub, "jupyter-{name}"
    on The Littlest JupyterHub.
    """

    account: str = "{name}"

    def check(self, learner: str, found: dict[str, os.stat_result], files: dict[str, bytes],
              raw_seal: bytes | None, folder: str, module: str) -> None:
        unix = self.account.format(name=learner)
        try:
            uid = pwd.getpwnam(unix).pw_uid
        except KeyError:
            raise Refused(f"there is no Unix account {unix!r} for {learner}") from None
        for name, info in found.items():
            if info.st_uid != uid:
                owner = _user(info.st_uid)
                what = "the hand-in folder" if name == "." else name
                raise Refused(f"{what} belongs to {owner}, not to {unix!r}")


@dataclass(frozen=True)
class Sealed:
    """Shared account (workshop): the seal made by the learner's own server must match."""

    hub_secret: bytes

    def check(self, learner: str, found: dict[str, os.stat_result], files: dict[str, bytes],
              raw_seal: bytes | None, folder: str, module: str) -> None:
        why = seal.problem(raw_seal, self.hub_secret, learner, module, folder, files)
        if why:
            raise Refused(why)


Trust = Owners | Sealed


def _user(uid: int) -> str:
    try:
        return repr(pwd.getpwuid(uid).pw_name)
    except KeyError:
        return f"user number {uid}"


@dataclass(frozen=True)
class HandIn:
    learner: str
    module: str
    when: datetime
    folder: str


def _parse(name: str, module: str) -> HandIn | None:
    """nbgrader's folder name: learner+module+timestamp(+random); None for another module."""
    from nbgrader.utils import parse_utc

    parts = name.rsplit("+", 3)
    if len(parts) < 3 or parts[1] != module:
        return None
    try:
        when = parse_utc(parts[2])
    except (ValueError, OverflowError):
        raise Refused("its name does not carry nbgrader's time stamp") from None
    return HandIn(parts[0], module, when, name)


def _read(dir_fd: int, names: tuple[str, ...]) -> tuple[dict[str, os.stat_result],
                                                        dict[str, bytes], bytes | None]:
    """The answer set's files in an open hand-in folder, never following a link."""
    found = {".": os.fstat(dir_fd)}
    files: dict[str, bytes] = {}
    raw_seal = None
    for name in (*names, seal.SEAL):
        try:
            fd = os.open(name, NO_LINKS, dir_fd=dir_fd)
        except FileNotFoundError:
            continue
        except OSError as err:
            if err.errno == errno.ELOOP:
                raise Refused(f"{name} is a link to somewhere else") from None
            raise Refused(f"{name} could not be read ({err.strerror})") from None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Refused(f"{name} is not an ordinary file")
            if info.st_size > MAX_FILE_BYTES:
                raise Refused(f"{name} is larger than 6 MB")
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise Refused(f"{name} is larger than 6 MB")
        found[name] = info
        if name == seal.SEAL:
            raw_seal = data
        else:
            files[name] = data
    return found, files, raw_seal


def _take(inbound_fd: int, handin: HandIn, names: tuple[str, ...], trust: Trust) -> dict:
    try:
        dir_fd = os.open(handin.folder, NO_LINKS | os.O_DIRECTORY, dir_fd=inbound_fd)
    except OSError:
        raise Refused("it is a link or not a folder") from None
    try:
        found, files, raw_seal = _read(dir_fd, names)
    finally:
        os.close(dir_fd)
    trust.check(handin.learner, found, files, raw_seal, handin.folder, handin.module)
    return files


def _open_inbound(exchange: Path) -> int:
    """The exchange's inbound folder, opened without following links; it must be ours or root's."""
    path = exchange / COURSE_ID / "inbound"
    try:
        fd = os.open(path, NO_LINKS | os.O_DIRECTORY)
    except OSError as err:
        raise Refused(f"{path} cannot be opened as a folder ({err.strerror})") from None
    owner = os.fstat(fd).st_uid
    if owner not in (0, os.geteuid()):
        os.close(fd)
        raise Refused(f"{path} belongs to {_user(owner)}, not to you or root: someone replaced "
                      "it")
    return fd


@dataclass
class Report(Collected):
    refused: list[str] = field(default_factory=list)


def default_trust(exchange: Path, account: str | None = None, secret_file: Path | None = None
                  ) -> Trust:
    """Seals where every learner shares one account (the hub gave this server the hand-in
    secret, or it sits beside the exchange as in workshop mode), else Unix owners."""
    given = os.environ.get("MYSTORY_HANDIN_SECRET", "")
    if secret_file is None and given:  # Kubernetes: the facilitator's server is given it
        return Sealed(bytes.fromhex(given))
    path = secret_file or Path(os.environ.get("MYSTORY_HANDIN_SECRET_FILE", "")
                               or exchange.parent / "handin.secret")
    if secret_file or path.is_file():
        return Sealed(seal.read_secret(path))
    return Owners(account or os.environ.get("MYSTORY_UNIX_ACCOUNT") or "{name}")


def collect(course: Path, module: str, exchange: Path, trust: Trust) -> Report:
    """Copy each learner's newest hand-in that passes every check into course/submitted/."""
    spec = next((m for m in content.course() if m.folder == module), None)
    if spec is None:
        raise ValueError(f"{module} is not a module of this course")
    names = answer_set(spec.notebook)
    report = Report()
    inbound = _open_inbound(exchange)
    newest: dict[str, tuple[HandIn, dict]] = {}
    try:
        for entry in sorted(os.listdir(inbound)):
            try:
                handin = _parse(entry, module)
                if handin is None:
                    continue
                if check_learner_id(handin.learner) is None:
                    raise Refused("its learner's name is not letters, numbers, dots, dashes "
                                  "and underscores")
                files = _take(inbound, handin, names, trust)
            except Refused as why:
                report.refused.append(f"Refused the hand-in {entry!r}: {why}. Nothing of it "
                                      "was copied.")
                continue
            if handin.learner not in newest or newest[handin.learner][0].when < handin.when:
                newest[handin.learner] = (handin, files)
    finally:
        os.close(inbound)
    for learner, (_handin, files) in sorted(newest.items()):
        store_submission(course, learner, module, files)
        report.learners.append(learner)
    return report


class ExchangeCollect(DefaultCollect):
    """nbgrader's collect (formgrader's Collect button) with the same checks as `mystory
    collect`; course/nbgrader_config.py puts it in nbgrader's place."""

    def init_src(self) -> None:
        pass  # nbgrader's would stop at the first oddly named folder a learner made

    def copy_files(self) -> None:
        exchange = Path(self.root)
        report = collect(Path(self.coursedir.root), self.coursedir.assignment_id, exchange,
                         default_trust(exchange))
        for said in report.refused:
            self.log.warning(said)
        self.log.info("Collected %d learner(s) of %s.", len(report.learners),
                      self.coursedir.assignment_id)
