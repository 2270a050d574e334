"""Grading kernels forked from one warm Python process.

Starting Python and IPython costs more than running one of our notebooks. ``mystory grade``
starts one warm process that has imported them (and the course package) once; each notebook then
gets its own new kernel, forked from it: a separate process with nothing left over from any other
learner. If the warm process cannot be used, kernels start the usual way.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Unicode

# What every grading kernel imports: IPython's kernel and the course package.
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.comm",
           "ipykernel.debugger", "mystory.course", "mystory.grading", "ipywidgets")
LAUNCHER = ["-m", "ipykernel_launcher"]
MAX_REQUEST = 1 << 20
TICK = 0.5  # how often the warm process looks for kernels nobody is waiting on


def available() -> bool:
    """True where kernels can be forked and watched (Linux)."""
    return hasattr(os, "fork") and hasattr(os, "pidfd_open") and sys.platform == "linux"


# --- the warm process ----------------------------------------------------------------------

def serve(path: str) -> None:
    """Run the warm process: import once, then fork a kernel for each request on `path`.

    Returns only in a forked child, once it has run as a kernel and stopped; the interpreter
    then exits as `python -m ipykernel_launcher` would.
    """
    request = _fork_on_request(path)
    if request is not None:
        _run_kernel(request)


def _fork_on_request(path: str) -> dict | None:
    """Serve requests until the grading run ends (None), or return a request in a forked child."""
    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    with contextlib.suppress(Exception):  # the course data, read and compiled once for all
        sys.modules["mystory.course"].prewarm()
    owner, me = os.getppid(), os.getpid()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path + ".new")
    listener.listen(64)
    os.rename(path + ".new", path)  # appears only once it accepts requests
    kernels: dict[int, int] = {}  # kernel pid -> pid of the grading worker that asked for it
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while os.getppid() == owner:
            ready, _, _ = select.select([listener], [], [], TICK)
            if ready:
                connection, _ = listener.accept()
                with connection:
                    try:
                        request = json.loads(_read_line(connection))
                        requester = int(request["requester"])
                    except (OSError, ValueError, KeyError, TypeError):
                        continue  # a garbled request: the asker starts its kernel cold
                    pid = os.fork()
                    if pid == 0:
                        signal.signal(signal.SIGTERM, signal.SIG_DFL)
                        return request
                    kernels[pid] = requester
                    with contextlib.suppress(OSError):
                        connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")
            _tidy(kernels)
    finally:
        listener.close()
        if os.getpid() == me:
            for pid in kernels:
                _stop(pid)
            for pid in kernels:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
    return None


def _read_line(connection: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n") and len(data) < MAX_REQUEST:
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def _tidy(kernels: dict[int, int]) -> None:
    """Reap kernels that have stopped; stop those whose grading worker has gone."""
    for pid, requester in list(kernels.items()):
        done, _status = os.waitpid(pid, os.WNOHANG)
        if done:
            del kernels[pid]
        elif not _alive(requester):
            _stop(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop(pid: int) -> None:
    """Stop a kernel and anything it started (its process group, once it has made one)."""
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(OSError):
            kill(pid, signal.SIGKILL)


def _run_kernel(request: dict) -> None:
    """In the forked child: run as `python -m ipykernel_launcher <argv>` would."""
    os.setsid()  # its own process group, as jupyter_client gives kernels
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ["JPY_PARENT_PID"] = str(os.getppid())  # stop if the warm process goes
    if sys.path and sys.path[0] == "":
        del sys.path[0]
    sys.argv = ["ipykernel_launcher", *request["argv"]]
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize()
    widgets = sys.modules.get("ipywidgets")
    if widgets is not None:  # imported before the kernel existed: register it now
        widgets.register_comm_target()
    app.start()


# --- the grading side ----------------------------------------------------------------------

class ForkedKernel:
    """A kernel forked by the warm process, watched through a pidfd (it is not our child)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._fd: int | None = os.pidfd_open(pid)

    def poll(self) -> int | None:
        if self._fd is not None and select.select([self._fd], [], [], 0)[0]:
            os.close(self._fd)
            self._fd = None
            self.returncode = 0  # not our child: its exit status is not ours to read
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        if self._fd is not None:
            select.select([self._fd], [], [], timeout)
        return self.poll()

    def send_signal(self, signum: int) -> None:
        if self.poll() is None and self._fd is not None:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self._fd, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class WarmProvisioner(LocalProvisioner):
    """Launch a Python kernel by asking the warm process to fork one; else start it as usual."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        path = getattr(self.parent, "warm_socket", "")
        if path and cmd[:1] == [sys.executable] and cmd[1:3] == LAUNCHER:
            try:
                pid = _ask_for_kernel(path, cmd[3:], kwargs.get("env") or dict(os.environ),
                                      str(kwargs.get("cwd") or os.getcwd()))
            except (OSError, ValueError, KeyError):
                pass  # the warm process is not there: start the kernel the usual way
            else:
                self.process = ForkedKernel(pid)  # type: ignore[assignment]  # Popen-like
                self.pid = self.pgid = pid
                self.cwd = kwargs.get("cwd", os.getcwd())
                return self.connection_info
        return await super().launch_kernel(cmd, **kwargs)

    async def wait(self) -> int | None:
        """Stop waiting the moment the kernel exits, not at the next tenth of a second."""
        if isinstance(self.process, ForkedKernel):
            while self.process.wait(0) is None:
                await _readable(self.process._fd)
            self.process = None
            return 0
        return await super().wait()


async def _readable(fd: int | None) -> None:
    import asyncio

    if fd is None:
        return
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    loop.add_reader(fd, lambda: None if done.done() else done.set_result(None))
    try:
        await asyncio.wait_for(done, 0.5)
    except TimeoutError:
        pass
    finally:
        loop.remove_reader(fd)


class WarmKernelManager(AsyncKernelManager):
    """nbclient's kernel manager, using the warm process when one is configured."""

    warm_socket = Unicode("", config=True, help="The warm process's socket; empty: start cold.")

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None and self.warm_socket:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or _new_id()
            self.provisioner = WarmProvisioner(kernel_id=self.kernel_id,
                                               kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)


def _new_id() -> str:
    import uuid

    return str(uuid.uuid4())


def _ask_for_kernel(path: str, argv: list[str], env: dict, cwd: str) -> int:
    request = {"argv": argv, "env": dict(env), "cwd": cwd, "requester": os.getpid()}
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(30)
        connection.connect(path)
        connection.sendall(json.dumps(request).encode() + b"\n")
        return int(json.loads(_read_line(connection))["pid"])


@contextlib.contextmanager
def warm_process(wait: float = 30.0) -> Iterator[str]:
    """Start the warm process for the length of a block; yields its socket ("" if none)."""
    if not available():
        yield ""
        return
    folder = tempfile.mkdtemp(prefix="mystory-warm-")
    path = str(Path(folder) / "kernels.sock")
    if len(path) > 100:  # a Unix socket path must be short
        yield ""
        return
    process = subprocess.Popen(
        [sys.executable, "-c",
         f"from mystory.facilitator.warmkernel import serve; serve({path!r})"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + wait
        while not os.path.exists(path) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        yield path if os.path.exists(path) else ""
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for leftover in (path, path + ".new"):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        with contextlib.suppress(OSError):
            os.rmdir(folder)
