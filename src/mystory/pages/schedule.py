"""Module 4's "When to post" page: two week grids and the sample audience's heatmap.

The rules it teaches, and grading checks, are in ``mystory.core.schedule``.
"""

from __future__ import annotations

import base64
from typing import Any

import ipywidgets as w

from ..core.language import N_, _
from ..core.markup import esc
from ..core.schedule import (
    BAND_NOTE,
    BANDS,
    DAYS,
    PICKS,
    RULE,
    Audience,
    audience,
    band_label,
    band_name,
    day_name,
    day_short,
    in_office,
    review,
    slot_id,
    slot_name,
)
from .widgets import Exercise, widget

LEVELS = {  # level: (mark in the box, fill, words for the key)
    "busiest": ("★", "#1f3a93", N_("Busiest: the most people talk then, and the most posts "
                                   "compete for them.")),
    "around": ("●", "#8fa8e8", N_("Around: a good share of this audience is online.")),
    "quiet": ("", "#eef1fb", N_("Quiet: few of them are online.")),
}


def heatmap_svg(crowd: Audience) -> str:
    """The sample audience as a grid of three shades, each with its mark (no numbers)."""
    cell_w, cell_h, left, top = 44, 30, 44, 22
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 312 236" width="312" '
             'height="236"><style>text{font:12px sans-serif}</style>']
    for col, hour in enumerate(BANDS):
        parts.append(f'<text x="{left + col * cell_w + cell_w / 2}" y="15" '
                     f'text-anchor="middle" fill="#1d1d1b">{band_label(hour)}</text>')
    for row, day in enumerate(DAYS):
        y = top + row * cell_h
        parts.append(f'<text x="4" y="{y + 20}" fill="#1d1d1b">{esc(day_short(day))}</text>')
        for col, hour in enumerate(BANDS):
            mark, fill, _words = LEVELS[crowd.level(slot_id(day, hour))]
            ink = "#ffffff" if fill == LEVELS["busiest"][1] else "#1d1d1b"
            x = left + col * cell_w
            parts.append(f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" '
                         f'fill="{fill}"/><text x="{x + cell_w / 2 - 1}" y="{y + 19}" '
                         f'text-anchor="middle" fill="{ink}">{mark}</text>')
    parts.append("</svg>")
    return "".join(parts)


def heatmap_key() -> str:
    """The legend in words and marks, so colour is never the only signal."""
    empty = esc(_("An empty box:"))
    items = "".join(f'<li>{mark or empty} {esc(_(words))}</li>'
                    for mark, _colour, words in LEVELS.values())
    return f'<ul class="mystory-key">{items}</ul>'


def heatmap_summary(crowd: Audience) -> str:
    """The heatmap in words: its text alternative."""
    ranked = sorted(crowd.activity, key=lambda s: -crowd.activity[s])
    busy = ", ".join(slot_name(s) for s in crowd.busiest())
    good = ", ".join(slot_name(s) for s in ranked if s not in crowd.busiest())
    quiet = [s for s in crowd.activity if crowd.activity[s] < crowd.active_at_least]
    office_quiet = sum(1 for s in quiet if in_office(s))
    top = ", ".join(good.split(", ")[:5])
    if len(crowd.busiest()) > 1:
        said = _("The busiest times are {busy}. Other good times, busiest first: {good}. "
                 "{quiet} of the 42 time slots are quiet, {office} of them in office hours.",
                 busy=busy, good=top, quiet=len(quiet), office=office_quiet)
    else:
        said = _("The busiest time is {busy}. Other good times, busiest first: {good}. "
                 "{quiet} of the 42 time slots are quiet, {office} of them in office hours.",
                 busy=busy, good=top, quiet=len(quiet), office=office_quiet)
    return said


HEATMAP_KEY = N_("Each number is how many people in 100 from this audience are online then.")


