"""GeoDataFrame round trips and the real Bắc Kạn district boundaries (when ../shared is present)."""
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import MultiPolygon, Point, Polygon

import watchmap as wm


def _frame():
    hole = Polygon([(0, 0), (300, 0), (300, 300), (0, 300)], [[(100, 100), (100, 200), (200, 200), (200, 100)]])
    multi = MultiPolygon([Polygon([(1000, 0), (1100, 0), (1100, 100), (1000, 100)]),
                          Polygon([(1200, 0), (1400, 0), (1400, 200), (1200, 200)])])
    plain = Polygon([(500, 0), (600, 0), (600, 100), (500, 100)])
    gdf = gpd.GeoDataFrame({
        "hamlet": ["Bản Vẻn", "Pác Cáp", "Nà Pài"],
        "population": [310, 95, 120],
        "density": [1.5, 2.25, np.nan],
        "gong": [True, False, True],
        "since": pd.to_datetime(["2024-01-01", None, "2023-06-30"]),
    }, geometry=[hole, multi, plain], crs="EPSG:32648")
    gdf.geometry = gdf.geometry.translate(580000, 2450000)
    return gdf


def test_polygons_round_trip_keeps_holes_multipolygons_attributes_and_crs():
    gdf = _frame()
    ps = wm.from_geopandas(gdf)
    assert isinstance(ps, wm.PolygonSet) and len(ps) == 3
    assert ps.crs == "EPSG:32648"
    np.testing.assert_allclose(ps.areas(), gdf.area.to_numpy())
    back = ps.to_geopandas()
    assert back.crs.to_epsg() == 32648
    assert back.geom_type.tolist() == ["Polygon", "MultiPolygon", "Polygon"]
    assert len(back.geometry.iloc[0].interiors) == 1
    assert all(back.geometry.geom_equals_exact(gdf.geometry, tolerance=0.0))
    pd.testing.assert_frame_equal(pd.DataFrame(back.drop(columns="geometry")),
                                  pd.DataFrame(gdf.drop(columns="geometry")), check_dtype=False)
    assert back["since"].isna().tolist() == [False, True, False]


def test_points_round_trip():
    gdf = gpd.GeoDataFrame({"category": ["theft", "tip"], "w": [1.0, 3.0]},
                           geometry=[Point(105.85, 22.2), Point(105.9, 22.25)], crs="EPSG:4326")
    p = wm.from_geopandas(gdf)
    assert isinstance(p, wm.PointSet) and p.crs.is_geographic
    assert p.x.tolist() == [105.85, 105.9]
    back = p.to_geopandas()
    assert back.crs.to_epsg() == 4326
    assert back.geometry.x.tolist() == [105.85, 105.9]
    assert back["category"].tolist() == ["theft", "tip"]


def test_points_with_weight_and_time_become_columns():
    p = wm.PointSet([1.0, 2.0], [3.0, 4.0], weight=[2.0, 5.0],
                    time=np.array(["2024-01-01", "2025-02-03"], dtype="datetime64[s]").astype(np.int64))
    gdf = p.to_geopandas()
    assert gdf["weight"].tolist() == [2.0, 5.0]
    assert gdf["time"].iloc[1] == pd.Timestamp("2025-02-03")
    assert gdf.crs is None


def test_bad_geodataframes():
    mixed = gpd.GeoDataFrame(geometry=[Point(0, 0), Polygon([(0, 0), (1, 0), (1, 1)])])
    with pytest.raises(wm.InvalidInputError, match="row 1 is a Polygon"):
        wm.from_geopandas(mixed)
    missing = gpd.GeoDataFrame(geometry=[Point(0, 0), None, Point(1, 1)])
    with pytest.raises(wm.InvalidInputError, match="row 1 has no point geometry"):
        wm.from_geopandas(missing)


