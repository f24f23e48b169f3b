#include <gtest/gtest.h>

#include <cmath>

#include "support/support.hpp"
#include "watchmap/error.hpp"
#include "watchmap/io.hpp"
#include "watchmap/travel_time.hpp"
#include "watchmap/wkb.hpp"

using namespace watchmap;

namespace {

LineSet two_roads(const Crs& crs) {
  LineSet::Builder b(crs);
  const double x0[] = {500000.0, 500300.0, 500300.0}, y0[] = {2400000.0, 2400000.0, 2400400.0};
  b.add_part(x0, y0);
  b.end_feature();
  const double x1[] = {500000.0, 500030.0}, y1[] = {2400100.0, 2400100.0};
  const double x2[] = {500100.0, 500100.0}, y2[] = {2400100.0, 2400160.0};
  b.add_part(x1, y1);
  b.add_part(x2, y2);
  b.end_feature();
  b.end_feature();  // an empty feature
  LineSet lines = b.build();
  Table t;
  t.add(Column{"kind", ColumnType::String, {}, {}, {"provincial road", "trail", "trail"}, {}});
  lines.set_attributes(t);
  return lines;
}

}  // namespace

TEST(LineSet, LayoutLengthsAndTake) {
  const LineSet lines = two_roads(Crs::from_epsg(32648));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines.num_parts(), 3u);
  EXPECT_EQ(lines.part_offsets(), (std::vector<int64_t>{0, 3, 5, 7}));
  EXPECT_EQ(lines.feature_offsets(), (std::vector<int64_t>{0, 1, 3, 3}));
  const std::vector<double> len = lines.lengths();
  EXPECT_DOUBLE_EQ(len[0], 700.0);
  EXPECT_DOUBLE_EQ(len[1], 90.0);
  EXPECT_EQ(len[2], 0.0);
  const LineSet second = lines.take({1});
  EXPECT_EQ(second.size(), 1u);
  EXPECT_EQ(second.num_parts(), 2u);
  EXPECT_EQ(second.attributes().column("kind").strings[0], "trail");
  EXPECT_THROW((void)lines.take({3}), InvalidInput);
  EXPECT_THROW(LineSet({0.0}, {0.0}, {0, 1}, {0, 1}), InvalidInput);                   // one-vertex line
  EXPECT_THROW(LineSet({0.0, 1.0}, {0.0, NAN}, {0, 2}, {0, 1}), InvalidInput);         // NaN
  EXPECT_THROW(LineSet({0.0, 1.0}, {0.0, 1.0}, {0, 2}, {0, 2}), InvalidInput);         // bad offsets
}

TEST(LineSet, ToCrsKeepsLengthsClose) {
  const LineSet lines = two_roads(Crs::from_epsg(32648));
  const LineSet lonlat = lines.to_crs(Crs::from_epsg(4326));
  EXPECT_TRUE(lonlat.crs().is_geographic());
  const LineSet back = lonlat.to_crs(Crs::from_epsg(32648));
  for (size_t i = 0; i < lines.num_vertices(); ++i) EXPECT_NEAR(back.x()[i], lines.x()[i], 1e-6);
}

TEST(LineSet, GeoPackageAndGeoJsonRoundTrips) {
  test::TempDir dir;
  const LineSet lines = two_roads(Crs::from_epsg(32648));
  for (const char* name : {"roads.gpkg", "roads.geojson"}) {
    write_lines(lines, dir.path(name));
    LineReadOptions options;
    std::vector<std::string> warnings;
    options.warn = [&](const std::string& m) { warnings.push_back(m); };
    const LineSet back = read_lines(dir.path(name), options);
    ASSERT_EQ(back.size(), 3u) << name;
    EXPECT_EQ(back.x(), lines.x()) << name;
    EXPECT_EQ(back.part_offsets(), lines.part_offsets()) << name;
    EXPECT_EQ(back.attributes().column("kind").strings, lines.attributes().column("kind").strings);
    EXPECT_TRUE(back.crs() == lines.crs()) << name;
    EXPECT_EQ(warnings.size(), 1u) << name;  // the empty feature
  }
  // reading polygons as lines is an error naming the row
  PolygonSet square(std::vector<double>{0, 1, 1, 0, 0}, std::vector<double>{0, 0, 1, 1, 0}, {0, 5}, {0, 1}, {0, 1},
                    Crs::from_epsg(32648));
  write_polygons(square, dir.path("square.gpkg"));
  EXPECT_THROW((void)read_lines(dir.path("square.gpkg")), InvalidInput);
}

TEST(LineSet, WkbRoundTrip) {
  const LineSet lines = two_roads(Crs::from_epsg(32648));
  const LineSet back = lines_from_wkb(to_wkb(lines), lines.crs());
  EXPECT_EQ(back.x(), lines.x());
  EXPECT_EQ(back.y(), lines.y());
  EXPECT_EQ(back.feature_offsets(), lines.feature_offsets());
}

TEST(LineSet, RoadsBurntIntoAGridAreEightConnected) {
  const Grid grid(499977.0, 2399963.0, 30.0, 14, 17, Crs::from_epsg(32648));  // no road on a cell border
  const LineSet lines = two_roads(Crs::from_epsg(32648));
  const Raster speeds = road_speed_raster(lines, grid, {40.0, 0.0, 5.0});
  int road = 0, ridden = 0;
  for (int64_t r = 0; r < grid.nrows; ++r) {
    for (int64_t c = 0; c < grid.ncols; ++c) {
      const double v = speeds.at(r, c);
      if (std::isnan(v)) continue;
      ++road;
      ridden += v == 40.0;
    }
  }
  EXPECT_GT(ridden, 20);
  EXPECT_GT(road, ridden);
  // the diagonal-free L-shaped road: every ridden cell has a ridden 8-neighbour
  for (int64_t r = 0; r < grid.nrows; ++r) {
    for (int64_t c = 0; c < grid.ncols; ++c) {
      if (speeds.at(r, c) != 40.0) continue;
      int neighbours = 0;
      for (int dr = -1; dr <= 1; ++dr)
        for (int dc = -1; dc <= 1; ++dc)
          if ((dr || dc) && r + dr >= 0 && c + dc >= 0 && r + dr < grid.nrows && c + dc < grid.ncols &&
              speeds.at(r + dr, c + dc) == 40.0)
            ++neighbours;
      EXPECT_GE(neighbours, 1);
    }
  }
  EXPECT_THROW((void)road_speed_raster(lines, grid, {40.0}), InvalidInput);
  EXPECT_THROW((void)road_speed_raster(lines, grid, {40.0, -1.0, 0.0}), InvalidInput);
  // lines in lon/lat are brought into the grid's CRS
  const Raster again = road_speed_raster(lines.to_crs(Crs::from_epsg(4326)), grid, {40.0, 0.0, 5.0});
  int same = 0;
  for (size_t i = 0; i < again.values.size(); ++i)
    same += (std::isnan(again.values[i]) && std::isnan(speeds.values[i])) || again.values[i] == speeds.values[i];
  EXPECT_EQ(same, static_cast<int>(again.values.size()));
}
