#include "watchmap/tessellate.hpp"

#include <cmath>

#include "core/cell_polygons.hpp"
#include "core/text.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/error.hpp"

namespace watchmap {

namespace {

void check(const MetricExtent& extent, double cell_size_m, double margin_m, const char* what) {
  if (extent.bounds.empty()) throw InvalidInput(std::string(what) + ": the extent is empty");
  (void)metric_extent(extent.bounds, extent.crs);  // sizes are metres: the extent must be in a metric CRS
  if (!(cell_size_m > 0.0) || !std::isfinite(cell_size_m)) {
    throw InvalidInput(std::string(what) + ": cell_size_m must be positive (got " + detail::fmt(cell_size_m) + ")");
  }
  if (!(margin_m >= 0.0)) throw InvalidInput(std::string(what) + ": margin_m must be >= 0");
}

void check_cell_count(double cells, const char* what) {
  if (cells > 5e7) {
    throw InvalidInput(std::string(what) + ": " + detail::fmt(std::round(cells)) +
                       " cells is too many; use a larger cell_size_m");
  }
  check_allocation(cells * 12 * sizeof(double), what);
}

}  // namespace

Grid square_grid_raster(const MetricExtent& metric, double cell_size_m, const TessellationOptions& options) {
  check(metric, cell_size_m, options.margin_m, "square_grid");
  const Box& extent = metric.bounds;
  const Crs& crs = metric.crs;
  return Grid::covering(extent, cell_size_m, options.margin_m, crs);
}

PolygonSet square_grid(const MetricExtent& metric, double cell_size_m, const TessellationOptions& options) {
  const Grid g = square_grid_raster(metric, cell_size_m, options);
  check_cell_count(static_cast<double>(g.cell_count()), "square_grid");
  detail::SquareCells cells(g);
  for (int64_t r = 0; r < g.nrows; ++r) {
    for (int64_t c = 0; c < g.ncols; ++c) cells.add(r, c);
  }
  return cells.finish();
}

PolygonSet hex_grid(const MetricExtent& metric, double cell_size_m, const TessellationOptions& options) {
  check(metric, cell_size_m, options.margin_m, "hex_grid");
  const Box& extent = metric.bounds;
  const Crs& crs = metric.crs;
  detail::HexCells cells(cell_size_m, crs);
  const double w = cells.width(), radius = cells.radius(), row_step = cells.row_step();
  const double xmin = extent.xmin - options.margin_m, xmax = extent.xmax + options.margin_m;
  const double ymin = extent.ymin - options.margin_m, ymax = extent.ymax + options.margin_m;
  // Rows of centres from below ymin to above ymax.
  const auto r0 = static_cast<int64_t>(std::floor(ymin / row_step)) - 1;
  const auto r1 = static_cast<int64_t>(std::ceil(ymax / row_step)) + 1;
  const auto c0 = static_cast<int64_t>(std::floor(xmin / w)) - 1;
  const auto c1 = static_cast<int64_t>(std::ceil(xmax / w)) + 1;
  check_cell_count(static_cast<double>(r1 - r0 + 1) * static_cast<double>(c1 - c0 + 1), "hex_grid");
  for (int64_t row = r1; row >= r0; --row) {  // north to south, like the square grid
    for (int64_t col = c0; col <= c1; ++col) {
      const auto [cx, cy] = cells.centre(row, col);
      // Keep hexagons that reach into the extent (their bounding box overlaps it).
      if (cx + 0.5 * w < xmin || cx - 0.5 * w > xmax || cy + radius < ymin || cy - radius > ymax) continue;
      cells.add(row, col);
    }
  }
  return cells.finish();
}

}  // namespace watchmap
