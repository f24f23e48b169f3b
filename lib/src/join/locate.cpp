#include "watchmap/join.hpp"

#include <algorithm>
#include <cmath>

#include "core/in_crs.hpp"
#include "core/parallel.hpp"
#include "watchmap/error.hpp"

namespace watchmap {

namespace {

// An edge stored with its lower endpoint first, so the crossing x at a given y is computed by the
// same arithmetic from every polygon that shares the edge: shared edges then classify a point the
// same way for both neighbours, and it lands in exactly one.
struct Edge {
  double x0, y0, x1, y1;
  double dxdy;  // (x1 - x0) / (y1 - y0); 0 for horizontal edges

  double x_at(double y) const { return x0 + (y - y0) * dxdy; }
};

Edge make_edge(double ax, double ay, double bx, double by) {
  if (ay > by || (ay == by && ax > bx)) {
    std::swap(ax, bx);
    std::swap(ay, by);
  }
  return Edge{ax, ay, bx, by, by != ay ? (bx - ax) / (by - ay) : 0.0};
}

// One polygon's edges bucketed into horizontal bands, so a test scans only the edges near y.
struct BandedPolygon {
  Box box;
  double band_height = 1.0;
  std::vector<uint32_t> band_start;  // CSR offsets into `edges`
  std::vector<Edge> edges;           // edges of band b at [band_start[b], band_start[b+1])

  int band_of(double y) const {
    const auto n = static_cast<int>(band_start.size()) - 1;
    const int b = static_cast<int>((y - box.ymin) / band_height);
    return std::clamp(b, 0, n - 1);
  }

  // 1 inside, 0 outside, 2 on the boundary (exactly on an edge or vertex).
  int classify(double x, double y) const {
    if (!box.contains(x, y)) return 0;
    const int b = band_of(y);
    bool inside = false;
    for (uint32_t i = band_start[b]; i < band_start[b + 1]; ++i) {
      const Edge& e = edges[i];
      if (y < e.y0 || y > e.y1) continue;
      if (e.y0 == e.y1) {  // horizontal: only "on" matters
        if (x >= e.x0 && x <= e.x1) return 2;
        continue;
      }
      if ((x == e.x0 && y == e.y0) || (x == e.x1 && y == e.y1)) return 2;
      const double xi = e.x_at(y);
      if (x == xi) return 2;
      // Half-open in y: the edge counts when y0 <= y < y1, so a vertex is counted once.
      if (y < e.y1 && x < xi) inside = !inside;
    }
    return inside ? 1 : 0;
  }
};

BandedPolygon band_polygon(const PolygonSet& ps, size_t f) {
  BandedPolygon out;
  out.box = ps.feature_bounds(f);
  std::vector<Edge> edges;
  const auto& ro = ps.ring_offsets();
  const auto& po = ps.part_offsets();
  const auto& fo = ps.feature_offsets();
  for (int64_t p = fo[f]; p < fo[f + 1]; ++p) {
    for (int64_t r = po[p]; r < po[p + 1]; ++r) {
      for (int64_t i = ro[r]; i + 1 < ro[r + 1]; ++i) {
        if (ps.x()[i] == ps.x()[i + 1] && ps.y()[i] == ps.y()[i + 1]) continue;  // repeated vertex
        edges.push_back(make_edge(ps.x()[i], ps.y()[i], ps.x()[i + 1], ps.y()[i + 1]));
      }
    }
  }
  // About sqrt(E) bands keeps both the band lists and the per-band scans short.
  const int bands = std::clamp(static_cast<int>(std::sqrt(static_cast<double>(edges.size()))), 1, 1024);
  out.band_height = std::max(out.box.height() / bands, 1e-300);
  std::vector<std::vector<uint32_t>> members(bands);
  for (uint32_t e = 0; e < edges.size(); ++e) {
    const int b0 = out.box.empty() ? 0 : std::clamp(static_cast<int>((edges[e].y0 - out.box.ymin) / out.band_height), 0, bands - 1);
    const int b1 = out.box.empty() ? 0 : std::clamp(static_cast<int>((edges[e].y1 - out.box.ymin) / out.band_height), 0, bands - 1);
    // An edge ending exactly on a band border may be asked about from the band below: include it.
    const int lo = std::max(0, b0 - 1), hi = std::min(bands - 1, b1 + 1);
    for (int b = lo; b <= hi; ++b) members[b].push_back(e);
  }
  out.band_start.push_back(0);
  for (int b = 0; b < bands; ++b) {
    for (uint32_t e : members[b]) out.edges.push_back(edges[e]);
    out.band_start.push_back(static_cast<uint32_t>(out.edges.size()));
  }
  return out;
}

}  // namespace

// A uniform grid over all polygons. Each cell lists the polygons whose boxes overlap it (ascending
// index, so the first boundary hit is the lowest index); cells that no polygon edge touches are
// wholly inside one polygon or none, and store that answer directly.
struct PolygonLocator::Impl {
  std::vector<BandedPolygon> polygons;
  Box box;
  int64_t ncols = 1, nrows = 1;
  double cell_w = 1.0, cell_h = 1.0;
  std::vector<uint32_t> cell_start;      // CSR offsets into cell_polygons
  std::vector<uint32_t> cell_polygons;   // candidates per cell
  std::vector<int64_t> cell_owner;       // >= -1 when the cell is edge-free (answer known); -2 otherwise

