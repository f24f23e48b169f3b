#include <gtest/gtest.h>

#include <cmath>
#include <array>
#include <numbers>

#include "support/support.hpp"
#include "watchmap/coverage.hpp"
#include "watchmap/error.hpp"
#include "watchmap/join.hpp"
#include "watchmap/overlay.hpp"
#include "watchmap/polygon_ops.hpp"

using namespace watchmap;

namespace {

constexpr double kPi = std::numbers::pi;

PolygonSet squares(const std::vector<std::array<double, 3>>& corners_and_sizes, const Crs& crs = {}) {
  PolygonSet::Builder b(crs);
  for (const auto& [x0, y0, size] : corners_and_sizes) {
    const double xs[] = {x0, x0 + size, x0 + size, x0, x0};
    const double ys[] = {y0, y0, y0 + size, y0 + size, y0};
    b.add_ring(xs, ys);
    b.end_feature();
  }
  return b.build();
}

// Area of a circle of radius r centred in a square of half-side a (a <= r <= a·√2).
double circle_in_square(double r, double a) {
  const double segment = r * r * std::acos(a / r) - a * std::sqrt(r * r - a * a);
  return kPi * r * r - 4.0 * segment;
}

}  // namespace

TEST(Overlay, DisksAndTheirAreaError) {
  const PointSet centres({0.0, 5000.0}, {0.0, 0.0});
  for (int q : {8, 32, 64}) {
    const PolygonSet d = disks(centres, 1000.0, q);
    ASSERT_EQ(d.size(), 2u);
    const double expected = kPi * 1e6 * (1.0 - disk_area_error(q));
    EXPECT_NEAR(d.areas()[0], expected, 1e-6 * expected) << q;
    EXPECT_EQ(d.ring_offsets()[1], 4 * q + 1);  // 4q vertices, closed
  }
  EXPECT_NEAR(disk_area_error(8), 0.00641, 1e-5);
  EXPECT_LT(disk_area_error(32), 0.0005);
  EXPECT_EQ(disks(centres, 0.0, 32).num_parts(), 0u);
  EXPECT_THROW((void)disks(centres, -1.0, 32), InvalidInput);
  EXPECT_THROW((void)disks(centres, 10.0, 0), InvalidInput);
}

TEST(Overlay, DifferenceSharedAreasPartsAndInnerPoints) {
  const PolygonSet base = squares({{0, 0, 10}, {20, 0, 10}});
  const PolygonSet cut = squares({{5, 0, 20}});
  const PolygonSet rest = difference(base, cut);
  EXPECT_NEAR(rest.areas()[0], 50.0, 1e-9);
  EXPECT_NEAR(rest.areas()[1], 50.0, 1e-9);
  const std::vector<double> shared = intersection_areas(base, cut, 2);
  EXPECT_NEAR(shared[0], 50.0, 1e-9);
  EXPECT_NEAR(shared[1], 50.0, 1e-9);
  EXPECT_EQ(intersection_areas(base, squares({}), 1), (std::vector<double>{0.0, 0.0}));
  const PolygonSet parts = explode(union_all(base));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts.attributes().column("feature").ints, (std::vector<int64_t>{0, 0}));
  // an L shape whose centroid lies outside it
  PolygonSet::Builder b;
  const double xs[] = {0, 10, 10, 1, 1, 0, 0}, ys[] = {0, 0, 1, 1, 10, 10, 0};
  b.add_ring(xs, ys);
  b.end_feature();
  const PolygonSet l = b.build();
  const PointSet inner = representative_points(l);
  EXPECT_EQ(locate(inner, l)[0], 0);
}

TEST(LocateAll, OverlappingPolygonsAndSharedEdges) {
  const PolygonSet areas = squares({{0, 0, 10}, {5, 0, 10}, {20, 0, 5}});
  const PointSet pts({7.0, 2.0, 10.0, 30.0, 22.0}, {5.0, 5.0, 5.0, 5.0, 0.0});
  const LocatedPairs pairs = locate_all(pts, areas);
  EXPECT_EQ(pairs.point, (std::vector<int64_t>{0, 0, 1, 2, 2, 4}));
  EXPECT_EQ(pairs.polygon, (std::vector<int64_t>{0, 1, 0, 0, 1, 2}));
  // point 0 is strictly inside two; point 2 is on the edge of one and inside the other
  EXPECT_EQ(count_in_several(pts, areas), 1);
  // tiles sharing an edge: nothing inside two, the edge point is in both (closed)
  const PolygonSet tiles = squares({{0, 0, 10}, {10, 0, 10}});
  const PointSet edge({10.0, 5.0}, {5.0, 5.0});
  EXPECT_EQ(count_in_several(edge, tiles), 0);
  EXPECT_EQ(locate_all(edge, tiles).polygon, (std::vector<int64_t>{0, 1, 0}));
  // the same answer for any thread count on many points
  std::vector<double> x, y;
  for (int i = 0; i < 20000; ++i) {
    x.push_back(std::fmod(i * 0.6180339887, 1.0) * 26.0 - 1.0);
    y.push_back(std::fmod(i * 0.4142135623, 1.0) * 11.0 - 0.5);
  }
  const PointSet many(x, y);
  const LocatedPairs one = PolygonLocator(areas).locate_all(many, {1});
  const LocatedPairs two = PolygonLocator(areas).locate_all(many, {2});
  EXPECT_EQ(one.point, two.point);
  EXPECT_EQ(one.polygon, two.polygon);
  const std::vector<int64_t> first = locate(many, areas);
  for (size_t k = 0, i = 0; i < many.size(); ++i) {
    if (first[i] < 0) continue;
    while (k < one.point.size() && one.point[k] < static_cast<int64_t>(i)) ++k;
    ASSERT_LT(k, one.point.size());
    EXPECT_EQ(one.point[k], static_cast<int64_t>(i));  // locate's answer is one of them
  }
}

