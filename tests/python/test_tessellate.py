"""Square and hex cells: they tile, they match the raster grid, and cell sizes are metres in any CRS."""
import numpy as np
import pytest

import watchmap as wm

BAC_KAN = "data/real/vietnam_bac_kan/bac_kan_districts_gischinhphu.geojson"


def test_grids_count_and_cover():
    boundary = wm.PolygonSet([0, 1000, 1000, 0, 0], [0, 0, 800, 800, 0], [0, 5], [0, 1], [0, 1], crs="EPSG:32648")
    squares = wm.square_grid(boundary, 300.0, within=True)
    g = wm.Grid.covering(boundary, 300.0)
    assert len(squares) == g.ncols * g.nrows == 12  # 4 x 3 cells of 300 m cover 1000 x 800 m
    hexes = wm.hex_grid(boundary, 250.0, within=True, clip=True)
    np.testing.assert_allclose(hexes.areas().sum(), 1000 * 800, rtol=1e-9)
    rng = np.random.default_rng(5)
    pts = wm.PointSet(rng.uniform(0, 1000, 5000), rng.uniform(0, 800, 5000), crs="EPSG:32648")
    assert wm.count(pts, hexes)["count"].sum() == 5000
    assert wm.count(pts, squares)["count"].sum() == 5000
    with pytest.raises(wm.InvalidInputError, match="cell_size_m"):
        wm.hex_grid(boundary, -5.0)


def test_within_drops_cells_outside_the_boundary():
    d = wm.datasets.demo_district(seed=0)
    every = wm.hex_grid(d.boundary, 1000.0)
    inside = wm.hex_grid(d.boundary, 1000.0, within=True)
    assert len(inside) < len(every)  # the district is a blob, not a rectangle
    centres = wm.PointSet(inside.attributes["x"].to_numpy(), inside.attributes["y"].to_numpy(), crs=inside.crs)
    far = wm.PointSet(every.attributes["x"].to_numpy(), every.attributes["y"].to_numpy(), crs=every.crs)
    dropped = np.setdiff1d(every.attributes["cell_id"], inside.attributes["cell_id"])
    assert len(dropped) == len(every) - len(inside)
    assert (wm.locate(far[np.isin(every.attributes["cell_id"], dropped)], d.boundary) < 0).all()
    assert len(centres) == len(inside)


def test_cells_on_lon_lat_data_are_metres_in_utm(shared):
    districts = wm.read_polygons(shared(BAC_KAN))
    assert districts.crs.is_geographic
    hexes = wm.hex_grid(districts, 1000.0)
    assert hexes.crs == "EPSG:32648"
    np.testing.assert_allclose(hexes.areas(), np.sqrt(3) / 2 * 1000.0 ** 2, rtol=1e-9)
    grid = wm.Grid.covering(districts, 100.0, margin_m=1000.0)
    assert grid.crs == "EPSG:32648" and grid.cell_size_m == 100.0
    assert 300_000 < grid.xmin < 900_000  # metres, not -900 degrees
    with pytest.raises(wm.CrsError, match="not in metres"):
        wm.hex_grid(districts.bounds, 1000.0, crs="EPSG:4326")


def test_cells_on_a_feet_layer_are_metres(shared):
    crimes = wm.read_points(shared("data/real/incidents/libpysal/geodanet_crimes_az_stateplane_ft.geojson"))
    assert crimes.crs.metres_per_unit == pytest.approx(0.3048, rel=1e-5)
    squares = wm.square_grid(crimes, 500.0)
    np.testing.assert_allclose(squares.areas(), 500.0 ** 2, rtol=1e-9)
    assert squares.crs.is_metric
