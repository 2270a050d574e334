"""Module 4's "When to post" rules: the week's time slots, a sample audience and the judge.

The rules (the page teaches them, and grading checks them):

1. Post three times a week: three times, on three different days.
2. Not all in office hours (Monday to Friday, 9 to 5): most people are at work then.
3. Avoid the busiest slot: your post gets lost in the crowd.
4. Post when your audience is around: each time has at least "active" activity.
5. Think about when *you* engage: at least one time is one when you are online, to reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .datafiles import ContentError
from .spec import ExerciseSpec

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
BANDS = (6, 9, 12, 15, 18, 21)  # each band is three hours from this hour
OFFICE = {(d, h) for d in DAYS[:5] for h in (9, 12, 15)}
PICKS = 3


def hour_name(hour: int) -> str:
    if hour in (0, 24):
        return "midnight"
    if hour == 12:
        return "12 noon"
    return f"{hour % 12}{'am' if hour < 12 else 'pm'}"


def band_label(hour: int) -> str:
    """The short name on a grid box: the hour it starts ("3pm" is 3pm to 6pm), as the text
    says times."""
    return "noon" if hour == 12 else hour_name(hour)


BAND_NOTE = "Each box is three hours from the time on it: 3pm means 3pm to 6pm."


def band_name(hour: int) -> str:
    """"15" -> "3pm to 6pm"."""
    return f"{hour_name(hour)} to {hour_name(hour + 3)}"


def slot_id(day: str, hour: int) -> str:
    return f"{day}-{hour:02d}"


def slot_name(slot: str) -> str:
    """"mon-18" -> "Monday 6pm to 9pm"."""
    day, hour = slot.split("-")
    return f"{DAY_NAMES[DAYS.index(day)]} {band_name(int(hour))}"


def all_slots() -> list[str]:
    return [slot_id(d, h) for d in DAYS for h in BANDS]


@dataclass(frozen=True)
class Audience:
    """A sample audience: activity 0-100 for each day and band, and the thresholds."""

    activity: dict[str, int]
    busiest_at_least: int
    active_at_least: int

    def busiest(self) -> list[str]:
        return [s for s, v in self.activity.items() if v >= self.busiest_at_least]


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


def judge(value: Any, crowd: Audience) -> list[str]:
    """What is wrong with a learner's three posting times, in plain words (empty: all good)."""
    value = value if isinstance(value, dict) else {}
    slots = [s for s in value.get("slots", []) if s in crowd.activity]
    online = {s for s in value.get("online", []) if s in crowd.activity}
    if len(slots) != PICKS:
        return [f"Pick three times to post. You have picked {len(slots)}."]
    problems = []
    days = [s.split("-")[0] for s in slots]
    if len(set(days)) < PICKS:
        problems.append("Spread your three times over three different days: three times a week.")
    if all((s.split("-")[0], int(s.split("-")[1])) in OFFICE for s in slots):
        problems.append("All three times are in office hours (Monday to Friday, 9 to 5). Most "
                        "people are at work then. Try an evening or a weekend.")
    for s in slots:
        if s in crowd.busiest():
            problems.append(f"{slot_name(s)} is the busiest time, so your post may get lost. "
                            "Try just before or after.")
        elif crowd.activity[s] < crowd.active_at_least:
            problems.append(f"{slot_name(s)} is quiet: few people in this audience are online.")
    if online and not online & set(slots):
        problems.append("None of your times is one when you are online. Pick at least one, so "
                        "you can reply when people answer.")
    if not online:
        problems.append("First mark when you are usually online, in the first grid.")
    return problems
