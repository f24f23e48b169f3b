// Roads (lines) burnt into a grid as a per-cell speed raster.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/in_crs.hpp"
#include "core/text.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/travel_time.hpp"

namespace watchmap {

Raster road_speed_raster(const LineSet& roads, const Grid& grid, const std::vector<double>& speed_kmh) {
  grid.validate();
  if (speed_kmh.size() != roads.size()) {
    throw InvalidInput("road speeds: " + std::to_string(speed_kmh.size()) + " speeds for " + std::to_string(roads.size()) +
                       " roads");
  }
  for (size_t f = 0; f < speed_kmh.size(); ++f) {
    if (!(speed_kmh[f] >= 0.0) || !std::isfinite(speed_kmh[f])) {
      throw InvalidInput("road speeds: road " + std::to_string(f) + " has speed " + detail::fmt(speed_kmh[f]) +
                         " km/h; use km/h >= 0 (0 = walked)");
    }
  }
  const Crs frame = analysis_crs({layer_ref(grid, "DEM"), layer_ref(roads, "roads")}, Measure::Topology);
  const detail::InCrs<LineSet> lines(roads, frame);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Raster out(grid, nan, nan);
  const double ymax = grid.ymax();
  auto burn = [&](double fc, double fr, double speed) {
    const auto c = static_cast<int64_t>(std::floor(fc)), r = static_cast<int64_t>(std::floor(fr));
    if (c < 0 || r < 0 || c >= grid.ncols || r >= grid.nrows) return;
    double& cell = out.at(r, c);
    if (std::isnan(cell) || speed > cell) cell = speed;
  };
  const LineSet& l = lines.get();
  for (size_t f = 0; f < l.size(); ++f) {
    for (int64_t p = l.feature_offsets()[f]; p < l.feature_offsets()[f + 1]; ++p) {
      for (int64_t i = l.part_offsets()[p]; i + 1 < l.part_offsets()[p + 1]; ++i) {
        // Fractional column/row of both ends; sample every quarter cell along the segment.
        const double c0 = (l.x()[i] - grid.xmin) / grid.cell_width, r0 = (ymax - l.y()[i]) / grid.cell_height;
        const double c1 = (l.x()[i + 1] - grid.xmin) / grid.cell_width, r1 = (ymax - l.y()[i + 1]) / grid.cell_height;
        const double steps = std::ceil(4.0 * std::max(std::abs(c1 - c0), std::abs(r1 - r0)));
        const auto n = static_cast<int64_t>(std::min(steps, 1e9));
        for (int64_t s = 0; s <= n; ++s) {
          const double t = n > 0 ? static_cast<double>(s) / static_cast<double>(n) : 0.0;
          burn(c0 + (c1 - c0) * t, r0 + (r1 - r0) * t, speed_kmh[f]);
        }
      }
    }
  }
  return out;
}

}  // namespace watchmap
