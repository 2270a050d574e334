"""The course home's cards: each module's title, progress (read from its answer file without
changing it) and a link, if the module is in the learner's workspace."""

from __future__ import annotations

from pathlib import Path

from ..core import content
from ..core.kinds import progress
from ..core.language import _, current_language
from ..core.markup import esc
from ..core.store import answer_path, read_or_why


def module_progress(spec: content.ModuleSpec, folder: Path) -> tuple[int, int, str | None]:
    """(answered, needed, problem) for a module, read from its answer file without changing it."""
    reading = read_or_why(answer_path(spec.notebook, folder / spec.folder))
    if reading.why and not reading.missing:
        problem = _("We could not read the saved answers. Open the module to fix this.")
        return 0, len(spec.needed), problem
    return (*progress(spec, reading.answers), None)


def card_html(number: int, spec: content.ModuleSpec, folder: Path, released: bool = True,
              start_here: bool = False) -> str:
    """One module's card on the course home: progress and a link, if the module is here.

    Modules are numbered from 1, as learners count; `start_here` marks where to go next.
    """
    notebook = folder / spec.folder / f"{spec.notebook}.ipynb"
    done, total, problem = module_progress(spec, folder)
    if done == 0:
        state = _("Not started")
    elif done < total:
        state = _("{done} of {total} answered", done=done, total=total)
    else:
        state = _("Done")
    mark = ""
    if start_here:
        where = _("Start here") if done == 0 else _("Carry on here")
        mark = f'<p class="mystory-start">★ {esc(where)}</p>'
    action = _("Start") if done == 0 else (_("Carry on") if done < total else _("Look again"))
    if notebook.exists():
        link = (f'<a class="mystory-open" href="{spec.folder}/{spec.notebook}.ipynb">'
                f'{esc(action)}<span class="mystory-sr"> {esc(spec.title)}</span></a>')
    else:
        soon = (_("Coming soon") if released else
                _("Not open yet. Your facilitator will open it."))
        link = f'<span class="mystory-soon">{esc(soon)}</span>'
    note = f'<p class="mystory-problem">{esc(problem)}</p>' if problem else ""
    module = _("Module {number}: {title}", number=number, title=spec.title)
    minutes = _("About {minutes} minutes.", minutes=spec.minutes)
    label, of = _("Progress:"), _("{done} of {total}", done=done, total=total)
    return (f'{mark}<h2>{esc(module)}</h2>'
            f'<p>{esc(spec.summary)}</p>'
            f'<p class="mystory-meta">{esc(minutes)}</p>'
            f'<label class="mystory-progress">{esc(label)} '
            f'<span class="mystory-state">{esc(state)}</span>'
            f'<progress max="{total}" value="{done}">{esc(of)}</progress></label>'
            f'{note}{link}')


def start_here(folder: Path) -> str | None:
    """The folder of the first module the learner has not finished (None when all are done)."""
    for spec in content.course(current_language()):
        done, total, _problem = module_progress(spec, folder)
        if done < total:
            return spec.folder
    return None


def numbered_modules() -> list[tuple[int, content.ModuleSpec]]:
    """The course's modules with the numbers learners see: 1, 2, 3..."""
    return list(enumerate(content.course(current_language()), start=1))


def home_html(folder: Path) -> str:
    """The course home: one card a module, in order, with progress and a link."""
    first = start_here(folder)
    cards = [f'<li class="mystory-card" data-module="{esc(spec.folder)}">'
             f'{card_html(number, spec, folder, start_here=spec.folder == first)}</li>'
             for number, spec in numbered_modules()]
    return f'<ol class="mystory-cards">{"".join(cards)}</ol>'
