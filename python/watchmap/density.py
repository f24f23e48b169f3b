"""Kernel density of incidents (per km²), bandwidth rules, and incidents-per-resident surfaces."""
from __future__ import annotations

from typing import Callable, Optional, Union

import numpy as np

from . import _core
from ._core import Grid, InvalidInputError, PointSet, PolygonSet, Raster
from .join import point_weights

KERNELS = ("quartic", "epanechnikov", "triangular", "uniform", "triweight", "gaussian")


def bandwidth(points: PointSet, rule: str = "arcgis", *, kernel: str = "quartic", weight=None) -> float:
    """The bandwidth (metres) a rule gives for these points.

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
    return _core._bandwidth(points, rule, kernel, point_weights(points, weight))


def _resolve_bandwidth(bandwidth_m, rule) -> tuple:
    """(h, rule): h > 0 when fixed; 0 asks the core to apply `rule`."""
    fixed = bandwidth_m
    if fixed is None and isinstance(rule, (int, float)) and not isinstance(rule, bool):
        fixed = rule
    if fixed is None:
        return 0.0, rule
    h = float(fixed)
    if not (h > 0 and np.isfinite(h)):
        raise InvalidInputError(f"bandwidth_m must be positive and finite (got {fixed!r})")
    return h, "arcgis"


def kde(points: PointSet, grid: Grid, *, bandwidth_m: Optional[float] = None,
        bandwidth: Union[str, float] = "arcgis", kernel: str = "quartic", weight=None,
        mask: Optional[PolygonSet] = None, method: str = "auto", output: str = "per_km2",
        threads: int = 0, progress: Optional[Callable[[float], Optional[bool]]] = None) -> Raster:
    """Kernel density of points on a grid, in points (or weight) per km², at cell centres.

    Kernels are normalised in 2-D (each integrates to 1), so the surface integrates to the number
    of points (or Σ weight); it is not divided by n (ArcGIS "DENSITIES"). Points outside the grid
    still contribute.

    Parameters
    ----------
    points : PointSet
        Incidents; transformed into the grid's CRS when it differs.
    grid : Grid
        Where to evaluate, in a metric CRS (e.g. ``Grid.covering(district, 100.0)``).
    bandwidth_m : float, optional
        Kernel radius h in metres (the standard deviation for ``"gaussian"``).
    bandwidth : {"arcgis", "scott", "silverman"} or float, default "arcgis"
        Rule used when ``bandwidth_m`` is not given (see :func:`bandwidth`).
    kernel : {"quartic", "epanechnikov", "triangular", "uniform", "triweight", "gaussian"}
    weight : str or array_like, optional
        Counts a point w times (ArcGIS "population field"): a point attribute, ``"weight"`` for
        ``PointSet.weight``, or an array. Must be finite and >= 0.
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
    progress : callable, optional
        Called with the fraction done (0..1) about every 50 ms; return False to cancel
        (raises CancelledError). Ctrl-C also stops the computation (KeyboardInterrupt).

    Returns
    -------
    Raster
        float64, with attributes ``bandwidth_m``, ``kernel`` and ``method`` (the method used).
        A WatchmapWarning is issued when h is smaller than a cell.

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> grid = watchmap.Grid.covering(d.boundary, 100.0, margin_m=1000.0)
    >>> density = watchmap.kde(d.incidents, grid, bandwidth_m=1500.0, mask=d.boundary)
    >>> density.values.max()   # incidents per km²
    """
    h, rule = _resolve_bandwidth(bandwidth_m, bandwidth)
    weights = point_weights(points, weight)
    raster, used_h, used_method = _core._kde(points, grid, h, rule, kernel, weights, mask, method, output,
                                             1e-12, threads, progress)
    raster.bandwidth_m = used_h
    raster.kernel = kernel
    raster.method = used_method
    return raster


def kde_ratio(incidents: PointSet, residents: PointSet, grid: Grid, *, bandwidth_m: Optional[float] = None,
              bandwidth: Union[str, float] = "arcgis", kernel: str = "quartic", resident_weight=None,
              min_residents_per_km2: float = 5.0, mask: Optional[PolygonSet] = None, threads: int = 0) -> Raster:
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

    Returns
    -------
    Raster
        Incidents per 1,000 residents; attributes ``bandwidth_m`` and ``kernel``.

    Examples
    --------
    >>> settlements = d.teams  # one point per hamlet settlement
    >>> pop = d.hamlets.attributes["population"].to_numpy()
    >>> risk = watchmap.kde_ratio(d.incidents, settlements, grid, resident_weight=pop, bandwidth_m=2000.0)
    """
    if min_residents_per_km2 <= 0 or not np.isfinite(min_residents_per_km2):
        raise InvalidInputError("min_residents_per_km2 must be positive")
    h, rule = _resolve_bandwidth(bandwidth_m, bandwidth)
    if h == 0.0:
        h = _core._bandwidth(incidents, rule, kernel, None)
    num = kde(incidents, grid, bandwidth_m=h, kernel=kernel, mask=mask, method="exact", threads=threads)
    den = kde(residents, grid, bandwidth_m=h, kernel=kernel, weight=resident_weight, mask=mask, method="exact",
              threads=threads)
    inc, res = np.asarray(num.values), np.asarray(den.values)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(res >= min_residents_per_km2, inc / res * 1000.0, np.nan)
    out = Raster(ratio, grid, nodata=np.nan)
    out.bandwidth_m = h
    out.kernel = kernel
    return out
