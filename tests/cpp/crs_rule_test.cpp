// The one CRS rule (watchmap/crs_rule.hpp) and the analytics that follow it.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "support/support.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/nearest.hpp"
#include "watchmap/polygon_ops.hpp"
#include "watchmap/tessellate.hpp"

using namespace watchmap;

namespace {

const Crs kUtm48 = Crs::from_epsg(32648);
const Crs kArizonaFeet = Crs::from_epsg(2223);  // NAD83 / Arizona Central (ft), like the geodanet data

PolygonSet square(double x0, double y0, double side, const Crs& crs) {
  PolygonSet::Builder b(crs);
  const double xs[] = {x0, x0 + side, x0 + side, x0, x0}, ys[] = {y0, y0, y0 + side, y0 + side, y0};
  b.add_ring(xs, ys);
  b.end_feature();
  return b.build();
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(CrsRule, FirstLayerWithAMetricCrsDecides) {
  const PointSet lonlat({105.85}, {22.2}, wgs84());
  const PolygonSet utm = square(580000, 2450000, 1000, kUtm48);
  EXPECT_EQ(analysis_crs({layer_ref(utm, "hamlets"), layer_ref(lonlat, "incidents")}, Measure::Metres), kUtm48);
  EXPECT_EQ(analysis_crs({layer_ref(lonlat, "incidents"), layer_ref(utm, "hamlets")}, Measure::Topology), wgs84());
}

TEST(CrsRule, DegreesAndFeetBecomeTheUtmZoneOfTheFirstLayer) {
  const PointSet lonlat({105.85}, {22.2}, wgs84());
  EXPECT_EQ(analysis_crs({layer_ref(lonlat, "incidents")}, Measure::Metres).epsg().value_or(0), 32648);
  // A point in Phoenix in Arizona Central feet: UTM zone 12N.
  const PointSet feet({700000.0}, {900000.0}, kArizonaFeet);
  EXPECT_EQ(analysis_crs({layer_ref(feet, "crimes"), layer_ref(lonlat, "x")}, Measure::Metres).epsg().value_or(0), 32612);
}

TEST(CrsRule, RastersFixTheFrameAndAreNeverReprojected) {
  const Grid lonlat_grid(105.8, 22.1, 0.001, 10, 10, wgs84());
  const PointSet utm_points({587616.0}, {2455210.0}, kUtm48);
  EXPECT_EQ(analysis_crs({layer_ref(lonlat_grid, "dem"), layer_ref(utm_points, "teams")}, Measure::Topology), wgs84());
  const std::string m = message_of([&] {
    (void)analysis_crs({layer_ref(utm_points, "teams"), layer_ref(lonlat_grid, "dem")}, Measure::Metres);
  });
  EXPECT_NE(m.find("dem (EPSG:4326) is not in metres"), std::string::npos) << m;
  const Grid utm_grid(580000, 2450000, 30, 10, 10, kUtm48);
  const std::string two = message_of([&] {
    (void)analysis_crs({layer_ref(utm_grid, "dem"), layer_ref(lonlat_grid, "friction")}, Measure::Topology);
  });
  EXPECT_NE(two.find("different CRSs"), std::string::npos) << two;
}

TEST(CrsRule, LayersWithoutACrsMixOnlyWithEachOther) {
  const PointSet local({1.0}, {2.0});
  const PolygonSet utm = square(580000, 2450000, 1000, kUtm48);
  EXPECT_TRUE(analysis_crs({layer_ref(local, "a"), layer_ref(local, "b")}, Measure::Metres).empty());
  const std::string m = message_of([&] {
    (void)analysis_crs({layer_ref(utm, "hamlets"), layer_ref(local, "incidents")}, Measure::Metres);
  });
  EXPECT_NE(m.find("hamlets (EPSG:32648) and incidents (no CRS)"), std::string::npos) << m;
}

TEST(CrsRule, MetricExtentOfALonLatLayerIsInItsUtmZone) {
  const PolygonSet utm = square(580000, 2450000, 10000, kUtm48);
  const MetricExtent e = metric_extent(utm.to_crs(wgs84()));
  EXPECT_EQ(e.crs, kUtm48);
  EXPECT_NEAR(e.bounds.width(), 10000, 1.0);
  EXPECT_THROW((void)metric_extent(utm.to_crs(wgs84()).bounds(), wgs84()), CrsError);
  // A 1 km hexagon grid over lon/lat data has cells of 1 km, in UTM, not one cell per degree.
  const PolygonSet hexes = hex_grid(e, 1000.0);
  EXPECT_GT(hexes.size(), 100u);
  EXPECT_EQ(hexes.crs(), kUtm48);
}

TEST(CrsRule, UtmForDataWiderThanAZoneWarns) {
  std::string warning;
  const Box us{-124.0, 25.0, -67.0, 49.0};
  const Crs utm = utm_crs_for_extent(wgs84(), us, [&](const std::string& m) { warning = m; });
  EXPECT_TRUE(utm.is_metric());
  EXPECT_NE(warning.find("wider than one UTM zone"), std::string::npos) << warning;
  warning.clear();
  (void)utm_crs_for_extent(wgs84(), Box{105.6, 22.0, 106.1, 22.4}, [&](const std::string& m) { warning = m; });
  EXPECT_TRUE(warning.empty());
}

TEST(CrsRule, VoronoiCellsOfLonLatSeedsInAUtmBoundary) {
  // Before the rule, seeds in EPSG:4326 with a UTM boundary gave one huge cell and two empty ones.
  const PolygonSet boundary = square(580000, 2450000, 9000, kUtm48);
  const PointSet seeds = PointSet({581000.0, 585000.0, 588000.0}, {2451000.0, 2455000.0, 2458000.0}, kUtm48)
                             .to_crs(wgs84());
  const PolygonSet cells = voronoi_cells(seeds, boundary);
  ASSERT_EQ(cells.size(), 3u);
  double total = 0.0;
  for (double a : cells.areas()) {
    EXPECT_GT(a, 1e6);
    total += a;
  }
  EXPECT_NEAR(total, 81e6, 81e6 * 1e-3);
}

TEST(CrsRule, NearestOnAFeetLayerMeasuresMetres) {
  const PointSet a({700000.0, 701000.0}, {900000.0, 900000.0}, kArizonaFeet);
  const NearestResult r = nearest(a.take({1}), a.take({0}));
  EXPECT_NEAR(r.distance_m[0], 1000 * 0.3048, 0.3048 * 1000 * 1e-3);  // UTM scale factor < 0.1 %
}

TEST(CrsRule, ClipBringsTheMaskIntoThePolygonsCrs) {
  const PolygonSet cells = square(580000, 2450000, 2000, kUtm48);
  const PolygonSet mask = square(581000, 2450000, 5000, kUtm48).to_crs(wgs84());
  const PolygonSet clipped = clip(cells, mask);
  EXPECT_EQ(clipped.crs(), kUtm48);
  EXPECT_NEAR(clipped.areas()[0], 2e6, 2e6 * 1e-3);
  EXPECT_NEAR(intersection_area(cells, 0, mask, 0), 2e6, 2e6 * 1e-3);
}
