"""Live anchor for the placement benchmark: maximal covering (MCLP) built with pulp the way PySAL spopt's
``MCLP.from_cost_matrix`` builds it, solved by the ``cbc`` binary through pulp's ``COIN_CMD``; plus the
generator of the clustered demand / candidate instances used by ``../shared/oracle/coverage``.

Usage (from the repository root): ``/usr/bin/python3 bench/_mclp_pulp.py [--n 5000 --m 500 --p 50]``.
Needs Debian's ``python3-pulp`` and ``coinor-cbc`` (``/usr/bin/cbc``), numpy and scipy.

The model (spopt's structure, written afresh here):

* one binary ``x[j]`` per candidate site and one binary ``y[i]`` per demand point (all of them, also
  the ones no candidate reaches);
* objective: maximise ``sum_i w_i * y[i]``;
* predefined (existing) facilities: their ``x[j]`` is fixed to 1 (initial value 1, then ``fixValue``),
  and they count towards ``p`` -- spopt's ``p_facilities`` is the total number of open sites;
* coverage rows: ``sum_j a_ij * x[j] >= y[i]`` for every demand point, summed over *all* candidates
  (a dense row with zero coefficients where a_ij = 0 -- this is what makes spopt's build slow);
* cardinality: ``sum_j x[j] == p``.

a_ij = 1 iff the Euclidean distance (scipy ``cdist``, as spopt's ``from_geodataframe``) is <= R. For
integer coordinates this equals the exact test dx^2 + dy^2 <= R^2 (both sides are exact in doubles and
``sqrt`` is correctly rounded).
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np

CBC_PATH = "/usr/bin/cbc"
SHARED = Path(__file__).resolve().parents[2] / "shared"


# ----------------------------------------------------------------------------------------------------
# Instance generator
# ----------------------------------------------------------------------------------------------------
def make_instance(n_demand: int = 400, n_candidates: int = 60, seed: int = 20240611,
                  extent_m: float = 30000.0, n_clusters: int = 9, background_fraction: float = 0.15):
    """Clustered demand with integer coordinates and weights; candidates are a subset of the demand points.

    With the defaults this reproduces ``shared/oracle/coverage/{demand,candidates}.csv`` exactly
    (numpy 1.24 ``default_rng``/PCG64). The draws, in order, all from one generator:

    1. cluster centres ``uniform(extent/12, extent*11/12, (n_clusters, 2))`` (2500..27500 m for 30 km);
    2. cluster spreads ``uniform(600, 1800, n_clusters)`` metres (standard deviation per axis);
    3. cluster of each clustered point ``integers(0, n_clusters, n_cl)``, n_cl = n - round(0.15 n);
    4. clustered points ``centre + standard_normal((n_cl, 2)) * spread``;
    5. background points ``uniform(0, extent, (n_bg, 2))``;
    6. weights ``rint(lognormal(3.0, 0.8, n))``;
    7. candidate sites ``sort(choice(n, n_candidates, replace=False))`` (indices of demand points).

    Coordinates are rounded with ``rint`` (clustered rows first, then background; nothing is clipped,
    so with large n a few clustered points may fall slightly outside [0, extent]).
    Returns a dict of int64 arrays: demand_xy (n, 2), weight (n,), cluster (n,) (-1 = background),
    cand_xy (m, 2), cand_demand_id (m,).
    """
    rng = np.random.default_rng(seed)
    margin = extent_m / 12.0
    centres = rng.uniform(margin, extent_m - margin, (n_clusters, 2))
    spread = rng.uniform(600.0, 1800.0, n_clusters)
    n_bg = int(round(background_fraction * n_demand))
    n_cl = n_demand - n_bg
    label = rng.integers(0, n_clusters, n_cl)
    clustered = centres[label] + rng.standard_normal((n_cl, 2)) * spread[label, None]
    background = rng.uniform(0.0, extent_m, (n_bg, 2))
    xy = np.rint(np.concatenate([clustered, background])).astype(np.int64)
    weight = np.rint(rng.lognormal(3.0, 0.8, n_demand)).astype(np.int64)
    cand = np.sort(rng.choice(n_demand, n_candidates, replace=False)).astype(np.int64)
    cluster = np.concatenate([label, np.full(n_bg, -1)]).astype(np.int64)
    return {"demand_xy": xy, "weight": weight, "cluster": cluster,
            "cand_xy": xy[cand].copy(), "cand_demand_id": cand}


def load_reference():
    """The stored reference instance (400 x 60) in the same dict layout as ``make_instance``."""
    d = np.loadtxt(SHARED / "oracle/coverage/demand.csv", delimiter=",", skiprows=1, dtype=np.int64)
    c = np.loadtxt(SHARED / "oracle/coverage/candidates.csv", delimiter=",", skiprows=1, dtype=np.int64)
    return {"demand_xy": d[:, 1:3], "weight": d[:, 3], "cluster": d[:, 4],
            "cand_xy": c[:, 1:3], "cand_demand_id": c[:, 3]}


def write_csv(inst, directory) -> None:
    """Write demand.csv / candidates.csv in the oracle's format (for the C++ prototype)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "demand.csv", "w") as f:
        f.write("id,x,y,weight,cluster\n")
        for i, ((x, y), w, k) in enumerate(zip(inst["demand_xy"], inst["weight"], inst["cluster"])):
            f.write(f"{i},{x},{y},{w},{k}\n")
    with open(directory / "candidates.csv", "w") as f:
        f.write("id,x,y,demand_id\n")
        for j, ((x, y), d) in enumerate(zip(inst["cand_xy"], inst["cand_demand_id"])):
            f.write(f"{j},{x},{y},{d}\n")


