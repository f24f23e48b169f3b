"""watchmap.coverage, locate(how="all") and count(overlapping=): hand-built cases with known areas,
the demo district's invariants, CRS handling and bad input."""
from __future__ import annotations

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box
from shapely.ops import unary_union

import watchmap as wm

UTM = "EPSG:32648"


def squares(*specs, crs=UTM, ids=None):
    """Square hamlets from (x0, y0, size) as a PolygonSet with hamlet_id (and population)."""
    blobs = [box(x, y, x + s, y + s).wkb for x, y, s in specs]
    hamlets = wm.PolygonSet.from_wkb(blobs, crs=crs)
    return hamlets.assign(hamlet_id=ids or [f"H{i}" for i in range(len(specs))])


@pytest.fixture(scope="module")
def demo():
    return wm.datasets.demo_district(seed=0)


@pytest.fixture(scope="module")
def demo_tt(demo):
    return wm.travel_time(demo.dem, demo.teams)


def test_square_with_team_at_centre_known_shares():
    hamlet = squares((0, 0, 2000))
    team = wm.PointSet([1000.0], [1000.0], crs=UTM)
    for r in (500.0, 1000.0):
        cov = wm.coverage(team, hamlet, radius_m=r)
        exact = np.pi * r * r / 4e6
        share = cov.by_hamlet["area_share"].iloc[0]
        assert abs(share - exact) / exact < 1e-3                      # the 0.1 %
        assert share == pytest.approx(exact * (1 - cov.summary.disk_area_error), rel=1e-9)
        assert cov.summary.disk_area_error < 5e-4 and cov.summary.quadrant_segments == 32
    # compared with shapely's own buffer with 256 segments per quarter
    cov = wm.coverage(team, hamlet, radius_m=1200.0)
    ref = Point(1000, 1000).buffer(1200.0, 256).intersection(box(0, 0, 2000, 2000)).area / 4e6
    assert abs(cov.summary.area_share - ref) / ref < 1e-3
    assert wm.coverage(team, hamlet, radius_m=1500.0).summary.area_share == pytest.approx(1.0)


def test_households_incidents_on_the_circle_and_overlapping_teams():
    hamlets = squares((0, 0, 2000), (2000, 0, 2000))
    teams = wm.PointSet([800.0, 1200.0], [1000.0, 1000.0], crs=UTM).assign(team_id=["T-a", "T-b"])
    homes = wm.PointSet([1000.0, 450.0, 1000.0, 1900.0, 3000.0], [1000.0, 1000.0, 1900.0, 100.0, 1000.0],
                        crs=UTM).assign(residents=[7, 3, 5, 2, 4])
    # 3-4-5 triangles: exactly 500 m from team T-b, then a hair beyond
    events = wm.PointSet([1500.0, 1500.000001, 100.0], [1400.0, 1400.0, 100.0], crs=UTM)
    cov = wm.coverage(teams, hamlets, radius_m=500.0, population=homes, incidents=events)
    by = cov.by_hamlet
    assert by.index.name == "hamlet_id" and list(by.index) == ["H0", "H1"]
    assert by.loc["H0", "residents"] == 17 and by.loc["H0", "residents_covered"] == 10   # the lens home once
    assert by.loc["H1", "residents_share"] == 0.0
    assert by.loc["H0", "incidents"] == 3 and by.loc["H0", "incidents_covered"] == 1      # inclusive circle
    assert cov.summary.incidents_outside == 2
    assert by.loc["H0", "teams_covering"] == 2 and by.loc["H0", "nearest_team"] == "T-a"
    assert by.loc["H0", "distance_m"] == pytest.approx(200.0)
    union = unary_union([Point(800, 1000).buffer(500, 256), Point(1200, 1000).buffer(500, 256)])
    assert abs(by.loc["H0", "covered_km2"] * 1e6 - union.area) / union.area < 1e-3        # counted once
    assert cov.summary.residents_share == pytest.approx(10 / 21)
    assert cov.summary.hamlets_below == ["H0", "H1"]
    assert by["below_threshold"].dtype == bool and by["below_threshold"].all()


