"""`make workshop`: JupyterHub on a facilitator's laptop, without root, for a room of phones.

The laptop's owner is an ordinary Unix account here. The facilitator's password exists before
the room opens (`mystory workshop` makes one and prints it, as it does with nobody at the
terminal); learners choose a password when they first sign in; each gets a folder of their own;
the facilitator opens Module 1 with `make open`. Then a learner in the room tries what an
attacker would: sign in as the facilitator or a classmate, hand in under a classmate's name,
and use their own server for more than the course.
"""

from __future__ import annotations

import json
import re
import shutil
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import hub
from tests.browser import free_port, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(900)]

OWNER = "mst-host"
MODULE = "00-welcome"
STORY = "Who are you, and what do you care about, at work and outside it?"


def copy_project(home: Path, name: str) -> Path:
    """The course and deploy/ folders in the owner's home, as a facilitator's checkout."""
    project = home / name
    project.mkdir()
    for folder in ("course", "deploy"):
        shutil.copytree(hub.ROOT / folder, project / folder, ignore=shutil.ignore_patterns(
            "release", "submitted*", "autograded", "feedback", "gradebook.db", "__pycache__"))
    shutil.copytree(hub.chp().parents[2], project / ".hub", symlinks=True)  # npm's proxy
    subprocess.run(["chown", "-R", f"{OWNER}:{OWNER}", str(project)], check=True)
    return project


