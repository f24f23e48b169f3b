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

template <Kernel K>
void density_rows_with(const DensityJob& job, std::vector<double>& out, ProgressTicker& progress) {
  constexpr int kCoefs = 2 * kPower<K> + 1;
  const Grid& g = job.grid;
  const double R = job.radius, R2 = R * R, inv_h2 = 1.0 / (job.h * job.h);
  const double cw = g.cell_width, inv_cw = 1.0 / cw, ymax = g.ymax();
  const int64_t block = rows_block_columns(job.h / cw);
  const int64_t last_col = g.ncols - 1;

  // Points bucketed by the row of their centre (a stable counting sort), copied in that order so
  // each row reads one contiguous slice; rows beyond the grid by `reach` cannot matter.
  const auto reach = static_cast<int64_t>(std::ceil(R / g.cell_height)) + 1;
  const int64_t first_bucket_row = -reach, buckets = g.nrows + 2 * reach;
  const size_t n = job.x->size();
  std::vector<int64_t> start(static_cast<size_t>(buckets) + 1, 0);
  std::vector<int64_t> bucket_of(n, -1);
  for (size_t i = 0; i < n; ++i) {
    if ((i & 0xFFFFF) == 0xFFFFF && !progress.tick(0.0)) return;  // polled while sorting millions
    const double row = std::floor((ymax - (*job.y)[i]) / g.cell_height);
    if (row < static_cast<double>(first_bucket_row) || row >= static_cast<double>(g.nrows + reach)) continue;
    bucket_of[i] = static_cast<int64_t>(row) - first_bucket_row;
    ++start[bucket_of[i] + 1];
  }
  for (int64_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
  const auto kept = static_cast<size_t>(start.back());
  std::vector<double> sx(kept), sy(kept), sw(kept), scol(kept);
  {
    std::vector<int64_t> next(start.begin(), start.end() - 1);
    for (size_t i = 0; i < n; ++i) {
      if ((i & 0xFFFFF) == 0xFFFFF && !progress.tick(0.0)) return;
      if (bucket_of[i] < 0) continue;
      const int64_t k = next[bucket_of[i]]++;
      sx[k] = (*job.x)[i];
      sy[k] = (*job.y)[i];
      sw[k] = (job.weights->empty() ? 1.0 : (*job.weights)[i]) * kNorm<K>;
      scol[k] = ((*job.x)[i] - g.xmin) * inv_cw - 0.5;  // the point's column coordinate
    }
  }

  progress.set_total(static_cast<double>(g.nrows));
#pragma omp parallel num_threads(job.threads)
  {
    // Difference arrays, coefficient-major within a cell: diff[c * kCoefs + k].
    std::vector<double> diff(static_cast<size_t>(g.ncols) * kCoefs);
    // How many runs cover each cell (as differences): a cell no run covers is exactly 0, as in the
    // direct splat, instead of the rounding residue that adding and removing coefficients leaves.
    std::vector<int32_t> runs(static_cast<size_t>(g.ncols) + 1);
    std::vector<double> span_dy2, span_lo, span_hi;  // pass-1 results for the points of one row
    double coef[kCoefs];
    const double q2 = -cw * cw * inv_h2;
    // Adds the run [lo, hi] of one point: one piece per block it crosses, coefficients about the
    // block's first column; a closing entry only where the run ends inside a block.
    auto add_run = [&](int64_t lo, int64_t hi, double px, double dy2, double wn) {
      for (int64_t origin = lo & ~(block - 1); origin <= hi; origin += block) {
        const int64_t from = std::max(lo, origin), to = std::min(hi, origin + block - 1);
        const double a = g.center_x(origin) - px;
        run_coefficients<K>(wn, 1.0 - (dy2 + a * a) * inv_h2, -2.0 * a * cw * inv_h2, q2, coef);
        double* at = diff.data() + from * kCoefs;
        for (int k = 0; k < kCoefs; ++k) at[k] += coef[k];
        ++runs[from];
        --runs[to + 1];
        if (to + 1 < origin + block && to < last_col) {
          double* end = diff.data() + (to + 1) * kCoefs;
          for (int k = 0; k < kCoefs; ++k) end[k] -= coef[k];
        }
      }
    };
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
        span_dy2[j] = dy2;
        span_lo[j] = scol[first + j] - half_cols;
        span_hi[j] = scol[first + j] + half_cols;
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
        if (hi_f < -1.0 || lo_f > static_cast<double>(g.ncols)) continue;  // wholly beside the grid
        // ceil/floor by truncation of non-negative values (no libm calls on baseline x86-64)
        const double lo_c = std::max(lo_f, -1.0) + 1.0, hi_c = std::min(hi_f, static_cast<double>(g.ncols)) + 1.0;
        int64_t lo = static_cast<int64_t>(lo_c) - 1, hi = static_cast<int64_t>(hi_c) - 1;
        if (static_cast<double>(lo) < lo_f) ++lo;  // trunc(x+1)-1 = floor(x); ceil = floor + (floor < x)
        const bool borderline = half_cols < 1e-3 || static_cast<double>(lo) - lo_f < 1e-6 ||
                                hi_f - static_cast<double>(hi) < 1e-6;
        lo = std::max<int64_t>(lo, 0);
        hi = std::min<int64_t>(hi, last_col);
        if (borderline) {
          auto inside = [&](int64_t c) {
            const double dx = g.center_x(c) - px;
            return inside_support<K>(dx * dx + dy2, R2);
          };
          lo = std::min(lo, last_col);
          hi = std::max<int64_t>(hi, 0);
          while (lo > 0 && inside(lo - 1)) --lo;
          while (lo <= hi && !inside(lo)) ++lo;
          while (hi < last_col && inside(hi + 1)) ++hi;
          while (hi >= lo && !inside(hi)) --hi;
        }
        if (lo > hi) continue;
        any = true;
        add_run(lo, hi, px, dy2, sw[k]);
      }
      if (any) {
        double* row = out.data() + r * g.ncols;
        int32_t covering = 0;
        for (int64_t origin = 0; origin < g.ncols; origin += block) {
          double sum[kCoefs] = {};
          const int64_t end = std::min(g.ncols, origin + block);
          for (int64_t c = origin; c < end; ++c) {
            const double* d = diff.data() + c * kCoefs;
            for (int k = 0; k < kCoefs; ++k) sum[k] += d[k];
            const double t = static_cast<double>(c - origin);
            double v = sum[kCoefs - 1];
            for (int k = kCoefs - 2; k >= 0; --k) v = v * t + sum[k];
            covering += runs[c];
            row[c] = covering > 0 ? v : 0.0;
          }
        }
      }
      if (!progress.tick(1.0)) continue;
    }
  }
}

}  // namespace

int64_t rows_block_columns(double cells_per_bandwidth) {
  // |t| < block keeps the terms q1·t and q2·t² below about (block·cell/h)²: the power of two
  // nearest 1.25 h/cell bounds them by about 2.5, and the measured difference from the direct sum
  // stays near 1e-12 of the peak (tests/cpp/density_test.cpp). A power of two makes the block of a
  // column a mask, not a division.
  int64_t block = 4;
  while (block < 64 && static_cast<double>(block) * 1.5 < 1.25 * cells_per_bandwidth) block *= 2;
  return block;
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
