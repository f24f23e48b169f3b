"""Kernel density of incidents (per km²), bandwidth rules, and incidents-per-resident surfaces."""
from __future__ import annotations

import warnings
from typing import Callable, Optional, Union

import numpy as np

from . import _core, _point_weight, _progress
from ._check import require, require_threads
from ._core import Density, Grid, InvalidInputError, PointSet, PolygonSet

_UNSET = object()

KERNELS = ("quartic", "epanechnikov", "triangular", "uniform", "triweight", "gaussian")


def bandwidth(points: PointSet, rule: str = "arcgis", *, kernel: str = "quartic", weight="auto") -> float:
    """The bandwidth in metres a rule gives for these points.

    Measured in the points' metric frame (their CRS when in metres, else the UTM zone of their
    centre), so lon/lat and feet layers give metres too.

    Rules (weighted variants use Σw as n and weighted spreads, as ArcGIS does):

    - ``"arcgis"``: 0.9 · min(SD, √(1/ln 2) · Dm) · n^(−0.2), SD = standard distance,
      Dm = median distance to the mean centre (ArcGIS Kernel Density's default search radius).
    - ``"scott"``: σ̂ · n^(−1/6) with σ̂ = √((var x + var y)/2), the gaussian standard deviation.
    - ``"silverman"``: the same with the robust spread min(σ̂, IQR/1.349).

    For ``"scott"``/``"silverman"`` with a bounded kernel, h is scaled by the ratio of canonical
    bandwidths (quartic × 2.779, epanechnikov × 2.402, …) so it smooths like the gaussian.
    Unlike scikit-learn's ``bandwidth="scott"``, these scale with the spread of the data.

    Examples
    --------
    >>> watchmap.bandwidth(d.incidents, "arcgis")
    """
    require(points, PointSet, "bandwidth", "points")
    return _core._bandwidth(points, rule, kernel, _point_weight.resolve(points, weight))


def _resolve_bandwidth(bandwidth_m, bandwidth_rule, bandwidth) -> tuple:
    """(h, rule): h in metres when fixed, None asks the core to apply the rule. ``bandwidth=`` is
    the old name of ``bandwidth_rule`` (it shadowed :func:`watchmap.bandwidth`)."""
    if bandwidth is not _UNSET:
        warnings.warn("kde(bandwidth=...) is now bandwidth_rule= (or bandwidth_m= for metres)", DeprecationWarning,
                      stacklevel=3)
        if isinstance(bandwidth, (int, float)) and not isinstance(bandwidth, bool):
            bandwidth_m = bandwidth if bandwidth_m is None else bandwidth_m
        else:
            bandwidth_rule = bandwidth
    if bandwidth_m is None:
        return None, bandwidth_rule
    return float(bandwidth_m), "arcgis"  # the core checks h > 0 and finite


def kde(points: PointSet, grid: Grid, *, bandwidth_m: Optional[float] = None, bandwidth_rule: str = "arcgis",
        kernel: str = "quartic", weight="auto", mask: Optional[PolygonSet] = None, method: str = "auto",
        output: str = "per_km2", threads: int = 0,
        progress: Union[bool, Callable[[float], Optional[bool]], None] = None, bandwidth=_UNSET) -> Density:
    """Kernel density of points on a grid, in points (or weight) per km², at cell centres.

    Kernels are normalised in 2-D (each integrates to 1), so the surface integrates to the number
    of points (or Σ weight); it is not divided by n (ArcGIS "DENSITIES"). Points outside the grid
    still contribute.

    Parameters
    ----------
    points : PointSet
        Incidents; transformed into the grid's CRS when it differs.
    grid : Grid
        Where to evaluate, in a CRS in metres (``Grid.covering(district, 100.0)`` chooses one).
    bandwidth_m : float, optional
        Kernel radius h in metres (the standard deviation for ``"gaussian"``).
    bandwidth_rule : {"arcgis", "scott", "silverman"}, default "arcgis"
        Rule used when ``bandwidth_m`` is not given (see :func:`bandwidth`). The old name
        ``bandwidth=`` still works, with a DeprecationWarning.
    kernel : {"quartic", "epanechnikov", "triangular", "uniform", "triweight", "gaussian"}
    weight : "auto", str, array_like or None, default "auto"
        Counts a point w times (ArcGIS "population field"): a point attribute, an array, or
        ``"auto"`` = ``PointSet.weight`` when the points carry weights; None = unweighted.
        Must be finite and >= 0.
    mask : PolygonSet, optional
        Cells whose centres are outside every polygon become NaN (nodata).
    method : {"auto", "exact", "binned"}
        ``"exact"`` sums every point over the cells within its kernel (equal to the direct double
        sum to ~1e-15); ``"binned"`` bins points to the cells and convolves by FFT, with error at
        most C·(cell/h)² of the peak (C = 1 quartic, 1.5 triweight, 0.25 gaussian);
        ``"auto"`` bins only a smooth kernel with error ≤ 0.5 % and when it is much cheaper.
    output : {"per_km2", "expected_counts"}
        ``"expected_counts"`` multiplies by the cell area: expected incidents per cell.
    threads : int, default 0
        0 = all cores (OMP_NUM_THREADS). The result is bit-identical for any thread count.
    progress : bool or callable, optional
        None (default): a progress bar in a terminal or notebook for calls longer than a second;
        True: always; False: never; or a callable called with the fraction done (0..1) about
        every 50 ms — return False to cancel (raises CancelledError). Ctrl-C stops the
        computation in any case (KeyboardInterrupt).

    Returns
    -------
    Density
        A Raster (float64, NaN where masked) with ``bandwidth_m``, ``kernel``, ``method`` (the
        one used), ``output`` and ``error_bound``. A WatchmapWarning is issued when h is smaller
        than a cell.

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> grid = watchmap.Grid.covering(d.boundary, 100.0, margin_m=1000.0)
    >>> density = watchmap.kde(d.incidents, grid, bandwidth_m=1500.0, mask=d.boundary)
    >>> density.values.max()   # incidents per km²
    """
    require(points, PointSet, "kde", "points")
    require(grid, Grid, "kde", "grid", "e.g. watchmap.Grid.covering(boundary, 100.0)")
    if mask is not None:
        require(mask, PolygonSet, "kde", "mask")
    h, rule = _resolve_bandwidth(bandwidth_m, bandwidth_rule, bandwidth)
    weights = _point_weight.resolve(points, weight)
    threads = require_threads(threads, "kde")
    with _progress.reporter(progress, f"kde of {len(points):,} points on {grid.ncols:,} × {grid.nrows:,} cells") as hook:
        return _core._kde(points, grid, h, rule, kernel, weights, mask, method, output, 1e-12, threads, hook)


