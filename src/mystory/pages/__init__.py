"""What the learner sees: module pages and one widget family a file (the only ipywidgets users).

Each widget module registers its exercise kinds with ``@widget`` when it is imported, so every one
is imported here: ``widgets.make`` then finds the widget for any kind in ``mystory.core.kinds``.
"""

from . import conversation, profile, schedule, sort, widgets

__all__ = ["conversation", "profile", "schedule", "sort", "widgets"]
