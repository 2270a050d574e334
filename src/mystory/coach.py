"""The #MyStory coach: plain-English, specific feedback on social-media bios and posts.

Public, stable API::

    review_bio(text: str, platform: str = "x") -> BioReview
    review_post(text: str) -> PostReview
    timeline_share(posts: list[str]) -> float

``BioReview.ready`` is true exactly when no finding has severity "problem". Bio rule ids:
problems ``empty``, ``too-long``, ``disclaimer``, ``corporate``, ``not-a-person``, ``no-passion``,
``hashtag-soup``, ``shouting``; tips ``invite``, ``place``, ``first-person``.
Post rule ids: problems ``empty``, ``about-us``, ``no-invitation``, ``no-credit``, ``sales-pitch``,
``corporate``, ``shouting``, ``argues``; tips ``name``, ``thank``. Word lists and messages live in
``mystory/data/coach.yaml``; an organisation can extend them without code.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from .core.datafiles import ContentError
from .core.datafiles import load_yaml as _load_yaml

Severity = Literal["problem", "tip"]
PROBLEM_ORDER = ("empty", "too-long", "disclaimer", "corporate", "not-a-person", "no-passion",
                 "hashtag-soup", "shouting")
TIP_ORDER = ("invite", "place", "first-person")
PLACE_NAME = re.compile(r"\b(?:in|from|near)\s+(?:the\s+)?[A-Z][a-z]+")
WE_WORDS = re.compile(r"(?<![\w'])(?:we|us|our|ours)(?![\w'])", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One thing the coach noticed: a rule id, "problem" or "tip", and a kind message."""

    rule: str
    severity: Severity
    message: str


class _Findings:
    """What bio and post reviews share: ``ready`` exactly when no finding is a problem."""

    findings: list[Finding]

    @property
    def ready(self) -> bool:
        return not any(f.severity == "problem" for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "problem"]


@dataclass(frozen=True)
class BioReview(_Findings):
    """The coach's view of a bio. ``ready`` is true exactly when there is no problem."""

    findings: list[Finding]
    strengths: list[str] = field(default_factory=list)
    count: int = 0
    limit: int = 0
    platform: str = "x"

    @property
    def tips(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "tip"]


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    """One regex matching any phrase as whole words, in any casing, any spacing."""
    parts = []
    for phrase in sorted({str(p).strip().lower() for p in phrases if str(p).strip()},
                         key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in phrase.split())
        start = r"(?<![\w'])" if re.match(r"\w", phrase) else ""
        end = r"(?![\w'])" if re.search(r"\w$", phrase) else ""
        parts.append(start + body + end)
    return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)


@dataclass(frozen=True)
class CoachData:
    platforms: dict[str, tuple[str, int]]
    patterns: dict[str, re.Pattern[str]]
    messages: dict[str, str]
    strengths: dict[str, str]
    post_patterns: dict[str, re.Pattern[str]]
    post_messages: dict[str, str]
    advice: dict[str, str]


LISTS = ("disclaimers", "corporate", "organisation", "passion", "invitation", "place",
         "first_person")
POST_LISTS = ("invitation", "thanks", "credit", "about_us", "sales", "announcement", "sharing",
              "argues")
POST_PROBLEMS = ("empty", "about-us", "no-invitation", "no-credit", "sales-pitch", "corporate",
                 "shouting", "argues")
POST_TIPS = ("name", "thank")


@functools.cache
def coach_data() -> CoachData:
    """The coach's word lists, read and compiled once per process."""
    data = _load_yaml("coach.yaml")
    for key in (*LISTS, "platforms", "messages", "strengths"):
        if key not in data:
            raise ContentError(f"coach.yaml: '{key}' is missing.")
    for key in LISTS:
        if not isinstance(data[key], list):
            raise ContentError(f"coach.yaml: '{key}' should be a list of words or phrases.")
    for rule in (*PROBLEM_ORDER, *TIP_ORDER):
        if rule not in data["messages"]:
            raise ContentError(f"coach.yaml: the message for '{rule}' is missing.")
    posts = data.get("posts")
    if not isinstance(posts, dict):
        raise ContentError("coach.yaml: the 'posts' section is missing.")
    for key in (*POST_LISTS, "messages", "advice"):
        if key not in posts:
            raise ContentError(f"coach.yaml: posts: '{key}' is missing.")
    for rule in (*POST_PROBLEMS[1:], *POST_TIPS):
        if rule not in posts["messages"]:
            raise ContentError(f"coach.yaml: posts: the message for '{rule}' is missing.")
    platforms = {}
    for key, entry in data["platforms"].items():
        try:
            platforms[key] = (str(entry["name"]), int(entry["limit"]))
        except (KeyError, TypeError, ValueError) as err:
            raise ContentError(f"coach.yaml: platform '{key}' needs a name and a limit.") from err
    return CoachData(
        platforms=platforms,
        patterns={key: _phrase_pattern(data[key]) for key in LISTS},
        messages={k: " ".join(str(v).split()) for k, v in data["messages"].items()},
        strengths={k: " ".join(str(v).split()) for k, v in data["strengths"].items()},
        post_patterns={key: _phrase_pattern(posts[key]) for key in POST_LISTS},
        post_messages={k: " ".join(str(v).split()) for k, v in posts["messages"].items()},
        advice={k: " ".join(str(v).split()) for k, v in posts["advice"].items()},
    )


