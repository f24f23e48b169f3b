// Vector readers: points (geometry or x/y columns) and polygons, with attributes.
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "io/atomic_file.hpp"
#include "io/decimal.hpp"
#include "io/ogr_read.hpp"
#include "core/progress_ticker.hpp"
#include "core/text.hpp"
#include "watchmap/error.hpp"
#include "watchmap/io.hpp"
#include "watchmap/polygon_ops.hpp"

namespace watchmap {

using detail::parse_decimal;
using detail::row_label;

namespace {

int field_index(OGRLayer* layer, const std::string& name, const std::string& where, const char* role) {
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int i = defn->GetFieldIndex(name.c_str());
  if (i >= 0) return i;
  std::string names;
  for (int k = 0; k < defn->GetFieldCount(); ++k) names += (k ? ", " : "") + std::string(defn->GetFieldDefn(k)->GetNameRef());
  throw InvalidInput(where + ": no field '" + name + "' for " + role + " (fields: " + (names.empty() ? "none" : names) +
                     ")");
}

// A coordinate or weight from a field: numbers as they are, text parsed strictly.
double numeric_field(const OGRFeature& f, int field, const std::string& where, const std::string& name, size_t row,
                     bool is_csv) {
  if (!f.IsFieldSetAndNotNull(field)) {
    throw InvalidInput(where + ": " + row_label(row, is_csv) + ": field '" + name + "' is empty");
  }
  double v = 0.0;
  const OGRFieldType type = f.GetFieldDefnRef(field)->GetType();
  if (type == OFTReal || type == OFTInteger || type == OFTInteger64) {
    v = f.GetFieldAsDouble(field);
  } else {
    const char* text = f.GetFieldAsString(field);
    if (!parse_decimal(text, v)) {
      std::string word(text);
      for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const bool not_finite = word == "nan" || word == "inf" || word == "-inf" || word == "infinity";
      throw InvalidInput(where + ": " + row_label(row, is_csv) + ": field '" + name + "' value '" + text + "' is " +
                         (not_finite ? (word == "nan" ? "NaN" : "infinite") : "not a decimal number"));
    }
  }
  if (!std::isfinite(v)) {
    throw InvalidInput(where + ": " + row_label(row, is_csv) + ": field '" + name + "' is " +
                       (std::isnan(v) ? "NaN" : "infinite"));
  }
  return v;
}

// Applies the CRS rules of DESIGN §4 to freshly read coordinates.
Crs resolve_crs(const Crs& file_crs, const std::optional<Crs>& requested, const Box& bounds,
                const std::string& where, const WarningHandler& warn) {
  Crs crs = file_crs;
  if (requested) {
    if (!file_crs.empty() && !(file_crs == *requested) && warn) {
      warn(where + ": the file says its CRS is " + file_crs.to_string() + "; using " + requested->to_string() +
           " as requested");
    }
    crs = *requested;
  }
  if (crs.empty() && !requested && !bounds.empty() && bounds.xmin >= -180.0 && bounds.xmax <= 180.0 &&
      bounds.ymin >= -90.0 && bounds.ymax <= 90.0) {
    throw CrsError(where + ": has no CRS and its coordinates look like longitude/latitude degrees; pass "
                           "crs='EPSG:4326' if they are (or crs='local' for a small local metric frame)");
  }
  return crs;
}

// A wrong geometry type means a wrong layer, not a dirty row: never skipped.
struct NotPoints : InvalidInput {
  using InvalidInput::InvalidInput;
};

// Appends the coordinates of one feature (one point, or one per part of a multipoint).
void read_coordinates(const OGRFeature& feature, bool from_fields, int xf, int yf, const PointReadOptions& options,
                      const detail::OpenLayer& src, size_t row, std::vector<double>& x, std::vector<double>& y) {
  if (from_fields) {
    x.push_back(numeric_field(feature, xf, src.where, options.x_field, row, src.is_csv));
    y.push_back(numeric_field(feature, yf, src.where, options.y_field, row, src.is_csv));
    return;
  }
  const OGRGeometry* g = feature.GetGeometryRef();
  if (g == nullptr || g->IsEmpty()) throw InvalidInput(src.where + ": " + row_label(row, src.is_csv) + " has no geometry");
  const auto type = wkbFlatten(g->getGeometryType());
  const size_t before = x.size();
  if (type == wkbPoint) {
    x.push_back(g->toPoint()->getX());
    y.push_back(g->toPoint()->getY());
  } else if (type == wkbMultiPoint) {
    for (const OGRPoint* p : *g->toMultiPoint()) {
      x.push_back(p->getX());
      y.push_back(p->getY());
    }
  } else {
    throw NotPoints(src.where + ": " + row_label(row, src.is_csv) + " is a " + g->getGeometryName() +
                    "; read_points needs points");
  }
  for (size_t i = before; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
      throw InvalidInput(src.where + ": " + row_label(row, src.is_csv) + " has a NaN or infinite coordinate");
    }
  }
}

}  // namespace

