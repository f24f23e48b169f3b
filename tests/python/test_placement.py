"""place_teams, min_teams, coverage_curve: the spopt/CBC oracle, pulp + cbc on the same model,
brute force, the demo district, result tables and bad input."""
import itertools
import pickle
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

import watchmap as wm

ROOT = Path(__file__).resolve().parents[2]
exact_only = pytest.mark.skipif(not wm.placement.has_exact_solver(), reason="watchmap built without CBC")


@pytest.fixture(scope="module")
def oracle():
    from conftest import shared_file

    d = np.loadtxt(shared_file("oracle/coverage/demand.csv"), delimiter=",", skiprows=1)
    c = np.loadtxt(shared_file("oracle/coverage/candidates.csv"), delimiter=",", skiprows=1)
    demand = wm.PointSet(d[:, 1], d[:, 2])
    demand.weight = d[:, 3]
    return demand, wm.PointSet(c[:, 1], c[:, 2])


def _brute(xy, w, cxy, r, k, existing=None):
    """Best covered weight over every set of at most k candidates."""
    cov = ((xy[:, None, :] - cxy[None, :, :]) ** 2).sum(axis=2) <= r * r
    base = np.zeros(len(xy), bool)
    if existing is not None:
        base = (((xy[:, None, :] - existing[None, :, :]) ** 2).sum(axis=2) <= r * r).any(axis=1)
    best = w[base].sum()
    for size in range(1, k + 1):
        for s in itertools.combinations(range(len(cxy)), size):
            best = max(best, w[base | cov[:, list(s)].any(axis=1)].sum())
    return best


def test_oracle_greedy_and_bound(oracle):
    demand, cand = oracle
    p5 = wm.place_teams(demand, cand, k=5, radius_m=2500, improve=False)   # weight="auto" uses demand.weight
    assert p5.chosen.tolist() == [54, 1, 34, 27, 46]
    assert p5.covered_weight == 5721 and p5.status == "optimal" and p5.gap == 0
    p10 = wm.place_teams(demand, cand, k=10, radius_m=2500, improve=False)
    assert p10.covered_weight == 8351
    assert p10.upper_bound >= 8370 and p10.gap == pytest.approx((p10.upper_bound - 8351) / p10.upper_bound)
    assert p10.covered_weight >= (1 - p10.gap) * 8370
    assert p10.uncoverable_weight == 920 and "29 demand points (weight 920)" in p10.notes
    unweighted = wm.place_teams(demand, cand, k=5, radius_m=2500, weight=None)
    assert unweighted.total_weight == 400


@exact_only
def test_oracle_exact(oracle):
    demand, cand = oracle
    for k, optimum, sites in ((5, 5721, [1, 27, 34, 46, 54]), (10, 8370, [6, 20, 29, 34, 35, 44, 45, 46, 54, 55])):
        e = wm.place_teams(demand, cand, k=k, radius_m=2500, method="exact")
        assert e.covered_weight == optimum and sorted(e.chosen.tolist()) == sites
        assert e.status == "optimal" and e.gap == 0 and e.upper_bound == optimum and e.method == "exact"


@exact_only
@pytest.mark.skipif(shutil.which("cbc") is None, reason="no cbc binary for pulp")
def test_exact_matches_pulp_and_the_cbc_binary_on_the_same_model():
    pytest.importorskip("pulp")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from _mclp_pulp import make_instance, solve_mclp_pulp
    finally:
        sys.path.pop(0)
    inst = make_instance(600, 80, seed=3)
    demand = wm.PointSet(inst["demand_xy"][:, 0].astype(float), inst["demand_xy"][:, 1].astype(float))
    cand = wm.PointSet(inst["cand_xy"][:, 0].astype(float), inst["cand_xy"][:, 1].astype(float))
    for p in (4, 12):
        ref = solve_mclp_pulp(inst, 2500, p)
        ours = wm.place_teams(demand, cand, k=p, radius_m=2500, weight=inst["weight"], method="exact")
        assert ours.covered_weight == ref["objective"], p
        greedy = wm.place_teams(demand, cand, k=p, radius_m=2500, weight=inst["weight"])
        assert greedy.covered_weight <= ref["objective"] <= greedy.upper_bound


def test_brute_force_with_existing_teams_and_real_weights():
    rng = np.random.default_rng(4)
    for trial in range(6):
        xy = np.round(rng.uniform(0, 1000, (35, 2)))
        cxy = np.round(rng.uniform(0, 1000, (9, 2)))
        w = rng.lognormal(1.0, 1.0, 35)
        ex = np.array([[500.0, 500.0]]) if trial % 2 else None
        demand, cand = wm.PointSet(xy[:, 0], xy[:, 1]), wm.PointSet(cxy[:, 0], cxy[:, 1])
        existing = None if ex is None else wm.PointSet(ex[:, 0], ex[:, 1])
        for k in (1, 3):
            best = _brute(xy, w, cxy, 220.0, k, ex)
            for bound in ("lagrangian", "auto"):
                g = wm.place_teams(demand, cand, k=k, radius_m=220.0, weight=w, existing=existing, bound=bound)
                assert g.covered_weight <= best + 1e-9 <= g.upper_bound + 2e-9
            if wm.placement.has_exact_solver():
                e = wm.place_teams(demand, cand, k=k, radius_m=220.0, weight=w, existing=existing, method="exact")
                assert e.covered_weight == pytest.approx(best, rel=1e-12)


