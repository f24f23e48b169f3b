"""Hotspot statistics through the Python API: the esda oracle on Columbus (analytic to 1e-9,
table-driven p_sim to 1e-6, own RNG within the statistical tolerance), the numpy reference on
grid200, invariances, threads, bad input, and watchmap.hotspots end to end."""
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import watchmap as wm

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import _esda_numpy as E  # noqa: E402  (the verified numpy reference of esda)


def read_oracle(name):
    from conftest import shared_file

    return pd.read_csv(shared_file(f"oracle/hotspots/{name}"))


@pytest.fixture(scope="module")
def columbus():
    from conftest import shared_file

    polys = wm.read_polygons(shared_file("data/columbus/columbus.shp"), crs="local")
    a = polys.attributes
    w = wm.Weights.read_gal(shared_file("data/columbus/columbus.gal"), ids=a["POLYID"])
    table = np.loadtxt(shared_file("oracle/hotspots/columbus_crand_permuted_ids_seed12345.csv"), delimiter=",",
                       dtype=np.int64)
    return {"x": a["CRIME"].to_numpy(float), "w": w, "table": table, "polys": polys,
            "xy": np.column_stack([a["X"].to_numpy(float), a["Y"].to_numpy(float)])}


@pytest.fixture(scope="module")
def grid200():
    from conftest import shared_file

    rows = np.loadtxt(shared_file("data/synthetic/grid200_counts.csv"), delimiter=",", skiprows=1, dtype=np.int64)
    x = np.zeros(200 * 200)
    x[rows[:, 0] * 200 + rows[:, 1]] = rows[:, 2]
    return x


def rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300))


# ---------------------------------------------------------------------------------------------
# Columbus oracle (esda 2.10)
# ---------------------------------------------------------------------------------------------
def test_permutation_table_from_the_seed_is_esdas(columbus):
    np.testing.assert_array_equal(wm.permutation_table(49, 999, seed=12345, rng="esda"), columbus["table"])


@pytest.mark.parametrize("ties", ["exact", "esda"])
def test_gi_star_matches_the_oracle(columbus, ties):
    o = read_oracle("columbus_gistar_queen_binary.csv")
    g = wm.getis_ord(columbus["x"], columbus["w"], permutations=columbus["table"], alternative="percentile",
                     ties=ties)
    for ours, col in [("z", "Zs"), ("z_esda", "Zs"), ("G", "Gs"), ("EG", "EGs"), ("VG", "VGs"),
                      ("p_norm", "p_norm_two_sided")]:
        assert rel(getattr(g, ours), o[col]) <= 1e-9, col
    np.testing.assert_array_equal(g.cardinality, o["cardinality"])
    assert np.max(np.abs(g.p_sim - o["p_sim_two_sided"])) <= 1e-6
    for ours, col in [("expected_sim", "EG_sim"), ("sd_sim", "seG_sim"), ("z_sim", "z_sim")]:
        assert rel(getattr(g, ours), o[col]) <= 1e-6, col
    for alt, col in [("directed", "p_sim_directed"), ("greater", "p_sim_greater")]:
        p = wm.getis_ord(columbus["x"], columbus["w"], permutations=columbus["table"], alternative=alt, ties=ties).p_sim
        assert np.max(np.abs(p - o[col])) <= 1e-6, col
    np.testing.assert_array_equal(wm.hotspot_bins(g.z, g.p_norm, fdr=False), o["gi_bin_nofdr_analytic"])
    frame = g.to_frame()
    assert list(frame.columns[:3]) == ["z", "p_norm", "p_sim"] and len(frame) == 49


