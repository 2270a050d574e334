"""Start the course as `make serve` does and drive it in Debian's Chromium with Playwright."""

from __future__ import annotations

import html
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    """Debian's Chromium (never a browser downloaded by Playwright)."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


def kernels_waiting_for_a_learner(port: int) -> set[Path]:
    """The folders of preheated page kernels now waiting for a learner: each holds a connection
    to the server's ``voila/query`` socket until one arrives (``pages.preheat``)."""
    return set(waiting_kernels(port).values())


def waiting_kernels(port: int) -> dict[int, Path]:
    """Each preheated kernel waiting for a learner, by process id, with its page's folder."""
    import psutil

    found = {}
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if "ipykernel" not in " ".join(proc.info["cmdline"] or []):
                continue
            if any(c.raddr and c.raddr.port == port and c.status == psutil.CONN_ESTABLISHED
                   for c in proc.net_connections(kind="tcp")):
                found[proc.pid] = Path(proc.cwd()).resolve()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def wait_until(check, what: str, seconds: float = 180):
    """Poll `check` until it returns something true: the state a test asserts, not a time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{what} (waited {seconds:.0f} s)")


@contextmanager
def serve(workspace: Path, root: Path, *extra: str) -> Iterator[str]:
    """Run `mystory serve` (what `make serve` runs) on a free port; yield its address."""
    with run_mystory(["serve", "--workspace", str(workspace), *extra], root,
                     workspace.parent) as base:
        yield base


@contextmanager
def served_workspace(root: Path, tmp: Path) -> Iterator[dict]:
    """A learner workspace made from exercises/ in `tmp`, served by `mystory serve`."""
    from mystory.facilitator.build import copy_workspace

    workspace = tmp / "workspace"
    copy_workspace(root / "exercises", workspace)
    with serve(workspace, root) as base:
        yield {"base": base, "workspace": workspace, "tmp": tmp}


@contextmanager
def running(command: list[str], log_path: Path, ready_url: str, cwd: Path,
            env: dict[str, str] | None = None, stop_seconds: float = 15) -> Iterator[None]:
    """Run a server until the block ends, once `ready_url` answers; its output goes to a log."""
    log = open(log_path, "w")  # noqa: SIM115
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        wait_for(ready_url)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=stop_seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def run_mystory(args: list[str], root: Path, logs: Path) -> Iterator[str]:
    """Run a `mystory` server command on a free port until the block ends; yield its address."""
    port = free_port()
    base = f"http://localhost:{port}"
    with running([sys.executable, "-m", "mystory.cli", *args, "--port", str(port)],
                 logs / f"voila-{port}.log", base + "/", cwd=root):
        yield base


# The browser's speech, replaced by a recorder: each utterance starts (as a voice would) and
# never ends by itself, so a test can look at the control while it reads.
SPEECH_SPY = """
window.__speech = {spoken: [], cancels: 0, pauses: 0, resumes: 0};
const synth = window.speechSynthesis;
synth.speak = (u) => {
  window.__speech.spoken.push({text: u.text, lang: u.lang, rate: u.rate});
  setTimeout(() => u.dispatchEvent(new Event('start')));
};
synth.cancel = () => { window.__speech.cancels += 1; };
synth.pause = () => { window.__speech.pauses += 1; };
synth.resume = () => { window.__speech.resumes += 1; };
synth.getVoices = () => [];
"""


def html_words(markup: str) -> str:
    """The words of some HTML as a reader sees them: tags gone, spaces collapsed."""
    blocks = re.sub(r"</?(p|h\d|li|ul|ol|blockquote|br)\b[^>]*>", " ", markup)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", blocks))).strip()


TEXT_TYPES = ("text/", "javascript", "json", "xml", "svg")


def wire_visit(context, url: str, ready: str) -> dict:
    """Open `url` in a new tab until `ready` shows and the network is quiet: what came over it.

    Chromium's own counts (CDP): bytes as received (headers and body, compressed as sent, so a
    304 counts as its headers), text responses sent without compression (bodies over 1 kB, which
    tornado compresses), any other host asked, and the kernel websocket's extensions.
    """
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    requests: dict[str, dict] = {}
    asked: set[str] = set()  # every address the page asked for, answered or not
    sockets: list[str] = []
    frames = {"sent": 0, "received": 0}

    def on_response(event: dict) -> None:
        response = event["response"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        requests.setdefault(event["requestId"], {}).update(
            url=response["url"], status=response["status"], mime=response.get("mimeType", ""),
            encoding=headers.get("content-encoding", ""), head=response["encodedDataLength"],
            cached=response.get("fromDiskCache", False) or response.get("fromMemoryCache", False))

    def on_finished(event: dict) -> None:
        requests.setdefault(event["requestId"], {})["bytes"] = event["encodedDataLength"]

    def on_handshake(event: dict) -> None:
        headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
        sockets.append(headers.get("sec-websocket-extensions", ""))

    def on_frame(direction: str):
        def count(event: dict) -> None:
            frames[direction] += len(event["response"].get("payloadData", ""))
        return count

    cdp.on("Network.requestWillBeSent", lambda event: asked.add(event["request"]["url"]))
    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.on("Network.webSocketHandshakeResponseReceived", on_handshake)
    cdp.on("Network.webSocketFrameSent", on_frame("sent"))
    cdp.on("Network.webSocketFrameReceived", on_frame("received"))
    page.goto(url, wait_until="load", timeout=180_000)
    page.locator(ready).first.wait_for(state="visible", timeout=180_000)
    page.wait_for_load_state("networkidle", timeout=60_000)
    page.close()
    done = [r for r in requests.values() if "url" in r and r["url"].startswith("http")]
    text = [r for r in done if any(kind in r["mime"] for kind in TEXT_TYPES)
            and r["status"] == 200 and not r["cached"]]
    host = urllib.parse.urlsplit(url).netloc
    return {
        "requests": len(done),
        "bytes": sum(r.get("bytes", 0) for r in done),
        "from_cache": sum(r["cached"] for r in done),
        "text_responses": len(text),
        "text_responses_compressed": sum(bool(r["encoding"]) for r in text),
        "uncompressed_text": sorted(r["url"].split("?")[0] for r in text if not r["encoding"]
                                    and r.get("bytes", 0) - r["head"] > 1024),
        "other_hosts": sorted({urllib.parse.urlsplit(u).netloc for u in asked
                               if u.startswith("http")} - {host}),
        "websocket_extensions": sockets,
        "websocket_payload_bytes": frames,
        "largest": sorted(((r.get("bytes", 0), r["url"].split("?")[0].rsplit("/", 1)[-1])
                           for r in done), reverse=True)[:8],
    }
