#pragma once
// OpenMP thread-count selection shared by every parallel loop.
#include <omp.h>

#include <string>

#include "watchmap/error.hpp"

namespace watchmap::detail {

/// The most threads any call may ask for. OpenMP runtimes abort the whole process (a notebook
/// kernel with it) when thread creation fails, so absurd requests are refused up front.
inline constexpr int kMaxThreads = 1024;

/// `requested` threads when positive, otherwise OpenMP's default (OMP_NUM_THREADS or all cores).
/// Throws InvalidInput for a negative count or one above kMaxThreads.
inline int thread_count(int requested) {
  if (requested < 0 || requested > kMaxThreads) {
    throw InvalidInput("threads must be 0 (all cores) or between 1 and " + std::to_string(kMaxThreads) + ", not " +
                       std::to_string(requested));
  }
  return requested > 0 ? requested : omp_get_max_threads();
}

}  // namespace watchmap::detail
