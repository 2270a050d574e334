"""deploy/: the hub settings for a workshop, one server (TLJH) and Kubernetes agree.

The real hub runs in tests/test_hub.py and tests/test_workshop.py. Docker images cannot be
built on the test machine (no Docker engine), so the Kubernetes files are checked as text.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from traitlets.config import Config

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


def load(path: Path, source: str | None = None) -> Config:
    config = Config()
    exec(compile(source or path.read_text(), str(path), "exec"),  # noqa: S102 - our own file
         {"get_config": lambda: config, "c": config, "__file__": str(path)})
    return config


def spawn(config: Config, hook_owner: str, name: str, admin: bool) -> SimpleNamespace:
    spawner = SimpleNamespace(user=SimpleNamespace(name=name, admin=admin), environment={},
                              default_url="", notebook_dir="")
    config[hook_owner].pre_spawn_hook(spawner)
    return spawner


def roles(config: Config, owner: str) -> list[tuple[str, str]]:
    fac = spawn(config, owner, "fran", True)
    learner = spawn(config, owner, "ada", False)
    return [(fac.environment["MYSTORY_ROLE"], fac.default_url),
            (learner.environment["MYSTORY_ROLE"], learner.default_url)]


EXPECTED = [("facilitator", "/lab"), ("learner", "/voila/render/home.ipynb")]


@pytest.mark.parametrize("mode", ["accounts", "workshop"])
def test_the_hub_config_gives_each_role_its_page(mode: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MYSTORY_HUB_MODE", mode)
    monkeypatch.setenv("MYSTORY_HUB_STATE", str(tmp_path))
    monkeypatch.setenv("MYSTORY_FACILITATORS", "fran")
    config = load(DEPLOY / "jupyterhub_config.py")
    assert roles(config, "Spawner") == EXPECTED
    assert config.Spawner.cmd[0].endswith("mystory-singleuser")
    assert config.Authenticator.admin_users == {"fran"}
    assert "Your housing association" in config.JupyterHub.template_vars["announcement_login"]
    if mode == "workshop":
        assert config.JupyterHub.authenticator_class == "mystory.workshop.WorkshopAuthenticator"
        assert config.WorkshopAuthenticator.facilitators == {"fran"}
        assert str(tmp_path) in config.SimpleLocalProcessSpawner.home_dir_template
        # Each server gets its own hand-in key; only the facilitator the secret (mystory/seal).
        from mystory.seal import learner_key, read_secret

        secret = read_secret(tmp_path / "handin.secret")
        fac, ada = spawn(config, "Spawner", "fran", True), spawn(config, "Spawner", "ada", False)
        assert ada.environment["MYSTORY_HANDIN_KEY"] == learner_key(secret, "ada")
        assert "MYSTORY_HANDIN_SECRET" not in ada.environment
        assert fac.environment["MYSTORY_HANDIN_SECRET"] == str(tmp_path / "handin.secret")
    else:
        assert config.JupyterHub.authenticator_class == "pam"
        assert config.LocalAuthenticator.allowed_groups == {"mystory"}
    assert "ssl_cert" not in config.JupyterHub


def test_the_hub_speaks_https_with_the_organisations_certificate(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MYSTORY_HUB_MODE", "workshop")
    monkeypatch.setenv("MYSTORY_HUB_STATE", str(tmp_path))
    monkeypatch.setenv("MYSTORY_SSL_CERT", "/etc/ssl/room.pem")
    monkeypatch.setenv("MYSTORY_SSL_KEY", "/etc/ssl/room.key")
    config = load(DEPLOY / "jupyterhub_config.py")
    assert (config.JupyterHub.ssl_cert, config.JupyterHub.ssl_key) == ("/etc/ssl/room.pem",
                                                                       "/etc/ssl/room.key")


def test_tljh_snippet_makes_the_same_choices() -> None:
    config = load(DEPLOY / "tljh" / "mystory.py")
    assert roles(config, "Spawner") == EXPECTED
    assert config.Spawner.cmd == ["/opt/tljh/user/bin/mystory-singleuser"]
    assert config.Spawner.environment["MYSTORY_EXCHANGE"] == "/srv/nbgrader/exchange"


def test_kubernetes_values_make_the_same_choices() -> None:
    values = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text())
    config = load(DEPLOY / "z2jh" / "values.yaml", values["hub"]["extraConfig"]["mystory-roles"])
    assert roles(config, "KubeSpawner") == EXPECTED
    single = values["singleuser"]
    assert single["cmd"] == "mystory-singleuser"
    assert single["defaultUrl"] == "/voila/render/home.ipynb"
    assert single["extraEnv"]["MYSTORY_EXCHANGE"] == "/srv/nbgrader/exchange"
    assert values["cull"]["enabled"] is True
    mount = single["storage"]["extraVolumeMounts"][0]["mountPath"]
    assert mount == single["extraEnv"]["MYSTORY_EXCHANGE"]


def test_the_image_is_built_from_environment_yml() -> None:
    docker = (DEPLOY / "z2jh" / "Dockerfile").read_text()
    assert "environment.yml" in docker and '[hub]"' in docker
    assert 'CMD ["mystory-singleuser"]' in docker
