#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <fstream>
#include <random>

#include "support/support.hpp"
#include "watchmap/error.hpp"
#include "watchmap/travel_time.hpp"

using namespace watchmap;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The centre of cell (row, col) of a grid, as a one-point layer.
PointSet cell_centres(const Grid& g, const std::vector<std::pair<int, int>>& cells) {
  std::vector<double> x, y;
  for (auto [r, c] : cells) {
    x.push_back(g.center_x(c));
    y.push_back(g.center_y(r));
  }
  return PointSet(x, y, g.crs);
}

// An independent reference: Bellman–Ford relaxation to a fixed point over the same graph, with the
// edge time written out from the definition (not the library's code). Friction and roads follow
// travel_time.hpp. Returns minutes per cell (inf = unreached) and the nearest source.
struct Reference {
  std::vector<double> minutes;
  std::vector<int> nearest;
};

Reference brute_force(const Raster& dem, const std::vector<std::pair<int, int>>& sources, int neighbours, double factor,
                      bool reverse, const Raster* road = nullptr, const Raster* friction = nullptr) {
  const Grid& g = dem.grid;
  const int nr = static_cast<int>(g.nrows), nc = static_cast<int>(g.ncols);
  auto passable = [&](int r, int c) {
    if (r < 0 || c < 0 || r >= nr || c >= nc) return false;
    if (std::isnan(dem.at(r, c))) return false;
    return friction == nullptr || !std::isnan(friction->at(r, c));
  };
  auto on_road = [&](int r, int c) { return road != nullptr && !std::isnan(road->at(r, c)); };
  auto edge = [&](int r0, int c0, int r1, int c1) {
    const double L = std::sqrt(std::pow((c1 - c0) * g.cell_width, 2) + std::pow((r1 - r0) * g.cell_height, 2));
    const double S = (dem.at(r1, c1) - dem.at(r0, c0)) / L;
    const double speed_kmh = 6.0 * std::exp(-3.5 * std::abs(S + 0.05));
    if (on_road(r0, c0) && on_road(r1, c1)) {
      const double a = road->at(r0, c0), b = road->at(r1, c1);
      if (a > 0 && b > 0) return L / 1000.0 / std::min(a, b) * 60.0;
      return L / 1000.0 / speed_kmh * 60.0;
    }
    const double t = L / 1000.0 / (speed_kmh * factor) * 60.0;
    return friction == nullptr ? t : t * (friction->at(r0, c0) + friction->at(r1, c1)) / 2.0;
  };
  std::vector<std::pair<int, int>> moves = {{0, 1}, {0, -1}, {1, 0}, {-1, 0}, {1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
  if (neighbours == 16) {
    for (auto m : std::vector<std::pair<int, int>>{{1, 2}, {1, -2}, {-1, 2}, {-1, -2}, {2, 1}, {2, -1}, {-2, 1}, {-2, -1}})
      moves.push_back(m);
  }
  Reference ref{std::vector<double>(static_cast<size_t>(nr * nc), kInf), std::vector<int>(static_cast<size_t>(nr * nc), -1)};
  for (size_t s = 0; s < sources.size(); ++s) {
    const auto idx = static_cast<size_t>(sources[s].first * nc + sources[s].second);
    if (ref.minutes[idx] != 0.0) {
      ref.minutes[idx] = 0.0;
      ref.nearest[idx] = static_cast<int>(s);
    }
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (int r = 0; r < nr; ++r) {
      for (int c = 0; c < nc; ++c) {
        if (!passable(r, c)) continue;
        const auto v = static_cast<size_t>(r * nc + c);
        for (auto [dr, dc] : moves) {
          const int r2 = r + dr, c2 = c + dc;
          if (!passable(r2, c2)) continue;
          const auto u = static_cast<size_t>(r2 * nc + c2);
          if (ref.minutes[u] == kInf) continue;
          // v reached from its neighbour u: the edge u → v, or v → u when travelling to the source
          const double t = ref.minutes[u] + (reverse ? edge(r, c, r2, c2) : edge(r2, c2, r, c));
          if (t < ref.minutes[v] * (1 - 1e-14)) {
            ref.minutes[v] = t;
            ref.nearest[v] = ref.nearest[u];
            changed = true;
          }
        }
      }
    }
  }
  return ref;
}

// An ESRI ASCII grid read as float64 (GDAL's AAIGrid driver reads decimals as float32, which
// would round the oracle's 9-decimal minutes to ~1e-5).
Raster read_ascii_grid(const std::string& path) {
  std::ifstream in(path);
  std::string key;
  double ncols = 0, nrows = 0, xll = 0, yll = 0, cell = 0, nodata = 0;
  for (int i = 0; i < 6; ++i) {
    double value = 0;
    in >> key >> value;
    if (key == "ncols") ncols = value;
    if (key == "nrows") nrows = value;
    if (key == "xllcorner") xll = value;
    if (key == "yllcorner") yll = value;
    if (key == "cellsize") cell = value;
    if (key == "NODATA_value") nodata = value;
  }
  Raster r(Grid(xll, yll, cell, static_cast<int64_t>(ncols), static_cast<int64_t>(nrows)), 0.0, nodata);
  for (double& v : r.values) in >> v;
  return r;
}

Raster random_dem(int nrows, int ncols, unsigned seed, double nodata_share) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Raster dem(Grid(1000.0, 2000.0, 30.0, ncols, nrows), 0.0, std::numeric_limits<double>::quiet_NaN());
  for (int r = 0; r < nrows; ++r)
    for (int c = 0; c < ncols; ++c)
      dem.at(r, c) = 200.0 + 80.0 * std::sin(0.4 * r) * std::cos(0.3 * c) + 25.0 * u(rng);
  for (int r = 0; r < nrows; ++r)
    for (int c = 0; c < ncols; ++c)
      if (u(rng) < nodata_share) dem.at(r, c) = std::numeric_limits<double>::quiet_NaN();
  return dem;
}

void expect_matches(const TravelTime& tt, const Reference& ref, double tol) {
  int compared = 0;
  for (size_t i = 0; i < ref.minutes.size(); ++i) {
    if (ref.minutes[i] == kInf) {
      EXPECT_TRUE(std::isnan(tt.minutes.values[i])) << "cell " << i;
      EXPECT_EQ(tt.nearest.values[i], -1.0);
      continue;
    }
    ASSERT_NEAR(tt.minutes.values[i], ref.minutes[i], tol * std::max(1.0, ref.minutes[i])) << "cell " << i;
    ++compared;
  }
  EXPECT_GT(compared, 0);
}

}  // namespace

