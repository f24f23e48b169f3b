#pragma once
// The cells of a TravelGraph as the searches read them, and the edge-time functions.
//
// Arrays are padded by two impassable cells on every side, so the 16 neighbour offsets never
// leave the array and the inner loop needs no bounds test: a padded index is
// (row + 2) * width + (col + 2).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "watchmap/travel_time.hpp"

namespace watchmap::detail {

struct TravelGraphData {
  static constexpr int64_t kPad = 2;
  Grid grid;
  int64_t width = 0, height = 0;  ///< padded columns and rows
  std::vector<double> z;          ///< elevation, padded; NaN where impassable (and on the pad)
  std::vector<uint8_t> blocked;   ///< 1 where impassable (and on the pad)
  std::vector<float> road;        ///< km/h, padded (NaN off road, 0 walked); empty without roads
  std::vector<double> friction;   ///< padded; empty without friction
  int neighbours = 8;
  double off_path_factor = 0.6;
  int64_t road_cells = 0, passable = 0;
  double min_edge = 0.0;          ///< lower bound on every edge time, minutes

  // Per neighbour k: padded index offset, length L (m), 1/L, and the factors of its times.
  std::array<int64_t, 16> offset{};
  std::array<double, 16> length{}, inv_length{};
  std::array<double, 16> off_road{};  ///< 0.01·L / off_path_factor: off-road Tobler on flat-ish ground
  std::array<double, 16> on_path{};   ///< 0.01·L: Tobler on a path
  std::array<double, 16> ride{};      ///< 0.06·L: minutes at 1 km/h

  int64_t padded(int64_t row, int64_t col) const { return (row + kPad) * width + (col + kPad); }
  int64_t row_of(int64_t padded_index) const { return padded_index / width - kPad; }
  int64_t col_of(int64_t padded_index) const { return padded_index % width - kPad; }
};

struct TravelGraphAccess {
  static const TravelGraphData& data(const TravelGraph& g) { return *g.data_; }
};

/// exp(3.5·|S + 0.05|) for a rise `dz` over 1/`inv_length` metres: Tobler's slowdown.
inline double tobler_slowdown(double dz, double inv_length) { return std::exp(3.5 * std::abs(dz * inv_length + 0.05)); }

/// Time of the move from → to along neighbour k on a graph without roads or friction; the caller
/// passes the two elevations (it may hold them next to its own per-cell data).
struct PlainTobler {
  const TravelGraphData* g;
  double operator()(int k, double z_from, double z_to, int64_t, int64_t) const {
    return g->off_road[k] * tobler_slowdown(z_to - z_from, g->inv_length[k]);
  }
};

/// Time of the move from → to along neighbour k with roads and/or friction (see travel_time.hpp).
struct RoadsAndFriction {
  const TravelGraphData* g;
  double operator()(int k, double z_from, double z_to, int64_t from, int64_t to) const {
    if (!g->road.empty()) {
      const float a = g->road[from], b = g->road[to];
      if (a == a && b == b) {  // both on a road (NaN = off road)
        if (a > 0.0f && b > 0.0f) return g->ride[k] / static_cast<double>(std::min(a, b));
        return g->on_path[k] * tobler_slowdown(z_to - z_from, g->inv_length[k]);
      }
    }
    const double t = g->off_road[k] * tobler_slowdown(z_to - z_from, g->inv_length[k]);
    return g->friction.empty() ? t : t * 0.5 * (g->friction[from] + g->friction[to]);
  }
};

/// Calls work(cost) with the cheapest edge-time function that is exact for `g`.
template <typename Work>
void with_cost(const TravelGraphData& g, Work&& work) {
  if (g.road.empty() && g.friction.empty()) {
    work(PlainTobler{&g});
  } else {
    work(RoadsAndFriction{&g});
  }
}

}  // namespace watchmap::detail
