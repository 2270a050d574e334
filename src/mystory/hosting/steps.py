"""A module's exchange steps on a shared server (get, hand in, get feedback) and its card.

Pure HTML and nbgrader's exchange, no widgets: both course homes use them, the Voila one
(pages/handin.py) and the one the learner's server writes without a kernel (homepage.py).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..core import content
from ..core.language import N_, _
from ..core.markup import esc
from ..pages.cards import card_html, start_here
from . import exchange

# Each step's button, in English: ``step_label`` says it in the page's language.
STEPS = {"get": N_("Get Module {n}"), "hand-in": N_("Hand in Module {n}"),
         "feedback": N_("Get feedback on Module {n}")}


def step_label(step: str, number: int) -> str:
    """A step's button, in the page's language."""
    return _(STEPS[step], n=number)


def steps_now(spec: content.ModuleSpec, folder: Path) -> list[str]:
    """The exchange steps that make sense for this module now (keys of STEPS)."""
    if not (folder / spec.folder / f"{spec.notebook}.ipynb").exists():
        return ["get"] if exchange.is_released(spec.folder) else []
    if exchange.handed_in(spec.folder):
        return ["hand-in", "feedback"]
    return ["hand-in"]


def card_markup(number: int, spec: content.ModuleSpec, folder: Path) -> str:
    """A module's card on a shared server: progress, its link and any feedback pages."""
    released = exchange.is_released(spec.folder)
    first = start_here(folder) == spec.folder
    return card_html(number, spec, folder, released, first) + _feedback_links(number, spec, folder)


def _feedback_links(number: int, spec: content.ModuleSpec, folder: Path) -> str:
    pages = exchange.feedback_pages(folder, spec.folder)
    if not pages:
        return ""
    # Jupyter Server serves the learner's own files under files/, two levels up from here.
    read, on = _("Read your feedback"), _("on Module {number}", number=number)
    items = "".join(
        f'<li><a href="../../files/{esc(str(page.path.relative_to(folder)))}">'
        f'{esc(read)}<span class="mystory-sr"> {esc(on)}</span></a> '
        f"{esc(handed_in(page.handed_in_at))}</li>"
        for page in pages)
    return f'<ul class="mystory-feedback-links">{items}</ul>'


def handed_in(when: str) -> str:
    return _("(handed in {when})", when=when)


def run_step(step: str, number: int, spec: content.ModuleSpec, folder: Path) -> tuple[bool, str]:
    """Run one exchange step; (it worked, what to tell the learner). Nothing is ever lost."""
    try:
        if step == "get":
            exchange.fetch(folder, spec.folder)
            return True, _("Module {number} is ready. Choose Start to open it.", number=number)
        if step == "hand-in":
            exchange.submit(folder, spec.folder)
            time = datetime.now().strftime("%H:%M")
            return True, _("Handed in at {time}. You can keep working and hand in again: your "
                           "facilitator marks the last one.", time=time)
        if exchange.fetch_feedback(folder, spec.folder):
            return True, _("Your feedback is here. Choose Read your feedback.")
        return True, _("There is no feedback yet. Your facilitator will tell you when it is "
                       "ready.")
    except exchange.ExchangeProblem as err:
        return False, _("That did not work this time: {problem} Your answers are safe. "
                        "Please try again, or ask your facilitator.", problem=err)
    except OSError as err:
        return False, _("That did not work this time ({problem}). Your answers are safe. "
                        "Please tell your facilitator.", problem=err.strerror)


def status_html(ok: bool, text: str) -> str:
    kind = "saved" if ok else "problem"
    return f'<div class="mystory-{kind}" role="status" aria-live="polite">{esc(text)}</div>'
