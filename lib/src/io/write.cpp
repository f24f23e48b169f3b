// Vector writers: points and polygons with attributes.
//
// Two ways to write, chosen by the target (see io.hpp):
// - in place, inside one GDAL transaction: an existing GeoPackage and a PostGIS database. A SQLite
//   file may be open elsewhere (QGIS keeps GeoPackages open, often in WAL mode); replacing or
//   copying the file behind SQLite's back loses that program's work or corrupts the file, so
//   only SQLite itself may change it. Only the layer written is touched.
// - to a temporary file renamed at the end: every single-file format, and a new GeoPackage.
#include <sys/stat.h>

#include <filesystem>
#include <optional>

#include "core/datetime.hpp"
#include "core/names.hpp"
#include "core/progress_ticker.hpp"
#include "io/atomic_file.hpp"
#include "io/gdal.hpp"
#include "io/ogr_read.hpp"
#include "watchmap/error.hpp"
#include "watchmap/io.hpp"

namespace watchmap {

namespace {

constexpr detail::Named<WriteMode> kWriteModes[] = {{WriteMode::Replace, "w"}, {WriteMode::Append, "a"}};

struct Format {
  std::string driver;
  std::vector<std::string> sidecars;
  bool database = false;  // holds several layers, changed in place through transactions
};

Format format_for(const std::string& path, const std::string& driver) {
  const std::string ext = detail::extension_of(path);
  Format f;
  f.driver = driver;
  if (f.driver.empty()) {
    if (path.rfind("PG:", 0) == 0 || path.rfind("pg:", 0) == 0) f.driver = "PostgreSQL";
    else if (ext == ".gpkg") f.driver = "GPKG";
    else if (ext == ".geojson" || ext == ".json") f.driver = "GeoJSON";
    else if (ext == ".shp") f.driver = "ESRI Shapefile";
    else if (ext == ".fgb") f.driver = "FlatGeobuf";
    else if (ext == ".csv") f.driver = "CSV";
    else throw InvalidInput("cannot tell the format of " + path + " from its extension; pass driver=");
  }
  if (f.driver == "ESRI Shapefile") f.sidecars = {".shx", ".dbf", ".prj", ".cpg"};
  f.database = f.driver == "GPKG" || f.driver == "PostgreSQL";
  return f;
}

OGRFieldType ogr_type(ColumnType type, OGRFieldSubType& subtype) {
  subtype = OFSTNone;
  switch (type) {
    case ColumnType::Integer: return OFTInteger64;
    case ColumnType::Real: return OFTReal;
    case ColumnType::String: return OFTString;
    case ColumnType::Boolean: subtype = OFSTBoolean; return OFTInteger;
    case ColumnType::DateTime: return OFTDateTime;
  }
  return OFTString;
}

void set_field(OGRFeature& f, int i, const Column& c, size_t row) {
  if (c.null_at(row)) {
    f.SetFieldNull(i);
    return;
  }
  switch (c.type) {
    case ColumnType::Integer: f.SetField(i, static_cast<GIntBig>(c.ints[row])); break;
    case ColumnType::Boolean: f.SetField(i, static_cast<int>(c.ints[row] != 0)); break;
    case ColumnType::Real: f.SetField(i, c.reals[row]); break;
    case ColumnType::String: f.SetField(i, c.strings[row].c_str()); break;
    case ColumnType::DateTime: {
      const detail::CivilTime t = detail::from_epoch_seconds(c.ints[row]);
      f.SetField(i, t.year, t.month, t.day, t.hour, t.minute, static_cast<float>(t.second), 100);
      break;
    }
  }
}

std::string field_names(OGRFeatureDefn* defn) {
  std::string names;
  for (int k = 0; k < defn->GetFieldCount(); ++k) names += (k ? ", " : "") + std::string(defn->GetFieldDefn(k)->GetNameRef());
  return names.empty() ? "none" : names;
}

// Everything a writer does around the geometry: open or create the target, the layer and its
// fields, all inside one transaction; then write features and commit (or roll back on any error).
class LayerWriter {
 public:
  LayerWriter(const std::string& path, const VectorWriteOptions& options, const Crs& crs, OGRwkbGeometryType type,
              const Table& table, std::vector<Column> extra_columns)
      : path_(detail::display_path(path)), target_(path), options_(options), format_(format_for(path, options.driver)), type_(type) {
    detail::ensure_gdal_registered();
    detail::CplErrorCapture errors;
    layer_name_ = options.layer;
    if (layer_name_.empty()) {
      if (format_.driver == "PostgreSQL") throw InvalidInput("writing to " + path + ": name the table with layer=");
      layer_name_ = std::filesystem::path(path).stem().string();
    }
    what_ = path_ + (format_.database ? ", layer '" + layer_name_ + "'" : "");
    if (options.lock_timeout_ms < 0) throw InvalidInput("lock_timeout_ms must be >= 0");
    columns_.reserve(table.num_columns() + extra_columns.size());
    for (const Column& c : table.columns()) columns_.push_back(&c);
    extra_ = std::move(extra_columns);
    for (const Column& c : extra_) columns_.push_back(&c);

    const bool exists = format_.driver == "PostgreSQL" || std::filesystem::exists(target_);
    if (format_.database && exists) {
      open_in_place(errors);
    } else {
      open_new_file(exists, errors);
    }
    prepare_layer(crs, errors);
    errors.forward_warnings(options_.warn, what_);
  }

