"""The ``mystory`` command: build the course, make a learner workspace, serve it with Voila."""

from __future__ import annotations

import argparse
import os
import sys
from importlib import resources
from pathlib import Path

DEFAULT_PORT = 8866
# Preheated kernels per notebook (Voila's own pool). A learner then waits about 0.5 s instead of
# about 1.5 s. Pages read the answer files when the learner arrives, not when preheated.
DEFAULT_POOL_SIZE = 1
WIDGET_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8")
# A closed page's kernel is stopped after this many seconds without a connection (Voila never
# frees it by itself: voila-dashboards/voila#1458).
CULL_IDLE_SECONDS = 300
CULL_INTERVAL_SECONDS = 60


def project_root(start: Path | None = None) -> Path:
    """The folder holding course/nbgrader_config.py, searching upwards from `start`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "course" / "nbgrader_config.py").is_file():
            return folder
    raise SystemExit("Could not find the course: run this inside the MyStory project folder "
                     "(the one with course/nbgrader_config.py).")


def template_root() -> Path:
    """The Jupyter data folder that holds the course's Voila template."""
    return Path(str(resources.files("mystory") / "share"))


def voila_command(workspace: Path, port: int, ip: str = "localhost",
                  cull_idle: int = CULL_IDLE_SECONDS, cull_interval: int = CULL_INTERVAL_SECONDS,
                  pool_size: int = DEFAULT_POOL_SIZE) -> list[str]:
    """The Voila command line that serves a learner workspace as the course."""
    pool = ["--preheat_kernel=True", f"--pool_size={pool_size}"] if pool_size > 0 else []
    return [
        sys.executable, "-m", "voila", str(workspace),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--template=mystory",
        "--theme=light",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.classic_tree=True",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        "--MappingKernelManager.cull_connected=False",
        *pool,
        # Only the widgets are needed in the page; other installed lab extensions (nbgrader's,
        # say) fail outside JupyterLab and slow the page down.
        *(f"--VoilaConfiguration.extension_allowlist={name}" for name in WIDGET_EXTENSIONS),
    ]


def voila_env() -> dict[str, str]:
    """The environment for Voila: the course template on JUPYTER_PATH."""
    env = dict(os.environ)
    paths = [str(template_root()), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    return env


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildError, build

    try:
        build(project_root(), modules=args.modules or None)
    except BuildError as err:
        print(f"mystory build: {err}", file=sys.stderr)
        return 1
    print("Built exercises/ and solutions/ from course/source.")
    return 0


def cmd_workspace(args: argparse.Namespace) -> int:
    from .build import copy_workspace

    root = project_root()
    written = copy_workspace(root / "exercises", Path(args.workspace).resolve())
    print(f"Workspace ready in {args.workspace} ({len(written)} files refreshed; "
          "saved answers untouched).")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .build import copy_workspace

    root = project_root()
    workspace = Path(args.workspace).resolve()
    copy_workspace(root / "exercises", workspace)
    command = voila_command(workspace, args.port, ip=args.ip, cull_idle=args.cull_idle,
                            cull_interval=args.cull_interval, pool_size=args.pool_size)
    print(f"The course is at http://{args.ip}:{args.port}/  (press Ctrl+C to stop)", flush=True)
    os.execve(sys.executable, command, voila_env())
    return 0  # not reached


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="mystory", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="regenerate exercises/ and solutions/ from course/source")
    p.add_argument("modules", nargs="*", help="module folders (default: all)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("workspace", help="copy exercises/ into a learner workspace")
    p.add_argument("--workspace", default="workspace", help="folder (default: workspace)")
    p.set_defaults(func=cmd_workspace)

    p = sub.add_parser("serve", help="serve a learner workspace as the course in Voila")
    p.add_argument("--workspace", default="workspace", help="folder (default: workspace)")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", DEFAULT_PORT)))
    p.add_argument("--ip", default=os.environ.get("MYSTORY_IP", "localhost"))
    p.add_argument("--cull-idle", type=int, default=CULL_IDLE_SECONDS,
                   help="stop a closed page's kernel after this many idle seconds")
    p.add_argument("--cull-interval", type=int, default=CULL_INTERVAL_SECONDS,
                   help="how often to look for idle kernels, in seconds")
    p.add_argument("--pool-size", type=int, default=DEFAULT_POOL_SIZE,
                   help="preheated kernels per notebook (0: none)")
    p.set_defaults(func=cmd_serve)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
