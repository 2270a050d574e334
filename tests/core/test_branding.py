"""One file brands the course: name, rule, colour and logo, checked before learners see them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from mystory.core import branding
from mystory.core.content import ContentError


@pytest.fixture
def own(tmp_path: Path, monkeypatch):
    """An organisation's own organisation.yaml in MYSTORY_CONTENT_DIR; returns a writer."""
    monkeypatch.setenv("MYSTORY_CONTENT_DIR", str(tmp_path))
    branding.organisation.cache_clear()

    def write(extra: str) -> None:
        (tmp_path / "organisation.yaml").write_text(
            'name: "Northside Homes"\nrule: "Be kind, be real."\n' + extra)
        branding.organisation.cache_clear()

    yield write
    branding.organisation.cache_clear()


def test_the_shipped_organisation_has_a_readable_colour_and_no_logo() -> None:
    org = branding.organisation()
    assert org.logo is None and branding.contrast_on_white(org.accent) >= 4.5
    assert branding.header_html() == "<style>:root { --mystory-accent: #0b5394; }</style>"


@pytest.mark.parametrize("colour, says", [
    ("'#ffdd00'", "too pale"),
    ("'red;} body {display:none'", "should look like"),
    ("'#12345'", "should look like"),
])
def test_a_bad_colour_is_refused_plainly(own, colour: str, says: str) -> None:
    own(f"colour: {colour}\n")
    with pytest.raises(ContentError, match=says):
        branding.organisation()


def test_a_logo_needs_a_description_and_shows_with_it(own, tmp_path: Path) -> None:
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "#0b5394").save(picture, format="PNG")
    (tmp_path / "logo.png").write_bytes(picture.getvalue())
    own('colour: "#5a1e6b"\nlogo: logo.png\n')
    with pytest.raises(ContentError, match="logo_text"):
        branding.organisation()
    own('colour: "#5a1e6b"\nlogo: logo.png\nlogo_text: "Northside Homes <b>logo</b>"\n')
    header = branding.header_html()
    assert "--mystory-accent: #5a1e6b" in header
    assert 'alt="Northside Homes &lt;b&gt;logo&lt;/b&gt;"' in header
    assert 'src="data:image/png;base64,' in header  # no file fetched from anywhere


def test_a_missing_or_wrong_logo_is_named(own, tmp_path: Path) -> None:
    own('logo: gone.png\nlogo_text: "x"\n')
    with pytest.raises(ContentError, match="gone.png"):
        branding.organisation()
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    own('logo: logo.gif\nlogo_text: "x"\n')
    with pytest.raises(ContentError, match="PNG or JPEG"):
        branding.organisation()
