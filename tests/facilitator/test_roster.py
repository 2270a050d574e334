"""Formgrader lists learners by name (it showed "None, None" for everyone)."""

from __future__ import annotations

from pathlib import Path

from nbgrader.api import Gradebook

from mystory.facilitator.roster import ROSTER, add_learners


def names(db: Path) -> dict[str, tuple[str | None, str | None]]:
    with Gradebook(f"sqlite:///{db}") as gb:
        return {s.id: (s.first_name, s.last_name) for s in gb.students}


def test_learners_get_their_sign_in_name_or_the_rosters(tmp_path: Path) -> None:
    db = tmp_path / "gradebook.db"
    with Gradebook(f"sqlite:///{db}") as gb:
        gb.update_or_create_student("kept", first_name="Kim", last_name="Typed")
        add_learners(gb, tmp_path, ["sam", "kept"])
    assert names(db) == {"sam": ("", "sam"), "kept": ("Kim", "Typed")}
    (tmp_path / ROSTER).write_text("student_id,first_name,last_name\n"
                                   "sam,Samira,Ó Dúnlaing 🌻\n", encoding="utf-8")
    with Gradebook(f"sqlite:///{db}") as gb:
        add_learners(gb, tmp_path, ["sam", "kept", "new"])
    assert names(db) == {"sam": ("Samira", "Ó Dúnlaing 🌻"), "kept": ("Kim", "Typed"),
                         "new": ("", "new")}
    assert None not in {n for pair in names(db).values() for n in pair}
