"""A real PostgreSQL server for the tests: initdb in a temporary folder, a unix socket, no TCP port.

Debian's server programs (/usr/lib/postgresql/<version>/bin) are used; as root they run as the
`postgres` user (initdb refuses root). `.ci/run` installs them and sets XLTOOLS_REQUIRE_POSTGRES=1,
so in CI a missing server fails the tests instead of skipping them.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

REQUIRE_ENV = "XLTOOLS_REQUIRE_POSTGRES"


def bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Postgres:
    """One server for a test session; create_database() gives each test a fresh database."""

    def __init__(self) -> None:
        b = bindir()
        if b is None:
            raise FileNotFoundError("PostgreSQL (initdb, pg_ctl) är inte installerat")
        self.bin = b
        self.base = Path(tempfile.mkdtemp(prefix="xlpg-"))
        self.data = self.base / "data"
        self.socket = self.base
        self.user = "xltools"
        self._n = 0
        self._demote: tuple[int, int] | None = None
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            self._demote = (pw.pw_uid, pw.pw_gid)
            os.chown(self.base, pw.pw_uid, pw.pw_gid)

    def _run(self, *args: str) -> None:
        def demote() -> None:
            if self._demote:
                os.setgid(self._demote[1])
                os.setuid(self._demote[0])

        subprocess.run(args, check=True, capture_output=True, preexec_fn=demote, cwd=self.base)

    def start(self) -> Postgres:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", self.user, "-E", "UTF8",
                  "--locale=C", "--no-sync")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.base / "log"), "-w", "-o",
                  f"-k {self.socket} -c listen_addresses='' -c fsync=off -c max_connections=100", "start")
        return self

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@/{database}?host={self.socket}"

    def create_database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        self._n += 1
        name = f"t{os.getpid()}_{self._n}"
        with psycopg.connect(f"dbname=postgres user={self.user} host={self.socket}", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
