#pragma once
// The two random streams behind permutation tables: numpy's legacy MT19937 (esda's draws, for exact
// replay) and a counter-based SplitMix64 stream per table row (parallel, thread-count independent).
#include <cstdint>
#include <vector>

namespace watchmap::detail {

/// MT19937 seeded as init_genrand(seed) (= std::mt19937(seed) = numpy RandomState(seed) for
/// seeds < 2^32), generating 624 outputs at a time (several times faster than std::mt19937 here).
class Mt19937 {
 public:
  explicit Mt19937(uint32_t seed);
  uint32_t next() {
    if (pos_ == 624) refill();
    return out_[pos_++];
  }
  /// Uniform on [0, max] by masked rejection (numpy's legacy random_interval for max < 2^32).
  uint32_t interval(uint32_t max) {
    if (max == 0) return 0;
    uint32_t mask = max;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    uint32_t v;
    do {
      v = next() & mask;
    } while (v > max);
    return v;
  }

 private:
  void refill();
  uint32_t mt_[624];
  uint32_t out_[624];
  int pos_ = 624;
};

/// SplitMix64 (Steele, Lea & Flood 2014); one independent stream per (seed, row).
class SplitMix64 {
 public:
  SplitMix64(uint64_t seed, uint64_t stream) : state_(mix(seed ^ mix(stream + 0x632BE59BD9B4E019ull))) {}
  uint64_t next() { return mix(state_ += 0x9E3779B97F4A7C15ull); }
  /// Uniform on [0, bound), bound ≤ 2^32, without bias (Lemire's multiply-shift with rejection on
  /// the high 32 bits of each output).
  uint64_t below(uint64_t bound) {
    const auto b = static_cast<uint32_t>(bound);
    uint64_t m = (next() >> 32) * b;
    auto low = static_cast<uint32_t>(m);
    if (low < b) {
      const uint32_t threshold = (0u - b) % b;
      while (low < threshold) {
        m = (next() >> 32) * b;
        low = static_cast<uint32_t>(m);
      }
    }
    return m >> 32;
  }
  static uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

}  // namespace watchmap::detail
