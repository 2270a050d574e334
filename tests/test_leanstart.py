"""A learner's server starts lean: in mystory-singleuser's own process, minus an unused import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jupyterhub.singleuser

from mystory import singleuser


def test_the_hubs_settings_reach_the_server(tmp_path: Path, monkeypatch) -> None:
    seen: dict = {}

    def fake_server() -> None:  # stands in for jupyterhub-singleuser
        seen.update(env=dict(os.environ), argv=list(sys.argv))

    monkeypatch.setattr(jupyterhub.singleuser, "main", fake_server)
    monkeypatch.setattr(sys, "argv", ["mystory-singleuser"])
    for name in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTER_RUNTIME_DIR"):
        monkeypatch.setenv(name, os.environ.get(name, ""))  # put back afterwards
    monkeypatch.setenv("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:41234/user/ada/")
    monkeypatch.setenv("MYSTORY_ROLE", "learner")
    monkeypatch.chdir(tmp_path)
    singleuser.main(["--port=41234"])
    assert seen["env"]["JUPYTERHUB_SERVICE_URL"] == "http://127.0.0.1:41234/user/ada/"
    assert str(singleuser.share() / "hub" / "learner") in seen["env"]["JUPYTER_CONFIG_PATH"]
    assert seen["argv"][1:] == ["--port=41234"]
    assert (tmp_path / "home.ipynb").is_file()


def test_jsonschema_works_without_the_skipped_module() -> None:
    check = ("from mystory.hosting.leanstart import skip_unused_imports\n"
             "skip_unused_imports()\n"
             "import sys, jsonschema, jupyter_events\n"
             "assert sys.modules['rfc3987_syntax'] is None\n"
             "jsonschema.validate({'a': 'x'}, {'properties': {'a': {'type': 'string'}}},\n"
             "                    format_checker=jsonschema.FormatChecker())\n"
             "print('ok')")
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr
