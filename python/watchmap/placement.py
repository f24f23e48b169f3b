"""Where to put the next teams: maximal covering (:func:`place_teams`), the fewest teams that cover
everyone (:func:`min_teams`) and the covered share as teams are added (:func:`coverage_curve`).

Every answer carries a proven bound, so its ``gap`` is a guarantee, not a guess. ``method="exact"``
solves the integer program with CBC (when watchmap was built with it, see :func:`has_exact_solver`).
"""
from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from . import _core, _point_weight, _results
from ._check import require, require_threads
from ._core import CoverageCurve, InvalidInputError, MinTeams, Placement, PointSet

__all__ = ["place_teams", "min_teams", "coverage_curve", "has_exact_solver", "has_travel_time"]


def has_exact_solver() -> bool:
    """True when watchmap was built with CBC: ``method="exact"`` and ``bound="lp"`` then work.

    Examples
    --------
    >>> watchmap.placement.has_exact_solver()
    True
    """
    return bool(_core._has_exact_solver())


def _integer(value, name: str, function: str) -> int:
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise TypeError(f"{function}: {name} must be an integer, not {value!r}")
    return int(value)


def _seconds(value, function: str) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{function}: time_limit_s must be a number of seconds or None, not {value!r}")
    return float(value)


def has_travel_time() -> bool:
    """True when this build has the travel-time engine, so ``travel_time=`` + ``minutes=`` work.

    Examples
    --------
    >>> watchmap.placement.has_travel_time()
    True
    """
    return hasattr(_core, "_reachable_points") and hasattr(_core, "TravelGraph")


def _travel_graph(function: str, travel_time):
    """The walking graph to search: a TravelTime's (its roads, friction, neighbours), a TravelGraph,
    or one built from a DEM Raster with travel_time's defaults."""
    if isinstance(travel_time, _core.TravelGraph):
        return travel_time
    if isinstance(travel_time, getattr(_core, "TravelTime", ())):
        return travel_time.graph
    if isinstance(travel_time, _core.Raster):
        from .travel_time import travel_time as measure

        empty = PointSet(np.empty(0), np.empty(0), crs=travel_time.grid.crs)
        return measure(travel_time, empty).graph
    raise TypeError(f"{function}: travel_time must be a DEM (Raster), a TravelTime or a TravelGraph, "
                    f"not {type(travel_time).__name__}")


def _reach(graph, sites: PointSet, demand: PointSet, minutes: float, threads: int):
    """(demand, site, minutes) of every demand point within `minutes` of walking TO each site: one
    bounded Dijkstra per site on reversed edges ("to_source"), in parallel."""
    pairs = _core._reachable_points(graph, sites, demand, minutes, "to_source", threads)
    return (np.asarray(pairs.target), np.asarray(pairs.source), np.asarray(pairs.minutes))


def _problem(function: str, demand, candidates, radius_m, travel_time, minutes, existing, weight, threads):
    require(demand, PointSet, function, "demand")
    require(candidates, PointSet, function, "candidates")
    if existing is not None:
        require(existing, PointSet, function, "existing", "the existing team bases, or None")
    if radius_m is not None and (travel_time is not None or minutes is not None):
        raise InvalidInputError(f"{function}: give either radius_m or travel_time with minutes, not both")
    threads = require_threads(threads, function)
    weights = _point_weight.resolve(demand, weight)
    if travel_time is not None or minutes is not None:
        if travel_time is None or minutes is None:
            raise InvalidInputError(f"{function}: travel-time coverage needs both travel_time and minutes")
        if not has_travel_time():
            raise NotImplementedError(f"{function}: this build has no travel-time engine (watchmap.travel_time); "
                                      "use radius_m")
        minutes = float(minutes)
        if not (minutes >= 0 and np.isfinite(minutes)):
            raise InvalidInputError(f"{function}: minutes must be finite and >= 0, not {minutes}")
        if len(demand) == 0:
            raise InvalidInputError(f"{function}: demand is empty (nothing to cover)")
        if len(candidates) == 0:
            raise InvalidInputError(f"{function}: candidates is empty (nowhere to place a team)")
        graph = _travel_graph(function, travel_time)
        pairs = _reach(graph, candidates, demand, minutes, threads)
        has_existing = existing is not None and len(existing) > 0
        existing_pairs = _reach(graph, existing, demand, minutes, threads) if has_existing else None
        return _core._coverage_problem_from_pairs(len(demand), len(candidates), pairs,
                                                  len(existing) if has_existing else 0, existing_pairs, weights,
                                                  candidates, f"within {minutes:g} min walk")
    if radius_m is None:
        raise InvalidInputError(f"{function}: give radius_m (metres) or travel_time with minutes")
    return _core._coverage_problem_within(demand, candidates, float(radius_m), existing, weights, threads)


