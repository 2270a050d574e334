"""Long commands say what they are doing: a line a step, or one redrawn line on a terminal."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from mystory.facilitator.progress import Progress
from tests.conftest import ROOT, copy_course


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    progress = Progress(3, out)
    for module in ("00-welcome", "01-your-story", "02-talk"):
        progress.step(f"Releasing {module}")
    progress.finish()
    lines = out.getvalue().splitlines()
    assert lines[0] == "[1/3] Releasing 00-welcome"
    assert lines[2].startswith("[3/3] Releasing 02-talk · about ") and lines[2].endswith(" s left")
    assert "\r" not in out.getvalue() and "\x1b" not in out.getvalue()


def test_one_redrawn_line_on_a_terminal_without_escape_codes() -> None:
    out = Terminal()
    progress = Progress(2, out)
    progress.step("Making the learner version of 00-welcome")
    progress.step("Running the model answers of 00-welcome")
    progress.finish()
    text = out.getvalue()
    assert "\n" not in text and "\x1b" not in text
    assert "\r[..........." in text and "1/2 Making the learner version" in text
    assert text.endswith("\r")  # the line is cleared for what comes next


@pytest.mark.nbgrader
def test_release_says_what_it_is_doing(tmp_path: Path) -> None:
    """`mystory release` took 70 s without a word."""
    course = copy_course(tmp_path / "course")
    out = subprocess.run([sys.executable, "-m", "mystory.cli", "release", "00-welcome",
                          "01-your-story", "--course", str(course), "--exchange",
                          str(tmp_path / "exchange")], cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "[1/2] Releasing 00-welcome to the exchange"
    assert lines[1].startswith("[2/2] Releasing 01-your-story to the exchange · about ")
    assert "Released 01-your-story to the exchange" in lines[-1]
