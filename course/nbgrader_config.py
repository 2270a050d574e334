"""nbgrader settings for the #MyStory course (this folder is the nbgrader course root)."""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file

c.CourseDirectory.course_id = "mystory"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))

# Answer files (and their backups, locks and set-aside copies) belong to learners. They must never
# be copied from the source into the release, nor over a learner's answers at autograde.
ANSWER_FILES = ["*.answers.json", "*.answers.json.bak", ".*.lock", "*.unreadable-*.json"]
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", *ANSWER_FILES]

# Model answers sit in solution regions; the learner's copy gets a harmless comment instead of
# nbgrader's default `raise NotImplementedError()`, which would stop the page in Voila.
c.ClearSolutions.code_stub = {"python": "# Your answers are saved from the boxes on the page."}
c.ClearSolutions.text_stub = "Your answer is saved from the box on the page."

# A notebook that hangs is stopped rather than holding up the class.
c.Execute.timeout = 60
