#pragma once
/// @file placement.hpp  Where to put the next teams: maximal covering (place_teams), location set
/// covering (min_teams) and the covered share as teams are added (coverage_curve).
///
/// Model (maximal covering, MCLP). Demand i has weight w_i ≥ 0; N_i is the set of candidate
/// sites covering it (coverage_relation.hpp). Demand already covered by an existing team counts
/// as covered whatever is chosen. Choose at most k new sites (x_j ∈ {0,1}, Σ x_j ≤ k) to
/// maximise the covered weight Σ w_i y_i with y_i ≤ Σ_{j ∈ N_i} x_j, 0 ≤ y_i ≤ 1.
///
/// Bounds. For multipliers 0 ≤ λ_i ≤ w_i on the coverage rows,
///   L(λ) = Σ_i (w_i − λ_i) + (sum of the k largest c_j),  c_j = Σ_{i covered by j} λ_i,
/// is an upper bound on the new weight any k sites can cover (Lagrangian relaxation; its minimum
/// equals the LP relaxation's value). Every bound reported is L evaluated exactly at some λ
/// (from a fill heuristic and subgradient steps, or the LP duals from Clp), so it never depends on
/// a solver's tolerance. With integer weights it is rounded down to an integer.
///
/// Gap. gap = (upper_bound − covered_weight) / upper_bound on the total covered weight (existing
/// teams included): the answer is within a factor (1 − gap) of the best possible.
///
/// Status. "optimal": proven (gap 0 from the bound, or CBC proved it); "feasible": a solution
/// with the proven gap; "time_limit": the exact search was stopped by time_limit_s (the best
/// solution found so far, never worse than greedy's, with the proven gap).
///
/// Determinism: every step is serial or reduces in a fixed order, ties go to the lowest candidate
/// index, CBC runs single-threaded; the same input gives the same answer on every run (the exact
/// method under a time limit excepted: where CBC stops depends on the clock).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "watchmap/coverage_relation.hpp"
#include "watchmap/geometry.hpp"

