"""The course home on a hub, written by the learner's own server: no kernel.

Every learner lands on the course home when they sign in. Rendered by Voila it needed a kernel
of its own (about 0.7 s of processor time and 57 MB a learner, while the whole class signs in at
once). Here the learner's server writes the same cards as plain HTML, and each card's buttons
(get, hand in, get feedback) post a form back to it. It answers at Voila's address for the
home (``voila/render/home.ipynb``), so links and bookmarks stay the same: extensions load in name
order and tornado takes the first match, so this one is asked before Voila's.

The words come from the course's ``home.ipynb`` (its Markdown cells), the cards and their steps
from ``mystory.pages.handin``, as on a Voila home. Its one script is the course's read-aloud control
(``mystory-readaloud.js``, a file of the course's template, as on every course page): each
Markdown cell is a section of its own, so it gets its own "Read this aloud".
"""

from __future__ import annotations

import asyncio
import json
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web

from ..core.branding import header_html
from ..core.language import (
    ENGLISH,
    choice_html,
    chosen_in_query,
    current_language,
    markdown_html,
    prose,
    read_language,
    save_language,
    translate,
    use_language,
)
from ..core.readaloud import words_html
from ..pages.cards import numbered_modules
from ..singleuser import packaged_home
from .steps import STEPS, card_markup, run_step, status_html, step_label, steps_now

HOME_PATH = "voila/render/home.ipynb"
STYLE = "voila/templates/mystory/static/mystory.css"
READ_ALOUD = "voila/templates/mystory/static/mystory-readaloud.js"


@cache
def home_text(language: str = ENGLISH) -> tuple[str, list[str]]:
    """(title, HTML of each Markdown cell) of the packaged course home notebook, each cell in
    `language` where ``translations/<language>/home.yaml`` translates it."""
    notebook = json.loads(packaged_home().read_text(encoding="utf-8"))
    title = notebook.get("metadata", {}).get("title", "#MyStory course")
    translated = prose("home.yaml", language)
    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        said = translated.get(str(cell.get("id")))
        # A cell not yet translated stays English, and says so for voices and screen readers.
        if said:
            cells.append(f'<section class="mystory-prose">{markdown_html(said)}</section>')
        else:
            english = markdown_html(text)
            marked = "" if language == ENGLISH else ' lang="en"'
            cells.append(f'<section class="mystory-prose"{marked}>{english}</section>')
    if language != ENGLISH:
        title = translate("Course home · #MyStory course", language)
    return title, cells


class CourseHomeHandler(JupyterHandler):
    """GET shows the course home; POST runs one card's step (get, hand in, feedback)."""

    @web.authenticated
    def get(self) -> None:
        asked = chosen_in_query(self.request.query)
        if asked:  # a language link: remember the choice in the learner's workspace
            save_language(self.folder, asked)
        use_language(read_language(self.folder))
        said, self.said = dict(self.said), {}  # a step's message shows once
        self.set_header("Cache-Control", "no-store")  # progress changes with every answer
        self.finish(self.page(said))

    @web.authenticated
    async def post(self) -> None:

        module, step = self.get_body_argument("module", ""), self.get_body_argument("step", "")
        modules = {spec.folder: (n, spec) for n, spec in numbered_modules()}
        if module not in modules or step not in STEPS:
            raise web.HTTPError(400, "No such module or step.")
        number, spec = modules[module]
        use_language(read_language(self.folder))
        # nbgrader copies files: off the server's event loop, so other requests carry on.
        ok, said = await asyncio.to_thread(run_step, step, number, spec, self.folder)
        self.said = {**self.said, module: status_html(ok, said)}
        # Back to the page by GET, so reloading it never runs the step again.
        self.redirect(f"{self.request.path}#card-{module}", status=303)

    @property
    def said(self) -> dict[str, str]:
        """What the last step said, by module, until the page next shows it (one learner)."""
        return self.settings.get("mystory_home_said", {})

    @said.setter
    def said(self, value: dict[str, str]) -> None:
        self.settings["mystory_home_said"] = value

    @property
    def folder(self) -> Path:
        """The learner's own folder: the server's root, where the course home and modules are."""
        return Path(self.settings["server_root_dir"]).expanduser()

    def page(self, said: dict[str, str]) -> str:
        """The whole page: the home's words around one card a module."""

        language = current_language()
        title, (intro, *after) = home_text(language)
        cards = []
        for number, spec in numbered_modules():
            buttons = "".join(
                f'<button class="mystory-action" type="submit" name="step" value="{step}">'
                f"{escape(step_label(step, number))}</button>"
                for step in steps_now(spec, self.folder))
            form = (f'<form method="post" action="#card-{escape(spec.folder)}">'
                    f"{self.xsrf_form_html()}"
                    f'<input type="hidden" name="module" value="{escape(spec.folder)}">'
                    f"{buttons}</form>") if buttons else ""
            cards.append(
                f'<li id="card-{escape(spec.folder)}" class="mystory-card mystory-card-'
                f'{escape(spec.folder)}" data-module="{escape(spec.folder)}">'
                f"{card_markup(number, spec, self.folder)}{form}"
                f'<div class="mystory-status">{said.get(spec.folder, "")}</div></li>')
        style = url_path_join(self.base_url, STYLE)
        script = url_path_join(self.base_url, READ_ALOUD)
        return (
            f'<!DOCTYPE html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(title)}</title><link rel="stylesheet" href="{escape(style)}">'
            f'<script src="{escape(script)}"></script></head>'
            f'<body class="mystory-page"><main class="mystory-home">{header_html()}'
            f'{choice_html(language)}{words_html()}{intro}'
            f'<ol class="mystory-cards">{"".join(cards)}</ol>{"".join(after)}</main>'
            "</body></html>")


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "mystory.hosting.homepage"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    app = serverapp.web_app
    pattern = url_path_join(app.settings["base_url"], HOME_PATH)
    app.add_handlers(".*$", [(pattern, CourseHomeHandler)])
