// Contiguity weights from polygon edges: every edge is put in the cells of a uniform grid that its
// box (grown by the tolerance) covers, and edges of different features sharing a cell are tested
// once (in the first cell both boxes cover): queen when they come within the tolerance, rook when
// they run along each other for more than the tolerance. No GEOS: the coordinates are read directly.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/parallel.hpp"
#include "watchmap/error.hpp"
#include "watchmap/weights.hpp"

namespace watchmap {

namespace {

struct Edge {
  double x0, y0, x1, y1;
  int64_t feature;
};

double point_segment_distance2(double px, double py, const Edge& e) {
  const double dx = e.x1 - e.x0, dy = e.y1 - e.y0;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? ((px - e.x0) * dx + (py - e.y0) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double qx = e.x0 + t * dx - px, qy = e.y0 + t * dy - py;
  return qx * qx + qy * qy;
}

double orient(double ax, double ay, double bx, double by, double cx, double cy) {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

// Queen: the two segments come within `tol` (crossing segments are at distance 0).
bool segments_touch(const Edge& a, const Edge& b, double tol) {
  const double o1 = orient(a.x0, a.y0, a.x1, a.y1, b.x0, b.y0), o2 = orient(a.x0, a.y0, a.x1, a.y1, b.x1, b.y1);
  const double o3 = orient(b.x0, b.y0, b.x1, b.y1, a.x0, a.y0), o4 = orient(b.x0, b.y0, b.x1, b.y1, a.x1, a.y1);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return true;
  const double t2 = tol * tol;
  return point_segment_distance2(b.x0, b.y0, a) <= t2 || point_segment_distance2(b.x1, b.y1, a) <= t2 ||
         point_segment_distance2(a.x0, a.y0, b) <= t2 || point_segment_distance2(a.x1, a.y1, b) <= t2;
}

// Rook: along the longer segment, the shorter one overlaps it for more than `tol` and stays within
// `tol` of its line over that stretch.
bool segments_share_edge(const Edge& p, const Edge& q, double tol) {
  const double lp = std::hypot(p.x1 - p.x0, p.y1 - p.y0), lq = std::hypot(q.x1 - q.x0, q.y1 - q.y0);
  const Edge& a = lp >= lq ? p : q;
  const Edge& b = lp >= lq ? q : p;
  const double len = std::max(lp, lq);
  if (!(len > tol)) return false;
  const double ux = (a.x1 - a.x0) / len, uy = (a.y1 - a.y0) / len;
  const double t0 = (b.x0 - a.x0) * ux + (b.y0 - a.y0) * uy, t1 = (b.x1 - a.x0) * ux + (b.y1 - a.y0) * uy;
  const double h0 = ux * (b.y0 - a.y0) - uy * (b.x0 - a.x0), h1 = ux * (b.y1 - a.y0) - uy * (b.x1 - a.x0);
  const double lo = std::max(0.0, std::min(t0, t1)), hi = std::min(len, std::max(t0, t1));
  if (!(hi - lo > tol)) return false;
  auto height = [&](double t) { return h0 + (h1 - h0) * (t - t0) / (t1 - t0); };
  return std::abs(height(lo)) <= tol && std::abs(height(hi)) <= tol;
}

}  // namespace

Weights contiguity_weights(const PolygonSet& polygons, const ContiguityOptions& options) {
  if (!(options.tolerance >= 0.0) || !std::isfinite(options.tolerance)) {
    throw InvalidInput("contiguity: tolerance must be finite and >= 0");
  }
  const auto n = static_cast<int64_t>(polygons.size());
  const auto& xs = polygons.x();
  const auto& ys = polygons.y();
  std::vector<Edge> edges;
  edges.reserve(xs.size());
  double extent = 0.0, largest = 0.0;
  const Box box = polygons.bounds();
  if (!box.empty()) extent = std::max(box.width(), box.height());
  for (size_t v = 0; v < xs.size(); ++v) largest = std::max({largest, std::abs(xs[v]), std::abs(ys[v])});
  const double tol = options.tolerance > 0.0 ? options.tolerance : 1e-9 * std::max(largest, extent);

  const auto& fo = polygons.feature_offsets();
  const auto& po = polygons.part_offsets();
  const auto& ro = polygons.ring_offsets();
  for (int64_t f = 0; f < n; ++f) {
    for (int64_t p = fo[f]; p < fo[f + 1]; ++p) {
      for (int64_t r = po[p]; r < po[p + 1]; ++r) {
        for (int64_t v = ro[r]; v + 1 < ro[r + 1]; ++v) {
          edges.push_back({xs[v], ys[v], xs[v + 1], ys[v + 1], f});
        }
      }
    }
  }
  std::vector<std::vector<int64_t>> neighbors(n);
  if (edges.empty()) return Weights::from_neighbors(neighbors);

  // Uniform grid: cells about twice the mean edge length, at most ~4 cells per edge.
  double mean_len = 0.0;
  for (const Edge& e : edges) mean_len += std::hypot(e.x1 - e.x0, e.y1 - e.y0);
  mean_len /= static_cast<double>(edges.size());
  const double gx0 = box.xmin - tol, gy0 = box.ymin - tol;
  const double width = box.width() + 2 * tol, height = box.height() + 2 * tol;
  double cell = std::max({2.0 * mean_len, tol * 4.0, 1e-300});
  const double max_cells = 4.0 * static_cast<double>(edges.size()) + 16.0;
  while ((std::floor(width / cell) + 1) * (std::floor(height / cell) + 1) > max_cells) cell *= 1.5;
  const auto ncx = static_cast<int64_t>(std::floor(width / cell)) + 1;
  const auto ncy = static_cast<int64_t>(std::floor(height / cell)) + 1;
  auto cx_of = [&](double x) { return std::clamp<int64_t>(static_cast<int64_t>(std::floor((x - gx0) / cell)), 0, ncx - 1); };
  auto cy_of = [&](double y) { return std::clamp<int64_t>(static_cast<int64_t>(std::floor((y - gy0) / cell)), 0, ncy - 1); };
  struct Range {
    int64_t cx0, cy0, cx1, cy1;
  };
  std::vector<Range> ranges(edges.size());
  std::vector<int64_t> count(static_cast<size_t>(ncx * ncy) + 1, 0);
  for (size_t e = 0; e < edges.size(); ++e) {
    const Edge& g = edges[e];
    Range& rg = ranges[e];
    rg = {cx_of(std::min(g.x0, g.x1) - tol), cy_of(std::min(g.y0, g.y1) - tol), cx_of(std::max(g.x0, g.x1) + tol),
          cy_of(std::max(g.y0, g.y1) + tol)};
    for (int64_t cy = rg.cy0; cy <= rg.cy1; ++cy) {
      for (int64_t cx = rg.cx0; cx <= rg.cx1; ++cx) ++count[cy * ncx + cx + 1];
    }
  }
  for (size_t c = 1; c < count.size(); ++c) count[c] += count[c - 1];
  std::vector<int64_t> slot(count.begin(), count.end() - 1), members(static_cast<size_t>(count.back()));
  for (size_t e = 0; e < edges.size(); ++e) {
    const Range& rg = ranges[e];
    for (int64_t cy = rg.cy0; cy <= rg.cy1; ++cy) {
      for (int64_t cx = rg.cx0; cx <= rg.cx1; ++cx) members[slot[cy * ncx + cx]++] = static_cast<int64_t>(e);
    }
  }

  const bool queen = options.rule == ContiguityRule::Queen;
  const int threads = detail::thread_count(0);
  std::vector<std::vector<std::pair<int64_t, int64_t>>> found(threads);
#pragma omp parallel for schedule(dynamic, 256) num_threads(threads)
  for (int64_t c = 0; c < ncx * ncy; ++c) {
    auto& out = found[omp_get_thread_num()];
    const int64_t cx = c % ncx, cy = c / ncx;
    for (int64_t a = count[c]; a < count[c + 1]; ++a) {
      const int64_t ea = members[a];
      for (int64_t b = a + 1; b < count[c + 1]; ++b) {
        const int64_t eb = members[b];
        const Edge &A = edges[ea], &B = edges[eb];
        if (A.feature == B.feature) continue;
        const Range &ra = ranges[ea], &rb = ranges[eb];
        // Test each pair once: in the first cell both boxes cover.
        if (std::max(ra.cx0, rb.cx0) != cx || std::max(ra.cy0, rb.cy0) != cy) continue;
        if (std::max(ra.cx0, rb.cx0) > std::min(ra.cx1, rb.cx1)) continue;
        const bool linked = queen ? segments_touch(A, B, tol) : segments_share_edge(A, B, tol);
        if (linked) out.emplace_back(std::min(A.feature, B.feature), std::max(A.feature, B.feature));
      }
    }
  }
  std::vector<std::pair<int64_t, int64_t>> pairs;
  for (auto& f : found) pairs.insert(pairs.end(), f.begin(), f.end());
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  for (const auto& [i, j] : pairs) {
    neighbors[i].push_back(j);
    neighbors[j].push_back(i);
  }
  return Weights::from_neighbors(neighbors);
}

}  // namespace watchmap
