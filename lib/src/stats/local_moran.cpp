// Local Moran (Anselin 1995): I_i, quadrants, total and conditional randomisation moments, and the
// permutation step. z-scores and sums are computed as numpy does (stats/numpy_sum.hpp) so that
// ties="esda" splits tied draws exactly as esda.
#include <cmath>

#include "stats/checks.hpp"
#include "stats/numpy_sum.hpp"
#include "stats/permutation.hpp"
#include "watchmap/hotspot.hpp"

namespace watchmap {

LocalMoran local_moran(const std::vector<double>& x, const Weights& weights, const MoranOptions& options) {
  detail::check_values(x, weights, "local_moran");
  const Weights w = weights.style() == options.transform || options.transform == WeightsStyle::Original
                        ? weights
                        : weights.transform(options.transform);
  const int64_t n = w.n();
  const double nd = static_cast<double>(n), n1 = nd - 1.0;
  const std::vector<double> z = detail::numpy_standardise(x);
  const std::vector<double> lag = w.lag(z);
  std::vector<double> zz(n), z4(n);
  for (int64_t i = 0; i < n; ++i) {
    zz[i] = z[i] * z[i];
    z4[i] = zz[i] * zz[i];
  }
  const double den = detail::numpy_sum(zz);
  const double m2 = den / nd;
  const double b2 = (detail::numpy_sum(z4) / nd) / (m2 * m2);

  LocalMoran out;
  out.cardinality = w.cardinalities();
  out.I.resize(n);
  out.quadrant.resize(n);
  out.EI.resize(n);
  out.VI.resize(n);
  out.z.resize(n);
  out.EI_c.resize(n);
  out.VI_c.resize(n);
  out.z_c.resize(n);
  out.p_norm.resize(n);
  const double nan = std::nan("");
  for (int64_t i = 0; i < n; ++i) {
    if (out.cardinality[i] == 0) {
      out.I[i] = out.EI[i] = out.VI[i] = out.z[i] = out.EI_c[i] = out.VI_c[i] = out.z_c[i] = out.p_norm[i] = nan;
      out.quadrant[i] = 0;
      continue;
    }
    double wi = 0.0, wi2 = 0.0;
    for (int64_t k = w.indptr()[i]; k < w.indptr()[i + 1]; ++k) {
      wi += w.values()[k];
      wi2 += w.values()[k] * w.values()[k];
    }
    out.I[i] = n1 * z[i] * lag[i] / den;
    out.quadrant[i] = z[i] > 0 ? (lag[i] > 0 ? 1 : 4) : (lag[i] > 0 ? 2 : 3);
    out.EI[i] = -wi / n1;
    out.VI[i] = wi2 * (nd - b2) / n1 + (wi * wi - wi2) * (2.0 * b2 - nd) / (n1 * (nd - 2.0)) - (wi / n1) * (wi / n1);
    out.z[i] = (out.I[i] - out.EI[i]) / std::sqrt(out.VI[i]);
    out.EI_c[i] = -(zz[i] * wi) / (n1 * m2);
    out.VI_c[i] = (z[i] / m2) * (z[i] / m2) * (nd / (nd - 2.0)) * (wi2 - wi * wi / n1) * (m2 - zz[i] / n1);
    out.z_c[i] = (out.I[i] - out.EI_c[i]) / std::sqrt(out.VI_c[i]);
    out.p_norm[i] = detail::two_sided_p(out.z[i]);
  }

  const auto table = detail::resolve_table(options.permutation, n, detail::max_cardinality(w));
  out.alternative = options.permutation.alternative;
  out.ties = options.permutation.ties;
  if (!table) return out;
  out.permutations = table->rows;
  const std::vector<double> self = w.diagonal();
  const double scaling = n1 / den;
  // z_j = (x_j − mean)/sd, so Σ z over c drawn units = (Σ x − c·mean)/sd.
  const double mean = detail::numpy_sum(x) / nd;
  std::vector<double> dev(n);
  for (int64_t i = 0; i < n; ++i) dev[i] = (x[i] - mean) * (x[i] - mean);
  const double sd = std::sqrt(detail::numpy_sum(dev) / nd);
  detail::LocalSpec spec;
  spec.weights = &w;
  spec.values = &z;
  spec.raw = &x;
  spec.obs = &out.I;
  spec.ties = options.permutation.ties;
  spec.key_sign.assign(n, 0.0);
  for (int64_t i = 0; i < n; ++i) {
    const double wk = detail::common_neighbour_weight(w, i);
    const double s = z[i] * wk;
    spec.key_sign[i] = s > 0 ? 1.0 : (s < 0 ? -1.0 : 0.0);
  }
  out.sim = detail::run_local_permutations(
      spec, *table, options.permutation,
      [&](int64_t i, double acc) { return z[i] * (acc + self[i] * z[i]) * scaling; },
      [&](int64_t, double key, int64_t c, double wk) { return wk * ((key - static_cast<double>(c) * mean) / sd); },
      "local_moran");
  return out;
}

}  // namespace watchmap
