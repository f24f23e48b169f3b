"""The bound core types: construction, validation, zero-copy views, CRS handling."""
import copy
import pickle

import numpy as np
import pytest

import watchmap as wm


def test_pointset_coordinates_are_zero_copy_read_only_views():
    x = np.linspace(580000, 581000, 1000)
    p = wm.PointSet(x, x + 1.0, crs="EPSG:32648")
    a, b = p.x, p.x
    assert a.base is p
    assert np.shares_memory(a, b), "two reads of .x must view the same buffer"
    assert a.__array_interface__["data"][0] == b.__array_interface__["data"][0]
    assert not a.flags.writeable
    np.testing.assert_array_equal(a, x)
    with pytest.raises(ValueError):
        a[0] = 1.0


def test_views_keep_the_owner_alive():
    p = wm.PointSet([1.0, 2.0], [3.0, 4.0])
    y = p.y
    del p
    assert y.tolist() == [3.0, 4.0]


def test_non_finite_coordinates_name_the_row():
    with pytest.raises(wm.InvalidInputError, match="row 2"):
        wm.PointSet([0.0, 1.0, np.nan], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="row 0"):  # InvalidInputError is a ValueError
        wm.PointSet([np.inf], [0.0])
    with pytest.raises(wm.InvalidInputError, match="expected 2 values"):
        wm.PointSet([0.0, 1.0], [0.0])
    with pytest.raises(wm.InvalidInputError, match="1-D"):
        wm.PointSet(np.zeros((2, 2)), np.zeros((2, 2)))


def test_weight_and_time():
    p = wm.PointSet([0.0, 1.0], [0.0, 1.0], weight=[2, 3],
                    time=np.array(["2024-01-01", "2024-01-02"], dtype="datetime64[s]").astype(np.int64))
    assert p.weight.tolist() == [2.0, 3.0]
    assert (p.time[1] - p.time[0]) == np.timedelta64(1, "D")   # datetimes (issue 12), not seconds
    with pytest.raises(wm.InvalidInputError, match="row 1"):
        p.weight = [1.0, np.nan]
    p.weight = None
    assert p.weight is None


def test_empty_pointset():
    p = wm.PointSet(np.array([]), np.array([]))
    assert len(p) == 0
    assert all(np.isnan(p.bounds))


def test_polygonset_from_arrays_areas_holes_and_parts():
    # unit square; 3x3 square with 1x1 hole; two-part multipolygon (1 + 4)
    x = [0, 1, 1, 0, 0, 3, 6, 6, 3, 3, 4, 4, 5, 5, 4, 10, 11, 11, 10, 10, 12, 14, 14, 12, 12]
    y = [0, 0, 1, 1, 0, 0, 0, 3, 3, 0, 1, 2, 2, 1, 1, 0, 0, 1, 1, 0, 0, 0, 2, 2, 0]
    rings = [0, 5, 10, 15, 20, 25]
    parts = [0, 1, 3, 4, 5]
    features = [0, 1, 2, 4]
    ps = wm.PolygonSet(x, y, rings, parts, features)
    assert len(ps) == 3
    np.testing.assert_allclose(ps.areas(), [1.0, 8.0, 5.0])
    assert ps.num_parts == 4 and ps.num_rings == 5
    assert ps.feature_bounds(2) == (10.0, 0.0, 14.0, 2.0)
    assert ps.feature_offsets.base is ps
    with pytest.raises(IndexError):
        ps.feature_bounds(3)
    with pytest.raises(wm.InvalidInputError, match="not closed"):
        wm.PolygonSet([0, 1, 1, 0], [0, 0, 1, 1], [0, 4], [0, 1], [0, 1])


