"""What the notebooks' test cells call (``from mystory.grading import check``).

The checks live in ``mystory.core.checks``; this name stays because every notebook uses it.
"""

from .core.checks import Check, check, show_policy, show_written

__all__ = ["Check", "check", "show_policy", "show_written"]
