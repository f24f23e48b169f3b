#include "watchmap/tessellate.hpp"

#include <cmath>

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

Column int_column(const char* name, std::vector<int64_t> values) {
  Column c;
  c.name = name;
  c.type = ColumnType::Integer;
  c.ints = std::move(values);
  return c;
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
  const Crs& crs = metric.crs;
  check_cell_count(static_cast<double>(g.cell_count()), "square_grid");
  PolygonSet::Builder builder(crs);
  std::vector<int64_t> ids, rows, cols;
  for (int64_t r = 0; r < g.nrows; ++r) {
    const double y1 = g.ymax() - static_cast<double>(r) * g.cell_height;
    const double y0 = y1 - g.cell_height;
    for (int64_t c = 0; c < g.ncols; ++c) {
      const double x0 = g.xmin + static_cast<double>(c) * g.cell_width, x1 = x0 + g.cell_width;
      const double xs[] = {x0, x1, x1, x0, x0}, ys[] = {y0, y0, y1, y1, y0};
      builder.add_ring(xs, ys);
      builder.end_feature();
      ids.push_back(r * g.ncols + c);
      rows.push_back(r);
      cols.push_back(c);
    }
  }
  PolygonSet out = builder.build();
  Table t;
  t.add(int_column("cell_id", std::move(ids)));
  t.add(int_column("row", std::move(rows)));
  t.add(int_column("col", std::move(cols)));
  out.set_attributes(std::move(t));
  return out;
}

PolygonSet hex_grid(const MetricExtent& metric, double cell_size_m, const TessellationOptions& options) {
  check(metric, cell_size_m, options.margin_m, "hex_grid");
  const Box& extent = metric.bounds;
  const Crs& crs = metric.crs;
  const double w = cell_size_m;              // flat-to-flat width = centre spacing in a row
  const double radius = w / std::sqrt(3.0);  // centre to vertex
  const double row_step = 1.5 * radius;
  const double xmin = extent.xmin - options.margin_m, xmax = extent.xmax + options.margin_m;
  const double ymin = extent.ymin - options.margin_m, ymax = extent.ymax + options.margin_m;
  // Rows of centres from below ymin to above ymax; odd rows shifted by half a width. Anchored at
  // multiples of the spacing so grids of one size line up across layers.
  const auto r0 = static_cast<int64_t>(std::floor(ymin / row_step)) - 1;
  const auto r1 = static_cast<int64_t>(std::ceil(ymax / row_step)) + 1;
  const auto c0 = static_cast<int64_t>(std::floor(xmin / w)) - 1;
  const auto c1 = static_cast<int64_t>(std::ceil(xmax / w)) + 1;
  check_cell_count(static_cast<double>(r1 - r0 + 1) * static_cast<double>(c1 - c0 + 1), "hex_grid");
  PolygonSet::Builder builder(crs);
  std::vector<int64_t> ids, qs, rs;
  std::vector<double> cxs, cys;
  double vx[7], vy[7];
  for (int64_t row = r1; row >= r0; --row) {  // north to south, like the square grid
    const double cy = static_cast<double>(row) * row_step;
    const double shift = (row & 1) != 0 ? 0.5 * w : 0.0;
    for (int64_t col = c0; col <= c1; ++col) {
      const double cx = static_cast<double>(col) * w + shift;
      // Keep hexagons that reach into the extent (their bounding box overlaps it).
      if (cx + 0.5 * w < xmin || cx - 0.5 * w > xmax || cy + radius < ymin || cy - radius > ymax) continue;
      for (int k = 0; k < 6; ++k) {
        const double angle = (30.0 + 60.0 * k) * M_PI / 180.0;  // pointy top: vertices at 30°, 90°, …
        vx[k] = cx + radius * std::cos(angle);
        vy[k] = cy + radius * std::sin(angle);
      }
      vx[6] = vx[0];
      vy[6] = vy[0];
      builder.add_ring(vx, vy);
      builder.end_feature();
      ids.push_back(static_cast<int64_t>(ids.size()));
      qs.push_back(col - (row - (row & 1)) / 2);  // odd-r offset -> axial
      rs.push_back(row);
      cxs.push_back(cx);
      cys.push_back(cy);
    }
  }
  PolygonSet out = builder.build();
  Table t;
  t.add(int_column("cell_id", std::move(ids)));
  t.add(int_column("q", std::move(qs)));
  t.add(int_column("r", std::move(rs)));
  Column x{"x", ColumnType::Real, {}, std::move(cxs), {}, {}};
  Column y{"y", ColumnType::Real, {}, std::move(cys), {}, {}};
  t.add(std::move(x));
  t.add(std::move(y));
  out.set_attributes(std::move(t));
  return out;
}

}  // namespace watchmap
