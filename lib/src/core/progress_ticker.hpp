#pragma once
// Polls a ProgressCallback from inside OpenMP loops: only thread 0 calls it (at most every ~50 ms),
// and a "stop" answer is shared through an atomic flag that every thread checks.
#include <omp.h>

#include <atomic>
#include <chrono>

#include "watchmap/error.hpp"
#include "watchmap/progress.hpp"

namespace watchmap::detail {

class ProgressTicker {
 public:
  ProgressTicker(const ProgressCallback& callback, double total) : callback_(callback), total_(total) {}

  /// Adds `amount` of work done; returns false once the computation should stop.
  bool tick(double amount = 1.0) {
    if (stop_.load(std::memory_order_relaxed)) return false;
    if (!callback_) return true;
    done_.fetch_add(amount, std::memory_order_relaxed);
    if (omp_get_thread_num() != 0) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(50)) return true;
    last_ = now;
    if (!callback_(total_ > 0 ? std::min(1.0, done_.load() / total_) : 1.0)) stop_.store(true);
    return !stop_.load();
  }
  bool stopped() const { return stop_.load(); }
  void set_total(double total) { total_ = total; }
  /// Throws Cancelled naming `what` when a stop was requested; otherwise reports completion.
  void finish(const char* what) {
    if (stop_.load()) throw Cancelled(std::string(what) + " was cancelled");
    if (callback_ && !callback_(1.0)) throw Cancelled(std::string(what) + " was cancelled");
  }

 private:
  const ProgressCallback& callback_;
  double total_;
  std::atomic<double> done_{0.0};
  std::atomic<bool> stop_{false};
  std::chrono::steady_clock::time_point last_{};
};

/// The phase [from, to] of a longer call: a phase reports 0..1 of itself and the caller's callback
/// sees from..to. Empty when `callback` is empty. Keeps a reference: `callback` must outlive it.
inline ProgressCallback progress_part(const ProgressCallback& callback, double from, double to) {
  if (!callback) return {};
  return [&callback, from, to](double fraction) { return callback(from + (to - from) * fraction); };
}

/// Stops a serial phase at once (throws Cancelled naming `what`) when the ticker says so.
inline void tick_or_throw(ProgressTicker& ticker, double amount, const char* what) {
  if (!ticker.tick(amount)) ticker.finish(what);
}

}  // namespace watchmap::detail