std::vector<std::string> list_layers(const std::string& path) {
  detail::ensure_gdal_registered();
  detail::require_exists(path, "cannot list layers");
  detail::CplErrorCapture errors;
  detail::DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) throw IoError("cannot open " + path + " as vector data" + errors.suffix());
  std::vector<std::string> names;
  for (int i = 0; i < ds->GetLayerCount(); ++i) names.emplace_back(ds->GetLayer(i)->GetName());
  return names;
}

PointSet read_points(const std::string& path, const PointReadOptions& options) {
  detail::ensure_gdal_registered();
  detail::CplErrorCapture gdal_messages;  // GDAL's warnings while reading become options.warn messages
  detail::OpenLayer src = detail::open_layer(path, options.layer, options.sql);
  OGRLayer* layer = src.layer;
  const bool from_fields = !options.x_field.empty() || !options.y_field.empty();
  if (from_fields && (options.x_field.empty() || options.y_field.empty())) {
    throw InvalidInput(src.where + ": give both x and y columns (got x='" + options.x_field + "', y='" +
                       options.y_field + "')");
  }
  if (!from_fields && layer->GetGeomType() == wkbNone) {
    throw InvalidInput(src.where + ": has no geometry; name the coordinate columns with x= and y=");
  }
  const int xf = from_fields ? field_index(layer, options.x_field, src.where, "x") : -1;
  const int yf = from_fields ? field_index(layer, options.y_field, src.where, "y") : -1;
  const int tf = options.time_field.empty() ? -1 : field_index(layer, options.time_field, src.where, "time");
  const int wf = options.weight_field.empty() ? -1 : field_index(layer, options.weight_field, src.where, "weight");

  const Crs file_crs = from_fields ? Crs{} : detail::crs_from_srs(layer->GetSpatialRef());
  const Crs& stated_crs = options.crs ? *options.crs : file_crs;
  const bool geographic = stated_crs.is_geographic();
  const std::string crs_name = stated_crs.to_string();

  std::vector<double> x, y, weight;
  std::vector<int64_t> time;
  for (const std::string& name : options.text_fields) (void)field_index(layer, name, src.where, "time");
  detail::TableReader table(layer->GetLayerDefn(), options.text_fields);
  std::vector<std::string> skipped;
  detail::ProgressTicker ticker(options.progress, detail::feature_count_hint(layer));
  layer->ResetReading();
  size_t row = 0;
  for (auto& feature : *layer) {
    if (!ticker.tick()) break;
    const size_t before = x.size();
    try {
      read_coordinates(*feature, from_fields, xf, yf, options, src, row, x, y);
      for (size_t i = before; i < x.size() && geographic; ++i) {
        // With lon/lat, latitude beyond the poles is almost always swapped columns.
        if (std::abs(y[i]) > 90.0 || std::abs(x[i]) > 360.0) {
          throw InvalidInput(src.where + ": " + row_label(row, src.is_csv) + ": latitude " + detail::fmt(y[i]) +
                             " / longitude " + detail::fmt(x[i]) + " is out of range for " + crs_name +
                             " (are the x and y columns swapped?)");
        }
      }
    } catch (const NotPoints&) {
      throw;
    } catch (const InvalidInput& e) {
      if (!options.skip_invalid) throw;
      x.resize(before);
      y.resize(before);
      skipped.push_back(e.what());
      ++row;
      continue;
    }
    for (size_t i = before; i < x.size(); ++i) {
      table.add_row(*feature);
      if (wf >= 0) weight.push_back(numeric_field(*feature, wf, src.where, options.weight_field, row, src.is_csv));
      if (tf >= 0) {
        int64_t t = 0;
        if (!detail::field_as_epoch_seconds(*feature, tf, t)) {
          throw InvalidInput(src.where + ": " + row_label(row, src.is_csv) + ": field '" + options.time_field +
                             "' value '" + feature->GetFieldAsString(tf) + "' is not a date (expected YYYY-MM-DD)");
        }
        time.push_back(t);
      }
    }
    ++row;
  }
  ticker.finish(("reading " + src.where).c_str());
  gdal_messages.forward_warnings(options.warn, src.where);
  if (!skipped.empty() && options.warn) {
    options.warn(src.where + ": skipped " + std::to_string(skipped.size()) + " of " + std::to_string(row) +
                 " rows with unusable coordinates; first: " + skipped.front());
  }
  if (x.empty()) throw InvalidInput(src.where + ": has no features (empty layer)");

  Box bounds;
  for (size_t i = 0; i < x.size(); ++i) bounds.extend(x[i], y[i]);
  const Crs crs = resolve_crs(file_crs, options.crs, bounds, src.where, options.warn);

  PointSet points(std::move(x), std::move(y), crs);
  points.set_attributes(table.finish());
  if (wf >= 0) points.set_weight(std::move(weight));
  if (tf >= 0) {
    points.set_time(std::move(time));
    points.set_time_column(options.time_field);
  }
  return points;
}

