// Names of the placement options, and building/checking a CoverageProblem.
#include <cmath>
#include <string>

#include "core/names.hpp"
#include "core/text.hpp"
#include "placement/solver.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/error.hpp"
#include "watchmap/placement.hpp"

namespace watchmap {

namespace {

constexpr detail::Named<PlacementMethod> kMethods[] = {{PlacementMethod::Greedy, "greedy"},
                                                        {PlacementMethod::Exact, "exact"}};
constexpr detail::Named<BoundMethod> kBounds[] = {
    {BoundMethod::Auto, "auto"}, {BoundMethod::Lagrangian, "lagrangian"}, {BoundMethod::LP, "lp"}};
constexpr detail::Named<SolveStatus> kStatuses[] = {
    {SolveStatus::Optimal, "optimal"}, {SolveStatus::Feasible, "feasible"}, {SolveStatus::TimeLimit, "time_limit"}};

/// A relation with `n` demand points and no sites.
CoverageRelation no_sites(int64_t n) {
  CoverageRelation r;
  r.num_demand = n;
  r.demand_offsets.assign(static_cast<size_t>(n) + 1, 0);
  return r;
}

void check_relation(const CoverageRelation& r, const char* name) {
  const auto n = static_cast<size_t>(r.num_demand), m = static_cast<size_t>(r.num_sites);
  const bool ok = r.num_demand >= 0 && r.num_sites >= 0 && r.demand_offsets.size() == n + 1 &&
                  r.site_offsets.size() == m + 1 && r.demand_offsets.back() == r.num_pairs() &&
                  r.demand_cost.size() == r.demand_site.size() && r.site_demand.size() == r.demand_site.size() &&
                  r.site_offsets.back() == r.num_pairs();
  if (!ok) throw InvalidInput(std::string("coverage problem: the ") + name + " relation is inconsistent");
}

}  // namespace

PlacementMethod placement_method_from_name(std::string_view name) {
  return detail::parse_name(kMethods, name, "method");
}
const char* to_string(PlacementMethod method) { return detail::name_of(kMethods, method); }
BoundMethod bound_method_from_name(std::string_view name) { return detail::parse_name(kBounds, name, "bound"); }
const char* to_string(BoundMethod bound) { return detail::name_of(kBounds, bound); }
SolveStatus solve_status_from_name(std::string_view name) { return detail::parse_name(kStatuses, name, "status"); }
const char* to_string(SolveStatus status) { return detail::name_of(kStatuses, status); }

bool has_exact_solver() { return detail::solver_available(); }

void validate(const CoverageProblem& problem) {
  check_relation(problem.candidates, "candidates");
  const bool no_existing = problem.existing.num_sites == 0;  // may come as an empty relation
  if (!no_existing) check_relation(problem.existing, "existing");
  if (!no_existing && problem.existing.num_demand != problem.candidates.num_demand) {
    throw InvalidInput("coverage problem: the existing-team relation has " +
                       std::to_string(problem.existing.num_demand) + " demand points, the candidate relation " +
                       std::to_string(problem.candidates.num_demand));
  }
  const auto& w = problem.weights;
  if (!w.empty() && static_cast<int64_t>(w.size()) != problem.candidates.num_demand) {
    throw InvalidInput("weight: expected " + std::to_string(problem.candidates.num_demand) + " values (one per demand point), got " +
                       std::to_string(w.size()));
  }
  for (size_t i = 0; i < w.size(); ++i) {
    if (!(w[i] >= 0.0) || !std::isfinite(w[i])) {
      throw InvalidInput("weight: demand point " + std::to_string(i) + " has weight " + detail::fmt(w[i]) +
                         " (weights must be finite and >= 0)");
    }
  }
}

CoverageProblem coverage_problem_within(const PointSet& demand, const PointSet& candidates, double radius_m,
                                        const CoverageProblemOptions& options) {
  if (demand.empty()) throw InvalidInput("placement: demand is empty (nothing to cover)");
  if (candidates.empty()) throw InvalidInput("placement: candidates is empty (nowhere to place a team)");
  const bool has_existing = options.existing && !options.existing->empty();
  std::vector<LayerRef> layers{layer_ref(demand, "demand"), layer_ref(candidates, "candidates")};
  if (has_existing) layers.push_back(layer_ref(*options.existing, "existing"));
  analysis_crs(layers, Measure::Metres);  // one frame for all three, or a CrsError naming them
  CoverageProblem out;
  out.candidates = coverage_within(demand, candidates, radius_m, options.threads);
  out.existing = has_existing ? coverage_within(demand, *options.existing, radius_m, options.threads)
                              : no_sites(static_cast<int64_t>(demand.size()));
  out.weights = options.weights;
  out.candidate_points = candidates;
  out.criterion = "within " + detail::fmt(radius_m) + " m";
  validate(out);
  return out;
}

}  // namespace watchmap
