#include <gtest/gtest.h>

#include <cmath>

#include "watchmap/error.hpp"
#include "watchmap/grid.hpp"

using namespace watchmap;

TEST(Grid, CellCentresRowZeroIsNorth) {
  Grid g(100.0, 200.0, 10.0, 3, 2);
  EXPECT_EQ(g.xmax(), 130.0);
  EXPECT_EQ(g.ymax(), 220.0);
  EXPECT_EQ(g.center_x(0), 105.0);
  EXPECT_EQ(g.center_y(0), 215.0);
  EXPECT_EQ(g.center_y(1), 205.0);
  EXPECT_EQ(g.cell_count(), 6);
}

TEST(Grid, RejectsBadSizes) {
  EXPECT_THROW(Grid(0, 0, 0.0, 3, 3), InvalidInput);
  EXPECT_THROW(Grid(0, 0, -5.0, 3, 3), InvalidInput);
  EXPECT_THROW(Grid(0, 0, NAN, 3, 3), InvalidInput);
  EXPECT_THROW(Grid(0, 0, 1.0, 0, 3), InvalidInput);
  EXPECT_THROW(Grid(NAN, 0, 1.0, 3, 3), InvalidInput);
}

TEST(Grid, CoveringSnapsToCellMultiples) {
  Box b{1005.0, 2003.0, 1234.0, 2100.0};
  Grid g = Grid::covering(b, 100.0, 50.0);
  EXPECT_EQ(g.xmin, 900.0);
  EXPECT_EQ(g.ymin, 1900.0);
  EXPECT_GE(g.xmax(), 1284.0);
  EXPECT_GE(g.ymax(), 2150.0);
  EXPECT_EQ(g.ncols, 4);
  EXPECT_EQ(g.nrows, 3);
  EXPECT_THROW(Grid::covering(Box{}, 100.0, 0.0), InvalidInput);
}

TEST(Raster, RefusesAGridTooLargeForMemoryWithTheEstimate) {
  Grid huge(0, 0, 1.0, 1 << 20, 1 << 19);  // 2^39 cells = 4.4 TB of float64
  try {
    Raster r(huge);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("GB"), std::string::npos) << e.what();
  }
}

TEST(Raster, ValuesAndNodata) {
  Raster r(Grid(0, 0, 1.0, 2, 2), 0.0, -9999.0);
  r.at(1, 0) = -9999.0;
  EXPECT_TRUE(r.is_nodata(r.at(1, 0)));
  EXPECT_TRUE(r.is_nodata(NAN));
  EXPECT_FALSE(r.is_nodata(0.0));
  EXPECT_THROW(Raster(Grid(0, 0, 1.0, 2, 2), std::vector<double>(3)), InvalidInput);
}