TEST(TravelTime, MatchesTheTerrainOracleFromThreeBases) {
  const std::string dem_path = test::shared_path("oracle/terrain/dem_300x300_30m.asc");
  const std::string ref_path = test::shared_path("oracle/terrain/tobler_time_from_sources_min.asc");
  if (dem_path.empty() || ref_path.empty()) GTEST_SKIP() << "../shared/oracle/terrain is absent";
  const Raster dem = read_ascii_grid(dem_path);
  const Raster ref = read_ascii_grid(ref_path);
  const PointSet bases = cell_centres(dem.grid, {{60, 70}, {150, 220}, {245, 105}});
  TravelTimeOptions options;
  options.graph.off_path_factor = 1.0;  // the oracle is the plain hiking function
  for (int threads : {1, 2}) {
    options.threads = threads;
    const TravelTime tt = travel_time(dem, bases, options);
    double worst = 0.0;
    for (size_t i = 0; i < ref.values.size(); ++i) worst = std::max(worst, std::abs(tt.minutes.values[i] - ref.values[i]));
    EXPECT_LE(worst, 1e-9) << threads << " threads";
    EXPECT_EQ(tt.minutes.at(60, 70), 0.0);
    EXPECT_EQ(tt.nearest.at(150, 220), 1.0);
    EXPECT_EQ(tt.nearest.at(245, 105), 2.0);
  }
}

