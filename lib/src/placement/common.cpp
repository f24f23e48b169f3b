#include "placement/common.hpp"

#include <cmath>

#include "core/text.hpp"
#include "placement/solver.hpp"
#include "watchmap/error.hpp"

namespace watchmap::detail {

namespace {
/// "auto" adds the LP bound up to this many nonzeros in the reduced model (Clp then takes a few
/// milliseconds; the 5000 × 500 benchmark model has about 100,000 and takes about a second).
constexpr int64_t kAutoLpNonzeros = 20000;
}  // namespace

void require_solver(const char* function, const char* what) {
  if (!solver_available()) {
    throw InvalidInput(std::string(function) + ": " + what +
                       " needs CBC, and watchmap was built without it (install coinor-libcbc-dev and rebuild; "
                       "method='greedy' still gives a proven bound)");
  }
}

void check_time_limit(const char* function, const std::optional<double>& time_limit_s) {
  if (time_limit_s && !(*time_limit_s >= 0.0 && std::isfinite(*time_limit_s))) {
    throw InvalidInput(std::string(function) + ": time_limit_s must be finite and >= 0 (got " +
                       detail::fmt(*time_limit_s) + ")");
  }
}

bool use_lp_bound(BoundMethod bound, const Reduced& model) {
  if (bound == BoundMethod::LP) return true;
  return bound == BoundMethod::Auto && solver_available() && model.num_nonzeros() <= kAutoLpNonzeros;
}

double weight_tolerance(const Residual& res) { return res.integral ? 0.5 : 1e-12 * res.open_weight; }

double proven_upper(double bound, double achieved, const Residual& res) {
  const double slack = 1e-9 * res.open_weight;
  double out = res.integral ? std::floor(bound + slack) : bound + slack;
  if (out - achieved <= 2.0 * slack) out = achieved;
  return std::max(out, achieved);
}

Picks in_pick_order(const Residual& res, std::span<const int32_t> sites) {
  if (sites.empty()) return {};
  return lazy_greedy(res, res.row_weight, static_cast<int64_t>(sites.size()), sites);
}

std::vector<int64_t> nearest_chosen(const CoverageRelation& rel, std::span<const int32_t> chosen) {
  std::vector<char> is_chosen(static_cast<size_t>(rel.num_sites), 0);
  for (int32_t s : chosen) is_chosen[s] = 1;
  std::vector<int64_t> out(static_cast<size_t>(rel.num_demand), -1);
  for (int64_t i = 0; i < rel.num_demand; ++i) {
    const auto sites = rel.sites_of(i);
    const auto costs = rel.site_costs_of(i);
    double best = 0.0;
    for (size_t p = 0; p < sites.size(); ++p) {
      if (is_chosen[sites[p]] && (out[i] < 0 || costs[p] < best)) {
        out[i] = sites[p];
        best = costs[p];
      }
    }
  }
  return out;
}

void site_columns(const CoverageProblem& problem, std::span<const int32_t> sites, std::vector<int64_t>& chosen,
                  std::vector<double>& x, std::vector<double>& y, Crs& crs) {
  chosen.assign(sites.begin(), sites.end());
  const PointSet& points = problem.candidate_points;
  if (static_cast<int64_t>(points.size()) != problem.candidates.num_sites) return;
  crs = points.crs();
  for (int32_t s : sites) {
    x.push_back(points.x()[s]);
    y.push_back(points.y()[s]);
  }
}

std::string uncoverable_note(const Residual& res) {
  if (res.uncoverable.empty()) return "";
  return std::to_string(res.uncoverable.size()) + " demand point" + (res.uncoverable.size() == 1 ? "" : "s") +
         " (weight " + detail::fmt(res.uncoverable_weight) +
         ") cannot be covered by any candidate or existing team.";
}

void add_note(std::string& notes, const std::string& line) {
  if (line.empty()) return;
  if (!notes.empty()) notes += "\n";
  notes += line;
}

}  // namespace watchmap::detail
