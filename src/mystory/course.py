"""What the notebooks call (``from mystory.course import open_module``): the learner's pages.

The pages themselves live in ``mystory.pages``; this name stays because every notebook uses it.
"""

from .pages.cards import home_html
from .pages.home import show_home
from .pages.page import Page, open_module
from .pages.preheat import prewarm

__all__ = ["Page", "home_html", "open_module", "prewarm", "show_home"]