TEST(Coverage, SquareHamletWithATeamAtItsCentre) {
  const PolygonSet hamlet = squares({{0, 0, 2000}}, Crs::from_epsg(32648));
  const PointSet team({1000.0}, {1000.0}, Crs::from_epsg(32648));
  CoverageOptions o;
  for (double r : {500.0, 1000.0}) {
    o.radius_m = r;
    const Coverage c = coverage(team, hamlet, o);
    const double exact = kPi * r * r / 4e6;
    EXPECT_NEAR(c.area_share[0], exact * (1.0 - disk_area_error(32)), 1e-9) << r;
    EXPECT_LT(std::abs(c.area_share[0] - exact) / exact, 1e-3) << r;
    double gaps = 0.0;
    for (double a : c.gaps.areas()) gaps += a;
    EXPECT_NEAR(c.covered.areas()[0] + gaps, 4e6, 1e-3);
    EXPECT_EQ(c.residents_share[0], c.area_share[0]);  // uniform without population points
  }
  o.radius_m = 1200.0;  // the circle spills over the sides
  const Coverage spill = coverage(team, hamlet, o);
  EXPECT_LT(std::abs(spill.area_share[0] - circle_in_square(1200.0, 1000.0) / 4e6), 1e-3);
  o.radius_m = 1500.0;  // beyond the corners (1414 m)
  EXPECT_DOUBLE_EQ(coverage(team, hamlet, o).area_share[0], 1.0);
}

