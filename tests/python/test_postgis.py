"""PostGIS as a real source and sink (issue 12): a throwaway PostgreSQL 15 + PostGIS 3 server.

The server is made with initdb in a temporary folder, listens on a free loopback port only, runs
as the ``postgres`` user when the tests run as root, and is stopped at the end of the session.
The tests skip (with the reason) only where PostgreSQL or PostGIS is not installed.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import watchmap as wm

PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS = Path("/usr/share/postgresql/15/extension/postgis.control")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgis():
    if not (PG_BIN / "initdb").exists() or not POSTGIS.exists():
        pytest.skip("PostgreSQL 15 + PostGIS 3 not installed (Debian: postgresql-15-postgis-3; scripts/setup.sh)")
    as_root = os.geteuid() == 0
    if as_root and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL as another user")
    folder = Path(tempfile.mkdtemp(prefix="watchmap-pg-"))
    data = folder / "data"
    port = _free_port()
    user = "postgres" if as_root else None

    def run(*args, check=True):
        cmd = ["runuser", "-u", user, "--", *map(str, args)] if user else list(map(str, args))
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)

    if user:
        shutil.chown(folder, user)
    run(PG_BIN / "initdb", "-D", data, "-A", "trust", "-U", "watchmap", "--no-sync", "-E", "UTF8")
    run(PG_BIN / "pg_ctl", "-D", data, "-w", "-t", "60", "-l", folder / "log", "-o",
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} -c fsync=off", "start")
    try:
        run(PG_BIN / "createdb",
            "-h", "127.0.0.1", "-p", port, "-U", "watchmap", "district")
        run(PG_BIN / "psql", "-h", "127.0.0.1", "-p", port, "-U", "watchmap", "-d", "district", "-v", "ON_ERROR_STOP=1",
            "-c", "CREATE EXTENSION postgis; CREATE SCHEMA security;")
        yield f"PG:dbname=district host=127.0.0.1 port={port} user=watchmap"
    finally:
        run(PG_BIN / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop", check=False)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def district():
    return wm.datasets.demo_district(seed=0)


def test_demo_layers_round_trip_through_postgis(postgis, district):
    for name in ("hamlets", "communes", "boundary"):
        layer = getattr(district, name)
        layer.write(postgis, layer=f"security.{name}")
        back = wm.read_polygons(postgis, layer=f"security.{name}")
        assert len(back) == len(layer) and back.crs == layer.crs
        np.testing.assert_allclose(back.areas(), layer.areas(), rtol=1e-12)
        common = [c for c in layer.attributes.columns if c in back.attributes.columns]
        assert len(common) == len(layer.attributes.columns)
        assert back.attributes[common].astype(str).equals(layer.attributes[common].astype(str))
    district.incidents.write(postgis, layer="security.incidents")
    back = wm.read_points(postgis, layer="security.incidents", time="date")
    assert np.array_equal(back.x, district.incidents.x) and np.array_equal(back.time, district.incidents.time)
    # other tables survive a layer write in both modes; "a" adds rows
    district.teams.write(postgis, layer="security.teams")
    district.teams[:5].write(postgis, layer="security.teams", mode="a")
    assert len(wm.read_points(postgis, layer="security.teams")) == len(district.teams) + 5
    assert len(wm.read_polygons(postgis, layer="security.hamlets")) == len(district.hamlets)


def test_sql_query(postgis, district):
    district.incidents.write(postgis, layer="security.incidents_q")
    tips = wm.read_points(postgis, sql="SELECT * FROM security.incidents_q WHERE source = 'tip'", time="date")
    expected = int((district.incidents.attributes["source"] == "tip").sum())
    assert len(tips) == expected > 0
    with pytest.raises(wm.InvalidInputError, match="the query failed"):
        wm.read_points(postgis, sql="SELECT * FROM security.no_such_table")


def test_read_under_a_concurrent_writer(postgis, district):
    district.hamlets.write(postgis, layer="security.busy")
    errors = []

    def writer():
        try:
            for _ in range(5):
                district.hamlets.write(postgis, layer="security.busy")
        except Exception as e:   # pragma: no cover - reported below
            errors.append(e)

    t = threading.Thread(target=writer)
    t.start()
    sizes = set()
    while t.is_alive():
        try:
            sizes.add(len(wm.read_polygons(postgis, layer="security.busy")))
        except wm.InvalidInputError as e:   # the table may be between DROP and CREATE: never half-written
            assert "no layer" in str(e)
    t.join()
    assert not errors
    assert sizes <= {len(district.hamlets)}     # a reader sees the whole table or none, never a part


def test_bad_connection_string_is_a_clear_error_without_a_hang():
    start = time.monotonic()
    with pytest.raises(wm.IoError, match=r"cannot open PG:.*password=\*\*\*"):
        wm.read_points("PG:dbname=nothing host=127.0.0.1 port=1 user=x password=secret")
    with pytest.raises(wm.IoError) as info:
        # a non-routable address: libpq would wait for minutes; connect_timeout stops it
        wm.read_points("PG:dbname=nothing host=10.255.255.1 port=5432 user=x connect_timeout=2")
    assert "secret" not in str(info.value)
    assert time.monotonic() - start < 30
