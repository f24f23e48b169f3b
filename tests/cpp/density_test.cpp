#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "support/support.hpp"
#include "watchmap/density.hpp"
#include "watchmap/error.hpp"

using namespace watchmap;

namespace {

struct Oracle {
  PointSet points;
  std::vector<double> weights;
  test::NumericCsv density;
  Grid grid;
};

// ../shared/oracle/kde: 48 x 32 cells of 500 m from (500000, 2440000); its row 0 is the SOUTHERN row.
std::optional<Oracle> load_oracle() {
  const std::string pts = test::shared_path("oracle/kde/points.csv");
  const std::string den = test::shared_path("oracle/kde/density.csv");
  if (pts.empty() || den.empty()) return std::nullopt;
  Oracle o;
  const test::NumericCsv p = test::read_numeric_csv(pts);
  std::vector<double> x, y;
  for (const auto& row : p.rows) {
    x.push_back(row[p.column("x")]);
    y.push_back(row[p.column("y")]);
    o.weights.push_back(row[p.column("weight")]);
  }
  o.points = PointSet(x, y);
  o.density = test::read_numeric_csv(den);
  o.grid = Grid(500000.0, 2440000.0, 500.0, 48, 32);
  return o;
}

double max_abs(const std::vector<double>& v) {
  double m = 0.0;
  for (double e : v) m = std::max(m, std::abs(e));
  return m;
}

}  // namespace

TEST(Kde, MatchesTheBruteForceOracleForEveryKernel) {
  auto oracle = load_oracle();
  if (!oracle) GTEST_SKIP() << "../shared/oracle/kde is absent";
  const std::vector<std::pair<std::string, Kernel>> columns = {
      {"quartic_per_km2", Kernel::Quartic},     {"epanechnikov_per_km2", Kernel::Epanechnikov},
      {"triangular_per_km2", Kernel::Triangular}, {"uniform_per_km2", Kernel::Uniform},
      {"triweight_per_km2", Kernel::Triweight}, {"gaussian_per_km2", Kernel::Gaussian},
      {"quartic_weighted_per_km2", Kernel::Quartic}};
  const size_t row_col = oracle->density.column("row"), col_col = oracle->density.column("col");
  for (const auto& [name, kernel] : columns) {
    KdeOptions options;
    options.kernel = kernel;
    options.bandwidth_m = 800.0;
    options.method = KdeMethod::Exact;
    if (name == "quartic_weighted_per_km2") options.weights = oracle->weights;
    const Density r = kde(oracle->points, oracle->grid, options);
    const size_t k = oracle->density.column(name);
    std::vector<double> expected;
    double worst = 0.0;
    for (const auto& row : oracle->density.rows) {
      const auto south_row = static_cast<int64_t>(row[row_col]);
      const auto col = static_cast<int64_t>(row[col_col]);
      const double ours = r.at(31 - south_row, col);  // north-up row
      expected.push_back(row[k]);
      worst = std::max(worst, std::abs(ours - row[k]));
    }
    ASSERT_EQ(expected.size(), 48u * 32u);
    EXPECT_LE(worst, 1e-9 * max_abs(expected)) << name;
    EXPECT_GT(max_abs(expected), 0.0) << name;
  }
}

TEST(Kde, MassEqualsThePointCountForBoundedKernels) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(3000, 7000);
  std::vector<double> x(200), y(200), w(200);
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = u(rng);
    y[i] = u(rng);
    w[i] = 0.5 + (i % 3);
  }
  const Grid grid(0, 0, 10.0, 1000, 1000);  // covers every kernel (h = 600 m)
  for (Kernel k : {Kernel::Quartic, Kernel::Epanechnikov, Kernel::Triangular, Kernel::Uniform, Kernel::Triweight}) {
    KdeOptions o;
    o.kernel = k;
    o.bandwidth_m = 600.0;
    o.output = KdeOutput::ExpectedCounts;
    // Sampling the kernel at cell centres is a midpoint rule: 1e-6 holds at h = 60 cells (measured
    // 4e-9 quartic, 9e-8 epanechnikov, 5e-8 triangular, 4e-11 triweight). The uniform kernel's
    // edge is a step, so its mass depends on how many centres fall inside the disc (2.8e-5 here).
    const double tolerance = k == Kernel::Uniform ? 1e-4 : 1e-6;
    double total = 0.0;
    for (double v : kde(PointSet(x, y), grid, o).values) total += v;
    EXPECT_NEAR(total, 200.0, 200.0 * tolerance) << to_string(k);
    o.weights = w;
    total = 0.0;
    for (double v : kde(PointSet(x, y), grid, o).values) total += v;
    double wsum = 0.0;
    for (double e : w) wsum += e;
    EXPECT_NEAR(total, wsum, wsum * tolerance) << to_string(k);
  }
}

