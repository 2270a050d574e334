"""Exercise kinds: one class per kind says what its answer looks like, when it counts as given,
how it reads in words and what its entry in a data file needs.

``KINDS`` is the one list of kinds: the data files' ``kind:`` must name one of them. To add a
kind, write a class here with ``@register`` and its widget in ``mystory.pages`` with
``@widget("<name>")``; ``tests/core/test_kinds.py`` checks that the two lists agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from .. import coach
from .datafiles import ContentError
from .language import N_, _
from .profile import photo_ok
from .schedule import all_slots, slot_name
from .spec import ExerciseSpec, ModuleSpec
from .store import notebook_of

KINDS: dict[str, Kind] = {}


def register(cls: type[Kind]) -> type[Kind]:
    """Add a kind to the registry under its ``name`` (a class decorator)."""
    KINDS[cls.name] = cls()
    return cls


def kind_of(spec: ExerciseSpec) -> Kind:
    """The kind of an exercise (its spec was checked against ``KINDS`` when it was read)."""
    return KINDS[spec.kind]


def has_answer(value: Any) -> bool:
    """True when a saved value holds something (not empty text, an empty list or nothing)."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, dict):
        return any(has_answer(v) for v in value.values())
    return value is not None and value is not False


def is_answered(spec: ExerciseSpec, value: Any) -> bool:
    """True when `value` answers the exercise (progress, grading, the class report)."""
    return kind_of(spec).answered(value)


def progress(module: ModuleSpec, saved: dict[str, Any]) -> tuple[int, int]:
    """(answered, needed): how many of the exercises the module needs have an answer."""
    needed = [module.exercises[e] for e in module.needed]
    return sum(is_answered(e, saved.get(e.id)) for e in needed), len(needed)


class Kind:
    """What every kind can say about its exercises and answers; subclasses change what differs."""

    name: ClassVar[str]
    data_keys: ClassVar[tuple[str, ...]] = ()  # kind-specific entries kept in ExerciseSpec.data
    shows_writing: ClassVar[bool] = False  # the learner's words go on their feedback page
    plural: ClassVar[str] = N_("answers")  # what the class report calls several of them

    def check_spec(self, spec: ExerciseSpec, where: str) -> None:
        """Raise ContentError when the data file's entry cannot work as this kind."""

    def answered(self, value: Any) -> bool:
        return has_answer(value)

    def problem(self, spec: ExerciseSpec, value: Any, answers: Path) -> str | None:
        """Why a given answer is not of the right shape (None: it is); `answers` is its file."""
        return None

    def mistake(self, spec: ExerciseSpec, value: Any) -> str | None:
        """Why a choice is not the key's (None: it is); only choices have a key."""
        raise ContentError(f"exercise '{spec.id}' is a {self.name}: it has no answer key.")

    def words(self, spec: ExerciseSpec, value: Any) -> str:
        return str(value)

    def written(self, value: Any) -> str:
        """The learner's own words in the answer ("" when there are none)."""
        text = value.get("text", "") if isinstance(value, dict) else value
        return text if isinstance(text, str) else ""

    def review(self, spec: ExerciseSpec, value: Any) -> Any:
        """The coach's review of the answer (None for kinds the coach does not read)."""
        return None

    def coach_note(self, spec: ExerciseSpec, value: Any) -> str:
        """What the coach saw, in a few words for the facilitator's dashboard ("" for nothing)."""
        return ""


class _Text(Kind):
    def problem(self, spec: ExerciseSpec, value: Any, answers: Path) -> str | None:
        return None if isinstance(value, str) else _("the answer should be text.")


@register
class LongText(_Text):
    name = "long_text"


@register
class ShortText(_Text):
    name = "short_text"


class _Choice(Kind):
    def check_spec(self, spec: ExerciseSpec, where: str) -> None:
        if len(spec.options) < 2:
            raise ContentError(f"{where}: a choice needs at least two options.")
        ids = [o.id for o in spec.options]
        if len(set(ids)) != len(ids):
            raise ContentError(f"{where}: two options share an id.")
        for c in spec.correct:
            if c not in ids:
                raise ContentError(f"{where}: the correct answer '{c}' is not an option.")
        if spec.graded == "auto" and not spec.correct:
            raise ContentError(f"{where}: an autograded choice needs a 'correct' answer.")

    @staticmethod
    def option_text(spec: ExerciseSpec, option_id: Any) -> str:
        option = spec.option(str(option_id))
        return option.text if option else str(option_id)


@register
class SingleChoice(_Choice):
    name = "single_choice"

    def problem(self, spec: ExerciseSpec, value: Any, answers: Path) -> str | None:
        return _("the answer is not one of the choices.") if spec.option(value) is None else None

    def mistake(self, spec: ExerciseSpec, value: Any) -> str | None:
        return None if value in spec.correct else _("this is not the best answer.")

    def words(self, spec: ExerciseSpec, value: Any) -> str:
        return self.option_text(spec, value)


@register
class MultipleChoice(_Choice):
    name = "multiple_choice"

    def problem(self, spec: ExerciseSpec, value: Any, answers: Path) -> str | None:
        if not isinstance(value, list) or any(spec.option(v) is None for v in value):
            return _("the answer is not a set of the choices.")
        return None

    def mistake(self, spec: ExerciseSpec, value: Any) -> str | None:
        return None if set(value) == set(spec.correct) else \
            _("these are not quite the right choices.")

    def words(self, spec: ExerciseSpec, value: Any) -> str:
        if not isinstance(value, list):
            return str(value)
        return "; ".join(self.option_text(spec, v) for v in value)


