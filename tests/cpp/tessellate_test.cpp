// Square and hexagonal cells, and cells_within.
#include <gtest/gtest.h>

#include <cmath>

#include "watchmap/error.hpp"
#include "watchmap/join.hpp"
#include "watchmap/tessellate.hpp"

using namespace watchmap;

namespace {

PolygonSet disc(double cx, double cy, double r, int n = 64) {
  PolygonSet::Builder b;
  std::vector<double> xs, ys;
  for (int k = 0; k <= n; ++k) {
    xs.push_back(cx + r * std::cos(2 * M_PI * k / n));
    ys.push_back(cy + r * std::sin(2 * M_PI * k / n));
  }
  b.add_ring(xs, ys);
  b.end_feature();
  return b.build();
}

}  // namespace

TEST(Tessellate, SquareCellsMatchTheGridAndHexagonsTile) {
  const Box extent{1000, 2000, 3400, 3100};
  const PolygonSet squares = square_grid(MetricExtent{extent, Crs{}}, 500.0);
  const Grid g = square_grid_raster(MetricExtent{extent, Crs{}}, 500.0);
  ASSERT_EQ(static_cast<int64_t>(squares.size()), g.cell_count());
  const Column& row = squares.attributes().column("row");
  const Column& col = squares.attributes().column("col");
  for (size_t f = 0; f < squares.size(); ++f) {
    const Box b = squares.feature_bounds(f);
    EXPECT_DOUBLE_EQ(0.5 * (b.xmin + b.xmax), g.center_x(col.ints[f]));
    EXPECT_DOUBLE_EQ(0.5 * (b.ymin + b.ymax), g.center_y(row.ints[f]));
  }
  const PolygonSet hexes = hex_grid(MetricExtent{extent, Crs{}}, 400.0);
  const auto areas = hexes.areas();
  for (double a : areas) EXPECT_NEAR(a, std::sqrt(3.0) / 2.0 * 400.0 * 400.0, 1e-6);
  // Every point of the extent is in exactly one hexagon (none in two: locate picks one; check none).
  std::vector<double> x, y;
  for (double px = extent.xmin; px <= extent.xmax; px += 37.0)
    for (double py = extent.ymin; py <= extent.ymax; py += 41.0) {
      x.push_back(px);
      y.push_back(py);
    }
  for (int64_t v : locate(PointSet(x, y), hexes)) EXPECT_GE(v, 0);
  EXPECT_THROW(square_grid(MetricExtent{extent, Crs{}}, 0.0), InvalidInput);
  EXPECT_THROW(hex_grid(MetricExtent{Box{}, Crs{}}, 10.0), InvalidInput);
  EXPECT_THROW(square_grid(MetricExtent{Box{0, 0, 1e7, 1e7}, Crs{}}, 1.0), InvalidInput);
}

TEST(Tessellate, CellsWithinDropsCellsOutsideAndClipsToTheBoundary) {
  const PolygonSet boundary = disc(1000, 1000, 600);
  const PolygonSet cells = square_grid(MetricExtent{Box{0, 0, 2000, 2000}, Crs{}}, 250.0);
  ASSERT_EQ(cells.size(), 64u);
  const PolygonSet kept = cells_within(cells, boundary, false);
  EXPECT_LT(kept.size(), cells.size());  // the corners of the 2 km square miss a 600 m disc
  EXPECT_GT(kept.size(), 16u);
  double kept_area = 0.0;
  for (double a : kept.areas()) kept_area += a;
  EXPECT_NEAR(kept_area, static_cast<double>(kept.size()) * 250.0 * 250.0, 1e-6);
  const PolygonSet clipped = cells_within(cells, boundary, true);
  ASSERT_EQ(clipped.size(), kept.size());
  double clipped_area = 0.0;
  for (double a : clipped.areas()) clipped_area += a;
  EXPECT_NEAR(clipped_area, boundary.areas()[0], 1e-6 * clipped_area);
  // Ids survive: cell_id of each kept cell is its index in the full grid.
  const Column& ids = kept.attributes().column("cell_id");
  for (size_t f = 1; f < kept.size(); ++f) EXPECT_LT(ids.ints[f - 1], ids.ints[f]);
}
