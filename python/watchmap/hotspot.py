"""Hotspot statistics: Getis-Ord Gi*, Local Moran, global Moran with permutation inference, FDR,
ArcGIS confidence bins, and :func:`hotspots`, the one call that maps significant hot spots.

Definitions and which tool each number matches: docs/DESIGN-NOTES.md "Hotspots" (ArcGIS / spdep
for the Gi* z, esda for the moments and permutation p-values).
"""
from __future__ import annotations

import math
import os
from typing import Callable, Optional, Union

import numpy as np
import pandas as pd

from . import _core, _point_weight, _progress
from ._check import require, require_threads
from ._core import Fdr, GetisOrd, InvalidInputError, LocalMoran, Moran, PointSet, PolygonSet, Weights

ALTERNATIVES = ("two-sided", "greater", "lesser", "directed", "percentile")
Progress = Union[bool, Callable[[float], Optional[bool]], None]


# --------------------------------------------------------------------------------------------
# argument helpers
# --------------------------------------------------------------------------------------------
def _values(values, weights: Weights, function: str) -> np.ndarray:
    require(weights, Weights, function, "weights", "e.g. watchmap.Weights.contiguity(polygons)")
    x = np.asarray(values, dtype=float)
    if x.ndim != 1:
        raise InvalidInputError(f"{function}: values must be 1-D (one per unit), got shape {x.shape}")
    return x


def _permutations(permutations, function: str):
    """A count (int >= 0) or an explicit R x (n-1) integer table."""
    if isinstance(permutations, bool):
        raise TypeError(f"{function}: permutations must be an integer or a table, not bool")
    if isinstance(permutations, (int, np.integer)):
        return int(permutations)
    table = np.asarray(permutations)
    if table.ndim != 2 or not np.issubdtype(table.dtype, np.integer):
        raise InvalidInputError(f"{function}: permutations must be a count or a 2-D integer table "
                                f"(R rows x n - 1 columns), got {table.dtype} with shape {table.shape}")
    return table


def _seed(seed, function: str) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise TypeError(f"{function}: seed must be a non-negative integer, not {seed!r}")
    return int(seed)


