"""nbgrader's own feedback step writes our readable page, not the notebook with hidden tests.

``nbgrader generate_feedback`` (formgrader's "Generate Feedback" button) converts each
autograded notebook with an nbconvert exporter; the course's ``nbgrader_config.py`` names this
one, so whichever a facilitator uses, ``mystory feedback`` or the button, the learner gets the
same page (``feedback_page.page_for``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from nbformat import NotebookNode
from traitlets import default

from .feedback_page import page_for


class FeedbackExporter(Exporter):
    """Turns an autograded notebook into the learner's feedback page (an HTML file)."""

    output_mimetype = "text/html"
    export_from_notebook = None  # type: ignore[assignment]  # not a general nbconvert format

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".html"

    def from_notebook_node(  # type: ignore[override]  # a page, as TemplateExporter gives
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:

        _, resources = super().from_notebook_node(nb, resources, **kw)
        graded = resources["nbgrader"]
        coursedir = getattr(self.parent, "coursedir", None)
        course = Path(coursedir.root if coursedir is not None else os.getcwd())
        page = page_for(course, graded["assignment"], graded["student"], graded.get("db_url"))
        return page, resources