def test_tables_pickling_and_weights_by_attribute(oracle):
    demand, cand = oracle
    p = wm.place_teams(demand, cand, k=3, radius_m=2500)
    f = p.to_frame()
    assert f["rank"].tolist() == [1, 2, 3] and f["candidate"].tolist() == p.chosen.tolist()
    assert f["cumulative_weight"].iloc[-1] == p.covered_weight
    assert np.allclose(f[["x", "y"]].to_numpy(), np.c_[np.asarray(cand.x)[p.chosen], np.asarray(cand.y)[p.chosen]])
    by = p.by_demand
    assert len(by) == len(demand) and by["weight"][by["covered"]].sum() == p.covered_weight
    assert set(by["new_team"][by["new_team"] >= 0]) <= set(p.chosen.tolist())
    q = pickle.loads(pickle.dumps(p))
    assert q.chosen.tolist() == p.chosen.tolist() and q.status == p.status and q.upper_bound == p.upper_bound
    assert "Placement(" in repr(p) and "gap=" in repr(p)
    named = demand.assign(residents=np.asarray(demand.weight) * 2)
    assert wm.place_teams(named, cand, k=3, radius_m=2500, weight="residents").covered_weight == 2 * p.covered_weight
    gdf = p.to_geopandas()
    assert len(gdf) == 3 and "gain" in gdf


def test_min_teams_and_curve(oracle):
    demand, cand = oracle
    m = wm.min_teams(demand, cand, radius_m=2500)
    assert len(m.uncoverable) == 29 and m.covered_weight == 10934 - 920
    assert m.lower_bound <= m.teams == len(m.chosen)
    assert m.by_demand["covered"].sum() == 400 - 29
    c = wm.coverage_curve(demand, cand, k_max=12, radius_m=2500)
    f = c.to_frame()
    assert f["k"].tolist() == list(range(1, 13)) and f["covered_weight"].iloc[4] == 5721
    assert (np.diff(f["covered_weight"]) >= 0).all() and (f["upper_bound"] >= f["covered_weight"]).all()
    assert f["upper_bound"].iloc[9] >= 8370


def test_demo_district_existing_teams_and_two_more():
    d = wm.datasets.demo_district(seed=0)
    spots = d.hamlets.to_geopandas().representative_point()
    sites = wm.PointSet(spots.x.to_numpy(), spots.y.to_numpy(), crs=d.crs)
    r = 2000.0
    base = wm.place_teams(d.incidents, sites, k=0, radius_m=r, existing=d.teams)
    # Existing coverage = the share of incidents within r of some team, by brute force.
    ix, iy, tx, ty = (np.asarray(a) for a in (d.incidents.x, d.incidents.y, d.teams.x, d.teams.y))
    near = ((ix[:, None] - tx[None, :]) ** 2 + (iy[:, None] - ty[None, :]) ** 2 <= r * r).any(axis=1)
    assert base.covered_weight == near.sum() and base.existing_weight == near.sum()
    two = wm.place_teams(d.incidents, sites, k=2, radius_m=r, existing=d.teams)
    assert two.covered_weight >= base.covered_weight and len(two.chosen) <= 2
    assert two.covered_weight == base.covered_weight + two.gain_per_pick.sum()
    assert two.upper_bound >= two.covered_weight


def test_lon_lat_and_mixed_crs_measure_metres():
    d = wm.datasets.demo_district(seed=0)
    teams_ll = d.teams.to_crs("EPSG:4326")
    a = wm.place_teams(d.incidents, d.teams, k=3, radius_m=1500.0)
    b = wm.place_teams(d.incidents.to_crs("EPSG:4326"), teams_ll, k=3, radius_m=1500.0)
    c = wm.place_teams(d.incidents, teams_ll, k=3, radius_m=1500.0)
    assert a.chosen.tolist() == b.chosen.tolist() == c.chosen.tolist()
    assert a.covered_weight == b.covered_weight == c.covered_weight
    assert c.crs == teams_ll.crs


