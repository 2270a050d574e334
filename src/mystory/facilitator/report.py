"""The class report (one self-contained HTML file) and the certificates (one PDF per learner).

Everything is read from the course folder: the gradebook and the learners' answer files (as
data). Charts are drawn as SVG with a text alternative beside each one.
"""

from __future__ import annotations

import base64
import html
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import content
from ..core.branding import organisation
from ..core.kinds import KINDS, kind_of, progress
from ..core.language import N_, _, current_language, default_language, use_language
from ..core.pdf import new_pdf
from ..core.store import answer_path, read_or_why
from .build import nbgrader_api
from .labels import question_label
from .outcomes import failure
from .paths import CoursePaths
from .progress import Progress

PASS_MARK = 0.6


@dataclass
class ModuleRow:
    spec: content.ModuleSpec
    submitted: set[str] = field(default_factory=set)
    complete: set[str] = field(default_factory=set)
    scores: dict[str, tuple[float, float]] = field(default_factory=dict)  # learner: (score, max)
    to_mark: set[str] = field(default_factory=set)  # written answers wait for the facilitator
    failed: dict[str, str] = field(default_factory=dict)  # learner: why grading failed
    cells: dict[str, list[float]] = field(default_factory=dict)  # grade id: [share of points]


@dataclass
class ClassData:
    learners: list[str]
    modules: list[ModuleRow]
    findings: Counter  # (what, rule) -> learners
    counted: Counter  # what -> learners with one
    answers: dict[str, dict[str, dict[str, Any]]]  # learner -> module -> answers
    problems: list[str] = field(default_factory=list)  # files that could not be read, in words


def _answers(course: Path, learner: str, spec: content.ModuleSpec,
             problems: list[str]) -> dict[str, Any] | None:
    """The answers that were marked: the submitted copy first, where grading may have put the
    copy saved just before; an unreadable file counts as none and is named in `problems`."""
    paths = CoursePaths(course)
    for folder in (paths.submitted(learner, spec.folder), paths.original(learner, spec.folder)):
        reading = read_or_why(answer_path(spec.notebook, folder))
        if reading.missing:
            continue
        if reading.why:
            problems.append(_("{learner}'s answers to {module}: {why} They count as no "
                              "answers; everything else is in.", learner=learner,
                              module=spec.folder, why=reading.why))
        return reading.answers
    return None


def gather(course: Path, db_url: str | None = None, progress: bool = False) -> ClassData:
    """Read the class from the gradebook and the answer files (saying so, with `progress`)."""
    language = default_language()  # the report is the organisation's, in its language
    use_language(language)
    specs = list(content.course(language))
    paths = CoursePaths(course)
    with nbgrader_api(course, db_url=db_url).gradebook as gb:
        learners = sorted({s.id for s in gb.students} | set(paths.learners()))
        rows = []
        for spec in specs:
            row = ModuleRow(spec)
            for learner in learners:
                try:
                    sub = gb.find_submission(spec.folder, learner)
                except Exception:  # noqa: BLE001 - nbgrader's MissingEntry and friends
                    continue
                row.submitted.add(learner)
                row.scores[learner] = (sub.score, sub.max_score)
                if sub.needs_manual_grade:
                    row.to_mark.add(learner)
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        if grade.max_score:
                            row.cells.setdefault(grade.name, []).append(
                                (grade.score or 0) / grade.max_score)
            rows.append(row)
    findings: Counter = Counter()
    counted: Counter = Counter()
    all_answers: dict[str, dict[str, dict[str, Any]]] = {}
    problems: list[str] = []
    counter = Progress(len(rows)) if progress else None
    for row in rows:
        if counter:
            counter.step(f"Reading {len(learners)} learner(s)' answers to {row.spec.folder}")
        for learner in learners:
            failed = failure(course, row.spec.folder, learner)
            if failed:
                row.failed[learner] = failed
            answers = _answers(course, learner, row.spec, problems)
            if answers is None:
                continue
            all_answers.setdefault(learner, {})[row.spec.folder] = answers
            try:
                _count(row, learner, answers, findings, counted)
            except Exception as err:  # noqa: BLE001 - one learner's odd answers never stop all
                problems.append(_("{learner}'s answers to {module} could not be read through "
                                  "({problem}); the rest of the class is in.", learner=learner,
                                  module=row.spec.folder, problem=err.__class__.__name__))
    if counter:
        counter.finish()
    return ClassData(learners, rows, findings, counted, all_answers, problems)