TEST(Kde, MassIsExactToOneMillionthWithFineCells) {
  // With h = 100 cells the midpoint rule's error is far below 1e-6 for the smooth kernels.
  const Grid grid(0, 0, 1.0, 260, 260);
  KdeOptions o;
  o.bandwidth_m = 100.0;
  o.output = KdeOutput::ExpectedCounts;
  for (Kernel k : {Kernel::Quartic, Kernel::Triweight}) {
    o.kernel = k;
    double total = 0.0;
    for (double v : kde(PointSet({130.3, 129.6}, {128.7, 131.1}), grid, o).values) total += v;
    EXPECT_NEAR(total, 2.0, 2e-6) << to_string(k);
  }
}

TEST(Kde, ArcGisBandwidthByHand) {
  // Points (0,0), (3,0), (0,4), (3,4), (1.5,2): mean centre (1.5, 2); distances 2.5 x4 and 0;
  // SD = sqrt((4*2.25 + 0)/5 + (4*4)/5) = sqrt(1.8 + 3.2) = sqrt(5); Dm = 2.5.
  const PointSet p({0, 3, 0, 3, 1.5}, {0, 0, 4, 4, 2});
  const double sd = std::sqrt(5.0), dm = 2.5;
  const double expected = 0.9 * std::min(sd, std::sqrt(1.0 / std::log(2.0)) * dm) * std::pow(5.0, -0.2);
  EXPECT_NEAR(bandwidth(p, BandwidthRule::ArcGIS), expected, 1e-12);
  // Scott: sigma = sqrt((var x + var y)/2) = sqrt(2.5); h = sigma * n^(-1/6), gaussian
  EXPECT_NEAR(bandwidth(p, BandwidthRule::Scott, Kernel::Gaussian), std::sqrt(2.5) * std::pow(5.0, -1.0 / 6.0), 1e-12);
  EXPECT_NEAR(bandwidth(p, BandwidthRule::Scott, Kernel::Quartic) / bandwidth(p, BandwidthRule::Scott, Kernel::Gaussian),
              2.7791932420838434, 1e-9);
  // Weighted: weight 2 on a point equals the point twice.
  const PointSet dup({0, 3, 0, 3, 1.5, 3}, {0, 0, 4, 4, 2, 4});
  EXPECT_NEAR(bandwidth(p, BandwidthRule::ArcGIS, Kernel::Quartic, {1, 1, 1, 2, 1}),
              bandwidth(dup, BandwidthRule::ArcGIS), 1e-12);
  EXPECT_NEAR(bandwidth(p, BandwidthRule::Silverman, Kernel::Quartic, {1, 1, 1, 2, 1}),
              bandwidth(dup, BandwidthRule::Silverman), 1e-12);
  EXPECT_THROW(bandwidth(PointSet({1.0}, {1.0}), BandwidthRule::ArcGIS), InvalidInput);
  EXPECT_THROW(bandwidth(PointSet({1.0, 1.0}, {1.0, 1.0}), BandwidthRule::ArcGIS), InvalidInput);
}

TEST(Kde, CanonicalRatiosMatchNumericalIntegration) {
  // delta = (R / mu2^2)^(1/6), R = 2*pi*int r K^2, mu2 = pi*int r^3 K, by the midpoint rule.
  auto delta = [](auto shape) {
    const int n = 200000;
    double R = 0, mu2 = 0;
    for (int i = 0; i < n; ++i) {
      const double r = (i + 0.5) / n, k = shape(r);
      R += 2 * M_PI * r * k * k / n;
      mu2 += M_PI * r * r * r * k / n;
    }
    return std::pow(R / (mu2 * mu2), 1.0 / 6.0);
  };
  const double gauss = std::pow(1.0 / (4 * M_PI), 1.0 / 6.0);
  EXPECT_NEAR(canonical_bandwidth_ratio(Kernel::Quartic), delta([](double r) { return 3 / M_PI * (1 - r * r) * (1 - r * r); }) / gauss, 1e-6);
  EXPECT_NEAR(canonical_bandwidth_ratio(Kernel::Triangular), delta([](double r) { return 3 / M_PI * (1 - r); }) / gauss, 1e-6);
  EXPECT_NEAR(canonical_bandwidth_ratio(Kernel::Uniform), 2.0, 1e-9);
}

