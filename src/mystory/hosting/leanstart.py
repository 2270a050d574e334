"""A Jupyter server that starts in half the processor time: skip one import nobody uses.

Every Jupyter server imports jsonschema (through jupyter_events), and jsonschema imports
``rfc3987_syntax`` when it is installed, only to check the "iri" string formats. That module
builds a parser as it is imported: about 1.4 s of processor time and 16 MB in every server, which
is most of the wait when a class signs in to the hub at once (benchmarks/hub.py). No schema a
Jupyter server checks uses those formats, and jsonschema treats the module as optional.
"""

from __future__ import annotations

import sys

UNUSED_AT_START = ("rfc3987_syntax",)


def skip_unused_imports() -> None:
    """Make importing the unused modules fail fast (as if absent); call before Jupyter starts."""
    for name in UNUSED_AT_START:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
