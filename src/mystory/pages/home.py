"""The course home page (home.ipynb): one card a module; on a shared server with an nbgrader
exchange, each card also gets, hands in and fetches feedback on its module."""

from __future__ import annotations

import os
from pathlib import Path

from IPython.display import HTML, display

from ..core.branding import header_html
from ..core.language import (
    _,
    choice_html,
    chosen_in_query,
    prose_block,
    read_language,
    save_language,
    use_language,
)
from ..core.readaloud import words_html
from ..hosting.exchange import exchange_root
from .cards import home_html
from .handin import HandInHome
from .preheat import prewarm, wait_for_learner
from .widgets import page_html


def home_language(folder: Path) -> str:
    """The language of the home: the one a link just chose (remembered), else the learner's."""
    asked = chosen_in_query(os.environ.get("QUERY_STRING", ""))
    if asked:
        save_language(folder, asked)
    language = read_language(folder)
    use_language(language)
    return language


def home_title() -> str:
    return _("Course home · #MyStory course")


def show_home(where: Path | str | None = None) -> None:
    """Show the course home page (called by home.ipynb).

    On a shared server with an nbgrader exchange, each card also gets, hands in and fetches
    feedback on its module.
    """
    prewarm()
    wait_for_learner()
    folder = Path(where) if where is not None else Path.cwd()
    language = home_language(folder)
    display(HTML(prose_block("home.yaml", language, home_title())))
    top = header_html() + choice_html(language) + words_html()
    if exchange_root() is None:
        display(page_html(top + home_html(folder)))
    else:
        display(page_html(top), HandInHome(folder).box)
