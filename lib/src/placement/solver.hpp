#pragma once
// CBC (integer programs) and Clp (LP relaxations) through their C APIs, when watchmap is built
// with CBC (WATCHMAP_WITH_CBC). CBC keeps global state (CbcMain1), so every call here runs under
// one process-wide mutex. Without CBC every function but solver_available() throws InvalidInput.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "placement/residual.hpp"

namespace watchmap::detail {

bool solver_available();

/// λ from the duals of the maximal covering LP relaxation with k columns (for lagrangian_value),
/// or empty when Clp did not finish.
std::vector<double> mclp_lp_multipliers(const Reduced& model, int64_t k);

/// u from the duals of the set covering LP relaxation (for cover_lagrangian_value), or empty.
std::vector<double> cover_lp_multipliers(const Reduced& model);

struct MipOutcome {
  std::vector<int32_t> cols;  // positions in Reduced::cols of the best solution found
  bool has_solution = false;
  bool optimal = false;       // CBC proved it (within the gap asked for)
  bool time_limit = false;    // stopped by the time limit
  bool abandoned = false;     // numerical trouble
  std::optional<double> bound;  // CBC's bound in the problem's own sense (max: upper, min: lower)
  double seconds = 0.0;
};

/// Maximal covering: max Σ W_r y_r, y_r ≤ Σ_{j covers r} x_j, Σ x_j ≤ k; built as the minimisation
/// of −Σ W y (CBC 2.10 mishandles a MIP start with maximisation). `start` = columns of a known
/// solution. `integral`: weights are integers, so CBC may stop once its bound is < 1 above.
MipOutcome solve_mclp(const Reduced& model, int64_t k, const std::vector<int32_t>& start,
                      std::optional<double> time_limit_s, double mip_gap, bool integral);

/// Set covering: min Σ x_j with every row covered.
MipOutcome solve_cover(const Reduced& model, const std::vector<int32_t>& start, std::optional<double> time_limit_s);

}  // namespace watchmap::detail
