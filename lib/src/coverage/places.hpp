#pragma once
// The most populous place of each hamlet, from population points.
#include <cstdint>
#include <vector>

#include "watchmap/geometry.hpp"

namespace watchmap::detail {

/// For each of `hamlets` hamlets: the index of the population point at the heart of its densest
/// 3 × 3 block of `cell_m` squares (the block with the most residents; ties to the lowest block),
/// namely the point of that block nearest to the block's residents-weighted centre (ties to the
/// lower index); -1 for a hamlet without points of positive weight. `hamlet_of[i]` is point i's
/// hamlet (-1 = none), `weight` its residents.
std::vector<int64_t> most_populous_points(size_t hamlets, const PointSet& points, const std::vector<int64_t>& hamlet_of,
                                          const std::vector<double>& weight, double cell_m);

}  // namespace watchmap::detail
