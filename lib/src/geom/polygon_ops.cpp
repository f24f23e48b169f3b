#include "watchmap/polygon_ops.hpp"

#include <numeric>

#include "core/in_crs.hpp"
#include "geom/geos.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/error.hpp"

namespace watchmap {

using detail::checked;
using detail::GeomPtr;
using detail::geos;

namespace {

std::string validity_reason(const GEOSGeometry* g) {
  char* reason = GEOSisValidReason_r(geos(), g);
  std::string out = reason != nullptr ? reason : detail::take_geos_error();
  GEOSFree_r(geos(), reason);
  return out == "Valid Geometry" ? std::string() : out;
}

// Rebuilds a PolygonSet from one GEOS geometry per feature, keeping CRS and attributes.
PolygonSet from_geos(const std::vector<GeomPtr>& geoms, const PolygonSet& like) {
  PolygonSet::Builder builder(like.crs());
  for (const GeomPtr& g : geoms) {
    if (g) detail::append_polygonal(builder, g.get());
    builder.end_feature();
  }
  PolygonSet out = builder.build();
  if (out.size() == like.size()) out.set_attributes(like.attributes());
  return out;
}

GeomPtr union_of(const PolygonSet& polygons) {
  GeomPtr all = detail::to_geos_collection(polygons);
  return checked(GEOSUnaryUnion_r(geos(), all.get()), "union of polygons");
}

}  // namespace

std::vector<std::string> validity_problems(const PolygonSet& polygons) {
  std::vector<std::string> out(polygons.size());
  for (size_t f = 0; f < polygons.size(); ++f) out[f] = validity_reason(detail::to_geos(polygons, f).get());
  return out;
}

namespace {

// Why the polygonal part of `g` — what a feature keeps of it (lines and points have no area) — is
// invalid, or "" when it is valid.
std::string stored_validity_reason(const GEOSGeometry* g) {
  PolygonSet::Builder builder;
  detail::append_polygonal(builder, g);
  builder.end_feature();
  return validity_reason(detail::to_geos(builder.build(), 0).get());
}

// A valid version of `g`. GEOS 3.11's default ("linework") MakeValid can itself return an invalid
// polygon — a hole outside its shell where a hole crossed the shell at a vertex (found by
// tests/fuzz/fuzz_wkb) — so its result is checked as the feature will store it, and otherwise
// rebuilt with the "structure" method; if that fails too, a GeometryError instead of an invalid
// polygon that breaks later overlays.
GeomPtr repaired(const GEOSGeometry* g, const std::string& what) {
  GeomPtr fixed = checked(GEOSMakeValid_r(geos(), g), "cannot repair " + what);
  std::string reason = stored_validity_reason(fixed.get());
  if (reason.empty()) return fixed;
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(geos());
  GEOSMakeValidParams_setMethod_r(geos(), params, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(geos(), params, 0);
  GEOSGeometry* structure = GEOSMakeValidWithParams_r(geos(), g, params);
  GEOSMakeValidParams_destroy_r(geos(), params);
  fixed = checked(structure, "cannot repair " + what);
  const std::string again = stored_validity_reason(fixed.get());
  if (again.empty()) return fixed;
  throw GeometryError("cannot repair " + what + ": GEOS's repair stays invalid (" + again + ")");
}

}  // namespace

PolygonSet make_valid(const PolygonSet& polygons, bool strict, const WarningHandler& warn, const std::string& layer) {
  std::vector<GeomPtr> geoms(polygons.size());
  bool changed = false;
  for (size_t f = 0; f < polygons.size(); ++f) {
    GeomPtr g = detail::to_geos(polygons, f);
    const std::string reason = validity_reason(g.get());
    if (!reason.empty()) {
      if (strict) throw GeometryError(layer + ": feature " + std::to_string(f) + " is an invalid polygon: " + reason);
      g = repaired(g.get(), layer + ": feature " + std::to_string(f));
      if (warn) warn(layer + ": feature " + std::to_string(f) + " was an invalid polygon (" + reason + "); repaired");
      changed = true;
    }
    geoms[f] = std::move(g);
  }
  return changed ? from_geos(geoms, polygons) : polygons;
}

PolygonSet union_all(const PolygonSet& polygons) {
  PolygonSet::Builder builder(polygons.crs());
  if (!polygons.empty()) detail::append_polygonal(builder, union_of(polygons).get());
  builder.end_feature();
  return builder.build();
}

PolygonSet clip(const PolygonSet& polygons, const PolygonSet& mask_layer) {
  const Crs frame = analysis_crs({layer_ref(polygons, "polygons"), layer_ref(mask_layer, "mask")}, Measure::Topology);
  GeomPtr m = union_of(detail::InCrs<PolygonSet>(mask_layer, frame).get());
  detail::PreparedPtr prepared = detail::prepare(m.get(), "clip: mask");
  std::vector<GeomPtr> out(polygons.size());
  for (size_t f = 0; f < polygons.size(); ++f) {
    GeomPtr g = detail::to_geos(polygons, f);
    const std::string what = "clip: feature " + std::to_string(f);
    if (detail::predicate(GEOSPreparedContainsProperly_r(geos(), prepared.get(), g.get()), what)) {
      out[f] = std::move(g);
    } else if (detail::predicate(GEOSPreparedIntersects_r(geos(), prepared.get(), g.get()), what)) {
      out[f] = checked(GEOSIntersection_r(geos(), g.get(), m.get()), "clip: feature " + std::to_string(f));
    }
  }
  return from_geos(out, polygons);
}

PolygonSet voronoi_cells(const PointSet& seed_layer, const PolygonSet& boundary) {
  if (seed_layer.empty()) throw InvalidInput("voronoi_cells: no seed points");
  const Crs frame = analysis_crs({layer_ref(seed_layer, "seeds"), layer_ref(boundary, "boundary")}, Measure::Metres);
  const detail::InCrs<PointSet> in_frame(seed_layer, frame);
  const PointSet& seeds = in_frame.get();
  GeomPtr clip_to = union_of(detail::InCrs<PolygonSet>(boundary, frame).get());
  std::vector<GeomPtr> points;
  for (size_t i = 0; i < seeds.size(); ++i) points.push_back(detail::to_geos_point(seeds.x()[i], seeds.y()[i]));
  std::vector<GEOSGeometry*> raw;
  for (GeomPtr& p : points) raw.push_back(p.release());
  GeomPtr multipoint = checked(GEOSGeom_createCollection_r(geos(), GEOS_MULTIPOINT, raw.data(),
                                                           static_cast<unsigned>(raw.size())),
                               "voronoi_cells: seeds");
  GeomPtr cells = checked(GEOSVoronoiDiagram_r(geos(), multipoint.get(), clip_to.get(), 0.0, 0),
                          "voronoi_cells: diagram");
  // GEOS returns cells in no stated order: give each cell to the first seed it contains.
  std::vector<GeomPtr> by_seed(seeds.size());
  const int n = GEOSGetNumGeometries_r(geos(), cells.get());
  for (int c = 0; c < n; ++c) {
    const GEOSGeometry* cell = GEOSGetGeometryN_r(geos(), cells.get(), c);
    detail::PreparedPtr prepared = detail::prepare(cell, "voronoi_cells: cell");
    for (size_t i = 0; i < seeds.size(); ++i) {
      if (by_seed[i]) continue;
      GeomPtr seed = detail::to_geos_point(seeds.x()[i], seeds.y()[i]);
      if (detail::predicate(GEOSPreparedIntersects_r(geos(), prepared.get(), seed.get()), "voronoi_cells: seed")) {
        by_seed[i] = checked(GEOSIntersection_r(geos(), cell, clip_to.get()), "voronoi_cells: clip");
        break;
      }
    }
  }
  PolygonSet like(std::vector<double>{}, std::vector<double>{}, {0}, {0}, std::vector<int64_t>(seeds.size() + 1, 0),
                  seeds.crs());
  return from_geos(by_seed, like);
}

double intersection_area(const PolygonSet& a_layer, size_t i, const PolygonSet& b_layer, size_t j) {
  if (i >= a_layer.size() || j >= b_layer.size()) {
    throw InvalidInput("intersection_area: feature " + std::to_string(i >= a_layer.size() ? i : j) + " out of range");
  }
  const Crs frame = analysis_crs({layer_ref(a_layer, "a"), layer_ref(b_layer, "b")}, Measure::Metres);
  const PolygonSet a = a_layer.take({static_cast<int64_t>(i)}).to_crs(frame);
  const PolygonSet b = b_layer.take({static_cast<int64_t>(j)}).to_crs(frame);
  GeomPtr ga = detail::to_geos(a, 0), gb = detail::to_geos(b, 0);
  GeomPtr inter = checked(GEOSIntersection_r(geos(), ga.get(), gb.get()), "intersection_area");
  double area = 0.0;
  if (GEOSArea_r(geos(), inter.get(), &area) != 1) throw GeometryError("intersection_area: " + detail::take_geos_error());
  return area;
}

}  // namespace watchmap
