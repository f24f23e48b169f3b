"""Benchmark: watchmap.travel_time vs scikit-image MCP_Geometric, and coverage, in one process.

Usage: PYTHONPATH=python /usr/bin/python3 bench/coverage.py [--quick]
1. Travel time on a 2000 x 2000 DEM of 30 m cells (Gaussian hills, as ../shared/oracle/terrain) from
   155 sources: watchmap's exact anisotropic Tobler times (8 and 16 neighbours, both directions,
   1 and 2 threads) against MCP_Geometric, skimage's fastest path (isotropic, one cost per cell).
   Before timing, watchmap is checked against scipy's Dijkstra on a 300 x 300 corner.
2. Distance coverage of the demo's 155 teams over its 155 hamlets with 1,000,000 household points.
3. Travel-time coverage of the demo district end to end (30 m DEM: travel time, then coverage of
   the households and incidents within 30 minutes).
"""
from __future__ import annotations

import argparse

import numpy as np

from _timing import best_of, machine


def hills(n: int, rng) -> np.ndarray:
    """Sum of Gaussian hills over 250 m, like the terrain oracle's DEM, n x n cells of 30 m."""
    size = n * 30.0
    x = (np.arange(n) + 0.5) * 30.0
    z = np.full((n, n), 250.0)
    for _ in range(max(8, n * n // 60_000)):
        cx, cy = rng.uniform(0, size, 2)
        s, h = rng.uniform(600, 3000), rng.uniform(80, 450)
        across = np.exp(-((x - cx) ** 2) / (2 * s * s))
        down = np.exp(-((x - cy) ** 2) / (2 * s * s))
        z += h * down[:, None] * across[None, :]
    return z


def scipy_check(wm, z: np.ndarray, cells) -> float:
    """Largest difference (minutes) between watchmap and scipy's Dijkstra on the same directed graph."""
    import scipy.sparse
    import scipy.sparse.csgraph

    n = z.shape[0]
    idx = np.arange(n * n).reshape(n, n)
    rows, cols, times = [], [], []
    for dr, dc in [(0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1)]:
        r0, r1, c0, c1 = max(0, -dr), n - max(0, dr), max(0, -dc), n - max(0, dc)
        length = 30.0 * np.hypot(dr, dc)
        slope = (z[r0 + dr:r1 + dr, c0 + dc:c1 + dc] - z[r0:r1, c0:c1]) / length
        rows.append(idx[r0:r1, c0:c1].ravel())
        cols.append(idx[r0 + dr:r1 + dr, c0 + dc:c1 + dc].ravel())
        times.append((0.01 * length * np.exp(3.5 * np.abs(slope + 0.05)) / 0.6).ravel())
    graph = scipy.sparse.csr_matrix((np.concatenate(times), (np.concatenate(rows), np.concatenate(cols))),
                                    shape=(n * n, n * n))
    ref = scipy.sparse.csgraph.dijkstra(graph, indices=[r * n + c for r, c in cells], min_only=True).reshape(n, n)
    grid = wm.Grid(xmin=0.0, ymin=0.0, cell_size_m=30.0, ncols=n, nrows=n)
    rr, cc = np.array(cells).T
    ours = wm.travel_time(wm.Raster(z, grid), wm.PointSet(grid.x_centers[cc], grid.y_centers[rr])).minutes.values
    return float(np.abs(ours - ref).max())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller sizes for a smoke run")
    args = parser.parse_args()
    from skimage.graph import MCP_Geometric

    import watchmap as wm

    print(machine())
    rng = np.random.default_rng(0)

    # 1. travel time, 2000 x 2000 cells, 155 sources
    n = 500 if args.quick else 2000
    z = hills(n, rng)
    grid = wm.Grid(xmin=500000.0, ymin=2400000.0, cell_size_m=30.0, ncols=n, nrows=n, crs="EPSG:32648")
    dem = wm.Raster(z, grid)
    rows, cols = rng.integers(0, n, 155), rng.integers(0, n, 155)
    sources = wm.PointSet(grid.x_centers[cols], grid.y_centers[rows], crs="EPSG:32648")
    corner = z[:300, :300]
    print(f"\ncheck: watchmap vs scipy Dijkstra on a 300 x 300 corner, 5 sources: max difference "
          f"{scipy_check(wm, corner, list(zip(rows[:5] % 300, cols[:5] % 300))):.1e} minutes")

    # skimage: one cost per cell (minutes to cross it at Tobler's speed for the local slope)
    gy, gx = np.gradient(z, 30.0)
    per_cell = 0.01 * 30.0 * np.exp(3.5 * np.abs(np.hypot(gx, gy) + 0.05)) / 0.6
    starts = list(zip(rows.tolist(), cols.tolist()))

    def skimage_run():
        return MCP_Geometric(per_cell).find_costs(starts)[0]

    t_sk, _ = best_of(skimage_run, repeat=1 if not args.quick else 3)
    t_8, tt = best_of(lambda: wm.travel_time(dem, sources), 3)
    t_8_1, one = best_of(lambda: wm.travel_time(dem, sources, threads=1), 3)
    assert np.array_equal(one.minutes.values, tt.minutes.values, equal_nan=True)
    assert np.array_equal(one.nearest.values, tt.nearest.values)
    t_16, t16 = best_of(lambda: wm.travel_time(dem, sources, neighbours=16), 3)
    t_to, _ = best_of(lambda: wm.travel_time(dem, sources, direction="to_source"), 3)
    t_30, _ = best_of(lambda: wm.travel_time(dem, sources, max_minutes=30.0), 3)
    assert (t16.minutes.values <= tt.minutes.values + 1e-9).all()
    print(f"\ntravel time, {n} x {n} cells of 30 m, 155 sources (skimage MCP_Geometric: {t_sk * 1000:.0f} ms)")
    for label, t in (("watchmap 8 neighbours", t_8), ("watchmap 8 neighbours, 1 thread", t_8_1),
                     ("watchmap 16 neighbours", t_16), ("watchmap to_source", t_to),
                     ("watchmap max_minutes=30", t_30)):
        print(f"  {label:<34} {t * 1000:8.0f} ms   ratio {t_sk / t:5.1f}x")

    # 2. distance coverage with 1M household points over the demo district
    d = wm.datasets.demo_district(seed=0)
    m = 200_000 if args.quick else 1_000_000
    base = d.households
    pick = rng.integers(0, len(base), m)
    jitter = rng.normal(0.0, 40.0, (m, 2))
    homes = wm.PointSet(np.asarray(base.x)[pick] + jitter[:, 0], np.asarray(base.y)[pick] + jitter[:, 1],
                        crs=d.crs).assign(residents=base.attributes["residents"].to_numpy()[pick])
    t_cov, cov = best_of(lambda: wm.coverage(d.teams, d.hamlets, radius_m=2000.0, population=homes,
                                             incidents=d.incidents), 3)
    print(f"\ndistance coverage: 155 teams x 155 hamlets, {m:,} household points, 2 km: {t_cov * 1000:.0f} ms "
          f"(residents covered {cov.summary.residents_share:.1%}; target < 1,000 ms)")

    # 3. travel-time coverage of the demo district, end to end
    def walk():
        tt = wm.travel_time(d.dem, d.teams)
        return wm.coverage(d.teams, d.hamlets, travel_time=tt, minutes=30.0, population=d.households,
                           incidents=d.incidents)

    t_walk, walked = best_of(walk, 3)
    t_demo_tt, _ = best_of(lambda: wm.travel_time(d.dem, d.teams), 3)
    print(f"\ntravel-time coverage of the demo district ({d.dem.shape[0]} x {d.dem.shape[1]} cells of 30 m), "
          f"end to end: {t_walk * 1000:.0f} ms (travel time alone {t_demo_tt * 1000:.0f} ms; residents within "
          f"30 min {walked.summary.residents_share:.1%}, area {walked.summary.area_share:.1%}; target < 2,000 ms)")


if __name__ == "__main__":
    main()
