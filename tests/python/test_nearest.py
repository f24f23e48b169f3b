"""nearest and pairs_within against brute force, in metres whatever the CRS."""
import pickle

import numpy as np
import pytest

import watchmap as wm


def test_nearest_and_pairs_against_brute_force():
    rng = np.random.default_rng(9)
    q = rng.uniform(0, 1000, (2000, 2))
    t = rng.uniform(0, 1000, (300, 2))
    t[5] = t[4]  # duplicate target: ties go to the lower index
    d = np.hypot(q[:, None, 0] - t[None, :, 0], q[:, None, 1] - t[None, :, 1])
    idx, dist = wm.nearest(wm.PointSet(q[:, 0], q[:, 1]), wm.PointSet(t[:, 0], t[:, 1]))
    assert (idx == d.argmin(axis=1)).all()  # argmin also picks the first of equals
    np.testing.assert_allclose(dist, d.min(axis=1), rtol=1e-12)
    idx2, dist2 = wm.nearest(wm.PointSet(q[:, 0], q[:, 1]), wm.PointSet(t[:, 0], t[:, 1]), max_distance_m=20.0)
    far = d.min(axis=1) > 20.0
    assert (idx2[far] == -1).all() and np.isinf(dist2[far]).all() and (idx2[~far] == idx[~far]).all()
    pairs = wm.pairs_within(wm.PointSet(q[:, 0], q[:, 1]), wm.PointSet(t[:, 0], t[:, 1]), 50.0)
    ii, jj = np.nonzero(d <= 50.0)
    assert pairs.a.tolist() == ii.tolist() and pairs.b.tolist() == jj.tolist()
    np.testing.assert_allclose(pairs.distance_m, d[ii, jj], rtol=1e-12)


def test_nearest_in_lon_lat_measures_metres():
    teams = wm.PointSet([105.85], [22.2], crs="EPSG:4326")
    place = wm.PointSet([105.86], [22.2], crs="EPSG:4326")
    _, metres = wm.nearest(place, teams)
    assert metres[0] == pytest.approx(1030.6, abs=1.0)  # 0.01° of longitude at 22.2°N


def test_thread_count_does_not_change_answers():
    d = wm.datasets.demo_district(seed=0)
    one, two = wm.nearest(d.incidents, d.teams, threads=1), wm.nearest(d.incidents, d.teams, threads=2)
    assert np.array_equal(one.index, two.index) and np.array_equal(one.distance_m, two.distance_m)
    with pytest.raises(wm.InvalidInputError, match="threads"):
        wm.nearest(d.incidents, d.teams, threads=100_000)
    with pytest.raises(TypeError, match="threads must be an integer"):
        wm.nearest(d.incidents, d.teams, threads="2")


def test_results_are_named_tabular_and_picklable():
    d = wm.datasets.demo_district(seed=0)
    r = wm.nearest(d.incidents, d.teams)
    assert type(r).__name__ == "NearestResult" and r._fields == ("index", "distance_m")
    frame = r.to_frame()
    assert list(frame.columns) == ["index", "distance_m"] and len(frame) == len(d.incidents)
    back = pickle.loads(pickle.dumps(r))
    assert np.array_equal(back.index, r.index) and np.array_equal(back.distance_m, r.distance_m)
    assert "NearestResult(index=array(1,053" in repr(r) and "<table>" in r._repr_html_()
    pairs = wm.pairs_within(d.incidents, d.teams, 1000.0)
    a, b, metres = pairs
    assert (metres <= 1000.0).all() and len(a) == len(b) == len(pairs.to_frame())
    with pytest.raises(TypeError, match="pairs_within: b must be a PointSet"):
        wm.pairs_within(d.incidents, d.hamlets, 10.0)


def test_feet_layers_are_measured_in_metres():
    utm = wm.PointSet([587000.0, 587000.0 + 304.8], [2455000.0, 2455000.0], crs="EPSG:32648")
    feet = utm.to_crs("EPSG:2223")  # Arizona Central (ft): far from Vietnam, but only units matter here
    _, metres = wm.nearest(feet[1], feet[0])
    assert metres[0] == pytest.approx(304.8, rel=2e-3)


def test_pairs_within_refuses_a_huge_result_with_the_estimate():
    """Issue 12: a huge radius used to run 70 s into 9.6 GB; now it is refused up front."""
    rng = np.random.default_rng(0)
    a = wm.PointSet(rng.uniform(0, 1000, 20000), rng.uniform(0, 1000, 20000), crs="EPSG:32648")
    with pytest.raises(wm.InvalidInputError, match=r"gives about 400000000 pairs \(estimated from a sample of 2000 points\), about 12.8 GB, above the 0.1 GB"):
        wm.pairs_within(a, a, 5000.0, max_memory_gb=0.1)
    small = wm.pairs_within(a[:500], a[:500], 5000.0, max_memory_gb=0.1)   # 250,000 pairs fit
    assert len(small.a) == 250000


def test_pairs_within_is_identical_for_one_and_two_threads():
    rng = np.random.default_rng(1)
    a = wm.PointSet(rng.uniform(0, 1000, 3000), rng.uniform(0, 1000, 3000), crs="EPSG:32648")
    one = wm.pairs_within(a, a, 40.0, threads=1)
    two = wm.pairs_within(a, a, 40.0, threads=2)
    for name in ("a", "b", "distance_m"):
        assert np.array_equal(getattr(one, name), getattr(two, name))
