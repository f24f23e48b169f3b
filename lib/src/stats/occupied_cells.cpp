// The cells of square_grid()/hex_grid() that hold points, found from the points themselves (a city
// with 1 km of outliers 200 km away needs a few thousand cells, not the millions of the full grid).
// Cell geometry comes from core/cell_polygons.hpp, as square_grid()/hex_grid()'s, so the cells are identical.
#include <algorithm>
#include <cmath>
#include <map>

#include "core/cell_polygons.hpp"
#include "core/in_crs.hpp"
#include "core/text.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/error.hpp"
#include "watchmap/hotspot.hpp"

namespace watchmap {

namespace {

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
  detail::SquareCells cells(g);
  for (int64_t id : ids) cells.add(id / g.ncols, id % g.ncols);
  return cells.finish();
}

PolygonSet occupied_hexes(const PointSet& pts, double w) {
  detail::HexCells hexes(w, pts.crs());
  const double row_step = hexes.row_step();
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
      const auto c0 = static_cast<int64_t>(std::floor((px - hexes.row_shift(row)) / w + 0.5));
      for (int64_t col = c0 - 1; col <= c0 + 1; ++col) {
        const auto [cx, cy] = hexes.centre(row, col);
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
  for (const auto& [neg_row, col] : cells) hexes.add(-neg_row, col);
  return hexes.finish();
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
