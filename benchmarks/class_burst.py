"""A class opens a module at once: many learners, each in a workspace of their own.

One Voila server started as `mystory serve` starts it, over a folder holding a workspace per
learner, with a preheated kernel for each learner's notebook. Every learner is a websocket
client speaking Jupyter's own protocol (what the page's JavaScript does): all open the page
within one second, then type and save. In the same run, the same class opens a bare notebook
(one ipywidgets Textarea whose observer writes the text to a file): the baseline.

Figures: time to interactive (page fetched, kernel answering, widget states received), save
latency (an answer on disk after the learner's change; for typed text, after the course's
0.6 s pause), whether every learner's last answer is in their own file, and kernel memory per
learner. Writes benchmarks/results/class_burst-<scenario>.json.

    python benchmarks/class_burst.py --learners 30 --scenario bio
    python benchmarks/class_burst.py --learners 20 --scenario module0
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from mystory.cli import voila_command, voila_env  # noqa: E402
from mystory.facilitator.build import copy_workspace  # noqa: E402
from mystory.pages.widgets import TEXT_PAUSE  # noqa: E402
from tests.browser import free_port, wait_for  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
# Each learner's pool is refilled a minute after its kernel is taken: in a real class every
# learner has a server of their own, so refills here would be an artefact of sharing one.
REFILL_DELAY = 60
BARE = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "bare", "metadata": {},
               "outputs": [], "source": (
                   "import pathlib\nimport ipywidgets as w\n"
                   "box = w.Textarea(description='Your bio')\n"
                   "box.observe(lambda change: pathlib.Path('bare.answers.txt')"
                   ".write_text(change['new']), 'value')\nbox")}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}
SCENARIOS = {
    # Module 2: type a bio (the coach reads it), as #8 asks.
    "bio": ("01-your-story/your-story.ipynb", [("Your bio", "text", None)]),
    # Module 1 from start to finish, as #7 asks.
    "module0": ("00-welcome/welcome.ipynb", [
        ("Your first name, or the name people know you by", "text", None),
        ("Who do most people trust more?", "choice",
         "Someone like them, sharing what really happened"),
        ("Lovely to see so many of you at the coffee morning", "tick", None),
        ("Our community garden needs a name", "tick", None),
        ("Who are you, and what do you care about, at work and outside it?", "text", None),
        ("How do you feel about using social media today?", "choice", "I use it a little"),
    ]),
}


def message(kind: str, content: dict, metadata: dict | None = None) -> str:
    return json.dumps({
        "header": {"msg_id": uuid.uuid4().hex, "username": "learner", "session": "bench",
                   "msg_type": kind, "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": metadata or {}, "content": content,
        "channel": "shell", "buffers": []})


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def kernels_of(parent: int) -> list[int]:
    """Process ids of the kernels a Voila server started."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"ipykernel" in cmdline:
            found.append(int(entry.name))
    return found


def cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        except OSError:
            pass
    return total


def wait_until_idle(pids: list[int], quiet: float = 3.0, seconds: float = 600) -> None:
    """Wait until these processes have used no CPU for `quiet` seconds."""
    deadline = time.time() + seconds
    last, since = cpu_ticks(pids), time.time()
    while time.time() < deadline:
        time.sleep(0.5)
        now = cpu_ticks(pids)
        if now > last + 1:
            last, since = now, time.time()
        elif time.time() - since >= quiet:
            return
    raise TimeoutError("the preheated kernels never went quiet")


