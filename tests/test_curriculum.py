"""The curriculum's teaching points (../shared/curriculum.md, copied here in short) are taught:
each point's key words are in the words a learner reads in its module. A module added to the
curriculum gets its points here."""

from __future__ import annotations

import re

import nbformat
import pytest
import yaml

from mystory.core import content
from tests.conftest import ROOT

# module folder -> teaching point -> words that must all be in the module (case is ignored).
TEACHING: dict[str, dict[str, tuple[str, ...]]] = {
    "05-staying-safe": {
        "privacy settings on Facebook, WhatsApp, Instagram and X, drawn step by step":
            ("privacy settings", "facebook", "whatsapp", "instagram", "### x",
             "privacy checkup", "private account", "protect your posts", "my contacts"),
        "check an account is real before you share anything":
            ("check that an account is real", "is the account new?", "check another way"),
        "scams that pretend to be your landlord, the council or a bank":
            ("scam", "landlord", "council", "bank"),
        "never share your address, date of birth or bank details with an unchecked account":
            ("home address", "date of birth", "bank or card details", "not checked"),
        "staff: personal and work accounts": ("business, a sponsored and a personal account",),
        "staff: never a tenant's personal data from a personal account":
            ("never handle a tenant's personal details on your personal account",),
        "staff: consent before photos of people, children above all":
            ("ask before you post a photo", "children"),
        "staff: safeguarding goes to a manager": ("safeguarding", "tell your manager"),
        "a slip is fixed by correcting it quickly and saying what you did":
            ("correct it straight away", "what you did to fix it"),
        "mute, block and report": ("**mute**", "**block**", "**report**"),
        "reporting abuse and hate crime (seed 003)":
            ("hate crime", "report it", "police", "wolverhampton homes"),
        "not feeding trolls": ("don't feed the trolls",),
        "telling someone": ("tell someone",),
        "location: no home address or estate name; location tagging":
            ("estate's name", "location tagging"),
        "a private profile is a fine choice": ("a private profile is fine",),
        "wellbeing: switching off (seed 002, 20 Things #11)":
            ("balance", "we all need a break sometime", "switch off"),
        "wellbeing: being kind to yourself after a mistake (20 Things #5)":
            ("be kind to yourself", "forgive"),
        "posts and even private messages can never be fully removed":
            ("even things you private message", "there for good"),
        "the confidence question of Module 1 again": ("how do you feel about using social media",),
    },
}


def learner_words(spec: content.ModuleSpec) -> str:
    """The module's notebook prose and every word of its data file, in lower case."""
    nb = nbformat.read(ROOT / "course" / "source" / spec.folder / f"{spec.notebook}.ipynb",
                       as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    data = (ROOT / "src" / "mystory" / "data" / "modules" / f"{spec.folder}.yaml").read_text()
    words = "\n".join(map(str, _strings(yaml.safe_load(data))))
    return re.sub(r"[ \t]*\n[ \t]*", " ", f"{prose}\n{words}").lower()


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


@pytest.mark.parametrize("folder", sorted(TEACHING))
def test_every_teaching_point_is_taught(folder: str) -> None:
    spec = content.module(folder)
    words = learner_words(spec)
    missing = {point: [w for w in needed if w.lower() not in words]
               for point, needed in TEACHING[folder].items()}
    assert not {p: m for p, m in missing.items() if m}, missing


def test_the_course_has_every_module_of_the_curriculum() -> None:
    assert set(TEACHING) <= {m.folder for m in content.course()}
