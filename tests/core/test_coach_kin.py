"""Kin of held-out set 5's disagreements, in other words: the rules written from it are general
principles (a shape or a context), not the held-out case's own phrase."""

from __future__ import annotations

import pytest

from mystory.coach import review_bio, review_post


@pytest.mark.parametrize(("text", "platform", "problem"), [
    ("Not sure what to write yet", "x", "empty"),
    ("Lorem ipsum", "facebook", "empty"),
    ("Pontypridd Community Larder. Fresh veg and a cuppa, Tues-Thurs 10-1.", "facebook",
     "not-a-person"),
    ("Two-bed flats to rent in Bangor. Apply today!", "instagram", "not-a-person"),
    ("Mam of two, Bluebirds fan. Everything I tweet is just me.", "x", "disclaimer"),
    ("Resident voice champion | Co-designing services with tenants", "linkedin", "corporate"),
    ("Nurse.", "whatsapp", "no-passion"),
    ("Student.", "instagram", "no-passion"),
])
def test_bio_kin_are_not_ready(text: str, platform: str, problem: str) -> None:
    review = review_bio(text, platform)
    assert not review.ready and problem in {f.rule for f in review.problems}, review.findings


@pytest.mark.parametrize(("text", "context", "kind"), [
    ("Happy 10th birthday to us! Valley Homes was founded in 2016.", "post", "broadcast"),
    ("Well done to our Lettings team on a record year.", "post", "broadcast"),
    ("I am on annual leave until 3 June. For rent queries call 0300 000 000.", "reply",
     "broadcast"),
    ("Struggling? Our money advice team is here for you on 0300 123 456.", "post", "broadcast"),
    ("Hi all! DM us for prices on our two-bed flats in Rhyl.", "post", "broadcast"),
    ("Dear Ms Hughes, thank you for your enquiry. It will be dealt with within 5 working days "
     "in line with our procedures.", "reply", "broadcast"),
    ("hi bev, sorry about that, engineer's coming weds 👍", "reply", "conversation"),
    ("The garden club wants new members. Have a chat with Ray at number 12.", "post",
     "conversation"),
])
def test_post_kin_read_as_people_would(text: str, context: str, kind: str) -> None:
    assert review_post(text, context).kind == kind