def test_empty_polygon_feature_round_trip():
    gdf = gpd.GeoDataFrame({"n": [1, 2]}, geometry=[Polygon([(0, 0), (1, 0), (1, 1)]), None])
    ps = wm.from_geopandas(gdf)
    assert len(ps) == 2
    assert ps.areas().tolist() == [0.5, 0.0]


# --- the real Bắc Kạn districts --------------------------------------------------------------

BAC_KAN = "data/real/vietnam_bac_kan/bac_kan_districts_gischinhphu.geojson"


def test_bach_thong_area_in_utm48(shared):
    path = shared(BAC_KAN)
    districts = wm.read_polygons(path)
    assert districts.crs.is_geographic
    assert len(districts) == 8
    names = districts.attributes["district"].tolist()
    bach_thong = districts.take([names.index("Huyện Bạch Thông")])
    utm = bach_thong.to_crs(wm.utm_crs(105.85, 22.2))
    assert utm.crs == "EPSG:32648"
    area_km2 = utm.areas()[0] / 1e6
    assert abs(area_km2 - 546.8) <= 0.5, area_km2
    # the "utm" shortcut picks the same zone from the data's centre
    auto = wm.read_polygons(path, to_crs="utm")
    assert auto.crs == "EPSG:32648"
    np.testing.assert_allclose(auto.areas()[names.index("Huyện Bạch Thông")] / 1e6, area_km2, rtol=1e-12)


def test_bac_kan_matches_geopandas_reading(shared):
    path = shared(BAC_KAN)
    ours = wm.read_polygons(path, to_crs="EPSG:32648")
    theirs = gpd.read_file(path).to_crs(32648)
    np.testing.assert_allclose(ours.areas(), theirs.area.to_numpy(), rtol=1e-9)
    assert ours.attributes["district_id"].tolist() == theirs["district_id"].tolist()
    # the province outline contains every district (through our union)
    province = wm.read_polygons(shared("data/real/vietnam_bac_kan/bac_kan_province_gischinhphu.geojson"),
                                to_crs="EPSG:32648")
    union = wm.union_all(ours)
    assert abs(union.areas()[0] - province.areas()[0]) / province.areas()[0] < 1e-3


# Issue 12: one validity policy for files, GeoPandas and WKB.
def _bowtie_wkb():
    import shapely.geometry

    return shapely.geometry.Polygon([(580000, 2450000), (580100, 2450100), (580100, 2450000),
                                     (580000, 2450100), (580000, 2450000)]).wkb


def test_from_wkb_repairs_a_bowtie_with_a_warning_or_raises_when_strict():
    with pytest.warns(wm.WatchmapWarning, match=r"WKB: feature 1 was an invalid polygon \(Self-intersection"):
        ps = wm.PolygonSet.from_wkb([None, _bowtie_wkb()], crs="EPSG:32648")
    assert ps.areas()[1] == pytest.approx(5000.0) and wm.validity_problems(ps) == ["", ""]
    with pytest.raises(wm.GeometryError, match="WKB: feature 1 is an invalid polygon"):
        wm.PolygonSet.from_wkb([None, _bowtie_wkb()], crs="EPSG:32648", strict=True)


def test_from_geopandas_repairs_a_bowtie_so_later_calls_work():
    import geopandas as gpd
    import shapely.wkb

    gdf = gpd.GeoDataFrame({"name": ["bowtie"]}, geometry=[shapely.wkb.loads(_bowtie_wkb())], crs="EPSG:32648")
    with pytest.warns(wm.WatchmapWarning, match=r"GeoDataFrame: feature 0 was an invalid polygon"):
        ps = wm.from_geopandas(gdf)
    assert ps.areas()[0] == pytest.approx(5000.0)
    cells = wm.hex_grid(ps, 20.0, within=True)   # was a GEOS TopologyException on the unrepaired bowtie
    assert len(cells) > 0
    with pytest.raises(wm.GeometryError, match="GeoDataFrame: feature 0 is an invalid polygon"):
        wm.from_geopandas(gdf, strict=True)
