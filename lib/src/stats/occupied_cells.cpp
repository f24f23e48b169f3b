// The cells of square_grid()/hex_grid() that hold points, found from the points themselves (a city
// with 1 km of outliers 200 km away needs a few thousand cells, not the millions of the full grid).
// Cell geometry repeats lib/src/join/tessellate.cpp's formulas so the cells are identical.
#include <algorithm>
#include <cmath>
#include <map>

#include "core/in_crs.hpp"
#include "core/text.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/error.hpp"
#include "watchmap/hotspot.hpp"

namespace watchmap {

namespace {

Column int_column(const char* name, std::vector<int64_t> values) {
  Column c;
  c.name = name;
  c.type = ColumnType::Integer;
  c.ints = std::move(values);
  return c;
}

PolygonSet occupied_squares(const PointSet& pts, double size) {
  const Grid g = Grid::covering(pts.bounds(), size, 0.0, pts.crs());
  std::vector<int64_t> ids;
  ids.reserve(pts.size());
  for (size_t i = 0; i < pts.size(); ++i) {
    int64_t col = 0, row = 0;
    if (g.cell_of(pts.x()[i], pts.y()[i], col, row)) ids.push_back(row * g.ncols + col);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  PolygonSet::Builder builder(pts.crs());
  std::vector<int64_t> rows, cols;
  for (int64_t id : ids) {
    const int64_t r = id / g.ncols, c = id % g.ncols;
    const double y1 = g.ymax() - static_cast<double>(r) * g.cell_height;
    const double y0 = y1 - g.cell_height;
    const double x0 = g.xmin + static_cast<double>(c) * g.cell_width, x1 = x0 + g.cell_width;
    const double xs[] = {x0, x1, x1, x0, x0}, ys[] = {y0, y0, y1, y1, y0};
    builder.add_ring(xs, ys);
    builder.end_feature();
    rows.push_back(r);
    cols.push_back(c);
  }
  PolygonSet out = builder.build();
  Table t;
  t.add(int_column("cell_id", std::move(ids)));
  t.add(int_column("row", std::move(rows)));
  t.add(int_column("col", std::move(cols)));
  out.set_attributes(std::move(t));
  return out;
}

PolygonSet occupied_hexes(const PointSet& pts, double w) {
  const double radius = w / std::sqrt(3.0);
  const double row_step = 1.5 * radius;
  auto centre = [&](int64_t row, int64_t col) {
    const double shift = (row & 1) != 0 ? 0.5 * w : 0.0;
    return std::make_pair(static_cast<double>(col) * w + shift, static_cast<double>(row) * row_step);
  };
  // The nearest centre holds the point (hexagons are the Voronoi cells of their centres): it lies
  // in one of the two rows around the point, at the nearest column of that row (±1 for safety).
  std::vector<std::pair<int64_t, int64_t>> cells;  // (−row, col): north to south, west to east
  cells.reserve(pts.size());
  for (size_t i = 0; i < pts.size(); ++i) {
    const double px = pts.x()[i], py = pts.y()[i];
    const auto r0 = static_cast<int64_t>(std::floor(py / row_step));
    double best = INFINITY;
    std::pair<int64_t, int64_t> pick{0, 0};
    for (int64_t row = r0 - 1; row <= r0 + 2; ++row) {
      const double shift = (row & 1) != 0 ? 0.5 * w : 0.0;
      const auto c0 = static_cast<int64_t>(std::floor((px - shift) / w + 0.5));
      for (int64_t col = c0 - 1; col <= c0 + 1; ++col) {
        const auto [cx, cy] = centre(row, col);
        const double d = (cx - px) * (cx - px) + (cy - py) * (cy - py);
        if (d < best) {
          best = d;
          pick = {-row, col};
        }
      }
    }
    cells.push_back(pick);
  }
  std::sort(cells.begin(), cells.end());
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
  PolygonSet::Builder builder(pts.crs());
  std::vector<int64_t> ids, qs, rs;
  std::vector<double> cxs, cys;
  double vx[7], vy[7];
  for (const auto& [neg_row, col] : cells) {
    const int64_t row = -neg_row;
    const auto [cx, cy] = centre(row, col);
    for (int k = 0; k < 6; ++k) {
      const double angle = (30.0 + 60.0 * k) * M_PI / 180.0;
      vx[k] = cx + radius * std::cos(angle);
      vy[k] = cy + radius * std::sin(angle);
    }
    vx[6] = vx[0];
    vy[6] = vy[0];
    builder.add_ring(vx, vy);
    builder.end_feature();
    ids.push_back(static_cast<int64_t>(ids.size()));
    qs.push_back(col - (row - (row & 1)) / 2);
    rs.push_back(row);
    cxs.push_back(cx);
    cys.push_back(cy);
  }
  PolygonSet out = builder.build();
  Table t;
  t.add(int_column("cell_id", std::move(ids)));
  t.add(int_column("q", std::move(qs)));
  t.add(int_column("r", std::move(rs)));
  t.add(Column{"x", ColumnType::Real, {}, std::move(cxs), {}, {}});
  t.add(Column{"y", ColumnType::Real, {}, std::move(cys), {}, {}});
  out.set_attributes(std::move(t));
  return out;
}

}  // namespace

PolygonSet occupied_cells(const PointSet& points, double cell_size_m, CellShape shape) {
  if (points.empty()) throw InvalidInput("occupied_cells: the point set is empty");
  if (!(cell_size_m > 0.0) || !std::isfinite(cell_size_m)) {
    throw InvalidInput("occupied_cells: cell_size_m must be positive (got " + detail::fmt(cell_size_m) + ")");
  }
  const Crs frame = analysis_crs({layer_ref(points, "points")}, Measure::Metres);
  const detail::InCrs<PointSet> pts(points, frame);
  return shape == CellShape::Hex ? occupied_hexes(pts.get(), cell_size_m) : occupied_squares(pts.get(), cell_size_m);
}

}  // namespace watchmap