def place_teams(demand: PointSet, candidates: PointSet, *, k: int, radius_m: Optional[float] = None,
                travel_time=None, minutes: Optional[float] = None, existing: Optional[PointSet] = None,
                weight="auto", method: str = "greedy", time_limit_s: Optional[float] = None,
                bound: str = "auto", improve: bool = True, mip_gap: float = 0.0, threads: int = 0) -> Placement:
    """The k new team sites that cover the most demand, with a proven optimality gap.

    Demand within ``radius_m`` metres (inclusive) of a team is covered; demand an existing team
    already covers counts as covered whatever is chosen. The greedy method picks, k times, the
    candidate adding the most uncovered weight (lazy evaluation; ties to the lowest index), then
    swaps single sites while that adds weight. An upper bound (Lagrangian relaxation evaluated
    exactly; also the LP relaxation when CBC is available and the model small) proves how far
    from the optimum the answer can be.

    Parameters
    ----------
    demand : PointSet
        Households (weighted by residents), incidents, or any weighted points.
    candidates : PointSet
        Possible team bases, e.g. hamlet settlements.
    k : int
        New teams to place (>= 0).
    radius_m : float
        Coverage radius in metres, measured in one metric frame (the CRS rule: demand's CRS when
        metric, else the UTM zone of its centre; candidates and existing are brought into it).
    travel_time : Raster, TravelTime or TravelGraph, optional
        Cover by walking time instead: a DEM (graph with :func:`travel_time`'s defaults), or a
        TravelTime / TravelGraph whose terrain graph (roads, friction, neighbours) is reused. A
        demand point is covered when walking from it to the team takes at most ``minutes`` (one
        bounded Dijkstra per site on reversed edges, all cores; the DEM fixes the frame).
    minutes : float, optional
        The walking-time limit (inclusive), with ``travel_time``.
    existing : PointSet, optional
        Existing team bases: fixed, and they count as covering.
    weight : "auto", str, array_like or None, default "auto"
        Demand weights: ``PointSet.weight`` when set ("auto"), an attribute name or one number per
        point (finite, >= 0); None = every point counts once.
    method : {"greedy", "exact"}
        ``"exact"`` solves the integer program with CBC, warm-started with the greedy answer.
    time_limit_s : float, optional
        Exact only: stop CBC after this many seconds (it may overshoot a little); the result then
        has status ``"time_limit"``. 0 returns the greedy answer (``"time_limit"`` unless its bound
        already proves it optimal).
    bound : {"auto", "lagrangian", "lp"}
        ``"lp"`` adds the LP relaxation (needs CBC; about a second at 5000 × 500).
    improve : bool, default True
        Greedy's 1-swap improvement (False = plain greedy).
    mip_gap : float, default 0
        Exact only: CBC may stop once its proven relative gap is at most this.
    threads : int, default 0
        0 = all cores (building the coverage relation); the answer does not depend on it.

    Returns
    -------
    Placement
        ``chosen`` (candidate indices, pick order), ``gain_per_pick``, ``covered_weight``,
        ``covered_share``, ``upper_bound``, ``gap`` (proven: covered >= (1 - gap) × optimum),
        ``status`` ("optimal", "feasible", "time_limit"), ``notes``; ``to_frame()`` /
        ``to_geopandas()`` of the chosen sites; ``by_demand`` (which team covers each point).

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> spots = d.hamlets.to_geopandas().representative_point()          # one candidate per hamlet
    >>> sites = watchmap.PointSet(spots.x.to_numpy(), spots.y.to_numpy(), crs=d.crs)
    >>> p = watchmap.place_teams(d.incidents, sites, k=2, radius_m=2000.0, existing=d.teams)
    >>> p.chosen, p.covered_share, p.gap, p.status
    >>> p.to_frame()
    >>> p.by_demand.newly_covered.sum()                                   # incidents only the new teams reach
    """
    function = "place_teams"
    k = _integer(k, "k", function)
    problem = _problem(function, demand, candidates, radius_m, travel_time, minutes, existing, weight, threads)
    return _core._place_teams(problem, k, method, bool(improve), bound, _seconds(time_limit_s, function),
                              float(mip_gap), require_threads(threads, function))


