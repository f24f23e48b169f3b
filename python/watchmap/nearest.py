"""Nearest targets and all pairs within a radius, in metres (k-d tree, exact)."""
from __future__ import annotations

from typing import Optional

import numpy as np

from . import _core, _progress
from ._check import require, require_threads
from ._core import InvalidInputError, NearestResult, Pairs, PointSet


def nearest(points: PointSet, targets: PointSet, *, max_distance_m: Optional[float] = None,
            threads: int = 0, progress=None) -> NearestResult:
    """The nearest target of each point and its distance in metres (k-d tree, exact).

    Ties go to the lowest target index. Both layers are measured in one metric frame (the CRS
    rule: the points' CRS when in metres, else the UTM zone of their centre).

    Parameters
    ----------
    points, targets : PointSet
    max_distance_m : float, optional
        Only targets at most this far count (inclusive); others give index -1.
    threads : int, default 0
        0 = all cores; the answer does not depend on it.
    progress : bool or callable, optional
        None (default): a progress bar in a terminal or notebook for calls longer than a second;
        True: always; False: never; or a callable taking the fraction done (return False to
        cancel: CancelledError). Ctrl-C stops the call (KeyboardInterrupt) in any case.

    Returns
    -------
    NearestResult
        ``index`` (-1 where no target is within ``max_distance_m``) and ``distance_m`` (inf
        there); unpacks as ``index, distance_m``; ``.to_frame()`` gives a DataFrame.

    Examples
    --------
    >>> team, metres = watchmap.nearest(d.incidents, d.teams)
    >>> watchmap.nearest(d.incidents, d.teams, max_distance_m=2000.0).to_frame().head()
    """
    require(points, PointSet, "nearest", "points")
    require(targets, PointSet, "nearest", "targets")
    limit = np.inf if max_distance_m is None else float(max_distance_m)
    threads = require_threads(threads, "nearest")
    with _progress.reporter(progress, f"nearest of {len(targets):,} targets", len(points), "points") as hook:
        return _core._nearest(points, targets, limit, threads, hook)


def pairs_within(a: PointSet, b: PointSet, radius_m: float, *, threads: int = 0,
                 max_memory_gb: Optional[float] = None) -> Pairs:
    """All pairs (i in a, j in b) at most ``radius_m`` metres apart (inclusive), sorted by i then j.

    Before building anything, the number of pairs is estimated from a sample of ``a`` (2,000
    evenly spaced points); when the result would need more than ``max_memory_gb`` (default: half
    the memory free now) an InvalidInputError says how many pairs and gigabytes were expected,
    instead of running for minutes into swap.

    Returns
    -------
    Pairs
        ``a``, ``b`` (indices) and ``distance_m``; unpacks as ``a, b, distance_m``.

    Examples
    --------
    >>> p = watchmap.pairs_within(d.incidents, d.teams, 2000.0)
    >>> p.to_frame().groupby("a").size()      # teams within 2 km of each incident
    """
    require(a, PointSet, "pairs_within", "a")
    require(b, PointSet, "pairs_within", "b")
    limit = 0.0 if max_memory_gb is None else float(max_memory_gb) * 1e9
    if max_memory_gb is not None and not limit > 0:
        raise InvalidInputError(f"pairs_within: max_memory_gb must be positive, not {max_memory_gb!r}")
    return _core._pairs_within(a, b, float(radius_m), require_threads(threads, "pairs_within"), limit)
