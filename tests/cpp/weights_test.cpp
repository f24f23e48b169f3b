#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "support/support.hpp"
#include "watchmap/error.hpp"
#include "watchmap/io.hpp"
#include "watchmap/tessellate.hpp"
#include "watchmap/weights.hpp"

using namespace watchmap;

namespace {

std::vector<std::vector<int64_t>> rows_of(const Weights& w) {
  std::vector<std::vector<int64_t>> out(w.n());
  for (int64_t i = 0; i < w.n(); ++i) {
    for (int64_t k = w.indptr()[i]; k < w.indptr()[i + 1]; ++k) out[i].push_back(w.indices()[k]);
  }
  return out;
}

void add_square(PolygonSet::Builder& b, double x0, double y0, double size) {
  const double xs[] = {x0, x0 + size, x0 + size, x0, x0};
  const double ys[] = {y0, y0, y0 + size, y0 + size, y0};
  b.add_ring(xs, ys);
  b.end_feature();
}

// A GAL file as neighbour lists in the order of `ids`.
std::vector<std::vector<int64_t>> read_gal(const std::string& path, const std::vector<int64_t>& ids) {
  std::ifstream in(path);
  int64_t n = 0, a = 0;
  std::string head;
  std::getline(in, head);
  std::istringstream hs(head);
  hs >> a;
  n = (hs >> n) ? n : a;
  std::map<int64_t, int64_t> pos;
  for (size_t k = 0; k < ids.size(); ++k) pos[ids[k]] = static_cast<int64_t>(k);
  std::vector<std::vector<int64_t>> out(ids.size());
  for (int64_t u = 0; u < n; ++u) {
    int64_t id = 0, k = 0;
    in >> id >> k;
    for (int64_t q = 0; q < k; ++q) {
      int64_t j = 0;
      in >> j;
      out[pos.at(id)].push_back(pos.at(j));
    }
    std::sort(out[pos.at(id)].begin(), out[pos.at(id)].end());
  }
  return out;
}

}  // namespace

TEST(Weights, LatticeQueenAndRookByHand) {
  const Weights q = lattice_weights(3, 3, ContiguityRule::Queen);
  const Weights r = lattice_weights(3, 3, ContiguityRule::Rook);
  EXPECT_EQ(q.n(), 9);
  EXPECT_EQ(rows_of(q)[4], (std::vector<int64_t>{0, 1, 2, 3, 5, 6, 7, 8}));
  EXPECT_EQ(rows_of(q)[0], (std::vector<int64_t>{1, 3, 4}));
  EXPECT_EQ(rows_of(r)[4], (std::vector<int64_t>{1, 3, 5, 7}));
  EXPECT_EQ(rows_of(r)[2], (std::vector<int64_t>{1, 5}));
  EXPECT_EQ(q.nnz(), 40);
  EXPECT_EQ(r.nnz(), 24);
  EXPECT_TRUE(q.is_symmetric());
  EXPECT_TRUE(q.islands().empty());
  EXPECT_EQ(q.style(), WeightsStyle::Binary);
}

TEST(Weights, LatticeEqualsContiguityOfSquareGridCells) {
  // An origin that is not a round number: shared corners are computed separately per cell.
  const MetricExtent extent{Box{500123.37, 2440017.11, 500123.37 + 7 * 250.0 - 1, 2440017.11 + 5 * 250.0 - 1},
                            Crs::from_epsg(32648)};
  const PolygonSet cells = square_grid(extent, 250.0);
  const Table& t = cells.attributes();
  const auto& rows = t.column("row").ints;
  const auto& cols = t.column("col").ints;
  const int64_t nrows = *std::max_element(rows.begin(), rows.end()) + 1;
  const int64_t ncols = *std::max_element(cols.begin(), cols.end()) + 1;
  ASSERT_EQ(static_cast<int64_t>(cells.size()), nrows * ncols);
  for (ContiguityRule rule : {ContiguityRule::Queen, ContiguityRule::Rook}) {
    EXPECT_EQ(contiguity_weights(cells, {rule}), lattice_weights(nrows, ncols, rule)) << to_string(rule);
  }
}

