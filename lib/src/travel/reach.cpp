// Bounded searches, one per source, in parallel: what each source reaches within a time limit.
#include <algorithm>
#include <cmath>

#include "core/in_crs.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"
#include "travel/search.hpp"
#include "travel/source_cells.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/travel_time.hpp"

namespace watchmap {

Reach reachable_cells(const TravelGraph& graph, const PointSet& sources, double max_minutes,
                      const ReachOptions& options) {
  if (graph.empty()) throw InvalidInput("reachable_cells: the graph is empty");
  if (!(max_minutes >= 0.0) || !std::isfinite(max_minutes)) {
    throw InvalidInput("reachable_cells: max_minutes must be finite and >= 0 (got " + detail::fmt(max_minutes) + ")");
  }
  const detail::TravelGraphData& g = detail::TravelGraphAccess::data(graph);
  const std::vector<uint32_t> starts = detail::source_cells(g, sources, "reachable_cells");
  const auto n = static_cast<int64_t>(starts.size());
  // Each source's list is filled by whichever thread runs it; lists are joined in source order.
  std::vector<std::vector<std::pair<uint32_t, double>>> lists(starts.size());
  const int threads = detail::thread_count(options.threads);
  detail::ProgressTicker progress(options.progress, static_cast<double>(n));
#pragma omp parallel num_threads(threads)
  {
    detail::BoundedSearch search(g);
#pragma omp for schedule(dynamic, 1)
    for (int64_t s = 0; s < n; ++s) {
      if (progress.stopped()) continue;
      auto& reached = lists[static_cast<size_t>(s)];
      detail::with_cost(g, [&](const auto& cost) {
        if (options.direction == TravelDirection::ToSource) {
          search.run<true>(g, cost, starts[static_cast<size_t>(s)], max_minutes, reached);
        } else {
          search.run<false>(g, cost, starts[static_cast<size_t>(s)], max_minutes, reached);
        }
      });
      std::sort(reached.begin(), reached.end());
      progress.tick(1.0);
    }
  }
  progress.finish("reachable_cells");
  Reach out;
  size_t total = 0;
  for (const auto& l : lists) total += l.size();
  out.cells.reserve(total);
  out.minutes.reserve(total);
  for (auto& l : lists) {
    for (const auto& [cell, minutes] : l) {
      out.cells.push_back(g.row_of(cell) * g.grid.ncols + g.col_of(cell));
      out.minutes.push_back(minutes);
    }
    out.offsets.push_back(static_cast<int64_t>(out.cells.size()));
    std::vector<std::pair<uint32_t, double>>().swap(l);
  }
  return out;
}

ReachPairs reachable_points(const TravelGraph& graph, const PointSet& sources, const PointSet& targets,
                            double max_minutes, const ReachOptions& options) {
  if (graph.empty()) throw InvalidInput("reachable_points: the graph is empty");
  const Grid& grid = graph.grid();
  const Crs frame = analysis_crs({layer_ref(grid, "DEM"), layer_ref(targets, "targets")}, Measure::Metres);
  const detail::InCrs<PointSet> pts(targets, frame);
  // Targets by cell (row-major), so each reached cell finds its targets by binary search.
  std::vector<std::pair<int64_t, int64_t>> by_cell;
  by_cell.reserve(targets.size());
  for (size_t t = 0; t < targets.size(); ++t) {
    int64_t col = 0, row = 0;
    if (grid.cell_of(pts->x()[t], pts->y()[t], col, row)) by_cell.emplace_back(row * grid.ncols + col, static_cast<int64_t>(t));
  }
  std::sort(by_cell.begin(), by_cell.end());
  const Reach reach = reachable_cells(graph, sources, max_minutes, options);
  ReachPairs out;
  for (size_t s = 0; s + 1 < reach.offsets.size(); ++s) {
    const size_t first = out.target.size();
    for (int64_t e = reach.offsets[s]; e < reach.offsets[s + 1]; ++e) {
      const int64_t cell = reach.cells[static_cast<size_t>(e)];
      auto it = std::lower_bound(by_cell.begin(), by_cell.end(), std::make_pair(cell, int64_t{-1}));
      for (; it != by_cell.end() && it->first == cell; ++it) {
        out.source.push_back(static_cast<int64_t>(s));
        out.target.push_back(it->second);
        out.minutes.push_back(reach.minutes[static_cast<size_t>(e)]);
      }
    }
    // sort this source's pairs by target
    std::vector<size_t> order(out.target.size() - first);
    for (size_t i = 0; i < order.size(); ++i) order[i] = first + i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return out.target[a] < out.target[b]; });
    std::vector<int64_t> tg(order.size());
    std::vector<double> mn(order.size());
    for (size_t i = 0; i < order.size(); ++i) {
      tg[i] = out.target[order[i]];
      mn[i] = out.minutes[order[i]];
    }
    std::copy(tg.begin(), tg.end(), out.target.begin() + static_cast<std::ptrdiff_t>(first));
    std::copy(mn.begin(), mn.end(), out.minutes.begin() + static_cast<std::ptrdiff_t>(first));
  }
  return out;
}

}  // namespace watchmap