def start_workshop(home: Path, project: Path, log_path: Path, *extra: str,
                   env: dict[str, str] | None = None) -> subprocess.Popen:
    """`mystory workshop` as the owner, with nobody at the terminal (stdin is not a TTY)."""
    shared = hub.SHARED
    environment = {"HOME": str(home), "USER": OWNER, "LANG": "C.UTF-8",
                   "PATH": f"{shared / 'bin'}:/usr/bin:/bin", **(env or {})}
    log = open(log_path, "w", buffering=1)  # noqa: SIM115 - closed by the caller's proc.wait
    return subprocess.Popen(
        ["runuser", "-u", OWNER, "--", "env", "-i",
         *(f"{k}={v}" for k, v in environment.items()),
         str(shared / "bin" / "mystory"), "workshop", *extra],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    if not hub.is_root():
        pytest.skip("the workshop test makes an ordinary Unix account to run it: needs root")
    hub.shared_env()
    home = hub.add_user(OWNER, [])
    project = copy_project(home, "mystory")
    port = free_port()
    log_path = tmp_path_factory.mktemp("workshop") / "workshop.log"
    proc = start_workshop(home, project, log_path, "--port", str(port), "--facilitator", "fran")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/hub/login")
        said = log_path.read_text()  # printed before the hub started
        password = re.search(r"sign in as 'fran' with the password  (\S+)", said).group(1)
        yield {"base": base, "project": project, "log": log_path, "home": home,
               "fran": password}
    finally:
        subprocess.run(["pkill", "-TERM", "-u", OWNER], capture_output=True)
        stop(proc)
        (hub.ROOT / "test-artifacts").mkdir(exist_ok=True)
        shutil.copy(log_path, hub.ROOT / "test-artifacts" / "workshop.log")
        hub.remove_user(OWNER)


def sign_up(browser, base: str, name: str, password: str):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(base + "/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    return context, page


def refused(browser, base: str, name: str, password: str) -> None:
    """Signing in as `name` with `password` is refused: the hub says so, no server starts."""
    context, page = sign_up(browser, base, name, password)
    expect(page.get_by_text("Invalid username or password")).to_be_visible(timeout=30_000)
    assert "/hub/login" in page.url
    context.close()


def open_module(browser, base: str, name: str, password: str):
    """A learner signs in (claiming the name the first time), gets Module 1 and opens it."""
    context, page = sign_up(browser, base, name, password)
    card = page.locator(f".mystory-card-{MODULE}")
    card.wait_for(timeout=120_000)
    if card.get_by_role("button", name="Get Module 1").count():
        card.get_by_role("button", name="Get Module 1").click()
    card.get_by_role("link", name="Start").click()
    page.get_by_label(STORY).wait_for(timeout=60_000)
    return context, page


def release_module_0(project: Path) -> None:
    if (project / ".hub" / "workshop" / "exchange" / "mystory" / "outbound" / MODULE).is_dir():
        return  # opened already, by an earlier test
    # What `make open MODULE=00-welcome` runs, from the project folder.
    opened = hub.run_as(OWNER, "mystory", "release", MODULE, "--course", "course",
                        "--exchange", ".hub/workshop/exchange", cwd=project)
    assert "Released 00-welcome" in opened.stdout


def test_nobody_takes_the_facilitators_name_before_or_after_them(browser, workshop) -> None:
    base = workshop["base"]
    said = workshop["log"].read_text()
    assert "write it down" in said and "plain HTTP" in said
    # Before the facilitator has ever signed in, a learner tries their name (and its capitals).
    refused(browser, base, "fran", "my-own-password")
    refused(browser, base, "FRAN", "my-own-password")
    # The facilitator signs in with the password printed at the start: JupyterLab.
    context, page = sign_up(browser, base, "fran", workshop["fran"])
    page.wait_for_url("**/user/fran/lab**", timeout=120_000)
    context.close()
    refused(browser, base, "fran", "my-own-password")


def test_a_learners_name_once_claimed_is_theirs(browser, workshop) -> None:
    base = workshop["base"]
    context, page = sign_up(browser, base, "cat", "cats-pass-123")
    page.wait_for_url("**/user/cat/**", timeout=120_000)
    context.close()
    refused(browser, base, "cat", "not-cats-password")
    refused(browser, base, "Cat", "not-cats-password")
    context, page = sign_up(browser, base, "cat smith", "any-pass-123")  # a name with a space
    expect(page.get_by_text("small letters and numbers")).to_be_visible(timeout=30_000)
    context.close()


def test_a_room_of_learners_each_with_their_own_folder(browser, workshop) -> None:
    base, project = workshop["base"], workshop["project"]
    homes = project / ".hub" / "workshop" / "homes"
    release_module_0(project)
    said = workshop["log"].read_text()
    assert "On your phone, open  http://" in said and "new password" in said

    for name, words in (("amy", "I am Amy. I grow tomatoes on my balcony."),
                        ("ben", "I am Ben. I fix bikes for the youth club.")):
        context, page = open_module(browser, base, name, f"{name}-pass-123")
        page.get_by_label(STORY).fill(words)
        page.locator(".mystory-saved").first.wait_for(timeout=30_000)
        context.close()
        saved = json.loads((homes / name / MODULE / "welcome.answers.json").read_text())
        assert saved["answers"]["welcome-care-about"]["value"] == words

    # A wrong password for an existing name is refused: answers stay their owner's.
    refused(browser, base, "amy", "not-amys-password")

    # The facilitator gets JupyterLab, and formgrader sees the project's course.
    context, page = sign_up(browser, base, "fran", workshop["fran"])
    page.wait_for_url("**/user/fran/lab**", timeout=120_000)
    listed = page.request.get(f"{base}/user/fran/formgrader/api/assignments").json()
    assert MODULE in [a["name"] for a in listed]
    context.close()
    assert {"amy", "ben", "fran"} <= {p.name for p in homes.iterdir()}


def test_a_hand_in_under_a_classmates_name_is_not_collected(browser, workshop) -> None:
    base, project = workshop["base"], workshop["project"]
    release_module_0(project)
    words = "I am Dee. I run the Tuesday coffee morning."
    context, page = open_module(browser, base, "dee", "dees-pass-123")
    page.get_by_label(STORY).fill(words)
    page.locator(".mystory-saved").first.wait_for(timeout=30_000)
    page.get_by_role("link", name="Course home", exact=True).click()
    card = page.locator(f".mystory-card-{MODULE}")
    card.get_by_role("button", name="Hand in Module 1").click()
    card.get_by_text("Handed in at").wait_for(timeout=60_000)
    context.close()
    # Everyone's server is the owner's account: a learner who ran code there could write a
    # newer hand-in under Dee's name straight into the exchange.
    inbound = project / ".hub" / "workshop" / "exchange" / "mystory" / "inbound"
    [genuine] = inbound.glob(f"dee+{MODULE}+*")
    forged = inbound / f"dee+{MODULE}+2099-01-01 00:00:00.000000 UTC+forged"
    hub.run_as(OWNER, "cp", "-r", str(genuine), str(forged))
    (forged / "welcome.answers.json").write_text('{"schema": 2, "answers": {}}')
    subprocess.run(["chown", "-R", f"{OWNER}:{OWNER}", str(forged)], check=True)
    collected = hub.run_as(OWNER, "mystory", "collect", MODULE, "--exchange",
                           ".hub/workshop/exchange", cwd=project)
    assert f"Refused the hand-in '{forged.name}'" in collected.stdout, collected.stdout
    assert "not made by dee's own server" in collected.stdout
    kept = project / "course" / "submitted" / "dee" / MODULE / "welcome.answers.json"
    assert json.loads(kept.read_text())["answers"]["welcome-care-about"]["value"] == words


REFUSED = (403, 404)
# Sent down the page's own kernel socket from the learner's browser: code to run, then a
# kernel_info_request whose reply says every earlier message has been dealt with.
SOCKET_ATTACK = """async ({url, code}) => {
  const ws = new WebSocket(url);
  const sent = {}, got = [];
  const send = (type, content) => {
    const id = crypto.randomUUID();
    sent[id] = type;
    ws.send(JSON.stringify({channel: 'shell', content, metadata: {}, buffers: [],
      parent_header: {}, header: {msg_id: id, msg_type: type, username: 'eve',
      session: 'attack', date: new Date().toISOString(), version: '5.3'}}));
  };
  await new Promise((ok, bad) => { ws.onopen = ok; ws.onerror = bad; });
  return await new Promise(done => {
    ws.onclose = () => done(got);
    ws.onmessage = event => {
      const msg = JSON.parse(event.data);
      const asked = sent[(msg.parent_header || {}).msg_id];
      if (!asked) return;
      got.push(asked + ' -> ' + msg.header.msg_type);
      if (msg.header.msg_type === 'kernel_info_reply') { ws.close(); done(got); }
    };
    send('execute_request', {code, silent: false, store_history: false, user_expressions: {},
                             allow_stdin: false, stop_on_error: true});
    send('kernel_info_request', {});
  });
}"""


@pytest.fixture(scope="module")
def eve(browser, workshop):
    """Eve, a learner in the room, signed in with Module 1 open: her context, page and folder.

    Module 1 is put in her folder as "Get Module 1" would (a copy of the released module), so
    these attacks do not hang on the course home's own flow, tried above.
    """
    base, project = workshop["base"], workshop["project"]
    release_module_0(project)
    home = project / ".hub" / "workshop" / "homes" / "eve"
    context, page = sign_up(browser, base, "eve", "eves-pass-123")
    page.wait_for_url("**/user/eve/**", timeout=120_000)
    released = project / ".hub" / "workshop" / "exchange" / "mystory" / "outbound" / MODULE
    hub.run_as(OWNER, "cp", "-r", str(released), str(home / MODULE))
    page.goto(f"{base}/user/eve/voila/render/{MODULE}/welcome.ipynb")
    page.get_by_label(STORY).wait_for(timeout=120_000)
    yield {"context": context, "page": page, "me": f"{base}/user/eve", "home": home}
    context.close()


def xsrf(context) -> dict[str, str]:
    token = next((c["value"] for c in context.cookies()
                  if c["name"] == "_xsrf" and c["path"].startswith("/user/eve")), "")
    return {"X-XSRFToken": token}


def test_a_learner_starts_no_kernel_and_writes_no_notebook(eve) -> None:
    """Items 1 and 2 of issue 14, in a workshop: the kernels and contents APIs refuse Eve."""
    me, request = eve["me"], eve["context"].request
    assert request.post(f"{me}/api/kernels", headers=xsrf(eve["context"]),
                        data={"name": "python3"}).status in REFUSED
    notebook = {"type": "notebook", "content": {"cells": [], "metadata": {}, "nbformat": 4,
                                                "nbformat_minor": 5}}
    assert request.put(f"{me}/api/contents/evil.ipynb", headers=xsrf(eve["context"]),
                       data=notebook).status in REFUSED
    assert not (eve["home"] / "evil.ipynb").exists()


def test_the_pages_kernel_socket_runs_no_code_of_the_learners(eve) -> None:
    """Item 3: Eve's code sent down her module page's own kernel socket never runs (in a
    workshop it would run as the laptop owner, with every learner's folder in reach)."""
    page = eve["page"]
    kernel = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data')"
                           ".textContent).kernelId")
    ran = eve["home"] / "ran-on-the-socket"
    url = eve["me"].replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
    answers = page.evaluate(SOCKET_ATTACK, {"url": url,
                                            "code": f"open({str(ran)!r}, 'w').write('ran')"})
    assert "execute_request -> execute_reply" not in answers, answers
    assert not ran.exists()


def test_the_hub_speaks_https_with_the_organisations_certificate(workshop, tmp_path) -> None:
    home = workshop["home"]
    project = copy_project(home, "mystory-tls")
    cert, key = project / "room.pem", project / "room.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    subprocess.run(["chown", f"{OWNER}:{OWNER}", str(cert), str(key)], check=True)
    port = free_port()
    proc = start_workshop(home, project, tmp_path / "tls.log", "--port", str(port),
                          "--ssl-cert", str(cert), "--ssl-key", str(key),
                          env={"FACILITATOR_PASSWORD": "room-password-1"})
    try:
        trusted = ssl.create_default_context(cafile=str(cert))
        deadline = time.monotonic() + 120
        while True:  # until the hub answers over HTTPS (or the time is up)
            try:
                with urllib.request.urlopen(f"https://localhost:{port}/hub/login",
                                            context=trusted, timeout=5) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        said = (tmp_path / "tls.log").read_text()
        assert "open  https://" in said and "plain HTTP" not in said
        assert "password in FACILITATOR_PASSWORD" in said
        with pytest.raises(OSError):  # no plain HTTP on the same port
            urllib.request.urlopen(f"http://localhost:{port}/hub/login", timeout=10)
    finally:
        stop(proc)
