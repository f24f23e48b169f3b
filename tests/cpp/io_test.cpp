#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "support/support.hpp"
#include "watchmap/error.hpp"
#include "watchmap/io.hpp"

using namespace watchmap;
namespace fs = std::filesystem;

namespace {

const Crs& utm48() {
  static const Crs crs = Crs::from_epsg(32648);
  return crs;
}

// Moves the sample polygons to a UTM-like position so "looks like degrees" does not trigger.
PolygonSet utm_polygons() {
  PolygonSet ps = test::sample_polygons(utm48());
  std::vector<double> x = ps.x(), y = ps.y();
  for (double& v : x) v = 580000.0 + 100.0 * v;
  for (double& v : y) v = 2450000.0 + 100.0 * v;
  PolygonSet out(x, y, ps.ring_offsets(), ps.part_offsets(), ps.feature_offsets(), utm48());
  out.set_attributes(ps.attributes());
  return out;
}

PointSet utm_points() {
  PointSet p({580000.0, 580100.5, 580200.25}, {2450000.0, 2450050.0, 2450100.0}, utm48());
  Table t;
  t.add(Column{"category", ColumnType::String, {}, {}, {"theft", "dispute", "tip"}, {}});
  t.add(Column{"count", ColumnType::Integer, {1, 2, 3}, {}, {}, {}});
  t.add(Column{"when", ColumnType::DateTime, {1577836800, 1609459200 + 3600, 1640995200}, {}, {}, {}});
  t.add(Column{"verified", ColumnType::Boolean, {1, 0, 1}, {}, {}, {}});
  p.set_attributes(std::move(t));
  return p;
}

void expect_same_polygons(const PolygonSet& a, const PolygonSet& b, const std::string& format) {
  ASSERT_EQ(a.size(), b.size()) << format;
  const auto aa = a.areas(), ba = b.areas();
  for (size_t f = 0; f < a.size(); ++f) {
    EXPECT_NEAR(aa[f], ba[f], 1e-6) << format << " feature " << f;
    EXPECT_EQ(a.feature_offsets()[f + 1] - a.feature_offsets()[f], b.feature_offsets()[f + 1] - b.feature_offsets()[f])
        << format << " parts of feature " << f;
    const Box ab = a.feature_bounds(f), bb = b.feature_bounds(f);
    EXPECT_EQ(ab.xmin, bb.xmin);
    EXPECT_EQ(ab.ymax, bb.ymax);
  }
  EXPECT_EQ(a.num_rings(), b.num_rings()) << format << " (holes kept)";
  EXPECT_TRUE(a.crs() == b.crs()) << format << ": " << b.crs().to_string();
  const Column& name = b.attributes().column("name");
  EXPECT_EQ(name.strings[0], "Nà Pài") << format;
  EXPECT_EQ(name.strings[1], "Khuổi Cò") << format;
  const Column& pop = b.attributes().column("population");
  EXPECT_EQ(pop.ints[1], 340) << format;
  EXPECT_TRUE(pop.null_at(2)) << format << " null kept";
  const Column& share = b.attributes().column("share");
  EXPECT_DOUBLE_EQ(share.reals[3], 0.125) << format;
}

}  // namespace

class PolygonRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(PolygonRoundTrip, KeepsGeometryHolesPartsAttributesAndCrs) {
  test::TempDir dir;
  const std::string path = dir.path("hamlets" + GetParam());
  const PolygonSet original = utm_polygons();
  write_polygons(original, path);
  const PolygonSet back = read_polygons(path);
  expect_same_polygons(original, back, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Formats, PolygonRoundTrip, ::testing::Values(".gpkg", ".geojson", ".shp", ".fgb"));

class PointRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(PointRoundTrip, KeepsCoordinatesAttributesAndCrs) {
  test::TempDir dir;
  const std::string path = dir.path("incidents" + GetParam());
  PointSet original = utm_points();
  original.set_weight({1.0, 2.5, 0.5});
  write_points(original, path);
  PointReadOptions options;
  options.weight_field = "weight";
  options.time_field = "when";
  const PointSet back = read_points(path, options);
  ASSERT_EQ(back.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back.x()[i], original.x()[i]);
    EXPECT_EQ(back.y()[i], original.y()[i]);
  }
  EXPECT_TRUE(back.crs() == utm48()) << back.crs().to_string();
  EXPECT_EQ(back.attributes().column("category").strings[1], "dispute");
  EXPECT_EQ(back.attributes().column("count").ints[2], 3);
  EXPECT_EQ(back.weight()[1], 2.5);
  if (GetParam() != ".shp") {  // shapefiles store dates without time of day
    EXPECT_EQ(back.time()[1], 1609459200 + 3600);
    EXPECT_EQ(back.attributes().column("verified").ints[1], 0);
  } else {
    EXPECT_EQ(back.time()[1], 1609459200);
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, PointRoundTrip, ::testing::Values(".gpkg", ".geojson", ".shp", ".fgb"));

TEST(Io, CsvWithLonLatColumns) {
  test::TempDir dir;
  const std::string path = dir.path("teams.csv");
  test::write_text(path, "team_id,lon,lat,date,members\nT1,105.85,22.2,2024-03-01,5\nT2,105.9,22.25,2024-03-02 13:30,4\n");
  PointReadOptions options;
  options.x_field = "lon";
  options.y_field = "lat";
  options.crs = wgs84();
  options.time_field = "date";
  PointSet p = read_points(path, options);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p.x()[0], 105.85);
  EXPECT_TRUE(p.crs() == wgs84());
  EXPECT_EQ(p.time()[1], 1709386200);  // 2024-03-02T13:30:00Z
  EXPECT_EQ(p.attributes().column("members").ints[0], 5);
  EXPECT_EQ(p.attributes().column("team_id").strings[1], "T2");
  // the CSV written back with X/Y columns reads again
  write_points(p.to_crs(utm48()), dir.path("teams_utm.csv"));
  PointReadOptions again;
  again.x_field = "X";
  again.y_field = "Y";
  again.crs = utm48();
  PointSet q = read_points(dir.path("teams_utm.csv"), again);
  EXPECT_NEAR(q.x()[0], 587616.47198604, 1e-3);
}

