#pragma once
/// @file geometry.hpp  The core vector types: Box, PointSet, PolygonSet, LineSet.
///
/// Coordinates are plain contiguous arrays (structure of arrays) so Python sees them as numpy
/// arrays without copies and analytics can read them from many threads. Polygons use the
/// GeoArrow layout: features → parts → rings → vertices, offsets into one coordinate array.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "watchmap/crs.hpp"
#include "watchmap/table.hpp"

namespace watchmap {

/// The largest coordinate magnitude a layer may hold. No map unit comes near it (the Earth is
/// 4e7 m round; 1e15 is a trillion kilometres), and beyond about 1e150 squared distances, areas
/// and GEOS's own arithmetic overflow (GEOS's repair loops forever on coordinates near 1e302,
/// found by tests/fuzz/fuzz_make_valid), so larger values are refused where layers are made.
inline constexpr double kMaxCoordinate = 1e15;

/// Axis-aligned rectangle in layer units. An empty box has xmin > xmax.
struct Box {
  double xmin = 1.0, ymin = 1.0, xmax = 0.0, ymax = 0.0;

  bool empty() const { return xmin > xmax || ymin > ymax; }
  double width() const { return empty() ? 0.0 : xmax - xmin; }
  double height() const { return empty() ? 0.0 : ymax - ymin; }
  /// Grows the box to include (x, y).
  void extend(double x, double y);
  void extend(const Box& other);
  bool intersects(const Box& other) const;
  /// Inclusive on all four sides.
  bool contains(double x, double y) const { return x >= xmin && x <= xmax && y >= ymin && y <= ymax; }
};

/// Points with optional per-point weight and time, a CRS, and attribute columns.
/// Invariant: every coordinate is finite and within ±kMaxCoordinate (construction throws
/// InvalidInput naming the row).
class PointSet {
 public:
  PointSet() = default;
  /// Throws InvalidInput when lengths differ or a coordinate is NaN/inf or beyond ±kMaxCoordinate
  /// (names the row).
  PointSet(std::vector<double> x, std::vector<double> y, Crs crs = {});

  size_t size() const { return x_.size(); }
  bool empty() const { return x_.empty(); }
  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& y() const { return y_; }
  const Crs& crs() const { return crs_; }

  /// Per-point weight (e.g. a count or severity). Empty when unweighted.
  const std::vector<double>& weight() const { return weight_; }
  bool has_weight() const { return !weight_.empty(); }
  /// Throws InvalidInput on length mismatch or a non-finite weight (names the row).
  void set_weight(std::vector<double> weight);

  /// Per-point time, seconds since 1970-01-01 UTC. Empty when absent.
  const std::vector<int64_t>& time() const { return time_; }
  bool has_time() const { return !time_.empty(); }
  void set_time(std::vector<int64_t> time);
  /// The data's own time zone (IANA name such as "America/Chicago"), used to show times and to
  /// bucket them by day, month or year; "" = unknown (times shown and bucketed in UTC).
  const std::string& time_zone() const { return time_zone_; }
  void set_time_zone(std::string time_zone) { time_zone_ = std::move(time_zone); }
  /// Name of the column the times came from and are written to. DEFAULT: "time".
  const std::string& time_column() const { return time_column_; }
  void set_time_column(std::string name) { time_column_ = name.empty() ? "time" : std::move(name); }

  const Table& attributes() const { return attributes_; }
  /// Throws InvalidInput when the table's row count differs from size().
  void set_attributes(Table table);

  /// Bounding box (empty box for an empty set).
  Box bounds() const;
  /// The points re-expressed in `crs` (attributes, weights and times kept).
  /// Throws CrsError when either CRS is empty and they differ.
  PointSet to_crs(const Crs& crs) const;
  /// Points `rows`, in that order.
  PointSet take(const std::vector<int64_t>& rows) const;

  /// Replaces the CRS label without moving coordinates (for data whose CRS was unknown).
  void set_crs(Crs crs) { crs_ = std::move(crs); }

 private:
  std::vector<double> x_, y_, weight_;
  std::vector<int64_t> time_;
  std::string time_zone_;
  std::string time_column_ = "time";
  Crs crs_;
  Table attributes_;
};

/// Polygons and multipolygons with holes, one per feature, with a CRS and attribute columns.
///
/// Layout (GeoArrow): vertices `x`, `y`; ring r spans vertices [ring_offsets[r], ring_offsets[r+1]);
/// part p spans rings [part_offsets[p], part_offsets[p+1]) and its first ring is the shell;
/// feature f spans parts [feature_offsets[f], feature_offsets[f+1]). Rings are closed (first
/// vertex repeated last) and have at least 4 vertices. A feature may have zero parts (empty).
class PolygonSet {
 public:
  PolygonSet() : ring_offsets_{0}, part_offsets_{0}, feature_offsets_{0} {}
  /// From raw GeoArrow arrays; throws InvalidInput when offsets are inconsistent, a ring is not
  /// closed or too short, or a coordinate is not finite or beyond ±kMaxCoordinate (names the
  /// feature).
  PolygonSet(std::vector<double> x, std::vector<double> y, std::vector<int64_t> ring_offsets,
             std::vector<int64_t> part_offsets, std::vector<int64_t> feature_offsets, Crs crs = {});

