"""A learner's server on the hub: what the gate lets through, which notebooks are the course's,
and the cap on kernels per module folder (mystory/hosting/learnerserver.py)."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

from mystory.hosting.learnerserver import (
    PAGE_MESSAGES,
    CappedKernelManager,
    CoursePaths,
    allowed,
    is_course_notebook,
)
from mystory.singleuser import packaged_home
from tests.conftest import run_async

KERNEL = "0b6c1a4e-3f1d-4c55-9d52-0a6b2f6f1c11"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A learner's folder with the home and Module 1 fetched, and the exchange it came from."""
    root, exchange = tmp_path / "home", tmp_path / "exchange"
    released = exchange / "mystory" / "outbound" / "00-welcome"
    released.mkdir(parents=True)
    (root / "00-welcome").mkdir(parents=True)
    notebook = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    for folder in (released, root / "00-welcome"):
        (folder / "welcome.ipynb").write_text(notebook)
    (root / "home.ipynb").write_bytes(packaged_home().read_bytes())
    return root, exchange


@pytest.mark.parametrize(("method", "path", "query"), [
    ("GET", "", ""),
    ("GET", "api", ""),
    ("GET", "oauth_callback", "code=x&state=y"),
    ("GET", "voila/render/home.ipynb", ""),
    ("GET", "voila/render/home.ipynb", "lang=cy"),  # a language link on the course home
    ("GET", "voila/render/00-welcome/welcome.ipynb", "redirects=1"),
    ("GET", "voila/static/voila.js", ""),
    ("GET", "voila/templates/mystory/static/mystory.js", ""),
    ("GET", f"api/kernels/{KERNEL}", ""),
    ("GET", f"api/kernels/{KERNEL}/channels", "session_id=x"),
    ("POST", f"voila/api/shutdown/{KERNEL}", ""),
    ("POST", "voila/render/home.ipynb", ""),  # the course home's steps (it checks _xsrf)
    ("GET", "files/00-welcome/feedback/2026-12-02 09:31:04.488618 UTC/welcome.html", ""),
])
def test_the_gate_lets_through_what_the_course_pages_ask(folders, method, path, query) -> None:
    root, exchange = folders
    assert allowed(method, path, query, root, exchange)


@pytest.mark.parametrize(("method", "path", "query"), [
    ("POST", "api/kernels", ""),
    ("GET", "api/kernels", ""),
    ("DELETE", f"api/kernels/{KERNEL}", ""),
    ("POST", f"api/kernels/{KERNEL}/restart", ""),
    ("PUT", "api/contents/evil.ipynb", ""),
    ("GET", "api/contents/00-welcome", ""),
    ("POST", "api/sessions", ""),
    ("POST", "api/terminals", ""),
    ("GET", "terminals/websocket/1", ""),
    ("GET", "nbconvert/html/home.ipynb", ""),
    ("GET", "lab", ""),
    ("GET", "tree", ""),
    ("GET", "files/00-welcome/welcome.answers.json", ""),
    ("GET", "files/00-welcome/feedback/x/evil.svg", ""),
    ("GET", "files/00-welcome/feedback/../welcome.answers.json", ""),
    ("GET", "files/00-welcome/feedback/../../.ssh/id.html", ""),
    ("GET", "voila/files/00-welcome/picture.svg", ""),
    ("GET", "voila/tree/00-welcome", ""),
    ("GET", "voila/api/contents/00-welcome", ""),
    ("GET", "voila/render/home.ipynb", "voila-template=lab"),
    ("GET", "voila/render/home.ipynb", "voila-theme=dark"),
    ("GET", "voila/render/00-welcome/welcome.py", ""),
    ("GET", "voila/render/../home.ipynb", ""),
    ("GET", "voila/render/evil.ipynb", ""),
    ("GET", f"voila/api/shutdown/{KERNEL}", ""),
    ("POST", "voila/render/00-welcome/welcome.ipynb", ""),
])
def test_the_gate_refuses_everything_else(folders, method, path, query) -> None:
    root, exchange = folders
    assert not allowed(method, path, query, root, exchange)


