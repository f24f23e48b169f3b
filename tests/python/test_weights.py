"""watchmap.Weights: contiguity against a GEOS brute force and the Columbus GAL file, lattices,
distance bands in any CRS, knn ties, GAL and scipy round trips, bad input."""
import pickle

import numpy as np
import pytest

import watchmap as wm


def neighbour_sets(w):
    indptr, indices = np.asarray(w.indptr), np.asarray(w.indices)
    return [set(indices[indptr[i]:indptr[i + 1]].tolist()) for i in range(w.n)]


@pytest.fixture(scope="module")
def demo():
    return wm.datasets.demo_district()


@pytest.mark.parametrize("rule", ["queen", "rook"])
def test_contiguity_of_the_demo_hamlets_equals_a_geos_brute_force(demo, rule):
    """Pairwise shapely (GEOS) tests with the same snapping tolerance as ours (1e-9 x the largest
    coordinate, 2.5 mm here): plain `touches` is not usable on this coverage because GEOS
    rounding reports shared edges as 1e-10 m gaps or as zero-area overlaps."""
    hamlets = demo.hamlets
    geoms = hamlets.to_geopandas().geometry.values
    tol = 1e-9 * max(np.abs(hamlets.x).max(), np.abs(hamlets.y).max())
    expected = [set() for _ in geoms]
    for i in range(len(geoms)):
        for j in range(i + 1, len(geoms)):
            if not geoms[i].envelope.buffer(tol).intersects(geoms[j].envelope):
                continue
            if rule == "queen":
                linked = geoms[i].distance(geoms[j]) <= tol
            else:
                linked = geoms[i].boundary.intersection(geoms[j].boundary.buffer(tol)).length > tol
            if linked:
                expected[i].add(j)
                expected[j].add(i)
    w = wm.Weights.contiguity(hamlets, rule=rule)
    assert neighbour_sets(w) == expected
    assert w.symmetric and w.style == "B" and len(w.islands) == 0
    assert sum(len(s) for s in expected) == w.nnz > 700


def test_columbus_queen_equals_its_gal_file_and_gal_round_trips(tmp_path):
    from conftest import shared_file

    polys = wm.read_polygons(shared_file("data/columbus/columbus.shp"), crs="local")
    polyid = polys.attributes["POLYID"].to_numpy()
    gal = wm.Weights.read_gal(shared_file("data/columbus/columbus.gal"), ids=polyid)
    queen = wm.Weights.contiguity(polys)
    assert queen == gal and queen.nnz == 236
    queen.write_gal(tmp_path / "c.gal", ids=polyid)
    assert wm.Weights.read_gal(tmp_path / "c.gal", ids=polyid) == queen
    # in the file's own order the same units appear (by id)
    by_file = wm.Weights.read_gal(shared_file("data/columbus/columbus.gal"))
    assert by_file.n == 49 and by_file.nnz == 236


def test_lattice_equals_contiguity_of_square_grid_cells():
    cells = wm.square_grid((500123.37, 2440017.11, 501870.0, 2441260.0), 250.0, crs="EPSG:32648")
    a = cells.attributes
    nrows, ncols = a["row"].max() + 1, a["col"].max() + 1
    assert (a["cell_id"].to_numpy() == np.arange(len(cells))).all()
    for rule in ("queen", "rook"):
        assert wm.Weights.contiguity(cells, rule=rule) == wm.Weights.lattice(nrows, ncols, rule=rule)


def test_queen_counts_corners_rook_does_not():
    cells = wm.square_grid((0.0, 0.0, 199.0, 199.0), 100.0, crs="EPSG:32648")   # 2 x 2
    assert [len(s) for s in neighbour_sets(wm.Weights.contiguity(cells))] == [3, 3, 3, 3]
    assert [len(s) for s in neighbour_sets(wm.Weights.contiguity(cells, rule="rook"))] == [2, 2, 2, 2]


def test_islands_are_reported():
    cells = wm.square_grid((0.0, 0.0, 299.0, 99.0), 100.0, crs="EPSG:32648")   # 1 x 3
    apart = cells[[0, 2]]
    w = wm.Weights.contiguity(apart)
    assert list(w.islands) == [0, 1] and w.nnz == 0
    assert "islands=2" in repr(w)


def test_knn_ties_go_to_the_lowest_index():
    # index 4 is the origin; indices 0-3 all lie at distance 1
    p = wm.PointSet([0.0, 1.0, -1.0, 0.0, 0.0, 5.0], [1.0, 0.0, 0.0, -1.0, 0.0, 5.0])
    assert neighbour_sets(wm.Weights.knn(p, 2))[4] == {0, 1}
    assert neighbour_sets(wm.Weights.knn(p, 3))[4] == {0, 1, 2}
    with pytest.raises(wm.InvalidInputError, match="k must be"):
        wm.Weights.knn(p, 6)


