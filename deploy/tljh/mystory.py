"""#MyStory on The Littlest JupyterHub: copy to /opt/tljh/config/jupyterhub_config.d/mystory.py.

TLJH keeps its own sign-in (first-use passwords), its Unix accounts (jupyter-<name>), its
SystemdSpawner and its idle culler. This adds the course: learners land on the course home in
Voila, TLJH admins are facilitators (JupyterLab with formgrader), and everyone shares the
nbgrader exchange in /srv/nbgrader/exchange. Same choices as deploy/jupyterhub_config.py.
"""

c = get_config()  # noqa: F821 - provided by JupyterHub when it reads this file

EXCHANGE = "/srv/nbgrader/exchange"
c.Spawner.cmd = ["/opt/tljh/user/bin/mystory-singleuser"]
c.Spawner.environment = {"MYSTORY_EXCHANGE": EXCHANGE}


def course_roles(spawner):
    """Facilitators (TLJH admins) get JupyterLab and formgrader; learners the course home."""
    facilitator = bool(spawner.user.admin)
    spawner.environment["MYSTORY_ROLE"] = "facilitator" if facilitator else "learner"
    spawner.default_url = "/lab" if facilitator else "/voila/render/home.ipynb"


c.Spawner.pre_spawn_hook = course_roles
