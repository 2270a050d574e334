"""A real PostgreSQL server from Debian's packages, on loopback, for the gradebook tests."""

from __future__ import annotations

import glob
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.browser import free_port
from tests.hub import apt_install, is_root

PLACE = Path("/srv/mystory-pgtest")


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is missing after installing postgresql")
    return found[-1]


def _as_postgres(*command: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True,
                   capture_output=True, cwd="/")


@contextmanager
def server(database: str = "gradebook") -> Iterator[str]:
    """Start a throwaway PostgreSQL cluster (as Debian's postgres user); yield a database URL."""
    if not is_root():
        raise PermissionError("starting PostgreSQL as the postgres user needs root")
    apt_install("postgresql")
    shutil.rmtree(PLACE, ignore_errors=True)
    data, run = PLACE / "data", PLACE / "run"
    run.mkdir(parents=True)
    shutil.chown(PLACE, "postgres", "postgres")
    shutil.chown(run, "postgres", "postgres")
    port = free_port()
    # trust on loopback is for this throwaway test server only; README shows a real set-up.
    _as_postgres(_bin("initdb"), "-D", str(data), "--auth=trust", "--username=postgres",
                 "--encoding=UTF8")
    _as_postgres(_bin("pg_ctl"), "-D", str(data), "-l", str(PLACE / "server.log"), "-w",
                 "-o", f"-p {port} -k {run} -c listen_addresses=127.0.0.1", "start")
    try:
        _as_postgres(_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                     database)
        yield f"postgresql://postgres@127.0.0.1:{port}/{database}"
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", _bin("pg_ctl"), "-D", str(data),
                        "-m", "fast", "-w", "stop"], capture_output=True, cwd="/")
        shutil.rmtree(PLACE, ignore_errors=True)