TEST(TravelTime, HandCheckedThreeByThree) {
  Raster dem(Grid(0.0, 0.0, 30.0, 3, 3), std::vector<double>{100, 103, 110, 100, 100, 95, 90, 100, 130});
  TravelTimeOptions options;
  options.graph.off_path_factor = 1.0;
  const TravelTime tt = travel_time(dem, cell_centres(dem.grid, {{1, 1}}), options);
  const double expected[] = {0.5054029666976504, 0.5071376545137274, 1.1532207699604855,
                             0.35737386498370743, 0.0, 0.4512925541333883,
                             0.8126609414073985, 0.35737386498370743, 6.0042918395323355};
  for (int i = 0; i < 9; ++i) EXPECT_DOUBLE_EQ(tt.minutes.values[static_cast<size_t>(i)], expected[i]) << "cell " << i;
  // Tobler's off-path factor divides every time.
  options.graph.off_path_factor = 0.6;
  const TravelTime slow = travel_time(dem, cell_centres(dem.grid, {{1, 1}}), options);
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(slow.minutes.values[static_cast<size_t>(i)], expected[i] / 0.6, 1e-12);
}

TEST(TravelTime, BothDirectionsMatchABruteForceReference) {
  Raster dem = random_dem(17, 23, 7, 0.08);
  std::vector<std::pair<int, int>> src = {{2, 3}, {14, 19}, {8, 11}};
  for (auto& s : src) dem.at(s.first, s.second) = 250.0;
  const PointSet sources = cell_centres(dem.grid, src);
  for (int neighbours : {8, 16}) {
    for (bool reverse : {false, true}) {
      TravelTimeOptions options;
      options.graph.neighbours = neighbours;
      options.direction = reverse ? TravelDirection::ToSource : TravelDirection::FromSource;
      const TravelTime tt = travel_time(dem, sources, options);
      const Reference ref = brute_force(dem, src, neighbours, 0.6, reverse);
      expect_matches(tt, ref, 1e-12);
    }
  }
}

TEST(TravelTime, ToSourceDiffersFromFromSourceOnSlopes) {
  Raster dem = random_dem(30, 30, 3, 0.0);
  const PointSet one = cell_centres(dem.grid, {{15, 15}});
  TravelTimeOptions options;
  const TravelTime out = travel_time(dem, one, options);
  options.direction = TravelDirection::ToSource;
  const TravelTime back = travel_time(dem, one, options);
  double biggest = 0.0;
  for (size_t i = 0; i < out.minutes.values.size(); ++i)
    biggest = std::max(biggest, std::abs(out.minutes.values[i] - back.minutes.values[i]));
  EXPECT_GT(biggest, 0.5);
  EXPECT_EQ(back.direction, TravelDirection::ToSource);
}

TEST(TravelTime, RoadsAndFrictionMatchTheReference) {
  Raster dem = random_dem(20, 20, 11, 0.03);
  Raster road(dem.grid, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN());
  Raster friction(dem.grid, 1.0, std::numeric_limits<double>::quiet_NaN());
  for (int c = 0; c < 20; ++c) {
    dem.at(10, c) = dem.at(10, c) == dem.at(10, c) ? dem.at(10, c) : 200.0;
    road.at(10, c) = c < 12 ? 30.0 : 0.0;  // ridden, then walked
  }
  for (int r = 0; r < 10; ++r) road.at(r, r) = 15.0;  // a diagonal road
  for (int r = 0; r < 20; ++r) friction.at(r, 5) = 3.0;
  friction.at(4, 4) = std::numeric_limits<double>::quiet_NaN();
  friction.at(3, 17) = 0.5;
  std::vector<std::pair<int, int>> src = {{10, 0}, {18, 18}};
  for (auto& s : src) dem.at(s.first, s.second) = 220.0;
  TravelTimeOptions options;
  options.graph.road_speed_kmh = road;
  options.graph.friction = friction;
  for (bool reverse : {false, true}) {
    options.direction = reverse ? TravelDirection::ToSource : TravelDirection::FromSource;
    const TravelTime tt = travel_time(dem, cell_centres(dem.grid, src), options);
    expect_matches(tt, brute_force(dem, src, 8, 0.6, reverse, &road, &friction), 1e-12);
  }
  const TravelGraph graph(dem, options.graph);
  EXPECT_EQ(graph.road_cells(), 29);  // 30 road cells, one of them impassable (friction nodata)
}