def test_crs_inputs_and_errors():
    import pyproj

    utm = wm.Crs("EPSG:32648")
    assert utm.epsg == 32648 and utm.is_metric and not utm.is_geographic
    assert wm.Crs(32648) == utm
    assert wm.Crs(pyproj.CRS.from_epsg(32648)) == utm
    assert utm == "EPSG:32648"
    assert wm.utm_crs(105.85, 22.2) == utm
    assert wm.Crs() == wm.Crs(None)
    assert wm.Crs().is_empty
    assert pickle.loads(pickle.dumps(utm)) == utm
    with pytest.raises(wm.CrsError, match="unknown CRS"):
        wm.Crs("EPSG:999999")
    with pytest.raises(wm.InvalidInputError):
        wm.utm_crs(22.2, 105.85)  # swapped


def test_to_crs_matches_pyproj_to_a_millimetre():
    import pyproj

    lon = np.array([105.652, 105.85, 106.049])
    lat = np.array([22.087, 22.2, 22.318])
    p = wm.PointSet(lon, lat, crs="EPSG:4326").to_crs("EPSG:32648")
    tx, ty = pyproj.Transformer.from_crs(4326, 32648, always_xy=True).transform(lon, lat)
    np.testing.assert_allclose(p.x, tx, atol=1e-3, rtol=0)
    np.testing.assert_allclose(p.y, ty, atol=1e-3, rtol=0)
    back = p.to_crs("EPSG:4326")
    np.testing.assert_allclose(back.x, lon, atol=1e-9)


def test_mixing_local_frame_and_crs_is_an_error():
    p = wm.PointSet([1.0], [2.0])
    with pytest.raises(wm.CrsError, match="local frame"):
        p.to_crs("EPSG:32648")


def test_grid_and_raster():
    g = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=100.0, ncols=4, nrows=3, crs="EPSG:32648")
    assert g.shape == (3, 4) and g.xmax == 400.0 and g.ymax == 300.0
    assert g.y_centers.tolist() == [250.0, 150.0, 50.0]  # row 0 is north
    r = wm.Raster(np.arange(12.0).reshape(3, 4), g, nodata=-1.0)
    v = r.values
    assert v.base is r and v.flags.writeable
    v[0, 0] = 42.0
    assert r.values[0, 0] == 42.0, "values is a view, not a copy"
    with pytest.raises(wm.InvalidInputError, match=r"shape \(3, 4\)"):
        wm.Raster(np.zeros((4, 3)), g)
    with pytest.raises(wm.InvalidInputError, match="positive"):
        wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=-5.0, ncols=4, nrows=3)
    cov = wm.Grid.covering((1005.0, 2003.0, 1234.0, 2100.0), 100.0, margin_m=50.0)
    assert (cov.xmin, cov.ymin, cov.ncols, cov.nrows) == (900.0, 1900.0, 4, 3)
    c = copy.deepcopy(r)
    c.values[0, 0] = 0.0
    assert r.values[0, 0] == 42.0


def test_grid_too_large_is_refused_with_the_estimate():
    g = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=1.0, ncols=1 << 20, nrows=1 << 19)
    with pytest.raises(wm.InvalidInputError, match=r"needs about 4398\.0 GB \(4398046511104 bytes\)"):
        wm.Raster.full(g)
    small = wm.Raster.full(wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=1.0, ncols=3, nrows=2), 7.0, nodata=-1.0)
    assert small.values.sum() == 42.0 and small.nodata == -1.0


def test_exception_hierarchy():
    assert issubclass(wm.InvalidInputError, wm.WatchmapError)
    assert issubclass(wm.InvalidInputError, ValueError)
    assert issubclass(wm.IoError, OSError)
    assert issubclass(wm.CrsError, ValueError)
    assert issubclass(wm.GeometryError, ValueError)
    assert issubclass(wm.WatchmapWarning, UserWarning)


def test_repr_and_html():
    p = wm.PointSet([580000.0], [2450000.0], crs="EPSG:32648")
    assert "PointSet(1 points, crs=EPSG:32648" in repr(p)
    assert "UTM zone 48N" in p._repr_html_()
    r = wm.Raster(np.ones((2, 2)), wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=1.0, ncols=2, nrows=2))
    assert "Raster(2 x 2" in repr(r)
    assert "mean 1" in r._repr_html_()
