"""Collect takes a hand-in only from its own learner, and never follows a link a learner made.

Each attack here worked with nbgrader's own collect: a hand-in under another learner's name was
taken, and links in a learner's hand-in copied a classmate's collected answers and the course's
source notebook into the facilitator's course.
"""

from __future__ import annotations

import getpass
import json
import os
import shutil
from pathlib import Path

import pytest

from mystory import facilitator as fac
from mystory.cli import main
from mystory.facilitator import inbound
from mystory.hosting.seal import SEAL, learner_key, secret
from tests.conftest import copy_course

MODULE = "00-welcome"
ME = getpass.getuser()  # a real Unix account: the owner of every file made here


@pytest.fixture
def room(tmp_path):
    """Module 1 released to an exchange; `hand_in(learner, words, key)` hands it in."""
    course = copy_course(tmp_path / "course")
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    fac.release(course, MODULE, exchange)

    def hand_in(learner: str, words: str, key: str | None = None) -> Path:
        workspace = tmp_path / f"ws-{learner}-{len(list(tmp_path.glob('ws-*')))}"
        shutil.copytree(course / "release" / MODULE, workspace / MODULE)
        (workspace / MODULE / "welcome.answers.json").write_text(json.dumps(
            {"schema": 2, "module": MODULE, "answers": {"welcome-name": words}}))
        os.environ["JUPYTER_DATA_DIR"] = str(workspace / "data")  # nbgrader's hand-in cache
        fac.submit(workspace, MODULE, learner, exchange, key=key)
        inbox = exchange / "mystory" / "inbound"
        return max(inbox.glob(f"{learner}+{MODULE}+*"), key=lambda p: p.stat().st_mtime_ns)

    yield course, exchange, hand_in
    os.environ.pop("JUPYTER_DATA_DIR", None)


def collected(course: Path, learner: str) -> dict:
    path = course / "submitted" / learner / MODULE / "welcome.answers.json"
    return json.loads(path.read_text())["answers"] if path.exists() else {}


def test_a_hand_in_under_another_accounts_name_is_refused(room) -> None:
    course, exchange, hand_in = room
    hand_in(ME, "mine")
    hand_in("daemon", "pretending to be daemon")  # made by ME, named after another account
    report = fac.collect(course, MODULE, exchange, inbound.Owners())
    assert report.learners == [ME] and collected(course, ME) == {"welcome-name": "mine"}
    assert not (course / "submitted" / "daemon").exists()
    [said] = report.refused
    assert "daemon" in said and f"belongs to {ME!r}, not to 'daemon'" in said


def test_links_in_a_hand_in_are_never_followed(room) -> None:
    course, exchange, hand_in = room
    hand_in("ben", "Ben's own words")
    fac.collect(course, MODULE, exchange, inbound.Owners(account=ME))
    bens = course / "submitted" / "ben" / MODULE / "welcome.answers.json"
    assert bens.is_file()
    # Mallory replaces her files by links to Ben's collected answers and the source notebook.
    folder = hand_in("mallory", "mine")
    for name in ("welcome.answers.json", "welcome.ipynb"):
        (folder / name).unlink()
    (folder / "welcome.answers.json").symlink_to(bens)
    (folder / "welcome.ipynb").symlink_to(course / "source" / MODULE / "welcome.ipynb")
    report = fac.collect(course, MODULE, exchange, inbound.Owners(account=ME))
    assert not (course / "submitted" / "mallory").exists()
    assert any("mallory" in said and "is a link to somewhere else" in said
               for said in report.refused), report.refused
    assert report.learners == ["ben"]


def test_formgraders_collect_button_makes_the_same_checks(room, monkeypatch) -> None:
    """Formgrader collects through nbgrader's API: the course's config puts ours in its place."""
    from mystory.facilitator.build import nbgrader_api

    course, exchange, hand_in = room
    hand_in("ben", "Ben's own words")
    folder = hand_in("mallory", "mine")
    (folder / "welcome.ipynb").unlink()
    (folder / "welcome.ipynb").symlink_to(course / "source" / MODULE / "welcome.ipynb")
    monkeypatch.setenv("MYSTORY_UNIX_ACCOUNT", ME)
    result = nbgrader_api(course, exchange).collect(MODULE)
    assert result["success"], result
    assert "welcome.ipynb is a link to somewhere else" in result["log"]
    assert (course / "submitted" / "ben" / MODULE / "welcome.answers.json").is_file()
    assert not (course / "submitted" / "mallory").exists()


