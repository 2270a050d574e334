"""The coaches against people: bios and posts labelled by hand, each with the reason for its label.

The labelled sets (tests/data/coach/bios.yaml, posts.yaml) were written by a person who had not
seen the coach, and the rules are written from them: the coach must agree with every one, and
every disagreement is listed when it does not. A held-out set (*-heldout*.yaml) is written and
committed before the coach is run on it: it measures how the coach does on text it has never
seen, and joins the labelled sets once a rule is changed because of it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from mystory.coach import POST_PROBLEMS, PROBLEM_ORDER, platforms, review_bio, review_post

DATA = Path(__file__).parents[1] / "data" / "coach"
# Issue 17's target. A held-out set was measured once, before any look at what the coach got
# wrong there (the README keeps that figure); after the rules were rewritten from it, this
# floor catches a change that makes the coach worse on it again.
AGREEMENT = 0.95
HELD_OUT = sorted(p.stem for p in DATA.glob("*-heldout*.yaml"))
# The labels' contexts: a reply gets the coach's advice for a reply; the rest are posts.
CONTEXTS = {"reply": "reply", "announcement": "post", "story": "post", "timeline": "post"}


@cache
def labelled(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))


def bio_disagreement(label: dict[str, Any]) -> str | None:
    """None when the coach agrees: same verdict, and the labelled problem among its problems."""
    review = review_bio(label["text"] or "", label["platform"])
    found = sorted(f.rule for f in review.problems)
    problem = label.get("problem")
    if review.ready == label["ready"] and (label["ready"] or not problem or problem in found):
        return None
    wanted = "ready" if label["ready"] else f"not ready ({problem})"
    return (f"{label['text']!r} ({label['platform']}): people say {wanted}, the coach says "
            f"{found or 'ready'}. Why: {label['reason']}")


def post_disagreement(label: dict[str, Any]) -> str | None:
    """None when the coach agrees: same kind, and none of the rules people say must not fire."""
    review = review_post(label["text"] or "", CONTEXTS[label["context"]])
    found = {f.rule for f in review.findings}
    wrong = found & set(label.get("must_not") or [])
    if review.kind == label["kind"] and not wrong:
        return None
    return (f"{label['text']!r} ({label['context']}): people say {label['kind']}"
            f"{' without ' + ', '.join(sorted(wrong)) if wrong else ''}, the coach says "
            f"{review.kind} {sorted(found)}. Why: {label['reason']}")


CHECKS = {"bios": bio_disagreement, "posts": post_disagreement}


def agreement(name: str) -> tuple[float, list[str]]:
    labels = labelled(name)
    check = CHECKS[name.split("-")[0]]
    wrong = [d for d in map(check, labels) if d]
    return (len(labels) - len(wrong)) / len(labels), wrong


@pytest.mark.parametrize("name", ["bios", "posts"])
def test_the_coach_agrees_with_every_labelled_case(name: str) -> None:
    share, wrong = agreement(name)
    print(f"\n{name}: the coach agrees with people on {share:.3f}")
    assert not wrong, (f"The coach agrees on {share:.3f} of {name}; the rules are written from "
                       f"these, so it must agree with all. Disagreements:\n" + "\n".join(wrong))


@pytest.mark.parametrize("name", HELD_OUT)
def test_the_coach_on_labels_it_was_never_tuned_on(name: str) -> None:
    share, wrong = agreement(name)
    print(f"\n{name}: the coach agrees with people on {share:.3f}")
    assert share >= AGREEMENT, (f"The coach agrees on {share:.3f} of {name}, below the "
                                f"{AGREEMENT} needed. Disagreements:\n" + "\n".join(wrong))


def test_the_labelled_sets_are_big_varied_and_explained() -> None:
    bios, posts = labelled("bios"), labelled("posts")
    assert len(bios) >= 150 and len(posts) >= 150
    for label in (*bios, *posts, *(x for name in HELD_OUT for x in labelled(name))):
        assert str(label.get("reason", "")).strip(), f"No reason for the label of {label['text']!r}"
    assert {b["platform"] for b in bios} == set(platforms())
    assert {b["problem"] for b in bios if b.get("problem")} == set(PROBLEM_ORDER)
    assert sum(b["ready"] for b in bios) >= 50 and sum(not b["ready"] for b in bios) >= 50
    assert {p["kind"] for p in posts} == {"conversation", "broadcast"}
    assert set(CONTEXTS) == {p["context"] for p in posts}
    must_not = {rule for p in posts for rule in p.get("must_not") or []}
    assert must_not <= set(POST_PROBLEMS)
    assert {"about-us", "argues", "sales-pitch", "corporate", "shouting"} <= must_not