namespace {

// One pass over a layer's features for read_polygons and read_lines: `add(geometry, row)` adds
// one feature's (linearised) geometry to `builder` and throws for a wrong type; attributes go to
// `table`; a feature without geometry stays as an empty one (an error when `strict`).
template <typename Builder, typename Add>
void read_features(const detail::OpenLayer& src, Builder& builder, detail::TableReader& table,
                   const ProgressCallback& progress, bool strict, const WarningHandler& warn,
                   detail::CplErrorCapture& gdal_messages, Add&& add) {
  OGRLayer* layer = src.layer;
  detail::ProgressTicker ticker(progress, detail::feature_count_hint(layer));
  layer->ResetReading();
  size_t row = 0;
  for (auto& feature : *layer) {
    if (!ticker.tick()) break;
    OGRGeometry* g = feature->GetGeometryRef();
    if (g == nullptr || g->IsEmpty()) {
      if (strict) throw GeometryError(src.where + ": " + row_label(row, src.is_csv) + " has no geometry");
      if (warn) warn(src.where + ": " + row_label(row, src.is_csv) + " has no geometry; kept as empty");
    } else {
      std::unique_ptr<OGRGeometry> linear;
      if (g->hasCurveGeometry()) {
        linear.reset(g->getLinearGeometry());
        g = linear.get();
      }
      add(g, row);
    }
    builder.end_feature();
    table.add_row(*feature);
    ++row;
  }
  ticker.finish(("reading " + src.where).c_str());
  gdal_messages.forward_warnings(warn, src.where);
  if (row == 0) throw InvalidInput(src.where + ": has no features (empty layer)");
}

}  // namespace

PolygonSet read_polygons(const std::string& path, const PolygonReadOptions& options) {
  detail::ensure_gdal_registered();
  detail::CplErrorCapture gdal_messages;
  detail::OpenLayer src = detail::open_layer(path, options.layer, options.sql);
  OGRLayer* layer = src.layer;
  if (layer->GetGeomType() == wkbNone) throw InvalidInput(src.where + ": has no geometry column");
  PolygonSet::Builder builder;
  detail::TableReader table(layer->GetLayerDefn());
  read_features(src, builder, table, options.progress, options.strict, options.warn, gdal_messages,
                [&](const OGRGeometry* g, size_t row) {
                  const auto type = wkbFlatten(g->getGeometryType());
                  if (type == wkbPolygon) {
                    detail::add_ogr_polygon(builder, g->toPolygon());
                  } else if (type == wkbMultiPolygon) {
                    for (const OGRPolygon* p : *g->toMultiPolygon()) detail::add_ogr_polygon(builder, p);
                  } else {
                    throw InvalidInput(src.where + ": " + row_label(row, src.is_csv) + " is a " +
                                       g->getGeometryName() + "; read_polygons needs polygons or multipolygons");
                  }
                });
  PolygonSet polygons = builder.build();
  polygons.set_attributes(table.finish());
  const Crs crs = resolve_crs(detail::crs_from_srs(layer->GetSpatialRef()), options.crs, polygons.bounds(), src.where, options.warn);
  polygons.set_crs(crs);
  return make_valid(polygons, options.strict, options.warn, src.where);
}

LineSet read_lines(const std::string& path, const LineReadOptions& options) {
  detail::ensure_gdal_registered();
  detail::CplErrorCapture gdal_messages;
  detail::OpenLayer src = detail::open_layer(path, options.layer, "");
  OGRLayer* layer = src.layer;
  if (layer->GetGeomType() == wkbNone) throw InvalidInput(src.where + ": has no geometry column");
  LineSet::Builder builder;
  detail::TableReader table(layer->GetLayerDefn());
  std::vector<double> x, y;
  auto add = [&](const OGRLineString* line) {
    const int n = line->getNumPoints();
    if (n == 0) return;
    x.resize(static_cast<size_t>(n));
    y.resize(static_cast<size_t>(n));
    line->getPoints(x.data(), sizeof(double), y.data(), sizeof(double));
    builder.add_part(x, y);
  };
  read_features(src, builder, table, options.progress, /*strict=*/false, options.warn, gdal_messages,
                [&](const OGRGeometry* g, size_t row) {
                  const auto type = wkbFlatten(g->getGeometryType());
                  if (type == wkbLineString) {
                    add(g->toLineString());
                  } else if (type == wkbMultiLineString) {
                    for (const OGRLineString* part : *g->toMultiLineString()) add(part);
                  } else {
                    throw InvalidInput(src.where + ": " + row_label(row, src.is_csv) + " is a " +
                                       g->getGeometryName() + "; read_lines needs lines or multilines");
                  }
                });
  LineSet lines = builder.build();
  lines.set_attributes(table.finish());
  lines.set_crs(resolve_crs(detail::crs_from_srs(layer->GetSpatialRef()), options.crs, lines.bounds(), src.where,
                            options.warn));
  return lines;
}

}  // namespace watchmap
