#include "placement/greedy.hpp"

#include <algorithm>
#include <queue>

namespace watchmap::detail {

Picks lazy_greedy(const Residual& res, const std::vector<double>& row_value, int64_t k, std::span<const int32_t> among) {
  std::vector<char> covered(static_cast<size_t>(res.num_rows()), 0);
  auto gain = [&](int32_t site) {
    double g = 0.0;
    for (int32_t row : res.rows(site)) {
      if (!covered[row]) g += row_value[row];
    }
    return g;
  };
  struct Entry {
    double gain;
    int32_t site;
    int64_t round;  // the pick count when `gain` was computed
  };
  auto after = [](const Entry& a, const Entry& b) { return a.gain < b.gain || (a.gain == b.gain && a.site > b.site); };
  std::priority_queue<Entry, std::vector<Entry>, decltype(after)> heap(after);
  auto offer = [&](int32_t site) {
    const double g = gain(site);
    if (g > 0.0) heap.push({g, site, 0});
  };
  if (among.empty()) {
    for (int64_t j = 0; j < res.num_sites; ++j) offer(static_cast<int32_t>(j));
  } else {
    for (int32_t j : among) offer(j);
  }
  Picks out;
  int64_t round = 0;
  while (round < k && !heap.empty()) {
    Entry top = heap.top();
    heap.pop();
    if (top.round != round) {  // stale: its true gain can only be smaller (submodularity)
      top.gain = gain(top.site);
      top.round = round;
      if (top.gain > 0.0) heap.push(top);
      continue;
    }
    out.sites.push_back(top.site);
    out.gains.push_back(top.gain);
    out.value += top.gain;
    for (int32_t row : res.rows(top.site)) covered[row] = 1;
    ++round;
  }
  return out;
}

int improve_by_swaps(const Residual& res, std::vector<int32_t>& sites, double tolerance, int max_swaps) {
  const int64_t m = res.num_sites;
  std::vector<int32_t> count(static_cast<size_t>(res.num_rows()));
  std::vector<char> in(static_cast<size_t>(m));
  std::vector<double> alone(static_cast<size_t>(m)), extra(static_cast<size_t>(m), 0.0);
  std::vector<int32_t> touched;
  std::vector<char> is_touched(static_cast<size_t>(m), 0);
  int swaps = 0;
  for (; swaps < max_swaps; ++swaps) {
    std::fill(count.begin(), count.end(), 0);
    std::fill(in.begin(), in.end(), 0);
    for (int32_t s : sites) {
      in[s] = 1;
      for (int32_t row : res.rows(s)) ++count[row];
    }
    // What each site would add to the current set.
    for (int64_t c = 0; c < m; ++c) {
      double g = 0.0;
      for (int32_t row : res.rows(c)) {
        if (count[row] == 0) g += res.row_weight[row];
      }
      alone[c] = g;
    }
    double best = tolerance;
    int best_pos = -1;
    int32_t best_site = -1;
    for (size_t pos = 0; pos < sites.size(); ++pos) {
      // Removing sites[pos] loses the rows only it covers; a replacement covering them wins them back.
      double loss = 0.0;
      touched.clear();
      for (int32_t row : res.rows(sites[pos])) {
        if (count[row] != 1) continue;
        const double w = res.row_weight[row];
        loss += w;
        for (int32_t c : res.sites(row)) {
          if (!is_touched[c]) {
            is_touched[c] = 1;
            touched.push_back(c);
          }
          extra[c] += w;
        }
      }
      for (int64_t c = 0; c < m; ++c) {
        if (in[c]) continue;
        const double delta = alone[c] + extra[c] - loss;
        if (delta > best) {
          best = delta;
          best_pos = static_cast<int>(pos);
          best_site = static_cast<int32_t>(c);
        }
      }
      for (int32_t c : touched) {
        extra[c] = 0.0;
        is_touched[c] = 0;
      }
    }
    if (best_pos < 0) break;
    sites[best_pos] = best_site;
  }
  return swaps;
}

double covered_value(const Residual& res, std::span<const int32_t> sites) {
  std::vector<char> covered(static_cast<size_t>(res.num_rows()), 0);
  for (int32_t s : sites) {
    for (int32_t row : res.rows(s)) covered[row] = 1;
  }
  double value = 0.0;
  for (int64_t r = 0; r < res.num_rows(); ++r) {
    if (covered[r]) value += res.row_weight[r];
  }
  return value;
}

std::vector<int32_t> greedy_cover(const Residual& res) {
  std::vector<double> points(res.row_points.begin(), res.row_points.end());
  std::vector<int32_t> chosen = lazy_greedy(res, points, res.num_sites).sites;
  std::vector<int32_t> count(static_cast<size_t>(res.num_rows()), 0);
  for (int32_t s : chosen) {
    for (int32_t row : res.rows(s)) ++count[row];
  }
  for (size_t q = chosen.size(); q-- > 0;) {
    const auto rows = res.rows(chosen[q]);
    if (std::all_of(rows.begin(), rows.end(), [&](int32_t row) { return count[row] >= 2; })) {
      for (int32_t row : rows) --count[row];
      chosen.erase(chosen.begin() + static_cast<std::ptrdiff_t>(q));
    }
  }
  return chosen;
}

}  // namespace watchmap::detail
