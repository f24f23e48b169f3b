#include "io/gdal.hpp"

#include <mutex>

#include "watchmap/error.hpp"

namespace watchmap::detail {

namespace {

// GDAL messages raised on this thread while no CplErrorCapture was active (a dataset closed in
// a destructor, a PROJ lookup): kept (a few) for the next capture instead of going to stderr.
thread_local std::vector<std::string> orphan_messages;
// The innermost live capture on this thread: an inner capture hands the warnings it did not
// forward to it, so a nested helper (open_layer inside read_points) loses none.
thread_local CplErrorCapture* innermost = nullptr;

void CPL_STDCALL quiet_handler(CPLErr cls, CPLErrorNum, const char* msg) {
  if (cls == CE_Debug || msg == nullptr) return;
  if (orphan_messages.size() < 20) orphan_messages.emplace_back(msg);
}

}  // namespace

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] {
    CPLSetErrorHandler(&quiet_handler);  // the process default: never stderr
    GDALAllRegister();
  });
}

CplErrorCapture::CplErrorCapture() : parent_(innermost) {
  CPLPushErrorHandlerEx(&CplErrorCapture::handler, this);
  innermost = this;
  warnings_.swap(orphan_messages);
  orphan_messages.clear();
}

CplErrorCapture::~CplErrorCapture() {
  CPLPopErrorHandler();
  innermost = parent_;
  std::vector<std::string>& heir = parent_ != nullptr ? parent_->warnings_ : orphan_messages;
  for (std::string& w : warnings_) {
    if (heir.size() < 100) heir.push_back(std::move(w));
  }
}

void CPL_STDCALL CplErrorCapture::handler(CPLErr cls, CPLErrorNum, const char* msg) {
  auto* self = static_cast<CplErrorCapture*>(CPLGetErrorHandlerUserData());
  if (self == nullptr || msg == nullptr || cls == CE_Debug || cls == CE_None) return;
  if (cls >= CE_Failure) {
    self->last_error_ = msg;
    ++self->error_count_;
  } else if (self->warnings_.size() < 100) {
    self->warnings_.emplace_back(msg);
  }
}

void CplErrorCapture::forward_warnings(const WarningHandler& warn, const std::string& where) {
  if (warn) {
    for (const std::string& w : warnings_) warn(where + ": GDAL: " + w);
  }
  warnings_.clear();
}

ThreadConfigOption::ThreadConfigOption(const char* key, const std::string& value) : key_(key) {
  if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr)) old_ = old;
  CPLSetThreadLocalConfigOption(key, value.c_str());
}

ThreadConfigOption::~ThreadConfigOption() {
  CPLSetThreadLocalConfigOption(key_.c_str(), old_ ? old_->c_str() : nullptr);
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

bool is_lock_message(const std::string& message) {
  return message.find("database is locked") != std::string::npos ||
         message.find("SQLITE_BUSY") != std::string::npos || message.find("database table is locked") != std::string::npos;
}

void add_ogr_polygon(PolygonSet::Builder& builder, const OGRPolygon* poly) {
  std::vector<double> x, y;
  auto add = [&](const OGRLinearRing* ring) {
    if (ring == nullptr || ring->getNumPoints() == 0) return;
    const int n = ring->getNumPoints();
    x.resize(n);
    y.resize(n);
    ring->getPoints(x.data(), sizeof(double), y.data(), sizeof(double));
    builder.add_ring(x, y);
  };
  if (poly->IsEmpty()) return;
  add(poly->getExteriorRing());
  for (int h = 0; h < poly->getNumInteriorRings(); ++h) add(poly->getInteriorRing(h));
  builder.end_part();
}

}  // namespace watchmap::detail
