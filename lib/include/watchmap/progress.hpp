#pragma once
/// @file progress.hpp  Progress reports and cancellation for long computations.
#include <functional>

namespace watchmap {

/// Called now and then from the calling thread with the fraction done (0..1). Return false to
/// stop: the computation then throws Cancelled. Must be cheap; never called concurrently.
using ProgressCallback = std::function<bool(double fraction_done)>;

}  // namespace watchmap
