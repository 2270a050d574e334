"""Workshop sign-in: a facilitator's name is never claimable, a learner's name once claimed is
theirs. (The real hub, started by `mystory workshop`, is tried in tests/test_workshop.py.)"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from mystory.hosting.workshop import (
    WorkshopAuthenticator,
    WorkshopSetupError,
    check_facilitator_name,
    has_password,
    set_up_facilitator,
)
from tests.conftest import run_async


def sign_in(auth: WorkshopAuthenticator, name: str, password: str) -> tuple[str | None, str]:
    handler = SimpleNamespace(custom_login_error="")
    got = run_async(auth.authenticate(handler, {"username": name, "password": password}))
    return got, handler.custom_login_error


@pytest.fixture
def auth(tmp_path: Path) -> WorkshopAuthenticator:
    return WorkshopAuthenticator(dbm_path=str(tmp_path / "passwords.dbm"),
                                 facilitators={"fran"}, min_password_length=6)


def test_nobody_claims_a_facilitators_name_before_its_password_is_set(auth) -> None:
    assert sign_in(auth, "fran", "my-own-password")[0] is None
    assert sign_in(auth, "FRAN", "my-own-password")[0] is None  # the same name to the hub
    assert not has_password(Path(auth.dbm_path), "fran")


def test_the_facilitator_signs_in_with_the_password_set_up_front(auth) -> None:
    said = set_up_facilitator(Path(auth.dbm_path), "fran", "fran-secret-1", ask=None)
    assert "FACILITATOR_PASSWORD" in said
    assert sign_in(auth, "fran", "a-learners-guess")[0] is None
    assert sign_in(auth, "fran", "fran-secret-1")[0] == "fran"


def test_a_learners_name_once_claimed_is_theirs(auth) -> None:
    assert sign_in(auth, "amy", "amy-pass-1")[0] == "amy"
    assert sign_in(auth, "amy", "bens-guess")[0] is None
    assert sign_in(auth, "Amy", "bens-guess")[0] is None
    assert sign_in(auth, "amy", "amy-pass-1")[0] == "amy"


@pytest.mark.parametrize("name", ["amy smith", "fr\u0430n", "<b>x</b>", "", "a" * 40])
def test_odd_names_are_refused_kindly(auth, name: str) -> None:
    got, error = sign_in(auth, name, "long-enough")
    assert got is None and "small letters and numbers" in error


def test_the_facilitators_password_comes_from_the_terminal_or_is_made(tmp_path: Path) -> None:
    dbm_path = tmp_path / "passwords.dbm"
    answers = iter(["short", "short", "long-enough-1", "typo", "long-enough-1", "long-enough-1"])
    said = set_up_facilitator(dbm_path, "fran", None, ask=lambda _prompt: next(answers))
    assert "you just chose" in said and next(answers, None) is None
    auth = WorkshopAuthenticator(dbm_path=str(dbm_path), facilitators={"fran"})
    assert sign_in(auth, "fran", "long-enough-1")[0] == "fran"
    # Started again, it keeps that password; with nobody at the terminal a new name gets one made.
    assert "set before" in set_up_facilitator(dbm_path, "fran", None, ask=None)
    made = set_up_facilitator(dbm_path, "sam", None, ask=None)
    password = made.split("password  ")[1].split()[0]
    auth.facilitators = {"fran", "sam"}
    assert len(password) >= 12 and sign_in(auth, "sam", password)[0] == "sam"


def test_bad_facilitator_settings_are_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(WorkshopSetupError, match="at least 8"):
        set_up_facilitator(tmp_path / "p.dbm", "fran", "short", ask=None)
    with pytest.raises(WorkshopSetupError, match="no spaces"):
        check_facilitator_name("Fran Smith")
    assert check_facilitator_name(" Fran ") == "fran"
