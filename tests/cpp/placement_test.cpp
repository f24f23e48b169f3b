// place_teams, min_teams, coverage_curve: the spopt/CBC oracle, brute force on small instances,
// hand cases and bad input. Exact-method tests skip when watchmap is built without CBC.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <set>

#include "support/support.hpp"
#include "watchmap/coverage_relation.hpp"
#include "watchmap/crs.hpp"
#include "watchmap/error.hpp"
#include "watchmap/placement.hpp"

using namespace watchmap;

namespace {

struct Instance {
  PointSet demand, candidates;
  std::vector<double> weights;
};

// ../shared/oracle/coverage: 400 demand points, 60 candidates, R = 2500 m, integer coordinates.
std::optional<Instance> load_oracle() {
  const std::string d = test::shared_path("oracle/coverage/demand.csv");
  const std::string c = test::shared_path("oracle/coverage/candidates.csv");
  if (d.empty() || c.empty()) return std::nullopt;
  const test::NumericCsv dem = test::read_numeric_csv(d), cand = test::read_numeric_csv(c);
  Instance out;
  std::vector<double> x, y, cx, cy;
  for (const auto& row : dem.rows) {
    x.push_back(row[dem.column("x")]);
    y.push_back(row[dem.column("y")]);
    out.weights.push_back(row[dem.column("weight")]);
  }
  for (const auto& row : cand.rows) {
    cx.push_back(row[cand.column("x")]);
    cy.push_back(row[cand.column("y")]);
  }
  out.demand = PointSet(x, y);
  out.candidates = PointSet(cx, cy);
  return out;
}

CoverageProblem oracle_problem(const Instance& o) {
  CoverageProblemOptions options;
  options.weights = o.weights;
  return coverage_problem_within(o.demand, o.candidates, 2500.0, options);
}

std::vector<int64_t> sorted(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

/// Covered weight of `sites` (plus existing) by brute force over coordinates.
double brute_value(const Instance& in, const PointSet& existing, double r, const std::vector<int64_t>& sites) {
  double total = 0.0;
  for (size_t i = 0; i < in.demand.size(); ++i) {
    bool covered = false;
    auto near = [&](const PointSet& p, size_t j) {
      return std::pow(p.x()[j] - in.demand.x()[i], 2) + std::pow(p.y()[j] - in.demand.y()[i], 2) <= r * r;
    };
    for (size_t j = 0; j < existing.size() && !covered; ++j) covered = near(existing, j);
    for (int64_t j : sites) covered = covered || near(in.candidates, static_cast<size_t>(j));
    if (covered) total += in.weights[i];
  }
  return total;
}

/// Best covered weight over all subsets of at most k candidates.
double brute_best(const Instance& in, const PointSet& existing, double r, int64_t k) {
  const auto m = static_cast<int64_t>(in.candidates.size());
  double best = brute_value(in, existing, r, {});
  std::vector<int64_t> pick;
  std::function<void(int64_t)> go = [&](int64_t from) {
    best = std::max(best, brute_value(in, existing, r, pick));
    if (static_cast<int64_t>(pick.size()) == k) return;
    for (int64_t j = from; j < m; ++j) {
      pick.push_back(j);
      go(j + 1);
      pick.pop_back();
    }
  };
  go(0);
  return best;
}

Instance random_instance(std::mt19937_64& rng, size_t n, size_t m, bool integer_weights) {
  std::uniform_real_distribution<double> u(0.0, 1000.0);
  std::lognormal_distribution<double> lw(1.0, 1.0);
  std::uniform_int_distribution<int> iw(0, 9);
  Instance in;
  std::vector<double> x(n), y(n), cx(m), cy(m);
  for (size_t i = 0; i < n; ++i) {
    x[i] = std::round(u(rng));
    y[i] = std::round(u(rng));
    in.weights.push_back(integer_weights ? iw(rng) : lw(rng));
  }
  for (size_t j = 0; j < m; ++j) {
    cx[j] = std::round(u(rng));
    cy[j] = std::round(u(rng));
  }
  in.demand = PointSet(x, y);
  in.candidates = PointSet(cx, cy);
  return in;
}

}  // namespace

TEST(Placement, OracleGreedyPicksAndCoveredWeight) {
  const auto o = load_oracle();
  if (!o) GTEST_SKIP() << "../shared/oracle/coverage is absent";
  const CoverageProblem p = oracle_problem(*o);
  // Plain greedy (ties to the lowest id): 54, 1, 34, 27, 46 for p = 5; 8351 for p = 10.
  const Placement g5 = place_teams(p, {.k = 5, .improve = false});
  EXPECT_EQ(g5.chosen, (std::vector<int64_t>{54, 1, 34, 27, 46}));
  EXPECT_EQ(g5.covered_weight, 5721.0);
  const Placement g10 = place_teams(p, {.k = 10, .improve = false});
  EXPECT_EQ(g10.covered_weight, 8351.0);
  EXPECT_EQ(g10.uncoverable_weight, 920.0);  // 29 demand points nothing reaches
  EXPECT_EQ(g10.total_weight, 10934.0);
  EXPECT_NE(g10.notes.find("29 demand points (weight 920)"), std::string::npos) << g10.notes;
  // The bound holds and the gap says what it should, for every bound method.
  for (BoundMethod b : {BoundMethod::Lagrangian, BoundMethod::Auto}) {
    for (auto [k, optimum] : {std::pair<int64_t, double>{5, 5721.0}, {10, 8370.0}}) {
      const Placement g = place_teams(p, {.k = k, .bound = b});
      EXPECT_GE(g.upper_bound, optimum) << "k=" << k << " bound " << to_string(b);
      EXPECT_LE(g.covered_weight, optimum);
      EXPECT_NEAR(g.gap, (g.upper_bound - g.covered_weight) / g.upper_bound, 1e-15);
      EXPECT_GE(g.covered_weight, (1.0 - g.gap) * optimum - 1e-9);
      EXPECT_EQ(g.status == SolveStatus::Optimal, g.gap == 0.0);
      EXPECT_EQ(g.upper_bound, std::floor(g.upper_bound));  // integer weights: integer bound
    }
  }
  // p = 5: greedy is optimal and the bound proves it.
  EXPECT_EQ(place_teams(p, {.k = 5}).status, SolveStatus::Optimal);
}

TEST(Placement, OracleExactOptimum) {
  const auto o = load_oracle();
  if (!o) GTEST_SKIP() << "../shared/oracle/coverage is absent";
  if (!has_exact_solver()) GTEST_SKIP() << "built without CBC";
  const CoverageProblem p = oracle_problem(*o);
  const Placement e5 = place_teams(p, {.k = 5, .method = PlacementMethod::Exact});
  EXPECT_EQ(e5.covered_weight, 5721.0);
  EXPECT_EQ(sorted(e5.chosen), (std::vector<int64_t>{1, 27, 34, 46, 54}));
  EXPECT_EQ(e5.status, SolveStatus::Optimal);
  const Placement e10 = place_teams(p, {.k = 10, .method = PlacementMethod::Exact});
  EXPECT_EQ(e10.covered_weight, 8370.0);
  EXPECT_EQ(sorted(e10.chosen), (std::vector<int64_t>{6, 20, 29, 34, 35, 44, 45, 46, 54, 55}));
  EXPECT_EQ(e10.status, SolveStatus::Optimal);
  EXPECT_EQ(e10.gap, 0.0);
  EXPECT_EQ(e10.upper_bound, 8370.0);
  // Picks come best first: the gains do not increase.
  for (size_t t = 1; t < e10.gain_per_pick.size(); ++t) EXPECT_LE(e10.gain_per_pick[t], e10.gain_per_pick[t - 1]);
  double sum = 0.0;
  for (double g : e10.gain_per_pick) sum += g;
  EXPECT_EQ(sum, e10.covered_weight);
  // The LP bound alone proves greedy's 8351 within 19 of 8370 (LP relaxation = 8370 here).
  const Placement lp = place_teams(p, {.k = 10, .bound = BoundMethod::LP});
  EXPECT_EQ(lp.bound_source, "lp");
  EXPECT_GE(lp.upper_bound, 8370.0);
  EXPECT_LE(lp.upper_bound, place_teams(p, {.k = 10, .bound = BoundMethod::Lagrangian}).upper_bound);
}

TEST(Placement, AgreesWithBruteForceOnSmallInstances) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 24; ++trial) {
    const bool integer = trial % 2 == 0;
    const Instance in = random_instance(rng, 40, 11, integer);
    const PointSet existing = trial % 3 == 0 ? PointSet({500.0}, {500.0}) : PointSet();
    const double r = 180.0 + 20.0 * (trial % 5);
    CoverageProblemOptions po;
    po.weights = in.weights;
    if (!existing.empty()) po.existing = existing;
    const CoverageProblem p = coverage_problem_within(in.demand, in.candidates, r, po);
    for (int64_t k : {0, 1, 2, 3, 4}) {
      const double best = brute_best(in, existing, r, k);
      const double tol = 1e-9 * (1.0 + best);
      for (BoundMethod b : {BoundMethod::Lagrangian, BoundMethod::Auto}) {
        if (b == BoundMethod::Auto && !has_exact_solver()) continue;
        const Placement g = place_teams(p, {.k = k, .bound = b});
        SCOPED_TRACE("trial " + std::to_string(trial) + " k " + std::to_string(k) + " bound " + to_string(b));
        EXPECT_LE(g.covered_weight, best + tol);
        EXPECT_GE(g.upper_bound, best - tol);
        EXPECT_NEAR(g.covered_weight, brute_value(in, existing, r, g.chosen), tol);
        EXPECT_LE(static_cast<int64_t>(g.chosen.size()), k);
      }
      if (has_exact_solver()) {
        const Placement e = place_teams(p, {.k = k, .method = PlacementMethod::Exact});
        EXPECT_NEAR(e.covered_weight, best, tol) << "trial " << trial << " k " << k;
        EXPECT_EQ(e.status, SolveStatus::Optimal);
      }
    }
  }
}

