"""Facilitators on the hub: nbgrader and formgrader work on the course in ~/course.

(Or in the folder named by MYSTORY_COURSE.) The course's own nbgrader_config.py is read too,
and the exchange is the hub's (MYSTORY_EXCHANGE).
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file
# Our readable feedback page from nbgrader's own feedback step too (the course's config says so
# as well; this covers a course folder copied without it).
c.GenerateFeedback.exporter_class = "mystory.facilitator.feedback_exporter.FeedbackExporter"
c.GenerateFeedback.preprocessors = []
course = os.environ.get("MYSTORY_COURSE") or os.path.join(os.path.expanduser("~"), "course")
if os.path.isfile(os.path.join(course, "nbgrader_config.py")):
    load_subconfig(os.path.join(course, "nbgrader_config.py"))  # noqa: F821
c.CourseDirectory.root = course
if os.environ.get("MYSTORY_EXCHANGE"):
    c.Exchange.root = os.environ["MYSTORY_EXCHANGE"]
