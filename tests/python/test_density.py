"""watchmap.kde/bandwidth/kde_ratio through the Python API: oracle, units, edge cases, bad input."""
import numpy as np
import pandas as pd
import pytest

import watchmap as wm

COLUMNS = {"quartic_per_km2": "quartic", "epanechnikov_per_km2": "epanechnikov",
           "triangular_per_km2": "triangular", "uniform_per_km2": "uniform",
           "triweight_per_km2": "triweight", "gaussian_per_km2": "gaussian",
           "quartic_weighted_per_km2": "quartic"}


@pytest.fixture(scope="module")
def oracle(request):
    from conftest import shared_file

    pts = pd.read_csv(shared_file("oracle/kde/points.csv"))
    dens = pd.read_csv(shared_file("oracle/kde/density.csv"))
    return pts, dens


@pytest.mark.parametrize("column", list(COLUMNS))
def test_matches_the_brute_force_oracle(oracle, column):
    pts, dens = oracle
    points = wm.PointSet(pts["x"].to_numpy(), pts["y"].to_numpy(), crs="local")
    grid = wm.Grid(xmin=500000.0, ymin=2440000.0, cell_size_m=500.0, ncols=48, nrows=32)
    weight = pts["weight"].to_numpy() if "weighted" in column else None
    r = wm.kde(points, grid, bandwidth_m=800.0, kernel=COLUMNS[column], weight=weight, method="exact")
    ours = r.values[31 - dens["row"].to_numpy(), dens["col"].to_numpy()]  # oracle row 0 is the southern row
    expected = dens[column].to_numpy()
    assert np.max(np.abs(ours - expected)) <= 1e-9 * np.max(expected)
    # the cell centres agree too
    np.testing.assert_array_equal(grid.x_centers[dens["col"].to_numpy()], dens["x"].to_numpy())
    np.testing.assert_array_equal(grid.y_centers[31 - dens["row"].to_numpy()], dens["y"].to_numpy())


def test_edge_case_points_of_the_oracle(oracle):
    """On a cell centre, on a cell corner, outside the grid, duplicated: each as its own surface."""
    pts, dens = oracle
    grid = wm.Grid(xmin=500000.0, ymin=2440000.0, cell_size_m=500.0, ncols=48, nrows=32)
    for x, y in [(512250.0, 2448250.0), (512000.0, 2448000.0), (499600.0, 2443000.0)]:
        r = wm.kde(wm.PointSet([x], [y]), grid, bandwidth_m=800.0, method="exact")
        xc, yc = np.meshgrid(grid.x_centers, grid.y_centers)
        u2 = ((xc - x) ** 2 + (yc - y) ** 2) / 800.0 ** 2
        direct = np.where(u2 <= 1, 3 / (np.pi * 800.0 ** 2) * (1 - u2) ** 2, 0.0) * 1e6
        # Equal to the direct sum to 1e-12 of the peak (the per-row polynomial path sums in another
        # order; relative to a cell's own tiny value at the support's rim it may differ more).
        np.testing.assert_allclose(r.values, direct, rtol=0, atol=1e-12 * direct.max())
        assert np.array_equal(r.values == 0, direct == 0)  # the same cells are touched
    outside = wm.kde(wm.PointSet([499600.0], [2443000.0]), grid, bandwidth_m=800.0)
    assert outside.values.max() > 0, "a point 400 m west of the grid still contributes"


def test_units_per_km2_and_expected_counts():
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=10.0, ncols=200, nrows=200)
    pts = wm.PointSet([1000.0, 1003.0], [1000.0, 990.0])
    per_km2 = wm.kde(pts, grid, bandwidth_m=300.0)
    counts = wm.kde(pts, grid, bandwidth_m=300.0, output="expected_counts")
    np.testing.assert_allclose(counts.values, per_km2.values * 1e-4)  # 10 m cells = 1e-4 km²
    assert counts.values.sum() == pytest.approx(2.0, rel=1e-3)
    # peak of one quartic point: 3/(π h²) per m² = 3e6/(π·300²) per km²
    one = wm.kde(wm.PointSet([1005.0], [1005.0]), grid, bandwidth_m=300.0)
    assert one.values.max() == pytest.approx(3e6 / (np.pi * 300.0 ** 2), rel=1e-12)
    assert one.bandwidth_m == 300.0 and one.kernel == "quartic" and one.method == "exact"


