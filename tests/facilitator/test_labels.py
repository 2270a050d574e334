"""Feedback and the class report name each marked part by its question, never by an id."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import nbformat

from mystory.core import content
from mystory.facilitator.labels import question_label
from mystory.facilitator.report import ClassData, ModuleRow, report_html


def marked_parts(root: Path, folder: str) -> list[str]:
    spec = content.module(folder)
    nb = nbformat.read(root / "course" / "source" / folder / f"{spec.notebook}.ipynb", 4)
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("points")]


def test_every_marked_part_has_its_own_label(root: Path) -> None:
    for spec in content.course():
        ids = marked_parts(root, spec.folder)
        labels = [question_label(spec, gid) for gid in ids]
        assert len(set(labels)) == len(labels), labels  # "How your reply is marked" x3 before
        assert not set(labels) & set(ids)


def test_report_charts_use_question_labels() -> None:
    spec = content.module("02-conversation")
    row = ModuleRow(spec)
    row.cells = {"talk-repair-rubric": [0.5], "talk-troll-rubric": [1.0]}
    page = report_html(ClassData(["ann"], [row], Counter(), Counter(), {}))
    assert "talk-repair-rubric" not in page
    assert "Your reply (Which reply to Jo is best?)" in page