TEST(Kde, WeightsEqualDuplicatedPoints) {
  const PointSet p({100, 250, 400}, {100, 300, 150});
  const PointSet dup({100, 250, 250, 250, 400}, {100, 300, 300, 300, 150});
  const Grid grid(0, 0, 20.0, 30, 25);
  KdeOptions weighted;
  weighted.weights = {1, 3, 1};
  const Density a = kde(p, grid, weighted);
  const Density b = kde(dup, grid, {});
  EXPECT_NEAR(a.bandwidth_m, b.bandwidth_m, 1e-12);
  for (size_t i = 0; i < a.values.size(); ++i) EXPECT_NEAR(a.values[i], b.values[i], 1e-12 * (1 + b.values[i]));
}

TEST(Kde, SameBitsForAnyThreadCount) {
  std::mt19937_64 rng(9);
  std::normal_distribution<double> nd(5000, 800);
  std::vector<double> x(20000), y(20000);
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = nd(rng);
    y[i] = nd(rng);
  }
  const Grid grid(0, 0, 50.0, 200, 200);
  for (KdeMethod m : {KdeMethod::Exact, KdeMethod::Binned}) {
    KdeOptions o;
    o.bandwidth_m = 700.0;
    o.method = m;
    o.threads = 1;
    const auto one = kde(PointSet(x, y), grid, o).values;
    o.threads = 2;
    const auto two = kde(PointSet(x, y), grid, o).values;
    o.threads = 3;
    const auto three = kde(PointSet(x, y), grid, o).values;
    EXPECT_EQ(one, two);
    EXPECT_EQ(one, three);
  }
}

TEST(Kde, BinnedErrorStaysWithinTheDocumentedBound) {
  std::mt19937_64 rng(21);
  std::normal_distribution<double> cluster(0.0, 300.0);
  std::uniform_real_distribution<double> spread(0.0, 10000.0);
  std::vector<double> x, y;
  for (int i = 0; i < 5000; ++i) {  // clustered plus background: sharp peaks are the hard case
    const bool in_cluster = i % 2 == 0;
    x.push_back(in_cluster ? 3000 + cluster(rng) : spread(rng));
    y.push_back(in_cluster ? 6000 + cluster(rng) : spread(rng));
  }
  const Grid grid(0, 0, 50.0, 200, 200);
  for (Kernel k : {Kernel::Quartic, Kernel::Triweight, Kernel::Gaussian}) {
    for (double cells : {10.0, 15.0, 25.0}) {
      KdeOptions o;
      o.kernel = k;
      o.bandwidth_m = cells * 50.0;
      o.method = KdeMethod::Exact;
      const auto exact = kde(PointSet(x, y), grid, o).values;
      o.method = KdeMethod::Binned;
      const auto binned = kde(PointSet(x, y), grid, o).values;
      double worst = 0.0;
      for (size_t i = 0; i < exact.size(); ++i) worst = std::max(worst, std::abs(exact[i] - binned[i]));
      const double bound = binned_error_bound(k, cells);
      EXPECT_LE(worst, bound * max_abs(exact)) << to_string(k) << " h = " << cells << " cells";
      std::printf("binned %s h=%g cells: max error %.5f of peak (bound %.5f)\n", to_string(k), cells,
                  worst / max_abs(exact), bound);
      EXPECT_LE(binned_error_bound(k, 17.4), 0.005) << "Auto's threshold keeps binning within 0.5 %";
    }
  }
}

