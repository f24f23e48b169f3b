#pragma once
// Greedy building blocks on the residual problem: lazy greedy (CELF), best-improvement 1-swaps,
// and the greedy order of a given set of sites.
#include <cstdint>
#include <span>
#include <vector>

#include "placement/residual.hpp"

namespace watchmap::detail {

/// Sites in pick order and the value each adds given the earlier ones.
struct Picks {
  std::vector<int32_t> sites;
  std::vector<double> gains;
  double value = 0.0;
};

/// Lazy greedy (CELF): up to k sites, each adding the most `row_value` over rows not yet covered
/// (ties to the lowest index), among `among` (empty = all candidates). Stops early once nothing
/// adds anything. Coverage is submodular, so stale gains are upper bounds and the lazy order
/// gives exactly the plain greedy's picks.
Picks lazy_greedy(const Residual& residual, const std::vector<double>& row_value, int64_t k,
                  std::span<const int32_t> among = {});

/// Best-improvement 1-swaps on `sites` (replace one site by one outside) while a swap adds more
/// than `tolerance` of row weight; ties to the earliest position, then the lowest candidate.
/// Returns the number of swaps made.
int improve_by_swaps(const Residual& residual, std::vector<int32_t>& sites, double tolerance, int max_swaps = 1000);

/// Row weight covered by `sites`.
double covered_value(const Residual& residual, std::span<const int32_t> sites);

/// Fewest-sites greedy for covering every row: most newly covered demand points first (ties to the
/// lowest index), then picks whose rows are all covered by other picks dropped (latest first).
std::vector<int32_t> greedy_cover(const Residual& residual);

}  // namespace watchmap::detail
