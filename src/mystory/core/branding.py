"""The hosting organisation, from one file: name, one-line rule, logo and colour.

``data/organisation.yaml`` (or an organisation's own copy in ``MYSTORY_CONTENT_DIR``) brands
course pages, certificates and the hub's sign-in page. The logo sits beside that file.
"""

from __future__ import annotations

import base64
import functools
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .datafiles import ContentError, load_yaml
from .language import _
from .markup import esc

DEFAULT_ACCENT = "#0b5394"
MAX_LOGO_BYTES = 512 * 1024
HEX = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Organisation:
    name: str
    rule: str
    accent: str = DEFAULT_ACCENT
    logo: Path | None = None
    logo_text: str = ""
    rule_from: str = ""  # who wrote the rule first, credited beside it

    @property
    def rule_heading(self) -> str:
        """The rule's heading, with its author credited when it is not the organisation's own."""
        heading = _("{organisation}'s rule", organisation=self.name)
        return heading + (_(" (first written by {author})", author=self.rule_from)
                          if self.rule_from else "")


def _luminance(colour: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of `colour` against white (4.5 is the least for text)."""
    return 1.05 / (_luminance(colour) + 0.05)


def data_folder() -> Path:
    """Where organisation.yaml is read from (its logo sits beside it)."""
    override = os.environ.get("MYSTORY_CONTENT_DIR")
    if override and (Path(override) / "organisation.yaml").is_file():
        return Path(override)
    return Path(str(resources.files("mystory") / "data"))


@functools.cache
def organisation() -> Organisation:
    """The hosting organisation (read once per kernel); a mistake is named plainly."""
    data = load_yaml("organisation.yaml")
    for key in ("name", "rule"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ContentError(f"organisation.yaml: '{key}' should be a line of text.")
    accent = str(data.get("colour") or DEFAULT_ACCENT).strip()
    if not HEX.fullmatch(accent):
        raise ContentError(f"organisation.yaml: 'colour' should look like #0b5394, not {accent}.")
    if contrast_on_white(accent) < 4.5:
        raise ContentError(f"organisation.yaml: the colour {accent} is too pale to read on "
                           "white (it needs a contrast of 4.5 or more). Choose a darker one.")
    logo = None
    if data.get("logo"):
        logo = (data_folder() / str(data["logo"])).resolve()
        if logo.suffix.lower() not in (".png", ".jpg", ".jpeg") or not logo.is_file():
            raise ContentError(f"organisation.yaml: the logo {logo.name} should be a PNG or "
                               "JPEG file beside organisation.yaml.")
        if logo.stat().st_size > MAX_LOGO_BYTES:
            raise ContentError("organisation.yaml: the logo should be smaller than 512 KB.")
        if not str(data.get("logo_text") or "").strip():
            raise ContentError("organisation.yaml: say what the logo shows in 'logo_text' "
                               "(people who cannot see it hear this).")
    return Organisation(" ".join(data["name"].split()), " ".join(data["rule"].split()),
                        accent.lower(), logo, " ".join(str(data.get("logo_text") or "").split()),
                        " ".join(str(data.get("rule_from") or "").split()))


def header_html() -> str:
    """The organisation's colour and logo at the top of course pages."""
    org = organisation()
    style = f"<style>:root {{ --mystory-accent: {org.accent}; }}</style>"
    if org.logo is None:
        return style
    kind = "png" if org.logo.suffix.lower() == ".png" else "jpeg"
    data = base64.b64encode(org.logo.read_bytes()).decode()
    return (f'{style}<img class="mystory-logo" src="data:image/{kind};base64,{data}" '
            f'alt="{esc(org.logo_text)}">')
