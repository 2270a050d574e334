"""The bio coach against bios labelled by hand: it must agree on every one."""

from __future__ import annotations

import pytest

from mystory.coach import BioReview, Finding, platforms, review_bio

# (bio, platform, the problems it should find). An empty set means ready to post.
LABELLED: list[tuple[str, str, set[str]]] = [
    # Ready: a person, what they care about, short enough.
    ("I fix boilers in Dudley and I love my allotment. Ask me about tomatoes!", "x", set()),
    ("Mum of two, runner, and proud to work on the repairs team. Always happy to chat.", "x",
     set()),
    ("Tenant on the Park Lane estate. I run the Saturday coffee morning and love a good natter.",
     "x", set()),
    ("I help neighbours get online at our library. Big fan of crosswords and strong tea.", "x",
     set()),
    ("Housing officer by day, choir singer by night. I believe everyone deserves a safe home.",
     "x", set()),
    ("Gardener, grandad and keen cyclist from Walsall. Say hello if you see me on the towpath.",
     "x", set()),
    ("I look after our community garden. Obsessed with sunflowers 🌻", "instagram", set()),
    ("Baking, books and the odd bit of DIY. I work in income support and care about fairness.",
     "x", set()),
    ("Retired nurse, new to all this! I enjoy walking my dog round the estate.", "x", set()),
    ("Neighbourhood coach in Telford. I care about people having a say in where they live. "
     "Football on Sundays, family the rest of the week. Always up for a chat about local "
     "projects.", "linkedin", set()),
    ("Trying to learn a new recipe every week. Tenant rep in my block. Tell me your favourite!",
     "x", set()),
    ("I'm a caretaker and I love keeping our stairwells bright. Ask me about the mural.", "x",
     set()),
    ("Volunteer at the food bank. I believe a kind word goes a long way.", "x", set()),
    ("Apprentice plumber. Happiest when I'm fishing with my dad.", "x", set()),
    ("I'm into photography and long walks by the canal in Wolverhampton.", "instagram", set()),
    ("#MyStory: repairs planner, rugby fan and proud dad of three.", "x", set()),

    # empty
    ("", "x", {"empty"}),
    ("   \n  ", "instagram", {"empty"}),

    # too-long (with a bio that would otherwise be fine)
    ("I fix boilers in Dudley and I love my allotment. " * 4, "x", {"too-long"}),
    ("Mum of two and a keen baker. " * 6, "instagram", {"too-long"}),
    ("I love my garden. " * 13, "linkedin", {"too-long"}),

    # disclaimer
    ("I love my allotment and my dog. Views are my own.", "x", {"disclaimer"}),
    ("Keen runner who cares about housing. Opinions are mine, RTs are not endorsements.", "x",
     {"disclaimer"}),
    ("Proud grandad and football fan. All views my own", "x", {"disclaimer"}),
    ("I enjoy baking. Retweets are not endorsements.", "x", {"disclaimer"}),

    # corporate
    ("I love delivering excellence to stakeholders going forward.", "x", {"corporate"}),
    ("Passionate about best-in-class housing SOLUTIONS and my cat.", "x", {"corporate"}),
    ("I enjoy creating synergies across the business. Dog lover.", "x", {"corporate"}),
    ("I love my job at a leading provider of homes in the Midlands.", "x", {"corporate"}),

    # not-a-person
    ("Official account of Oak Homes. We love our tenants.", "x", {"not-a-person"}),
    ("We build homes and we love our community. Follow for news!", "x", {"not-a-person"}),
    ("Our team loves helping residents in Dudley.", "x", {"not-a-person"}),
    ("Follow us for updates on repairs. We care about you.", "x", {"not-a-person"}),

    # no-passion: only a job title or role
    ("Housing Officer at Oak Homes.", "x", {"no-passion"}),
    ("Income Recovery Team Leader, Bromsgrove.", "x", {"no-passion"}),
    ("I am a repairs surveyor in Dudley.", "x", {"no-passion"}),
    ("Neighbourhood Coach. Telford and Wrekin.", "x", {"no-passion"}),
    ("Head of Customer Experience | Housing | Midlands", "linkedin", {"no-passion"}),

    # hashtag-soup
    ("#housing #ukhousing #tenants #repairs #love", "x", {"hashtag-soup"}),
    ("I love #gardening #allotment #veg #grow #compost", "x", {"hashtag-soup"}),

    # shouting
    ("I LOVE MY ALLOTMENT AND MY DOG!!!", "x", {"shouting"}),
    ("PROUD DAD. FOOTBALL FAN. ASK ME ANYTHING", "x", {"shouting"}),

    # more than one problem
    ("Housing officer. Views are my own.", "x", {"disclaimer", "no-passion"}),
    ("WE ARE THE OFFICIAL ACCOUNT OF OAK HOMES", "x", {"not-a-person", "no-passion",
                                                      "shouting"}),
    ("Leading provider of housing solutions to stakeholders. Follow for news.", "x",
     {"corporate", "not-a-person", "no-passion"}),
    ("#housing #stakeholders #solutions #kpis", "x", {"corporate", "no-passion",
                                                      "hashtag-soup"}),
]


