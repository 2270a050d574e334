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
from typing import Any

from mystory.hosting import proxy_command
from tests.browser import free_port, running

ROOT = Path(__file__).resolve().parents[1]
# One set of folders per checkout, so two checkouts on one machine never share a hub's files.
_SLOT = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
SHARED = Path(f"/opt/mystory-hubtest-{_SLOT}")  # the learners' environment (readable by all)
SRV = Path(f"/srv/mystory-hubtest-{_SLOT}")  # the exchange and the hub's own files
PASSWORD = "Story-time-42"
MODULE = "00-welcome"
GROUP = "mystory-hubtest"
FACILITATOR = "mst-facil"
LEARNERS = {"mst-ada": "Ada", "mst-bo": "Bo", "mst-cy": "Cy"}  # the class in tests/test_hub.py
ATTACKER = "mst-dee"  # the learner tests/test_redteam_hub.py signs in as
ARTIFACTS = ROOT / "test-artifacts"


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


def site(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    """Accounts, the exchange (nbgrader's documented permissions), the course and the hub.

    One hub for every hub test of a run (tests/conftest.py makes it a session fixture).
    """
    import pytest

    from tests.conftest import copy_course

    if not is_root():
        pytest.skip("the multi-user test makes Unix accounts: run it as root (CI does)")
    shared_env()
    shutil.rmtree(SRV, ignore_errors=True)
    SRV.mkdir(parents=True)
    SRV.chmod(0o755)
    exchange = SRV / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)  # nbgrader: everyone may write; release/submit set the rest
    state = SRV / "hub"
    state.mkdir(mode=0o700)
    facil_home = add_user(FACILITATOR, [])
    homes = {name: add_user(name, [GROUP]) for name in [*LEARNERS, ATTACKER]}
    course = copy_course(facil_home / "course")
    shutil.chown(course, FACILITATOR, FACILITATOR)
    for path in course.rglob("*"):
        shutil.chown(path, FACILITATOR, FACILITATOR)
    logs = tmp_path_factory.mktemp("hub")
    try:
        with hub([FACILITATOR], exchange, state, logs, GROUP) as base:
            yield {"base": base, "exchange": exchange, "course": course, "homes": homes,
                   "logs": logs}
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        if (logs / "jupyterhub.log").exists():
            shutil.copy(logs / "jupyterhub.log", ARTIFACTS / "jupyterhub.log")
        for name in [FACILITATOR, *LEARNERS, ATTACKER]:
            remove_user(name)
        shutil.rmtree(SRV, ignore_errors=True)


def mystory(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """A `mystory` command as the facilitator, on the course in their home."""
    return run_as(FACILITATOR, "mystory", *args, "--course", f"/home/{FACILITATOR}/course",
                  check=check)


def release(exchange: Path) -> None:
    """The facilitator releases Module 1 (once: later calls find it released)."""
    if not (exchange / "mystory" / "outbound" / MODULE).is_dir():
        done = mystory("release", MODULE, "--exchange", str(exchange))
        assert "Released 00-welcome" in done.stdout


def sign_in(browser: Any, base: str, name: str) -> tuple[Any, Any]:
    """A phone-sized browser signed in to the hub as `name`: (context, page)."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(base + "/hub/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return context, page
