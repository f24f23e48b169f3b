#pragma once
// OpenMP thread-count selection shared by every parallel loop.
#include <omp.h>

namespace watchmap::detail {

/// `requested` threads when positive, otherwise OpenMP's default (OMP_NUM_THREADS or all cores).
inline int thread_count(int requested) { return requested > 0 ? requested : omp_get_max_threads(); }

}  // namespace watchmap::detail
