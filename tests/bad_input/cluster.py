"""A PostgreSQL cluster of the test's own (Debian's binaries, a loopback port), so a
test may stop and restart it without touching the shared server."""

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.publishing.servers import free_port

_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))


class Cluster:
    def __init__(self, directory: Path, port: int) -> None:
        self.directory, self.port = directory, port
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    def ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        _run(_BIN[-1], "-D", str(self.directory / "data"), "-o", options,
             "-l", str(self.directory / "log"), "-w", *args)  # fmt: skip


def _run(*args: str) -> None:
    # initdb and postgres refuse to run as root: as root, run them as postgres.
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(  # noqa: S603 - Debian's own binaries, the test's own arguments
        [*prefix, *args], check=True, capture_output=True, timeout=60
    )


@contextmanager
def private_cluster() -> Iterator[Cluster]:
    if not _BIN:
        pytest.skip("needs Debian's postgresql package")
    # Not under pytest's tmp_path: as root that is closed to the postgres user.
    tmp = Path(tempfile.mkdtemp(prefix="beacon-pg-"))
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
    cluster = Cluster(tmp, free_port())
    initdb = str(Path(_BIN[-1]).with_name("initdb"))
    _run(initdb, "-D", str(tmp / "data"), "-A", "trust", "-U", "postgres", "--no-sync")
    cluster.ctl("start")
    try:
        yield cluster
    finally:
        cluster.ctl("stop", "-m", "immediate")
        shutil.rmtree(tmp, ignore_errors=True)
