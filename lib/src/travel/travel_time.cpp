// travel_time(): sources located in their cells, then one multi-source search.
#include "watchmap/travel_time.hpp"

#include <cmath>
#include <limits>

#include "core/in_crs.hpp"
#include "core/parallel.hpp"
#include "core/row_name.hpp"
#include "core/text.hpp"
#include "travel/search.hpp"
#include "travel/source_cells.hpp"
#include "watchmap/crs_rule.hpp"

namespace watchmap {

namespace detail {

std::vector<uint32_t> source_cells(const detail::TravelGraphData& g, const PointSet& sources, const char* what,
                                   std::vector<double>* x_out, std::vector<double>* y_out) {
  const Crs frame = analysis_crs({layer_ref(g.grid, "DEM"), layer_ref(sources, "sources")}, Measure::Metres);
  const InCrs<PointSet> pts(sources, frame);
  std::vector<uint32_t> cells(sources.size());
  for (size_t i = 0; i < sources.size(); ++i) {
    const double x = pts->x()[i], y = pts->y()[i];
    int64_t col = 0, row = 0;
    if (!g.grid.cell_of(x, y, col, row)) {
      throw InvalidInput(std::string(what) + ": " + row_name(sources.attributes(), i, "source") + " at (" + fmt(x) +
                         ", " + fmt(y) + ") is outside the DEM (" + fmt(g.grid.xmin) + " … " + fmt(g.grid.xmax()) +
                         " × " + fmt(g.grid.ymin) + " … " + fmt(g.grid.ymax()) + ")");
    }
    const int64_t p = g.padded(row, col);
    if (g.blocked[static_cast<size_t>(p)]) {
      throw InvalidInput(std::string(what) + ": " + row_name(sources.attributes(), i, "source") + " at (" + fmt(x) +
                         ", " + fmt(y) + ") is on an impassable cell (nodata in the DEM or the friction raster) at row " +
                         std::to_string(row) + ", column " + std::to_string(col));
    }
    cells[i] = static_cast<uint32_t>(p);
  }
  if (x_out != nullptr) *x_out = pts->x();
  if (y_out != nullptr) *y_out = pts->y();
  return cells;
}

}  // namespace detail

TravelTime travel_time(const Raster& dem, const PointSet& sources, const TravelTimeOptions& options) {
  // Locate the sources first (cheap), so a misplaced one is reported before the graph is built.
  (void)analysis_crs({layer_ref(dem, "DEM"), layer_ref(sources, "sources")}, Measure::Metres);
  // Loading the cells is about a fifth of a search's time: it gets that share of the progress.
  TravelTimeOptions search = options;
  search.progress = detail::progress_part(options.progress, 0.2, 1.0);
  return travel_time(TravelGraph(dem, options.graph, detail::progress_part(options.progress, 0.0, 0.2)), sources,
                     search);
}

TravelTime travel_time(const TravelGraph& graph, const PointSet& sources, const TravelTimeOptions& options) {
  if (graph.empty()) throw InvalidInput("travel_time: the graph is empty");
  if (options.max_minutes && !(*options.max_minutes >= 0.0)) {
    throw InvalidInput("travel_time: max_minutes must be >= 0 (got " + detail::fmt(*options.max_minutes) + ")");
  }
  const detail::TravelGraphData& g = detail::TravelGraphAccess::data(graph);
  TravelTime out;
  out.direction = options.direction;
  out.neighbours = g.neighbours;
  out.off_path_factor = g.off_path_factor;
  out.max_minutes = options.max_minutes.value_or(std::numeric_limits<double>::infinity());
  out.graph = graph;
  const std::vector<uint32_t> seeds = detail::source_cells(g, sources, "travel_time", &out.source_x, &out.source_y);

  const int threads = detail::thread_count(options.threads);
  detail::NearestSearch s(g, threads);
  detail::BucketQueue queue(0.99 * g.min_edge);
  for (size_t i = 0; i < seeds.size(); ++i) {
    if (s.source[seeds[i]] >= 0) continue;  // an earlier (lower-index) source holds this cell
    s.cells[seeds[i]].time = 0.0;
    s.source[seeds[i]] = static_cast<int32_t>(i);
    queue.push(seeds[i], 0.0);
  }
  detail::ProgressTicker progress(options.progress, static_cast<double>(g.passable));
  detail::with_cost(g, [&](const auto& cost) {
    if (options.direction == TravelDirection::ToSource) {
      detail::nearest_search<true>(g, cost, s, queue, out.max_minutes, progress);
    } else {
      detail::nearest_search<false>(g, cost, s, queue, out.max_minutes, progress);
    }
  });
  progress.finish("travel_time");

  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.minutes = Raster(g.grid, nan, nan);
  out.nearest = Raster(g.grid, -1.0, -1.0);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int64_t r = 0; r < g.grid.nrows; ++r) {
    for (int64_t c = 0; c < g.grid.ncols; ++c) {
      const auto p = static_cast<size_t>(g.padded(r, c));
      if (s.source[p] < 0) continue;
      out.minutes.at(r, c) = s.settled_time(p);
      out.nearest.at(r, c) = s.source[p];
    }
  }
  return out;
}

}  // namespace watchmap