@register
class Photo(Kind):
    """A picture beside the answer file (or "later") and its description in words."""

    name = "photo"

    def problem(self, spec: ExerciseSpec, value: Any, answers: Path) -> str | None:
        return photo_ok(value, answers.parent, notebook_of(answers))

    def words(self, spec: ExerciseSpec, value: Any) -> str:
        if not isinstance(value, dict):
            return str(value)
        chose = (_("Chose a picture.") if value.get("file") else
                 _("Chose a picture later.") if value.get("later") else _("Chose no picture."))
        alt = value.get("alt") or ""
        return chose + (_(" Described as: {alt}", alt=alt) if alt else "")


@register
class Bio(Kind):
    """A bio and the platform it is for: the platform alone (a default) is not an answer."""

    name = "bio"
    shows_writing = True
    plural = N_("bios")

    def answered(self, value: Any) -> bool:
        if isinstance(value, dict):
            return any(has_answer(v) for k, v in value.items() if k != "platform")
        return has_answer(value)

    def problem(self, spec: ExerciseSpec, value: Any, answers: Path) -> str | None:
        if isinstance(value, dict) and isinstance(value.get("text"), str) and \
                value.get("text", "").strip():
            return None
        return _("no bio was written.")

    def words(self, spec: ExerciseSpec, value: Any) -> str:
        if not isinstance(value, dict):
            return str(value)
        platform = value.get("platform") or _("no platform")
        return _("{bio} (for {platform})", bio=value.get("text") or "",
                 platform=platform).strip()

    def review(self, spec: ExerciseSpec, value: Any) -> coach.BioReview | None:
        return coach.review_bio_answer(value) if isinstance(value, dict) else None

    def coach_note(self, spec: ExerciseSpec, value: Any) -> str:
        review = self.review(spec, value)
        if review is None:
            return ""
        return "; ".join(f.rule for f in review.problems) or "ready"


@register
class Sort(Kind):
    """Each item put in one pile (for example "broadcast" or "conversation")."""

    name = "sort"

    def check_spec(self, spec: ExerciseSpec, where: str) -> None:
        if len(spec.items) < 2:
            raise ContentError(f"{where}: a sort needs at least two items.")
        if len({i.id for i in spec.items}) != len(spec.items):
            raise ContentError(f"{where}: two items share an id.")

    def problem(self, spec: ExerciseSpec, value: Any, answers: Path) -> str | None:
        if (isinstance(value, dict) and {i.id for i in spec.items} <= set(value)
                and all(v in dict(spec.piles) for v in value.values())):
            return None
        return _("not every post was sorted.")

    def words(self, spec: ExerciseSpec, value: Any) -> str:
        if not isinstance(value, dict):
            return str(value)
        items = {item.id: item.text for item in spec.items}
        piles = dict(spec.piles)
        return "; ".join(f"{items.get(k, k)} → {piles.get(str(v), v)}" for k, v in value.items())


@register
class Post(_Text):
    """A post or a reply, read by the post coach."""

    name = "post"
    data_keys = ("reply_to",)  # what the post answers, so the coach's advice fits the moment
    shows_writing = True
    plural = N_("written posts and replies")

    def check_spec(self, spec: ExerciseSpec, where: str) -> None:
        if spec.reply_to not in coach.REPLY_CONTEXTS:
            raise ContentError(f"{where}: reply_to must be one of "
                               f"{', '.join(coach.REPLY_CONTEXTS)}.")

    def review(self, spec: ExerciseSpec, value: Any) -> coach.PostReview | None:
        if not (isinstance(value, str) and value.strip()):
            return None
        return coach.review_post(value, spec.reply_to)

    def coach_note(self, spec: ExerciseSpec, value: Any) -> str:
        review = self.review(spec, value)
        if review is None:
            return ""
        return f"{review.kind}" + "".join(f"; {f.rule}" for f in review.problems)


@register
class Timeline(Kind):
    """The learner's recent posts, one a line."""

    name = "timeline"

    def problem(self, spec: ExerciseSpec, value: Any, answers: Path) -> str | None:
        if isinstance(value, list) and all(isinstance(p, str) for p in value):
            return None
        return _("the timeline should be a list of posts.")

    def words(self, spec: ExerciseSpec, value: Any) -> str:
        return " | ".join(str(v) for v in value) if isinstance(value, list) else str(value)


@register
class Schedule(Kind):
    """When the learner is online and their three times to post, on a week grid."""

    name = "schedule"
    data_keys = ("audience",)

    def problem(self, spec: ExerciseSpec, value: Any, answers: Path) -> str | None:
        if (isinstance(value, dict)
                and isinstance(value.get("slots"), list) and value["slots"]
                and isinstance(value.get("online"), list) and value["online"]):
            return None
        return _("the online times and three posting times were not both marked.")

    def words(self, spec: ExerciseSpec, value: Any) -> str:
        if not isinstance(value, dict):
            return str(value)
        known = all_slots()

        def names(key: str) -> str:
            picked = value.get(key)
            return ", ".join(slot_name(s) for s in picked if s in known) \
                if isinstance(picked, list) else ""

        return _("Online: {online}. Posts at: {slots}.", online=names("online") or _("none"),
                 slots=names("slots") or _("none"))