def platforms() -> dict[str, tuple[str, int]]:
    """{platform id: (name, character limit)}."""
    return dict(coach_data().platforms)


def review_bio_answer(answer: dict) -> BioReview:
    """Review a saved bio answer ({"text", "platform"}); an unknown platform counts as X."""
    platform = answer.get("platform")
    return review_bio(str(answer.get("text") or ""),
                      platform if platform in coach_data().platforms else "x")


def _normalise(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _quotes(pattern: re.Pattern[str], text: str, most: int = 3) -> list[str]:
    found: list[str] = []
    for match in pattern.finditer(text):
        words = match.group(0)
        if words.lower() not in (f.lower() for f in found):
            found.append(words)
        if len(found) == most:
            break
    return found


def _say(template: str, **values: object) -> str:
    return template.format_map({k: v for k, v in values.items()})


def review_bio(text: str, platform: str = "x") -> BioReview:
    """Review a bio for a platform ("x", "instagram" or "linkedin")."""
    data = coach_data()
    if platform not in data.platforms:
        raise ValueError(f"Unknown platform {platform!r}: choose one of {sorted(data.platforms)}")
    name, limit = data.platforms[platform]
    text = text if isinstance(text, str) else ""
    clean = _normalise(text).strip()
    count = len(clean)
    msg = data.messages
    if not clean:
        return BioReview([Finding("empty", "problem", msg["empty"])], [], 0, limit, platform)

    p = data.patterns
    problems: list[Finding] = []
    if count > limit:
        problems.append(Finding("too-long", "problem", _say(
            msg["too-long"], count=count, limit=limit, platform=name, over=count - limit)))
    if found := _quotes(p["disclaimers"], clean, 1):
        problems.append(Finding("disclaimer", "problem", _say(msg["disclaimer"], quote=found[0])))
    if found := _quotes(p["corporate"], clean):
        problems.append(Finding("corporate", "problem",
                                _say(msg["corporate"], quote='", "'.join(found))))
    first_person = p["first_person"].search(clean)
    org = p["organisation"].search(clean)
    if org is None and first_person is None:
        org = WE_WORDS.search(clean)
    if org is not None:
        problems.append(Finding("not-a-person", "problem",
                                _say(msg["not-a-person"], quote=org.group(0))))
    passion = p["passion"].search(clean)
    if passion is None:
        problems.append(Finding("no-passion", "problem", msg["no-passion"]))
    words = clean.split()
    tags = [w for w in words if w.startswith("#") and len(w) > 1]
    if len(tags) >= 3 and len(tags) * 2 >= len(words):
        problems.append(Finding("hashtag-soup", "problem",
                                _say(msg["hashtag-soup"], quote=", ".join(tags[:3]))))
    cased = [c for c in clean if c.isupper() or c.islower()]
    upper = sum(c.isupper() for c in cased)
    if len(cased) >= 12 and upper > 0.6 * len(cased):
        loud = next((w for w in words if sum(c.isupper() for c in w) >= 3), words[0])
        problems.append(Finding("shouting", "problem", _say(msg["shouting"], quote=loud)))

    invite = p["invitation"].search(clean)
    place = p["place"].search(clean) or PLACE_NAME.search(clean)
    tips = []
    if invite is None:
        tips.append(Finding("invite", "tip", msg["invite"]))
    if place is None:
        tips.append(Finding("place", "tip", msg["place"]))
    if first_person is None:
        tips.append(Finding("first-person", "tip", msg["first-person"]))

    good = data.strengths
    strengths = []
    if first_person is not None and org is None:
        strengths.append(good["first-person"])
    if passion is not None:
        strengths.append(_say(good["passion"], quote=passion.group(0)))
    if invite is not None:
        strengths.append(good["invite"])
    if place is not None:
        strengths.append(good["place"])
    if count <= limit:
        strengths.append(_say(good["fits"], count=count, limit=limit))
    return BioReview(problems + tips, strengths, count, limit, platform)


# -- posts -----------------------------------------------------------------------------------
REPLY_START = re.compile(r"^\s*@\w+")
NAMED_THANKS = re.compile(
    r"(?:thanks|thank you|cheers|well done|congratulations|congrats)\s+(?:to\s+)?"
    r"(?:@\w+|[A-Z][a-z]+)")
MENTION = re.compile(r"@\w+")
DID_YOU_KNOW = re.compile(r"^\s*did you know", re.IGNORECASE)


@dataclass(frozen=True)
class PostReview(_Findings):
    """The coach's view of a post: is it a conversation or a broadcast, and why."""

    kind: Literal["broadcast", "conversation"]
    findings: list[Finding]


def review_post(text: str) -> PostReview:
    """Say whether a post is a conversation or a broadcast, with findings in plain words."""
    data = coach_data()
    p, msg = data.post_patterns, data.post_messages
    clean = _normalise(text if isinstance(text, str) else "").strip()
    if not clean:
        return PostReview("broadcast", [Finding(
            "empty", "problem", "There is nothing here yet. Write your post in the box.")])
    question = "?" in clean and DID_YOU_KNOW.search(clean) is None
    invite = question or p["invitation"].search(clean) is not None
    named = bool(REPLY_START.search(clean) or NAMED_THANKS.search(clean))
    thanks = p["thanks"].search(clean)
    credit = p["credit"].search(clean)
    sales = _quotes(p["sales"], clean, 1)
    conversation = (invite or named or thanks is not None or credit is not None) and not sales

    findings: list[Finding] = []
    about = _quotes(p["about_us"], clean, 1)
    if about:
        findings.append(Finding("about-us", "problem", _say(msg["about-us"], quote=about[0])))
    if not conversation and not invite:
        findings.append(Finding("no-invitation", "problem", msg["no-invitation"]))
    shared = _quotes(p["sharing"], clean, 1)
    if shared and credit is None and MENTION.search(clean) is None:
        findings.append(Finding("no-credit", "problem", _say(msg["no-credit"], quote=shared[0])))
    if sales:
        findings.append(Finding("sales-pitch", "problem", _say(msg["sales-pitch"], quote=sales[0])))
    if corporate := _quotes(data.patterns["corporate"], clean):
        findings.append(Finding("corporate", "problem",
                                _say(msg["corporate"], quote='", "'.join(corporate))))
    words = clean.split()
    cased = [c for c in clean if c.isupper() or c.islower()]
    if len(cased) >= 12 and sum(c.isupper() for c in cased) > 0.6 * len(cased):
        loud = next((w for w in words if sum(c.isupper() for c in w) >= 3), words[0])
        findings.append(Finding("shouting", "problem", _say(msg["shouting"], quote=loud)))
    if argued := _quotes(p["argues"], clean, 1):
        findings.append(Finding("argues", "problem", _say(msg["argues"], quote=argued[0])))
    if data.patterns["first_person"].search(clean) is None:
        findings.append(Finding("name", "tip", msg["name"]))
    if not conversation and thanks is None:
        findings.append(Finding("thank", "tip", msg["thank"]))
    return PostReview("conversation" if conversation else "broadcast", findings)


def timeline_share(posts: list[str]) -> float:
    """The share of conversation posts among the non-empty ones (0.0 when there are none)."""
    reviews = [review_post(p) for p in posts if isinstance(p, str) and p.strip()]
    if not reviews:
        return 0.0
    return sum(r.kind == "conversation" for r in reviews) / len(reviews)


@dataclass(frozen=True)
class TimelineSummary:
    """A timeline in numbers and words, and the one change that would help most."""

    total: int
    conversation: int
    posts: list[str]
    reviews: list[PostReview]
    summary: str
    advice: str

    @property
    def broadcast(self) -> int:
        return self.total - self.conversation

    @property
    def share(self) -> float:
        return self.conversation / self.total if self.total else 0.0


def review_timeline(posts: list[str]) -> TimelineSummary:
    """Tag each post, count them against the 9:1 guide and pick the advice that helps most."""
    texts = [p.strip() for p in posts if isinstance(p, str) and p.strip()]
    reviews = [review_post(p) for p in texts]
    total = len(reviews)
    talk = sum(r.kind == "conversation" for r in reviews)
    if not total:
        return TimelineSummary(0, 0, [], [], "There are no posts to look at yet.", "")
    broadcast = total - talk
    summary = (f"{broadcast} of your {total} posts {'is' if broadcast == 1 else 'are'} about you "
               f"or your organisation (broadcast). {talk} {'is a' if talk == 1 else 'are'} "
               f"conversation{'' if talk == 1 else 's'}. The guide is 9 parts about others to 1 "
               "part about you: about 9 in every 10 posts as conversation.")
    counts: dict[str, int] = {}
    for review in reviews:
        if review.kind == "broadcast":
            for finding in review.problems:
                counts[finding.rule] = counts.get(finding.rule, 0) + 1
    advice_map = coach_data().advice
    # The most common specific finding helps most; "no invitation" is the fallback.
    ranked = sorted((r for r in counts if r in advice_map and r != "no-invitation"),
                    key=lambda r: -counts[r])
    if talk * 10 >= 9 * total:
        advice = "You are already talking with people. Keep it up!"
    elif ranked:
        advice = advice_map[ranked[0]]
    else:
        advice = advice_map["no-invitation"]
    return TimelineSummary(total, talk, texts, reviews, summary, advice)
