// Disks, differences, shared areas, parts and inner points through GEOS (watchmap/overlay.hpp).
#include "watchmap/overlay.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/in_crs.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"
#include "geom/geos.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/error.hpp"

namespace watchmap {

using detail::checked;
using detail::GeomPtr;
using detail::geos;

namespace {

GeomPtr union_of(const PolygonSet& polygons, const char* what) {
  if (polygons.num_parts() == 0) return checked(GEOSGeom_createEmptyPolygon_r(geos()), what);
  GeomPtr all = detail::to_geos_collection(polygons);
  return checked(GEOSUnaryUnion_r(geos(), all.get()), what);
}

double area_of(const GEOSGeometry* g, const std::string& what) {
  double area = 0.0;
  if (GEOSArea_r(geos(), g, &area) != 1) throw GeometryError(what + ": " + detail::take_geos_error());
  return area;
}

}  // namespace

double disk_area_error(int q) { return 1.0 - (2.0 * q / std::numbers::pi) * std::sin(std::numbers::pi / (2.0 * q)); }

PolygonSet disks(const PointSet& centres, double radius_m, int quadrant_segments) {
  if (!(radius_m >= 0.0) || !std::isfinite(radius_m)) {
    throw InvalidInput("disks: radius must be finite and >= 0 (got " + detail::fmt(radius_m) + ")");
  }
  if (quadrant_segments < 1 || quadrant_segments > 1000) {
    throw InvalidInput("disks: quadrant_segments must be between 1 and 1000 (got " + std::to_string(quadrant_segments) + ")");
  }
  PolygonSet::Builder builder(centres.crs());
  for (size_t i = 0; i < centres.size(); ++i) {
    if (radius_m > 0.0) {
      GeomPtr point = detail::to_geos_point(centres.x()[i], centres.y()[i]);
      GeomPtr disk = checked(GEOSBuffer_r(geos(), point.get(), radius_m, quadrant_segments), "disks: buffer");
      detail::append_polygonal(builder, disk.get());
    }
    builder.end_feature();
  }
  return builder.build();
}

PolygonSet difference(const PolygonSet& polygons, const PolygonSet& minus) {
  const Crs frame = analysis_crs({layer_ref(polygons, "polygons"), layer_ref(minus, "minus")}, Measure::Topology);
  GeomPtr cut = union_of(detail::InCrs<PolygonSet>(minus, frame).get(), "difference: union");
  PolygonSet::Builder builder(polygons.crs());
  for (size_t f = 0; f < polygons.size(); ++f) {
    GeomPtr g = detail::to_geos(polygons, f);
    GeomPtr rest = checked(GEOSDifference_r(geos(), g.get(), cut.get()), "difference: feature " + std::to_string(f));
    detail::append_polygonal(builder, rest.get());
    builder.end_feature();
  }
  PolygonSet out = builder.build();
  out.set_attributes(polygons.attributes());
  return out;
}

std::vector<double> intersection_areas(const PolygonSet& polygons, const PolygonSet& cover_layer, int threads) {
  const Crs frame = analysis_crs({layer_ref(polygons, "polygons"), layer_ref(cover_layer, "cover")}, Measure::Topology);
  GeomPtr cover = union_of(detail::InCrs<PolygonSet>(cover_layer, frame).get(), "intersection_areas: union");
  std::vector<double> out(polygons.size(), 0.0);
  if (GEOSisEmpty_r(geos(), cover.get()) == 1) return out;
  const auto n = static_cast<int64_t>(polygons.size());
  std::string error;
  // Each thread has its own GEOS context and reads the shared cover (as shapely does); the cover is
  // first cut to the feature's box, so each intersection sees only the nearby part of it.
#pragma omp parallel for schedule(dynamic, 1) num_threads(detail::thread_count(threads))
  for (int64_t f = 0; f < n; ++f) {
    try {
      const Box b = polygons.feature_bounds(static_cast<size_t>(f));
      if (b.empty()) continue;
      // The box is grown a little so its sides do not run along the polygons' edges (GEOS's
      // rectangle clip can then return a degenerate ring); if it still fails, the whole cover.
      const double grow = 1e-6 * std::max({b.width(), b.height(), 1.0});
      GeomPtr near(GEOSClipByRect_r(geos(), cover.get(), b.xmin - grow, b.ymin - grow, b.xmax + grow, b.ymax + grow));
      if (!near) detail::take_geos_error();
      if (near && GEOSisEmpty_r(geos(), near.get()) == 1) continue;
      GeomPtr g = detail::to_geos(polygons, static_cast<size_t>(f));
      GeomPtr shared(near ? GEOSIntersection_r(geos(), g.get(), near.get()) : nullptr);
      if (!shared) shared = checked(GEOSIntersection_r(geos(), g.get(), cover.get()), "intersection");
      out[static_cast<size_t>(f)] = area_of(shared.get(), "area");
    } catch (const std::exception& e) {
#pragma omp critical(watchmap_intersection_areas)
      if (error.empty()) error = "intersection_areas: feature " + std::to_string(f) + ": " + e.what();
    }
  }
  if (!error.empty()) throw GeometryError(error);
  return out;
}

PolygonSet explode(const PolygonSet& polygons) {
  PolygonSet::Builder builder(polygons.crs());
  Column feature{"feature", ColumnType::Integer, {}, {}, {}, {}};
  for (size_t f = 0; f < polygons.size(); ++f) {
    for (int64_t p = polygons.feature_offsets()[f]; p < polygons.feature_offsets()[f + 1]; ++p) {
      for (int64_t r = polygons.part_offsets()[p]; r < polygons.part_offsets()[p + 1]; ++r) {
        const auto b = static_cast<size_t>(polygons.ring_offsets()[r]);
        const auto n = static_cast<size_t>(polygons.ring_offsets()[r + 1]) - b;
        builder.add_ring(std::span(polygons.x()).subspan(b, n), std::span(polygons.y()).subspan(b, n));
      }
      builder.end_feature();
      feature.ints.push_back(static_cast<int64_t>(f));
    }
  }
  PolygonSet out = builder.build();
  Table table;
  table.add(std::move(feature));
  out.set_attributes(std::move(table));
  return out;
}

PointSet representative_points(const PolygonSet& polygons) {
  std::vector<double> x(polygons.size()), y(polygons.size());
  for (size_t f = 0; f < polygons.size(); ++f) {
    GeomPtr g = detail::to_geos(polygons, f);
    if (GEOSisEmpty_r(geos(), g.get()) == 1) {
      throw InvalidInput("representative_points: feature " + std::to_string(f) + " is empty");
    }
    GeomPtr point = checked(GEOSPointOnSurface_r(geos(), g.get()), "representative_points: feature " + std::to_string(f));
    if (GEOSGeomGetX_r(geos(), point.get(), &x[f]) != 1 || GEOSGeomGetY_r(geos(), point.get(), &y[f]) != 1) {
      throw GeometryError("representative_points: feature " + std::to_string(f) + ": " + detail::take_geos_error());
    }
  }
  return PointSet(std::move(x), std::move(y), polygons.crs());
}

}  // namespace watchmap