def test_a_hand_in_folder_that_is_a_link_is_refused(room, tmp_path) -> None:
    course, exchange, hand_in = room
    elsewhere = hand_in("ben", "Ben's own words")
    inbox = exchange / "mystory" / "inbound"
    (inbox / f"eve+{MODULE}+2099-01-01 00:00:00.000000 UTC+x").symlink_to(elsewhere)
    report = fac.collect(course, MODULE, exchange, inbound.Owners(account=ME))
    assert not (course / "submitted" / "eve").exists() and report.learners == ["ben"]
    assert any("eve" in said and "link or not a folder" in said for said in report.refused)


def test_only_regular_files_of_the_answer_set_are_copied(room) -> None:
    course, exchange, hand_in = room
    folder = hand_in("ben", "Ben's own words")
    (folder / "notes.py").write_text("print('not part of the course')")
    os.mkfifo(folder / "welcome.photo.png")  # a pipe would hang a plain copy
    report = fac.collect(course, MODULE, exchange, inbound.Owners(account=ME))
    assert report.learners == [] and "welcome.photo.png is not an ordinary file" in \
        report.refused[0]
    (folder / "welcome.photo.png").unlink()
    report = fac.collect(course, MODULE, exchange, inbound.Owners(account=ME))
    assert report.learners == ["ben"]
    kept = sorted(p.name for p in (course / "submitted" / "ben" / MODULE).iterdir())
    assert kept == ["submission_secret.txt", "timestamp.txt", "welcome.answers.json",
                    "welcome.ipynb"]


def test_on_a_shared_account_only_the_learners_own_seal_counts(room) -> None:
    course, exchange, hand_in = room
    hub_secret = secret(exchange.parent / "handin.secret")
    ada, ben = (learner_key(hub_secret, n) for n in ("ada", "ben"))
    hand_in("ada", "Ada's words", key=ada)
    hand_in("ben", "Ben's words", key=ben)
    forged = hand_in("ada", "Ben writing as Ada", key=ben)  # Ben's server, Ada's name
    trust = inbound.default_trust(exchange)
    assert isinstance(trust, inbound.Sealed)
    report = fac.collect(course, MODULE, exchange, trust)
    assert report.learners == ["ada", "ben"]
    assert collected(course, "ada") == {"welcome-name": "Ada's words"}
    assert [forged.name in said and "not made by ada's own server" in said
            for said in report.refused] == [True]

    unsealed = hand_in("ben", "no seal at all")
    changed = hand_in("ada", "sealed, then changed", key=ada)
    (changed / "welcome.answers.json").write_text("{}")
    report = fac.collect(course, MODULE, exchange, trust)
    reasons = " ".join(report.refused)
    assert f"{unsealed.name!r}: it has no seal" in reasons
    assert f"{changed.name!r}: its seal was not made by ada's own server" in reasons
    assert collected(course, "ada") == {"welcome-name": "Ada's words"}
    assert collected(course, "ben") == {"welcome-name": "Ben's words"}
    assert (changed / SEAL).is_file()


def test_collect_says_what_it_refused(room, capsys) -> None:
    course, exchange, hand_in = room
    hand_in(ME, "mine")
    hand_in("daemon", "pretending")
    assert main(["collect", MODULE, "--course", str(course), "--exchange", str(exchange)]) == 0
    said = capsys.readouterr().out
    assert "belongs to the Unix account {name}" in said
    assert f"Refused the hand-in 'daemon+{MODULE}+" in said and "Nothing of it was copied" in said
    assert f"{MODULE}: collected 1 learner(s)." in said


def test_a_secret_others_can_read_is_not_trusted(room) -> None:
    course, exchange, hand_in = room
    path = exchange.parent / "handin.secret"
    secret(path)
    path.chmod(0o644)
    with pytest.raises(ValueError, match="readable by you alone"):
        inbound.default_trust(exchange)
