"""The marking audit: docs/marking.md is what the course generates, and every key has a source."""

from __future__ import annotations

from mystory.core import content
from mystory.facilitator.marking import marking_markdown
from tests.conftest import ROOT


def test_marking_audit_is_current() -> None:
    committed = (ROOT / "docs" / "marking.md").read_text(encoding="utf-8")
    assert committed == marking_markdown(ROOT / "course"), \
        "docs/marking.md is out of date: run `mystory marking`."


def test_every_key_has_its_source() -> None:
    for module in content.course():
        for spec in module.exercises.values():
            if spec.graded != "auto":
                continue
            for item in spec.items:
                assert item.source, f"{spec.id}/{item.id} has no source"
            if spec.correct or spec.kind in ("schedule", "timeline", "photo", "bio"):
                assert spec.source and spec.accept, f"{spec.id} needs source and accept"
            if spec.items:
                assert spec.accept, f"{spec.id} needs accept"


def test_the_audit_lists_every_autograded_exercise() -> None:
    text = marking_markdown(ROOT / "course")
    assert "MISSING" not in text
    for module in content.course():
        for spec in module.exercises.values():
            if spec.graded == "auto" and spec.kind not in ("short_text",):
                assert f"`{spec.id}`" in text, spec.id
    assert "welcome-name" not in text  # a name is never marked


def test_keys_a_thoughtful_learner_would_dispute_are_gone() -> None:
    tips = {i.id: i for i in content.module("04-your-policy").exercises["policy-tips"].items}
    assert not tips["provocative"].keyed and not tips["follow-back"].keyed  # "your own rule"
    assert tips["language"].answer == "dont" and "SLA" in tips["language"].text  # tests language
    egg = content.module("01-your-story").exercises["story-egg"]
    assert "like to connect" not in egg.label and "#MyStory tips" in egg.label
    myths = {i.id: i.text for i in content.module("03-posting-myths")
             .exercises["myths-sort"].items}
    assert myths["policy-protects"] == "Policy can protect your brand."
    assert content.module("00-welcome").exercises["welcome-name"].graded == "none"


def test_each_reply_has_its_own_rubric() -> None:
    import json

    cells = json.loads((ROOT / "course" / "source" / "02-conversation" / "conversation.ipynb")
                       .read_text(encoding="utf-8"))["cells"]
    rubrics = {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in cells
               if c["metadata"].get("nbgrader", {}).get("grade_id", "").endswith("-rubric")}
    assert len({rubrics[k] for k in ("talk-repair-rubric", "talk-troll-rubric",
                                     "talk-event-rubric")}) == 3
    assert "why you would not reply" in rubrics["talk-troll-rubric"]
    assert "private message" not in rubrics["talk-event-rubric"]