# --------------------------------------------------------------------------------------------
# local and global statistics
# --------------------------------------------------------------------------------------------
def getis_ord(values, weights: Weights, *, star: bool = True, permutations=999, seed: int = 0,
              alternative: str = "two-sided", ties: str = "exact", rng: str = "watchmap",
              self_weight: Optional[float] = None, threads: int = 0, progress: Progress = None) -> GetisOrd:
    """Getis-Ord Gi* (or Gi) per unit, with conditional permutation inference.

    ``z`` is the ArcGIS / spdep ``localG`` statistic::

        z_i = (Σ_j w_ij x_j − x̄ W_i) / (S √((n S1_i − W_i²)/(n − 1)))

    with the self weight included (Gi*), W_i = Σ_j w_ij, S1_i = Σ_j w_ij², x̄ the mean and S the
    population standard deviation. Scaling a row does not change it, so binary and
    row-standardised weights give the same z (esda's row-standardised ``Zs`` differs; ``z_esda``
    is esda's formula, equal to ``z`` for binary weights).

    Parameters
    ----------
    values : array_like
        One value per unit (e.g. incident counts per cell), finite, not all equal.
    weights : Weights
        Without a stored diagonal, Gi* gives each unit the largest weight of its row as self
        weight (1 for binary weights), unless ``self_weight`` is given.
    star : bool, default True
        False computes Gi (the unit itself left out; spdep ``localG`` without ``include.self``).
    permutations : int or 2-D integer array, default 999
        Number R of conditional permutations (0 = analytic only), or an explicit table of R rows
        of indices into the n − 1 other units (row k's first c_i entries are unit i's draw), e.g.
        esda's, to replay another tool's draws exactly.
    seed : int, default 0
    alternative : {"two-sided", "greater", "lesser", "directed", "percentile"}
        How ``p_sim`` counts the R simulated statistics s against the observed o, all as
        (count + 1)/(R + 1): "two-sided" (folded) #{|s − s̄| ≥ |o − s̄|}; "greater" #{s ≥ o};
        "lesser" #{s ≤ o}; "directed" (esda's legacy default) the smaller tail;
        "percentile" (esda ≥ 2.10 ``alternative="two-sided"``) the draws beyond the mirrored
        percentiles of o.
    ties : {"exact", "esda"}, default "exact"
        "exact" compares draws through the sum of the drawn neighbour values, so a draw of the
        same values as the real neighbours ties (exact for integer counts). "esda" compares the
        floating statistics computed in esda's order, reproducing esda bit for bit.
    rng : {"watchmap", "esda"}, default "watchmap"
        "esda" draws numpy's ``RandomState(seed).permutation(n - 1)`` per row, as esda does: the
        same seed then gives esda's numbers (sequential: about 0.3 s extra per 40,000 units).
    self_weight : float, optional
    threads : int, default 0
        0 = all cores. Results are bit-identical for any thread count.
    progress : bool or callable, optional
        None (default): a progress bar in a terminal or notebook for calls longer than a second;
        True: always; False: never; or a callable taking the fraction done (return False to
        cancel: CancelledError). Ctrl-C stops the call (KeyboardInterrupt) in any case.

    Returns
    -------
    GetisOrd
        ``z``, ``p_norm`` (two-sided), ``p_sim``, ``z_sim``, ``expected_sim``, ``sd_sim`` (empty
        without permutations), ``G``, ``EG``, ``VG``, ``z_esda``, ``cardinality``; islands NaN.
        ``.to_frame()`` gives a DataFrame.

    Examples
    --------
    >>> w = watchmap.Weights.lattice(200, 200)
    >>> g = watchmap.getis_ord(counts, w, permutations=999, seed=1)
    >>> hot = (g.z > 0) & (g.p_sim < 0.05)
    >>> g.to_frame().head()
    """
    x = _values(values, weights, "getis_ord")
    args = (x, weights, bool(star), None if self_weight is None else float(self_weight),
            _permutations(permutations, "getis_ord"), _seed(seed, "getis_ord"), rng, alternative, ties,
            require_threads(threads, "getis_ord"))
    with _progress.reporter(progress, f"Getis-Ord Gi{'*' if star else ''} of {len(x):,} units") as hook:
        return _core._getis_ord(*args, hook)


def local_moran(values, weights: Weights, *, permutations=999, seed: int = 0, alternative: str = "two-sided",
                ties: str = "exact", rng: str = "watchmap", transform: str = "R", threads: int = 0,
                progress: Progress = None) -> LocalMoran:
    """Local Moran's I (Anselin 1995) per unit, with conditional permutation inference.

    z_i = (x_i − x̄)/σ (population σ), I_i = (n − 1) z_i Σ_j w_ij z_j / Σ_j z_j². Quadrants:
    1 HH (z > 0, lag > 0), 2 LH, 3 LL, 4 HL. ``EI``/``VI``/``z`` use total randomisation (esda,
    Sokal et al. 1998); ``EI_c``/``VI_c``/``z_c`` conditional randomisation (spdep's default).

    Parameters
    ----------
    values : array_like
    weights : Weights
    transform : {"R", "B", "O"}, default "R"
        Row-standardise (esda's default), binarise, or use the weights as given.
    permutations, seed, alternative, ties, rng, threads, progress
        As in :func:`getis_ord`.

    Returns
    -------
    LocalMoran
        ``I``, ``quadrant``, ``EI``, ``VI``, ``z``, ``EI_c``, ``VI_c``, ``z_c``, ``p_norm``,
        ``p_sim``, ``z_sim``, ``expected_sim``, ``sd_sim``; ``labels(alpha)`` names clusters.

    Examples
    --------
    >>> lm = watchmap.local_moran(counts, watchmap.Weights.lattice(200, 200), seed=1)
    >>> pd.Series(lm.labels(0.05)).value_counts()
    """
    x = _values(values, weights, "local_moran")
    with _progress.reporter(progress, f"local Moran's I of {len(x):,} units") as hook:
        return _core._local_moran(x, weights, transform, _permutations(permutations, "local_moran"),
                                  _seed(seed, "local_moran"), rng, alternative, ties,
                                  require_threads(threads, "local_moran"), hook)