def test_uniform_residents_from_the_hamlet_population():
    hamlets = squares((0, 0, 1000), (1000, 0, 1000)).assign(population=[100, 300])
    team = wm.PointSet([500.0], [500.0], crs=UTM)
    cov = wm.coverage(team, hamlets, radius_m=2000.0)
    by = cov.by_hamlet
    assert by["residents"].tolist() == [100.0, 300.0]
    assert by["residents_share"].tolist() == pytest.approx(by["area_share"].tolist())
    assert cov.summary.residents_total == 400.0


def test_no_teams_is_all_gap(demo):
    empty = demo.teams[:0]
    cov = wm.coverage(empty, demo.hamlets, radius_m=2000.0, population=demo.households, incidents=demo.incidents)
    assert cov.summary.area_share == 0.0 and cov.summary.residents_share == 0.0
    assert len(cov.summary.hamlets_below) == len(demo.hamlets)
    assert cov.gaps.areas().sum() == pytest.approx(demo.boundary.areas()[0], rel=1e-9)
    assert cov.by_hamlet["nearest_team"].isna().all()
    assert cov.summary.incidents_outside == len(demo.incidents)


@pytest.mark.parametrize("mode", ["distance", "time"])
def test_demo_district_invariants(demo, demo_tt, mode):
    kwargs = dict(radius_m=2000.0) if mode == "distance" else dict(travel_time=demo_tt, minutes=30.0)
    cov = wm.coverage(demo.teams, demo.hamlets, population=demo.households, incidents=demo.incidents, **kwargs)
    district = demo.boundary.areas()[0]
    # covered + gap area = district area
    total = cov.covered.areas().sum() + cov.gaps.areas().sum()
    assert abs(total - district) / district <= 1e-6
    assert cov.summary.area_km2 * 1e6 == pytest.approx(district, rel=1e-9)
    # residents add up to the hamlets' population
    assert cov.summary.residents_total == demo.hamlets.attributes["population"].sum()
    assert cov.by_hamlet["residents"].to_numpy() == pytest.approx(demo.hamlets.attributes["population"].to_numpy())
    # every team's own settlement is covered (a team at its base reaches it)
    own = wm.coverage(demo.teams, demo.hamlets, population=demo.teams, **kwargs)
    assert (own.by_hamlet["residents_share"] == 1.0).all()
    # per-hamlet areas add up to the covered area; the gaps carry the uncovered residents
    assert cov.by_hamlet["covered_km2"].sum() == pytest.approx(cov.summary.covered_km2, rel=1e-6)
    uncovered = cov.summary.residents_total * (1 - cov.summary.residents_share)
    assert cov.gaps.attributes["residents"].sum() == pytest.approx(uncovered, abs=0.5 + 0.01 * uncovered)
    assert list(cov.gaps.attributes.columns) == ["gap_id", "area_km2", "residents", "incidents"]
    assert (np.diff(cov.gaps.attributes["area_km2"]) <= 0).all()      # largest first
    assert cov.by_hamlet["incidents"].sum() + cov.summary.incidents_outside_hamlets == len(demo.incidents)
    assert (cov.by_hamlet["teams_covering"] >= 1).sum() > 0.8 * len(demo.hamlets)
    assert set(cov.summary.hamlets_below) == set(cov.by_hamlet.index[cov.by_hamlet["below_threshold"]])
    gdf = cov.to_geopandas()
    assert len(gdf) == len(demo.hamlets) and "residents_share" in gdf and gdf.crs.to_epsg() == 32648


