"""The #MyStory coach: plain-English, specific feedback on social-media bios and posts.

The coach guides; people mark. No autograded point depends on it: its advice is shown to the
learner as they type and printed for the facilitator beside the marking guide (``advice_text``).

Public, stable API::

    review_bio(text: str, platform: str = "x") -> BioReview
    review_post(text: str, context: str = "post") -> PostReview
    timeline_share(posts: list[str]) -> float
    review_timeline(posts: list[str]) -> TimelineSummary
    advice_text(review: BioReview | PostReview) -> str

``BioReview.ready`` is true exactly when no finding has severity "problem". Bio rule ids:
problems ``empty``, ``too-long``, ``disclaimer``, ``corporate``, ``not-a-person``, ``no-passion``,
``hashtag-soup``, ``shouting``; tips ``invite``, ``place``, ``first-person``.
Post rule ids: problems ``empty``, ``about-us``, ``no-invitation``, ``no-credit``, ``sales-pitch``,
``corporate``, ``shouting``, ``argues``; tips ``name``, ``thank``, ``sorry``. A post's
``context`` is one of ``REPLY_CONTEXTS``. Word lists and messages live in
``mystory/data/coach.yaml``; an organisation can extend them without code. Whole phrases and
context come before single words; tests/data/coach holds the labelled sets it is measured on."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import Literal

from .core.datafiles import ContentError
from .core.datafiles import load_yaml as _load_yaml
from .core.language import ENGLISH, current_language, translated

Severity = Literal["problem", "tip"]
PROBLEM_ORDER = ("empty", "too-long", "disclaimer", "corporate", "not-a-person", "no-passion",
                 "hashtag-soup", "shouting")
TIP_ORDER = ("invite", "place", "first-person")
# What a post answers ("post", or a kind of reply), so the post coach's advice fits the moment.
REPLY_CONTEXTS = ("post", "reply", "complaint", "troll", "question")
PLACE_NAME = re.compile(r"\b(?:in|from|near)\s+(?:the\s+)?[A-Z][a-z]+")
# "we" alone sounds like an organisation when a bio never says "I"; "us" ("come and garden with
# us") and "our" ("our street") do not: the organisation's "our team" is in the we_voice list.
WE_WORDS = re.compile(r"(?<![\w'])we(?![\w'])", re.IGNORECASE)
# ...and "we" is a household, not a company, in "we're a family of five", "we're the Joneses"
# (not "we are the Repairs Team") or after the household is named ("Sam, Lou and baby Nia.").
FAMILY_WE = re.compile(
    r"\bwe(?:'re| are)\s+(?:a\s+family|the\s+(?-i:[A-Z][a-z]+s)\b(?!\s+(?-i:[A-Z])))|\bfamily\b"
    r"|^\W*(?-i:[A-Z][a-z]+)(?:,\s*(?-i:[A-Z][a-z]+))*\s+(?:and|&)\s+(?:baby\s+|little\s+)?"
    r"(?-i:[A-Z][a-z]+)\s*(?:[.,:;!\u2013\u2014-]|$)"
    r"|\bwe(?:'re|\s+are)\s+(?-i:[A-Z][a-z]+)(?:,\s*(?-i:[A-Z][a-z]+))*\s+(?:and|&)\s+"
    r"(?-i:[A-Z][a-z]+)\b", re.IGNORECASE)
# A bio that opens with a group's name and never says "I" is the group's account: "Penrhys
# Tenants Together – ...", "Oak Homes Repairs Team." The name's last word says it is a group.
GROUP_NAME = re.compile(
    r"^\W*(?:The\s+)?(?:[A-Z][\w'-]*\s+){1,5}(?:Together|Group|Association|Club|Society|Forum"
    r"|Network|Team|Trust|Homes|Housing|Partnership|Committee|Collective|Alliance|Project"
    r"|Foundation|Hub|Council|Action|Union|Services|Co-op|Residents|Tenants|Neighbours|Volunteers)"
    r"\s*(?:[^\w\s]|$)")
# ...as is one that says who runs it: "Run by Karen & Jo", "Managed by @OakHomes".
RUN_BY = re.compile(r"\b(?:run|managed|moderated|admin(?:ed|istered)?)\s+by\s+(?:(?-i:[A-Z][a-z]+)"
                    r"|@\w+)", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?;|•\n]+")
# Disclaimers by their shape, not a list of wordings: "views/opinions (expressed) (here) are my
# own / mine / not those of ...", and "retweets/RTs/likes are not / aren't / ≠ endorsement(s)".
DISCLAIMER = re.compile(
    r"\b(?:(?:all\s+)?(?:my\s+)?(?:views|opinions|thoughts|tweets|posts)(?:\s+(?:expressed|shared|"
    r"posted))?(?:\s+(?:here|on\s+this\s+account))?\s*(?:are\s+|r\s+|=\s*|\s)(?:(?:all\s+|solely\s+)?my\s+own"
    r"|(?:all\s+)?mine|personal|not\s+(?:those|the\s+views)\s+of)"
    r"|(?:rts?|retweets?|reposts?|likes?|shares?|follows?|sharing|liking|following|retweeting"
    r"|reposting)\s*(?:are\s+not|aren't|do\s+not|don't|does\s+not"
    r"|doesn't|is\s+not|isn't|not|≠|!=|=/=)\s*(?:equal\s+|mean\s+|imply\s+)?(?:an?\s+)?"
    r"(?:endorse\w*|agree(?:ing|ment)|i\s+agree))"
    # "...doesn't reflect my employer's views", "not affiliated with any landlord", "anything I
    # post is personal": what the account is not, instead of who the person is.
    r"|(?:not|n't)\s+(?:necessarily\s+)?(?:reflect|represent|speak\s+for)\s+(?:the\s+(?:views?|"
    r"opinions?)\s+of\s+)?(?:my|the|any)\s+(?:employer|company|organi[sz]ation|landlord|work)"
    r"|\bnot\s+(?:affiliated|associated|connected)\s+(?:with|to)\b|\bno\s+affiliation\b"
    r"|\b(?:anything|everything|all|what)\s+(?:that\s+)?i\s+(?:post|say|tweet|share|write)\s+"
    r"(?:here\s+)?(?:is|are)\s+(?:personal|my\s+own|mine|(?:just\s+|all\s+)?me)\b", re.IGNORECASE)
# Office-speak by its shape, beyond the word list: "data-led", "customer-obsessed", "digitally
# enabled", and a manager's verb before an abstract aim ("driving accountability", "delivering
# robust, data-led asset strategies", "maximise return on investment").
CORPORATE_SHAPE = re.compile(
    r"\b(?:data|insights?|customer|results?|outcomes?|value|evidence|solutions?|purpose|tech"
    r"|digital|performance|impact|growth|innovation|mission|strategy)-(?:led|driven|focused|centric"
    r"|obsessed|first|enabled|orientated|oriented)\b|\bdigitally[\s-](?:enabled|led|driven)\b"
    r"|\b(?:driv(?:e|es|ing)|deliver(?:s|ing)?|co-creat(?:e|es|ing)|maximi[sz](?:e|es|ing)"
    r"|optimi[sz](?:e|es|ing)|leverag(?:e|es|ing)|unlock(?:s|ing)?|embed(?:s|ding)?)\s+"
    r"(?:[\w,-]+\s+){0,3}?(?:accountability|growth|improvement|innovation|performance|value"
    r"|engagement|outcomes|transformation|efficienc(?:y|ies)|impact|strateg(?:y|ies)|returns?"
    r"|yields?|excellence|pathways|synerg(?:y|ies))\b", re.IGNORECASE)
# A phone number: a bio that gives one and never says "I" is a switchboard, not a person.
PHONE = re.compile(r"(?<!\d)(?:\+44\s?|0)\d{2,4}[\s-]?\d{3}[\s-]?\d{3,4}(?!\d)")
# A body describing itself: "as their housing association", "providing quality homes", and,
# unless a person's role is named ("...as their councillor"), serving people as a body does
# ("Proudly serving the people of Gwent", "the communities we serve").
ORG_SELF = re.compile(r"\b(?:their|your|our)\s+(?:local\s+)?housing\s+(?:association|provider)\b"
                      r"|\bprovid(?:ing|es)\s+(?:[\w-]+\s+){0,2}(?:homes|housing)\b",
                      re.IGNORECASE)
SERVING = re.compile(r"\bserv(?:ing|es)\s+(?:the\s+)?(?:people|residents|tenants|communities"
                     r"|customers|families)\b|\b(?:communities|people|customers)\s+we\s+serve\b",
                     re.IGNORECASE)
# A call to buy or book by its shape: "Call Cardiff Lettings today", "Book yours now".
ADVERT_SHAPE = re.compile(r"\b(?:call|ring|phone|book|order|enquire|buy|register|apply)\s+(?!me\b)"
                          r"(?:[\w@'-]+\s+){0,3}?(?:today|now)\b", re.IGNORECASE)
# Opening hours ("Mon–Fri 9–2", "open daily 10am-4pm"): a bio that gives them and never says
# "I" is a shop's or a service's account, like one that gives a switchboard number.
_DAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|s|sday|nesday|rsday|urday)?"
_TIME = r"\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)?"
OPENING_HOURS = re.compile(r"\b" + _DAY + r"\s*(?:[\u2013\u2014-]|to)\s*" + _DAY + r"\.?\s+"
                           + _TIME + r"(?:\s*(?:[\u2013\u2014-]|to)\s*" + _TIME + r")?"
                           r"|\bopen\s+(?:daily|every\s+day|7\s+days)\b", re.IGNORECASE)
# Short joining words inside Welsh and other place names: "Maes y Coed", "Pont ar Dawe".
NAME_JOINER = re.compile(r"^(?:y|yr|ar|a|o|de|la|le|du|von|van|der|upon|on|le|sur)$")


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
    """One regex matching any phrase as whole words, in any casing, any spacing.

    Phrases that start and end with a letter share one word-edge check (checked once at each
    place in the text, not once per phrase), which keeps the coach fast as the lists grow.
    """
    words, others = [], []
    for phrase in sorted({str(p).strip().lower() for p in phrases if str(p).strip()},
                         key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in phrase.split())
        starts, ends = re.match(r"\w", phrase) is not None, re.search(r"\w$", phrase) is not None
        if starts and ends:
            words.append(body)
        else:
            others.append((r"(?<![\w'])" if starts else "") + body + (r"(?![\w'])" if ends else ""))
    parts = ([r"(?<![\w'])(?:" + "|".join(words) + r")(?![\w'])"] if words else []) + others
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
    placeholders: frozenset[str]
    role_words: frozenset[str]
    family_roles: frozenset[str] = frozenset()
    person_roles: frozenset[str] = frozenset()


LISTS = ("disclaimers", "corporate", "organisation", "we_voice", "passion", "invitation", "place",
         "first_person")
POST_LISTS = ("invitation", "thanks", "credit", "about_us", "sales", "announcement", "sharing",
              "argues", "personal", "stories", "stock")
POST_PROBLEMS = ("empty", "about-us", "no-invitation", "no-credit", "sales-pitch", "corporate",
                 "shouting", "argues")
POST_TIPS = ("name", "thank", "sorry")


def coach_texts(data: dict) -> dict:
    """What the coach says (not the word lists it reads): messages, strengths, post messages and
    advice, platform names. This much of coach.yaml is translated (docs/translating.md)."""
    posts = data.get("posts") or {}
    return {"platforms": {k: {"name": v.get("name")} for k, v in (data.get("platforms") or {})
                          .items() if isinstance(v, dict)},
            "messages": data.get("messages"), "strengths": data.get("strengths"),
            "posts": {"messages": posts.get("messages"), "advice": posts.get("advice")}}


def coach_data() -> CoachData:
    """The coach's word lists (English), and its words in the page's language."""
    return _coach_data(current_language())


@functools.cache
def _coach_data(language: str) -> CoachData:
    english = _english_coach_data()
    if language == ENGLISH:
        return english
    said = translated(coach_texts(_load_yaml("coach.yaml")), "coach.yaml", language)

    def words(found: dict | None, before: dict[str, str]) -> dict[str, str]:
        return {k: " ".join(str((found or {}).get(k, v)).split()) for k, v in before.items()}

    return replace(
        english,
        platforms={k: (str(said["platforms"].get(k, {}).get("name") or name), limit)
                   for k, (name, limit) in english.platforms.items()},
        messages=words(said["messages"], english.messages),
        strengths=words(said["strengths"], english.strengths),
        post_messages=words(said["posts"]["messages"], english.post_messages),
        advice=words(said["posts"]["advice"], english.advice))


@functools.cache
def _english_coach_data() -> CoachData:
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
    for key in ("no-invitation", "personal"):
        if key not in posts["advice"]:
            raise ContentError(f"coach.yaml: posts: the advice for '{key}' is missing.")
    for rule in (*POST_PROBLEMS[1:], *POST_TIPS,
                 *(f"no-invitation-{c}" for c in REPLY_CONTEXTS[1:])):
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
        patterns={key: _phrase_pattern(data.get(key) or []) for key in (*LISTS, "advert")},
        messages={k: " ".join(str(v).split()) for k, v in data["messages"].items()},
        strengths={k: " ".join(str(v).split()) for k, v in data["strengths"].items()},
        post_patterns={key: _phrase_pattern(posts[key]) for key in POST_LISTS},
        post_messages={k: " ".join(str(v).split()) for k, v in posts["messages"].items()},
        advice={k: " ".join(str(v).split()) for k, v in posts["advice"].items()},
        placeholders=frozenset(_bare(str(x)) for x in data.get("placeholders") or []),
        role_words=frozenset(str(x).lower() for x in data.get("role_words") or []),
        family_roles=frozenset(str(x).lower() for x in data.get("family_roles") or []),
        person_roles=frozenset(str(x).lower() for x in data.get("person_roles") or []),
    )


def _bare(text: str) -> str:
    """Lower case with the punctuation and emoji at either end taken off, to compare whole bios
    ("At the gym 🏋️" is WhatsApp's "At the gym")."""
    text = re.sub(r"^[^\w'@#]+|[^\w'@#]+$", "", text.lower())
    return text.strip(" .!?,;:-_*~()[]'\"")


def _without(text: str, patterns: dict[str, re.Pattern[str]], keys: tuple[str, ...]) -> str:
    """The text with every phrase of these lists taken out."""
    for key in keys:
        text = patterns[key].sub(" ", text)
    return text


def _title_only(text: str, role_words: frozenset[str]) -> bool:
    """True when every word is a job or role word, a Name in capitals or a joining word.

    A short joining word between two Names is part of a place ("Maes y Coed", "Pont ar Dawe")."""
    tokens = [t for t in re.split(r"[\s,.;:|/()\u2013\u2014-]+", text) if t]
    for i, token in enumerate(tokens):
        word = token.strip("'\"!?*").lower()
        joined = (NAME_JOINER.match(word) is not None and 0 < i < len(tokens) - 1
                  and tokens[i - 1][0].isupper() and tokens[i + 1][0].isupper())
        if any(c.isalpha() for c in token) and not (
                token[0].isupper() or token.startswith("#") or word in role_words or joined):
            return False
    return True


# A bio with nothing in it but "I", "me" and small words ("Just me.", "Me, myself and I").
FILLER = frozenset({"just", "only", "simply", "it's", "its", "it", "is", "here", "this", "that",
                    "and", "hi", "hello", "hey", "yes", "yeah", "no", "ok", "lol", "the", "real"})
ONE_QUESTION = re.compile(r"[^.!?\n]+\?+[^\w]*")
# A bio that only says who may get in touch ("Friends and family only, no randoms"), like
# WhatsApp's "Urgent calls only".
ONLY_NOTICE = re.compile(r"(?:[\w'&+/-]+[\s,]+){0,4}only(?:\s*[,.;:\u2013-]\s*no\s+[\w\s]+)?\W*",
                         re.IGNORECASE)
PLACEHOLDER_SHAPE = re.compile(r"^(?:insert|add|write|put|enter|type)\b.*\bbio\b"
                               r"|\bbio\s+(?:goes\s+)?here$|^\[.*\]$"
                               # template dummy text, and a bio that says it has nothing yet:
                               # "Not sure what to write", "Still deciding what to put here"
                               r"|^lorem\s+ipsum\b|^(?:[\w']+\s+){0,3}what\s+to\s+(?:put|write|say)"
                               r"(?:\s+(?:here|yet|in\s+(?:a|my|this)\s+bio))*$", re.IGNORECASE)


def _says_nothing(text: str, patterns: dict[str, re.Pattern[str]]) -> bool:
    """A bio that says nothing about its writer yet: a placeholder by its shape ("Insert witty
    bio here"), only small words ("Just me."), only a question back ("Who wants to know? 😏")
    or only who may get in touch ("Friends and family only")."""
    bare = _bare(text)
    words = re.findall(r"[\w']+", bare)
    if PLACEHOLDER_SHAPE.search(bare) or ONLY_NOTICE.fullmatch(text):
        return True
    if words and all(w in FILLER or patterns["first_person"].fullmatch(w) for w in words):
        return True
    return (ONE_QUESTION.fullmatch(text) is not None and patterns["first_person"].search(text)
            is None and patterns["passion"].search(text) is None
            and re.search(r"(?<!^)\b[A-Z][a-z]", text.strip()) is None)


def _opens_as_person(text: str, person_roles: frozenset[str]) -> bool:
    """The bio's first part names one person's role, and not as "we" ("Tuesday food bank
    volunteer, Pontypridd.", "Chair of Friends of Parc Howard.")."""
    first = re.split(r"[.!?;,|•\n\u2013\u2014]+", text, maxsplit=1)[0].lower()
    words = re.findall(r"[a-z'-]+", first)
    return "we" not in words and any(w in person_roles for w in words)


def _names_a_person(text: str, person_roles: frozenset[str]) -> bool:
    """Any word of the bio is one person's role ("Oak Homes | Housing Officer")."""
    return any(w in person_roles for w in re.findall(r"[a-z'-]+", text.lower()))


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


def _sentence(text: str, match: re.Match[str], most: int = 60) -> str:
    """The whole sentence a match sits in (never a fragment), cut at word edges to `most`."""
    start = max((m.end() for m in SENTENCE_END.finditer(text, 0, match.start())), default=0)
    stop = SENTENCE_END.search(text, match.end())
    sentence = text[start:stop.start() if stop else len(text)].strip()
    if len(sentence) <= most:
        return sentence
    offset = text.index(sentence, start)
    left, right = match.start() - offset, match.end() - offset
    begin = sentence.rfind(" ", 0, max(0, left - 15)) + 1 if left > 15 else 0
    end = sentence.find(" ", max(right, begin + most))
    cut = sentence[begin:end if end != -1 else len(sentence)].strip()
    return ("…" if begin else "") + cut + ("…" if end != -1 else "")


def _corporate(pattern: re.Pattern[str], text: str) -> list[str]:
    """Office-speak, from the word list or by its shape, leaving out a phrase asked as a joke
    ("Going forward? Only on my scooter")."""
    found: list[str] = []
    matches = sorted([*pattern.finditer(text), *CORPORATE_SHAPE.finditer(text)],
                     key=lambda m: m.start())
    for match in matches:
        words = match.group(0)
        if not text[match.end():].lstrip().startswith("?") and \
                words.lower() not in (f.lower() for f in found):
            found.append(words)
    return found[:3]


def _say(template: str, **values: object) -> str:
    return template.format_map({k: v for k, v in values.items()})


def review_bio(text: str, platform: str = "x") -> BioReview:
    """Review a bio for a platform (an id in ``platforms()``: "x", "facebook", ...)."""
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
    # A placeholder, or fewer than two letters or digits ("x", "-"), is not a bio yet.
    if _bare(clean) in data.placeholders or sum(c.isalnum() for c in clean) < 2 or \
            _says_nothing(clean, p):
        return BioReview([Finding("empty", "problem", _say(msg["placeholder"], quote=clean[:40]))],
                         [], count, limit, platform)
    if count > limit:
        problems.append(Finding("too-long", "problem", _say(
            msg["too-long"], count=count, limit=limit, platform=name, over=count - limit)))
    if found := _quotes(p["disclaimers"], clean, 1) or _quotes(DISCLAIMER, clean, 1):
        problems.append(Finding("disclaimer", "problem", _say(msg["disclaimer"], quote=found[0])))
    if found := _corporate(p["corporate"], clean):
        problems.append(Finding("corporate", "problem",
                                _say(msg["corporate"], quote='", "'.join(found))))
    # An advert ("Free valuations – call today!", "Order by DM") is a business's voice too.
    advert = p["advert"].search(clean) or ADVERT_SHAPE.search(clean)
    if advert is not None and not found:
        problems.append(Finding("corporate", "problem",
                                _say(msg.get("advert", msg["corporate"]), quote=advert.group(0))))
    first_person = p["first_person"].search(clean)
    org = p["organisation"].search(clean)
    if org is None and first_person is None and FAMILY_WE.search(clean) is None:
        # "We" after one person's role is the group they belong to ("Chair of Friends of Parc
        # Howard. We meet Saturdays"); "we are", "we help" and kin still speak for a body.
        we = WE_WORDS.search(clean) if not _opens_as_person(clean, data.person_roles) else None
        org = (p["we_voice"].search(clean) or we or PHONE.search(clean) or ORG_SELF.search(clean)
               or OPENING_HOURS.search(clean)
               or RUN_BY.search(clean) or advert
               or (GROUP_NAME.search(clean) or SERVING.search(clean)
                   if not _names_a_person(clean, data.person_roles) else None))
    if org is not None:
        problems.append(Finding("not-a-person", "problem",
                                _say(msg["not-a-person"],
                                     quote=org.group(0).strip(" \u2013\u2014:|.,!-"))))
    # "Nan." or "Mum of 3" names a role in a family, as "Tenant." names one in a tenancy: a bio
    # made only of roles says who you are, not what you care about.
    # A family role beside other things ("Dad of three, Scout leader") shows a life beyond work.
    alone = len([part for part in re.split(r"[.,;|•\n&+]+", clean) if part.strip()]) == 1
    cares = next((m for m in p["passion"].finditer(clean)
                  if not alone or m.group(0).lower() not in data.family_roles), None)
    # One word that is no role ("Bookworm", "Footie") is what the person chose to be known for.
    single = re.fullmatch(r"\W*([A-Za-z'-]+)\W*", clean)
    if single and single.group(1).lower() not in data.role_words | data.family_roles:
        cares = single
    # Disclaimers, office-speak and an account's words say nothing about the person either.
    if cares is None and _title_only(_without(clean, p, ("disclaimers", "corporate",
                                                         "organisation")),
                                     data.role_words | data.family_roles):
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
    if cares is not None:
        strengths.append(_say(good["passion"], quote=_sentence(clean, cares)))
    if invite is not None:
        strengths.append(good["invite"])
    if place is not None:
        strengths.append(good["place"])
    if count <= limit:
        strengths.append(_say(good["fits"], count=count, limit=limit))
    return BioReview(problems + tips, strengths, count, limit, platform)


# -- posts -----------------------------------------------------------------------------------
REPLY_START = re.compile(r"^\s*@\w+")
NAME = r"(?:@\w+|(?:(?:Mr|Mrs|Ms|Miss|Dr|Auntie|Aunty|Uncle|Nan|Nain|Taid|Grandad)\s+)?[A-Z][a-z]+)"
# "Hi Jo," / "Morning Bryn 👋" / "Jo, I'm so sorry": a reply that speaks to someone by name.
GREETING = re.compile(
    r"^\s*(?:(?i:hi|hiya|hello|hey|dear|morning|evening|afternoon|sorry|so sorry|thanks|thank you"
    r"|diolch|honestly|oh|aw|ah|ha|well|look|yes|no|good question|shwmae|bore da)[\s,!]+" + NAME
    + r"|[A-Z][a-z]+,\s+(?i:i|i'm|i've|i'll|sorry|thanks|thank|yes|no|hi|you)\b)")
DAYS = ("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
        "May|June|July|August|September|October|November|December")
# "..., Leanne." / "..., Gary." at the end of a clause: someone spoken to by name.
VOCATIVE = re.compile(r",\s+(?!(?:" + DAYS + r")\b)" + NAME + r"\s*(?:[.!?]|$)")
CLAUSE_START = re.compile(r"[.!?:;\n]")
# In a reply, a name after kind words ("Well said Dave", "No problem at all Gwen") or mid-
# sentence before a comma ("...at all Gwen, glad it's sorted") is the person spoken to.
REPLY_NAME = re.compile(
    r"\b(?i:well said|nice one|good on you|no problem(?: at all)?|no worries|spot on|bless you"
    r"|love this|agreed|lovely|brilliant|great|you're welcome|of course|glad to help)[\s,!]+"
    + NAME + r"\b|(?<=[a-z] )(?!(?:I|" + DAYS + r")\b)[A-Z][a-z]+(?=,)")
OPENERS = ("I|Sorry|Thanks|Thank|Please|Hi|Hello|Hey|Yes|No|Ok|Okay|Well|So|Also|However|Again"
           "|Otherwise|Unfortunately|Sadly|Actually|Honestly|Currently|Apologies|Dear|Cheers|Right"
           "|Sure|Great|Lovely|Oh|Aw|Ah|Ha|Fair|Note|Update|Reminder|Morning|Evening|Afternoon"
           "|Today|Tomorrow|Tonight|Yesterday|Now|Meanwhile|Plus|Instead|Anyway|Remember|Yep|Yeah"
           "|Nope|Welcome|Done|Agreed|Correct|True|Indeed|Perhaps|Maybe|Unless|If|When|As|But|And")
# In a reply, a name that opens it before a comma ("Kev, that's not fair...") is the person
# spoken to, and a name as the subject of a clause ("here we go, Dave's moaning again") is the
# person the thread is with: both talk with someone, however kindly.
REPLY_OPENING = re.compile(
    r"^\s*(?!(?:" + OPENERS + "|" + DAYS + r")\b)(?![A-Za-z]+ly\b)[A-Z][a-z]{1,11},\s"
    r"|,\s+(?!(?:" + OPENERS + "|" + DAYS + r")\b)[A-Z][a-z]{1,11}(?:'s|\s+(?:is|has|was))"
    r"\s+[a-z]+")
# An invitation in a reply is talk when it greets ("Hi, please send us a message") or says what
# happens next ("...and we will look into this"); "Please DM us your reference." is a form.
HELLO = re.compile(r"^\s*(?:hi|hiya|hello|hey|morning|afternoon|evening|shwmae|bore da)\b",
                   re.IGNORECASE)
WHAT_NEXT = re.compile(r"\b(?:we|we'll|we will|we can|i'll|i will|i can|so we can|so i can)\s+"
                       r"(?:[\w']+\s+){0,2}?(?:look|sort|fix|call|ring|get|send|book|check|come|visit"
                       r"|help|arrange|put)\b", re.IGNORECASE)
# A reply that starts by answering ("Yes we can!", "No, it's Wednesday") answers a person.
ANSWER = re.compile(r"^\s*(?:yes|yep|yeah|no|nope|of course|absolutely|sure|definitely|ie|na)\b"
                    r"(?!\s+(?:problem|need|worries)\b)", re.IGNORECASE)
# Sent on to a switchboard or a portal: "Please contact our Customer Hub", "use the portal".
REDIRECT = re.compile(r"\b(?:contact|call|ring|phone|email|use|visit)\s+(?:our|the)\b",
                      re.IGNORECASE)
# A person's own words, credited: '"I was scared to ask..." – Paul, tenant'.
QUOTED = re.compile(r"[\"\u201c][^\"\u201d]{12,}[\"\u201d]\s*[-\u2013\u2014~]\s*" + NAME)
# Family spoken of as people: "Grampa", "Nain" as a name, or "our Ellie", "my Jack".
FAMILY = re.compile(
    r"\b(?-i:Grampa|Gramps|Grandad|Grandpa|Grancha|Bampi|Bamps|Nan|Nana|Nanna|Nain|Taid|Gran"
    r"|Granny|Mam|Mum|Dad|Auntie|Aunty|Uncle)\b|\b(?i:our|my|me)\s+(?!(?-i:I|Facebook|Twitter"
    r"|Instagram|WhatsApp|TikTok|LinkedIn|YouTube|Board|Annual|Chief|Head|Customer|Director"
    r"|Directors|Manager|Officer|Team|Tenants?|Residents?|Repairs|Housing|Neighbourhood|Income)\b)"
    r"(?-i:[A-Z][a-z]+)(?![\w'-]*\s+[A-Z])(?![\w'-]*\s+(?i:team|department|dept|staff|office"
    r"|colleagues|crew|unit|directorate)\b)"
    # "Proud nan moment", "proud dad", and a child as "little Alfie".
    r"|\b(?i:proud)\s+(?i:mum|mam|mom|dad|nan|nain|nana|gran|grandad|grandma|grandparent|auntie"
    r"|aunty|uncle|parent|parents)\b|\b(?i:little)\s+(?-i:[A-Z][a-z]+)")
NAMED_THANKS = re.compile(
    r"(?i:thanks|thank you|cheers|well done|congratulations|congrats|diolch|shout-out|shout out)"
    r"\s+(?:(?i:to)\s+)?" + NAME)
# A people story: "Meet Tina, who moved into...", "This is Mr Hughes", "Kelly's story", "Meet
# our apprentices!" (people, not "our new app").
PEOPLE_STORY = re.compile(r"\b(?:(?i:meet|say hello to|say hi to|this is|here's|here is"
                          r"|introducing)\s+(?:" + NAME + r"|(?i:our|the)\s+(?i:new\s+)?"
                          r"(?i:neighbours|tenants|residents|apprentices|volunteers|caretakers"
                          r"|families|starters|members)\b)"
                          + r"|[A-Z][a-z]+'s story)")
# ...or a person named with their role: "Tenant Mo Ali turned the empty shop...", "Volunteer
# Sandra has...", not "Tenant Services" or "Resident Liaison Officer".
ROLE_NAME = re.compile(r"\b(?i:tenant|resident|neighbour|volunteer|caretaker"
                       r"|apprentice|grandad|nan|nain|taid)\s+([A-Z][a-z]+)(?:\s+([A-Z][a-z]+)"
                       r"|(?=\s+[a-z]))")
# ...or "Dai the caretaker", "Sandra the lollipop lady" ("Tenant" words as above).
NAME_THE_ROLE = re.compile(r"\b(?!(?:" + DAYS + r")\b)[A-Z][a-z]+\s+the\s+(?:[\w-]+\s+)?"
                           r"(?i:tenant|resident|neighbour|volunteer|caretaker|apprentice|plumber"
                           r"|electrician|postie|postman|lollipop|cleaner|gardener|warden)\b")
# A yes-or-no question followed at once by an instruction is a condition, not something asked:
# "Spot a van? Give us a wave!" is "if you spot a van, wave"; "Is your smoke alarm working?
# Press the test button". An instruction to answer ("Tell us", "Ask me") still invites a reply.
YES_NO = re.compile(r"^\s*(?!(?:who|what|where|when|why|how|which|whose|anyone|anybody"
                    r"|does anyone|shall|should|would|could|can|will|fancy)\b)(?:\S+\s+){0,5}\S+\?",
                    re.IGNORECASE)
INSTRUCTION = re.compile(r"\s*(?:give|bring|press|check|make|keep|take|grab|head|wave|stop|put"
                         r"|use|drop|join|try|remember|pick|switch|turn|test|look|follow|be|don't"
                         r"|do\s+not|never|always|wrap|lock|close|open|report)\b", re.IGNORECASE)
# "Happy birthday to me" (or "to us", an organisation's birthday) is about oneself, not the
# people in a life.
SELF_GREETING = re.compile(r"\bhappy\s+(?:[\w'-]+\s+){0,2}?(?:birthday|bday|b'day|anniversary"
                           r"|retirement)\s+to\s+(?:me|myself|us|ourselves)\b", re.IGNORECASE)
# A question used as a sales hook: "Looking for a new home? Call our sales team."
HOOK = re.compile(r"^\s*(?:looking for|struggling|need|want|thinking of|worried about|"
                  r"fancy|did you know)\b[^?]*\?", re.IGNORECASE)
# ...or a question followed at once by a call to action: "Have you seen our app? Download it
# today", "RENT ARREARS? CALL US NOW". The question only leads to the advert.
CALL_TO_ACTION = re.compile(
    r"\s*(?:(?:call|ring|phone|contact|email|text|whatsapp)\s+(?:us|our|the)|download|book|apply"
    r"|visit|sign\s+up|register|click|tap|buy|order|grab|shop|pay|hurry|don't\s+miss|find\s+out"
    r"|read\s+more|learn\s+more|see\s+our|check\s+out|get\s+(?:yours|your\s+\w+\s+(?:now|today)))\b",
    re.IGNORECASE)
# Thanking one's own staff under one's own news is self-congratulation, not a conversation.
OWN_PEOPLE = re.compile(
    r"\s*(?:so\s+much\s+|very\s+much\s+)?(?:to\s+)?(?:all\s+)?(?:of\s+)?our\s+(?:[\w-]+\s+){0,2}?"
    r"(?:staff|team|teams|colleagues|board|ceo|chief\s+executive|directors?|managers?|workforce"
    r"|people)\b", re.IGNORECASE)
# Birthdays and anniversaries with anything between: "Happy 90th birthday", "happy belated bday".
GREETINGS_DAY = re.compile(r"\bhappy\s+(?:[\w'-]+\s+){0,2}?(?:birthday|bday|b'day|anniversary"
                           r"|retirement)\b|\bpen-?\s?blwydd\b", re.IGNORECASE)
SORRY = re.compile(r"\b(?:sorry|apologi[sz]e|apologies)\b", re.IGNORECASE)
CREDITED = re.compile(r"\s*:?\s*(?:@\w|[A-Z])")
MENTION = re.compile(r"@\w+")
DID_YOU_KNOW = re.compile(r"^\s*did you know", re.IGNORECASE)
# "our new neighbours" welcomes people; "our new app" is news about us.
PEOPLE_AFTER = re.compile(
    r"\s+(?:\d[\d,]*\s+)?(?:neighbours?|neighbors?|tenants?|residents?|apprentices?|"
    r"colleagues?|starters?|volunteers?|members?|families|friends?|caretakers?|customers?)\b",
    re.IGNORECASE)
# Advice about not arguing is not an argument: "I would not reply to a troll", "don't argue
# with idiots".
CALM_BEFORE = re.compile(r"(?:argue|arguing|reply|replying|respond|engage|feed|feeding)\s+"
                         r"(?:with|to)\s+(?:the\s+|an?\s+|any\s+)?$", re.IGNORECASE)
# An automatic reply ("I'm out of the office until Monday", "I am on annual leave"): its "I" is
# a machine's, not a person answering.
AUTO_REPLY = re.compile(r"\b(?:i'm|i\s+am|i\s+will\s+be)\s+(?:currently\s+)?"
                        r"(?:out\s+of\s+(?:the\s+)?office|on\s+(?:annual\s+)?leave|away\s+from\s+(?:my\s+desk|the\s+office))"
                        r"\b", re.IGNORECASE)
# Greeted in text-speak with a lower-case name: "hiya mand,", "hi jo," (not "hi all,").
LOWER_GREETING = re.compile(r"^\s*(?:hi|hiya|hey|hello|morning|evening)\s+(?!(?:there|all|everyone"
                            r"|everybody|folks|guys|team|both|you|again)\b)[a-z]{2,12},")
Kind = Literal["broadcast", "conversation"]


@dataclass(frozen=True)
class PostReview(_Findings):
    """The coach's view of a post: is it a conversation or a broadcast, and why.

    ``personal`` marks a post about the people in a life (a birthday, a loss, a proud parent).
    """

    kind: Kind
    findings: list[Finding]
    personal: bool = False


def _questions(text: str) -> list[tuple[int, int]]:
    """Where the real questions are: not "Did you know...?", not a hook that leads to an advert
    ("Looking for a home?", "Have you seen our app? Download it today")."""
    found = []
    for mark in re.finditer(r"\?+", text):
        start = max((m.end() for m in SENTENCE_END.finditer(text, 0, mark.start())), default=0)
        sentence = text[start:mark.end()]
        if DID_YOU_KNOW.search(sentence) or HOOK.search(sentence) or \
                CALL_TO_ACTION.match(text, mark.end()) or \
                (YES_NO.fullmatch(sentence) and INSTRUCTION.match(text, mark.end())):
            continue
        found.append((start, mark.end()))
    return found


def _about_us(pattern: re.Pattern[str], text: str,
              questions: list[tuple[int, int]] | None = None) -> list[str]:
    """Phrases about the organisation, leaving out "our new neighbours" and kin, and one asked
    about in a real question ("Moved into one of our new homes this year?" asks about you)."""
    return [m.group(0) for m in pattern.finditer(text)
            if not PEOPLE_AFTER.match(text, m.end())
            and not any(a <= m.start() < b for a, b in questions or [])][:1]


def _vocative(text: str) -> bool:
    """Someone spoken to by name at a clause's end ("Thanks for everything, Leanne."), not a
    place after a title ("Neighbourhood Officer, Pontypridd.")."""
    for match in VOCATIVE.finditer(text):
        start = max((m.end() for m in CLAUSE_START.finditer(text, 0, match.start())), default=0)
        words = re.findall(r"[A-Za-z][\w'-]*", text[start:match.start()])
        if len(words) <= 1 or any(w[0].islower() for w in words):
            return True
    return NAME_THE_ROLE.search(text) is not None


def _thanks(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """Thanks to someone, leaving out thanks to one's own staff ("thank you to our team") and a
    lone sign-off at the end of a notice ("...before Thursday. Diolch 🙏")."""
    return next((m for m in pattern.finditer(text) if not OWN_PEOPLE.match(text, m.end())
                 and not _sign_off(text, m)), None)


def _sign_off(text: str, match: re.Match[str]) -> bool:
    """Thanks that stands alone at the very end, after a sentence of something else."""
    before = text[:match.start()].rstrip()
    return (bool(before) and before[-1] in ".!?" and re.fullmatch(r"[\W_]*", text[match.end():])
            is not None)


def _role_name(text: str, roles: frozenset[str]) -> bool:
    """A person named with their role ("Tenant Mo Ali"), not a department ("Tenant Services")."""
    for match in ROLE_NAME.finditer(text):
        before = re.findall(r"[\w']+|[.!?]", text[:match.start()])
        # "Valley Homes Tenant Services" is a department; "Our tenant Mo Ali" is a person.
        department = bool(before) and before[-1][0].isupper() and before[-1].lower() not in (
            "our", "the", "my", "your", "their", "a", "and")
        if not department and all(n.lower() not in roles for n in match.groups() if n):
            return True
    return False


def _credit(pattern: re.Pattern[str], text: str) -> str | None:
    """A credit that names someone ("via @HousingNews", "HT Paul"), not "via our portal"."""
    return next((m.group(0) for m in pattern.finditer(text)
                 if m.group(0).endswith("@") or CREDITED.match(text, m.end())), None)


def _arguing(pattern: re.Pattern[str], text: str) -> list[str]:
    """Fighting words, leaving out advice not to fight ("don't argue with idiots")."""
    return [m.group(0) for m in pattern.finditer(text)
            if not CALM_BEFORE.search(text[:m.start()])][:1]


def review_post(text: str, context: str = "post") -> PostReview:
    """Say whether a post is a conversation or a broadcast, with findings in plain words.

    `context` is what the post answers: "post" (a post of one's own), "complaint", "troll" or
    "question" (a reply), so the advice fits the moment.
    """
    if context not in REPLY_CONTEXTS:
        raise ValueError(f"Unknown context {context!r}: choose one of {REPLY_CONTEXTS}")
    data = coach_data()
    p, msg = data.post_patterns, data.post_messages
    clean = _normalise(text if isinstance(text, str) else "").strip()
    if not clean:
        return PostReview("broadcast", [Finding(
            "empty", "problem", "There is nothing here yet. Write your post in the box.")])
    reply = context != "post"
    talk = p["stock"].sub(" ", clean)  # stock phrases never make a conversation
    # Two stock phrases make a form letter: its "Hi there" and "Please DM us" are the form's too.
    form = len(p["stock"].findall(clean)) >= 2
    corporate = _corporate(data.patterns["corporate"], clean)
    asked = _questions(talk)
    about = _about_us(p["about_us"], talk, asked)
    question = bool(asked)
    invite = question or p["invitation"].search(talk) is not None
    # A handle before stock words and a switchboard number passes someone on; it is no talk.
    handle = REPLY_START.search(talk) is not None and REDIRECT.search(talk) is None
    # A person described in office-speak is a press release, not a people story.
    story = not corporate and (PEOPLE_STORY.search(talk) is not None
                               or _role_name(talk, data.role_words | data.person_roles))
    named = bool(handle or GREETING.search(talk) or _vocative(talk)
                 or NAMED_THANKS.search(talk) or story or QUOTED.search(talk)
                 or (reply and (REPLY_NAME.search(talk) or REPLY_OPENING.search(talk)
                                or LOWER_GREETING.search(talk))))
    thanks = _thanks(p["thanks"], talk)
    credit = _credit(p["credit"], talk)
    person = data.patterns["first_person"].search(clean) if not AUTO_REPLY.search(clean) else None
    # A mail-merged name ("Dear Mr Davies, we acknowledge receipt...") does not turn a form
    # letter with no "I" and no question into a person talking.
    if form and person is None and not question:
        named = False
    others = SELF_GREETING.sub(" ", talk)
    personal = any(x.search(others) for x in (p["personal"], GREETINGS_DAY, FAMILY))
    people = personal or p["stories"].search(talk) is not None
    sales = _quotes(p["sales"], clean, 1)
    if reply:
        # A reply is a conversation when a person answers: by name, as "I", with a question, or
        # inviting them to talk ("Please DM us").
        welcome = p["invitation"].search(talk) is not None and not (
            form and not named and person is None) and (
            HELLO.search(talk) is not None or WHAT_NEXT.search(talk) is not None)
        signals = (question or welcome or named or person is not None or thanks is not None
                   or ANSWER.search(talk) is not None)
    else:
        # News about us with "pop in" is still news about us; a real question turns it around.
        signals = (question or named or people or thanks is not None
                   or (invite and not about))
    conversation = (signals or credit is not None) and not sales

    findings: list[Finding] = []
    if about:
        findings.append(Finding("about-us", "problem", _say(msg["about-us"], quote=about[0])))
    if not conversation and not invite:
        findings.append(Finding("no-invitation", "problem",
                                msg["no-invitation" + (f"-{context}" if reply else "")]))
    shared = _quotes(p["sharing"], clean, 1)
    if shared and credit is None and MENTION.search(clean) is None:
        findings.append(Finding("no-credit", "problem", _say(msg["no-credit"], quote=shared[0])))
    if sales:
        findings.append(Finding("sales-pitch", "problem", _say(msg["sales-pitch"], quote=sales[0])))
    if corporate:
        findings.append(Finding("corporate", "problem",
                                _say(msg["corporate"], quote='", "'.join(corporate))))
    words = clean.split()
    cased = [c for c in clean if c.isupper() or c.islower()]
    if len(cased) >= 12 and sum(c.isupper() for c in cased) > 0.6 * len(cased):
        loud = next((w for w in words if sum(c.isupper() for c in w) >= 3), words[0])
        findings.append(Finding("shouting", "problem", _say(msg["shouting"], quote=loud)))
    if argued := _arguing(p["argues"], clean):
        findings.append(Finding("argues", "problem", _say(msg["argues"], quote=argued[0])))
    if context == "complaint" and SORRY.search(clean) is None:
        findings.append(Finding("sorry", "tip", msg["sorry"]))
    if person is None:
        findings.append(Finding("name", "tip", msg["name"]))
    if not reply and not conversation and thanks is None:
        findings.append(Finding("thank", "tip", msg["thank"]))
    return PostReview("conversation" if conversation else "broadcast", findings,
                      personal and not sales)


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
    summary = (f"{talk} of your {total} posts {'talks' if talk == 1 else 'talk'} with people "
               f"(conversation). {broadcast} {'talks' if broadcast == 1 else 'talk'} at people "
               "(broadcast): a notice, news about you or your organisation, or an advert. The "
               "#MyStory guide is 9 parts about others to 1 part about you: share other people's "
               "news far more than your own.")
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
    elif sum(r.personal for r in reviews) * 2 >= total:
        # The 9-to-1 guide is about sharing others' news, not about a family timeline.
        advice = advice_map["personal"]
    elif ranked:
        advice = advice_map[ranked[0]]
    else:
        advice = advice_map["no-invitation"]
    return TimelineSummary(total, talk, texts, reviews, summary, advice)


def advice_text(review: BioReview | PostReview) -> str:
    """The coach's view in plain text, printed for the facilitator beside the marking guide.

    The coach only advises: the facilitator reads this and decides the marks.
    """
    lines = ["The coach's advice (it does not mark: you decide):"]
    if isinstance(review, PostReview):
        lines.append(f"- Reads as a {review.kind}.")
    else:
        lines.append("- Ready to post." if review.ready else "- Not ready yet, the coach thinks.")
        lines += [f"- Works: {s}" for s in review.strengths]
    lines += [f"- Would change ({f.rule}): {f.message}" for f in review.problems]
    lines += [f"- {f.message}" for f in review.findings if f.severity == "tip"]
    return "\n".join(lines)