TEST(Placement, ExistingTeamsCoveringEverythingLeaveNothingToAdd) {
  const PointSet demand({0.0, 100.0, 200.0}, {0.0, 0.0, 0.0});
  const PointSet candidates({50.0, 150.0}, {0.0, 0.0});
  CoverageProblemOptions po;
  po.existing = PointSet({100.0}, {0.0});
  const CoverageProblem p = coverage_problem_within(demand, candidates, 100.0, po);
  const Placement r = place_teams(p, {.k = 2});
  EXPECT_TRUE(r.chosen.empty());
  EXPECT_EQ(r.covered_weight, 3.0);
  EXPECT_EQ(r.existing_weight, 3.0);
  EXPECT_EQ(r.covered_share, 1.0);
  EXPECT_EQ(r.status, SolveStatus::Optimal);
  EXPECT_EQ(r.upper_bound, 3.0);
  EXPECT_NE(r.notes.find("already cover every coverable demand point"), std::string::npos) << r.notes;
  EXPECT_EQ(r.existing_team, (std::vector<int64_t>{0, 0, 0}));
  EXPECT_EQ(r.new_team, (std::vector<int64_t>{-1, -1, -1}));
  const MinTeams m = min_teams(p);
  EXPECT_EQ(m.teams, 0);
  EXPECT_EQ(m.status, SolveStatus::Optimal);
}

