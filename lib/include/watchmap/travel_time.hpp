#pragma once
/// @file travel_time.hpp  Walking time over terrain: Tobler's hiking function on a DEM's cell graph.
///
/// Cells are nodes; each cell links to its 8 (or 16, adding knight's moves) neighbours. An edge of
/// horizontal length L metres between cells of elevation z_from → z_to has slope
/// S = (z_to − z_from)/L and Tobler speed v = 6·exp(−3.5·|S + 0.05|) km/h, so it takes
///   t = (L/1000)/v·60 = 0.01·L·exp(3.5·|S + 0.05|) minutes on a path,
/// divided by `off_path_factor` (DEFAULT 0.6: Tobler's off-path walking is 60 % as fast) and
/// multiplied by the mean friction of its two cells when it leaves the roads. On roads (both end
/// cells on a road): a ridden road takes L/speed (slope ignored); a walked road (speed 0) takes
/// Tobler's on-path time (no off-path factor, no friction). Walking is anisotropic: uphill and
/// downhill differ, so the direction of travel matters (TravelDirection). A move looks only at its
/// two end cells (as ArcGIS and GRASS r.walk do). Nodata cells (in the DEM, or where friction is
/// nodata) are impassable.
///
/// Accumulated time is an exact multi-source Dijkstra (a bucket queue whose buckets are narrower
/// than the cheapest edge, so it settles cells in Dijkstra's order up to ties and gives Dijkstra's
/// numbers bit for bit). Results do not depend on the thread count.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"
#include "watchmap/grid.hpp"
#include "watchmap/progress.hpp"

namespace watchmap {

namespace detail {
struct TravelGraphData;  // the padded cell arrays, private to lib/src/travel
struct TravelGraphAccess;
}

/// Which way the team moves.
enum class TravelDirection {
  FromSource,  ///< minutes from the nearest source to each cell (the team responds: team → place)
  ToSource,    ///< minutes from each cell to its nearest source (reversed edges: place → team)
};

/// "from_source", "to_source".
TravelDirection travel_direction_from_name(std::string_view name);
const char* to_string(TravelDirection direction);

/// How the cell graph is built from a DEM (see the file comment for the edge times).
struct TravelGraphOptions {
  /// 8 (rook and bishop moves) or 16 (plus knight's moves, which cut the worst-case error against
  /// straight-line time on flat ground from 8.2 % to 2.7 %). DEFAULT: 8.
  int neighbours = 8;
  /// Off-road walking speed as a fraction of Tobler's on-path speed, in (0, 1]. DEFAULT: 0.6
  /// (Tobler's rule). 1 gives the plain hiking function (as ../shared/oracle/terrain uses).
  double off_path_factor = 0.6;
  /// Roads as a raster on the DEM's grid: km/h per cell; NaN or nodata = no road; 0 = a path that
  /// is walked (Tobler on path); > 0 = ridden at that speed. DEFAULT: no roads.
  std::optional<Raster> road_speed_kmh{};
  /// Multiplies the time of every off-road edge by the mean of its two cells' values (> 0; nodata
  /// or NaN = impassable). Must be on the DEM's grid. DEFAULT: none (1 everywhere).
  std::optional<Raster> friction{};
};

/// Roads burnt into `grid` as km/h per cell, for TravelGraphOptions::road_speed_kmh: every cell a
/// road passes through (the line sampled every quarter cell, so a road's cells are 8-connected)
/// gets that road's speed; where roads meet, the fastest wins (0 = walked counts as slowest).
/// Cells without a road are NaN (the nodata value). Lines are brought into the grid's CRS.
/// `speed_kmh` holds one value per road feature, each >= 0 and finite (InvalidInput otherwise).
Raster road_speed_raster(const LineSet& roads, const Grid& grid, const std::vector<double>& speed_kmh);

/// The walking graph over a DEM's cells: elevation, roads and friction, ready for searches. Cheap
/// to copy (the cells are shared, read-only), safe to search from many threads at once.
class TravelGraph {
 public:
  TravelGraph() = default;
  /// Builds the graph. Throws InvalidInput for a DEM whose values do not match its grid, a bad
  /// `neighbours` or `off_path_factor`, road or friction rasters on another grid, negative speeds,
  /// friction <= 0, and a grid too large for memory (with the estimate); CrsError for a DEM that
  /// is not in metres (rasters are never reprojected silently). `progress` is polled once per
  /// DEM row (a stop request throws Cancelled), so a large DEM can be interrupted while it loads.
  TravelGraph(const Raster& dem, const TravelGraphOptions& options = {}, const ProgressCallback& progress = {});

  const Grid& grid() const;
  int neighbours() const;
  double off_path_factor() const;
  /// Cells on a road, and passable cells.
  int64_t road_cells() const;
  int64_t passable_cells() const;
  /// A lower bound on every edge's time, minutes (the bucket width comes from it).
  double min_edge_minutes() const;
  /// The graph's inputs, unpadded, for pickling and inspection: elevation (NaN = impassable),
  /// road speeds (NaN = no road), friction (std::nullopt when none was given).
  Raster elevation() const;
  Raster road_speed_kmh() const;
  std::optional<Raster> friction() const;
  bool empty() const { return data_ == nullptr; }