  int64_t cell_of(double x, double y) const {
    const auto c = std::clamp<int64_t>(static_cast<int64_t>((x - box.xmin) / cell_w), 0, ncols - 1);
    const auto r = std::clamp<int64_t>(static_cast<int64_t>((y - box.ymin) / cell_h), 0, nrows - 1);
    return r * ncols + c;
  }

  int64_t scan(int64_t cell, double x, double y) const {
    for (uint32_t k = cell_start[cell]; k < cell_start[cell + 1]; ++k) {
      const uint32_t p = cell_polygons[k];
      if (polygons[p].classify(x, y) != 0) return p;
    }
    return -1;
  }

  // Calls hit(polygon, on_boundary) for every polygon holding (x, y), in ascending order, until
  // hit returns false. Edge-free cells are scanned too: with overlapping polygons a cell can lie
  // inside several, and cell_owner keeps only the first.
  template <typename Hit>
  void each(double x, double y, Hit&& hit) const {
    if (polygons.empty() || !box.contains(x, y)) return;
    const int64_t cell = cell_of(x, y);
    for (uint32_t k = cell_start[cell]; k < cell_start[cell + 1]; ++k) {
      const uint32_t p = cell_polygons[k];
      const int where = polygons[p].classify(x, y);
      if (where != 0 && !hit(static_cast<int64_t>(p), where == 2)) return;
    }
  }

  int64_t locate(double x, double y) const {
    if (polygons.empty() || !box.contains(x, y)) return -1;
    const int64_t cell = cell_of(x, y);
    const int64_t owner = cell_owner[cell];
    return owner >= -1 ? owner : scan(cell, x, y);
  }
};

PolygonLocator::PolygonLocator(const PolygonSet& ps) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  size_t total_edges = 0;
  m.polygons.reserve(ps.size());
  for (size_t f = 0; f < ps.size(); ++f) {
    m.polygons.push_back(band_polygon(ps, f));
    total_edges += m.polygons.back().edges.size();
  }
  m.box = ps.bounds();
  if (m.box.empty()) return;
  // About two cells per edge (at most 4M cells), shaped like the extent.
  const double target = std::clamp(2.0 * static_cast<double>(total_edges), 64.0, 4.0e6);
  const double w = std::max(m.box.width(), 1e-9), h = std::max(m.box.height(), 1e-9);
  m.ncols = std::max<int64_t>(1, static_cast<int64_t>(std::sqrt(target * w / h)));
  m.nrows = std::max<int64_t>(1, static_cast<int64_t>(target / static_cast<double>(m.ncols)));
  m.cell_w = w / static_cast<double>(m.ncols);
  m.cell_h = h / static_cast<double>(m.nrows);
  const int64_t ncells = m.ncols * m.nrows;

