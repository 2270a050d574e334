"""A real JupyterHub on loopback with real Unix accounts, as an organisation's server runs it.

It needs root (it makes Unix accounts) and installs what it needs itself: Debian's packages,
configurable-http-proxy from npm, and the course in a shared environment for every account
(as ``/opt/tljh/user`` is on The Littlest JupyterHub), built from Debian's own Python.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mystory.hosting import proxy_command
from tests.browser import free_port, running

ROOT = Path(__file__).resolve().parents[1]
# One set of folders per checkout, so two checkouts on one machine never share a hub's files.
_SLOT = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
SHARED = Path(f"/opt/mystory-hubtest-{_SLOT}")  # the learners' environment (readable by all)
SRV = Path(f"/srv/mystory-hubtest-{_SLOT}")  # the exchange and the hub's own files
PASSWORD = "Story-time-42"


def is_root() -> bool:
    return os.geteuid() == 0


def apt_install(*packages: str) -> None:
    """Install Debian packages that are missing (nothing when all are there)."""
    missing = [p for p in packages if subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", p], capture_output=True, text=True
    ).stdout != "install ok installed"]
    if missing:
        subprocess.run(["apt-get", "update", "-q"], check=True, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=True,
                       capture_output=True, env={**os.environ,
                                                 "DEBIAN_FRONTEND": "noninteractive"})


def chp() -> Path:
    """configurable-http-proxy from npm, in .hub/ of the project (kept between runs)."""
    return Path(proxy_command(ROOT / ".hub"))


def _project_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted([ROOT / "pyproject.toml", *(ROOT / "src").rglob("*")]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()


def shared_env() -> Path:
    """The course installed for all users with Debian's Python (rebuilt when the code changes)."""
    stamp = SHARED / ".mystory-source"
    wanted = _project_hash()
    if stamp.is_file() and stamp.read_text() == wanted:
        return SHARED
    apt_install("python3-venv")
    shutil.rmtree(SHARED, ignore_errors=True)
    subprocess.run(["/usr/bin/python3", "-m", "venv", str(SHARED)], check=True)
    with tempfile.TemporaryDirectory() as tmp:  # a clean copy: no build files in the project
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            shutil.copy2(ROOT / name, tmp)
        shutil.copytree(ROOT / "src", Path(tmp) / "src",
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        subprocess.run([str(SHARED / "bin" / "pip"), "install", "--quiet",
                        "--disable-pip-version-check", f"{tmp}[hub]"], check=True,
                       capture_output=True)
    os.chmod(SHARED, 0o755)
    stamp.write_text(wanted)
    return SHARED


def add_user(name: str, groups: list[str]) -> Path:
    """A Unix account with a private home (0700) and the test password."""
    remove_user(name)
    for group in groups:
        subprocess.run(["groupadd", "-f", group], check=True)
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash",
                    *(["--groups", ",".join(groups)] if groups else []), name], check=True)
    subprocess.run(["chpasswd"], input=f"{name}:{PASSWORD}\n", text=True, check=True)
    home = Path(f"/home/{name}")
    home.chmod(0o700)
    return home


def remove_user(name: str) -> None:
    subprocess.run(["pkill", "-u", name], capture_output=True)
    subprocess.run(["userdel", "--remove", name], capture_output=True)


def run_as(user: str, *command: str, check: bool = True, env: dict[str, str] | None = None,
           cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run a command as a Unix user, in their home, with the shared environment first on PATH."""
    path = f"{SHARED / 'bin'}:/usr/bin:/bin"
    environment = {"HOME": f"/home/{user}", "USER": user, "PATH": path, "LANG": "C.UTF-8",
                   **(env or {})}
    done = subprocess.run(["runuser", "-u", user, "--", "env", "-i",
                           *(f"{k}={v}" for k, v in environment.items()), *command],
                          cwd=cwd or f"/home/{user}", capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(command)} as {user} failed:\n{done.stdout}\n"
                             f"{done.stderr}")
    return done


@contextmanager
def hub(facilitators: list[str], exchange: Path, state: Path, logs: Path,
        group: str) -> Iterator[str]:
    """Run JupyterHub with deploy/jupyterhub_config.py on loopback; yield its address."""
    port = free_port()
    env = {
        **os.environ,
        "MYSTORY_HUB_MODE": "accounts",
        "MYSTORY_FACILITATORS": " ".join(facilitators),
        "MYSTORY_LEARNERS_GROUP": group,
        "MYSTORY_EXCHANGE": str(exchange),
        "MYSTORY_HUB_STATE": str(state),
        "MYSTORY_HUB_IP": "127.0.0.1",
        "MYSTORY_HUB_PORT": str(port),
        "MYSTORY_SINGLEUSER": str(SHARED / "bin" / "mystory-singleuser"),
        "MYSTORY_CHP": str(chp()),
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    }
    base = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).parent / "jupyterhub"), "-f",
               str(ROOT / "deploy" / "jupyterhub_config.py"),
               f"--JupyterHub.hub_port={free_port()}",
               f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}"]
    # The sign-in page answering 200 means the hub's route is in (the proxy says 404 before).
    with running(command, logs / "jupyterhub.log", base + "/hub/login", cwd=state, env=env,
                 stop_seconds=20):
        yield base
