"""nbgrader settings for the #MyStory course (this folder is the nbgrader course root)."""

import glob
import os

from mystory.core.store import BACKUP, SUFFIX, data_files

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file
HERE = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "mystory"
c.CourseDirectory.root = HERE

# Lock and temporary files of the answer store never travel. Answer files themselves must
# travel (submit, collect and autograde copy them), so they are not in this list.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                            ".*.lock", ".*.tmp"]

# At autograde nbgrader copies every non-notebook file of course/source/<module> over the
# submission. A stray answer file there (say, from a facilitator previewing a notebook) would
# silently replace each learner's answers, so answer files are never overwritten.
# The learner's data beside each notebook (named by mystory's answer store): never replaced by
# the course's copy when autograding.
c.Autograde.exclude_overwriting = {
    os.path.basename(os.path.dirname(nb)): [
        *data_files(os.path.basename(nb)[: -len(".ipynb")]),
        os.path.basename(nb)[: -len(".ipynb")] + SUFFIX + BACKUP,
    ]
    for nb in glob.glob(os.path.join(HERE, "source", "*", "*.ipynb"))
}

# Model answers sit in solution regions; the learner's copy gets a harmless comment instead of
# nbgrader's default `raise NotImplementedError()`, which would stop the page in Voila.
c.ClearSolutions.code_stub = {"python": "# Your answers are saved from the boxes on the page."}
c.ClearSolutions.text_stub = "Your answer is saved from the box on the page."

# Collecting (formgrader's Collect button too) takes only hand-ins made by their own learner,
# never follows a link and copies only the module's own files (mystory/facilitator/inbound.py).
c.ExchangeFactory.collect = "mystory.facilitator.inbound.ExchangeCollect"

# A notebook that hangs is stopped rather than holding up the class.
c.Execute.timeout = 60

# Feedback a learner can read, whichever step a facilitator uses: `mystory feedback` or
# nbgrader's own `generate_feedback` (formgrader's "Generate Feedback" button) both write
# mystory's page (marks in plain words, the learner's words as text), never the notebook with
# its hidden tests and tracebacks.
c.GenerateFeedback.exporter_class = "mystory.facilitator.feedback_exporter.FeedbackExporter"
c.GenerateFeedback.preprocessors = []
