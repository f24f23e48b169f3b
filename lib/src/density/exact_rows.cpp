// Exact kernel density for the polynomial kernels by per-row polynomial runs (issue 13).
//
// Within one grid row the cells inside a point's support form one run of columns, and over that
// run the kernel is a polynomial in the column index: with t = column − origin,
//   1 − u² = q0 + q1·t + q2·t²,  K ∝ (1 − u²)^k,  k = 0 (uniform), 1, 2, 3 (triweight),
// a polynomial of degree 2k. Each point adds its coefficients to per-row difference arrays at the
// two ends of its run, and one prefix sum per row then evaluates every point at every cell:
// O(points × rows in support + cells) instead of O(points × cells in support).
//
// Windows: each polynomial is taken about an origin near the point, so that the terms stay O(1)
// and their cancellation stays harmless (about a row-wide origin, t runs into the thousands and
// t⁴ … t⁶ would swamp the sum). A row is cut into blocks of about 2·R/cell columns; a run belongs
// whole to the window of the block its first column is in, which spans that block and the longest
// run after it, and its coefficients are taken about the window's centre. So each run costs one
// set of coefficients and two entries, with no branch on where it falls, and a cell adds the
// windows that cover it (two or three). Prefix sums restart at every window. The difference from
// the direct sum, measured in tests/cpp/density_test.cpp on adversarial layouts: 2.2e-13 of the
// peak (the test allows 1e-11). (Carrying one running sum along the row by Taylor shifts instead
// amplifies rounding residue like t^2k: 5e-8 of the peak for triweight; dropped.)
//
// Speed: pass 1 over a chunk of points (square root, run ends, window, coefficients) is branch-free
// and vectorised; pass 2 scatters into the difference arrays in point order. Without weights the
// top coefficient, q2^k, is the same for every run and is carried by the count of covering runs.
//
// Determinism: a row is summed by one thread, points in a fixed order (bucketed by row with a
// stable counting sort), so results are bit-identical for any thread count.
#include <algorithm>
#include <cmath>
#include <memory>
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

// Block length in support radii. Measured on the adversarial layouts of tests/cpp/density_test.cpp:
// 1.5 → 1.1e-13 of the peak, 2 → 2.3e-13, 2.5 → 5.5e-13 (the uncentred blocks this replaced: 1e-12);
// speed is flat from 1.5 to 4 (1M points, 1000² cells, h = 25 cells). Blocks about as long as the
// longest run put each cell in two or three windows.
constexpr double kBlockFactor = 2.0;

// Points of one row handled together: the vectorised pass fills these, the scatter reads them.
constexpr int kChunk = 256;

// The runs of one row, for one thread: the windows' difference arrays and a chunk's precomputed
// runs. `Stored` coefficients per slot: all 2k + 1 when points are weighted; without weights the
// top one, q2^k, is the same for every run, so it rides on the count of covering runs instead.
template <int Stored>
struct RowScratch {
  // diff[slot · Stored + k]: coefficient k, window-major (slot = window · width + offset).
  std::vector<double> diff;
  // Covering runs per slot, as differences: a window adds nothing where none of its runs reaches,
  // so a cell no run covers stays exactly 0, as in the direct splat.
  std::vector<int32_t> runs;
  alignas(64) double coef[Stored > 0 ? Stored : 1][kChunk];
  // As doubles (integral values), so that the pass filling them vectorises on baseline x86-64.
  alignas(64) double first_slot[kChunk], past_slot[kChunk], kind[kChunk];
};

// A chunk's runs: plain (pass 1 settled it), careful (the exact test settles it) or none.
constexpr double kPlain = 0.0, kCareful = 1.0, kNone = 2.0;

// Pass 1 is built three times, for baseline x86-64, x86-64-v3 (AVX2, FMA) and x86-64-v4 (AVX-512),
// and the loader picks the best the CPU has (GCC's target_clones): the library still runs on any
// x86-64, and where AVX-512 is there (this machine class) 1M points over 1000² cells take 157 ms
// instead of 275 ms. Clang 14 (the fuzz build) cannot clone templates and builds the baseline only.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define WATCHMAP_CLONED_FOR_X86_LEVELS __attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#else
#define WATCHMAP_CLONED_FOR_X86_LEVELS
#endif