TEST(TravelTime, FlatGroundAgainstStraightLineTime) {
  const int n = 121;
  Raster flat(Grid(0.0, 0.0, 10.0, n, n), 500.0);
  const PointSet centre = cell_centres(flat.grid, {{60, 60}});
  double worst8 = 0.0, worst16 = 0.0;
  TravelTimeOptions options;
  options.graph.off_path_factor = 1.0;
  const TravelTime t8 = travel_time(flat, centre, options);
  options.graph.neighbours = 16;
  const TravelTime t16 = travel_time(flat, centre, options);
  const double flat_speed = 6.0 * std::exp(-3.5 * 0.05);  // km/h
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      if (r == 60 && c == 60) continue;
      const double straight = std::hypot((r - 60) * 10.0, (c - 60) * 10.0) / 1000.0 / flat_speed * 60.0;
      worst8 = std::max(worst8, t8.minutes.at(r, c) / straight - 1.0);
      worst16 = std::max(worst16, t16.minutes.at(r, c) / straight - 1.0);
      EXPECT_LE(t16.minutes.at(r, c), t8.minutes.at(r, c) + 1e-12) << r << "," << c;
    }
  }
  EXPECT_LE(worst8, 0.083);
  EXPECT_GT(worst8, 0.08);  // the octile bound is reached along 22.5°
  EXPECT_LE(worst16, 0.028);
  EXPECT_GT(worst16, 0.02);
}

TEST(TravelTime, MaxMinutesStopsEarlyWithTheSameTimes) {
  Raster dem = random_dem(40, 40, 5, 0.02);
  const PointSet src = cell_centres(dem.grid, {{20, 20}});
  const TravelTime full = travel_time(dem, src);
  TravelTimeOptions options;
  options.max_minutes = 3.0;
  const TravelTime part = travel_time(dem, src, options);
  int kept = 0;
  for (size_t i = 0; i < full.minutes.values.size(); ++i) {
    const double f = full.minutes.values[i];
    if (f <= 3.0) {
      EXPECT_EQ(part.minutes.values[i], f);
      ++kept;
    } else {
      EXPECT_TRUE(std::isnan(part.minutes.values[i]));
      EXPECT_EQ(part.nearest.values[i], -1.0);
    }
  }
  EXPECT_GT(kept, 10);
  EXPECT_EQ(part.max_minutes, 3.0);
}

TEST(TravelTime, SameBitsForAnyThreadCount) {
  // Large enough that buckets are relaxed in parallel.
  Raster dem = random_dem(400, 400, 9, 0.01);
  std::vector<std::pair<int, int>> cells;
  for (int i = 0; i < 12; ++i) cells.push_back({20 + 30 * i, 380 - 29 * i});
  for (auto& s : cells) dem.at(s.first, s.second) = 200.0;
  TravelTimeOptions options;
  options.threads = 1;
  const TravelTime one = travel_time(dem, cell_centres(dem.grid, cells), options);
  options.threads = 2;
  const TravelTime two = travel_time(dem, cell_centres(dem.grid, cells), options);
  options.threads = 3;
  const TravelTime three = travel_time(dem, cell_centres(dem.grid, cells), options);
  for (size_t i = 0; i < one.minutes.values.size(); ++i) {
    const double a = one.minutes.values[i];
    ASSERT_TRUE((std::isnan(a) && std::isnan(two.minutes.values[i])) || a == two.minutes.values[i]) << i;
    ASSERT_TRUE((std::isnan(a) && std::isnan(three.minutes.values[i])) || a == three.minutes.values[i]) << i;
    ASSERT_EQ(one.nearest.values[i], two.nearest.values[i]) << i;
    ASSERT_EQ(one.nearest.values[i], three.nearest.values[i]) << i;
  }
}

TEST(TravelTime, TiesGoToTheLowerSourceIndex) {
  Raster flat(Grid(0.0, 0.0, 10.0, 9, 1), 100.0);
  // two sources symmetric about column 4; the middle cell is equally far from both
  const TravelTime tt = travel_time(flat, cell_centres(flat.grid, {{0, 8}, {0, 0}}));
  EXPECT_EQ(tt.nearest.at(0, 4), 0.0);
  EXPECT_EQ(tt.nearest.at(0, 3), 1.0);
  // two sources in one cell: the lower index holds it
  const TravelTime same = travel_time(flat, cell_centres(flat.grid, {{0, 2}, {0, 2}}));
  EXPECT_EQ(same.nearest.at(0, 2), 0.0);
}

