// Validity, repair, union, clipping and Voronoi cells (GEOS underneath).
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "watchmap/error.hpp"
#include "watchmap/join.hpp"
#include "watchmap/polygon_ops.hpp"
#include "watchmap/wkb.hpp"

using namespace watchmap;

namespace {

PolygonSet squares(const std::vector<std::array<double, 3>>& xy_side, const Crs& crs = {}) {
  PolygonSet::Builder b(crs);
  for (const auto& [x0, y0, s] : xy_side) {
    const double xs[] = {x0, x0 + s, x0 + s, x0, x0}, ys[] = {y0, y0, y0 + s, y0 + s, y0};
    b.add_ring(xs, ys);
    b.end_feature();
  }
  return b.build();
}

double total(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

}  // namespace

TEST(PolygonOps, UnionAllMergesTouchingAndKeepsDisjointParts) {
  const PolygonSet u = union_all(squares({{0, 0, 1}, {1, 0, 1}, {5, 5, 1}, {0.5, 0.5, 1}}));
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u.num_parts(), 2u);  // the three overlapping/touching squares, and the far one
  EXPECT_NEAR(u.areas()[0], 2.0 + 1.0 + 0.5, 1e-12);
  EXPECT_EQ(union_all(PolygonSet()).size(), 1u);  // one empty feature
}

TEST(PolygonOps, ClipKeepsAttributesAndEmptiesFeaturesThatMiss) {
  PolygonSet cells = squares({{0, 0, 2}, {2, 0, 2}, {10, 10, 2}});
  Table t;
  t.add(Column{"name", ColumnType::String, {}, {}, {"a", "b", "far"}, {}});
  cells.set_attributes(t);
  const PolygonSet out = clip(cells, squares({{1, 0, 2}}));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_NEAR(out.areas()[0], 2.0, 1e-12);
  EXPECT_NEAR(out.areas()[1], 2.0, 1e-12);
  EXPECT_EQ(out.areas()[2], 0.0);
  EXPECT_EQ(out.attributes().column("name").strings[2], "far");
  EXPECT_THROW((void)clip(cells, squares({{0, 0, 1}}, Crs::from_epsg(32648))), CrsError);
}

TEST(PolygonOps, VoronoiCellsTileTheBoundaryInSeedOrder) {
  const PolygonSet boundary = squares({{0, 0, 100}});
  const PointSet seeds({10, 90, 50, 50, 10}, {10, 10, 90, 50, 10});  // the last duplicates the first
  const PolygonSet cells = voronoi_cells(seeds, boundary);
  ASSERT_EQ(cells.size(), 5u);
  EXPECT_NEAR(total(cells.areas()), 100.0 * 100.0, 1e-6);
  EXPECT_EQ(cells.areas()[4], 0.0);  // a duplicate seed gets an empty cell
  const auto where = locate(seeds, cells);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(where[i], i) << "seed " << i << " lies in its own cell";
  EXPECT_THROW((void)voronoi_cells(PointSet(), boundary), InvalidInput);
}

TEST(PolygonOps, MakeValidRepairsABowtieWithAWarningOrThrowsWhenStrict) {
  PolygonSet::Builder b;
  const double xs[] = {0, 2, 2, 0, 0}, ys[] = {0, 2, 0, 2, 0};  // self-intersecting
  b.add_ring(xs, ys);
  b.end_feature();
  const PolygonSet bowtie = b.build();
  EXPECT_NE(validity_problems(bowtie)[0], "");
  std::string warning;
  const PolygonSet fixed = make_valid(bowtie, false, [&](const std::string& m) { warning = m; });
  EXPECT_NEAR(fixed.areas()[0], 2.0, 1e-12);
  EXPECT_NE(warning.find("feature 0"), std::string::npos) << warning;
  EXPECT_THROW((void)make_valid(bowtie, true, {}), GeometryError);
}

// Issue 12: WKB input follows the validity policy of read_polygons (repair + warn, or strict).
TEST(PolygonOps, WkbInputIsRepairedWithAWarningOrRefusedWhenStrict) {
  const PolygonSet bowtie({0, 100, 100, 0, 0}, {0, 100, 0, 100, 0}, {0, 5}, {0, 1}, {0, 1});
  const std::vector<std::string> blobs = to_wkb(bowtie);
  std::vector<std::string> warnings;
  const PolygonSet repaired =
      polygons_from_wkb(blobs, {}, {.warn = [&](const std::string& m) { warnings.push_back(m); }});
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("WKB: feature 0 was an invalid polygon"), std::string::npos) << warnings[0];
  EXPECT_NEAR(repaired.areas()[0], 5000.0, 1e-9);
  EXPECT_THROW((void)polygons_from_wkb(blobs, {}, {.strict = true}), GeometryError);
}

namespace {
std::string from_hex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}
}  // namespace

TEST(MakeValid, RepairIsValidEvenWhereGeosLineworkRepairIsNot) {
  // Found by tests/fuzz/fuzz_wkb: a shell (10 0, 10 10, 0 0, 1.5e-322 0) whose hole (4 2, 4 4, 0 0,
  // 0 2.0000000000073) touches it at (0 0). GEOS 3.11's MakeValid returns a polygon whose hole lies
  // outside its shell; that invalid polygon used to be returned as "repaired".
  const std::string wkb = from_hex(
      "0103000000020000000500000000000000000024400000000000000000000000000000244000000000000024400000000000000000000000"
      "00000000001e0000000000000000000000000000000000000000002440000000000000000005000000000000000000104000000000000000"
      "4000000000000010400000000000001040000000000000000010400000000000000040000000000000004000000000004000000000000010"
      "400000000000000040");
  ASSERT_EQ(wkb.size(), 177u);
  std::vector<std::string> warnings;
  const PolygonSet repaired = polygons_from_wkb({wkb}, {}, {.warn = [&](const std::string& m) { warnings.push_back(m); }});
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(validity_problems(repaired), std::vector<std::string>{""});
  EXPECT_GT(repaired.areas()[0], 0.0);
  EXPECT_NO_THROW((void)make_valid(repaired, true, {}));
}
