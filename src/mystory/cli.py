"""The ``mystory`` command: build and serve the course, and run it as a facilitator.

Learners: ``build``, ``workspace``, ``serve``. Facilitators: ``release``, ``collect``, ``grade``,
``feedback``, ``export`` (over nbgrader's own Python API, never its command line).
"""

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
        # Voila itself, with compressed responses (mystory/hosting/compression.py).
        sys.executable, "-m", "mystory.hosting.compression", str(workspace),
        "--no-browser",
        f"--port={port}",
        # A facilitator sees the address (printed by `mystory serve`), then only what needs
        # them: warnings and errors, not a line per kernel or file.
        "--Voila.log_level=WARN",
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
        # Kernels talk to Voila over Unix sockets, not TCP ports: no port clashes when a pool
        # starts many kernels at once (seen here as "Address already in use"), and nothing
        # listening on the network.
        "--KernelManager.transport=ipc",
        # Only the widgets are needed in the page; other installed lab extensions (nbgrader's,
        # say) fail outside JupyterLab and slow the page down.
        *(f"--VoilaConfiguration.extension_allowlist={name}" for name in WIDGET_EXTENSIONS),
    ]


def voila_env() -> dict[str, str]:
    """The environment for Voila: the course template on JUPYTER_PATH."""
    env = dict(os.environ)
    paths = [str(template_root()), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    from .hosting import use_short_runtime_dir

    return use_short_runtime_dir(env)  # kernels talk over Unix sockets: short paths


def _all_modules() -> list[str]:
    return [m.folder for m in _course()]


def cmd_build(args: argparse.Namespace) -> int:
    from .facilitator.build import BuildError, build
    from .facilitator.progress import Progress

    modules = args.modules or _all_modules()
    progress = Progress(2 * len(modules))
    try:
        build(project_root(), modules=modules, progress=progress)
    except BuildError as err:
        progress.finish()
        print(f"mystory build: {err}", file=sys.stderr)
        return 1
    progress.finish()
    print("Built exercises/ and solutions/ from course/source.")
    return 0


def cmd_workspace(args: argparse.Namespace) -> int:
    from .facilitator.build import copy_workspace

    root = project_root()
    written = copy_workspace(root / "exercises", Path(args.workspace).resolve())
    print(f"Workspace ready in {args.workspace} ({len(written)} files refreshed; "
          "saved answers untouched).")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .facilitator.build import copy_workspace, trust_notebooks

    root = project_root()
    workspace = Path(args.workspace).resolve()
    copy_workspace(root / "exercises", workspace)
    trust_notebooks(root / "exercises", workspace)
    command = voila_command(workspace, args.port, ip=args.ip, cull_idle=args.cull_idle,
                            cull_interval=args.cull_interval, pool_size=args.pool_size)
    print(f"The course is at http://{args.ip}:{args.port}/  (press Ctrl+C to stop)\n"
          "Learners open that address in a browser. Only problems are shown below.", flush=True)
    os.execve(sys.executable, command, voila_env())
    return 0  # not reached


def cmd_workshop(args: argparse.Namespace) -> int:
    """JupyterHub for a room, without root: a folder per learner, passwords chosen at sign-in.

    The facilitator's name gets its password first, so nobody else can claim it.
    """
    import getpass

    from .hosting import lan_addresses, proxy_command, workshop_env
    from .hosting.workshop import WorkshopSetupError, check_facilitator_name, set_up_facilitator

    root = project_root()
    config = root / "deploy" / "jupyterhub_config.py"
    tls = (args.ssl_cert, args.ssl_key)
    try:
        if any(tls) and not all(tls):
            raise WorkshopSetupError("HTTPS needs both --ssl-cert and --ssl-key.")
        for given in filter(None, tls):
            if not os.access(given, os.R_OK):
                raise WorkshopSetupError(f"Cannot read {given}.")
        name = check_facilitator_name(args.facilitator)
        env = workshop_env(root, args.port, name, proxy_command(root / ".hub"), tls)
        ask = getpass.getpass if sys.stdin.isatty() else None
        said = set_up_facilitator(Path(env["MYSTORY_HUB_STATE"]) / "passwords.dbm", name,
                                  os.environ.get("FACILITATOR_PASSWORD"), ask)
    except (RuntimeError, OSError) as err:
        print(f"mystory workshop: {err}", file=sys.stderr)
        return 1
    scheme = "https" if all(tls) else "http"
    print("The workshop is starting. Read this out to the room:\n")
    for address in lan_addresses():
        print(f"    On your phone, open  {scheme}://{address}:{args.port}/")
    print("    Type a name (your first name is fine) and a new password, then Sign in.\n"
          f"{said}\nOpen a module for the room:  make open MODULE=00-welcome\n", flush=True)
    if scheme == "http":
        print("Note: without --ssl-cert and --ssl-key the hub speaks plain HTTP to every "
              "address of this computer: anyone on the same network can read what passes, "
              "passwords included.\n", flush=True)
    jupyterhub = Path(sys.executable).with_name("jupyterhub")
    os.execve(jupyterhub, [str(jupyterhub), "-f", str(config)], env)
    return 0  # not reached


def course_dir(args: argparse.Namespace) -> Path:
    folder = Path(args.course).resolve() if args.course else project_root() / "course"
    if not (folder / "nbgrader_config.py").is_file():
        raise SystemExit(f"mystory: {folder} is not the course folder (no nbgrader_config.py).")
    return folder


def cmd_release(args: argparse.Namespace) -> int:
    """Build exercises/ and solutions/ (in the project), then release to an exchange if asked.

    With --course (a course folder outside the project, as on a hub), only the release is made.
    """
    from .facilitator import GradingError, nbgrader_api
    from .facilitator.build import BuildError, build, generate_assignment
    from .facilitator.progress import Progress

    course = course_dir(args)
    modules = args.modules or _all_modules()
    progress = Progress((0 if args.course else 2 * len(modules))
                        + (len(modules) if args.exchange else 0))
    released = []
    try:
        if not args.course:
            build(course.parent, modules=modules, progress=progress)
        for module in modules if args.exchange else []:
            progress.step(f"Releasing {module} to the exchange")
            generate_assignment(course, module, Path(args.exchange), args.db_url)
            result = nbgrader_api(course, Path(args.exchange), args.db_url).release_assignment(
                module)
            if not result["success"]:
                raise GradingError(result["log"])
            released.append(module)
    except (BuildError, GradingError) as err:
        progress.finish()
        print(f"mystory release: {err}", file=sys.stderr)
        return 1
    progress.finish()
    if not args.course:
        print("Learner versions are in exercises/, model answers in solutions/.")
    for module in released:
        print(f"Released {module} to the exchange: learners can now get it.")
    return 0


def _course():
    from .core import content

    return content.course()


def cmd_collect(args: argparse.Namespace) -> int:
    from .facilitator.grader import collect_folder

    course = course_dir(args)
    if args.source:
        source = Path(args.source)
        if not source.is_dir():
            print(f"mystory collect: {source} is not a folder.", file=sys.stderr)
            return 1
        report = collect_folder(course, source)
        for problem in report.problems:
            print(f"  ! {problem}")
        print(f"Collected {len(report.learners)} learner(s) from {source}.")
        return 0
    if not args.exchange:
        print("mystory collect: say where from: --from FOLDER (one folder or zip per learner) "
              "or --exchange FOLDER (nbgrader's exchange).", file=sys.stderr)
        return 2
    from .facilitator import collect
    from .facilitator.inbound import Refused, Sealed, default_trust

    exchange = Path(args.exchange)
    try:
        trust = default_trust(exchange, args.unix_account,
                              Path(args.seal_secret) if args.seal_secret else None)
        how = ("each hand-in's seal from its learner's own server" if isinstance(trust, Sealed)
               else f"that each hand-in belongs to the Unix account {trust.account}")
        print(f"Checking {how}.")
        for module in args.modules or [m.folder for m in _course()]:
            report = collect(course, module, exchange, trust)
            for said in report.refused:
                print(f"  ! {said}")
            print(f"{module}: collected {len(report.learners)} learner(s).")
    except (Refused, OSError, ValueError) as err:
        print(f"mystory collect: {err}", file=sys.stderr)
        return 1
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    from .facilitator.grader import grade, summary_table

    course = course_dir(args)
    results = grade(course, args.modules or None, jobs=args.jobs, timeout=args.timeout,
                    force=args.force, db_url=args.db_url)
    print(summary_table(results))
    return 1 if any(r.status in ("failed", "timed out") for r in results) else 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from .facilitator.feedback_page import write_feedback

    course = course_dir(args)
    problems: list[str] = []
    written = write_feedback(course, args.modules or None, args.db_url, progress=True,
                             problems=problems)
    _say_problems(problems)
    print(f"Wrote {len(written)} feedback page(s) in course/feedback/.")
    if args.exchange:
        from .facilitator import GradingError, release_feedback

        modules = sorted({page.parent.name for page in written})
        try:
            for module in modules:
                release_feedback(course, module, Path(args.exchange))
        except GradingError as err:
            print(f"mystory feedback: {err}", file=sys.stderr)
            return 1
        print(f"Released feedback on {len(modules)} module(s) to the exchange: learners can "
              "now get it from the course home.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .facilitator import export_csv, export_xlsx

    course = course_dir(args)
    target = Path(args.to or f"grades.{args.format}")
    if args.format == "csv":
        export_csv(course, target, args.db_url)
    else:
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            print("mystory export: xlsx needs the openpyxl package (pip install openpyxl).",
                  file=sys.stderr)
            return 1
        export_xlsx(course, target, args.db_url)
    print(f"Grades written to {target}.")
    return 0


def _say_problems(problems: list[str]) -> None:
    """Name each learner's file that could not be read (the command carried on without it)."""
    for problem in problems:
        print(f"  ! {problem}")


def cmd_report(args: argparse.Namespace) -> int:
    from .facilitator.report import gather, report_html

    course = course_dir(args)
    target = Path(args.to)
    data = gather(course, args.db_url, progress=True)
    target.write_text(report_html(data), encoding="utf-8")
    _say_problems(data.problems)
    print(f"Class report written to {target} (one file: open it in any browser).")
    return 0


def cmd_certificates(args: argparse.Namespace) -> int:
    from .core.branding import organisation
    from .facilitator.report import certificate_reasons, gather, write_certificates

    logo = Path(args.logo) if args.logo else organisation().logo
    if logo is not None and not logo.is_file():
        print(f"mystory certificates: the logo {logo} does not exist.", file=sys.stderr)
        return 1
    course = course_dir(args)
    data = gather(course, args.db_url, progress=True)
    written = write_certificates(course, Path(args.to), args.pass_mark, logo, args.db_url,
                                 data=data, progress=True)
    _say_problems(data.problems)
    print(f"{len(written)} certificate(s) written to {args.to}/.")
    reasons = certificate_reasons(data, args.pass_mark)
    if reasons:
        print(reasons)
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Every learner's answers, behind a secret token in the link (as Jupyter's own servers)."""
    import secrets

    course = course_dir(args)
    notebook = template_root() / "dashboard" / "dashboard.ipynb"
    # The token goes in the environment, which other accounts cannot read (a command line, they
    # can); Voila's `--token` then asks for it on every request, websockets included.
    token = os.environ.get("MYSTORY_DASHBOARD_TOKEN") or secrets.token_urlsafe(32)
    command = [*voila_command(notebook, args.port, ip=args.ip, pool_size=0), "--token"]
    env = {**voila_env(), "MYSTORY_COURSE": str(course), "JUPYTER_TOKEN": token}
    print(f"The dashboard is at http://{args.ip}:{args.port}/?token={token}\n"
          "Open it with this whole link: without the token it shows nothing. "
          "(Press Ctrl+C to stop.)", flush=True)
    os.execve(sys.executable, command, env)
    return 0  # not reached


def cmd_marking(args: argparse.Namespace) -> int:
    """Write the marking audit from the course's data and source notebooks."""
    from .facilitator.marking import marking_markdown

    root = project_root()
    text = marking_markdown(root / "course")
    if args.to == "-":
        sys.stdout.write(text)
    else:
        (root / args.to).write_text(text, encoding="utf-8")
        print(f"Wrote {args.to}")
    return 0


def cmd_translations(args: argparse.Namespace) -> int:
    from .core.datafiles import ContentError
    from .facilitator import translations

    root = project_root()
    try:
        if args.update:
            for path in translations.update(args.update, root, args.parts):
                print(f"Wrote {path.relative_to(root) if path.is_relative_to(root) else path}")
            return 0
        findings = translations.check(args.check, root, args.parts)
    except ContentError as err:
        print(f"mystory translations: {err}", file=sys.stderr)
        return 2
    print(translations.report(findings, args.check))
    return 1 if any(f.fails for f in findings) else 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="mystory", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="regenerate exercises/ and solutions/ from course/source")
    p.add_argument("modules", nargs="*", help="module folders (default: all)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("marking", help="write the marking audit (docs/marking.md) from the course")
    p.add_argument("--to", default="docs/marking.md", help="file to write, or - to print")
    p.set_defaults(func=cmd_marking)

    p = sub.add_parser("translations", help="list what is missing or stale in a language "
                       "(--check cy), or write its files to fill in (--update cy)",
                       description="docs/translating.md says how to add a language.")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--check", metavar="LANG", help="list every missing or stale string; "
                       "fails while anything is missing")
    which.add_argument("--update", metavar="LANG", help="write or refresh the language's "
                       "files: new English added to translate, translations kept")
    p.add_argument("parts", nargs="*", help="only these: interface, home or a module folder "
                   "like 00-welcome (default: all)")
    p.set_defaults(func=cmd_translations)

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

    p = sub.add_parser("workshop", help="JupyterHub for a room on this computer (no root): "
                       "learners sign in on their phones over the local network")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    p.add_argument("--facilitator", default=os.environ.get("FACILITATOR", "facilitator"),
                   help="the facilitator's sign-in name (default: facilitator). Its password "
                   "is asked for here, or taken from FACILITATOR_PASSWORD, or made and shown")
    p.add_argument("--ssl-cert", default=os.environ.get("MYSTORY_SSL_CERT"),
                   help="HTTPS: your organisation's certificate file (PEM)")
    p.add_argument("--ssl-key", default=os.environ.get("MYSTORY_SSL_KEY"),
                   help="HTTPS: the certificate's private key file (PEM)")
    p.set_defaults(func=cmd_workshop)

    def facilitator(name: str, text: str, func) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("modules", nargs="*", help="module folders, like 00-welcome (default: all)")
        p.add_argument("--course", help="the course folder (default: course/ of this project)")
        p.add_argument("--db-url", help="gradebook database URL, for example postgresql://... "
                       "(default: SQLite in the course folder)")
        p.set_defaults(func=func)
        return p

    p = facilitator("release", "generate learner versions and model answers (and put them in "
                    "an nbgrader exchange with --exchange)", cmd_release)
    p.add_argument("--exchange", help="nbgrader exchange folder")
    p = facilitator("collect", "gather submissions: from a folder of learner workspaces or zips "
                    "(one per learner), or from an nbgrader exchange", cmd_collect)
    p.add_argument("--from", dest="source", help="folder with one workspace folder or zip per "
                   "learner")
    p.add_argument("--exchange", help="nbgrader exchange folder")
    p.add_argument("--unix-account", default=None,
                   help="each learner's Unix account, from their hub name {name} (default "
                   "MYSTORY_UNIX_ACCOUNT, else {name}; The Littlest JupyterHub: jupyter-{name})")
    p.add_argument("--seal-secret", help="the hub's hand-in secret, when every learner shares "
                   "one account (default: handin.secret beside the exchange, if there)")
    p = facilitator("grade", "autograde every submission in parallel, never running a "
                    "learner's code", cmd_grade)
    p.add_argument("--jobs", type=int, default=None,
                   help="how many at once (default: three per core)")
    p.add_argument("--timeout", type=float, default=300, help="seconds per notebook")
    p.add_argument("--force", action="store_true", help="grade again even if unchanged")
    p = facilitator("feedback", "write a feedback page a learner can read, per learner and "
                    "module (and release it to an nbgrader exchange with --exchange)",
                    cmd_feedback)
    p.add_argument("--exchange", help="nbgrader exchange folder")
    p = facilitator("report", "one self-contained HTML class report", cmd_report)
    p.add_argument("--to", default="class-report.html", help="file to write")
    p = facilitator("certificates", "a PDF certificate for every learner who passed every "
                    "module", cmd_certificates)
    p.add_argument("--to", default="certificates", help="folder to write them in")
    p.add_argument("--pass-mark", type=float, default=0.6,
                   help="share of each module's points needed (default 0.6)")
    p.add_argument("--logo", help="the organisation's logo, PNG or JPEG (default: the one in "
                   "organisation.yaml)")
    p = facilitator("dashboard", "the class report as a web app, with each learner's answers",
                    cmd_dashboard)
    p.add_argument("--port", type=int, default=8867)
    p.add_argument("--ip", default="localhost")
    p = facilitator("export", "grades per learner and module", cmd_export)
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.add_argument("--to", help="file to write (default: grades.csv or grades.xlsx)")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