// What pass 1 needs to know of the grid and the windows (all as doubles).
struct RowGeometry {
  double R2, inv_cw, xmin, longest, grid_cols, last_col, inv_block, origin_x, block, width, cw, inv_h2, q2;
};

// Pass 1 for a chunk of m points, branch-free so that the compiler vectorises it: each point's
// run, its window and its coefficients. The run is the columns c with |c − col| ≤ √(R² − dy²)/cell,
// counted from window 0 (shifted by `longest`). Where an end falls within 1e-6 of a cell, the run
// is a sliver, it leaves the windows or it is longer than `longest` (possible only where the grid
// is narrower than the support), the careful path decides instead. (Written with min, max
// and selects between constants: GCC 12 does not vectorise the same tests joined by ||.)
template <Kernel K, bool Weighted, int Stored>
WATCHMAP_CLONED_FOR_X86_LEVELS void plan_runs(const RowGeometry& geo, double cy, int m, const double* __restrict sx, const double* __restrict sy,
               const double* __restrict sw, RowScratch<Stored>& out) {
  constexpr int kCoefs = 2 * kPower<K> + 1;
  double* __restrict first_slot = out.first_slot;
  double* __restrict past_slot = out.past_slot;
  double* __restrict kind = out.kind;
  for (int j = 0; j < m; ++j) {
    const double px = sx[j], dy = cy - sy[j], dy2 = dy * dy;
    const double half = std::sqrt(std::max(geo.R2 - dy2, 0.0)) * geo.inv_cw;
    const double col = (px - geo.xmin) * geo.inv_cw - 0.5;
    const double lo_f = std::min(std::max(col - half + geo.longest, 0.0), geo.grid_cols + geo.longest);
    const double hi_f = std::min(std::max(col + half + geo.longest, 0.0), geo.grid_cols + geo.longest);
    // ceil/floor by truncation of non-negative values (no libm calls on baseline x86-64)
    const double lo_floor = static_cast<double>(static_cast<int32_t>(lo_f));
    const double lo = lo_floor + (lo_floor < lo_f ? 1.0 : 0.0);
    const double hi = static_cast<double>(static_cast<int32_t>(hi_f));
    const double careful =
        std::min(std::min(half - 1e-3, geo.longest - 0.5 - (hi - lo)), std::min(lo - lo_f, hi_f - hi) - 1e-6) < 0.0 ? 1.0 : 0.0;
    const double none = std::min(hi - lo, std::min(hi - geo.longest, geo.longest + geo.last_col - lo)) < 0.0 ? 1.0 : 0.0;
    kind[j] = kNone * none + careful * (kCareful - kNone * none);  // careful wins over none
    const double w = static_cast<double>(static_cast<int32_t>((lo + 0.5) * geo.inv_block));
    const double a = geo.origin_x + w * geo.block * geo.cw - px;
    double c[kCoefs];
    run_coefficients<K>(Weighted ? sw[j] : 1.0, 1.0 - (dy2 + a * a) * geo.inv_h2, -2.0 * a * geo.cw * geo.inv_h2, geo.q2, c);
    for (int k = 0; k < Stored; ++k) out.coef[k][j] = c[k];
    const double slot = w * geo.width + lo - w * geo.block;
    first_slot[j] = slot;
    past_slot[j] = slot + hi - lo + 1.0;
  }
}