TEST(Io, GeoPackageWithSeveralLayers) {
  test::TempDir dir;
  const std::string path = dir.path("district.gpkg");
  write_polygons(utm_polygons(), path, {.layer = "hamlets"});
  write_points(utm_points(), path, {.layer = "teams"});
  auto layers = list_layers(path);
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_EQ(read_polygons(path, {.layer = "hamlets"}).size(), 4u);
  EXPECT_EQ(read_points(path, {.layer = "teams"}).size(), 3u);
  try {
    (void)read_points(path);
    FAIL() << "ambiguous layer must be an error";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("hamlets"), std::string::npos) << e.what();
  }
  try {
    (void)read_points(path, {.layer = "incidents"});
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("no layer 'incidents'"), std::string::npos) << e.what();
  }
}

TEST(Io, MissingFileIsAnIoErrorNamingThePath) {
  try {
    (void)read_polygons("/nonexistent/hamlets.gpkg");
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/hamlets.gpkg"), std::string::npos);
  }
  test::TempDir dir;
  test::write_text(dir.path("garbage.gpkg"), "this is not a geopackage");
  EXPECT_THROW((void)read_polygons(dir.path("garbage.gpkg")), IoError);
  EXPECT_THROW((void)read_raster(dir.path("garbage.gpkg")), IoError);
}

