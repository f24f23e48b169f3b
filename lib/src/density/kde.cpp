// Kernel density: argument checks, method choice, the exact splat, mask and output units.
#include "watchmap/density.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/in_crs.hpp"
#include "density/density_job.hpp"
#include "density/kernels.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"
#include "watchmap/error.hpp"
#include "watchmap/join.hpp"

namespace watchmap {

namespace detail {

// Each thread owns a band of rows and adds, in one fixed point order (sorted by y, then x, then
// index), every point's kernel to the cells of its band. A cell is summed by one thread in one
// order, so the result is bit-identical for any thread count.
template <Kernel K>
void density_exact_with(const DensityJob& job, std::vector<double>& out, ProgressTicker& progress) {
  const Grid& g = job.grid;
  const std::vector<double>& xs = *job.x;
  const std::vector<double>& ys = *job.y;
  const size_t n = xs.size();
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  // (y, x, index) is a strict total order, so sorting in blocks and merging them gives the same
  // permutation as one std::sort, with progress polled between the pieces (ten million points
  // take a second or two to sort).
  const auto before = [&](int64_t a, int64_t b) {
    return ys[a] != ys[b] ? ys[a] < ys[b] : (xs[a] != xs[b] ? xs[a] < xs[b] : a < b);
  };
  constexpr size_t kSortBlock = size_t{1} << 18;
  for (size_t lo = 0; lo < n; lo += kSortBlock) {
    std::sort(order.begin() + lo, order.begin() + std::min(n, lo + kSortBlock), before);
    if (!progress.tick(0.0)) return;
  }
  for (size_t width = kSortBlock; width < n; width *= 2) {
    for (size_t lo = 0; lo + width < n; lo += 2 * width) {
      std::inplace_merge(order.begin() + lo, order.begin() + lo + width, order.begin() + std::min(n, lo + 2 * width), before);
      if (!progress.tick(0.0)) return;
    }
  }
  std::vector<double> sorted_y(n);
  for (size_t k = 0; k < n; ++k) sorted_y[k] = ys[order[k]];

  const double R = job.radius, R2 = R * R, inv_h2 = 1.0 / (job.h * job.h);
  const double ymax = g.ymax();
  const int64_t bands = std::min<int64_t>(g.nrows, std::max(1, job.threads) * 8);
  progress.set_total(static_cast<double>(bands));
#pragma omp parallel for schedule(dynamic, 1) num_threads(job.threads)
  for (int64_t band = 0; band < bands; ++band) {
    if (progress.stopped()) continue;
    const int64_t r_begin = g.nrows * band / bands, r_end = g.nrows * (band + 1) / bands;
    // Points whose support reaches rows [r_begin, r_end): y within R of those centres.
    const double y_low = g.center_y(r_end - 1) - R, y_high = g.center_y(r_begin) + R;
    const auto first = std::lower_bound(sorted_y.begin(), sorted_y.end(), y_low) - sorted_y.begin();
    const auto last = std::upper_bound(sorted_y.begin(), sorted_y.end(), y_high) - sorted_y.begin();
    std::vector<double> dx2, gauss_x;
    for (auto k = first; k < last; ++k) {
      const int64_t i = order[k];
      const double px = xs[i], py = ys[i];
      const double w = job.weights->empty() ? 1.0 : (*job.weights)[i];
      // Rows whose centres lie within R of py (one extra each side; the distance test decides).
      const auto r0 = std::max<int64_t>(r_begin, static_cast<int64_t>(std::floor((ymax - py - R) / g.cell_height - 0.5)));
      const auto r1 = std::min<int64_t>(r_end - 1, static_cast<int64_t>(std::ceil((ymax - py + R) / g.cell_height - 0.5)));
      if (r0 > r1) continue;
      const auto c0 = std::max<int64_t>(0, static_cast<int64_t>(std::floor((px - R - g.xmin) / g.cell_width - 0.5)));
      const auto c1 = std::min<int64_t>(g.ncols - 1, static_cast<int64_t>(std::ceil((px + R - g.xmin) / g.cell_width - 0.5)));
      if (c0 > c1) continue;
      dx2.resize(static_cast<size_t>(c1 - c0 + 1));
      for (int64_t c = c0; c <= c1; ++c) {
        const double dx = g.center_x(c) - px;
        dx2[c - c0] = dx * dx;
      }
      if constexpr (K == Kernel::Gaussian) {
        // exp(−(dx² + dy²)/2h²) = exp(−dx²/2h²)·exp(−dy²/2h²): one exp per column and row, not per cell.
        gauss_x.resize(dx2.size());
        for (size_t c = 0; c < dx2.size(); ++c) gauss_x[c] = std::exp(-0.5 * dx2[c] * inv_h2);
      }
      for (int64_t r = r0; r <= r1; ++r) {
        const double dy = g.center_y(r) - py;
        const double dy2 = dy * dy;
        if (!inside_support<K>(dy2, R2) && dy2 > 0.0) continue;
        // The cells of this row inside the support form one run (dx² is convex in the column):
        // estimate it with a square root, then settle its ends with the exact test.
        const double half = std::sqrt(std::max(0.0, R2 - dy2));
        int64_t lo = std::clamp<int64_t>(static_cast<int64_t>(std::ceil((px - half - g.xmin) / g.cell_width - 0.5)), c0, c1);
        int64_t hi = std::clamp<int64_t>(static_cast<int64_t>(std::floor((px + half - g.xmin) / g.cell_width - 0.5)), c0, c1);
        while (lo > c0 && inside_support<K>(dx2[lo - 1 - c0] + dy2, R2)) --lo;
        while (lo <= hi && !inside_support<K>(dx2[lo - c0] + dy2, R2)) ++lo;
        while (hi < c1 && inside_support<K>(dx2[hi + 1 - c0] + dy2, R2)) ++hi;
        while (hi >= lo && !inside_support<K>(dx2[hi - c0] + dy2, R2)) --hi;
        double* row = out.data() + r * g.ncols;
        const double* d = dx2.data() - c0;
        if constexpr (K == Kernel::Gaussian) {
          const double wy = w * kernel_shape_inside<K>(dy2 * inv_h2);
          const double* gx = gauss_x.data() - c0;
          for (int64_t c = lo; c <= hi; ++c) row[c] += wy * gx[c];
        } else {
          for (int64_t c = lo; c <= hi; ++c) row[c] += w * kernel_shape_inside<K>((d[c] + dy2) * inv_h2);
        }
      }
      if (((k - first) & 1023) == 1023 && !progress.tick(1024.0 / static_cast<double>(last - first))) break;
    }
  }
}

void density_exact(const DensityJob& job, std::vector<double>& out, ProgressTicker& progress) {
  with_kernel(job.kernel, [&]<Kernel K>() { density_exact_with<K>(job, out, progress); });
}

}  // namespace detail

double binned_error_bound(Kernel kernel, double cells_per_bandwidth) {
  // Linear binning replaces each point's kernel by its bilinear interpolation between the four
  // nearest cell centres, which errs by at most (Δ²/8)(|K_xx| + |K_yy|). At the kernel's centre
  // |K_xx|·h²/K(0) is 4 (quartic), 6 (triweight) and 1 (gaussian), so one point halfway between
  // centres errs by C·(Δ/h)²·K(0) with C = 1, 1.5, 0.25; sums of points only average these.
  // Measured against the exact path in tests/cpp/density_test.cpp.
  const double ratio = 1.0 / std::max(cells_per_bandwidth, 1e-9);
  double constant = 1.0;
  if (kernel == Kernel::Triweight) constant = 1.5;
  if (kernel == Kernel::Gaussian) constant = 0.25;
  return constant * ratio * ratio;
}

namespace {

bool smooth_kernel(Kernel k) { return k == Kernel::Quartic || k == Kernel::Triweight || k == Kernel::Gaussian; }

// Work estimates in nanoseconds on this project's 2-core machine class (`bench/density.py
// --auto-table`, bench/RESULTS.md): the per-row path costs about 3.5 per point per row of its
// support (3 with AVX-512, 6.5 on baseline x86-64) plus 1 per coefficient per cell; the direct
// splat 1.2 per cell update; binning 12 per point plus 5 per N·log2 N for the FFTs of N padded
// cells. Only their ratio matters.
double exact_cost(const KdeOptions& options, size_t n, const Grid& g, double radius) {
  const double reach_x = radius / g.cell_width, reach_y = radius / g.cell_height;
  const double points = static_cast<double>(n);
  if (options.exact_algorithm == ExactAlgorithm::Auto && detail::rows_path_applies(options.kernel)) {
    const double coefficients = options.kernel == Kernel::Uniform ? 1 : options.kernel == Kernel::Epanechnikov ? 3
                                : options.kernel == Kernel::Quartic ? 5 : 7;
    return points * 2.0 * reach_y * 3.5 + coefficients * static_cast<double>(g.cell_count());
  }
  return points * std::numbers::pi * reach_x * reach_y * 1.2;
}

// Binned only for kernels smooth enough that binning keeps within 0.5 % of the peak, and only when
// the exact path would take more than three times as long: exact is preferred whenever it is close.
KdeMethod choose_method(const KdeOptions& options, size_t n, const Grid& g, double h, double radius) {
  if (options.method != KdeMethod::Auto) return options.method;
  const double cell = std::max(g.cell_width, g.cell_height);
  if (!smooth_kernel(options.kernel) || binned_error_bound(options.kernel, h / cell) > 0.005) return KdeMethod::Exact;
  const double reach = radius / cell;
  const double padded = static_cast<double>(g.ncols + 2 * reach) * static_cast<double>(g.nrows + 2 * reach);
  const double binned_ns = 12.0 * static_cast<double>(n) + 5.0 * padded * std::log2(std::max(padded, 2.0));
  return exact_cost(options, n, g, radius) > 3.0 * binned_ns ? KdeMethod::Binned : KdeMethod::Exact;
}

// Phases of `progress`: reprojecting the mask, building its index, testing the cell centres.
void apply_mask(Raster& raster, const PolygonSet& mask_layer, const Crs& frame, int threads,
                const ProgressCallback& progress) {
  const Grid& g = raster.grid;
  const ProgressCallback reproject = detail::progress_part(progress, 0.0, 0.2);
  const ProgressCallback build = detail::progress_part(progress, 0.2, 0.5);
  const ProgressCallback cells = detail::progress_part(progress, 0.5, 1.0);
  const detail::InCrsPolled<PolygonSet> mask(mask_layer, frame, reproject, "kde");
  const PolygonLocator locator(mask.get(), build);
  detail::ProgressTicker ticker(cells, static_cast<double>(g.nrows));
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int64_t r = 0; r < g.nrows; ++r) {
    if (!ticker.tick()) continue;
    for (int64_t c = 0; c < g.ncols; ++c) {
      if (locator.locate(g.center_x(c), g.center_y(r)) < 0) raster.at(r, c) = std::nan("");
    }
  }
  ticker.finish("kde");
}

}  // namespace

