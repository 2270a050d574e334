"""`mystory dashboard` shows every learner's answers, so it answers only with its secret token.

Before, any local account (a learner's kernel on the same machine included) could read it."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser import free_port
from tests.conftest import ROOT, copy_course

pytestmark = [pytest.mark.slow, pytest.mark.server]


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.read().decode(errors="replace")
    finally:
        connection.close()


def wait_until(check, what: str, seconds: float = 120):
    """Poll `check` until it returns something true (the state, never a fixed wait)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = check()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not happen within {seconds} s")


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dashboard")
    course = copy_course(tmp / "course")
    port = free_port()
    log_path = tmp / "dashboard.log"
    env = {k: v for k, v in os.environ.items() if k != "MYSTORY_DASHBOARD_TOKEN"}
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mystory.cli", "dashboard", "--course", str(course),
             "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        url = wait_until(lambda: re.search(r"http://\S+\?token=\S+", log_path.read_text()),
                         "the dashboard's link").group(0)
        token = urlsplit(url).query.removeprefix("token=")
        wait_until(lambda: get(port, f"/?token={token}")[0] == 200, "the dashboard answering")
        yield port, token, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def kernel_of_the_page(port: int, token: str) -> str:
    status, body = get(port, f"/?token={token}")
    assert status == 200
    return re.search(r'"kernelId": "([0-9a-f-]{36})"', body).group(1)


def socket_answers(port: int, kernel: str, headers: dict[str, str]) -> bool:
    """True when the kernel's websocket (where code could be sent) lets this request in."""
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    url = f"ws://127.0.0.1:{port}/api/kernels/{kernel}/channels"
    try:
        with connect(url, additional_headers=headers, open_timeout=30):
            return True
    except InvalidStatus:
        return False


def test_without_the_token_nothing_is_shown(dashboard) -> None:
    port, token, proc = dashboard
    kernel = kernel_of_the_page(port, token)
    for path in ("/", "/voila/render/dashboard.ipynb", f"/api/kernels/{kernel}"):
        status, body = get(port, path)
        assert status in (302, 401, 403), (path, status)
        assert "Course folder" not in body and kernel not in body and token not in body
    assert not socket_answers(port, kernel, {})


def test_a_wrong_token_is_refused(dashboard) -> None:
    port, token, proc = dashboard
    kernel = kernel_of_the_page(port, token)
    wrong = {"Authorization": "token " + token[:-1] + ("A" if token[-1] != "A" else "B")}
    for path in (f"/?token={wrong['Authorization'][6:]}", f"/api/kernels/{kernel}"):
        status, body = get(port, path, wrong)
        assert status in (302, 401, 403), (path, status)
        assert "Course folder" not in body and kernel not in body
    assert not socket_answers(port, kernel, wrong)


def test_with_the_token_the_dashboard_opens(dashboard) -> None:
    port, token, proc = dashboard
    status, body = get(port, f"/?token={token}")
    assert status == 200 and "dashboard" in body.lower()
    kernel = kernel_of_the_page(port, token)
    right = {"Authorization": f"token {token}"}
    status, body = get(port, f"/api/kernels/{kernel}", right)
    assert status == 200 and kernel in body
    assert socket_answers(port, kernel, right)


def test_the_token_is_not_on_the_command_line(dashboard) -> None:
    """Any account can read a process's command line; only its owner its environment."""
    port, token, proc = dashboard
    for pid in (proc.pid, *_children(proc.pid)):
        assert token not in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in found.split()]

