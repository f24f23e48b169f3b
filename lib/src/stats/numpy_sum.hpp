#pragma once
// numpy's float64 summation, reproduced bit for bit (numpy 1.24, contiguous arrays): esda's z-scores
// and sums come from it, so ties="esda" must add the same way to split tied draws as esda does.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace watchmap::detail {

// Pairwise sum of a[0..n): a plain loop below 8, eight interleaved accumulators up to 128, else
// halves split at a multiple of 8 (numpy's pairwise_sum).
inline double numpy_pairwise(const double* a, size_t n) {
  if (n < 8) {
    double res = 0.0;
    for (size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (int j = 0; j < 8; ++j) r[j] = a[j];
    size_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (int j = 0; j < 8; ++j) r[j] += a[i + j];
    }
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  size_t n2 = n / 2;
  n2 -= n2 % 8;
  return numpy_pairwise(a, n2) + numpy_pairwise(a + n2, n - n2);
}

/// np.sum(a): blocks of 8192 (numpy's buffer), each summed pairwise, added in order.
inline double numpy_sum(const std::vector<double>& a) {
  double acc = 0.0;
  for (size_t lo = 0; lo < a.size(); lo += 8192) acc += numpy_pairwise(a.data() + lo, std::min<size_t>(8192, a.size() - lo));
  return acc;
}

/// (x - x.mean()) / x.std() as numpy computes it (population standard deviation).
inline std::vector<double> numpy_standardise(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  const double mean = numpy_sum(x) / n;
  std::vector<double> d(x.size());
  for (size_t i = 0; i < x.size(); ++i) d[i] = x[i] - mean;
  std::vector<double> d2(x.size());
  for (size_t i = 0; i < x.size(); ++i) d2[i] = d[i] * d[i];
  const double sd = std::sqrt(numpy_sum(d2) / n);
  for (double& v : d) v /= sd;
  return d;
}

}  // namespace watchmap::detail