def test_local_moran_matches_the_oracle_exactly_with_its_table(columbus):
    o = read_oracle("columbus_local_moran_queen_rowstd.csv")
    lm = wm.local_moran(columbus["x"], columbus["w"], permutations=columbus["table"], alternative="percentile",
                        ties="esda")
    for ours, col in [("I", "Is"), ("EI", "EI"), ("VI", "VI"), ("z", "Z_I"), ("EI_c", "EIc"), ("VI_c", "VIc"),
                      ("z_c", "Z_Ic"), ("p_norm", "p_norm_two_sided")]:
        assert rel(getattr(lm, ours), o[col]) <= 1e-9, col
    np.testing.assert_array_equal(lm.quadrant, o["q"])
    # esda stores p_sim as float32; the counts agree exactly
    np.testing.assert_array_equal(np.round(lm.p_sim * 1000), np.round(o["p_sim_two_sided"] * 1000))
    for ours, col in [("expected_sim", "EI_sim"), ("sd_sim", "seI_sim"), ("z_sim", "z_sim")]:
        assert rel(getattr(lm, ours), o[col]) <= 1e-6, col
    directed = wm.local_moran(columbus["x"], columbus["w"], permutations=columbus["table"], alternative="directed",
                              ties="esda")
    assert np.max(np.abs(directed.p_sim - o["p_sim_directed"])) <= 1e-6
    names = {"HH": "High-High", "LH": "Low-High", "LL": "Low-Low", "HL": "High-Low", "not significant": "Insignificant"}
    labels = [names[v] for v in lm.labels(0.05)]
    assert labels == list(o["cluster_label_p005_two_sided"])


def test_exact_ties_differ_from_esda_only_where_draws_repeat_the_neighbours(columbus):
    """Units 5 and 46 have draws (three and one) of exactly their own neighbour values: esda's rounding
    splits them, the exact rule counts them as ties (6/1000 on the percentile p)."""
    o = read_oracle("columbus_local_moran_queen_rowstd.csv")
    lm = wm.local_moran(columbus["x"], columbus["w"], permutations=columbus["table"], alternative="percentile")
    diff = np.abs(lm.p_sim - o["p_sim_two_sided"])
    assert set(np.flatnonzero(diff > 1e-6)) == {5, 46}
    assert diff.max() == pytest.approx(0.006, abs=1e-6)


def test_own_rng_is_within_the_statistical_tolerance(columbus):
    o = read_oracle("columbus_gistar_queen_binary.csv")
    ref = o["p_sim_directed"].to_numpy()
    tol = 3 * np.sqrt(ref * (1 - ref) / 999) + 2 / 1000
    for seed in (0, 1, 2):
        g = wm.getis_ord(columbus["x"], columbus["w"], seed=seed, alternative="directed")
        assert np.all(np.abs(g.p_sim - ref) <= tol), seed
    lo = read_oracle("columbus_local_moran_queen_rowstd.csv")
    ref = lo["p_sim_directed"].to_numpy()
    tol = 3 * np.sqrt(ref * (1 - ref) / 999) + 2 / 1000
    lm = wm.local_moran(columbus["x"], columbus["w"], seed=0, alternative="directed")
    assert np.all(np.abs(lm.p_sim - ref) <= tol)


def test_global_moran_matches_the_oracle(columbus):
    o = read_oracle("columbus_global_moran.csv")
    for _, row in o.iterrows():
        if row["weights"] == "queen":
            w = columbus["w"]
        else:
            band = float(row["weights"].replace("dband", ""))
            w = wm.Weights.distance_band(wm.PointSet(columbus["xy"][:, 0], columbus["xy"][:, 1]), band)
        m = wm.moran(columbus["x"], w, transform=row["transformation"].upper(), seed=12345, rng="esda",
                     alternative="directed")
        for ours, col in [("I", "I"), ("EI", "EI"), ("VI_norm", "VI_norm"), ("z_norm", "z_norm"),
                          ("p_norm", "p_norm_two_sided"), ("VI_rand", "VI_rand"), ("z_rand", "z_rand"),
                          ("p_rand", "p_rand_two_sided"), ("s0", "s0"), ("s1", "s1"), ("s2", "s2")]:
            assert getattr(m, ours) == pytest.approx(row[col], rel=1e-9), (row["weights"], col)
        assert m.n == row["n"] and m.z == m.z_rand
        assert m.p_sim == pytest.approx(row["p_sim_directed"], abs=1e-6)
        for ours, col in [("EI_sim", "EI_sim"), ("seI_sim", "seI_sim"), ("z_sim", "z_sim")]:
            assert getattr(m, ours) == pytest.approx(row[col], rel=1e-6), col