def test_knn_matches_brute_force_with_many_ties():
    rng = np.random.default_rng(4)
    xy = np.round(rng.uniform(0, 300, (300, 2)) / 20) * 20   # a lattice of duplicates and equal distances
    w = wm.Weights.knn(wm.PointSet(xy[:, 0], xy[:, 1]), 5)
    d = ((xy[:, None] - xy[None]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    expected = [set(np.lexsort((np.arange(len(xy)), d[i]))[:5].tolist()) for i in range(len(xy))]
    assert neighbour_sets(w) == expected


def test_distance_band_is_inclusive_at_exactly_the_threshold():
    p = wm.PointSet([0.0, 3.0, 100.0], [0.0, 4.0, 0.0])
    assert neighbour_sets(wm.Weights.distance_band(p, 5.0))[0] == {1}
    assert neighbour_sets(wm.Weights.distance_band(p, np.nextafter(5.0, 0.0)))[0] == set()
    inv = wm.Weights.distance_band(p, 5.0, binary=False)
    assert np.asarray(inv.values)[0] == pytest.approx(0.2) and inv.style == "O"
    with pytest.raises(wm.InvalidInputError, match="threshold_m"):
        wm.Weights.distance_band(p, -1.0)


def test_distance_band_in_lon_lat_and_feet_measures_metres():
    from conftest import shared_file

    lonlat = wm.PointSet([105.80, 105.81, 105.83, 105.80], [22.10, 22.10, 22.12, 22.13], crs="EPSG:4326")
    utm = lonlat.to_crs("EPSG:32648")
    for band in (1000.0, 1100.0, 3500.0):
        assert wm.Weights.distance_band(lonlat, band) == wm.Weights.distance_band(utm, band)
    # Mesa crimes in Arizona State Plane US feet: 300 m is not 300 ft
    feet = wm.read_points(shared_file("data/real/incidents/libpysal/geodanet_crimes_az_stateplane_ft.geojson"))
    metres = feet.to_crs("utm")
    w = wm.Weights.distance_band(feet, 300.0)
    assert w == wm.Weights.distance_band(metres, 300.0)
    assert w != wm.Weights.distance_band(metres, 300.0 * 0.3048)
    assert wm.Weights.knn(feet, 3) == wm.Weights.knn(metres, 3)


def test_polygons_are_measured_at_their_centroids(demo):
    centres = wm._core._polygon_centroids(demo.hamlets)
    expected = demo.hamlets.to_geopandas().geometry.centroid
    np.testing.assert_allclose(centres.x, expected.x, rtol=0, atol=1e-6)
    np.testing.assert_allclose(centres.y, expected.y, rtol=0, atol=1e-6)
    assert wm.Weights.distance_band(demo.hamlets, 3000.0) == wm.Weights.distance_band(centres, 3000.0)


def test_transforms_lag_scipy_and_pickle():
    sp = pytest.importorskip("scipy.sparse")
    w = wm.Weights.from_neighbors([[1, 2], [0], [0]])
    r = w.transform("R")
    assert list(r.values) == [0.5, 0.5, 1.0, 1.0] and r.style == "R"
    assert list(r.transform("b").values) == [1.0] * 4
    np.testing.assert_array_equal(w.lag([1.0, 10.0, 100.0]), [110.0, 1.0, 1.0])
    m = r.to_sparse()
    assert isinstance(m, sp.csr_matrix) and m.shape == (3, 3)
    assert wm.Weights.from_sparse(m) == r
    assert wm.Weights.from_sparse(np.array([[0, 1], [1, 0]])).style == "B"
    assert pickle.loads(pickle.dumps(r)) == r
    d = w.with_diagonal(1.0)
    assert d.has_diagonal and list(d.diagonal()) == [1.0, 1.0, 1.0]
    assert w.sums == (4.0, 8.0, 24.0)


def test_from_neighbors_dict_and_bad_input():
    w = wm.Weights.from_neighbors({"a": ["b"], "b": ["a", "c"], "c": ["b"]})
    assert list(w.cardinalities) == [1, 2, 1]
    with pytest.raises(wm.InvalidInputError, match="not a unit id"):
        wm.Weights.from_neighbors({"a": ["z"]})
    with pytest.raises(wm.InvalidInputError, match="outside"):
        wm.Weights.from_neighbors([[5], []])
    with pytest.raises(wm.InvalidInputError, match="twice"):
        wm.Weights.from_neighbors([[1, 1], [0]])
    with pytest.raises(wm.InvalidInputError, match="out of order or twice"):
        wm.Weights([0, 2, 2], [1, 0], [1.0, 1.0])
    with pytest.raises(wm.InvalidInputError, match="unknown contiguity rule 'bishop'"):
        wm.Weights.contiguity(wm.square_grid((0.0, 0.0, 99.0, 99.0), 100.0, crs="EPSG:32648"), rule="bishop")
    with pytest.raises(wm.InvalidInputError, match="unknown weights transform"):
        w.transform("X")
