"""The facilitator dashboard: the class report as a Voila app, and each learner's answers with
what the coach saw. Started by ``mystory dashboard``."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import ipywidgets as w
from IPython.display import display

from ..core.answers import answer_text
from ..core.kinds import kind_of
from ..core.language import _, default_language, use_language
from .report import ClassData, gather, report_html


def learner_html(data: ClassData, learner: str) -> str:
    """One learner's answers, module by module, with the coach's findings (all escaped)."""
    use_language(default_language())  # the organisation's dashboard, in its language
    parts = [f"<h2>{html.escape(learner)}</h2>"]
    not_yet = html.escape(_("Not handed in yet."))
    no_answer = html.escape(_("no answer"))
    for row in data.modules:
        answers = data.answers.get(learner, {}).get(row.spec.folder)
        score = row.scores.get(learner)
        head = html.escape(row.spec.title)
        if answers is None:
            parts.append(f"<h3>{head}</h3><p>{not_yet}</p>")
            continue
        mark = html.escape(_(" ({score} of {most})", score=format(score[0], "g"),
                             most=format(score[1], "g"))) if score else ""
        parts.append(f"<h3>{head}{mark}</h3>")
        for ex in row.spec.exercises.values():
            value = answers.get(ex.id)
            text = answer_text(ex, value)
            notes = kind_of(ex).coach_note(ex, value)
            said = _("Coach: {notes}", notes=notes) if notes else ""
            coach_note = f"<br><em>{html.escape(said)}</em>" if notes else ""
            # Each question above its own answer (a definition list let labels float beside
            # the previous answer in the page's styles).
            parts.append(f'<div class="mystory-dash-answer" style="display: block; '
                         f'margin: 0 0 0.8rem">'
                         f'<p class="mystory-dash-label" style="margin: 0"><strong>'
                         f"{html.escape(ex.label)}</strong></p>"
                         f'<p class="mystory-dash-words" style="margin: 0; white-space: '
                         f'pre-wrap; overflow-wrap: anywhere">'
                         f"{html.escape(text) or f'<em>{no_answer}</em>'}{coach_note}</p></div>")
    return "".join(parts)


def show(course: str | Path | None = None) -> None:
    """Show the dashboard: a course folder box, the class report, and a learner picker."""
    use_language(default_language())  # the organisation's dashboard, in its language
    folder = w.Text(value=str(course or os.environ.get("MYSTORY_COURSE", "")),
                    description=_("Course folder"), style={"description_width": "initial"},
                    layout=w.Layout(width="100%"))
    folder.add_class("mystory-field")
    open_button = w.Button(description=_("Open"), button_style="primary")
    picker = w.Dropdown(description=_("Learner"), options=[],
                        style={"description_width": "initial"})
    picker.add_class("mystory-field")
    summary, detail, status = w.HTML(), w.HTML(), w.HTML()
    state: dict[str, ClassData] = {}

    def load(_button: Any = None) -> None:
        path = Path(folder.value).expanduser()
        if not (path / "nbgrader_config.py").is_file():
            said = _("That folder is not a course folder (it has no nbgrader_config.py).")
            status.value = f'<p class="mystory-problem">⚠ {html.escape(said)}</p>'
            return
        try:
            data = gather(path)
        except Exception as err:  # noqa: BLE001 - say it on the page, never a traceback
            said = _("The class could not be read: {problem}", problem=err)
            status.value = f'<p class="mystory-problem">⚠ {html.escape(said)}</p>'
            return
        state["data"] = data
        status.value = ""
        body = report_html(data)
        summary.value = body[body.index("<main>") + 6: body.index("</main>")]
        picker.options = data.learners

    def pick(change: dict[str, Any]) -> None:
        if change["new"] and "data" in state:
            detail.value = learner_html(state["data"], change["new"])

    open_button.on_click(load)
    picker.observe(pick, names="value")
    display(w.VBox([folder, open_button, status, summary, picker, detail]))
    if folder.value:
        load()
