// Isochrone bands of a travel-time raster, as polygons (cells classed by band, then polygonized).
#include <cmath>

#include "core/text.hpp"
#include "watchmap/polygonize.hpp"
#include "watchmap/travel_time.hpp"

namespace watchmap {

PolygonSet isochrones(const TravelTime& travel_time, const std::vector<double>& minutes) {
  if (minutes.empty()) throw InvalidInput("isochrones: give at least one band limit in minutes");
  for (size_t i = 0; i < minutes.size(); ++i) {
    if (!(minutes[i] > 0.0) || !std::isfinite(minutes[i])) {
      throw InvalidInput("isochrones: band limits must be positive and finite minutes (got " + detail::fmt(minutes[i]) +
                         ")");
    }
    if (i > 0 && !(minutes[i] > minutes[i - 1])) {
      throw InvalidInput("isochrones: band limits must increase (" + detail::fmt(minutes[i - 1]) + " then " +
                         detail::fmt(minutes[i]) + ")");
    }
  }
  const Raster& t = travel_time.minutes;
  std::vector<int32_t> band(t.values.size(), -1);
  for (size_t c = 0; c < t.values.size(); ++c) {
    const double v = t.values[c];
    if (t.is_nodata(v)) continue;
    // the first band whose upper limit holds v (limits are inclusive)
    size_t b = 0;
    while (b < minutes.size() && v > minutes[b]) ++b;
    if (b < minutes.size()) band[c] = static_cast<int32_t>(b);
  }
  PolygonSet out = polygonize(t.grid, band, static_cast<int32_t>(minutes.size()));
  const std::vector<double> areas = out.areas();
  Table table;
  Column upper{"minutes", ColumnType::Real, {}, minutes, {}, {}};
  Column lower{"from_minutes", ColumnType::Real, {}, std::vector<double>(minutes.size(), 0.0), {}, {}};
  for (size_t i = 1; i < minutes.size(); ++i) lower.reals[i] = minutes[i - 1];
  Column km2{"area_km2", ColumnType::Real, {}, std::vector<double>(minutes.size()), {}, {}};
  for (size_t i = 0; i < minutes.size(); ++i) km2.reals[i] = areas[i] / 1e6;
  table.add(std::move(lower));
  table.add(std::move(upper));
  table.add(std::move(km2));
  out.set_attributes(std::move(table));
  return out;
}

}  // namespace watchmap