TEST(Placement, TiesGoToTheLowestCandidateIndex) {
  // Candidates 1 and 2 sit on the same spot; 0 covers less.
  const PointSet demand({0.0, 10.0, 20.0, 500.0}, {0.0, 0.0, 0.0, 0.0});
  const PointSet candidates({500.0, 10.0, 10.0}, {0.0, 0.0, 0.0});
  const CoverageProblem p = coverage_problem_within(demand, candidates, 10.0);
  const Placement r = place_teams(p, {.k = 1});
  EXPECT_EQ(r.chosen, (std::vector<int64_t>{1}));
  EXPECT_EQ(r.new_team, (std::vector<int64_t>{1, 1, 1, -1}));
  EXPECT_EQ(place_teams(p, {.k = 2}).chosen, (std::vector<int64_t>{1, 0}));
  // Demand exactly on the circle counts (inclusive).
  EXPECT_EQ(r.covered_weight, 3.0);
}

TEST(Placement, ZeroWeightDemandAndCandidatesCoveringNothing) {
  const PointSet demand({0.0, 100.0, 1000.0}, {0.0, 0.0, 0.0});
  // 0 covers only the zero-weight point, 1 covers demand 1, 2 covers nothing at all.
  const PointSet candidates({0.0, 100.0, 5000.0}, {0.0, 0.0, 5000.0});
  CoverageProblemOptions po;
  po.weights = {0.0, 3.0, 2.0};
  const CoverageProblem p = coverage_problem_within(demand, candidates, 10.0, po);
  const Placement r = place_teams(p, {.k = 3});
  EXPECT_EQ(r.chosen, (std::vector<int64_t>{1}));
  EXPECT_EQ(r.covered_weight, 3.0);
  EXPECT_EQ(r.uncoverable_weight, 2.0);
  EXPECT_EQ(r.status, SolveStatus::Optimal);
  EXPECT_NE(r.notes.find("Only 1 of the 3 new teams add coverage"), std::string::npos) << r.notes;
  // k larger than the number of candidates.
  const Placement big = place_teams(p, {.k = 10});
  EXPECT_EQ(big.chosen, (std::vector<int64_t>{1}));
  EXPECT_NE(big.notes.find("k = 10 exceeds the 3 candidates"), std::string::npos) << big.notes;
  const MinTeams m = min_teams(p);
  EXPECT_EQ(m.teams, 1);
  EXPECT_EQ(m.uncoverable, (std::vector<int64_t>{2}));
  EXPECT_EQ(m.status, SolveStatus::Optimal);
  // k = 0: existing coverage only, and nothing chosen.
  const Placement none = place_teams(p, {.k = 0});
  EXPECT_TRUE(none.chosen.empty());
  EXPECT_EQ(none.covered_weight, 0.0);
  EXPECT_EQ(none.upper_bound, 0.0);
}

