// Exact kernel density for the polynomial kernels by per-row polynomial runs (issue 13).
//
// Within one grid row the cells inside a point's support form one run of columns, and over that
// run the kernel is a polynomial in the column index: with t = column − origin,
//   1 − u² = q0 + q1·t + q2·t²,  K ∝ (1 − u²)^k,  k = 0 (uniform), 1, 2, 3 (triweight),
// a polynomial of degree 2k. Each point adds its coefficients to per-row difference arrays at the
// two ends of its run, and one prefix sum per row then evaluates every point at every cell:
// O(points × rows in support + cells) instead of O(points × cells in support).
//
// Precision: polynomials are expressed about a block origin every `block` columns, so |t| < block
// and the terms stay O(1) when block ≈ h/cell: the cancellation that a row-wide origin would cause
// (t up to thousands, t⁴ … t⁶) never happens. The prefix sums restart at every block, and a run
// that crosses blocks adds its coefficients again at each block it enters. (Carrying one running
// sum across blocks by Taylor shifts is cheaper but amplifies rounding residue like t^2k along the
// row: measured 5e-8 of the peak for triweight, against ≤ 1e-12 with restarts.)
// tests/cpp/density_test.cpp measures the difference from the direct sum (≤ 1e-11 of the peak).
//
// Determinism: a row is summed by one thread, points in a fixed order (bucketed by row with a
// stable counting sort), so results are bit-identical for any thread count.
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "core/huge_pages.hpp"
#include "density/density_job.hpp"
#include "density/kernels.hpp"