Density kde(const PointSet& points, const Grid& grid, const KdeOptions& options) {
  grid.validate();
  if (points.empty()) throw InvalidInput("kde: the point set is empty");
  std::vector<LayerRef> layers{layer_ref(grid, "grid"), layer_ref(points, "points")};
  if (options.mask) layers.push_back(layer_ref(*options.mask, "mask"));
  const Crs frame = analysis_crs(layers, Measure::Metres);
  // Progress phases: reprojecting the points, the density, the mask.
  const double reprojected = detail::InCrsPolled<PointSet>::moves(points, frame) ? 0.1 : 0.0;
  const double masked = options.mask ? 0.9 : 1.0;
  const ProgressCallback reproject_phase = detail::progress_part(options.progress, 0.0, reprojected);
  const ProgressCallback density_phase = detail::progress_part(options.progress, reprojected, masked);
  const ProgressCallback mask_phase = detail::progress_part(options.progress, masked, 1.0);
  const detail::InCrsPolled<PointSet> pts(points, frame, reproject_phase, "kde");
  if (!options.weights.empty() && options.weights.size() != points.size()) {
    throw InvalidInput("kde: " + std::to_string(options.weights.size()) + " weights for " +
                       std::to_string(points.size()) + " points");
  }
  for (size_t i = 0; i < options.weights.size(); ++i) {
    if (!std::isfinite(options.weights[i]) || options.weights[i] < 0.0) {
      throw InvalidInput("kde: weight in row " + std::to_string(i) + " is " +
                         (std::isnan(options.weights[i]) ? "NaN" : detail::fmt(options.weights[i])) +
                         "; weights must be finite and >= 0");
    }
  }
  if (!(options.gaussian_tolerance > 0.0 && options.gaussian_tolerance < 1.0)) {
    throw InvalidInput("kde: gaussian_tolerance must be in (0, 1)");
  }
  double h = options.bandwidth_m.value_or(0.0);
  if (!options.bandwidth_m) {
    h = bandwidth(pts.get(), options.rule, options.kernel, options.weights);
  } else if (!(h > 0.0) || !std::isfinite(h)) {
    throw InvalidInput("kde: bandwidth_m must be positive and finite (got " + detail::fmt(h) + ")");
  }

  Density result;
  static_cast<Raster&>(result) = Raster(grid, 0.0);
  result.bandwidth_m = h;
  result.kernel = options.kernel;
  result.output = options.output;
  const double radius = h * detail::support_in_h(options.kernel, options.gaussian_tolerance);
  result.method = choose_method(options, points.size(), grid, h, radius);
  const double cell = std::max(grid.cell_width, grid.cell_height);
  result.error_bound = result.method == KdeMethod::Binned ? binned_error_bound(options.kernel, h / cell) : 0.0;
  if (h < cell && options.warn) {
    options.warn("kde: bandwidth " + detail::fmt(h) + " m is smaller than a cell (" + detail::fmt(cell) +
                 " m); the surface will be spotty — use a larger bandwidth or smaller cells");
  }

  detail::DensityJob job;
  job.x = &pts->x();
  job.y = &pts->y();
  job.weights = &options.weights;
  job.grid = grid;
  job.kernel = options.kernel;
  job.h = h;
  job.radius = radius;
  job.scale = 1e6 / (h * h);
  job.threads = detail::thread_count(options.threads);
  detail::ProgressTicker progress(density_phase, 1.0);
  if (result.method == KdeMethod::Binned) {
    detail::density_binned(job, result.values, progress);
  } else {
    const bool rows = options.exact_algorithm == ExactAlgorithm::Auto && detail::rows_path_applies(options.kernel);
    if (rows) detail::density_exact_rows(job, result.values, progress);
    else detail::density_exact(job, result.values, progress);
  }
  progress.finish("kde");

  double factor = job.scale;
  if (options.output == KdeOutput::ExpectedCounts) factor *= grid.cell_width * grid.cell_height / 1e6;
  for (double& v : result.values) v *= factor;
  if (options.mask) {
    result.nodata = std::nan("");
    apply_mask(result, *options.mask, frame, job.threads, mask_phase);
  }
  return result;
}

}  // namespace watchmap
