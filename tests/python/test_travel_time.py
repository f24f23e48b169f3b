"""watchmap.travel_time and isochrones: the terrain oracle, an independent scipy Dijkstra for both
directions, flat-ground error bounds, roads and friction, CRS handling, bad input."""
from __future__ import annotations

import pickle

import numpy as np
import pytest
import scipy.sparse
import scipy.sparse.csgraph

import watchmap as wm

BASES = [(60, 70), (150, 220), (245, 105)]


def read_ascii_grid(path) -> tuple:
    """(values as float64, header) of an ESRI ASCII grid (GDAL would read the decimals as float32)."""
    with open(path) as f:
        header = {}
        for _ in range(6):
            key, value = f.readline().split()
            header[key.lower()] = float(value)
        values = np.loadtxt(f)
    return values, header


@pytest.fixture(scope="module")
def oracle(request):
    from conftest import shared_file

    dem_values, h = read_ascii_grid(shared_file("oracle/terrain/dem_300x300_30m.asc"))
    ref, _ = read_ascii_grid(shared_file("oracle/terrain/tobler_time_from_sources_min.asc"))
    grid = wm.Grid(xmin=h["xllcorner"], ymin=h["yllcorner"], cell_size_m=h["cellsize"], ncols=int(h["ncols"]),
                   nrows=int(h["nrows"]))
    return wm.Raster(dem_values, grid), ref


def centres(grid, cells, crs=None):
    rows, cols = np.array(cells).T
    return wm.PointSet(np.asarray(grid.x_centers)[cols], np.asarray(grid.y_centers)[rows], crs=crs)


def scipy_reference(z, cell, sources, *, factor=0.6, reverse=False, neighbours=8):
    """Minutes by scipy's Dijkstra on an explicit graph: A[u, v] = time of the move u → v (edges
    reversed for to_source), built with numpy from the definition."""
    nr, nc = z.shape
    moves = [(0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1)]
    if neighbours == 16:
        moves += [(1, 2), (1, -2), (-1, 2), (-1, -2), (2, 1), (2, -1), (-2, 1), (-2, -1)]
    rows, cols, times = [], [], []
    idx = np.arange(nr * nc).reshape(nr, nc)
    for dr, dc in moves:
        r0, r1 = max(0, -dr), nr - max(0, dr)
        c0, c1 = max(0, -dc), nc - max(0, dc)
        u = idx[r0:r1, c0:c1]
        v = idx[r0 + dr:r1 + dr, c0 + dc:c1 + dc]
        length = cell * np.hypot(dr, dc)
        slope = (z[r0 + dr:r1 + dr, c0 + dc:c1 + dc] - z[r0:r1, c0:c1]) / length
        speed = 6.0 * np.exp(-3.5 * np.abs(slope + 0.05)) * factor
        rows.append(u.ravel())
        cols.append(v.ravel())
        times.append((length / 1000.0 / speed * 60.0).ravel())
    rows, cols, times = np.concatenate(rows), np.concatenate(cols), np.concatenate(times)
    ok = np.isfinite(times)
    graph = scipy.sparse.csr_matrix((times[ok], (rows[ok], cols[ok])), shape=(nr * nc, nr * nc))
    if reverse:
        graph = graph.T.tocsr()
    starts = [r * nc + c for r, c in sources]
    return scipy.sparse.csgraph.dijkstra(graph, indices=starts, min_only=True).reshape(nr, nc)


def test_oracle_three_bases(oracle):
    dem, ref = oracle
    tt = wm.travel_time(dem, centres(dem.grid, BASES), off_path_factor=1.0)
    assert np.abs(tt.minutes.values - ref).max() <= 1e-9
    assert tt.direction == "from_source" and tt.neighbours == 8 and tt.off_path_factor == 1.0
    near = tt.nearest.values
    for k, (r, c) in enumerate(BASES):
        assert near[r, c] == k and tt.minutes.values[r, c] == 0.0
    # the default off-path factor divides every time by 0.6
    slow = wm.travel_time(dem, centres(dem.grid, BASES))
    assert np.allclose(slow.minutes.values, ref / 0.6, rtol=1e-9, atol=1e-9)


