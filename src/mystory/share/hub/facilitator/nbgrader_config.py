"""Facilitators on the hub: nbgrader and formgrader work on the course in ~/course.

(Or in the folder named by MYSTORY_COURSE.) The course's own nbgrader_config.py is read too,
and the exchange is the hub's (MYSTORY_EXCHANGE).
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file
course = os.environ.get("MYSTORY_COURSE") or os.path.join(os.path.expanduser("~"), "course")
if os.path.isfile(os.path.join(course, "nbgrader_config.py")):
    load_subconfig(os.path.join(course, "nbgrader_config.py"))  # noqa: F821
c.CourseDirectory.root = course
if os.environ.get("MYSTORY_EXCHANGE"):
    c.Exchange.root = os.environ["MYSTORY_EXCHANGE"]
