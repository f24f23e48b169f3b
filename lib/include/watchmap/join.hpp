#pragma once
/// @file join.hpp  Point-in-polygon join: which polygon holds each point.
#include <cstdint>
#include <memory>
#include <vector>

#include "watchmap/geometry.hpp"
#include "watchmap/progress.hpp"

namespace watchmap {

/// Options for locate().
struct LocateOptions {
  /// Worker threads. DEFAULT: 0 = OpenMP's default (OMP_NUM_THREADS or all cores).
  int threads = 0;
  /// Polled about every 50 ms (reprojection, index build, queries); false stops the call with
  /// Cancelled. DEFAULT: none.
  ProgressCallback progress{};
};

/// (point, polygon) pairs where the polygon contains the point, sorted by point then polygon.
struct LocatedPairs {
  std::vector<int64_t> point;
  std::vector<int64_t> polygon;
};

/// A reusable point-in-polygon index over a PolygonSet (build once, query many times; queries are
/// thread-safe). The index copies what it needs, so the PolygonSet may be destroyed after building it.
///
/// Boundary rule: a point on an edge or vertex shared by several polygons goes to exactly one of
/// them, the lowest-indexed, when the point lies exactly on the edge in floating point (always
/// true for vertices and axis-parallel edges); otherwise the consistent half-open crossing rule
/// still gives it to exactly one. A point on a polygon's outer edge belongs to that polygon.
/// Holes are outside their polygon; every part of a multipolygon is inside.
class PolygonLocator {
 public:
  /// `progress` is polled while building (a million cells take about a second); false cancels.
  explicit PolygonLocator(const PolygonSet& polygons, const ProgressCallback& progress = {});
  ~PolygonLocator();
  PolygonLocator(PolygonLocator&&) noexcept;
  PolygonLocator& operator=(PolygonLocator&&) noexcept;

  /// Index of the polygon holding (x, y), or -1.
  int64_t locate(double x, double y) const;
  /// For every point: the index of its polygon, or -1. Runs on `threads` threads; the result does
  /// not depend on the thread count. `options.progress` is polled every 4,096 points (false
  /// cancels: Cancelled).
  std::vector<int64_t> locate(const PointSet& points, const LocateOptions& options = {}) const;
  /// Every polygon holding each point, for polygons that overlap (service areas, catchments): a
  /// point inside several appears once with each. Polygons are closed here: a point on an edge or
  /// vertex is in every polygon that has it, so a point on an edge shared by two tiles is in both.
  LocatedPairs locate_all(const PointSet& points, const LocateOptions& options = {}) const;
  /// How many points lie strictly inside two or more polygons: the points locate() gave to only
  /// one of several (0 when the polygons do not overlap; edges shared by tiles do not count).
  int64_t count_in_several(const PointSet& points, const LocateOptions& options = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// For every point, the index of the polygon that contains it, or -1 (see PolygonLocator for the
/// boundary rule). Points in another CRS are transformed into the polygons' CRS first; a layer
/// without a CRS mixed with one that has a CRS is a CrsError.
std::vector<int64_t> locate(const PointSet& points, const PolygonSet& polygons, const LocateOptions& options = {});

/// PolygonLocator::locate_all on `polygons`, points brought into their CRS as locate() does.
LocatedPairs locate_all(const PointSet& points, const PolygonSet& polygons, const LocateOptions& options = {});

/// PolygonLocator::count_in_several on `polygons`, points brought into their CRS.
int64_t count_in_several(const PointSet& points, const PolygonSet& polygons, const LocateOptions& options = {});

}  // namespace watchmap
