"""The course home on a hub server, written without a kernel (mystory/hosting/homepage.py).

A learner's server as the hub starts it (the learner settings in mystory/share/hub, with its
gate; a token header instead of the hub's sign-in), with Module 0 released: the home answers at
Voila's address with plain HTML, starts no kernel, and its buttons get and hand in the module in
Chromium.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mystory import facilitator as fac
from mystory.singleuser import ensure_home, environment
from tests.browser import free_port, running
from tests.conftest import copy_course

pytestmark = [pytest.mark.browser]

MODULE = "00-welcome"
TOKEN = "home-page-test-token"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """A learner's server (learner settings, no hub) with Module 0 in the exchange."""
    tmp = tmp_path_factory.mktemp("homepage")
    exchange = tmp / "exchange"
    exchange.mkdir()
    fac.release(copy_course(tmp / "course"), MODULE, exchange)
    home = tmp / "home"
    home.mkdir()
    ensure_home(home)
    env = environment("learner")
    env.update(MYSTORY_EXCHANGE=str(exchange), JUPYTERHUB_USER="ada",
               JUPYTER_DATA_DIR=str(tmp / "data"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "jupyter_server", f"--port={port}", "--ip=127.0.0.1",
               "--no-browser", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={home}",
               *(["--allow-root"] if os.geteuid() == 0 else [])]
    with running(command, tmp / "server.log", f"{base}/api", cwd=home,  # open: for the hub
                 env=env):
        yield {"base": base, "home": home, "port": port}


def kernels(port: int) -> list[int]:
    """Kernels started by the server on `port` (its API to list them is closed by the gate)."""
    server = next(int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()
                  and f"--port={port}".encode() in cmdline(p))
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()
            and b"ipykernel" in cmdline(p) and parent(p) == server]


def cmdline(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""


def parent(proc: Path) -> int:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


def signed_in(browser):
    """A phone-sized browser that shows the server's token with every request."""
    return browser.new_context(viewport={"width": 375, "height": 667},
                               extra_http_headers={"Authorization": f"token {TOKEN}"})


def test_home_needs_signing_in(server) -> None:
    asked = urllib.request.Request(f"{server['base']}/voila/render/home.ipynb",
                                   headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(asked) as reply:
            body, url = reply.read().decode(), reply.url
    except urllib.error.HTTPError as err:  # the sign-in address is the hub's, refused here
        body, url = err.read().decode(), err.url
    assert "/login" in url and "mystory-card" not in body


def test_home_without_a_kernel_gets_and_hands_in(browser, server) -> None:
    base, home = server["base"], server["home"]
    context = signed_in(browser)
    page = context.new_page()
    page.goto(f"{base}/voila/render/home.ipynb")
    card = page.locator(f".mystory-card-{MODULE}")
    card.get_by_role("button", name="Get Module 0").wait_for()
    assert "jupyter-config-data" not in page.content()  # not Voila's page
    assert kernels(server["port"]) == []  # and no kernel started for it
    later = page.locator(".mystory-card-01-your-story")
    assert "Not open yet" in later.inner_text() and later.get_by_role("button").count() == 0

    card.get_by_role("button", name="Get Module 0").click()
    card.get_by_text("Module 0 is ready").wait_for()
    assert (home / MODULE / "welcome.ipynb").is_file()
    start = card.get_by_role("link", name="Start")
    assert start.get_attribute("href") == f"{MODULE}/welcome.ipynb"

    card.get_by_role("button", name="Hand in Module 0").click()
    card.get_by_text("Handed in at").wait_for()
    card.get_by_role("button", name="Get feedback on Module 0").click()
    card.get_by_text("There is no feedback yet").wait_for()
    page.reload()  # a fresh page shows no old message, and the same steps
    card.get_by_role("button", name="Get feedback on Module 0").wait_for()
    assert card.locator(".mystory-status").inner_text() == ""
    assert kernels(server["port"]) == []
    context.close()


def test_a_forged_step_is_refused(browser, server) -> None:
    context = signed_in(browser)
    page = context.new_page()
    page.goto(f"{server['base']}/voila/render/home.ipynb")
    page.locator(f".mystory-card-{MODULE}").wait_for()
    step = page.locator("form").first.get_attribute("action")
    assert step == "/mystory/home-step"
    for form in ({"module": "../../etc", "step": "get"}, {"module": MODULE, "step": "rm"}):
        assert page.request.post(f"{server['base']}{step}", form=form).status == 400
    context.close()
    anonymous = urllib.request.Request(f"{server['base']}{step}", method="POST",
                                       data=b"module=00-welcome&step=get")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(anonymous)
    assert refused.value.code == 403
    assert not (Path(server["home"]) / "etc").exists()
