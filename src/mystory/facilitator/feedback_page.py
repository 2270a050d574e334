"""Feedback a learner can read: marks in plain words, their own words as text, no code.

nbgrader's own feedback page shows the notebook's code and its hidden tests. This page shows,
for each marked part: what it was, the mark, the reason in plain English (the course's own
message) and the facilitator's comment; then the learner's written answers, escaped.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import nbformat

from ..core import content
from ..core.kinds import kind_of
from ..core.language import _, default_language, use_language
from ..core.store import HANDIN_STAMPS, answer_path, read_or_why
from .build import nbgrader_api
from .labels import question_label
from .outcomes import failure
from .paths import CoursePaths
from .progress import Progress

PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 17px/1.5 sans-serif; color: #1d1d1b; max-width: 44rem; margin: 0 auto;
       padding: 1rem; }}
h1 {{ font-size: 1.6rem; }} .mark {{ font-weight: 700; }}
li {{ margin-bottom: 0.8rem; }} .words {{ white-space: pre-wrap; border-left: 4px solid #0b5394;
  padding: 0.2rem 0.8rem; overflow-wrap: anywhere; }}
</style></head><body><main>
{body}
</main></body></html>
"""


def _label(spec: content.ModuleSpec, grade_id: str, cell: nbformat.NotebookNode | None) -> str:
    heading = ""
    if cell is not None and cell.cell_type == "markdown" and cell.source.strip():
        heading = cell.source.strip().splitlines()[0].lstrip("# ").strip()
    return question_label(spec, grade_id, heading)


def _reasons(nb: nbformat.NotebookNode) -> dict[str, str]:
    """The plain message each failed test cell gave (the course's own AssertionError text)."""
    found = {}
    for cell in nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        for output in cell.get("outputs", []):
            if gid and output.get("output_type") == "error":
                found[gid] = output.get("evalue", "")
    return found


def page_for(course: Path, module: str, learner: str, db_url: str | None = None) -> str:
    """The feedback page of one learner's module, in the organisation's language."""
    language = default_language()
    use_language(language)
    spec = content.module(module, language)
    autograded = CoursePaths(course).autograded(learner, module)
    nb = nbformat.read(autograded / f"{spec.notebook}.ipynb", as_version=4)
    cells = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    reasons = _reasons(nb)
    rows = []
    total = maximum = 0.0
    with nbgrader_api(course, db_url=db_url).gradebook as gb:
        submission = gb.find_submission_notebook(spec.notebook, module, learner)
        comments = {c.name: c.comment for c in submission.comments if c.comment}
        for grade in sorted(submission.grades, key=lambda g: list(cells).index(g.name)
                            if g.name in cells else 0):
            score = grade.score or 0.0
            total += score
            maximum += grade.max_score
            label = _label(spec, grade.name, cells.get(grade.name))
            got, out_of = format(score, "g"), format(grade.max_score, "g")
            if grade.needs_manual_grade:
                mark = _("waiting for your facilitator (out of {most})", most=out_of)
            else:
                mark = _("{score} out of {most}", score=got, most=out_of)
            why = reasons.get(grade.name, "")
            why = why.split('": ', 1)[-1] if why else (_("Well done.") if score == grade.max_score
                                                       and not grade.needs_manual_grade else "")
            note = comments.get(grade.name, "")
            says = _("Your facilitator says:")
            rows.append(
                f"<li><strong>{html.escape(label)}</strong><br>"
                f'<span class="mark">{html.escape(mark)}</span>'
                + (f"<br>{html.escape(why)}" if why else "")
                + (f"<br><em>{html.escape(says)}</em> {html.escape(note)}" if note else "")
                + "</li>")
    written = []
    answers = read_or_why(answer_path(spec.notebook, autograded)).answers
    for ex in spec.exercises.values():
        value = answers.get(ex.id)
        kind = kind_of(ex)
        if ex.graded == "manual" or kind.shows_writing:
            text = kind.written(value)
            if text.strip():
                written.append(f"<h3>{html.escape(ex.label)}</h3>"
                               f'<p class="words">{html.escape(text)}</p>')
    notes_file = autograded / ".mystory-notes"
    notes = notes_file.read_text().splitlines() if notes_file.is_file() else []
    please = html.escape(_("Please note:"))
    notes_html = "".join(f"<p><strong>{please}</strong> {html.escape(n)}</p>"
                         for n in notes if n.strip())
    title = html.escape(_("{title}: your feedback", title=spec.title))
    so_far = html.escape(_("Your mark so far:"))
    got, out_of = format(total, "g"), format(maximum, "g")
    mark = html.escape(_("{score} out of {most}", score=got, most=out_of))
    wrote = html.escape(_("What you wrote"))
    body = (f"<h1>{title}</h1>{notes_html}"
            f"<p>{so_far} <strong>{mark}</strong>.</p>"
            f"<ol>{''.join(rows)}</ol>"
            + (f"<h2>{wrote}</h2>{''.join(written)}" if written else ""))
    return PAGE.format(title=title, body=body, lang=html.escape(language))


def write_feedback(course: Path, modules: list[str] | None = None,
                   db_url: str | None = None, progress: bool = False,
                   problems: list[str] | None = None) -> list[Path]:
    """Write a feedback page for every autograded learner and module; return the files.

    With `progress`, each page is announced as it is written (see facilitator.progress). A page
    that cannot be written (its grading failed) is named in `problems`; the others still are.
    """
    written = []
    problems = problems if problems is not None else []
    paths = CoursePaths(course)
    modules = modules or [m.folder for m in content.course()]
    todo = [(learner, module) for learner in paths.learners(paths.dirs.autograded_directory)
            for module in modules if paths.autograded(learner, module).is_dir()]
    counter = Progress(len(todo)) if progress else None
    for learner, module in todo:
        if counter:
            counter.step(f"Feedback for {learner} on {module}")
        spec = content.module(module)
        out = paths.feedback(learner, module) / f"{spec.notebook}.html"
        failed = failure(course, module, learner)
        try:
            if failed:
                raise RuntimeError(f"its grading failed ({failed})")
            page = page_for(course, module, learner, db_url)
        except Exception as err:  # noqa: BLE001 - one learner's page never stops the others
            problems.append(f"No feedback page for {learner} on {module}: {err}. Grade it "
                            f"again (mystory grade {module}) once that is put right.")
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
        # nbgrader's release_feedback names each page by the hand-in's secret and time.
        submitted = paths.submitted(learner, module)
        for kept in HANDIN_STAMPS:
            if (submitted / kept).is_file():
                shutil.copyfile(submitted / kept, out.parent / kept)
        written.append(out)
    if counter:
        counter.finish()
    return written
