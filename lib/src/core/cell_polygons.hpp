// Square and hexagonal cell polygons with their id columns, in one place: the full grids
// (square_grid, hex_grid) and the occupied cells of hotspots() must draw identical cells.
#pragma once

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "watchmap/geometry.hpp"
#include "watchmap/grid.hpp"

namespace watchmap::detail {

inline Column int_column(const char* name, std::vector<int64_t> values) {
  Column c;
  c.name = name;
  c.type = ColumnType::Integer;
  c.ints = std::move(values);
  return c;
}

/// Cells of a Grid, added by (row, col): columns cell_id (= row · ncols + col), row, col.
class SquareCells {
 public:
  explicit SquareCells(const Grid& grid) : g_(grid), builder_(grid.crs) {}

  void add(int64_t r, int64_t c) {
    const double y1 = g_.ymax() - static_cast<double>(r) * g_.cell_height, y0 = y1 - g_.cell_height;
    const double x0 = g_.xmin + static_cast<double>(c) * g_.cell_width, x1 = x0 + g_.cell_width;
    const double xs[] = {x0, x1, x1, x0, x0}, ys[] = {y0, y0, y1, y1, y0};
    builder_.add_ring(xs, ys);
    builder_.end_feature();
    ids_.push_back(r * g_.ncols + c);
    rows_.push_back(r);
    cols_.push_back(c);
  }

  PolygonSet finish() {
    PolygonSet out = builder_.build();
    Table t;
    t.add(int_column("cell_id", std::move(ids_)));
    t.add(int_column("row", std::move(rows_)));
    t.add(int_column("col", std::move(cols_)));
    out.set_attributes(std::move(t));
    return out;
  }

 private:
  const Grid& g_;
  PolygonSet::Builder builder_;
  std::vector<int64_t> ids_, rows_, cols_;
};

/// Pointy-top hexagons of flat-to-flat width `w` (= the spacing of centres in a row), centres
/// anchored at multiples of the spacing so grids of one size line up across layers; odd rows are
/// shifted by half a width. Added by (row, col): columns cell_id (in order added), q and r (axial
/// coordinates), x and y (centre).
class HexCells {
 public:
  HexCells(double width, const Crs& crs) : w_(width), radius_(width / std::sqrt(3.0)), builder_(crs) {}

  double width() const { return w_; }
  double radius() const { return radius_; }  ///< centre to vertex
  double row_step() const { return 1.5 * radius_; }
  double row_shift(int64_t row) const { return (row & 1) != 0 ? 0.5 * w_ : 0.0; }
  std::pair<double, double> centre(int64_t row, int64_t col) const {
    return {static_cast<double>(col) * w_ + row_shift(row), static_cast<double>(row) * row_step()};
  }

  void add(int64_t row, int64_t col) {
    const auto [cx, cy] = centre(row, col);
    double vx[7], vy[7];
    for (int k = 0; k < 6; ++k) {
      const double angle = (30.0 + 60.0 * k) * M_PI / 180.0;  // pointy top: vertices at 30°, 90°, …
      vx[k] = cx + radius_ * std::cos(angle);
      vy[k] = cy + radius_ * std::sin(angle);
    }
    vx[6] = vx[0];
    vy[6] = vy[0];
    builder_.add_ring(vx, vy);
    builder_.end_feature();
    ids_.push_back(static_cast<int64_t>(ids_.size()));
    qs_.push_back(col - (row - (row & 1)) / 2);  // odd-r offset -> axial
    rs_.push_back(row);
    xs_.push_back(cx);
    ys_.push_back(cy);
  }

  PolygonSet finish() {
    PolygonSet out = builder_.build();
    Table t;
    t.add(int_column("cell_id", std::move(ids_)));
    t.add(int_column("q", std::move(qs_)));
    t.add(int_column("r", std::move(rs_)));
    t.add(Column{"x", ColumnType::Real, {}, std::move(xs_), {}, {}});
    t.add(Column{"y", ColumnType::Real, {}, std::move(ys_), {}, {}});
    out.set_attributes(std::move(t));
    return out;
  }

 private:
  double w_, radius_;
  PolygonSet::Builder builder_;
  std::vector<int64_t> ids_, qs_, rs_;
  std::vector<double> xs_, ys_;
};

}  // namespace watchmap::detail
