"""Benchmark: Gi* and Local Moran with 999 conditional permutations on 40,000 cells, and
watchmap.hotspots on the 86k Houston crimes, against the numpy reference of esda in one process.

Usage: PYTHONPATH=python /usr/bin/python3 bench/hotspots.py [--quick]
Anchors: bench/_esda_numpy.py (the vectorised numpy version of esda's permutation scheme, checked
against the esda oracle by bench/_check_esda_numpy.py) run live here, and esda's own figures on
this machine class quoted from issue 8 (esda is not packaged for Debian): numpy path Gi* 6.2 s
(directed) / 18.4 s (two-sided); with numba Gi* 5.0 s, Local Moran 4.9 s. Every comparison first
checks that the numbers agree (same table: identical p-values).
"""
from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np

from _timing import best_of, machine

import _esda_numpy as E

SHARED = Path(__file__).resolve().parents[2] / "shared"
ESDA_NUMBA = {"gi": 5.0, "moran": 4.9}     # seconds, esda 2.x with numba (issue 8)
ESDA_NUMPY = {"gi_directed": 6.2, "gi_two_sided": 18.4}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="99 permutations, skip Houston")
    args = parser.parse_args()
    import watchmap as wm

    print(machine())
    R = 99 if args.quick else 999
    rows = np.loadtxt(SHARED / "data/synthetic/grid200_counts.csv", delimiter=",", skiprows=1, dtype=np.int64)
    x = np.zeros(200 * 200)
    x[rows[:, 0] * 200 + rows[:, 1]] = rows[:, 2]
    w = wm.Weights.lattice(200, 200)
    W = E.lattice(200, 200)
    print(f"\ngrid200_counts.csv: {len(x):,} cells, {int(x.sum()):,} events, queen lattice, {R} permutations")

    # 1. agreement: with esda's table for one seed, watchmap (ties="esda") equals the reference
    table = wm.permutation_table(len(x), R, seed=12345, rng="esda", columns=8)
    np.testing.assert_array_equal(table, E.permutation_table(12345, len(x), R, ncols=8))
    for stat, ours in (("gi", lambda alt: wm.getis_ord(x, w, permutations=table, ties="esda", alternative=alt)),
                       ("moran", lambda alt: wm.local_moran(x, w, permutations=table, ties="esda", alternative=alt))):
        ref = E.conditional_permutation(stat, x, W, table=table)
        for alt in ("two-sided", "greater", "lesser", "directed", "percentile"):
            np.testing.assert_array_equal(ours(alt).p_sim, ref[f"p_sim_{alt}"])
    print("agreement: with esda's table (seed 12345) every p_sim of both statistics and all five alternatives "
          "equals the numpy reference exactly (ties='esda')")

    # 2. timings
    def ref_run(stat, percentile):
        tab = E.permutation_table(0, len(x), R, ncols=8)
        if stat == "gi":
            E.gi_star(x, W)
        else:
            E.local_moran(x, W)
        return E.conditional_permutation(stat, x, W, table=tab, ties="exact", percentile=percentile)

    rows_out = []
    for stat, fn, label in (("gi", wm.getis_ord, "Gi*"), ("moran", wm.local_moran, "Local Moran")):
        t_def, _ = best_of(lambda: fn(x, w, permutations=R, seed=0))
        t_1, _ = best_of(lambda: fn(x, w, permutations=R, seed=0, threads=1))
        t_pct, _ = best_of(lambda: fn(x, w, permutations=R, seed=0, alternative="percentile"))
        t_esda, _ = best_of(lambda: fn(x, w, permutations=R, seed=0, rng="esda", ties="esda"), repeat=2)
        t_ref, _ = best_of(lambda: ref_run(stat, False), repeat=1)
        t_ref_pct, _ = best_of(lambda: ref_run(stat, True), repeat=1)
        esda_best = ESDA_NUMBA[stat] * R / 999
        rows_out.append((label, t_def, t_1, t_pct, t_esda, t_ref, t_ref_pct, esda_best))
        print(f"\n{label}, {R} permutations (two-sided folded, exact ties, our RNG):")
        print(f"  watchmap 2 threads            {t_def * 1000:8.1f} ms   (1 thread {t_1 * 1000:.1f} ms, "
              f"scaling {t_1 / t_def:.2f}x)")
        print(f"  watchmap percentile p         {t_pct * 1000:8.1f} ms")
        print(f"  watchmap rng='esda' (replay)  {t_esda * 1000:8.1f} ms   (sequential esda table included)")
        print(f"  numpy reference (4 p-values)  {t_ref * 1000:8.1f} ms   ratio {t_ref / t_def:6.1f}x")
        print(f"  numpy reference (+percentile) {t_ref_pct * 1000:8.1f} ms   ratio {t_ref_pct / t_pct:6.1f}x")
        print(f"  esda with numba (quoted)      {esda_best * 1000:8.1f} ms   ratio {esda_best / t_def:6.1f}x "
              f"(target >= 20x, <= 250 ms: {'met' if t_def <= esda_best / 20 else 'NOT met'})")
        if stat == "gi":
            for name, secs in ESDA_NUMPY.items():
                s = secs * R / 999
                print(f"  esda numpy path {name:<13} {s * 1000:8.1f} ms   ratio {s / t_def:6.1f}x (quoted)")

    # 3. hotspots() on Houston, end to end
    if not args.quick:
        path = SHARED / "data/real/incidents/ggmap_houston/houston_crime_2010_ggmap.csv"

        def houston():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", wm.WatchmapWarning)   # 5 rows without coordinates
                pts = wm.read_points(path, x="lon", y="lat", crs="EPSG:4326", skip_invalid=True)
            t0 = time.perf_counter()
            hs = wm.hotspots(pts)
            return pts, hs, time.perf_counter() - t0

        t_all, (pts, hs, t_hs) = best_of(houston)
        print(f"\nwatchmap.hotspots on Houston 2010 ({len(pts):,} crimes, lon/lat), default choices:")
        print(f"  read_points + hotspots        {t_all * 1000:8.1f} ms   (hotspots alone {t_hs * 1000:.1f} ms; "
              f"target < 2000 ms: {'met' if t_all < 2 else 'NOT met'})")
        for line in hs.summary().splitlines():
            print("  " + line)


if __name__ == "__main__":
    main()
