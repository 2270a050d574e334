"""What a long command is doing, said as it goes: a facilitator never waits without a word.

On a terminal one line is redrawn in place (a bar, the step and how many are left, using only a
carriage return); anywhere else (a log file, CI, a pipe) each step is one plain line.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR = 20


class Progress:
    """Counts the steps of a command and says each one before it starts."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total, self.done = max(total, 1), 0
        self.stream = stream or sys.stdout
        self.live = self.stream.isatty()
        self.started = time.monotonic()
        self._width = 0

    def step(self, what: str) -> None:
        """Say the step about to start: "[2/10] Running the model answers of 01-your-story"."""
        self.done += 1
        count = f"[{self.done}/{self.total}]"
        if self.done > 1:
            left = (time.monotonic() - self.started) / (self.done - 1) * (
                self.total - self.done + 1)
            what += f" · about {left:.0f} s left"
        if not self.live:
            print(f"{count} {what}", file=self.stream, flush=True)
            return
        filled = round(BAR * (self.done - 1) / self.total)
        line = f"[{'#' * filled}{'.' * (BAR - filled)}] {count[1:-1]} {what}"
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = len(line)

    def finish(self) -> None:
        """End the redrawn line, so what comes next starts on a fresh one."""
        if self.live and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
