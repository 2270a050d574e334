"""JupyterHub settings for the #MyStory course: one file for a workshop, one server or a test.

Everything comes from environment variables (README, "Hosting for your organisation"):

MYSTORY_HUB_MODE      "accounts" (default): real Unix accounts, the hub runs as root (a server
                      for your organisation; what the multi-user test does).
                      "workshop": no root, one Unix account, a folder per learner, learners
                      choose a password the first time they sign in (`make workshop`);
                      facilitators' names need the password `mystory workshop` sets.
MYSTORY_FACILITATORS  hub user names of facilitators, separated by spaces (JupyterLab,
                      formgrader, hub admin). Everyone else is a learner (the course in Voila).
MYSTORY_LEARNERS_GROUP  accounts mode: the Unix group allowed to sign in (default mystory).
MYSTORY_EXCHANGE      the nbgrader exchange folder (default /srv/nbgrader/exchange).
MYSTORY_COURSE        the facilitators' nbgrader course folder (default: ~/course of each).
MYSTORY_HUB_STATE     where the hub keeps its database, cookie secret and (workshop) homes.
MYSTORY_HUB_IP / MYSTORY_HUB_PORT   where learners connect (default all addresses, 8000).
MYSTORY_SSL_CERT / MYSTORY_SSL_KEY  HTTPS with your organisation's certificate and key files.
MYSTORY_SINGLEUSER    the course's `mystory-singleuser` command in the learners' environment.
MYSTORY_CHP           configurable-http-proxy (from npm).
MYSTORY_IDLE_MINUTES  stop a learner's server after this many idle minutes (default 60).
MYSTORY_FORKSERVER    "0" starts each server as a new Python instead of forking it from the
                      course's warm forkserver (mystory/hosting/forkserver.py; slower sign-in).
"""

import os
import shutil
import sqlite3
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it reads this file
env = os.environ.get

MODE = env("MYSTORY_HUB_MODE", "accounts")
FACILITATORS = set(env("MYSTORY_FACILITATORS", "").split())
EXCHANGE = env("MYSTORY_EXCHANGE", "/srv/nbgrader/exchange")
STATE = Path(env("MYSTORY_HUB_STATE", ".")).resolve()
STATE.mkdir(parents=True, exist_ok=True)

c.JupyterHub.ip = env("MYSTORY_HUB_IP", "")
c.JupyterHub.port = int(env("MYSTORY_HUB_PORT", "8000"))
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"