def moran(values, weights: Weights, *, permutations: int = 999, seed: int = 0, alternative: str = "two-sided",
          rng: str = "watchmap", transform: str = "R", threads: int = 0, progress: Progress = None) -> Moran:
    """Global Moran's I with Cliff–Ord moments and a permutation test.

    I = (n/S0) Σ_i z_i Σ_j w_ij z_j / Σ z_i² (z = x − x̄); E[I] = −1/(n − 1); variances under
    normality and randomisation as esda and spdep ``moran.test``. Permutations shuffle all values
    (esda ``Moran``); ``rng="esda"`` replays esda's ``np.random.seed(seed)`` draws.

    Parameters
    ----------
    values : array_like
    weights : Weights
    permutations : int, default 999
    transform : {"R", "B", "O"}, default "R"
    seed, alternative, rng, threads, progress
        As in :func:`getis_ord` (esda's ``p_sim`` is ``alternative="directed"``).

    Returns
    -------
    Moran
        ``I``, ``EI``, ``VI_norm``, ``VI_rand``, ``z_norm``, ``z_rand``, ``p_norm``, ``p_rand``,
        ``z``/``p`` (= randomisation), ``p_sim``, ``EI_sim``, ``seI_sim``, ``z_sim``.

    Examples
    --------
    >>> m = watchmap.moran(counts, watchmap.Weights.lattice(200, 200))
    >>> m.I, m.z, m.p_sim
    """
    x = _values(values, weights, "moran")
    if isinstance(permutations, bool) or not isinstance(permutations, (int, np.integer)):
        raise TypeError(f"moran: permutations must be an integer, not {permutations!r}")
    with _progress.reporter(progress, f"Moran's I of {len(x):,} units") as hook:
        return _core._moran(x, weights, transform, int(permutations), _seed(seed, "moran"), rng, alternative,
                            require_threads(threads, "moran"), hook)


def permutation_table(n: int, permutations: int = 999, *, seed: int = 0, rng: str = "watchmap",
                      columns: Optional[int] = None) -> np.ndarray:
    """The table of draws the seeded permutation tests use: R rows of distinct indices into the
    n − 1 other units (row k's first c_i entries are unit i's draw k).

    ``rng="esda"`` gives esda's table for the same seed (numpy ``RandomState(seed).permutation(n - 1)``
    per row), so it can be checked against esda or passed back as ``permutations=``.

    Examples
    --------
    >>> t = watchmap.permutation_table(49, 999, seed=12345, rng="esda")   # esda's Columbus table
    >>> g = watchmap.getis_ord(crime, w, permutations=t)
    """
    cols = n - 1 if columns is None else int(columns)
    return _core._permutation_table(int(n), int(permutations), cols, _seed(seed, "permutation_table"), rng)


def fdr(p, alpha: float = 0.05) -> Fdr:
    """Benjamini–Hochberg false discovery rate control.

    The cut-off is esda's ``fdr``: sort the m finite p-values, take the largest k with
    p_(k) < k α/m and return k α/m (α/m when none); a unit is significant when p < cut-off.
    ``adjusted`` holds the BH adjusted p-values (significant ⇔ adjusted < α). NaN p-values (e.g.
    islands) are not tested and never significant.

    Returns
    -------
    Fdr
        ``significant`` (bool), ``cutoff``, ``adjusted``, ``alpha``; unpacks as
        ``significant, cutoff``.

    Examples
    --------
    >>> significant, cutoff = watchmap.fdr(g.p_sim, 0.05)
    """
    return _core._fdr(np.asarray(p, dtype=float), float(alpha))


