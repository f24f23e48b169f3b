#pragma once
// Private GDAL helpers: one-time driver registration, scoped error capture, RAII handles.
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "watchmap/crs.hpp"
#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"

namespace watchmap::detail {

/// Registers GDAL/OGR drivers once per process (thread-safe) and routes every GDAL message that
/// no CplErrorCapture is listening for away from stderr (into a per-thread buffer that the next
/// capture on that thread reports): GDAL never prints to a user's terminal or notebook log.
void ensure_gdal_registered();

/// Collects CPL messages raised on this thread while alive, instead of printing them: failures
/// (CE_Failure or worse) and warnings. GDAL keeps the handler stack per thread, so captures on
/// different threads do not interfere. Warnings not forwarded when it dies go to the enclosing
/// capture (or, with none, to the next capture made on this thread).
class CplErrorCapture {
 public:
  CplErrorCapture();
  ~CplErrorCapture();
  CplErrorCapture(const CplErrorCapture&) = delete;
  CplErrorCapture& operator=(const CplErrorCapture&) = delete;
  /// The last error (CE_Failure or worse) message, or "" when none.
  const std::string& last_error() const { return last_error_; }
  /// ": <last error>" when there is one, else "" (for appending to messages).
  std::string suffix() const { return last_error_.empty() ? std::string() : ": " + last_error_; }
  /// Number of errors seen so far (compare before/after a call to see whether it failed).
  size_t error_count() const { return error_count_; }
  /// Warnings seen so far (GDAL's "Warning 1: …" lines), oldest first.
  const std::vector<std::string>& warnings() const { return warnings_; }
  /// Hands each warning to `warn` as "<where>: GDAL: <message>" (dropped when `warn` is empty:
  /// never printed) and forgets them.
  void forward_warnings(const WarningHandler& warn, const std::string& where);
  /// Forgets the warnings (GDAL's complaints while undoing a write that already failed).
  void discard_warnings() { warnings_.clear(); }

 private:
  static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum num, const char* msg);
  CplErrorCapture* parent_;
  std::string last_error_;
  size_t error_count_ = 0;
  std::vector<std::string> warnings_;
};

/// Sets a GDAL configuration option for this thread only, restoring the old value on exit.
class ThreadConfigOption {
 public:
  ThreadConfigOption(const char* key, const std::string& value);
  ~ThreadConfigOption();
  ThreadConfigOption(const ThreadConfigOption&) = delete;
  ThreadConfigOption& operator=(const ThreadConfigOption&) = delete;

 private:
  std::string key_;
  std::optional<std::string> old_;
};

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

/// The Crs of a GDAL spatial reference (a layer's or a raster's); empty for nullptr.
Crs crs_from_srs(const OGRSpatialReference* srs);

/// An OGRSpatialReference parsed from WKT with GIS axis order (x = lon/easting).
OGRSpatialReference srs_from_wkt(const std::string& wkt);

/// True when a GDAL/SQLite message says a database lock stopped the call.
bool is_lock_message(const std::string& message);

/// Appends one OGR polygon (shell, then holes; empty rings skipped) as a part of the current
/// feature of `builder`. An empty polygon adds nothing.
void add_ogr_polygon(PolygonSet::Builder& builder, const OGRPolygon* poly);

}  // namespace watchmap::detail
