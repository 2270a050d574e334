"""A class signs in to the hub at once: time to the course home, and memory per learner.

Root only (it makes Unix accounts), on the same set-up as tests/test_hub.py: JupyterHub with
deploy/jupyterhub_config.py, real accounts, the course's spawner (JupyterHub's LocalProcessSpawner
forking servers from a warm forkserver: mystory/hosting/spawner.py). Every learner signs in
within one second, their own server starts, and the course home is served (by the learner's
server itself, without a kernel: mystory/hosting/homepage.py). Memory per learner is the resident
memory of everything running as that learner once their home page is up (and, as PSS, with
the pages shared among forked servers divided among them). The baseline, in the
same run, is one learner signing in alone. Writes benchmarks/results/hub.json.

    sudo .venv/bin/python benchmarks/hub.py --learners 20
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests import hub  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
GROUP = "mystory-bench"


def sign_in_and_open_home(base: str, name: str) -> float:
    """Sign in through the hub's form and wait for the course home; return the seconds taken."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = {"Accept": "text/html"}
    start = time.perf_counter()
    login = opener.open(urllib.request.Request(base + "/hub/login", headers=html)).read()
    xsrf = re.search(rb'name="_xsrf" value="([^"]+)"', login).group(1).decode()
    form = urllib.parse.urlencode({"username": name, "password": hub.PASSWORD,
                                   "_xsrf": xsrf}).encode()
    opener.open(urllib.request.Request(base + "/hub/login", data=form, headers=html))
    home = f"{base}/user/{name}/voila/render/home.ipynb"
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            reply = opener.open(urllib.request.Request(home, headers=html), timeout=120)
            body = reply.read()
            # The home with its module cards: Voila's page with the widgets' state, or the
            # page a learner's server writes without a kernel (mystory/hosting/homepage.py).
            if reply.url.startswith(home) and (b"widget-view" in body
                                               or b"mystory-card-00-welcome" in body):
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{name}: no course home within 300 s")


def memory_mb(user: str) -> float:
    out = subprocess.run(["ps", "-u", user, "-o", "rss="], capture_output=True, text=True)
    return sum(int(x) for x in out.stdout.split()) / 1024


def proportional_mb(user: str) -> float:
    """Memory of everything running as `user`, pages shared with other processes divided among
    them (PSS): forked servers share the forkserver's imported modules."""
    out = subprocess.run(["ps", "-u", user, "-o", "pid="], capture_output=True, text=True)
    total = 0
    for pid in out.stdout.split():
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
        total += int(found.group(1)) if found else 0
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """Processor time a process has used so far (user and system)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def user_cpu_seconds(user: str) -> float:
    """Processor time used by everything running as `user` (their server and kernels).

    On a machine shared with other work, waits stretch with the load but this does not:
    20 learners' processor time over 2 cores is what the class waits for at the least.
    """
    out = subprocess.run(["ps", "-u", user, "-o", "pid="], capture_output=True, text=True)
    return sum(cpu_seconds(int(pid)) for pid in out.stdout.split())


def hub_pids(state: Path) -> list[int]:
    """The hub's own processes (JupyterHub, its proxy, the culler, the forkserver): they run in
    its folder."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and os.readlink(proc / "cwd") == str(state):
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


def load_average() -> float:
    return round(os.getloadavg()[0], 1)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=20)
    args = parser.parse_args()
    if not hub.is_root():
        raise SystemExit("benchmarks/hub.py makes Unix accounts: run it as root.")
    hub.shared_env()
    names = [f"mst-b{n:02d}" for n in range(args.learners + 1)]
    srv = Path(tempfile.mkdtemp(prefix="mystory-hubbench-", dir="/srv"))
    srv.chmod(0o755)
    exchange = srv / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    state = srv / "hub"
    state.mkdir(mode=0o700)
    try:
        for name in names:
            hub.add_user(name, [GROUP])
        with hub.hub([], exchange, state, srv, GROUP) as base:
            load_before = load_average()
            alone = sign_in_and_open_home(base, names[0])
            time.sleep(3)
            alone_mb = memory_mb(names[0])
            alone_cpu = user_cpu_seconds(names[0])
            hubs = hub_pids(state)
            hub_cpu = sum(cpu_seconds(pid) for pid in hubs)
            times: dict[str, float] = {}
            errors: list[str] = []

            def learner(name: str) -> None:
                time.sleep(random.random())  # all within one second
                try:
                    times[name] = sign_in_and_open_home(base, name)
                except Exception as err:  # noqa: BLE001 - a benchmark reports every failure
                    errors.append(f"{name}: {err}")

            crowd = [threading.Thread(target=learner, args=(n,)) for n in names[1:]]
            for thread in crowd:
                thread.start()
            for thread in crowd:
                thread.join()
            load_during = load_average()
            time.sleep(3)
            memory = [memory_mb(n) for n in names[1:]]
            shared = [proportional_mb(n) for n in names[1:]]
            cpu = [user_cpu_seconds(n) for n in names[1:]]
            hub_cpu = sum(cpu_seconds(pid) for pid in hubs) - hub_cpu
        waits = list(times.values())
        result = {
            "learners": args.learners, "cores": os.cpu_count(), "errors": errors,
            "alone_s": round(alone, 2), "alone_mb": round(alone_mb, 1),
            "home_p50_s": round(statistics.median(waits), 2) if waits else None,
            "home_p95_s": round(percentile(waits, 0.95), 2) if waits else None,
            "memory_per_learner_mb": round(statistics.mean(memory), 1),
            "memory_per_learner_pss_mb": round(statistics.mean(shared), 1),
            "alone_cpu_s": round(alone_cpu, 2),
            "cpu_per_learner_s": round(statistics.mean(cpu), 2),
            "hub_cpu_per_learner_s": round(hub_cpu / len(cpu), 2),
            "load_average_before": load_before, "load_average_after_crowd": load_during,
            "p95_ratio_to_alone": round(percentile(waits, 0.95) / alone, 2) if waits else None,
        }
    finally:
        for name in names:
            hub.remove_user(name)
        shutil.rmtree(srv, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "hub.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
