"""Running the course on JupyterHub: the proxy from npm and the workshop's settings."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

CHP_VERSION = "4.6.3"  # configurable-http-proxy, JupyterHub's proxy, from the npm registry


def proxy_command(prefix: Path) -> str:
    """configurable-http-proxy: the one on PATH, else installed from npm into `prefix`."""
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    binary = prefix / "node_modules" / ".bin" / "configurable-http-proxy"
    if not binary.exists():
        if not shutil.which("npm"):
            raise RuntimeError("JupyterHub needs configurable-http-proxy, which comes from npm. "
                               "Install Node.js and npm (Debian: apt-get install nodejs npm).")
        done = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund",
                               "--prefix", str(prefix), f"configurable-http-proxy@{CHP_VERSION}"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"npm could not install configurable-http-proxy:\n{done.stderr}")
    return str(binary)


def workshop_env(root: Path, port: int, facilitator: str, proxy: str,
                 tls: tuple[str | None, str | None] = (None, None)) -> dict[str, str]:
    """The environment deploy/jupyterhub_config.py reads for a workshop on this computer."""
    state = root / ".hub" / "workshop"
    exchange = state / "exchange"
    exchange.mkdir(parents=True, exist_ok=True)
    state.chmod(0o700)  # passwords, the cookie secret, the hand-in secret: this account only
    cert, key = tls
    return {
        # The hub's and the proxy's own ports, on loopback only: free ones, so the common 8081
        # and 8001 being taken on a laptop (or a second workshop) never stops the room.
        "MYSTORY_HUB_API_PORT": str(free_port()),
        "MYSTORY_PROXY_API_PORT": str(free_port()),
        **({"MYSTORY_SSL_CERT": str(Path(cert).resolve()),
            "MYSTORY_SSL_KEY": str(Path(key).resolve())} if cert and key else {}),
        **os.environ,
        "MYSTORY_HUB_MODE": "workshop",
        "MYSTORY_HUB_STATE": str(state),
        "MYSTORY_HUB_PORT": str(port),
        "MYSTORY_EXCHANGE": str(exchange),
        "MYSTORY_FACILITATORS": facilitator,
        "MYSTORY_COURSE": str(root / "course"),
        "MYSTORY_CHP": proxy,
        "PATH": os.pathsep.join([str(Path(proxy).parent), os.environ.get("PATH", "")]),
    }


def free_port() -> int:
    """A TCP port nothing listens on now, on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lan_addresses() -> list[str]:
    """This computer's address on the local network, for learners' phones (no packet is sent)."""
    addresses = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            addresses.append(probe.getsockname()[0])
        except OSError:
            pass
    return [a for a in addresses if not a.startswith("127.")] or ["localhost"]


# A Unix socket's path holds at most 107 bytes; a kernel's socket is its runtime folder plus
# about 50 characters ("/kernel-<uuid>-ipc-1").
IPC_ROOM = 107 - 52


def use_short_runtime_dir(env: dict[str, str]) -> dict[str, str]:
    """Point JUPYTER_RUNTIME_DIR at a short folder when kernels' sockets need one; return env."""
    short = runtime_dir(env)
    if short:
        env["JUPYTER_RUNTIME_DIR"] = short
    return env


def runtime_dir(env: dict[str, str]) -> str | None:
    """A private runtime folder short enough for kernels' sockets, when the usual one is not.

    Returns None when Jupyter's own folder is short enough. Otherwise a 0700 folder in /tmp
    named after the user and their home folder (the workshop's learners share one account).
    """
    from jupyter_core.paths import jupyter_runtime_dir

    saved = os.environ.copy()
    try:
        os.environ.clear()
        os.environ.update(env)
        usual = jupyter_runtime_dir()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    if len(usual) <= IPC_ROOM:
        return None
    import hashlib
    import tempfile

    tag = hashlib.sha256(usual.encode()).hexdigest()[:10]
    for attempt in range(100):
        folder = Path(tempfile.gettempdir()) / f"mystory-{os.getuid()}-{tag}-{attempt}"
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
        info = folder.lstat()
        if not folder.is_symlink() and info.st_uid == os.getuid() and info.st_mode & 0o077 == 0:
            return str(folder)
    raise RuntimeError("Could not make a private folder for kernels in the temporary folder.")