TEST(Placement, BadInput) {
  const PointSet demand({0.0, 100.0}, {0.0, 0.0});
  const PointSet candidates({0.0}, {0.0});
  const CoverageProblem p = coverage_problem_within(demand, candidates, 50.0);
  EXPECT_THROW((void)place_teams(p, {.k = -1}), InvalidInput);
  EXPECT_THROW((void)place_teams(p, {.k = 1, .method = PlacementMethod::Exact, .time_limit_s = -1.0}), InvalidInput);
  EXPECT_THROW((void)place_teams(p, {.k = 1, .mip_gap = 1.0}), InvalidInput);
  EXPECT_THROW(coverage_problem_within(demand, PointSet(), 50.0), InvalidInput);
  EXPECT_THROW(coverage_problem_within(PointSet(), candidates, 50.0), InvalidInput);
  EXPECT_THROW(coverage_problem_within(demand, candidates, -1.0), InvalidInput);
  CoverageProblemOptions bad;
  bad.weights = {1.0, NAN};
  EXPECT_THROW(coverage_problem_within(demand, candidates, 50.0, bad), InvalidInput);
  bad.weights = {1.0, -1.0};
  EXPECT_THROW(coverage_problem_within(demand, candidates, 50.0, bad), InvalidInput);
  bad.weights = {1.0};
  EXPECT_THROW(coverage_problem_within(demand, candidates, 50.0, bad), InvalidInput);
  // A layer without a CRS mixed with one that has a CRS.
  const PointSet utm({500000.0}, {2400000.0}, Crs::from_epsg(32648));
  EXPECT_THROW(coverage_problem_within(demand, utm, 50.0), CrsError);
  CoverageProblemOptions with_existing;
  with_existing.existing = utm;
  EXPECT_THROW(coverage_problem_within(demand, candidates, 50.0, with_existing), CrsError);
  EXPECT_THROW(coverage_from_pairs(2, 1, {0, 2}, {0, 0}, {1.0, 1.0}), InvalidInput);
  EXPECT_THROW((void)coverage_curve(p, {.k_max = 0}), InvalidInput);
  EXPECT_THROW((void)placement_method_from_name("fast"), InvalidInput);
  if (!has_exact_solver()) {
    EXPECT_THROW((void)place_teams(p, {.k = 1, .method = PlacementMethod::Exact}), InvalidInput);
  }
}

