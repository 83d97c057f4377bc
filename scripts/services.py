"""Real services on loopback for tests and the load test: a PostgreSQL cluster of Debian's package in
a temporary folder, and nginx from a generated configuration. Nothing here is a mock."""
from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
_CLUSTERS: dict[str, tuple[Path, Path, str]] = {}     # URL -> (data folder, log, options), for stop/start


def _as_postgres(cmd: list[str], **kw):
    """initdb and postgres refuse to run as root: run them as the package's `postgres` user."""
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


@contextmanager
def postgres(port: int):
    """A fresh cluster listening on 127.0.0.1:`port` with a database `dangbo`; yields its URL."""
    root = Path(tempfile.mkdtemp(prefix="dangbo-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        for p in (root, sock):
            os.chown(p, pw.pw_uid, pw.pw_gid)
    _as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "dangbo", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8"])
    log = root / "pg.log"
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sock} "
               "-c fsync=on -c max_connections=200")
    url = f"postgresql://dangbo@127.0.0.1:{port}/dangbo"
    _CLUSTERS[url] = (data, log, options)
    postgres_start(url)
    try:
        _as_postgres([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "dangbo", "dangbo"])
        yield url
    finally:
        try:
            postgres_stop(url)
        except subprocess.CalledProcessError:
            pass                                       # stopped already
        finally:
            _CLUSTERS.pop(url, None)
            shutil.rmtree(root, ignore_errors=True)


def postgres_stop(url: str) -> None:
    """Stop the cluster of `url` (made by `postgres`), as a database that goes away."""
    data, _log, _options = _CLUSTERS[url]
    _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])


def postgres_start(url: str) -> None:
    data, log, options = _CLUSTERS[url]
    _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start"])


@contextmanager
def nginx(replicas: list[str], listen: str):
    """nginx (Debian's) in the foreground with the dashboard's configuration; yields the proxy's URL."""
    from dangbo.deploy.nginx import config
    root = Path(tempfile.mkdtemp(prefix="dangbo-nginx-"))
    (root / "nginx.conf").write_text(config(replicas, listen, standalone_dir=str(root)), encoding="utf-8")
    subprocess.run(["nginx", "-t", "-p", str(root), "-c", str(root / "nginx.conf")], check=True,
                   capture_output=True)
    proc = subprocess.Popen(["nginx", "-p", str(root), "-c", str(root / "nginx.conf")], stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://{listen}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        shutil.rmtree(root, ignore_errors=True)
