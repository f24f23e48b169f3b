#pragma once
/// @file nearest.hpp  Nearest neighbours and fixed-radius pairs between point sets (k-d tree).
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "watchmap/geometry.hpp"
#include "watchmap/progress.hpp"

namespace watchmap {

/// A static 2-D k-d tree over a point set. Queries are thread-safe and exact; ties in distance
/// resolve to the lowest target index, so results never depend on tree shape or thread count.
class PointIndex {
 public:
  /// `progress` is polled while building (ten million targets take seconds); false cancels.
  explicit PointIndex(const PointSet& targets, const ProgressCallback& progress = {});
  ~PointIndex();
  PointIndex(PointIndex&&) noexcept;
  PointIndex& operator=(PointIndex&&) noexcept;

  size_t size() const;
  /// Nearest target to (x, y) within `max_distance` (inclusive): its index and squared distance,
  /// or index -1 when none is that close.
  std::pair<int64_t, double> nearest(double x, double y,
                                     double max_distance = std::numeric_limits<double>::infinity()) const;
  /// Indices of all targets within `radius` (inclusive) of (x, y), ascending.
  std::vector<int64_t> within(double x, double y, double radius) const;
  /// How many targets lie within `radius` (inclusive) of (x, y), without listing them.
  size_t count_within(double x, double y, double radius) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Options for nearest().
struct NearestOptions {
  /// Only targets at most this far (metres, inclusive) count. DEFAULT: infinity.
  double max_distance_m = std::numeric_limits<double>::infinity();
  /// DEFAULT: 0 = OpenMP's default.
  int threads = 0;
  /// Polled about every 50 ms (reprojection, tree build, queries); false stops the call with
  /// Cancelled. DEFAULT: none.
  ProgressCallback progress{};
};

/// For each point: the index of the nearest target (-1 when none within max_distance_m, or no
/// targets) and the distance in metres (infinity when -1).
struct NearestResult {
  std::vector<int64_t> index;
  std::vector<double> distance_m;
};

/// Nearest target for every point, measured in metres: in the points' CRS when it is metric,
/// otherwise in the UTM zone of the points' centre (targets are brought into that frame).
/// Throws CrsError when exactly one layer lacks a CRS, InvalidInput when max_distance_m < 0 or NaN.
NearestResult nearest(const PointSet& points, const PointSet& targets, const NearestOptions& options = {});

/// Sparse pairs (i in a, j in b) with distance <= radius_m, sorted by i then j.
struct PairList {
  std::vector<int64_t> a, b;
  std::vector<double> distance_m;
};

/// All pairs within `radius_m` metres (inclusive), measured as nearest() does. Throws InvalidInput
/// when radius_m is negative or not finite, and — before building anything — when the pair count
/// estimated from a sample of `a` would need more than `max_bytes` (DEFAULT: 0 = half the memory
/// free now), naming the estimate.
PairList pairs_within(const PointSet& a, const PointSet& b, double radius_m, int threads = 0, double max_bytes = 0.0);

}  // namespace watchmap