TEST(Coverage, ResidentsIncidentsOnTheCircleAndOverlappingTeams) {
  const Crs utm = Crs::from_epsg(32648);
  const PolygonSet hamlets = squares({{0, 0, 2000}, {2000, 0, 2000}}, utm);
  const PointSet teams({800.0, 1200.0}, {1000.0, 1000.0}, utm);
  // households: in the lens of both disks, in one disk, outside; and one in the second hamlet
  const PointSet homes({1000.0, 450.0, 1000.0, 1900.0, 3000.0}, {1000.0, 1000.0, 1900.0, 100.0, 1000.0}, utm);
  const PointSet events({1200.0 + 300.0, 1200.0 + 300.000001, 100.0}, {1000.0 + 400.0, 1000.0 + 400.0, 100.0}, utm);
  CoverageOptions o;
  o.radius_m = 500.0;
  o.population = &homes;
  o.residents = {7, 3, 5, 2, 4};
  o.incidents = &events;
  const Coverage c = coverage(teams, hamlets, o);
  // union of two disks of 500 m whose centres are 400 m apart
  const double lens = 2 * 500.0 * 500.0 * std::acos(0.4) - 200.0 * std::sqrt(4 * 500.0 * 500.0 - 400.0 * 400.0);
  const double union_area = 2 * kPi * 500.0 * 500.0 - lens;
  EXPECT_LT(std::abs(c.covered_km2[0] * 1e6 - union_area) / union_area, 1e-3);
  EXPECT_EQ(c.residents[0], 17.0);
  EXPECT_EQ(c.residents_covered[0], 10.0);  // the lens home once (7) and the one in a disk (3)
  EXPECT_EQ(c.residents[1], 4.0);
  EXPECT_EQ(c.residents_covered[1], 0.0);
  EXPECT_EQ(c.incidents[0], 3);
  EXPECT_EQ(c.incidents_covered[0], 1);  // exactly on the circle: covered; a micrometre beyond: not
  EXPECT_EQ(c.summary.incidents_outside, 2);
  EXPECT_NEAR(c.summary.residents_share, 10.0 / 21.0, 1e-15);
  // the most populous place is the lens home; both teams reach it
  EXPECT_EQ(c.place_x[0], 1000.0);
  EXPECT_EQ(c.teams_covering[0], 2);
  EXPECT_EQ(c.nearest_team[0], 0);  // equally far: the lower index
  EXPECT_DOUBLE_EQ(c.distance_m[0], 200.0);
  EXPECT_EQ(c.below_threshold, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(c.summary.hamlets_below, (std::vector<std::string>{"0", "1"}));
  EXPECT_NEAR(c.covered.areas()[0] + [&] {
    double s = 0;
    for (double a : c.gaps.areas()) s += a;
    return s;
  }(), 8e6, 1e-3);
}

TEST(Coverage, NoTeamsMeansEverythingIsAGap) {
  const PolygonSet hamlets = squares({{0, 0, 1000}, {1000, 0, 1000}});
  CoverageOptions o;
  o.radius_m = 2000.0;
  const PointSet homes({10.0}, {10.0});
  o.population = &homes;
  const Coverage c = coverage(PointSet(), hamlets, o);
  EXPECT_EQ(c.area_share, (std::vector<double>{0.0, 0.0}));
  EXPECT_EQ(c.residents_share[0], 0.0);
  EXPECT_NEAR(c.gaps.areas()[0], 2e6, 1e-6);
  EXPECT_EQ(c.nearest_team[0], -1);
  EXPECT_EQ(c.summary.hamlets_below.size(), 2u);
}

TEST(Coverage, TravelTimeReadsTheRaster) {
  // flat 30 m cells, a hamlet aligned with the grid, a team in its middle
  Raster dem(Grid(0.0, 0.0, 30.0, 41, 41), 100.0);
  const PolygonSet hamlet = squares({{150, 150, 900}});
  const PointSet team({615.0}, {615.0});
  const TravelTime tt = travel_time(dem, team);
  CoverageOptions o;
  o.travel_time = &tt;
  o.minutes = 5.0;
  const PointSet homes({615.0, 300.0}, {615.0, 300.0});
  o.population = &homes;
  o.residents = {2.0, 1.0};
  const Coverage c = coverage(team, hamlet, o);
  int cells = 0;
  for (int64_t r = 0; r < 41; ++r)
    for (int64_t cc = 0; cc < 41; ++cc) {
      const double x = dem.grid.center_x(cc), y = dem.grid.center_y(r);
      if (x > 150 && x < 1050 && y > 150 && y < 1050 && tt.minutes.at(r, cc) <= 5.0) ++cells;
    }
  EXPECT_NEAR(c.covered_km2[0] * 1e6, cells * 900.0, 1e-3);
  EXPECT_EQ(c.residents_covered[0], 2.0);  // the far home is beyond 5 minutes
  EXPECT_EQ(c.minutes[0], 0.0);
  EXPECT_EQ(c.teams_covering[0], 1);
  EXPECT_EQ(c.summary.mode, CoverageMode::TravelTime);
  // other teams than the travel time's sources
  EXPECT_THROW((void)coverage(PointSet({45.0}, {45.0}), hamlet, o), InvalidInput);
  o.minutes = 1e9;
  TravelTimeOptions limited;
  limited.max_minutes = 10.0;
  const TravelTime short_tt = travel_time(dem, team, limited);
  o.travel_time = &short_tt;
  EXPECT_THROW((void)coverage(team, hamlet, o), InvalidInput);  // stopped before `minutes`
}

TEST(Coverage, BadInput) {
  const PolygonSet hamlet = squares({{0, 0, 100}});
  const PointSet team({50.0}, {50.0});
  CoverageOptions o;
  EXPECT_THROW((void)coverage(team, hamlet, o), InvalidInput);  // neither
  o.radius_m = -1.0;
  EXPECT_THROW((void)coverage(team, hamlet, o), InvalidInput);
  o.radius_m = NAN;
  EXPECT_THROW((void)coverage(team, hamlet, o), InvalidInput);
  o.radius_m = 10.0;
  o.minutes = 5.0;
  EXPECT_THROW((void)coverage(team, hamlet, o), InvalidInput);  // minutes with a radius
  o.minutes.reset();
  o.threshold = 1.5;
  EXPECT_THROW((void)coverage(team, hamlet, o), InvalidInput);
  o.threshold = 0.8;
  const PointSet homes({1.0, 2.0}, {1.0, 2.0});
  o.population = &homes;
  o.residents = {1.0};
  EXPECT_THROW((void)coverage(team, hamlet, o), InvalidInput);
  o.residents = {1.0, -2.0};
  EXPECT_THROW((void)coverage(team, hamlet, o), InvalidInput);
  o.population = nullptr;
  o.residents.clear();
  EXPECT_THROW((void)coverage(team, PolygonSet(), o), InvalidInput);
  EXPECT_THROW((void)coverage(PointSet({50.0}, {50.0}, Crs::from_epsg(32648)), hamlet, o), CrsError);
  Raster dem(Grid(0.0, 0.0, 10.0, 10, 10), 1.0);
  const TravelTime tt = travel_time(dem, team);
  o.travel_time = &tt;
  EXPECT_THROW((void)coverage(team, hamlet, o), InvalidInput);  // both
  o.radius_m.reset();
  EXPECT_THROW((void)coverage(team, hamlet, o), InvalidInput);  // travel time without minutes
  o.minutes = -3.0;
  EXPECT_THROW((void)coverage(team, hamlet, o), InvalidInput);
}