namespace watchmap {

enum class PlacementMethod {
  Greedy,  ///< lazy greedy (CELF) + 1-swap improvement, with a proven bound
  Exact,   ///< the integer program through CBC, warm-started with the greedy answer
};
/// "greedy", "exact".
PlacementMethod placement_method_from_name(std::string_view name);
const char* to_string(PlacementMethod method);

enum class BoundMethod {
  Auto,        ///< Lagrangian; plus the LP relaxation when CBC is built in and the model is small
  Lagrangian,  ///< Lagrangian only (no solver needed; milliseconds)
  LP,          ///< Lagrangian and the LP relaxation (needs CBC; about a second at 5000 × 500)
};
/// "auto", "lagrangian", "lp".
BoundMethod bound_method_from_name(std::string_view name);
const char* to_string(BoundMethod bound);

enum class SolveStatus { Optimal, Feasible, TimeLimit };
/// "optimal", "feasible", "time_limit".
SolveStatus solve_status_from_name(std::string_view name);
const char* to_string(SolveStatus status);

/// True when watchmap was built with CBC (method Exact and bound LP available).
bool has_exact_solver();

/// Demand, candidate sites and existing teams as coverage relations, plus demand weights.
struct CoverageProblem {
  CoverageRelation candidates;   ///< demand × candidate sites
  CoverageRelation existing;     ///< demand × existing teams (0 sites when there are none)
  std::vector<double> weights;   ///< one per demand point; empty = every point weighs 1
  PointSet candidate_points;     ///< the candidates (own CRS), for results' x/y; may be empty
  std::string criterion;         ///< e.g. "within 2500 m", for notes
};

/// Options for coverage_problem_within().
struct CoverageProblemOptions {
  std::optional<PointSet> existing{};  ///< DEFAULT: none. Existing teams, fixed and covering.
  std::vector<double> weights{};       ///< DEFAULT: empty = each demand point weighs 1
  int threads = 0;                     ///< DEFAULT: 0 = OpenMP's default
};

/// The problem for a radius: demand within `radius_m` (inclusive) of a site is covered by it. One
/// metric frame for all layers (the CRS rule, in the order demand, candidates, existing). Throws
/// InvalidInput for empty demand or candidates, a bad radius, or weights of the wrong length, NaN
/// or negative; CrsError for layers that cannot be reconciled.
CoverageProblem coverage_problem_within(const PointSet& demand, const PointSet& candidates, double radius_m,
                                        const CoverageProblemOptions& options = {});

/// Checks a problem assembled from relations (e.g. travel time): matching sizes, weights finite
/// and ≥ 0. Throws InvalidInput naming what is wrong.
void validate(const CoverageProblem& problem);

/// Options for place_teams().
struct PlacementOptions {
  int64_t k = 1;                                     ///< DEFAULT: 1. New teams; must be ≥ 0.
  PlacementMethod method = PlacementMethod::Greedy;  ///< DEFAULT: greedy
  bool improve = true;                               ///< DEFAULT: true. 1-swap after greedy.
  BoundMethod bound = BoundMethod::Auto;             ///< DEFAULT: auto
  /// Exact only: stop CBC after this many seconds (CBC may overshoot by a fraction of a second).
  /// 0 = do not search: the greedy answer with status "time_limit" (unless its bound already
  /// proves it optimal). DEFAULT: none = no limit. Must be ≥ 0.
  std::optional<double> time_limit_s{};
  /// Exact only: CBC may stop once its proven relative gap is at most this (status "feasible").
  /// DEFAULT: 0 = prove optimality. Must be in [0, 1).
  double mip_gap = 0.0;
  int threads = 0;  ///< DEFAULT: 0 = OpenMP's default (model reduction); the answer does not depend on it
};

/// A placement of new teams.
struct [[nodiscard]] Placement {
  int64_t k = 0;                      ///< teams asked for
  std::vector<int64_t> chosen;        ///< candidate indices in pick order (best first); ≤ k
  std::vector<double> gain_per_pick;  ///< weight each pick adds given the earlier ones (> 0)
  std::vector<double> chosen_x, chosen_y;  ///< their coordinates in the candidates' CRS
  Crs crs;                            ///< the candidates' CRS
  double covered_weight = 0.0;        ///< existing + new
  double covered_share = 0.0;         ///< covered_weight / total_weight (0 when total is 0)
  double existing_weight = 0.0;       ///< covered by existing teams alone
  double total_weight = 0.0;
  double uncoverable_weight = 0.0;    ///< no candidate and no existing team covers it
  double upper_bound = 0.0;           ///< proven: no k sites cover more (existing included)
  double gap = 0.0;                   ///< (upper_bound − covered_weight) / upper_bound
  SolveStatus status = SolveStatus::Feasible;
  PlacementMethod method = PlacementMethod::Greedy;
  std::string bound_source;           ///< "lagrangian", "lp", "cbc", "all" (everything covered)
  double seconds = 0.0;               ///< wall time of the solve (relation excluded)
  /// Per demand point: its weight, the nearest existing team covering it and the nearest chosen
  /// site covering it (-1 = none; ties to the lowest index).
  std::vector<double> demand_weight;
  std::vector<int64_t> existing_team;
  std::vector<int64_t> new_team;
  std::string notes;                  ///< plain-language remarks, one per line
};

/// The k new sites that cover the most weight (see the file comment for the model, bound, gap
/// and status). Picks that would add nothing are left out and said so in `notes` (e.g. when
/// existing teams already cover everything coverable, or k exceeds the useful candidates).
/// Throws InvalidInput for k < 0, a bad time limit or mip_gap, or Exact/LP without CBC.
Placement place_teams(const CoverageProblem& problem, const PlacementOptions& options = {});

/// Options for min_teams().
struct MinTeamsOptions {
  PlacementMethod method = PlacementMethod::Greedy;  ///< DEFAULT: greedy
  BoundMethod bound = BoundMethod::Auto;             ///< DEFAULT: auto
  std::optional<double> time_limit_s{};              ///< DEFAULT: none (exact only)
  int threads = 0;                                   ///< DEFAULT: 0 = OpenMP's default
};

/// The fewest new teams so that every coverable demand point of positive weight is covered.
struct [[nodiscard]] MinTeams {
  std::vector<int64_t> chosen;        ///< candidate indices, pick order (largest gain first)
  std::vector<double> gain_per_pick;  ///< weight each pick newly covers
  std::vector<double> chosen_x, chosen_y;
  Crs crs;
  int64_t teams = 0;                  ///< chosen.size()
  int64_t lower_bound = 0;            ///< proven: no fewer teams can cover it all
  double gap = 0.0;                   ///< (teams − lower_bound) / teams (0 when teams = 0)
  SolveStatus status = SolveStatus::Feasible;
  PlacementMethod method = PlacementMethod::Greedy;
  std::string bound_source;
  double seconds = 0.0;
  double covered_weight = 0.0, covered_share = 0.0, existing_weight = 0.0, total_weight = 0.0;
  double uncoverable_weight = 0.0;
  std::vector<int64_t> uncoverable;   ///< demand points (weight > 0) nothing can cover
  std::vector<double> demand_weight;
  std::vector<int64_t> existing_team;
  std::vector<int64_t> new_team;
  std::string notes;
};

/// Location set covering: reports the demand no candidate can cover instead of failing. Greedy =
/// most newly covered demand points first (ties to the lowest index), then redundant picks
/// dropped; the lower bound is a dual-feasible packing (and the LP relaxation, as for bounds).
MinTeams min_teams(const CoverageProblem& problem, const MinTeamsOptions& options = {});

/// Options for coverage_curve().
struct CoverageCurveOptions {
  int64_t k_max = 10;                     ///< DEFAULT: 10; must be ≥ 1
  bool improve = true;                    ///< DEFAULT: true (1-swap at each k)
  BoundMethod bound = BoundMethod::Auto;  ///< DEFAULT: auto
  int threads = 0;                        ///< DEFAULT: 0 = OpenMP's default
};

/// Covered share against the number of new teams, with the proven bound at each k.
struct [[nodiscard]] CoverageCurve {
  std::vector<int64_t> k;                 ///< 1 .. k_max
  std::vector<double> covered_weight;     ///< best found with k new teams (existing included)
  std::vector<double> covered_share;
  std::vector<double> upper_bound;        ///< proven at each k
  std::vector<double> upper_share;
  std::vector<double> gap;
  std::vector<int64_t> greedy_pick;       ///< the k-th greedy pick (-1 once nothing adds weight)
  double existing_weight = 0.0, total_weight = 0.0, uncoverable_weight = 0.0;
};

/// place_teams for k = 1 .. k_max (greedy with improvement and bound at each k), sharing the work.
CoverageCurve coverage_curve(const CoverageProblem& problem, const CoverageCurveOptions& options = {});

}  // namespace watchmap