def test_oracle_straight_line_counts(oracle):
    dem, _ = oracle
    tt = wm.travel_time(dem, centres(dem.grid, BASES), off_path_factor=1.0)
    assert (tt.minutes.values <= 30.0).sum() == 30617        # the README's terrain count


def test_hand_case_three_by_three():
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=30.0, ncols=3, nrows=3)
    dem = wm.Raster(np.array([[100, 103, 110], [100, 100, 95], [90, 100, 130]], float), grid)
    tt = wm.travel_time(dem, centres(grid, [(1, 1)]), off_path_factor=1.0)
    expected = np.array([[0.5054029666976504, 0.5071376545137274, 1.1532207699604855],
                         [0.35737386498370743, 0.0, 0.4512925541333883],
                         [0.8126609414073985, 0.35737386498370743, 6.0042918395323355]])
    np.testing.assert_array_max_ulp(tt.minutes.values, expected, maxulp=2)


@pytest.mark.parametrize("neighbours", [8, 16])
def test_both_directions_against_scipy(oracle, neighbours):
    dem, _ = oracle
    z = dem.values[100:190, 40:150].copy()
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=30.0, ncols=z.shape[1], nrows=z.shape[0])
    small = wm.Raster(z, grid)
    sources = [(10, 12), (70, 90)]
    out = wm.travel_time(small, centres(grid, sources), neighbours=neighbours)
    back = wm.travel_time(small, centres(grid, sources), neighbours=neighbours, direction="to_source")
    ref_out = scipy_reference(z, 30.0, sources, neighbours=neighbours)
    ref_back = scipy_reference(z, 30.0, sources, neighbours=neighbours, reverse=True)
    np.testing.assert_allclose(out.minutes.values, ref_out, rtol=1e-12)
    np.testing.assert_allclose(back.minutes.values, ref_back, rtol=1e-12)
    # walking is anisotropic: the two directions differ where slopes are asymmetric
    assert np.abs(out.minutes.values - back.minutes.values).max() > 1.0
    assert back.direction == "to_source"


def test_oracle_reverse_direction_differs(oracle):
    dem, _ = oracle
    out = wm.travel_time(dem, centres(dem.grid, BASES), off_path_factor=1.0)
    back = wm.travel_time(dem, centres(dem.grid, BASES), off_path_factor=1.0, direction="to_source")
    diff = np.abs(out.minutes.values - back.minutes.values).max()
    assert 20.0 < diff < 30.0                      # the README: up to 26 minutes on this DEM


def test_flat_ground_error_bounds():
    n, cell = 161, 10.0
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=cell, ncols=n, nrows=n)
    flat = wm.Raster(np.full((n, n), 300.0), grid)
    src = centres(grid, [(80, 80)])
    t8 = wm.travel_time(flat, src, off_path_factor=1.0).minutes.values
    t16 = wm.travel_time(flat, src, off_path_factor=1.0, neighbours=16).minutes.values
    rr, cc = np.mgrid[0:n, 0:n]
    straight = np.hypot(rr - 80, cc - 80) * cell / 1000.0 / (6.0 * np.exp(-3.5 * 0.05)) * 60.0
    away = straight > 0
    err8 = (t8[away] - straight[away]) / straight[away]
    err16 = (t16[away] - straight[away]) / straight[away]
    assert err8.min() >= -1e-12 and err8.max() <= 0.083
    assert err16.min() >= -1e-12 and err16.max() <= 0.028
    assert (t16 <= t8 + 1e-12).all()               # 16 neighbours never arrive later


def test_sixteen_never_slower_on_terrain(oracle):
    dem, _ = oracle
    t8 = wm.travel_time(dem, centres(dem.grid, BASES)).minutes.values
    t16 = wm.travel_time(dem, centres(dem.grid, BASES), neighbours=16).minutes.values
    assert (t16 <= t8 + 1e-9).all() and (t16 < t8 - 1e-6).mean() > 0.5


