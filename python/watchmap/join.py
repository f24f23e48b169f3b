"""Incidents per hamlet: the point-in-polygon join, and counts and rates per polygon."""
from __future__ import annotations

import warnings
from typing import Optional, Union

import numpy as np
import pandas as pd

from . import _core, _point_weight, _progress, _time
from ._check import require, require_threads
from ._core import InvalidInputError, LocatedPairs, PointSet, PolygonSet, WatchmapWarning


def locate(points: PointSet, polygons: PolygonSet, *, how: str = "first", threads: int = 0, progress=None):
    """Index of the polygon containing each point, or -1; or every (point, polygon) pair.

    ``how="first"`` (default): one polygon per point. A point on an edge or vertex shared by
    several polygons goes to exactly one of them (the lowest index when it lies exactly on the
    edge), and a point inside overlapping polygons to the lowest index only.

    ``how="all"``: for polygons that overlap (team service areas, catchments, buffers), every
    polygon holding each point, as (point, polygon) pairs sorted by point then polygon. Polygons
    are closed here: a point on an edge belongs to every polygon with that edge.

    Holes are outside, every part of a multipolygon inside. Points in another CRS are transformed
    into the polygons' CRS first (the CRS rule; a layer without a CRS mixed with one that has one
    is a CrsError). Runs on all cores without the GIL; the answer does not depend on ``threads``.

    Parameters
    ----------
    points : PointSet
    polygons : PolygonSet
    how : {"first", "all"}, default "first"
    threads : int, default 0
        0 = OpenMP's default (OMP_NUM_THREADS or all cores).
    progress : bool or callable, optional
        None (default): a progress bar in a terminal or notebook for calls longer than a second;
        True: always; False: never; or a callable taking the fraction done (return False to
        cancel: CancelledError). Ctrl-C stops the call (KeyboardInterrupt) in any case.

    Returns
    -------
    numpy.ndarray of int64, one entry per point (``how="first"``), or LocatedPairs with
    ``point`` and ``polygon`` arrays, which unpacks as ``point, polygon`` (``how="all"``).

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> hamlet_of = watchmap.locate(d.incidents, d.hamlets)
    >>> (hamlet_of >= 0).all()
    True
    >>> areas = watchmap.union_all(d.hamlets)        # any polygons that overlap, e.g. service areas
    >>> point, polygon = watchmap.locate(d.incidents, d.hamlets, how="all")
    """
    require(points, PointSet, "locate", "points")
    require(polygons, PolygonSet, "locate", "polygons")
    threads = require_threads(threads, "locate")
    if how not in ("first", "all"):
        raise InvalidInputError(f"locate: how must be 'first' or 'all', not {how!r}")
    with _progress.reporter(progress, f"locating points in {len(polygons):,} polygons", len(points), "points") as hook:
        if how == "first":
            return _core._locate(points, polygons, threads, hook)
        return _core._locate_all(points, polygons, threads, hook)


def _labels(points: PointSet, by) -> np.ndarray:
    if isinstance(by, str):
        if by in ("year", "month"):
            if points.time is None:
                raise InvalidInputError(f"count(by='{by}') needs point times (read_points(..., time='date'))")
            stamps = _time.local_stamps(points)   # in the data's own time zone when known
            return (stamps.year if by == "year" else stamps.strftime("%Y-%m")).to_numpy()
        frame = points.attributes
        if by not in frame:
            raise InvalidInputError(f"count(by='{by}'): no such point attribute (columns: {', '.join(frame.columns)})")
        return frame[by].to_numpy()
    labels = np.asarray(by)
    if labels.shape != (len(points),):
        raise InvalidInputError(f"count(by=...): expected {len(points)} labels, got shape {labels.shape}")
    return labels


def _population(frame: pd.DataFrame, population) -> Optional[pd.Series]:
    if population is False or population is None:
        return None
    if population is True or population == "population":
        return frame["population"] if "population" in frame else None
    if population not in frame:
        raise InvalidInputError(f"count(population='{population}'): no such polygon attribute")
    return frame[population]


def _add_rate(frame: pd.DataFrame, pop: Optional[pd.Series]) -> None:
    if pop is None:
        return
    pop = pd.to_numeric(pop, errors="coerce").astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["rate_per_1000"] = np.where(pop > 0, frame["count"] / pop * 1000.0, np.nan)


