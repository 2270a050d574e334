"""Learners' servers forked from the warm forkserver (mystory/hosting/forkserver.py, spawner.py).

The real hub forks them in tests/hosting/test_hub.py and test_redteam_hub.py (Unix accounts);
here one server is forked as in workshop mode, against a stand-in for the hub's API.
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jupyterhub
import pytest
from jupyterhub.utils import can_connect, random_port

from mystory.hosting.spawner import FastStart, ForkServer
from tests.conftest import ROOT, run_async
from tests.hosting.test_deploy import DEPLOY, load

TOKEN = "a-learners-hub-token-0123456789abcdef"


class FakeHubAPI(BaseHTTPRequestHandler):
    """Answers what a starting server asks the hub: its version, and activity."""

    def reply(self) -> None:
        body = json.dumps({"version": jupyterhub.__version__}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = reply

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hub_api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeHubAPI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hub/api"
    server.shutdown()


def server_env(home: Path, port: int, api: str) -> dict[str, str]:
    """What JupyterHub's spawner gives a learner's server (get_env), in short."""
    prefix = "/user/ada/"
    return {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "HOME": str(home), "USER": "ada",
            "MYSTORY_ROLE": "learner", "JUPYTERHUB_API_TOKEN": TOKEN,
            "JUPYTERHUB_CLIENT_ID": "jupyterhub-user-ada", "JUPYTERHUB_API_URL": api,
            "JUPYTERHUB_ACTIVITY_URL": f"{api}/users/ada/activity",
            "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{port}{prefix}",
            "JUPYTERHUB_SERVICE_PREFIX": prefix, "JUPYTERHUB_BASE_URL": "/",
            "JUPYTERHUB_USER": "ada", "JUPYTERHUB_OAUTH_CALLBACK_URL": f"{prefix}oauth_callback",
            "JUPYTERHUB_HOST": ""}


def sockets(pid: int) -> set[str]:
    """The sockets a process holds open (as /proc names them)."""
    fds = Path(f"/proc/{pid}/fd")
    links = set()
    for fd in fds.iterdir():
        try:
            links.add(os.readlink(fd))
        except OSError:
            continue
    return {link for link in links if link.startswith("socket:")}


def memory_holds(pid: int, secret: bytes) -> bool:
    """True when `secret` is anywhere in the process's writable memory."""
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            span, perms = line.split()[:2]
            if not perms.startswith("rw"):
                continue
            start, end = (int(x, 16) for x in span.split("-"))
            try:
                mem.seek(start)
                if secret in mem.read(end - start):
                    return True
            except OSError:
                continue
    return False


