"""``mystory-singleuser``: a learner's or facilitator's own Jupyter server under JupyterHub.

The hub starts it in place of ``jupyterhub-singleuser`` (``Spawner.cmd``). It puts the course
home in the person's folder, adds the course's Voila template and server settings
(``mystory/share/hub``), then runs ``jupyterhub-singleuser``. ``MYSTORY_ROLE=facilitator``
(set by the hub for facilitators) opens JupyterLab with formgrader; anyone else lands on the
course home in Voila, on a server that serves only the course's own pages
(``mystory.hosting.learnerserver``) and reads no settings from the learner's folder.
Facilitators' pages may be framed by the hub's own origin (``frame-ancestors 'self'``) so
formgrader shows inside JupyterLab; learners' pages may frame nothing and be framed by nothing,
and run no inline script.
"""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from .hosting import use_short_runtime_dir
from .hosting.leanstart import skip_unused_imports

HOME_NOTEBOOK = "home.ipynb"
FORKSERVER_FLAG = "--forkserver"  # hosting/forkserver.py


def share() -> Path:
    return Path(str(resources.files("mystory") / "share"))


def packaged_home() -> Path:
    """The course home notebook shipped with the package (a copy of course/home.ipynb)."""
    return share() / "course" / HOME_NOTEBOOK


def ensure_home(folder: Path) -> Path:
    """Put the current course home in `folder` (it holds no answers, so it is replaced)."""
    target = folder / HOME_NOTEBOOK
    new = packaged_home().read_bytes()
    if not target.is_file() or target.read_bytes() != new:
        tmp = target.with_name(f".{HOME_NOTEBOOK}.tmp")
        tmp.write_bytes(new)
        os.replace(tmp, target)
    return target


def environment(role: str, env: dict[str, str] | None = None) -> dict[str, str]:
    """The server's environment: the course template and this role's settings come first."""
    env = dict(os.environ if env is None else env)
    hub = share() / "hub"
    config = [hub / "facilitator"] if role == "facilitator" else [hub / "learner"]
    config.append(hub / "common")

    def prepend(name: str, folders: list[Path]) -> None:
        env[name] = os.pathsep.join([*map(str, folders),
                                     *filter(None, env.get(name, "").split(os.pathsep))])

    prepend("JUPYTER_PATH", [share()])
    prepend("JUPYTER_CONFIG_PATH", config)
    if role != "facilitator":  # no settings or extensions from the learner's own folder
        env["JUPYTERHUB_DISABLE_USER_CONFIG"] = "1"
    return use_short_runtime_dir(env)  # kernels talk over Unix sockets: short paths


def main(argv: list[str] | None = None) -> None:
    """Set up the person's folder and settings, then run ``jupyterhub-singleuser``.

    ``mystory-singleuser --forkserver`` runs the hub's forkserver instead (hosting/forkserver.py).
    """
    args = sys.argv[1:] if argv is None else argv
    if args == [FORKSERVER_FLAG]:
        from .hosting.forkserver import serve

        serve(main)
        return
    role = os.environ.get("MYSTORY_ROLE", "learner")
    if role != "facilitator":
        ensure_home(Path.cwd())
    os.environ.update(environment(role))  # it only adds to the environment it is given
    # In this process rather than a new one: the same server, started in half the time.

    skip_unused_imports()
    from jupyterhub.singleuser import main as singleuser

    sys.argv = [sys.argv[0], *args]
    singleuser()


if __name__ == "__main__":
    main()
