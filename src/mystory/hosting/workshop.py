"""Workshop mode's sign-in: a learner's first password makes a name theirs; a facilitator's name
has its password before the room opens, so no learner can ever claim it."""

from __future__ import annotations

import dbm
import re
import secrets
from collections.abc import Callable
from pathlib import Path

import bcrypt
from firstuseauthenticator import FirstUseAuthenticator  # type: ignore[import-untyped]
from traitlets import Set, Unicode

# Names a learner may choose: what the hub keeps (lower case) and what collect accepts as a
# folder name. No spaces, no look-alike letters from other alphabets.
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")
NAME_HELP = ("Use small letters and numbers for your name, with no spaces (for example amy "
             "or amy2).")
FACILITATOR_MIN = 8  # characters in a facilitator's password


class WorkshopSetupError(RuntimeError):
    """The workshop cannot start as asked; the message says what to do."""


def has_password(dbm_path: Path, name: str) -> bool:
    """True when this name already has a password in the workshop's password file."""
    try:
        with dbm.open(str(dbm_path), "r") as db:
            return name.encode() in db
    except dbm.error:
        return False  # no password file yet


def set_password(dbm_path: Path, name: str, password: str) -> None:
    """Store a bcrypt hash of the password, the way FirstUseAuthenticator checks it."""
    dbm_path.parent.mkdir(parents=True, exist_ok=True)
    with dbm.open(str(dbm_path), "c", 0o600) as db:
        db[name.encode()] = bcrypt.hashpw(password.encode(), bcrypt.gensalt())


def check_facilitator_name(name: str) -> str:
    """The facilitator's hub name (lower case), or a WorkshopSetupError saying what is wrong."""
    normal = name.strip().lower()
    if not NAME.match(normal):
        raise WorkshopSetupError(f"{name!r} cannot be a sign-in name: use small letters and "
                                 "numbers, with no spaces (dots, dashes and underscores are fine).")
    return normal


def set_up_facilitator(dbm_path: Path, name: str, from_env: str | None,
                       ask: Callable[[str], str] | None) -> str:
    """Give the facilitator's name its password before the hub starts; return what to print.

    The password comes from FACILITATOR_PASSWORD (`from_env`), else from the terminal (`ask`),
    else is made here and printed once. A name that already has one keeps it, unless
    FACILITATOR_PASSWORD says otherwise.
    """
    if from_env:
        if len(from_env) < FACILITATOR_MIN:
            raise WorkshopSetupError(f"FACILITATOR_PASSWORD is too short: use at least "
                                     f"{FACILITATOR_MIN} characters.")
        set_password(dbm_path, name, from_env)
        return f"Facilitator: sign in as '{name}' with the password in FACILITATOR_PASSWORD."
    if has_password(dbm_path, name):
        return (f"Facilitator: sign in as '{name}' with the password you set before "
                "(FACILITATOR_PASSWORD=... make workshop sets a new one).")
    if ask is not None:
        while True:
            first = ask(f"Choose a password for the facilitator '{name}' "
                        f"(at least {FACILITATOR_MIN} characters): ")
            if len(first) < FACILITATOR_MIN:
                print(f"That is shorter than {FACILITATOR_MIN} characters. Please try again.")
                continue
            if ask("Type it again: ") == first:
                break
            print("The two did not match. Please try again.")
        set_password(dbm_path, name, first)
        return f"Facilitator: sign in as '{name}' with the password you just chose."
    made = secrets.token_urlsafe(12)
    set_password(dbm_path, name, made)
    return (f"Facilitator: sign in as '{name}' with the password  {made}\n"
            "    (write it down: it is not shown again; FACILITATOR_PASSWORD=... sets your own).")


class WorkshopAuthenticator(FirstUseAuthenticator):  # type: ignore[misc]
    """First-use passwords for learners; facilitators' names only with the password set up front.

    FirstUseAuthenticator alone lets whoever signs in first under any name, a facilitator's
    included, choose its password. Here a facilitator's name with no stored password is
    refused, and names are plain lower-case words, so nobody can pass as someone else.
    """

    facilitators = Set(Unicode(), config=True, help="hub names that can never be claimed")

    async def authenticate(self, handler, data):
        name = self.normalize_username(data.get("username", ""))
        if not NAME.match(name):
            handler.custom_login_error = NAME_HELP
            return None
        if name in self.facilitators and not has_password(Path(self.dbm_path), name):
            self.log.warning("Refused %r: a facilitator's name whose password was never set up "
                             "(mystory workshop sets it)", name)
            return None
        return await super().authenticate(handler, data)