def _count(row: ModuleRow, learner: str, answers: dict[str, Any], findings: Counter,
           counted: Counter) -> None:
    """Count one learner's module: complete or not, and what the coach finds in it."""
    done, needed = progress(row.spec, answers)
    if needed and done == needed:
        row.complete.add(learner)
    for ex in row.spec.exercises.values():
        value = answers.get(ex.id)
        kind = kind_of(ex)
        review = kind.review(ex, value)
        if review is None or not kind.written(value):
            continue
        counted[ex.kind] += 1
        for rule in {f.rule for f in review.problems}:
            findings[(ex.kind, rule)] += 1


def waiting_for(data: ClassData, learner: str, pass_mark: float = PASS_MARK) -> list[str]:
    """What stands between a learner and a certificate, in words ([] when they passed)."""
    reasons: dict[str, list[str]] = {}
    for row in data.modules:
        module = row.spec.folder
        score = row.scores.get(learner)
        if learner in row.failed:
            reasons.setdefault("grading failed (see mystory grade)", []).append(
                f"{module} ({row.failed[learner]})")
        elif score is None:
            reasons.setdefault("not handed in or not graded yet", []).append(module)
        elif learner in row.to_mark:
            reasons.setdefault("written answers to mark in formgrader", []).append(module)
        elif not score[1] or score[0] / score[1] < pass_mark:
            reasons.setdefault(f"below {pass_mark:.0%}", []).append(
                f"{module} ({score[0]:g} of {score[1]:g})")
    if not data.modules:
        return ["the course has no modules"]
    return [f"{why}: {', '.join(modules)}" for why, modules in reasons.items()]


RULE_WORDS = {  # translated where shown
    "disclaimer": N_("carry a \"views are my own\" disclaimer"),
    "corporate": N_("use corporate words"),
    "not-a-person": N_("sound like an organisation, not a person"),
    "no-passion": N_("say only a job title, nothing the person cares about"),
    "too-long": N_("are too long for their platform"),
    "hashtag-soup": N_("are mostly hashtags"),
    "shouting": N_("are mostly in capitals"),
    "empty": N_("are empty"),
    "about-us": N_("are about the organisation"),
    "no-invitation": N_("do not invite a reply"),
    "no-credit": N_("share without saying whose it is"),
    "sales-pitch": N_("read like an advert"),
    "argues": N_("pick a fight"),
}


def bar_chart(rows: list[tuple[str, float]], title: str) -> str:
    """Horizontal bars (0 to 1) as SVG, with the same numbers in words beside it."""
    height = 26 * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 420 {height}" width="420" '
             f'height="{height}"><style>text{{font:12px sans-serif}}</style>']
    for n, (label, share) in enumerate(rows):
        y = 8 + n * 26
        parts.append(f'<text x="0" y="{y + 13}">{html.escape(label[:28])}</text>'
                     f'<rect x="190" y="{y}" width="200" height="18" fill="#e8e1d5"/>'
                     f'<rect x="190" y="{y}" width="{round(200 * share)}" height="18" '
                     f'fill="#0b5394"/><text x="395" y="{y + 13}">{share:.0%}</text>')
    parts.append("</svg>")
    data = base64.b64encode("".join(parts).encode()).decode()
    words = "; ".join(f"{label}: {share:.0%}" for label, share in rows)
    return (f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{html.escape(title)}: '
            f'{html.escape(words)}" width="420"><figcaption>{html.escape(words)}</figcaption>'
            "</figure>")


