"""What a module page costs a learner's data plan: bytes over the wire on a phone.

Debian's Chromium (Playwright) with a phone's screen opens Module 1 on `mystory serve` (what
`make serve` runs), once with an empty cache (first visit) and again in the same browser
(repeat visit). Bytes are Chromium's own count of what came over the network for each request
(CDP ``Network.loadingFinished`` encodedDataLength: headers and body as sent, so a 304 counts as
its headers). Also: how many text responses came compressed, requests to other hosts, and the
kernel's websocket messages (their payload, before any per-message compression).

Run as root, the same on the hub (tests/hub.py's set-up: a learner signs in, gets Module 1 and
opens it), and the course home there.

Writes benchmarks/results/page_weight.json. Usage: python benchmarks/page_weight.py
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).parent / "results"

from mystory.facilitator.build import copy_workspace  # noqa: E402
from tests.browser import CHROMIUM_ARGS, chromium_path, run_mystory, wire_visit  # noqa: E402

PAGE = "voila/render/01-your-story/your-story.ipynb"
PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
# A page is ready for the learner when its first answer box takes typing.
READY = "input[type=text], textarea"
TARGETS = {"first_visit_bytes": 1_500_000, "repeat_visit_bytes": 150_000}
def measure(base: str, browser, storage: dict | None = None, prefix: str = "") -> dict:
    """A first visit to the module page with an empty cache, then a repeat visit."""
    context = browser.new_context(**PHONE, storage_state=storage)
    try:
        first = wire_visit(context, f"{base}{prefix}/{PAGE}", READY)
        repeat = wire_visit(context, f"{base}{prefix}/{PAGE}", READY)
    finally:
        context.close()
    return {"first_visit": first, "repeat_visit": repeat}


def on_the_hub(browser) -> dict:
    """The same on the hub (root only): a learner signs in, gets Module 1, opens it twice.

    Also the course home as the hub serves it. The learner's name is the benchmark's own.
    """
    from mystory import facilitator as fac
    from tests import hub
    from tests.conftest import copy_course

    name, group = "mst-pw", "mystory-bench"
    hub.shared_env()
    srv = Path(tempfile.mkdtemp(prefix="mystory-pageweight-", dir="/srv"))
    srv.chmod(0o755)
    exchange, state = srv / "exchange", srv / "hub"
    exchange.mkdir()
    exchange.chmod(0o777)
    state.mkdir(mode=0o700)
    fac.release(copy_course(srv / "course"), PAGE.split("/")[2], exchange)
    try:
        hub.add_user(name, [group])
        with hub.hub([], exchange, state, srv, group) as base:
            context = browser.new_context(**PHONE)
            page = context.new_page()
            page.goto(base + "/hub/login")
            page.get_by_label("Username").fill(name)
            page.get_by_label("Password").fill(hub.PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            card = page.locator(".mystory-card-01-your-story")
            card.get_by_role("button", name="Get Module 1").click(timeout=180_000)
            card.get_by_role("link", name="Start").wait_for(timeout=60_000)
            page.close()
            home = wire_visit(context, f"{base}/user/{name}/voila/render/home.ipynb",
                              ".mystory-card-01-your-story")
            signed_in = context.storage_state()
            context.close()
            return {"home": home, **measure(base, browser, signed_in, f"/user/{name}")}
    finally:
        hub.remove_user(name)
        shutil.rmtree(srv, ignore_errors=True)


def met(visits: dict) -> dict:
    return {
        "first_visit": visits["first_visit"]["bytes"] <= TARGETS["first_visit_bytes"],
        "repeat_visit": visits["repeat_visit"]["bytes"] <= TARGETS["repeat_visit_bytes"],
        "all_text_compressed": not visits["first_visit"]["uncompressed_text"],
        "nothing_from_other_hosts": not visits["first_visit"]["other_hosts"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-hub", action="store_true", help="only mystory serve")
    args = parser.parse_args()
    result: dict = {"page": PAGE, "targets": TARGETS}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        tmp_path = Path(tmp)
        workspace = tmp_path / "workspace"
        copy_workspace(ROOT / "exercises", workspace)
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        with run_mystory(["serve", "--workspace", str(workspace)], ROOT, tmp_path) as base:
            result["serve"] = measure(base, browser)
        result["met_serve"] = met(result["serve"])
        if args.no_hub or os.geteuid() != 0:
            print("page_weight: the hub part makes a Unix account, so it needs root; skipped.")
        else:
            result["hub"] = on_the_hub(browser)
            result["met_hub"] = met(result["hub"])
        browser.close()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "page_weight.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
