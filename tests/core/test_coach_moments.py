"""The hard cases from issue 17, and messages that fit the moment.

Each case here is one that the coach once got wrong: a human bio it would not pass, a good reply
it called a broadcast, a word that is not what the rule is about.
"""

from __future__ import annotations

import re

import pytest

from mystory.coach import review_bio, review_post, review_timeline
from mystory.pages.conversation import post_coach_html
from mystory.pages.profile import coach_html
from tests.core.test_coach_labelled import HELD_OUT, labelled

HUMAN_BIOS = [
    "Retired. Grandmother of five. Knitter. Bingo on Tuesdays.",
    "Caretaker at Tower Court. Keeping the place clean and safe for everyone.",
    "Proud mum. Our street's coffee morning queen.",
    "I'm a support worker. We're a friendly bunch at Oak Homes and I love my job.",
    "I love finding solutions for people on my estate.",
]


@pytest.mark.parametrize("bio", HUMAN_BIOS)
def test_human_bios_are_ready(bio: str) -> None:
    review = review_bio(bio)
    assert review.ready, [f.message for f in review.problems]


def test_only_a_job_title_still_needs_something_you_care_about() -> None:
    for bio in ("Housing Officer at Oak Homes.", "Tenant.", "Repairs Operative",
                "I am a repairs surveyor in Dudley."):
        assert [f.rule for f in review_bio(bio).problems] == ["no-passion"], bio


def test_an_organisations_voice_is_still_not_a_person() -> None:
    for bio in ("We are the official account of Oak Homes. Follow us for news.",
                "Our team provides responsive repairs across Powys.",
                "We help tenants in Swansea into work. Get in touch!"):
        assert "not-a-person" in {f.rule for f in review_bio(bio).problems}, bio


def test_placeholders_are_not_bios_yet() -> None:
    for bio in ("Hey there! I am using WhatsApp.", "N/A", "...", "👋", "Bio coming soon"):
        review = review_bio(bio, "whatsapp")
        assert [f.rule for f in review.problems] == ["empty"], bio
        assert "does not say anything about you yet" in review.problems[0].message


def test_an_advert_or_a_groups_account_is_named_kindly_in_the_learners_words() -> None:
    advert = review_bio("Cariad Cakes 🎂 Custom cakes for every occasion. Order by DM £5",
                        "instagram")
    assert {f.rule for f in advert.problems} == {"corporate", "not-a-person"}
    assert '"Order by DM" reads like an advert.' in advert.problems[0].message
    group = review_bio("Penrhys Tenants Together – standing up for decent homes since 2009.")
    assert group.problems[0].message.startswith('"Penrhys Tenants Together" makes this sound')


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[.!?;|•\n]+", text) if s.strip()]


@pytest.mark.parametrize("name", ["bios", *(n for n in HELD_OUT if n.startswith("bios"))])
def test_praise_quotes_whole_sentences_never_fragments(name: str) -> None:
    for label in labelled(name):
        text = (label["text"] or "").replace("\u2019", "'")
        for strength in review_bio(text, label["platform"]).strengths:
            quoted = re.search(r'"(.+)"', strength)
            if quoted is None:
                continue
            words = quoted.group(1)
            if words.startswith("…") or words.endswith("…"):  # a long sentence, cut visibly
                assert words.strip("…") in text
            else:
                assert words in sentences(text), (text, strength)


def test_the_praise_the_issue_quotes_is_gone() -> None:
    first = review_bio("Trying to learn a new recipe every week. Tenant rep in my block.")
    assert 'You say what you care about: "Trying to learn a new recipe every week"' in \
        first.strengths[1]
    moved = review_bio("Moved into Park Lane in 2019. Dog walker and tea drinker.")
    assert not any('"into"' in s for s in moved.strengths)


REPLY_TO_JO = ("Hi Jo, I'm Sam from repairs. Three missed visits is awful. Please DM me your "
               "address and I'll sort it today.")


def test_a_good_reply_to_an_angry_tenant_is_a_conversation() -> None:
    for context in ("complaint", "reply"):
        review = review_post(REPLY_TO_JO, context)
        assert review.kind == "conversation" and not review.problems


@pytest.mark.parametrize("post", [
    "Can someone clear the rubbish by the bins on Elm Road?",
    "Hi Mrs Evans, the problem lies with the gutter, not the window. Does Thursday suit?",
    "I would not reply to a troll. Mute, block, move on.",
    "Don't argue with idiots: they drag you down to their level.",
])
def test_words_that_are_not_arguments(post: str) -> None:
    assert "argues" not in {f.rule for f in review_post(post, "troll").findings}
    assert "argues" not in {f.rule for f in review_post(post).findings}


