#include "io/ogr_read.hpp"

#include <cmath>
#include <filesystem>
#include <regex>

#include "io/atomic_file.hpp"
#include "core/datetime.hpp"
#include "watchmap/error.hpp"

namespace watchmap::detail {

namespace {

std::string layer_names(GDALDataset* ds) {
  std::string names;
  for (int i = 0; i < ds->GetLayerCount(); ++i) names += (i ? ", " : "") + std::string(ds->GetLayer(i)->GetName());
  return names.empty() ? "none" : names;
}

ColumnType column_type_of(const OGRFieldDefn* field) {
  switch (field->GetType()) {
    case OFTInteger:
      return field->GetSubType() == OFSTBoolean ? ColumnType::Boolean : ColumnType::Integer;
    case OFTInteger64: return ColumnType::Integer;
    case OFTReal: return ColumnType::Real;
    case OFTDate:
    case OFTDateTime: return ColumnType::DateTime;
    default: return ColumnType::String;
  }
}

}  // namespace

OpenLayer::~OpenLayer() {
  if (is_result_set && dataset && layer != nullptr) dataset->ReleaseResultSet(layer);
}

std::string with_connect_timeout(const std::string& path, int seconds) {
  if (path.rfind("PG:", 0) != 0 || path.find("connect_timeout") != std::string::npos) return path;
  return path + " connect_timeout=" + std::to_string(seconds);
}

std::string display_path(const std::string& path) {
  static const std::regex password(R"((password\s*=\s*)('[^']*'|\S+))", std::regex::icase);
  return std::regex_replace(path, password, "$1***");
}

OpenLayer open_layer(const std::string& path_raw, const std::string& layer_name, const std::string& sql) {
  ensure_gdal_registered();
  const std::string path = with_connect_timeout(path_raw);
  const std::string path_in = display_path(path_raw);
  require_exists(path, "cannot read vector data");
  OpenLayer out;
  out.is_csv = extension_of(path) == ".csv";
  // Type detection over the whole CSV, so a bad value on row 90,000 is reported, not guessed past.
  const char* csv_options[] = {"AUTODETECT_TYPE=YES", "AUTODETECT_SIZE_LIMIT=0", "EMPTY_STRING_AS_NULL=YES",
                               "KEEP_GEOM_COLUMNS=NO", nullptr};
  std::error_code size_error;
  if (std::filesystem::is_regular_file(path) && std::filesystem::file_size(path, size_error) == 0 && !size_error) {
    throw InvalidInput(path + ": the file is empty (0 bytes)");
  }
  CplErrorCapture errors;
  out.dataset.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                      out.is_csv ? csv_options : nullptr, nullptr));
  if (!out.dataset) throw IoError("cannot open " + path_in + " as vector data" + errors.suffix());
  GDALDataset* ds = out.dataset.get();
  if (!sql.empty()) {
    out.layer = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (out.layer == nullptr) {
      throw InvalidInput(path_in + ": the query failed" + errors.suffix() + " (query: " + sql.substr(0, 200) + ")");
    }
    out.is_result_set = true;
    out.where = path_in + ", query";
    return out;
  }
  if (!layer_name.empty()) {
    out.layer = ds->GetLayerByName(layer_name.c_str());
    if (out.layer == nullptr) {
      throw InvalidInput(path_in + ": no layer '" + layer_name + "' (layers: " + layer_names(ds) + ")");
    }
  } else if (ds->GetLayerCount() == 1) {
    out.layer = ds->GetLayer(0);
  } else if (ds->GetLayerCount() == 0) {
    throw InvalidInput(path + ": has no vector layers");
  } else {
    throw InvalidInput(path + ": has " + std::to_string(ds->GetLayerCount()) +
                       " layers; name one with layer= (layers: " + layer_names(ds) + ")");
  }
  out.where = path_in + ", layer '" + out.layer->GetName() + "'";
  return out;
}

TableReader::TableReader(OGRFeatureDefn* defn, const std::vector<std::string>& text_fields) {
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const OGRFieldDefn* field = defn->GetFieldDefn(i);
    Column c;
    c.name = field->GetNameRef();
    c.type = column_type_of(field);
    for (const std::string& name : text_fields) {
      if (name == c.name) c.type = ColumnType::String;
    }
    columns_.push_back(std::move(c));
    source_fields_.push_back(i);
  }
}

void TableReader::add_row(const OGRFeature& feature) {
  for (size_t k = 0; k < columns_.size(); ++k) {
    Column& c = columns_[k];
    const int i = source_fields_[k];
    bool null = !feature.IsFieldSetAndNotNull(i);
    int64_t seconds = 0;
    if (c.type == ColumnType::DateTime && !null) null = !field_as_epoch_seconds(feature, i, seconds);
    if (null && c.is_null.empty()) c.is_null.assign(c.size(), 0);
    if (!c.is_null.empty()) c.is_null.push_back(null ? 1 : 0);
    switch (c.type) {
      case ColumnType::Integer:
      case ColumnType::Boolean: c.ints.push_back(null ? 0 : feature.GetFieldAsInteger64(i)); break;
      case ColumnType::Real: c.reals.push_back(null ? std::nan("") : feature.GetFieldAsDouble(i)); break;
      case ColumnType::DateTime: c.ints.push_back(seconds); break;
      case ColumnType::String: c.strings.emplace_back(null ? "" : feature.GetFieldAsString(i)); break;
    }
  }
}

Table TableReader::finish() {
  Table table;
  for (Column& c : columns_) table.add(std::move(c));
  columns_.clear();
  return table;
}

bool field_as_epoch_seconds(const OGRFeature& feature, int field, int64_t& out) {
  if (!feature.IsFieldSetAndNotNull(field)) return false;
  const OGRFieldType type = feature.GetFieldDefnRef(field)->GetType();
  if (type == OFTDate || type == OFTDateTime) {
    int y = 0, m = 0, d = 0, hh = 0, mm = 0, tz = 0;
    float ss = 0.0f;
    if (!const_cast<OGRFeature&>(feature).GetFieldAsDateTime(field, &y, &m, &d, &hh, &mm, &ss, &tz)) return false;
    CivilTime t{y, m, d, hh, mm, std::floor(static_cast<double>(ss)), tz > 1 ? (tz - 100) * 15 : 0};
    out = to_epoch_seconds(t);
    return true;
  }
  if (auto parsed = parse_datetime(feature.GetFieldAsString(field))) {
    out = *parsed;
    return true;
  }
  return false;
}

double feature_count_hint(OGRLayer* layer) {
  if (!layer->TestCapability(OLCFastFeatureCount)) return 0.0;
  const GIntBig n = layer->GetFeatureCount(FALSE);
  return n > 0 ? static_cast<double>(n) : 0.0;
}

std::string row_label(size_t row, bool is_csv) {
  std::string label = "row " + std::to_string(row);
  if (is_csv) label += " (line " + std::to_string(row + 2) + ")";
  return label;
}

}  // namespace watchmap::detail
