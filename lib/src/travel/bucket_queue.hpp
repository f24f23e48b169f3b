#pragma once
// A monotone bucket queue for Dijkstra with positive edge times.
//
// Keys fall into buckets of width w slightly below the cheapest edge. Every cell in the lowest
// bucket then has its final time: anything relaxed from that bucket lands at least one edge, so
// more than w, later, i.e. in a later bucket. Cells of one bucket can be settled in any order (or
// together, in parallel) and the times equal Dijkstra's exactly, because each is still the minimum
// over the same settled predecessors. Buckets live in a ring of 4096 slots found through a bitmap;
// keys beyond the ring wait in a binary heap (cliff edges, very fast roads). Keys too large to
// index come out one at a time in key order, i.e. as plain Dijkstra.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

namespace watchmap::detail {

class BucketQueue {
 public:
  explicit BucketQueue(double width) : inv_width_(1.0 / width), ring_(kRing), bits_(kRing / 64, 0) {}

  void push(uint32_t item, double key) {
    const double scaled = key * inv_width_;
    if (scaled < static_cast<double>(cur_ + kRing)) {
      const auto bucket = std::max(cur_, static_cast<int64_t>(scaled));
      add(item, bucket);
    } else {
      overflow_.emplace(key, item);
    }
  }

  /// Moves the items of the lowest non-empty bucket into `out` (replacing its contents); false
  /// when the queue is empty. Items may repeat (stale entries): the caller skips settled ones.
  bool pop_bucket(std::vector<uint32_t>& out) {
    out.clear();
    if (ring_items_ == 0) {
      if (overflow_.empty()) return false;
      const double scaled = overflow_.top().first * inv_width_;
      if (!(scaled < kHuge)) {  // beyond indexing: plain Dijkstra, one at a time
        out.push_back(overflow_.top().second);
        overflow_.pop();
        return true;
      }
      cur_ = static_cast<int64_t>(scaled);
    }
    while (!overflow_.empty() && overflow_.top().first * inv_width_ < static_cast<double>(cur_ + kRing)) {
      add(overflow_.top().second, std::max(cur_, static_cast<int64_t>(overflow_.top().first * inv_width_)));
      overflow_.pop();
    }
    cur_ = next_bucket(cur_);
    const auto slot = static_cast<size_t>(cur_ & kMask);
    std::swap(out, ring_[slot]);
    bits_[slot >> 6] &= ~(uint64_t{1} << (slot & 63));
    ring_items_ -= static_cast<int64_t>(out.size());
    return true;
  }

 private:
  static constexpr int64_t kRing = 4096, kMask = kRing - 1;
  static constexpr double kHuge = 4.0e18;

  void add(uint32_t item, int64_t bucket) {
    const auto slot = static_cast<size_t>(bucket & kMask);
    ring_[slot].push_back(item);
    bits_[slot >> 6] |= uint64_t{1} << (slot & 63);
    ++ring_items_;
  }

  // The first non-empty bucket at or after `from` (the ring holds buckets [cur_, cur_ + kRing)).
  int64_t next_bucket(int64_t from) const {
    const auto start = static_cast<size_t>(from & kMask);
    size_t word = start >> 6;
    uint64_t bits = bits_[word] & (~uint64_t{0} << (start & 63));
    for (size_t step = 0; step <= bits_.size(); ++step) {
      if (bits != 0) {
        const size_t slot = (word << 6) + static_cast<size_t>(std::countr_zero(bits));
        return from + static_cast<int64_t>((slot - start) & static_cast<size_t>(kMask));
      }
      word = (word + 1) % bits_.size();
      bits = bits_[word];
    }
    return from;  // not reached while ring_items_ > 0
  }

  double inv_width_;
  int64_t cur_ = 0, ring_items_ = 0;
  std::vector<std::vector<uint32_t>> ring_;
  std::vector<uint64_t> bits_;
  std::priority_queue<std::pair<double, uint32_t>, std::vector<std::pair<double, uint32_t>>, std::greater<>> overflow_;
};

}  // namespace watchmap::detail
