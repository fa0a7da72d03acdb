"""A real PostgreSQL server for the SQL reader tests, started from the Debian binaries.

initdb and postgres refuse to run as root, so as root the server runs as ``nobody`` in a
directory it owns; it listens on a free loopback port and a private socket directory, and
is stopped (and its files removed) when the session ends.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile

import pytest


def _pg_bin() -> str | None:
    found = os.environ.get("PYBRIDGE_PG_BIN")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return os.path.dirname(candidates[0])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_uri():
    """The URI of a running PostgreSQL server (database ``postgres``, user ``postgres``)."""
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin "
                    "and PATH; set PYBRIDGE_PG_BIN); scripts/setup.sh installs them with apt.")
    as_user: list[str] = []
    base = tempfile.mkdtemp(prefix="pybridge-pg-")
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "nobody", "--"]
        shutil.chown(base, user="nobody")
    datadir, sockdir = os.path.join(base, "data"), os.path.join(base, "sock")
    port = _free_port()

    def run(*cmd: str) -> None:
        res = subprocess.run([*as_user, *cmd], capture_output=True, text=True, timeout=120)
        if res.returncode:
            raise RuntimeError(f"{' '.join(cmd)} failed ({res.returncode}):\n{res.stdout}"
                               f"\n{res.stderr}")

    run("mkdir", "-p", sockdir)
    run(f"{bindir}/initdb", "-D", datadir, "-A", "trust", "-U", "postgres", "--no-sync")
    opts = (f"-p {port} -k {sockdir} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c synchronous_commit=off -c full_page_writes=off")
    run(f"{bindir}/pg_ctl", "-D", datadir, "-o", opts, "-l", os.path.join(base, "log"), "-w",
        "-t", "60", "start")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, f"{bindir}/pg_ctl", "-D", datadir, "-m", "immediate", "-w",
                        "stop"], capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)
