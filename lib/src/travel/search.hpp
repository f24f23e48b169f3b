#pragma once
// The Dijkstra searches on a TravelGraph: the multi-source search behind travel_time() (nearest
// source per cell) and the bounded single-source search behind reachable_cells().
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "core/huge_pages.hpp"
#include "core/progress_ticker.hpp"
#include "travel/bucket_queue.hpp"
#include "travel/graph_data.hpp"

namespace watchmap::detail {

/// One cell of the multi-source search: its elevation next to its time, so looking at a
/// neighbour touches one cache line. `time` >= +0 while the cell is open (+inf until reached);
/// its sign bit set once the cell is closed: −time when settled, −inf when impassable.
struct SearchCell {
  double z;
  double time;
};

/// Working arrays of the multi-source search, padded like the graph. Allocated uninitialised, on
/// huge pages, and filled in one parallel pass: zeroing 25 million cells first took half a second
/// in one thread, during which Ctrl-C went unanswered, and faulting them in on 4 KiB pages took as
/// long again (core/huge_pages.hpp).
struct NearestSearch {
  std::unique_ptr<SearchCell[]> cells;
  std::unique_ptr<int32_t[]> source;  ///< nearest source; -1 until reached

  NearestSearch(const TravelGraphData& g, int threads)
      : cells(scratch_array<SearchCell>(g.z.size())), source(scratch_array<int32_t>(g.z.size())) {
    const auto n = static_cast<int64_t>(g.z.size());
#pragma omp parallel for schedule(static) num_threads(threads)
    for (int64_t i = 0; i < n; ++i) {
      cells[i].z = g.z[i];
      cells[i].time = g.blocked[i] ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
      source[i] = -1;
    }
  }
  /// Settled time of padded cell `i` (+inf when never reached or impassable).
  double settled_time(size_t i) const { return source[i] < 0 ? std::numeric_limits<double>::infinity() : -cells[i].time; }
};

namespace search_detail {

// The time of the move between `u` (settled) and its neighbour `v` along k: u → v when searching
// from the sources, v → u (the reversed edge) when searching towards them.
template <bool kReverse, typename Cost>
inline double edge(const Cost& cost, int k, double zu, double zv, int64_t u, int64_t v) {
  if constexpr (kReverse) {
    return cost(k, zv, zu, v, u);
  } else {
    return cost(k, zu, zv, u, v);
  }
}

}  // namespace search_detail

/// Multi-source Dijkstra: every cell's time from (or to) its nearest seeded source. `s` holds the
/// seeds (time 0, their source index) and `queue` has them pushed. Cells farther than `limit` are
/// left unreached. Ties (equal times to the last bit) go to the lower source index: a cell keeps
/// the lexicographic minimum (time, source) over its settled neighbours, whatever order they
/// settle in, so the answer does not depend on the queue order.
///
/// Sequential on purpose: relaxing each bucket's cells on two threads (edge times in parallel,
/// then the updates in a fixed order) was measured 2.5–4× slower on 2 cores, as a search of a
/// 2000 × 2000 DEM has thousands of buckets and each needs a barrier (docs/DESIGN-NOTES.md).
template <bool kReverse, typename Cost>
void nearest_search(const TravelGraphData& g, const Cost& cost, NearestSearch& s, BucketQueue& queue, double limit,
                    ProgressTicker& progress) {
  const int nk = g.neighbours;
  const int64_t w = g.width;
  std::vector<uint32_t> bucket, frontier;
  SearchCell* cell = s.cells.get();
  int32_t* source = s.source.get();
  // The cells of a bucket lie scattered over every source's front: prefetching a few cells (and
  // the rows around them) ahead hides much of the memory latency, which dominates the search.
  constexpr size_t kAhead = 6;
  while (queue.pop_bucket(bucket)) {
    frontier.clear();
    const size_t nb = bucket.size();
    for (size_t i = 0; i < nb; ++i) {
      if (i + kAhead < nb) __builtin_prefetch(&cell[bucket[i + kAhead]]);
      const uint32_t c = bucket[i];
      if (!std::signbit(cell[c].time)) {
        frontier.push_back(c);
        cell[c].time = -cell[c].time;  // closed
      }
    }
    const size_t nf = frontier.size();
    for (size_t i = 0; i < nf; ++i) {
      if (i + kAhead < nf) {
        const uint32_t ahead = frontier[i + kAhead];
        __builtin_prefetch(&cell[ahead - w]);
        __builtin_prefetch(&cell[ahead + w]);
        __builtin_prefetch(&source[ahead]);
      }
      const uint32_t u = frontier[i];
      const double tu = -cell[u].time, zu = cell[u].z;
      const int32_t su = source[u];
      for (int k = 0; k < nk; ++k) {
        const auto v = static_cast<uint32_t>(static_cast<int64_t>(u) + g.offset[k]);
        const SearchCell next = cell[v];
        if (std::signbit(next.time)) continue;
        const double t = tu + search_detail::edge<kReverse>(cost, k, zu, next.z, u, v);
        if (t > limit) continue;
        if (t < next.time) {
          cell[v].time = t;
          source[v] = su;
          queue.push(v, t);
        } else if (t == next.time && su < source[v]) {
          source[v] = su;  // already queued at this time
        }
      }
    }
    if (!progress.tick(static_cast<double>(nf))) return;
  }
}

/// Working arrays of one bounded single-source search, reused across searches (only the cells a
/// search touched are reset, so a search costs what it reaches, not the grid size).
struct BoundedSearch {
  std::vector<double> time;
  std::vector<uint8_t> closed;  ///< 1 = impassable, 2 = settled in this search
  std::vector<uint32_t> touched, bucket;

  explicit BoundedSearch(const TravelGraphData& g)
      : time(g.z.size(), std::numeric_limits<double>::infinity()), closed(g.blocked) {}

  /// Settles every cell within `limit` of `start` and appends (cell, minutes) in settling order.
  template <bool kReverse, typename Cost>
  void run(const TravelGraphData& g, const Cost& cost, uint32_t start, double limit,
           std::vector<std::pair<uint32_t, double>>& reached) {
    BucketQueue queue(0.99 * g.min_edge);
    time[start] = 0.0;
    touched.push_back(start);
    queue.push(start, 0.0);
    const int nk = g.neighbours;
    const double* z = g.z.data();
    while (queue.pop_bucket(bucket)) {
      for (uint32_t u : bucket) {
        if (closed[u]) continue;
        closed[u] = 2;
        const double tu = time[u];
        reached.emplace_back(u, tu);
        for (int k = 0; k < nk; ++k) {
          const auto v = static_cast<uint32_t>(static_cast<int64_t>(u) + g.offset[k]);
          if (closed[v]) continue;
          const double t = tu + search_detail::edge<kReverse>(cost, k, z[u], z[v], u, v);
          if (t <= limit && t < time[v]) {
            if (time[v] == std::numeric_limits<double>::infinity()) touched.push_back(v);
            time[v] = t;
            queue.push(v, t);
          }
        }
      }
    }
    for (uint32_t c : touched) {
      time[c] = std::numeric_limits<double>::infinity();
      closed[c] = 0;
    }
    touched.clear();
  }
};

}  // namespace watchmap::detail