def test_arguments_are_still_arguments() -> None:
    for post in ("@dave_w Stop spreading lies about us.", "Sorry but that's utter rubbish, Gary.",
                 "You're wrong and you know it."):
        assert "argues" in {f.rule for f in review_post(post).findings}, post


def test_money_and_shared_ownership_are_not_a_pitch_by_themselves() -> None:
    for post in ("Our food bank raised £200 – thank you all!",
                 "Hi Carys, with shared ownership the insurance is in your service charge."):
        review = review_post(post)
        assert review.kind == "conversation"
        assert "sales-pitch" not in {f.rule for f in review.findings}
    pitch = review_post("Shared ownership homes from just £50,000. Register your interest.")
    assert pitch.kind == "broadcast" and "sales-pitch" in {f.rule for f in pitch.findings}


def test_people_stories_and_new_neighbours() -> None:
    tina = review_post("Meet Tina, who moved into one of our 200 new homes in Dudley. She grows "
                       "the best courgettes on the estate.")
    assert tina.kind == "conversation" and not tina.problems
    neighbours = review_post("Are you one of our new neighbours? Tell us your story.")
    assert neighbours.kind == "conversation" and not neighbours.problems
    news = review_post("Check out our new website!")
    assert "about-us" in {f.rule for f in news.findings}


def test_a_family_timeline_is_not_an_organisations_broadcast() -> None:
    family = ["Happy birthday to my beautiful daughter!", "RIP Nan, miss you every day",
              "Get well soon Auntie Pat", "Happy anniversary to my husband Gary, love you x",
              "so proud of my boy today, first day at big school"]
    summary = review_timeline(family)
    assert summary.conversation == summary.total == 5
    assert "organisation" not in summary.advice
    mostly_family = review_timeline(family[:3] + ["Chips for tea tonight", "Back to work, boo"])
    assert "people in your life" in mostly_family.advice
    assert "9 parts about others" in mostly_family.summary


REPLIES = ["Our repairs policy states that appointments may be rescheduled.",
           "Details of all events can be found on our website.", "Please DM us your address.",
           "Sorry.", REPLY_TO_JO, "I would not reply."]


@pytest.mark.parametrize("context", ["reply", "complaint", "troll", "question"])
def test_a_reply_is_never_told_to_ask_what_do_you_think(context: str) -> None:
    texts = REPLIES + [p["text"] for p in labelled("posts") if p["context"] == "reply"]
    for text in texts:
        for finding in review_post(text, context).findings:
            assert "what do you think" not in finding.message.lower(), (context, text)
    advice = {f.rule: f.message for f in review_post(REPLIES[0], context).findings}
    assert "no-invitation" in advice and "private message" in advice["no-invitation"] or \
        context in ("troll", "question")


def test_a_complaint_reply_is_reminded_to_say_sorry() -> None:
    tips = {f.rule for f in review_post("I'm Sam. DM me your address.", "complaint").findings}
    assert "sorry" in tips
    assert "sorry" not in {f.rule for f in review_post("So sorry, Jo.", "complaint").findings}


def test_nothing_to_fix_before_anything_is_typed() -> None:
    for html in (coach_html(review_bio("")), coach_html(review_bio("  \n ", "facebook")),
                 post_coach_html(review_post("")), post_coach_html(review_post("", "complaint"))):
        assert "Next thing to fix" not in html and "as you type" in html
    assert "Next thing to fix" in coach_html(review_bio("Housing officer. Views are my own."))


def test_module_2_tells_the_coach_what_each_reply_answers() -> None:
    from mystory.core import content
    from mystory.core.datafiles import ContentError
    from mystory.core.kinds import KINDS
    from mystory.core.spec import ExerciseSpec

    talk = content.module("02-conversation").exercises
    assert [talk[e].reply_to for e in ("talk-repair-reply", "talk-troll-reply",
                                       "talk-event-reply", "talk-rewrite")] == \
        ["complaint", "troll", "question", "post"]
    spec = ExerciseSpec(id="x", kind="post", label="Your reply", data={"reply_to": "banter"})
    with pytest.raises(ContentError, match="reply_to must be one of"):
        KINDS["post"].check_spec(spec, "a test")