  /// Writes one feature with attributes of row `row`; takes ownership of `geometry` (may be null).
  void write(size_t row, OGRGeometry* geometry) {
    OGRFeature feature(layer_->GetLayerDefn());
    if (geometry != nullptr && force_type_ != wkbUnknown) {
      geometry = OGRGeometryFactory::forceTo(geometry, force_type_);
    }
    if (csv_x_ >= 0 && geometry != nullptr) {
      feature.SetField(csv_x_, geometry->toPoint()->getX());
      feature.SetField(csv_y_, geometry->toPoint()->getY());
      delete geometry;
    } else if (csv_wkt_ >= 0 && geometry != nullptr) {
      feature.SetField(csv_wkt_, geometry->exportToWkt().c_str());
      delete geometry;
    } else {
      feature.SetGeometryDirectly(geometry);
    }
    for (size_t k = 0; k < columns_.size(); ++k) set_field(feature, field_index_[k], *columns_[k], row);
    detail::CplErrorCapture errors;
    if (layer_->CreateFeature(&feature) != OGRERR_NONE) {
      fail("cannot write feature " + std::to_string(row) + " to " + what_, errors);
    }
    errors.forward_warnings(options_.warn, what_);
    if (!ticker_.tick()) throw Cancelled("writing " + what_ + " was cancelled; nothing was changed");
  }

  void set_total(size_t rows) { ticker_.set_total(static_cast<double>(rows)); }

  void commit() {
    detail::CplErrorCapture errors;
    // Deferred work (a GeoPackage's spatial index, feature counts) happens now, inside the
    // transaction, so its failure rolls everything back instead of surfacing at close.
    if (layer_->SyncToDisk() != OGRERR_NONE || errors.error_count() > 0) fail("cannot write " + what_, errors);
    if (gpkg_index_pending_) {
      auto quoted = [](std::string text) {  // an SQL string literal
        for (size_t i = text.find('\''); i != std::string::npos; i = text.find('\'', i + 2)) text.insert(i, 1, '\'');
        return "'" + text + "'";
      };
      const std::string sql =
          "SELECT CreateSpatialIndex(" + quoted(layer_name_) + ", " + quoted(layer_->GetGeometryColumn()) + ")";
      ds_->ReleaseResultSet(ds_->ExecuteSQL(sql.c_str(), nullptr, nullptr));
      if (errors.error_count() > 0) fail("cannot index " + what_, errors);
    }
    if (in_transaction_) {
      if (ds_->CommitTransaction() != OGRERR_NONE || errors.error_count() > 0) fail("cannot write " + what_, errors);
      in_transaction_ = false;
      rollback_.ds = nullptr;
    }
    ds_.reset();  // closes and flushes
    if (errors.error_count() > 0) fail("cannot write " + what_, errors);
    errors.forward_warnings(options_.warn, what_);
    if (out_) out_->commit(/*replace=*/!format_.database);
    ticker_.finish(("writing " + what_).c_str());
  }

