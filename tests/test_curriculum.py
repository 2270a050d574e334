"""The curriculum's teaching points (../shared/curriculum.md, copied here in short) are taught:
each point's key words are in the words a learner reads in its module. A module added to the
curriculum gets its points here."""

from __future__ import annotations

import re

import nbformat
import pytest
import yaml

from mystory.core import content
from tests.conftest import ROOT

# module folder -> teaching point -> words that must all be in the module (case is ignored).
TEACHING: dict[str, dict[str, tuple[str, ...]]] = {
    "00-welcome": {
        "what the learner can do, and a recap": ("by the end of this page", "i can",
                                                 "what you learned"),
        "trust sits with people like themselves; people spot spin":
            ("people like themselves", "spot **spin**"),
        "Edelman as the seed gives it: a fall in all four sectors, 71% and 63%":
            ("edelman trust barometer", "all four", "71%", "63%"),
        "the 76% line is the Bromford blog's, not Edelman's":
            ("a bromford practitioner", "76% of people trust leaked news"),
        "a social CV; the worst is blank; search yourself again": ("social cv", "blank",
                                                                  "again every few months"),
        "confidence, not access": ("confidence, not a phone or the internet",),
        "tenants' places": ("residents' group", "whatsapp", "community facebook page",
                            "food bank"),
        "jargon explained: press release, spin, facilitator, hashtag":
            ("a **press release** is", "words that make something sound better",
             "**facilitator** is the person", "a **hashtag**: a word with #"),
    },
    "01-your-story": {
        "what the learner can do, and a recap": ("by the end of this module", "i can",
                                                 "here is what you learned"),
        "#MyStory (Immy Kaur): start with the person": ("immy kaur", "who are you?",
                                                        "160 colleagues"),
        "passions make content creators": ("passions make content creators",),
        "don't be an egg; the grey egg is old Twitter only": ("don't be an egg",
                                                              "on old twitter"),
        "don't be corporate": ("don't be corporate",),
        "Heather-Anne Maclean's five mistakes, credited":
            ("heather-anne maclean", "no photo", "no bio", "too many networks",
             "not writing professionally", "failing to be human"),
        "'views are my own' explained, not dismissed": ("views are my own",
                                                        "some employers ask"),
        "safety: a town or area is enough, pointing to the safety module":
            ("a town or an area is enough", "home address", "estate",
             '"staying safe and kind online"'),
        "bio and characters explained, with Facebook's Intro and WhatsApp's About":
            ("a bio is the short line", "a character is one letter", "facebook intro 101",
             "whatsapp about 139"),
        "search yourself regularly; posts and DMs can never be removed":
            ("every few months, not just once", "can never be removed",
             "even a private message"),
        "a private profile is fine": ("private profile", "that is fine"),
        "a tenant's bio, for a Facebook Intro": ("a tenant's bio for a facebook intro",
                                                 "residents' group"),
    },
    "02-conversation": {
        "what the learner can do, and a recap": ("by the end of this module", "i can",
                                                 "here is what you learned"),
        "the medium is irrelevant, credited as the seed gives it":
            ('"the medium is irrelevant. the conversation is everything."',
             "a bromford practitioner", "immy kaur"),
        "9 parts about others (20 things no. 17)": ("9 parts about others",
                                                    "list of 20 things"),
        "HT beside via": ('"via"', '"ht"', "hat tip"),
        "don't sell by direct message": ("don't sell by direct message",),
        "trolls and DMs explained": ("a **troll** is someone", "a direct message (a **dm**)"),
        "the learner is told when they play staff":
            ("you play a member of staff: sam from the repairs team",
             "you play a member of staff again"),
        "tenants' scenarios": ("a volunteer from the residents' group",
                               "community facebook page", "whatsapp group"),
        "safety: check the account before you DM your address":
            ("checked that the account really is her landlord's",
             "never send your address, date of birth or bank details",
             '"staying safe and kind online"'),
        "safety: the timeline paste leaves out what is private":
            ("paste only your own posts", "leave out anything private"),
        "neighbourhood networks, Grenfell, Hey Landlord": ("neighbours build their own networks",
                                                           "grenfell", "hey landlord"),
        "reporting estate problems and hate crime (seed 003)":
            ("report estate problems", "hate crime", "wolverhampton homes"),
        "sustained two-way contact, not Twitter 24": ("twitter 24", "every day, both ways"),
        "follow the customer, not your opening hours": ("not your opening hours",),
        "audiences collapse": ("can be read anywhere, by anyone",),
    },
    "03-posting-myths": {
        "what the learner can do, and a recap": ("by the end of this module", "i can",
                                                 "what you learned"),
        "teaches before it quizzes": ("what the myths get wrong",),
        "not only the landlord's side": ("residents' group", "food bank",
                                         "community facebook page"),
        "the ten myths": ("social media is simple", "our customers are not online",
                          "social media is free", "policy can protect your brand",
                          "young people who grew up online",
                          "digital will lead to better customer service",
                          "digital change is slowing down", "people will follow us",
                          "moving our customers to our website",
                          "great for broadcasting news"),
        "overstatements softened as the seed gives them":
            ("often choose not to tell their landlord", "the writer knew people who booked"),
        "the café rule is Bromford's": ("bromford's rule was simply",),
        "brand and prime time explained": ("a **brand** is", "the time when most people"),
        "when to post: the practitioner's hours and three tips":
            ("6 to 8:30am and 7 to 10pm", "8 to 11am and 7 to 11pm", "three times a week"),
    },
    "04-your-policy": {
        "what the learner can do, and a recap": ("by the end of this module", "i can",
                                                 "here is what you learned"),
        "short policies: 87 pages, Bromford's one line": ("87-page", "bromford's was one line"),
        "tip 4 is 80:20": ("80:20",),
        "tip 5 speaks of trolls, not idiots": ("don't argue with trolls",),
        "the pub quote verbatim":
            ('"if you look like the sort of person i\'d talk to in a pub – i\'ll follow back."',),
        "jargon explained: follow back, automation":
            ("to follow back is to follow someone", "automation means"),
        "Gap's slip-up advice, credited": ("gap's staff guide", "say what you did to fix it"),
        "staff roles said plainly": ("you work in repairs", "you work for the landlord"),
        "a tenants' scenario": ("residents' group",),
        "points on to the last module": ("staying safe and kind online",),
    },
    "05-staying-safe": {
        "privacy settings on Facebook, WhatsApp, Instagram and X, drawn step by step":
            ("privacy settings", "facebook", "whatsapp", "instagram", "### x",
             "privacy checkup", "private account", "protect your posts", "my contacts"),
        "check an account is real before you share anything":
            ("check that an account is real", "is the account new?", "check another way"),
        "scams that pretend to be your landlord, the council or a bank":
            ("scam", "landlord", "council", "bank"),
        "never share your address, date of birth or bank details with an unchecked account":
            ("home address", "date of birth", "bank or card details", "not checked"),
        "staff: personal and work accounts": ("business, a sponsored and a personal account",),
        "staff: never a tenant's personal data from a personal account":
            ("never handle a tenant's personal details on your personal account",),
        "staff: consent before photos of people, children above all":
            ("ask before you post a photo", "children"),
        "staff: safeguarding goes to a manager": ("safeguarding", "tell your manager"),
        "a slip is fixed by correcting it quickly and saying what you did":
            ("correct it straight away", "what you did to fix it"),
        "mute, block and report": ("**mute**", "**block**", "**report**"),
        "reporting abuse and hate crime (seed 003)":
            ("hate crime", "report it", "police", "wolverhampton homes"),
        "not feeding trolls": ("don't feed the trolls",),
        "telling someone": ("tell someone",),
        "location: no home address or estate name; location tagging":
            ("estate's name", "location tagging"),
        "a private profile is a fine choice": ("a private profile is fine",),
        "wellbeing: switching off (seed 002, 20 Things #11)":
            ("balance", "we all need a break sometime", "switch off"),
        "wellbeing: being kind to yourself after a mistake (20 Things #5)":
            ("be kind to yourself", "forgive"),
        "posts and even private messages can never be fully removed":
            ("even things you private message", "there for good"),
        "the confidence question of Module 1 again": ("how do you feel about using social media",),
    },
}


def learner_words(spec: content.ModuleSpec) -> str:
    """The module's notebook prose and every word of its data file, in lower case."""
    nb = nbformat.read(ROOT / "course" / "source" / spec.folder / f"{spec.notebook}.ipynb",
                       as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    data = (ROOT / "src" / "mystory" / "data" / "modules" / f"{spec.folder}.yaml").read_text()
    words = "\n".join(map(str, _strings(yaml.safe_load(data))))
    return re.sub(r"[ \t]*\n[ \t]*", " ", f"{prose}\n{words}").lower()


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


@pytest.mark.parametrize("folder", sorted(TEACHING))
def test_every_teaching_point_is_taught(folder: str) -> None:
    spec = content.module(folder)
    words = learner_words(spec)
    missing = {point: [w for w in needed if w.lower() not in words]
               for point, needed in TEACHING[folder].items()}
    assert not {p: m for p, m in missing.items() if m}, missing


def test_the_course_has_every_module_of_the_curriculum() -> None:
    assert set(TEACHING) <= {m.folder for m in content.course()}
