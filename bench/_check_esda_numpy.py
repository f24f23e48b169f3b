"""Check bench/_esda_numpy.py against every column of the esda oracle CSVs, then time it on grid200.

Usage: /usr/bin/python3 bench/_check_esda_numpy.py [--no-timing]
Reads ../shared (oracle/hotspots, data/columbus, data/synthetic) beside the project; prints a
message and exits 0 when it is absent. Exit status 1 if any oracle column is outside tolerance.
Tolerances (oracle README): analytic columns 1e-9 relative; with the supplied permutation table
every p_sim / *_sim column to 1e-6 (p_sim absolute: esda writes float32; moments relative);
integer / label columns exactly.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import _esda_numpy as E  # noqa: E402

SHARED = HERE.parents[1] / "shared"
ORACLE = SHARED / "oracle" / "hotspots"
COLUMBUS = SHARED / "data" / "columbus"
GRID = SHARED / "data" / "synthetic" / "grid200_counts.csv"

ROWS: list[tuple] = []
FAILED: list[str] = []


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {k: [r[k] for r in rows] for k in rows[0]}


def record(table, col, ours, ref, kind):
    """kind: 'rel9' analytic, 'p6' p-value (abs 1e-6), 'rel6' simulation moment, 'exact'."""
    if kind == "exact":
        ok = list(map(str, ours)) == list(map(str, ref))
        diff = sum(a != b for a, b in zip(map(str, ours), map(str, ref)))
        ROWS.append((table, col, "exact", f"{diff} mismatches", "", "ok" if ok else "FAIL"))
    else:
        a = np.asarray(ours, dtype=float)
        b = np.asarray(ref, dtype=float)
        absd = np.abs(a - b)
        reld = absd / np.maximum(np.abs(b), 1e-300)
        if kind == "rel9":
            ok, tol = bool(np.all(reld <= 1e-9)), "rel 1e-9"
        elif kind == "rel6":
            ok, tol = bool(np.all((reld <= 1e-6) | (absd <= 1e-12))), "rel 1e-6"
        else:
            ok, tol = bool(np.all(absd <= 1e-6)), "abs 1e-6"
        ROWS.append((table, col, tol, f"{absd.max():.3g}", f"{reld.max():.3g}",
                     "ok" if ok else "FAIL"))
    if ROWS[-1][-1] != "ok":
        FAILED.append(f"{table}:{col}")


def columbus():
    dbf = E.read_dbf(COLUMBUS / "columbus.dbf")
    x = np.array(dbf["CRIME"])
    polyid = [int(v) for v in dbf["POLYID"]]
    W = E.from_neighbors(E.read_gal(COLUMBUS / "columbus.gal", ids=polyid))
    xy = np.column_stack([dbf["X"], dbf["Y"]])
    table = np.loadtxt(ORACLE / "columbus_crand_permuted_ids_seed12345.csv", delimiter=",",
                       dtype=np.int64)
    return x, polyid, W, xy, table


def check_table(table):
    t = "crand_permuted_ids"
    mine = E.permutation_table(12345, 49, 999)
    record(t, "seed 12345: RandomState.permutation(48)", mine.ravel(), table.ravel(), "exact")
    ref = E.permutation_table_reference(12345, 49, 999)
    record(t, "seed 12345: pure MT19937 + shuffle", ref.ravel(), table.ravel(), "exact")


def check_gistar(x, polyid, W, table):
    name = "columbus_gistar_queen_binary.csv"
    O = read_csv(ORACLE / name)
    t = "gistar"
    g = E.gi_star(x, W, star=True)
    p = E.conditional_permutation("gi", x, W, table=table, star=True)
    record(t, "POLYID", polyid, O["POLYID"], "exact")
    record(t, "CRIME", x, O["CRIME"], "rel9")
    record(t, "cardinality", g["cardinality"], O["cardinality"], "exact")
    for ours, col in [("Gs", "Gs"), ("EGs", "EGs"), ("VGs", "VGs"), ("z", "Zs"),
                      ("Zs_esda", "Zs"), ("p_norm_one_sided", "p_norm_one_sided"),
                      ("p_norm_two_sided", "p_norm_two_sided")]:
        record(t, col + ("" if ours == col else f" <- {ours}"), g[ours], O[col], "rel9")
    for ours, col, kind in [("p_sim_percentile", "p_sim_two_sided", "p6"),
                            ("p_sim_directed", "p_sim_directed", "p6"),
                            ("p_sim_greater", "p_sim_greater", "p6"),
                            ("expected_sim", "EG_sim", "rel6"), ("sd_sim", "seG_sim", "rel6"),
                            ("z_sim", "z_sim", "rel6"), ("p_z_sim", "p_z_sim_one_sided", "rel6")]:
        record(t, f"{col} <- {ours}", p[ours], O[col], kind)
    record(t, "gi_bin_nofdr_analytic", E.gi_bin(g["z"], g["p_norm_two_sided"]),
           [int(v) for v in O["gi_bin_nofdr_analytic"]], "exact")
    # seeded engine must equal the table-driven one
    ps = E.conditional_permutation("gi", x, W, seed=12345)
    record(t, "(seed 12345 == table) p_sim_percentile", ps["p_sim_percentile"],
           p["p_sim_percentile"], "p6")
    return g, p


def check_local_moran(x, polyid, W, table):
    name = "columbus_local_moran_queen_rowstd.csv"
    O = read_csv(ORACLE / name)
    t = "local_moran"
    lm = E.local_moran(x, W, transform="r")
    p = E.conditional_permutation("moran", x, W, table=table, transform="r")
    record(t, "POLYID", polyid, O["POLYID"], "exact")
    record(t, "CRIME", x, O["CRIME"], "rel9")
    record(t, "z_std <- z", lm["z"], O["z_std"], "rel9")
    record(t, "q", lm["q"], [int(v) for v in O["q"]], "exact")
    for col in ["Is", "EI", "VI", "Z_I", "p_norm_two_sided", "EIc", "VIc", "Z_Ic"]:
        record(t, col, lm[col], O[col], "rel9")
    for ours, col, kind in [("p_sim_percentile", "p_sim_two_sided", "p6"),
                            ("p_sim_directed", "p_sim_directed", "p6"),
                            ("expected_sim", "EI_sim", "rel6"), ("sd_sim", "seI_sim", "rel6"),
                            ("z_sim", "z_sim", "rel6"), ("p_z_sim", "p_z_sim_one_sided", "rel6")]:
        record(t, f"{col} <- {ours}", p[ours], O[col], kind)
    record(t, "cluster_label_p005_two_sided",
           E.cluster_labels(lm["q"], p["p_sim_percentile"], 0.05),
           O["cluster_label_p005_two_sided"], "exact")
    legacy = E.local_moran(x, W, transform="r", b2="per_unit")["VI"]
    vi = np.asarray(O["VI"], dtype=float)
    info = f"(info) per-unit-kurtosis VI variant off by {np.max(np.abs(legacy - vi) / vi):.3g} rel"
    return lm, p, info


def check_global(x, W, xy):
    O = read_csv(ORACLE / "columbus_global_moran.csv")
    cols = [c for c in O if c not in ("weights", "transformation")]
    for r in range(len(O["weights"])):
        wname, tr = O["weights"][r], O["transformation"][r]
        Wb = W if wname == "queen" else E.distance_band(xy, float(wname.replace("dband", "")))
        m = E.moran(x, Wb, transform=tr, permutations=999, seed=12345)
        t = f"global_moran[{wname},{tr}]"
        for c in cols:
            if c == "n":
                record(t, c, [m["n"]], [int(O[c][r])], "exact")
            elif c in ("p_sim_directed",):
                record(t, c + " (RandomState(12345))", [m[c]], [O[c][r]], "p6")
            elif c in ("EI_sim", "seI_sim", "z_sim", "p_z_sim_one_sided"):
                record(t, c + " (RandomState(12345))", [m[c]], [O[c][r]], "rel6")
            else:
                record(t, c, [m[c]], [O[c][r]], "rel9")


def check_fdr(gp, gpv, lmp):
    O = read_csv(ORACLE / "columbus_fdr.csv")
    cols = {("gistar_queen_binary", "p_sim_two_sided"): gpv["p_sim_percentile"],
            ("gistar_queen_binary", "p_norm_two_sided"): gp["p_norm_two_sided"],
            ("local_moran_queen_rowstd", "p_sim_two_sided"): lmp["p_sim_percentile"]}
    for r in range(len(O["table"])):
        key = (O["table"][r], O["pcol"][r])
        alpha = float(O["alpha"][r])
        pe = np.asarray(cols[key])  # (float32-rounding esda's p_sim changes nothing here)
        cut = E.fdr(pe, alpha)
        t = f"fdr[{key[0]},{key[1]},{alpha}]"
        record(t, "fdr_cutoff", [cut], [O["fdr_cutoff"][r]], "rel9")
        record(t, "n_sig_at_cutoff (p < cut)", [int((pe < cut).sum())],
               [int(O["n_sig_at_cutoff"][r])], "exact")
        record(t, "n_sig_uncorrected (p < alpha)", [int((pe < alpha).sum())],
               [int(O["n_sig_uncorrected"][r])], "exact")


def check_properties(x, W, table):
    """Checks without an oracle column: Gi (no self), invariances, degenerate cases."""
    t = "properties"
    g = E.gi_star(x, W, star=False)
    record(t, "Gi (star=False): spdep z == esda Zs (binary)", g["z"], g["Zs_esda"], "rel9")
    gs = E.gi_star(x, W, star=True)
    gr = E.gi_star(x, W.with_diagonal(1.0).row_standardize(), star=True)
    record(t, "Gi* z invariant to row scaling", gr["z"], gs["z"], "rel9")
    pg = E.conditional_permutation("gi", x, W, table=table, star=False, keep=True)
    s, o = pg["sims"], pg["obs"][:, None]
    untied = ~(s == o).any(1)
    record(t, "Gi: directed == min(greater, lesser) (untied units)",
           pg["p_sim_directed"][untied],
           np.minimum(pg["p_sim_greater"], pg["p_sim_lesser"])[untied], "p6")
    pe = E.conditional_permutation("gi", x, W, table=table, ties="exact", percentile_rule="numba")
    pp = E.conditional_permutation("gi", x, W, table=table)
    for alt in ("p_sim_two-sided", "p_sim_greater", "p_sim_lesser", "p_sim_percentile"):
        record(t, f"Gi*: ties=exact == ties=esda, {alt}", pe[alt], pp[alt], "p6")
    const = E.conditional_permutation("gi", np.r_[5.0, np.ones(48)], W, table=table)
    record(t, "degenerate: all sims == obs -> percentile p = (2R+1)/(R+1)",
           [const["p_sim_percentile"][0]], [1999 / 1000], "p6")


def print_table():
    w = [max(len(str(r[i])) for r in ROWS + [("table", "column", "tolerance", "max |diff|",
                                                 "max rel", "ok")]) for i in range(6)]
    head = ("table", "column", "tolerance", "max |diff|", "max rel", "status")
    print("  ".join(h.ljust(w[i]) for i, h in enumerate(head)))
    print("  ".join("-" * w[i] for i in range(6)))
    for r in ROWS:
        print("  ".join(str(v).ljust(w[i]) for i, v in enumerate(r)))


def timing():
    print("\nTiming: grid200_counts.csv, queen lattice 200 x 200 (n = 40,000), R = 999, 2 cores")
    rows = np.loadtxt(GRID, delimiter=",", skiprows=1, dtype=np.int64)
    x = np.zeros(200 * 200)
    x[rows[:, 0] * 200 + rows[:, 1]] = rows[:, 2]
    W = E.lattice(200, 200)
    print(f"  cells {len(x)}, events {int(x.sum())}, directed links {len(W.data)}")
    t0 = time.perf_counter()
    T = E.permutation_table(12345, len(x), 999, ncols=8)
    t_table = time.perf_counter() - t0
    print(f"  esda table from seed (999 x RandomState.permutation(39999)[:8]): {t_table:.2f} s")
    out = {}
    for ties in ("esda", "exact"):
        t0 = time.perf_counter()
        g = E.gi_star(x, W)
        pg = E.conditional_permutation("gi", x, W, table=T, ties=ties)
        t_g = time.perf_counter() - t0
        t0 = time.perf_counter()
        lm = E.local_moran(x, W)
        pm = E.conditional_permutation("moran", x, W, table=T, ties=ties)
        t_m = time.perf_counter() - t0
        out[ties] = (pg, pm)
        print(f"  ties={ties:5s}: gi_star + 999 permutations {t_g:.2f} s; "
              f"local_moran + 999 permutations {t_m:.2f} s (all 5 p-values + moments)")
    t0 = time.perf_counter()
    E.conditional_permutation("gi", x, W, table=T, percentile=False)
    print(f"  gi_star permutations without the percentile p (no per-unit sort): "
          f"{time.perf_counter() - t0:.2f} s")
    # properties on the large lattice
    g = E.gi_star(x, W)
    dz = np.max(np.abs(g["z"] - g["Zs_esda"]) / np.abs(g["Zs_esda"]))
    Wr = W.with_diagonal(1.0).row_standardize()
    gr = E.gi_star(x, Wr)
    dr = np.max(np.abs(gr["z"] - g["z"]))
    de = np.max(np.abs(gr["Zs_esda"] - g["z"]))
    print(f"  Gi* z (ArcGIS) vs esda Zs, binary: max rel {dz:.2g}; z after row-standardising "
          f"(self 1/(c+1)): max |dz| {dr:.2g} (invariant); esda Zs with R weights differs by up "
          f"to {de:.3g}")
    lm = E.local_moran(x, W)
    pg, pm = out["exact"]
    s = np.sign(lm["z"])
    want = np.where(s > 0, pg["p_sim_greater"], pg["p_sim_lesser"])
    print(f"  exact ties: Local Moran p_greater == Gi p_greater (z>0) / p_lesser (z<0): "
          f"{np.array_equal(pm['p_sim_greater'], want)}")
    for stat, k in (("gi", 0), ("moran", 1)):
        a, b = out["esda"][k], out["exact"][k]
        diffs = ", ".join(
            f"{alt.replace('p_sim_', '')} {int((np.abs(a[alt] - b[alt]) > 1e-12).sum())} "
            f"(max {np.abs(a[alt] - b[alt]).max():.3f})"
            for alt in ("p_sim_two-sided", "p_sim_greater", "p_sim_directed", "p_sim_percentile"))
        print(f"  {stat}: units whose p changes, ties=esda (numba percentile) -> ties=exact "
              f"(numpy percentile): {diffs}")
    bits = all(E.numpy_sum_reference(v) == np.sum(v) for v in (x, x * x, lm["z"] ** 2))
    print(f"  numpy_sum_reference bit-equal to np.sum on grid200 vectors: {bits}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-timing", action="store_true")
    args = ap.parse_args()
    if not (ORACLE.is_dir() and COLUMBUS.is_dir()):
        print(f"skipped: {SHARED} (oracle/hotspots, data/columbus) not found")
        return 0
    x, polyid, W, xy, table = columbus()
    check_table(table)
    g, gpv = check_gistar(x, polyid, W, table)
    lm, lmp, info = check_local_moran(x, polyid, W, table)
    check_global(x, W, xy)
    check_fdr(g, gpv, lmp)
    check_properties(x, W, table)
    print_table()
    print(info)
    z = lm["z"]
    bits = all(E.numpy_sum_reference(v) == np.sum(v) for v in (x, z * z, (x - x.mean()) ** 2))
    print(f"(info) numpy_sum_reference bit-equal to np.sum on Columbus vectors: {bits}")
    print(f"\n{len(ROWS) - len(FAILED)}/{len(ROWS)} checks within tolerance"
          + (f"; FAILED: {', '.join(FAILED)}" if FAILED else ""))
    if not args.no_timing:
        if GRID.exists():
            timing()
        else:
            print(f"timing skipped: {GRID} not found")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