def test_bandwidth_rules():
    p = wm.PointSet([0, 3, 0, 3, 1.5], [0, 0, 4, 4, 2], crs="local")
    expected = 0.9 * min(np.sqrt(5.0), np.sqrt(1 / np.log(2)) * 2.5) * 5 ** -0.2
    assert wm.bandwidth(p) == pytest.approx(expected, rel=1e-12)
    assert wm.bandwidth(p, "scott", kernel="gaussian") == pytest.approx(np.sqrt(2.5) * 5 ** (-1 / 6), rel=1e-12)
    r = wm.kde(p, wm.Grid(xmin=-5.0, ymin=-5.0, cell_size_m=0.5, ncols=30, nrows=30))
    assert r.bandwidth_m == pytest.approx(expected)
    grid = wm.Grid(xmin=-5.0, ymin=-5.0, cell_size_m=0.5, ncols=30, nrows=30)
    assert wm.kde(p, grid, bandwidth_rule="silverman").bandwidth_m == pytest.approx(wm.bandwidth(p, "silverman"))
    with pytest.warns(DeprecationWarning, match="bandwidth_rule"):  # the old name still works
        assert wm.kde(p, grid, bandwidth="silverman").bandwidth_m == pytest.approx(wm.bandwidth(p, "silverman"))
    with pytest.raises(wm.InvalidInputError, match="unknown bandwidth rule"):
        wm.bandwidth(p, "sklearn")


def test_bandwidth_is_metres_for_lon_lat_and_feet_layers():
    rng = np.random.default_rng(4)
    utm = wm.PointSet(587000 + rng.normal(0, 2000, 500), 2455000 + rng.normal(0, 2000, 500), crs="EPSG:32648")
    h = wm.bandwidth(utm)
    assert 500 < h < 2000
    assert wm.bandwidth(utm.to_crs("EPSG:4326")) == pytest.approx(h, rel=1e-3)  # not 0.0074 degrees
    assert wm.bandwidth(utm.to_crs("EPSG:2223")) == pytest.approx(h, rel=2e-3)  # not h / 0.3048 feet
    lonlat_grid_points = utm.to_crs("EPSG:4326")
    grid = wm.Grid.covering(lonlat_grid_points, 100.0, margin_m=1000.0)
    assert grid.crs == "EPSG:32648"
    density = wm.kde(utm.to_crs("EPSG:2223"), grid, bandwidth_m=1000.0)
    np.testing.assert_allclose(density.values, wm.kde(utm, grid, bandwidth_m=1000.0).values, rtol=1e-6, atol=1e-9)


def test_density_is_a_raster_with_how_it_was_made():
    import copy
    import pickle

    p = wm.PointSet([100.0, 250.0, 400.0], [100.0, 300.0, 150.0], crs="EPSG:32648")
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=10.0, ncols=50, nrows=50, crs="EPSG:32648")
    d = wm.kde(p, grid, bandwidth_m=150.0)
    assert isinstance(d, wm.Raster) and isinstance(d, wm.Density)
    assert (d.bandwidth_m, d.kernel, d.method, d.output, d.error_bound) == (150.0, "quartic", "exact", "per_km2", 0.0)
    for clone in (copy.copy(d), copy.deepcopy(d), pickle.loads(pickle.dumps(d))):
        assert type(clone) is wm.Density and clone.bandwidth_m == 150.0 and clone.kernel == "quartic"
        assert np.array_equal(clone.values, d.values) and clone.grid == d.grid
    assert "bandwidth_m=150" in repr(d) and "quartic" in d._repr_html_()


def test_points_that_carry_weights_are_weighted_unless_told_otherwise():
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=10.0, ncols=50, nrows=50)
    p = wm.PointSet([100.0, 250.0], [100.0, 300.0], weight=[1.0, 4.0])
    weighted = wm.kde(p, grid, bandwidth_m=100.0)
    counted = wm.kde(p, grid, bandwidth_m=100.0, weight=None)
    cell = 1e-6 * 10.0 * 10.0  # km² per cell
    assert weighted.values.sum() * cell == pytest.approx(5.0, rel=1e-3)
    assert counted.values.sum() * cell == pytest.approx(2.0, rel=1e-3)
    hamlet = wm.PolygonSet([0, 500, 500, 0, 0], [0, 0, 500, 500, 0], [0, 5], [0, 1], [0, 1])
    assert wm.count(p, hamlet)["weight_sum"].tolist() == [5.0]
    assert "weight_sum" not in wm.count(p, hamlet, weight=None)


def test_weight_equals_duplicated_points():
    p = wm.PointSet([100.0, 250.0, 400.0], [100.0, 300.0, 150.0], weight=[1, 3, 1])
    dup = wm.PointSet([100.0, 250.0, 250.0, 250.0, 400.0], [100.0, 300.0, 300.0, 300.0, 150.0])
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=20.0, ncols=30, nrows=25)
    a = wm.kde(p, grid, weight="weight")
    b = wm.kde(dup, grid)
    np.testing.assert_allclose(a.values, b.values, rtol=0, atol=1e-12 * b.values.max())


def test_mask_and_grid_defaults():
    d = wm.datasets.demo_district(seed=0)
    grid = wm.Grid.covering(d.boundary, margin_m=500.0)
    b = d.boundary.bounds
    assert grid.cell_size_m == pytest.approx(min(b[2] - b[0], b[3] - b[1]) / 250.0)
    r = wm.kde(d.incidents, grid, mask=d.boundary)
    inside = wm.locate(wm.PointSet(*[a.ravel() for a in np.meshgrid(grid.x_centers, grid.y_centers)], crs=d.crs),
                       d.boundary).reshape(grid.shape) >= 0
    assert np.isnan(r.values[~inside]).all() and np.isfinite(r.values[inside]).all()
    assert np.isnan(r.nodata)


