#include "placement/solver.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <string>

#include "watchmap/error.hpp"

#ifdef WATCHMAP_WITH_CBC
#include <coin/Cbc_C_Interface.h>
#include <coin/Clp_C_Interface.h>
#endif

namespace watchmap::detail {

#ifndef WATCHMAP_WITH_CBC

namespace {
[[noreturn]] void no_solver() {
  throw InvalidInput(
      "watchmap was built without CBC, so method='exact' and bound='lp' are not available (install "
      "coinor-libcbc-dev and rebuild; method='greedy' still gives a proven bound)");
}
}  // namespace

bool solver_available() { return false; }
std::vector<double> mclp_lp_multipliers(const Reduced&, int64_t) { no_solver(); }
std::vector<double> cover_lp_multipliers(const Reduced&) { no_solver(); }
MipOutcome solve_mclp(const Reduced&, int64_t, const std::vector<int32_t>&, std::optional<double>, double, bool) {
  no_solver();
}
MipOutcome solve_cover(const Reduced&, const std::vector<int32_t>&, std::optional<double>) { no_solver(); }

#else

namespace {

/// CbcMain1 keeps global state: one solve at a time in the whole process.
std::mutex& solver_mutex() {
  static std::mutex mutex;
  return mutex;
}

struct Matrix {  // column-major (CSC), as Cbc_loadProblem/Clp_loadProblem take it
  std::vector<CoinBigIndex> start{0};
  std::vector<int> index;
  std::vector<double> value;
  std::vector<double> col_lower, col_upper, objective, row_lower, row_upper;
  int cols() const { return static_cast<int>(start.size()) - 1; }
  int rows() const { return static_cast<int>(row_lower.size()); }
  void end_column(double lower, double upper, double cost) {
    start.push_back(static_cast<CoinBigIndex>(index.size()));
    col_lower.push_back(lower);
    col_upper.push_back(upper);
    objective.push_back(cost);
  }
};

constexpr double kInfinity = 1e30;

/// Columns x_j (one per kept candidate), then y_r; rows: y_r − Σ x_j ≤ 0, then Σ x_j ≤ k.
Matrix mclp_matrix(const Reduced& model, int64_t k) {
  Matrix a;
  const int rows = static_cast<int>(model.num_rows());
  for (int64_t j = 0; j < model.num_cols(); ++j) {
    for (int32_t r : model.rows_of(j)) {
      a.index.push_back(r);
      a.value.push_back(-1.0);
    }
    a.index.push_back(rows);
    a.value.push_back(1.0);
    a.end_column(0.0, 1.0, 0.0);
  }
  for (int r = 0; r < rows; ++r) {
    a.index.push_back(r);
    a.value.push_back(1.0);
    a.end_column(0.0, 1.0, -model.row_weight[r]);
  }
  a.row_lower.assign(static_cast<size_t>(rows) + 1, -kInfinity);
  a.row_upper.assign(static_cast<size_t>(rows) + 1, 0.0);
  a.row_upper[rows] = static_cast<double>(k);
  return a;
}

/// Columns x_j; rows Σ_{j covers r} x_j ≥ 1; minimise Σ x_j.
Matrix cover_matrix(const Reduced& model) {
  Matrix a;
  for (int64_t j = 0; j < model.num_cols(); ++j) {
    for (int32_t r : model.rows_of(j)) {
      a.index.push_back(r);
      a.value.push_back(1.0);
    }
    a.end_column(0.0, 1.0, 1.0);
  }
  a.row_lower.assign(static_cast<size_t>(model.num_rows()), 1.0);
  a.row_upper.assign(static_cast<size_t>(model.num_rows()), kInfinity);
  return a;
}

/// Row duals of the LP relaxation (minimisation), or empty.
std::vector<double> lp_duals(const Matrix& a) {
  std::lock_guard<std::mutex> lock(solver_mutex());
  Clp_Simplex* lp = Clp_newModel();
  Clp_setLogLevel(lp, 0);
  Clp_loadProblem(lp, a.cols(), a.rows(), a.start.data(), a.index.data(), a.value.data(), a.col_lower.data(),
                  a.col_upper.data(), a.objective.data(), a.row_lower.data(), a.row_upper.data());
  Clp_dual(lp, 0);
  std::vector<double> duals;
  if (Clp_status(lp) == 0) {
    const double* price = Clp_getRowPrice(lp);
    duals.assign(price, price + a.rows());
  }
  Clp_deleteModel(lp);
  return duals;
}

MipOutcome solve(const Matrix& a, int num_integer, const std::vector<int32_t>& start,
                 std::optional<double> time_limit_s, double mip_gap, double absolute_gap, bool lean) {
  std::lock_guard<std::mutex> lock(solver_mutex());
  const auto t0 = std::chrono::steady_clock::now();
  Cbc_Model* cbc = Cbc_newModel();
  Cbc_loadProblem(cbc, a.cols(), a.rows(), a.start.data(), a.index.data(), a.value.data(), a.col_lower.data(),
                  a.col_upper.data(), a.objective.data(), a.row_lower.data(), a.row_upper.data());
  for (int j = 0; j < num_integer; ++j) Cbc_setInteger(cbc, j);
  Cbc_setObjSense(cbc, 1.0);
  Cbc_setLogLevel(cbc, 0);
  Cbc_setParameter(cbc, "threads", "1");  // serial: deterministic
  if (lean) {
    // Maximal covering with our 1-swap start: CBC's heuristics, cut generators and preprocessing
    // cost more than they find. Measured at 5000 × 500 on four generator seeds and k = 20..80:
    // as fast or faster every time (reference instance, k = 50: 25 s → 18 s; k = 20: 124 s → 13 s).
    Cbc_setParameter(cbc, "heuristicsOnOff", "off");
    Cbc_setParameter(cbc, "cutsOnOff", "off");
    Cbc_setParameter(cbc, "preprocess", "off");
  }
  if (time_limit_s) Cbc_setMaximumSeconds(cbc, *time_limit_s);
  if (absolute_gap > 0.0) Cbc_setAllowableGap(cbc, absolute_gap);
  if (mip_gap > 0.0) Cbc_setAllowableFractionGap(cbc, mip_gap);
  if (!start.empty()) {
    std::vector<int> idx(start.begin(), start.end());
    std::vector<double> ones(start.size(), 1.0);
    Cbc_setMIPStartI(cbc, static_cast<int>(idx.size()), idx.data(), ones.data());
  }
  const int rc = Cbc_solve(cbc);
  MipOutcome out;
  out.has_solution = Cbc_bestSolution(cbc) != nullptr;
  if (out.has_solution) {
    const double* x = Cbc_getColSolution(cbc);
    for (int j = 0; j < num_integer; ++j) {
      if (x[j] > 0.5) out.cols.push_back(j);
    }
  }
  out.optimal = Cbc_isProvenOptimal(cbc) != 0;
  out.time_limit = Cbc_isSecondsLimitReached(cbc) != 0;
  out.abandoned = rc == 2 || Cbc_isAbandoned(cbc) != 0;
  const double bound = Cbc_getBestPossibleObjValue(cbc);
  if (std::isfinite(bound) && std::abs(bound) < 1e29) out.bound = bound;
  Cbc_deleteModel(cbc);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace

bool solver_available() { return true; }

std::vector<double> mclp_lp_multipliers(const Reduced& model, int64_t k) {
  std::vector<double> duals = lp_duals(mclp_matrix(model, k));
  if (duals.empty()) return duals;
  std::vector<double> lambda(static_cast<size_t>(model.num_rows()));
  for (int64_t r = 0; r < model.num_rows(); ++r) lambda[r] = -duals[r];  // ≤ rows of a minimisation: price ≤ 0
  return lambda;
}

std::vector<double> cover_lp_multipliers(const Reduced& model) {
  std::vector<double> duals = lp_duals(cover_matrix(model));
  return duals;
}

MipOutcome solve_mclp(const Reduced& model, int64_t k, const std::vector<int32_t>& start,
                      std::optional<double> time_limit_s, double mip_gap, bool integral) {
  MipOutcome out = solve(mclp_matrix(model, k), static_cast<int>(model.num_cols()), start, time_limit_s, mip_gap,
                         integral ? 1.0 - 1e-6 : 0.0, /*lean=*/true);
  if (out.bound) out.bound = -*out.bound;  // minimised −Σ W y
  return out;
}

MipOutcome solve_cover(const Reduced& model, const std::vector<int32_t>& start, std::optional<double> time_limit_s) {
  return solve(cover_matrix(model), static_cast<int>(model.num_cols()), start, time_limit_s, 0.0, 1.0 - 1e-6,
               /*lean=*/false);
}

#endif

}  // namespace watchmap::detail
