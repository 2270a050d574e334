"""What the learner sees: module pages and one widget family a file (the only ipywidgets users)."""
