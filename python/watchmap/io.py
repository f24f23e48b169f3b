"""Reading and writing layers and rasters (GDAL/OGR underneath)."""
from __future__ import annotations

import os
import warnings
from typing import Optional, Union

import numpy as np
import pandas as pd

from . import _core, _progress, _time
from ._core import InvalidInputError, LineSet, PointSet, PolygonSet, Raster

PathLike = Union[str, "os.PathLike[str]"]


def _path(path: PathLike) -> str:
    return os.fspath(path)


def _maybe_to_crs(layer, to_crs):
    return layer if to_crs is None else layer.to_crs(to_crs)  # "utm" is understood by to_crs


def read_points(path: PathLike, *, layer: Optional[str] = None, x: Optional[str] = None,
                y: Optional[str] = None, crs=None, time=None, time_format: Optional[str] = None,
                tz: Optional[str] = None, weight: Optional[str] = None, to_crs=None, skip_invalid: bool = False,
                progress=None, sql: Optional[str] = None) -> PointSet:
    """Read points from any OGR vector source, or from a CSV with coordinate columns.

    Parameters
    ----------
    path : str or path-like
        GeoPackage, GeoJSON, Shapefile, FlatGeobuf, CSV, or any OGR source; a PostGIS database
        as ``"PG:dbname=… host=… user=…"`` (a server that does not answer is an IoError after
        10 s; passwords are masked in messages).
    layer : str, optional
        Layer name; required when the file has several. PostGIS: ``"schema.table"``.
    sql : str, optional
        A query in the source's own SQL read instead of a layer, e.g.
        ``"SELECT * FROM incidents WHERE category = 'theft'"`` on PostGIS.
    x, y : str, optional
        Columns holding x/longitude and y/latitude (CSV or tables without geometry).
    crs : str, int, Crs or pyproj.CRS, optional
        CRS of the coordinates, e.g. ``"EPSG:4326"`` for lon/lat. Default: the file's own. Data
        without a CRS whose numbers look like degrees raise CrsError; ``crs="local"`` accepts a
        local metric frame.
    time : str or False, optional
        Column of dates/datetimes parsed into ``PointSet.time`` (and taken out of the
        attributes; writing the points puts it back under the same name). ISO text
        (``2010-08-31``, ``2010-08-31 18:05``, with ``Z`` or ``+07:00``), date fields, and
        day/month/year text in either order (``1/13/2010``: the order is decided from the data,
        a column where no day exceeds 12 is ambiguous and raises, asking for ``time_format``).
        Default None: a date column named ``time`` (what ``PointSet.write`` writes) is used when
        present; False never.
    time_format : str, optional
        A ``strptime`` format for the time column, e.g. ``"%m/%d/%Y"`` or ``"%d.%m.%Y %H:%M"``.
    tz : str, optional
        The data's own time zone (IANA name, e.g. ``"America/Chicago"``, ``"Asia/Ho_Chi_Minh"``):
        times without an offset are local times there, and ``PointSet.time`` shows and
        ``count(by="month")`` buckets times in it. Default: times without an offset are UTC.
    weight : str, optional
        Numeric column used as ``PointSet.weight``.
    to_crs : str, Crs or "utm", optional
        Reproject after reading; ``"utm"`` picks the UTM zone of the data's centre.
    skip_invalid : bool, default False
        Drop rows whose coordinates are missing, non-numeric, NaN or out of range instead of
        raising; one WatchmapWarning reports how many and the first one (real exports have them).
    progress : bool or callable, optional
        None (default): a progress bar in a terminal or notebook for reads longer than a second;
        True always, False never, or a callable getting the fraction done. Ctrl-C stops the read.

    Returns
    -------
    PointSet
        With every other column in ``.attributes``.

    Raises
    ------
    IoError
        Missing or unreadable file.
    InvalidInputError
        Unknown layer or field, non-numeric/NaN coordinates, latitude beyond ±90 (swapped
        columns), empty layer. Messages name the file, layer, field and row (and CSV line).

    Examples
    --------
    >>> teams = watchmap.read_points("teams.csv", x="lon", y="lat", crs="EPSG:4326", to_crs="utm")
    """
    text_fields = [time] if isinstance(time, str) and time else []
    with _progress.reporter(progress, f"reading {_path(path)}", None, "features") as hook:
        points = _core._read_points(_path(path), layer or "", x or "", y or "", crs, "", weight or "",
                                    skip_invalid, hook, text_fields, sql or "")
    _attach_time(points, time, time_format, tz, _path(path))
    return _maybe_to_crs(points, to_crs)


