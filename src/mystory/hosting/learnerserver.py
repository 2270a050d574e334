"""A learner's own server on the hub answers only what the course's pages need.

A Jupyter Server extension, loaded only on learners' servers (``share/hub/learner``). A gate in
front of every other handler refuses any address not on a short list (Voila's pages of the
course's own notebooks and their files, the page's kernel socket, closing a page's kernel,
feedback pages, the hub's sign-in); the kernel manager keeps few kernels per module folder;
the authorizer refuses anything else a handler asks about. The kernel socket lets through only
the widget messages the pages send, as standalone Voila does (its ``allowed_message_types``).
"""

from __future__ import annotations

import asyncio
import posixpath
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qsl, unquote

from jupyter_server.auth import Authorizer
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from tornado.httputil import HTTPServerRequest
from tornado.routing import Matcher, PathMatches, Rule
from traitlets import Int, default

from ..singleuser import HOME_NOTEBOOK, packaged_home
from .exchange import COURSE_ID, exchange_root

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
NAME = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
# What a learner's browser may ask for, relative to the server's base URL (/user/<name>/).
READ = re.compile("|".join([
    r"",  # the hub sends people here; the server redirects to the course home
    r"api",  # the server's version: JupyterHub checks the server is up with it
    r"oauth_callback", r"logout",  # signing in and out through the hub
    r"static/.+",  # Jupyter Server's own files
    r"voila/(static|templates|labextensions|api/themes)/.+",  # Voila's page files
    rf"voila/render/(?P<notebook>{NAME}(/{NAME})?\.ipynb)",  # checked: the course's own only
    rf"api/kernels/{UUID}(/channels)?",  # the page's kernel and its socket (messages filtered)
    rf"files/{NAME}/feedback/[^/.][^/]*/{NAME}\.html",  # feedback the facilitator returned
]))
WRITE = re.compile("|".join([
    rf"voila/api/shutdown/{UUID}",  # a closed page frees its kernel
    rf"voila/render/{HOME_NOTEBOOK}",  # the course home's steps (homepage.py checks _xsrf)
]))
# What Voila's page sends down the kernel socket: widget messages and the kernel's details.
PAGE_MESSAGES = ("comm_open", "comm_msg", "comm_close", "comm_info_request",
                 "kernel_info_request")


def course_notebooks(root: Path, exchange: Path | None) -> dict[str, bytes]:
    """Notebook path -> the bytes the course released for it (the home, the fetched modules)."""
    released = {HOME_NOTEBOOK: packaged_home().read_bytes()}
    if exchange is not None:
        outbound = exchange / COURSE_ID / "outbound"
        for notebook in outbound.glob("*/*.ipynb"):
            released[notebook.relative_to(outbound).as_posix()] = notebook.read_bytes()
    return released


def is_course_notebook(path: str, root: Path, exchange: Path | None) -> bool:
    """True when `path` in the learner's folder is exactly a notebook the course released.

    A notebook the learner wrote or changed (same name, other content) is never rendered: Voila
    would run it.
    """
    parts = PurePosixPath(path).parts
    if not parts or any(part.startswith(".") for part in parts):
        return False
    released = course_notebooks(root, exchange).get("/".join(parts))
    mine = root.joinpath(*parts)
    try:
        return released is not None and not mine.is_symlink() and mine.read_bytes() == released
    except OSError:
        return False


def allowed(method: str, path: str, query: str, root: Path, exchange: Path | None) -> bool:
    """True when a learner's browser may make this request (path relative to the base URL)."""
    if method in ("GET", "HEAD"):
        found = READ.fullmatch(path)
        if found is None:
            return False
        notebook = found.group("notebook")
        if notebook is None:
            return True
        # Voila lets a query choose another template or theme: not for the course's pages. The
        # course's own `lang` (a language link on the home) names only a language it offers.
        asks = {key for key, _ in parse_qsl(query, keep_blank_values=True)}
        return asks <= {"redirects", "lang"} and is_course_notebook(notebook, root, exchange)
    return method == "POST" and WRITE.fullmatch(path) is not None


