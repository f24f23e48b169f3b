"""Grid and Raster in Python: metres only where metres are meant, sampling, extent, quick plot, pickling."""
import pickle

import matplotlib
import numpy as np
import pytest

import watchmap as wm

matplotlib.use("Agg")


def test_grid_cell_size_is_metres_or_an_error():
    with pytest.raises(wm.CrsError, match="needs a CRS in metres"):
        wm.Grid(xmin=105.0, ymin=22.0, cell_size_m=0.001, ncols=10, nrows=10, crs="EPSG:4326")
    g = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=30.0, ncols=4, nrows=3, crs="EPSG:32648")
    assert g.cell_size_m == 30.0 and "12" in g._repr_html_()
    lonlat_dem = wm.Raster(np.zeros((3, 4)), g).to_crs("EPSG:4326")
    with pytest.raises(wm.CrsError, match="cell_width x cell_height"):
        lonlat_dem.grid.cell_size_m
    assert pickle.loads(pickle.dumps(g)) == g and g != "a grid"


def test_arcgis_default_cell_size_comes_from_the_core():
    d = wm.datasets.demo_district(seed=0)
    g = wm.Grid.covering(d.boundary)
    b = d.boundary.bounds
    assert g.cell_size_m == pytest.approx(min(b[2] - b[0], b[3] - b[1]) / 250.0)


def test_sample_reads_cells_in_any_crs_and_nan_outside():
    g = wm.Grid(xmin=1000.0, ymin=2000.0, cell_size_m=10.0, ncols=3, nrows=2, crs="EPSG:32648")
    r = wm.Raster(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, -9.0]]), g, nodata=-9.0)
    pts = wm.PointSet([1005.0, 1015.0, 1025.0, 1001.0, 5000.0, 1030.0], [2015.0, 2005.0, 2005.0, 2019.0, 2000.0, 2000.0],
                      crs="EPSG:32648")
    # cell (0,0); cell (1,1); nodata cell; cell (0,0) again; outside; the outer corner of the nodata cell
    np.testing.assert_array_equal(r.sample(pts), [1.0, 5.0, np.nan, 1.0, np.nan, np.nan])
    np.testing.assert_allclose(r.sample(pts.to_crs("EPSG:4326"))[:2], [1.0, 5.0])
    mid = wm.PointSet([1010.0], [2010.0], crs="EPSG:32648")  # the corner shared by four centres
    assert r.sample(mid, method="bilinear")[0] == pytest.approx((1 + 2 + 4 + 5) / 4)
    with pytest.raises(wm.InvalidInputError, match="unknown sampling 'cubic'"):
        r.sample(mid, method="cubic")


def test_extent_and_quick_plot():
    d = wm.datasets.demo_district(seed=0)
    left, right, bottom, top = d.dem.extent
    assert left == d.dem.grid.xmin and top == d.dem.grid.ymax and right > left and top > bottom
    ax = d.dem.plot(cmap="terrain")
    assert tuple(ax.images[0].get_extent()) == d.dem.extent
    matplotlib.pyplot.close("all")


def test_rasters_pickle_with_their_nodata():
    g = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=1.0, ncols=2, nrows=2)
    r = wm.Raster(np.array([[1.0, np.nan], [3.0, 4.0]]), g, nodata=-1.0)
    back = pickle.loads(pickle.dumps(r))
    assert back.nodata == -1.0 and np.array_equal(back.values, r.values, equal_nan=True)
