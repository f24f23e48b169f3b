#include <gtest/gtest.h>

#include <cmath>

#include "watchmap/crs.hpp"
#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"

using namespace watchmap;

// Expected values from `gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32648 -output_xy` (GDAL 3.6.2,
// PROJ 9.1.1), an independent tool from our OSR call path.
TEST(Crs, Wgs84ToUtm48MatchesGdaltransformToOneMillimetre) {
  std::vector<double> x = {105.85, 105.652, 106.049};
  std::vector<double> y = {22.2, 22.087, 22.318};
  Transformer(Crs::from_epsg(4326), Crs::from_epsg(32648)).transform(x, y);
  EXPECT_NEAR(x[0], 587616.47198604, 1e-3);
  EXPECT_NEAR(y[0], 2455209.99842414, 1e-3);
  EXPECT_NEAR(x[1], 567259.911727767, 1e-3);
  EXPECT_NEAR(y[1], 2442600.59149053, 1e-3);
  EXPECT_NEAR(x[2], 608039.923114459, 1e-3);
  EXPECT_NEAR(y[2], 2468401.39190443, 1e-3);
}

TEST(Crs, Utm48ToWgs84MatchesGdaltransform) {
  double x = 580000, y = 2460000;
  Transformer(Crs::from_user_input("EPSG:32648"), wgs84()).transform(x, y);
  EXPECT_NEAR(x, 105.77635333927, 1e-9);  // 1e-9 degree is about 0.1 mm
  EXPECT_NEAR(y, 22.2436393603871, 1e-9);
}

TEST(Crs, RoundTripIsBelowOneMillimetre) {
  std::vector<double> x = {600000.0, 550000.5}, y = {2450000.0, 2470000.25};
  const Crs utm = Crs::from_epsg(32648);
  auto x0 = x, y0 = y;
  Transformer(utm, wgs84()).transform(x, y);
  Transformer(wgs84(), utm).transform(x, y);
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(x[i], x0[i], 1e-3);
    EXPECT_NEAR(y[i], y0[i], 1e-3);
  }
}

TEST(Crs, ParsesUserInputAndIdentifiesEpsg) {
  const Crs a = Crs::from_user_input("EPSG:32648");
  EXPECT_EQ(a.epsg().value_or(0), 32648);
  EXPECT_EQ(a.to_string(), "EPSG:32648");
  EXPECT_TRUE(a.is_projected());
  EXPECT_TRUE(a.is_metric());
  EXPECT_EQ(a.metres_per_unit(), 1.0);
  const Crs b = Crs::from_user_input("+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs");
  EXPECT_TRUE(a == b);
  const Crs c = Crs::from_user_input(a.wkt());
  EXPECT_TRUE(a == c);
  EXPECT_TRUE(wgs84().is_geographic());
  EXPECT_FALSE(wgs84().is_metric());
  EXPECT_TRUE(Crs::from_user_input("local").empty());
  EXPECT_TRUE(Crs{} == Crs{});
  EXPECT_FALSE(Crs{} == a);
  // US survey feet state plane: projected but not metric
  const Crs feet = Crs::from_epsg(2868);
  EXPECT_TRUE(feet.is_projected());
  EXPECT_FALSE(feet.is_metric());
  EXPECT_NEAR(feet.metres_per_unit(), 0.3048006, 1e-6);
}

TEST(Crs, UnknownInputIsACrsError) {
  EXPECT_THROW(Crs::from_user_input("EPSG:999999"), CrsError);
  EXPECT_THROW(Crs::from_user_input("not a crs"), CrsError);
  EXPECT_THROW(Crs::from_epsg(-1), CrsError);
  EXPECT_THROW(Crs::from_user_input("99999999999999999999"), CrsError);  // not an int: no overflow
  EXPECT_EQ(Crs::from_user_input("32648").epsg().value_or(0), 32648);
}

TEST(Crs, UtmZoneForLonLat) {
  EXPECT_EQ(utm_crs_for(105.85, 22.2).epsg().value_or(0), 32648);
  EXPECT_EQ(utm_crs_for(-74.0, 40.7).epsg().value_or(0), 32618);
  EXPECT_EQ(utm_crs_for(151.2, -33.9).epsg().value_or(0), 32756);
  EXPECT_EQ(utm_crs_for(180.0, 0.0).epsg().value_or(0), 32660);
  EXPECT_THROW(utm_crs_for(22.2, 105.85), InvalidInput);  // swapped lon/lat
  EXPECT_THROW(utm_crs_for(NAN, 0.0), InvalidInput);
}

TEST(Crs, MetricCrsForGeographicDataIsItsUtmZone) {
  Box b{105.65, 22.09, 106.05, 22.32};
  EXPECT_EQ(metric_crs_for(wgs84(), b).epsg().value_or(0), 32648);
  EXPECT_EQ(metric_crs_for(Crs::from_epsg(32648), b).epsg().value_or(0), 32648);
  EXPECT_TRUE(metric_crs_for(Crs{}, b).empty());
}

TEST(Crs, TransformingWithAnEmptyCrsIsAnError) {
  EXPECT_THROW(Transformer(Crs{}, wgs84()), CrsError);
  PointSet p({1.0}, {2.0});
  EXPECT_THROW(p.to_crs(wgs84()), CrsError);
}

TEST(Crs, OutOfRangeLatitudeFailsToTransformNamingThePoint) {
  std::vector<double> x = {105.0, 105.0}, y = {22.0, 105.0};
  try {
    Transformer(wgs84(), Crs::from_epsg(32648)).transform(x, y);
    FAIL() << "expected CrsError";
  } catch (const CrsError& e) {
    EXPECT_NE(std::string(e.what()).find("point 1"), std::string::npos) << e.what();
  }
}

TEST(Crs, PointsAndPolygonsToCrs) {
  PointSet p({105.85}, {22.2}, wgs84());
  PointSet q = p.to_crs(Crs::from_epsg(32648));
  EXPECT_NEAR(q.x()[0], 587616.47198604, 1e-3);
  EXPECT_EQ(q.crs().epsg().value_or(0), 32648);
  PolygonSet::Builder b(wgs84());
  const double xs[] = {105.8, 105.9, 105.9, 105.8}, ys[] = {22.1, 22.1, 22.2, 22.2};
  b.add_ring(xs, ys);
  b.end_feature();
  PolygonSet utm = b.build().to_crs(Crs::from_epsg(32648));
  EXPECT_NEAR(utm.areas()[0] / 1e6, 114.5, 1.0);  // about 10.3 km x 11.1 km
}
