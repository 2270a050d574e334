"""Start the course as `make serve` does and drive it in Debian's Chromium with Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
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


@contextmanager
def serve(workspace: Path, root: Path, *extra: str) -> Iterator[str]:
    """Run `mystory serve` (what `make serve` runs) on a free port; yield its address."""
    with run_mystory(["serve", "--workspace", str(workspace), *extra], root,
                     workspace.parent) as base:
        yield base


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
