"""`make workshop`: JupyterHub on a facilitator's laptop, without root, for a room of phones.

The laptop's owner is an ordinary Unix account here. Learners choose a password when they first
sign in; each gets a folder of their own; the facilitator opens Module 1 with `make open`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import hub
from tests.browser import free_port, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(900)]

OWNER = "mst-host"
MODULE = "00-welcome"


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    if not hub.is_root():
        pytest.skip("the workshop test makes an ordinary Unix account to run it: needs root")
    shared = hub.shared_env()
    home = hub.add_user(OWNER, [])
    project = home / "mystory"
    project.mkdir()
    for name in ("course", "deploy"):
        shutil.copytree(hub.ROOT / name, project / name, ignore=shutil.ignore_patterns(
            "release", "submitted*", "autograded", "feedback", "gradebook.db", "__pycache__"))
    shutil.copytree(hub.chp().parents[2], project / ".hub", symlinks=True)  # npm's proxy
    subprocess.run(["chown", "-R", f"{OWNER}:{OWNER}", str(project)], check=True)
    port = free_port()
    log = open(tmp_path_factory.mktemp("workshop") / "workshop.log", "w", buffering=1)  # noqa: SIM115
    env = {"HOME": str(home), "USER": OWNER, "LANG": "C.UTF-8",
           "PATH": f"{shared / 'bin'}:/usr/bin:/bin"}
    proc = subprocess.Popen(
        ["runuser", "-u", OWNER, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()),
         str(shared / "bin" / "mystory"), "workshop", "--port", str(port),
         "--facilitator", "fran"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/hub/login")
        yield {"base": base, "project": project, "log": Path(log.name)}
    finally:
        subprocess.run(["pkill", "-TERM", "-u", OWNER], capture_output=True)
        time.sleep(2)
        proc.kill()
        log.close()
        (hub.ROOT / "test-artifacts").mkdir(exist_ok=True)
        shutil.copy(log.name, hub.ROOT / "test-artifacts" / "workshop.log")
        hub.remove_user(OWNER)


def sign_up(browser, base: str, name: str, password: str):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(base + "/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    return context, page


def test_a_room_of_learners_each_with_their_own_folder(browser, workshop) -> None:
    base, project = workshop["base"], workshop["project"]
    homes = project / ".hub" / "workshop" / "homes"
    # What `make open MODULE=00-welcome` runs, from the project folder.
    opened = hub.run_as(OWNER, "mystory", "release", MODULE, "--course", "course",
                        "--exchange", ".hub/workshop/exchange", cwd=project)
    assert "Released 00-welcome" in opened.stdout
    said = workshop["log"].read_text()
    assert "On your phone, open  http://" in said and "new password" in said

    for name, words in (("amy", "I am Amy. I grow tomatoes on my balcony."),
                        ("ben", "I am Ben. I fix bikes for the youth club.")):
        context, page = sign_up(browser, base, name, f"{name}-pass-123")
        card = page.locator(f".mystory-card-{MODULE}")
        card.wait_for(timeout=120_000)
        card.get_by_role("button", name="Get Module 1").click()
        card.get_by_role("link", name="Start").click()
        story = page.get_by_label(
            "Who are you, and what do you care about, at work and outside it?")
        story.fill(words)
        page.locator(".mystory-saved").first.wait_for(timeout=30_000)
        context.close()
        saved = json.loads((homes / name / MODULE / "welcome.answers.json").read_text())
        assert saved["answers"]["welcome-care-about"]["value"] == words

    # A wrong password for an existing name is refused: answers stay their owner's.
    context, page = sign_up(browser, base, "amy", "not-amys-password")
    expect(page.get_by_text("Invalid username or password")).to_be_visible(timeout=30_000)
    context.close()

    # The facilitator gets JupyterLab, and formgrader sees the project's course.
    context, page = sign_up(browser, base, "fran", "fran-pass-123")
    page.wait_for_url("**/user/fran/lab**", timeout=120_000)
    listed = page.request.get(f"{base}/user/fran/formgrader/api/assignments").json()
    assert MODULE in [a["name"] for a in listed]
    context.close()
    assert sorted(p.name for p in homes.iterdir()) == ["amy", "ben", "fran"]
