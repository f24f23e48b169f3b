#include "placement/bound.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

namespace watchmap::detail {

namespace {

/// Rows with the fewest candidates first (they are the hardest to cover), heavier first, then by index.
std::vector<int32_t> fill_order(const Reduced& model) {
  std::vector<int32_t> order(static_cast<size_t>(model.num_rows()));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    const auto da = model.cols_of(a).size(), db = model.cols_of(b).size();
    if (da != db) return da < db;
    if (model.row_weight[a] != model.row_weight[b]) return model.row_weight[a] > model.row_weight[b];
    return a < b;
  });
  return order;
}

void column_sums(const Reduced& model, std::span<const double> lambda, std::vector<double>& c) {
  c.assign(static_cast<size_t>(model.num_cols()), 0.0);
  for (int64_t j = 0; j < model.num_cols(); ++j) {
    double s = 0.0;
    for (int32_t r : model.rows_of(j)) s += lambda[r];
    c[j] = s;
  }
}

/// Sum of the k largest values, added largest first (a fixed order: the same bits every run).
double top_sum(std::vector<double> values, int64_t k) {
  k = std::min<int64_t>(k, static_cast<int64_t>(values.size()));
  if (k <= 0) return 0.0;
  std::nth_element(values.begin(), values.begin() + (k - 1), values.end(), std::greater<>());
  std::sort(values.begin(), values.begin() + k, std::greater<>());
  double s = 0.0;
  for (int64_t t = 0; t < k; ++t) s += values[t];
  return s;
}

/// L(λ) from λ (already in [0, W]) and its column sums c.
double value_from(const Reduced& model, const std::vector<double>& lambda, const std::vector<double>& c, int64_t k) {
  double rest = 0.0;
  for (int64_t r = 0; r < model.num_rows(); ++r) rest += model.row_weight[r] - lambda[r];
  return rest + top_sum(c, k);
}

void fill(const Reduced& model, const std::vector<int32_t>& order, double mu, std::vector<double>& lambda,
          std::vector<double>& c) {
  lambda.assign(static_cast<size_t>(model.num_rows()), 0.0);
  c.assign(static_cast<size_t>(model.num_cols()), 0.0);
  for (int32_t r : order) {
    double room = model.row_weight[r];
    for (int32_t j : model.cols_of(r)) room = std::min(room, mu - c[j]);
    if (room <= 0.0) continue;
    lambda[r] = room;
    for (int32_t j : model.cols_of(r)) c[j] += room;
  }
}

}  // namespace

double lagrangian_value(const Reduced& model, std::span<const double> lambda, int64_t k) {
  std::vector<double> clamped(static_cast<size_t>(model.num_rows()));
  double rest = 0.0;
  for (int64_t r = 0; r < model.num_rows(); ++r) {
    clamped[r] = std::clamp(lambda[r], 0.0, model.row_weight[r]);
    rest += model.row_weight[r] - clamped[r];
  }
  std::vector<double> c;
  column_sums(model, clamped, c);
  return rest + top_sum(std::move(c), k);
}