 private:
  // An existing GeoPackage, or a PostgreSQL database: opened for update, one transaction.
  void open_in_place(detail::CplErrorCapture& errors) {
    std::optional<detail::ThreadConfigOption> busy;
    const bool gpkg = format_.driver == "GPKG";
    if (gpkg) {
      struct stat st {};
      if (::stat(target_.c_str(), &st) == 0 && (st.st_mode & 0222) == 0) {
        throw IoError("cannot write " + what_ + ": the GeoPackage is read-only (no write permission); make it "
                      "writable (chmod u+w) or write to another file");
      }
      // GDAL applies SQLITE_BUSY_TIMEOUT while opening (reading the schema under a lock).
      busy.emplace("SQLITE_BUSY_TIMEOUT", std::to_string(options_.lock_timeout_ms));
    }
    const char* drivers[] = {format_.driver.c_str(), nullptr};
    const std::string open_path = detail::with_connect_timeout(target_);
    ds_.reset(GDALDataset::Open(open_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
    if (!ds_) fail("cannot open " + path_ + " for writing", errors);
    if (gpkg) {
      ds_->ReleaseResultSet(ds_->ExecuteSQL(("PRAGMA busy_timeout = " + std::to_string(options_.lock_timeout_ms)).c_str(),
                                            nullptr, nullptr));
    }
    if (ds_->StartTransaction(TRUE) != OGRERR_NONE) fail("cannot start a transaction in " + path_, errors);
    in_transaction_ = true;
    rollback_.ds = &ds_;
    if (gpkg) {
      // Take SQLite's write lock first, while this connection holds no read lock: only then does
      // SQLite wait (busy_timeout) for another writer instead of failing at once mid-write.
      const size_t before = errors.error_count();
      ds_->ReleaseResultSet(ds_->ExecuteSQL("UPDATE gpkg_contents SET table_name = table_name WHERE 0", nullptr, nullptr));
      if (errors.error_count() != before) fail("cannot write " + what_, errors);
    }
  }

  // A single-file format, or a GeoPackage that does not exist yet: a temporary file beside it.
  void open_new_file(bool exists, detail::CplErrorCapture& errors) {
    out_.emplace(target_, format_.sidecars);
    if (options_.mode == WriteMode::Append && exists) {
      if (format_.driver == "FlatGeobuf") {
        throw InvalidInput("cannot append to " + path_ + ": FlatGeobuf files cannot be extended; write with mode='w' "
                           "or use a GeoPackage");
      }
      out_->copy_target_to_temp();
      const char* drivers[] = {format_.driver.c_str(), nullptr};
      ds_.reset(GDALDataset::Open(out_->temp_path().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
      if (!ds_) fail("cannot append to " + path_, errors);
      single_layer_ = true;
    } else {
      GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(format_.driver.c_str());
      if (driver == nullptr) throw IoError("cannot write " + path_ + ": GDAL has no driver '" + format_.driver + "'");
      // A new GeoPackage is self-contained before the rename: no -wal beside it, whatever the
      // user's OGR_SQLITE_JOURNAL says.
      std::optional<detail::ThreadConfigOption> journal;
      if (format_.driver == "GPKG") journal.emplace("OGR_SQLITE_JOURNAL", "DELETE");
      ds_.reset(driver->Create(out_->temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      if (!ds_) fail("cannot create " + path_, errors);
    }
    in_transaction_ = ds_->StartTransaction() == OGRERR_NONE;
    if (in_transaction_) rollback_.ds = &ds_;
  }

  // Finds, replaces or creates the layer, and maps our columns to its fields.
  void prepare_layer(const Crs& crs, detail::CplErrorCapture& errors) {
    OGRLayer* existing = nullptr;
    int existing_index = -1;
    for (int i = 0; i < ds_->GetLayerCount(); ++i) {
      if (single_layer_ || layer_name_ == ds_->GetLayer(i)->GetName()) {
        existing = ds_->GetLayer(i);
        existing_index = i;
        break;
      }
    }
    if (format_.driver == "PostgreSQL" && existing == nullptr) {
      existing = ds_->GetLayerByName(layer_name_.c_str());  // "schema.table" names are not always listed
      for (int i = 0; existing != nullptr && i < ds_->GetLayerCount(); ++i) {
        if (ds_->GetLayer(i) == existing) existing_index = i;
      }
    }
    if (existing != nullptr && options_.mode == WriteMode::Replace) {
      if (existing_index < 0 || ds_->DeleteLayer(existing_index) != OGRERR_NONE) {
        fail("cannot replace layer '" + layer_name_ + "' in " + path_, errors);
      }
      existing = nullptr;
    }
    if (existing != nullptr) {
      use_existing_layer(existing, crs);
      return;
    }
    std::unique_ptr<OGRSpatialReference> srs;
    if (!crs.empty()) srs = std::make_unique<OGRSpatialReference>(detail::srs_from_wkt(crs.wkt()));
    CPLStringList layer_options;
    if (format_.driver == "CSV") layer_options.SetNameValue("GEOMETRY", type_ == wkbPoint ? "AS_XY" : "AS_WKT");
    if (format_.driver == "ESRI Shapefile") layer_options.SetNameValue("ENCODING", "UTF-8");
    if (format_.driver == "FlatGeobuf") layer_options.SetNameValue("SPATIAL_INDEX", "NO");  // keeps feature order
    // GDAL builds a new layer's R-tree at commit or close; after a rollback it would still try,
    // on everything inserted (15 s after Ctrl-C on 3M points). It is built in commit() instead.
    if (format_.driver == "GPKG") layer_options.SetNameValue("SPATIAL_INDEX", "NO");
    layer_ = ds_->CreateLayer(layer_name_.c_str(), srs.get(), type_, layer_options.List());
    if (layer_ == nullptr) fail("cannot create layer '" + layer_name_ + "' in " + path_, errors);
    gpkg_index_pending_ = format_.driver == "GPKG";
    for (const Column* c : columns_) {
      OGRFieldSubType subtype;
      OGRFieldDefn defn(c->name.c_str(), ogr_type(c->type, subtype));
      defn.SetSubType(subtype);
      if (layer_->CreateField(&defn) != OGRERR_NONE) fail("cannot create field '" + c->name + "' in " + what_, errors);
    }
    // Field names may be altered by the driver (shapefiles cut them to 10 characters); index by position.
    field_index_.resize(columns_.size());
    for (size_t k = 0; k < columns_.size(); ++k) field_index_[k] = static_cast<int>(k);
  }

  void use_existing_layer(OGRLayer* layer, const Crs& crs) {
    layer_ = layer;
    const Crs theirs = detail::crs_from_srs(layer->GetSpatialRef());
    const bool crs_free_format = format_.driver == "CSV";  // a CSV file records no CRS
    if (!(theirs == crs) && !(theirs.empty() && crs_free_format)) {
      throw CrsError("cannot append to " + what_ + ": the layer is in " + theirs.to_string() + ", the data in " +
                     crs.to_string() + "; bring them to one CRS first (to_crs) or write with mode='w'");
    }
    const OGRwkbGeometryType theirs_type = wkbFlatten(layer->GetGeomType());
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    if (theirs_type == wkbNone && format_.driver == "CSV") {
      // A CSV written by us keeps its geometry as X/Y or WKT columns; opened again they are fields.
      csv_x_ = defn->GetFieldIndex("X");
      csv_y_ = defn->GetFieldIndex("Y");
      csv_wkt_ = defn->GetFieldIndex("WKT");
      const bool ok = type_ == wkbPoint ? csv_x_ >= 0 && csv_y_ >= 0 : csv_wkt_ >= 0;
      if (!ok) {
        throw InvalidInput("cannot append to " + what_ + ": it has no " + (type_ == wkbPoint ? "X/Y" : "WKT") +
                           " columns for the geometry (fields: " + field_names(defn) + ")");
      }
      if (type_ != wkbPoint) force_type_ = wkbMultiPolygon;
    }
    const bool polygonal = type_ == wkbPolygon || type_ == wkbMultiPolygon;
    if (theirs_type == wkbMultiPolygon && type_ == wkbPolygon) force_type_ = wkbMultiPolygon;
    const bool fits = theirs_type == wkbUnknown || (theirs_type == wkbNone && format_.driver == "CSV") || theirs_type == type_ ||
                      (polygonal && (theirs_type == wkbMultiPolygon || theirs_type == wkbPolygon)) ||
                      (type_ == wkbPoint && theirs_type == wkbMultiPoint);
    if (!fits) {
      throw InvalidInput("cannot append to " + what_ + ": it holds " + OGRGeometryTypeToName(theirs_type) +
                         " geometries, not " + OGRGeometryTypeToName(type_));
    }
    if (theirs_type == wkbPolygon && type_ == wkbMultiPolygon) force_type_ = wkbPolygon;  // single parts only fit
    if (theirs_type == wkbMultiPoint) force_type_ = wkbMultiPoint;
    std::string missing;
    for (const Column* c : columns_) {
      const int i = defn->GetFieldIndex(c->name.c_str());
      if (i < 0) missing += (missing.empty() ? "'" : ", '") + c->name + "'";
      field_index_.push_back(i);
    }
    if (!missing.empty()) {
      throw InvalidInput("cannot append to " + what_ + ": it has no field " + missing + " (fields: " +
                         field_names(defn) + "); drop or rename those columns, or write with mode='w'");
    }
  }

  // Throws IoError for `what`, saying why: a lock held by another program, or GDAL's reason.
  [[noreturn]] void fail(const std::string& what, const detail::CplErrorCapture& errors) {
    const std::string& reason = errors.last_error();
    if (detail::is_lock_message(reason)) {
      std::string seconds = std::to_string(options_.lock_timeout_ms / 1000.0);
      seconds = seconds.substr(0, seconds.find('.') + 2);
      throw IoError(what + ": the database is locked by another program (SQLite still reported \"database is locked\" "
                    "after waiting " + seconds + " s): QGIS or another program is writing to it or holds a "
                    "transaction open; save or close it there and try again. Nothing was written.");
    }
    throw IoError(what + (reason.empty() ? std::string(": GDAL gave no reason") : ": " + reason));
  }

  std::string path_, target_, what_, layer_name_;  // path_: for messages (no password)
  const VectorWriteOptions& options_;
  Format format_;
  OGRwkbGeometryType type_;
  OGRwkbGeometryType force_type_ = wkbUnknown;
  std::optional<detail::AtomicOutput> out_;
  detail::DatasetPtr ds_;  // declared after out_: closed before the temporary file is removed
  // Declared after ds_: an unfinished transaction is rolled back before the dataset closes, also
  // when the constructor throws.
  struct Rollback {
    detail::DatasetPtr* ds = nullptr;
    ~Rollback() {
      if (ds == nullptr || !*ds) return;
      detail::CplErrorCapture quiet;  // after a failure GDAL may complain again while undoing
      (*ds)->RollbackTransaction();
      ds->reset();
      quiet.discard_warnings();
    }
  } rollback_;
  OGRLayer* layer_ = nullptr;
  std::vector<const Column*> columns_;
  std::vector<int> field_index_;
  std::vector<Column> extra_;
  int csv_x_ = -1, csv_y_ = -1, csv_wkt_ = -1;  // appending to a CSV: geometry columns
  bool gpkg_index_pending_ = false;
  bool in_transaction_ = false;
  bool single_layer_ = false;
  detail::ProgressTicker ticker_{options_.progress, 1.0};
};

OGRPolygon* part_to_ogr(const PolygonSet& ps, int64_t p) {
  auto* poly = new OGRPolygon();
  for (int64_t r = ps.part_offsets()[p]; r < ps.part_offsets()[p + 1]; ++r) {
    const int64_t b = ps.ring_offsets()[r];
    const int n = static_cast<int>(ps.ring_offsets()[r + 1] - b);
    auto* ring = new OGRLinearRing();
    ring->setPoints(n, ps.x().data() + b, ps.y().data() + b);
    poly->addRingDirectly(ring);
  }
  return poly;
}

}  // namespace

WriteMode write_mode_from_name(std::string_view name) { return detail::parse_name(kWriteModes, name, "write mode"); }
const char* to_string(WriteMode mode) { return detail::name_of(kWriteModes, mode); }

void write_points(const PointSet& points, const std::string& path, const VectorWriteOptions& options) {
  std::vector<Column> extra;
  if (points.has_weight() && points.attributes().find("weight") == nullptr) {
    Column c{"weight", ColumnType::Real, {}, points.weight(), {}, {}};
    extra.push_back(std::move(c));
  }
  // The times go back to the column they came from (read_points(time="date") -> "date"), so a
  // round trip neither duplicates nor renames it; an attribute of that name wins.
  if (points.has_time() && points.attributes().find(points.time_column()) == nullptr) {
    Column c{points.time_column(), ColumnType::DateTime, points.time(), {}, {}, {}};
    extra.push_back(std::move(c));
  }
  LayerWriter writer(path, options, points.crs(), wkbPoint, points.attributes(), std::move(extra));
  writer.set_total(points.size());
  for (size_t i = 0; i < points.size(); ++i) writer.write(i, new OGRPoint(points.x()[i], points.y()[i]));
  writer.commit();
}

void write_polygons(const PolygonSet& polygons, const std::string& path, const VectorWriteOptions& options) {
  bool multi = false;
  for (size_t f = 0; f < polygons.size(); ++f) {
    multi = multi || polygons.feature_offsets()[f + 1] - polygons.feature_offsets()[f] > 1;
  }
  LayerWriter writer(path, options, polygons.crs(), multi ? wkbMultiPolygon : wkbPolygon, polygons.attributes(), {});
  writer.set_total(polygons.size());
  for (size_t f = 0; f < polygons.size(); ++f) {
    const int64_t p0 = polygons.feature_offsets()[f], p1 = polygons.feature_offsets()[f + 1];
    OGRGeometry* g = nullptr;
    if (multi && p1 > p0) {
      auto* mp = new OGRMultiPolygon();
      for (int64_t p = p0; p < p1; ++p) mp->addGeometryDirectly(part_to_ogr(polygons, p));
      g = mp;
    } else if (p1 > p0) {
      g = part_to_ogr(polygons, p0);
    }
    writer.write(f, g);
  }
  writer.commit();
}

void write_lines(const LineSet& lines, const std::string& path, const VectorWriteOptions& options) {
  LayerWriter writer(path, options, lines.crs(), wkbMultiLineString, lines.attributes(), {});
  writer.set_total(lines.size());
  for (size_t f = 0; f < lines.size(); ++f) {
    const int64_t p0 = lines.feature_offsets()[f], p1 = lines.feature_offsets()[f + 1];
    OGRGeometry* g = nullptr;
    if (p1 > p0) {
      auto* multi = new OGRMultiLineString();
      for (int64_t p = p0; p < p1; ++p) {
        const int64_t b = lines.part_offsets()[p];
        auto* line = new OGRLineString();
        line->setPoints(static_cast<int>(lines.part_offsets()[p + 1] - b), lines.x().data() + b, lines.y().data() + b);
        multi->addGeometryDirectly(line);
      }
      g = multi;
    }
    writer.write(f, g);
  }
  writer.commit();
}

}  // namespace watchmap
