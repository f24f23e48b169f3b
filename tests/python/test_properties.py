"""Property tests of the Python API (hypothesis): random point sets, degenerate polygons, huge and
tiny coordinates. Derandomized (the same examples on every run) and small, so the file runs in a
few seconds; each property is checked against a brute force or an exact invariant.

Exact references use lattice coordinates (quarter units) and axis-parallel polygons, where every
boundary test is exact in floating point; scaling by powers of two keeps them exact, so the same
answers must come back at 2^-500 and at 2^40 (huge and tiny coordinates).
"""
import warnings

import numpy as np
import pytest
import shapely.geometry as sg
import shapely.ops
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import watchmap as wm

settings.register_profile("watchmap", derandomize=True, deadline=None, database=None, max_examples=40,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile("watchmap")

quarter = st.integers(-40, 40).map(lambda v: v / 4.0)          # lattice: exact sums and squares
powers_of_two = st.sampled_from([2.0 ** k for k in (-500, -60, -20, 0, 1, 20, 40)])


def points_strategy(min_size=0, max_size=60):
    return st.lists(st.tuples(quarter, quarter), min_size=min_size, max_size=max_size)


@st.composite
def square_cells(draw):
    """Distinct unit-lattice squares (sharing edges and corners) and rectangles that may overlap them."""
    cells = draw(st.lists(st.tuples(st.integers(-6, 5), st.integers(-6, 5)), min_size=1, max_size=25, unique=True))
    boxes = [(x, y, x + 1, y + 1) for x, y in cells]
    extra = draw(st.lists(st.tuples(st.integers(-6, 5), st.integers(-6, 5), st.integers(1, 4), st.integers(1, 4)),
                          max_size=3))
    boxes += [(x, y, x + w, y + h) for x, y, w, h in extra]
    return boxes


def polygons_of(boxes, scale=1.0):
    return wm.PolygonSet.from_wkb([sg.box(*(v * scale for v in b)).wkb for b in boxes])


def covering_reference(boxes, xy):
    """Lowest index of a box covering each point (interior or boundary), -1 for none: the
    documented boundary rule, exact for axis-parallel boxes."""
    out = np.full(len(xy), -1)
    for i, (x, y) in enumerate(xy):
        for k, (x0, y0, x1, y1) in enumerate(boxes):
            if x0 <= x <= x1 and y0 <= y <= y1:
                out[i] = k
                break
    return out


def point_set(xy, scale=1.0, crs=None):
    xy = np.asarray(xy, dtype=float).reshape(-1, 2) * scale
    return wm.PointSet(xy[:, 0].copy(), xy[:, 1].copy(), crs=crs)


@PROFILE
@given(square_cells(), points_strategy(), powers_of_two)
def test_locate_follows_the_boundary_rule_at_any_scale(boxes, xy, scale):
    polygons = polygons_of(boxes, scale)
    points = point_set(xy, scale)
    where = wm.locate(points, polygons, progress=False)
    assert np.array_equal(where, covering_reference(boxes, xy))
    assert np.array_equal(where, wm.locate(points, polygons, threads=1, progress=False))


@PROFILE
@given(square_cells(), points_strategy())
def test_count_adds_up_to_the_points_inside(boxes, xy):
    polygons, points = polygons_of(boxes), point_set(xy)
    where = wm.locate(points, polygons)
    frame = wm.count(points, polygons, by=np.arange(len(xy)) % 3, population=False, progress=False)
    assert frame["count"].sum() + frame.attrs["outside"] == len(xy)
    assert np.array_equal(frame["count"].to_numpy(), np.bincount(where[where >= 0], minlength=len(boxes)))
    by_label = frame[[c for c in frame.columns if c.startswith("count_")]].sum(axis=1)
    assert np.array_equal(by_label.to_numpy(), frame["count"].to_numpy())


@PROFILE
@given(points_strategy(min_size=1), points_strategy(min_size=1, max_size=30), powers_of_two.filter(lambda s: s >= 2.0 ** -60))
def test_nearest_is_no_farther_than_any_target_ties_to_the_lowest_index(xy, targets_xy, scale):
    points, targets = point_set(xy, scale), point_set(targets_xy, scale)
    index, dist = wm.nearest(points, targets, progress=False)
    p = np.asarray(xy, dtype=float) * scale
    t = np.asarray(targets_xy, dtype=float) * scale
    all_d = np.sqrt(((p[:, None, :] - t[None, :, :]) ** 2).sum(axis=2))
    assert np.array_equal(index, all_d.argmin(axis=1))            # argmin: the first (lowest) of ties
    assert np.array_equal(dist, all_d.min(axis=1))                 # lattice: exact
    again = wm.nearest(points, targets, threads=1, progress=False)
    assert np.array_equal(again.index, index) and np.array_equal(again.distance_m, dist)


@PROFILE
@given(points_strategy(min_size=1), points_strategy(min_size=1, max_size=20), st.sampled_from([0.0, 0.5, 3.0]))
def test_nearest_respects_max_distance(xy, targets_xy, limit):
    index, dist = wm.nearest(point_set(xy), point_set(targets_xy), max_distance_m=limit, progress=False)
    full_index, full_dist = wm.nearest(point_set(xy), point_set(targets_xy), progress=False)
    near = full_dist <= limit
    assert np.array_equal(index[near], full_index[near]) and (index[~near] == -1).all()
    assert np.isinf(dist[~near]).all()


@PROFILE
@given(st.lists(st.tuples(st.floats(0, 2000), st.floats(0, 2000)), min_size=1, max_size=40),
       st.sampled_from(["quartic", "epanechnikov", "triweight", "uniform", "triangular", "gaussian"]),
       st.sampled_from([4.0, 6.0, 10.0]), st.sampled_from(["exact", "binned"]))
def test_kde_mass_is_the_number_of_points(xy, kernel, cells_per_h, method):
    h = 200.0
    cell = h / cells_per_h
    reach = h * (8.0 if kernel == "gaussian" else 1.0) + 2 * cell
    grid = wm.Grid(xmin=-reach, ymin=-reach, cell_size_m=cell, ncols=int((2000 + 2 * reach) / cell) + 1,
                   nrows=int((2000 + 2 * reach) / cell) + 1)
    density = wm.kde(point_set(xy), grid, bandwidth_m=h, kernel=kernel, method=method, progress=False)
    values = np.asarray(density.values)
    assert (values >= 0).all()
    # A Riemann sum of kernels that integrate to 1: its error falls like 1/m² (m = cells per h) for
    # continuous kernels, like 1/m for the uniform one (cells counted inside a disc); measured
    # worst cases over random positions: 0.10/m² (epanechnikov), 0.42/m (uniform), 1e-12 (gaussian).
    tolerance = {"uniform": 0.6 / cells_per_h, "gaussian": 1e-9}.get(kernel, 0.25 / cells_per_h ** 2)
    mass = values.sum() * (cell * cell) / 1e6
    assert mass == pytest.approx(len(xy), rel=tolerance)
    one = wm.kde(point_set(xy), grid, bandwidth_m=h, kernel=kernel, method=method, threads=1, progress=False)
    assert np.array_equal(np.asarray(one.values), values)


@PROFILE
@given(st.lists(st.tuples(quarter, quarter), min_size=1, max_size=20), st.sampled_from(["quartic", "uniform"]))
def test_kde_is_zero_beyond_every_kernel(xy, kernel):
    h, cell = 2.0, 0.5
    grid = wm.Grid(xmin=-16.0, ymin=-16.0, cell_size_m=cell, ncols=64, nrows=64)
    values = np.asarray(wm.kde(point_set(xy), grid, bandwidth_m=h, kernel=kernel, method="exact").values)
    cx = -16.0 + cell * (np.arange(64) + 0.5)
    cy = (-16.0 + 64 * cell) - cell * (np.arange(64) + 0.5)        # row 0 is the northern row
    X, Y = np.meshgrid(cx, cy)
    p = np.asarray(xy)
    nearest_d = np.sqrt(((X[..., None] - p[:, 0]) ** 2 + (Y[..., None] - p[:, 1]) ** 2).min(axis=2))
    assert (values[nearest_d > h] == 0).all()
    assert (values[nearest_d < 0.5 * h] > 0).all()


@PROFILE
@given(st.tuples(st.integers(-50, 50), st.integers(-50, 50), st.integers(1, 30), st.integers(1, 30)),
       st.sampled_from([1.0, 2.5, 7.0]), st.sampled_from(["hex", "square"]),
       st.sampled_from([2.0 ** k for k in (-30, 0, 12, 30)]))
def test_grids_tile_their_extent(box, size, shape, scale):
    x0, y0, w, h = (v * scale for v in box)
    extent = (x0, y0, x0 + w, y0 + h)
    maker = wm.hex_grid if shape == "hex" else wm.square_grid
    cells = maker(extent, size * scale, crs="EPSG:32648")
    shapes = list(cells.to_geopandas().geometry)
    one_cell = (np.sqrt(3) / 2 if shape == "hex" else 1.0) * (size * scale) ** 2
    assert np.allclose([s.area for s in shapes], one_cell, rtol=1e-9)
    union = shapely.ops.unary_union(shapes)
    assert union.area == pytest.approx(len(shapes) * one_cell, rel=1e-9)        # no overlaps
    assert sg.box(*extent).difference(union).area <= 1e-9 * w * h                # no gaps
    rng = np.random.default_rng(len(shapes))
    pts = wm.PointSet(rng.uniform(extent[0], extent[2], 200), rng.uniform(extent[1], extent[3], 200),
                      crs="EPSG:32648")
    assert (wm.locate(pts, cells) >= 0).all()


@st.composite
def lattice_rings(draw):
    """Rings of 3 to 8 lattice vertices: self-intersecting, collinear, repeated, zero-area."""
    n = draw(st.integers(3, 8))
    return [(draw(st.integers(-5, 5)), draw(st.integers(-5, 5))) for _ in range(n)]


@PROFILE
@given(st.lists(lattice_rings(), min_size=1, max_size=3), powers_of_two.filter(lambda s: s >= 2.0 ** -60))
def test_degenerate_polygons_come_in_valid_or_not_at_all(rings, scale):
    blobs = [sg.Polygon([(x * scale, y * scale) for x, y in ring]).wkb for ring in rings]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wm.WatchmapWarning)
        polygons = wm.PolygonSet.from_wkb(blobs)
    assert len(polygons) == len(rings)
    assert wm.validity_problems(polygons) == [""] * len(rings)
    for ring, shape in zip(rings, polygons.to_geopandas().geometry):
        # the repair keeps the ring's enclosed area (the even-odd area of the lines it draws)
        expected = sg.Polygon([(x * scale, y * scale) for x, y in ring]).buffer(0)
        assert shape.area <= sg.MultiPoint([(x * scale, y * scale) for x, y in ring]).convex_hull.area * (1 + 1e-12)
        assert shape.area >= 0.0 and (expected.area == 0.0 or shape.area > 0.0)


def test_coordinates_beyond_any_map_unit_are_refused_and_the_limit_works():
    edge = 1e15
    p = wm.PointSet([edge, -edge], [0.0, edge])
    assert wm.nearest(p, p).distance_m.tolist() == [0.0, 0.0]
    for bad in (1.0000001e15, 1e300, -2e16):
        with pytest.raises(wm.InvalidInputError, match="beyond"):
            wm.PointSet([0.0, bad], [0.0, 0.0])
        with pytest.raises(wm.InvalidInputError, match="beyond"):
            wm.PolygonSet.from_wkb([sg.box(0, 0, bad, 1).wkb])
