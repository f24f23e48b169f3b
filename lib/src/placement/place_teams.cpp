#include <chrono>
#include <cmath>
#include <string>

#include "core/parallel.hpp"
#include "core/text.hpp"
#include "placement/bound.hpp"
#include "placement/common.hpp"
#include "placement/greedy.hpp"
#include "placement/residual.hpp"
#include "placement/solver.hpp"
#include "watchmap/error.hpp"
#include "watchmap/placement.hpp"

namespace watchmap {

namespace {

/// Subgradient steps after the fill heuristic (each costs one pass over the model).
constexpr int kSubgradientSteps = 100;

void check(const PlacementOptions& o) {
  if (o.k < 0) throw InvalidInput("place_teams: k must be >= 0 (got " + std::to_string(o.k) + ")");
  detail::check_time_limit("place_teams", o.time_limit_s);
  if (!(o.mip_gap >= 0.0 && o.mip_gap < 1.0)) {
    throw InvalidInput("place_teams: mip_gap must be in [0, 1) (got " + detail::fmt(o.mip_gap) + ")");
  }
  if (o.method == PlacementMethod::Exact) detail::require_solver("place_teams", "method='exact'");
  if (o.bound == BoundMethod::LP) detail::require_solver("place_teams", "bound='lp'");
}

}  // namespace

Placement place_teams(const CoverageProblem& problem, const PlacementOptions& options) {
  validate(problem);
  check(options);
  const int threads = detail::thread_count(options.threads);
  const auto t0 = std::chrono::steady_clock::now();
  const detail::Residual res = detail::make_residual(problem);
  const int64_t k = options.k;
  const double tol = detail::weight_tolerance(res);

  Placement out;
  out.k = k;
  out.method = options.method;
  std::string& notes = out.notes;
  detail::add_note(notes, detail::uncoverable_note(res));

  // Greedy, then 1-swaps (only a full set can be improved by swapping: a short one covers all).
  std::vector<int32_t> sites = detail::lazy_greedy(res, res.row_weight, k).sites;
  if (options.improve && static_cast<int64_t>(sites.size()) == k && k > 0) detail::improve_by_swaps(res, sites, tol);
  detail::Picks best = detail::in_pick_order(res, sites);

  // Upper bound on the open weight k sites can add.
  const detail::Reduced model = detail::reduce_dominated(res, threads);
  double bound = 0.0;
  if (res.num_rows() == 0 || k == 0) {
    bound = 0.0;
    out.bound_source = res.num_rows() == 0 ? "all" : "lagrangian";
  } else if (k >= model.num_cols()) {
    // Enough teams for every useful site: taking them all covers everything coverable.
    bound = model.total_weight;
    out.bound_source = "all";
    if (best.value < model.total_weight - tol) best = detail::in_pick_order(res, model.cols);
  } else {
    bound = detail::lagrangian_bound(model, k, best.value, kSubgradientSteps);
    out.bound_source = "lagrangian";
    if (detail::use_lp_bound(options.bound, model)) {
      const std::vector<double> lambda = detail::mclp_lp_multipliers(model, k);
      if (!lambda.empty()) {
        const double lp = detail::lagrangian_value(model, lambda, k);
        if (lp < bound) {
          bound = lp;
          out.bound_source = "lp";
        }
      }
    }
  }
  bound = detail::proven_upper(bound, best.value, res);
  out.status = bound <= best.value ? SolveStatus::Optimal : SolveStatus::Feasible;

  if (options.method == PlacementMethod::Exact && out.status != SolveStatus::Optimal) {
    if (options.time_limit_s && *options.time_limit_s == 0.0) {
      out.status = SolveStatus::TimeLimit;
      detail::add_note(notes, "time_limit_s=0: the greedy answer, not searched further.");
    } else {
      const std::vector<int32_t> start = detail::to_reduced_cols(model, best.sites);
      const detail::MipOutcome mip =
          detail::solve_mclp(model, k, start, options.time_limit_s, options.mip_gap, res.integral);
      if (mip.has_solution) {
        std::vector<int32_t> found;
        for (int32_t c : mip.cols) found.push_back(model.cols[c]);
        detail::Picks exact = detail::in_pick_order(res, found);
        if (exact.value > best.value + tol) best = std::move(exact);
      }
      if (mip.bound) {
        const double cbc_bound = detail::proven_upper(*mip.bound, best.value, res);
        if (cbc_bound < bound) {
          bound = cbc_bound;
          out.bound_source = "cbc";
        }
      }
      if (mip.optimal && options.mip_gap == 0.0 && !mip.time_limit) {
        bound = best.value;  // CBC's proof (its LP tolerances)
        out.bound_source = "cbc";
        out.status = SolveStatus::Optimal;
      } else if (mip.time_limit) {
        out.status = bound <= best.value ? SolveStatus::Optimal : SolveStatus::TimeLimit;
        detail::add_note(notes, "CBC stopped at the time limit (" + detail::fmt(*options.time_limit_s) +
                                    " s); the best solution found so far, with its proven gap.");
      } else {
        out.status = bound <= best.value ? SolveStatus::Optimal : SolveStatus::Feasible;
        if (mip.abandoned) detail::add_note(notes, "CBC gave up (numerical difficulties); the best solution found so far.");
      }
    }
  }

  // Notes on picks that would add nothing.
  const auto picked = static_cast<int64_t>(best.sites.size());
  if (k > 0 && picked < k) {
    if (res.num_rows() == 0) {
      detail::add_note(notes, res.existing_weight > 0.0
                                  ? "Existing teams already cover every coverable demand point: new teams add nothing."
                                  : "No candidate covers any demand point of positive weight: new teams add nothing.");
    } else {
      detail::add_note(notes, "Only " + std::to_string(picked) + " of the " + std::to_string(k) +
                                  " new teams add coverage; more would add nothing.");
    }
  }
  if (k > problem.candidates.num_sites) {
    detail::add_note(notes, "k = " + std::to_string(k) + " exceeds the " +
                                std::to_string(problem.candidates.num_sites) + " candidates.");
  }

  detail::site_columns(problem, best.sites, out.chosen, out.chosen_x, out.chosen_y, out.crs);
  out.gain_per_pick = best.gains;
  out.existing_weight = res.existing_weight;
  out.total_weight = res.total_weight;
  out.uncoverable_weight = res.uncoverable_weight;
  out.covered_weight = res.existing_weight + best.value;
  out.covered_share = res.total_weight > 0.0 ? out.covered_weight / res.total_weight : 0.0;
  out.upper_bound = res.existing_weight + bound;
  out.gap = out.upper_bound > 0.0 ? (out.upper_bound - out.covered_weight) / out.upper_bound : 0.0;
  out.demand_weight = res.weight;
  out.existing_team = res.existing_team;
  out.new_team = detail::nearest_chosen(problem.candidates, best.sites);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace watchmap
