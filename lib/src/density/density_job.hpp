#pragma once
// Pieces shared by the exact and binned density paths (lib/src/density*.cpp).
#include <vector>

#include "core/progress_ticker.hpp"
#include "watchmap/density.hpp"

namespace watchmap::detail {

/// Everything a density path needs, already checked: coordinates in the grid's CRS, weights
/// (empty = 1), h and the support radius in metres, and the output buffer (zeros).
struct DensityJob {
  const std::vector<double>* x = nullptr;
  const std::vector<double>* y = nullptr;
  const std::vector<double>* weights = nullptr;
  Grid grid;
  Kernel kernel = Kernel::Quartic;
  double h = 0.0;
  double radius = 0.0;   // support radius, metres
  double scale = 0.0;    // 1e6 / h²: kernel shape → per km²
  int threads = 1;
};

/// The direct splat: every point added to every cell of its support (any kernel; the reference).
void density_exact(const DensityJob& job, std::vector<double>& out, ProgressTicker& progress);
/// Per-row polynomial runs (exact_rows.cpp): uniform, epanechnikov, quartic and triweight only.
void density_exact_rows(const DensityJob& job, std::vector<double>& out, ProgressTicker& progress);
bool rows_path_applies(Kernel kernel);
/// How the per-row path lays out a row (exact_rows.cpp). Columns are counted from `longest` columns
/// west of the grid, in blocks of `block`; the runs that start in a block belong to its window of
/// `width` slots (the block and the longest run after it), whose polynomials are taken about slot
/// `origin` (its centre). `block_factor` is the block length in support radii.
struct RowWindows {
  int64_t longest = 1;  // the most columns a run can have
  int64_t block = 1;
  double inv_block = 1.0;
  int64_t width = 0;
  int64_t count = 0;  // windows in a row
  double origin = 0.0;
};
RowWindows row_windows(double radius_cells, int64_t ncols, double block_factor);
void density_binned(const DensityJob& job, std::vector<double>& out, ProgressTicker& progress);

}  // namespace watchmap::detail
