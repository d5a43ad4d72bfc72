"""A throwaway PostgreSQL server for tests and benchmarks: Debian's binaries, initdb + pg_ctl in a temporary
folder, on a free localhost port, as an unprivileged user when run as root; stopped and removed after.

    with Cluster.start() as pg:
        url = pg.new_database("t1")          # postgresql://tracker@127.0.0.1:PORT/t1, password in PGPASSWORD
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "tracker", "tracker-test-password"


class Unavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine (`make test` installs Debian's postgresql)."""


def binaries() -> Path:
    """The folder of initdb and pg_ctl: Debian keeps them per version under /usr/lib/postgresql."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise Unavailable("PostgreSQL server not installed (make test installs Debian's postgresql package)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_as() -> dict:
    """subprocess arguments to run the server as an unprivileged user when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return {"user": entry.pw_uid, "group": entry.pw_gid}
    raise Unavailable("running as root and no unprivileged user (postgres, nobody) to run the server as")


@dataclass
class Cluster:
    bin: Path
    folder: Path
    port: int
    as_user: dict

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres", user: str = USER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    @classmethod
    def start(cls, settings: dict[str, str] | None = None) -> Cluster:
        """initdb a cluster (password authentication on localhost) and start it; ``settings`` go to postgres -c."""
        bin_dir, as_user = binaries(), run_as()
        folder = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
        if as_user:
            os.chown(folder, as_user["user"], as_user["group"])
        (folder / "pw").write_text(PASSWORD + "\n")
        if as_user:
            os.chown(folder / "pw", as_user["user"], as_user["group"])
        cluster = cls(bin_dir, folder, 0, as_user)
        cluster.run("initdb", "-D", str(cluster.data), "-U", USER, "--pwfile", str(folder / "pw"), "-A", "scram-sha-256",
                    "-E", "UTF8", "--locale", "C", "--no-sync")
        options = {"listen_addresses": "127.0.0.1", "unix_socket_directories": str(folder),
                   "max_connections": "40", **(settings or {})}
        for attempt in range(5):  # another process may take the free port between the check and the start
            cluster.port = free_port()
            opts = " ".join(f"-c {k}={v}" for k, v in {**options, "port": str(cluster.port)}.items())
            done = cluster.run("pg_ctl", "-D", str(cluster.data), "-l", str(folder / "log"), "-o", opts, "-w",
                               "-t", "60", "start", check=False)
            if done.returncode == 0:
                return cluster
            time.sleep(0.2)
        log = (folder / "log").read_text(errors="replace")[-2000:] if (folder / "log").exists() else ""
        cluster.remove()
        raise RuntimeError(f"PostgreSQL did not start: {done.stderr}\n{log}")

    def run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([str(self.bin / program), *args], capture_output=True, text=True, cwd=self.folder,
                              **self.as_user)
        if check and done.returncode:
            raise RuntimeError(f"{program} failed: {done.stderr or done.stdout}")
        return done

    def sql(self, statement: str, database: str = "postgres", user: str = USER, password: str = PASSWORD):
        """Run one statement as ``user`` (autocommit) and return its rows, or None."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=user, password=password, dbname=database,
                             autocommit=True) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else None

    def new_database(self, name: str, owner: str = USER) -> str:
        """A fresh, empty database; its URL (the password comes from PGPASSWORD / ~/.pgpass, not the URL)."""
        self.sql(f'CREATE DATABASE "{name}" OWNER "{owner}"')
        return self.url(name, owner)

    def new_role(self, name: str, password: str | None = None, member_of: str | None = None) -> None:
        """A role that is not a superuser: an analyst's login (with a password), or a team (without)."""
        login = f"LOGIN PASSWORD '{password}'" if password else "NOLOGIN"
        self.sql(f'CREATE ROLE "{name}" {login}' + (f' IN ROLE "{member_of}"' if member_of else ""))

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        self.remove()

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
