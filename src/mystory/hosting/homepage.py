"""The course home on a hub, written by the learner's own server: no kernel, no script.

Every learner lands on the course home when they sign in. Rendered by Voila it needed a kernel
of its own (about 0.7 s of processor time and 57 MB a learner, while the whole class signs in at
once). Here the learner's server writes the same cards as plain HTML, and each card's buttons
(get, hand in, get feedback) post a form back to it. It answers at Voila's address for the
home (``voila/render/home.ipynb``), so links and bookmarks stay the same: the learner's server
(``learnerserver``) puts these handlers after its gate and before Voila's pages.

The words come from the course's ``home.ipynb`` (its Markdown cells), the cards and their steps
from ``mystory.pages.handin``, as on a Voila home.
"""

from __future__ import annotations

import asyncio
import json
import re
from functools import cache
from html import escape
from pathlib import Path

import mistune
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.routing import PathMatches, Rule

from ..core import content
from ..core.branding import header_html
from ..pages.handin import STEPS, card_markup, run_step, status_html, steps_now
from ..singleuser import packaged_home

HOME_PATH = "voila/render/home.ipynb"
STEP_PATH = "mystory/home-step"  # where a card's buttons post
STYLE = "voila/templates/mystory/static/mystory.css"


@cache
def home_text() -> tuple[str, list[str]]:
    """(title, HTML of each Markdown cell) of the packaged course home notebook."""
    notebook = json.loads(packaged_home().read_text(encoding="utf-8"))
    title = notebook.get("metadata", {}).get("title", "#MyStory course")
    cells = ["".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
             for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
    return title, [str(mistune.html(text)) for text in cells]


class _Home(JupyterHandler):
    """What the course home's page and its steps share: the learner's folder and messages."""

    @property
    def folder(self) -> Path:
        """The learner's own folder: the server's root, where the course home and modules are."""
        return Path(self.settings["server_root_dir"]).expanduser()

    @property
    def said(self) -> dict[str, str]:
        """What the last step said, by module, until the page next shows it (one learner)."""
        return self.settings.get("mystory_home_said", {})

    @said.setter
    def said(self, value: dict[str, str]) -> None:
        self.settings["mystory_home_said"] = value


class CourseHomeHandler(_Home):
    """The course home: the home's words around one card a module, each with its steps."""

    @web.authenticated
    def get(self) -> None:
        said, self.said = dict(self.said), {}  # a step's message shows once
        self.set_header("Cache-Control", "no-store")  # progress changes with every answer
        self.finish(self.page(said))

    def page(self, said: dict[str, str]) -> str:
        title, (intro, *after) = home_text()
        step_url = url_path_join(self.base_url, STEP_PATH)
        cards = []
        for number, spec in enumerate(content.course()):
            folder = escape(spec.folder)
            buttons = "".join(
                f'<button class="mystory-action" type="submit" name="step" value="{step}">'
                f"{escape(STEPS[step].format(n=number))}</button>"
                for step in steps_now(spec, self.folder))
            form = (f'<form method="post" action="{escape(step_url)}">{self.xsrf_form_html()}'
                    f'<input type="hidden" name="module" value="{folder}">'
                    f"{buttons}</form>") if buttons else ""
            cards.append(
                f'<li id="card-{folder}" class="mystory-card mystory-card-{folder}" '
                f'data-module="{folder}">{card_markup(number, spec, self.folder)}{form}'
                f'<div class="mystory-status">{said.get(spec.folder, "")}</div></li>')
        style = url_path_join(self.base_url, STYLE)
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(title)}</title><link rel="stylesheet" href="{escape(style)}"></head>'
            f'<body class="mystory-page"><main class="mystory-home">{header_html()}{intro}'
            f'<ol class="mystory-cards">{"".join(cards)}</ol>{"".join(after)}</main>'
            "</body></html>")


class CourseStepHandler(_Home):
    """One card's step (get, hand in, get feedback), then back to the home by GET."""

    @web.authenticated
    async def post(self) -> None:
        module, step = self.get_body_argument("module", ""), self.get_body_argument("step", "")
        modules = {spec.folder: (n, spec) for n, spec in enumerate(content.course())}
        if module not in modules or step not in STEPS:
            raise web.HTTPError(400, "No such module or step.")
        number, spec = modules[module]
        # nbgrader copies files: off the server's event loop, so other requests carry on.
        ok, said = await asyncio.to_thread(run_step, step, number, spec, self.folder)
        self.said = {**self.said, module: status_html(ok, said)}
        # Back to the page by GET, so reloading it never runs the step again.
        self.redirect(f"{url_path_join(self.base_url, HOME_PATH)}#card-{module}", status=303)


def home_rules(base_url: str) -> list[Rule]:
    """The course home and its steps, for a learner's server to put before Voila's pages."""
    return [Rule(PathMatches(re.escape(url_path_join(base_url, path))), handler)
            for path, handler in ((HOME_PATH, CourseHomeHandler), (STEP_PATH, CourseStepHandler))]