class CoursePaths(Matcher):
    """Matches every request the learner's browser may not make (the gate sends them away)."""

    def __init__(self, base_url: str, root: Path, exchange: Path | None) -> None:
        stripped = base_url.strip("/")
        self.base_url = f"/{stripped}/" if stripped else "/"
        self.root, self.exchange = root, exchange

    def match(self, request: HTTPServerRequest) -> dict[str, Any] | None:
        path = unquote(request.path)
        if path == self.base_url.rstrip("/"):
            relative = ""
        elif path.startswith(self.base_url):
            relative = path[len(self.base_url):]
        else:
            return {}
        ok = allowed(request.method or "", relative, request.query, self.root, self.exchange)
        return None if ok else {}


class Refused(web.RequestHandler):
    """The answer to anything a learner's browser may not ask for."""

    def prepare(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("This address is not part of the course. Go back to the course home.")


class CourseAuthorizer(Authorizer):
    """Refuses every action but using a page's kernel and reading the learner's own files."""

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        return (resource, action) in {("kernels", "execute"), ("kernels", "read"),
                                      ("contents", "read")}


class CappedKernelManager(AsyncMappingKernelManager):
    """At most `max_per_folder` kernels per module folder: a new page stops the oldest one.

    A learner reloading a page, or asking for it many times at once, never holds more.
    """

    max_per_folder = Int(2, config=True, help="Kernels kept per module folder.")

    @default("allowed_message_types")
    def _page_messages_only(self) -> list[str]:
        return list(PAGE_MESSAGES)  # nothing that runs, inspects or completes code

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._folders: dict[str, str] = {}  # kernel id -> folder, oldest first
        self._starting: dict[str, asyncio.Lock] = {}

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        folder = str(kwargs.get("path") or "")
        async with self._starting.setdefault(folder, asyncio.Lock()):
            await self.make_room(folder)
            kernel_id = await super().start_kernel(*args, **kwargs)
            self._folders[kernel_id] = folder
            return kernel_id

    async def make_room(self, folder: str) -> None:
        """Stop the oldest kernels of `folder` until one more fits."""
        mine = [kid for kid, where in self._folders.items() if where == folder]
        for kernel_id in mine[:max(0, len(mine) - self.max_per_folder + 1)]:
            self._folders.pop(kernel_id, None)
            if kernel_id in self:
                await self.shutdown_kernel(kernel_id, now=True)

    def remove_kernel(self, kernel_id: str) -> Any:
        self._folders.pop(kernel_id, None)
        return super().remove_kernel(kernel_id)


def course_page_handler() -> type:
    """Voila's page handler, building one page of a module folder at a time.

    So when a new page makes room by stopping the folder's oldest kernel, that kernel's page is
    already built (Voila would wait for ever on a kernel stopped in the middle of a page).
    """
    from voila.tornado.handler import TornadoVoilaHandler

    class CoursePage(TornadoVoilaHandler):  # type: ignore[misc]
        building: dict[str, asyncio.Lock] = {}

        @web.authenticated
        async def get(self, path: str | None = None) -> None:
            folder = posixpath.dirname(path or "")
            async with self.building.setdefault(folder, asyncio.Lock()):
                await super().get(path)

    return CoursePage


def voila_page_settings(serverapp: Any) -> dict[str, Any]:
    """What Voila's server extension gives its page handler, made the way Voila makes it."""
    from voila.configuration import VoilaConfiguration
    from voila.paths import collect_template_paths
    from voila.server_extension import load_config_file

    voila = VoilaConfiguration(parent=serverapp)
    local = load_config_file()
    if local is not None:
        voila.update_config(local)
    return {"config": serverapp.config, "voila_configuration": voila,
            "template_paths": collect_template_paths(["voila", "nbconvert"], voila.template)}


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "mystory.hosting.learnerserver"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Put the gate, then the course's page handler, in front of every other handler."""
    router = serverapp.web_app.default_router
    root = Path(serverapp.root_dir).expanduser()
    gate = CoursePaths(serverapp.base_url, root, exchange_root())
    # The course home is written without a kernel (mystory/homepage.py): leave it to that handler.
    pages = PathMatches(re.escape(gate.base_url)
                        + rf"voila/render/(?!{re.escape(HOME_NOTEBOOK)}$)(.*)")
    router.rules[0:0] = [router.process_rule(Rule(gate, Refused)),
                         router.process_rule(Rule(pages, course_page_handler(),
                                                  voila_page_settings(serverapp)))]
    serverapp.log.info("MyStory: this learner's server serves the course's pages only.")