def hotspot_bins(z, p, *, fdr: bool = True) -> np.ndarray:
    """ArcGIS ``Gi_Bin``: ±3, ±2, ±1 for 99, 95, 90 % confidence, 0 otherwise.

    bin = sign(z) · (3 if p < c(0.01), 2 if p < c(0.05), 1 if p < c(0.10)); c(a) = a, or with
    ``fdr=True`` the Benjamini–Hochberg cut-off at level a (:func:`fdr`). ``p`` is a two-sided
    p-value (``p_norm`` or a two-sided ``p_sim``). NaN gives 0.

    Examples
    --------
    >>> bins = watchmap.hotspot_bins(g.z, g.p_norm, fdr=True)
    >>> np.bincount(bins + 3, minlength=7)   # counts of −3 … 3
    """
    return _core._hotspot_bins(np.asarray(z, dtype=float), np.asarray(p, dtype=float), bool(fdr))


_LABELS = np.array(["not significant", "HH", "LH", "LL", "HL"], dtype=object)


def local_moran_labels(self: LocalMoran, alpha: float = 0.05, *, fdr: bool = False) -> "numpy.typing.NDArray[numpy.str_]":
    """Cluster labels: "HH", "LL" (clusters), "HL", "LH" (outliers) where p < alpha, else
    "not significant". p is ``p_sim`` when permutations were run, else ``p_norm``; with
    ``fdr=True`` the Benjamini–Hochberg cut-off at ``alpha`` replaces alpha.

    Examples
    --------
    >>> lm.labels(0.05)
    """
    p = np.asarray(self.p_sim if self.permutations else self.p_norm, dtype=float)
    cut = _core._fdr(p, float(alpha)).cutoff if fdr else float(alpha)
    q = np.asarray(self.quadrant)
    out = _LABELS[np.where(p < cut, q, 0)]
    return out.astype(str)


def incremental_moran(points: PointSet, values, distances_m) -> pd.DataFrame:
    """Global Moran's I of ``values`` over increasing distance bands (ArcGIS Incremental Spatial
    Autocorrelation): binary distance-band weights, row-standardised, randomisation z.

    Examples
    --------
    >>> watchmap.hotspot.incremental_moran(centroids, counts, [500, 1000, 1500])
    """
    require(points, PointSet, "incremental_moran", "points")
    return pd.DataFrame(_core._moran_by_distance(points, np.asarray(values, dtype=float),
                                                 np.asarray(distances_m, dtype=float)))


# --------------------------------------------------------------------------------------------
# hotspots(): ArcGIS Optimized Hot Spot Analysis
# --------------------------------------------------------------------------------------------
_BAND_SLACK = 1e-9  # relative: cells at exactly the band distance count despite rounded centres
_ISA_BANDS = 10