TEST(Io, CsvBadValuesNameFieldAndLine) {
  test::TempDir dir;
  auto expect_message = [&](const std::string& csv, const std::string& needle, PointReadOptions options) {
    const std::string path = dir.path("bad.csv");
    test::write_text(path, csv);
    try {
      (void)read_points(path, options);
      ADD_FAILURE() << "expected an error containing '" << needle << "'";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  PointReadOptions lonlat;
  lonlat.x_field = "lon";
  lonlat.y_field = "lat";
  lonlat.crs = wgs84();
  expect_message("lon,lat\n105.8,22.1\n105.9,abc\n", "line 3", lonlat);
  expect_message("lon,lat\n105.8,22.1\n105.9,abc\n", "'abc' is not a decimal number", lonlat);
  expect_message("lon,lat\n105.8,22.1\n105.9,0x1A\n", "'0x1A' is not a decimal number", lonlat);  // not 26
  expect_message("lon,lat\n105.8,22.1\n105.9,nan\n", "NaN", lonlat);
  expect_message("lon,lat\n105.8,22.1\n105.9,inf\n", "infinite", lonlat);
  expect_message("lon,lat\n105.8,22.1\n105.9,\n", "is empty", lonlat);
  expect_message("lon,lat\n22.1,105.8\n", "swapped", lonlat);
  expect_message("lon,lat\n", "empty layer", lonlat);
  PointReadOptions wrong_field = lonlat;
  wrong_field.y_field = "latitude";
  expect_message("lon,lat\n105.8,22.1\n", "no field 'latitude'", wrong_field);
  expect_message("", "the file is empty", lonlat);
  PointReadOptions no_crs = lonlat;
  no_crs.crs.reset();
  expect_message("lon,lat\n105.8,22.1\n", "look like longitude/latitude", no_crs);
  PointReadOptions bad_date = lonlat;
  bad_date.time_field = "date";
  expect_message("lon,lat,date\n105.8,22.1,2024-13-45\n", "not a date", bad_date);
}

TEST(Io, LocalFrameWithoutCrsIsAccepted) {
  test::TempDir dir;
  const std::string path = dir.path("local.csv");
  test::write_text(path, "x,y\n10,20\n30,40\n");
  PointReadOptions options;
  options.x_field = "x";
  options.y_field = "y";
  EXPECT_THROW((void)read_points(path, options), CrsError);  // looks like degrees
  options.crs = Crs{};  // crs="local": insist on a local metric frame
  PointSet p = read_points(path, options);
  EXPECT_TRUE(p.crs().empty());
  test::write_text(path, "x,y\n500000,2440000\n");
  options.crs.reset();
  EXPECT_TRUE(read_points(path, options).crs().empty());  // metres, clearly not degrees
}

TEST(Io, InvalidPolygonIsRepairedWithAWarningOrRejectedWhenStrict) {
  test::TempDir dir;
  const std::string path = dir.path("bowtie.geojson");
  test::write_text(path, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"ok"},"geometry":{"type":"Polygon","coordinates":[[[580000,2450000],[580100,2450000],[580100,2450100],[580000,2450100],[580000,2450000]]]}},
    {"type":"Feature","properties":{"name":"bowtie"},"geometry":{"type":"Polygon","coordinates":[[[580000,2450000],[580100,2450100],[580100,2450000],[580000,2450100],[580000,2450000]]]}}]})");
  std::vector<std::string> warnings;
  PolygonReadOptions options;
  options.crs = utm48();
  options.warn = [&](const std::string& m) { warnings.push_back(m); };
  PolygonSet ps = read_polygons(path, options);
  // GeoJSON without a "crs" member is WGS 84 by definition: overriding it is also reported.
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("using EPSG:32648 as requested"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("feature 1"), std::string::npos) << warnings[1];
  EXPECT_NEAR(ps.areas()[1], 5000.0, 1e-6);  // two triangles of the bow tie
  options.strict = true;
  try {
    (void)read_polygons(path, options);
    FAIL();
  } catch (const GeometryError& e) {
    EXPECT_NE(std::string(e.what()).find("feature 1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Self-intersection"), std::string::npos) << e.what();
  }
}

TEST(Io, PointsFromAPolygonLayerIsAClearError) {
  test::TempDir dir;
  write_polygons(utm_polygons(), dir.path("h.gpkg"));
  try {
    (void)read_points(dir.path("h.gpkg"));
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("needs points"), std::string::npos) << e.what();
  }
}

TEST(Io, FailedWriteLeavesNoFile) {
  test::TempDir dir;
  EXPECT_THROW(write_polygons(utm_polygons(), dir.path("missing-folder/h.gpkg")), IoError);
  EXPECT_THROW(write_polygons(utm_polygons(), dir.path("h.unknownext")), InvalidInput);
  // Int32 raster with a fractional value fails validation before anything is created.
  Raster r(Grid(0, 0, 1.0, 2, 2, utm48()), 0.5);
  EXPECT_THROW(write_raster(r, dir.path("r.tif"), {.type = RasterType::Int32}), InvalidInput);
  EXPECT_TRUE(fs::is_empty(dir.dir())) << "no partial or temporary files";
}

TEST(Io, OverwriteReplacesTheFileAtomically) {
  test::TempDir dir;
  const std::string path = dir.path("h.gpkg");
  write_polygons(utm_polygons(), path);
  write_polygons(utm_polygons().take({0}), path);
  EXPECT_EQ(read_polygons(path).size(), 1u);
  size_t files = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(dir.dir())) ++files;
  EXPECT_EQ(files, 1u);
}

class RasterRoundTrip : public ::testing::TestWithParam<RasterType> {};

TEST_P(RasterRoundTrip, KeepsGridCrsValuesAndNodata) {
  test::TempDir dir;
  Grid g(580000.0, 2450000.0, 30.0, 5, 4, utm48());
  Raster r(g, 0.0, -9999.0);
  for (int64_t i = 0; i < g.cell_count(); ++i) r.values[i] = static_cast<double>(i * 7 - 20);
  r.at(2, 3) = -9999.0;
  const std::string path = dir.path("dem.tif");
  write_raster(r, path, {.type = GetParam()});
  Raster back = read_raster(path);
  EXPECT_TRUE(back.grid == g);
  ASSERT_TRUE(back.nodata.has_value());
  EXPECT_EQ(*back.nodata, -9999.0);
  EXPECT_EQ(back.values, r.values);
  EXPECT_TRUE(back.is_nodata(back.at(2, 3)));
}

INSTANTIATE_TEST_SUITE_P(Types, RasterRoundTrip,
                         ::testing::Values(RasterType::Float64, RasterType::Float32, RasterType::Int32));

