// Progress and cancellation of the long calls (locate, nearest, kde): every phase polls the
// callback — reprojection, index build, the work itself — so a stop (Ctrl-C in Python) is heard
// wherever the call is, and reported fractions run from 0 to 1 without going back.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "watchmap/density.hpp"
#include "watchmap/error.hpp"
#include "watchmap/join.hpp"
#include "watchmap/nearest.hpp"
#include "watchmap/tessellate.hpp"

using namespace watchmap;

namespace {

const Crs& utm() {
  static const Crs crs = Crs::from_epsg(32648);
  return crs;
}

// Uniform points over a 20 km square in UTM 48N, given in lon/lat so every call reprojects them
// (more than one block of 65,536 points).
PointSet lonlat_points(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ux(500000.0, 520000.0), uy(2400000.0, 2420000.0);
  std::vector<double> x(n), y(n);
  for (size_t i = 0; i < n; ++i) {
    x[i] = ux(rng);
    y[i] = uy(rng);
  }
  return PointSet(std::move(x), std::move(y), utm()).to_crs(wgs84());
}

// About 11,500 hexagons (more than one block of 1,024 features for the index build).
PolygonSet hexagons() { return hex_grid(MetricExtent{Box{500000.0, 2400000.0, 520000.0, 2420000.0}, utm()}, 200.0); }

// Runs `call(progress)` once recording the fractions, checks them, then stops it at each distinct
// fraction it reported (each phase reports at least its start and end): every stop must throw
// Cancelled, wherever it falls.
template <typename Call>
void expect_polled_everywhere(const std::string& label, Call&& call) {
  std::vector<double> seen;
  call([&](double f) {
    seen.push_back(f);
    return true;
  });
  ASSERT_GE(seen.size(), 3u) << label;
  EXPECT_EQ(seen.back(), 1.0) << label;
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_GE(seen[i], 0.0) << label;
    EXPECT_LE(seen[i], 1.0) << label;
    if (i > 0) {
      EXPECT_GE(seen[i], seen[i - 1]) << label << ": fraction goes back at report " << i;
    }
  }
  std::vector<double> stops = seen;
  stops.erase(std::unique(stops.begin(), stops.end()), stops.end());
  ::testing::Test::RecordProperty(label + " stops", static_cast<int>(stops.size()));
  for (double stop : stops) {
    EXPECT_THROW(call([&](double f) { return f < stop; }), Cancelled) << label << ": stop at " << stop;
  }
}

}  // namespace

TEST(Progress, LocatePollsWhileReprojectingBuildingAndQuerying) {
  const PointSet points = lonlat_points(150000, 1);
  const PolygonSet cells = hexagons();
  ASSERT_GT(cells.size(), 4096u);
  const std::vector<int64_t> expected = locate(points, cells);
  expect_polled_everywhere("locate", [&](ProgressCallback progress) {
    LocateOptions options;
    options.progress = std::move(progress);
    EXPECT_EQ(locate(points, cells, options), expected);  // reached only when not cancelled
  });
}

TEST(Progress, PolygonLocatorBuildIsCancellable) {
  const PolygonSet cells = hexagons();
  int calls = 0;
  EXPECT_THROW(PolygonLocator(cells, [&](double) { return ++calls < 2; }), Cancelled);
  EXPECT_EQ(calls, 2);
}

TEST(Progress, NearestPollsWhileReprojectingBuildingAndQuerying) {
  const PointSet points = lonlat_points(150000, 2);
  const PointSet targets = lonlat_points(80000, 3).to_crs(utm());  // > 2 x 32,768: the build polls
  const NearestResult expected = nearest(points, targets);
  expect_polled_everywhere("nearest", [&](ProgressCallback progress) {
    NearestOptions options;
    options.progress = std::move(progress);
    const NearestResult r = nearest(points, targets, options);
    EXPECT_EQ(r.index, expected.index);
  });
  int calls = 0;
  EXPECT_THROW(PointIndex(targets, [&](double) { return ++calls < 2; }), Cancelled);
}

TEST(Progress, KdePollsInEveryMethodAndWhileMasking) {
  const PointSet points = lonlat_points(70000, 4);
  const Grid grid(500000.0, 2400000.0, 100.0, 200, 200, utm());
  const PolygonSet mask = hexagons();
  struct Case {
    const char* label;
    Kernel kernel;
    KdeMethod method;
    ExactAlgorithm algorithm;
    double bandwidth_m;
  };
  for (const Case& c : {Case{"kde exact per-row", Kernel::Quartic, KdeMethod::Exact, ExactAlgorithm::Auto, 600.0},
                        Case{"kde exact direct", Kernel::Gaussian, KdeMethod::Exact, ExactAlgorithm::Direct, 100.0},
                        Case{"kde binned", Kernel::Quartic, KdeMethod::Binned, ExactAlgorithm::Auto, 600.0}}) {
    KdeOptions options;
    options.kernel = c.kernel;
    options.method = c.method;
    options.exact_algorithm = c.algorithm;
    options.bandwidth_m = c.bandwidth_m;
    options.mask = mask;
    const Density expected = kde(points, grid, options);
    expect_polled_everywhere(c.label, [&](ProgressCallback progress) {
      KdeOptions polled = options;
      polled.progress = std::move(progress);
      const Density r = kde(points, grid, polled);
      EXPECT_EQ(r.values.size(), expected.values.size());
    });
  }
}
