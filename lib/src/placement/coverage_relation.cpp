#include "watchmap/coverage_relation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "core/in_crs.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/error.hpp"
#include "watchmap/nearest.hpp"

namespace watchmap {

namespace {

constexpr int64_t kMaxPoints = std::numeric_limits<int32_t>::max();

void check_size(int64_t n, const char* what) {
  if (n < 0 || n > kMaxPoints) {
    throw InvalidInput(std::string("coverage relation: ") + what + " has " + std::to_string(n) +
                       " points (limit 2^31 - 1)");
  }
}

/// Fills the site-side lists from the demand-side ones (a counting sort; demand stays ascending).
void transpose(CoverageRelation& r) {
  r.site_offsets.assign(static_cast<size_t>(r.num_sites) + 1, 0);
  for (int32_t s : r.demand_site) ++r.site_offsets[static_cast<size_t>(s) + 1];
  std::partial_sum(r.site_offsets.begin(), r.site_offsets.end(), r.site_offsets.begin());
  r.site_demand.resize(r.demand_site.size());
  r.site_cost.resize(r.demand_site.size());
  std::vector<int64_t> next(r.site_offsets.begin(), r.site_offsets.end() - 1);
  for (int64_t i = 0; i < r.num_demand; ++i) {
    for (int64_t p = r.demand_offsets[i]; p < r.demand_offsets[i + 1]; ++p) {
      const int64_t at = next[r.demand_site[p]]++;
      r.site_demand[at] = static_cast<int32_t>(i);
      r.site_cost[at] = r.demand_cost[p];
    }
  }
}

}  // namespace

CoverageRelation coverage_within(const PointSet& demand, const PointSet& sites, double radius_m, int threads) {
  if (!(radius_m >= 0.0) || !std::isfinite(radius_m)) {
    throw InvalidInput("coverage: radius_m must be finite and >= 0 (got " + detail::fmt(radius_m) + ")");
  }
  check_size(static_cast<int64_t>(demand.size()), "demand");
  check_size(static_cast<int64_t>(sites.size()), "sites");
  const int workers = detail::thread_count(threads);
  CoverageRelation out;
  out.num_demand = static_cast<int64_t>(demand.size());
  out.num_sites = static_cast<int64_t>(sites.size());
  out.demand_offsets.assign(demand.size() + 1, 0);
  if (demand.empty() || sites.empty()) {
    transpose(out);
    return out;
  }
  const Crs frame = analysis_crs({layer_ref(demand, "demand"), layer_ref(sites, "sites")}, Measure::Metres);
  const detail::InCrs<PointSet> d(demand, frame);
  const detail::InCrs<PointSet> s(sites, frame);
  const PointIndex index(s.get());
  const std::vector<double>& dx = d->x();
  const std::vector<double>& dy = d->y();
  const std::vector<double>& sx = s->x();
  const std::vector<double>& sy = s->y();
  std::vector<std::vector<int64_t>> hits(demand.size());
  const int64_t n = out.num_demand;
#pragma omp parallel for schedule(dynamic, 256) num_threads(workers)
  for (int64_t i = 0; i < n; ++i) hits[i] = index.within(dx[i], dy[i], radius_m);
  for (int64_t i = 0; i < n; ++i) out.demand_offsets[i + 1] = out.demand_offsets[i] + static_cast<int64_t>(hits[i].size());
  out.demand_site.resize(static_cast<size_t>(out.demand_offsets[n]));
  out.demand_cost.resize(out.demand_site.size());
#pragma omp parallel for schedule(dynamic, 256) num_threads(workers)
  for (int64_t i = 0; i < n; ++i) {
    int64_t at = out.demand_offsets[i];
    for (int64_t j : hits[i]) {  // ascending (PointIndex::within sorts)
      out.demand_site[at] = static_cast<int32_t>(j);
      out.demand_cost[at] = std::hypot(dx[i] - sx[j], dy[i] - sy[j]);
      ++at;
    }
    std::vector<int64_t>().swap(hits[i]);
  }
  transpose(out);
  return out;
}

CoverageRelation coverage_from_pairs(int64_t num_demand, int64_t num_sites, const std::vector<int64_t>& demand,
                                     const std::vector<int64_t>& site, const std::vector<double>& cost) {
  check_size(num_demand, "demand");
  check_size(num_sites, "sites");
  if (demand.size() != site.size() || demand.size() != cost.size()) {
    throw InvalidInput("coverage relation: demand, site and cost must have the same length (got " +
                       std::to_string(demand.size()) + ", " + std::to_string(site.size()) + ", " +
                       std::to_string(cost.size()) + ")");
  }
  for (size_t p = 0; p < demand.size(); ++p) {
    if (demand[p] < 0 || demand[p] >= num_demand || site[p] < 0 || site[p] >= num_sites) {
      throw InvalidInput("coverage relation: pair " + std::to_string(p) + " (demand " + std::to_string(demand[p]) +
                         ", site " + std::to_string(site[p]) + ") is out of range (" + std::to_string(num_demand) +
                         " demand points, " + std::to_string(num_sites) + " sites)");
    }
    if (std::isnan(cost[p])) throw InvalidInput("coverage relation: cost of pair " + std::to_string(p) + " is NaN");
  }
  std::vector<size_t> order(demand.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (demand[a] != demand[b]) return demand[a] < demand[b];
    if (site[a] != site[b]) return site[a] < site[b];
    return cost[a] < cost[b];
  });
  CoverageRelation out;
  out.num_demand = num_demand;
  out.num_sites = num_sites;
  out.demand_offsets.assign(static_cast<size_t>(num_demand) + 1, 0);
  for (size_t q = 0; q < order.size(); ++q) {
    const size_t p = order[q];
    if (q > 0 && demand[order[q - 1]] == demand[p] && site[order[q - 1]] == site[p]) continue;  // keeps the min
    out.demand_site.push_back(static_cast<int32_t>(site[p]));
    out.demand_cost.push_back(cost[p]);
    ++out.demand_offsets[static_cast<size_t>(demand[p]) + 1];
  }
  std::partial_sum(out.demand_offsets.begin(), out.demand_offsets.end(), out.demand_offsets.begin());
  transpose(out);
  return out;
}

}  // namespace watchmap
