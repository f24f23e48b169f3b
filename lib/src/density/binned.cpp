// Binned kernel density: linear binning of the points onto the cell centres (extended by the
// kernel's reach), then one 2-D convolution with the kernel sampled at cell offsets, by FFT.
#include <unsupported/Eigen/FFT>

#include <cmath>
#include <complex>

#include "density/density_job.hpp"
#include "density/kernels.hpp"
#include "watchmap/error.hpp"

namespace watchmap::detail {

namespace {

using Complex = std::complex<double>;

// Smallest m >= n whose prime factors are 2, 3 and 5 (fast sizes for kissfft).
int64_t fast_size(int64_t n) {
  for (int64_t m = std::max<int64_t>(n, 1);; ++m) {
    int64_t r = m;
    for (int64_t p : {2, 3, 5})
      while (r % p == 0) r /= p;
    if (r == 1) return m;
  }
}

// In-place 2-D FFT of a rows x cols row-major array: rows, then columns; each line is independent,
// so the result does not depend on how lines are shared among threads. `share` of the progress
// total is ticked line by line (a stop leaves `a` unfinished; the caller then throws).
void fft2(std::vector<Complex>& a, int64_t rows, int64_t cols, bool inverse, int threads, ProgressTicker& progress,
          double share) {
  const double per_line = share / static_cast<double>(rows + cols);
#pragma omp parallel num_threads(threads)
  {
    Eigen::FFT<double> fft;
    std::vector<Complex> in, out;
#pragma omp for schedule(static)
    for (int64_t r = 0; r < rows; ++r) {
      if (!progress.tick(per_line)) continue;
      in.assign(a.begin() + r * cols, a.begin() + (r + 1) * cols);
      if (inverse) fft.inv(out, in);
      else fft.fwd(out, in);
      std::copy(out.begin(), out.end(), a.begin() + r * cols);
    }
#pragma omp for schedule(static)
    for (int64_t c = 0; c < cols; ++c) {
      if (!progress.tick(per_line)) continue;
      in.resize(rows);
      for (int64_t r = 0; r < rows; ++r) in[r] = a[r * cols + c];
      if (inverse) fft.inv(out, in);
      else fft.fwd(out, in);
      for (int64_t r = 0; r < rows; ++r) a[r * cols + c] = out[r];
    }
  }
}

}  // namespace

void density_binned(const DensityJob& job, std::vector<double>& out, ProgressTicker& progress) {
  const Grid& g = job.grid;
  const double dx = g.cell_width, dy = g.cell_height;
  const auto reach_x = static_cast<int64_t>(std::ceil(job.radius / dx));
  const auto reach_y = static_cast<int64_t>(std::ceil(job.radius / dy));
  const int64_t off_x = reach_x + 1, off_y = reach_y + 1;  // bins beyond the grid that still matter
  const int64_t width = g.ncols + 2 * off_x, height = g.nrows + 2 * off_y;
  // Reading the result only where the kernel stays inside the bins means no wrap-around: sizes
  // of at least the bin array are enough.
  const int64_t P = fast_size(height), Q = fast_size(width);
  check_allocation(2.0 * static_cast<double>(P * Q) * sizeof(Complex), "kde (binned)");

  // 1. Linear binning (sequential: a scatter, and cheap next to the FFTs).
  if (!progress.tick(0.0)) return;
  std::vector<Complex> bins(static_cast<size_t>(P * Q));
  if (!progress.tick(0.0)) return;
  const std::vector<double>& xs = *job.x;
  const std::vector<double>& ys = *job.y;
  const double x0 = g.xmin + 0.5 * dx, y0 = g.ymax() - 0.5 * dy;
  for (size_t i = 0; i < xs.size(); ++i) {
    if ((i & 0xFFFFF) == 0xFFFFF && !progress.tick(0.0)) return;  // polled while binning millions
    const double w = job.weights->empty() ? 1.0 : (*job.weights)[i];
    const double fx = (xs[i] - x0) / dx + static_cast<double>(off_x);
    const double fy = (y0 - ys[i]) / dy + static_cast<double>(off_y);
    const double jf = std::floor(fx), itf = std::floor(fy);
    if (jf < 0.0 || itf < 0.0 || jf + 1.0 >= static_cast<double>(width) || itf + 1.0 >= static_cast<double>(height)) {
      continue;  // farther than the kernel's reach from every cell centre
    }
    const auto j = static_cast<int64_t>(jf), r = static_cast<int64_t>(itf);
    const double tx = fx - jf, ty = fy - itf;
    bins[r * Q + j] += w * (1 - tx) * (1 - ty);
    bins[r * Q + j + 1] += w * tx * (1 - ty);
    bins[(r + 1) * Q + j] += w * (1 - tx) * ty;
    bins[(r + 1) * Q + j + 1] += w * tx * ty;
  }
  if (!progress.tick(0.1)) return;

  // 2. The kernel at cell offsets, wrapped so offset (0, 0) sits at index (0, 0).
  if (!progress.tick(0.0)) return;
  std::vector<Complex> kernel(static_cast<size_t>(P * Q));
  const double inv_h2 = 1.0 / (job.h * job.h), R2 = job.radius * job.radius;
  for (int64_t a = -reach_y; a <= reach_y; ++a) {
    for (int64_t b = -reach_x; b <= reach_x; ++b) {
      const double d2 = (b * dx) * (b * dx) + (a * dy) * (a * dy);
      if (d2 > R2) continue;
      kernel[((a + P) % P) * Q + (b + Q) % Q] = kernel_shape(job.kernel, d2 * inv_h2);
    }
  }

  // 3. Convolution by FFT (the kernel is symmetric, so convolution equals correlation).
  fft2(bins, P, Q, false, job.threads, progress, 0.3);
  if (progress.stopped()) return;
  fft2(kernel, P, Q, false, job.threads, progress, 0.2);
  if (progress.stopped()) return;
  for (size_t k = 0; k < bins.size(); ++k) bins[k] *= kernel[k];
  fft2(bins, P, Q, true, job.threads, progress, 0.3);
  if (progress.stopped()) return;
  for (int64_t r = 0; r < g.nrows; ++r)
    for (int64_t c = 0; c < g.ncols; ++c) {
      // FFT round-off can leave tiny negatives where the true sum is 0.
      out[r * g.ncols + c] = std::max(0.0, bins[(r + off_y) * Q + c + off_x].real());
    }
  progress.tick(0.1);
}

}  // namespace watchmap::detail
