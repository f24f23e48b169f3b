#pragma once
/// @file tessellate.hpp  Regular square and hexagonal cells for counting and hotspot analysis.
#include "watchmap/crs_rule.hpp"
#include "watchmap/geometry.hpp"
#include "watchmap/grid.hpp"

namespace watchmap {

/// Options shared by square_grid() and hex_grid().
struct TessellationOptions {
  /// Grow the covered extent by this much on every side, metres. DEFAULT: 0.
  double margin_m = 0.0;
};

/// Square cells of `cell_size_m` metres covering `extent` (from metric_extent(layer), in the
/// layer's metric frame; an extent in a non-metric CRS is a CrsError) (corner snapped to a multiple of the size, as
/// Grid::covering). Attributes: cell_id (row-major), row (0 = north), col. Cell i matches cell i
/// of the Grid returned by square_grid_raster() with the same arguments.
PolygonSet square_grid(const MetricExtent& extent, double cell_size_m, const TessellationOptions& options = {});

/// The Grid whose cells are those of square_grid() (for raster output of cell values).
Grid square_grid_raster(const MetricExtent& extent, double cell_size_m, const TessellationOptions& options = {});

/// Pointy-top hexagons whose neighbouring centres are `cell_size_m` apart (the flat-to-flat width,
/// as sf::st_make_grid); area = (√3/2)·cell_size_m². They cover `extent`. Attributes: cell_id,
/// q and r (axial coordinates), x, y (centre).
PolygonSet hex_grid(const MetricExtent& extent, double cell_size_m, const TessellationOptions& options = {});

/// Cells of `cells` that share area with `boundary` (ids kept; touching along an edge is not
/// enough); with `clip`, cut to the boundary. The boundary is brought into the cells' CRS.
PolygonSet cells_within(const PolygonSet& cells, const PolygonSet& boundary, bool clip);

}  // namespace watchmap
