// Seeded permutation tables: esda's (numpy legacy MT19937 shuffles, sequential) and watchmap's
// (a partial Fisher–Yates per row from its own SplitMix64 stream, rows in parallel).
#include <algorithm>
#include <numeric>
#include <string>

#include "core/parallel.hpp"
#include "stats/rng.hpp"
#include "watchmap/error.hpp"
#include "watchmap/grid.hpp"
#include "watchmap/hotspot.hpp"

namespace watchmap {

namespace detail {

Mt19937::Mt19937(uint32_t seed) {
  mt_[0] = seed;
  for (uint32_t i = 1; i < 624; ++i) mt_[i] = 1812433253u * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + i;
}

void Mt19937::refill() {
  constexpr int N = 624, M = 397;
  constexpr uint32_t upper = 0x80000000u, lower = 0x7fffffffu, matrix = 0x9908b0dfu;
  int i = 0;
  for (; i < N - M; ++i) {
    const uint32_t y = (mt_[i] & upper) | (mt_[i + 1] & lower);
    mt_[i] = mt_[i + M] ^ (y >> 1) ^ ((0u - (y & 1u)) & matrix);
  }
  for (; i < N - 1; ++i) {
    const uint32_t y = (mt_[i] & upper) | (mt_[i + 1] & lower);
    mt_[i] = mt_[i + M - N] ^ (y >> 1) ^ ((0u - (y & 1u)) & matrix);
  }
  const uint32_t y = (mt_[N - 1] & upper) | (mt_[0] & lower);
  mt_[N - 1] = mt_[M - 1] ^ (y >> 1) ^ ((0u - (y & 1u)) & matrix);
  for (int k = 0; k < N; ++k) {
    uint32_t t = mt_[k];
    t ^= t >> 11;
    t ^= (t << 7) & 0x9d2c5680u;
    t ^= (t << 15) & 0xefc60000u;
    t ^= t >> 18;
    out_[k] = t;
  }
  pos_ = 0;
}

}  // namespace detail

PermutationTable permutation_table(int64_t n, int64_t rows, int64_t cols, uint64_t seed, PermutationRng rng,
                                   int threads) {
  const int64_t m = n - 1;
  if (n < 2) throw InvalidInput("permutation table: needs at least 2 units");
  if (rows < 0) throw InvalidInput("permutations must be >= 0 (got " + std::to_string(rows) + ")");
  if (cols < 0 || cols > m) {
    throw InvalidInput("permutation table: " + std::to_string(cols) + " columns asked, at most n - 1 = " +
                       std::to_string(m));
  }
  if (m > 2147483647) throw InvalidInput("permutation table: too many units for 32-bit indices");
  check_allocation(static_cast<double>(rows) * static_cast<double>(cols) * 4.0, "permutation table");
  PermutationTable table;
  table.rows = rows;
  table.cols = cols;
  table.index.resize(static_cast<size_t>(rows * cols));
  if (rng == PermutationRng::Esda) {
    if (seed > 0xffffffffull) throw InvalidInput("permutation table: esda's seeds are below 2^32");
    detail::Mt19937 g(static_cast<uint32_t>(seed));
    std::vector<int32_t> a(static_cast<size_t>(m));
    for (int64_t r = 0; r < rows; ++r) {
      std::iota(a.begin(), a.end(), 0);
      for (int64_t i = m - 1; i > 0; --i) std::swap(a[i], a[g.interval(static_cast<uint32_t>(i))]);
      std::copy(a.begin(), a.begin() + cols, table.index.begin() + r * cols);
    }
    return table;
  }
#pragma omp parallel num_threads(detail::thread_count(threads))
  {
    // Partial Fisher–Yates on an identity array, undone afterwards so each row starts from identity.
    std::vector<int32_t> a(static_cast<size_t>(m));
    std::iota(a.begin(), a.end(), 0);
    std::vector<int64_t> picked(static_cast<size_t>(cols));
#pragma omp for schedule(static)
    for (int64_t r = 0; r < rows; ++r) {
      detail::SplitMix64 g(seed, static_cast<uint64_t>(r));
      for (int64_t t = 0; t < cols; ++t) {
        const auto j = t + static_cast<int64_t>(g.below(static_cast<uint64_t>(m - t)));
        std::swap(a[t], a[j]);
        picked[t] = j;
      }
      std::copy(a.begin(), a.begin() + cols, table.index.begin() + r * cols);
      for (int64_t t = cols - 1; t >= 0; --t) std::swap(a[t], a[picked[t]]);
    }
  }
  return table;
}

}  // namespace watchmap
