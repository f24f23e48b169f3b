"""Benchmark: watchmap.place_teams (greedy with a proven bound; exact through CBC's C API) vs the
spopt-structured model built with pulp and solved by the ``cbc`` binary, in one process.

Usage: flock /tmp/watchmap-build.lock env PYTHONPATH=python /usr/bin/python3 bench/placement.py [--quick]
The instance is the generator of ../shared/oracle/coverage (bench/_mclp_pulp.py make_instance) at
5000 demand points × 500 candidates, k = 50, R = 2.5 km; its optimum is 137,984. --quick skips
the exact solves and the anchor.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from _mclp_pulp import covered_weight, make_instance, solve_mclp_pulp
from _timing import best_of, machine

OPTIMUM = 137_984  # proven by CBC through both routes (pulp + cbc binary, and place_teams exact)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="greedy only (no exact solves, no anchor)")
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--m", type=int, default=500)
    parser.add_argument("--k", type=int, default=50)
    parser.add_argument("--seeds", type=int, nargs="*", default=[],
                        help="also time exact vs the anchor on instances from these generator seeds")
    args = parser.parse_args()
    import watchmap as wm

    print(machine())
    inst = make_instance(args.n, args.m)
    demand = wm.PointSet(inst["demand_xy"][:, 0].astype(float), inst["demand_xy"][:, 1].astype(float))
    cand = wm.PointSet(inst["cand_xy"][:, 0].astype(float), inst["cand_xy"][:, 1].astype(float))
    w = inst["weight"].astype(float)
    k, r = args.k, 2500.0
    big = (args.n, args.m, args.k) == (5000, 500, 50)
    print(f"instance: {args.n} demand × {args.m} candidates, k = {k}, R = {r:g} m"
          + (f", optimum {OPTIMUM:,}" if big else ""))

    def run(**kw):
        return wm.place_teams(demand, cand, k=k, radius_m=r, weight=w, **kw)

    # 1. greedy + 1-swap with the Lagrangian bound (the default), end to end from points
    t_g, g = best_of(lambda: run(), 5)
    assert g.covered_weight == covered_weight(inst, g.chosen, int(r))
    t_plain, plain = best_of(lambda: run(improve=False, bound="lagrangian"), 5)
    print(f"greedy (CELF) + 1-swap + Lagrangian bound: {t_g * 1000:7.1f} ms  covered {g.covered_weight:,.0f}"
          + (f" = {g.covered_weight / OPTIMUM:.3%} of the optimum" if big else "")
          + f"; bound {g.upper_bound:,.0f}, proven gap {g.gap:.3%} ({g.status}; solve {g.seconds * 1000:.1f} ms)")
    print(f"plain greedy (CELF) + Lagrangian bound:    {t_plain * 1000:7.1f} ms  covered {plain.covered_weight:,.0f}"
          + (f" = {plain.covered_weight / OPTIMUM:.3%}" if big else "") + f"; proven gap {plain.gap:.3%}")
    if not wm.placement.has_exact_solver():
        print("built without CBC: no LP bound, no exact solve")
        return
    t_lp, lp = best_of(lambda: run(bound="lp"), 3)
    print(f"greedy + 1-swap + LP bound (Clp):          {t_lp * 1000:7.1f} ms  bound {lp.upper_bound:,.0f}, "
          f"proven gap {lp.gap:.3%}")
    if args.quick:
        return

    # 2. exact through CBC's C API (warm-started with greedy), and to a proven 0.1 % / 1 % gap
    for gap in (0.01, 0.001):
        t0 = time.perf_counter()
        e = run(method="exact", mip_gap=gap)
        t = time.perf_counter() - t0
        print(f"exact, mip_gap {gap:.1%}:                    {t:7.2f} s   covered {e.covered_weight:,.0f}, "
              f"proven gap {e.gap:.3%} ({e.status})")
    t0 = time.perf_counter()
    e = run(method="exact")
    t_exact = time.perf_counter() - t0
    assert e.covered_weight == covered_weight(inst, e.chosen, int(r))
    print(f"exact (CBC C API, proven optimal):         {t_exact:7.2f} s   covered {e.covered_weight:,.0f} ({e.status}; "
          f"CBC and model {e.seconds:.2f} s)")

    # 3. the anchor: spopt's model structure built with pulp, solved by the cbc binary
    ref = solve_mclp_pulp(inst, r, k)
    t_anchor = ref["build_s"] + ref["solve_s"]
    print(f"anchor pulp + cbc binary (spopt model):    {t_anchor:7.2f} s   objective {ref['objective']:,} "
          f"({ref['status']}; build {ref['build_s']:.2f} s, solve {ref['solve_s']:.2f} s)")
    assert ref["objective"] == e.covered_weight, "exact solutions disagree"
    print(f"ratio exact: anchor / watchmap = {t_anchor / t_exact:.1f}x (build {ref['build_s'] / t_exact:.1f}x of it); "
          f"spopt's quoted 59 s / watchmap = {59.0 / t_exact:.1f}x; greedy+bound vs anchor {t_anchor / t_g:,.0f}x")

    # 4. other instances from the same generator (CBC's branch and bound time varies a lot)
    for seed in args.seeds:
        other = make_instance(args.n, args.m, seed=seed)
        d2 = wm.PointSet(other["demand_xy"][:, 0].astype(float), other["demand_xy"][:, 1].astype(float))
        c2 = wm.PointSet(other["cand_xy"][:, 0].astype(float), other["cand_xy"][:, 1].astype(float))
        t0 = time.perf_counter()
        e2 = wm.place_teams(d2, c2, k=k, radius_m=r, weight=other["weight"].astype(float), method="exact")
        t_e2 = time.perf_counter() - t0
        g2 = wm.place_teams(d2, c2, k=k, radius_m=r, weight=other["weight"].astype(float))
        ref2 = solve_mclp_pulp(other, r, k)
        assert ref2["objective"] == e2.covered_weight
        a2 = ref2["build_s"] + ref2["solve_s"]
        print(f"seed {seed}: optimum {e2.covered_weight:,.0f}; greedy {g2.covered_weight / e2.covered_weight:.3%} "
              f"(gap {g2.gap:.3%}); exact {t_e2:.2f} s; anchor {a2:.2f} s (build {ref2['build_s']:.2f}, "
              f"solve {ref2['solve_s']:.2f}); ratio {a2 / t_e2:.1f}x")


if __name__ == "__main__":
    main()