def test_max_minutes_and_threads(oracle):
    dem, _ = oracle
    full = wm.travel_time(dem, centres(dem.grid, BASES), threads=1)
    part = wm.travel_time(dem, centres(dem.grid, BASES), max_minutes=20.0, threads=2)
    m = full.minutes.values <= 20.0
    assert np.array_equal(part.minutes.values[m], full.minutes.values[m])
    assert np.isnan(part.minutes.values[~m]).all() and (part.nearest.values[~m] == -1).all()
    assert part.max_minutes == 20.0 and full.max_minutes == np.inf


def test_nodata_is_impassable_and_nearest_labels():
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=30.0, ncols=7, nrows=5)
    z = np.full((5, 7), 100.0)
    z[:, 3] = -9999.0                               # a wall of nodata
    dem = wm.Raster(z, grid, nodata=-9999.0)
    tt = wm.travel_time(dem, centres(grid, [(2, 0), (2, 6)]))
    assert np.isnan(tt.minutes.values[:, 3]).all()
    assert (tt.nearest.values[:, :3] == 0).all() and (tt.nearest.values[:, 4:] == 1).all()


def test_roads_as_speed_raster_and_friction():
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=30.0, ncols=50, nrows=3)
    dem = wm.Raster(np.full((3, 50), 100.0), grid)
    src = centres(grid, [(1, 0)])
    walk = wm.travel_time(dem, src, off_path_factor=1.0).minutes.values[1, 49]
    road = np.full((3, 50), np.nan)
    road[1, :] = 30.0                               # a road ridden at 30 km/h along the middle row
    ride = wm.travel_time(dem, src, roads=wm.Raster(road, grid)).minutes.values[1, 49]
    assert ride == pytest.approx(49 * 30.0 / 1000.0 / 30.0 * 60.0, rel=1e-12)
    road[1, :] = 0.0                                # walked: Tobler on a path, no off-path factor
    path = wm.travel_time(dem, src, roads=wm.Raster(road, grid)).minutes.values[1, 49]
    assert path == pytest.approx(walk, rel=1e-12)
    friction = wm.Raster(np.full((3, 50), 2.0), grid)
    slow = wm.travel_time(dem, src, off_path_factor=1.0, friction=friction).minutes.values[1, 49]
    assert slow == pytest.approx(2.0 * walk, rel=1e-12)


def test_sources_in_lonlat_and_feet_are_reprojected_never_the_dem():
    utm = wm.Grid(xmin=580000.0, ymin=2450000.0, cell_size_m=30.0, ncols=40, nrows=40, crs="EPSG:32648")
    rng = np.random.default_rng(0)
    dem = wm.Raster(200.0 + rng.uniform(0, 20, (40, 40)), utm)
    src = centres(utm, [(5, 5), (30, 20)], crs="EPSG:32648")
    base = wm.travel_time(dem, src)
    lonlat = wm.travel_time(dem, src.to_crs("EPSG:4326"))
    assert np.array_equal(base.minutes.values, lonlat.minutes.values)
    assert lonlat.minutes.crs == dem.crs
    np.testing.assert_allclose(lonlat.source_x, src.x, atol=1e-6)
    feet = wm.travel_time(dem, src.to_crs("EPSG:2223"))           # NAD83 / Arizona Central (ft)
    assert np.array_equal(base.minutes.values, feet.minutes.values)


def test_dem_not_in_metres_or_crs_mismatch():
    utm = wm.Grid(xmin=580000.0, ymin=2450000.0, cell_size_m=30.0, ncols=5, nrows=5, crs="EPSG:32648")
    dem = wm.Raster(np.full((5, 5), 100.0), utm)
    geographic = dem.to_crs("EPSG:4326")
    with pytest.raises(wm.CrsError, match="not in metres"):
        wm.travel_time(geographic, wm.PointSet([105.2], [22.15], crs="EPSG:4326"))
    no_crs = wm.Raster(np.full((5, 5), 100.0), wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=30.0, ncols=5, nrows=5))
    with pytest.raises(wm.CrsError):
        wm.travel_time(no_crs, wm.PointSet([580045.0], [2450045.0], crs="EPSG:32648"))
    with pytest.raises(wm.CrsError):
        wm.travel_time(dem, wm.PointSet([45.0], [45.0]))