def test_terrain_covers_less_than_the_straight_line(demo, demo_tt):
    """The planner's point: a 2.5 km disk (30 min at 5 km/h) overstates walking reach in the hills."""
    disk = wm.coverage(demo.teams, demo.hamlets, radius_m=2520.0)
    walk = wm.coverage(demo.teams, demo.hamlets, travel_time=demo_tt, minutes=30.0)
    assert walk.summary.area_share < 0.85 * disk.summary.area_share
    assert walk.summary.mode == "travel_time" and walk.summary.minutes == 30.0
    assert walk.summary.direction == "from_source" and np.isnan(walk.summary.radius_m)
    minutes = walk.by_hamlet["minutes"]
    assert (minutes[walk.by_hamlet["residents_share"] > 0.99] <= 30.0).mean() > 0.9


def test_travel_time_coverage_matches_the_raster(demo, demo_tt):
    cov = wm.coverage(demo.teams, demo.hamlets, travel_time=demo_tt, minutes=20.0, population=demo.households)
    reached = demo_tt.minutes.sample(demo.households) <= 20.0
    res = demo.households.attributes["residents"].to_numpy()
    assert cov.summary.residents_share == pytest.approx(res[reached].sum() / res.sum(), rel=1e-12)
    # the covered polygon is the reached cells inside the district
    cells = (demo_tt.minutes.values <= 20.0).sum() * 900.0
    assert cov.summary.covered_km2 * 1e6 <= cells


def test_lonlat_and_feet_inputs_give_the_same_answer(demo, demo_tt):
    base = wm.coverage(demo.teams, demo.hamlets, radius_m=2000.0, population=demo.households)
    lonlat = wm.coverage(demo.teams.to_crs("EPSG:4326"), demo.hamlets.to_crs("EPSG:4326"), radius_m=2000.0,
                         population=demo.households.to_crs("EPSG:4326"))
    assert lonlat.hamlets.crs == wm.Crs(UTM)                      # the UTM zone of the hamlets
    assert lonlat.summary.residents_share == pytest.approx(base.summary.residents_share, abs=1e-3)
    assert lonlat.summary.area_share == pytest.approx(base.summary.area_share, rel=1e-3)
    feet = wm.coverage(demo.teams.to_crs("EPSG:2223"), demo.hamlets, radius_m=2000.0,
                       population=demo.households)                # teams in US feet, hamlets in UTM
    assert feet.summary.residents_share == pytest.approx(base.summary.residents_share, abs=1e-9)
    # travel time: teams in lon/lat are reprojected into the DEM's CRS, never the DEM
    walk = wm.coverage(demo.teams.to_crs("EPSG:4326"), demo.hamlets, travel_time=demo_tt, minutes=30.0)
    ref = wm.coverage(demo.teams, demo.hamlets, travel_time=demo_tt, minutes=30.0)
    assert walk.summary.area_share == pytest.approx(ref.summary.area_share, rel=1e-12)


def test_results_pickle_and_write(demo, tmp_path):
    cov = wm.coverage(demo.teams, demo.hamlets, radius_m=1500.0, incidents=demo.incidents)
    again = pickle.loads(pickle.dumps(cov))
    pd.testing.assert_frame_equal(again.by_hamlet, cov.by_hamlet)
    assert again.summary.hamlets_below == cov.summary.hamlets_below
    cov.gaps.write(tmp_path / "coverage.gpkg", layer="gaps")
    cov.covered.write(tmp_path / "coverage.gpkg", layer="covered")
    assert wm.read_polygons(tmp_path / "coverage.gpkg", layer="gaps").areas().sum() == pytest.approx(
        cov.gaps.areas().sum(), rel=1e-9)
    assert "CoverageSummary(" in repr(cov.summary) and "Coverage(" in repr(cov)
    assert cov.to_frame().equals(cov.by_hamlet)


