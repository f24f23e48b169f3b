#pragma once
// Pieces shared by place_teams, min_teams and coverage_curve: options checks, proven bounds,
// result columns per demand point and per chosen site, notes.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "placement/greedy.hpp"
#include "placement/residual.hpp"
#include "watchmap/placement.hpp"

namespace watchmap::detail {

/// Throws InvalidInput (naming `function`) unless the solver is built in.
void require_solver(const char* function, const char* what);

/// Time limit: none, or finite and ≥ 0.
void check_time_limit(const char* function, const std::optional<double>& time_limit_s);

/// Whether to add the LP relaxation's bound: "lp" always, "auto" when the model is small enough
/// for Clp to take milliseconds (and CBC is built in).
bool use_lp_bound(BoundMethod bound, const Reduced& model);

/// A computed upper bound on open weight made safe against rounding in its own evaluation
/// (+1e-9 of the open weight) and, with integer weights, rounded down to an integer; never below
/// `achieved`. Within the slack of `achieved` it becomes `achieved` (proven optimal).
double proven_upper(double bound, double achieved, const Residual& residual);

/// Tolerance for "adds weight" comparisons (0.5 with integer weights).
double weight_tolerance(const Residual& residual);

/// `sites` in greedy order (best first) with the weight each adds; those adding nothing dropped.
Picks in_pick_order(const Residual& residual, std::span<const int32_t> sites);

/// Per demand point: the nearest chosen site covering it (-1), ties to the lowest index.
std::vector<int64_t> nearest_chosen(const CoverageRelation& relation, std::span<const int32_t> chosen);

/// Candidate indices and coordinates (when the problem carries the candidates' points).
void site_columns(const CoverageProblem& problem, std::span<const int32_t> sites, std::vector<int64_t>& chosen,
                  std::vector<double>& x, std::vector<double>& y, Crs& crs);

/// "N demand points (weight W) cannot be covered by any candidate or existing team." or "".
std::string uncoverable_note(const Residual& residual);

/// Appends `line` to `notes` (one remark per line).
void add_note(std::string& notes, const std::string& line);

}  // namespace watchmap::detail
