"""The pieces a hub uses: each person's server settings, the course home, short socket paths."""

from __future__ import annotations

import json
import os
from pathlib import Path

from mystory import hosting, singleuser


def test_short_homes_keep_jupyters_own_runtime_folder() -> None:
    assert hosting.runtime_dir({"HOME": "/home/ada"}) is None


def test_deep_homes_get_a_private_short_runtime_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    deep = {"HOME": "/home/owner/mystory/.hub/workshop/homes/a-learner-with-a-long-name"}
    folder = hosting.runtime_dir(deep)
    assert folder and len(folder) + 50 <= 107
    assert os.stat(folder).st_mode & 0o777 == 0o700
    assert hosting.runtime_dir(deep) == folder  # the same one each time
    other = hosting.runtime_dir({"HOME": deep["HOME"] + "-2"})
    assert other != folder  # another learner in the same account gets their own


def test_a_folder_someone_else_could_open_is_never_used(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    deep = {"HOME": "/x" * 40}
    first = Path(hosting.runtime_dir(deep))
    first.rmdir()
    first.mkdir(mode=0o777)
    first.chmod(0o777)
    chosen = hosting.runtime_dir(deep)
    assert chosen != str(first) and os.stat(chosen).st_mode & 0o777 == 0o700


def test_each_role_gets_its_own_server_settings() -> None:
    learner = singleuser.environment("learner", {"HOME": "/home/ada"})
    facilitator = singleuser.environment("facilitator", {"HOME": "/home/fran"})
    first = [Path(p) for p in learner["JUPYTER_CONFIG_PATH"].split(os.pathsep)]
    assert [p.name for p in first] == ["learner", "common"]
    assert Path(facilitator["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0]).name == "facilitator"
    assert learner["JUPYTER_PATH"].split(os.pathsep)[0] == str(singleuser.share())
    settings = json.loads((first[0] / "jupyter_server_config.json").read_text())
    assert settings["ServerApp"]["default_url"] == "/voila/render/home.ipynb"
    assert settings["ServerApp"]["jpserver_extensions"][
        "nbgrader.server_extensions.formgrader"] is False
    assert settings["ServerApp"]["jpserver_extensions"]["mystory.hosting.learnerserver"] is True
    assert settings["ServerApp"]["kernel_manager_class"] == \
        "mystory.hosting.learnerserver.CappedKernelManager"
    assert learner["JUPYTERHUB_DISABLE_USER_CONFIG"] == "1"  # no settings of her own
    assert "JUPYTERHUB_DISABLE_USER_CONFIG" not in facilitator
    fac = json.loads((singleuser.share() / "hub" / "facilitator" /
                      "jupyter_server_config.json").read_text())
    assert fac["ServerApp"]["tornado_settings"]["headers"]["Content-Security-Policy"] == \
        "frame-ancestors 'self'"
    common = json.loads((first[1] / "jupyter_server_config.json").read_text())
    assert common["VoilaConfiguration"]["strip_sources"] is True
    assert common["VoilaConfiguration"]["show_tracebacks"] is False


def test_the_course_home_is_put_in_place_and_kept_current(tmp_path: Path) -> None:
    home = singleuser.ensure_home(tmp_path)
    assert home.read_bytes() == singleuser.packaged_home().read_bytes()
    home.write_text("{}")  # an old course home
    singleuser.ensure_home(tmp_path)
    assert home.read_bytes() == singleuser.packaged_home().read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home.ipynb"]


def test_the_workshop_settings_name_every_folder(tmp_path: Path) -> None:
    env = hosting.workshop_env(tmp_path, 8123, "fran", "/opt/chp/bin/configurable-http-proxy")
    assert env["MYSTORY_HUB_MODE"] == "workshop" and env["MYSTORY_FACILITATORS"] == "fran"
    assert Path(env["MYSTORY_EXCHANGE"]).is_dir()
    assert env["MYSTORY_COURSE"] == str(tmp_path / "course")
    assert env["PATH"].startswith("/opt/chp/bin")
    assert hosting.lan_addresses()
