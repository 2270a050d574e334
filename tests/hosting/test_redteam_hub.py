"""A learner tries to break the hub (issue 14), with only their own sign-in, through the server.

Dee is a learner on the real hub of tests/hub.py (Unix accounts). She tries what a learner's
browser could do to run code of her own, to reach the facilitator, and to pile up kernels; every
attempt must be refused. What she may do (the course) is tests/test_hub.py.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import hub

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(1500)]

DEE, MODULE = hub.ATTACKER, hub.MODULE
MODULE_PAGE = f"voila/render/{MODULE}/welcome.ipynb"
REFUSED = (403, 404)


def wait_until(done: Callable[[], object], seconds: float, what: str) -> None:
    """Wait for a state (checked often); fail saying what never happened."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {seconds:.0f} s: {what}")
        time.sleep(0.2)


def kernels_of(user: str) -> dict[str, str]:
    """The user's running kernels: kernel id -> the folder it runs in (read from /proc)."""
    uid = int(hub.run_as(user, "id", "-u").stdout)
    found = {}
    for proc in Path("/proc").iterdir():
        try:
            if not proc.name.isdigit() or proc.stat().st_uid != uid:
                continue
            args = (proc / "cmdline").read_bytes().split(b"\0")
            cwd = os.readlink(proc / "cwd")
        except OSError:
            continue
        for arg in args:
            name = Path(arg.decode(errors="replace")).name
            if name.startswith("kernel-") and name.endswith(".json"):
                found[name[len("kernel-"):-len(".json")]] = cwd
    return found


def module_kernels() -> set[str]:
    folder = str(Path(f"/home/{DEE}") / MODULE)
    return {kid for kid, cwd in kernels_of(DEE).items() if cwd == folder}


def xsrf_of(context) -> str:
    """The _xsrf token of Dee's own server (the hub has one of its own, elsewhere)."""
    return next((c["value"] for c in context.cookies()
                 if c["name"] == "_xsrf" and c["path"].startswith(f"/user/{DEE}")), "")


def page_kernel(page) -> str:
    return page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def open_module(page, base: str) -> str:
    """Open Module 1 as Dee; return the page's kernel id."""
    page.goto(f"{base}/user/{DEE}/{MODULE_PAGE}")
    page.wait_for_selector(".mystory-exercise input", timeout=60_000)
    return page_kernel(page)


@pytest.fixture(scope="module")
def dee(browser, hub_site):
    """Dee signed in, with Module 1 fetched and open: her browser context and page."""
    base = hub_site["base"]
    hub.release(hub_site["exchange"])
    context, page = hub.sign_in(browser, base, DEE)
    card = page.locator(f".mystory-card-{MODULE}")
    card.wait_for(timeout=120_000)
    card.get_by_role("button", name="Get Module 1").click()
    card.get_by_role("link", name="Start").click()
    page.wait_for_selector(".mystory-exercise input", timeout=60_000)
    yield {"context": context, "page": page, "base": base, "me": f"{base}/user/{DEE}",
           "home": hub_site["homes"][DEE]}
    context.close()


def test_no_kernels_contents_terminals_or_nbconvert_for_a_learner(dee) -> None:
    """Items 1 and 2: the APIs that start kernels or write notebooks answer nothing."""
    me, request = dee["me"], dee["context"].request
    xsrf = {"X-XSRFToken": xsrf_of(dee["context"])}
    before = set(kernels_of(DEE))
    assert request.post(f"{me}/api/kernels", headers=xsrf,
                        data={"name": "python3"}).status in REFUSED
    evil = {"type": "notebook", "content": {"cells": [], "metadata": {}, "nbformat": 4,
                                            "nbformat_minor": 5}}
    assert request.put(f"{me}/api/contents/evil.ipynb", headers=xsrf,
                       data=evil).status in REFUSED
    assert not (dee["home"] / "evil.ipynb").exists()
    assert request.post(f"{me}/api/sessions", headers=xsrf,
                        data={"path": "x.ipynb", "type": "notebook",
                              "kernel": {"name": "python3"}}).status in REFUSED
    assert request.post(f"{me}/api/terminals", headers=xsrf).status in REFUSED
    for address in ("api/contents", "api/kernels", "api/sessions", "api/kernelspecs",
                    "nbconvert/html/home.ipynb", "lab", "tree", "terminals/1",
                    f"files/{MODULE}/welcome.ipynb", "voila/render/home.ipynb?voila-template=lab",
                    f"voila/tree/{MODULE}", f"voila/files/{MODULE}/welcome.ipynb"):
        assert request.get(f"{me}/{address}").status in REFUSED, address
    assert set(kernels_of(DEE)) <= before  # no kernel started by any of it


