"""Incidents per hamlet: point-in-polygon join, counts and rates, regular grids, nearest distances."""
from __future__ import annotations

from typing import NamedTuple, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._core import InvalidInputError, PointSet, PolygonSet


def locate(points: PointSet, polygons: PolygonSet, *, threads: int = 0) -> np.ndarray:
    """Index of the polygon containing each point, or -1.

    A point on an edge or vertex shared by several polygons goes to exactly one of them (the
    lowest index when it lies exactly on the edge); holes are outside, every part of a
    multipolygon inside. Points in another CRS are transformed into the polygons' CRS first.
    Runs on all cores without the GIL; the answer does not depend on ``threads``.

    Parameters
    ----------
    points : PointSet
    polygons : PolygonSet
    threads : int, default 0
        0 = OpenMP's default (OMP_NUM_THREADS or all cores).

    Returns
    -------
    numpy.ndarray of int64, one entry per point.

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> hamlet_of = watchmap.locate(d.incidents, d.hamlets)
    >>> (hamlet_of >= 0).all()
    True
    """
    return _core._locate(points, polygons, threads)


def _labels(points: PointSet, by) -> np.ndarray:
    if isinstance(by, str):
        if by in ("year", "month"):
            if points.time is None:
                raise InvalidInputError(f"count(by='{by}') needs point times (read_points(..., time='date'))")
            stamps = pd.to_datetime(np.array(points.time), unit="s")
            return (stamps.year if by == "year" else stamps.strftime("%Y-%m")).to_numpy()
        frame = points.attributes
        if by not in frame:
            raise InvalidInputError(f"count(by='{by}'): no such point attribute (columns: {', '.join(frame.columns)})")
        return frame[by].to_numpy()
    labels = np.asarray(by)
    if labels.shape != (len(points),):
        raise InvalidInputError(f"count(by=...): expected {len(points)} labels, got shape {labels.shape}")
    return labels


def point_weights(points: PointSet, weight, what: str = "weight") -> Optional[np.ndarray]:
    """Resolve a ``weight=`` argument: None, ``"weight"`` (PointSet.weight), an attribute name, or
    one number per point; checked for length and finiteness (errors name the row)."""
    if weight is None:
        return None
    if isinstance(weight, str):
        if weight == "weight" and points.weight is not None:
            return np.array(points.weight)
        frame = points.attributes
        if weight not in frame:
            raise InvalidInputError(f"{what}='{weight}': no such point attribute "
                                    f"(columns: {', '.join(frame.columns) or 'none'})")
        values = frame[weight].to_numpy(dtype=float, na_value=np.nan)
    else:
        values = np.asarray(weight, dtype=float)
    if values.shape != (len(points),):
        raise InvalidInputError(f"{what}: expected {len(points)} values, got shape {values.shape}")
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise InvalidInputError(f"{what}: weight in row {int(bad[0])} is {'NaN' if np.isnan(values[bad[0]]) else values[bad[0]]}")
    return values


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


def count(points: PointSet, polygons: PolygonSet, *, weight=None, by=None,
          population: Union[str, bool] = True, threads: int = 0) -> pd.DataFrame:
    """Points per polygon, optionally weighted and split by category or period, with rates.

    Parameters
    ----------
    points : PointSet
    polygons : PolygonSet
        Hamlets, communes, or cells from :func:`square_grid` / :func:`hex_grid`.
    weight : str or array_like, optional
        A point attribute (or ``"weight"`` for ``PointSet.weight``) summed per polygon as
        ``weight_sum``.
    by : str or array_like, optional
        ``"year"`` or ``"month"`` (from the point times), a point attribute name (e.g.
        ``"category"``), or one label per point. Adds one ``count_<label>`` column per label (and
        ``weight_<label>`` when weighted); the columns add up to ``count``.
    population : str or bool, default True
        Column of resident counts on the polygons; True uses ``population`` when present. Adds
        ``rate_per_1000`` = count / population × 1000 (NaN where population is 0 or missing).

    Returns
    -------
    pandas.DataFrame
        One row per polygon, in polygon order: the polygon attributes, then ``count``, the
        optional columns above. ``frame.attrs["outside"]`` is the number of points in no polygon.

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> per_hamlet = watchmap.count(d.incidents, d.hamlets, by="year")
    >>> per_hamlet.sort_values("count", ascending=False).head()
    """
    where = locate(points, polygons, threads=threads)
    inside = where >= 0
    n = len(polygons)
    frame = polygons.attributes
    frame["count"] = np.bincount(where[inside], minlength=n).astype(np.int64)
    w = point_weights(points, weight)
    if w is not None:
        frame["weight_sum"] = np.bincount(where[inside], weights=w[inside], minlength=n)
    if by is not None:
        labels = _labels(points, by)
        keys, codes = np.unique(labels[inside].astype(str) if labels.dtype == object else labels[inside],
                                return_inverse=True)
        for k, key in enumerate(keys):
            sel = codes == k
            frame[f"count_{key}"] = np.bincount(where[inside][sel], minlength=n).astype(np.int64)
            if w is not None:
                frame[f"weight_{key}"] = np.bincount(where[inside][sel], weights=w[inside][sel], minlength=n)
    _add_rate(frame, _population(frame, population))
    frame.attrs["outside"] = int((~inside).sum())
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


