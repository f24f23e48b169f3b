// Cells of a tessellation that overlap a boundary (GEOS: prepared intersects, then area in common).
#include "core/in_crs.hpp"
#include "geom/geos.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/error.hpp"
#include "watchmap/polygon_ops.hpp"
#include "watchmap/tessellate.hpp"

namespace watchmap {

PolygonSet cells_within(const PolygonSet& cells, const PolygonSet& boundary_layer, bool clip_to_boundary) {
  const Crs frame = analysis_crs({layer_ref(cells, "cells"), layer_ref(boundary_layer, "boundary")}, Measure::Topology);
  const detail::InCrs<PolygonSet> boundary(boundary_layer, frame);
  using detail::geos;
  detail::GeomPtr all = detail::to_geos_collection(boundary.get());
  detail::GeomPtr mask = detail::checked(GEOSUnaryUnion_r(geos(), all.get()), "cells_within: boundary union");
  detail::PreparedPtr prepared = detail::prepare(mask.get(), "cells_within: boundary");
  std::vector<int64_t> keep;
  for (size_t f = 0; f < cells.size(); ++f) {
    detail::GeomPtr g = detail::to_geos(cells, f);
    const std::string what = "cells_within: cell " + std::to_string(f);
    if (detail::predicate(GEOSPreparedIntersects_r(geos(), prepared.get(), g.get()), what)) {
      // Touching only along an edge or at a corner does not count: require area in common.
      if (detail::predicate(GEOSPreparedContains_r(geos(), prepared.get(), g.get()), what)) {
        keep.push_back(static_cast<int64_t>(f));
        continue;
      }
      detail::GeomPtr inter = detail::checked(GEOSIntersection_r(geos(), g.get(), mask.get()), "cells_within");
      double area = 0.0;
      if (GEOSArea_r(geos(), inter.get(), &area) != 1) throw GeometryError(what + ": " + detail::take_geos_error());
      if (area > 0.0) keep.push_back(static_cast<int64_t>(f));
    }
  }
  PolygonSet kept = cells.take(keep);
  if (!clip_to_boundary) return kept;
  return clip(kept, boundary.get());
}

}  // namespace watchmap