@dataclass
class Confidence:
    """How learners felt about social media when the course began and when it ended."""

    first: str  # the modules that asked, by title
    last: str
    rows: list[tuple[str, int, int]]  # (answer, learners at the start, learners at the end)
    up: int = 0  # learners who answered both times, by how their answer moved
    same: int = 0
    down: int = 0


def _question(spec: content.ModuleSpec, named: str) -> tuple[content.ModuleSpec,
                                                             content.ExerciseSpec]:
    """A part's question: in the module itself, or elsewhere as <folder>/<exercise id>."""
    return content.elsewhere(named) if "/" in named else (spec, spec.exercises[named])


def confidence(data: ClassData) -> Confidence | None:
    """The confidence question at the start and the end of the course, counted (None when the
    course does not ask it twice: no module names the part 'confidence')."""
    try:
        spec, named = content.part("confidence")
    except content.ContentError:
        return None
    if not (isinstance(named, dict) and {"start", "end"} <= set(named)):
        return None
    (first, start), (last, end) = (_question(spec, named["start"]),
                                   _question(spec, named["end"]))
    order = [o.id for o in start.options]
    before: Counter = Counter()
    after: Counter = Counter()
    here = current_language()  # the modules' titles and the answers in the report's language
    first, last = content.module(first.folder, here), content.module(last.folder, here)
    start, end = first.exercises[start.id], last.exercises[end.id]
    result = Confidence(first.title, last.title, [])
    for learner in data.learners:
        answers = data.answers.get(learner, {})
        then = answers.get(first.folder, {}).get(start.id)
        now = answers.get(last.folder, {}).get(end.id)
        if then in order:
            before[then] += 1
        if now in order:
            after[now] += 1
        if then in order and now in order:
            move = order.index(now) - order.index(then)
            if move > 0:
                result.up += 1
            elif move < 0:
                result.down += 1
            else:
                result.same += 1
    result.rows = [(o.text, before[o.id], after[o.id]) for o in start.options]
    return result


def confidence_html(found: Confidence | None) -> str:
    """The confidence table and the change in words ("" when the course does not ask twice)."""
    if found is None:
        return ""
    both = found.up + found.same + found.down
    asked = html.escape(_("How learners feel about using social media: asked in {first} and "
                          "again in {last}.", first="\0", last="\1"))
    asked = asked.replace("\0", f"<em>{html.escape(found.first)}</em>").replace(
        "\1", f"<em>{html.escape(found.last)}</em>")
    heads = "".join(f"<th>{html.escape(_(h))}</th>"
                    for h in (N_("Answer"), N_("At the start"), N_("At the end")))
    title = html.escape(_("Confidence at the start and the end"))
    out = [f"<h2>{title}</h2>", f"<p>{asked}</p>", f"<table><tr>{heads}</tr>"]
    out += [f"<tr><td>{html.escape(text)}</td><td>{start}</td><td>{end}</td></tr>"
            for text, start, end in found.rows]
    out.append("</table>")
    if both:
        change = _("Of {both} learner(s) who answered both times: {up} feel more confident, "
                   "{same} the same and {down} less confident.", both=both, up=found.up,
                   same=found.same, down=found.down)
        out.append(f'<p class="mystory-confidence-change">{html.escape(change)}</p>')
    else:
        nobody = html.escape(_("Nobody has answered both times yet."))
        out.append(f"<p>{nobody}</p>")
    return "".join(out)


