#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "support/support.hpp"
#include "watchmap/error.hpp"
#include "watchmap/join.hpp"
#include "watchmap/tessellate.hpp"  // hexagons as a many-polygon test layout

using namespace watchmap;

namespace {

// 2 x 2 unit squares: 0 = SW, 1 = SE, 2 = NW, 3 = NE; they share the vertex (1, 1).
PolygonSet four_squares() {
  PolygonSet::Builder b;
  for (auto [x0, y0] : {std::pair{0.0, 0.0}, {1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}}) {
    const double xs[] = {x0, x0 + 1, x0 + 1, x0, x0}, ys[] = {y0, y0, y0 + 1, y0 + 1, y0};
    b.add_ring(xs, ys);
    b.end_feature();
  }
  return b.build();
}

std::vector<int64_t> locate_xy(const PolygonSet& ps, std::vector<double> x, std::vector<double> y) {
  return locate(PointSet(std::move(x), std::move(y)), ps);
}

}  // namespace

TEST(Locate, InteriorOutsideAndSharedBoundaries) {
  const PolygonSet ps = four_squares();
  const auto r = locate_xy(ps, {0.5, 1.5, 0.5, 1.5, 1.0, 1.0, 0.5, 1.0, 5.0, -0.0001},
                           {0.5, 0.5, 1.5, 1.5, 1.0, 0.5, 1.0, 2.0, 5.0, 0.5});
  EXPECT_EQ(r[0], 0);
  EXPECT_EQ(r[1], 1);
  EXPECT_EQ(r[2], 2);
  EXPECT_EQ(r[3], 3);
  EXPECT_EQ(r[4], 0) << "vertex shared by four squares goes to the lowest index";
  EXPECT_EQ(r[5], 0) << "edge shared by 0 and 1";
  EXPECT_EQ(r[6], 0) << "edge shared by 0 and 2";
  EXPECT_EQ(r[7], 2) << "outer edge shared by 2 and 3 at the top";
  EXPECT_EQ(r[8], -1);
  EXPECT_EQ(r[9], -1);
}

TEST(Locate, SlantedSharedEdgeGoesToExactlyOnePolygon) {
  // Two triangles sharing a slanted edge; points on that edge (computed, so not always exactly on
  // it in floating point) must land in exactly one triangle, never none.
  PolygonSet::Builder b;
  const double ax[] = {0, 10, 3, 0}, ay[] = {0, 7, 9, 0};
  const double bx[] = {0, 9, 10, 0}, by[] = {0, 1, 7, 0};
  b.add_ring(ax, ay);
  b.end_feature();
  b.add_ring(bx, by);
  b.end_feature();
  const PolygonSet ps = b.build();
  std::vector<double> x, y;
  for (int i = 1; i < 1000; ++i) {
    x.push_back(10.0 * i / 1000.0);
    y.push_back(7.0 * i / 1000.0);
  }
  for (int64_t v : locate(PointSet(x, y), ps)) EXPECT_TRUE(v == 0 || v == 1);
}

TEST(Locate, HolesMultipolygonsAndEmptyInputs) {
  const PolygonSet ps = test::sample_polygons(Crs{});  // 2 squares, square with hole, 2-part feature
  const auto r = locate_xy(ps, {4.5, 3.5, 4.0, 10.5, 13.0, 11.5, 4.5}, {1.5, 0.5, 1.5, 0.5, 1.0, 0.5, 1.0});
  EXPECT_EQ(r[0], -1) << "inside the hole";
  EXPECT_EQ(r[1], 2);
  EXPECT_EQ(r[2], 2) << "on the hole's edge belongs to the polygon";
  EXPECT_EQ(r[3], 3) << "first part";
  EXPECT_EQ(r[4], 3) << "second part";
  EXPECT_EQ(r[5], -1) << "between the parts";
  EXPECT_EQ(r[6], 2) << "on the hole's bottom edge";
  EXPECT_TRUE(locate(PointSet(), ps).empty());
  EXPECT_EQ(locate_xy(PolygonSet(), {1.0}, {1.0})[0], -1);
  EXPECT_EQ(locate_xy(ps, {0.5, 0.5}, {0.5, 0.5}), (std::vector<int64_t>{0, 0})) << "duplicates";
}

TEST(Locate, AgreesWithBruteForceAndThreadCount) {
  // Hexagons are non-rectangular, so many points fall in cells that need a full test.
  const PolygonSet hexes = hex_grid(MetricExtent{Box{0, 0, 5000, 4000}, Crs{}}, 300.0);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> ux(-200, 5200), uy(-200, 4200);
  std::vector<double> x(20000), y(20000);
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = ux(rng);
    y[i] = uy(rng);
  }
  const PointSet pts(x, y);
  const auto one = locate(pts, hexes, {1});
  const auto two = locate(pts, hexes, {2});
  EXPECT_EQ(one, two);
  // Brute force: even-odd test over every hexagon (no point lies on an edge here).
  for (size_t i = 0; i < x.size(); i += 37) {
    int64_t expected = -1;
    for (size_t f = 0; f < hexes.size() && expected < 0; ++f) {
      const int64_t b = hexes.ring_offsets()[f], e = hexes.ring_offsets()[f + 1];
      bool in = false;
      for (int64_t k = b; k + 1 < e; ++k) {
        const double x0 = hexes.x()[k], y0 = hexes.y()[k], x1 = hexes.x()[k + 1], y1 = hexes.y()[k + 1];
        if ((y0 > y[i]) != (y1 > y[i]) && x[i] < x0 + (y[i] - y0) * (x1 - x0) / (y1 - y0)) in = !in;
      }
      if (in) expected = static_cast<int64_t>(f);
    }
    EXPECT_EQ(one[i], expected) << "point " << i;
  }
}

TEST(Locate, TransformsPointsIntoThePolygonsCrsAndRejectsMixedLocalFrames) {
  const Crs utm = Crs::from_epsg(32648);
  PolygonSet::Builder b(utm);
  const double xs[] = {580000, 590000, 590000, 580000, 580000}, ys[] = {2450000, 2450000, 2460000, 2460000, 2450000};
  b.add_ring(xs, ys);
  b.end_feature();
  const PolygonSet square = b.build();
  // 105.8E 22.2N is inside that square in UTM 48N (about 582,500 m E, 2,455,200 m N).
  const auto r = locate(PointSet({105.8, 106.5}, {22.2, 22.2}, wgs84()), square);
  EXPECT_EQ(r[0], 0);
  EXPECT_EQ(r[1], -1);
  EXPECT_THROW(locate(PointSet({1.0}, {1.0}), square), CrsError);
}
