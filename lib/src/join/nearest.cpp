#include "watchmap/nearest.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <unistd.h>

#include "core/in_crs.hpp"
#include "core/parallel.hpp"
#include "core/progress_ticker.hpp"
#include "core/text.hpp"
#include "watchmap/error.hpp"

namespace watchmap {

namespace {
constexpr uint32_t kLeafSize = 12;

struct Node {
  Box box;
  uint32_t begin = 0, end = 0;  // range in the reordered point arrays
  int32_t left = -1, right = -1;
};

double box_distance2(const Box& b, double x, double y) {
  const double dx = x < b.xmin ? b.xmin - x : (x > b.xmax ? x - b.xmax : 0.0);
  const double dy = y < b.ymin ? b.ymin - y : (y > b.ymax ? y - b.ymax : 0.0);
  return dx * dx + dy * dy;
}
}  // namespace

struct PointIndex::Impl {
  std::vector<double> x, y;   // reordered coordinates
  std::vector<int64_t> id;    // original index of each reordered point
  std::vector<Node> nodes;

  // Polled at nodes of at least this many points (about 2 ms of work each).
  static constexpr uint32_t kTickNode = 1u << 15;
  detail::ProgressTicker* ticker = nullptr;
  double levels = 1.0;  // tree depth, so that every level's ticks add up to 1/levels of the work

  int32_t build(uint32_t begin, uint32_t end) {
    if (ticker != nullptr && end - begin >= kTickNode) {
      detail::tick_or_throw(*ticker, static_cast<double>(end - begin) / levels, "building the point index");
    }
    Node node;
    node.begin = begin;
    node.end = end;
    for (uint32_t i = begin; i < end; ++i) node.box.extend(x[i], y[i]);
    const auto index = static_cast<int32_t>(nodes.size());
    nodes.push_back(node);
    if (end - begin <= kLeafSize) return index;
    const bool split_x = node.box.width() >= node.box.height();
    const uint32_t mid = begin + (end - begin) / 2;
    std::vector<uint32_t> order(end - begin);
    std::iota(order.begin(), order.end(), begin);
    const std::vector<double>& key = split_x ? x : y;
    // (coordinate, original id) order makes the tree independent of input quirks.
    std::nth_element(order.begin(), order.begin() + (mid - begin), order.end(), [&](uint32_t a, uint32_t b) {
      return key[a] < key[b] || (key[a] == key[b] && id[a] < id[b]);
    });
    std::vector<double> nx(end - begin), ny(end - begin);
    std::vector<int64_t> nid(end - begin);
    for (uint32_t k = 0; k < order.size(); ++k) {
      nx[k] = x[order[k]];
      ny[k] = y[order[k]];
      nid[k] = id[order[k]];
    }
    std::copy(nx.begin(), nx.end(), x.begin() + begin);
    std::copy(ny.begin(), ny.end(), y.begin() + begin);
    std::copy(nid.begin(), nid.end(), id.begin() + begin);
    const int32_t left = build(begin, mid);
    const int32_t right = build(mid, end);
    nodes[index].left = left;
    nodes[index].right = right;
    return index;
  }

  void nearest(double qx, double qy, int64_t& best_id, double& best_d2) const {
    int32_t stack[128];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const Node& node = nodes[stack[--top]];
      if (box_distance2(node.box, qx, qy) > best_d2) continue;
      if (node.left < 0) {
        for (uint32_t i = node.begin; i < node.end; ++i) {
          const double dx = x[i] - qx, dy = y[i] - qy;
          const double d2 = dx * dx + dy * dy;
          if (d2 < best_d2 || (d2 == best_d2 && (best_id < 0 || id[i] < best_id))) {
            best_d2 = d2;
            best_id = id[i];
          }
        }
        continue;
      }
      // Visit the nearer child first (pushed last).
      const double dl = box_distance2(nodes[node.left].box, qx, qy);
      const double dr = box_distance2(nodes[node.right].box, qx, qy);
      if (dl <= dr) {
        stack[top++] = node.right;
        stack[top++] = node.left;
      } else {
        stack[top++] = node.left;
        stack[top++] = node.right;
      }
    }
  }

  // How many points lie within sqrt(r2) of (qx, qy); whole nodes inside the circle count at once,
  // so even a radius covering everything costs a few node visits.
  size_t count_within(double qx, double qy, double r2) const {
    int32_t stack[128];
    int top = 0;
    stack[top++] = 0;
    size_t count = 0;
    while (top > 0) {
      const Node& node = nodes[stack[--top]];
      if (box_distance2(node.box, qx, qy) > r2) continue;
      const double fx = std::max(std::abs(node.box.xmin - qx), std::abs(node.box.xmax - qx));
      const double fy = std::max(std::abs(node.box.ymin - qy), std::abs(node.box.ymax - qy));
      if (fx * fx + fy * fy <= r2) {
        count += node.end - node.begin;
        continue;
      }
      if (node.left < 0) {
        for (uint32_t i = node.begin; i < node.end; ++i) {
          const double dx = x[i] - qx, dy = y[i] - qy;
          count += dx * dx + dy * dy <= r2;
        }
        continue;
      }
      stack[top++] = node.left;
      stack[top++] = node.right;
    }
    return count;
  }