def coverage_exact(inst, radius_m: int) -> np.ndarray:
    """Boolean (n, m) matrix: dx^2 + dy^2 <= R^2 in exact integers."""
    d = inst["demand_xy"][:, None, :] - inst["cand_xy"][None, :, :]
    return (d * d).sum(axis=2) <= int(radius_m) ** 2


def covered_weight(inst, sites, radius_m: int) -> int:
    """Total weight of demand within radius_m of any of `sites` (candidate indices)."""
    a = coverage_exact(inst, radius_m)
    sites = np.asarray(list(sites), dtype=np.int64)
    if sites.size == 0:
        return 0
    return int(inst["weight"][a[:, sites].any(axis=1)].sum())


# ----------------------------------------------------------------------------------------------------
# spopt-structured pulp model, solved with the cbc binary
# ----------------------------------------------------------------------------------------------------
def build_mclp_pulp(inst, radius_m: float, p_facilities: int, predefined=None, name: str = "MCLP"):
    """Build the pulp problem as spopt does (dense coverage rows). Returns (problem, x_vars, y_vars)."""
    import pulp
    from scipy.spatial.distance import cdist

    cost = cdist(inst["demand_xy"].astype(float), inst["cand_xy"].astype(float), "euclidean")
    n_cli, n_fac = cost.shape
    weights = np.reshape(inst["weight"], (n_cli, 1))

    prob = pulp.LpProblem(name, pulp.LpMaximize)
    x = [pulp.LpVariable(f"x[{j}]", lowBound=0, upBound=1, cat=pulp.LpInteger) for j in range(n_fac)]
    y = [pulp.LpVariable(f"y[{i}]", lowBound=0, upBound=1, cat=pulp.LpInteger) for i in range(n_cli)]
    aij = np.zeros(cost.shape)
    aij[cost <= radius_m] = 1

    prob += pulp.lpSum([weights.flatten()[i] * y[i] for i in range(n_cli)]), "objective function"
    if predefined is not None:                      # boolean mask or index list of existing sites
        mask = np.zeros(n_fac, dtype=bool)
        mask[np.asarray(predefined)] = True
        for j in np.flatnonzero(mask):
            x[j].setInitialValue(1)
            x[j].fixValue()                        # bounds 1..1; still counted in sum x == p
    for i in range(n_cli):                          # dense: every candidate appears, a_ij may be 0
        prob += pulp.lpSum([aij[i][j] * x[j] for j in range(n_fac)]) >= y[i]
    prob += pulp.lpSum(x) == p_facilities
    return prob, x, y


def solve_mclp_pulp(inst, radius_m: float, p_facilities: int, predefined=None, time_limit=None,
                    threads=None, msg: bool = False):
    """Build (spopt structure) and solve with ``COIN_CMD(path='/usr/bin/cbc')``.

    Returns a dict: sites (sorted candidate indices), objective (covered weight, int), status (pulp
    status string), build_s, solve_s (wall seconds: model construction incl. the distance matrix; and
    ``problem.solve`` = write the MPS file + run cbc + read the solution).
    """
    import pulp

    t0 = time.perf_counter()
    prob, x, _ = build_mclp_pulp(inst, radius_m, p_facilities, predefined)
    t1 = time.perf_counter()
    solver = pulp.COIN_CMD(path=CBC_PATH, msg=msg, timeLimit=time_limit, threads=threads)
    prob.solve(solver)
    t2 = time.perf_counter()
    sites = sorted(j for j, v in enumerate(x) if v.value() is not None and v.value() > 0.5)
    return {"sites": sites, "objective": int(round(pulp.value(prob.objective))),
            "status": pulp.LpStatus[prob.status], "build_s": t1 - t0, "solve_s": t2 - t1}


def _main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--m", type=int, default=500)
    ap.add_argument("--p", type=int, default=50)
    ap.add_argument("--radius", type=int, default=2500)
    ap.add_argument("--skip-reference", action="store_true")
    args = ap.parse_args()

    ref = load_reference()
    gen = make_instance()
    same = all(np.array_equal(ref[k], gen[k]) for k in ref)
    print(f"generator reproduces the reference instance: {same}")
    if not args.skip_reference:
        for p, want in ((5, 5721), (10, 8370)):
            r = solve_mclp_pulp(ref, 2500, p)
            print(f"reference p={p}: objective {r['objective']} (want {want}), sites {r['sites']}, "
                  f"build {r['build_s']:.2f} s, solve {r['solve_s']:.2f} s, {r['status']}")
    inst = make_instance(args.n, args.m)
    r = solve_mclp_pulp(inst, args.radius, args.p)
    check = covered_weight(inst, r["sites"], args.radius)
    print(f"{args.n} x {args.m}, p={args.p}: objective {r['objective']} (recomputed {check}), "
          f"build {r['build_s']:.2f} s, solve {r['solve_s']:.2f} s, {r['status']}")


if __name__ == "__main__":
    _main()
