"""Walking time over terrain (Tobler's hiking function on a DEM's cells) and isochrone polygons.

Every edge between neighbouring cells takes 0.01·L·exp(3.5·|S + 0.05|) minutes on a path (L metres,
slope S), divided by ``off_path_factor`` off the roads and multiplied by the friction there; a
ridden road takes L / speed. The multi-source search is an exact Dijkstra (see
``docs/DESIGN-NOTES.md``, "Travel time").
"""
from __future__ import annotations

from typing import Callable, Mapping, Optional, Sequence, Union

import numpy as np

from . import _core, _progress
from ._check import require, require_threads
from ._core import InvalidInputError, PointSet, PolygonSet, Raster, TravelTime

# Kinds of road in the demo district and what a team does on them by default: walk (Tobler on a
# path, no off-path slowdown). Give km/h to ride instead, e.g. {"provincial road": 40}.
WALK = 0.0


def _road_raster(dem: Raster, roads, road_speeds_kmh) -> Optional[Raster]:
    """Roads as a per-cell speed raster on the DEM's grid (NaN = no road, 0 = walked)."""
    if roads is None:
        if road_speeds_kmh is not None:
            raise InvalidInputError("travel_time: road_speeds_kmh needs roads=")
        return None
    if isinstance(roads, Raster):
        if road_speeds_kmh is not None:
            raise InvalidInputError("travel_time: road_speeds_kmh is for line roads; a road raster holds its speeds")
        return roads
    if isinstance(roads, getattr(_core, "LineSet", ())):
        return _core._rasterize_roads(roads, dem.grid, _speeds_per_feature(roads, road_speeds_kmh))
    raise TypeError(f"travel_time: roads must be a LineSet (with a 'kind' column) or a Raster of km/h, "
                    f"not {type(roads).__name__}")


def _speeds_per_feature(roads, road_speeds_kmh) -> np.ndarray:
    """km/h per road feature from a {kind: km/h} mapping (kinds not named are walked), a number
    for all, or one value per feature."""
    n = len(roads)
    if road_speeds_kmh is None:
        return np.zeros(n)
    if isinstance(road_speeds_kmh, Mapping):
        frame = roads.attributes
        if "kind" not in frame:
            raise InvalidInputError("travel_time: road_speeds_kmh by kind needs a 'kind' column on the roads "
                                    f"(columns: {', '.join(frame.columns) or 'none'})")
        kinds = frame["kind"].astype(str).to_numpy()
        unknown = sorted(set(road_speeds_kmh) - set(kinds))
        if unknown:
            raise InvalidInputError(f"travel_time: road_speeds_kmh names kinds the roads do not have: {unknown} "
                                    f"(kinds: {sorted(set(kinds))})")
        speeds = np.array([float(road_speeds_kmh.get(k, WALK)) for k in kinds])
    else:
        speeds = np.broadcast_to(np.asarray(road_speeds_kmh, dtype=float), (n,)).copy()
    bad = np.flatnonzero(~(speeds >= 0) | ~np.isfinite(speeds))
    if bad.size:
        raise InvalidInputError(f"travel_time: road speed of road {int(bad[0])} is {speeds[bad[0]]}; "
                                f"use km/h >= 0 (0 = walked)")
    return speeds


