#include "io/gdal.hpp"

#include <mutex>

#include "watchmap/error.hpp"

namespace watchmap::detail {

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

CplErrorCapture::CplErrorCapture() { CPLPushErrorHandlerEx(&CplErrorCapture::handler, this); }

CplErrorCapture::~CplErrorCapture() { CPLPopErrorHandler(); }

void CPL_STDCALL CplErrorCapture::handler(CPLErr cls, CPLErrorNum, const char* msg) {
  auto* self = static_cast<CplErrorCapture*>(CPLGetErrorHandlerUserData());
  if (self != nullptr && cls >= CE_Failure && msg != nullptr) self->last_error_ = msg;
}

Crs crs_from_srs(const OGRSpatialReference* srs) {
  if (srs == nullptr) return Crs{};
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  srs->exportToWkt(&wkt, options);
  std::string text = wkt != nullptr ? wkt : "";
  CPLFree(wkt);
  return Crs::from_user_input(text);
}

OGRSpatialReference srs_from_wkt(const std::string& wkt) {
  OGRSpatialReference srs;
  if (srs.importFromWkt(wkt.c_str()) != OGRERR_NONE) throw CrsError("invalid WKT CRS: " + wkt.substr(0, 120));
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

}  // namespace watchmap::detail
