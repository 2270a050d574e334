"""Learners' servers forked from one warm process, so a class can sign in at once.

Most of a learner's server start is Python importing Jupyter Server, JupyterHub's single-user
code, Voila and the course: about 0.9 s of processor time each. Twenty learners signing in
together made twenty Pythons do it at the same moment on a two-core machine. The hub starts
this process once (``mystory-singleuser --forkserver``, in the learners' environment); it
imports all that, then forks a child for each server. The child becomes the learner (their
Unix account, groups and home folder, or only their folder in workshop mode), takes the
environment the hub gives it and runs the server ``mystory-singleuser`` would run.

No learner's server can hold another's secrets: the forkserver never reads a request. The hub
sends it a new socket for each server; the forkserver forks first and only the child reads
its own request (with that learner's hub token) from it, after closing the forkserver's channel.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import json
import os
import signal
import socket
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, NoReturn

from .leanstart import skip_unused_imports

Server = Callable[[list[str]], None]  # mystory-singleuser's main: runs a server with these args

FD_VARIABLE = "MYSTORY_FORKSERVER_FD"  # the forkserver's end of the hub's channel
# What every learner's server imports as it starts (python -X importtime): done once here.
PRELOAD = (
    "jupyterhub.singleuser",
    "jupyterhub.singleuser.extension",
    "jupyter_server.serverapp",
    "jupyter_server.services.contents.largefilemanager",
    "jupyter_server.services.kernels.kernelmanager",
    "jupyter_client.ioloop",
    "nbformat",
    "mistune",
    "voila.server_extension",
    "voila.tornado.handler",
    "voila.configuration",
    "voila.paths",
    "mystory.singleuser",
    "mystory.hosting.learnerserver",
    "mystory.hosting.homepage",
    "mystory.hosting.compression",
    "mystory.pages.cards",
)
# Then what every server computes the same way: the course home's words.
WARM = (("mystory.hosting.homepage", "home_text"),)


def unsafe_as_root() -> list[str]:
    """Folders of this Python another account could change: code there would run as root here.

    The forkserver runs as the hub's user (root on a hub with Unix accounts) in the learners'
    environment, which only root may change (as a new server's Python, it ran as the learner).
    """
    if os.geteuid() != 0:
        return []
    import site
    import sysconfig

    folders = {sys.prefix, os.path.dirname(os.path.abspath(sys.argv[0])),
               *site.getsitepackages(), sysconfig.get_path("purelib"),
               os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}
    unsafe = []
    for folder in sorted(folders):
        try:
            info = os.stat(folder)
        except OSError:
            continue
        if info.st_uid != 0 or info.st_mode & 0o022:
            unsafe.append(folder)
    return unsafe


def preload() -> None:
    """Import what a server needs, and the course home's words (the same for everyone)."""
    skip_unused_imports()
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception as err:  # noqa: BLE001 - a server that needs it will say so itself
            print(f"mystory forkserver: could not preload {name}: {err}", file=sys.stderr)
    for name, function in WARM:
        try:
            getattr(importlib.import_module(name), function)()
        except Exception as err:  # noqa: BLE001 - as above
            print(f"mystory forkserver: could not warm {name}.{function}: {err}",
                  file=sys.stderr)


def reap(*_: Any) -> None:
    """Collect servers that have ended, so the hub sees them gone (SIGCHLD)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve(server: Server) -> None:
    """Preload, then fork a `server` for each socket the hub sends; end when the hub does."""
    channel = socket.socket(fileno=int(os.environ.pop(FD_VARIABLE)))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the hub ends it by closing the channel
    unsafe = unsafe_as_root()
    if unsafe:  # the hub then starts each server as a new process, as the learner
        raise SystemExit("mystory forkserver: not starting: other accounts can change "
                         f"{', '.join(unsafe)} (make them root's, not group- or world-writable)")
    preload()
    if threading.active_count() != 1:
        raise SystemExit("mystory forkserver: an import started a thread; cannot fork safely.")
    gc.collect()
    gc.freeze()  # the preloaded objects stay shared with every child, untouched by collection
    signal.signal(signal.SIGCHLD, reap)
    channel.sendall(b"R")  # ready
    while True:
        try:
            message, fds, _flags, _address = socket.recv_fds(channel, 1, 4)
        except ConnectionError:
            return
        if not message:
            return  # the hub has gone: servers already started carry on
        for fd in fds:
            if os.fork() == 0:
                child(fd, channel.fileno(), server)
            os.close(fd)


def child(fd: int, channel: int, server: Server) -> NoReturn:
    """Become the server asked for on socket `fd`; never returns."""
    code = 1
    try:
        os.close(channel)  # a server can never ask for more servers
        for number, handler in ((signal.SIGCHLD, signal.SIG_DFL),
                                (signal.SIGINT, signal.default_int_handler)):
            signal.signal(number, handler)
        os.setsid()
        with socket.socket(fileno=fd) as conn:
            request = json.loads(read_all(conn))
            become(request)
            conn.sendall(f"{os.getpid()}\n".encode())
        code = run(server, request["argv"])
    except BaseException:  # noqa: BLE001 - whatever happens, never return to the forkserver
        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def read_all(conn: socket.socket) -> bytes:
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def become(request: dict[str, Any]) -> None:
    """The learner's account (as JupyterHub's own spawner sets it), folder and environment."""
    uid = request.get("uid")
    if uid is not None and (os.getuid() != uid or os.geteuid() != uid):
        os.setgid(request["gid"])
        os.setgroups(request["groups"])
        os.setuid(uid)
        if os.getuid() != uid or os.geteuid() != uid or set(os.getgroups()) - set(
                request["groups"]):
            raise PermissionError("could not become the learner's account")
    home = request["home"]
    if request.get("make_home"):
        os.makedirs(home, 0o755, exist_ok=True)
    os.chdir(home)
    os.environ.clear()
    os.environ.update(request["env"])


def run(server: Server, argv: list[str]) -> int:
    """Run the server as ``mystory-singleuser`` would; return its exit status."""
    sys.argv = list(argv)
    try:
        server(argv[1:])
    except SystemExit as end:
        if end.code is None or isinstance(end.code, int):
            return end.code or 0
        print(end.code, file=sys.stderr)
        return 1
    return 0