  auto cell_range = [&](const Box& b, int64_t& c0, int64_t& c1, int64_t& r0, int64_t& r1) {
    c0 = std::clamp<int64_t>(static_cast<int64_t>((b.xmin - m.box.xmin) / m.cell_w), 0, m.ncols - 1);
    c1 = std::clamp<int64_t>(static_cast<int64_t>((b.xmax - m.box.xmin) / m.cell_w), 0, m.ncols - 1);
    r0 = std::clamp<int64_t>(static_cast<int64_t>((b.ymin - m.box.ymin) / m.cell_h), 0, m.nrows - 1);
    r1 = std::clamp<int64_t>(static_cast<int64_t>((b.ymax - m.box.ymin) / m.cell_h), 0, m.nrows - 1);
  };
  // Candidates: polygons by box, counted then filled (CSR), in ascending polygon order.
  std::vector<uint32_t> counts(ncells + 1, 0);
  for (const BandedPolygon& p : m.polygons) {
    if (p.box.empty()) continue;
    int64_t c0, c1, r0, r1;
    cell_range(p.box, c0, c1, r0, r1);
    for (int64_t r = r0; r <= r1; ++r)
      for (int64_t c = c0; c <= c1; ++c) ++counts[r * m.ncols + c + 1];
  }
  for (int64_t i = 0; i < ncells; ++i) counts[i + 1] += counts[i];
  m.cell_start = counts;
  m.cell_polygons.resize(counts[ncells]);
  for (uint32_t p = 0; p < m.polygons.size(); ++p) {
    if (m.polygons[p].box.empty()) continue;
    int64_t c0, c1, r0, r1;
    cell_range(m.polygons[p].box, c0, c1, r0, r1);
    for (int64_t r = r0; r <= r1; ++r)
      for (int64_t c = c0; c <= c1; ++c) m.cell_polygons[counts[r * m.ncols + c]++] = p;
  }
  // Cells touched by an edge's box (one cell beyond, for edges on cell borders) need a scan.
  std::vector<uint8_t> touched(ncells, 0);
  for (const BandedPolygon& p : m.polygons) {
    for (const Edge& e : p.edges) {
      Box eb{std::min(e.x0, e.x1), e.y0, std::max(e.x0, e.x1), e.y1};
      int64_t c0, c1, r0, r1;
      cell_range(eb, c0, c1, r0, r1);
      for (int64_t r = std::max<int64_t>(0, r0 - 1); r <= std::min(m.nrows - 1, r1 + 1); ++r)
        for (int64_t c = std::max<int64_t>(0, c0 - 1); c <= std::min(m.ncols - 1, c1 + 1); ++c) touched[r * m.ncols + c] = 1;
    }
  }
  m.cell_owner.assign(ncells, -2);
#pragma omp parallel for schedule(dynamic, 256)
  for (int64_t cell = 0; cell < ncells; ++cell) {
    if (touched[cell]) continue;
    const double cx = m.box.xmin + (static_cast<double>(cell % m.ncols) + 0.5) * m.cell_w;
    const double cy = m.box.ymin + (static_cast<double>(cell / m.ncols) + 0.5) * m.cell_h;
    m.cell_owner[cell] = m.scan(cell, cx, cy);
  }
}

PolygonLocator::~PolygonLocator() = default;
PolygonLocator::PolygonLocator(PolygonLocator&&) noexcept = default;
PolygonLocator& PolygonLocator::operator=(PolygonLocator&&) noexcept = default;

int64_t PolygonLocator::locate(double x, double y) const { return impl_->locate(x, y); }

std::vector<int64_t> PolygonLocator::locate(const PointSet& points, const LocateOptions& options) const {
  const auto n = static_cast<int64_t>(points.size());
  std::vector<int64_t> out(points.size(), -1);
  const double* xs = points.x().data();
  const double* ys = points.y().data();
  const Impl& m = *impl_;
  const int threads = detail::thread_count(options.threads);
  if (m.polygons.empty()) return out;
  size_t edge_bytes = 0;
  for (const BandedPolygon& p : m.polygons) edge_bytes += p.edges.size() * sizeof(Edge);
  if (edge_bytes < (256u << 10) || n < 65536) {
#pragma omp parallel for schedule(static, 4096) num_threads(threads)
    for (int64_t i = 0; i < n; ++i) out[i] = m.locate(xs[i], ys[i]);
    return out;
  }
  // Edge lists larger than the caches: queries in random order wait on memory. Visiting the points
  // grouped into at most 64 x 64 blocks of the index (a counting sort, O(n)) keeps each block's
  // polygons in cache. The answer per point is the same; only the visiting order changes.
  const int64_t bcols = std::min<int64_t>(64, m.ncols), brows = std::min<int64_t>(64, m.nrows);
  std::vector<uint32_t> block(points.size());
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int64_t i = 0; i < n; ++i) {
    if (!m.box.contains(xs[i], ys[i])) {
      block[i] = UINT32_MAX;
      continue;
    }
    const int64_t cell = m.cell_of(xs[i], ys[i]);
    const int64_t br = (cell / m.ncols) * brows / m.nrows, bc = (cell % m.ncols) * bcols / m.ncols;
    block[i] = static_cast<uint32_t>(br * bcols + bc);
  }
  std::vector<int64_t> start(static_cast<size_t>(bcols * brows) + 1, 0);
  for (uint32_t b : block)
    if (b != UINT32_MAX) ++start[b + 1];
  for (size_t b = 0; b + 1 < start.size(); ++b) start[b + 1] += start[b];
  std::vector<int64_t> order(static_cast<size_t>(start.back()));
  for (int64_t i = 0; i < n; ++i)
    if (block[i] != UINT32_MAX) order[start[block[i]]++] = i;
  const auto inside = static_cast<int64_t>(order.size());
