"""What a module page costs a learner's data plan: bytes over the wire on a phone.

Debian's Chromium (Playwright) with a phone's screen opens Module 1 on `mystory serve` (what
`make serve` runs), once with an empty cache (first visit) and again in the same browser
(repeat visit). Bytes are Chromium's own count of what came over the network for each request
(CDP ``Network.loadingFinished`` encodedDataLength: headers and body as sent, so a 304 counts as
its headers). Also: how many text responses came compressed, requests to other hosts, and the
kernel's websocket messages (their payload, before any per-message compression).

Writes benchmarks/results/page_weight.json. Usage: python benchmarks/page_weight.py
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).parent / "results"

from mystory.build import copy_workspace  # noqa: E402
from tests.browser import CHROMIUM_ARGS, chromium_path, run_mystory, wire_visit  # noqa: E402

PAGE = "voila/render/01-your-story/your-story.ipynb"
PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
# A page is ready for the learner when its first answer box takes typing.
READY = "input[type=text], textarea"
TARGETS = {"first_visit_bytes": 1_500_000, "repeat_visit_bytes": 150_000}
def measure(base: str, browser) -> dict:
    """A first and a repeat visit to the module page, in one browser profile."""
    context = browser.new_context(**PHONE)
    try:
        first = wire_visit(context, f"{base}/{PAGE}", READY)
        repeat = wire_visit(context, f"{base}/{PAGE}", READY)
    finally:
        context.close()
    return {"first_visit": first, "repeat_visit": repeat}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        tmp_path = Path(tmp)
        workspace = tmp_path / "workspace"
        copy_workspace(ROOT / "exercises", workspace)
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        with run_mystory(["serve", "--workspace", str(workspace)], ROOT, tmp_path) as base:
            result = {"page": PAGE, "serve": measure(base, browser), "targets": TARGETS}
        browser.close()
    serve = result["serve"]
    result["met"] = {
        "first_visit": serve["first_visit"]["bytes"] <= TARGETS["first_visit_bytes"],
        "repeat_visit": serve["repeat_visit"]["bytes"] <= TARGETS["repeat_visit_bytes"],
        "all_text_compressed": not serve["first_visit"]["uncompressed_text"],
        "nothing_from_other_hosts": not serve["first_visit"]["other_hosts"],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "page_weight.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
