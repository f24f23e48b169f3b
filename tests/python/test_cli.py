"""``python3 -m watchmap report`` on bad input: one line ``watchmap: error: ...`` naming the file
and column, exit code 2, no traceback, and an earlier report in --out left exactly as it was.
Also the good paths that the report tests do not take (--district, single files)."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import watchmap as wm

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.children   # every test runs `python -m watchmap` in a child process


def _cli(args, env, prefix=()):
    return subprocess.run([*prefix, sys.executable, "-m", "watchmap", *map(str, args)], capture_output=True,
                          text=True, timeout=300, env=env)


def _digest(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def earlier(demo_report):
    """A finished report in a folder of its own (readable by everyone), and its fingerprint."""
    parent = Path(tempfile.mkdtemp(prefix="watchmap-earlier-"))
    os.chmod(parent, 0o755)
    out = parent / "report"
    shutil.copytree(demo_report.out, out)
    for d in [out, *[p for p in out.rglob("*") if p.is_dir()]]:
        os.chmod(d, 0o755)
    yield out, _digest(out)
    shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="module")
def data(demo_report, tmp_path_factory):
    """The demo district's input files, to break one at a time."""
    folder = tmp_path_factory.mktemp("inputs")
    shutil.copytree(demo_report.out / "data", folder / "good")
    return folder


def _broken(data: Path, name: str, edit) -> Path:
    folder = data / name
    if not folder.exists():
        shutil.copytree(data / "good", folder)
        edit(folder)
    return folder


def _files(folder: Path):
    return ["--hamlets", folder / "hamlets.gpkg", "--teams", folder / "teams.csv",
            "--incidents", folder / "incidents.csv", "--dem", folder / "dem.tif"]


def _teams_without_lon(f):
    t = pd.read_csv(f / "teams.csv")
    t.rename(columns={"lon": "x"}).to_csv(f / "teams.csv", index=False)


def _hamlets_without_population(f):
    gpkg = f / "hamlets.gpkg"
    h = wm.read_polygons(gpkg, layer="hamlets")
    h.attributes = h.attributes.rename(columns={"population": "dan_so"})
    keep = {n: wm.read_polygons(gpkg, layer=n) for n in ("communes", "district")}
    gpkg.unlink()
    h.write(gpkg, layer="hamlets")
    for n, layer in keep.items():
        layer.write(gpkg, layer=n)


def _team_outside(f):
    t = pd.read_csv(f / "teams.csv")
    t.loc[3, "lon"] += 0.4                                   # ~40 km east
    t.to_csv(f / "teams.csv", index=False)


def _incidents_in_utm(f):
    inc = pd.read_csv(f / "incidents.csv")
    pts = wm.read_points(f / "incidents.csv", x="lon", y="lat", crs="EPSG:4326", to_crs="EPSG:32648")
    inc["lon"], inc["lat"] = np.asarray(pts.x), np.asarray(pts.y)       # projected metres under lon/lat
    inc.to_csv(f / "incidents.csv", index=False)


def _incidents_elsewhere(f):
    inc = pd.read_csv(f / "incidents.csv")
    inc["lat"] -= 1.0                                        # valid lon/lat, 110 km south
    inc.to_csv(f / "incidents.csv", index=False)