  void within(double qx, double qy, double r2, std::vector<int64_t>& out) const {
    int32_t stack[128];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const Node& node = nodes[stack[--top]];
      if (box_distance2(node.box, qx, qy) > r2) continue;
      if (node.left < 0) {
        for (uint32_t i = node.begin; i < node.end; ++i) {
          const double dx = x[i] - qx, dy = y[i] - qy;
          if (dx * dx + dy * dy <= r2) out.push_back(id[i]);
        }
        continue;
      }
      stack[top++] = node.left;
      stack[top++] = node.right;
    }
  }
};

PointIndex::PointIndex(const PointSet& targets, const ProgressCallback& progress) : impl_(std::make_unique<Impl>()) {
  if (targets.size() >= (1ull << 31)) throw InvalidInput("point index: too many points (limit 2^31)");
  impl_->x = targets.x();
  impl_->y = targets.y();
  impl_->id.resize(targets.size());
  std::iota(impl_->id.begin(), impl_->id.end(), 0);
  // Levels whose nodes are polled: log2(n / kTickNode) + 1 of them, each adding up to n.
  const double n = static_cast<double>(targets.size());
  detail::ProgressTicker ticker(progress, n);
  impl_->ticker = &ticker;
  impl_->levels = std::max(1.0, std::floor(std::log2(std::max(n, 1.0) / Impl::kTickNode)) + 1.0);
  if (!targets.empty()) impl_->build(0, static_cast<uint32_t>(targets.size()));
  impl_->ticker = nullptr;
  ticker.finish("building the point index");
}

PointIndex::~PointIndex() = default;
PointIndex::PointIndex(PointIndex&&) noexcept = default;
PointIndex& PointIndex::operator=(PointIndex&&) noexcept = default;

size_t PointIndex::size() const { return impl_->x.size(); }

std::pair<int64_t, double> PointIndex::nearest(double x, double y, double max_distance) const {
  int64_t best = -1;
  double best_d2 = max_distance * max_distance;
  if (!impl_->nodes.empty()) impl_->nearest(x, y, best, best_d2);
  return {best, best < 0 ? std::numeric_limits<double>::infinity() : best_d2};
}

std::vector<int64_t> PointIndex::within(double x, double y, double radius) const {
  std::vector<int64_t> out;
  if (!impl_->nodes.empty()) impl_->within(x, y, radius * radius, out);
  std::sort(out.begin(), out.end());
  return out;
}

size_t PointIndex::count_within(double x, double y, double radius) const {
  return impl_->nodes.empty() ? 0 : impl_->count_within(x, y, radius * radius);
}

