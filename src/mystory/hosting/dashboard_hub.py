"""The facilitator dashboard as a JupyterHub service: the hub says who may open it.

JupyterHub's own identity provider for Jupyter servers (HubOAuth underneath) signs people in
through the hub and lets in only those whose scopes reach this service: admins, which
facilitators are; a learner gets 403. Voila mounts an identity provider's pages (the OAuth
callback) at the server's root, so here they are moved under the service's own prefix.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from jupyter_server.utils import url_path_join
from jupyterhub.singleuser.extension import (  # type: ignore[import-untyped]
    JupyterHubAuthorizer,
    JupyterHubIdentityProvider,
)

__all__ = ["DashboardIdentityProvider", "JupyterHubAuthorizer", "voila_arguments"]


class DashboardIdentityProvider(JupyterHubIdentityProvider):  # type: ignore[misc]
    """The hub's sign-in for a Voila app served under /services/<name>/."""

    def get_handlers(self):
        prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
        return [(url_path_join(prefix, path), *rest) for path, *rest in super().get_handlers()]


def voila_arguments(environ: dict[str, str]) -> tuple[str, int, list[str]]:
    """(address, port, Voila options) for running as the hub service the hub describes."""
    where = urlsplit(environ["JUPYTERHUB_SERVICE_URL"])
    here = __name__
    return where.hostname or "127.0.0.1", where.port or 80, [
        f"--Voila.base_url={environ['JUPYTERHUB_SERVICE_PREFIX']}",
        f"--Voila.identity_provider_class={here}.DashboardIdentityProvider",
        f"--Voila.authorizer_class={here}.JupyterHubAuthorizer",
        "--token",  # Voila then takes the identity provider's own token (the hub's)
    ]
