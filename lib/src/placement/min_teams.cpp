#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
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

/// The set covering model without rows implied by others: a row whose candidates include all of
/// another row's is covered whenever that one is. Columns keep their positions.
detail::Reduced drop_implied_rows(const detail::Reduced& model, int threads) {
  const int64_t rows = model.num_rows();
  std::vector<char> implied(static_cast<size_t>(rows), 0);
#pragma omp parallel for schedule(dynamic, 64) num_threads(threads)
  for (int64_t r = 0; r < rows; ++r) {
    const auto cols_r = model.cols_of(r);
    int32_t pivot = cols_r[0];  // a row inside r shares every column, in particular r's least used one
    for (int32_t j : cols_r) {
      if (model.rows_of(j).size() < model.rows_of(pivot).size()) pivot = j;
    }
    for (int32_t q : model.rows_of(pivot)) {
      // Identical rows were merged, so a proper subset is strictly shorter.
      if (q != r && model.cols_of(q).size() < cols_r.size() && detail::subset(model.cols_of(q), cols_r)) {
        implied[r] = 1;
        break;
      }
    }
  }
  detail::Reduced out;
  out.cols = model.cols;
  out.rep = model.rep;
  for (int64_t r = 0; r < rows; ++r) {
    if (implied[r]) continue;
    const auto c = model.cols_of(r);
    out.row_cols.insert(out.row_cols.end(), c.begin(), c.end());
    out.row_offsets.push_back(static_cast<int64_t>(out.row_cols.size()));
    out.row_weight.push_back(model.row_weight[r]);
  }
  out.col_offsets.assign(static_cast<size_t>(out.num_cols()) + 1, 0);
  for (int32_t j : out.row_cols) ++out.col_offsets[static_cast<size_t>(j) + 1];
  std::partial_sum(out.col_offsets.begin(), out.col_offsets.end(), out.col_offsets.begin());
  out.col_rows.resize(out.row_cols.size());
  std::vector<int64_t> next(out.col_offsets.begin(), out.col_offsets.end() - 1);
  for (int64_t r = 0; r < out.num_rows(); ++r) {
    for (int32_t j : out.cols_of(r)) out.col_rows[next[j]++] = static_cast<int32_t>(r);
  }
  for (double w : out.row_weight) out.total_weight += w;
  return out;
}

int64_t ceil_bound(double value) { return static_cast<int64_t>(std::ceil(value - 1e-6)); }

}  // namespace

MinTeams min_teams(const CoverageProblem& problem, const MinTeamsOptions& options) {
  validate(problem);
  detail::check_time_limit("min_teams", options.time_limit_s);
  if (options.method == PlacementMethod::Exact) detail::require_solver("min_teams", "method='exact'");
  if (options.bound == BoundMethod::LP) detail::require_solver("min_teams", "bound='lp'");
  const int threads = detail::thread_count(options.threads);
  const auto t0 = std::chrono::steady_clock::now();
  const detail::Residual res = detail::make_residual(problem);

  MinTeams out;
  out.method = options.method;
  detail::add_note(out.notes, detail::uncoverable_note(res));
  std::vector<int32_t> chosen = detail::greedy_cover(res);
  int64_t lower = 0;
  out.bound_source = "all";
  if (res.num_rows() > 0) {
    const detail::Reduced model = drop_implied_rows(detail::reduce_dominated(res, threads), threads);
    lower = std::max<int64_t>(1, ceil_bound(detail::cover_fill_bound(model)));
    out.bound_source = "lagrangian";
    if (detail::use_lp_bound(options.bound, model)) {
      const std::vector<double> u = detail::cover_lp_multipliers(model);
      if (!u.empty()) {
        const int64_t lp = ceil_bound(detail::cover_lagrangian_value(model, u));
        if (lp > lower) {
          lower = lp;
          out.bound_source = "lp";
        }
      }
    }
    lower = std::min<int64_t>(lower, static_cast<int64_t>(chosen.size()));
    out.status = lower == static_cast<int64_t>(chosen.size()) ? SolveStatus::Optimal : SolveStatus::Feasible;
    if (options.method == PlacementMethod::Exact && out.status != SolveStatus::Optimal) {
      if (options.time_limit_s && *options.time_limit_s == 0.0) {
        out.status = SolveStatus::TimeLimit;
        detail::add_note(out.notes, "time_limit_s=0: the greedy answer, not searched further.");
      } else {
        const detail::MipOutcome mip =
            detail::solve_cover(model, detail::to_reduced_cols(model, chosen), options.time_limit_s);
        if (mip.has_solution && mip.cols.size() < chosen.size()) {
          std::vector<int32_t> found;
          for (int32_t c : mip.cols) found.push_back(model.cols[c]);
          // Implied rows are covered with the rows implying them; check on the full residual anyway.
          std::vector<char> covered(static_cast<size_t>(res.num_rows()), 0);
          for (int32_t s : found) {
            for (int32_t row : res.rows(s)) covered[row] = 1;
          }
          if (std::all_of(covered.begin(), covered.end(), [](char c) { return c != 0; })) chosen = found;
        }
        if (mip.bound && ceil_bound(*mip.bound) > lower) {
          lower = std::min<int64_t>(ceil_bound(*mip.bound), static_cast<int64_t>(chosen.size()));
          out.bound_source = "cbc";
        }
        if (mip.optimal && !mip.time_limit) {
          lower = static_cast<int64_t>(chosen.size());
          out.bound_source = "cbc";
        }
        const bool proven = lower == static_cast<int64_t>(chosen.size());
        out.status = proven ? SolveStatus::Optimal : (mip.time_limit ? SolveStatus::TimeLimit : SolveStatus::Feasible);
        if (mip.time_limit && !proven) {
          detail::add_note(out.notes, "CBC stopped at the time limit (" + detail::fmt(*options.time_limit_s) +
                                          " s); the best solution found so far, with its proven gap.");
        }
      }
    }
  } else {
    out.status = SolveStatus::Optimal;
    detail::add_note(out.notes, res.existing_weight > 0.0
                                    ? "Existing teams already cover every coverable demand point: no new team is needed."
                                    : "No candidate covers any demand point of positive weight: no new team is needed.");
  }

  const detail::Picks picks = detail::in_pick_order(res, chosen);
  detail::site_columns(problem, picks.sites, out.chosen, out.chosen_x, out.chosen_y, out.crs);
  out.gain_per_pick = picks.gains;
  out.teams = static_cast<int64_t>(out.chosen.size());
  out.lower_bound = lower;
  out.gap = out.teams > 0 ? static_cast<double>(out.teams - lower) / static_cast<double>(out.teams) : 0.0;
  out.existing_weight = res.existing_weight;
  out.total_weight = res.total_weight;
  out.uncoverable_weight = res.uncoverable_weight;
  out.uncoverable = res.uncoverable;
  out.covered_weight = res.existing_weight + picks.value;
  out.covered_share = res.total_weight > 0.0 ? out.covered_weight / res.total_weight : 0.0;
  out.demand_weight = res.weight;
  out.existing_team = res.existing_team;
  out.new_team = detail::nearest_chosen(problem.candidates, picks.sites);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace watchmap