  /// Number of features.
  size_t size() const { return feature_offsets_.size() - 1; }
  bool empty() const { return size() == 0; }
  size_t num_parts() const { return part_offsets_.size() - 1; }
  size_t num_rings() const { return ring_offsets_.size() - 1; }
  size_t num_vertices() const { return x_.size(); }

  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& y() const { return y_; }
  const std::vector<int64_t>& ring_offsets() const { return ring_offsets_; }
  const std::vector<int64_t>& part_offsets() const { return part_offsets_; }
  const std::vector<int64_t>& feature_offsets() const { return feature_offsets_; }
  const Crs& crs() const { return crs_; }
  void set_crs(Crs crs) { crs_ = std::move(crs); }

  const Table& attributes() const { return attributes_; }
  void set_attributes(Table table);

  /// Bounding box of all features / of one feature.
  Box bounds() const;
  Box feature_bounds(size_t feature) const;
  /// Area of each feature in squared CRS units (shells minus holes; shoelace formula).
  std::vector<double> areas() const;
  /// Features re-expressed in `crs` (vertices transformed; edges are not densified).
  PolygonSet to_crs(const Crs& crs) const;
  /// Features `rows`, in that order.
  PolygonSet take(const std::vector<int64_t>& rows) const;

  /// Incremental construction: add rings, close parts, close features.
  class Builder {
   public:
    explicit Builder(Crs crs = {});
    /// Adds a ring to the current part (the first ring of a part is its shell). The ring is
    /// closed if its last vertex differs from its first.
    void add_ring(std::span<const double> x, std::span<const double> y);
    /// Ends the current part (no-op when it has no rings).
    void end_part();
    /// Ends the current feature (a feature with no parts is empty).
    void end_feature();
    /// Finishes; throws InvalidInput as the raw constructor does.
    PolygonSet build();

   private:
    std::vector<double> x_, y_;
    std::vector<int64_t> rings_{0}, parts_{0}, features_{0};
    Crs crs_;
  };

 private:
  std::vector<double> x_, y_;
  std::vector<int64_t> ring_offsets_, part_offsets_, feature_offsets_;
  Crs crs_;
  Table attributes_;
};

/// Lines and multilines, one per feature (roads, rivers), with a CRS and attribute columns.
///
/// Layout (GeoArrow multilinestring): vertices `x`, `y`; part p spans vertices
/// [part_offsets[p], part_offsets[p+1]) and has at least 2 vertices; feature f spans parts
/// [feature_offsets[f], feature_offsets[f+1]). A feature may have zero parts (empty).
class LineSet {
 public:
  LineSet() : part_offsets_{0}, feature_offsets_{0} {}
  /// From raw GeoArrow arrays; throws InvalidInput when offsets are inconsistent, a part has fewer
  /// than 2 vertices, or a coordinate is not finite (names the feature).
  LineSet(std::vector<double> x, std::vector<double> y, std::vector<int64_t> part_offsets,
          std::vector<int64_t> feature_offsets, Crs crs = {});

  size_t size() const { return feature_offsets_.size() - 1; }
  bool empty() const { return size() == 0; }
  size_t num_parts() const { return part_offsets_.size() - 1; }
  size_t num_vertices() const { return x_.size(); }
  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& y() const { return y_; }
  const std::vector<int64_t>& part_offsets() const { return part_offsets_; }
  const std::vector<int64_t>& feature_offsets() const { return feature_offsets_; }
  const Crs& crs() const { return crs_; }
  void set_crs(Crs crs) { crs_ = std::move(crs); }

  const Table& attributes() const { return attributes_; }
  void set_attributes(Table table);

  Box bounds() const;
  /// Length of each feature in CRS units (metres in a metric CRS).
  std::vector<double> lengths() const;
  /// Features re-expressed in `crs` (vertices transformed; segments are not densified).
  LineSet to_crs(const Crs& crs) const;
  /// Features `rows`, in that order.
  LineSet take(const std::vector<int64_t>& rows) const;

  /// Incremental construction: add parts (linestrings), close features.
  class Builder {
   public:
    explicit Builder(Crs crs = {});
    /// Adds a linestring to the current feature (ignored when it has no vertices).
    void add_part(std::span<const double> x, std::span<const double> y);
    void end_feature();
    LineSet build();

   private:
    std::vector<double> x_, y_;
    std::vector<int64_t> parts_{0}, features_{0};
    Crs crs_;
  };

 private:
  std::vector<double> x_, y_;
  std::vector<int64_t> part_offsets_, feature_offsets_;
  Crs crs_;
  Table attributes_;
};

}  // namespace watchmap
