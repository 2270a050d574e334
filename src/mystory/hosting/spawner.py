"""The hub's spawners for the course: servers forked warm, and ready when the hub first looks.

``CourseSpawner`` (Unix accounts) and ``WorkshopSpawner`` (one account, a folder per learner)
are JupyterHub's local-process spawners with two changes that make a class's sign-in fast:

- a server is forked from the forkserver (mystory/hosting/forkserver.py), which has imported
  Jupyter once, instead of a new Python importing it all again; when the forkserver cannot be
  used, the spawner starts the server as JupyterHub's own does;
- ``start`` returns once the server accepts connections (checked every ``ready_interval``),
  so the hub's own check finds it up at once. The hub checks with growing waits (up to 5 s
  apart), which with a class signing in found most servers seconds after they were ready.
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import socket
import subprocess
import time
from typing import Any

from jupyterhub.spawner import LocalProcessSpawner, SimpleLocalProcessSpawner
from jupyterhub.utils import can_connect, random_port
from traitlets import Bool, Float, HasTraits

from ..singleuser import FORKSERVER_FLAG
from .forkserver import FD_VARIABLE

# What the forkserver's own environment keeps of the hub's: nothing secret.
KEEP = ("PATH", "LANG", "LC_ALL", "TZ", "PYTHONPATH", "VIRTUAL_ENV", "LD_LIBRARY_PATH")


class ForkServerError(RuntimeError):
    """The forkserver could not start a server (the spawner falls back to a new process)."""


class ForkServer:
    """The hub's end of one forkserver, started from a course server command."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.process: subprocess.Popen[bytes] | None = None
        self.channel: socket.socket | None = None
        self.ended = False

    def start(self) -> None:
        """Start the forkserver if it is not running (it preloads while the hub carries on).

        One that has ended is not started again: it says why in the hub's log, and servers
        start as new processes from then on.
        """
        if self.process is not None:
            if self.process.poll() is None:
                return
            self.stop()
            self.ended = True
        if self.ended:
            raise ForkServerError("the forkserver has ended (its reason is in the hub's log)")
        mine, theirs = socket.socketpair()
        env = {key: os.environ[key] for key in KEEP if key in os.environ}
        env[FD_VARIABLE] = str(theirs.fileno())
        try:
            self.process = subprocess.Popen([self.command, FORKSERVER_FLAG], env=env,
                                            stdin=subprocess.DEVNULL,
                                            pass_fds=[theirs.fileno()], start_new_session=True)
        finally:
            theirs.close()
        self.channel = mine

    def stop(self) -> None:
        """Close the channel: the forkserver ends; servers it started carry on."""
        if self.channel is not None:
            self.channel.close()
            self.channel = None
        if self.process is not None:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None

    async def spawn(self, request: dict[str, Any], timeout: float) -> int:
        """Fork a server for `request`; return its process id."""
        try:
            self.start()
        except OSError as err:
            self.ended = True
            raise ForkServerError(f"the forkserver could not start ({err})") from err
        assert self.channel is not None
        mine, theirs = socket.socketpair()
        with mine:
            try:
                socket.send_fds(self.channel, [b"F"], [theirs.fileno()])
            except OSError as err:
                self.stop()
                self.ended = True
                raise ForkServerError(f"the forkserver has stopped ({err})") from err
            finally:
                theirs.close()
            mine.sendall(json.dumps(request).encode())
            mine.shutdown(socket.SHUT_WR)
            mine.setblocking(False)
            loop = asyncio.get_running_loop()
            try:
                answer = await asyncio.wait_for(loop.sock_recv(mine, 64), timeout)
            except TimeoutError as err:
                raise ForkServerError("the forkserver did not answer") from err
            except ConnectionError as err:  # it ended with the request still queued
                raise ForkServerError("the forkserver has stopped") from err
        if not answer.strip().isdigit():
            raise ForkServerError("the server could not start (see the hub's log)")
        return int(answer)


FORKSERVERS: dict[str, ForkServer] = {}


def forkserver(command: str) -> ForkServer:
    """The one forkserver of this hub for a server command."""
    return FORKSERVERS.setdefault(command, ForkServer(command))


def warm_up(command: str) -> None:
    """Start the forkserver as the hub starts, so the first learner never waits for it.

    If it cannot start, the first server's start says why and servers start without it.
    """
    try:
        forkserver(command).start()
    except OSError:
        pass


class FastStart(HasTraits):
    """What CourseSpawner and WorkshopSpawner add to JupyterHub's local-process spawners."""

    use_forkserver = Bool(True, config=True,
                          help="Fork servers from a process that has imported Jupyter once.")
    ready_interval = Float(0.1, config=True,
                           help="Seconds between checks that a starting server accepts "
                                "connections.")

    def account(self) -> dict[str, Any]:
        """Whom the server runs as and where it starts (as the spawner's preexec does)."""
        raise NotImplementedError

    def forkable(self) -> bool:
        spawner: Any = self
        return bool(self.use_forkserver and len(spawner.cmd) == 1 and not spawner.shell_cmd
                    and not spawner.popen_kwargs)

    async def start(self) -> tuple[str, int]:
        spawner: Any = self
        pid = None
        if self.forkable():
            if spawner.port == 0:
                spawner.port = random_port()
            request = {"argv": [*spawner.cmd, *spawner.get_args()], "env": spawner.get_env(),
                       **self.account()}
            try:
                pid = await forkserver(spawner.cmd[0]).spawn(request, spawner.start_timeout)
            except ForkServerError as err:
                spawner.log.warning("Starting %s's server without the forkserver: %s",
                                    spawner.user.name, err)
        if pid is None:
            ip, port = await super().start()  # type: ignore[misc]
        else:
            spawner.log.info("Forked %s's server: process %i", spawner.user.name, pid)
            spawner.pid, spawner.proc = pid, None
            ip, port = spawner.ip or "127.0.0.1", spawner.port
        await self.wait_listening(ip, port)
        return ip, port

    async def wait_listening(self, ip: str, port: int) -> None:
        """Return once the server accepts connections; fail if its process has ended."""
        spawner: Any = self
        deadline = time.monotonic() + spawner.start_timeout
        while not can_connect(ip, port):
            status = await spawner.poll()
            if status is not None:
                raise RuntimeError(f"{spawner.user.name}'s server ended as it started "
                                   f"(status {status}); see the hub's log.")
            if time.monotonic() > deadline:
                return  # the hub's own timeout says what went wrong
            await asyncio.sleep(self.ready_interval)


class CourseSpawner(FastStart, LocalProcessSpawner):
    """Each learner's server under their own Unix account."""

    def account(self) -> dict[str, Any]:
        user = pwd.getpwnam(self.user.name)
        return {"uid": user.pw_uid, "gid": user.pw_gid,
                "groups": os.getgrouplist(self.user.name, user.pw_gid),
                "home": user.pw_dir, "make_home": False}


class WorkshopSpawner(FastStart, SimpleLocalProcessSpawner):
    """Workshop mode: every server under the hub's own account, each in its learner's folder."""

    def account(self) -> dict[str, Any]:
        return {"uid": None, "home": self.home_dir, "make_home": True}