#pragma omp parallel for schedule(static, 4096) num_threads(threads)
  for (int64_t k = 0; k < inside; ++k) out[order[k]] = m.locate(xs[order[k]], ys[order[k]]);
  return out;
}

LocatedPairs PolygonLocator::locate_all(const PointSet& points, const LocateOptions& options) const {
  const auto n = static_cast<int64_t>(points.size());
  const int threads = detail::thread_count(options.threads);
  const Impl& m = *impl_;
  // Two passes (count, then fill at each point's offset) keep the pairs in point order for any
  // thread count.
  std::vector<int64_t> start(points.size() + 1, 0);
#pragma omp parallel for schedule(static, 4096) num_threads(threads)
  for (int64_t i = 0; i < n; ++i) {
    int64_t hits = 0;
    m.each(points.x()[i], points.y()[i], [&](int64_t, bool) { return ++hits, true; });
    start[static_cast<size_t>(i) + 1] = hits;
  }
  for (size_t i = 0; i < points.size(); ++i) start[i + 1] += start[i];
  LocatedPairs out;
  out.point.resize(static_cast<size_t>(start.back()));
  out.polygon.resize(static_cast<size_t>(start.back()));
#pragma omp parallel for schedule(static, 4096) num_threads(threads)
  for (int64_t i = 0; i < n; ++i) {
    auto at = static_cast<size_t>(start[static_cast<size_t>(i)]);
    m.each(points.x()[i], points.y()[i], [&](int64_t p, bool) {
      out.point[at] = i;
      out.polygon[at++] = p;
      return true;
    });
  }
  return out;
}

int64_t PolygonLocator::count_in_several(const PointSet& points, const LocateOptions& options) const {
  const auto n = static_cast<int64_t>(points.size());
  const Impl& m = *impl_;
  int64_t several = 0;
#pragma omp parallel for schedule(static, 4096) num_threads(detail::thread_count(options.threads)) reduction(+ : several)
  for (int64_t i = 0; i < n; ++i) {
    int inside = 0;
    m.each(points.x()[i], points.y()[i], [&](int64_t, bool on_boundary) { return (inside += !on_boundary) < 2; });
    several += inside >= 2;
  }
  return several;
}

LocatedPairs locate_all(const PointSet& points, const PolygonSet& polygons, const LocateOptions& options) {
  const Crs frame = analysis_crs({layer_ref(polygons, "polygons"), layer_ref(points, "points")}, Measure::Topology);
  const detail::InCrs<PointSet> aligned(points, frame);
  return PolygonLocator(polygons).locate_all(aligned.get(), options);
}

int64_t count_in_several(const PointSet& points, const PolygonSet& polygons, const LocateOptions& options) {
  const Crs frame = analysis_crs({layer_ref(polygons, "polygons"), layer_ref(points, "points")}, Measure::Topology);
  const detail::InCrs<PointSet> aligned(points, frame);
  return PolygonLocator(polygons).count_in_several(aligned.get(), options);
}

std::vector<int64_t> locate(const PointSet& points, const PolygonSet& polygons, const LocateOptions& options) {
  const Crs frame = analysis_crs({layer_ref(polygons, "polygons"), layer_ref(points, "points")}, Measure::Topology);
  const detail::InCrs<PointSet> aligned(points, frame);
  return PolygonLocator(polygons).locate(aligned.get(), options);
}

}  // namespace watchmap
