"""GDAL never talks to the user's terminal: its warnings become WatchmapWarning, its errors IoError
(issue 12). Checked in a subprocess whose file descriptor 2 is captured, since GDAL writes to
stderr below Python's sys.stderr."""
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import watchmap as wm

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import json, sys, warnings
    import numpy as np, pandas as pd
    import watchmap as wm
    folder = sys.argv[1]
    open(f"{folder}/open_ring.geojson", "w").write(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1},'
        '"geometry":{"type":"Polygon","coordinates":[[[580000,2450000],[580100,2450000],[580100,2450100]]]}}]}')
    open(f"{folder}/not_a_raster.tif", "w").write("hello")
    out = {"warnings": [], "errors": []}
    calls = {
        "open ring": lambda: wm.read_polygons(f"{folder}/open_ring.geojson", crs="EPSG:32648"),
        "date in shapefile": lambda: wm.PointSet([580000.0], [2450000.0], crs="EPSG:32648", time=[86400 * 365])
                                      .write(f"{folder}/t.shp"),
        "bad raster": lambda: wm.read_raster(f"{folder}/not_a_raster.tif"),
        "bad crs": lambda: wm.Crs("EPSG:999999"),
        "bad proj": lambda: wm.Crs("+proj=nothing"),
        "missing layer": lambda: wm.read_points(f"{folder}/t.shp", layer="nope"),
        "zip": lambda: wm.read_points("/vsizip/" + folder + "/none.zip/a.shp"),
        "bad gpkg": lambda: wm.read_polygons(f"{folder}/not_a_raster.tif"),
    }
    for name, call in calls.items():
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            try:
                call()
            except Exception as e:
                out["errors"].append([name, type(e).__name__, str(e)])
        out["warnings"] += [[name, w.category.__name__, str(w.message)] for w in seen]
    print(json.dumps(out))
""")


def test_gdal_messages_become_python_warnings_and_errors_never_stderr(tmp_path):
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "python"), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""                       # nothing reached file descriptor 2
    out = json.loads(run.stdout)
    def warned(name, text):
        return any(n == name and cls == "WatchmapWarning" and text in message for n, cls, message in out["warnings"])

    assert warned("open ring", "open_ring.geojson, layer 'open_ring': GDAL: Non closed ring")
    assert warned("date in shapefile", "t.shp: GDAL: Field time create as date field")
    errors = {name: (cls, text) for name, cls, text in out["errors"]}
    assert errors["bad raster"][0] == "IoError" and "not_a_raster.tif" in errors["bad raster"][1]
    assert errors["bad crs"][0] == "CrsError" and "999999" in errors["bad crs"][1]
    assert errors["bad proj"][0] == "CrsError"
    assert errors["missing layer"][0] == "InvalidInputError"
    assert errors["zip"][0] == "IoError"
    assert errors["bad gpkg"][0] == "IoError"