double lagrangian_bound(const Reduced& model, int64_t k, double target, int steps) {
  const int64_t cols = model.num_cols();
  if (model.num_rows() == 0 || k <= 0) return 0.0;
  if (k >= cols) return model.total_weight;
  double best = model.total_weight;  // λ = 0
  std::vector<double> best_lambda(static_cast<size_t>(model.num_rows()), 0.0);
  double max_column = 0.0;
  for (int64_t j = 0; j < cols; ++j) {
    double s = 0.0;
    for (int32_t r : model.rows_of(j)) s += model.row_weight[r];
    max_column = std::max(max_column, s);
  }
  const double mu_hi = std::min(max_column, model.total_weight / static_cast<double>(k));
  if (!(mu_hi > 0.0)) return best;

  const std::vector<int32_t> order = fill_order(model);
  std::vector<double> lambda, c;
  auto try_mu = [&](double mu) {
    fill(model, order, mu, lambda, c);
    const double v = value_from(model, lambda, c, k);
    if (v < best) {
      best = v;
      best_lambda = lambda;
    }
    return v;
  };
  // A geometric grid over three decades of μ, then golden-section search around the best point.
  constexpr int kGrid = 24;
  std::vector<double> grid(kGrid), value(kGrid);
  int at = 0;
  for (int t = 0; t < kGrid; ++t) {
    grid[t] = mu_hi * std::pow(10.0, -3.0 + 3.0 * t / (kGrid - 1));
    value[t] = try_mu(grid[t]);
    if (value[t] < value[at]) at = t;
  }
  double lo = grid[std::max(at - 1, 0)], hi = grid[std::min(at + 1, kGrid - 1)];
  constexpr double kGolden = 0.6180339887498949;
  double a = hi - kGolden * (hi - lo), b = lo + kGolden * (hi - lo);
  double fa = try_mu(a), fb = try_mu(b);
  for (int it = 0; it < 16; ++it) {
    if (fa <= fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - kGolden * (hi - lo);
      fa = try_mu(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + kGolden * (hi - lo);
      fb = try_mu(b);
    }
  }

  // Subgradient steps from the best fill: d L / d λ_r = (top-k columns covering r) − [λ_r < W_r].
  lambda = best_lambda;
  double theta = 0.5;
  int stall = 0;
  std::vector<int32_t> top(static_cast<size_t>(cols));
  std::vector<char> in_top(static_cast<size_t>(cols));
  std::vector<double> g(static_cast<size_t>(model.num_rows()));
  for (int step = 0; step < steps && best > target; ++step) {
    column_sums(model, lambda, c);
    std::iota(top.begin(), top.end(), 0);
    std::nth_element(top.begin(), top.begin() + (k - 1), top.end(),
                     [&](int32_t x, int32_t y) { return c[x] > c[y] || (c[x] == c[y] && x < y); });
    std::fill(in_top.begin(), in_top.end(), 0);
    for (int64_t t = 0; t < k; ++t) in_top[top[t]] = 1;
    const double v = value_from(model, lambda, c, k);
    if (v < best) {
      best = v;
      stall = 0;
    } else if (++stall >= 20) {
      theta *= 0.5;
      stall = 0;
    }
    double norm = 0.0;
    for (int64_t r = 0; r < model.num_rows(); ++r) {
      double covered = 0.0;
      for (int32_t j : model.cols_of(r)) covered += in_top[j];
      g[r] = covered - (lambda[r] < model.row_weight[r] ? 1.0 : 0.0);
      norm += g[r] * g[r];
    }
    if (norm == 0.0) break;  // λ is optimal for the relaxation
    const double t = theta * (v - target) / norm;
    for (int64_t r = 0; r < model.num_rows(); ++r) {
      lambda[r] = std::clamp(lambda[r] - t * g[r], 0.0, model.row_weight[r]);
    }
  }
  return best;
}

double cover_lagrangian_value(const Reduced& model, std::span<const double> u) {
  double total = 0.0;
  for (int64_t r = 0; r < model.num_rows(); ++r) total += std::max(u[r], 0.0);
  for (int64_t j = 0; j < model.num_cols(); ++j) {
    double s = 0.0;
    for (int32_t r : model.rows_of(j)) s += std::max(u[r], 0.0);
    total += std::min(0.0, 1.0 - s);
  }
  return total;
}

double cover_fill_bound(const Reduced& model) {
  const std::vector<int32_t> order = fill_order(model);
  std::vector<double> used(static_cast<size_t>(model.num_cols()), 0.0);
  std::vector<double> u(static_cast<size_t>(model.num_rows()), 0.0);
  for (int32_t r : order) {
    double room = 1.0;
    for (int32_t j : model.cols_of(r)) room = std::min(room, 1.0 - used[j]);
    if (room <= 0.0) continue;
    u[r] = room;
    for (int32_t j : model.cols_of(r)) used[j] += room;
  }
  return cover_lagrangian_value(model, u);
}

}  // namespace watchmap::detail
