"""Writes never lose a user's data (issue 12).

A GeoPackage is SQLite: QGIS keeps it open (often in WAL mode), other programs hold transactions.
The old writer copied the file, changed the copy and renamed it over the original: with a -wal
beside it the result was a corrupt database ("malformed database schema"), and another process's
committed table was silently lost. These tests reproduce both with a real second process and
check that every write now goes through SQLite's own locks, touches only its layer, and that
single-file formats keep their atomic replace, permissions and read-only protection.
"""
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import watchmap as wm

ROOT = Path(__file__).resolve().parents[2]

osgeo = pytest.importorskip("osgeo", reason="python3-gdal runs the second process holding the GeoPackage open")

# A second process that holds the GeoPackage open in WAL mode with an edit, as QGIS does.
WAL_HOLDER = textwrap.dedent("""
    import sys
    from osgeo import gdal
    gdal.UseExceptions()
    gdal.SetConfigOption("OGR_SQLITE_JOURNAL", "WAL")
    ds = gdal.OpenEx(sys.argv[1], gdal.OF_VECTOR | gdal.OF_UPDATE)
    layer = ds.GetLayerByName("communes")
    feature = layer.GetNextFeature()
    feature.SetField(0, feature.GetField(0))
    layer.SetFeature(feature)
    ds.FlushCache()
    print("ready", flush=True)
    sys.stdin.readline()
    ds = None
""")

# A second process holding SQLite's write lock (BEGIN IMMEDIATE or EXCLUSIVE) while it creates a
# table of its own; it commits when told.
SQLITE_LOCKER = textwrap.dedent("""
    import sqlite3, sys
    c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
    c.execute("BEGIN " + sys.argv[2])
    c.execute("CREATE TABLE their_work(x INTEGER)")
    c.execute("INSERT INTO their_work VALUES (42)")
    print("locked", flush=True)
    sys.stdin.readline()
    c.execute("COMMIT")
    print("committed", flush=True)
""")


