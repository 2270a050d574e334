"""The course home page (home.ipynb): one card a module; on a shared server with an nbgrader
exchange, each card also gets, hands in and fetches feedback on its module."""

from __future__ import annotations

from pathlib import Path

from IPython.display import display

from ..core.branding import header_html
from ..core.readaloud import words_html
from ..hosting.exchange import exchange_root
from .cards import home_html
from .handin import HandInHome
from .preheat import prewarm, wait_for_learner
from .widgets import page_html


def show_home(where: Path | str | None = None) -> None:
    """Show the course home page (called by home.ipynb).

    On a shared server with an nbgrader exchange, each card also gets, hands in and fetches
    feedback on its module.
    """
    prewarm()
    wait_for_learner()
    folder = Path(where) if where is not None else Path.cwd()
    if exchange_root() is None:
        display(page_html(header_html() + words_html() + home_html(folder)))
    else:
        display(page_html(header_html() + words_html()), HandInHome(folder).box)
