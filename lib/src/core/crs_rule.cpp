// The one CRS rule (watchmap/crs_rule.hpp, docs/DESIGN-NOTES.md "One CRS rule").
#include "watchmap/crs_rule.hpp"

#include <cmath>

#include "core/text.hpp"

namespace watchmap {

LayerRef layer_ref(const PointSet& layer, std::string name) { return {std::move(name), layer.crs(), layer.bounds(), false}; }
LayerRef layer_ref(const PolygonSet& layer, std::string name) {
  return {std::move(name), layer.crs(), layer.bounds(), false};
}
LayerRef layer_ref(const LineSet& layer, std::string name) { return {std::move(name), layer.crs(), layer.bounds(), false}; }
LayerRef layer_ref(const Grid& grid, std::string name) { return {std::move(name), grid.crs, grid.bounds(), true}; }
LayerRef layer_ref(const Raster& raster, std::string name) { return layer_ref(raster.grid, std::move(name)); }

namespace {

std::string described(const LayerRef& layer) {
  return layer.name + " (" + (layer.crs.empty() ? std::string("no CRS") : layer.crs.to_string()) + ")";
}

}  // namespace

Crs analysis_crs(const std::vector<LayerRef>& layers, Measure measure) {
  const LayerRef* first_raster = nullptr;
  const LayerRef* first_with_crs = nullptr;
  const LayerRef* first_without_crs = nullptr;
  for (const LayerRef& layer : layers) {
    if (layer.is_raster) {
      if (first_raster != nullptr && !(first_raster->crs == layer.crs)) {
        throw CrsError(described(*first_raster) + " and " + described(layer) +
                       " are rasters in different CRSs; rasters are never reprojected silently: warp one with "
                       ".to_crs() first");
      }
      if (first_raster == nullptr) first_raster = &layer;
    }
    if (layer.crs.empty()) {
      if (first_without_crs == nullptr) first_without_crs = &layer;
    } else if (first_with_crs == nullptr) {
      first_with_crs = &layer;
    }
  }
  if (first_with_crs != nullptr && first_without_crs != nullptr) {
    throw CrsError(described(*first_with_crs) + " and " + described(*first_without_crs) +
                   " cannot be used together: a layer without a CRS is taken to be in a local frame of its own; "
                   "set its CRS (e.g. crs='EPSG:4326' when reading it)");
  }
  if (first_with_crs == nullptr) return Crs{};  // all local: one shared metric frame
  if (first_raster != nullptr) {
    if (measure == Measure::Metres && !first_raster->crs.is_metric()) {
      throw CrsError(described(*first_raster) + " is not in metres; rasters are never reprojected silently: "
                     "warp it first, e.g. raster.to_crs(watchmap.utm_crs(lon, lat), cell_size_m=30.0)");
    }
    return first_raster->crs;
  }
  if (measure == Measure::Topology || first_with_crs->crs.is_metric()) return first_with_crs->crs;
  return metric_crs_for(first_with_crs->crs, first_with_crs->bounds);
}

namespace {
template <typename Layer>
MetricExtent extent_of(const Layer& layer) {
  const Crs frame = analysis_crs({layer_ref(layer, "layer")}, Measure::Metres);
  if (frame == layer.crs()) return {layer.bounds(), frame};
  return {layer.to_crs(frame).bounds(), frame};
}
}  // namespace

MetricExtent metric_extent(const PointSet& layer) { return extent_of(layer); }
MetricExtent metric_extent(const PolygonSet& layer) { return extent_of(layer); }
MetricExtent metric_extent(const Grid& grid) { return metric_extent(grid.bounds(), grid.crs); }
MetricExtent metric_extent(const Box& box, const Crs& crs) {
  if (!crs.is_metric()) {
    throw CrsError("the extent is in " + crs.to_string() + ", which is not in metres, so sizes in metres cannot be "
                   "laid on it: pass the layer itself (its metric frame is chosen for you) or an extent in a "
                   "projected CRS in metres");
  }
  return {box, crs};
}

Crs utm_crs_for_extent(const Crs& crs, const Box& bounds, const WarningHandler& warn) {
  if (bounds.empty()) throw InvalidInput("cannot choose a UTM zone for an empty layer");
  if (crs.empty()) throw CrsError("cannot choose a UTM zone for a layer without a CRS; set its CRS first");
  double xs[4] = {bounds.xmin, bounds.xmax, bounds.xmin, bounds.xmax};
  double ys[4] = {bounds.ymin, bounds.ymin, bounds.ymax, bounds.ymax};
  if (!crs.is_geographic()) Transformer(crs, wgs84()).transform(std::span<double>(xs), std::span<double>(ys));
  const double west = std::min(xs[0], xs[2]), east = std::max(xs[1], xs[3]);
  const double south = std::min(ys[0], ys[1]), north = std::max(ys[2], ys[3]);
  if (warn && east - west > 6.0) {
    warn("the data spans " + detail::fmt(std::round((east - west) * 10) / 10) +
         "° of longitude, wider than one UTM zone (6°); distances far from the zone's central meridian are "
         "distorted: choose a projected CRS made for the whole area");
  }
  return utm_crs_for(0.5 * (west + east), 0.5 * (south + north));
}

}  // namespace watchmap
