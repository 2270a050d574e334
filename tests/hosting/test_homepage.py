"""The course home on a hub server, written without a kernel (mystory/hosting/homepage.py).

A learner's server as the hub starts it (the learner settings in mystory/share/hub, a token
instead of the hub's sign-in), with Module 1 released: the home answers at Voila's address with
plain HTML, starts no kernel, and its buttons get and hand in the module in Chromium.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mystory import facilitator as fac
from mystory.core.readaloud import WORDS
from mystory.singleuser import ensure_home, environment, packaged_home
from tests.browser import SPEECH_SPY, free_port, html_words, running
from tests.conftest import copy_course

pytestmark = [pytest.mark.browser]

MODULE = "00-welcome"
TOKEN = "home-page-test-token"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """A learner's server (learner settings, no hub) with Module 1 in the exchange."""
    tmp = tmp_path_factory.mktemp("homepage")
    exchange = tmp / "exchange"
    exchange.mkdir()
    fac.release(copy_course(tmp / "course"), MODULE, exchange)
    home = tmp / "home"
    home.mkdir()
    ensure_home(home)
    env = environment("learner")
    env.update(MYSTORY_EXCHANGE=str(exchange), JUPYTERHUB_USER="ada",
               JUPYTER_DATA_DIR=str(tmp / "data"), JUPYTER_RUNTIME_DIR=str(tmp / "run"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "jupyter_server", f"--port={port}", "--ip=127.0.0.1",
               "--no-browser", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={home}",
               *(["--allow-root"] if os.geteuid() == 0 else [])]
    with running(command, tmp / "server.log", f"{base}/api", cwd=home, env=env):
        yield {"base": base, "home": home, "runtime": tmp / "run"}


def kernels(server: dict) -> list[Path]:
    """The server's kernels, by their connection files (its kernels API is closed to learners)."""
    return sorted(server["runtime"].glob("kernel-*.json"))


def signed_in(browser, base: str):
    """A browser signed in by a cookie, as the hub's is (a token once, on an open address)."""
    context = browser.new_context(viewport={"width": 375, "height": 667})
    assert context.request.get(f"{base}/api?token={TOKEN}").ok
    assert any(cookie["name"].startswith("username-") for cookie in context.cookies())
    return context


def test_home_needs_signing_in(server) -> None:
    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None  # show the redirect itself

    asked = urllib.request.Request(f"{server['base']}/voila/render/home.ipynb",
                                   headers={"Accept": "text/html"})
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.build_opener(Stay).open(asked)
    assert answer.value.code == 302 and "/login" in answer.value.headers["Location"]
    assert "mystory-card" not in answer.value.read().decode()


def test_home_without_a_kernel_gets_and_hands_in(browser, server) -> None:
    base, home = server["base"], server["home"]
    context = signed_in(browser, base)
    page = context.new_page()
    page.goto(f"{base}/voila/render/home.ipynb")
    card = page.locator(f".mystory-card-{MODULE}")
    card.get_by_role("button", name="Get Module 1").wait_for()
    assert "jupyter-config-data" not in page.content()  # not Voila's page
    assert kernels(server) == []  # and no kernel started for it
    later = page.locator(".mystory-card-01-your-story")
    assert "Not open yet" in later.inner_text() and later.locator("form button").count() == 0

    card.get_by_role("button", name="Get Module 1").click()
    card.get_by_text("Module 1 is ready").wait_for()
    assert (home / MODULE / "welcome.ipynb").is_file()
    start = card.get_by_role("link", name="Start")
    assert start.get_attribute("href") == f"{MODULE}/welcome.ipynb"

    card.get_by_role("button", name="Hand in Module 1").click()
    card.get_by_text("Handed in at").wait_for()
    card.get_by_role("button", name="Get feedback on Module 1").click()
    card.get_by_text("There is no feedback yet").wait_for()
    page.reload()  # a fresh page shows no old message, and the same steps
    card.get_by_role("button", name="Get feedback on Module 1").wait_for()
    assert card.locator(".mystory-status").inner_text() == ""
    assert kernels(server) == []
    context.close()


def test_a_forged_step_is_refused_kindly(browser, server) -> None:
    context = signed_in(browser, server["base"])
    page = context.new_page()
    page.goto(f"{server['base']}/voila/render/home.ipynb")
    page.locator(f".mystory-card-{MODULE}").wait_for()
    xsrf = page.locator("input[name=_xsrf]").first.get_attribute("value")
    for form in ({"module": "../../etc", "step": "get"}, {"module": MODULE, "step": "rm"}):
        reply = page.request.post(f"{server['base']}/voila/render/home.ipynb",
                                  form={**form, "_xsrf": xsrf})
        assert reply.status == 400
    no_xsrf = page.request.post(f"{server['base']}/voila/render/home.ipynb",
                                form={"module": MODULE, "step": "get"})
    assert no_xsrf.status == 403
    assert not (Path(server["home"]) / "etc").exists()
    context.close()


def test_the_home_in_welsh_is_remembered(browser, server) -> None:
    """The language links on the hub's home: the choice is kept in the learner's folder, and the
    page (its prose, cards, buttons and <html lang>) follows it."""
    context = signed_in(browser, server["base"])
    page = context.new_page()
    page.goto(f"{server['base']}/voila/render/home.ipynb")
    page.get_by_role("link", name="Cymraeg").click()
    card = page.locator(f".mystory-card-{MODULE}")
    card.get_by_role("heading", name="Modiwl 1: Croeso: pam mae eich stori'n bwysig").wait_for()
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert page.title() == "Hafan y cwrs · cwrs #MyStory"
    assert page.get_by_role("heading", name="#MyStory: cyfryngau cymdeithasol y ffordd ddynol") \
        .is_visible()
    assert (Path(server["home"]) / "mystory-settings.json").read_text() == '{"language": "cy"}'
    page.goto(f"{server['base']}/voila/render/home.ipynb")  # remembered without the link
    assert page.evaluate("document.documentElement.lang") == "cy"
    # Modules not yet translated keep their English title, marked as English for voices.
    later = page.locator(".mystory-card-01-your-story")
    assert "Ddim ar agor eto" in later.inner_text()
    page.get_by_role("link", name="English").click()
    card.get_by_role("heading", name="Module 1: Welcome: why your story matters").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    context.close()


def test_home_reads_aloud_under_the_learners_csp(browser, server) -> None:
    """The read-aloud script is a file of the course: the learner's Content-Security-Policy
    (no inline script) lets it run, and the home's first words are read as written."""
    context = signed_in(browser, server["base"])
    context.add_init_script(SPEECH_SPY)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    reply = page.goto(f"{server['base']}/voila/render/home.ipynb")
    assert reply is not None and "script-src 'self'" in reply.headers["content-security-policy"]
    intro = page.locator(".mystory-prose").first
    intro.get_by_role("button", name=WORDS["read"], exact=True).click()
    page.wait_for_function("window.__speech.spoken.length > 0")
    said = page.evaluate("window.__speech.spoken")
    card = page.locator(f".mystory-card-{MODULE}")
    card.get_by_role("button", name=WORDS["read"], exact=True).wait_for()  # cards have one too
    context.close()
    import mistune

    cells = json.loads(packaged_home().read_text(encoding="utf-8"))["cells"]
    first = next("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert " ".join(u["text"] for u in said) == html_words(str(mistune.html(first)))
    assert {u["lang"] for u in said} == {"en"}
    assert not refused, refused
    assert kernels(server) == []