TEST(Placement, TimeLimitZeroReturnsTheGreedyAnswer) {
  const auto o = load_oracle();
  if (!o) GTEST_SKIP() << "../shared/oracle/coverage is absent";
  if (!has_exact_solver()) GTEST_SKIP() << "built without CBC";
  const CoverageProblem p = oracle_problem(*o);
  // p = 10 with plain greedy: 8351 < 8370, not provably optimal.
  const Placement r = place_teams(p, {.k = 10, .method = PlacementMethod::Exact, .improve = false, .time_limit_s = 0.0});
  EXPECT_EQ(r.status, SolveStatus::TimeLimit);
  EXPECT_EQ(r.covered_weight, 8351.0);
  EXPECT_GT(r.gap, 0.0);
  EXPECT_NE(r.notes.find("time_limit_s=0"), std::string::npos);
}

TEST(Placement, CrsRuleLonLatAndMixedCrs) {
  // The oracle instance placed in UTM 48N near Bac Kan; the same in lon/lat and with the
  // candidates in lon/lat must give the same answer (distances in the UTM frame either way).
  const auto o = load_oracle();
  if (!o) GTEST_SKIP() << "../shared/oracle/coverage is absent";
  const Crs utm = Crs::from_epsg(32648), lonlat = Crs::from_epsg(4326);
  auto shift = [&](const PointSet& s) {
    std::vector<double> x = s.x(), y = s.y();
    for (double& v : x) v += 580000.0;
    for (double& v : y) v += 2460000.0;
    return PointSet(x, y, utm);
  };
  const PointSet d = shift(o->demand), c = shift(o->candidates);
  CoverageProblemOptions po;
  po.weights = o->weights;
  // R = 2436 m keeps every pair at least 4.5 m off the circle (checked), so reprojection cannot flip one.
  const Placement base = place_teams(coverage_problem_within(d, c, 2436.0, po), {.k = 5});
  const Placement mixed = place_teams(coverage_problem_within(d, c.to_crs(lonlat), 2436.0, po), {.k = 5});
  const Placement both = place_teams(coverage_problem_within(d.to_crs(lonlat), c.to_crs(lonlat), 2436.0, po), {.k = 5});
  EXPECT_EQ(mixed.chosen, base.chosen);
  EXPECT_EQ(mixed.covered_weight, base.covered_weight);
  EXPECT_EQ(both.chosen, base.chosen);
  EXPECT_EQ(both.covered_weight, base.covered_weight);
  EXPECT_EQ(mixed.crs, lonlat);  // coordinates of the chosen sites stay in the candidates' CRS
  EXPECT_NEAR(mixed.chosen_x[0], c.to_crs(lonlat).x()[mixed.chosen[0]], 1e-12);
}

TEST(Placement, SameAnswerForAnyThreadCount) {
  std::mt19937_64 rng(5);
  const Instance in = random_instance(rng, 3000, 300, false);
  CoverageProblemOptions po;
  po.weights = in.weights;
  po.threads = 1;
  const CoverageProblem p1 = coverage_problem_within(in.demand, in.candidates, 60.0, po);
  po.threads = 2;
  const CoverageProblem p2 = coverage_problem_within(in.demand, in.candidates, 60.0, po);
  const Placement a = place_teams(p1, {.k = 20, .threads = 1});
  const Placement b = place_teams(p2, {.k = 20, .threads = 2});
  EXPECT_EQ(a.chosen, b.chosen);
  EXPECT_EQ(a.covered_weight, b.covered_weight);
  EXPECT_EQ(a.upper_bound, b.upper_bound);
  EXPECT_EQ(a.new_team, b.new_team);
}

TEST(MinTeams, AgreesWithBruteForceAndReportsUncoverable) {
  std::mt19937_64 rng(13);
  for (int trial = 0; trial < 12; ++trial) {
    const Instance in = random_instance(rng, 30, 12, true);
    const double r = 260.0;
    CoverageProblemOptions po;
    po.weights = in.weights;
    const CoverageProblem p = coverage_problem_within(in.demand, in.candidates, r, po);
    // Brute force: the fewest candidates covering every coverable point of positive weight.
    const double target = brute_value(in, PointSet(), r, [&] {
      std::vector<int64_t> all(in.candidates.size());
      for (size_t j = 0; j < all.size(); ++j) all[j] = static_cast<int64_t>(j);
      return all;
    }());
    int64_t fewest = -1;
    for (int64_t size = 0; size <= static_cast<int64_t>(in.candidates.size()) && fewest < 0; ++size) {
      if (brute_best(in, PointSet(), r, size) >= target) fewest = size;
    }
    const MinTeams g = min_teams(p);
    SCOPED_TRACE("trial " + std::to_string(trial));
    EXPECT_GE(g.teams, fewest);
    EXPECT_LE(g.lower_bound, fewest);
    EXPECT_EQ(brute_value(in, PointSet(), r, g.chosen), target);
    EXPECT_EQ(g.covered_weight, target);
    EXPECT_EQ(g.covered_weight + g.uncoverable_weight, g.total_weight);
    if (has_exact_solver()) {
      const MinTeams e = min_teams(p, {.method = PlacementMethod::Exact});
      EXPECT_EQ(e.teams, fewest);
      EXPECT_EQ(e.status, SolveStatus::Optimal);
    }
  }
}

