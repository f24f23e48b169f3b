"""Benchmark: watchmap.locate vs geopandas.sjoin, watchmap.nearest vs scipy cKDTree, in one process.

Usage: PYTHONPATH=python /usr/bin/python3 bench/join.py [--points 1000000] [--sjoin-points N]
Prints wall times (best of 3; sjoin once), points per second and the ratios.
"""
from __future__ import annotations

import argparse

import numpy as np

from _timing import best_of, machine, row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--sjoin-points", type=int, default=None, help="points given to sjoin (default: all)")
    args = parser.parse_args()

    import geopandas as gpd
    from scipy.spatial import cKDTree

    import watchmap as wm

    print(machine())
    d = wm.datasets.demo_district(seed=0)
    rng = np.random.default_rng(0)
    b = d.boundary.bounds
    n = args.points
    x = rng.uniform(b[0], b[2], n)
    y = rng.uniform(b[1], b[3], n)
    pts = wm.PointSet(x, y, crs=d.crs)
    m = args.sjoin_points or n
    pts_gdf = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x[:m], y[:m]), crs="EPSG:32648")

    # a hexagon size that gives about 10,000 cells over the district
    hexes = wm.hex_grid(d.boundary, 255.0, within=True)
    layers = [("155 demo hamlets", d.hamlets), (f"{len(hexes):,} hex cells", hexes)]
    for label, polygons in layers:
        t1, one = best_of(lambda: wm.locate(pts, polygons, threads=1))
        t2, two = best_of(lambda: wm.locate(pts, polygons, threads=2))
        assert (one == two).all()
        poly_gdf = polygons.to_geopandas()[["geometry"]]
        poly_gdf.sindex  # build the index outside the timing, as a fair anchor
        ts, joined = best_of(lambda: gpd.sjoin(pts_gdf, poly_gdf, how="left", predicate="within"), repeat=1)
        ts_per_point = ts / m
        sjoin_full = ts_per_point * n
        inside_ours = int((two[:m] >= 0).sum())
        inside_sjoin = int(joined["index_right"].notna().sum())
        print(f"\nlocate: {n:,} points x {label}  (sjoin ran on {m:,} points: "
              f"{inside_sjoin:,} inside vs ours {inside_ours:,})")
        print(row("watchmap.locate 1 thread", t1, n))
        print(row("watchmap.locate 2 threads", t2, n, sjoin_full, "geopandas.sjoin"))
        print(f"  thread scaling 1 -> 2: {t1 / t2:.2f}x")

    for label, targets in [("155 team bases", d.teams),
                           ("100,000 random targets", wm.PointSet(rng.uniform(b[0], b[2], 100_000),
                                                                   rng.uniform(b[1], b[3], 100_000), crs=d.crs))]:
        tx, ty = np.array(targets.x), np.array(targets.y)
        q = np.column_stack([x, y])
        t1, (i1, d1) = best_of(lambda: wm.nearest(pts, targets, threads=1))
        t2, (i2, d2) = best_of(lambda: wm.nearest(pts, targets, threads=2))
        tree_build, tree = best_of(lambda: cKDTree(np.column_stack([tx, ty])))
        tk, (dk, ik) = best_of(lambda: tree.query(q, k=1, workers=-1))
        tk_total = tk + tree_build
        assert (i1 == i2).all()
        np.testing.assert_allclose(d2, dk, rtol=1e-12)
        print(f"\nnearest: {n:,} queries x {label} (results equal cKDTree's distances: yes)")
        print(row("watchmap.nearest 1 thread (incl. build)", t1, n))
        print(row("watchmap.nearest 2 threads (incl. build)", t2, n, tk_total, "cKDTree build+query workers=-1"))
        print(f"  thread scaling 1 -> 2: {t1 / t2:.2f}x")


if __name__ == "__main__":
    main()