TEST(TravelTime, BadInput) {
  Raster dem(Grid(0.0, 0.0, 30.0, 5, 5), 100.0, -9999.0);
  dem.at(2, 2) = -9999.0;
  PointSet outside({500.0}, {50.0});
  Table ids;
  ids.add(Column{"team_id", ColumnType::String, {}, {}, {"T-7"}, {}});
  outside.set_attributes(ids);
  try {
    (void)travel_time(dem, outside);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("source 0 (team_id 'T-7')"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("outside the DEM"), std::string::npos);
  }
  EXPECT_THROW((void)travel_time(dem, PointSet({75.0}, {75.0})), InvalidInput);  // on nodata
  try {
    (void)travel_time(dem, PointSet({15.0, 75.0}, {15.0, 75.0}));
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("source 1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("impassable"), std::string::npos);
  }
  TravelTimeOptions options;
  options.graph.neighbours = 4;
  EXPECT_THROW((void)travel_time(dem, PointSet({15.0}, {15.0}), options), InvalidInput);
  options = {};
  options.graph.off_path_factor = 0.0;
  EXPECT_THROW((void)travel_time(dem, PointSet({15.0}, {15.0}), options), InvalidInput);
  options = {};
  options.max_minutes = -1.0;
  EXPECT_THROW((void)travel_time(dem, PointSet({15.0}, {15.0}), options), InvalidInput);
  options = {};
  Raster friction(dem.grid, 1.0);
  friction.at(0, 1) = 0.0;
  options.graph.friction = friction;
  EXPECT_THROW((void)travel_time(dem, PointSet({15.0}, {15.0}), options), InvalidInput);
  options = {};
  options.graph.friction = Raster(Grid(0.0, 0.0, 10.0, 5, 5), 1.0);
  EXPECT_THROW((void)travel_time(dem, PointSet({15.0}, {15.0}), options), InvalidInput);  // other grid
  // CRS: a DEM with a CRS and sources without (and the reverse), a DEM in degrees
  Raster utm(Grid(500000.0, 2400000.0, 30.0, 5, 5, Crs::from_epsg(32648)), 100.0);
  EXPECT_THROW((void)travel_time(utm, PointSet({500015.0}, {2400015.0})), CrsError);
  EXPECT_THROW((void)travel_time(dem, PointSet({15.0}, {15.0}, Crs::from_epsg(32648))), CrsError);
  Grid lonlat;
  lonlat.xmin = 105.0;
  lonlat.ymin = 22.0;
  lonlat.cell_width = lonlat.cell_height = 0.001;
  lonlat.ncols = lonlat.nrows = 5;
  lonlat.crs = Crs::from_epsg(4326);
  EXPECT_THROW((void)travel_time(Raster(lonlat, 100.0), PointSet({105.002}, {22.002}, Crs::from_epsg(4326))), CrsError);
  // sources in lon/lat are reprojected into the DEM's CRS (the DEM never is)
  const PointSet lonlat_source = PointSet({500045.0}, {2400045.0}, Crs::from_epsg(32648)).to_crs(Crs::from_epsg(4326));
  const TravelTime tt = travel_time(utm, lonlat_source);
  EXPECT_EQ(tt.minutes.at(3, 1), 0.0);
  EXPECT_NEAR(tt.source_x[0], 500045.0, 1e-6);
}

TEST(TravelTime, RefusesADemTooLargeForMemoryWithTheEstimate) {
  Raster huge;  // the grid alone is checked first, so no values are needed to test the refusal
  huge.grid = Grid(0.0, 0.0, 1.0, 1000000, 1000000);
  try {
    (void)TravelGraph(huge);
    FAIL();
  } catch (const InvalidInput& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("needs about"), std::string::npos) << m;
    EXPECT_NE(m.find("GB"), std::string::npos) << m;
  }
}

TEST(TravelTime, EmptySourcesGiveNothingReached) {
  Raster dem(Grid(0.0, 0.0, 30.0, 4, 4), 100.0);
  const TravelTime tt = travel_time(dem, PointSet());
  for (double v : tt.minutes.values) EXPECT_TRUE(std::isnan(v));
}