 private:
  friend struct detail::TravelGraphAccess;
  std::shared_ptr<const detail::TravelGraphData> data_;
};

/// Options for travel_time().
struct TravelTimeOptions {
  TravelGraphOptions graph{};                                ///< DEFAULT: 8 neighbours, factor 0.6
  TravelDirection direction = TravelDirection::FromSource;  ///< DEFAULT: from_source (team → place)
  /// Stop once every cell within this many minutes is settled; farther cells are NaN (unreached).
  /// Must be >= 0. DEFAULT: none (every reachable cell).
  std::optional<double> max_minutes{};
  /// Threads for the set-up and the result rasters; the search itself is sequential (faster on
  /// 2 cores than relaxing buckets in parallel: docs/DESIGN-NOTES.md). DEFAULT: 0 = OpenMP's
  /// default. The answer does not depend on it.
  int threads = 0;
  ProgressCallback progress{};
};

/// Minutes over the terrain from (or to) the nearest source, and which source that is.
struct [[nodiscard]] TravelTime {
  /// Minutes to each cell (from_source) or from it (to_source); NaN (the nodata value) where
  /// impassable or not reached within max_minutes.
  Raster minutes;
  /// Index of the nearest source (in input order; ties to the last bit go to the lower index);
  /// -1 (the nodata value) where `minutes` is NaN.
  Raster nearest;
  TravelDirection direction = TravelDirection::FromSource;
  int neighbours = 8;
  double off_path_factor = 0.6;
  /// The limit used; +infinity when none.
  double max_minutes = std::numeric_limits<double>::infinity();
  /// The sources in the DEM's CRS (as located).
  std::vector<double> source_x, source_y;
  /// The graph searched, kept so coverage and placement can run more searches on it.
  TravelGraph graph;
};

/// Minutes from `sources` (points: each starts in the cell holding it) over `dem`. The DEM fixes
/// the frame (the CRS rule: sources are reprojected into its CRS; the DEM never is) and must be in
/// metres. An empty source set gives an all-NaN result. Throws InvalidInput naming the source
/// (and its id column, when the points have one) for a source outside the DEM or on an impassable
/// cell, plus everything TravelGraph throws; CrsError when the DEM has no CRS and the sources have
/// one (or the reverse) or the DEM is not in metres; Cancelled when the progress hook says stop.
TravelTime travel_time(const Raster& dem, const PointSet& sources, const TravelTimeOptions& options = {});

/// The same on a graph built before (e.g. a TravelTime's `graph`), without rebuilding it.
TravelTime travel_time(const TravelGraph& graph, const PointSet& sources, const TravelTimeOptions& options = {});

/// Options for the bounded searches (reachable_cells, reachable_points).
struct ReachOptions {
  TravelDirection direction = TravelDirection::FromSource;  ///< DEFAULT: from_source
  int threads = 0;  ///< DEFAULT: 0 = OpenMP's default. The answer does not depend on it.
  ProgressCallback progress{};
};

/// For each source separately (not the nearest one): the cells within `max_minutes` of it, as
/// compressed rows. Source s owns entries [offsets[s], offsets[s+1]) of `cells` (row-major cell
/// index in the graph's grid, ascending) and `minutes`.
struct [[nodiscard]] Reach {
  std::vector<int64_t> offsets{0};
  std::vector<int64_t> cells;
  std::vector<double> minutes;
};

/// One bounded Dijkstra per source, run in parallel (each search is sequential and exact, so the
/// answer does not depend on the thread count). With `direction` to_source, `minutes` is the time
/// from the cell to the source. Sources are located as travel_time() does (same errors).
Reach reachable_cells(const TravelGraph& graph, const PointSet& sources, double max_minutes,
                      const ReachOptions& options = {});

/// Source–target pairs with travel time <= `max_minutes` between the source's cell and the
/// target's cell (inclusive), sorted by source then target. Targets outside the grid or on
/// impassable cells are never reached.
struct [[nodiscard]] ReachPairs {
  std::vector<int64_t> source, target;
  std::vector<double> minutes;
};

/// reachable_cells() read at `targets` (points; reprojected into the graph's CRS): what placement
/// needs for its candidate × demand coverage matrix.
ReachPairs reachable_points(const TravelGraph& graph, const PointSet& sources, const PointSet& targets,
                            double max_minutes, const ReachOptions& options = {});

/// Polygons of the cells whose minutes fall in each band: band i holds (minutes[i−1], minutes[i]]
/// (the first band [0, minutes[0]]), one feature per band in order (empty when no cell falls in
/// it). Cell edges are the polygon edges. Attributes: minutes (upper limit), from_minutes (lower
/// limit, 0 for the first band), area_km2. `minutes` must be positive and increasing.
PolygonSet isochrones(const TravelTime& travel_time, const std::vector<double>& minutes);

}  // namespace watchmap
