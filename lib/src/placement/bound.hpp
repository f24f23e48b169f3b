#pragma once
// Proven bounds without a solver: Lagrangian relaxation of the coverage rows, evaluated exactly
// at multipliers from a fill heuristic and subgradient steps (maximal covering), and a
// dual-feasible packing (set covering). See placement.hpp for the formulas.
#include <cstdint>
#include <span>
#include <vector>

#include "placement/residual.hpp"

namespace watchmap::detail {

/// L(λ) = Σ_r (W_r − λ_r) + (sum of the k largest c_j), c_j = Σ_{r covered by j} λ_r, for
/// 0 ≤ λ_r ≤ W_r (clamped here): an upper bound on the row weight k columns can cover.
double lagrangian_value(const Reduced& model, std::span<const double> lambda, int64_t k);

/// The smallest L found: fills λ (rows with fewest candidates first, each up to the room left
/// under a threshold μ in every column covering it) over a range of μ, then `steps` subgradient
/// steps aimed at `target` (a value known to be achievable).
double lagrangian_bound(const Reduced& model, int64_t k, double target, int steps);

/// For set covering: L(u) = Σ u_r + Σ_j min(0, 1 − Σ_{r covered by j} u_r) ≤ the fewest columns
/// covering every row, for any u ≥ 0 (negative entries are treated as 0).
double cover_lagrangian_value(const Reduced& model, std::span<const double> u);

/// A dual-feasible packing (rows with fewest candidates first, u_r = room left in its columns).
double cover_fill_bound(const Reduced& model);

}  // namespace watchmap::detail