namespace {
double free_memory_bytes() {
  const long pages = sysconf(_SC_AVPHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? static_cast<double>(pages) * static_cast<double>(page_size) : 0.0;
}
}  // namespace

NearestResult nearest(const PointSet& points, const PointSet& targets, const NearestOptions& options) {
  if (points.empty()) return {};
  const Crs frame = analysis_crs({layer_ref(points, "points"), layer_ref(targets, "targets")}, Measure::Metres);
  if (!(options.max_distance_m >= 0.0)) {
    throw InvalidInput("nearest: max_distance_m must be >= 0 (got " + detail::fmt(options.max_distance_m) + ")");
  }
  const int threads = detail::thread_count(options.threads);
  // Phases weighted by rough cost per item: reprojections, the tree build (~2 units per
  // target), queries (~1 per point).
  const auto n = static_cast<int64_t>(points.size());
  const double moved_p = detail::InCrsPolled<PointSet>::moves(points, frame) ? static_cast<double>(n) : 0.0;
  const double moved_t = detail::InCrsPolled<PointSet>::moves(targets, frame) ? static_cast<double>(targets.size()) : 0.0;
  const double total = moved_p + moved_t + 2.0 * static_cast<double>(targets.size()) + static_cast<double>(n);
  const double f1 = moved_p / total, f2 = f1 + moved_t / total;
  const double f3 = f2 + 2.0 * static_cast<double>(targets.size()) / total;
  const ProgressCallback reproject_points = detail::progress_part(options.progress, 0.0, f1);
  const ProgressCallback reproject_targets = detail::progress_part(options.progress, f1, f2);
  const ProgressCallback build = detail::progress_part(options.progress, f2, f3);
  const ProgressCallback queries = detail::progress_part(options.progress, f3, 1.0);
  const detail::InCrsPolled<PointSet> p(points, frame, reproject_points, "nearest");
  const detail::InCrsPolled<PointSet> t(targets, frame, reproject_targets, "nearest");
  const PointIndex index(t.get(), build);
  const double* xs = p->x().data();
  const double* ys = p->y().data();
  NearestResult out;
  out.index.resize(points.size());
  out.distance_m.resize(points.size());
  // Chunks of 2,048 points in static order (as schedule(static, 2048)); one poll per chunk.
  constexpr int64_t kChunk = 2048;
  const int64_t chunks = (n + kChunk - 1) / kChunk;
  detail::ProgressTicker ticker(queries, static_cast<double>(n));
#pragma omp parallel for schedule(static, 1) num_threads(threads)
  for (int64_t c = 0; c < chunks; ++c) {
    const int64_t begin = c * kChunk, end = std::min(n, begin + kChunk);
    if (!ticker.tick(static_cast<double>(end - begin))) continue;
    for (int64_t i = begin; i < end; ++i) {
      const auto [j, d2] = index.nearest(xs[i], ys[i], options.max_distance_m);
      out.index[i] = j;
      out.distance_m[i] = j < 0 ? std::numeric_limits<double>::infinity() : std::sqrt(d2);
    }
  }
  ticker.finish("nearest");
  return out;
}

// Pairs expected from a sample of `a` (evenly spaced rows, so the same for any thread count).
double estimate_pairs(const PointIndex& index, const std::vector<double>& ax, const std::vector<double>& ay,
                      double radius) {
  const size_t n = ax.size();
  const size_t samples = std::min<size_t>(n, 2000);
  double total = 0.0;
  for (size_t k = 0; k < samples; ++k) {
    const size_t i = k * n / samples;
    total += static_cast<double>(index.count_within(ax[i], ay[i], radius));
  }
  return total * static_cast<double>(n) / static_cast<double>(samples);
}

PairList pairs_within(const PointSet& a, const PointSet& b, double radius_m, int threads, double max_bytes) {
  if (a.empty() || b.empty()) {
    if (!(radius_m >= 0.0) || !std::isfinite(radius_m)) throw InvalidInput("pairs_within: radius_m must be finite and >= 0");
    return {};
  }
  const Crs frame = analysis_crs({layer_ref(a, "a"), layer_ref(b, "b")}, Measure::Metres);
  const detail::InCrs<PointSet> pa(a, frame);
  const detail::InCrs<PointSet> pb(b, frame);
  if (!(radius_m >= 0.0) || !std::isfinite(radius_m)) {
    throw InvalidInput("pairs_within: radius_m must be finite and >= 0 (got " + detail::fmt(radius_m) + ")");
  }
  const int workers = detail::thread_count(threads);
  const PointIndex index(pb.get());
  const auto n = static_cast<int64_t>(a.size());
  {
    // Each pair costs 8 bytes while collected and 24 in the result: estimate before building.
    const double pairs = estimate_pairs(index, pa->x(), pa->y(), radius_m);
    const double bytes = pairs * 32.0;
    const double limit = max_bytes > 0.0 ? max_bytes : 0.5 * free_memory_bytes();
    if (limit > 0.0 && bytes > limit) {
      throw InvalidInput("pairs_within: radius_m " + detail::fmt(radius_m) + " gives about " + detail::fmt(pairs) +
                         " pairs (estimated from a sample of " + std::to_string(std::min<size_t>(a.size(), 2000)) +
                         " points), about " + detail::fmt(bytes / 1e9) + " GB, above the " +
                         detail::fmt(limit / 1e9) + " GB allowed; use a smaller radius or fewer points (or "
                         "nearest() / count per polygon instead of all pairs)");
    }
  }
  const std::vector<double>& ax = pa->x();
  const std::vector<double>& ay = pa->y();
  const std::vector<double>& bx = pb->x();
  const std::vector<double>& by = pb->y();
  std::vector<std::vector<int64_t>> hits(a.size());
#pragma omp parallel for schedule(dynamic, 256) num_threads(workers)
  for (int64_t i = 0; i < n; ++i) hits[i] = index.within(ax[i], ay[i], radius_m);
  PairList out;
  size_t total = 0;
  for (const auto& h : hits) total += h.size();
  out.a.reserve(total);
  out.b.reserve(total);
  out.distance_m.reserve(total);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j : hits[i]) {
      out.a.push_back(i);
      out.b.push_back(j);
      out.distance_m.push_back(std::hypot(ax[i] - bx[j], ay[i] - by[j]));
    }
    std::vector<int64_t>().swap(hits[i]);
  }
  return out;
}

}  // namespace watchmap
