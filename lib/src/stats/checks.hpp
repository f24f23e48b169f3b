#pragma once
// Argument checks and small helpers shared by the hotspot statistics.
#include <cmath>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "watchmap/error.hpp"
#include "watchmap/weights.hpp"

namespace watchmap::detail {

/// values: as many as the weights have units, at least 3, finite, not all equal.
inline void check_values(const std::vector<double>& values, const Weights& weights, const char* what) {
  if (static_cast<int64_t>(values.size()) != weights.n()) {
    throw InvalidInput(std::string(what) + ": " + std::to_string(values.size()) + " values but the weights have " +
                       std::to_string(weights.n()) + " units");
  }
  if (values.size() < 3) throw InvalidInput(std::string(what) + ": needs at least 3 units");
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw InvalidInput(std::string(what) + ": value in row " + std::to_string(i) + " is " +
                         (std::isnan(values[i]) ? "NaN" : fmt(values[i])) + "; values must be finite");
    }
  }
  for (size_t i = 1; i < values.size(); ++i) {
    if (values[i] != values[0]) return;
  }
  throw InvalidInput(std::string(what) + ": all " + std::to_string(values.size()) + " values equal " + fmt(values[0]) +
                     " (zero variance): the statistic is undefined");
}

/// Two-sided normal p-value 2·P(Z > |z|) (NaN stays NaN).
inline double two_sided_p(double z) { return std::erfc(std::abs(z) / std::sqrt(2.0)); }

}  // namespace watchmap::detail
