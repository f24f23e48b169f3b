#include <gtest/gtest.h>

#include <cmath>

#include "support/support.hpp"
#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"
#include "watchmap/grid.hpp"

using namespace watchmap;

TEST(PointSet, RejectsNonFiniteCoordinatesNamingTheRow) {
  try {
    PointSet({0.0, 1.0, NAN}, {0.0, 1.0, 2.0});
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("row 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(PointSet({0.0, INFINITY}, {0.0, 1.0}), InvalidInput);
  EXPECT_THROW(PointSet({0.0, 1.0}, {0.0}), InvalidInput);
}

TEST(PointSet, WeightsTimesAndTake) {
  PointSet p({0, 1, 2}, {5, 6, 7});
  p.set_weight({1.0, 2.0, 3.0});
  p.set_time({10, 20, 30});
  EXPECT_THROW(p.set_weight({1.0}), InvalidInput);
  EXPECT_THROW(p.set_weight({1.0, NAN, 2.0}), InvalidInput);
  PointSet q = p.take({2, 0});
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q.x()[0], 2.0);
  EXPECT_EQ(q.weight()[1], 1.0);
  EXPECT_EQ(q.time()[0], 30);
  const Box b = p.bounds();
  EXPECT_EQ(b.xmin, 0.0);
  EXPECT_EQ(b.ymax, 7.0);
  EXPECT_TRUE(PointSet().bounds().empty());
}

TEST(PolygonSet, AreasCountHolesAndParts) {
  PolygonSet ps = test::sample_polygons(Crs{});
  ASSERT_EQ(ps.size(), 4u);
  EXPECT_EQ(ps.num_parts(), 5u);
  const std::vector<double> a = ps.areas();
  EXPECT_DOUBLE_EQ(a[0], 1.0);
  EXPECT_DOUBLE_EQ(a[1], 1.0);
  EXPECT_DOUBLE_EQ(a[2], 8.0);  // 9 minus the hole
  EXPECT_DOUBLE_EQ(a[3], 5.0);
  const Box fb = ps.feature_bounds(3);
  EXPECT_EQ(fb.xmin, 10.0);
  EXPECT_EQ(fb.xmax, 14.0);
}

TEST(PolygonSet, TakeKeepsAttributes) {
  PolygonSet ps = test::sample_polygons(Crs{});
  PolygonSet t = ps.take({3, 0});
  ASSERT_EQ(t.size(), 2u);
  EXPECT_DOUBLE_EQ(t.areas()[0], 5.0);
  EXPECT_EQ(t.attributes().column("name").strings[0], "two parts");
  EXPECT_EQ(t.attributes().column("population").ints[1], 120);
}

TEST(PolygonSet, RejectsBrokenLayouts) {
  // ring of 3 vertices
  EXPECT_THROW(PolygonSet({0, 1, 0}, {0, 0, 0}, {0, 3}, {0, 1}, {0, 1}), InvalidInput);
  // not closed
  EXPECT_THROW(PolygonSet({0, 1, 1, 0}, {0, 0, 1, 1}, {0, 4}, {0, 1}, {0, 1}), InvalidInput);
  // NaN vertex
  EXPECT_THROW(PolygonSet({0, 1, NAN, 0}, {0, 0, 1, 0}, {0, 4}, {0, 1}, {0, 1}), InvalidInput);
  // offsets past the end
  EXPECT_THROW(PolygonSet({0, 1, 1, 0}, {0, 0, 1, 0}, {0, 5}, {0, 1}, {0, 1}), InvalidInput);
}

TEST(Table, ColumnErrorsListTheNames) {
  Table t;
  t.add(Column{"a", ColumnType::Real, {}, {1.0, 2.0}, {}, {}});
  EXPECT_THROW(t.add(Column{"a", ColumnType::Real, {}, {1.0, 2.0}, {}, {}}), InvalidInput);
  EXPECT_THROW(t.add(Column{"b", ColumnType::Real, {}, {1.0}, {}, {}}), InvalidInput);
  try {
    (void)t.column("population");
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("columns: a"), std::string::npos) << e.what();
  }
}

TEST(Geometry, CoordinatesBeyondAnyMapUnitAreRefused) {
  // GEOS's repair looped forever on a ring with coordinates near 1e302 (tests/fuzz/fuzz_make_valid);
  // no map unit comes near 1e15, so layers refuse such values where they are made.
  EXPECT_NO_THROW(PointSet({1e15, -1e15}, {-1e15, 0.0}));
  EXPECT_THROW(PointSet({0.0, 1.27e302}, {0.0, 5.0}), InvalidInput);
  EXPECT_THROW(PointSet({0.0}, {-2e15}), InvalidInput);
  const std::vector<double> x{-8.8e301, -6.9e301, -1.28e302, 1.27e302, -8.8e301};
  const std::vector<double> y{-1.24e302, 1.27e302, -1.28e302, -1.28e302, -1.24e302};
  try {
    PolygonSet(x, y, {0, 5}, {0, 1}, {0, 1});
    ADD_FAILURE() << "no error";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("feature 0 has a coordinate"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Grid(1e15, 0.0, 10.0, 10, 10).validate(), InvalidInput);
  EXPECT_NO_THROW(Grid(5e5, 2.4e6, 10.0, 10, 10).validate());
}