def min_teams(demand: PointSet, candidates: PointSet, *, radius_m: Optional[float] = None, travel_time=None,
              minutes: Optional[float] = None, existing: Optional[PointSet] = None, weight="auto",
              method: str = "greedy", time_limit_s: Optional[float] = None, bound: str = "auto",
              threads: int = 0) -> MinTeams:
    """The fewest new teams so that every coverable demand point is covered (location set covering).

    Demand points of weight 0 need no cover; points no candidate (and no existing team) can reach
    are reported in ``uncoverable`` instead of making the problem infeasible. Greedy picks the site
    newly covering the most points (ties to the lowest index) and drops picks made redundant; a
    dual-feasible packing (and the LP relaxation when CBC is available and the model small) gives a
    proven lower bound. ``method="exact"`` solves it with CBC.

    Parameters
    ----------
    demand, candidates, radius_m, travel_time, minutes, existing, weight, method, time_limit_s, bound, threads
        As in :func:`place_teams`.

    Returns
    -------
    MinTeams
        ``teams``, ``chosen`` (pick order), ``lower_bound`` (proven), ``gap``, ``status``,
        ``uncoverable`` (demand indices), ``notes``; ``to_frame()``, ``to_geopandas()``, ``by_demand``.

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> m = watchmap.min_teams(d.incidents, d.teams, radius_m=3000.0)
    >>> m.teams, m.lower_bound, len(m.uncoverable)
    """
    function = "min_teams"
    problem = _problem(function, demand, candidates, radius_m, travel_time, minutes, existing, weight, threads)
    return _core._min_teams(problem, method, bound, _seconds(time_limit_s, function),
                            require_threads(threads, function))


def coverage_curve(demand: PointSet, candidates: PointSet, *, k_max: int, radius_m: Optional[float] = None,
                   travel_time=None, minutes: Optional[float] = None, existing: Optional[PointSet] = None,
                   weight="auto", improve: bool = True, bound: str = "auto", threads: int = 0) -> CoverageCurve:
    """Covered share for k = 1 .. k_max new teams, with the proven upper bound at each k.

    For the planner's "how many teams are enough" chart: at each k the greedy answer (with 1-swap
    improvement) and the bound on what any k sites could reach. ``greedy_pick`` lists the greedy
    order (the first k picks are the plain greedy answer for k).

    Parameters
    ----------
    k_max : int
        Largest number of new teams (>= 1).
    demand, candidates, radius_m, travel_time, minutes, existing, weight, improve, bound, threads
        As in :func:`place_teams`.

    Returns
    -------
    CoverageCurve
        Per k: ``covered_weight``, ``covered_share``, ``upper_bound``, ``upper_share``, ``gap``,
        ``greedy_pick``; ``to_frame()`` (one row per k) and ``plot()``.

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> c = watchmap.coverage_curve(d.incidents, d.teams, k_max=10, radius_m=2000.0)
    >>> c.to_frame()
    >>> c.plot()                                                          # doctest: +SKIP
    """
    function = "coverage_curve"
    k_max = _integer(k_max, "k_max", function)
    problem = _problem(function, demand, candidates, radius_m, travel_time, minutes, existing, weight, threads)
    return _core._coverage_curve(problem, k_max, bool(improve), bound, require_threads(threads, function))