class HubDatabase(sqlite3.Connection):
    """The hub's database in write-ahead mode: a commit no longer waits for the disk.

    The hub commits on most requests (sign-ins, activity, tokens); each commit waited for the
    disk (about 10 ms on a busy machine), with every other request waiting behind it. In WAL
    mode with synchronous=NORMAL, SQLite's advice for it, a crash of the hub loses nothing and
    a power cut can lose only the last moments' changes (sign-ins, activity); the file is never
    left broken.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute("PRAGMA journal_mode=WAL")
        self.execute("PRAGMA synchronous=NORMAL")


# JupyterHub's own sqlite setting (check_same_thread) is kept.
c.JupyterHub.db_kwargs = {"connect_args": {"check_same_thread": False, "factory": HubDatabase}}
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.command = [env("MYSTORY_CHP", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
# HTTPS with the organisation's own certificate (else plain HTTP: anyone on the network can read
# what passes, passwords included).
if env("MYSTORY_SSL_CERT") and env("MYSTORY_SSL_KEY"):
    c.JupyterHub.ssl_cert = env("MYSTORY_SSL_CERT")
    c.JupyterHub.ssl_key = env("MYSTORY_SSL_KEY")

# Each person's own server is the course's: learners land on the course home in Voila,
# facilitators in JupyterLab with formgrader (mystory/singleuser.py sets both up).
BESIDE = Path(sys.executable).with_name("mystory-singleuser")
c.Spawner.cmd = [env("MYSTORY_SINGLEUSER") or (str(BESIDE) if BESIDE.exists() else None)
                 or shutil.which("mystory-singleuser") or "mystory-singleuser"]
COURSE = env("MYSTORY_COURSE", "")  # the facilitators' course folder (default: ~/course)
c.Spawner.environment = {"MYSTORY_EXCHANGE": EXCHANGE,
                         **({"MYSTORY_COURSE": COURSE} if COURSE else {})}
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120

# Servers forked from one process that has imported Jupyter once, and reported ready as soon
# as they are (mystory/hosting/spawner.py): a class signing in at once waits seconds, not a
# minute. Without the course in the hub's environment, JupyterHub's own spawners.
try:
    from mystory.hosting import spawner as course_spawner
except ImportError:
    course_spawner = None
FORK = course_spawner is not None and env("MYSTORY_FORKSERVER", "1") != "0"
if course_spawner is not None:
    c.Spawner.use_forkserver = FORK


def course_roles(spawner):
    """Facilitators get JupyterLab and formgrader; everyone else the course home in Voila."""
    facilitator = spawner.user.name in FACILITATORS
    spawner.environment["MYSTORY_ROLE"] = "facilitator" if facilitator else "learner"
    spawner.default_url = "/lab" if facilitator else "/voila/render/home.ipynb"
    if facilitator and COURSE:  # formgrader needs the course inside the server's folder
        spawner.notebook_dir = str(Path(COURSE).resolve().parent)


c.Spawner.pre_spawn_hook = course_roles
c.Authenticator.admin_users = FACILITATORS

# Idle servers stop by themselves (Voila also stops a closed page's kernel after 5 minutes).
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={int(env('MYSTORY_IDLE_MINUTES', '60')) * 60}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]

# Branding from the same organisation.yaml as the course pages (when the course is installed
# beside the hub; on The Littlest JupyterHub it lives in the users' environment instead).
try:
    from mystory.core.branding import organisation

    ORG = organisation()
except ImportError:
    ORG = None
if ORG is not None:
    c.JupyterHub.template_vars = {
        "announcement_login": f"{ORG.name}: the #MyStory course. Sign in with your name and "
                              "password.",
    }
    if ORG.logo is not None:
        c.JupyterHub.logo_file = str(ORG.logo)

if MODE == "workshop":
    # One Unix account (no root): a folder per learner. A learner's first password makes a name
    # theirs; facilitators' names have their password before the room opens (`mystory
    # workshop` sets it), so no learner can claim one (mystory/hosting/workshop.py).
    from mystory.hosting.seal import learner_key, secret

    if env("MYSTORY_HUB_API_PORT"):  # free loopback ports `mystory workshop` picked
        c.JupyterHub.hub_port = int(env("MYSTORY_HUB_API_PORT"))
        c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('MYSTORY_PROXY_API_PORT')}"
    c.JupyterHub.spawner_class = ("mystory.hosting.spawner.WorkshopSpawner" if course_spawner
                                  else "jupyterhub.spawner.SimpleLocalProcessSpawner")
    c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
    c.JupyterHub.authenticator_class = "mystory.hosting.workshop.WorkshopAuthenticator"
    c.WorkshopAuthenticator.dbm_path = str(STATE / "passwords.dbm")
    c.WorkshopAuthenticator.create_users = True
    c.WorkshopAuthenticator.min_password_length = 6
    c.WorkshopAuthenticator.facilitators = FACILITATORS
    c.Authenticator.allow_all = True
    # Every server runs under one account, so a hand-in carries a seal made with a key only
    # that learner's server is given; `mystory collect` checks it (mystory/hosting/seal.py).
    HANDIN_SECRET = secret(STATE / "handin.secret")

    def workshop_roles(spawner):
        """The course's roles, plus the learner's own hand-in key (facilitators: the secret)."""
        course_roles(spawner)
        name = spawner.user.name
        spawner.environment["MYSTORY_HANDIN_KEY"] = learner_key(HANDIN_SECRET, name)
        if name in FACILITATORS:
            spawner.environment["MYSTORY_HANDIN_SECRET_FILE"] = str(STATE / "handin.secret")

    c.Spawner.pre_spawn_hook = workshop_roles
else:
    # Real Unix accounts: each learner's files are theirs alone (homes are 0700).
    c.JupyterHub.spawner_class = ("mystory.hosting.spawner.CourseSpawner" if course_spawner
                                  else "localprocess")
    c.JupyterHub.authenticator_class = "pam"
    c.LocalAuthenticator.allowed_groups = {env("MYSTORY_LEARNERS_GROUP", "mystory")}
    c.Authenticator.allowed_users = FACILITATORS

if FORK:
    from jupyterhub.app import JupyterHub

    if JupyterHub.initialized():  # the hub is starting (not a test reading this file)
        course_spawner.warm_up(c.Spawner.cmd[0])
