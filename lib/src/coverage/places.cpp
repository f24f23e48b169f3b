// The most populous place of each hamlet: the densest block of squares, by a sort (O(n log n)).
#include "coverage/places.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>

namespace watchmap::detail {

namespace {

struct Key {
  int64_t hamlet, row, col;
  auto tie() const { return std::tie(hamlet, row, col); }
  bool operator<(const Key& o) const { return tie() < o.tie(); }
  bool operator==(const Key& o) const { return tie() == o.tie(); }
};

}  // namespace

std::vector<int64_t> most_populous_points(size_t hamlets, const PointSet& points, const std::vector<int64_t>& hamlet_of,
                                          const std::vector<double>& weight, double cell_m) {
  std::vector<int64_t> best(hamlets, -1);
  std::vector<std::pair<Key, int64_t>> keyed;
  keyed.reserve(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    if (hamlet_of[i] < 0 || !(weight[i] > 0.0)) continue;
    keyed.push_back({{hamlet_of[i], static_cast<int64_t>(std::floor(points.y()[i] / cell_m)),
                      static_cast<int64_t>(std::floor(points.x()[i] / cell_m))},
                     static_cast<int64_t>(i)});
  }
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return a.first < b.first || (a.first == b.first && a.second < b.second);
  });
  // Squares (runs of equal keys) with their residents.
  std::vector<Key> squares;
  std::vector<size_t> first;  // start of each square's run in `keyed`
  std::vector<double> residents;
  for (size_t k = 0; k < keyed.size(); ++k) {
    if (squares.empty() || !(squares.back() == keyed[k].first)) {
      squares.push_back(keyed[k].first);
      first.push_back(k);
      residents.push_back(0.0);
    }
    residents.back() += weight[static_cast<size_t>(keyed[k].second)];
  }
  first.push_back(keyed.size());
  auto find = [&](const Key& key) -> int64_t {
    const auto it = std::lower_bound(squares.begin(), squares.end(), key);
    return it != squares.end() && *it == key ? it - squares.begin() : -1;
  };
  // Per hamlet, the square whose 3 × 3 block holds the most residents (ties: the first in order).
  std::vector<double> best_score(hamlets, -1.0);
  std::vector<int64_t> best_square(hamlets, -1);
  for (size_t s = 0; s < squares.size(); ++s) {
    double score = 0.0;
    for (int64_t dr = -1; dr <= 1; ++dr)
      for (int64_t dc = -1; dc <= 1; ++dc) {
        const int64_t n = find({squares[s].hamlet, squares[s].row + dr, squares[s].col + dc});
        if (n >= 0) score += residents[static_cast<size_t>(n)];
      }
    const auto h = static_cast<size_t>(squares[s].hamlet);
    if (score > best_score[h]) {
      best_score[h] = score;
      best_square[h] = static_cast<int64_t>(s);
    }
  }
  for (size_t h = 0; h < hamlets; ++h) {
    if (best_square[h] < 0) continue;
    const Key& centre = squares[static_cast<size_t>(best_square[h])];
    std::vector<int64_t> block;
    double sx = 0.0, sy = 0.0, sw = 0.0;
    for (int64_t dr = -1; dr <= 1; ++dr)
      for (int64_t dc = -1; dc <= 1; ++dc) {
        const int64_t n = find({centre.hamlet, centre.row + dr, centre.col + dc});
        if (n < 0) continue;
        for (size_t k = first[static_cast<size_t>(n)]; k < first[static_cast<size_t>(n) + 1]; ++k) {
          const auto i = static_cast<size_t>(keyed[k].second);
          block.push_back(keyed[k].second);
          sx += weight[i] * points.x()[i];
          sy += weight[i] * points.y()[i];
          sw += weight[i];
        }
      }
    const double cx = sx / sw, cy = sy / sw;
    double closest = std::numeric_limits<double>::infinity();
    std::sort(block.begin(), block.end());
    for (int64_t i : block) {
      const double d = std::hypot(points.x()[static_cast<size_t>(i)] - cx, points.y()[static_cast<size_t>(i)] - cy);
      if (d < closest) {
        closest = d;
        best[h] = i;
      }
    }
  }
  return best;
}

}  // namespace watchmap::detail