class Learner:
    """One learner: open the page, then change each input in turn."""

    def __init__(self, n: int, base: str, folder: Path, notebook: str, answers: Path,
                 steps: list) -> None:
        self.n, self.base, self.folder, self.notebook = n, base, folder, notebook
        self.answers, self.steps = answers, steps
        self.tti = 0.0
        self.saves: list[float] = []
        self.error = ""
        self.last_text = ""

    async def run(self, delay: float) -> None:
        await asyncio.sleep(delay)
        try:
            await self._run()
        except Exception as err:  # noqa: BLE001 - a benchmark reports every failure
            self.error = f"{type(err).__name__}: {err}"

    async def _run(self) -> None:
        start = time.perf_counter()
        url = f"{self.base}/voila/render/{self.folder.name}/{self.notebook}"
        page = await asyncio.to_thread(lambda: urllib.request.urlopen(url, timeout=60).read())
        self.phases = {"page": time.perf_counter() - start}
        kernel = re.search(rb'kernelId": "([0-9a-f-]+)"', page).group(1).decode()
        ws_url = self.base.replace("http", "ws") + f"/api/kernels/{kernel}/channels"
        async with connect(f"{ws_url}?session_id={uuid.uuid4().hex}", max_size=None) as ws:
            self.phases["socket"] = time.perf_counter() - start
            await ws.send(message("kernel_info_request", {}))
            control = uuid.uuid4().hex
            await ws.send(message("comm_open", {"comm_id": control, "data": {},
                                                "target_name": "jupyter.widget.control"},
                                  {"version": "1.0.0"}))
            await ws.send(message("comm_msg", {"comm_id": control,
                                               "data": {"method": "request_states"}}))
            states = None
            while states is None:
                reply = json.loads(await ws.recv())
                data = reply.get("content", {}).get("data", {})
                if reply["msg_type"] == "comm_msg" and data.get("method") == "update_states":
                    states = data["states"]
            self.tti = time.perf_counter() - start
            reader = asyncio.create_task(self._drain(ws))
            for label, kind, choice in self.steps:
                await self._change(ws, states, label, kind, choice)
            reader.cancel()

    async def _drain(self, ws) -> None:
        try:
            async for _ in ws:
                pass
        except Exception:  # noqa: BLE001, S110 - the socket closing ends the reading
            pass

    async def _change(self, ws, states: dict, label: str, kind: str, choice) -> None:
        model, state = next((k, v["state"]) for k, v in states.items()
                            if str(v["state"].get("description", "")).startswith(label))
        if kind == "text":
            words = f"I am learner {self.n}. I run the lunch club at number {self.n} Park Lane."
            for end in (10, 25, 40, len(words)):  # typing, as the page sends it
                if end != 10:
                    await asyncio.sleep(0.08)
                await ws.send(message("comm_msg", {"comm_id": model, "data": {
                    "method": "update", "state": {"value": words[:end]}, "buffer_paths": []}}))
            sent = time.perf_counter()  # the last keystroke
            self.last_text = words
            await self._until_saved(words)
            self.saves.append(time.perf_counter() - sent - self.pause)
        else:
            value = ({"index": state["_options_labels"].index(choice)} if kind == "choice"
                     else {"value": True})
            before = self.answers.stat().st_mtime_ns if self.answers.exists() else 0
            sent = time.perf_counter()
            await ws.send(message("comm_msg", {"comm_id": model, "data": {
                "method": "update", "state": value, "buffer_paths": []}}))
            await self._until_saved(None, before)
            self.saves.append(time.perf_counter() - sent)

    pause = TEXT_PAUSE

    async def _until_saved(self, text: str | None, before: int = 0, seconds: float = 30) -> None:
        """Until the answer file holds `text` (or, for a choice, was written after `before`)."""
        needle = json.dumps(text)[1:-1] if text is not None else None
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            try:
                if needle is not None:
                    if needle in self.answers.read_text():
                        return
                elif self.answers.stat().st_mtime_ns != before:
                    return
            except OSError:
                pass
            await asyncio.sleep(0.005)  # the resolution of the save figures
        raise TimeoutError(f"learner {self.n}: not saved within {seconds} s")


