"""The post coach against posts labelled by hand: it must agree on every one."""

from __future__ import annotations

import pytest

from mystory.coach import review_post, review_timeline, timeline_share
from mystory.core import content

C, B = "conversation", "broadcast"

# (post, kind, the problems it should find)
LABELLED: list[tuple[str, str, set[str]]] = [
    # Conversations
    ("What should we call the new community garden? Best name wins a pot of jam!", C, set()),
    ("Lovely to see so many of you at the coffee morning. Thanks Pat for the cake!", C, set()),
    ("@JoBloggs I'm so sorry the repair was missed again. I'm Sam from repairs: can you send me "
     "a message with your address so I can sort it today?", C, set()),
    ("Great piece on damp and mould via @HousingNews. Has anyone tried the tips?", C, set()),
    ("Well done Priya and the Park Lane litter pickers: 40 bags on Saturday!", C, set()),
    ("Who's coming to the fun day on Sunday? I'll be on the cake stall.", C, set()),
    ("Thank you to everyone who came to the residents' meeting. What should we talk about "
     "next time?", C, set()),
    ("HT @TenantVoice for this guide to energy bills. Worth sharing with neighbours.", C, set()),
    ("Congratulations to Ahmed on 20 years as our caretaker. He knows every stair!", C, set()),
    ("Any tips for getting teenagers into gardening? Asking for the youth club.", C, set()),
    ("@neighbour Yes, the hall is open from 10 on Saturday. See you there!", C, set()),
    ("Cheers @MikeP for fixing the gate so quickly. Top man.", C, set()),
    ("I'm new to the income team. What do you wish landlords knew about paying rent?", C,
     set()),
    ("Welcome to our three new apprentices! Say hello if you see them on the estate.", C, set()),
    ("Shout out to the food bank volunteers who kept going all winter.", C, set()),
    ("How do you like to hear from us: text, email or a knock on the door? Let us know.", C,
     set()),
    ("Sorry for the wait on the phones today. I'm reading every message and will reply.", C,
     set()),
    ("RT @DudleyFoodBank: we need tins of soup this week. Can you help?", C, set()),
    # Conversations with a problem
    ("@troll You're wrong and frankly your post is rubbish.", C, {"argues"}),
    ("@Gary get your facts right before you post nonsense about us.", C, {"argues"}),
    ("WHAT DO YOU THINK OF THE NEW BINS? TELL US BELOW!", C, {"shouting"}),
    ("We're proud to announce our new website! What do you think?", C, {"about-us"}),
    ("Thanks to all our stakeholders for delivering excellence going forward.", C,
     {"corporate"}),
    # Broadcasts
    ("Our offices will be closed on Monday for the bank holiday.", B, {"no-invitation"}),
    ("We are proud to announce that we have won Landlord of the Year!", B,
     {"about-us", "no-invitation"}),
    ("Shared ownership homes available now from just £50,000. Register your interest.", B,
     {"sales-pitch", "no-invitation"}),
    ("Read our annual report: www.oakhomes.example/report", B,
     {"about-us", "no-invitation", "no-credit"}),
    ("Reminder: rent is due on the 1st of the month.", B, {"no-invitation"}),
    ("Great article on the future of social housing. https://example.org/future", B,
     {"no-invitation", "no-credit"}),
    ("Oak Homes is a leading provider of innovative housing solutions.", B,
     {"no-invitation", "corporate"}),
    ("OUR NEW REPAIRS LINE IS NOW OPEN 24/7", B, {"about-us", "no-invitation", "shouting"}),
    ("We've launched our new tenant app. Download it today.", B, {"about-us", "no-invitation"}),
    ("Book now for our spring open day. Limited places!", B, {"sales-pitch", "no-invitation"}),
    ("Press release: Oak Homes completes 200 new homes in Dudley.", B, {"no-invitation"}),
    ("Find out more about our services on our website.", B, {"no-invitation"}),
    ("Did you know we have 12,000 homes across the Midlands?", B, {"no-invitation"}),
    ("New report on homelessness published today. bit.ly/3xYz", B,
     {"no-invitation", "no-credit"}),
    ("Our chief executive will speak at the housing conference tomorrow.", B,
     {"about-us", "no-invitation"}),
    ("Please note: the lift at Tower Court is out of order until Friday.", B,
     {"no-invitation"}),
    ("Don't miss our summer sale of garden furniture, 20% discount!", B,
     {"sales-pitch", "no-invitation"}),
    ("Customer satisfaction is at 87% this quarter.", B, {"no-invitation"}),
    ("Stakeholder engagement strategy 2025 is now live.", B, {"no-invitation", "corporate"}),
    # Empty
    ("", B, {"empty"}),
]


def problems(text: str) -> set[str]:
    return {f.rule for f in review_post(text).findings if f.severity == "problem"}


def test_post_coach_agrees_with_every_labelled_post() -> None:
    assert len(LABELLED) >= 40
    assert sum(k == C for _, k, _ in LABELLED) >= 15 and sum(k == B for _, k, _ in LABELLED) >= 15
    wrong = []
    for post, kind, expected in LABELLED:
        review = review_post(post)
        got = problems(post)
        if review.kind != kind or got != expected:
            wrong.append(f"{post[:60]!r}: expected {kind} {sorted(expected)}, "
                         f"got {review.kind} {sorted(got)}")
    print(f"\npost coach agreement: {len(LABELLED) - len(wrong)} of {len(LABELLED)} posts")
    assert not wrong, "\n".join(wrong)


def test_every_post_rule_is_exercised() -> None:
    seen = set().union(*(e for _, _, e in LABELLED))
    assert {"about-us", "no-invitation", "no-credit", "sales-pitch", "corporate", "shouting",
            "argues"} <= seen


def test_module_2_sorting_answers_agree_with_the_coach() -> None:
    sort = content.module("02-conversation").exercises["talk-sort"]
    assert len(sort.items) == 12
    for item in sort.items:
        assert review_post(item.text).kind == item.answer, item.text


def test_messages_quote_the_post() -> None:
    findings = {f.rule: f.message for f in
                review_post("We're delighted to announce our award. Click here.").findings}
    assert '"We\'re delighted"' in findings["about-us"]
    assert '"Click here"' in findings["sales-pitch"]


def test_timeline_share_and_summary() -> None:
    posts = ["What should we call the garden?", "Our offices are closed on Monday.",
             "Thanks Pat for the cake!", "We're proud to announce our new website.", "  "]
    assert timeline_share(posts) == pytest.approx(0.5)
    assert timeline_share([]) == 0.0
    summary = review_timeline(posts)
    assert (summary.total, summary.conversation, summary.broadcast) == (4, 2, 2)
    assert summary.summary.startswith("2 of your 4 posts talk with people (conversation). 2 talk "
                                      "at people (broadcast)")
    assert summary.advice  # the one change that would help most
    talky = review_timeline(["Thanks Pat!"] * 9 + ["Our offices are closed."])
    assert "already talking" in talky.advice


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "🍅" * 500, "a" * 100_000,
                                  "مرحبا كيف حالك؟", "\x00"])
def test_odd_posts_never_break_the_coach(text: str) -> None:
    assert review_post(text).kind in (C, B)
