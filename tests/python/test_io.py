"""Readers and writers through the Python API: formats, attributes, CRS rules, bad input."""
import os

import numpy as np
import pandas as pd
import pytest

import watchmap as wm


def _squares(crs="EPSG:32648"):
    """Two adjacent 100 m squares, one 300 m square with a hole, one two-part multipolygon."""
    def sq(x0, y0, s):
        return [x0, x0 + s, x0 + s, x0, x0], [y0, y0, y0 + s, y0 + s, y0]

    rings = [sq(0, 0, 100), sq(100, 0, 100), sq(300, 0, 300),
             ([400, 400, 500, 500, 400], [100, 200, 200, 100, 100]), sq(1000, 0, 100), sq(1200, 0, 200)]
    x = np.concatenate([r[0] for r in rings]) + 580000.0
    y = np.concatenate([r[1] for r in rings]) + 2450000.0
    ps = wm.PolygonSet(x, y, np.arange(0, 31, 5), [0, 1, 2, 4, 5, 6], [0, 1, 2, 3, 5], crs=crs)
    ps.attributes = pd.DataFrame({
        "hamlet": ["Nà Pài", "Khuổi Cò", "Bản Vẻn", "Pác Cáp"],
        "population": pd.array([120, 340, None, 95], dtype="Int64"),
        "share": [0.5, 0.25, 1.0, 0.125],
        "gong": [True, False, True, False],
        "launched": pd.to_datetime(["2024-05-01", "2024-06-15 08:30", None, "2023-01-01"]),
    })
    return ps


@pytest.mark.parametrize("ext", [".gpkg", ".geojson", ".shp", ".fgb"])
def test_polygon_round_trip(tmp_path, ext):
    ps = _squares()
    path = tmp_path / f"hamlets{ext}"
    if ext == ".shp":  # shapefiles hold dates without a time of day: GDAL's warning is passed on
        with pytest.warns(wm.WatchmapWarning, match="hamlets.shp: GDAL: Field launched create as date field"):
            ps.write(path)
    else:
        ps.write(path)
    back = wm.read_polygons(path)
    assert len(back) == 4 and back.num_rings == 6 and back.num_parts == 5
    np.testing.assert_allclose(back.areas(), [1e4, 1e4, 8e4, 5e4])
    assert back.crs == "EPSG:32648"
    a = back.attributes
    assert a["hamlet"].tolist() == ["Nà Pài", "Khuổi Cò", "Bản Vẻn", "Pác Cáp"]
    assert a["population"].isna().tolist() == [False, False, True, False]
    assert a["population"].iloc[1] == 340
    assert a["share"].tolist() == [0.5, 0.25, 1.0, 0.125]
    if ext != ".shp":  # shapefiles have no boolean or time-of-day
        assert a["gong"].tolist() == [True, False, True, False]
        assert a["launched"].iloc[1] == pd.Timestamp("2024-06-15 08:30")


def test_points_csv_lonlat_to_utm(tmp_path):
    path = tmp_path / "teams.csv"
    path.write_text("team_id,lon,lat,date,members\nT1,105.85,22.2,2024-03-01,5\nT2,105.9,22.25,2024-03-02,4\n")
    teams = wm.read_points(path, x="lon", y="lat", crs="EPSG:4326", time="date", to_crs="utm")
    assert teams.crs == "EPSG:32648"
    assert teams.x[0] == pytest.approx(587616.47198604, abs=1e-3)
    assert teams.attributes["members"].tolist() == [5, 4]
    assert teams.attributes["lon"].tolist() == [105.85, 105.9]  # source columns are kept
    assert np.diff(teams.time).tolist() == [86400 * 10**9]  # datetime64[ns]


@pytest.mark.parametrize("ext", [".gpkg", ".geojson", ".fgb", ".shp"])
def test_points_round_trip(tmp_path, ext):
    p = wm.PointSet([580000.0, 580010.5], [2450000.0, 2450020.25], crs="EPSG:32648", weight=[1.0, 2.5])
    p.attributes = pd.DataFrame({"category": ["theft", "tip"], "n": [1, 2]})
    p.write(tmp_path / f"incidents{ext}")
    back = wm.read_points(tmp_path / f"incidents{ext}", weight="weight")
    np.testing.assert_array_equal(back.x, p.x)
    np.testing.assert_array_equal(back.y, p.y)
    assert back.weight.tolist() == [1.0, 2.5]
    assert back.attributes["category"].tolist() == ["theft", "tip"]
    assert back.crs == p.crs


