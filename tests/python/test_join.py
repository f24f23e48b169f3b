"""locate/count/grids/nearest against geopandas.sjoin, brute force and hand-made cases."""
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import watchmap as wm

BAC_KAN = "data/real/vietnam_bac_kan/bac_kan_districts_gischinhphu.geojson"


def _squares_2x2():
    """0 = SW, 1 = SE, 2 = NW, 3 = NE unit squares (metres, local frame)."""
    x, y = [], []
    for x0, y0 in [(0, 0), (1, 0), (0, 1), (1, 1)]:
        x += [x0, x0 + 1, x0 + 1, x0, x0]
        y += [y0, y0, y0 + 1, y0 + 1, y0]
    ps = wm.PolygonSet(x, y, np.arange(0, 21, 5), [0, 1, 2, 3, 4], [0, 1, 2, 3, 4])
    ps.attributes = pd.DataFrame({"name": ["SW", "SE", "NW", "NE"], "population": [1000, 0, 2000, 500]})
    return ps


def _sjoin_index(points_xy, polygons_gdf):
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(*points_xy), crs=polygons_gdf.crs)
    joined = gpd.sjoin(pts, polygons_gdf[["geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    return joined["index_right"].fillna(-1).astype(np.int64).to_numpy()


def _compare_with_sjoin(points, polygons):
    ours = wm.locate(points, polygons)
    theirs = _sjoin_index((np.array(points.x), np.array(points.y)), polygons.to_geopandas())
    differ = np.flatnonzero(ours != theirs)
    # Only boundary points may differ: sjoin's "within" gives them to nobody, we give one polygon.
    for i in differ:
        assert theirs[i] == -1 and ours[i] >= 0, (i, ours[i], theirs[i])
        assert polygons.to_geopandas().geometry.iloc[ours[i]].boundary.distance(
            gpd.points_from_xy([points.x[i]], [points.y[i]])[0]) < 1e-6
    return ours


def test_agrees_with_sjoin_on_the_real_bac_kan_districts(shared):
    districts = wm.read_polygons(shared(BAC_KAN), to_crs="EPSG:32648")
    rng = np.random.default_rng(1)
    b = districts.bounds
    pts = wm.PointSet(rng.uniform(b[0], b[2], 20000), rng.uniform(b[1], b[3], 20000), crs=districts.crs)
    ours = _compare_with_sjoin(pts, districts)
    assert (ours >= 0).mean() > 0.5


def test_agrees_with_sjoin_on_the_demo_hamlets():
    d = wm.datasets.demo_district(seed=0)
    rng = np.random.default_rng(2)
    b = d.hamlets.bounds
    pts = wm.PointSet(rng.uniform(b[0], b[2], 20000), rng.uniform(b[1], b[3], 20000), crs=d.hamlets.crs)
    ours = _compare_with_sjoin(pts, d.hamlets)
    # every team base is inside its own hamlet
    ids = d.hamlets.attributes["hamlet_id"].to_numpy()
    assert (ids[wm.locate(d.teams, d.hamlets)] == d.teams.attributes["hamlet_id"].to_numpy()).all()
    assert (ours >= 0).sum() > 0


def test_boundary_cases():
    sq = _squares_2x2()
    x = [0.5, 1.0, 1.0, 0.5, 1.5, 9.0, 0.5, 0.5]
    y = [0.5, 1.0, 0.5, 1.0, 2.0, 9.0, 0.5, 0.5]
    got = wm.locate(wm.PointSet(x, y), sq).tolist()
    assert got == [0, 0, 0, 0, 3, -1, 0, 0]  # vertex of four, shared edges, outer top edge of NE, outside, duplicates


def test_hole_and_multipolygon_parts():
    from shapely.geometry import MultiPolygon, Polygon

    gdf = gpd.GeoDataFrame(geometry=[
        Polygon([(0, 0), (9, 0), (9, 9), (0, 9)], [[(3, 3), (3, 6), (6, 6), (6, 3)]]),
        MultiPolygon([Polygon([(20, 0), (21, 0), (21, 1), (20, 1)]), Polygon([(30, 0), (31, 0), (31, 1), (30, 1)])]),
        Polygon([(3, 3), (6, 3), (6, 6), (3, 6)]),  # an island filling the hole
    ])
    ps = wm.from_geopandas(gdf)
    got = wm.locate(wm.PointSet([4.5, 1.0, 20.5, 30.5, 25.0, 3.0], [4.5, 1.0, 0.5, 0.5, 0.5, 4.0]), ps).tolist()
    assert got == [2, 0, 1, 1, -1, 0]  # hole -> island; ring shared by polygon 0 and island -> 0


def test_empty_inputs_and_nan():
    sq = _squares_2x2()
    assert wm.locate(wm.PointSet([], []), sq).tolist() == []
    counts = wm.count(wm.PointSet([], []), sq)
    assert counts["count"].tolist() == [0, 0, 0, 0]
    empty_polys = wm.PolygonSet([], [], [0], [0], [0])
    assert wm.locate(wm.PointSet([0.5], [0.5]), empty_polys).tolist() == [-1]
    with pytest.raises(wm.InvalidInputError, match="row 1"):
        wm.PointSet([0.5, np.nan], [0.5, 0.5])


def test_counts_rates_and_splits():
    sq = _squares_2x2()
    pts = wm.PointSet([0.2, 0.3, 0.4, 1.5, 0.5, 7.0], [0.2, 0.3, 0.4, 0.5, 1.5, 7.0], weight=[1, 2, 3, 4, 5, 6],
                      time=pd.to_datetime(["2023-01-05", "2024-02-01", "2024-03-01", "2023-12-31", "2025-06-01",
                                           "2024-01-01"]).to_numpy().astype("datetime64[s]").astype(np.int64))
    pts.attributes = pd.DataFrame({"category": ["theft", "tip", "tip", "theft", "dispute", "tip"]})
    c = wm.count(pts, sq, weight="weight", by="category")
    assert c["count"].tolist() == [3, 1, 1, 0]
    assert c.attrs["outside"] == 1
    assert c["weight_sum"].tolist() == [6.0, 4.0, 5.0, 0.0]
    assert c["count_tip"].tolist() == [2, 0, 0, 0]
    assert (c[["count_dispute", "count_theft", "count_tip"]].sum(axis=1) == c["count"]).all()
    rate = c["rate_per_1000"].tolist()
    assert rate[0] == pytest.approx(3.0) and np.isnan(rate[1]) and rate[2] == pytest.approx(0.5) and rate[3] == 0.0
    years = wm.count(pts, sq, by="year")
    assert years["count_2024"].tolist() == [2, 0, 0, 0]
    assert (years[["count_2023", "count_2024", "count_2025"]].sum(axis=1) == years["count"]).all()
    months = wm.count(pts, sq, by="month")
    assert "count_2023-12" in months
    with pytest.raises(wm.InvalidInputError, match="no such point attribute"):
        wm.count(pts, sq, by="source")


def test_rollup_to_communes():
    sq = _squares_2x2()
    sq = sq.assign(commune=["A", "A", "B", "B"])
    pts = wm.PointSet([0.5, 1.5, 1.5, 0.5], [0.5, 0.5, 1.5, 1.5])
    per_commune = wm.rollup(wm.count(pts, sq), by="commune")
    assert per_commune["commune"].tolist() == ["A", "B"]
    assert per_commune["count"].tolist() == [2, 2]
    assert per_commune["population"].tolist() == [1000, 2500]
    assert per_commune["rate_per_1000"].tolist() == pytest.approx([2.0, 0.8])


def test_thread_count_does_not_change_answers():
    d = wm.datasets.demo_district(seed=0)
    one = wm.locate(d.incidents, d.hamlets, threads=1)
    two = wm.locate(d.incidents, d.hamlets, threads=2)
    assert (one == two).all()
