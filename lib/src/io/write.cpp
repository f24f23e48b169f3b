// Vector writers: points and polygons with attributes, written to a temporary name then renamed.
#include <filesystem>

#include "io/atomic_file.hpp"
#include "core/datetime.hpp"
#include "io/gdal.hpp"
#include "watchmap/error.hpp"
#include "watchmap/io.hpp"

namespace watchmap {

namespace {

struct Format {
  std::string driver;
  std::vector<std::string> sidecars;
};

Format format_for(const std::string& path, const std::string& driver) {
  const std::string ext = detail::extension_of(path);
  Format f;
  f.driver = driver;
  if (f.driver.empty()) {
    if (ext == ".gpkg") f.driver = "GPKG";
    else if (ext == ".geojson" || ext == ".json") f.driver = "GeoJSON";
    else if (ext == ".shp") f.driver = "ESRI Shapefile";
    else if (ext == ".fgb") f.driver = "FlatGeobuf";
    else if (ext == ".csv") f.driver = "CSV";
    else throw InvalidInput("cannot tell the format of " + path + " from its extension; pass driver=");
  }
  if (f.driver == "ESRI Shapefile") f.sidecars = {".shx", ".dbf", ".prj", ".cpg"};
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

// Everything a writer does around the geometry: create the file (or copy for append), the layer
// and its fields; then write features inside one transaction and rename at the end.
class LayerWriter {
 public:
  LayerWriter(const std::string& path, const VectorWriteOptions& options, const Crs& crs, OGRwkbGeometryType type,
              const Table& table, std::vector<Column> extra_columns)
      : path_(path), format_(format_for(path, options.driver)), out_(path, format_.sidecars) {
    detail::ensure_gdal_registered();
    detail::CplErrorCapture errors;
    const std::string layer_name = options.layer.empty() ? std::filesystem::path(path).stem().string() : options.layer;
    if (options.append && std::filesystem::exists(path)) {
      if (format_.driver != "GPKG") throw InvalidInput("cannot add a layer to " + path + ": only GeoPackage holds several");
      std::filesystem::copy_file(path, out_.temp_path());
      ds_.reset(GDALDataset::Open(out_.temp_path().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
      if (ds_) {
        for (int i = 0; i < ds_->GetLayerCount(); ++i) {
          if (layer_name == ds_->GetLayer(i)->GetName()) ds_->DeleteLayer(i);
        }
      }
    } else {
      GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(format_.driver.c_str());
      if (driver == nullptr) throw IoError("cannot write " + path + ": GDAL has no driver '" + format_.driver + "'");
      ds_.reset(driver->Create(out_.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    }
    if (!ds_) throw IoError("cannot create " + path + errors.suffix());

    std::unique_ptr<OGRSpatialReference> srs;
    if (!crs.empty()) srs = std::make_unique<OGRSpatialReference>(detail::srs_from_wkt(crs.wkt()));
    CPLStringList layer_options;
    if (format_.driver == "CSV") layer_options.SetNameValue("GEOMETRY", type == wkbPoint ? "AS_XY" : "AS_WKT");
    if (format_.driver == "ESRI Shapefile") layer_options.SetNameValue("ENCODING", "UTF-8");
    if (format_.driver == "FlatGeobuf") layer_options.SetNameValue("SPATIAL_INDEX", "NO");  // keeps feature order
    layer_ = ds_->CreateLayer(layer_name.c_str(), srs.get(), type, layer_options.List());
    if (layer_ == nullptr) throw IoError("cannot create layer '" + layer_name + "' in " + path + errors.suffix());

    columns_.reserve(table.num_columns() + extra_columns.size());
    for (const Column& c : table.columns()) columns_.push_back(&c);
    extra_ = std::move(extra_columns);
    for (const Column& c : extra_) columns_.push_back(&c);
    for (const Column* c : columns_) {
      OGRFieldSubType subtype;
      OGRFieldDefn defn(c->name.c_str(), ogr_type(c->type, subtype));
      defn.SetSubType(subtype);
      if (layer_->CreateField(&defn) != OGRERR_NONE) {
        throw IoError("cannot create field '" + c->name + "' in " + path + errors.suffix());
      }
    }
    // Field names may be altered by the driver (shapefiles cut them to 10 characters); index by position.
    in_transaction_ = ds_->StartTransaction() == OGRERR_NONE;
  }

  /// Writes one feature with attributes of row `row`; takes ownership of `geometry` (may be null).
  void write(size_t row, OGRGeometry* geometry) {
    OGRFeature feature(layer_->GetLayerDefn());
    feature.SetGeometryDirectly(geometry);
    for (size_t k = 0; k < columns_.size(); ++k) set_field(feature, static_cast<int>(k), *columns_[k], row);
    detail::CplErrorCapture errors;
    if (layer_->CreateFeature(&feature) != OGRERR_NONE) {
      throw IoError("cannot write feature " + std::to_string(row) + " to " + path_ + errors.suffix());
    }
  }

  void commit() {
    detail::CplErrorCapture errors;
    if (in_transaction_ && ds_->CommitTransaction() != OGRERR_NONE) throw IoError("cannot write " + path_ + errors.suffix());
    ds_.reset();  // closes and flushes
    if (!errors.last_error().empty()) throw IoError("cannot write " + path_ + errors.suffix());
    out_.commit();
  }

 private:
  std::string path_;
  Format format_;
  detail::AtomicOutput out_;
  detail::DatasetPtr ds_;
  OGRLayer* layer_ = nullptr;
  std::vector<const Column*> columns_;
  std::vector<Column> extra_;
  bool in_transaction_ = false;
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

void write_points(const PointSet& points, const std::string& path, const VectorWriteOptions& options) {
  std::vector<Column> extra;
  if (points.has_weight() && points.attributes().find("weight") == nullptr) {
    Column c{"weight", ColumnType::Real, {}, points.weight(), {}, {}};
    extra.push_back(std::move(c));
  }
  if (points.has_time() && points.attributes().find("time") == nullptr) {
    Column c{"time", ColumnType::DateTime, points.time(), {}, {}, {}};
    extra.push_back(std::move(c));
  }
  LayerWriter writer(path, options, points.crs(), wkbPoint, points.attributes(), std::move(extra));
  for (size_t i = 0; i < points.size(); ++i) writer.write(i, new OGRPoint(points.x()[i], points.y()[i]));
  writer.commit();
}

void write_polygons(const PolygonSet& polygons, const std::string& path, const VectorWriteOptions& options) {
  bool multi = false;
  for (size_t f = 0; f < polygons.size(); ++f) {
    multi = multi || polygons.feature_offsets()[f + 1] - polygons.feature_offsets()[f] > 1;
  }
  LayerWriter writer(path, options, polygons.crs(), multi ? wkbMultiPolygon : wkbPolygon, polygons.attributes(), {});
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

}  // namespace watchmap
