"""HTML snippets every part of the course shares. Learner text only ever reaches a page through
``esc``: it is never HTML."""

from __future__ import annotations

import base64
import html


def esc(text: str) -> str:
    """Escape text for HTML, keeping line breaks visible."""
    return html.escape(text).replace("\n", "<br>")


def download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    """A link that downloads `data` (built in the page: nothing is fetched from elsewhere)."""
    b64 = base64.b64encode(data).decode()
    return (f'<a class="mystory-download" download="{esc(filename)}" '
            f'href="data:{mime};base64,{b64}">{esc(label)}</a>')