TEST(Weights, QueenCountsCornersRookDoesNot) {
  PolygonSet::Builder b;
  add_square(b, 0, 0, 1);
  add_square(b, 1, 0, 1);
  add_square(b, 0, 1, 1);
  add_square(b, 1, 1, 1);
  const PolygonSet squares = b.build();
  const auto queen = rows_of(contiguity_weights(squares, {ContiguityRule::Queen}));
  const auto rook = rows_of(contiguity_weights(squares, {ContiguityRule::Rook}));
  EXPECT_EQ(queen[0], (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(rook[0], (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(rook[3], (std::vector<int64_t>{1, 2}));
}

TEST(Weights, VertexOnAnEdgeHolesAndIslands) {
  PolygonSet::Builder b;
  add_square(b, 0, 0, 2);  // 0: a big square
  add_square(b, 2, 0, 1);  // 1: shares half of 0's right edge (no shared vertex at (2, 1))
  add_square(b, 2, 1, 1);  // 2: shares the other half
  {                        // 3: a triangle touching 0's top edge at one point (1, 2)
    const double xs[] = {1, 1.5, 0.5, 1}, ys[] = {2, 3, 3, 2};
    b.add_ring(xs, ys);
    b.end_feature();
  }
  {  // 4: a frame around a hole, and 5: the square filling the hole
    const double xs[] = {10, 14, 14, 10, 10}, ys[] = {0, 0, 4, 4, 0};
    const double hx[] = {11, 11, 13, 13, 11}, hy[] = {1, 3, 3, 1, 1};
    b.add_ring(xs, ys);
    b.add_ring(hx, hy);
    b.end_feature();
  }
  add_square(b, 11, 1, 2);   // 5
  add_square(b, 30, 30, 1);  // 6: an island
  const PolygonSet polys = b.build();
  const Weights queen = contiguity_weights(polys, {ContiguityRule::Queen});
  const Weights rook = contiguity_weights(polys, {ContiguityRule::Rook});
  const auto q = rows_of(queen), r = rows_of(rook);
  EXPECT_EQ(q[0], (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(r[0], (std::vector<int64_t>{1, 2}));  // the triangle only touches at a point
  EXPECT_EQ(q[4], (std::vector<int64_t>{5}));
  EXPECT_EQ(r[4], (std::vector<int64_t>{5}));
  EXPECT_EQ(queen.islands(), (std::vector<int64_t>{6}));
  EXPECT_EQ(rook.islands(), (std::vector<int64_t>{3, 6}));
}

TEST(Weights, ToleranceDecidesWhetherAGapTouches) {
  PolygonSet::Builder b;
  add_square(b, 0, 0, 1);
  add_square(b, 1.001, 0, 1);  // a 1 mm gap (units: metres)
  const PolygonSet polys = b.build();
  EXPECT_EQ(contiguity_weights(polys).nnz(), 0);
  EXPECT_EQ(contiguity_weights(polys, {ContiguityRule::Rook, 0.01}).nnz(), 2);
  EXPECT_THROW((void)contiguity_weights(polys, {ContiguityRule::Queen, -1.0}), InvalidInput);
}

TEST(Weights, HexCellsHaveSixNeighboursAndRookEqualsQueen) {
  const MetricExtent extent{Box{0.0, 0.0, 2000.0, 2000.0}, Crs::from_epsg(32648)};
  const PolygonSet hexes = hex_grid(extent, 100.0);
  const Weights queen = contiguity_weights(hexes);
  EXPECT_EQ(queen, contiguity_weights(hexes, {ContiguityRule::Rook}));
  const auto card = queen.cardinalities();
  EXPECT_EQ(*std::max_element(card.begin(), card.end()), 6);
  int64_t six = 0;
  for (int64_t c : card) six += c == 6 ? 1 : 0;
  EXPECT_GT(six, static_cast<int64_t>(hexes.size()) / 2);
}

TEST(Weights, ColumbusQueenContiguityEqualsTheGalFile) {
  const std::string shp = test::shared_path("data/columbus/columbus.shp");
  const std::string gal = test::shared_path("data/columbus/columbus.gal");
  if (shp.empty() || gal.empty()) GTEST_SKIP() << "../shared/data/columbus is absent";
  PolygonReadOptions options;
  options.crs = Crs();  // arbitrary planar units, no CRS
  const PolygonSet polys = read_polygons(shp, options);
  ASSERT_EQ(polys.size(), 49u);
  const Table& t = polys.attributes();
  const Column& polyid = t.column("POLYID");
  std::vector<int64_t> ids;
  for (size_t k = 0; k < polys.size(); ++k) {
    ids.push_back(polyid.type == ColumnType::Integer ? polyid.ints[k] : static_cast<int64_t>(polyid.reals[k]));
  }
  const Weights w = contiguity_weights(polys);
  EXPECT_EQ(w.nnz(), 236);
  EXPECT_EQ(w, Weights::from_neighbors(read_gal(gal, ids)));
}

TEST(Weights, KnnTiesGoToTheLowestIndex) {
  // Four points at distance 1 from the origin (index 4), listed in an order that is not sorted.
  const PointSet pts({0.0, 1.0, -1.0, 0.0, 0.0, 5.0}, {1.0, 0.0, 0.0, -1.0, 0.0, 5.0});
  const Weights w = knn_weights(pts, 2);
  EXPECT_EQ(rows_of(w)[4], (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(knn_weights(pts, 4).cardinalities(), (std::vector<int64_t>{4, 4, 4, 4, 4, 4}));
  EXPECT_FALSE(w.is_symmetric());
  EXPECT_THROW((void)knn_weights(pts, 6), InvalidInput);
  EXPECT_THROW((void)knn_weights(pts, 0), InvalidInput);
}

TEST(Weights, DistanceBandIsInclusiveAtExactlyTheThreshold) {
  const PointSet pts({0.0, 3.0, 100.0}, {0.0, 4.0, 0.0});
  EXPECT_EQ(rows_of(distance_band_weights(pts, 5.0))[0], (std::vector<int64_t>{1}));
  EXPECT_TRUE(rows_of(distance_band_weights(pts, std::nextafter(5.0, 0.0)))[0].empty());
  const Weights w = distance_band_weights(pts, 5.0);
  EXPECT_EQ(w.islands(), (std::vector<int64_t>{2}));
  const Weights inv = distance_band_weights(pts, 5.0, {false, -1.0, 0});
  EXPECT_DOUBLE_EQ(inv.values()[0], 0.2);
  EXPECT_THROW((void)distance_band_weights(pts, -1.0), InvalidInput);
  const PointSet twins({0.0, 0.0, 1.0}, {0.0, 0.0, 0.0});
  EXPECT_THROW((void)distance_band_weights(twins, 2.0, {false, -1.0, 0}), InvalidInput);
}

TEST(Weights, DistanceBandOfLonLatEqualsItsUtmProjection) {
  const Crs wgs = wgs84();
  PointSet lonlat({105.80, 105.81, 105.83, 105.80}, {22.10, 22.10, 22.12, 22.13}, wgs);
  const PointSet utm = lonlat.to_crs(Crs::from_epsg(32648));
  for (double band : {1000.0, 1100.0, 3500.0}) {
    EXPECT_EQ(distance_band_weights(lonlat, band), distance_band_weights(utm, band)) << band;
  }
}

TEST(Weights, TransformsDiagonalAndSums) {
  const Weights w = Weights::from_neighbors({{1, 2}, {0}, {0}});
  const Weights r = w.transform(WeightsStyle::Row);
  EXPECT_EQ(r.values(), (std::vector<double>{0.5, 0.5, 1.0, 1.0}));
  EXPECT_EQ(r.transform(WeightsStyle::Binary).values(), (std::vector<double>{1, 1, 1, 1}));
  const Weights d = w.with_diagonal(2.0);
  EXPECT_EQ(d.diagonal(), (std::vector<double>{2.0, 2.0, 2.0}));
  EXPECT_EQ(rows_of(d)[0], (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(d.with_diagonal(0.0), w);
  // s0 = 4, s1 = ½ Σ (w_ij + w_ji)² = ½·4·(1+1)² = 8, s2 = Σ (row + col)² = 4² + 2² + 2² = 24
  const Weights::Sums s = w.sums();
  EXPECT_DOUBLE_EQ(s.s0, 4.0);
  EXPECT_DOUBLE_EQ(s.s1, 8.0);
  EXPECT_DOUBLE_EQ(s.s2, 24.0);
  // An asymmetric link counts its square once in each direction: ½(1² + 1²) = 1.
  EXPECT_DOUBLE_EQ(Weights::from_neighbors({{1}, {}}).sums().s1, 1.0);
  EXPECT_EQ(w.lag({1.0, 10.0, 100.0}), (std::vector<double>{110.0, 1.0, 1.0}));
}

TEST(Weights, BadInputIsRejectedWithTheRow) {
  EXPECT_THROW(Weights(2, {0, 1, 2}, {1, 2}, {1.0, 1.0}), InvalidInput);           // index out of range
  EXPECT_THROW(Weights(2, {0, 2, 2}, {1, 0}, {1.0, 1.0}), InvalidInput);           // unsorted row
  EXPECT_THROW(Weights(2, {0, 1, 2}, {1, 0}, {std::nan(""), 1.0}), InvalidInput);  // NaN weight
  EXPECT_THROW(Weights(2, {0, 1}, {1}, {1.0}), InvalidInput);                      // short indptr
  EXPECT_THROW((void)Weights::from_neighbors({{1, 1}, {0}}), InvalidInput);        // duplicate
  try {
    (void)Weights::from_neighbors({{1}, {0, 1, 1}});
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("unit 1"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)lattice_weights(-1, 3), InvalidInput);
  EXPECT_THROW((void)contiguity_rule_from_name("bishop"), InvalidInput);
}