def problems(review: BioReview) -> set[str]:
    return {f.rule for f in review.findings if f.severity == "problem"}


def test_coach_agrees_with_every_labelled_bio() -> None:
    assert len(LABELLED) >= 40
    disagreements = []
    for bio, platform, expected in LABELLED:
        got = problems(review_bio(bio, platform))
        if got != expected:
            disagreements.append(f"{bio[:60]!r} ({platform}): expected {sorted(expected)}, "
                                 f"got {sorted(got)}")
    agreed = len(LABELLED) - len(disagreements)
    print(f"\nbio coach agreement: {agreed} of {len(LABELLED)} labelled bios")
    assert not disagreements, "\n".join(disagreements)


def test_every_rule_is_exercised() -> None:
    seen = set().union(*(expected for _, _, expected in LABELLED))
    assert seen == {"empty", "too-long", "disclaimer", "corporate", "not-a-person", "no-passion",
                    "hashtag-soup", "shouting"}
    ready = [bio for bio, _, expected in LABELLED if not expected]
    assert len(ready) >= 15


@pytest.mark.parametrize("bio,_platform,expected", LABELLED)
def test_ready_means_no_problem(bio: str, _platform: str, expected: set[str]) -> None:
    review = review_bio(bio, _platform)
    assert review.ready == (not review.problems)
    assert all(isinstance(f, Finding) and f.severity in ("problem", "tip")
               for f in review.findings)
    assert all(f.message and f.message[0].isupper() or f.message.startswith('"')
               for f in review.findings)


def test_messages_quote_the_learners_words() -> None:
    review = review_bio("Dog lover. Views are MY own. Delivering excellence, going forward.")
    by_rule = {f.rule: f.message for f in review.findings}
    assert '"Views are MY own"' in by_rule["disclaimer"]
    assert '"Delivering excellence", "going forward"' in by_rule["corporate"]
    soup = {f.rule: f.message for f in review_bio("#housing #ukhousing #tenants #yes").findings}
    assert "#housing, #ukhousing, #tenants" in soup["hashtag-soup"]


def test_too_long_counts_characters_for_the_platform() -> None:
    bio = "I love my garden and my dog. " * 6  # 173 characters with no trailing space
    message = {f.rule: f.message for f in review_bio(bio, "x").findings}["too-long"]
    assert "173 characters" in message and "allows 160" in message and "Cut 13" in message
    assert review_bio(bio, "linkedin").ready
    assert platforms() == {"x": ("X (Twitter)", 160), "instagram": ("Instagram", 150),
                           "linkedin": ("LinkedIn headline", 220),
                           "facebook": ("Facebook Intro", 101),
                           "whatsapp": ("WhatsApp About", 139)}
    message = {f.rule: f.message for f in review_bio(bio, "facebook").findings}["too-long"]
    assert "Facebook Intro allows 101" in message
    assert not review_bio(bio[:139], "whatsapp").problems


def test_tips_never_block_ready_and_strengths_are_named() -> None:
    review = review_bio("Keen gardener.")
    assert review.ready
    assert {f.rule for f in review.tips} == {"invite", "place", "first-person"}
    full = review_bio("I love my allotment in Dudley. Ask me anything!")
    assert not full.tips
    assert any("allotment" in s or "love" in s for s in full.strengths)


def test_hostile_and_odd_input_never_breaks_the_coach() -> None:
    for text in ["<script>alert(1)</script>", "مرحبا أحب حديقتي", "🍅" * 200, "\x00", "a" * 100_000,
                 "I ❤ my garden"]:
        review = review_bio(text)
        assert isinstance(review.ready, bool)
    assert review_bio("I ❤ my garden").ready
    with pytest.raises(ValueError, match="Unknown platform"):
        review_bio("hello", "myspace")
