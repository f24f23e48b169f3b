#pragma once
/// @file coverage_relation.hpp  Which demand points each site covers: a sparse 0/1 matrix
/// (demand × sites) kept both ways, with the distance (metres) or travel time (minutes) of each pair.
///
/// Placement (placement.hpp) works on relations only, so any criterion that can list, for every
/// site, the demand it reaches — a radius today, a bounded walking-time search over the terrain
/// tomorrow — plugs in through coverage_from_pairs().
#include <cstdint>
#include <span>
#include <vector>

#include "watchmap/geometry.hpp"

namespace watchmap {

/// A compressed sparse coverage relation between `num_demand` demand points and `num_sites` sites.
/// Both directions are stored (CSR by demand, CSR by site), each list sorted ascending, so the
/// relation can be walked from either side without a search.
struct CoverageRelation {
  int64_t num_demand = 0;
  int64_t num_sites = 0;
  /// Sites covering demand i: demand_site[demand_offsets[i] .. demand_offsets[i+1]), ascending,
  /// with demand_cost the distance (metres) or minutes of each pair.
  std::vector<int64_t> demand_offsets{0};
  std::vector<int32_t> demand_site;
  std::vector<double> demand_cost;
  /// Demand covered by site j: site_demand[site_offsets[j] .. site_offsets[j+1]), ascending.
  std::vector<int64_t> site_offsets{0};
  std::vector<int32_t> site_demand;
  std::vector<double> site_cost;

  int64_t num_pairs() const { return static_cast<int64_t>(demand_site.size()); }
  std::span<const int32_t> sites_of(int64_t demand) const {
    return {demand_site.data() + demand_offsets[demand], demand_site.data() + demand_offsets[demand + 1]};
  }
  std::span<const double> site_costs_of(int64_t demand) const {
    return {demand_cost.data() + demand_offsets[demand], demand_cost.data() + demand_offsets[demand + 1]};
  }
  std::span<const int32_t> demand_of(int64_t site) const {
    return {site_demand.data() + site_offsets[site], site_demand.data() + site_offsets[site + 1]};
  }
};

/// Site j covers demand i when their distance is at most `radius_m` metres (inclusive: d² ≤ r²,
/// exact for integer coordinates). Measured in one metric frame chosen by the CRS rule (demand,
/// then sites: the first layer's CRS when metric, else the UTM zone of its centre). Uses the k-d
/// tree, `threads` threads; the result does not depend on the thread count. Throws InvalidInput for
/// a negative or non-finite radius or more than 2^31 points on either side, CrsError for layers
/// that cannot be reconciled.
CoverageRelation coverage_within(const PointSet& demand, const PointSet& sites, double radius_m, int threads = 0);

/// A relation from pairs (demand[p], site[p]) with cost[p] (metres or minutes), in any order. A
/// repeated pair keeps its smallest cost. Throws InvalidInput for indices out of range, arrays of
/// different lengths or a NaN cost. This is the entry point for travel-time criteria: list, per
/// site, the demand reachable within the limit.
CoverageRelation coverage_from_pairs(int64_t num_demand, int64_t num_sites, const std::vector<int64_t>& demand,
                                     const std::vector<int64_t>& site, const std::vector<double>& cost);

}  // namespace watchmap
