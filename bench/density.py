"""Benchmark: watchmap.kde vs scikit-learn KernelDensity (exact) and scipy gaussian_kde, one process.

Usage: PYTHONPATH=python /usr/bin/python3 bench/density.py [--quick | --auto-table]
Clustered synthetic incidents in a 40 x 40 km box; every comparison is on the same grid and checks
that the numbers agree before printing the time ratio. Also times the real Houston crimes (86k).
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from _timing import best_of, machine

SHARED = Path(__file__).resolve().parents[2] / "shared"


def clustered(n: int, rng) -> np.ndarray:
    """Half in 12 gaussian clusters (σ 300–1500 m), a quarter along 4 'roads', a quarter uniform."""
    centres = rng.uniform(5000, 35000, (12, 2))
    sigma = rng.uniform(300, 1500, 12)
    k = rng.integers(0, 12, n // 2)
    a = centres[k] + rng.normal(size=(n // 2, 2)) * sigma[k, None]
    t = rng.uniform(0, 1, n // 4)
    road = rng.integers(0, 4, n // 4)
    ends = rng.uniform(0, 40000, (4, 2, 2))
    b = ends[road, 0] + (ends[road, 1] - ends[road, 0]) * t[:, None] + rng.normal(0, 150, (n // 4, 2))
    c = rng.uniform(0, 40000, (n - len(a) - len(b), 2))
    return np.concatenate([a, b, c])


def tight(n: int, rng) -> np.ndarray:
    """30 clusters of σ = 1.2 km plus 10 % uniform background (issue 13's tightly clustered layout)."""
    centres = rng.uniform(4000, 36000, (30, 2))
    k = rng.integers(0, 30, n - n // 10)
    a = centres[k] + rng.normal(0, 1200, (len(k), 2))
    return np.concatenate([a, rng.uniform(0, 40000, (n // 10, 2))])


def isotropic_kde_class():
    """scipy's gaussian_kde scales the data covariance; this one uses σ·I, like every GIS tool."""
    from scipy.stats import gaussian_kde

    class IsotropicKde(gaussian_kde):
        def __init__(self, dataset, sigma):
            self._sigma = sigma
            super().__init__(dataset)

        def _compute_covariance(self):
            self.factor = 1.0
            self.covariance = np.eye(2) * self._sigma ** 2
            self.cho_cov = np.eye(2) * self._sigma
            self.log_det = 2 * np.log(np.diag(self.cho_cov * np.sqrt(2 * np.pi))).sum()

    return IsotropicKde


def auto_table() -> None:
    """Exact and binned side by side where the choice is close: the data behind kde's cost model."""
    import watchmap as wm

    print(machine())
    rng = np.random.default_rng(1)
    print(f"{'case':44} {'exact ms':>9} {'binned ms':>9}  auto")
    for n, cells, cell_m, h in [(1_000_000, 1000, 40, 1000), (1_000_000, 1000, 40, 3000), (3_000_000, 1000, 40, 2000),
                                (100_000, 2000, 20, 1000), (10_000_000, 500, 80, 2000), (2_000_000, 2000, 20, 1500)]:
        xy = clustered(n, rng) * (cells * cell_m / 40000)
        pts = wm.PointSet(xy[:, 0], xy[:, 1])
        grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=float(cell_m), ncols=cells, nrows=cells)
        t_exact, _ = best_of(lambda: wm.kde(pts, grid, bandwidth_m=float(h), method="exact"), 3)
        t_binned, _ = best_of(lambda: wm.kde(pts, grid, bandwidth_m=float(h), method="binned"), 3)
        auto = wm.kde(pts, grid, bandwidth_m=float(h)).method
        case = f"{n:,} points, {cells}², h = {h / cell_m:.0f} cells"
        print(f"{case:44} {t_exact * 1000:9.0f} {t_binned * 1000:9.0f}  {auto}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller sizes for a smoke run")
    parser.add_argument("--auto-table", action="store_true",
                        help="only time exact against binned on the cases that calibrate method='auto'")
    args = parser.parse_args()
    if args.auto_table:
        auto_table()
        return
    from sklearn.neighbors import KernelDensity

    import watchmap as wm

    print(machine())
    IsotropicKde = isotropic_kde_class()
    rng = np.random.default_rng(0)

    # 1. exact quartic vs scikit-learn's exact epanechnikov, 100k points x 500 x 500, h = 1 km,
    #    on two clustered layouts (loose: 12 clusters + roads + background; tight: 30 clusters)
    n = 20_000 if args.quick else 100_000
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=80.0, ncols=500, nrows=500)
    xc, yc = np.meshgrid(grid.x_centers, grid.y_centers)
    centres = np.column_stack([xc.ravel(), yc.ravel()])
    for layout, make in (("loose", clustered), ("tight", tight)):
        xy = make(n, rng)
        pts = wm.PointSet(xy[:, 0], xy[:, 1])
        t_q, quartic = best_of(lambda: wm.kde(pts, grid, bandwidth_m=1000.0, kernel="quartic", method="exact"), 5)
        t_e, epan = best_of(lambda: wm.kde(pts, grid, bandwidth_m=1000.0, kernel="epanechnikov", method="exact"), 5)
        t_d, _ = best_of(lambda: wm._core._kde(pts, grid, 1000.0, "arcgis", "quartic", None, None, "exact",
                                               "per_km2", 1e-12, 0, None, exact_algorithm="direct"), 3)
        skl = KernelDensity(kernel="epanechnikov", bandwidth=1000.0, rtol=0.0, atol=0.0).fit(xy)
        t_s, logd = best_of(lambda: skl.score_samples(centres), repeat=1)
        sk_per_km2 = np.exp(logd).reshape(grid.shape) * n * 1e6  # sklearn divides by n, per m²
        err = np.abs(sk_per_km2 - epan.values).max() / epan.values.max()
        print(f"\nexact, {layout} layout, {n:,} points x 500 x 500 cells, h = 1 km "
              f"(epanechnikov agrees with scikit-learn to {err:.1e})")
        print(f"  watchmap quartic exact        {t_q * 1000:9.1f} ms   (direct splat {t_d * 1000:.1f} ms)")
        print(f"  watchmap epanechnikov exact   {t_e * 1000:9.1f} ms")
        print(f"  sklearn epanechnikov rtol=0   {t_s * 1000:9.1f} ms   ratio {t_s / t_q:6.0f}x (vs quartic), "
              f"{t_s / t_e:6.0f}x (vs epanechnikov)")

    # 2. gaussian vs scipy.stats.gaussian_kde (fixed bandwidth), 10k points on the same grid
    m = 2_000 if args.quick else 10_000
    sub = clustered(m, rng)
    kde_scipy = IsotropicKde(sub.T, sigma=1000.0)
    t_sc, dens = best_of(lambda: kde_scipy.evaluate(centres.T), repeat=1)
    t_g, ours = best_of(lambda: wm.kde(wm.PointSet(sub[:, 0], sub[:, 1]), grid, bandwidth_m=1000.0,
                                       kernel="gaussian", method="exact"))
    scipy_per_km2 = dens.reshape(grid.shape) * m * 1e6
    err = np.abs(scipy_per_km2 - ours.values).max() / ours.values.max()
    print(f"\ngaussian σ = 1 km, {m:,} points x 500 x 500 cells (agrees with scipy to {err:.1e})")
    print(f"  watchmap gaussian exact       {t_g * 1000:9.1f} ms")
    print(f"  scipy gaussian_kde            {t_sc * 1000:9.1f} ms   ratio {t_sc / t_g:6.0f}x")

    # 3. 1M points x 1000 x 1000, h = 1 km: exact and binned
    big = 200_000 if args.quick else 1_000_000
    xy = clustered(big, rng)
    pts = wm.PointSet(xy[:, 0], xy[:, 1])
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=40.0, ncols=1000, nrows=1000)
    t_x, exact = best_of(lambda: wm.kde(pts, grid, bandwidth_m=1000.0, method="exact"))
    t_b, binned = best_of(lambda: wm.kde(pts, grid, bandwidth_m=1000.0, method="binned"))
    t_1, one = best_of(lambda: wm.kde(pts, grid, bandwidth_m=1000.0, method="exact", threads=1), repeat=1)
    assert np.array_equal(one.values, exact.values)
    err = np.abs(binned.values - exact.values).max() / exact.values.max()
    auto = wm.kde(pts, grid, bandwidth_m=1000.0)
    print(f"\n{big:,} points x 1000 x 1000 cells, quartic h = 1 km (auto picks {auto.method})")
    print(f"  exact, 1 thread               {t_1 * 1000:9.1f} ms")
    print(f"  exact, 2 threads              {t_x * 1000:9.1f} ms   scaling {t_1 / t_x:.2f}x, bit-identical")
    print(f"  binned (FFT)                  {t_b * 1000:9.1f} ms   max error {100 * err:.3f} % of the peak")

    # 4. real data: Houston crimes, Jan-Aug 2010
    path = SHARED / "data/real/incidents/ggmap_houston/houston_crime_2010_ggmap.csv"
    if path.exists():
        import pandas as pd

        frame = pd.read_csv(path).dropna(subset=["lon", "lat"])
        frame = frame[frame.lon.between(-95.9, -94.9) & frame.lat.between(29.4, 30.2)]
        crimes = wm.PointSet(frame.lon.to_numpy(), frame.lat.to_numpy(), crs="EPSG:4326").to_crs(wm.utm_crs(-95.4, 29.8))
        hgrid = wm.Grid.covering(crimes, 100.0, margin_m=2000.0)
        t_h, houston = best_of(lambda: wm.kde(crimes, hgrid))
        print(f"\nHouston crimes: {len(crimes):,} points, {hgrid.nrows} x {hgrid.ncols} cells of 100 m, "
              f"ArcGIS bandwidth {houston.bandwidth_m:.0f} m, method {houston.method}: {t_h * 1000:.1f} ms")
    else:
        print("\nHouston crimes: ../shared not present, skipped")


if __name__ == "__main__":
    main()
