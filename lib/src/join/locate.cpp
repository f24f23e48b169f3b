#include "watchmap/join.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

#include "core/in_crs.hpp"
#include "core/parallel.hpp"
#include "core/progress_ticker.hpp"
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

// Every polygon's edges bucketed into horizontal bands, so a test scans only the edges near y.
// All polygons share two arrays, sized before they are filled: a million cells are two
// allocations, not millions, filled in parallel with progress polled (no long unpolled copy).
struct BandedEdges {
  std::vector<uint64_t> band_start{0};  // CSR: band k's edges at [band_start[k], band_start[k+1])
  std::unique_ptr<Edge[]> edges;        // uninitialised until filled (no serial zeroing of GBs)
  uint64_t size = 0;
};

struct BandedPolygon {
  Box box;
  double band_height = 1.0;
  uint64_t first_band = 0;  // this polygon's bands are first_band .. first_band + bands - 1
  int bands = 1;

  uint64_t edge_begin(const BandedEdges& all) const { return all.band_start[first_band]; }
  uint64_t edge_end(const BandedEdges& all) const { return all.band_start[first_band + bands]; }

  // 1 inside, 0 outside, 2 on the boundary (exactly on an edge or vertex).
  int classify(const BandedEdges& all, double x, double y) const {
    if (!box.contains(x, y)) return 0;
    const uint64_t band = first_band + std::clamp(static_cast<int>((y - box.ymin) / band_height), 0, bands - 1);
    bool inside = false;
    const Edge* edges = all.edges.get();
    for (uint64_t i = all.band_start[band]; i < all.band_start[band + 1]; ++i) {
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

// The bands listing edge e: those it spans, and one more on each side.
void band_range(const BandedPolygon& p, const Edge& e, int& lo, int& hi) {
  const int b0 = p.box.empty() ? 0 : std::clamp(static_cast<int>((e.y0 - p.box.ymin) / p.band_height), 0, p.bands - 1);
  const int b1 = p.box.empty() ? 0 : std::clamp(static_cast<int>((e.y1 - p.box.ymin) / p.band_height), 0, p.bands - 1);
  lo = std::max(0, b0 - 1);
  hi = std::min(p.bands - 1, b1 + 1);
}

// Buffers reused from one polygon to the next (one per thread).
struct BandScratch {
  std::vector<Edge> edges;
  std::vector<uint64_t> start;
};

// Feature f's edges into scratch.edges; about sqrt(E) bands keeps both the band lists and the
// per-band scans short. Returns the polygon (first_band not set) and, per band, how many edges it
// lists in scratch.start[b + 1] (scratch.start[0] = 0). An edge ending exactly on a band border
// may be asked about from the band below: it is listed in the bands around it too.
BandedPolygon plan_polygon(const PolygonSet& ps, size_t f, BandScratch& scratch) {
  BandedPolygon out;
  out.box = ps.feature_bounds(f);
  std::vector<Edge>& edges = scratch.edges;
  edges.clear();
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
  const int bands = std::clamp(static_cast<int>(std::sqrt(static_cast<double>(edges.size()))), 1, 1024);
  out.bands = bands;
  out.band_height = std::max(out.box.height() / bands, 1e-300);
  scratch.start.assign(static_cast<size_t>(bands) + 1, 0);
  for (const Edge& e : edges) {
    int lo, hi;
    band_range(out, e, lo, hi);
    for (int b = lo; b <= hi; ++b) ++scratch.start[b + 1];
  }
  return out;
}

}  // namespace

// A uniform grid over all polygons. Each cell lists the polygons whose boxes overlap it (ascending
// index, so the first boundary hit is the lowest index); cells that no polygon edge touches are
// wholly inside one polygon or none, and store that answer directly.
struct PolygonLocator::Impl {
  std::vector<BandedPolygon> polygons;
  BandedEdges banded;
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
      if (polygons[p].classify(banded, x, y) != 0) return p;
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
      const int where = polygons[p].classify(banded, x, y);
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

namespace {
constexpr const char* kBuilding = "building the polygon index";
}  // namespace

PolygonLocator::PolygonLocator(const PolygonSet& ps, const ProgressCallback& progress) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  // Vertices before feature f (for progress in vertices).
  const auto vertex_end = [&](int64_t f) { return ps.ring_offsets()[ps.part_offsets()[ps.feature_offsets()[f]]]; };
  // Work units: one per vertex per banding pass, one per vertex marking cells, and as many again
  // spread over the grid cells (their number is known only after banding).
  const double vertices = static_cast<double>(ps.num_vertices());
  detail::ProgressTicker ticker(progress, 4.0 * vertices + 1.0);
  // Banding in two passes over the features (parallel, each feature writes only its own slots, so
  // the index is the same for any thread count): count each polygon's bands and banded edges, size
  // the shared arrays, then fill them. Ticks count vertices, once per pass.
  const auto nf = static_cast<int64_t>(ps.size());
  m.polygons.resize(ps.size());
  std::vector<uint64_t> edge_base(ps.size() + 1, 0);
  constexpr int64_t kFeatures = 1024;
  const int64_t feature_blocks = (nf + kFeatures - 1) / kFeatures;
#pragma omp parallel
  {
    BandScratch scratch;
#pragma omp for schedule(dynamic, 1)
    for (int64_t block = 0; block < feature_blocks; ++block) {
      const int64_t f0 = block * kFeatures, f1 = std::min(nf, f0 + kFeatures);
      if (!ticker.tick(static_cast<double>(vertex_end(f1) - vertex_end(f0)))) continue;
      for (int64_t f = f0; f < f1; ++f) {
        m.polygons[f] = plan_polygon(ps, static_cast<size_t>(f), scratch);
        edge_base[f + 1] = std::accumulate(scratch.start.begin(), scratch.start.end(), uint64_t{0});
      }
    }
  }
  if (ticker.stopped()) ticker.finish(kBuilding);
  uint64_t bands_total = 0;
  for (int64_t f = 0; f < nf; ++f) {
    m.polygons[f].first_band = bands_total;
    bands_total += static_cast<uint64_t>(m.polygons[f].bands);
    edge_base[f + 1] += edge_base[f];
  }
  m.banded.size = edge_base[nf];
  m.banded.edges.reset(new Edge[m.banded.size]);
  m.banded.band_start.assign(bands_total + 1, 0);
#pragma omp parallel
  {
    BandScratch scratch;
    std::vector<uint64_t> fill;
#pragma omp for schedule(dynamic, 1)
    for (int64_t block = 0; block < feature_blocks; ++block) {
      const int64_t f0 = block * kFeatures, f1 = std::min(nf, f0 + kFeatures);
      if (!ticker.tick(static_cast<double>(vertex_end(f1) - vertex_end(f0)))) continue;
      for (int64_t f = f0; f < f1; ++f) {
        const BandedPolygon& p = m.polygons[f];
        plan_polygon(ps, static_cast<size_t>(f), scratch);  // the same edges and counts again
        for (int b = 0; b < p.bands; ++b) scratch.start[b + 1] += scratch.start[b];
        fill.assign(scratch.start.begin(), scratch.start.end() - 1);
        for (const Edge& e : scratch.edges) {  // in edge order: each band lists its edges ascending
          int lo, hi;
          band_range(p, e, lo, hi);
          for (int b = lo; b <= hi; ++b) m.banded.edges[edge_base[f] + fill[b]++] = e;
        }
        for (int b = 0; b < p.bands; ++b) m.banded.band_start[p.first_band + b + 1] = edge_base[f] + scratch.start[b + 1];
      }
    }
  }
  if (ticker.stopped()) ticker.finish(kBuilding);
  const size_t total_edges = m.banded.size;
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
  for (size_t f = 0; f < m.polygons.size(); ++f) {
    const BandedPolygon& p = m.polygons[f];
    if ((f & 4095) == 4095) detail::tick_or_throw(ticker, 0.0, kBuilding);
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
    if ((p & 4095) == 4095) detail::tick_or_throw(ticker, 0.0, kBuilding);
    if (m.polygons[p].box.empty()) continue;
    int64_t c0, c1, r0, r1;
    cell_range(m.polygons[p].box, c0, c1, r0, r1);
    for (int64_t r = r0; r <= r1; ++r)
      for (int64_t c = c0; c <= c1; ++c) m.cell_polygons[counts[r * m.ncols + c]++] = p;
  }
  // Cells touched by an edge's box (one cell beyond, for edges on cell borders) need a scan.
  std::vector<uint8_t> touched(ncells, 0);
  for (size_t f = 0; f < m.polygons.size(); ++f) {
    const BandedPolygon& p = m.polygons[f];
    if ((f & 1023) == 1023) {
      const auto f1 = static_cast<int64_t>(f) + 1;
      detail::tick_or_throw(ticker, static_cast<double>(vertex_end(f1) - vertex_end(f1 - 1024)), kBuilding);
    }
    for (uint64_t i = p.edge_begin(m.banded); i < p.edge_end(m.banded); ++i) {
      const Edge& e = m.banded.edges[i];
      Box eb{std::min(e.x0, e.x1), e.y0, std::max(e.x0, e.x1), e.y1};
      int64_t c0, c1, r0, r1;
      cell_range(eb, c0, c1, r0, r1);
      for (int64_t r = std::max<int64_t>(0, r0 - 1); r <= std::min(m.nrows - 1, r1 + 1); ++r)
        for (int64_t c = std::max<int64_t>(0, c0 - 1); c <= std::min(m.ncols - 1, c1 + 1); ++c) touched[r * m.ncols + c] = 1;
    }
  }
  m.cell_owner.assign(ncells, -2);
  constexpr int64_t kCells = 256;
  const int64_t blocks = (ncells + kCells - 1) / kCells;
#pragma omp parallel for schedule(dynamic, 1)
  for (int64_t block = 0; block < blocks; ++block) {
    if (!ticker.tick(vertices * static_cast<double>(kCells) / static_cast<double>(ncells))) continue;
    for (int64_t cell = block * kCells; cell < std::min(ncells, (block + 1) * kCells); ++cell) {
      if (touched[cell]) continue;
      const double cx = m.box.xmin + (static_cast<double>(cell % m.ncols) + 0.5) * m.cell_w;
      const double cy = m.box.ymin + (static_cast<double>(cell / m.ncols) + 0.5) * m.cell_h;
      m.cell_owner[cell] = m.scan(cell, cx, cy);
    }
  }
  ticker.finish(kBuilding);
}

PolygonLocator::~PolygonLocator() = default;
PolygonLocator::PolygonLocator(PolygonLocator&&) noexcept = default;
PolygonLocator& PolygonLocator::operator=(PolygonLocator&&) noexcept = default;

int64_t PolygonLocator::locate(double x, double y) const { return impl_->locate(x, y); }

namespace {
// Runs `body(k)` for k in [0, n) on `threads` threads in chunks of 4,096 (static order, as
// `schedule(static, 4096)`), ticking `ticker` once per chunk: polling costs one atomic add per
// chunk, so Ctrl-C works without slowing the join.
template <typename Body>
void for_chunks(int64_t n, int threads, detail::ProgressTicker& ticker, Body&& body) {
  constexpr int64_t kChunk = 4096;
  const int64_t chunks = (n + kChunk - 1) / kChunk;
#pragma omp parallel for schedule(static, 1) num_threads(threads)
  for (int64_t c = 0; c < chunks; ++c) {
    const int64_t begin = c * kChunk, end = std::min(n, begin + kChunk);
    if (!ticker.tick(static_cast<double>(end - begin))) continue;
    for (int64_t k = begin; k < end; ++k) body(k);
  }
}
}  // namespace

std::vector<int64_t> PolygonLocator::locate(const PointSet& points, const LocateOptions& options) const {
  const auto n = static_cast<int64_t>(points.size());
  std::vector<int64_t> out(points.size(), -1);
  const double* xs = points.x().data();
  const double* ys = points.y().data();
  const Impl& m = *impl_;
  const int threads = detail::thread_count(options.threads);
  detail::ProgressTicker ticker(options.progress, static_cast<double>(n));
  if (m.polygons.empty()) {
    ticker.finish("locate");
    return out;
  }
  const size_t edge_bytes = m.banded.size * sizeof(Edge);
  if (edge_bytes < (256u << 10) || n < 65536) {
    for_chunks(n, threads, ticker, [&](int64_t i) { out[i] = m.locate(xs[i], ys[i]); });
    ticker.finish("locate");
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
  detail::tick_or_throw(ticker, static_cast<double>(n - inside), "locate");
  for_chunks(inside, threads, ticker, [&](int64_t k) { out[order[k]] = m.locate(xs[order[k]], ys[order[k]]); });
  ticker.finish("locate");
  return out;
}

LocatedPairs PolygonLocator::locate_all(const PointSet& points, const LocateOptions& options) const {
  const auto n = static_cast<int64_t>(points.size());
  const int threads = detail::thread_count(options.threads);
  const Impl& m = *impl_;
  const double* xs = points.x().data();
  const double* ys = points.y().data();
  // Two passes (count, then fill at each point's offset) keep the pairs in point order for any
  // thread count; each pass is half of the progress.
  detail::ProgressTicker ticker(options.progress, 2.0 * static_cast<double>(n));
  std::vector<int64_t> start(points.size() + 1, 0);
  for_chunks(n, threads, ticker, [&](int64_t i) {
    int64_t hits = 0;
    m.each(xs[i], ys[i], [&](int64_t, bool) { return ++hits, true; });
    start[static_cast<size_t>(i) + 1] = hits;
  });
  if (ticker.stopped()) ticker.finish("locate");
  for (size_t i = 0; i < points.size(); ++i) start[i + 1] += start[i];
  LocatedPairs out;
  out.point.resize(static_cast<size_t>(start.back()));
  out.polygon.resize(static_cast<size_t>(start.back()));
  for_chunks(n, threads, ticker, [&](int64_t i) {
    auto at = static_cast<size_t>(start[static_cast<size_t>(i)]);
    m.each(xs[i], ys[i], [&](int64_t p, bool) {
      out.point[at] = i;
      out.polygon[at++] = p;
      return true;
    });
  });
  ticker.finish("locate");
  return out;
}

int64_t PolygonLocator::count_in_several(const PointSet& points, const LocateOptions& options) const {
  const auto n = static_cast<int64_t>(points.size());
  const Impl& m = *impl_;
  const double* xs = points.x().data();
  const double* ys = points.y().data();
  detail::ProgressTicker ticker(options.progress, static_cast<double>(n));
  constexpr int64_t kChunk = 4096;
  const int64_t chunks = (n + kChunk - 1) / kChunk;
  int64_t several = 0;
#pragma omp parallel for schedule(static, 1) num_threads(detail::thread_count(options.threads)) reduction(+ : several)
  for (int64_t c = 0; c < chunks; ++c) {
    const int64_t begin = c * kChunk, end = std::min(n, begin + kChunk);
    if (!ticker.tick(static_cast<double>(end - begin))) continue;
    for (int64_t i = begin; i < end; ++i) {
      int inside = 0;
      m.each(xs[i], ys[i], [&](int64_t, bool on_boundary) { return (inside += !on_boundary) < 2; });
      several += inside >= 2;
    }
  }
  ticker.finish("count");
  return several;
}

namespace {
// The CRS rule, then the polled phases every free function here shares: reprojecting the points,
// building the index, the queries — each weighted by its rough cost per item.
template <typename Query>
auto with_locator(const PointSet& points, const PolygonSet& polygons, const LocateOptions& options, const char* what,
                  Query&& query) {
  const Crs frame = analysis_crs({layer_ref(polygons, "polygons"), layer_ref(points, "points")}, Measure::Topology);
  const double moved = detail::InCrsPolled<PointSet>::moves(points, frame) ? static_cast<double>(points.size()) : 0.0;
  const double total = moved + static_cast<double>(polygons.num_vertices()) + static_cast<double>(points.size()) + 1.0;
  const double a = moved / total, b = a + static_cast<double>(polygons.num_vertices()) / total;
  const ProgressCallback reproject = detail::progress_part(options.progress, 0.0, a);
  const ProgressCallback build = detail::progress_part(options.progress, a, b);
  LocateOptions queries = options;
  queries.progress = detail::progress_part(options.progress, b, 1.0);
  const detail::InCrsPolled<PointSet> aligned(points, frame, reproject, what);
  return query(PolygonLocator(polygons, build), aligned.get(), queries);
}
}  // namespace

std::vector<int64_t> locate(const PointSet& points, const PolygonSet& polygons, const LocateOptions& options) {
  return with_locator(points, polygons, options, "locate",
                      [](const PolygonLocator& index, const PointSet& p, const LocateOptions& o) { return index.locate(p, o); });
}

LocatedPairs locate_all(const PointSet& points, const PolygonSet& polygons, const LocateOptions& options) {
  return with_locator(points, polygons, options, "locate", [](const PolygonLocator& index, const PointSet& p,
                                                              const LocateOptions& o) { return index.locate_all(p, o); });
}

int64_t count_in_several(const PointSet& points, const PolygonSet& polygons, const LocateOptions& options) {
  return with_locator(points, polygons, options, "count", [](const PolygonLocator& index, const PointSet& p,
                                                             const LocateOptions& o) { return index.count_in_several(p, o); });
}

}  // namespace watchmap