def test_bad_input(oracle):
    demand, cand = oracle
    with pytest.raises(wm.InvalidInputError, match="k must be >= 0"):
        wm.place_teams(demand, cand, k=-1, radius_m=2500)
    with pytest.raises(TypeError, match="k must be an integer"):
        wm.place_teams(demand, cand, k=2.5, radius_m=2500)
    with pytest.raises(wm.InvalidInputError, match="candidates is empty"):
        wm.place_teams(demand, wm.PointSet([], []), k=1, radius_m=2500)
    with pytest.raises(wm.InvalidInputError, match="either radius_m or travel_time"):
        wm.place_teams(demand, cand, k=1, radius_m=2500, travel_time=object(), minutes=30)
    with pytest.raises(wm.InvalidInputError, match="give radius_m"):
        wm.place_teams(demand, cand, k=1)
    with pytest.raises(TypeError if wm.placement.has_travel_time() else NotImplementedError):
        wm.min_teams(demand, cand, travel_time=object(), minutes=30)
    with pytest.raises(wm.InvalidInputError, match="radius_m"):
        wm.place_teams(demand, cand, k=1, radius_m=-5)
    with pytest.raises(wm.CrsError):
        wm.place_teams(demand, wm.PointSet([500000.0], [2400000.0], crs="EPSG:32648"), k=1, radius_m=2500)
    with pytest.raises(wm.InvalidInputError, match="method"):
        wm.place_teams(demand, cand, k=1, radius_m=2500, method="fast")
    with pytest.raises(TypeError, match="time_limit_s"):
        wm.place_teams(demand, cand, k=1, radius_m=2500, time_limit_s="10")
    with pytest.raises(TypeError, match="existing"):
        wm.place_teams(demand, cand, k=1, radius_m=2500, existing=[(0, 0)])
    with pytest.raises(wm.InvalidInputError, match="k_max"):
        wm.coverage_curve(demand, cand, k_max=0, radius_m=2500)


@exact_only
def test_time_limit_zero_returns_greedy(oracle):
    demand, cand = oracle
    r = wm.place_teams(demand, cand, k=10, radius_m=2500, method="exact", improve=False, time_limit_s=0)
    assert r.status == "time_limit" and r.covered_weight == 8351 and r.gap > 0
    quick = wm.place_teams(demand, cand, k=10, radius_m=2500, method="exact", time_limit_s=30)
    assert quick.status == "optimal" and quick.covered_weight == 8370


@pytest.mark.skipif(not wm.placement.has_travel_time(), reason="no travel-time engine in this build")
def test_demo_district_walking_time():
    """30 minutes' walk (to the team, over the terrain): existing teams' coverage equals the
    residents travel_time(to_source) puts within 30 minutes (what coverage() reports as its
    residents share); two new teams never lower it; the relation equals one search per candidate."""
    d = wm.datasets.demo_district(seed=0)
    households = getattr(d, "households", None)
    demand = households if households is not None else d.incidents
    weight = households.attributes["residents"].to_numpy(float) if households is not None else np.ones(len(demand))
    spots = d.hamlets.to_geopandas().representative_point()
    sites = wm.PointSet(spots.x.to_numpy(), spots.y.to_numpy(), crs=d.crs)
    tt = wm.travel_time(d.dem, d.teams, direction="to_source")
    reached = np.nan_to_num(tt.minutes.sample(demand), nan=np.inf) <= 30.0
    base = wm.place_teams(demand, sites, k=0, travel_time=tt, minutes=30, existing=d.teams, weight=weight)
    assert base.existing_weight == pytest.approx(weight[reached].sum(), rel=1e-12)
    assert base.by_demand["covered"].to_numpy().tolist() == reached.tolist()
    two = wm.place_teams(demand, sites, k=2, travel_time=d.dem, minutes=30, existing=d.teams, weight=weight)
    assert two.covered_weight >= base.covered_weight and two.upper_bound >= two.covered_weight
    # The relation for a few candidates equals a single-source search from each, sampled at the demand.
    for j in two.chosen.tolist() + [0, 7]:
        one = wm.travel_time(d.dem, sites[[j]], direction="to_source")
        near = np.nan_to_num(one.minutes.sample(demand), nan=np.inf) <= 30.0
        alone = wm.place_teams(demand, sites[[j]], k=1, travel_time=one, minutes=30, weight=weight)
        assert alone.covered_weight == pytest.approx(weight[near].sum(), rel=1e-12)
    with pytest.raises(TypeError, match="travel_time must be"):
        wm.place_teams(demand, sites, k=1, travel_time="dem.tif", minutes=30)
    with pytest.raises(wm.InvalidInputError, match="minutes"):
        wm.place_teams(demand, sites, k=1, travel_time=tt, minutes=-1)


def test_feet_crs_measures_metres(oracle):
    """Demand in US survey feet (EPSG:2223, Arizona) is measured in the UTM zone of its centre."""
    demand, cand = oracle
    def shifted(p, crs):
        return wm.PointSet(np.asarray(p.x) + 400000.0, np.asarray(p.y) + 3700000.0, crs=crs)
    d_utm, c_utm = shifted(demand, "EPSG:32612"), shifted(cand, "EPSG:32612")
    w = np.asarray(demand.weight)
    # R = 2436 m keeps every pair at least 4.5 m off the circle (checked), so reprojection cannot flip one.
    base = wm.place_teams(d_utm, c_utm, k=5, radius_m=2436.0, weight=w)
    feet = wm.place_teams(d_utm.to_crs("EPSG:2223"), c_utm.to_crs("EPSG:2223"), k=5, radius_m=2436.0, weight=w)
    assert feet.chosen.tolist() == base.chosen.tolist() and feet.covered_weight == base.covered_weight
    assert feet.crs == c_utm.to_crs("EPSG:2223").crs
