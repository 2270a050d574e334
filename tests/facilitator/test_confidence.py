"""The confidence question of Module 1, asked again at the end of the course, and the class
report's count of how it changed."""

from __future__ import annotations

from collections import Counter

from mystory.core import content
from mystory.facilitator.report import ClassData, ModuleRow, confidence, report_html


def test_the_end_of_the_course_asks_module_1s_question_again() -> None:
    spec, named = content.part("confidence")
    assert spec.folder == content.course()[-1].folder  # asked at the very end
    first, start = content.elsewhere(named["start"])
    end = spec.exercises[named["end"]]
    assert first.folder == "00-welcome" and start.id == "welcome-confidence"
    assert [(o.id, o.text) for o in end.options] == [(o.id, o.text) for o in start.options]
    assert start.graded == end.graded == "none"  # how someone feels is never marked


def class_of(answers: dict[str, dict[str, dict[str, object]]]) -> ClassData:
    rows = [ModuleRow(spec) for spec in content.course()]
    return ClassData(sorted(answers), rows, Counter(), Counter(), answers)


def test_the_class_report_shows_the_change_in_confidence() -> None:
    start, end = "00-welcome", "05-staying-safe"
    data = class_of({
        "ada": {start: {"welcome-confidence": "new"}, end: {"safe-confidence": "some"}},
        "ben": {start: {"welcome-confidence": "some"}, end: {"safe-confidence": "some"}},
        "cy": {start: {"welcome-confidence": "confident"}, end: {"safe-confidence": "new"}},
        "dee": {start: {"welcome-confidence": "new"}},  # not at the end yet
        "eve": {start: {"welcome-confidence": "<b>odd</b>"}, end: {"safe-confidence": 7}},
    })
    found = confidence(data)
    assert found is not None
    assert found.rows == [("I am new to it, and a bit nervous", 2, 1),
                          ("I use it a little", 1, 2),
                          ("I use it a lot and feel confident", 1, 0)]
    assert (found.up, found.same, found.down) == (1, 1, 1)
    page = report_html(data)
    assert "Confidence at the start and the end" in page
    assert "Of 3 learner(s) who answered both times: 1 feel more confident, 1 the same and " \
        "1 less confident." in page
    assert "<b>odd</b>" not in page


def test_an_empty_class_says_nobody_has_answered_both_times() -> None:
    assert "Nobody has answered both times yet." in report_html(class_of({}))
