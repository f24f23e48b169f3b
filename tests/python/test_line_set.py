"""watchmap.LineSet: the GeoArrow line layer (roads), its files, GeoPandas exchange and selection."""
from __future__ import annotations

import pickle

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, MultiLineString

import watchmap as wm


@pytest.fixture
def roads():
    lines = wm.LineSet([580000.0, 580600.0, 580600.0, 581000.0, 581000.0], [2450000.0, 2450000.0, 2450800.0,
                       2450100.0, 2450400.0], [0, 3, 5], [0, 1, 2, 2], crs="EPSG:32648")
    return lines.assign(kind=["provincial road", "trail", "trail"], name=["QL3", "", None])


def test_layout_lengths_selection(roads):
    assert len(roads) == 3 and roads.num_parts == 2
    np.testing.assert_array_equal(roads.part_offsets, [0, 3, 5])
    np.testing.assert_allclose(roads.lengths(), [1400.0, 300.0, 0.0])
    assert roads[0].attributes["kind"].tolist() == ["provincial road"]
    assert len(roads[roads.attributes["kind"] == "trail"]) == 2
    assert roads.take([1]).lengths()[0] == 300.0
    assert "LineSet(3 features" in repr(roads)
    assert not roads.x.flags.writeable
    with pytest.raises(wm.InvalidInputError):
        wm.LineSet([0.0], [0.0], [0, 1], [0, 1])


@pytest.mark.parametrize("name", ["roads.gpkg", "roads.geojson"])
def test_file_round_trip(roads, tmp_path, name):
    path = tmp_path / name
    roads.write(path)
    with pytest.warns(wm.WatchmapWarning, match="no geometry"):
        back = wm.read_lines(path)
    assert back.crs == roads.crs and len(back) == 3
    np.testing.assert_array_equal(back.x, roads.x)
    assert back.attributes["kind"].tolist() == roads.attributes["kind"].tolist()


def test_geopandas_round_trip(roads):
    gdf = roads.to_geopandas()
    assert gdf.crs.to_epsg() == 32648
    assert gdf.geometry.iloc[0].equals(MultiLineString([[(580000, 2450000), (580600, 2450000), (580600, 2450800)]]))
    assert gdf.geometry.length.tolist() == pytest.approx([1400.0, 300.0, 0.0])
    back = wm.from_geopandas(gdf)
    assert isinstance(back, wm.LineSet)
    np.testing.assert_array_equal(back.y, roads.y)
    plain = gpd.GeoDataFrame({"kind": ["a"]}, geometry=[LineString([(0, 0), (3, 4)])], crs="EPSG:32648")
    assert wm.from_geopandas(plain).lengths()[0] == 5.0


def test_to_crs_and_pickle(roads):
    lonlat = roads.to_crs("EPSG:4326")
    assert lonlat.crs.is_geographic
    back = lonlat.to_crs("EPSG:32648")
    np.testing.assert_allclose(back.x, roads.x, atol=1e-6)
    again = pickle.loads(pickle.dumps(roads))
    np.testing.assert_array_equal(again.x, roads.x)
    assert again.attributes.equals(roads.attributes)


def test_line_roads_speed_up_travel(roads):
    grid = wm.Grid(xmin=579500.0, ymin=2449500.0, cell_size_m=30.0, ncols=60, nrows=50, crs="EPSG:32648")
    dem = wm.Raster(np.full((50, 60), 200.0), grid)
    team = wm.PointSet([580010.0], [2450010.0], crs="EPSG:32648")
    end = wm.PointSet([580590.0], [2450790.0], crs="EPSG:32648")
    walk = wm.travel_time(dem, team).minutes.sample(end)[0]
    on_foot = wm.travel_time(dem, team, roads=roads).minutes.sample(end)[0]
    ride = wm.travel_time(dem, team, roads=roads, road_speeds_kmh={"provincial road": 40.0}).minutes.sample(end)[0]
    assert ride < on_foot < walk
    # about 1,400 m of road at 40 km/h, cell steps along the road
    assert ride == pytest.approx(1400.0 / 1000.0 / 40.0 * 60.0, rel=0.1)
    all_fast = wm.travel_time(dem, team, roads=roads, road_speeds_kmh=40.0).minutes.sample(end)[0]
    assert all_fast == pytest.approx(ride)
    with pytest.raises(wm.InvalidInputError, match="kinds the roads do not have"):
        wm.travel_time(dem, team, roads=roads, road_speeds_kmh={"motorway": 80.0})
    with pytest.raises(wm.InvalidInputError, match="road speed"):
        wm.travel_time(dem, team, roads=roads, road_speeds_kmh=[40.0, -1.0, 0.0])