def report_html(data: ClassData) -> str:
    """The class report as one self-contained page (no file or address outside it)."""
    language = default_language()  # the organisation's report, in its language
    use_language(language)
    total = len(data.learners)
    report = html.escape(_("Class report"))
    learners = html.escape(_("{total} learner(s).", total=total))
    completion = html.escape(_("Completion"))
    out = [f"<h1>{report}</h1>", f"<p>{learners}</p>", f"<h2>{completion}</h2>"]
    out.append(bar_chart([(r.spec.title, len(r.complete) / total if total else 0.0)
                          for r in data.modules],
                         _("Share of learners who answered every marked question, per module")))
    heads = "".join(f"<th>{html.escape(_(h))}</th>" for h in (
        N_("Module"), N_("Handed in"), N_("Every marked question answered"),
        N_("Average score")))
    out.append(f"<table><tr>{heads}</tr>")
    for row in data.modules:
        average = (sum(s for s, m in row.scores.values()) / len(row.scores)) if row.scores else 0
        maximum = max((m for _s, m in row.scores.values()), default=0)
        handed = _("{count} of {total}", count=len(row.submitted), total=total)
        complete = _("{count} of {total}", count=len(row.complete), total=total)
        score = _("{score} of {most}", score=format(average, ".1f"),
                  most=format(maximum, "g"))
        out.append(f"<tr><td>{html.escape(row.spec.title)}</td><td>{html.escape(handed)}</td>"
                   f"<td>{html.escape(complete)}</td><td>{html.escape(score)}</td></tr>")
    out.append("</table>")
    out.append(confidence_html(confidence(data)))
    per_exercise = html.escape(_("Scores per exercise"))
    out.append(f"<h2>{per_exercise}</h2>")
    for row in data.modules:
        if row.cells:
            out.append(f"<h3>{html.escape(row.spec.title)}</h3>")
            out.append(bar_chart([(question_label(row.spec, gid), sum(v) / len(v))
                                  for gid, v in sorted(row.cells.items())],
                                 _("Average share of points per exercise in {module}",
                                   module=row.spec.title)))
    coach_saw = html.escape(_("What the coach saw most often"))
    out.append(f"<h2>{coach_saw}</h2><ul>")
    for (what, rule), n in data.findings.most_common(8):
        saw = _("{count} of {total} {things} {what}.", count=n, total=data.counted[what],
                things=_(KINDS[what].plural), what=_(RULE_WORDS.get(rule, rule)))
        out.append(f"<li>{html.escape(saw)}</li>")
    if not data.findings:
        nothing = html.escape(_("Nothing yet."))
        out.append(f"<li>{nothing}</li>")
    not_started = html.escape(_("Not started yet"))
    out.append(f"</ul><h2>{not_started}</h2><ul>")
    for row in data.modules:
        missing = [x for x in data.learners if x not in row.submitted]
        if missing:
            out.append(f"<li>{html.escape(row.spec.title)}: "
                       f"{html.escape(', '.join(missing))}</li>")
    out.append("</ul>")
    if data.problems:
        unread = html.escape(_("Files that could not be read"))
        out.append(f"<h2>{unread}</h2><ul>")
        out += [f"<li>{html.escape(problem)}</li>" for problem in data.problems]
        out.append("</ul>")
    return (f"<!DOCTYPE html><html lang=\"{html.escape(language)}\"><head><meta charset=\"utf-8\">"
            f"<title>{report}</title><meta name=\"viewport\" "
            "content=\"width=device-width, initial-scale=1\">"
            "<style>body{font:16px/1.5 sans-serif;max-width:52rem;margin:0 auto;padding:1rem}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
            "img{max-width:100%;height:auto}</style></head><body><main>"
            + "".join(out) + "</main></body></html>")


