#pragma once
/// @file polygon_ops.hpp  Polygon operations done by GEOS: validity, repair, union, clipping,
/// Voronoi cells. Each works feature by feature and keeps attributes where features are kept.
#include <string>
#include <vector>

#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"

namespace watchmap {

/// For each feature, "" when valid, else GEOS's reason (e.g. "Self-intersection[3 4]").
std::vector<std::string> validity_problems(const PolygonSet& polygons);

/// Repairs invalid features with GEOS MakeValid (keeping only polygonal parts); reports each
/// repair through `warn` naming the feature and the reason. With `strict`, throws GeometryError
/// for the first invalid feature instead. `layer` names the layer in messages.
PolygonSet make_valid(const PolygonSet& polygons, bool strict, const WarningHandler& warn,
                      const std::string& layer = "polygons");

/// Union of all features as one feature (multipolygon when disjoint). CRS kept, no attributes.
PolygonSet union_all(const PolygonSet& polygons);

/// Each feature of `polygons` intersected with the union of `mask`; features that miss the mask
/// become empty. Attributes kept. Throws CrsError when the CRSs differ.
PolygonSet clip(const PolygonSet& polygons, const PolygonSet& mask);

/// Voronoi cells of `seeds` clipped to the union of `boundary`, one per seed in seed order
/// (duplicate seeds: the later copies get empty cells). Throws InvalidInput on fewer than 1 seed.
PolygonSet voronoi_cells(const PointSet& seeds, const PolygonSet& boundary);

/// Area of the pairwise intersection of feature `i` of `a` and feature `j` of `b`.
double intersection_area(const PolygonSet& a, size_t i, const PolygonSet& b, size_t j);

}  // namespace watchmap
