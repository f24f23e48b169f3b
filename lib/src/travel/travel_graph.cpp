// Building the walking graph from a DEM, a road-speed raster and a friction raster.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/huge_pages.hpp"
#include "core/names.hpp"
#include "core/progress_ticker.hpp"
#include "core/text.hpp"
#include "travel/graph_data.hpp"
#include "watchmap/crs_rule.hpp"

namespace watchmap {

namespace {

constexpr detail::Named<TravelDirection> kDirections[] = {{TravelDirection::FromSource, "from_source"},
                                                         {TravelDirection::ToSource, "to_source"}};

std::string cell_name(int64_t row, int64_t col) {
  return "row " + std::to_string(row) + ", column " + std::to_string(col);
}

// Bytes per cell a graph and one nearest search with its two result rasters need.
double bytes_per_cell(const TravelGraphOptions& options) {
  double bytes = 8.0 + 1.0;                             // elevation, blocked
  if (options.road_speed_kmh) bytes += 4.0;             // road speeds
  if (options.friction) bytes += 8.0;                   // friction
  bytes += 8.0 + 4.0 + 1.0;                             // search: time, source, closed
  bytes += 16.0;                                        // minutes and nearest rasters
  return bytes;
}

void check_same_grid(const Raster& raster, const Grid& grid, const char* what) {
  if (!(raster.grid == grid)) {
    throw InvalidInput(std::string("travel_time: the ") + what + " raster must be on the DEM's grid (same origin, cell "
                       "size, columns, rows and CRS); resample it onto the DEM's grid first");
  }
  if (raster.values.size() != static_cast<size_t>(grid.cell_count())) {
    throw InvalidInput(std::string("travel_time: the ") + what + " raster has " + std::to_string(raster.values.size()) +
                       " values for " + std::to_string(grid.cell_count()) + " cells");
  }
}

}  // namespace

TravelDirection travel_direction_from_name(std::string_view name) {
  return detail::parse_name(kDirections, name, "direction");
}
const char* to_string(TravelDirection direction) { return detail::name_of(kDirections, direction); }

TravelGraph::TravelGraph(const Raster& dem, const TravelGraphOptions& options, const ProgressCallback& progress) {
  const Grid& grid = dem.grid;
  grid.validate();
  if (options.neighbours != 8 && options.neighbours != 16) {
    throw InvalidInput("travel_time: neighbours must be 8 or 16 (got " + std::to_string(options.neighbours) + ")");
  }
  if (!(options.off_path_factor > 0.0 && options.off_path_factor <= 1.0)) {
    throw InvalidInput("travel_time: off_path_factor must be in (0, 1] (got " + detail::fmt(options.off_path_factor) +
                       ")");
  }
  if (!grid.crs.is_metric()) {
    throw CrsError("travel_time: the DEM is in " + grid.crs.to_string() + ", which is not in metres; the DEM is never "
                   "reprojected silently: warp it first, e.g. dem.to_crs(watchmap.utm_crs(lon, lat), cell_size_m=30.0)");
  }
  const double padded_cells = static_cast<double>(grid.ncols + 2 * detail::TravelGraphData::kPad) * static_cast<double>(grid.nrows + 2 * detail::TravelGraphData::kPad);
  check_allocation(padded_cells * bytes_per_cell(options),
                   ("travel_time on " + std::to_string(grid.nrows) + " x " + std::to_string(grid.ncols) + " cells").c_str());
  if (padded_cells >= 4294967295.0) {
    throw InvalidInput("travel_time: " + std::to_string(grid.nrows) + " x " + std::to_string(grid.ncols) +
                       " cells is more than 4 billion; use a coarser DEM or a smaller extent");
  }
  if (dem.values.size() != static_cast<size_t>(grid.cell_count())) {
    throw InvalidInput("travel_time: the DEM has " + std::to_string(dem.values.size()) + " values for " +
                       std::to_string(grid.cell_count()) + " cells");
  }
  if (options.road_speed_kmh) check_same_grid(*options.road_speed_kmh, grid, "road speed");
  if (options.friction) check_same_grid(*options.friction, grid, "friction");

  auto d = std::make_shared<detail::TravelGraphData>();
  d->grid = grid;
  d->neighbours = options.neighbours;
  d->off_path_factor = options.off_path_factor;
  d->width = grid.ncols + 2 * detail::TravelGraphData::kPad;
  d->height = grid.nrows + 2 * detail::TravelGraphData::kPad;
  const auto size = static_cast<size_t>(d->width * d->height);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // On huge pages: 25 million cells on 4 KiB pages took half a second to fault in, unpolled.
  d->z = detail::filled_vector(size, nan);
  d->blocked = detail::filled_vector<uint8_t>(size, 1);
  if (options.road_speed_kmh) d->road = detail::filled_vector(size, std::numeric_limits<float>::quiet_NaN());
  if (options.friction) d->friction = detail::filled_vector(size, 1.0);

  double min_friction = 1.0, max_speed = 0.0;
  bool walked_road = false;
  detail::ProgressTicker ticker(progress, static_cast<double>(grid.nrows));
  for (int64_t r = 0; r < grid.nrows; ++r) {
    detail::tick_or_throw(ticker, 1.0, "travel_time");
    for (int64_t c = 0; c < grid.ncols; ++c) {
      const int64_t i = r * grid.ncols + c, p = d->padded(r, c);
      const double z = dem.values[static_cast<size_t>(i)];
      if (dem.is_nodata(z)) continue;
      if (!std::isfinite(z)) throw InvalidInput("travel_time: the DEM is infinite at " + cell_name(r, c));
      if (options.friction) {
        const double f = options.friction->values[static_cast<size_t>(i)];
        if (options.friction->is_nodata(f)) continue;  // impassable
        if (!(f > 0.0) || !std::isfinite(f)) {
          throw InvalidInput("travel_time: friction must be positive and finite (or nodata for impassable); it is " +
                             detail::fmt(f) + " at " + cell_name(r, c));
        }
        d->friction[static_cast<size_t>(p)] = f;
        min_friction = std::min(min_friction, f);
      }
      if (options.road_speed_kmh) {
        const double v = options.road_speed_kmh->values[static_cast<size_t>(i)];
        if (!options.road_speed_kmh->is_nodata(v)) {
          if (!(v >= 0.0) || !std::isfinite(v)) {
            throw InvalidInput("travel_time: road speeds must be >= 0 km/h (0 = walked) and finite; it is " +
                               detail::fmt(v) + " at " + cell_name(r, c));
          }
          d->road[static_cast<size_t>(p)] = static_cast<float>(v);
          ++d->road_cells;
          if (v > 0.0) {
            max_speed = std::max(max_speed, static_cast<double>(static_cast<float>(v)));
          } else {
            walked_road = true;
          }
        }
      }
      d->z[static_cast<size_t>(p)] = z;
      d->blocked[static_cast<size_t>(p)] = 0;
      ++d->passable;
    }
  }

  const double cw = grid.cell_width, ch = grid.cell_height;
  const int moves[16][2] = {{0, 1},  {0, -1}, {1, 0},  {-1, 0}, {1, 1},  {1, -1}, {-1, 1}, {-1, -1},
                            {1, 2},  {1, -2}, {-1, 2}, {-1, -2}, {2, 1}, {2, -1}, {-2, 1}, {-2, -1}};
  for (int k = 0; k < 16; ++k) {
    const int dr = moves[k][0], dc = moves[k][1];
    d->offset[k] = dr * d->width + dc;
    d->length[k] = std::hypot(dc * cw, dr * ch);
    d->inv_length[k] = 1.0 / d->length[k];
    d->off_road[k] = 0.01 * d->length[k] / options.off_path_factor;
    d->on_path[k] = 0.01 * d->length[k];
    d->ride[k] = 0.06 * d->length[k];
  }
  // Every Tobler factor exp(3.5·|S + 0.05|) is >= 1 and the rook moves are the shortest, so these
  // bound each kind of edge from below.
  const double shortest = std::min(cw, ch);
  d->min_edge = 0.01 * shortest / options.off_path_factor * min_friction;
  if (walked_road) d->min_edge = std::min(d->min_edge, 0.01 * shortest);
  if (max_speed > 0.0) d->min_edge = std::min(d->min_edge, 0.06 * shortest / max_speed);
  data_ = std::move(d);
}

const Grid& TravelGraph::grid() const { return data_->grid; }
int TravelGraph::neighbours() const { return data_->neighbours; }
double TravelGraph::off_path_factor() const { return data_->off_path_factor; }
int64_t TravelGraph::road_cells() const { return data_->road_cells; }
int64_t TravelGraph::passable_cells() const { return data_->passable; }
double TravelGraph::min_edge_minutes() const { return data_->min_edge; }

namespace {

template <typename T>
Raster unpad(const detail::TravelGraphData& d, const std::vector<T>& padded) {
  Raster out(d.grid, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN());
  for (int64_t r = 0; r < d.grid.nrows; ++r) {
    for (int64_t c = 0; c < d.grid.ncols; ++c) out.at(r, c) = static_cast<double>(padded[static_cast<size_t>(d.padded(r, c))]);
  }
  return out;
}

}  // namespace

Raster TravelGraph::elevation() const { return unpad(*data_, data_->z); }

Raster TravelGraph::road_speed_kmh() const {
  if (data_->road.empty()) {
    return Raster(data_->grid, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN());
  }
  return unpad(*data_, data_->road);
}

std::optional<Raster> TravelGraph::friction() const {
  if (data_->friction.empty()) return std::nullopt;
  Raster out = unpad(*data_, data_->friction);
  for (size_t i = 0; i < out.values.size(); ++i) {
    const int64_t r = static_cast<int64_t>(i) / data_->grid.ncols, c = static_cast<int64_t>(i) % data_->grid.ncols;
    if (data_->blocked[static_cast<size_t>(data_->padded(r, c))]) out.values[i] = std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}

}  // namespace watchmap