template <Kernel K, bool Weighted>
void density_rows_with(const DensityJob& job, std::vector<double>& out, ProgressTicker& progress) {
  constexpr int kCoefs = 2 * kPower<K> + 1;
  constexpr int kStored = Weighted ? kCoefs : kCoefs - 1;
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
  const auto sw = scratch_array<double>(Weighted ? kept : 0);
  {
    std::vector<int64_t> next(start.begin(), start.end() - 1);
    for (size_t i = 0; i < n; ++i) {
      if ((i & 0xFFFFF) == 0xFFFFF && !progress.tick(0.0)) return;
      if (bucket_of[i] < 0) continue;
      const int64_t k = next[bucket_of[i]]++;
      sx[k] = (*job.x)[i];
      sy[k] = (*job.y)[i];
      if constexpr (Weighted) sw[k] = (*job.weights)[i] * kNorm<K>;
    }
  }

  progress.set_total(static_cast<double>(g.nrows));
#pragma omp parallel num_threads(job.threads)
  {
    auto scratch = std::make_unique<RowScratch<kStored>>();
    const auto slots = static_cast<size_t>(win.count * win.width);
    scratch->diff.resize(slots * kStored);
    scratch->runs.resize(slots);
    double* const diff = scratch->diff.data();
    int32_t* const runs = scratch->runs.data();
    const double q2 = -cw * cw * inv_h2;
    double top = 1.0;  // q2^k: the top coefficient of every unweighted run
    for (int k = 0; k < kPower<K>; ++k) top *= q2;
    const double origin_x = g.center_x(-win.longest) + win.origin * cw;  // x of window 0's origin
    const double shift = static_cast<double>(win.longest), grid_cols = static_cast<double>(g.ncols);
    const double block = static_cast<double>(win.block), width = static_cast<double>(win.width);
    const double last = static_cast<double>(last_col);
    const RowGeometry row_geometry{R2, inv_cw, g.xmin, shift, grid_cols, last, win.inv_block, origin_x, block, width, cw, inv_h2, q2};

    // Enters a run's coefficients c[0], c[stride], … at its first slot and takes them off at the
    // slot after its last; the count of covering runs likewise.
    auto enter = [&](size_t slot, size_t past, const double* c, size_t stride) {
      for (int k = 0; k < kStored; ++k) diff[slot * kStored + k] += c[k * stride];
      for (int k = 0; k < kStored; ++k) diff[past * kStored + k] -= c[k * stride];
      ++runs[slot];
      --runs[past];
    };
    // Adds one run (columns lo..hi, not shifted) to the window of the block of its first column,
    // whole: one set of coefficients about that window's origin, added at the run's first slot and
    // taken off after its last. Only a run longer than `longest`, which rounding at the exact
    // test could make, takes two pieces.
    auto add_run = [&](int64_t lo, int64_t hi, double px, double dy2, double wn) {
      for (int64_t from = lo; from <= hi && from <= last_col; from += win.longest) {
        const int64_t to = std::min(hi, from + win.longest - 1);
        const int64_t shifted = from + win.longest;  // ≥ 0: columns counted from window 0's first
        const auto w = static_cast<int64_t>((static_cast<double>(shifted) + 0.5) * win.inv_block);
        const double a = origin_x + static_cast<double>(w * win.block) * cw - px;
        double c[kCoefs];
        run_coefficients<K>(wn, 1.0 - (dy2 + a * a) * inv_h2, -2.0 * a * cw * inv_h2, q2, c);
        const size_t slot = static_cast<size_t>(w * win.width + shifted - w * win.block);
        enter(slot, slot + static_cast<size_t>(to - from + 1), c, 1);
      }
    };
    // The careful path: the run's ends settled by the same exact test as the direct splat
    // (kde.cpp), so that every point touches exactly the cells it touches there.
    auto add_careful = [&](int64_t i, double cy) {
      const double px = sx[i], dy = cy - sy[i], dy2 = dy * dy;
      if (!inside_support<K>(dy2, R2)) return false;
      const double half = std::sqrt(std::max(R2 - dy2, 0.0)) * inv_cw;
      const double col = (px - g.xmin) * inv_cw - 0.5;
      if (col + half < -1.0 || col - half > grid_cols) return false;  // wholly beside the grid
      auto inside = [&](int64_t c) {
        const double dx = g.center_x(c) - px;
        return inside_support<K>(dx * dx + dy2, R2);
      };
      int64_t lo = static_cast<int64_t>(std::ceil(std::max(col - half, -shift)));
      int64_t hi = static_cast<int64_t>(std::floor(std::min(col + half, grid_cols)));
      while (inside(lo - 1) && lo > -win.longest) --lo;
      while (lo <= hi && !inside(lo)) ++lo;
      while (inside(hi + 1) && hi < g.ncols) ++hi;
      while (hi >= lo && !inside(hi)) --hi;
      if (lo > hi || hi < 0 || lo > last_col) return false;
      add_run(lo, hi, px, dy2, Weighted ? sw[i] : 1.0);
      return true;
    };

#pragma omp for schedule(dynamic, 4)
    for (int64_t r = 0; r < g.nrows; ++r) {
      if (progress.stopped()) continue;
      const double cy = g.center_y(r);
      const int64_t b0 = std::max<int64_t>(0, r - first_bucket_row - reach);
      const int64_t b1 = std::min<int64_t>(buckets - 1, r - first_bucket_row + reach);
      if (start[b1 + 1] == start[b0]) continue;  // no point reaches this row
      std::fill(scratch->diff.begin(), scratch->diff.end(), 0.0);
      std::fill(scratch->runs.begin(), scratch->runs.end(), 0);
      bool any = false;
      for (int64_t first = start[b0]; first < start[b1 + 1]; first += kChunk) {
        const int m = static_cast<int>(std::min<int64_t>(kChunk, start[b1 + 1] - first));
        plan_runs<K, Weighted>(row_geometry, cy, m, &sx[first], &sy[first], Weighted ? &sw[first] : nullptr, *scratch);
        // Pass 2: the scatter into the difference arrays, in point order.
        for (int j = 0; j < m; ++j) {
          if (scratch->kind[j] != kPlain) {
            if (scratch->kind[j] == kCareful && add_careful(first + j, cy)) any = true;
            continue;
          }
          any = true;
          enter(static_cast<size_t>(scratch->first_slot[j]), static_cast<size_t>(scratch->past_slot[j]),
                &scratch->coef[0][j], kChunk);
        }
      }
      if (any) {
        // Each window in turn: prefix sums over its slots evaluate its polynomials; a cell gets
        // the windows that cover it in window order.
        double* row = out.data() + r * g.ncols;
        for (int64_t w = 0; w < win.count; ++w) {
          const int64_t first_col = w * win.block - win.longest;  // the column of slot 0
          const int64_t n_slots = std::min(win.width, g.ncols - first_col);
          const double* d = diff + static_cast<size_t>(w * win.width) * kStored;
          const int32_t* n_runs = runs + static_cast<size_t>(w * win.width);
          double sum[kCoefs] = {};
          int32_t covering = 0;
          for (int64_t s = 0; s < n_slots; ++s) {
            for (int k = 0; k < kStored; ++k) sum[k] += d[s * kStored + k];
            covering += n_runs[s];
            if constexpr (!Weighted) sum[kCoefs - 1] = top * static_cast<double>(covering);
            const double t = static_cast<double>(s) - win.origin;
            double v = sum[kCoefs - 1];
            for (int k = kCoefs - 2; k >= 0; --k) v = v * t + sum[k];
            if (covering > 0 && first_col + s >= 0) row[first_col + s] += Weighted ? v : kNorm<K> * v;
          }
        }
      }
      if (!progress.tick(1.0)) continue;
    }
  }
}

