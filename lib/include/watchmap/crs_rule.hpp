#pragma once
/// @file crs_rule.hpp  The one CRS rule every analytic follows when it takes several layers.
///
/// An analytic lists its layers in priority order (a raster or grid first, then the layer that
/// defines where results live, e.g. polygons before points for a join) and asks for the frame:
///  1. A raster or grid among them fixes the frame: rasters are never reprojected silently, so
///     every raster must share one CRS, and a metric analytic needs it to be metric.
///  2. Otherwise the first layer that has a CRS fixes it. A metric analytic (one that measures
///     distances or areas, or takes a parameter named `_m`) uses that CRS when it is in metres and
///     otherwise the UTM zone of that layer's centre (lon/lat and feet alike are converted).
///  3. Layers without a CRS share one local metric frame; they mix only with each other.
/// Points and polygons are then brought into the frame. Errors name both layers and their CRSs.
#include <initializer_list>
#include <string>
#include <vector>

#include "watchmap/crs.hpp"
#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"
#include "watchmap/grid.hpp"

namespace watchmap {

/// One layer as the rule sees it.
struct LayerRef {
  std::string name;        ///< for messages, e.g. "incidents"
  Crs crs;                 ///< empty = no CRS (local frame)
  Box bounds;              ///< extent in `crs` units (for the UTM zone)
  bool is_raster = false;  ///< rasters and grids are never reprojected by the rule
};

LayerRef layer_ref(const PointSet& layer, std::string name);
LayerRef layer_ref(const PolygonSet& layer, std::string name);
LayerRef layer_ref(const LineSet& layer, std::string name);
LayerRef layer_ref(const Grid& grid, std::string name);
LayerRef layer_ref(const Raster& raster, std::string name);

/// What the analytic measures.
enum class Measure {
  Topology,  ///< containment, clipping: any shared CRS will do (no UTM step)
  Metres,    ///< distances, areas, `_m` parameters: the frame must be metric
};

/// The frame (CRS) in which an analytic works on `layers` (see the file comment). Throws CrsError
/// naming the layers when they cannot be reconciled: a layer with a CRS and one without, two
/// rasters in different CRSs, or a non-metric raster for a metric analytic (with the fix).
Crs analysis_crs(const std::vector<LayerRef>& layers, Measure measure);

/// A layer's extent in its metric frame, for making grids and cells whose sizes are in metres.
struct MetricExtent {
  Box bounds;
  Crs crs;
};

/// The extent of a point or polygon layer in its metric frame (its CRS when in metres, else the
/// UTM zone of its centre; vertices are transformed, so the box is the true extent there).
MetricExtent metric_extent(const PointSet& layer);
MetricExtent metric_extent(const PolygonSet& layer);
/// A grid's extent; CrsError when the grid is not in metres (grids are never reprojected silently).
MetricExtent metric_extent(const Grid& grid);
/// A box in `crs`; CrsError when `crs` is not in metres (a box cannot be reprojected exactly).
MetricExtent metric_extent(const Box& box, const Crs& crs);

/// The UTM zone of the centre of `bounds` (in `crs`); warns through `warn` when the extent is wider
/// than one zone (6° of longitude), where distances far from the zone's meridian are distorted.
Crs utm_crs_for_extent(const Crs& crs, const Box& bounds, const WarningHandler& warn = {});

}  // namespace watchmap
