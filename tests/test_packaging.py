"""Packaging: environment.yml and pyproject.toml name the same dependencies."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml


def test_environment_yml_matches_pyproject(root: Path) -> None:
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((root / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert sorted(p for p in pip if not p.startswith("-e")) == sorted(project["dependencies"])
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python.removeprefix("python") == project["requires-python"]


def test_nbgrader_needs_are_declared(root: Path) -> None:
    deps = tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(d.startswith("setuptools") for d in deps)  # nbgrader imports it at run time
    assert any(d.startswith("nbgrader==") for d in deps)


def test_every_server_setting_is_installed(root: Path) -> None:
    """Files under share/hub reach an installed course (a settings file left out did nothing)."""
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["mystory"]
    package = root / "src" / "mystory"
    installed = {p for pattern in patterns for p in package.glob(pattern) if p.is_file()}
    settings = {p for p in (package / "share" / "hub").rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert settings and settings <= installed, sorted(map(str, settings - installed))


def test_setuptools_reads_the_project_without_a_deprecation_banner(root: Path) -> None:
    """`make install` (and so `make serve`) printed setuptools' licence banner three times."""
    import warnings

    from setuptools.config.pyprojecttoml import apply_configuration
    from setuptools.dist import Distribution

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dist = apply_configuration(Distribution(), root / "pyproject.toml")
    assert not [str(w.message) for w in caught if "deprecat" in str(w.message).lower()]
    assert dist.metadata.license_expression == "BSD-3-Clause"