def wait_for(check, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_a_forked_server_is_the_learners_own_and_holds_nothing_of_the_forkserver(
        tmp_path: Path, hub_api: str) -> None:
    command = Path(sys.executable).with_name("mystory-singleuser")
    forkserver = ForkServer(str(command))
    port = random_port()
    if os.geteuid() == 0:  # as the hub with Unix accounts: the server becomes the account
        account = pwd.getpwnam("nobody")
        home = Path(tempfile.mkdtemp(prefix="mystory-forked-"))
        os.chown(home, account.pw_uid, account.pw_gid)
        who = {"uid": account.pw_uid, "gid": account.pw_gid, "groups": [account.pw_gid],
               "make_home": False}
    else:  # as the workshop hub: one account, the learner's own folder
        home, who = tmp_path / "ada", {"uid": None, "make_home": True}
    request = {"argv": [str(command)], "env": server_env(home, port, hub_api),
               "home": str(home), **who}
    try:
        pid = run_async(forkserver.spawn(request, timeout=120))
        assert forkserver.process is not None
        assert wait_for(lambda: can_connect("127.0.0.1", port)
                        or not Path(f"/proc/{pid}").exists())
        if who["uid"] is not None:
            ids = Path(f"/proc/{pid}/status").read_text()
            uid, gid = str(who["uid"]), str(who["gid"])
            assert re.search(rf"^Uid:\s+{uid}\s+{uid}\s+{uid}\s+{uid}$", ids, re.M)
            assert re.search(rf"^Gid:\s+{gid}\s+{gid}\s+{gid}\s+{gid}$", ids, re.M)
            assert re.search(rf"^Groups:\s+{gid}\s*$", ids, re.M)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/user/ada/api") as reply:
            assert "version" in json.loads(reply.read())
        # The server runs in the learner's folder, with the course home put there.
        assert os.readlink(f"/proc/{pid}/cwd") == str(home)
        assert (home / "home.ipynb").is_file()
        # It cannot ask the forkserver for anything (it does not hold the channel), and the
        # forkserver, which every later server is forked from, never saw this learner's token.
        assert not sockets(pid) & sockets(forkserver.process.pid)
        assert not memory_holds(forkserver.process.pid, TOKEN.encode())
        assert memory_holds(pid, TOKEN.encode())  # the search finds it where it is
        os.kill(pid, 15)
        # Collected as it ends (not left a zombie the hub would think still runs).
        assert wait_for(lambda: not Path(f"/proc/{pid}").exists(), 30)
    finally:
        forkserver.stop()
        if who["uid"] is not None:
            shutil.rmtree(home, ignore_errors=True)


def test_a_forkserver_that_cannot_start_servers_says_so(tmp_path: Path) -> None:
    from mystory.hosting.spawner import ForkServerError

    forkserver = ForkServer(str(tmp_path / "not-a-course-command"))
    with pytest.raises((ForkServerError, OSError)):
        run_async(forkserver.spawn({"argv": [], "env": {}}, timeout=5))


def test_start_returns_when_the_server_accepts_connections() -> None:
    """The hub's own check then finds the server up at once (it waits up to 5 s between)."""
    port = random_port()
    listening: list[float] = []

    class Starting(FastStart):
        ready_interval = 0.05
        start_timeout = 30

        class user:
            name = "ada"

        async def poll(self) -> None:
            return None

    async def scenario() -> float:
        async def open_later() -> None:
            await asyncio.sleep(0.5)
            server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", port)
            listening.append(time.monotonic())
            await asyncio.sleep(2)
            server.close()

        later = asyncio.ensure_future(open_later())
        await Starting().wait_listening("127.0.0.1", port)
        returned = time.monotonic()
        await later
        return returned

    returned = run_async(scenario())
    assert listening and 0 <= returned - listening[0] < 1


def test_start_fails_when_the_server_ends_as_it_starts() -> None:
    class Ended(FastStart):
        ready_interval = 0.05
        start_timeout = 30

        class user:
            name = "ada"

        async def poll(self) -> int:
            return 1

    with pytest.raises(RuntimeError, match="ended as it started"):
        run_async(Ended().wait_listening("127.0.0.1", random_port()))


def test_the_hubs_database_commits_without_waiting_for_the_disk(tmp_path: Path,
                                                                 monkeypatch) -> None:
    monkeypatch.setenv("MYSTORY_HUB_STATE", str(tmp_path))
    config = load(DEPLOY / "jupyterhub_config.py")
    connect = config.JupyterHub.db_kwargs["connect_args"]
    assert connect["check_same_thread"] is False  # JupyterHub's own setting stays
    with sqlite3.connect(tmp_path / "hub.sqlite", **connect) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
    assert re.search(r"sqlite:///.*jupyterhub\.sqlite", config.JupyterHub.db_url)


def test_the_hub_uses_the_course_spawners(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MYSTORY_HUB_STATE", str(tmp_path))
    for mode, spawner in (("accounts", "CourseSpawner"), ("workshop", "WorkshopSpawner")):
        monkeypatch.setenv("MYSTORY_HUB_MODE", mode)
        config = load(DEPLOY / "jupyterhub_config.py")
        assert config.JupyterHub.spawner_class == f"mystory.hosting.spawner.{spawner}"
        assert config.Spawner.use_forkserver is True
    monkeypatch.setenv("MYSTORY_FORKSERVER", "0")
    assert load(DEPLOY / "jupyterhub_config.py").Spawner.use_forkserver is False
    assert ROOT.is_dir()


def test_a_forkserver_that_has_ended_is_not_started_again(tmp_path: Path) -> None:
    """Each learner's server then starts as a new process at once (no new try each time)."""
    from mystory.hosting.spawner import ForkServerError

    quits = tmp_path / "quits"
    quits.write_text("#!/bin/sh\nexit 1\n")
    quits.chmod(0o755)
    forkserver = ForkServer(str(quits))
    for _ in range(2):
        with pytest.raises(ForkServerError):
            run_async(forkserver.spawn({"argv": [], "env": {}}, timeout=30))
    assert forkserver.ended and forkserver.process is None


@pytest.mark.skipif(os.geteuid() != 0, reason="the check applies to a forkserver run as root")
def test_the_forkserver_will_not_run_as_root_from_folders_others_can_change(
        tmp_path: Path, monkeypatch) -> None:
    from mystory.hosting.forkserver import unsafe_as_root

    assert unsafe_as_root() == []  # this environment is root's own
    shared = tmp_path / "env"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setattr(sys, "prefix", str(shared))
    assert unsafe_as_root() == [str(shared)]