def _attach_time(points: PointSet, time, time_format, tz, where: str) -> None:
    """Moves the time column out of the attributes into ``points.time`` (see read_points)."""
    frame = points.attributes
    if time is False or (time is None and ("time" not in frame or
                                           not pd.api.types.is_datetime64_any_dtype(frame["time"]))):
        if tz is not None:
            raise InvalidInputError(f"{where}: tz={tz!r} needs a time column (time=...)")
        return
    column = "time" if time is None else time
    if column not in frame:
        raise InvalidInputError(f"{where}: no field {column!r} for time (fields: {', '.join(frame.columns)})")
    values = frame[column]
    if pd.api.types.is_datetime64_any_dtype(values):   # a date field written as UTC by watchmap or others
        seconds = values.to_numpy("datetime64[ns]").astype("datetime64[s]").astype(np.int64)
        zone = _time._check_zone(tz) or ""
        if values.isna().any():
            raise InvalidInputError(f"{where}: row {int(np.flatnonzero(values.isna().to_numpy())[0])}: time column "
                                    f"{column!r} is empty; every point needs a time")
    else:
        seconds, zone = _time.parse_times(values, time_format=time_format, tz=tz, where=where, column=column)
    points.attributes = frame.drop(columns=[column])
    points._set_time(seconds)
    points.time_zone = zone
    points.time_column = column


def read_polygons(path: PathLike, *, layer: Optional[str] = None, crs=None, strict: bool = False,
                  to_crs=None, progress=None, sql: Optional[str] = None) -> PolygonSet:
    """Read polygons and multipolygons (holes kept) with their attribute columns.

    Invalid polygons are repaired with GEOS MakeValid and reported as a WatchmapWarning naming
    the feature; with ``strict=True`` they raise GeometryError instead.

    Parameters
    ----------
    path : str or path-like
    layer : str, optional
        Layer name; required when the file has several.
    crs : optional
        Overrides the file's CRS (see :func:`read_points`).
    strict : bool, default False
    to_crs : optional
        Reproject after reading (``"utm"`` = UTM zone of the data's centre).
    progress : bool or callable, optional
        As for :func:`read_points`.
    sql : str, optional
        A query read instead of a layer (PostGIS: any SELECT with a polygon column).

    Examples
    --------
    >>> hamlets = watchmap.read_polygons("district/hamlets.gpkg", layer="hamlets")
    >>> hamlets.attributes.head()
    """
    with _progress.reporter(progress, f"reading {_path(path)}", None, "features") as hook:
        polygons = _core._read_polygons(_path(path), layer or "", crs, strict, hook, sql or "")
    return _maybe_to_crs(polygons, to_crs)


def read_lines(path: PathLike, *, layer: Optional[str] = None, crs=None, to_crs=None, progress=None) -> LineSet:
    """Read lines and multilines (e.g. roads) with their attribute columns.

    Parameters
    ----------
    path : str or path-like
    layer : str, optional
        Layer name; required when the file has several.
    crs : optional
        Overrides the file's CRS (see :func:`read_points`).
    to_crs : optional
        Reproject after reading (``"utm"`` = UTM zone of the data's centre).
    progress : optional
        As for :func:`read_points`.

    Examples
    --------
    >>> roads = watchmap.read_lines("district/roads.gpkg")
    >>> roads.attributes["kind"].value_counts()
    """
    with _progress.reporter(progress, f"reading {_path(path)}", None, "features") as hook:
        lines = _core._read_lines(_path(path), layer or "", crs, hook)
    return _maybe_to_crs(lines, to_crs)


def read_raster(path: PathLike, *, band: int = 1, progress=None) -> Raster:
    """Read one band of a north-up raster (GeoTIFF, ASCII grid, …) as float64.

    GDAL's warnings become WatchmapWarnings. ``progress`` as for :func:`read_points` (a bar
    for reads longer than a second; Ctrl-C stops the read).

    Examples
    --------
    >>> dem = watchmap.read_raster("district/dem.tif")
    >>> dem.values.max()
    """
    with _progress.reporter(progress, f"reading {_path(path)}") as hook:
        return _core._read_raster(_path(path), band, hook)


def list_layers(path: PathLike) -> list:
    """Names of the vector layers in a file.

    Examples
    --------
    >>> watchmap.list_layers("district/hamlets.gpkg")
    ['hamlets', 'communes']
    """
    return _core.list_layers(_path(path))


_MODES = ("w", "a")