def kde_ratio(incidents: PointSet, residents: PointSet, grid: Grid, *, bandwidth_m: Optional[float] = None,
              bandwidth_rule: str = "arcgis", kernel: str = "quartic", resident_weight="auto",
              min_residents_per_km2: float = 5.0, mask: Optional[PolygonSet] = None, threads: int = 0,
              progress: Union[bool, Callable[[float], Optional[bool]], None] = None, bandwidth=_UNSET) -> Density:
    """Incidents per 1,000 residents as a surface: the ratio of two densities with one bandwidth.

    Planners compare risk, not counts. Both surfaces use the same kernel and bandwidth (from the
    incidents by ``bandwidth`` unless ``bandwidth_m`` is given). Where the resident density is
    below ``min_residents_per_km2`` the ratio is not meaningful and the cell is NaN (nodata) — the
    documented floor on the denominator.

    Parameters
    ----------
    incidents : PointSet
    residents : PointSet
        Population points (e.g. hamlet settlements or houses) with ``resident_weight`` giving the
        residents each stands for (a column name, ``"weight"`` or an array); unweighted = 1 each.
    min_residents_per_km2 : float, default 5.0
    progress : bool or callable, optional
        As for :func:`kde` (one bar over both surfaces).

    Returns
    -------
    Density
        Incidents per 1,000 residents (``output`` is "per_1000_residents" in spirit: the values
        are a ratio, not per km²), with the ``bandwidth_m`` and ``kernel`` used.

    Examples
    --------
    >>> settlements = d.teams  # one point per hamlet settlement
    >>> pop = d.hamlets.attributes["population"].to_numpy()
    >>> risk = watchmap.kde_ratio(d.incidents, settlements, grid, resident_weight=pop, bandwidth_m=2000.0)
    """
    require(incidents, PointSet, "kde_ratio", "incidents")
    require(residents, PointSet, "kde_ratio", "residents")
    if min_residents_per_km2 <= 0 or not np.isfinite(min_residents_per_km2):
        raise InvalidInputError("min_residents_per_km2 must be positive")
    h, rule = _resolve_bandwidth(bandwidth_m, bandwidth_rule, bandwidth)
    if h is None:
        h = _core._bandwidth(incidents, rule, kernel, None)
    with _progress.reporter(progress, "kde_ratio (two surfaces)") as hook:
        num = kde(incidents, grid, bandwidth_m=h, kernel=kernel, weight=None, mask=mask, method="exact",
                  threads=threads, progress=_progress.part(hook, 0.0, 0.5) or False)
        out = kde(residents, grid, bandwidth_m=h, kernel=kernel, weight=resident_weight, mask=mask, method="exact",
                  threads=threads, progress=_progress.part(hook, 0.5, 1.0) or False)
    inc, res = np.asarray(num.values), out.values
    with np.errstate(divide="ignore", invalid="ignore"):
        res[:] = np.where(res >= min_residents_per_km2, inc / res * 1000.0, np.nan)
    out.nodata = np.nan
    return out