def test_fdr_cut_offs_match_the_oracle(columbus):
    o = read_oracle("columbus_fdr.csv")
    sources = {"gistar_queen_binary": read_oracle("columbus_gistar_queen_binary.csv"),
               "local_moran_queen_rowstd": read_oracle("columbus_local_moran_queen_rowstd.csv")}
    for _, row in o.iterrows():
        p = sources[row["table"]][row["pcol"]].to_numpy()
        significant, cutoff = wm.fdr(p, row["alpha"])
        assert cutoff == pytest.approx(row["fdr_cutoff"], rel=1e-12)
        assert significant.sum() == row["n_sig_at_cutoff"]
        assert cutoff == pytest.approx(E.fdr(p, row["alpha"]), rel=1e-15)
        f = wm.fdr(p, row["alpha"])
        np.testing.assert_array_equal(f.significant, f.adjusted < row["alpha"])


# ---------------------------------------------------------------------------------------------
# grid200 against the numpy reference (bench/_esda_numpy.py)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ties", ["esda", "exact"])
def test_grid200_local_moran_equals_the_reference_with_the_same_table(grid200, ties):
    w = wm.Weights.lattice(200, 200)
    table = wm.permutation_table(len(grid200), 99, seed=5, rng="esda", columns=8)
    ref = E.conditional_permutation("moran", grid200, E.lattice(200, 200), table=table, ties=ties,
                                    percentile_rule="numba")
    for alt in ("two-sided", "greater", "lesser", "directed", "percentile"):
        lm = wm.local_moran(grid200, w, permutations=table, ties=ties, alternative=alt)
        np.testing.assert_array_equal(lm.p_sim, ref[f"p_sim_{alt}"], err_msg=alt)
    assert rel(lm.expected_sim[lm.sd_sim > 0], ref["expected_sim"][lm.sd_sim > 0]) <= 1e-9
    assert np.max(np.abs(lm.z_sim - ref["z_sim"])) <= 1e-9


def test_grid200_own_rng_agrees_statistically_with_esdas_draws(grid200):
    """Our draws against esda's (numpy RandomState draws; with the same table they give the
    reference's numbers exactly: previous test). Every unit shares one table of draws, as in esda,
    so one table moves all p-values together by about a standard error and a per-unit tolerance
    from one run fails for whole groups of units at once. So each side runs K seeds and every unit
    gets a two-sample t statistic from the spread across seeds (which includes the shared part)."""
    w = wm.Weights.lattice(200, 200)
    k = 6
    ours = np.array([wm.local_moran(grid200, w, seed=s).p_sim for s in range(k)])
    esda = np.array([wm.local_moran(grid200, w, seed=100 + s, rng="esda").p_sim for s in range(k)])
    se = np.sqrt(ours.var(axis=0, ddof=1) / k + esda.var(axis=0, ddof=1) / k)
    diff = ours.mean(axis=0) - esda.mean(axis=0)
    t = np.divide(diff, se, out=np.zeros_like(diff), where=se > 0)
    assert np.all(diff[se == 0] == 0)
    assert np.mean(np.abs(t) > 3.5) < 0.03        # about 1 % by chance for t with 10 degrees of freedom
    means_o, means_e = ours.mean(axis=1), esda.mean(axis=1)   # per-run averages over all units
    t_all = (means_o.mean() - means_e.mean()) / np.sqrt(means_o.var(ddof=1) / k + means_e.var(ddof=1) / k)
    assert abs(t_all) < 4


