"""The course on a real JupyterHub: Unix accounts, nbgrader's exchange, Chromium through the hub.

One facilitator and three learners, as README "Hosting for your organisation" sets them up:
the facilitator releases Module 1; each learner signs in, gets it, does it in Voila and hands it
in; the facilitator collects, grades with `mystory grade` and releases feedback; each learner
reads their own feedback. Then what learners must not be able to do is tried, and refused.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests import hub

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(1500)]

MODULE, FACILITATOR, LEARNERS, ARTIFACTS = hub.MODULE, hub.FACILITATOR, hub.LEARNERS, hub.ARTIFACTS
mystory, sign_in = hub.mystory, hub.sign_in


@pytest.fixture(scope="module")
def site(hub_site):
    return hub_site


def test_a_class_on_the_hub(browser, site) -> None:
    base, exchange, homes = site["base"], site["exchange"], site["homes"]

    # An address without signing in gets the sign-in page, never a learner's work.
    asked = urllib.request.Request(f"{base}/user/mst-ada/voila/render/home.ipynb",
                                   headers={"Accept": "text/html"})  # as a browser asks
    with urllib.request.urlopen(asked) as reply:
        assert "/hub/login" in reply.url
        login = reply.read().decode()
        assert "Sign in" in login and "Your housing association: the #MyStory course" in login

    hub.release(exchange)

    for name, first in LEARNERS.items():
        context, page = sign_in(browser, base, name)
        card = page.locator(f".mystory-card-{MODULE}")
        card.wait_for(timeout=120_000)  # the learner's own server starts
        assert page.url.endswith(f"/user/{name}/voila/render/home.ipynb")
        card.get_by_role("button", name="Get Module 1").click()
        card.get_by_role("link", name="Start").click()
        page.wait_for_selector(".mystory-exercise input", timeout=60_000)
        assert "open_module" not in page.content()  # no source code on the page
        page.get_by_label("Your first name, or the name people know you by").fill(first)
        page.get_by_label("Someone like them, sharing what really happened").check()
        page.get_by_label("Lovely to see so many of you at the coffee morning").check()
        page.get_by_label("Our community garden needs a name").check()
        page.get_by_label("Who are you, and what do you care about, at work and outside it?"
                          ).fill(f"I am {first}. I run the Tuesday lunch club and I love it.")
        page.get_by_label("I use it a little").check()
        # (a locator, not wait_for_function: the page's CSP allows no eval)
        page.locator(".mystory-saved").nth(4).wait_for(timeout=30_000)
        page.get_by_role("link", name="Course home", exact=True).click()
        card = page.locator(f".mystory-card-{MODULE}")
        card.get_by_role("button", name="Hand in Module 1").click()
        card.get_by_text("Handed in at").wait_for(timeout=30_000)
        if name == "mst-ada":
            page.screenshot(path=str(ARTIFACTS / "hub-home-handed-in.png"), full_page=True)
        context.close()
        saved = json.loads((homes[name] / MODULE / "welcome.answers.json").read_text())
        assert saved["answers"]["welcome-name"]["value"] == first  # in their own home

    # The facilitator collects, grades (never running learners' code) and releases feedback.
    mystory("collect", MODULE, "--exchange", str(exchange))
    graded = mystory("grade", MODULE)
    assert "3 graded, 0 skipped, 0 failed, 0 timed out" in graded.stdout, graded.stdout
    released = mystory("feedback", MODULE, "--exchange", str(exchange))
    assert "Released feedback" in released.stdout

    hosts: set[str] = set()
    for name, first in LEARNERS.items():
        context, page = sign_in(browser, base, name)
        context.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        card = page.locator(f".mystory-card-{MODULE}")
        card.get_by_role("button", name="Get feedback on Module 1").click()
        link = card.get_by_role("link", name="Read your feedback on Module 1")
        link.wait_for(timeout=30_000)
        link.click()
        page.get_by_role("heading", name="your feedback").wait_for(timeout=30_000)
        body = page.content()
        assert first in body and "Your mark so far" in body
        assert all(other not in body for other in LEARNERS.values() if other != first)
        context.close()
    assert hosts == {urlsplit(base).netloc}, hosts  # the feedback page asks no other host


def refused(user: str, *command: str) -> str:
    """Run a command as `user` that must fail for lack of permission; return what it said."""
    done = hub.run_as(user, *command, check=False)
    assert done.returncode != 0, f"{user} could run {command}: {done.stdout}"
    assert "Permission denied" in done.stderr, done.stderr
    return done.stderr


def test_learners_cannot_reach_each_other_or_the_facilitators_files(browser, site) -> None:
    base, exchange = site["base"], site["exchange"]
    ada, course = site["homes"]["mst-ada"], site["course"]
    assert (ada / MODULE / "welcome.answers.json").is_file()  # the class above has run
    assert (course / "gradebook.db").is_file()

    # Bo cannot read Ada's answers, her copy of the module or her feedback.
    refused("mst-bo", "cat", str(ada / MODULE / "welcome.answers.json"))
    refused("mst-bo", "ls", str(ada / MODULE / "feedback"))
    # Nor list anyone's hand-ins or feedback in the exchange (nbgrader's own permissions).
    refused("mst-bo", "ls", str(exchange / "mystory" / "inbound"))
    refused("mst-bo", "ls", str(exchange / "mystory" / "feedback"))
    # No learner reaches the gradebook, the model answers or the hidden tests.
    refused("mst-cy", "cat", str(course / "gradebook.db"))
    refused("mst-cy", "ls", str(course / "source"))
    refused("mst-cy", "cat", str(course / "source" / MODULE / "welcome.ipynb"))
    site_packages = next(hub.SHARED.glob("lib/python3*/site-packages/mystory"))
    shipped = " ".join(p.read_text(errors="ignore") for p in site_packages.rglob("*")
                       if p.is_file() and p.suffix in (".py", ".ipynb", ".yaml", ".json"))
    assert "BEGIN HIDDEN TESTS" not in shipped and "BEGIN SOLUTION" not in shipped

    # Through the hub: Bo's browser cannot open Ada's pages; Ada's pages show no tracebacks.
    context, page = sign_in(browser, base, "mst-bo")
    page.locator(f".mystory-card-{MODULE}").wait_for(timeout=60_000)
    reply = page.goto(f"{base}/user/mst-ada/voila/render/home.ipynb")
    assert reply.status == 403 and "Tuesday lunch club" not in page.content()
    learner_csp = page.request.get(f"{base}/user/mst-bo/voila/render/home.ipynb").headers
    assert "frame-ancestors 'none'" in learner_csp.get("content-security-policy", "")
    assert page.request.get(f"{base}/user/mst-bo/formgrader").status in (403, 404)
    assert page.request.get(f"{base}/user/mst-bo/lab").status in (403, 404)  # the course only
    context.close()

    # A notebook Ada put in her folder herself is never run, and never shows its code.
    broken = ada / "broken.ipynb"
    broken.write_text(json.dumps({"cells": [{"cell_type": "code", "execution_count": None,
                                             "id": "boom", "metadata": {}, "outputs": [],
                                             "source": "secret_value = 42\n1 / 0"}],
                                  "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    shutil.chown(broken, "mst-ada", "mst-ada")
    context, page = sign_in(browser, base, "mst-ada")
    page.locator(f".mystory-card-{MODULE}").wait_for(timeout=60_000)
    reply = page.goto(f"{base}/user/mst-ada/voila/render/broken.ipynb")
    assert reply.status == 403
    text = page.content()
    assert "not part of the course" in text and "secret_value" not in text
    context.close()


def test_formgrader_shows_inside_jupyterlab_for_the_facilitator(browser, site) -> None:
    """JupyterHub 4.1+ forbids framing (CVE-2024-28233); facilitators' servers allow 'self'."""
    base = site["base"]
    context, page = sign_in(browser, base, FACILITATOR)
    page.wait_for_url(f"**/user/{FACILITATOR}/lab**", timeout=120_000)
    grader = f"{base}/user/{FACILITATOR}/formgrader"
    headers = page.request.get(grader).headers
    assert headers.get("content-security-policy") == "frame-ancestors 'self'"
    page.evaluate("""url => {
        const frame = document.createElement('iframe');
        frame.id = 'fg'; frame.src = url; frame.title = 'Formgrader';
        document.body.appendChild(frame);
    }""", grader)
    frame = page.frame_locator("#fg")
    frame.get_by_text("Manage Assignments").first.wait_for(timeout=60_000)
    expect(frame.locator("body")).to_contain_text(MODULE, timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "hub-formgrader.png"))
    context.close()