class BareLearner(Learner):
    pause = 0.0  # the bare notebook saves at once


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def class_run(learners: int, notebook: str, steps: list, bare: bool, logs: Path) -> dict:
    """Start Voila over one workspace per learner, then open the page for all within 1 s."""
    room = Path(tempfile.mkdtemp(prefix="mystory-class-"))
    folders = []
    for n in range(learners):
        folder = room / f"learner-{n:02d}"
        if bare:
            (folder / "bare").mkdir(parents=True)
            (folder / "bare" / "bare.ipynb").write_text(json.dumps(BARE))
        else:
            copy_workspace(ROOT / "exercises", folder)
        folders.append(folder)
    target = "bare/bare.ipynb" if bare else notebook
    pools = {"default": {"pool_size": 0},
             **{f"{f.name}/{target}": {"pool_size": 1} for f in folders}}
    (room / "voila.json").write_text(json.dumps(
        {"VoilaKernelManager": {"kernel_pools_config": pools}}))
    port = free_port()
    log = open(logs / f"voila-{'bare' if bare else 'course'}-{port}.log", "w")  # noqa: SIM115
    command = [*voila_command(room, port), f"--VoilaKernelManager.fill_delay={REFILL_DELAY}"]
    proc = subprocess.Popen(command, cwd=room, env=voila_env(),
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://localhost:{port}"
    try:
        wait_for(base + "/", 120)
        deadline = time.time() + 900
        log.flush()
        while time.time() < deadline:  # every learner's kernel has run the notebook's start
            filled = Path(log.name).read_text().count("is filled with 1 kernel")
            if filled >= learners:
                break
            time.sleep(1)
        else:
            raise TimeoutError("the preheated kernels did not all start")
        wait_until_idle(kernels_of(proc.pid))  # ...and run each notebook up to page.ready()
        cls = BareLearner if bare else Learner
        answers = "bare/bare.answers.txt" if bare else notebook.replace(".ipynb",
                                                                         ".answers.json")
        crowd = [cls(n, base, f, target, f / answers, steps) for n, f in enumerate(folders)]

        async def burst() -> None:
            await asyncio.gather(*(c.run(random.random()) for c in crowd))

        asyncio.run(burst())
        # Kernels now: the learners' own plus any the pools started again to refill.
        kernel_rss = [rss_kb(pid) for pid in kernels_of(proc.pid)]
        server_rss = rss_kb(proc.pid)
        lost = [c.n for c in crowd if not c.error and c.last_text
                and c.last_text not in (c.answers.read_text() if c.answers.exists() else "")]
        strays = [c.n for c in crowd for other in crowd
                  if other is not c and other.last_text and c.answers.exists()
                  and other.last_text in c.answers.read_text()]
        ttis = [c.tti for c in crowd if not c.error]
        phases = {k: round(statistics.median(c.phases[k] for c in crowd if not c.error), 3)
                  for k in ("page", "socket")} if ttis else {}
        saves = [s for c in crowd for s in c.saves]
        return {
            "learners": learners,
            "errors": [c.error for c in crowd if c.error],
            "lost": lost, "in_someone_elses_file": strays,
            "tti_p50_s": round(statistics.median(ttis), 3) if ttis else None,
            "phases_p50_s": phases,
            "tti_p95_s": round(percentile(ttis, 0.95), 3) if ttis else None,
            "save_p50_ms": round(1000 * statistics.median(saves), 1) if saves else None,
            "save_p95_ms": round(1000 * percentile(saves, 0.95), 1) if saves else None,
            "kernel_rss_mb_mean": round(statistics.mean(kernel_rss) / 1024, 1),
            "kernels_after_burst": len(kernel_rss),
            "server_rss_mb": round(server_rss / 1024, 1),
            # A learner's kernel plus their share of the server (refilled pools not counted).
            "memory_per_learner_mb": round((statistics.mean(kernel_rss) + server_rss / learners)
                                           / 1024, 1),
        }
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
        log.close()
        shutil.rmtree(room, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="bio")
    args = parser.parse_args()
    notebook, steps = SCENARIOS[args.scenario]
    logs = Path(tempfile.mkdtemp(prefix="mystory-bench-"))
    bare = class_run(args.learners, notebook, [("Your bio", "text", None)], True, logs)
    course = class_run(args.learners, notebook, steps, False, logs)
    if course["errors"] or bare["errors"]:
        raise SystemExit(f"learners met errors: {course['errors'][:3]} {bare['errors'][:3]}")
    result = {
        "scenario": args.scenario, "notebook": notebook, "cores": os.cpu_count(),
        "text_pause_s": TEXT_PAUSE, "bare": bare, "course": course,
        "tti_p95_ratio": round(course["tti_p95_s"] / bare["tti_p95_s"], 2),
        "memory_per_learner_ratio": round(course["memory_per_learner_mb"]
                                          / bare["memory_per_learner_mb"], 2),
        "logs": str(logs),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"class_burst-{args.scenario}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
