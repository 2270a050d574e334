"""#MyStory: a digital-literacy course taught with graded Jupyter notebooks served by Voila."""

__version__ = "0.1.0"