@pytest.mark.parametrize("kwargs, error", [
    (dict(radius_m=-1.0), wm.InvalidInputError),
    (dict(radius_m=float("nan")), wm.InvalidInputError),
    (dict(), wm.InvalidInputError),                                   # neither radius nor travel time
    (dict(radius_m=100.0, minutes=10.0), wm.InvalidInputError),       # minutes without a travel time
    (dict(radius_m=100.0, threshold=2.0), wm.InvalidInputError),
    (dict(radius_m=100.0, population="households.csv"), TypeError),
    (dict(radius_m=100.0, residents="people"), wm.InvalidInputError),
])
def test_bad_input(demo, kwargs, error):
    if "residents" in kwargs:
        kwargs["population"] = demo.households
    with pytest.raises(error):
        wm.coverage(demo.teams, demo.hamlets, **kwargs)


def test_bad_travel_time_input(demo, demo_tt):
    with pytest.raises(wm.InvalidInputError, match="not both"):
        wm.coverage(demo.teams, demo.hamlets, radius_m=100.0, travel_time=demo_tt, minutes=10.0)
    with pytest.raises(wm.InvalidInputError, match="needs minutes"):
        wm.coverage(demo.teams, demo.hamlets, travel_time=demo_tt)
    with pytest.raises(wm.InvalidInputError, match="minutes must be"):
        wm.coverage(demo.teams, demo.hamlets, travel_time=demo_tt, minutes=-5.0)
    with pytest.raises(wm.InvalidInputError, match="sources"):
        wm.coverage(demo.teams[:10], demo.hamlets, travel_time=demo_tt, minutes=10.0)
    shifted = wm.PointSet(np.asarray(demo.teams.x)[::-1], np.asarray(demo.teams.y)[::-1], crs=UTM)
    with pytest.raises(wm.InvalidInputError, match="team 0"):
        wm.coverage(shifted, demo.hamlets, travel_time=demo_tt, minutes=10.0)
    short = wm.travel_time(demo.dem, demo.teams, max_minutes=10.0)
    with pytest.raises(wm.InvalidInputError, match="max_minutes"):
        wm.coverage(demo.teams, demo.hamlets, travel_time=short, minutes=30.0)
    # a DEM without CRS with teams that have one: refused, never reprojected silently
    local = wm.Raster(demo.dem.values, wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=30.0, ncols=demo.dem.shape[1],
                                                nrows=demo.dem.shape[0]))
    with pytest.raises(wm.CrsError):
        wm.travel_time(local, demo.teams)
    with pytest.raises(TypeError, match="travel_time must be a TravelTime"):
        wm.coverage(demo.teams, demo.hamlets, travel_time=demo.dem, minutes=10.0)


def test_locate_all_and_count_overlapping(demo):
    areas = wm.PolygonSet.from_wkb([Point(x, y).buffer(2000.0, 16).wkb for x, y in
                                    zip(np.asarray(demo.teams.x)[:20], np.asarray(demo.teams.y)[:20])], crs=UTM)
    point, polygon = wm.locate(demo.incidents, areas, how="all")
    # against shapely, point by point
    shapes = areas.to_geopandas().geometry.values
    xs, ys = np.asarray(demo.incidents.x), np.asarray(demo.incidents.y)
    expected = [(i, j) for i in range(len(xs)) for j in range(len(shapes)) if shapes[j].covers(Point(xs[i], ys[i]))]
    assert list(zip(point.tolist(), polygon.tolist())) == expected
    # count gives each point to one polygon and says so; overlapping=True counts it in each
    with pytest.warns(wm.WatchmapWarning, match="more than one polygon"):
        once = wm.count(demo.incidents, areas)
    every = wm.count(demo.incidents, areas, overlapping=True, by="year")
    assert every["count"].sum() == len(point) > once["count"].sum()
    assert (every["count"] == np.bincount(polygon, minlength=len(areas))).all()
    assert every[[c for c in every if c.startswith("count_")]].sum(axis=1).equals(every["count"])
    assert every.attrs["outside"] == len(xs) - np.unique(point).size == once.attrs["outside"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wm.count(demo.incidents, demo.hamlets)                   # tiles: no warning
    with pytest.raises(wm.InvalidInputError, match="how must be"):
        wm.locate(demo.incidents, areas, how="some")
