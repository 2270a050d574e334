"""Grading kernels forked from a warm process: each notebook gets a fresh, separate kernel, and
no kernel outlives the grading worker or the run that asked for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from traitlets.config import Config

from mystory.facilitator import warmkernel

pytestmark = [pytest.mark.nbgrader,  # kernels and nbgrader: `make test`, not `make check`
              pytest.mark.skipif(not warmkernel.available(), reason="needs Linux (fork, pidfd)")]

PROBE = """
import json, os, sys
print(json.dumps({"pid": os.getpid(), "ppid": os.getppid(), "cwd": os.getcwd(),
                  "marker": os.environ.get("MYSTORY_PROBE"), "leftover": "secret" in globals(),
                  "widgets": "jupyter.widget" in get_ipython().kernel.comm_manager.targets,
                  "path0": sys.path[0]}))
secret = "one learner's answer"
"""


def run_probe(socket: str, cwd: Path) -> dict:
    config = Config()
    config.WarmKernelManager.warm_socket = socket
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)])
    client = NotebookClient(nb, kernel_manager_class=warmkernel.WarmKernelManager, config=config,
                            resources={"metadata": {"path": str(cwd)}}, timeout=60)
    client.execute(env={**os.environ, "MYSTORY_PROBE": "set by the grader"})
    return json.loads(nb.cells[0].outputs[0]["text"])


def gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_each_notebook_gets_a_fresh_kernel_forked_from_the_warm_process(tmp_path: Path) -> None:
    with warmkernel.warm_process() as socket:
        assert socket
        first, second = run_probe(socket, tmp_path), run_probe(socket, tmp_path)
    assert first["pid"] != second["pid"]
    assert first["ppid"] == second["ppid"] != os.getpid()  # forked by the warm process
    for probe in (first, second):
        assert probe["cwd"] == str(tmp_path)
        assert probe["marker"] == "set by the grader"
        assert probe["widgets"]  # ipywidgets was imported early, and still registered
        assert probe["path0"] != ""
    assert not second["leftover"]  # nothing from the notebook before
    assert gone(first["pid"]) and gone(second["pid"])


def test_without_the_warm_process_kernels_start_as_usual(tmp_path: Path) -> None:
    probe = run_probe(str(tmp_path / "no-such.sock"), tmp_path)
    assert probe["ppid"] == os.getpid() and probe["marker"] == "set by the grader"


ASKER = """
import os, sys, time
from jupyter_client.connect import write_connection_file
from mystory.facilitator import warmkernel
connection, _ = write_connection_file(sys.argv[2])
pid = warmkernel._ask_for_kernel(sys.argv[1], ["-f", connection], dict(os.environ), os.getcwd())
print(pid, flush=True)
time.sleep(600)
"""


def ask_for_kernel(socket: str, folder: Path) -> tuple[subprocess.Popen, int]:
    """A stand-in grading worker that asks for a kernel and then waits; returns it and the pid."""
    asker = subprocess.Popen([sys.executable, "-c", ASKER, socket, str(folder / "kernel.json")],
                             stdout=subprocess.PIPE, text=True, cwd=folder)
    return asker, int(asker.stdout.readline())


def test_a_kernel_stops_when_the_worker_that_asked_for_it_dies(tmp_path: Path) -> None:
    with warmkernel.warm_process() as socket:
        asker, kernel = ask_for_kernel(socket, tmp_path)
        os.kill(kernel, 0)  # running
        asker.kill()
        asker.wait()
        assert gone(kernel)


def test_no_kernel_outlives_the_warm_process(tmp_path: Path) -> None:
    with warmkernel.warm_process() as socket:
        asker, kernel = ask_for_kernel(socket, tmp_path)
    try:
        assert gone(kernel), Path(f"/proc/{kernel}/stat").read_text()
    finally:
        asker.kill()
        asker.wait()


def test_only_the_facilitator_can_ask_for_kernels(tmp_path: Path) -> None:
    """The warm process forks kernels as the facilitator: its socket sits in a private folder."""
    with warmkernel.warm_process() as socket:
        folder = Path(socket).parent
        assert folder.stat().st_mode & 0o777 == 0o700
    assert not folder.exists()  # tidied away when the run ends


def test_a_garbled_request_does_not_stop_the_warm_process(tmp_path: Path) -> None:
    import socket as sockets

    with warmkernel.warm_process() as socket:
        for garbage in (b"not json\n", b"[1, 2]\n", b'{"argv": []}\n', b"\n"):
            with sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM) as connection:
                connection.connect(socket)
                connection.sendall(garbage)
                assert connection.recv(100) == b""  # no kernel, and the connection is closed
        probe = run_probe(socket, tmp_path)
    assert probe["ppid"] != os.getpid()  # still forked from the warm process
