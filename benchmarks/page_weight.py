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
import urllib.parse
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).parent / "results"

from mystory.build import copy_workspace  # noqa: E402
from tests.browser import CHROMIUM_ARGS, chromium_path, run_mystory  # noqa: E402

PAGE = "voila/render/01-your-story/your-story.ipynb"
PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
# A page is ready for the learner when its first answer box takes typing.
READY = "input[type=text], textarea"
TARGETS = {"first_visit_bytes": 1_500_000, "repeat_visit_bytes": 150_000}
TEXT_TYPES = ("text/", "javascript", "json", "xml", "svg")


def is_text(mime: str) -> bool:
    return any(kind in mime for kind in TEXT_TYPES)


def visit(context, url: str) -> dict:
    """Open `url` in a new tab of `context` until the page is ready; what came over the wire."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    requests: dict[str, dict] = {}
    asked: set[str] = set()  # every address the page asked for, answered or not
    frames = {"sent": 0, "received": 0}

    def on_response(event: dict) -> None:
        response = event["response"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        requests.setdefault(event["requestId"], {}).update(
            url=response["url"], status=response["status"], mime=response.get("mimeType", ""),
            encoding=headers.get("content-encoding", ""),
            cache=headers.get("cache-control", ""), cached=response.get("fromDiskCache", False)
            or response.get("fromMemoryCache", False))

    def on_finished(event: dict) -> None:
        requests.setdefault(event["requestId"], {})["bytes"] = event["encodedDataLength"]

    def on_frame(direction: str):
        def count(event: dict) -> None:
            frames[direction] += len(event["response"].get("payloadData", ""))
        return count

    cdp.on("Network.requestWillBeSent", lambda event: asked.add(event["request"]["url"]))
    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.on("Network.webSocketFrameSent", on_frame("sent"))
    cdp.on("Network.webSocketFrameReceived", on_frame("received"))
    page.goto(url, wait_until="load", timeout=180_000)
    page.locator(READY).first.wait_for(state="visible", timeout=180_000)
    page.wait_for_load_state("networkidle", timeout=60_000)
    page.close()
    done = [r for r in requests.values() if "url" in r and r["url"].startswith("http")]
    host = urllib.parse.urlsplit(url).netloc
    text = [r for r in done if is_text(r["mime"]) and r["status"] == 200
            and r.get("bytes", 0) > 1024 and not r["cached"]]
    return {
        "requests": len(done),
        "bytes": sum(r.get("bytes", 0) for r in done),
        "from_cache": sum(r["cached"] for r in done),
        "text_responses_over_1kb": len(text),
        "text_responses_compressed": sum(bool(r["encoding"]) for r in text),
        "uncompressed": sorted(r["url"].split("?")[0] for r in text if not r["encoding"])[:20],
        "other_hosts": sorted({urllib.parse.urlsplit(u).netloc for u in asked
                               if u.startswith("http")} - {host}),
        "websocket_payload_bytes": frames,
        "largest": sorted(((r.get("bytes", 0), r["url"].split("?")[0].rsplit("/", 1)[-1])
                           for r in done), reverse=True)[:8],
    }


def measure(base: str, browser) -> dict:
    """A first and a repeat visit to the module page, in one browser profile."""
    context = browser.new_context(**PHONE)
    try:
        first = visit(context, f"{base}/{PAGE}")
        repeat = visit(context, f"{base}/{PAGE}")
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
        "all_text_compressed": serve["first_visit"]["text_responses_compressed"]
        == serve["first_visit"]["text_responses_over_1kb"],
        "nothing_from_other_hosts": not serve["first_visit"]["other_hosts"],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "page_weight.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