def test_geopackage_layers(tmp_path):
    path = tmp_path / "district.gpkg"
    _squares().write(path, layer="hamlets")
    wm.union_all(_squares()).write(path, layer="district")
    assert sorted(wm.list_layers(path)) == ["district", "hamlets"]
    assert len(wm.read_polygons(path, layer="district")) == 1
    with pytest.raises(wm.InvalidInputError, match="name one with layer="):
        wm.read_polygons(path)
    with pytest.raises(wm.InvalidInputError, match=r"no layer 'communes'.*district, hamlets|no layer 'communes'"):
        wm.read_polygons(path, layer="communes")


def test_raster_round_trip(tmp_path):
    g = wm.Grid(xmin=580000.0, ymin=2450000.0, cell_size_m=30.0, ncols=5, nrows=4, crs="EPSG:32648")
    values = np.arange(20.0).reshape(4, 5)
    values[1, 2] = np.nan
    for dtype in ["float64", "float32"]:
        wm.Raster(values, g).write(tmp_path / f"dem_{dtype}.tif", dtype=dtype)
        back = wm.read_raster(tmp_path / f"dem_{dtype}.tif")
        assert back.grid == g
        np.testing.assert_array_equal(np.isnan(back.values), np.isnan(values))
        np.testing.assert_allclose(back.values[~np.isnan(values)], values[~np.isnan(values)])
    ints = wm.Raster(np.arange(20.0).reshape(4, 5), g, nodata=-1.0)
    ints.write(tmp_path / "ids.tif", dtype="int32")
    back = wm.read_raster(tmp_path / "ids.tif")
    assert back.nodata == -1.0 and back.values.tolist() == ints.values.tolist()
    with pytest.raises(wm.InvalidInputError, match="dtype"):
        ints.write(tmp_path / "x.tif", dtype="int8")


def test_raster_to_crs():
    g = wm.Grid(xmin=580000.0, ymin=2450000.0, cell_size_m=100.0, ncols=20, nrows=20, crs="EPSG:32648")
    r = wm.Raster(np.full((20, 20), 5.0), g)
    geo = r.to_crs("EPSG:4326", resampling="nearest")
    assert geo.crs.is_geographic
    inner = geo.values[2:-2, 2:-2]
    assert np.all(inner == 5.0)


# --- bad input: each names the file, layer, field or row -------------------------------------

def test_missing_file(tmp_path):
    with pytest.raises(wm.IoError, match="file not found: .*nowhere.gpkg"):
        wm.read_polygons(tmp_path / "nowhere.gpkg")
    with pytest.raises(OSError):
        wm.read_raster(tmp_path / "nowhere.tif")


def test_unreadable_file(tmp_path):
    bad = tmp_path / "bad.gpkg"
    bad.write_bytes(b"\x00not a geopackage")
    with pytest.raises(wm.IoError, match="bad.gpkg"):
        wm.read_polygons(bad)


def _csv(tmp_path, text):
    path = tmp_path / "incidents.csv"
    path.write_text(text)
    return path


@pytest.mark.parametrize("body, message", [
    ("lon,lat\n105.8,22.1\n105.9,abc\n", r"incidents.csv.*line 3\): field 'lat' value 'abc' is not a decimal number"),
    ("lon,lat\n105.8,22.1\n105.9,NaN\n", r"line 3\): field 'lat' value 'NaN' is NaN"),
    ("lon,lat\n105.8,22.1\n105.9,\n", r"line 3\): field 'lat' is empty"),
    ("lon,lat\n22.1,105.8\n", r"line 2\): latitude 105.8 / longitude 22.1 .* swapped"),
    ("lon,lat\n", r"empty layer"),
])
def test_bad_csv_values(tmp_path, body, message):
    with pytest.raises(wm.InvalidInputError, match=message):
        wm.read_points(_csv(tmp_path, body), x="lon", y="lat", crs="EPSG:4326")


def test_unknown_field_lists_the_fields(tmp_path):
    with pytest.raises(wm.InvalidInputError, match=r"no field 'latitude' for y \(fields: lon, lat\)"):
        wm.read_points(_csv(tmp_path, "lon,lat\n105.8,22.1\n"), x="lon", y="latitude", crs="EPSG:4326")


def test_degrees_without_crs_is_an_error_with_a_hint(tmp_path):
    path = _csv(tmp_path, "lon,lat\n105.8,22.1\n")
    with pytest.raises(wm.CrsError, match="crs='EPSG:4326'"):
        wm.read_points(path, x="lon", y="lat")
    local = wm.read_points(path, x="lon", y="lat", crs="local")
    assert local.crs.is_empty


