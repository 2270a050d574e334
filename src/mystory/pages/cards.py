"""The course home's cards: each module's title, progress (read from its answer file without
changing it) and a link, if the module is in the learner's workspace."""

from __future__ import annotations

from pathlib import Path

from ..core import content
from ..core.kinds import is_answered
from ..core.markup import esc
from ..core.store import answer_path, read_or_why


def module_progress(spec: content.ModuleSpec, folder: Path) -> tuple[int, int, str | None]:
    """(answered, total, problem) for a module, read from its answer file without changing it."""
    reading = read_or_why(answer_path(spec.notebook, folder / spec.folder))
    if reading.why and not reading.missing:
        problem = "We could not read the saved answers. Open the module to fix this."
        return 0, len(spec.exercises), problem
    saved = reading.answers
    done = sum(is_answered(e, saved.get(e.id)) for e in spec.exercises.values())
    return done, len(spec.exercises), None


def card_html(number: int, spec: content.ModuleSpec, folder: Path, released: bool = True) -> str:
    """One module's card on the course home: progress and a link, if the module is here."""
    notebook = folder / spec.folder / f"{spec.notebook}.ipynb"
    done, total, problem = module_progress(spec, folder)
    if done == 0:
        state = "Not started"
    elif done < total:
        state = f"{done} of {total} answered"
    else:
        state = "All answered"
    action = "Start" if done == 0 else ("Carry on" if done < total else "Look again")
    if notebook.exists():
        link = (f'<a class="mystory-open" href="{spec.folder}/{spec.notebook}.ipynb">'
                f'{action}<span class="mystory-sr"> {esc(spec.title)}</span></a>')
    elif released:
        link = '<span class="mystory-soon">Coming soon</span>'
    else:
        link = '<span class="mystory-soon">Not open yet. Your facilitator will open it.</span>'
    note = f'<p class="mystory-problem">{esc(problem)}</p>' if problem else ""
    return (f'<h2>Module {number}: {esc(spec.title)}</h2>'
            f'<p>{esc(spec.summary)}</p>'
            f'<p class="mystory-meta">About {spec.minutes} minutes.</p>'
            f'<label class="mystory-progress">Progress: <span class="mystory-state">{state}</span>'
            f'<progress max="{total}" value="{done}">{done} of {total}</progress></label>'
            f'{note}{link}')


def home_html(folder: Path) -> str:
    """The course home: one card a module, in order, with progress and a link."""
    cards = [f'<li class="mystory-card" data-module="{esc(spec.folder)}">'
             f'{card_html(number, spec, folder)}</li>'
             for number, spec in enumerate(content.course())]
    return f'<ol class="mystory-cards">{"".join(cards)}</ol>'
