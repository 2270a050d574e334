"""HTML snippets every part of the course shares. Learner text only ever reaches a page through
``esc``: it is never HTML."""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable


def esc(text: str) -> str:
    """Escape text for HTML, keeping line breaks visible."""
    return html.escape(text).replace("\n", "<br>")


def download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    """A link that downloads `data` (built in the page: nothing is fetched from elsewhere)."""
    b64 = base64.b64encode(data).decode()
    return (f'<a class="mystory-download" download="{esc(filename)}" '
            f'href="data:{mime};base64,{b64}">{esc(label)}</a>')


def sections_html(css_class: str, title: str, sections: Iterable[tuple[str, list[str]]],
                  empty: str) -> str:
    """A learner's one-page document on the page: the title and each heading's list, every
    word escaped; `empty` (in italics) under a heading with nothing yet."""
    parts = [f'<article class="{css_class}"><h3>{esc(title)}</h3>']
    for heading, items in sections:
        body = "".join(f"<li>{esc(item)}</li>" for item in items) or \
            f"<li><em>{esc(empty)}</em></li>"
        parts.append(f"<h4>{esc(heading)}</h4><ul>{body}</ul>")
    parts.append("</article>")
    return "".join(parts)