namespace watchmap::detail {

namespace {

template <Kernel K>
constexpr int kPower = K == Kernel::Uniform ? 0 : K == Kernel::Epanechnikov ? 1 : K == Kernel::Quartic ? 2 : 3;

template <Kernel K>
constexpr double kNorm = K == Kernel::Uniform        ? 1.0 / std::numbers::pi
                         : K == Kernel::Epanechnikov ? 2.0 / std::numbers::pi
                         : K == Kernel::Quartic      ? 3.0 / std::numbers::pi
                                                     : 4.0 / std::numbers::pi;

// w·norm·(q0 + q1 t + q2 t²)^k as coefficients c[0..2k] of t^0..t^2k.
template <Kernel K>
inline void run_coefficients(double wn, double q0, double q1, double q2, double* c) {
  if constexpr (kPower<K> == 0) {
    c[0] = wn;
  } else if constexpr (kPower<K> == 1) {
    c[0] = wn * q0;
    c[1] = wn * q1;
    c[2] = wn * q2;
  } else {
    // p = q²
    const double p0 = q0 * q0, p1 = 2 * q0 * q1, p2 = q1 * q1 + 2 * q0 * q2, p3 = 2 * q1 * q2, p4 = q2 * q2;
    if constexpr (kPower<K> == 2) {
      c[0] = wn * p0;
      c[1] = wn * p1;
      c[2] = wn * p2;
      c[3] = wn * p3;
      c[4] = wn * p4;
    } else {  // q³ = q²·q
      c[0] = wn * (p0 * q0);
      c[1] = wn * (p0 * q1 + p1 * q0);
      c[2] = wn * (p0 * q2 + p1 * q1 + p2 * q0);
      c[3] = wn * (p1 * q2 + p2 * q1 + p3 * q0);
      c[4] = wn * (p2 * q2 + p3 * q1 + p4 * q0);
      c[5] = wn * (p3 * q2 + p4 * q1);
      c[6] = wn * (p4 * q2);
    }
  }
}

// Block length in units of the support radius: 2 keeps the difference from the direct sum near
// 2e-13 of the peak (1.5: 1e-13, 2.5: 5e-13; tests/cpp/density_test.cpp), and speed is flat from 1.5 to 4.
constexpr double kBlockFactor = 2.0;

template <Kernel K>
void density_rows_with(const DensityJob& job, std::vector<double>& out, ProgressTicker& progress) {
  constexpr int kCoefs = 2 * kPower<K> + 1;
  const Grid& g = job.grid;
  const double R = job.radius, R2 = R * R, inv_h2 = 1.0 / (job.h * job.h);
  const double cw = g.cell_width, inv_cw = 1.0 / cw, ymax = g.ymax();
  const RowWindows win = row_windows(R / cw, g.ncols, kBlockFactor);
  const int64_t last_col = g.ncols - 1;

  // Points bucketed by the row of their centre (a stable counting sort), copied in that order so
  // each row reads one contiguous slice; rows beyond the grid by `reach` cannot matter.
  const auto reach = static_cast<int64_t>(std::ceil(R / g.cell_height)) + 1;
  const int64_t first_bucket_row = -reach, buckets = g.nrows + 2 * reach;
  const size_t n = job.x->size();
  const bool weighted = !job.weights->empty();
  std::vector<int64_t> start(static_cast<size_t>(buckets) + 1, 0);
  const auto bucket_of = scratch_array<int64_t>(n);
  for (size_t i = 0; i < n; ++i) {
    if ((i & 0xFFFFF) == 0xFFFFF && !progress.tick(0.0)) return;  // polled while sorting millions
    const double row = std::floor((ymax - (*job.y)[i]) / g.cell_height);
    const bool kept = row >= static_cast<double>(first_bucket_row) && row < static_cast<double>(g.nrows + reach);
    bucket_of[i] = kept ? static_cast<int64_t>(row) - first_bucket_row : -1;
    if (kept) ++start[bucket_of[i] + 1];
  }
  for (int64_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
  const auto kept = static_cast<size_t>(start.back());
  const auto sx = scratch_array<double>(kept), sy = scratch_array<double>(kept);
  const auto sw = scratch_array<double>(weighted ? kept : 0);
  {
    std::vector<int64_t> next(start.begin(), start.end() - 1);
    for (size_t i = 0; i < n; ++i) {
      if ((i & 0xFFFFF) == 0xFFFFF && !progress.tick(0.0)) return;
      if (bucket_of[i] < 0) continue;
      const int64_t k = next[bucket_of[i]]++;
      sx[k] = (*job.x)[i];
      sy[k] = (*job.y)[i];
      if (weighted) sw[k] = (*job.weights)[i] * kNorm<K>;
    }
  }

  progress.set_total(static_cast<double>(g.nrows));
#pragma omp parallel num_threads(job.threads)
  {
    // Difference arrays of every window, window-major, coefficient-major within a slot:
    // diff[(window · width + slot) · kCoefs + k]; `runs` counts the runs of a window covering each
    // slot (as differences), so that a window adds nothing where none of its runs reaches, and a
    // cell no run covers stays exactly 0, as in the direct splat.
    const auto slots = static_cast<size_t>(win.count * win.width);
    std::vector<double> diff(slots * kCoefs);
    std::vector<int32_t> runs(slots);
    std::vector<double> span_dy2, span_lo, span_hi;  // pass-1 results for the points of one row
    const double q2 = -cw * cw * inv_h2;
    const double origin_x = g.center_x(-win.longest) + win.origin * cw;  // x of window 0's origin
    const double shift_cols = static_cast<double>(win.longest), grid_cols = static_cast<double>(g.ncols);
#pragma omp for schedule(dynamic, 4)
    for (int64_t r = 0; r < g.nrows; ++r) {
      if (progress.stopped()) continue;
      const double cy = g.center_y(r);
      const int64_t b0 = std::max<int64_t>(0, r - first_bucket_row - reach);
      const int64_t b1 = std::min<int64_t>(buckets - 1, r - first_bucket_row + reach);
      if (start[b1 + 1] == start[b0]) continue;  // no point reaches this row
      std::fill(diff.begin(), diff.end(), 0.0);
      std::fill(runs.begin(), runs.end(), 0);
      bool any = false;
      // Pass 1, branch-free so the compiler vectorises it (square roots two at a time on baseline
      // x86-64): each point's squared row offset and the column span of its run.
      const int64_t first = start[b0], count = start[b1 + 1] - first;
      if (static_cast<int64_t>(span_dy2.size()) < count) {
        span_dy2.resize(count);
        span_lo.resize(count);
        span_hi.resize(count);
      }
      for (int64_t j = 0; j < count; ++j) {
        const double dy = cy - sy[first + j], dy2 = dy * dy;
        const double half_cols = std::sqrt(std::max(R2 - dy2, 0.0)) * inv_cw;
        const double col = (sx[first + j] - g.xmin) * inv_cw - 0.5;  // the point's column coordinate
        span_dy2[j] = dy2;
        span_lo[j] = col - half_cols;
        span_hi[j] = col + half_cols;
      }
      // Pass 2: the runs.
      for (int64_t j = 0; j < count; ++j) {
        const int64_t k = first + j;
        const double px = sx[k];
        const double dy2 = span_dy2[j];
        if (!inside_support<K>(dy2, R2)) continue;
        // The run is the columns c with |c − col(px)| ≤ √(R² − dy²)/cell. Where an end falls
        // clearly between two cells the square root settles it; where it falls within 1e-6 of a
        // cell (or the run is a sliver) the same exact test as the direct splat (kde.cpp) decides,
        // so every point touches exactly the cells it touches there.
        const double lo_f = span_lo[j], hi_f = span_hi[j];
        const double half_cols = 0.5 * (hi_f - lo_f);
        if (hi_f < -1.0 || lo_f > grid_cols) continue;  // wholly beside the grid
        // ceil/floor by truncation of non-negative values (no libm calls on baseline x86-64); the
        // run is not clipped to the grid (windows reach `longest` columns beyond its west edge).
        const double lo_c = std::max(lo_f, -shift_cols) + shift_cols, hi_c = std::min(hi_f, grid_cols) + shift_cols;
        int64_t lo = static_cast<int64_t>(lo_c) - win.longest, hi = static_cast<int64_t>(hi_c) - win.longest;
        if (static_cast<double>(lo) < lo_f) ++lo;  // trunc(x+L)-L = floor(x); ceil = floor + (floor < x)
        const bool borderline = half_cols < 1e-3 || static_cast<double>(lo) - lo_f < 1e-6 ||
                                hi_f - static_cast<double>(hi) < 1e-6;
        if (borderline) {
          auto inside = [&](int64_t c) {
            const double dx = g.center_x(c) - px;
            return inside_support<K>(dx * dx + dy2, R2);
          };
          while (inside(lo - 1)) --lo;
          while (lo <= hi && !inside(lo)) ++lo;
          while (inside(hi + 1)) ++hi;
          while (hi >= lo && !inside(hi)) --hi;
          lo = std::max(lo, 1 - win.longest);
          hi = std::min(hi, g.ncols);
        }
        if (lo > hi || hi < 0 || lo > last_col) continue;
        any = true;
        // The run goes, whole, to the window of the block its first column is in: one set of
        // coefficients about that window's origin, added at the run's first slot and taken off
        // after its last. (Only a run longer than `longest`, which rounding at the exact test could
        // make, takes two pieces.)
        for (int64_t from = lo; from <= hi && from <= last_col; from += win.longest) {
          const int64_t to = std::min(hi, from + win.longest - 1);
          const int64_t shifted = from + win.longest;  // ≥ 1: columns counted from the first window
          const auto w = static_cast<int64_t>((static_cast<double>(shifted) + 0.5) * win.inv_block);
          const int64_t first_slot = shifted - w * win.block;
          const double a = origin_x + static_cast<double>(w * win.block) * cw - px;
          double coef[kCoefs];
          run_coefficients<K>(weighted ? sw[k] : kNorm<K>, 1.0 - (dy2 + a * a) * inv_h2, -2.0 * a * cw * inv_h2, q2, coef);
          const size_t slot = static_cast<size_t>(w * win.width + first_slot);
          const size_t past = slot + static_cast<size_t>(to - from + 1);
          double* at = diff.data() + slot * kCoefs;
          double* end = diff.data() + past * kCoefs;
          for (int c = 0; c < kCoefs; ++c) at[c] += coef[c];
          for (int c = 0; c < kCoefs; ++c) end[c] -= coef[c];
          ++runs[slot];
          --runs[past];
        }
      }
      if (any) {
        // Each window in turn: prefix sums over its slots evaluate its polynomials; a cell gets
        // the windows that cover it in window order.
        double* row = out.data() + r * g.ncols;
        for (int64_t w = 0; w < win.count; ++w) {
          const int64_t first_col = w * win.block - win.longest;  // the column of slot 0
          const int64_t width = std::min(win.width, g.ncols - first_col);
          const double* d = diff.data() + static_cast<size_t>(w * win.width) * kCoefs;
          const int32_t* n_runs = runs.data() + static_cast<size_t>(w * win.width);
          double sum[kCoefs] = {};
          int32_t covering = 0;
          for (int64_t s = 0; s < width; ++s) {
            for (int c = 0; c < kCoefs; ++c) sum[c] += d[s * kCoefs + c];
            covering += n_runs[s];
            const double t = static_cast<double>(s) - win.origin;
            double v = sum[kCoefs - 1];
            for (int c = kCoefs - 2; c >= 0; --c) v = v * t + sum[c];
            if (covering > 0 && first_col + s >= 0) row[first_col + s] += v;
          }
        }
      }
      if (!progress.tick(1.0)) continue;
    }
  }
}

}  // namespace

RowWindows row_windows(double radius_cells, int64_t ncols, double block_factor) {
  RowWindows win;
  // The longest run: the columns within radius_cells of a point.
  win.longest = static_cast<int64_t>(std::min(std::floor(2.0 * radius_cells), static_cast<double>(ncols))) + 1;
  win.block = std::max<int64_t>(1, std::llround(block_factor * radius_cells));
  win.inv_block = 1.0 / static_cast<double>(win.block);
  win.width = win.block + win.longest;
  win.count = (ncols + win.longest + win.block - 1) / win.block;
  win.origin = 0.5 * static_cast<double>(win.width - 1);
  return win;
}

bool rows_path_applies(Kernel kernel) {
  return kernel == Kernel::Uniform || kernel == Kernel::Epanechnikov || kernel == Kernel::Quartic ||
         kernel == Kernel::Triweight;
}

void density_exact_rows(const DensityJob& job, std::vector<double>& out, ProgressTicker& progress) {
  switch (job.kernel) {
    case Kernel::Uniform: return density_rows_with<Kernel::Uniform>(job, out, progress);
    case Kernel::Epanechnikov: return density_rows_with<Kernel::Epanechnikov>(job, out, progress);
    case Kernel::Quartic: return density_rows_with<Kernel::Quartic>(job, out, progress);
    case Kernel::Triweight: return density_rows_with<Kernel::Triweight>(job, out, progress);
    default: throw InvalidInput("kde: the per-row polynomial path needs a polynomial kernel");
  }
}

}  // namespace watchmap::detail
