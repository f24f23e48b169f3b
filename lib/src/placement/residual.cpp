#include "placement/residual.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <unordered_map>

namespace watchmap::detail {

namespace {

uint64_t hash_list(std::span<const int32_t> list) {
  uint64_t h = 1469598103934665603ull ^ list.size();
  for (int32_t v : list) {
    h ^= static_cast<uint32_t>(v);
    h *= 1099511628211ull;
    h ^= h >> 29;
  }
  return h;
}

bool same(std::span<const int32_t> a, std::span<const int32_t> b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

/// Groups lists into distinct ones in order of first appearance. `add(list, index)` is called for
/// each new group with its list; returns the group of every list.
template <typename GetList, typename NewGroup>
std::vector<int32_t> group_lists(int64_t n, GetList get, NewGroup add) {
  std::unordered_map<uint64_t, std::vector<int32_t>> seen;  // hash -> groups with that hash
  std::vector<int64_t> first;                                // first list of each group
  std::vector<int32_t> group(static_cast<size_t>(n), -1);
  seen.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const std::span<const int32_t> list = get(i);
    std::vector<int32_t>& bucket = seen[hash_list(list)];
    int32_t found = -1;
    for (int32_t g : bucket) {
      if (same(get(first[g]), list)) {
        found = g;
        break;
      }
    }
    if (found < 0) {
      found = static_cast<int32_t>(first.size());
      first.push_back(i);
      bucket.push_back(found);
      add(list);
    }
    group[i] = found;
  }
  return group;
}

/// Site-side lists from row-side ones (rows stay ascending within each site).
void transpose(int64_t num_rows, int64_t num_cols, const std::vector<int64_t>& row_offsets,
               const std::vector<int32_t>& row_cols, std::vector<int64_t>& col_offsets, std::vector<int32_t>& col_rows) {
  col_offsets.assign(static_cast<size_t>(num_cols) + 1, 0);
  for (int32_t c : row_cols) ++col_offsets[static_cast<size_t>(c) + 1];
  std::partial_sum(col_offsets.begin(), col_offsets.end(), col_offsets.begin());
  col_rows.resize(row_cols.size());
  std::vector<int64_t> next(col_offsets.begin(), col_offsets.end() - 1);
  for (int64_t r = 0; r < num_rows; ++r) {
    for (int64_t p = row_offsets[r]; p < row_offsets[r + 1]; ++p) col_rows[next[row_cols[p]]++] = static_cast<int32_t>(r);
  }
}

}  // namespace

// Whether sorted `a` is contained in sorted `b`.
bool subset(std::span<const int32_t> a, std::span<const int32_t> b) {
  if (a.size() > b.size()) return false;
  size_t j = 0;
  for (int32_t v : a) {
    while (j < b.size() && b[j] < v) ++j;
    if (j == b.size() || b[j] != v) return false;
    ++j;
  }
  return true;
}

Residual make_residual(const CoverageProblem& problem) {
  const CoverageRelation& cand = problem.candidates;
  const CoverageRelation& ex = problem.existing;
  const int64_t n = cand.num_demand;
  Residual out;
  out.num_sites = cand.num_sites;
  out.weight = problem.weights.empty() ? std::vector<double>(static_cast<size_t>(n), 1.0) : problem.weights;
  out.demand_row.assign(static_cast<size_t>(n), -1);
  out.existing_team.assign(static_cast<size_t>(n), -1);
  std::vector<int64_t> open;  // demand points in the residual, ascending
  for (int64_t i = 0; i < n; ++i) {
    const double w = out.weight[i];
    out.total_weight += w;
    if (w != std::floor(w)) out.integral = false;
    if (ex.num_sites > 0) {
      const auto sites = ex.sites_of(i);
      const auto costs = ex.site_costs_of(i);
      // nearest covering existing team; ties to the lowest index (sites are ascending)
      int64_t best = -1;
      double best_cost = 0.0;
      for (size_t p = 0; p < sites.size(); ++p) {
        if (best < 0 || costs[p] < best_cost) {
          best = sites[p];
          best_cost = costs[p];
        }
      }
      out.existing_team[i] = best;
    }
    if (out.existing_team[i] >= 0) {
      out.existing_weight += w;
      continue;
    }
    if (!(w > 0.0)) continue;
    if (cand.sites_of(i).empty()) {
      out.uncoverable_weight += w;
      out.uncoverable.push_back(i);
      continue;
    }
    open.push_back(i);
  }
  if (out.total_weight > 9.0e15) out.integral = false;  // beyond exact integers in a double

  const std::vector<int32_t> group = group_lists(
      static_cast<int64_t>(open.size()), [&](int64_t q) { return cand.sites_of(open[q]); },
      [&](std::span<const int32_t> list) {
        out.row_sites.insert(out.row_sites.end(), list.begin(), list.end());
        out.row_offsets.push_back(static_cast<int64_t>(out.row_sites.size()));
      });
  out.row_weight.assign(out.row_offsets.size() - 1, 0.0);
  out.row_points.assign(out.row_offsets.size() - 1, 0);
  for (size_t q = 0; q < open.size(); ++q) {
    out.demand_row[open[q]] = group[q];
    out.row_weight[group[q]] += out.weight[open[q]];
    ++out.row_points[group[q]];
  }
  for (double w : out.row_weight) out.open_weight += w;
  transpose(out.num_rows(), out.num_sites, out.row_offsets, out.row_sites, out.site_offsets, out.site_rows);
  return out;
}

Reduced reduce_dominated(const Residual& res, int threads) {
  const int64_t m = res.num_sites;
  std::vector<int32_t> dominated_by(static_cast<size_t>(m), -1);
#pragma omp parallel for schedule(dynamic, 16) num_threads(threads)
  for (int64_t a = 0; a < m; ++a) {
    const auto rows_a = res.rows(a);
    if (rows_a.empty()) continue;
    // Any dominator covers every row of a, in particular a's row with the fewest candidates.
    int32_t pivot = rows_a[0];
    for (int32_t r : rows_a) {
      if (res.sites(r).size() < res.sites(pivot).size()) pivot = r;
    }
    for (int32_t b : res.sites(pivot)) {
      if (b == a) continue;
      const auto rows_b = res.rows(b);
      if (rows_b.size() < rows_a.size() || (rows_b.size() == rows_a.size() && b > a)) continue;
      if (subset(rows_a, rows_b)) {
        dominated_by[a] = b;
        break;
      }
    }
  }
  Reduced out;
  out.rep.assign(static_cast<size_t>(m), -1);
  std::vector<int32_t> position(static_cast<size_t>(m), -1);
  for (int64_t a = 0; a < m; ++a) {
    if (!res.rows(a).empty() && dominated_by[a] < 0) {
      position[a] = static_cast<int32_t>(out.cols.size());
      out.cols.push_back(static_cast<int32_t>(a));
    }
  }
  for (int64_t a = 0; a < m; ++a) {
    if (res.rows(a).empty()) continue;
    int32_t r = static_cast<int32_t>(a);
    while (dominated_by[r] >= 0) r = dominated_by[r];  // sizes grow or indices fall: no cycle
    out.rep[a] = r;
  }
  // Rows by their kept candidates, regrouped (rows that now look alike become one).
  std::vector<int64_t> kept_offsets{0};
  std::vector<int32_t> kept;
  for (int64_t r = 0; r < res.num_rows(); ++r) {
    for (int32_t s : res.sites(r)) {
      if (position[s] >= 0) kept.push_back(position[s]);
    }
    kept_offsets.push_back(static_cast<int64_t>(kept.size()));
  }
  const std::vector<int32_t> group = group_lists(
      res.num_rows(),
      [&](int64_t r) {
        return std::span<const int32_t>(kept.data() + kept_offsets[r], kept.data() + kept_offsets[r + 1]);
      },
      [&](std::span<const int32_t> list) {
        out.row_cols.insert(out.row_cols.end(), list.begin(), list.end());
        out.row_offsets.push_back(static_cast<int64_t>(out.row_cols.size()));
      });
  out.row_weight.assign(out.row_offsets.size() - 1, 0.0);
  for (int64_t r = 0; r < res.num_rows(); ++r) out.row_weight[group[r]] += res.row_weight[r];
  for (double w : out.row_weight) out.total_weight += w;
  transpose(out.num_rows(), out.num_cols(), out.row_offsets, out.row_cols, out.col_offsets, out.col_rows);
  return out;
}

std::vector<int32_t> to_reduced_cols(const Reduced& reduced, const std::vector<int32_t>& candidates) {
  std::vector<int32_t> out;
  for (int32_t c : candidates) {
    const int32_t r = reduced.rep[c];
    if (r < 0) continue;
    const auto it = std::lower_bound(reduced.cols.begin(), reduced.cols.end(), r);
    out.push_back(static_cast<int32_t>(it - reduced.cols.begin()));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace watchmap::detail