def test_a_notebook_the_learner_wrote_never_runs(dee) -> None:
    """Item 2: a notebook in Dee's folder (a shell, a file she saved) is not a course page."""
    home, request = dee["home"], dee["context"].request
    ran = home / "ran-her-notebook"
    code = f"open({str(ran)!r}, 'w').write('ran')"
    notebook = json.dumps({"cells": [{"cell_type": "code", "execution_count": None, "id": "x",
                                      "metadata": {}, "outputs": [], "source": code}],
                           "metadata": {"kernelspec": {"name": "python3",
                                                       "display_name": "Python 3",
                                                       "language": "python"}},
                           "nbformat": 4, "nbformat_minor": 5})
    released = (home / MODULE / "welcome.ipynb").read_text()
    changed = json.loads(released)
    changed["cells"].append(json.loads(notebook)["cells"][0])
    for name, text in (("evil.ipynb", notebook), (f"{MODULE}/evil.ipynb", notebook),
                       (f"{MODULE}/.welcome.ipynb", released),
                       (f"{MODULE}/changed.ipynb", json.dumps(changed))):
        (home / name).write_text(text)
        shutil.chown(home / name, DEE, DEE)
        reply = request.get(f"{dee['me']}/voila/render/{name}")
        assert reply.status in REFUSED, name
        assert "not part of the course" in reply.text()
    assert not ran.exists()


SOCKET_ATTACK = """async ({url, code}) => {
  const ws = new WebSocket(url);
  const sent = {}, got = [];
  let infos = 0;
  const send = (channel, type, content) => {
    const id = crypto.randomUUID();
    sent[id] = type;
    ws.send(JSON.stringify({channel, content, metadata: {}, buffers: [], parent_header: {},
      header: {msg_id: id, msg_type: type, username: 'dee', session: 'redteam',
               date: new Date().toISOString(), version: '5.3'}}));
  };
  await new Promise((ok, bad) => { ws.onopen = ok; ws.onerror = bad; });
  return await new Promise(done => {
    ws.onmessage = event => {
      const msg = JSON.parse(event.data);
      const asked = sent[(msg.parent_header || {}).msg_id];
      if (!asked) return;
      got.push(asked + ' -> ' + msg.header.msg_type);
      if (msg.header.msg_type === 'kernel_info_reply' && ++infos === 2) { ws.close(); done(got); }
    };
    const run = {code, silent: false, store_history: true, user_expressions: {},
                 allow_stdin: false, stop_on_error: true};
    send('shell', 'execute_request', run);
    send('shell', 'inspect_request', {code: 'open', cursor_pos: 4, detail_level: 1});
    send('shell', 'complete_request', {code: 'op', cursor_pos: 2});
    send('shell', 'history_request', {output: true, raw: true, hist_access_type: 'tail', n: 9});
    send('control', 'execute_request', run);
    send('control', 'debug_request', {type: 'request', seq: 1, command: 'evaluate'});
    send('shell', 'kernel_info_request', {});
    send('control', 'kernel_info_request', {});
  });
}"""


def test_the_kernel_socket_passes_only_widget_messages(dee) -> None:
    """Item 3: the page's own kernel id and socket run no code of Dee's."""
    page, home = dee["page"], dee["home"]
    kernel = open_module(page, dee["base"])
    ran = home / "ran-on-the-socket"
    url = (dee["me"].replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
           f"?session_id={uuid.uuid4()}")
    answers = page.evaluate(SOCKET_ATTACK, {"url": url,
                                            "code": f"open({str(ran)!r}, 'w').write('ran')"})
    # Only the kernel's details come back: nothing was run, inspected, completed or listed.
    assert answers.count("kernel_info_request -> kernel_info_reply") == 2, answers
    assert all(answer.startswith("kernel_info_request ->") for answer in answers), answers
    assert not ran.exists()


LEARNER_SCRIPT = (
    "<p>My notes</p>"
    "<script>document.documentElement.dataset.learnerScript = 'ran';"
    "const f = document.createElement('iframe'); f.id = 'stolen';"
    f"f.src = '/user/{hub.FACILITATOR}/lab'; document.body.appendChild(f);</script>"
    "<img src='nowhere.png' alt='' "
    "onerror=\"document.documentElement.dataset.learnerImage = 'ran'\">"
)


