"""PointSet/PolygonSet in Python: numpy-style selection, read-only attributes, assign, pickling, to_crs('utm')."""
import copy
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest

import watchmap as wm


@pytest.fixture(scope="module")
def demo():
    return wm.datasets.demo_district(seed=0)


def _points(n=5):
    p = wm.PointSet(np.arange(n, dtype=float) * 10.0, np.zeros(n), crs="EPSG:32648")
    p.attributes = pd.DataFrame({"k": np.arange(n)})
    return p


def test_selection_follows_numpy():
    p = _points()
    assert p[2].attributes["k"].tolist() == [2] and p[-1].attributes["k"].tolist() == [4]
    assert p[1:4].attributes["k"].tolist() == [1, 2, 3] and p[::-2].attributes["k"].tolist() == [4, 2, 0]
    assert p[np.array([False, False, True, True, True])].attributes["k"].tolist() == [2, 3, 4]
    assert p[[4, 1, 1]].attributes["k"].tolist() == [4, 1, 1] and p[[-1]].x.tolist() == [40.0]
    assert len(p[[]]) == 0 and len(p[p.x > 100]) == 0
    assert p.take(p.attributes["k"] > 2).attributes["k"].tolist() == [3, 4]
    with pytest.raises(IndexError, match="boolean mask has 3 entries for 5 rows"):
        p[np.array([True, False, True])]
    with pytest.raises(TypeError, match="integers or a boolean mask, not float64"):
        p.take([1.7])
    with pytest.raises(IndexError, match="row 5 is out of range"):
        p[5]
    with pytest.raises(TypeError, match="single boolean"):
        p[True]


def test_polygon_selection_keeps_parts_and_attributes(demo):
    first = demo.hamlets[0]
    assert len(first) == 1 and first.attributes.iloc[0]["hamlet_id"] == demo.hamlets.attributes.iloc[0]["hamlet_id"]
    population = demo.hamlets.attributes["population"]
    big = demo.hamlets[population.to_numpy() > population.median()]
    assert 0 < len(big) < len(demo.hamlets)
    assert (big.attributes["population"] > population.median()).all()


def test_attributes_are_read_only_with_a_clear_way_to_change_them():
    p = _points()
    with pytest.raises(wm.InvalidInputError, match=r"read-only.*points\.assign"):
        p.attributes["new"] = 1
    with pytest.raises(wm.InvalidInputError, match="read-only"):
        p.attributes.loc[0, "k"] = 99
    with pytest.raises(wm.InvalidInputError, match="read-only"):
        del p.attributes["k"]
    frame = p.attributes.copy()
    frame["new"] = 1
    p.attributes = frame
    assert p.attributes["new"].tolist() == [1] * 5
    q = p.assign(twice=p.attributes["k"] * 2)
    assert q.attributes["twice"].tolist() == [0, 2, 4, 6, 8] and "twice" not in p.attributes
    # Frames handed out share nothing with the layer: GeoPandas writing into one changes nothing.
    gdf = p.to_geopandas()
    gdf.loc[0, "k"] = 1000
    assert p.attributes["k"].iloc[0] == 0


def test_layers_pickle_and_copy(demo):
    for layer in (demo.hamlets, demo.incidents):
        back = pickle.loads(pickle.dumps(layer))
        assert back.crs == layer.crs and np.array_equal(back.x, layer.x)
        pd.testing.assert_frame_equal(back.attributes, layer.attributes)
    back = pickle.loads(pickle.dumps(demo.incidents))
    assert np.array_equal(back.time, demo.incidents.time)
    assert copy.deepcopy(demo.dem).values.shape == demo.dem.values.shape


def test_to_crs_utm_everywhere_and_warns_when_wider_than_a_zone(demo):
    lonlat = demo.teams.to_crs("EPSG:4326")
    assert lonlat.to_crs("utm").crs == "EPSG:32648"
    assert demo.hamlets.to_crs("EPSG:4326").to_crs("utm").crs == "EPSG:32648"
    wide = wm.PointSet([-120.0, -75.0], [35.0, 40.0], crs="EPSG:4326")
    with pytest.warns(wm.WatchmapWarning, match="wider than one UTM zone"):
        wide.to_crs("utm")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lonlat.to_crs("utm")


def test_wrong_types_are_named_in_python_terms(demo):
    with pytest.raises(TypeError, match=r"kde: grid must be a Grid \(e\.g\. watchmap\.Grid\.covering"):
        wm.kde(demo.incidents, None)
    with pytest.raises(TypeError, match="locate: polygons must be a PolygonSet, not PointSet"):
        wm.locate(demo.incidents, demo.teams)