# ---------------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------------
def test_gi_star_is_the_same_for_binary_and_row_standardised_weights(grid200):
    w = wm.Weights.lattice(200, 200)
    b = wm.getis_ord(grid200, w, permutations=99)
    r = wm.getis_ord(grid200, w.transform("R"), permutations=99)
    np.testing.assert_allclose(r.z, b.z, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(r.p_sim, b.p_sim)
    # esda's row-standardised Zs is not ArcGIS's: it is only equal for binary weights
    assert np.max(np.abs(r.z_esda - b.z)) > 0.1
    np.testing.assert_allclose(b.z_esda, b.z, rtol=1e-10)


def test_local_moran_quadrants_by_hand_on_a_3x3_lattice():
    #  9 8 1
    #  8 5 1     mean 34/9: the lags of the row-standardised queen lattice decide each quadrant
    #  1 1 0
    x = [9, 8, 1, 8, 5, 1, 1, 1, 0]
    lm = wm.local_moran(x, wm.Weights.lattice(3, 3), permutations=0)
    assert list(lm.quadrant) == [1, 1, 2, 1, 4, 3, 2, 3, 3]
    assert len(lm.p_sim) == 0 and list(lm.labels(1.0)) == ["HH", "HH", "LH", "HH", "HL", "LL", "LH", "LL", "LL"]


def test_one_and_two_threads_give_the_same_bits(grid200):
    w = wm.Weights.lattice(200, 200)
    for ties in ("exact", "esda"):
        a = wm.getis_ord(grid200, w, permutations=199, threads=1, ties=ties)
        b = wm.getis_ord(grid200, w, permutations=199, threads=2, ties=ties)
        for f in ("z", "p_sim", "z_sim", "expected_sim", "sd_sim"):
            np.testing.assert_array_equal(getattr(a, f), getattr(b, f))
        a = wm.local_moran(grid200, w, permutations=199, threads=1, ties=ties, alternative="percentile")
        b = wm.local_moran(grid200, w, permutations=199, threads=2, ties=ties, alternative="percentile")
        for f in ("I", "p_sim", "z_sim", "expected_sim", "sd_sim"):
            np.testing.assert_array_equal(getattr(a, f), getattr(b, f))
    a = wm.moran(grid200, w, permutations=99, threads=1)
    b = wm.moran(grid200, w, permutations=99, threads=2)
    assert (a.p_sim, a.z_sim) == (b.p_sim, b.z_sim)


def test_islands_get_nan_and_bin_zero():
    w = wm.Weights.from_neighbors([[1, 2], [0, 2], [0, 1], [], [5], [4]])
    x = [1.0, 2.0, 3.0, 4.0, 5.0, 7.0]
    g = wm.getis_ord(x, w)
    assert np.isnan(g.z[3]) and np.isnan(g.p_sim[3]) and not np.isnan(g.z[0])
    lm = wm.local_moran(x, w)
    assert np.isnan(lm.I[3]) and lm.quadrant[3] == 0 and lm.labels()[3] == "not significant"
    assert wm.hotspot_bins(g.z, g.p_norm)[3] == 0
    assert not wm.fdr(g.p_norm).significant[3]


def test_bad_input_is_named():
    w = wm.Weights.lattice(3, 3)
    x = np.arange(9.0)
    with pytest.raises(wm.InvalidInputError, match="zero variance"):
        wm.getis_ord(np.full(9, 4.0), w)
    bad = x.copy()
    bad[4] = np.nan
    with pytest.raises(wm.InvalidInputError, match="row 4 is NaN"):
        wm.local_moran(bad, w)
    with pytest.raises(wm.InvalidInputError, match="3 values but the weights have 9 units"):
        wm.moran([1.0, 2.0, 3.0], w)
    with pytest.raises(wm.InvalidInputError, match="permutations must be >= 0"):
        wm.getis_ord(x, w, permutations=-1)
    with pytest.raises(wm.InvalidInputError, match="wrong shape"):
        wm.getis_ord(x, w, permutations=np.zeros((10, 3), dtype=np.int64))
    with pytest.raises(wm.InvalidInputError, match="repeats"):
        wm.local_moran(x, w, permutations=np.zeros((10, 8), dtype=np.int64))
    with pytest.raises(wm.InvalidInputError, match="2-D integer table"):
        wm.getis_ord(x, w, permutations=np.zeros((10, 8)))
    with pytest.raises(wm.InvalidInputError, match="unknown alternative 'both'"):
        wm.getis_ord(x, w, alternative="both")
    with pytest.raises(TypeError, match="weights must be a Weights"):
        wm.getis_ord(x, [[1]])
    with pytest.raises(TypeError, match="seed"):
        wm.getis_ord(x, w, seed=-1)


def test_progress_cancel_and_ctrl_c(grid200, ctrl_c):
    import os
    import signal

    w = wm.Weights.lattice(200, 200)
    seen = []
    wm.getis_ord(grid200, w, permutations=99, progress=seen.append)
    assert seen and seen[-1] == 1.0
    with pytest.raises(wm.CancelledError, match="getis_ord was cancelled"):
        wm.getis_ord(grid200, w, progress=lambda f: False)
    sent = []

    def press_ctrl_c(fraction):
        if not sent:
            sent.append(fraction)
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        wm.local_moran(grid200, w, permutations=999, threads=1, progress=press_ctrl_c)


def test_results_pickle_and_show():
    import pickle

    g = wm.getis_ord(np.arange(9.0), wm.Weights.lattice(3, 3), permutations=9)
    back = pickle.loads(pickle.dumps(g))
    np.testing.assert_array_equal(back.p_sim, g.p_sim)
    assert back.alternative == "two-sided" and "GetisOrd(z=" in repr(g)
    f = wm.fdr([0.001, 0.5])
    assert list(pickle.loads(pickle.dumps(f)).significant) == [True, False]
    m = wm.moran(np.arange(9.0), wm.Weights.lattice(3, 3), permutations=0)
    assert np.isnan(m.p_sim) and "Moran(I=" in repr(m)


# ---------------------------------------------------------------------------------------------
# hotspots()
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo():
    return wm.datasets.demo_district()


def reference_gi_star(hs):
    """spdep localG(counts, nb2listw(include.self(dnearneigh(centroids, 0, band)), style="B"))."""
    centres = wm._core._polygon_centroids(hs.cells)
    xy = np.column_stack([centres.x, centres.y])
    W = E.distance_band(xy, hs.choices["distance_band_m"] * (1 + 1e-9))
    return E.gi_star(hs.frame["count"].to_numpy(float), W)["z"]


def test_hotspots_square_500_equals_spdep_localg(demo):
    band = 500 * 2 ** 0.5
    hs = wm.hotspots(demo.incidents, cells="square", cell_size_m=500.0, distance_band_m=band)
    z = hs.frame["z"].to_numpy()
    ok = ~np.isnan(z)
    np.testing.assert_allclose(z[ok], reference_gi_star(hs)[ok], rtol=1e-9, atol=1e-12)
    assert (hs.frame["n_neighbors"] <= 8).all() and (hs.frame["count"] > 0).all()
    # sfhotspot keeps empty cells too: a boundary keeps every cell in it
    box = wm.square_grid(demo.boundary, 500.0)
    kept = wm.hotspots(demo.incidents, cells="square", cell_size_m=500.0, distance_band_m=band, boundary=demo.boundary)
    zk = kept.frame["z"].to_numpy()
    np.testing.assert_allclose(zk, reference_gi_star(kept), rtol=1e-9, atol=1e-12)
    assert (kept.frame["count"] == 0).sum() > 0 and len(kept.frame) < len(box)
    assert kept.frame["count"].sum() == len(demo.incidents)


def test_hotspots_defaults_follow_optimized_hot_spot_analysis(demo):
    hs = wm.hotspots(demo.incidents, boundary=demo.boundary)
    c = hs.choices
    assert c["cells"] == "hex" and c["cell_size_m"] > 50 and c["distance_band_m"] >= c["cell_size_m"]
    assert "Incremental Spatial Autocorrelation" in c["how"] or "nearest cell" in c["how"]
    if c["band_rule"] == "isa_peak":        # the band is the ISA profile's first peak with z >= 1.96
        row = hs.isa.set_index("distance_m").loc[c["distance_band_m"]]
        assert c["band_isa_z"] == row["z"] >= 1.96 and f"z = {row['z']:.2f}" in c["how"]
    else:
        assert c["band_rule"] == "kth_neighbour" and 3 <= c["band_k"] <= 30
    assert wm.hotspots(demo.incidents, boundary=demo.boundary, distance_band_m=900.0).choices["band_rule"] == "given"
    assert c["fdr_cutoff"] == c["fdr_cutoffs"][0.05] == wm.fdr(hs.frame["p"], 0.05).cutoff
    assert hs.to_frame().equals(hs.frame) and hs.to_frame() is not hs.frame
    assert c["n_cells"] == len(hs.frame) == len(hs.cells)
    assert set(hs.frame.columns) >= {"cell_id", "count", "z", "p", "p_fdr", "bin", "n_neighbors"}
    # bins are the FDR bins of the analytic two-sided p, p_fdr the BH adjusted p
    np.testing.assert_array_equal(hs.frame["bin"], wm.hotspot_bins(hs.frame["z"], hs.frame["p"], fdr=True))
    np.testing.assert_allclose(hs.frame["p"], 2 * E.norm_sf(np.abs(hs.frame["z"])), rtol=1e-9, atol=1e-15)
    assert ((hs.frame["bin"] == 3) == (hs.frame["p_fdr"] < 0.01) & (hs.frame["z"] > 0)).all()
    assert c["hot_cells"] > 0 and "hot spots" in hs.summary()
    # the hexagons are hex_grid's cells
    ref = wm.hex_grid(demo.boundary, c["cell_size_m"], within=True)
    assert len(ref) == len(hs.cells)
    np.testing.assert_array_equal(hs.cells.x, ref.x)


def test_hotspots_without_boundary_keeps_cells_with_incidents(demo):
    hs = wm.hotspots(demo.incidents)
    c = hs.choices
    assert (hs.frame["count"] > 0).all() and c["n_incidents"] + c["outliers"] == len(demo.incidents)
    assert hs.isa is not None and len(hs.isa) == 10
    full = wm.hex_grid(demo.incidents, c["cell_size_m"])
    centre = {(round(x, 6), round(y, 6)) for x, y in zip(full.attributes["x"], full.attributes["y"])}
    assert all((round(x, 6), round(y, 6)) in centre for x, y in zip(hs.frame["x"], hs.frame["y"]))
    sq = wm.hotspots(demo.incidents, cells="square", cell_size_m=400.0)
    corners = np.asarray(sq.cells.x) / 400.0   # square_grid snaps corners to multiples of the size
    np.testing.assert_allclose(corners, np.round(corners), rtol=0, atol=1e-9)
    assert (sq.frame["count"] > 0).all() and sq.frame["count"].sum() == sq.choices["n_incidents"]


def test_hotspots_in_lon_lat_equal_hotspots_in_utm(demo):
    lonlat = demo.incidents.to_crs("EPSG:4326")
    a = wm.hotspots(lonlat, cells="square", cell_size_m=500.0, distance_band_m=1000.0)
    b = wm.hotspots(demo.incidents, cells="square", cell_size_m=500.0, distance_band_m=1000.0)
    assert a.choices["crs"] == "EPSG:32648" == b.choices["crs"]
    assert len(a.frame) == len(b.frame)
    np.testing.assert_allclose(a.frame["z"], b.frame["z"], rtol=1e-9)


def test_hotspots_on_a_feet_layer():
    from conftest import shared_file

    pts = wm.read_points(shared_file("data/real/incidents/libpysal/geodanet_crimes_az_stateplane_ft.geojson"))
    hs = wm.hotspots(pts, cells="square")
    assert hs.choices["crs"] == "EPSG:32612"   # metres: UTM 12N, not feet
    assert 10 < hs.choices["cell_size_m"] < 300 and hs.frame["count"].sum() == hs.choices["n_incidents"]


def test_hotspots_on_houston():
    from conftest import shared_file

    path = shared_file("data/real/incidents/ggmap_houston/houston_crime_2010_ggmap.csv")
    with pytest.warns(wm.WatchmapWarning, match="skipped 5"):
        pts = wm.read_points(path, x="lon", y="lat", crs="EPSG:4326", skip_invalid=True)
    hs = wm.hotspots(pts)
    c = hs.choices
    assert c["crs"] == "EPSG:32615" and c["outliers"] > 150   # the geocoder's far-away defaults
    assert c["n_incidents"] + c["outliers"] == len(pts)
    assert c["hot_cells"] > 100 and c["cold_cells"] > 0


def test_hotspots_with_polygons_weight_permutations_and_write(demo, tmp_path):
    hs = wm.hotspots(demo.incidents, cells=demo.hamlets, distance_band_m=3000.0)
    assert len(hs.frame) == len(demo.hamlets) and hs.choices["cell_size_m"] is None
    assert hs.frame["count"].sum() == len(demo.incidents)
    w = np.ones(len(demo.incidents)) * 2
    hw = wm.hotspots(demo.incidents, cells=demo.hamlets, distance_band_m=3000.0, weight=w)
    np.testing.assert_allclose(hw.frame["weight_sum"], 2 * hs.frame["count"])
    np.testing.assert_allclose(hw.frame["z"], hs.frame["z"], rtol=1e-12)   # z is scale-free
    hp = wm.hotspots(demo.incidents, cells=demo.hamlets, distance_band_m=3000.0, permutations=199, seed=3)
    g = wm.getis_ord(hs.frame["count"], wm.Weights.distance_band(demo.hamlets, 3000.0 * (1 + 1e-9)),
                     permutations=199, seed=3)
    np.testing.assert_array_equal(hp.frame["p"], g.p_sim)
    gdf = hs.to_geopandas()
    assert "bin" in gdf and len(gdf) == len(demo.hamlets)
    hs.write(tmp_path / "hot.gpkg")
    back = wm.read_polygons(tmp_path / "hot.gpkg")
    np.testing.assert_allclose(back.attributes["z"], hs.frame["z"])
    import watchmap.plot  # noqa: F401  (the map reads the bin column)
    ax = wm.plot.hotspot_map(gdf, "bin")
    assert ax is not None


def test_hotspots_bad_input(demo):
    with pytest.raises(TypeError, match="incidents must be a PointSet"):
        wm.hotspots(demo.hamlets)
    with pytest.raises(wm.InvalidInputError, match="cells must be"):
        wm.hotspots(demo.incidents, cells="triangle")
    with pytest.raises(wm.InvalidInputError, match="cell_size_m must be positive"):
        wm.hotspots(demo.incidents, cell_size_m=-5.0)
    with pytest.raises(wm.InvalidInputError, match="too few"):
        wm.hotspots(demo.incidents[:2])
    one_place = wm.PointSet([500000.0] * 5, [2440000.0] * 5, crs="EPSG:32648")
    with pytest.raises(wm.InvalidInputError):
        wm.hotspots(one_place)