def nearest(points: PointSet, targets: PointSet, *, max_distance_m: Optional[float] = None,
            threads: int = 0):
    """Nearest target of each point and its distance in metres (k-d tree, exact).

    Ties go to the lowest target index. Distances are measured in the points' CRS when metric,
    else in the UTM zone of the points' centre.

    Returns
    -------
    (index, distance_m) : two numpy arrays; index -1 and distance inf where no target lies within
    ``max_distance_m``.

    Examples
    --------
    >>> team, metres = watchmap.nearest(d.incidents, d.teams)
    """
    limit = np.inf if max_distance_m is None else float(max_distance_m)
    return _core._nearest(points, targets, limit, threads)


class Pairs(NamedTuple):
    """Sparse pairs from :func:`pairs_within`, sorted by ``a`` then ``b``."""
    a: np.ndarray
    b: np.ndarray
    distance_m: np.ndarray


def pairs_within(a: PointSet, b: PointSet, radius_m: float, *, threads: int = 0) -> Pairs:
    """All pairs (i in a, j in b) at most ``radius_m`` metres apart (inclusive).

    Examples
    --------
    >>> p = watchmap.pairs_within(d.hamlet_centroids, d.teams, 2000.0)
    """
    return Pairs(*_core._pairs_within(a, b, float(radius_m), threads))


def _cells(maker, extent, cell_size_m, within, clip, margin_m, crs):
    if crs is None and hasattr(extent, "crs"):
        crs = extent.crs
    cells = maker(extent, float(cell_size_m), crs, float(margin_m))
    if within is True:
        if not isinstance(extent, PolygonSet):
            raise InvalidInputError("within=True needs the extent to be a PolygonSet")
        within = extent
    if within is not None:
        cells = _core._cells_within(cells, within, bool(clip))
    elif clip:
        raise InvalidInputError("clip=True needs within= (the boundary to clip to)")
    return cells


def square_grid(extent, cell_size_m: float, *, within=None, clip: bool = False, margin_m: float = 0.0,
                crs=None) -> PolygonSet:
    """Square cells of ``cell_size_m`` covering a layer or an (xmin, ymin, xmax, ymax) extent.

    Cells carry ``cell_id``, ``row`` (0 = north) and ``col``; they are the cells of
    ``Grid.covering(extent, cell_size_m, margin_m=margin_m)`` so cell values map onto a raster.
    ``within=boundary`` (or True for the extent layer itself) keeps only cells overlapping it;
    ``clip=True`` also cuts them to it.

    Examples
    --------
    >>> cells = watchmap.square_grid(d.boundary, 500.0, within=True)
    >>> watchmap.count(d.incidents, cells)
    """
    return _cells(_core._square_grid, extent, cell_size_m, within, clip, margin_m, crs)


def hex_grid(extent, cell_size_m: float, *, within=None, clip: bool = False, margin_m: float = 0.0,
             crs=None) -> PolygonSet:
    """Pointy-top hexagons whose neighbouring centres are ``cell_size_m`` apart.

    ``cell_size_m`` is the flat-to-flat width (as R's ``sf::st_make_grid``); each hexagon covers
    √3/2 · cell_size_m². Cells carry ``cell_id``, axial ``q``/``r`` and centre ``x``/``y``.
    ``within``/``clip`` as for :func:`square_grid`.

    Examples
    --------
    >>> hexes = watchmap.hex_grid(d.boundary, 1000.0, within=True)
    """
    return _cells(_core._hex_grid, extent, cell_size_m, within, clip, margin_m, crs)
