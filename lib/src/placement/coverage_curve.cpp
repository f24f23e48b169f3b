#include <algorithm>
#include <string>

#include "core/parallel.hpp"
#include "placement/bound.hpp"
#include "placement/common.hpp"
#include "placement/greedy.hpp"
#include "placement/residual.hpp"
#include "placement/solver.hpp"
#include "watchmap/error.hpp"
#include "watchmap/placement.hpp"

namespace watchmap {

namespace {
constexpr int kSubgradientSteps = 100;  // as place_teams

/// Row weights with the rows `sites` cover set to 0 (what a further site would add).
std::vector<double> residual_weight(const detail::Residual& res, const std::vector<int32_t>& sites) {
  std::vector<double> w = res.row_weight;
  for (int32_t s : sites) {
    for (int32_t row : res.rows(s)) w[row] = 0.0;
  }
  return w;
}
}  // namespace

CoverageCurve coverage_curve(const CoverageProblem& problem, const CoverageCurveOptions& options) {
  validate(problem);
  if (options.k_max < 1) {
    throw InvalidInput("coverage_curve: k_max must be >= 1 (got " + std::to_string(options.k_max) + ")");
  }
  if (options.bound == BoundMethod::LP) detail::require_solver("coverage_curve", "bound='lp'");
  const int threads = detail::thread_count(options.threads);
  const detail::Residual res = detail::make_residual(problem);
  const detail::Reduced model = detail::reduce_dominated(res, threads);
  const double tol = detail::weight_tolerance(res);
  const bool lp = res.num_rows() > 0 && detail::use_lp_bound(options.bound, model);
  // Greedy is nested: its first k picks are its answer for k.
  const detail::Picks greedy = detail::lazy_greedy(res, res.row_weight, options.k_max);

  CoverageCurve out;
  out.existing_weight = res.existing_weight;
  out.total_weight = res.total_weight;
  out.uncoverable_weight = res.uncoverable_weight;
  std::vector<int32_t> previous;  // best set found for k − 1
  for (int64_t k = 1; k <= options.k_max; ++k) {
    const auto take = std::min<size_t>(static_cast<size_t>(k), greedy.sites.size());
    std::vector<int32_t> sites(greedy.sites.begin(), greedy.sites.begin() + static_cast<std::ptrdiff_t>(take));
    // Also try the previous answer plus its best addition, so the curve never falls.
    std::vector<int32_t> grown = previous;
    const detail::Picks add = detail::lazy_greedy(res, residual_weight(res, grown), 1);
    if (!add.sites.empty()) grown.push_back(add.sites[0]);
    if (detail::covered_value(res, grown) > detail::covered_value(res, sites)) sites = grown;
    if (options.improve && static_cast<int64_t>(sites.size()) == k) detail::improve_by_swaps(res, sites, tol);
    double value = detail::covered_value(res, sites);
    double bound = 0.0;
    if (res.num_rows() == 0) {
      bound = 0.0;
    } else if (k >= model.num_cols()) {
      bound = model.total_weight;
      sites = model.cols;  // every useful site covers everything coverable
      value = model.total_weight;
    } else {
      bound = detail::lagrangian_bound(model, k, value, kSubgradientSteps);
      if (lp) {
        const std::vector<double> lambda = detail::mclp_lp_multipliers(model, k);
        if (!lambda.empty()) bound = std::min(bound, detail::lagrangian_value(model, lambda, k));
      }
    }
    previous = sites;
    out.k.push_back(k);
    out.covered_weight.push_back(value);
    out.upper_bound.push_back(bound);
    out.greedy_pick.push_back(k <= static_cast<int64_t>(greedy.sites.size()) ? greedy.sites[k - 1] : -1);
  }
  // More teams never cover less, so a bound at k + 1 also bounds k.
  for (size_t t = out.k.size() - 1; t-- > 0;) out.upper_bound[t] = std::min(out.upper_bound[t], out.upper_bound[t + 1]);
  for (size_t t = 0; t < out.k.size(); ++t) {
    const double bound = detail::proven_upper(out.upper_bound[t], out.covered_weight[t], res);
    const double covered = res.existing_weight + out.covered_weight[t];
    const double upper = res.existing_weight + bound;
    out.covered_weight[t] = covered;
    out.upper_bound[t] = upper;
    out.covered_share.push_back(res.total_weight > 0.0 ? covered / res.total_weight : 0.0);
    out.upper_share.push_back(res.total_weight > 0.0 ? upper / res.total_weight : 0.0);
    out.gap.push_back(upper > 0.0 ? (upper - covered) / upper : 0.0);
  }
  return out;
}

}  // namespace watchmap
