"""The words of the "Read this aloud" control, in one place, for every learner page.

The control itself is the page's own script (``mystory-readaloud.js`` in the course's Voila
template), which speaks with the browser's ``speechSynthesis``: nothing runs in the kernel and
nothing is fetched. The script has no words of its own: it reads them from the block
``words_html()`` writes into each page (a module's header, the course home), so a translation of
this dictionary changes every button, message and speed name at once.
"""

from __future__ import annotations

import json
from html import escape

from .language import N_, _

# What the learner sees and hears about the control (the script uses the keys).
WORDS: dict[str, str] = {
    "read": N_("Read this aloud"),
    "pause": N_("Pause"),
    "resume": N_("Carry on"),
    "stop": N_("Stop"),
    "speed": N_("Speed"),
    "slow": N_("Slow"),
    "normal": N_("Normal"),
    "fast": N_("Fast"),
    "no_speech": N_("Sorry, this browser cannot read aloud. Try another browser, or ask your "
                    "facilitator."),
    "no_voice": N_("Sorry, this device has no voice to read aloud with. Ask your facilitator."),
    "other_voice": N_("This device has no voice for this language, so another voice reads it."),
}

# Each speed's name (a key of WORDS) and how fast it speaks (1 is the voice's usual pace).
SPEEDS: dict[str, float] = {"slow": 0.75, "normal": 1.0, "fast": 1.3}


def words_json(words: dict[str, str] | None = None) -> str:
    """The control's words (in the page's language) and speeds as JSON, as the page's script
    reads them."""
    said = {key: _(text) for key, text in (words or WORDS).items()}
    return json.dumps({"words": said, "speeds": SPEEDS}, ensure_ascii=False,
                      sort_keys=True)


def words_html(words: dict[str, str] | None = None) -> str:
    """A hidden block carrying the control's words into a page (no script: the page's CSP
    allows only the course's script files)."""
    data = escape(words_json(words))
    return f'<div class="mystory-readaloud-words" hidden data-words="{data}"></div>'
