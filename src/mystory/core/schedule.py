"""Module 4's "When to post": the week's time slots, a sample audience and the judge.

What the seed teaches (a Bromford practitioner's three tips, after his own best hours for
engagement): think about when *you* engage; think about who else is competing for your
audience's attention then, and if it is too busy pick another slot; post something interesting
and start conversations, three times a week. His busiest hours are when he got the *most*
engagement: a good time, not a wrong one. "Too busy" is the learner's own judgement, so it is
advice.

Marked (nothing here can contradict the learner's own grid):
1. Three times to post (three a week).
2. At least one of them is a time the learner said they are online, so they are there to reply.
Advice only (shown, never marked): spread over different days, not all in office hours, a
crowded slot (the busiest, where most posts compete), a quiet slot for this sample audience.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .datafiles import ContentError
from .language import N_, _
from .spec import ExerciseSpec

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
             N_("Saturday"), N_("Sunday"))  # translated where shown: day_name()
DAY_SHORT = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
BANDS = (6, 9, 12, 15, 18, 21)  # each band is three hours from this hour
OFFICE = {(d, h) for d in DAYS[:5] for h in (9, 12, 15)}
PICKS = 3

RULE = N_("For the marks: pick three times to post, and make at least one of them a time you "
          "said you are online, so you are there to reply. The rest is advice: you know your "
          "own people best.")


def day_name(day: str) -> str:
    """"mon" -> "Monday", in this process's language."""
    return _(DAY_NAMES[DAYS.index(day)])


def day_short(day: str) -> str:
    """"mon" -> "Mon" (a grid's row label), in this process's language."""
    return _(DAY_SHORT[DAYS.index(day)])


def hour_name(hour: int) -> str:
    if hour in (0, 24):
        return _("midnight")
    if hour == 12:
        return _("12 noon")
    if hour < 12:
        return _("{hour}am", hour=hour % 12)
    return _("{hour}pm", hour=hour % 12)


def band_label(hour: int) -> str:
    """The short name on a grid box: the hour it starts ("3pm" is 3pm to 6pm), as the text
    says times."""
    return _("noon") if hour == 12 else hour_name(hour)


BAND_NOTE = N_("Each box is three hours from the time on it: 3pm means 3pm to 6pm.")


def band_name(hour: int) -> str:
    """"15" -> "3pm to 6pm"."""
    return _("{start} to {end}", start=hour_name(hour), end=hour_name(hour + 3))


def slot_id(day: str, hour: int) -> str:
    return f"{day}-{hour:02d}"


def slot_name(slot: str) -> str:
    """"mon-18" -> "Monday 6pm to 9pm"."""
    day, hour = slot.split("-")
    return _("{day} {band}", day=day_name(day), band=band_name(int(hour)))


def all_slots() -> list[str]:
    return [slot_id(d, h) for d in DAYS for h in BANDS]


def in_office(slot: str) -> bool:
    day, hour = slot.split("-")
    return (day, int(hour)) in OFFICE


@dataclass(frozen=True)
class Audience:
    """A sample audience: activity 0-100 for each day and band, and the thresholds."""

    activity: dict[str, int]
    busiest_at_least: int
    active_at_least: int

    def busiest(self) -> list[str]:
        return [s for s, v in self.activity.items() if v >= self.busiest_at_least]

    def level(self, slot: str) -> str:
        """"busiest", "around" or "quiet": the three shades the heatmap shows."""
        value = self.activity[slot]
        if value >= self.busiest_at_least:
            return "busiest"
        return "around" if value >= self.active_at_least else "quiet"


def audience(spec: ExerciseSpec) -> Audience:
    """Read and check the sample audience of a schedule exercise (clear message if wrong)."""
    where = f"exercise '{spec.id}', audience"
    raw = spec.data.get("audience")
    if not isinstance(raw, dict) or not isinstance(raw.get("activity"), dict):
        raise ContentError(f"{where}: needs 'activity' with a row for each day.")
    activity: dict[str, int] = {}
    for day in DAYS:
        row = raw["activity"].get(day)
        if not isinstance(row, list) or len(row) != len(BANDS):
            raise ContentError(f"{where}: '{day}' needs {len(BANDS)} numbers "
                               f"(for {', '.join(band_name(h) for h in BANDS)}).")
        for hour, value in zip(BANDS, row, strict=True):
            if not isinstance(value, int) or not 0 <= value <= 100:
                raise ContentError(f"{where}: '{day}' {band_name(hour)} should be 0 to 100.")
            activity[slot_id(day, hour)] = value
    try:
        return Audience(activity, int(raw["busiest_at_least"]), int(raw["active_at_least"]))
    except (KeyError, TypeError, ValueError) as err:
        raise ContentError(f"{where}: needs busiest_at_least and active_at_least.") from err


@dataclass(frozen=True)
class Verdict:
    """What stops the marks (`problems`, empty: full marks) and advice that never marks."""

    problems: list[str]
    advice: list[str]


def review(value: Any, crowd: Audience) -> Verdict:
    """The learner's three posting times against the marked rule and the seed's advice."""
    value = value if isinstance(value, dict) else {}
    slots = [s for s in value.get("slots", []) if s in crowd.activity]
    online = {s for s in value.get("online", []) if s in crowd.activity}
    problems: list[str] = []
    if len(slots) != PICKS:
        problems.append(_("Pick three times to post. You have picked {count}.",
                          count=len(slots)))
    if not online:
        problems.append(_("First mark when you are usually online, in the first grid."))
    elif slots and not online & set(slots):
        problems.append(_("None of your three times is one you marked as online. Make at least "
                          "one of them a time you are online, so you can reply when people "
                          "answer."))
    return Verdict(problems, _advice(slots, crowd) if len(slots) == PICKS else [])


def _advice(slots: list[str], crowd: Audience) -> list[str]:
    tips = []
    if len({s.split("-")[0] for s in slots}) < len(slots):
        tips.append(_("Two of your times are on the same day. Spreading them over the week "
                      "reaches more people."))
    if all(in_office(s) for s in slots):
        tips.append(_("All three are in office hours (Monday to Friday, 9 to 5). Many people "
                      "are at work then. If your people are around then, that is fine."))
    for s in slots:
        if crowd.level(s) == "busiest":
            tips.append(_("{time} is the busiest time: the most people talk then, and the most "
                          "posts compete for them. If it feels too busy, try just before or "
                          "after.", time=slot_name(s)))
        elif crowd.level(s) == "quiet":
            tips.append(_("{time} is quiet for this sample audience, so fewer people will see "
                          "it. Keep it if your own people are around then.", time=slot_name(s)))
    return tips


def judge(value: Any, crowd: Audience) -> list[str]:
    """What stops the marks, in plain words (empty: full marks)."""
    return review(value, crowd).problems