TEST(TravelTime, ReachableCellsAgreeWithSingleSourceSearches) {
  Raster dem = random_dem(50, 60, 13, 0.02);
  std::vector<std::pair<int, int>> cells = {{5, 5}, {25, 30}, {44, 52}, {25, 31}};
  for (auto& s : cells) dem.at(s.first, s.second) = 210.0;
  const PointSet sources = cell_centres(dem.grid, cells);
  const TravelGraph graph(dem);
  for (TravelDirection dir : {TravelDirection::FromSource, TravelDirection::ToSource}) {
    ReachOptions options;
    options.direction = dir;
    options.threads = 2;
    const Reach reach = reachable_cells(graph, sources, 6.0, options);
    ASSERT_EQ(reach.offsets.size(), cells.size() + 1);
    for (size_t s = 0; s < cells.size(); ++s) {
      TravelTimeOptions one;
      one.direction = dir;
      const TravelTime tt = travel_time(graph, cell_centres(dem.grid, {cells[s]}), one);
      std::vector<int64_t> expected;
      for (size_t i = 0; i < tt.minutes.values.size(); ++i)
        if (tt.minutes.values[i] <= 6.0) expected.push_back(static_cast<int64_t>(i));
      const std::vector<int64_t> got(reach.cells.begin() + reach.offsets[s], reach.cells.begin() + reach.offsets[s + 1]);
      EXPECT_EQ(got, expected) << "source " << s;
      for (int64_t e = reach.offsets[s]; e < reach.offsets[s + 1]; ++e)
        EXPECT_EQ(reach.minutes[static_cast<size_t>(e)], tt.minutes.values[static_cast<size_t>(reach.cells[static_cast<size_t>(e)])]);
    }
    options.threads = 1;
    const Reach single = reachable_cells(graph, sources, 6.0, options);
    EXPECT_EQ(single.cells, reach.cells);
    EXPECT_EQ(single.minutes, reach.minutes);
  }
  // reachable_points: targets at cell centres
  const PointSet targets = cell_centres(dem.grid, {{5, 6}, {30, 30}, {0, 0}, {25, 30}});
  const ReachPairs pairs = reachable_points(graph, sources, targets, 6.0);
  for (size_t k = 0; k < pairs.source.size(); ++k) EXPECT_LE(pairs.minutes[k], 6.0);
  bool found = false;
  for (size_t k = 0; k < pairs.source.size(); ++k) found = found || (pairs.source[k] == 1 && pairs.target[k] == 3);
  EXPECT_TRUE(found);
}

TEST(TravelTime, IsochronesArePolygonsOfTheBands) {
  Raster dem = random_dem(60, 60, 21, 0.0);
  const TravelTime tt = travel_time(dem, cell_centres(dem.grid, {{30, 30}}));
  const PolygonSet iso = isochrones(tt, {2.0, 4.0, 6.0});
  ASSERT_EQ(iso.size(), 3u);
  const std::vector<double> areas = iso.areas();
  std::vector<int> counts(3, 0);
  for (double v : tt.minutes.values) {
    if (v <= 2.0) ++counts[0];
    else if (v <= 4.0) ++counts[1];
    else if (v <= 6.0) ++counts[2];
  }
  for (int b = 0; b < 3; ++b) {
    EXPECT_GT(counts[static_cast<size_t>(b)], 0);
    EXPECT_NEAR(areas[static_cast<size_t>(b)], counts[static_cast<size_t>(b)] * 900.0, 1e-6);
  }
  EXPECT_EQ(iso.attributes().column("minutes").reals, (std::vector<double>{2.0, 4.0, 6.0}));
  EXPECT_EQ(iso.attributes().column("from_minutes").reals, (std::vector<double>{0.0, 2.0, 4.0}));
  EXPECT_THROW((void)isochrones(tt, {}), InvalidInput);
  EXPECT_THROW((void)isochrones(tt, {5.0, 3.0}), InvalidInput);
  EXPECT_THROW((void)isochrones(tt, {-1.0}), InvalidInput);
}