def test_binned_close_to_exact_and_threads_identical():
    rng = np.random.default_rng(4)
    xy = np.concatenate([rng.normal(5000, 500, (20000, 2)), rng.uniform(0, 10000, (20000, 2))])
    pts = wm.PointSet(xy[:, 0], xy[:, 1])
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=40.0, ncols=250, nrows=250)
    exact = wm.kde(pts, grid, bandwidth_m=1000.0, method="exact")
    binned = wm.kde(pts, grid, bandwidth_m=1000.0, method="binned")
    assert binned.method == "binned"
    err = np.abs(binned.values - exact.values).max() / exact.values.max()
    assert err <= wm._core._binned_error_bound("quartic", 25.0) and err <= 0.005
    one = wm.kde(pts, grid, bandwidth_m=1000.0, threads=1)
    two = wm.kde(pts, grid, bandwidth_m=1000.0, threads=2)
    assert np.array_equal(one.values, two.values)


def test_progress_callback_and_cancel():
    rng = np.random.default_rng(1)
    pts = wm.PointSet(rng.uniform(0, 10000, 200000), rng.uniform(0, 10000, 200000))
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=20.0, ncols=500, nrows=500)
    seen = []
    wm.kde(pts, grid, bandwidth_m=400.0, method="exact", progress=seen.append)
    assert seen and seen[-1] == 1.0 and all(0 <= f <= 1 for f in seen)
    with pytest.raises(wm.CancelledError, match="kde was cancelled"):
        wm.kde(pts, grid, bandwidth_m=400.0, method="exact", progress=lambda f: False)

    def boom(fraction):
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        wm.kde(pts, grid, bandwidth_m=400.0, method="exact", progress=boom)


def test_bad_input():
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=10.0, ncols=10, nrows=10)
    p = wm.PointSet([50.0, 60.0], [50.0, 40.0])
    with pytest.raises(wm.InvalidInputError, match="empty"):
        wm.kde(wm.PointSet([], []), grid, bandwidth_m=10.0)
    for h in (0.0, -5.0, np.nan, np.inf):
        with pytest.raises(wm.InvalidInputError, match="bandwidth"):
            wm.kde(p, grid, bandwidth_m=h)
    with pytest.raises(wm.InvalidInputError, match="row 1 is NaN"):
        wm.kde(p, grid, bandwidth_m=20.0, weight=[1.0, np.nan])
    with pytest.raises(wm.InvalidInputError, match="unknown kernel"):
        wm.kde(p, grid, bandwidth_m=20.0, kernel="cosine")
    huge = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=0.01, ncols=1 << 20, nrows=1 << 19)
    with pytest.raises(wm.InvalidInputError, match=r"needs about \d+\.\d GB \(\d+ bytes\)"):
        wm.kde(p, huge, bandwidth_m=20.0)
    with pytest.raises(wm.CrsError):
        wm.kde(wm.PointSet([1.0], [1.0], crs="EPSG:32648"), grid, bandwidth_m=20.0)
    with pytest.warns(wm.WatchmapWarning, match="smaller than a cell"):
        wm.kde(p, grid, bandwidth_m=5.0)


def test_points_in_lon_lat_are_projected_to_the_grid():
    lonlat = wm.PointSet([105.85, 105.86], [22.2, 22.21], crs="EPSG:4326")
    utm = lonlat.to_crs("EPSG:32648")
    grid = wm.Grid.covering(utm, 50.0, margin_m=2000.0)
    assert np.array_equal(wm.kde(lonlat, grid, bandwidth_m=800.0).values, wm.kde(utm, grid, bandwidth_m=800.0).values)


def test_kde_ratio_incidents_per_resident():
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=50.0, ncols=100, nrows=100)
    residents = wm.PointSet([2500.0, 2500.0], [2500.0, 2500.0])
    incidents = wm.PointSet([2500.0], [2500.0])
    r = wm.kde_ratio(incidents, residents, grid, bandwidth_m=1000.0, resident_weight=[500, 500])
    # same kernel, same place: the ratio is 1 incident per 1000 residents wherever defined
    finite = np.isfinite(r.values)
    np.testing.assert_allclose(r.values[finite], 1.0)
    assert not finite.all(), "far cells fall below the residents floor and are nodata"


def test_ctrl_c_interrupts_a_long_kde(ctrl_c):
    import os
    import signal

    rng = np.random.default_rng(2)
    pts = wm.PointSet(rng.uniform(0, 10000, 300000), rng.uniform(0, 10000, 300000))
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=20.0, ncols=500, nrows=500)
    sent = []

    def press_ctrl_c(fraction):
        if not sent:
            sent.append(fraction)
            os.kill(os.getpid(), signal.SIGINT)  # what Ctrl-C does; the next poll must notice it

    with pytest.raises(KeyboardInterrupt):
        wm.kde(pts, grid, bandwidth_m=500.0, method="exact", progress=press_ctrl_c)