TEST(Kde, AutoPicksBinnedOnlyWhenItPays) {
  const Grid grid(0, 0, 10.0, 300, 300);
  std::vector<double> x(1000000, 1500.0), y(1000000, 1500.0);
  KdeOptions o;
  o.bandwidth_m = 400.0;  // 40 cells
  EXPECT_EQ(kde(PointSet(x, y), grid, o).method, KdeMethod::Binned);
  x.resize(50000);
  y.resize(50000);
  // The per-row exact path costs about as much as the FFTs here: exact is preferred when close.
  EXPECT_EQ(kde(PointSet(x, y), grid, o).method, KdeMethod::Exact);
  o.kernel = Kernel::Uniform;  // discontinuous: binning would blur the edge
  EXPECT_EQ(kde(PointSet(x, y), grid, o).method, KdeMethod::Exact);
  o.kernel = Kernel::Quartic;
  o.bandwidth_m = 120.0;  // 12 cells: binning error bound (0.7 %) too large for quartic
  EXPECT_EQ(kde(PointSet(x, y), grid, o).method, KdeMethod::Exact);
}

TEST(Kde, BadInputIsRefusedClearly) {
  const Grid grid(0, 0, 10.0, 10, 10);
  const PointSet p({50.0, 60.0}, {50.0, 40.0});
  KdeOptions o;
  EXPECT_THROW(kde(PointSet(), grid, o), InvalidInput);
  o.bandwidth_m = -5.0;
  EXPECT_THROW(kde(p, grid, o), InvalidInput);
  o.bandwidth_m = 0.0;
  EXPECT_THROW(kde(p, grid, o), InvalidInput);
  o.bandwidth_m = NAN;
  EXPECT_THROW(kde(p, grid, o), InvalidInput);
  o.bandwidth_m = 100.0;
  o.weights = {1.0, NAN};
  try {
    (void)kde(p, grid, o);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("row 1 is NaN"), std::string::npos) << e.what();
  }
  o.weights = {1.0};
  EXPECT_THROW(kde(p, grid, o), InvalidInput);
  o.weights.clear();
  EXPECT_THROW(kde(p, Grid(0, 0, 0.01, 1 << 22, 1 << 22), o), InvalidInput);  // 17.6 TB
  EXPECT_THROW(kde(PointSet({1.0}, {1.0}, Crs::from_epsg(32648)), grid, o), CrsError);
  EXPECT_THROW(kde(p, Grid(0, 0, 10.0, 10, 10, wgs84()), o), CrsError);  // a grid in degrees
  o.bandwidth_m = 5.0;
  std::string warning;
  o.warn = [&](const std::string& m) { warning = m; };
  (void)kde(p, grid, o);
  EXPECT_NE(warning.find("smaller than a cell"), std::string::npos) << "h smaller than a cell is reported";
}

TEST(Kde, PointsInAnotherCrsAreTransformedToTheGrid) {
  const Crs utm = Crs::from_epsg(32648);
  const PointSet lonlat({105.85}, {22.2}, wgs84());
  const PointSet projected = lonlat.to_crs(utm);
  const Grid grid = Grid::covering(projected.bounds(), 100.0, 2000.0, utm);
  KdeOptions o;
  o.bandwidth_m = 1000.0;
  EXPECT_EQ(kde(lonlat, grid, o).values, kde(projected, grid, o).values);
}

TEST(Kde, MaskSetsOutsideCellsToNodata) {
  PolygonSet::Builder b;
  const double xs[] = {0, 50, 50, 0, 0}, ys[] = {0, 0, 100, 100, 0};
  b.add_ring(xs, ys);
  b.end_feature();
  KdeOptions o;
  o.bandwidth_m = 30.0;
  o.mask = b.build();
  const Density r = kde(PointSet({50.0}, {50.0}), Grid(0, 0, 10.0, 10, 10), o);
  EXPECT_TRUE(std::isnan(r.at(5, 7)));
  EXPECT_FALSE(std::isnan(r.at(5, 2)));
  EXPECT_TRUE(r.nodata.has_value());
}

namespace {

// Layouts that stress the per-row path: points on cell centres and on run ends, far outside the
// grid, duplicates, and UTM-sized coordinates.
PointSet adversarial_points(const Grid& g, double h, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ux(g.xmin - 2 * h, g.xmax() + 2 * h), uy(g.ymin - 2 * h, g.ymax() + 2 * h);
  std::uniform_int_distribution<int64_t> col(0, g.ncols - 1), row(0, g.nrows - 1);
  std::vector<double> x, y;
  for (int i = 0; i < 1500; ++i) {
    x.push_back(ux(rng));
    y.push_back(uy(rng));
  }
  for (int i = 0; i < 300; ++i) {  // exactly on cell centres (and again: duplicates)
    const double cx = g.center_x(col(rng)), cy = g.center_y(row(rng));
    x.insert(x.end(), {cx, cx});
    y.insert(y.end(), {cy, cy});
  }
  for (int i = 0; i < 300; ++i) {  // exactly h to the side of a centre: the run ends on that cell
    x.push_back(g.center_x(col(rng)) + h);
    y.push_back(g.center_y(row(rng)));
  }
  x.insert(x.end(), {g.xmin - 50 * h, g.xmax() + 50 * h});  // far outside
  y.insert(y.end(), {g.ymin - 50 * h, g.ymax() + 50 * h});
  return PointSet(std::move(x), std::move(y));
}

}  // namespace

