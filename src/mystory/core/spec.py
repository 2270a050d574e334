"""What a module and its exercises are, as read from the data files (plain frozen data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_PILES = {"broadcast": "Broadcast", "conversation": "Conversation"}
YOUR_CALL = "either"  # an item's answer when either pile is sensible: shown, never marked


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    why: str = ""
    picture: str = ""  # for example profiles: "egg" (no photo) or "photo"
    picture_alt: str = ""
    source: str = ""  # where the seeds teach why this option is right (for keyed options)


@dataclass(frozen=True)
class Item:
    """One thing to sort (a post, a statement, a scenario): its text, the right pile and why.

    `title` and `intro` are optional, for items shown one screen at a time. An item whose answer
    is "either" (`YOUR_CALL`) has no key: a sensible person could choose either pile.
    """

    id: str
    text: str
    answer: str
    why: str = ""
    title: str = ""
    intro: str = ""
    source: str = ""  # where the seeds teach the key, in the course's words

    @property
    def keyed(self) -> bool:
        return self.answer != YOUR_CALL


@dataclass(frozen=True)
class ExerciseSpec:
    """One exercise: what the learner sees and, for choices, the answer key."""

    id: str
    kind: str
    label: str
    help: str = ""
    options: tuple[Option, ...] = ()
    correct: tuple[str, ...] = ()
    placeholder: str = ""
    graded: str = "none"  # "auto", "manual" or "none"
    items: tuple[Item, ...] = ()
    sample: tuple[str, ...] = ()
    piles: tuple[tuple[str, str], ...] = tuple(DEFAULT_PILES.items())
    item_label: str = "Post {n} is a"
    steps: bool = False  # show one item at a time, with Back and Next
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)  # kind-specific
    source: str = ""  # where the seeds teach what earns the marks, in the course's words
    accept: str = ""  # why a thoughtful learner would accept the marking

    @property
    def reply_to(self) -> str:
        """What a post answers ("post", "complaint", "troll", ...), for the post coach."""
        return str(self.data.get("reply_to", "post"))

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class ModuleSpec:
    """A module: its folder, notebook name, title, exercises in page order and named parts."""

    folder: str
    notebook: str
    title: str
    summary: str
    minutes: int = 15
    exercises: dict[str, ExerciseSpec] = field(default_factory=dict)
    # The exercises the course's own tools read, by role: {"profile_card": {"bio": "story-bio"}}
    parts: dict[str, Any] = field(default_factory=dict)
    # Words the module's own pages show beside its exercises (step pictures, a download's
    # headings), kept in the data file so they can be edited or translated without code.
    texts: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def needed(self) -> tuple[str, ...]:
        """The exercises a learner must answer to finish the module: the marked ones.

        Unmarked ones ("if you like" boxes, how the learner feels) are welcome, never needed.
        """
        return tuple(k for k, e in self.exercises.items() if e.graded != "none")