def count(points: PointSet, polygons: PolygonSet, *, weight="auto", by=None,
          population: Union[str, bool] = True, geometry: bool = False, overlapping: bool = False, threads: int = 0,
          progress=None):
    """Points per polygon, optionally weighted and split by category or period, with rates.

    Parameters
    ----------
    points : PointSet
    polygons : PolygonSet
        Hamlets, communes, or cells from :func:`square_grid` / :func:`hex_grid`.
    weight : "auto", str, array_like or None, default "auto"
        Summed per polygon as ``weight_sum``: a point attribute, one number per point, or
        ``"auto"`` = ``PointSet.weight`` when the points carry weights. ``None`` = no weights.
    by : str or array_like, optional
        ``"year"`` or ``"month"`` (from the point times, in their ``time_zone`` when known, so
        an incident on 31 August evening in Houston counts in August), a point attribute name (e.g.
        ``"category"``), or one label per point. Adds one ``count_<label>`` column per label (and
        ``weight_<label>`` when weighted); the columns add up to ``count``.
    population : str or bool, default True
        Column of resident counts on the polygons; True uses ``population`` when present. Adds
        ``rate_per_1000`` = count / population × 1000 (NaN where population is 0 or missing).
    geometry : bool, default False
        Return a GeoDataFrame with the polygons' geometry, ready to map.
    overlapping : bool, default False
        Count each point in every polygon holding it (``locate(how="all")``), for polygons that
        overlap such as team service areas; the counts then add up to more than the points.
        Without it each point counts once, in the lowest-index polygon, and a WatchmapWarning
        says so when some points lie inside several polygons.
    threads : int, default 0
        0 = all cores; the counts do not depend on it.
    progress : bool or callable, optional
        As for :func:`locate`: a bar in a terminal or notebook for long counts, True/False to
        force it on/off, or a callable taking the fraction done. Ctrl-C stops the count.

    Returns
    -------
    pandas.DataFrame (or geopandas.GeoDataFrame with ``geometry=True``)
        One row per polygon, in polygon order: the polygon attributes, then ``count``, the
        optional columns above. ``frame.attrs["outside"]`` is the number of points in no polygon.

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> per_hamlet = watchmap.count(d.incidents, d.hamlets, by="year")
    >>> per_hamlet.sort_values("count", ascending=False).head()
    >>> watchmap.count(d.incidents, d.hamlets, geometry=True).plot(column="count")
    """
    require(points, PointSet, "count", "points")
    require(polygons, PolygonSet, "count", "polygons")
    threads = require_threads(threads, "count")
    # Memberships: point pt[k] is in polygon poly[k] (once per point, or once per polygon holding it).
    with _progress.reporter(progress, f"counting points in {len(polygons):,} polygons", len(points), "points") as hook:
        if overlapping:
            pt, poly = locate(points, polygons, how="all", threads=threads, progress=hook)
            several = 0
        else:
            where = locate(points, polygons, threads=threads, progress=_progress.part(hook, 0.0, 0.5))
            several = _core._count_in_several(points, polygons, threads, _progress.part(hook, 0.5, 1.0))
    if overlapping:
        pt, poly = np.asarray(pt), np.asarray(poly)
        outside = len(points) - int(np.unique(pt).size)
    else:
        pt = np.flatnonzero(where >= 0)
        poly = where[pt]
        outside = len(points) - int(pt.size)
        if several:
            warnings.warn(f"count: {several:,} points lie inside more than one polygon and were counted only in the "
                          f"lowest-index one; pass overlapping=True to count them in every polygon they fall in",
                          WatchmapWarning, stacklevel=2)
    n = len(polygons)
    frame = polygons.attributes.copy()
    frame["count"] = np.bincount(poly, minlength=n).astype(np.int64)
    w = _point_weight.resolve(points, weight)
    if w is not None:
        frame["weight_sum"] = np.bincount(poly, weights=w[pt], minlength=n)
    if by is not None:
        labels = _labels(points, by)[pt]
        keys, codes = np.unique(labels.astype(str) if labels.dtype == object else labels, return_inverse=True)
        for k, key in enumerate(keys):
            sel = codes == k
            frame[f"count_{key}"] = np.bincount(poly[sel], minlength=n).astype(np.int64)
            if w is not None:
                frame[f"weight_{key}"] = np.bincount(poly[sel], weights=w[pt][sel], minlength=n)
    _add_rate(frame, _population(frame, population))
    if geometry:
        import geopandas as gpd

        shapes = polygons.to_geopandas()
        frame = gpd.GeoDataFrame(frame, geometry=shapes.geometry.values, crs=shapes.crs)
    frame.attrs["outside"] = outside
    return frame


def rollup(counts: pd.DataFrame, by: str = "commune", *, population: str = "population") -> pd.DataFrame:
    """Sum a :func:`count` table to a coarser level (hamlets → communes) and recompute rates.

    Examples
    --------
    >>> per_commune = watchmap.rollup(watchmap.count(d.incidents, d.hamlets), by="commune")
    """
    if by not in counts:
        raise InvalidInputError(f"rollup(by='{by}'): no such column (columns: {', '.join(counts.columns)})")
    summed = [c for c in counts.columns if c == "count" or c == "weight_sum" or c.startswith(("count_", "weight_"))]
    if population in counts:
        summed.append(population)
    out = counts.groupby(by, sort=False)[summed].sum().reset_index()
    if population in out:
        _add_rate(out, out[population])
    return out