TEST(Kde, PerRowPolynomialRunsEqualTheDirectSum) {
  // UTM-sized coordinates (northings of 2,500,000 m) so cancellation in the coefficients would show.
  const Grid grid(580000.0, 2500000.0, 50.0, 120, 90);
  double worst_overall = 0.0;
  for (Kernel k : {Kernel::Uniform, Kernel::Epanechnikov, Kernel::Quartic, Kernel::Triweight}) {
    for (double cells : {1.5, 3.0, 7.3, 25.0, 60.0, 90.0, 200.0}) {  // 90: wider than half the grid
      const double h = cells * 50.0;
      const PointSet p = adversarial_points(grid, h, 100 + static_cast<uint64_t>(cells * 10));
      for (bool weighted : {false, true}) {
        KdeOptions o;
        o.kernel = k;
        o.bandwidth_m = h;
        o.method = KdeMethod::Exact;
        if (weighted) {
          o.weights.resize(p.size());
          for (size_t i = 0; i < p.size(); ++i) o.weights[i] = 0.25 + static_cast<double>(i % 7);
        }
        o.exact_algorithm = ExactAlgorithm::Direct;
        const auto direct = kde(p, grid, o).values;
        o.exact_algorithm = ExactAlgorithm::Auto;
        const auto rows = kde(p, grid, o).values;
        double worst = 0.0;
        for (size_t i = 0; i < direct.size(); ++i) worst = std::max(worst, std::abs(direct[i] - rows[i]));
        // Cells outside every point's support are exactly 0, as in the direct splat (no residue
        // of adding and removing coefficients).
        bool same_support = true;
        const double R2 = h * h;
        for (int64_t r = 0; r < grid.nrows; ++r) {
          for (int64_t c = 0; c < grid.ncols; ++c) {
            bool covered = false;
            for (size_t i = 0; i < p.size() && !covered; ++i) {
              const double dx = grid.center_x(c) - p.x()[i], dy = grid.center_y(r) - p.y()[i];
              covered = k == Kernel::Uniform ? dx * dx + dy * dy < R2 : dx * dx + dy * dy <= R2;
            }
            if (!covered) same_support = same_support && rows[r * grid.ncols + c] == 0.0;
          }
        }
        const double relative = worst / max_abs(direct);
        worst_overall = std::max(worst_overall, relative);
        EXPECT_LE(relative, 1e-11) << to_string(k) << " h = " << cells << " cells, weighted " << weighted;
        EXPECT_TRUE(same_support) << "the same cells are touched";
      }
    }
  }
  std::printf("per-row polynomial path vs direct sum: max difference %.2e of the peak\n", worst_overall);
}

TEST(Kde, PerRowPathIsBitIdenticalForAnyThreadCount) {
  const Grid grid(0, 0, 25.0, 300, 200);
  const PointSet p = adversarial_points(grid, 400.0, 7);
  for (Kernel k : {Kernel::Quartic, Kernel::Triweight, Kernel::Uniform}) {
    for (bool weighted : {false, true}) {
      KdeOptions o;
      o.kernel = k;
      o.bandwidth_m = 400.0;
      o.method = KdeMethod::Exact;
      if (weighted) {
        for (size_t i = 0; i < p.size(); ++i) o.weights.push_back(0.5 + static_cast<double>(i % 5));
      }
      o.threads = 1;
      const auto one = kde(p, grid, o).values;
      o.threads = 2;
      EXPECT_EQ(one, kde(p, grid, o).values) << to_string(k) << " weighted " << weighted;
      o.threads = 3;
      EXPECT_EQ(one, kde(p, grid, o).values) << to_string(k) << " weighted " << weighted;
    }
  }
}
