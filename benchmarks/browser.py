"""Learner-side speed and memory, in headless Chromium against the course's own Voila server.

1. Time to interactive per page: from navigation to the first exercise input accepting typing,
   with Voila's preheated pool and cold (no pool), against a bare notebook holding one
   ipywidgets Text served by the same Voila with the same settings. Median of 5 runs.
2. Feedback latency: from the last keystroke in "Your bio" to the coach's new feedback on
   screen (debounce included); p95 of 20 runs.
3. Kernel memory: resident memory of a module's kernel after it has loaded, against a bare
   ipykernel with ipywidgets imported.

Writes benchmarks/results/browser.json. Usage: python benchmarks/browser.py
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).parent / "results"

from mystory.core import content  # noqa: E402
from mystory.facilitator.build import copy_workspace  # noqa: E402
from tests.browser import CHROMIUM_ARGS, chromium_path, run_mystory  # noqa: E402

RUNS = 5
INPUT = "input[type=text], textarea, input[type=checkbox], input[type=radio], button.mystory-cell"


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def kernel_pids() -> set[int]:
    pids = set()
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if b"ipykernel_launcher" in cmd:
                pids.add(int(proc.name))
    return pids


def tti(browser, url: str) -> float:
    page = browser.new_page(viewport={"width": 375, "height": 667})
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.locator(INPUT).first.wait_for(state="visible", timeout=120_000)
    page.wait_for_function(f"!document.querySelector('{INPUT}').disabled")
    elapsed = time.perf_counter() - started
    page.close()
    return elapsed


def median_tti(browser, base: str, path: str, pause: float) -> float:
    times = []
    for _ in range(RUNS):
        times.append(tti(browser, f"{base}/voila/render/{path}"))
        time.sleep(pause)  # let the pool refill before the next learner
    return statistics.median(times)


def bare_kernel_kb() -> int:
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    client = km.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    client.execute_interactive("import ipywidgets", timeout=60)
    time.sleep(0.5)
    pid = km.provisioner.process.pid
    size = rss_kb(pid)
    client.stop_channels()
    km.shutdown_kernel(now=True)
    return size


def main() -> None:
    figures: dict = {"runs": RUNS}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        tmp = Path(tmp)
        workspace = tmp / "workspace"
        copy_workspace(ROOT / "exercises", workspace)
        (workspace / "baseline").mkdir()
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
            "import ipywidgets\nipywidgets.Text(description='Your answer')")]),
            workspace / "baseline" / "baseline.ipynb")
        pages = ["baseline/baseline.ipynb"] + [f"{m.folder}/{m.notebook}.ipynb"
                                               for m in content.course()]
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for mode, extra, pause in (("pool", ["--pool-size", "1"], 4.0),
                                   ("cold", ["--pool-size", "0"], 0.5)):
            with run_mystory(["serve", "--workspace", str(workspace), *extra], ROOT, tmp) as base:
                time.sleep(8)  # let the pool fill
                medians = {path: median_tti(browser, base, path, pause) for path in pages}
                baseline = medians.pop("baseline/baseline.ipynb")
                figures[f"tti_{mode}"] = {
                    "baseline_s": baseline,
                    "modules": {path.split("/")[0]: {"median_s": t, "ratio": t / baseline}
                                for path, t in medians.items()},
                }
                if mode == "pool":
                    before = kernel_pids()
                    page = browser.new_page()
                    page.goto(f"{base}/voila/render/01-your-story/your-story.ipynb")
                    bio = page.get_by_label("Your bio", exact=True)
                    bio.wait_for(timeout=60_000)
                    latencies = []
                    for n in range(20):
                        bio.fill("")
                        # The coach's panel for an empty bio (it has no rule to fix).
                        page.wait_for_selector('.mystory-coach-panel[data-count="0"]')
                        bio.press_sequentially(f"Housing officer {n}. Views are my own", delay=20)
                        started = time.perf_counter()
                        page.wait_for_selector('.mystory-coach-fix[data-rule="disclaimer"]')
                        latencies.append(time.perf_counter() - started)
                    latencies.sort()
                    figures["feedback_latency"] = {
                        "median_ms": statistics.median(latencies) * 1000,
                        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
                        "target_p95_ms": 300}
                    module_kb = max((rss_kb(pid) for pid in kernel_pids() - before), default=0)
                    if not module_kb:
                        module_kb = max(rss_kb(pid) for pid in kernel_pids())
                    page.close()
        browser.close()
        bare = bare_kernel_kb()
        figures["kernel_memory"] = {"module_1_kb": module_kb, "bare_ipywidgets_kb": bare,
                                    "ratio": module_kb / bare, "target_ratio": 1.25}
        shutil.rmtree(workspace, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "browser.json").write_text(json.dumps(figures, indent=2) + "\n")
    for mode in ("pool", "cold"):
        data = figures[f"tti_{mode}"]
        worst = max(v["ratio"] for v in data["modules"].values())
        print(f"time to interactive ({mode}): baseline {data['baseline_s']:.2f} s, worst module "
              f"{worst:.2f}x")
    f = figures["feedback_latency"]
    print(f"coach feedback: median {f['median_ms']:.0f} ms, p95 {f['p95_ms']:.0f} ms")
    k = figures["kernel_memory"]
    print(f"kernel memory: module 1 {k['module_1_kb'] / 1024:.0f} MB, bare "
          f"{k['bare_ipywidgets_kb'] / 1024:.0f} MB, ratio {k['ratio']:.2f}")


if __name__ == "__main__":
    main()