def certificate_reasons(data: ClassData, pass_mark: float = PASS_MARK) -> str:
    """Why learners have no certificate yet and who is waiting for what ("" when none are)."""
    waiting = {x: why for x in data.learners if (why := waiting_for(data, x, pass_mark))}
    if not waiting:
        return ""
    marking = [x for x, why in waiting.items() if any("to mark" in w for w in why)]
    lines = [f"A certificate needs every module handed in, marked, and at least {pass_mark:.0%} "
             f"of each. {len(waiting)} of {len(data.learners)} learner(s) are not there yet."]
    if marking:
        who = ("None can pass" if len(marking) == len(data.learners)
               else f"{len(marking)} learner(s) cannot pass")
        lines.append(f"{who} until their written answers are marked in formgrader "
                     "(cd course && jupyter lab); then run this again.")
    lines.append("Waiting:")
    lines += [f"  {learner}: {'; '.join(why)}" for learner, why in sorted(waiting.items())]
    return "\n".join(lines)


def passed(data: ClassData, learner: str, pass_mark: float = PASS_MARK) -> bool:
    """True when every module is handed in, fully marked and at least `pass_mark` of it won."""
    return not waiting_for(data, learner, pass_mark)


BORDER, INSIDE = 10.0, 8.0  # mm from the page edge to the border, and from it to the text


def certificate_pdf(learner: str, name: str, organisation: str, logo: Path | None,
                    modules: list[str]) -> bytes:
    """One certificate: a landscape A4 page made with fpdf2. The name is drawn in full, emoji
    and every script kept, shrunk (then wrapped) to fit inside the border."""
    name = name or learner
    closing = _("has completed #MyStory: social media the human way, with the modules "
                "{modules}.", modules=", ".join(modules))
    pdf, family = new_pdf(_("#MyStory certificate: {name}", name=name),
                          [name, organisation, closing],
                          orientation="L", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(BORDER + INSIDE, BORDER + INSIDE)
    pdf.set_draw_color(11, 83, 148)
    pdf.set_line_width(2)
    pdf.rect(BORDER, BORDER, pdf.w - 2 * BORDER, pdf.h - 2 * BORDER)
    if logo is not None and logo.is_file():
        pdf.image(str(logo), x=20, y=20, h=25,
                  alt_text=_("{organisation} logo", organisation=organisation))
    width = pdf.epw
    pdf.set_y(55)
    _centred(pdf, family, organisation, 16, 10, width)
    pdf.set_font(family, size=32)
    pdf.cell(0, 20, _("Certificate"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=16)
    pdf.cell(0, 10, _("This is to say that"), align="C", new_x="LMARGIN", new_y="NEXT")
    _centred(pdf, family, name, 28, 16, width, smallest=16)
    pdf.set_font(family, size=14)
    pdf.multi_cell(0, 8, closing, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _centred(pdf: Any, family: str, text: str, size: int, height: float, width: float,
             smallest: int = 10) -> None:
    """A centred line that shrinks until it fits the width, and wraps if it still does not."""
    for points in range(size, smallest - 1, -1):
        pdf.set_font(family, size=points)
        if pdf.get_string_width(text) <= width:
            break
    pdf.multi_cell(width, height * points / size, text, align="C", new_x="LMARGIN",
                   new_y="NEXT")


def write_certificates(course: Path, out: Path, pass_mark: float = PASS_MARK,
                       logo: Path | None = None, db_url: str | None = None,
                       data: ClassData | None = None, progress: bool = False) -> list[Path]:
    """A certificate for every learner who passed every module; returns the files."""
    data = data or gather(course, db_url)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    language = default_language()  # certificates are the organisation's, in its language
    use_language(language)
    titles = [content.module(row.spec.folder, language).title.split(":")[0]
              for row in data.modules]
    named_in, exercise = content.part("learner_name")
    passing = [x for x in data.learners if passed(data, x, pass_mark)]
    counter = Progress(len(passing)) if progress else None
    for learner in passing:
        if counter:
            counter.step(f"Certificate for {learner}")
        name = content.display_name(
            data.answers.get(learner, {}).get(named_in.folder, {}).get(exercise))
        path = out / f"{learner}.pdf"
        path.write_bytes(certificate_pdf(learner, name, organisation().name, logo, titles))
        written.append(path)
    if counter:
        counter.finish()
    return written