def test_bad_sources_are_named():
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=30.0, ncols=5, nrows=5)
    z = np.full((5, 5), 100.0)
    z[2, 2] = np.nan
    dem = wm.Raster(z, grid)
    teams = wm.PointSet([15.0, 500.0], [15.0, 15.0]).assign(team_id=["T-1", "T-2"])
    with pytest.raises(wm.InvalidInputError, match=r"source 1 \(team_id 'T-2'\).*outside the DEM"):
        wm.travel_time(dem, teams)
    with pytest.raises(wm.InvalidInputError, match="source 0.*impassable"):
        wm.travel_time(dem, wm.PointSet([75.0], [75.0]))


@pytest.mark.parametrize("kwargs, error", [
    ({"neighbours": 4}, wm.InvalidInputError),
    ({"off_path_factor": 0.0}, wm.InvalidInputError),
    ({"off_path_factor": 1.5}, wm.InvalidInputError),
    ({"max_minutes": -5}, wm.InvalidInputError),
    ({"direction": "sideways"}, wm.InvalidInputError),
    ({"threads": -1}, wm.InvalidInputError),
    ({"threads": 1.5}, TypeError),
    ({"road_speeds_kmh": {"trail": 5}}, wm.InvalidInputError),
    ({"roads": "roads.gpkg"}, TypeError),
])
def test_bad_arguments(kwargs, error):
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=30.0, ncols=5, nrows=5)
    dem = wm.Raster(np.full((5, 5), 100.0), grid)
    with pytest.raises(error):
        wm.travel_time(dem, wm.PointSet([15.0], [15.0]), **kwargs)


def test_type_checks():
    with pytest.raises(TypeError, match="dem must be a Raster"):
        wm.travel_time(np.zeros((3, 3)), wm.PointSet([0.0], [0.0]))
    with pytest.raises(TypeError, match="travel_time must be a TravelTime"):
        wm.isochrones(np.zeros(3))


def test_isochrones_bands_match_cell_counts(oracle):
    dem, _ = oracle
    tt = wm.travel_time(dem, centres(dem.grid, BASES), off_path_factor=1.0)
    bands = wm.isochrones(tt, minutes=[10, 20, 30])
    frame = bands.attributes
    assert frame["minutes"].tolist() == [10.0, 20.0, 30.0]
    assert frame["from_minutes"].tolist() == [0.0, 10.0, 20.0]
    t = tt.minutes.values
    counts = [(t <= 10).sum(), ((t > 10) & (t <= 20)).sum(), ((t > 20) & (t <= 30)).sum()]
    np.testing.assert_allclose(bands.areas(), np.array(counts) * 900.0)
    assert sum(counts) == 30617
    assert all(p == "" for p in wm.validity_problems(bands))
    gdf = bands.to_geopandas()
    assert gdf.geometry.area.sum() == pytest.approx(sum(counts) * 900.0)


def test_progress_cancel_and_pickle(oracle):
    dem, _ = oracle
    seen = []
    tt = wm.travel_time(dem, centres(dem.grid, BASES), progress=lambda f: seen.append(f))
    assert seen and seen[-1] == 1.0
    with pytest.raises(wm.CancelledError):
        wm.travel_time(dem, centres(dem.grid, BASES), progress=lambda f: False)
    again = pickle.loads(pickle.dumps(tt))
    assert np.array_equal(again.minutes.values, tt.minutes.values, equal_nan=True)
    assert again.graph.passable_cells == tt.graph.passable_cells == 90000
    rerun = wm._core._reachable_points(again.graph, centres(dem.grid, BASES[:1]), centres(dem.grid, [(60, 75)]),
                                       30.0, "from_source")
    assert list(rerun.target) == [0] and rerun.minutes[0] == pytest.approx(tt.minutes.values[60, 75])
    assert "TravelTime(" in repr(tt)


def test_empty_sources_reach_nothing():
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=30.0, ncols=4, nrows=4)
    tt = wm.travel_time(wm.Raster(np.full((4, 4), 1.0), grid), wm.PointSet([], []))
    assert np.isnan(tt.minutes.values).all() and (tt.nearest.values == -1).all()
