#pragma once
/// @file wkb.hpp  Well-known binary for exchanging geometries with GeoPandas/Shapely/PostGIS.
#include <string>
#include <vector>

#include "watchmap/geometry.hpp"

namespace watchmap {

/// One WKB blob per feature (Polygon, or MultiPolygon for several parts; empty features give an
/// empty Polygon), little-endian, 2-D.
std::vector<std::string> to_wkb(const PolygonSet& polygons);

/// Polygons from WKB blobs (Polygon, MultiPolygon; an empty string or empty geometry gives an
/// empty feature). Throws InvalidInput naming the row for other types or unreadable bytes.
PolygonSet polygons_from_wkb(const std::vector<std::string>& blobs, Crs crs = {});

}  // namespace watchmap
