#pragma once
// Sources of a search located in their graph cells (shared by travel_time and reachable_*).
#include <cstdint>
#include <vector>

#include "travel/graph_data.hpp"

namespace watchmap::detail {

/// The padded cell of each source, after bringing the points into the graph's CRS (the CRS rule:
/// the DEM fixes the frame). Throws InvalidInput naming the source (and its id) when it is outside
/// the grid or on an impassable cell; `what` names the caller in messages. The sources' coordinates
/// in the graph's CRS go to x_out/y_out when given.
std::vector<uint32_t> source_cells(const detail::TravelGraphData& g, const PointSet& sources, const char* what,
                                   std::vector<double>* x_out = nullptr, std::vector<double>* y_out = nullptr);

}  // namespace watchmap::detail