def heatmap_html(crowd: Audience) -> str:
    data = base64.b64encode(heatmap_svg(crowd).encode()).decode()
    summary = heatmap_summary(crowd)
    rows = "".join(
        f"<tr><th scope=\"row\">{esc(day_name(d))}</th>"
        + "".join(f"<td>{crowd.activity[slot_id(d, h)]}</td>" for h in BANDS) + "</tr>"
        for d in DAYS)
    head = "".join(f'<th scope="col">{esc(band_name(h))}</th>' for h in BANDS)
    alt = _("Heatmap of when a sample audience is online. {summary}", summary=summary)
    table, day = esc(_("The numbers as a table")), esc(_("Day"))
    return (f'{heatmap_key()}<p class="mystory-key">{esc(_(BAND_NOTE))}</p>'
            f'<figure class="mystory-chart"><img src="data:image/svg+xml;base64,{data}" '
            f'alt="{esc(alt)}" width="312">'
            f'<figcaption class="mystory-summary">{esc(summary)}</figcaption></figure>'
            f'<details><summary>{table}</summary>'
            f'<p class="mystory-key">{esc(_(HEATMAP_KEY))}</p><table class="mystory-table">'
            f"<tr><th>{day}</th>{head}</tr>{rows}</table></details>")


@widget("schedule")
class ScheduleExercise(Exercise):
    """Two week grids: when I am online, and my three times to post; feedback as you pick."""

    def _build(self, saved: Any) -> w.Widget:
        saved = saved if isinstance(saved, dict) else {}
        self.crowd = audience(self.spec)
        self.online = self._grid(set(saved.get("online", [])), "online")
        self.slots = self._grid(set(saved.get("slots", [])), "slots")
        self.heatmap = w.HTML(heatmap_html(self.crowd))
        when = esc(_("When are you usually online? Tap every time that fits."))
        sample = esc(_("When is this sample audience online?"))
        box = w.VBox([
            w.HTML(f'<div class="mystory-legend">1. {when}</div>'
                   f'<p class="mystory-key">{esc(_(BAND_NOTE))}</p>'),
            self._grid_box(self.online),
            w.HTML(f'<div class="mystory-legend">2. {sample}</div>'),
            self.heatmap,
            w.HTML(f'<div class="mystory-legend">3. {esc(self.spec.label)}</div>'
                   f'<p class="mystory-key">{esc(_(RULE))}</p>'),
            self._grid_box(self.slots),
        ])
        box.add_class("mystory-field")
        return box

    def _grid(self, chosen: set[str], name: str) -> dict[str, w.ToggleButton]:
        buttons = {}
        for day in DAYS:
            for hour in BANDS:
                sid = slot_id(day, hour)
                button = w.ToggleButton(
                    value=sid in chosen, description=band_label(hour),
                    tooltip=slot_name(sid),
                    layout=w.Layout(width="44px", min_height="36px", margin="1px"))
                button.add_class("mystory-cell")
                button.observe(lambda c, s=sid, n=name: self._toggled(n, s, c), names="value")
                buttons[sid] = button
        return buttons

    def _grid_box(self, buttons: dict[str, w.ToggleButton]) -> w.Widget:
        rows = [w.HBox([w.HTML(f'<span class="mystory-day">{esc(day_short(d))}</span>'),
                        *(buttons[slot_id(d, h)] for h in BANDS)]) for d in DAYS]
        grid = w.VBox(rows)
        grid.add_class("mystory-grid")
        return grid

    def _toggled(self, name: str, slot: str, change: dict[str, Any]) -> None:
        if name == "slots" and change["new"]:
            picked = [s for s, b in self.slots.items() if b.value]
            if len(picked) > PICKS:
                self.slots[slot].value = False
                self._show_status(_("You have already picked three times. Untap one first."),
                                  ok=False)
                return
        self.save()

    def value(self) -> dict[str, list[str]]:
        return {"online": [s for s, b in self.online.items() if b.value],
                "slots": [s for s, b in self.slots.items() if b.value]}

    def _show_feedback(self, value: Any) -> None:
        verdict = review(value, self.crowd)
        if not verdict.problems:
            names = "; ".join(slot_name(s) for s in value["slots"])
            marks = _("These times get the marks: {times}. Now post something interesting and "
                      "start a conversation.", times=names)
            head = f"<p>★ {esc(marks)}</p>"
        else:
            head = "<ul>" + "".join(f"<li>{esc(p)}</li>" for p in verdict.problems) + "</ul>"
        advice = "".join(f"<li>{esc(t)}</li>" for t in verdict.advice)
        weigh = _("Things to weigh (no marks depend on them):")
        more = f"<p>{esc(weigh)}</p><ul>{advice}</ul>" if advice else ""
        self.feedback.value = f'<div class="mystory-why">{head}{more}</div>'
