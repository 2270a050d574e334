"""PDF documents (profile card, policy, certificates) with fpdf2 and a font that covers most
languages, shipped inside matplotlib (so nothing is downloaded)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any


def font_path() -> str | None:
    """DejaVu Sans from matplotlib's package data, if matplotlib is installed."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    return str(path) if path.is_file() else None


def new_pdf(title: str, **page: Any) -> tuple[Any, str]:
    """A new one-page fpdf2 document and the name of its font family."""
    from fpdf import FPDF

    pdf = FPDF(**page)
    pdf.set_title(title)
    pdf.add_page()
    font = font_path()
    if font is None:  # pragma: no cover - matplotlib is a dependency
        return pdf, "Helvetica"
    pdf.add_font("DejaVu", fname=font)
    return pdf, "DejaVu"
