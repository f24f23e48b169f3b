"""Integer rasters and integer attributes never change values silently (issue 12)."""
import numpy as np
import pandas as pd
import pytest

import watchmap as wm


def _grid():
    return wm.Grid(xmin=580000.0, ymin=2450000.0, cell_size_m=30.0, ncols=3, nrows=2, crs="EPSG:32648")


def test_int32_nan_cells_become_real_nodata_not_zero(tmp_path):
    """The reported bug: nodata=NaN on an Int32 band, NaN cells read back as 0.0."""
    values = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, -6.0]])
    wm.Raster(values, _grid(), nodata=np.nan).write(tmp_path / "i.tif", dtype="int32")
    back = wm.read_raster(tmp_path / "i.tif")
    assert back.nodata == -2147483648.0
    assert back.values[0, 1] == back.nodata
    assert back.values[0, 0] == 1.0 and back.values[1, 2] == -6.0
    from osgeo import gdal

    ds = gdal.Open(str(tmp_path / "i.tif"))  # the band needs its dataset alive
    band = ds.GetRasterBand(1)
    assert gdal.GetDataTypeName(band.DataType) == "Int32" and band.GetNoDataValue() == -2147483648.0


@pytest.mark.parametrize("dtype, default", [("int32", -2147483648.0), ("int16", -32768.0), ("uint8", 255.0),
                                            ("uint16", 65535.0)])
def test_integer_types_get_a_default_nodata_when_the_data_has_nan(tmp_path, dtype, default):
    values = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, 6.0]])
    wm.Raster(values, _grid()).write(tmp_path / "r.tif", dtype=dtype)
    back = wm.read_raster(tmp_path / "r.tif")
    assert back.nodata == default and back.values[0, 1] == default
    np.testing.assert_array_equal(back.values.ravel()[[0, 2, 3, 4, 5]], [1, 3, 4, 5, 6])


def test_given_integer_nodata_is_used(tmp_path):
    values = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, 6.0]])
    wm.Raster(values, _grid(), nodata=-1.0).write(tmp_path / "r.tif", dtype="int16")
    back = wm.read_raster(tmp_path / "r.tif")
    assert back.nodata == -1.0 and back.values[0, 1] == -1.0


@pytest.mark.parametrize("dtype, nodata", [("int32", 2.5), ("uint8", 300.0), ("uint8", -1.0), ("int16", 1e6)])
def test_unrepresentable_nodata_is_refused(tmp_path, dtype, nodata):
    values = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, 6.0]])
    with pytest.raises(wm.InvalidInputError, match=rf"nodata .* cannot be represented as {dtype}"):
        wm.Raster(values, _grid(), nodata=nodata).write(tmp_path / "r.tif", dtype=dtype)
    assert not list(tmp_path.iterdir())


def test_values_out_of_range_or_fractional_are_refused_naming_the_cell(tmp_path):
    with pytest.raises(wm.InvalidInputError, match=r"cell 2 \(row 0, column 2\) holds 256.*uint8"):
        wm.Raster(np.array([[1.0, 2.0, 256.0], [0, 0, 0]]), _grid()).write(tmp_path / "r.tif", dtype="uint8")
    with pytest.raises(wm.InvalidInputError, match=r"holds 0.5"):
        wm.Raster(np.array([[1.0, 0.5, 2.0], [0, 0, 0]]), _grid()).write(tmp_path / "r.tif", dtype="int32")


def test_a_real_cell_equal_to_the_default_nodata_is_refused(tmp_path):
    values = np.array([[255.0, np.nan, 3.0], [4.0, 5.0, 6.0]])
    with pytest.raises(wm.InvalidInputError, match="holds 255.*set raster.nodata"):
        wm.Raster(values, _grid()).write(tmp_path / "r.tif", dtype="uint8")


def test_uint64_attribute_above_int64_is_refused_not_wrapped(tmp_path):
    p = wm.PointSet([580000.0, 580010.0], [2450000.0, 2450010.0], crs="EPSG:32648")
    with pytest.raises(wm.InvalidInputError, match=r"column 'big': row 1 holds 9223372036854775813"):
        p.attributes = pd.DataFrame({"big": np.array([1, 2**63 + 5], dtype=np.uint64)})
    p.attributes = pd.DataFrame({"small": np.array([1, 2**63 - 1], dtype=np.uint64)})  # fits: exact
    p.write(tmp_path / "p.gpkg")
    assert wm.read_points(tmp_path / "p.gpkg").attributes["small"].tolist() == [1, 2**63 - 1]
    p.attributes = pd.DataFrame({"big": np.array([1, 2**63 + 5], dtype=np.uint64).astype(str)})
    p.write(tmp_path / "q.gpkg")
    assert wm.read_points(tmp_path / "q.gpkg").attributes["big"].tolist() == ["1", str(2**63 + 5)]
