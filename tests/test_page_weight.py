"""A module page is light on a phone's data plan (`mystory serve`, Chromium's own byte counts).

Text responses come compressed, kernel messages are deflated, nothing comes from another host,
and a second visit takes what it can from the browser's cache. The figures themselves are in
benchmarks/page_weight.py (make bench).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mystory.facilitator.build import copy_workspace
from tests.browser import serve, wire_visit

pytestmark = [pytest.mark.browser]

PAGE = "voila/render/00-welcome/welcome.ipynb"
READY = "input[type=text], textarea"
REPEAT_VISIT_MOST = 150_000  # bytes: the target in the README


def test_a_module_page_is_compressed_and_cached(browser, root: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    copy_workspace(root / "exercises", workspace)
    with serve(workspace, root) as base:
        context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
        first = wire_visit(context, f"{base}/{PAGE}", READY)
        repeat = wire_visit(context, f"{base}/{PAGE}", READY)
        context.close()
    assert first["text_responses_compressed"] >= 20, first  # the page, its scripts and styles
    assert first["uncompressed_text"] == []
    assert first["other_hosts"] == []
    assert first["websocket_extensions"] and all(
        "permessage-deflate" in e for e in first["websocket_extensions"])
    assert repeat["bytes"] <= REPEAT_VISIT_MOST, repeat
    assert repeat["bytes"] * 10 < first["bytes"]
