#pragma once
/// @file polygonize.hpp  Raster regions as polygons (GDAL's polygonize, kept private to io/).
#include <cstdint>
#include <vector>

#include "watchmap/geometry.hpp"
#include "watchmap/grid.hpp"

namespace watchmap {

/// The cells of each class as polygons: feature k (k = 0 … class_count − 1) is the union of the
/// cells whose value in `classes` (row-major, row 0 = north) is k, as a multipolygon of its
/// 4-connected regions (holes kept; regions touching only at a corner are separate parts). Other
/// values (e.g. −1) belong to no feature. Polygon edges run along cell edges, so each feature's
/// area is its cell count × the cell area. CRS: the grid's. Throws InvalidInput when `classes`
/// does not match the grid or class_count < 1.
PolygonSet polygonize(const Grid& grid, const std::vector<int32_t>& classes, int32_t class_count);

}  // namespace watchmap