TEST(Io, RasterNanIsWrittenAsNodata) {
  test::TempDir dir;
  Raster r(Grid(0, 0, 10.0, 2, 2, utm48()), 1.25);
  r.at(0, 1) = NAN;
  write_raster(r, dir.path("a.tif"));
  Raster back = read_raster(dir.path("a.tif"));
  EXPECT_TRUE(std::isnan(back.at(0, 1)));
  EXPECT_EQ(back.at(1, 1), 1.25);
  Raster ints(Grid(0, 0, 10.0, 2, 2, utm48()), 3.0);
  ints.at(1, 0) = NAN;
  write_raster(ints, dir.path("b.tif"), {.type = RasterType::Int32, .compress = false});
  Raster iback = read_raster(dir.path("b.tif"));
  ASSERT_TRUE(iback.nodata.has_value());
  EXPECT_EQ(*iback.nodata, -2147483648.0);
  EXPECT_TRUE(iback.is_nodata(iback.at(1, 0)));
  EXPECT_EQ(iback.at(0, 0), 3.0);
}

TEST(Io, ReprojectRasterToGeographicAndBack) {
  Grid g(580000.0, 2450000.0, 100.0, 50, 40, utm48());
  Raster r(g);
  for (int64_t row = 0; row < g.nrows; ++row)
    for (int64_t col = 0; col < g.ncols; ++col) r.at(row, col) = 100.0 + col;  // ramp west to east
  Raster geo = reproject(r, wgs84());
  EXPECT_TRUE(geo.grid.crs.is_geographic());
  EXPECT_NEAR(geo.grid.xmin, 105.77, 0.01);
  Raster back = reproject(geo, utm48(), 100.0);
  EXPECT_NEAR(back.grid.cell_width, 100.0, 1e-9);
  // centre cell value survives the round trip within the ramp's step
  const int64_t row = back.grid.nrows / 2, col = back.grid.ncols / 2;
  const double x = back.grid.center_x(col);
  const double expected = 100.0 + std::floor((x - 580000.0) / 100.0);
  EXPECT_NEAR(back.at(row, col), expected, 1.0);
}

// Issue 12: a layer write touches that layer only; "a" adds rows; a failed or cancelled write
// changes nothing; a read-only target is refused with the reason.
TEST(IoSafeWrites, LayerModesKeepTheOtherLayers) {
  test::TempDir dir;
  const std::string path = dir.path("district.gpkg");
  write_polygons(utm_polygons(), path, {.layer = "hamlets"});
  write_points(utm_points(), path, {.layer = "teams"});
  write_points(utm_points().take({0}), path, {.layer = "teams"});  // mode w: replaces teams only
  EXPECT_EQ(read_polygons(path, {.layer = "hamlets"}).size(), 4u);
  EXPECT_EQ(read_points(path, {.layer = "teams"}).size(), 1u);
  write_points(utm_points(), path, {.layer = "teams", .mode = WriteMode::Append});
  EXPECT_EQ(read_points(path, {.layer = "teams"}).size(), 4u);
  EXPECT_EQ(read_polygons(path, {.layer = "hamlets"}).size(), 4u);
  EXPECT_EQ(list_layers(path).size(), 2u);
  EXPECT_EQ(write_mode_from_name("a"), WriteMode::Append);
  EXPECT_THROW((void)write_mode_from_name("append"), InvalidInput);
}

TEST(IoSafeWrites, CancelledWriteChangesNothing) {
  test::TempDir dir;
  const std::string path = dir.path("district.gpkg");
  write_polygons(utm_polygons(), path, {.layer = "hamlets"});
  VectorWriteOptions options{.layer = "hamlets", .mode = WriteMode::Append};
  options.progress = [](double) { return false; };
  EXPECT_THROW(write_polygons(utm_polygons(), path, options), Cancelled);
  EXPECT_EQ(read_polygons(path, {.layer = "hamlets"}).size(), 4u);
  options.layer = "teams";
  EXPECT_THROW(write_points(utm_points(), dir.path("new.geojson"), options), Cancelled);
  EXPECT_FALSE(fs::exists(dir.path("new.geojson")));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.dir()), fs::directory_iterator()), 1);
}

TEST(IoSafeWrites, ReadOnlyTargetIsRefusedAndKeepsItsMode) {
  test::TempDir dir;
  const std::string path = dir.path("teams.geojson");
  write_points(utm_points(), path);
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  write_points(utm_points(), path);
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  try {
    write_points(utm_points(), path);
    FAIL() << "a 0444 file must not be replaced";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("read-only (mode 0444)"), std::string::npos) << e.what();
  }
  Raster r(Grid(580000.0, 2450000.0, 30.0, 3, 2, utm48()), 1.0);
  write_raster(r, dir.path("dem.tif"));
  fs::permissions(dir.path("dem.tif"), fs::perms::owner_read);
  EXPECT_THROW(write_raster(r, dir.path("dem.tif")), IoError);
}
