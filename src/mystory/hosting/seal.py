"""A hand-in's seal: on a shared Unix account, the proof of which hub user handed it in.

In workshop mode every learner's server runs under one account, so a file's owner says nothing.
The hub gives each learner's server a key made from a secret only the hub and the facilitator
hold (MYSTORY_HANDIN_KEY); the course's Hand in button seals each hand-in with it: the learner,
the module, the hand-in's folder name and a digest of every file of its answer set. `mystory
collect` makes the key again from the secret and takes only hand-ins whose seal matches. This
holds while a learner's server runs nothing but the course (code run there could read its key).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

SEAL = ".mystory-seal.json"
SECRET_BYTES = 32


def secret(path: Path) -> bytes:
    """The hub's hand-in secret, made (readable by this account only) the first time."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(os.urandom(SECRET_BYTES).hex())
    return read_secret(path)


def read_secret(path: Path) -> bytes:
    """The secret in `path`, kept by this account alone; a clear error when it is not one."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd) as handle:
        info = os.fstat(handle.fileno())
        if info.st_uid != os.geteuid() or info.st_mode & 0o077:
            raise ValueError(f"{path} must belong to you and be readable by you alone "
                             "(chmod 600): anyone else who can read it can forge hand-ins")
        text = handle.read(4 * SECRET_BYTES).strip()
    try:
        value = bytes.fromhex(text)
    except ValueError:
        value = b""
    if len(value) < SECRET_BYTES // 2:
        raise ValueError(f"{path} does not hold a hand-in secret")
    return value


def learner_key(hub_secret: bytes, learner: str) -> str:
    """The key of one learner's server: only the hub and the facilitator can make it."""
    return hmac.new(hub_secret, b"mystory-handin-key\0" + learner.encode(),
                    hashlib.sha256).hexdigest()


def _message(learner: str, module: str, folder: str, files: dict[str, bytes]) -> bytes:
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
    return json.dumps([learner, module, folder, digests], sort_keys=True).encode()


def sign(key: str, learner: str, module: str, folder: str, files: dict[str, bytes]) -> str:
    """The seal of a hand-in: an HMAC of who, what and every file's digest."""
    return hmac.new(bytes.fromhex(key), _message(learner, module, folder, files),
                    hashlib.sha256).hexdigest()


def write(handin: Path, learner: str, module: str, key: str, names: tuple[str, ...]) -> None:
    """Seal the hand-in folder `handin` as it is now (only the answer set's regular files)."""
    files = {}
    for name in names:
        try:
            fd = os.open(handin / name, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            continue
        with os.fdopen(fd, "rb") as handle:
            files[name] = handle.read()
    body = {"learner": learner, "module": module, "files": sorted(files),
            "seal": sign(key, learner, module, handin.name, files)}
    (handin / SEAL).write_text(json.dumps(body))


def problem(raw: bytes | None, hub_secret: bytes, learner: str, module: str, folder: str,
            files: dict[str, bytes]) -> str | None:
    """Why this hand-in's seal does not prove `learner` made it, or None when it does."""
    if raw is None:
        return "it has no seal from the course's Hand in button"
    try:
        body = json.loads(raw)
        said, names = str(body["seal"]), sorted(body["files"])
    except (ValueError, KeyError, TypeError):
        return "its seal is damaged"
    if names != sorted(files):
        return "its files are not the ones that were sealed"
    wanted = sign(learner_key(hub_secret, learner), learner, module, folder, files)
    if not hmac.compare_digest(said, wanted):
        return f"its seal was not made by {learner}'s own server (or its files were changed)"
    return None
