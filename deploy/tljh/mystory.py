"""#MyStory on The Littlest JupyterHub: copy to /opt/tljh/config/jupyterhub_config.d/mystory.py.

TLJH keeps its own sign-in (first-use passwords), its Unix accounts (jupyter-<name>), its
SystemdSpawner and its idle culler. This adds the course: learners land on the course home in
Voila, TLJH admins are facilitators (JupyterLab with formgrader), everyone shares the nbgrader
exchange in /srv/nbgrader/exchange, and TLJH's idle culler (10 minutes by default) stops a
server after the course's hour. Same choices as deploy/jupyterhub_config.py.
"""

c = get_config()  # noqa: F821 - provided by JupyterHub when it reads this file

EXCHANGE = "/srv/nbgrader/exchange"
IDLE_MINUTES = 60  # the course's setting (deploy/jupyterhub_config.py: MYSTORY_IDLE_MINUTES)
c.Spawner.cmd = ["/opt/tljh/user/bin/mystory-singleuser"]
# TLJH's Unix accounts are jupyter-<name>: collect checks hand-ins belong to them.
c.Spawner.environment = {"MYSTORY_EXCHANGE": EXCHANGE, "MYSTORY_UNIX_ACCOUNT": "jupyter-{name}"}


def course_roles(spawner):
    """Facilitators (TLJH admins) get JupyterLab and formgrader; learners the course home."""
    facilitator = bool(spawner.user.admin)
    spawner.environment["MYSTORY_ROLE"] = "facilitator" if facilitator else "learner"
    spawner.default_url = "/lab" if facilitator else "/voila/render/home.ipynb"


c.Spawner.pre_spawn_hook = course_roles


# TLJH loads this file after its own settings, which start its culler as the "cull-idle" service
# with `--timeout=<services.cull.timeout>` (600 s unless changed): put the course's in its place.
for service in c.JupyterHub.services if "services" in c.JupyterHub else []:
    if service.get("name") == "cull-idle":
        service["command"] = [arg for arg in service["command"]
                              if not arg.startswith("--timeout=")] + [
            f"--timeout={IDLE_MINUTES * 60}"]
