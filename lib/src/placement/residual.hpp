#pragma once
// The part of a placement problem that is still open: demand of positive weight, not covered by
// an existing team, that some candidate covers. Demand points with the same candidate set are one
// row (their weights summed), which changes no objective and makes every later step smaller.
#include <cstdint>
#include <span>
#include <vector>

#include "watchmap/placement.hpp"

namespace watchmap::detail {

/// Rows × candidates, both ways; candidate indices are the problem's.
struct Residual {
  int64_t num_sites = 0;
  std::vector<double> row_weight;   // Σ weight of the row's demand points (ascending order)
  std::vector<int64_t> row_points;  // how many demand points the row stands for
  std::vector<int64_t> row_offsets{0};
  std::vector<int32_t> row_sites;   // ascending
  std::vector<int64_t> site_offsets;
  std::vector<int32_t> site_rows;   // ascending

  // Per demand point of the problem.
  std::vector<double> weight;          // the weight used (1 when the problem has none)
  std::vector<int32_t> demand_row;     // -1: not open (covered by existing, weight 0, or uncoverable)
  std::vector<int64_t> existing_team;  // nearest existing team covering it, -1

  double total_weight = 0.0;
  double existing_weight = 0.0;        // covered by existing teams
  double uncoverable_weight = 0.0;     // weight > 0, nothing covers it
  std::vector<int64_t> uncoverable;    // those demand points
  double open_weight = 0.0;            // Σ row_weight
  bool integral = true;                // every weight is an integer (bounds may round down)

  int64_t num_rows() const { return static_cast<int64_t>(row_weight.size()); }
  std::span<const int32_t> sites(int64_t row) const {
    return {row_sites.data() + row_offsets[row], row_sites.data() + row_offsets[row + 1]};
  }
  std::span<const int32_t> rows(int64_t site) const {
    return {site_rows.data() + site_offsets[site], site_rows.data() + site_offsets[site + 1]};
  }
};

Residual make_residual(const CoverageProblem& problem);

/// A model over residual rows and the candidates that are not dominated: candidate a is dropped
/// when another candidate b covers every row a covers (and more, or the same with b < a). For
/// maximal and set covering this changes no optimum: b does at least what a does.
struct Reduced {
  std::vector<int32_t> cols;       // kept candidates, ascending
  std::vector<int32_t> rep;        // per candidate: a kept candidate covering a superset, -1 if none
  std::vector<double> row_weight;  // rows regrouped by their kept candidates
  std::vector<int64_t> row_offsets{0};
  std::vector<int32_t> row_cols;   // positions in `cols`, ascending
  std::vector<int64_t> col_offsets{0};
  std::vector<int32_t> col_rows;   // ascending
  double total_weight = 0.0;

  int64_t num_rows() const { return static_cast<int64_t>(row_weight.size()); }
  int64_t num_cols() const { return static_cast<int64_t>(cols.size()); }
  int64_t num_nonzeros() const { return static_cast<int64_t>(col_rows.size()); }
  std::span<const int32_t> rows_of(int64_t col) const {
    return {col_rows.data() + col_offsets[col], col_rows.data() + col_offsets[col + 1]};
  }
  std::span<const int32_t> cols_of(int64_t row) const {
    return {row_cols.data() + row_offsets[row], row_cols.data() + row_offsets[row + 1]};
  }
};

Reduced reduce_dominated(const Residual& residual, int threads);

/// Whether sorted `a` is contained in sorted `b`.
bool subset(std::span<const int32_t> a, std::span<const int32_t> b);

/// Candidates mapped to kept columns (positions in reduced.cols), duplicates removed.
std::vector<int32_t> to_reduced_cols(const Reduced& reduced, const std::vector<int32_t>& candidates);

}  // namespace watchmap::detail
