#include "watchmap/nearest.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <unistd.h>

#include "core/in_crs.hpp"
#include "core/parallel.hpp"
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

  int32_t build(uint32_t begin, uint32_t end) {
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

PointIndex::PointIndex(const PointSet& targets) : impl_(std::make_unique<Impl>()) {
  if (targets.size() >= (1ull << 31)) throw InvalidInput("point index: too many points (limit 2^31)");
  impl_->x = targets.x();
  impl_->y = targets.y();
  impl_->id.resize(targets.size());
  std::iota(impl_->id.begin(), impl_->id.end(), 0);
  if (!targets.empty()) impl_->build(0, static_cast<uint32_t>(targets.size()));
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
  const detail::InCrs<PointSet> p(points, frame);
  const detail::InCrs<PointSet> t(targets, frame);
  if (!(options.max_distance_m >= 0.0)) {
    throw InvalidInput("nearest: max_distance_m must be >= 0 (got " + detail::fmt(options.max_distance_m) + ")");
  }
  const int threads = detail::thread_count(options.threads);
  const PointIndex index(t.get());
  const auto n = static_cast<int64_t>(points.size());
  const double* xs = p->x().data();
  const double* ys = p->y().data();
  NearestResult out;
  out.index.resize(points.size());
  out.distance_m.resize(points.size());
#pragma omp parallel for schedule(static, 2048) num_threads(threads)
  for (int64_t i = 0; i < n; ++i) {
    const auto [j, d2] = index.nearest(xs[i], ys[i], options.max_distance_m);
    out.index[i] = j;
    out.distance_m[i] = j < 0 ? std::numeric_limits<double>::infinity() : std::sqrt(d2);
  }
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
