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

from tests.conftest import ROOT, run_async

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
        assert config.JupyterHub.authenticator_class == \
            "mystory.hosting.workshop.WorkshopAuthenticator"
        assert config.WorkshopAuthenticator.facilitators == {"fran"}
        assert str(tmp_path) in config.SimpleLocalProcessSpawner.home_dir_template
        # Each server gets its own hand-in key; only the facilitator the secret (hosting/seal.py).
        from mystory.hosting.seal import learner_key, read_secret

        secret = read_secret(tmp_path / "handin.secret")
        fac, ada = spawn(config, "Spawner", "fran", True), spawn(config, "Spawner", "ada", False)
        assert ada.environment["MYSTORY_HANDIN_KEY"] == learner_key(secret, "ada")
        assert "MYSTORY_HANDIN_SECRET_FILE" not in ada.environment
        assert fac.environment["MYSTORY_HANDIN_SECRET_FILE"] == str(tmp_path / "handin.secret")
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


def test_tljh_snippet_sets_tljhs_culler_to_the_courses_hour(monkeypatch) -> None:
    """TLJH starts its culler with --timeout=600 (services.cull.timeout) before this file."""
    monkeypatch.delenv("MYSTORY_IDLE_MINUTES", raising=False)
    tljh = Config()
    tljh.JupyterHub.services = [{"name": "cull-idle", "admin": True, "command": [
        "/opt/tljh/hub/bin/python3", "-m", "jupyterhub_idle_culler", "--timeout=600",
        "--cull-every=60", "--concurrency=5", "--max-age=0"]}]
    path = DEPLOY / "tljh" / "mystory.py"
    exec(compile(path.read_text(), str(path), "exec"),  # noqa: S102 - our own file
         {"get_config": lambda: tljh, "__file__": str(path)})
    [cull] = tljh.JupyterHub.services
    course = load(DEPLOY / "jupyterhub_config.py").JupyterHub.services[0]["command"]
    timeouts = [[a for a in command if a.startswith("--timeout=")] for command in
                (cull["command"], course)]
    assert timeouts == [["--timeout=3600"], ["--timeout=3600"]]
    assert "--cull-every=60" in cull["command"]  # the rest of TLJH's settings stay


def kubernetes_values() -> dict:
    return yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text())


def test_kubernetes_values_make_the_same_choices(monkeypatch) -> None:
    from mystory.hosting.seal import learner_key

    secret = "ab" * 32
    monkeypatch.setenv("MYSTORY_HANDIN_SECRET", secret)
    values = kubernetes_values()
    config = load(DEPLOY / "z2jh" / "values.yaml", values["hub"]["extraConfig"]["mystory-roles"])
    assert roles(config, "KubeSpawner") == EXPECTED
    single = values["singleuser"]
    assert single["cmd"] == "mystory-singleuser"
    assert single["defaultUrl"] == "/voila/render/home.ipynb"
    assert single["extraEnv"]["MYSTORY_EXCHANGE"] == "/srv/nbgrader/exchange"
    assert values["cull"]["enabled"] is True
    mount = single["storage"]["extraVolumeMounts"][0]["mountPath"]
    assert mount == single["extraEnv"]["MYSTORY_EXCHANGE"]
    # Every pod is the same user: hand-ins are sealed with the key mystory/hosting/seal.py makes.
    ada, fran = (spawn(config, "KubeSpawner", n, n == "fran") for n in ("ada", "fran"))
    assert ada.environment["MYSTORY_HANDIN_KEY"] == learner_key(bytes.fromhex(secret), "ada")
    assert "MYSTORY_HANDIN_SECRET" not in ada.environment
    assert fran.environment["MYSTORY_HANDIN_SECRET"] == secret


def helm_merge(defaults: dict, mine: dict) -> dict:
    """Helm's merge of your values over the chart's: maps deeply, anything else replaced."""
    merged = dict(defaults)
    for key, value in mine.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        elif value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def test_kubernetes_values_pass_the_charts_own_schema() -> None:
    import jsonschema

    chart = ROOT / "tests" / "z2jh"  # Zero to JupyterHub 4.4.0, vendored (its README, LICENSE)
    schema = yaml.safe_load((chart / "values.schema.yaml").read_text())
    merged = helm_merge(yaml.safe_load((chart / "values.yaml").read_text()), kubernetes_values())
    jsonschema.validate(merged, schema)
    assert merged["hub"]["config"]["JupyterHub"]["authenticator_class"] != "dummy"
    with pytest.raises(jsonschema.ValidationError):  # the schema does catch a misspelt key
        jsonschema.validate(helm_merge(merged, {"hub": {"extraEnvv": {}}}), schema)


def course_authenticator(monkeypatch, tmp_path: Path, hashes: str):
    """The values' authenticator, built as the hub would (the chart's image ships it)."""
    import bcrypt

    monkeypatch.setenv("MYSTORY_FACILITATOR_HASHES", hashes.format(
        fran=bcrypt.hashpw(b"fran-secret-1", bcrypt.gensalt(4)).decode()))
    values = kubernetes_values()
    config = load(DEPLOY / "z2jh" / "values.yaml", values["hub"]["extraConfig"]["mystory-auth"])
    from jupyterhub import orm

    # The hub's own database, in a file: sign-ins run in a thread of their own (run_async).
    place = tmp_path / f"jupyterhub-{len(list(tmp_path.glob('jupyterhub-*')))}.sqlite"
    db = orm.new_session_factory(f"sqlite:///{place}")()
    return config.JupyterHub.authenticator_class(config=Config(values["hub"]["config"]), db=db)


def sign_in(auth, name: str, password: str):
    return run_async(auth.authenticate(None, {"username": name, "password": password}))


def test_kubernetes_facilitators_sign_in_only_with_the_password_set_up_front(
        monkeypatch, tmp_path: Path) -> None:
    auth = course_authenticator(monkeypatch, tmp_path, "fran:{fran} ")
    assert auth.admin_users == {"fran"} and auth.open_signup is False
    assert auth.create_user("fran", "a-learners-own-1") is None  # never by signing up
    assert auth.create_user("FRAN", "a-learners-own-1") is None
    assert sign_in(auth, "fran", "a-learners-own-1") is None
    assert sign_in(auth, "Fran", "fran-secret-1") == "fran"
    nobody = course_authenticator(monkeypatch, tmp_path, "")  # no Secret: no facilitator at all
    assert sign_in(nobody, "fran", "fran-secret-1") is None


def test_kubernetes_learners_names_are_theirs_and_strangers_wait(monkeypatch,
                                                               tmp_path: Path) -> None:
    auth = course_authenticator(monkeypatch, tmp_path, "fran:{fran}")
    assert auth.create_user("ada", "adas-own-pass-1") is not None  # in allowed_users
    assert auth.create_user("ada", "someone-else-1") is None  # taken
    assert sign_in(auth, "ada", "someone-else-1") is None
    assert sign_in(auth, "ada", "adas-own-pass-1") == "ada"
    assert auth.create_user("eve", "eves-own-pass-1") is not None
    assert sign_in(auth, "eve", "eves-own-pass-1") is None  # until a facilitator authorizes


def test_the_image_is_built_from_environment_yml() -> None:
    docker = (DEPLOY / "z2jh" / "Dockerfile").read_text()
    assert "environment.yml" in docker and '[hub]"' in docker
    assert 'CMD ["mystory-singleuser"]' in docker