class Hotspots:
    """Result of :func:`hotspots`: the analysis cells and their statistics, with every choice made.

    Attributes
    ----------
    cells : PolygonSet
        The cells (or given polygons) analysed, with the result columns as attributes.
    frame : pandas.DataFrame
        One row per cell, aligned with ``cells``: the cell attributes, ``count`` (incidents),
        ``weight_sum`` (with ``weight=``), ``z`` (Gi*), ``p`` (two-sided; ``p_norm``, or ``p_sim``
        with permutations), ``p_fdr`` (Benjamini–Hochberg adjusted p), ``bin`` (ArcGIS Gi_Bin,
        −3…3) and ``n_neighbors``.
    choices : dict
        What was decided and why, for a report to print: ``crs``, ``cells``, ``cell_size_m`` and
        ``cell_size_how``, ``distance_band_m`` and ``how`` (how the band was chosen, a sentence;
        as data: ``band_rule`` "given", "isa_peak" with ``band_isa_z`` or "kth_neighbour" with
        ``band_k``), ``n_cells``, ``n_incidents``, ``outliers``, ``outside``, ``islands``, ``fdr_cutoff`` (the
        Benjamini–Hochberg p cut-off at 0.05; None without FDR) and ``fdr_cutoffs`` (at 0.01, 0.05,
        0.10), ``hot_cells``, ``cold_cells``, ``permutations``.
    isa : pandas.DataFrame or None
        The Incremental Spatial Autocorrelation profile when the band was chosen from it.
    """

    def __init__(self, cells: PolygonSet, frame: pd.DataFrame, choices: dict, isa: Optional[pd.DataFrame]):
        self.cells = cells
        self.frame = frame
        self.choices = choices
        self.isa = isa

    def to_frame(self) -> pd.DataFrame:
        """The per-cell table (a copy of ``frame``).

        Examples
        --------
        >>> hs.to_frame().sort_values("z", ascending=False).head(10)
        """
        return self.frame.copy()

    def to_geopandas(self):
        """The cells with the result columns as a GeoDataFrame (ready to map or save).

        Examples
        --------
        >>> hs.to_geopandas().plot(column="bin", cmap="RdBu_r")
        """
        return self.cells.to_geopandas()

    def write(self, path: Union[str, os.PathLike], *, layer: Optional[str] = None, driver: Optional[str] = None,
              mode: str = "w") -> None:
        """Write the cells with the result columns (GeoPackage, GeoJSON, shapefile, …); ``mode`` as
        :meth:`PolygonSet.write` ("w" creates or replaces the layer and keeps the file's others).

        Examples
        --------
        >>> hs.write("out/hotspots.gpkg", layer="hotspots")
        """
        self.cells.write(path, layer=layer, driver=driver, mode=mode)

    def summary(self) -> str:
        """The choices and the number of hot and cold cells, as short lines for a report.

        Examples
        --------
        >>> print(hs.summary())
        """
        c = self.choices
        bins = self.frame["bin"].to_numpy()
        lines = [f"cells: {c['n_cells']:,} {c['cells']}"
                 + (f" of {c['cell_size_m']:.0f} m ({c['cell_size_how']})" if c.get("cell_size_m") else ""),
                 f"distance band: {c['distance_band_m']:.0f} m ({c['how']})",
                 f"incidents: {c['n_incidents']:,} analysed, {c['outliers']:,} locational outliers left out, "
                 f"{c['outside']:,} outside the cells",
                 f"hot spots: {(bins > 0).sum():,} cells (99 %: {(bins == 3).sum():,}); "
                 f"cold spots: {(bins < 0).sum():,} cells"
                 + (" (FDR-corrected)" if c["fdr"] else "")]
        return "\n".join(lines)

    def __repr__(self) -> str:
        bins = self.frame["bin"].to_numpy()
        return (f"Hotspots({len(self.frame):,} {self.choices['cells']} cells, band "
                f"{self.choices['distance_band_m']:.0f} m, hot {(bins > 0).sum():,}, cold {(bins < 0).sum():,})")

    def _repr_html_(self) -> str:
        import html

        rows = "".join(f"<tr><th style='text-align:left'>{html.escape(str(k))}</th>"
                       f"<td style='text-align:left'>{html.escape(str(v))}</td></tr>"
                       for k, v in self.choices.items())
        return f"<div><strong>watchmap.Hotspots</strong><table>{rows}</table></div>"


def _nearest_distances(points: PointSet) -> np.ndarray:
    """Distance from each point to its nearest other point (metres, the points' frame)."""
    w = Weights.knn(points, 1)
    j = np.asarray(w.indices)
    return np.hypot(np.asarray(points.x)[j] - np.asarray(points.x), np.asarray(points.y)[j] - np.asarray(points.y))


def _outliers(d: np.ndarray) -> np.ndarray:
    """Locational outliers: nearest-neighbour distance above mean + 3 standard deviations."""
    return d > d.mean() + 3.0 * d.std()


def _kth_neighbour_distance(points: PointSet, k: int) -> float:
    w = Weights.knn(points, k)
    x, y = np.asarray(points.x), np.asarray(points.y)
    idx = np.asarray(w.indices).reshape(len(points), k)
    d = np.hypot(x[idx] - x[:, None], y[idx] - y[:, None])
    return float(d.max(axis=1).mean())


