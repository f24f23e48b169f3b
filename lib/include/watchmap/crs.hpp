#pragma once
/// @file crs.hpp  Coordinate reference systems (backed by GDAL's OSR, which is kept private).
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace watchmap {

struct Box;
namespace detail {
struct CrsAccess;
}

/// A coordinate reference system, kept as WKT2. An empty Crs means "no CRS": a local metric frame
/// that every layer without a CRS is taken to share (mixing it with a real CRS is an error).
class Crs {
 public:
  /// The empty CRS (a local metric frame).
  Crs() = default;

  /// Parses "EPSG:32648", an EPSG number as text, WKT, a PROJ string, or "local"/"" (empty).
  /// Throws CrsError naming the text when GDAL cannot parse it.
  static Crs from_user_input(std::string_view text);
  /// EPSG code, e.g. 32648 for WGS 84 / UTM zone 48N. Throws CrsError when unknown.
  static Crs from_epsg(int code);

  bool empty() const { return wkt_.empty(); }
  /// WKT2 text ("" when empty).
  const std::string& wkt() const { return wkt_; }
  /// Human-readable name, e.g. "WGS 84 / UTM zone 48N" ("local" when empty).
  const std::string& name() const { return name_; }
  /// EPSG code when the CRS is identified as one.
  std::optional<int> epsg() const { return epsg_; }
  /// "EPSG:32648" when identified, else the name.
  std::string to_string() const;
  /// PROJ string (for display and tools that want one); "" when empty.
  std::string to_proj4() const;
  bool is_geographic() const { return geographic_; }
  bool is_projected() const { return projected_; }
  /// Metres per linear unit of a projected CRS (1 for metres, 0.3048 for feet); 1 when empty,
  /// 0 for geographic CRSs.
  double metres_per_unit() const { return metres_per_unit_; }
  /// True when this is a projected CRS in metres, or the empty local frame.
  bool is_metric() const { return empty() || (projected_ && metres_per_unit_ == 1.0); }

  /// Same CRS (as GDAL's OSRIsSame with axis order ignored). Two empty CRSs are equal.
  bool operator==(const Crs& other) const;

 private:
  friend struct detail::CrsAccess;
  std::string wkt_;
  std::string name_ = "local";
  std::optional<int> epsg_;
  bool geographic_ = false;
  bool projected_ = false;
  double metres_per_unit_ = 1.0;
};

/// The WGS 84 / UTM CRS for the zone containing (lon, lat), degrees: EPSG:326zz north of the
/// equator, 327zz south. Throws InvalidInput when lon/lat are out of range.
Crs utm_crs_for(double lon_deg, double lat_deg);

/// WGS 84 longitude/latitude (EPSG:4326) with x = longitude, y = latitude.
Crs wgs84();

/// The CRS that analysis should run in for data in `crs` covering `bounds`: `crs` itself when it
/// is metric (or empty), otherwise the UTM zone of the centre of `bounds`.
Crs metric_crs_for(const Crs& crs, const Box& bounds);

/// Transforms coordinates between two CRSs with x = easting/longitude, y = northing/latitude
/// (GIS axis order, whatever the CRS's official axis order is). Not thread-safe: one per thread.
class Transformer {
 public:
  /// Throws CrsError when either CRS is empty or no transformation exists.
  Transformer(const Crs& from, const Crs& to);
  ~Transformer();
  Transformer(Transformer&&) noexcept;
  Transformer& operator=(Transformer&&) noexcept;

  /// Transforms in place. Throws CrsError naming the first index that failed (e.g. latitude > 90).
  void transform(std::span<double> x, std::span<double> y) const;
  /// Transforms one point.
  void transform(double& x, double& y) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace watchmap