def test_a_learner_script_never_runs_in_the_facilitators_browser(browser, hub_site, dee) -> None:
    """Item 6: a script in an output Dee controls, opened by the facilitator (a hub admin).

    The course escapes what learners write; this page shows Dee's file as HTML on purpose, as a
    bug in a course page would, so that only the page's Content-Security-Policy stands between
    her script and the facilitator.
    """
    exchange, home, base = hub_site["exchange"], dee["home"], hub_site["base"]
    page_cells = [
        {"cell_type": "code", "execution_count": None, "id": "show", "metadata": {},
         "outputs": [], "source": "from pathlib import Path\nfrom IPython.display import HTML\n"
                                  "HTML(Path('notes.html').read_text())"},
        {"cell_type": "code", "execution_count": None, "id": "end", "metadata": {},
         "outputs": [], "source": "HTML('<p class=\"redteam-end\">End of the page</p>')"}]
    notebook = json.dumps({"cells": page_cells, "metadata": {"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5})
    released = exchange / "mystory" / "outbound" / "zz-redteam"
    mine = home / "zz-redteam"
    for folder, owner in ((released, "root"), (mine, DEE)):
        folder.mkdir(exist_ok=True)
        (folder / "notes.ipynb").write_text(notebook)
        for path in (folder, folder / "notes.ipynb"):
            path.chmod(0o755 if path.is_dir() else 0o644)
            shutil.chown(path, owner, owner)
    (mine / "notes.html").write_text(LEARNER_SCRIPT)
    shutil.chown(mine / "notes.html", DEE, DEE)
    try:
        context, page = hub.sign_in(browser, base, hub.FACILITATOR)
        page.wait_for_url(f"**/user/{hub.FACILITATOR}/lab**", timeout=120_000)
        refused = []
        page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m))
        address = f"{base}/user/{DEE}/voila/render/zz-redteam/notes.ipynb"
        page.goto(address)
        if "/oauth2/authorize" in page.url:  # the hub asks an admin before opening another's
            page.get_by_role("button", name="Authorize").click()
        page.locator(".redteam-end").wait_for(timeout=60_000)
        assert "My notes" in page.content()  # her output is on the page...
        wait_until(lambda: len(refused) >= 2, 30, "the browser refusing her script and handler")
        # ...but her script and her image's handler never ran, and framed nothing.
        marks = page.evaluate("() => Object.assign({}, document.documentElement.dataset)")
        assert "learnerScript" not in marks and "learnerImage" not in marks, marks
        assert page.locator("#stolen").count() == 0
        assert not any(f"/user/{hub.FACILITATOR}/" in frame.url for frame in page.frames)
        policy = page.request.get(address).headers.get("content-security-policy", "")
        script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
        assert script_src.split() == ["script-src", "'self'"], policy
        assert "frame-src 'none'" in policy and "frame-ancestors 'none'" in policy, policy
        context.close()
    finally:
        shutil.rmtree(released, ignore_errors=True)
        shutil.rmtree(mine, ignore_errors=True)


def test_no_kernel_for_the_signed_out_and_few_per_module(dee) -> None:
    """Item 9: a request without signing in starts nothing; a burst of requests leaves two."""
    context, me = dee["context"], dee["me"]
    before = set(kernels_of(DEE))
    asked = urllib.request.Request(f"{me}/{MODULE_PAGE}", headers={"Accept": "text/html"})
    with urllib.request.urlopen(asked) as reply:  # signed out
        assert "/hub/login" in reply.url
    assert set(kernels_of(DEE)) <= before

    # Five requests for the module page at once (a learner's reloads, or a script).
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())

    pages: list[bytes] = []

    def ask() -> None:
        request = urllib.request.Request(f"{me}/{MODULE_PAGE}",
                                         headers={"Cookie": cookies, "Accept": "text/html"})
        with urllib.request.urlopen(request, timeout=300) as reply:
            pages.append(reply.read())

    askers = [threading.Thread(target=ask) for _ in range(5)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    # Every page came whole (its last script is there): none was cut short by another.
    assert len(pages) == 5 and all(b"mystory-shown.js" in page for page in pages)
    wait_until(lambda: len(module_kernels()) <= 2, 30,
               f"at most 2 kernels for {MODULE}, not {len(module_kernels())}")


def test_a_closed_or_reloaded_page_frees_its_kernel(dee) -> None:
    """Item 9: Voila's own goodbye is refused for want of _xsrf; the course's page sends it."""
    context, base = dee["context"], dee["base"]
    page = context.new_page()
    closed = open_module(page, base)
    assert closed in module_kernels()
    page.close(run_before_unload=True)
    wait_until(lambda: closed not in module_kernels(), 20, "the closed page's kernel stopping")
    page = context.new_page()
    reloaded = open_module(page, base)
    page.reload()
    page.wait_for_selector(".mystory-exercise input", timeout=60_000)
    wait_until(lambda: reloaded not in module_kernels(), 20, "the reloaded page's kernel stopping")
    assert page_kernel(page) in module_kernels()  # the new page keeps its own
    page.close()


def test_no_page_asks_any_host_but_the_course_server(browser, hub_site, dee) -> None:
    """Item 10: every request of every page a learner or facilitator opens stays on the hub."""
    base = hub_site["base"]
    hosts: set[str] = set()

    def record(context) -> None:
        context.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    context, page = hub.sign_in(browser, base, DEE)
    record(context)
    page.locator(f".mystory-card-{MODULE}").wait_for(timeout=60_000)
    open_module(page, base)
    page.goto(f"{base}/hub/home")
    page.wait_for_load_state("networkidle")
    context.close()

    context, page = hub.sign_in(browser, base, hub.FACILITATOR)
    record(context)
    page.wait_for_url(f"**/user/{hub.FACILITATOR}/lab**", timeout=120_000)
    page.locator("#jp-main-dock-panel").wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    me = f"{base}/user/{hub.FACILITATOR}"
    page.goto(f"{me}/formgrader")
    page.get_by_text("Manage Assignments").first.wait_for(timeout=60_000)
    page.goto(f"{me}/nbconvert/html/course/source/{MODULE}/welcome.ipynb?download=false")
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/hub/admin")
    page.wait_for_load_state("networkidle")
    context.close()
    assert hosts == {urlsplit(base).netloc}, hosts
