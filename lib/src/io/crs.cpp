#include "watchmap/crs.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "io/gdal.hpp"
#include "core/text.hpp"
#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"

namespace watchmap {

namespace {

std::string trim(std::string_view text) {
  size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  return std::string(text.substr(b, e - b));
}

}  // namespace

namespace detail {
// Reads the properties asked for often once, so Crs stays a cheap value type without OSR inside.
struct CrsAccess {
  static Crs make(OGRSpatialReference& srs);
};
}  // namespace detail

namespace {
Crs make_crs(OGRSpatialReference& srs) { return detail::CrsAccess::make(srs); }
}  // namespace

Crs Crs::from_user_input(std::string_view text) {
  const std::string input = trim(text);
  if (input.empty() || input == "local" || input == "LOCAL") return Crs{};
  detail::ensure_gdal_registered();
  detail::CplErrorCapture errors;
  OGRSpatialReference srs;
  const bool all_digits = input.size() < 10 && std::all_of(input.begin(), input.end(), [](char c) { return c >= '0' && c <= '9'; });
  OGRErr err = all_digits ? srs.importFromEPSG(std::stoi(input)) : srs.SetFromUserInput(input.c_str());
  if (err != OGRERR_NONE) {
    throw CrsError("unknown CRS '" + input.substr(0, 200) + "'" + errors.suffix() +
                   " (expected e.g. 'EPSG:32648', WKT or a PROJ string)");
  }
  return make_crs(srs);
}

Crs Crs::from_epsg(int code) {
  detail::ensure_gdal_registered();
  detail::CplErrorCapture errors;
  OGRSpatialReference srs;
  if (srs.importFromEPSG(code) != OGRERR_NONE) {
    throw CrsError("unknown EPSG code " + std::to_string(code) + errors.suffix());
  }
  return make_crs(srs);
}

Crs detail::CrsAccess::make(OGRSpatialReference& srs) {
  Crs crs;
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  if (srs.exportToWkt(&wkt, options) != OGRERR_NONE || wkt == nullptr) {
    CPLFree(wkt);
    throw CrsError("cannot express CRS as WKT");
  }
  crs.wkt_ = wkt;
  CPLFree(wkt);
  std::optional<int> epsg;
  const char* auth = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (auth != nullptr && code != nullptr && std::string(auth) == "EPSG") {
    epsg = std::atoi(code);
  } else if (srs.AutoIdentifyEPSG() == OGRERR_NONE && srs.GetAuthorityCode(nullptr) != nullptr &&
             srs.GetAuthorityName(nullptr) != nullptr && std::string(srs.GetAuthorityName(nullptr)) == "EPSG") {
    epsg = std::atoi(srs.GetAuthorityCode(nullptr));
  }
  const char* name = srs.GetName();
  crs.name_ = name != nullptr ? name : "unnamed";
  crs.epsg_ = epsg;
  crs.geographic_ = srs.IsGeographic() != 0;
  crs.projected_ = srs.IsProjected() != 0;
  crs.metres_per_unit_ = crs.geographic_ ? 0.0 : (crs.projected_ ? srs.GetLinearUnits(nullptr) : 1.0);
  return crs;
}

std::string Crs::to_string() const {
  if (empty()) return "local";
  if (epsg_) return "EPSG:" + std::to_string(*epsg_);
  return name_;
}

std::string Crs::to_proj4() const {
  if (empty()) return "";
  OGRSpatialReference srs = detail::srs_from_wkt(wkt_);
  char* text = nullptr;
  srs.exportToProj4(&text);
  std::string out = text != nullptr ? text : "";
  CPLFree(text);
  return out;
}

bool Crs::operator==(const Crs& other) const {
  if (empty() || other.empty()) return empty() && other.empty();
  if (wkt_ == other.wkt_) return true;
  if (epsg_ && other.epsg_) return *epsg_ == *other.epsg_;
  OGRSpatialReference a = detail::srs_from_wkt(wkt_);
  OGRSpatialReference b = detail::srs_from_wkt(other.wkt_);
  const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT", nullptr};
  return a.IsSame(&b, options) != 0;
}

Crs utm_crs_for(double lon, double lat) {
  if (!std::isfinite(lon) || !std::isfinite(lat) || lon < -180.0 || lon > 180.0 || lat < -90.0 || lat > 90.0) {
    throw InvalidInput("utm_crs_for: longitude " + detail::fmt(lon) + ", latitude " + detail::fmt(lat) +
                       " is not a valid position in degrees");
  }
  int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
  if (zone > 60) zone = 60;
  return Crs::from_epsg((lat >= 0.0 ? 32600 : 32700) + zone);
}

Crs wgs84() {
  static const Crs crs = Crs::from_epsg(4326);
  return crs;
}

Crs metric_crs_for(const Crs& crs, const Box& bounds) {
  if (crs.is_metric()) return crs;
  if (bounds.empty()) throw InvalidInput("cannot choose a metric CRS for an empty layer in " + crs.to_string());
  double cx = 0.5 * (bounds.xmin + bounds.xmax);
  double cy = 0.5 * (bounds.ymin + bounds.ymax);
  if (!crs.is_geographic()) Transformer(crs, wgs84()).transform(cx, cy);
  return utm_crs_for(cx, cy);
}

struct Transformer::Impl {
  std::unique_ptr<OGRCoordinateTransformation> ct;
  std::string description;
};

Transformer::Transformer(const Crs& from, const Crs& to) : impl_(std::make_unique<Impl>()) {
  if (from.empty() || to.empty()) {
    throw CrsError("cannot transform between '" + from.to_string() + "' and '" + to.to_string() +
                   "': a layer without a CRS (a local frame) cannot be placed in a real CRS");
  }
  detail::CplErrorCapture errors;
  OGRSpatialReference a = detail::srs_from_wkt(from.wkt());
  OGRSpatialReference b = detail::srs_from_wkt(to.wkt());
  impl_->ct.reset(OGRCreateCoordinateTransformation(&a, &b));
  impl_->description = from.to_string() + " -> " + to.to_string();
  if (!impl_->ct) throw CrsError("no transformation " + impl_->description + errors.suffix());
}

Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

void Transformer::transform(std::span<double> x, std::span<double> y) const {
  if (x.size() != y.size()) throw InvalidInput("transform: x and y differ in length");
  constexpr size_t kChunk = 1 << 16;
  std::vector<int> ok(std::min(x.size(), kChunk));
  detail::CplErrorCapture errors;
  for (size_t start = 0; start < x.size(); start += kChunk) {
    size_t n = std::min(kChunk, x.size() - start);
    impl_->ct->Transform(n, x.data() + start, y.data() + start, nullptr, ok.data());
    for (size_t i = 0; i < n; ++i) {
      if (ok[i] && std::isfinite(x[start + i]) && std::isfinite(y[start + i])) continue;
      throw CrsError("cannot transform point " + std::to_string(start + i) + " (" + impl_->description + ")" +
                     errors.suffix());
    }
  }
}

void Transformer::transform(double& x, double& y) const { transform(std::span<double>(&x, 1), std::span<double>(&y, 1)); }

}  // namespace watchmap
