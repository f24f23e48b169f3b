#pragma once
// Shared steps of the vector readers: open a source, pick its layer, read attribute columns.
#include <string>

#include "io/gdal.hpp"
#include "watchmap/crs.hpp"
#include "watchmap/table.hpp"

namespace watchmap::detail {

/// An open OGR source and the chosen layer, with a description "<path>, layer '<name>'" for
/// messages. CSV sources are opened with type detection over the whole file.
struct OpenLayer {
  DatasetPtr dataset;
  OGRLayer* layer = nullptr;
  std::string where;  ///< "<path>, layer '<name>'"
  bool is_csv = false;
  bool is_result_set = false;  ///< `layer` came from ExecuteSQL and is released before closing
  OpenLayer() = default;
  OpenLayer(OpenLayer&&) = default;
  ~OpenLayer();
};

/// Opens `path` and selects `layer_name` ("" = the only layer), or runs `sql` (a query in the
/// source's own SQL, e.g. PostGIS) and reads its result. Throws IoError when the file is missing
/// or unreadable (a PostgreSQL server that does not answer within 10 s included) and
/// InvalidInput when the layer is unknown or ambiguous (listing layers) or the query fails.
OpenLayer open_layer(const std::string& path, const std::string& layer_name, const std::string& sql = "");

/// `path` for messages: a connection string's password replaced by ***.
std::string display_path(const std::string& path);

/// `path` with libpq's connect_timeout added to a "PG:" connection string that has none, so a
/// server that does not answer is an error after `seconds`, not a hang.
std::string with_connect_timeout(const std::string& path, int seconds = 10);


/// Accumulates attribute columns feature by feature, in the layer's field order.
class TableReader {
 public:
  /// `text_fields` are read as text whatever their type.
  explicit TableReader(OGRFeatureDefn* defn, const std::vector<std::string>& text_fields = {});
  /// Appends the fields of `feature` (one row).
  void add_row(const OGRFeature& feature);
  Table finish();

 private:
  std::vector<Column> columns_;
  std::vector<int> source_fields_;
};

/// Epoch seconds of a Date/DateTime field, or of a text field holding an ISO date.
/// Returns false when the value is null or not a date.
bool field_as_epoch_seconds(const OGRFeature& feature, int field, int64_t& out);

/// The layer's feature count when the driver knows it cheaply (GeoPackage, shapefile, PostGIS
/// estimate), else 0 (progress then shows no fraction).
double feature_count_hint(OGRLayer* layer);

/// "row N" plus, for CSV, "(line L)" counting the header as line 1.
std::string row_label(size_t row, bool is_csv);

}  // namespace watchmap::detail