def travel_time(dem: Raster, sources: PointSet, *, direction: str = "from_source", neighbours: int = 8,
                off_path_factor: float = 0.6, roads=None,
                road_speeds_kmh: Optional[Union[Mapping[str, float], float, Sequence[float]]] = None,
                friction: Optional[Raster] = None, max_minutes: Optional[float] = None, threads: int = 0,
                progress: Union[bool, Callable[[float], Optional[bool]], None] = None) -> TravelTime:
    """Walking minutes over the terrain from the nearest source (team base) to every cell.

    Tobler's hiking function on the grid of cells: a move of L metres between cells of slope S
    (rise / L) takes ``0.01·L·exp(3.5·|S + 0.05|)`` minutes on a path (6 km/h at a gentle
    downhill of 5 %, 5.04 km/h on the flat), divided by ``off_path_factor`` off the roads. Uphill
    and downhill differ, so the ``direction`` matters. The search is an exact multi-source
    Dijkstra; results do not depend on ``threads``.

    Parameters
    ----------
    dem : Raster
        Elevation in metres, in a CRS in metres. Nodata cells are impassable. The DEM is never
        reprojected: warp a lon/lat DEM first (``dem.to_crs(watchmap.utm_crs(lon, lat), cell_size_m=30)``).
    sources : PointSet
        Team bases; each starts in the cell holding it. Reprojected into the DEM's CRS when needed.
        A source outside the DEM or on nodata raises InvalidInputError naming it (and its id).
    direction : {"from_source", "to_source"}, default "from_source"
        "from_source": minutes from the team to each place (the response). "to_source": minutes
        from each place to its nearest team (the edges reversed).
    neighbours : {8, 16}, default 8
        16 adds knight's moves: on flat ground the error against straight-line time is at most
        2.7 % instead of 8.2 %, and it is never slower than 8.
    off_path_factor : float, default 0.6
        Off-road speed as a fraction of Tobler's on-path speed (Tobler's 0.6). ``1.0`` gives the
        plain hiking function (as ``../shared/oracle/terrain`` does).
    roads : LineSet or Raster, optional
        Roads burnt into the cells they cross. Both end cells of a move on a road: walked roads
        take Tobler's on-path time (no off-path factor, no friction); ridden roads take
        L / speed (slope ignored). A Raster gives km/h per cell directly (NaN = no road, 0 = walked).
    road_speeds_kmh : dict, float or sequence, optional
        For line roads: km/h by the roads' ``kind`` (e.g. ``{"provincial road": 40}``; kinds not
        named are walked), one number for all, or one per road. Default: every road is walked.
    friction : Raster, optional
        On the DEM's grid: multiplies the time of every off-road move by the mean of its two
        cells (> 0; nodata = impassable, e.g. rivers or cliffs).
    max_minutes : float, optional
        Stop when every cell within this many minutes is done; farther cells are NaN.
    threads : int, default 0
        0 = all cores.
    progress : bool or callable, optional
        None (default): a progress bar in a terminal or notebook for calls longer than a second;
        True: always; False: never; or a callable taking the fraction done (return False to
        cancel: CancelledError). Ctrl-C stops the call (KeyboardInterrupt) in any case.

    Returns
    -------
    TravelTime
        ``.minutes`` (Raster, NaN where not reached), ``.nearest`` (Raster of the nearest source's
        index, -1 where not reached), the parameters, and ``.graph`` (reused by
        :func:`watchmap.coverage` and placement).

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> tt = watchmap.travel_time(d.dem, d.teams)
    >>> (tt.minutes.values <= 30).mean()            # share of cells within 30 minutes
    >>> walk_back = watchmap.travel_time(d.dem, d.teams, direction="to_source", neighbours=16)
    >>> by_road = watchmap.travel_time(d.dem, d.teams, roads=d.roads, road_speeds_kmh={"provincial road": 40})
    """
    require(dem, Raster, "travel_time", "dem", "a DEM, e.g. watchmap.read_raster('dem.tif')")
    require(sources, PointSet, "travel_time", "sources")
    if friction is not None:
        require(friction, Raster, "travel_time", "friction")
    if isinstance(neighbours, bool) or neighbours not in (8, 16):
        raise InvalidInputError(f"travel_time: neighbours must be 8 or 16, not {neighbours!r}")
    if max_minutes is not None:
        max_minutes = float(max_minutes)
        if not max_minutes >= 0:
            raise InvalidInputError(f"travel_time: max_minutes must be >= 0, not {max_minutes}")
    road_raster = _road_raster(dem, roads, road_speeds_kmh)
    what = f"walking time from {len(sources):,} sources over {dem.grid.ncols:,} × {dem.grid.nrows:,} cells"
    with _progress.reporter(progress, what) as hook:
        return _core._travel_time(dem, sources, direction, int(neighbours), float(off_path_factor), road_raster,
                                  friction, max_minutes, require_threads(threads, "travel_time"), hook)


def isochrones(travel_time: TravelTime, minutes: Sequence[float] = (10, 20, 30)) -> PolygonSet:
    """Polygons of the cells reached within each band of minutes, one feature per band, for maps.

    Band i holds the cells with ``minutes[i-1] < t <= minutes[i]`` (the first band ``0 <= t <=
    minutes[0]``); polygon edges follow cell edges (GDAL polygonize), so a band's area is its cell
    count × the cell area. Bands with no cells are empty features.

    Parameters
    ----------
    travel_time : TravelTime
    minutes : sequence of float, default (10, 20, 30)
        Positive, increasing band limits.

    Returns
    -------
    PolygonSet
        In the DEM's CRS, columns ``from_minutes``, ``minutes`` and ``area_km2``; write it with
        ``.write("isochrones.gpkg")`` or map it with ``watchmap.plot.travel_time_map``.

    Examples
    --------
    >>> tt = watchmap.travel_time(d.dem, d.teams, max_minutes=30)
    >>> bands = watchmap.isochrones(tt, minutes=[10, 20, 30])
    >>> bands.attributes
    """
    require(travel_time, TravelTime, "isochrones", "travel_time", "from watchmap.travel_time(dem, teams)")
    limits = [float(m) for m in np.atleast_1d(np.asarray(minutes, dtype=float))]
    return _core._isochrones(travel_time, limits)
