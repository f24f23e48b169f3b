#pragma once
/// @file overlay.hpp  Areas that coverage is made of, done by GEOS: disks around points,
/// differences, the area each polygon shares with a cover, parts as features, a point inside
/// each polygon. (Validity, union and clipping are in polygon_ops.hpp.)
#include <vector>

#include "watchmap/geometry.hpp"

namespace watchmap {

/// One disk of `radius_m` (CRS units) around each point: a regular polygon with
/// 4·`quadrant_segments` vertices on the circle (GEOS buffer), so its area falls short of πr² by
/// the fraction disk_area_error(). Radius 0 gives empty features. Throws InvalidInput for a negative
/// or non-finite radius or quadrant_segments outside 1..1000.
PolygonSet disks(const PointSet& centres, double radius_m, int quadrant_segments);

/// 1 − (2q/π)·sin(π/(2q)): how much less area a disk of q segments per quarter circle has than the
/// circle (0.64 % for GEOS's default q = 8, 0.040 % for q = 32, 0.010 % for q = 64).
double disk_area_error(int quadrant_segments);

/// Each feature of `polygons` minus the union of `minus` (features wholly removed become empty).
/// Attributes kept. Throws CrsError when the CRSs differ.
PolygonSet difference(const PolygonSet& polygons, const PolygonSet& minus);

/// For each feature of `polygons`, the area it shares with the union of `cover` (CRS units²).
/// Runs on `threads` threads (0 = OpenMP's default); the answer does not depend on it.
std::vector<double> intersection_areas(const PolygonSet& polygons, const PolygonSet& cover, int threads = 0);

/// Every part (polygon) of every feature as a feature of its own, in order. Attributes: `feature`,
/// the index of the feature it came from.
PolygonSet explode(const PolygonSet& polygons);

/// A point inside each feature (GEOS point-on-surface; its centroid when that lies inside is not
/// promised). Throws InvalidInput naming the first empty feature.
PointSet representative_points(const PolygonSet& polygons);

}  // namespace watchmap
