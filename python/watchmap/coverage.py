"""Coverage by the security teams: who is within a distance, or a walking time over the terrain,
per hamlet, and where the gaps are."""
from __future__ import annotations

from typing import Callable, Optional, Union

import numpy as np
import pandas as pd

from . import _core, _progress
from ._check import require, require_threads
from ._core import Coverage, InvalidInputError, PointSet, PolygonSet, TravelTime


def _residents(population: PointSet, residents) -> Optional[np.ndarray]:
    """Residents per population point: a ``residents`` column, else the points' weight, else 1."""
    if isinstance(residents, str) and residents == "auto":
        if "residents" in population.attributes:
            residents = "residents"
        elif population.weight is not None:
            return np.array(population.weight, dtype=float)
        else:
            return None
    if isinstance(residents, str):
        frame = population.attributes
        if residents not in frame:
            raise InvalidInputError(f"coverage: residents='{residents}': no such population column "
                                    f"(columns: {', '.join(frame.columns) or 'none'})")
        values = pd.to_numeric(frame[residents], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    elif residents is None:
        return None
    else:
        values = np.asarray(residents, dtype=float)
    bad = np.flatnonzero(~np.isfinite(values) | (values < 0)) if values.ndim == 1 else []
    if len(bad):
        raise InvalidInputError(f"coverage: residents of population point {int(bad[0])} is {values[bad[0]]}; "
                                f"must be a number >= 0")
    return values


def coverage(teams: PointSet, hamlets: PolygonSet, *, radius_m: Optional[float] = None,
             travel_time: Optional[TravelTime] = None, minutes: Optional[float] = None,
             population: Optional[PointSet] = None, incidents: Optional[PointSet] = None, threshold: float = 0.8,
             residents="auto", quadrant_segments: int = 32, threads: int = 0,
             progress: Union[bool, Callable[[float], Optional[bool]], None] = None) -> Coverage:
    """Who the teams cover, per hamlet: within ``radius_m`` in a straight line, or within
    ``minutes`` of walking over the terrain; and where the gaps are.

    Give exactly one of ``radius_m`` and ``travel_time`` (with ``minutes``). A place is covered
    when a team base is within ``radius_m`` (exact distance, inclusive), or when the cell holding
    it is reached within ``minutes`` (inclusive) on the travel-time raster.

    Parameters
    ----------
    teams : PointSet
        Team bases (for travel time: the sources the travel time was computed from, in order).
    hamlets : PolygonSet
        The hamlets (their union is the district). Results are aligned with them.
    radius_m : float, optional
        Straight-line reach in metres (>= 0).
    travel_time : TravelTime, optional
        ``watchmap.travel_time(dem, teams)``; its raster fixes the analysis frame.
    minutes : float, optional
        Walking reach in minutes (>= 0), with ``travel_time``.
    population : PointSet, optional
        Where people live, e.g. one point per household. Without it residents are spread
        uniformly over each hamlet (the covered share of residents is the covered share of area)
        and the hamlets' ``population`` column, when present, counts them.
    incidents : PointSet, optional
        Incidents; their covered share per hamlet and in the district.
    threshold : float, default 0.8
        A hamlet is "below" when less than this share of its residents is covered.
    residents : "auto", str or array_like, default "auto"
        Residents per population point: the ``residents`` column, else ``PointSet.weight``, else 1.
    quadrant_segments : int, default 32
        Segments per quarter circle of the team disks (distance mode): a disk polygon has 0.040 %
        less area than its circle (``summary.disk_area_error``). Points are tested exactly.
    threads : int, default 0
        0 = all cores; the answer does not depend on it.
    progress : bool or callable, optional
        None (default): a progress bar in a terminal or notebook for calls longer than a second;
        True: always; False: never; or a callable taking the fraction done (return False to
        cancel: CancelledError). Ctrl-C stops the call (KeyboardInterrupt) in any case.

    Returns
    -------
    Coverage
        ``.by_hamlet`` (DataFrame indexed like the hamlets: area_km2, covered_km2, area_share,
        residents, residents_covered, residents_share, incidents, incidents_covered,
        incidents_share, place_x/place_y — the hamlet's most populous place —, nearest_team (its
        id), nearest_team_index, distance_m (straight line to it), minutes (walking, travel-time
        mode), teams_covering (teams reaching the place), below_threshold), ``.covered`` and
        ``.gaps`` (PolygonSets clipped to the district; gaps largest first with the residents and
        incidents left in each), ``.summary`` (area_share, residents_share, incidents_share,
        hamlets_below, incidents_outside, … and the parameters), ``.to_geopandas()``.

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> by_distance = watchmap.coverage(d.teams, d.hamlets, radius_m=2000, population=d.households,
    ...                                 incidents=d.incidents)
    >>> by_distance.summary.residents_share
    >>> tt = watchmap.travel_time(d.dem, d.teams)
    >>> by_walk = watchmap.coverage(d.teams, d.hamlets, travel_time=tt, minutes=30, population=d.households)
    >>> by_walk.by_hamlet.sort_values("residents_share").head()
    >>> by_walk.gaps.write("coverage.gpkg", layer="gaps")
    """
    require(teams, PointSet, "coverage", "teams")
    require(hamlets, PolygonSet, "coverage", "hamlets")
    if travel_time is not None:
        require(travel_time, TravelTime, "coverage", "travel_time", "from watchmap.travel_time(dem, teams)")
    if population is not None:
        require(population, PointSet, "coverage", "population", "e.g. one point per household")
    if incidents is not None:
        require(incidents, PointSet, "coverage", "incidents")
    if (radius_m is None) == (travel_time is None):
        raise InvalidInputError("coverage: give radius_m (metres, straight line) or travel_time with minutes"
                                if radius_m is None else "coverage: give radius_m or travel_time, not both")
    weights = _residents(population, residents) if population is not None else None
    hamlet_population = None
    if population is None and "population" in hamlets.attributes:
        hamlet_population = pd.to_numeric(hamlets.attributes["population"], errors="coerce").to_numpy(float)
        if not np.isfinite(hamlet_population).all():
            hamlet_population = None
    with _progress.reporter(progress, f"coverage of {len(hamlets):,} hamlets by {len(teams):,} teams") as hook:
        return _core._coverage(teams, hamlets, None if radius_m is None else float(radius_m), travel_time,
                               None if minutes is None else float(minutes), population, weights, hamlet_population,
                               incidents, float(threshold), int(quadrant_segments), require_threads(threads, "coverage"),
                               hook)


def _id_column(frame: pd.DataFrame) -> Optional[str]:
    """The column that identifies rows (as the core names rows): "id", else the first "*_id"."""
    if "id" in frame:
        return "id"
    return next((c for c in frame.columns if isinstance(c, str) and len(c) > 3 and c.endswith("_id")), None)


def by_hamlet(self) -> pd.DataFrame:
    """Per-hamlet coverage, one row per hamlet in hamlet order, indexed by the hamlets' id column.

    Examples
    --------
    >>> cov.by_hamlet.sort_values("residents_share").head()
    """
    travel = self.summary.mode == "travel_time"
    has_incidents = not np.isnan(self.summary.incidents_share) or int(np.sum(self.incidents)) > 0
    team_ids = np.array(list(self.team_ids) + [None], dtype=object)
    nearest = np.asarray(self.nearest_team)
    columns = {
        "area_km2": self.area_km2, "covered_km2": self.covered_km2, "area_share": self.area_share,
        "residents": self.residents, "residents_covered": self.residents_covered,
        "residents_share": self.residents_share,
    }
    if has_incidents:
        columns.update(incidents=self.incidents, incidents_covered=self.incidents_covered,
                       incidents_share=self.incidents_share)
    columns.update(place_x=self.place_x, place_y=self.place_y, nearest_team=team_ids[nearest],
                   nearest_team_index=nearest, distance_m=self.distance_m)
    if travel:
        columns["minutes"] = self.minutes
    columns.update(teams_covering=self.teams_covering, below_threshold=np.asarray(self.below_threshold).astype(bool))
    frame = pd.DataFrame({k: np.array(v) for k, v in columns.items()})
    attributes = self.hamlets.attributes
    key = _id_column(attributes)
    if key is not None and attributes[key].is_unique:
        frame.index = pd.Index(attributes[key].to_numpy(), name=key)
    return frame


def coverage_to_geopandas(self) -> "geopandas.GeoDataFrame":
    """The hamlets (attributes and geometry) with the coverage columns, ready to map or save.

    Examples
    --------
    >>> cov.to_geopandas().plot(column="residents_share")
    """
    frame = self.hamlets.to_geopandas()
    extra = self.by_hamlet.reset_index(drop=True)
    for name in extra.columns:
        if name not in frame.columns:
            frame[name] = extra[name].to_numpy()
    return frame


def summary_getitem(self, name: str):
    """``summary["residents_share"]``: the named fields read like a mapping too."""
    if name not in type(self)._fields:
        raise KeyError(name)
    return getattr(self, name)


def summary_to_dict(self) -> "dict[str, object]":
    """The summary as a plain dict (e.g. for JSON).

    Examples
    --------
    >>> json.dumps(cov.summary.to_dict())
    """
    out = {}
    for name in type(self)._fields:
        value = getattr(self, name)
        out[name] = float(value) if isinstance(value, float) else value
    return out