def test_invalid_polygon_is_repaired_with_a_warning_or_raises_when_strict(tmp_path):
    path = tmp_path / "bowtie.gpkg"
    bowtie = wm.PolygonSet([580000, 580100, 580100, 580000, 580000], [2450000, 2450100, 2450000, 2450100, 2450000],
                           [0, 5], [0, 1], [0, 1], crs="EPSG:32648")
    bowtie.write(path)
    with pytest.warns(wm.WatchmapWarning, match=r"bowtie.gpkg, layer 'bowtie': feature 0 .*Self-intersection"):
        repaired = wm.read_polygons(path)
    assert repaired.areas()[0] == pytest.approx(5000.0)
    assert wm.validity_problems(repaired) == [""]
    with pytest.raises(wm.GeometryError, match="feature 0 is an invalid polygon"):
        wm.read_polygons(path, strict=True)


def test_mixed_crs_layers_are_not_silently_mixed():
    local = _squares(crs=None)
    utm = _squares()
    with pytest.raises(wm.CrsError):
        wm.clip(local, utm)
    with pytest.raises(wm.CrsError, match="local frame"):
        local.to_crs("EPSG:4326")


def test_failed_write_leaves_nothing(tmp_path):
    with pytest.raises(wm.IoError, match="does not exist"):
        _squares().write(tmp_path / "missing" / "h.gpkg")
    with pytest.raises(wm.InvalidInputError, match="extension"):
        _squares().write(tmp_path / "h.xyz")
    assert os.listdir(tmp_path) == []


def test_write_replaces_atomically(tmp_path):
    path = tmp_path / "h.gpkg"
    _squares().write(path)
    _squares().take([0]).write(path)
    assert len(wm.read_polygons(path)) == 1
    assert os.listdir(tmp_path) == ["h.gpkg"]


def test_inputs_are_not_modified(tmp_path):
    path = _csv(tmp_path, "lon,lat\n105.8,22.1\n")
    before = path.read_bytes(), os.stat(path).st_mtime_ns
    wm.read_points(path, x="lon", y="lat", crs="EPSG:4326")
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before


def test_skip_invalid_rows_drops_them_with_one_warning(tmp_path):
    path = _csv(tmp_path, "id,lon,lat\n1,105.8,22.1\n2,,\n3,105.9,abc\n4,22.1,105.8\n5,105.7,22.3\n")
    with pytest.warns(wm.WatchmapWarning, match=r"skipped 3 of 5 rows .* first: .*line 3\): field 'lon' is empty"):
        p = wm.read_points(path, x="lon", y="lat", crs="EPSG:4326", skip_invalid=True)
    assert p.attributes["id"].tolist() == [1, 5]
    assert p.x.tolist() == [105.8, 105.7]


def test_text_coordinates_read_the_same_in_a_comma_decimal_locale(tmp_path):
    # A notebook that calls locale.setlocale(locale.LC_ALL, "vi_VN.UTF-8") — or any comma-decimal
    # locale — made the strict parser's strtod read "105.85" as 105: text coordinates (a column with
    # one bad row, read with skip_invalid=True) were silently truncated to whole degrees.
    import subprocess
    import sys
    from pathlib import Path

    locales = tmp_path / "locales"
    locales.mkdir()
    made = subprocess.run(["localedef", "-i", "vi_VN", "-f", "UTF-8", str(locales / "vi_VN.UTF-8")],
                          capture_output=True, text=True)
    assert (locales / "vi_VN.UTF-8").exists(), made.stderr      # `locales` is in scripts/setup.sh
    csv = tmp_path / "teams.csv"
    csv.write_text("lon,lat\n105.85,22.25\nn/a,22.30\n105.8625,22.2575\n")
    script = (
        "import locale, warnings, watchmap as wm\n"
        "locale.setlocale(locale.LC_ALL, 'vi_VN.UTF-8')\n"
        "assert locale.localeconv()['decimal_point'] == ','\n"
        "warnings.simplefilter('ignore')\n"
        f"p = wm.read_points({str(csv)!r}, x='lon', y='lat', crs='EPSG:4326', skip_invalid=True)\n"
        "print(repr(list(p.x)), repr(list(p.y)))\n")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env={**os.environ, "LOCPATH": str(locales), "PYTHONPATH": str(root / "python")})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["[105.85,", "105.8625]", "[22.25,", "22.2575]"]