class Second:
    """A helper process running `code` on `path`; stopped (told to finish) on exit."""

    def __init__(self, code, *args):
        self.proc = subprocess.Popen([sys.executable, "-c", code, *map(str, args)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        assert line in ("ready", "locked"), self.proc.stderr.read()

    def finish(self):
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        self.proc.stdin.close()
        out = self.proc.stdout.read()
        assert self.proc.wait(timeout=30) == 0, self.proc.stderr.read()
        return out

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.finish()


def _tables(path):
    with sqlite3.connect(path) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}


@pytest.fixture(scope="module")
def district():
    return wm.datasets.demo_district(seed=0)


@pytest.fixture
def gpkg(tmp_path, district):
    path = tmp_path / "a.gpkg"
    district.hamlets.write(path, layer="hamlets")
    district.communes.write(path, layer="communes")
    return path


@pytest.mark.parametrize("mode", ["w", "a"])
def test_write_into_a_geopackage_held_open_in_wal_mode_keeps_it_intact(gpkg, district, mode):
    with Second(WAL_HOLDER, gpkg) as qgis:
        assert os.path.exists(f"{gpkg}-wal")
        district.communes.write(gpkg, layer="communes", mode=mode)
        district.boundary.write(gpkg, layer="district")
        qgis.finish()
    assert sorted(wm.list_layers(gpkg)) == ["communes", "district", "hamlets"]
    assert {"communes", "district", "hamlets"} <= _tables(gpkg)
    expected = len(district.communes) * (2 if mode == "a" else 1)
    assert len(wm.read_polygons(gpkg, layer="communes")) == expected
    assert len(wm.read_polygons(gpkg, layer="hamlets")) == len(district.hamlets)


@pytest.mark.parametrize("lock", ["IMMEDIATE", "EXCLUSIVE"])
def test_a_locked_geopackage_is_a_clear_error_and_the_other_commit_survives(gpkg, district, lock):
    with Second(SQLITE_LOCKER, gpkg, lock) as other:
        with pytest.raises(wm.IoError, match=r"a.gpkg.*locked by another program.*Nothing was written"):
            district.boundary.write(gpkg, layer="district", lock_timeout_s=0.3)
        assert "committed" in other.finish()
    tables = _tables(gpkg)
    assert "their_work" in tables and "district" not in tables
    assert sorted(wm.list_layers(gpkg)) == ["communes", "hamlets", "their_work"]


def test_a_lock_released_within_the_timeout_is_waited_for(gpkg, district):
    other = Second(SQLITE_LOCKER, gpkg, "IMMEDIATE")
    import threading

    threading.Timer(0.5, other.finish).start()
    district.boundary.write(gpkg, layer="district", lock_timeout_s=10.0)
    other.proc.wait(timeout=30)
    assert {"their_work", "district", "hamlets", "communes"} <= _tables(gpkg)


def test_layer_write_touches_that_layer_only(gpkg, district):
    d = district
    d.boundary.write(gpkg, layer="hamlets")                      # mode="w": replaces hamlets only
    assert sorted(wm.list_layers(gpkg)) == ["communes", "hamlets"]
    assert len(wm.read_polygons(gpkg, layer="hamlets")) == 1
    assert len(wm.read_polygons(gpkg, layer="communes")) == len(d.communes)
    d.communes[:3].write(gpkg, layer="communes", mode="a")       # adds rows
    back = wm.read_polygons(gpkg, layer="communes")
    assert len(back) == len(d.communes) + 3
    assert back.attributes.iloc[-3:].reset_index(drop=True).equals(
        d.communes[:3].attributes.reset_index(drop=True)) or \
        back.attributes["commune"].tolist()[-3:] == d.communes[:3].attributes["commune"].tolist()
    d.teams.write(gpkg, layer="teams", mode="a")                  # a missing layer is created
    assert sorted(wm.list_layers(gpkg)) == ["communes", "hamlets", "teams"]
    assert {"rtree_teams_geom", "rtree_hamlets_geom", "rtree_communes_geom"} <= _tables(gpkg)  # indexed
    d.teams.write(gpkg, layer="it's", mode="w")                   # quotes in a name
    assert "rtree_it's_geom" in _tables(gpkg)


def test_append_checks_crs_geometry_and_fields(gpkg, district):
    with pytest.raises(wm.CrsError, match="layer 'communes'.*EPSG:4326"):
        district.communes.to_crs("EPSG:4326").write(gpkg, layer="communes", mode="a")
    with pytest.raises(wm.InvalidInputError, match="holds Polygon|holds Multi"):
        district.teams.write(gpkg, layer="communes", mode="a")
    extra = district.communes.assign(new_column=1)
    with pytest.raises(wm.InvalidInputError, match="no field 'new_column'"):
        extra.write(gpkg, layer="communes", mode="a")
    assert len(wm.read_polygons(gpkg, layer="communes")) == len(district.communes)  # unchanged


def test_deprecated_append_flag_means_add_rows(gpkg, district):
    with pytest.warns(DeprecationWarning, match="mode='a'"):
        district.communes[:2].write(gpkg, layer="communes", append=True)
    assert len(wm.read_polygons(gpkg, layer="communes")) == len(district.communes) + 2
    with pytest.raises(wm.InvalidInputError, match="mode must be 'w'.*or 'a'"):
        district.communes.write(gpkg, layer="communes", mode="x")


def test_read_only_geopackage_says_why(gpkg, district):
    os.chmod(gpkg, 0o444)
    try:
        with pytest.raises(wm.IoError, match="a.gpkg.*read-only"):
            district.boundary.write(gpkg, layer="district")
    finally:
        os.chmod(gpkg, 0o644)
    assert sorted(wm.list_layers(gpkg)) == ["communes", "hamlets"]


def test_cancelled_write_changes_nothing(gpkg, district):
    calls = []

    def stop(fraction):
        calls.append(fraction)
        return False

    with pytest.raises(wm.CancelledError):
        district.hamlets.write(gpkg, layer="communes", progress=stop)
    assert calls
    assert len(wm.read_polygons(gpkg, layer="communes")) == len(district.communes)


# --- single-file formats: temp file + rename, mode kept, read-only refused ------------------------

@pytest.mark.parametrize("ext", [".geojson", ".csv", ".fgb", ".shp", ".tif"])
def test_single_file_replace_keeps_mode_and_refuses_read_only(tmp_path, district, ext):
    path = tmp_path / f"out{ext}"

    def write():
        if ext == ".tif":
            district.dem.write(path)
        else:
            district.teams.write(path)

    write()
    os.chmod(path, 0o640)
    write()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    os.chmod(path, 0o444)
    before = path.read_bytes()
    with pytest.raises(wm.IoError, match=r"out\%s.*read-only \(mode 0444\)" % ext):
        write()
    assert path.read_bytes() == before and stat.S_IMODE(os.stat(path).st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("ext", [".geojson", ".csv", ".shp"])
def test_single_file_append_adds_rows(tmp_path, district, ext):
    path = tmp_path / f"teams{ext}"
    teams = district.teams
    teams.write(path)
    teams[:4].write(path, mode="a")
    kwargs = {"x": "X", "y": "Y", "crs": teams.crs} if ext == ".csv" else {}
    back = wm.read_points(path, **kwargs)
    assert len(back) == len(teams) + 4
    np.testing.assert_allclose(back.x[-4:], teams.x[:4])


def test_flatgeobuf_append_is_refused_with_the_reason(tmp_path, district):
    path = tmp_path / "teams.fgb"
    district.teams.write(path)
    with pytest.raises(wm.InvalidInputError, match="FlatGeobuf files cannot be extended"):
        district.teams.write(path, mode="a")


APPEND_AS_CHILD = textwrap.dedent("""
    import sys
    import watchmap as wm
    teams = wm.read_points(sys.argv[1])
    try:
        teams.write(sys.argv[1], mode="a")
    except wm.IoError as e:
        print(e)
        raise SystemExit(3)
""")


def test_errors_give_the_reason_not_a_bare_filesystem_error(tmp_path, district):
    # A file where the temporary copy would go cannot be created: an IoError with the reason.
    # Root writes into any folder, so as root the append runs in a child as 'nobody'.
    as_root = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="watchmap-ro-")) if as_root else tmp_path
    folder = base / "ro"
    folder.mkdir()
    path = folder / "teams.geojson"
    district.teams.write(path)
    os.chmod(base, 0o755)
    os.chmod(path, 0o644)
    os.chmod(folder, 0o555)
    try:
        if as_root:
            assert shutil.which("setpriv"), "setpriv (util-linux) runs the child as nobody"
            env = {"PYTHONPATH": str(ROOT / "python"), "PATH": "/usr/bin:/bin", "HOME": str(base),
                   "MPLCONFIGDIR": str(base)}
            run = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable,
                                  "-c", APPEND_AS_CHILD, str(path)], capture_output=True, text=True, env=env,
                                 timeout=120)
            assert run.returncode == 3, run.stdout + run.stderr
            message = run.stdout
        else:
            with pytest.raises(wm.IoError) as caught:
                district.teams.write(path, mode="a")
            message = str(caught.value)
        assert re.search(r"teams.geojson: cannot create a file in folder .*Permission denied", message), message
    finally:
        os.chmod(folder, 0o755)
        if as_root:
            shutil.rmtree(base, ignore_errors=True)


def test_new_geopackage_has_no_journal_beside_it(tmp_path, district, monkeypatch):
    monkeypatch.setenv("OGR_SQLITE_JOURNAL", "WAL")
    path = tmp_path / "new.gpkg"
    district.hamlets.write(path, layer="hamlets")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.gpkg"]
    assert len(wm.read_polygons(path, layer="hamlets")) == len(district.hamlets)


def test_district_write_updates_an_open_geopackage_in_place(tmp_path, district):
    paths = district.write(tmp_path / "d")
    with Second(WAL_HOLDER, paths["hamlets"]) as qgis:
        district.write(tmp_path / "d")
        qgis.finish()
    assert sorted(wm.list_layers(paths["hamlets"])) == ["communes", "district", "hamlets"]
    assert len(wm.read_district(tmp_path / "d").hamlets) == len(district.hamlets)