def test_the_gate_reads_addresses_as_the_browser_sends_them(folders) -> None:
    """Percent-encoded, under the server's base URL; a match means "refuse"."""
    gate = CoursePaths("/user/ada/", *folders)

    def refused(uri: str, method: str = "GET") -> bool:
        line = RequestStartLine(method, uri, "HTTP/1.1")
        asked = HTTPServerRequest(start_line=line, headers=HTTPHeaders({"Host": "hub"}))
        return gate.match(asked) is not None

    assert not refused("/user/ada")
    assert not refused("/user/ada/voila/render/00-welcome/welcome.ipynb")
    assert not refused("/user/ada/files/00-welcome/feedback/2026-12-02%2009:31:04%20UTC/"
                       "welcome.html")
    assert refused("/user/ada/files/00-welcome/feedback/%2e%2e/welcome.answers.json")
    assert refused("/user/ada/voila/render/%2e%2e/home.ipynb")
    assert refused("/user/ada/api/kernels", "POST")
    assert refused("/user/bo/voila/render/home.ipynb")  # not this server's address
    assert refused("/hub/home")


def test_only_the_course_s_own_notebooks_are_course_pages(folders) -> None:
    root, exchange = folders
    assert is_course_notebook("home.ipynb", root, exchange)
    assert is_course_notebook("00-welcome/welcome.ipynb", root, None) is False  # no exchange
    assert is_course_notebook("00-welcome/welcome.ipynb", root, exchange)

    mine = root / "00-welcome" / "welcome.ipynb"
    mine.write_text(mine.read_text().replace('"cells": []', '"cells": [{}]'))  # changed by her
    assert not is_course_notebook("00-welcome/welcome.ipynb", root, exchange)

    (root / "evil.ipynb").write_text("{}")  # hers, never released
    assert not is_course_notebook("evil.ipynb", root, exchange)

    home = root / "home.ipynb"
    home.write_text(home.read_text() + " ")
    assert not is_course_notebook("home.ipynb", root, exchange)

    # A link to the released file is not the learner's copy (it may point anywhere later).
    mine.unlink()
    os.symlink(exchange / "mystory" / "outbound" / "00-welcome" / "welcome.ipynb", mine)
    assert not is_course_notebook("00-welcome/welcome.ipynb", root, exchange)
    assert not is_course_notebook("00-welcome/missing.ipynb", root, exchange)


def test_the_kernel_socket_passes_widget_messages_only() -> None:
    manager = CappedKernelManager()
    assert set(manager.allowed_message_types) == set(PAGE_MESSAGES)
    for runs_code in ("execute_request", "inspect_request", "complete_request",
                      "history_request", "shutdown_request", "debug_request"):
        assert runs_code not in manager.allowed_message_types


def test_at_most_two_kernels_per_module_folder(monkeypatch) -> None:
    """Eight pages of one module at once leave its two newest kernels; other modules keep theirs."""
    started: list[str] = []
    running: set[str] = set()
    most = 0

    async def start(self, *args, **kwargs):
        nonlocal most
        kernel_id = f"k{len(started)}"
        started.append(kernel_id)
        running.add(kernel_id)
        self._kernels[kernel_id] = object()
        await asyncio.sleep(0)  # another page may ask meanwhile
        most = max(most, len(running))
        return kernel_id

    async def shutdown(self, kernel_id, now=False, restart=False):
        running.discard(kernel_id)
        self.remove_kernel(kernel_id)

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", start)
    monkeypatch.setattr(AsyncMappingKernelManager, "shutdown_kernel", shutdown)
    monkeypatch.setattr(AsyncMappingKernelManager, "remove_kernel",
                        lambda self, kernel_id: self._kernels.pop(kernel_id, None))

    async def scenario() -> None:
        manager = CappedKernelManager()
        other = await manager.start_kernel(path="01-your-story")
        await asyncio.gather(*(manager.start_kernel(path="00-welcome") for _ in range(8)))
        assert running == {other, started[-2], started[-1]}
        assert most <= 3  # never more than two for the module, plus the other module's one
        await manager.shutdown_kernel(started[-1])  # a closed page
        await manager.start_kernel(path="00-welcome")
        assert running == {other, started[-3], started[-1]}

    run_async(scenario())


def test_the_cap_is_configurable() -> None:
    from traitlets.config import Config

    config = Config()
    config.CappedKernelManager.max_per_folder = 1
    assert CappedKernelManager(config=config).max_per_folder == 1
