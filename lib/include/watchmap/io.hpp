#pragma once
/// @file io.hpp  Reading and writing layers and rasters through GDAL/OGR.
///
/// Formats: anything OGR reads for vectors (GeoPackage, GeoJSON, Shapefile, FlatGeobuf, CSV,
/// PostGIS…) and GDAL for rasters. Inputs are never modified. A failed or cancelled write never
/// leaves a half-written result:
/// - a GeoPackage that exists (it may be open in QGIS, with a -wal journal beside it) and a
///   PostGIS database are changed in place inside one GDAL/SQL transaction that touches only the
///   layer written; a lock held by another program is waited for (bounded) and then an IoError;
/// - single-file outputs (GeoTIFF, GeoJSON, CSV, FlatGeobuf, a shapefile set, a new GeoPackage)
///   are written to a temporary name beside the target and renamed at the end, keeping the
///   target's permission bits; a read-only (no write bit) target is refused.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "watchmap/crs.hpp"
#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"
#include "watchmap/grid.hpp"
#include "watchmap/progress.hpp"

namespace watchmap {

/// Options for read_points().
struct PointReadOptions {
  /// Layer name; DEFAULT: "" = the only layer (an error listing the layers when there are several).
  /// PostGIS: "schema.table" or "table".
  std::string layer{};
  /// A query in the source's own SQL (PostGIS: any SELECT with a geometry column) read instead of
  /// a layer. DEFAULT: "" = none.
  std::string sql{};
  /// Columns holding x/longitude and y/latitude. DEFAULT: "" = use the layer's point geometry.
  /// Required for CSV files without geometry.
  std::string x_field{}, y_field{};
  /// CRS of the coordinates. DEFAULT: none = the file's CRS; when the file has none, the data are
  /// taken as a local metric frame unless they look like degrees (a CrsError asking for
  /// crs="EPSG:4326"). An empty Crs (Python: crs="local") insists on a local metric frame.
  std::optional<Crs> crs{};
  /// Column parsed into PointSet::time (ISO date/datetime text or an OGR date field). DEFAULT: none.
  std::string time_field{};
  /// Columns kept as text exactly as the source has them (dates the caller parses itself).
  /// DEFAULT: none.
  std::vector<std::string> text_fields{};
  /// Column parsed into PointSet::weight (finite numbers). DEFAULT: none.
  std::string weight_field{};
  /// DEFAULT: false = a row with missing, non-numeric, NaN or out-of-range coordinates is an
  /// error naming it; true = such rows are dropped and reported in one warning (count + first).
  bool skip_invalid = false;
  WarningHandler warn{};
  /// Polled per feature read; returning false cancels (Cancelled).
  ProgressCallback progress{};
};

/// Reads points. Multipoint features become one point per part (attributes repeated).
/// Errors name the file, layer, field and row: missing file, unknown layer or field, a
/// non-numeric or NaN coordinate, latitude outside ±90 (swapped columns?), an empty layer,
/// degree-like coordinates without a CRS.
PointSet read_points(const std::string& path, const PointReadOptions& options = {});

/// Options for read_polygons().
struct PolygonReadOptions {
  /// DEFAULT: "" = the only layer.
  std::string layer{};
  /// A query read instead of a layer (see PointReadOptions::sql). DEFAULT: "" = none.
  std::string sql{};
  /// DEFAULT: none = the file's CRS (see PointReadOptions::crs).
  std::optional<Crs> crs{};
  /// DEFAULT: false = repair invalid polygons with GEOS MakeValid and warn; true = throw
  /// GeometryError naming the feature and GEOS's reason.
  bool strict = false;
  WarningHandler warn{};
  /// Polled per feature read; returning false cancels (Cancelled).
  ProgressCallback progress{};
};

/// Reads polygons and multipolygons (holes kept) with their attribute columns.
PolygonSet read_polygons(const std::string& path, const PolygonReadOptions& options = {});

/// Options for read_lines().
struct LineReadOptions {
  /// DEFAULT: "" = the only layer.
  std::string layer{};
  /// DEFAULT: none = the file's CRS (see PointReadOptions::crs).
  std::optional<Crs> crs{};
  WarningHandler warn{};
  ProgressCallback progress{};
};

/// Reads lines and multilines (e.g. roads) with their attribute columns. Features without
/// geometry become empty features (with a warning); other geometry types are an error naming the row.
LineSet read_lines(const std::string& path, const LineReadOptions& options = {});

/// Names of the vector layers in `path`.
std::vector<std::string> list_layers(const std::string& path);

/// What a vector write does to an existing layer (GeoPandas' `to_file(mode=)`).
enum class WriteMode {
  Replace,  ///< "w": create the layer, or replace it (its rows and fields) when it exists
  Append,   ///< "a": add rows to the layer (created when missing); its fields must hold ours
};

/// "w", "a".
WriteMode write_mode_from_name(std::string_view name);
const char* to_string(WriteMode mode);

/// Options for write_points() / write_polygons().
struct VectorWriteOptions {
  /// DEFAULT: "" = the file name's stem. For PostGIS ("PG:…" paths) "schema.table" or "table";
  /// required there.
  std::string layer{};
  /// OGR driver; DEFAULT: "" = from the path (.gpkg GPKG, .geojson/.json GeoJSON, .shp ESRI
  /// Shapefile, .fgb FlatGeobuf, .csv CSV with WKT, "PG:…" PostgreSQL).
  std::string driver{};
  /// DEFAULT: Replace. In a GeoPackage or PostGIS database only this layer is touched (other
  /// layers survive every mode); other formats hold one layer, so Replace replaces the file.
  /// Append works for GeoPackage, PostGIS, Shapefile, GeoJSON and CSV (not FlatGeobuf).
  WriteMode mode = WriteMode::Replace;
  /// How long to wait for a lock another program holds on a GeoPackage (QGIS saving edits, an
  /// open SQLite transaction) before giving up with an IoError naming the file and the lock.
  /// DEFAULT: 5000 ms.
  int lock_timeout_ms = 5000;
  /// Polled per feature written; returning false cancels (Cancelled; nothing is changed).
  ProgressCallback progress{};
  /// Receives GDAL's warnings (e.g. a field type the format cannot hold).
  WarningHandler warn{};
};

void write_points(const PointSet& points, const std::string& path, const VectorWriteOptions& options = {});
void write_polygons(const PolygonSet& polygons, const std::string& path,
                    const VectorWriteOptions& options = {});
void write_lines(const LineSet& lines, const std::string& path, const VectorWriteOptions& options = {});

/// Reads one band of a raster as float64 (nodata kept as the band's value). North-up only.
/// GDAL's warnings go to `warn`. `progress` is polled per block of rows (false cancels).
Raster read_raster(const std::string& path, int band = 1, const WarningHandler& warn = {},
                   const ProgressCallback& progress = {});

/// Pixel type written to disk.
enum class RasterType { Float64, Float32, Int32, Int16, UInt8, UInt16 };

/// "float64", "float32", "int32", "int16", "uint8", "uint16".
RasterType raster_type_from_name(std::string_view name);
const char* to_string(RasterType type);

/// Options for write_raster().
struct RasterWriteOptions {
  RasterType type = RasterType::Float64;  ///< DEFAULT: float64
  bool compress = true;                   ///< DEFAULT: DEFLATE compression
};

/// Writes a GeoTIFF with the grid's geotransform, CRS and nodata.
///
/// Integer types hold no NaN, so NaN cells are written as an integer nodata value: the raster's
/// own nodata when it is a whole number the type can hold, else (nodata absent or NaN) the
/// type's minimum (int16/int32) or maximum (uint8/uint16, where 0 is usually a real value). A
/// nodata the type cannot represent (2.5, 300 for uint8), a value that is not a whole number in
/// range, or a real cell equal to the chosen default nodata is an InvalidInput naming the cell.
void write_raster(const Raster& raster, const std::string& path, const RasterWriteOptions& options = {});

}  // namespace watchmap