TEST(MinTeams, Oracle) {
  const auto o = load_oracle();
  if (!o) GTEST_SKIP() << "../shared/oracle/coverage is absent";
  const MinTeams g = min_teams(oracle_problem(*o));
  EXPECT_EQ(g.uncoverable.size(), 29u);
  EXPECT_EQ(g.covered_weight, 10934.0 - 920.0);
  EXPECT_LE(g.lower_bound, g.teams);
  if (has_exact_solver()) {
    const MinTeams e = min_teams(oracle_problem(*o), {.method = PlacementMethod::Exact});
    EXPECT_EQ(e.status, SolveStatus::Optimal);
    EXPECT_EQ(e.teams, e.lower_bound);
    EXPECT_LE(e.teams, g.teams);
  }
}

TEST(CoverageCurve, MatchesPlaceTeamsBoundsHoldAndNeverFalls) {
  const auto o = load_oracle();
  if (!o) GTEST_SKIP() << "../shared/oracle/coverage is absent";
  const CoverageProblem p = oracle_problem(*o);
  const CoverageCurve c = coverage_curve(p, {.k_max = 12, .bound = BoundMethod::Lagrangian});
  ASSERT_EQ(c.k.size(), 12u);
  for (size_t t = 0; t < c.k.size(); ++t) {
    EXPECT_GE(c.covered_weight[t], place_teams(p, {.k = c.k[t], .improve = false}).covered_weight);
    EXPECT_GE(c.upper_bound[t], c.covered_weight[t]);
    if (t > 0) {
      EXPECT_GE(c.covered_weight[t], c.covered_weight[t - 1]);
      EXPECT_GE(c.upper_bound[t], c.upper_bound[t - 1]);
    }
  }
  EXPECT_GE(c.upper_bound[4], 5721.0);
  EXPECT_GE(c.upper_bound[9], 8370.0);
  EXPECT_EQ(c.covered_weight[4], 5721.0);
  EXPECT_EQ(std::vector<int64_t>(c.greedy_pick.begin(), c.greedy_pick.begin() + 5),
            (std::vector<int64_t>{54, 1, 34, 27, 46}));
}

TEST(CoverageRelation, WithinIsInclusiveAndFromPairsKeepsTheSmallestCost) {
  const PointSet demand({0.0, 3.0, 5.0}, {0.0, 4.0, 0.0});
  const PointSet sites({0.0}, {0.0});
  const CoverageRelation r = coverage_within(demand, sites, 5.0);
  EXPECT_EQ(r.num_pairs(), 3);  // (3, 4) and (5, 0) lie exactly on the circle
  EXPECT_EQ(r.site_demand, (std::vector<int32_t>{0, 1, 2}));
  EXPECT_DOUBLE_EQ(r.demand_cost[1], 5.0);
  const CoverageRelation q = coverage_from_pairs(3, 2, {2, 0, 2, 1}, {1, 0, 1, 1}, {7.0, 1.0, 3.0, 2.0});
  EXPECT_EQ(q.num_pairs(), 3);
  EXPECT_EQ(std::vector<int32_t>(q.sites_of(2).begin(), q.sites_of(2).end()), (std::vector<int32_t>{1}));
  EXPECT_EQ(q.site_costs_of(2)[0], 3.0);
  EXPECT_EQ(std::vector<int32_t>(q.demand_of(1).begin(), q.demand_of(1).end()), (std::vector<int32_t>{1, 2}));
}
