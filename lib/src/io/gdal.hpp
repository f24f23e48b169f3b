#pragma once
// Private GDAL helpers: one-time driver registration, scoped error capture, RAII handles.
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

#include "watchmap/crs.hpp"

namespace watchmap::detail {

/// Registers GDAL/OGR drivers once per process (thread-safe).
void ensure_gdal_registered();

/// Collects CPL errors raised on this thread while alive, instead of printing them.
/// GDAL keeps the handler stack per thread, so captures on different threads do not interfere.
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

 private:
  static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum num, const char* msg);
  std::string last_error_;
};

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

/// The Crs of a GDAL spatial reference (a layer's or a raster's); empty for nullptr.
Crs crs_from_srs(const OGRSpatialReference* srs);

/// An OGRSpatialReference parsed from WKT with GIS axis order (x = lon/easting).
OGRSpatialReference srs_from_wkt(const std::string& wkt);

}  // namespace watchmap::detail
