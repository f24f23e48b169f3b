#pragma once
// k nearest neighbours on an implicit k-d tree (median splits over an index array, leaves of 8).
// Exact, with ties at the k-th distance resolved to the lowest indices: candidates are ordered by
// (squared distance, index) and a subtree is skipped only when it is strictly farther than the
// current k-th candidate, so the answer does not depend on the tree's shape.
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace watchmap::detail {

class KnnTree {
 public:
  KnnTree(const std::vector<double>& x, const std::vector<double>& y) : x_(x), y_(y), order_(x.size()) {
    for (size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<int64_t>(i);
    build(0, static_cast<int64_t>(order_.size()), 0);
  }

  /// The k nearest points to point `self` other than itself, as (squared distance, index),
  /// nearest first. `heap` is scratch space (reused between calls).
  void query(int64_t self, int k, std::vector<std::pair<double, int64_t>>& heap) const {
    heap.clear();
    search(0, static_cast<int64_t>(order_.size()), 0, x_[self], y_[self], self, static_cast<size_t>(k), heap);
    std::sort_heap(heap.begin(), heap.end());
  }

 private:
  static constexpr int64_t kLeaf = 8;

  void build(int64_t lo, int64_t hi, int axis) {
    if (hi - lo <= kLeaf) return;
    const int64_t mid = lo + (hi - lo) / 2;
    const std::vector<double>& c = axis == 0 ? x_ : y_;
    std::nth_element(order_.begin() + lo, order_.begin() + mid, order_.begin() + hi,
                     [&](int64_t a, int64_t b) { return c[a] < c[b] || (c[a] == c[b] && a < b); });
    build(lo, mid, 1 - axis);
    build(mid + 1, hi, 1 - axis);
  }

  void offer(std::vector<std::pair<double, int64_t>>& heap, size_t k, double d2, int64_t j) const {
    const std::pair<double, int64_t> cand{d2, j};
    if (heap.size() < k) {
      heap.push_back(cand);
      std::push_heap(heap.begin(), heap.end());
    } else if (cand < heap.front()) {
      std::pop_heap(heap.begin(), heap.end());
      heap.back() = cand;
      std::push_heap(heap.begin(), heap.end());
    }
  }

  void search(int64_t lo, int64_t hi, int axis, double qx, double qy, int64_t self, size_t k,
              std::vector<std::pair<double, int64_t>>& heap) const {
    if (hi - lo <= kLeaf) {
      for (int64_t p = lo; p < hi; ++p) {
        const int64_t j = order_[p];
        if (j == self) continue;
        const double dx = x_[j] - qx, dy = y_[j] - qy;
        offer(heap, k, dx * dx + dy * dy, j);
      }
      return;
    }
    const int64_t mid = lo + (hi - lo) / 2;
    const int64_t m = order_[mid];
    if (m != self) {
      const double dx = x_[m] - qx, dy = y_[m] - qy;
      offer(heap, k, dx * dx + dy * dy, m);
    }
    const double diff = (axis == 0 ? qx - x_[m] : qy - y_[m]);
    const bool left_first = diff <= 0.0;
    // Near side first; the far side only when the splitting line is not farther than the k-th.
    if (left_first) {
      search(lo, mid, 1 - axis, qx, qy, self, k, heap);
    } else {
      search(mid + 1, hi, 1 - axis, qx, qy, self, k, heap);
    }
    if (heap.size() < k || diff * diff <= heap.front().first) {
      if (left_first) {
        search(mid + 1, hi, 1 - axis, qx, qy, self, k, heap);
      } else {
        search(lo, mid, 1 - axis, qx, qy, self, k, heap);
      }
    }
  }

  const std::vector<double>& x_;
  const std::vector<double>& y_;
  std::vector<int64_t> order_;
};

}  // namespace watchmap::detail