def hotspots(incidents: PointSet, *, cells: Union[str, PolygonSet] = "hex", cell_size_m: Optional[float] = None,
             distance_band_m: Optional[float] = None, boundary: Optional[PolygonSet] = None, fdr: bool = True,
             permutations: int = 0, weight=None, seed: int = 0, threads: int = 0) -> Hotspots:
    """Map statistically significant hot and cold spots of incidents in one call (Gi*).

    Follows ArcGIS Optimized Hot Spot Analysis, reporting every choice in ``.choices``:

    1. **Frame**: metres, by the CRS rule (lon/lat and feet go to the UTM zone of the data).
    2. **Locational outliers**: incident locations whose distance to the nearest other location
       exceeds the mean + 3 standard deviations of those distances. They are left out of the
       cell size and, without a ``boundary``, out of the analysis (far-off geocoding errors would
       otherwise be cells with no neighbours).
    3. **Cells**: hexagons or squares of ``cell_size_m`` (default: the mean distance from each
       incident location to the nearest other one); without ``boundary`` only cells holding
       incidents are kept, with ``boundary`` every cell sharing area with it (zeros included).
       A PolygonSet (e.g. hamlets) is used as given.
    4. **Distance band** (``distance_band_m``, default): the first peak, with z ≥ 1.96, of global
       Moran's z over 10 increasing bands (Incremental Spatial Autocorrelation, row-standardised)
       starting where every cell has a neighbour and growing by the mean nearest-cell distance;
       with no peak, the mean distance to the k-th nearest cell, k = clamp(0.05 n, 3, 30). Cells
       at exactly the band distance count (a relative slack of 1e-9 absorbs rounding).
    5. **Gi*** on counts (or ``weight`` sums) with binary distance-band weights and self included
       (ArcGIS / spdep ``localG`` with ``include.self``); p two-sided from the normal, or from
       ``permutations`` (folded two-sided); FDR (Benjamini–Hochberg) bins as ArcGIS's Gi_Bin.
       Cells with no neighbour within the band get NaN and bin 0.

    With ``cells="square", cell_size_m=500, distance_band_m=500 * 2 ** 0.5`` the z-scores are
    spdep's ``localG`` on those cells (the sfhotspot method, which also keeps empty cells: pass
    ``boundary=`` to keep them).

    Parameters
    ----------
    incidents : PointSet
    cells : {"hex", "square"} or PolygonSet, default "hex"
    cell_size_m : float, optional
        Hexagon flat-to-flat width (= centre spacing) or square side, metres.
    distance_band_m : float, optional
    boundary : PolygonSet, optional
        Study area: every cell sharing area with it is analysed (incidents outside are ignored).
    fdr : bool, default True
        Bins with Benjamini–Hochberg cut-offs (ArcGIS OHSA); False = plain 0.01/0.05/0.10.
    permutations : int, default 0
        0 = analytic p (ArcGIS); else conditional permutations (p folded two-sided).
    weight : str or array_like, optional
        Analyse the sum of a point attribute (or one number per incident) instead of counts.
    seed : int, default 0
    threads : int, default 0

    Returns
    -------
    Hotspots
        ``.cells``, ``.frame`` / ``.to_frame()`` (count, z, p, p_fdr, bin, n_neighbors),
        ``.choices``, ``.isa``, ``.to_geopandas()``, ``.write(path)``, ``.summary()``.

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> hs = watchmap.hotspots(d.incidents, boundary=d.boundary)
    >>> print(hs.summary())
    >>> hs.write("out/hotspots.gpkg")
    >>> watchmap.plot.hotspot_map(hs.to_geopandas(), "bin", boundary=d.boundary)
    """
    require(incidents, PointSet, "hotspots", "incidents")
    if boundary is not None:
        require(boundary, PolygonSet, "hotspots", "boundary")
    user_cells = isinstance(cells, PolygonSet)
    if not user_cells and cells not in ("hex", "square"):
        raise InvalidInputError(f"hotspots: cells must be 'hex', 'square' or a PolygonSet, not {cells!r}")
    if len(incidents) < 3:
        raise InvalidInputError(f"hotspots: {len(incidents)} incidents are too few")
    threads = require_threads(threads, "hotspots")
    for name, value in (("cell_size_m", cell_size_m), ("distance_band_m", distance_band_m)):
        if value is not None and not (np.isfinite(value) and value > 0):
            raise InvalidInputError(f"hotspots: {name} must be positive, got {value}")
    if user_cells and cell_size_m is not None:
        raise InvalidInputError("hotspots: cell_size_m is for generated cells, not a PolygonSet")

    layers = {}
    if user_cells:
        layers["cells"] = cells
    if boundary is not None:
        layers["boundary"] = boundary
    layers["incidents"] = incidents
    frame_crs = _core.analysis_crs(layers)
    pts = incidents if incidents.crs == frame_crs else incidents.to_crs(frame_crs)
    values_w = _point_weight.resolve(incidents, weight) if weight is not None else None
    choices: dict = {"crs": frame_crs.to_string(), "cells": "polygons" if user_cells else cells, "fdr": bool(fdr),
                     "permutations": int(permutations), "n_incidents_given": len(incidents)}

    # Locational outliers (distinct locations; duplicates are one location).
    xy = np.column_stack([np.asarray(pts.x), np.asarray(pts.y)])
    uniq, inverse = np.unique(xy, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    outlier_point = np.zeros(len(pts), dtype=bool)
    if len(uniq) >= 3:
        locations = PointSet(uniq[:, 0], uniq[:, 1], crs=frame_crs)
        nn = _nearest_distances(locations)
        out_loc = _outliers(nn)
        outlier_point = out_loc[inverse]
        typical = nn[~out_loc]
    else:
        typical = np.array([])
    use_outliers = not user_cells and boundary is None
    choices["outliers"] = int(outlier_point.sum()) if use_outliers else 0

    # Cells.
    if user_cells:
        cell_layer = cells if cells.crs == frame_crs else cells.to_crs(frame_crs)
        choices["cell_size_m"] = None
        choices["cell_size_how"] = "given polygons"
    else:
        if cell_size_m is None:
            if typical.size == 0 or typical.mean() <= 0:
                raise InvalidInputError("hotspots: the incidents sit at fewer than 3 distinct places; give cell_size_m")
            cell_size_m = float(typical.mean())
            choices["cell_size_how"] = f"mean nearest-neighbour distance of {typical.size:,} incident locations"
        else:
            choices["cell_size_how"] = "given"
        choices["cell_size_m"] = float(cell_size_m)
        if boundary is not None:
            b = boundary if boundary.crs == frame_crs else boundary.to_crs(frame_crs)
            area = float(np.sum(np.abs(b.areas()))) if hasattr(b, "areas") else None
            if area is not None and area / (cell_size_m ** 2 * (0.866 if cells == "hex" else 1.0)) > 5e6:
                raise InvalidInputError(f"hotspots: {cell_size_m:.0f} m cells would make more than 5 million cells in "
                                        "the boundary; give a larger cell_size_m")
            maker = _core._hex_grid if cells == "hex" else _core._square_grid
            cell_layer = _core._cells_within(maker(b, float(cell_size_m), None, 0.0), b, False)
        else:
            kept = pts if not outlier_point.any() else pts[~outlier_point]
            cell_layer = _core._occupied_cells(kept, float(cell_size_m), cells)

    # Counts (the same point-in-polygon rule as watchmap.count).
    analysed = ~outlier_point if use_outliers else np.ones(len(pts), dtype=bool)
    where = _core._locate(pts, cell_layer, threads)
    inside = (where >= 0) & analysed
    n_cells = len(cell_layer)
    count = np.bincount(where[inside], minlength=n_cells).astype(np.int64)
    value = count.astype(float)
    weight_sum = None
    if values_w is not None:
        weight_sum = np.bincount(where[inside], weights=values_w[inside], minlength=n_cells)
        value = weight_sum
    choices["outside"] = int(((where < 0) & analysed).sum())
    choices["n_incidents"] = int(inside.sum())
    if not user_cells and boundary is None:
        keep = count > 0
        if not keep.all():
            cell_layer = cell_layer[keep]
            count, value = count[keep], value[keep]
            weight_sum = None if weight_sum is None else weight_sum[keep]
    n_cells = len(cell_layer)
    choices["n_cells"] = n_cells
    if n_cells < 3:
        raise InvalidInputError(f"hotspots: only {n_cells} cells hold incidents; use smaller cells")
    if np.all(value == value[0]):
        raise InvalidInputError(f"hotspots: every one of the {n_cells} cells has the same "
                                f"{'weight' if weight_sum is not None else 'count'} ({value[0]:g}); "
                                "nothing to test (use larger cells, or a boundary so that empty cells count)")

    # Distance band.
    centres = _core._polygon_centroids(cell_layer)
    isa = None
    if distance_band_m is not None:
        band = float(distance_band_m)
        choices.update(how="given", band_rule="given")
    else:
        band, rule, isa = _choose_band(centres, value, threads)
        choices.update(rule)
    choices["distance_band_m"] = band

    w = Weights.distance_band(centres, band * (1.0 + _BAND_SLACK), threads=threads)
    g = _core._getis_ord(value, w, True, None, int(permutations), _seed(seed, "hotspots"), "watchmap", "two-sided",
                         "exact", threads, None)
    p = np.asarray(g.p_sim if permutations else g.p_norm)
    z = np.asarray(g.z)
    adjusted = np.asarray(_core._fdr(p, 0.05).adjusted)
    bins = np.asarray(_core._hotspot_bins(z, p, bool(fdr)))
    choices["islands"] = int(np.isnan(z).sum())
    cutoffs = {a: float(_core._fdr(p, a).cutoff) for a in (0.01, 0.05, 0.10)}
    choices["fdr_cutoff"] = cutoffs[0.05] if fdr else None
    choices["fdr_cutoffs"] = cutoffs if fdr else None
    choices["hot_cells"] = int((bins > 0).sum())
    choices["cold_cells"] = int((bins < 0).sum())

    out = cell_layer.attributes.copy().reset_index(drop=True)
    out["count"] = count
    if weight_sum is not None:
        out["weight_sum"] = weight_sum
    out["z"] = z
    out["p"] = p
    out["p_fdr"] = adjusted
    out["bin"] = bins.astype(np.int64)
    out["n_neighbors"] = np.asarray(g.cardinality)
    cell_layer = cell_layer.assign(**{c: out[c].to_numpy() for c in out.columns if c not in cell_layer.attributes})
    return Hotspots(cell_layer, out, choices, isa)


def _choose_band(centres: PointSet, value: np.ndarray, threads: int):
    """(band, rule, isa profile) by Incremental Spatial Autocorrelation, else the k-th neighbour.
    The rule is the choices entries: ``how`` (a sentence), ``band_rule`` ("isa_peak" with
    ``band_isa_z``, or "kth_neighbour" with ``band_k``)."""
    n = len(centres)
    nn = _nearest_distances(centres)
    typical = ~_outliers(nn)
    start = float(nn[typical].max())
    step = float(nn[typical].mean())
    isa = None
    if start > 0 and step > 0 and np.ptp(value) > 0:
        bands = start + step * np.arange(_ISA_BANDS)
        isa = incremental_moran(centres, value, bands * (1.0 + _BAND_SLACK))
        isa["distance_m"] = bands
        z = isa["z"].to_numpy()
        for b in range(len(z)):
            left = z[b - 1] if b > 0 else -np.inf
            right = z[b + 1] if b + 1 < len(z) else np.inf
            if z[b] >= 1.96 and z[b] > left and z[b] > right:
                how = f"first peak of Incremental Spatial Autocorrelation (z = {z[b]:.2f})"
                return float(bands[b]), {"how": how, "band_rule": "isa_peak", "band_isa_z": float(z[b])}, isa
    k = int(min(30, max(3, math.floor(0.05 * n))))
    k = min(k, n - 1)
    band = _kth_neighbour_distance(centres, k)
    return band, {"how": f"no autocorrelation peak: mean distance to the {k}th nearest cell",
                  "band_rule": "kth_neighbour", "band_k": k}, isa


def attach() -> None:
    """Gives the compiled result classes the shared repr/to_frame and Local Moran its labels."""
    from . import _results

    for cls in (GetisOrd, LocalMoran):
        _results.attach(cls)
    _results.attach(Moran, tabular=False)
    _results.attach(Fdr)
    LocalMoran.labels = local_moran_labels