CASES = {
    # name: (how to break the inputs, extra arguments, words the one line must contain)
    "missing file": (None, lambda d: ["--hamlets", d / "good" / "hamlets.gpkg", "--teams", d / "good" / "nope.csv",
                                      "--incidents", d / "good" / "incidents.csv"], ["nope.csv", "file not found"]),
    "missing folder": (None, lambda d: ["--district", d / "no-such-district"], ["no-such-district", "no such folder"]),
    "wrong team columns": (_teams_without_lon, None, ["teams.csv", "no column 'lon'", "columns: "]),
    "wrong hamlet columns": (_hamlets_without_population, None,
                             ["hamlets.gpkg", "layer 'hamlets'", "no column 'population'", "dan_so"]),
    "team outside the district": (_team_outside, None, ["teams.csv", "outside the district", "T-BT-01-04"]),
    "incidents in another CRS": (_incidents_in_utm, None, ["incidents.csv", "out of range for EPSG:4326"]),
    "incidents elsewhere": (_incidents_elsewhere, None, ["incidents.csv", "outside the district", "coordinate system"]),
    "year without incidents": (None, lambda d: ["--district", d / "good", "--year", "1999"], ["--year 1999", "2023–2025"]),
    "files without --teams": (None, lambda d: ["--hamlets", d / "good" / "hamlets.gpkg"], ["--teams is required"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_line_exit_2_and_the_earlier_report_survives(case, data, earlier, demo_report):
    edit, args, words = CASES[case]
    out, before = earlier
    args = _files(_broken(data, case.replace(" ", "_"), edit)) if args is None else args(data)
    run = _cli(["report", *args, "--out", out, "--no-pdf", "--quiet"], demo_report.env)
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 2, run.stderr
    assert len(lines) == 1 and lines[0].startswith("watchmap: error: "), run.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert _digest(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["report"]       # no temporary folder left


def test_non_writable_output_folder(earlier, demo_report):
    out, before = earlier
    env = dict(demo_report.env)
    prefix = ()
    if os.geteuid() == 0:                     # root writes anywhere: run the command as 'nobody'
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv")
        home = Path(tempfile.mkdtemp(prefix="watchmap-nobody-"))
        os.chmod(home, 0o777)
        env.update(HOME=str(home), MPLCONFIGDIR=str(home))
        prefix = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
    else:
        os.chmod(out.parent, 0o555)
    try:
        run = _cli(["report", "--demo", "--out", out, "--no-pdf", "--quiet"], env, prefix)
    finally:
        os.chmod(out.parent, 0o755)
        if prefix:
            shutil.rmtree(home, ignore_errors=True)
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 2, run.stderr
    assert len(lines) == 1 and "cannot write the report there" in lines[0] and str(out.parent) in lines[0], lines
    assert _digest(out) == before


def test_district_folder_gives_the_demo_numbers(data, demo_report, tmp_path):
    out = tmp_path / "from-folder"
    run = _cli(["report", "--district", data / "good", "--out", out, "--no-pdf", "--dpi", "30", "--quiet",
                "--lang", "vi"], demo_report.env)
    assert run.returncode == 0, run.stderr
    import json

    facts = json.loads((out / "summary.json").read_text(encoding="utf-8"))["facts"]
    demo = demo_report.summary["facts"]
    assert facts["incidents"] == demo["incidents"]
    for k in ("hamlets", "communes", "teams", "residents"):
        assert facts["summary"][k] == demo["summary"][k]
    # lon/lat written with 9 decimals (0.1 mm): the bandwidth agrees far below a metre
    assert facts["density"]["bandwidth_m"] == pytest.approx(demo["density"]["bandwidth_m"], abs=1e-3)
    # the folder's households, DEM and roads give the demo's coverage and placement
    for key in ("residents_share_distance", "residents_share_time", "area_share_time"):
        assert facts["coverage"][key] == pytest.approx(demo["coverage"][key], abs=1e-4), key
    assert facts["placement"]["gain_per_pick"] == pytest.approx(demo["placement"]["gain_per_pick"])
    assert not (out / "data").exists()                    # only the demo ships its input files


def test_single_files_read_like_the_folder(data):
    from watchmap.report import _inputs

    good = data / "good"
    a = _inputs.load(district=good)
    b = _inputs.load(hamlets=good / "hamlets.gpkg", teams=good / "teams.csv", incidents=good / "incidents.csv",
                     dem=good / "dem.tif", roads=good / "roads.gpkg")
    assert a.district.crs == b.district.crs
    for layer in ("hamlets", "communes", "teams", "incidents", "roads"):
        assert len(getattr(a.district, layer)) == len(getattr(b.district, layer))
    np.testing.assert_array_equal(np.asarray(a.district.incidents.x), np.asarray(b.district.incidents.x))
    assert b.sources["dem"].endswith("dem.tif") and b.sources["roads"].endswith("roads.gpkg") and not b.synthetic
    assert a.district.roads.crs == a.district.crs


def test_help_and_console_script():
    run = _cli(["report", "--help"], {**os.environ, "PYTHONPATH": str(ROOT / "python")})
    assert run.returncode == 0 and "--new-teams" in run.stdout and "--lang" in run.stdout
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, func = scripts["watchmap"].split(":")
    import importlib

    assert callable(getattr(importlib.import_module(module), func))
