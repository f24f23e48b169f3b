#pragma once
/// @file wkb.hpp  Well-known binary for exchanging geometries with GeoPandas/Shapely/PostGIS.
#include <string>
#include <vector>

#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"

namespace watchmap {

/// One WKB blob per feature (Polygon, or MultiPolygon for several parts; empty features give an
/// empty Polygon), little-endian, 2-D.
std::vector<std::string> to_wkb(const PolygonSet& polygons);

/// Options for polygons_from_wkb().
struct WkbReadOptions {
  /// The one validity policy of every way polygons come in (files, GeoPandas, WKB). DEFAULT:
  /// false = invalid polygons are repaired with GEOS MakeValid and reported through `warn`,
  /// naming the feature and GEOS's reason; true = GeometryError for the first invalid one.
  bool strict = false;
  WarningHandler warn{};
  /// Names the source in messages. DEFAULT: "WKB".
  std::string source = "WKB";
};

/// Polygons from WKB blobs (Polygon, MultiPolygon; an empty string or empty geometry gives an
/// empty feature), made valid as `options` say. Throws InvalidInput naming the row for other
/// types or unreadable bytes.
PolygonSet polygons_from_wkb(const std::vector<std::string>& blobs, Crs crs = {}, const WkbReadOptions& options = {});

/// One WKB blob per feature (MultiLineString; empty features give an empty MultiLineString).
std::vector<std::string> to_wkb(const LineSet& lines);

/// Lines from WKB blobs (LineString, MultiLineString; an empty string or geometry gives an empty
/// feature). Throws InvalidInput naming the row for other types or unreadable bytes.
LineSet lines_from_wkb(const std::vector<std::string>& blobs, Crs crs = {});

}  // namespace watchmap