# ---------------------------------------------------------------------------------------------
# Result tables
# ---------------------------------------------------------------------------------------------
def _sites_frame(self) -> pd.DataFrame:
    """The chosen sites, best first: rank, candidate index, gain, cumulative weight and share, x, y.

    Examples
    --------
    >>> watchmap.place_teams(d.incidents, d.teams, k=3, radius_m=2000.0).to_frame()
    """
    gain = np.array(self.gain_per_pick, dtype=float)
    cumulative = self.existing_weight + np.cumsum(gain)
    frame = pd.DataFrame({
        "rank": np.arange(1, len(self.chosen) + 1, dtype=np.int64),
        "candidate": np.array(self.chosen, dtype=np.int64),
        "gain": gain,
        "cumulative_weight": cumulative,
        "cumulative_share": cumulative / self.total_weight if self.total_weight > 0 else np.zeros_like(cumulative),
    })
    if len(self.chosen_x) == len(self.chosen):
        frame["x"] = np.array(self.chosen_x)
        frame["y"] = np.array(self.chosen_y)
    return frame


def _sites_geopandas(self):
    """The chosen sites as a GeoDataFrame (columns of ``to_frame()``), for maps and files.

    Examples
    --------
    >>> p = watchmap.place_teams(d.incidents, d.teams, k=2, radius_m=2000.0)
    >>> watchmap.plot.placement_map(d.hamlets, d.teams, p.to_geopandas(), radius_m=2000.0)  # doctest: +SKIP
    """
    import geopandas as gpd

    from ._frames import _crs_for_geopandas

    frame = _sites_frame(self)
    if "x" not in frame:
        raise InvalidInputError("to_geopandas: the result has no site coordinates (built from a relation)")
    geometry = gpd.points_from_xy(frame.pop("x"), frame.pop("y"))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=_crs_for_geopandas(self.crs))


def _by_demand(self) -> pd.DataFrame:
    """Per demand point: weight, covered, the nearest existing team and chosen site covering it
    (-1 = none) and whether only the new teams cover it.

    Examples
    --------
    >>> p = watchmap.place_teams(d.incidents, sites, k=2, radius_m=2000.0, existing=d.teams)
    >>> p.by_demand[p.by_demand.newly_covered]          # what the new teams add
    """
    existing = np.array(self.existing_team)
    new = np.array(self.new_team)
    return pd.DataFrame({
        "weight": np.array(self.demand_weight),
        "covered": (existing >= 0) | (new >= 0),
        "existing_team": existing,
        "new_team": new,
        "newly_covered": (existing < 0) & (new >= 0),
    })


def _curve_plot(self, ax=None):
    """Covered share and its proven upper bound against the number of new teams.

    Examples
    --------
    >>> watchmap.coverage_curve(d.incidents, d.teams, k_max=10, radius_m=2000.0).plot()  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    k = np.array(self.k)
    ax.fill_between(k, self.covered_share, self.upper_share, color="#bdd7e7", label="proven upper bound")
    ax.plot(k, self.covered_share, marker="o", color="#08519c", label="covered share")
    if self.total_weight > 0:
        ax.axhline(self.existing_weight / self.total_weight, color="#888888", linestyle="--",
                   label="existing teams")
    ax.set_xlabel("new teams")
    ax.set_ylabel("share of demand covered")
    ax.legend(loc="lower right")
    return ax


def _attach() -> None:
    for cls in (Placement, MinTeams):
        _results.attach(cls, tabular=False)
        cls.to_frame = _sites_frame
        cls.to_geopandas = _sites_geopandas
        cls.by_demand = property(_by_demand, doc=_by_demand.__doc__)
    _results.attach(CoverageCurve)
    CoverageCurve.plot = _curve_plot


_attach()