template <Kernel K>
void density_rows_for(const DensityJob& job, std::vector<double>& out, ProgressTicker& progress) {
  if (job.weights->empty()) density_rows_with<K, false>(job, out, progress);
  else density_rows_with<K, true>(job, out, progress);
}

}  // namespace

RowWindows row_windows(double radius_cells, int64_t ncols, double block_factor) {
  RowWindows win;
  // The longest run: the columns within radius_cells of a point.
  win.longest = static_cast<int64_t>(std::min(std::floor(2.0 * radius_cells), static_cast<double>(ncols))) + 1;
  // (one window for the whole row where the support is wider than the grid)
  win.block = std::clamp<int64_t>(std::llround(std::min(block_factor * radius_cells, 4.0 * static_cast<double>(ncols))), 1,
                                  ncols + win.longest);
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
  // Pass 1 takes floors through 32-bit integers; a grid a billion columns wide is left to the splat.
  if (job.grid.ncols > (int64_t{1} << 29)) return density_exact(job, out, progress);
  switch (job.kernel) {
    case Kernel::Uniform: return density_rows_for<Kernel::Uniform>(job, out, progress);
    case Kernel::Epanechnikov: return density_rows_for<Kernel::Epanechnikov>(job, out, progress);
    case Kernel::Quartic: return density_rows_for<Kernel::Quartic>(job, out, progress);
    case Kernel::Triweight: return density_rows_for<Kernel::Triweight>(job, out, progress);
    default: throw InvalidInput("kde: the per-row polynomial path needs a polynomial kernel");
  }
}

}  // namespace watchmap::detail