def _write_mode(mode: str, append, what: str) -> str:
    """mode after the deprecated ``append=`` flag (which used to replace a layer in a GeoPackage)."""
    if append is not None:
        warnings.warn(f"{what}(append=...) is deprecated: append=True now means mode='a' (add rows to the layer); "
                      "mode='w' (the default) creates or replaces just that layer and keeps the file's other layers",
                      DeprecationWarning, stacklevel=3)
        mode = "a" if append else "w"
    if mode not in _MODES:
        raise InvalidInputError(f"{what}: mode must be 'w' (create or replace the layer) or 'a' (add rows), "
                                f"not {mode!r}")
    return mode


def _lock_timeout_ms(lock_timeout_s) -> int:
    value = float(lock_timeout_s)
    if not value >= 0 or value > 24 * 3600:
        raise InvalidInputError(f"lock_timeout_s must be between 0 and 86400 seconds, not {lock_timeout_s!r}")
    return int(round(value * 1000))


def _write_points(self, path: PathLike, *, layer: Optional[str] = None, driver: Optional[str] = None,
                  mode: str = "w", lock_timeout_s: float = 5.0, progress=None, append=None) -> None:
    """Write the points with attributes (weight and time as columns when set).

    The format follows the path (.gpkg, .geojson, .shp, .fgb, .csv, ``"PG:dbname=…"`` for
    PostGIS) unless ``driver`` names an OGR driver.

    Parameters
    ----------
    path : str or path-like
    layer : str, optional
        Layer (table) name; default the file name's stem. Required for PostGIS
        (``"schema.table"`` or ``"table"``).
    driver : str, optional
    mode : {"w", "a"}, default "w"
        Like GeoPandas' ``to_file(mode=)``: ``"w"`` creates the layer or replaces it, ``"a"``
        adds rows to it (created when missing; its fields must include the columns written).
        A GeoPackage or PostGIS database keeps its other layers in every mode: it is changed in
        place inside one transaction (never copied or replaced, so a GeoPackage open in QGIS
        stays intact). Other formats hold one layer: ``"w"`` replaces the file through a
        temporary file and a rename, keeping its permissions; a read-only file is refused.
    lock_timeout_s : float, default 5.0
        How long to wait for another program's lock on a GeoPackage (QGIS saving edits, an open
        transaction) before raising IoError; nothing is written then.
    progress : bool or callable, optional
        None (default) shows a bar only in a terminal or notebook once the write has run for a
        second; True always, False never; a callable gets the fraction done. Ctrl-C stops the
        write and leaves the target as it was.
    append : bool, optional
        Deprecated: use ``mode="a"`` (``append=True``) or ``mode="w"``.

    Raises
    ------
    IoError
        The target is read-only, locked by another program, or cannot be written (the reason is
        in the message).

    Examples
    --------
    >>> d.teams.write("out/teams.gpkg")
    >>> d.incidents[:10].write("out/district.gpkg", layer="incidents", mode="a")
    """
    mode = _write_mode(mode, append, "PointSet.write")
    with _progress.reporter(progress, f"writing {_path(path)}", len(self), "features") as hook:
        _core._write_points(self, _path(path), layer or "", driver or "", mode, _lock_timeout_ms(lock_timeout_s),
                            hook)


def _write_polygons(self, path: PathLike, *, layer: Optional[str] = None, driver: Optional[str] = None,
                    mode: str = "w", lock_timeout_s: float = 5.0, progress=None, append=None) -> None:
    """Write the polygons with attributes (see ``PointSet.write`` for ``mode`` and locks).

    Examples
    --------
    >>> d.hamlets.write("out/district.gpkg", layer="hamlets")
    >>> d.communes.write("out/district.gpkg", layer="communes")   # hamlets stay
    """
    mode = _write_mode(mode, append, "PolygonSet.write")
    with _progress.reporter(progress, f"writing {_path(path)}", len(self), "features") as hook:
        _core._write_polygons(self, _path(path), layer or "", driver or "", mode, _lock_timeout_ms(lock_timeout_s),
                              hook)


def _write_lines(self, path: PathLike, *, layer: Optional[str] = None, driver: Optional[str] = None,
                 mode: str = "w", lock_timeout_s: float = 5.0, progress=None) -> None:
    """Write the lines with attributes as MultiLineStrings (see ``PointSet.write`` for ``mode`` and locks).

    Examples
    --------
    >>> d.roads.write("out/roads.gpkg")
    """
    mode = _write_mode(mode, None, "LineSet.write")
    with _progress.reporter(progress, f"writing {_path(path)}", len(self), "features") as hook:
        _core._write_lines(self, _path(path), layer or "", driver or "", mode, _lock_timeout_ms(lock_timeout_s), hook)
