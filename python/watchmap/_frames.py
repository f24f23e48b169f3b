"""Attribute columns <-> pandas, and layers <-> GeoPandas.

The C++ core keeps attributes as typed columns; here they become pandas columns with the dtype an
analyst expects (nullable integers, datetimes, strings) and back.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import _core, _time
from ._core import InvalidInputError


def columns_to_frame(columns, nrows: int) -> pd.DataFrame:
    """[(name, type, values, nulls)] from the core -> DataFrame with one row per feature."""
    data = {}
    for name, kind, values, nulls in columns:
        if kind == "real":
            series = pd.Series(values, dtype="float64")
        elif kind == "integer":
            series = pd.Series(values, dtype="int64") if nulls is None else pd.Series(
                pd.arrays.IntegerArray(np.asarray(values, dtype="int64"), np.asarray(nulls, dtype=bool)))
        elif kind == "boolean":
            flags = np.asarray(values) != 0
            series = pd.Series(flags, dtype="bool") if nulls is None else pd.Series(
                pd.arrays.BooleanArray(flags, np.asarray(nulls, dtype=bool)))
        elif kind == "datetime":
            series = pd.Series(pd.to_datetime(np.asarray(values, dtype="int64"), unit="s"))
            if nulls is not None:
                series[np.asarray(nulls, dtype=bool)] = pd.NaT
        else:  # string
            series = pd.Series(values, dtype="object")
            if nulls is not None:
                series[np.asarray(nulls, dtype=bool)] = None
        data[name] = series
    frame = pd.DataFrame(data)
    if frame.shape[1] == 0:
        frame = pd.DataFrame(index=pd.RangeIndex(nrows))
    return frame


def _column_from_series(name: str, series: pd.Series):
    """One pandas column -> (name, type, values, nulls) for the core."""
    nulls = series.isna().to_numpy()
    mask = nulls if nulls.any() else None
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return name, "boolean", series.fillna(False).astype(bool).to_numpy(np.int64), mask
    if pd.api.types.is_integer_dtype(dtype):
        if pd.api.types.is_unsigned_integer_dtype(dtype) and np.dtype(getattr(dtype, "numpy_dtype", dtype)).itemsize == 8:
            # int64 is what files hold: a uint64 above 2**63 - 1 would wrap to a negative number
            big = series[~nulls].astype("uint64") > np.uint64(np.iinfo(np.int64).max)
            if big.any():
                row = int(np.flatnonzero(big.to_numpy())[0])
                raise InvalidInputError(
                    f"attribute column '{name}': row {row} holds {series[~nulls].iloc[row]}, above the largest "
                    f"64-bit signed integer ({np.iinfo(np.int64).max}) files can hold; convert it with "
                    f".astype(str) (exact) or .astype(float) (rounded)")
        return name, "integer", series.fillna(0).to_numpy(np.int64), mask
    if pd.api.types.is_float_dtype(dtype):
        return name, "real", series.to_numpy(np.float64, na_value=np.nan), None
    if pd.api.types.is_datetime64_any_dtype(dtype):
        values = series
        if getattr(dtype, "tz", None) is not None:
            values = values.dt.tz_convert("UTC").dt.tz_localize(None)
        seconds = values.to_numpy("datetime64[ns]").astype("datetime64[s]").astype(np.int64)
        seconds[nulls] = 0
        return name, "datetime", seconds, mask
    text = [None if n else str(v) for v, n in zip(series.tolist(), nulls)]
    return name, "string", ["" if t is None else t for t in text], mask


def frame_to_columns(frame: pd.DataFrame, nrows: int):
    if len(frame) != nrows:
        raise InvalidInputError(f"attributes have {len(frame)} rows for a layer of {nrows} features")
    out = []
    for name in frame.columns:
        if not isinstance(name, str):
            raise InvalidInputError(f"attribute column names must be strings, got {name!r}")
        out.append(_column_from_series(name, frame[name]))
    return out


def _get_attributes(self) -> pd.DataFrame:
    """Attribute columns as a pandas DataFrame (a copy: assign it back to change the layer)."""
    return columns_to_frame(self._attribute_columns(), len(self))


def _set_attributes(self, frame) -> None:
    if frame is None:
        self._set_attribute_columns(None)
        return
    self._set_attribute_columns(frame_to_columns(pd.DataFrame(frame).reset_index(drop=True), len(self)))


def _crs_for_geopandas(crs: _core.Crs):
    if crs.is_empty:
        return None
    return f"EPSG:{crs.epsg}" if crs.epsg is not None else crs.wkt


def points_to_geopandas(self) -> "geopandas.GeoDataFrame":
    """The points as a GeoDataFrame (attributes kept; weight and time as columns when set).

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> gdf = d.incidents.to_geopandas()
    """
    import geopandas as gpd

    frame = pd.DataFrame(self.attributes)  # a fresh copy, writable
    if self.weight is not None and "weight" not in frame:
        frame["weight"] = np.array(self.weight)
    if self.time is not None and self.time_column not in frame:
        frame[self.time_column] = _time.local_stamps(self)
    geometry = gpd.points_from_xy(np.asarray(self.x), np.asarray(self.y))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=_crs_for_geopandas(self.crs))


def polygons_to_geopandas(self) -> "geopandas.GeoDataFrame":
    """The polygons as a GeoDataFrame (attributes, holes and multipolygons kept).

    Examples
    --------
    >>> hamlets = watchmap.datasets.demo_district().hamlets
    >>> hamlets.to_geopandas().plot()
    """
    import geopandas as gpd

    geometry = gpd.GeoSeries.from_wkb(self.to_wkb())
    return gpd.GeoDataFrame(self.attributes, geometry=geometry.values, crs=_crs_for_geopandas(self.crs))


def lines_to_geopandas(self) -> "geopandas.GeoDataFrame":
    """The lines as a GeoDataFrame (attributes kept; each feature a MultiLineString).

    Examples
    --------
    >>> roads = watchmap.datasets.demo_district().roads.to_geopandas()
    """
    import geopandas as gpd

    geometry = gpd.GeoSeries.from_wkb(self.to_wkb())
    return gpd.GeoDataFrame(self.attributes, geometry=geometry.values, crs=_crs_for_geopandas(self.crs))


def _crs_from_geopandas(crs):
    if crs is None:
        return None
    epsg = crs.to_epsg()
    return f"EPSG:{epsg}" if epsg is not None else crs.to_wkt()


def from_geopandas(gdf, *, strict: bool = False):
    """A PointSet (all points), LineSet (lines/multilines) or PolygonSet (polygons/multipolygons)
    from a GeoDataFrame.

    Attributes become attribute columns; the CRS is kept. Mixed geometry types, missing point
    geometries and other types raise InvalidInputError naming the row. Invalid polygons follow
    the policy of :func:`watchmap.read_polygons`: repaired with GEOS MakeValid and reported as a
    WatchmapWarning naming the row, or a GeometryError with ``strict=True``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> hamlets = watchmap.from_geopandas(gpd.read_file("hamlets.gpkg"))
    """
    geoms = gdf.geometry
    types = geoms.geom_type
    attributes = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).reset_index(drop=True)
    crs = _crs_from_geopandas(gdf.crs)
    present = types.dropna()
    first = present.iloc[0] if len(present) else "Polygon"
    lines = ["LineString", "MultiLineString"]
    wanted = ["Point"] if first == "Point" else (lines if first in lines else ["Polygon", "MultiPolygon"])
    bad = ~types.isin(wanted) & types.notna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InvalidInputError(f"GeoDataFrame row {row} is a {types.iloc[row]} but row {int(np.flatnonzero(types.notna().to_numpy())[0])} is a "
                                f"{first}; expected all points, all (multi)lines or all (multi)polygons")
    if first == "Point":
        missing = np.flatnonzero(geoms.isna().to_numpy() | geoms.is_empty.to_numpy())
        if len(missing):
            raise InvalidInputError(f"GeoDataFrame row {int(missing[0])} has no point geometry")
        layer = _core.PointSet(geoms.x.to_numpy(np.float64), geoms.y.to_numpy(np.float64), crs=crs)
    else:
        blobs = [None if g is None or g.is_empty else g.wkb for g in geoms]
        if first in lines:
            layer = _core.LineSet.from_wkb(blobs, crs=crs)
        else:
            layer = _core.PolygonSet.from_wkb(blobs, crs=crs, strict=strict, source="GeoDataFrame")
    layer.attributes = attributes
    return layer
