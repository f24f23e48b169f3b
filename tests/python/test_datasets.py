"""watchmap.datasets: the synthetic Bạch Thông demo district and its files."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely.vectorized
from shapely.ops import unary_union

import watchmap as wm
from watchmap.datasets import demo_district, read_district

COMMUNES = ["Phủ Thông", "Vi Hương", "Sĩ Bình", "Vũ Muộn", "Đôn Phong", "Lục Bình", "Tân Tú",
            "Nguyên Phúc", "Cao Sơn", "Quân Hà", "Cẩm Giàng", "Mỹ Thanh", "Dương Phong", "Quang Thuận"]


@pytest.fixture(scope="module")
def demo():
    return demo_district(seed=0)


@pytest.fixture(scope="module")
def written(demo, tmp_path_factory):
    folder = tmp_path_factory.mktemp("district")
    return folder, demo.write(folder)


def _dem_at(dem, x, y):
    g = dem.grid
    col = ((np.asarray(x) - g.xmin) // g.cell_size_m).astype(int)
    row = ((g.ymax - np.asarray(y)) // g.cell_size_m).astype(int)
    return dem.values[row, col]


def test_counts_names_and_crs(demo):
    assert demo.crs == wm.Crs("EPSG:32648")
    for layer in (demo.boundary, demo.communes, demo.hamlets, demo.teams, demo.incidents):
        assert layer.crs == demo.crs
    assert demo.dem.crs == demo.crs
    assert len(demo.boundary) == 1 and len(demo.communes) == 14 and len(demo.hamlets) == 155
    assert len(demo.teams) == 155
    assert demo.boundary.attributes["name"].tolist() == ["Bạch Thông"]
    communes = demo.communes.attributes
    assert communes["commune"].tolist() == COMMUNES
    assert communes["hamlets"].sum() == 155
    hamlets = demo.hamlets.attributes
    assert hamlets["hamlet_id"].is_unique and hamlets["hamlet"].is_unique
    assert hamlets.groupby("commune", sort=False).size().reindex(COMMUNES).tolist() == communes["hamlets"].tolist()
    assert set(hamlets["commune"]) == set(COMMUNES)
    per_commune = hamlets.groupby("commune")["population"].sum().reindex(COMMUNES)
    assert per_commune.tolist() == communes["population"].tolist()


def test_district_area_and_place(demo):
    area_km2 = demo.boundary.areas()[0] / 1e6
    assert abs(area_km2 - 547.0) <= 1.0
    assert abs(demo.boundary.attributes["area_km2"][0] - area_km2) < 1e-3
    lon0, lat0, lon1, lat1 = demo.boundary.to_crs("EPSG:4326").bounds
    assert 105.6 <= lon0 < lon1 <= 106.1 and 22.05 <= lat0 < lat1 <= 22.35
    xmin, ymin, xmax, ymax = demo.boundary.bounds
    assert xmax - xmin > ymax - ymin          # elongated east–west
    assert wm.validity_problems(demo.boundary) == [""]


@pytest.mark.parametrize("level", ["communes", "hamlets"])
def test_levels_tile_the_district(demo, level):
    layer = getattr(demo, level)
    district = demo.boundary.areas()[0]
    assert all(p == "" for p in wm.validity_problems(layer))
    assert (layer.areas() > 0).all()
    assert abs(layer.areas().sum() - district) / district <= 1e-6
    assert abs(wm.union_all(layer).areas()[0] - district) / district <= 1e-6
    # no overlaps: every pair whose bounds intersect shares no area
    bounds = np.array([layer.feature_bounds(i) for i in range(len(layer))])
    i, j = np.triu_indices(len(layer), 1)
    touch = ((bounds[i, 0] <= bounds[j, 2]) & (bounds[j, 0] <= bounds[i, 2])
             & (bounds[i, 1] <= bounds[j, 3]) & (bounds[j, 1] <= bounds[i, 3]))
    assert touch.sum() > len(layer)
    for a, b in zip(i[touch], j[touch]):
        assert wm.intersection_area(layer, int(a), layer, int(b)) <= 1e-6, (a, b)
    # cross-check with shapely
    geoms = layer.to_geopandas().geometry.values
    assert unary_union(list(geoms)).symmetric_difference(
        demo.boundary.to_geopandas().geometry.values[0]).area / district <= 1e-6


def test_each_hamlet_inside_its_commune(demo):
    hamlets = demo.hamlets.to_geopandas()
    communes = demo.communes.to_geopandas().set_index("commune")
    for commune, group in hamlets.groupby("commune"):
        shell = communes.geometry[commune]
        assert abs(group.geometry.area.sum() - shell.area) / shell.area <= 1e-6
        assert group.geometry.difference(shell).area.max() <= 1e-3
    assert (hamlets["commune_id"].str[:5] == hamlets["hamlet_id"].str[:5]).all()


def test_teams_inside_their_own_hamlet(demo):
    teams = demo.teams.to_geopandas()
    hamlets = demo.hamlets.to_geopandas().set_index("hamlet_id")
    assert teams["hamlet_id"].tolist() == hamlets.index.tolist()
    own = hamlets.geometry.loc[teams["hamlet_id"]].reset_index(drop=True)
    assert own.contains(teams.geometry).all()
    assert teams["members"].between(4, 7).all()
    assert (teams["hamlet"].to_numpy() == hamlets["hamlet"].to_numpy()).all()


def test_hamlet_attributes(demo):
    h = demo.hamlets.attributes
    assert abs(h["population"].sum() - 30000) <= 1500
    assert (h["population"] > 0).all()
    ratio = h["population"] / h["households"]
    assert ratio.between(3.0, 6.0).all() and abs(ratio.mean() - 4.3) < 0.3
    town = h["commune"] == "Phủ Thông"
    assert h.loc[town, "population"].mean() > 1.5 * h.loc[~town, "population"].mean()
    assert h.loc[town, "ethnic_majority"].value_counts().idxmax() == "Kinh"
    assert h["ethnic_majority"].value_counts().idxmax() == "Tày"
    assert set(h["ethnic_majority"]) <= {"Tày", "Kinh", "Nùng", "Dao", "H'Mông"}
    assert h["movement_launched"].dtype == bool and h["movement_launched"].sum() == 30
    assert (h.loc[~h["movement_launched"], "movement_attendees"] == 0).all()
    assert (h.loc[h["movement_launched"], "movement_attendees"] > 0).all()
    assert abs(h["movement_attendees"].sum() - 900) <= 90
    gong = {"Vi Hương", "Lục Bình", "Nguyên Phúc"}
    assert (h["security_gong"] == h["commune"].isin(gong)).all()
    assert np.allclose(h["area_km2"], demo.hamlets.areas() / 1e6, atol=1e-4)


def test_incidents(demo):
    inc = demo.incidents.attributes
    assert list(inc.columns) == ["incident_id", "date", "year", "category", "source"]
    assert inc["incident_id"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(inc["date"])
    assert inc["date"].min() >= pd.Timestamp("2023-01-01") and inc["date"].max() < pd.Timestamp("2026-01-01")
    assert (inc["year"] == inc["date"].dt.year).all()
    seconds = inc["date"].to_numpy("datetime64[s]").astype(np.int64)
    assert np.array_equal(demo.incidents._time_seconds, seconds)
    tips = inc[inc["source"] == "tip"].groupby("year").size()
    assert tips.index.tolist() == [2023, 2024, 2025]
    assert ((tips - 220).abs() <= 0.15 * 220).all()
    reports = inc[inc["source"] == "report"].groupby("year").size()
    assert reports.between(100, 150).all()
    assert set(inc["source"]) == {"tip", "report", "patrol"}
    assert {"theft", "dispute", "gambling", "drugs", "traffic", "illegal logging",
            "domestic violence"} == set(inc["category"])
    district = demo.boundary.to_geopandas().geometry.values[0]
    assert shapely.vectorized.contains(district, np.array(demo.incidents.x), np.array(demo.incidents.y)).all()
    summary = demo.summary()
    assert summary["tips_per_year"] == {int(y): int(n) for y, n in tips.items()}
    assert sum(summary["incidents_per_year"].values()) == len(demo.incidents)


def test_incidents_cluster(demo):
    # the 16 busiest settlements (~10 %) draw far more than 10 % of incidents (nearest settlement)
    ix, iy = np.asarray(demo.incidents.x), np.asarray(demo.incidents.y)
    tx, ty = np.asarray(demo.teams.x), np.asarray(demo.teams.y)
    owner = np.argmin((ix[:, None] - tx[None, :]) ** 2 + (iy[:, None] - ty[None, :]) ** 2, axis=1)
    counts = np.sort(np.bincount(owner, minlength=len(demo.teams)))[::-1]
    assert counts[:16].sum() > 0.3 * counts.sum()


def test_dem(demo):
    dem = demo.dem
    assert dem.grid.cell_size_m == 30.0
    assert 800.0 <= dem.values.max() <= 1100.0
    assert 100.0 <= dem.values.min() <= 260.0
    xmin, ymin, xmax, ymax = demo.boundary.bounds
    g = dem.grid
    assert g.xmin <= xmin - 900 and g.ymin <= ymin - 900 and g.xmax >= xmax + 900 and g.ymax >= ymax + 900
    assert g.xmin >= xmin - 1100 and g.ymax <= ymax + 1100
    X, Y = np.meshgrid(np.asarray(g.x_centers), np.asarray(g.y_centers))
    inside = shapely.vectorized.contains(demo.boundary.to_geopandas().geometry.values[0], X, Y)
    team_elev = _dem_at(dem, demo.teams.x, demo.teams.y)
    assert np.median(team_elev) < np.median(dem.values[inside])
    town = demo.teams.attributes["commune"] == "Phủ Thông"
    assert np.median(team_elev[town.to_numpy()]) < 300.0            # the town sits in the main valley


def test_same_seed_same_data_and_files(demo, written, tmp_path):
    again = demo_district(seed=0)
    for name in ("boundary", "communes", "hamlets"):
        assert getattr(again, name).to_wkb() == getattr(demo, name).to_wkb()
        pd.testing.assert_frame_equal(getattr(again, name).attributes, getattr(demo, name).attributes)
    for name in ("teams", "incidents"):
        a, b = getattr(again, name), getattr(demo, name)
        assert np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)
        pd.testing.assert_frame_equal(a.attributes, b.attributes)
    assert np.array_equal(again.dem.values, demo.dem.values)
    assert again.summary() == demo.summary()
    folder, paths = written
    paths2 = again.write(tmp_path / "again")
    for key, path in paths.items():
        with open(path, "rb") as f1, open(paths2[key], "rb") as f2:
            assert f1.read() == f2.read(), key


def test_other_seed_differs(demo):
    other = demo_district(seed=1)
    assert len(other.hamlets) == 155 and len(other.communes) == 14
    assert len(other.incidents) != len(demo.incidents) or not np.array_equal(other.incidents.x, demo.incidents.x)
    district = other.boundary.areas()[0]
    assert abs(other.hamlets.areas().sum() - district) / district <= 1e-6
    assert other.hamlets.to_geopandas().geometry.contains(other.teams.to_geopandas().geometry).all()


def test_write_files(written):
    folder, paths = written
    assert set(paths) == {"hamlets", "teams", "incidents", "dem", "households", "roads"}
    assert sorted(p.name for p in folder.iterdir()) == ["dem.tif", "hamlets.gpkg", "households.csv", "incidents.csv",
                                                        "roads.gpkg", "teams.csv"]
    assert wm.list_layers(paths["hamlets"]) == ["hamlets", "communes", "district"]
    teams = pd.read_csv(paths["teams"])
    assert {"lon", "lat", "team_id", "hamlet_id", "members"} <= set(teams.columns)
    incidents = pd.read_csv(paths["incidents"], dtype=str)
    assert incidents["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert incidents["lon"].str.fullmatch(r"10[56]\.\d{9}").all()


def test_round_trip(demo, written):
    folder, _ = written
    back = read_district(folder)
    assert back.summary() == demo.summary()
    for name in ("boundary", "communes", "hamlets"):
        a, b = getattr(back, name), getattr(demo, name)
        assert a.crs == demo.crs and len(a) == len(b)
        pd.testing.assert_frame_equal(a.attributes, b.attributes)
        assert np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)
    for name in ("teams", "incidents"):
        a, b = getattr(back, name), getattr(demo, name)
        assert a.crs == demo.crs
        pd.testing.assert_frame_equal(a.attributes, b.attributes)
        assert np.abs(np.asarray(a.x) - np.asarray(b.x)).max() < 1e-3
        assert np.abs(np.asarray(a.y) - np.asarray(b.y)).max() < 1e-3
    assert np.array_equal(back.incidents.time, demo.incidents.time)
    assert back.dem.grid.bounds == demo.dem.grid.bounds
    assert np.array_equal(back.dem.values, demo.dem.values)
    pd.testing.assert_frame_equal(back.households.attributes, demo.households.attributes)
    assert np.abs(np.asarray(back.households.x) - np.asarray(demo.households.x)).max() < 1e-3
    assert back.roads.crs == demo.crs
    pd.testing.assert_frame_equal(back.roads.attributes, demo.roads.attributes)
    assert np.abs(np.asarray(back.roads.x) - np.asarray(demo.roads.x)).max() < 1e-6


def test_households_add_up_and_cluster(demo):
    h = demo.households
    frame = h.attributes
    assert list(frame.columns) == ["household_id", "hamlet_id", "residents"]
    assert frame["household_id"].is_unique and (frame["residents"] >= 1).all()
    hamlets = demo.hamlets.attributes.set_index("hamlet_id")
    per = frame.groupby("hamlet_id")
    assert (per["residents"].sum().reindex(hamlets.index) == hamlets["population"]).all()
    assert (per.size().reindex(hamlets.index) == hamlets["households"]).all()
    # every house in its own hamlet
    own = demo.hamlets.attributes["hamlet_id"].to_numpy()[wm.locate(h, demo.hamlets)]
    assert (own == frame["hamlet_id"].to_numpy()).all()
    # clustered, not uniform: low ground, near the settlement or a road, nearest neighbours close
    elevation = demo.dem.sample(h)
    inside = demo.dem.sample(wm.PointSet(*_uniform_inside(demo, 20000), crs=demo.crs))
    assert np.median(elevation) < np.percentile(inside, 35)
    tree_x, tree_y = np.asarray(h.x), np.asarray(h.y)
    from scipy.spatial import cKDTree

    nn = cKDTree(np.column_stack([tree_x, tree_y])).query(np.column_stack([tree_x, tree_y]), k=2)[0][:, 1]
    area = demo.boundary.areas()[0]
    clark_evans = nn.mean() / (0.5 * np.sqrt(area / len(h)))
    assert clark_evans < 0.6                                   # clustered (1 = uniform random)
    near_road = _distance_to_lines(tree_x, tree_y, demo.roads) <= 250.0
    assert near_road.mean() > 0.5


def _uniform_inside(demo, n):
    rng = np.random.default_rng(5)
    xmin, ymin, xmax, ymax = demo.boundary.bounds
    x, y = rng.uniform(xmin, xmax, n), rng.uniform(ymin, ymax, n)
    keep = wm.locate(wm.PointSet(x, y, crs=demo.crs), demo.boundary) == 0
    return x[keep], y[keep]


def _distance_to_lines(x, y, lines):
    from shapely.geometry import MultiPoint
    from shapely.ops import unary_union
    import shapely.vectorized  # noqa: F401

    network = unary_union(list(lines.to_geopandas().geometry))
    return np.array([network.distance(p) for p in MultiPoint(np.column_stack([x, y])).geoms])


def test_roads_inside_and_connecting_every_commune_centre(demo):
    roads = demo.roads
    frame = roads.attributes
    assert set(frame["kind"]) == {"provincial road", "commune road", "trail"}
    assert (frame["kind"] == "provincial road").sum() == 1
    assert (frame["kind"] == "commune road").sum() == 14
    assert frame["road_id"].is_unique
    district = demo.boundary.to_geopandas().geometry.values[0]
    for geometry in roads.to_geopandas().geometry:
        assert district.contains(geometry)
    # a graph on the vertices (shared exactly at junctions): one component holding every commune centre
    x, y = np.asarray(roads.x), np.asarray(roads.y)
    keys = {}
    parent = []

    def node(i):
        k = (x[i], y[i])
        if k not in keys:
            keys[k] = len(parent)
            parent.append(len(parent))
        return keys[k]

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    offsets = np.asarray(roads.part_offsets)
    for b, e in zip(offsets[:-1], offsets[1:]):
        for i in range(b, e - 1):
            parent[find(node(i))] = find(node(i + 1))
    roots = {find(v) for v in range(len(parent))}
    assert len(roots) == 1
    teams = demo.teams.attributes
    centres = np.flatnonzero(teams["hamlet_id"].str.endswith("-01").to_numpy())
    assert len(centres) == 14
    for c in centres:
        assert (demo.teams.x[c], demo.teams.y[c]) in keys     # each commune road starts at its centre
