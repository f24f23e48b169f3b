// Getis-Ord Gi* / Gi: the ArcGIS/spdep z, esda's G moments, and the permutation step.
#include <algorithm>
#include <cmath>

#include "stats/checks.hpp"
#include "stats/numpy_sum.hpp"
#include "stats/permutation.hpp"
#include "watchmap/hotspot.hpp"

namespace watchmap {

namespace {

// The weights the statistic uses: for Gi* every unit gets a self weight (stored, given, or the
// row's largest weight), for Gi the diagonal is dropped.
Weights effective_weights(const Weights& w, const GetisOrdOptions& options) {
  const int64_t n = w.n();
  std::vector<int64_t> indptr{0}, indices;
  std::vector<double> values;
  for (int64_t i = 0; i < n; ++i) {
    double self = 0.0, largest = 0.0;
    bool stored = false;
    for (int64_t k = w.indptr()[i]; k < w.indptr()[i + 1]; ++k) {
      if (w.indices()[k] == i) {
        self = w.values()[k];
        stored = true;
      } else if (largest == 0.0 || std::abs(w.values()[k]) > std::abs(largest)) {
        largest = w.values()[k];
      }
    }
    if (options.star && !stored) self = options.self_weight ? *options.self_weight : (largest != 0.0 ? largest : 1.0);
    if (!options.star) self = 0.0;
    bool placed = self == 0.0;
    for (int64_t k = w.indptr()[i]; k < w.indptr()[i + 1]; ++k) {
      const int64_t j = w.indices()[k];
      if (j == i) continue;
      if (!placed && j > i) {
        indices.push_back(i);
        values.push_back(self);
        placed = true;
      }
      indices.push_back(j);
      values.push_back(w.values()[k]);
    }
    if (!placed) {
      indices.push_back(i);
      values.push_back(self);
    }
    indptr.push_back(static_cast<int64_t>(indices.size()));
  }
  return Weights(n, std::move(indptr), std::move(indices), std::move(values), w.style());
}

}  // namespace

GetisOrd getis_ord(const std::vector<double>& x, const Weights& weights, const GetisOrdOptions& options) {
  detail::check_values(x, weights, "getis_ord");
  if (options.self_weight && !(std::isfinite(*options.self_weight) && *options.self_weight != 0.0)) {
    throw InvalidInput("getis_ord: self_weight must be finite and non-zero");
  }
  const int64_t n = weights.n();
  const double nd = static_cast<double>(n);
  const Weights w = effective_weights(weights, options);
  GetisOrd out;
  out.star = options.star;
  out.cardinality = w.cardinalities();
  const std::vector<double> lag = w.lag(x);
  const double tot = detail::numpy_sum(x);
  const double mean = tot / nd;
  double d2 = 0.0;
  for (double v : x) d2 += (v - mean) * (v - mean);
  out.z.assign(n, 0.0);
  out.p_norm.assign(n, 0.0);
  out.G.assign(n, 0.0);
  out.EG.assign(n, 0.0);
  out.VG.assign(n, 0.0);
  out.z_esda.assign(n, 0.0);
  const double nan = std::nan("");
  for (int64_t i = 0; i < n; ++i) {
    double Wi = 0.0, S1 = 0.0;
    for (int64_t k = w.indptr()[i]; k < w.indptr()[i + 1]; ++k) {
      Wi += w.values()[k];
      S1 += w.values()[k] * w.values()[k];
    }
    // Gi* over all n units; Gi over the n − 1 others (x̄_i, S_i without unit i).
    const double N = options.star ? nd : nd - 1.0;
    double m = mean, var = d2 / nd, denom = tot;
    if (!options.star) {
      const double di = x[i] - mean;
      m = (tot - x[i]) / N;
      var = (d2 - di * di) / N - (di / N) * (di / N);
      denom = tot - x[i];
    }
    if (out.cardinality[i] == 0) {
      out.z[i] = out.p_norm[i] = out.G[i] = out.EG[i] = out.VG[i] = out.z_esda[i] = nan;
      continue;
    }
    const double S = std::sqrt(var);
    out.z[i] = (lag[i] - m * Wi) / (S * std::sqrt((N * S1 - Wi * Wi) / (N - 1.0)));
    out.p_norm[i] = detail::two_sided_p(out.z[i]);
    out.G[i] = lag[i] / denom;
    out.EG[i] = Wi / N;
    out.VG[i] = Wi * (N - Wi) / (N - 1.0) / (N * N) * var / (m * m);
    out.z_esda[i] = (out.G[i] - out.EG[i]) / std::sqrt(out.VG[i]);
  }

  const auto table = detail::resolve_table(options.permutation, n, detail::max_cardinality(w));
  out.alternative = options.permutation.alternative;
  out.ties = options.permutation.ties;
  if (!table) return out;
  out.permutations = table->rows;
  const std::vector<double> self = w.diagonal();
  detail::LocalSpec spec;
  spec.weights = &w;
  spec.values = &x;
  spec.raw = &x;
  spec.obs = &out.G;
  spec.ties = options.permutation.ties;
  spec.key_sign.assign(n, 0.0);
  for (int64_t i = 0; i < n; ++i) {
    // G grows with the neighbour sum when (common weight)/(denominator) > 0.
    const double wk = detail::common_neighbour_weight(w, i);
    const double denom = options.star ? tot : tot - x[i];
    const double ratio = wk / denom;
    spec.key_sign[i] = ratio > 0 ? 1.0 : (ratio < 0 ? -1.0 : 0.0);
  }
  const bool star = options.star;
  out.sim = detail::run_local_permutations(
      spec, *table, options.permutation,
      [&](int64_t i, double acc) { return star ? (acc + self[i] * x[i]) / tot : acc / (tot - x[i]); },
      [](int64_t, double key, int64_t, double wk) { return wk * key; }, "getis_ord");
  return out;
}

}  // namespace watchmap
