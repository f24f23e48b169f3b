// Global Moran's I (Cliff–Ord moments, esda-style permutations) and Moran's I over increasing
// distance bands (ArcGIS Incremental Spatial Autocorrelation).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/in_crs.hpp"
#include "core/parallel.hpp"
#include "core/progress_ticker.hpp"
#include "stats/checks.hpp"
#include "stats/permutation.hpp"
#include "stats/rng.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/nearest.hpp"
#include "watchmap/hotspot.hpp"

namespace watchmap {

namespace {

struct Moments {
  double EI, VI_norm, VI_rand;
};

// Cliff–Ord moments of I under normality and randomisation (k = sample kurtosis of z).
Moments cliff_ord(double n, double s0, double s1, double s2, double k) {
  Moments m;
  m.EI = -1.0 / (n - 1.0);
  const double n2 = n * n, s02 = s0 * s0;
  m.VI_norm = (n2 * s1 - n * s2 + 3.0 * s02) / ((n - 1.0) * (n + 1.0) * s02) - m.EI * m.EI;
  const double A = n * ((n2 - 3.0 * n + 3.0) * s1 - n * s2 + 3.0 * s02);
  const double B = k * ((n2 - n) * s1 - 2.0 * n * s2 + 6.0 * s02);
  m.VI_rand = (A - B) / ((n - 1.0) * (n - 2.0) * (n - 3.0) * s02) - m.EI * m.EI;
  return m;
}

double moran_I(const Weights& w, const std::vector<double>& z, double s0, double z2ss) {
  const int64_t n = w.n();
  double num = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    double lag = 0.0;
    for (int64_t k = w.indptr()[i]; k < w.indptr()[i + 1]; ++k) lag += w.values()[k] * z[w.indices()[k]];
    num += z[i] * lag;
  }
  return static_cast<double>(n) / s0 * num / z2ss;
}

struct Deviations {
  std::vector<double> z;  ///< x − mean
  double z2, z4;          ///< Σ z², Σ z⁴
};

Deviations deviations(const std::vector<double>& x) {
  double mean = 0.0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  Deviations d{std::vector<double>(x.size()), 0.0, 0.0};
  for (size_t i = 0; i < x.size(); ++i) {
    const double z = x[i] - mean;
    d.z[i] = z;
    d.z2 += z * z;
    d.z4 += z * z * z * z;
  }
  return d;
}

}  // namespace

Moran moran(const std::vector<double>& x, const Weights& weights, const MoranOptions& options) {
  detail::check_values(x, weights, "moran");
  if (weights.n() < 4) throw InvalidInput("moran: needs at least 4 units");
  if (options.permutation.table) throw InvalidInput("moran: a permutation table is for the local statistics only");
  const Weights w = weights.style() == options.transform || options.transform == WeightsStyle::Original
                        ? weights
                        : weights.transform(options.transform);
  const int64_t n = w.n();
  const double nd = static_cast<double>(n);
  // Named, not a structured binding: clang 14 (the fuzz build) cannot capture those in OpenMP regions.
  const Deviations dev = deviations(x);
  const std::vector<double>& z = dev.z;
  const double z2 = dev.z2, z4 = dev.z4;
  const Weights::Sums s = w.sums();
  if (s.s0 == 0.0) throw InvalidInput("moran: the weights are all zero (every unit is an island)");
  Moran out;
  out.n = n;
  out.s0 = s.s0;
  out.s1 = s.s1;
  out.s2 = s.s2;
  out.I = moran_I(w, z, s.s0, z2);
  const Moments m = cliff_ord(nd, s.s0, s.s1, s.s2, (z4 / nd) / ((z2 / nd) * (z2 / nd)));
  out.EI = m.EI;
  out.VI_norm = m.VI_norm;
  out.VI_rand = m.VI_rand;
  out.z_norm = (out.I - m.EI) / std::sqrt(m.VI_norm);
  out.z_rand = (out.I - m.EI) / std::sqrt(m.VI_rand);
  out.p_norm = detail::two_sided_p(out.z_norm);
  out.p_rand = detail::two_sided_p(out.z_rand);
  out.z = out.z_rand;
  out.p = out.p_rand;
  out.alternative = options.permutation.alternative;
  const double nan = std::nan("");
  out.p_sim = out.EI_sim = out.seI_sim = out.z_sim = nan;
  const int64_t R = options.permutation.permutations;
  if (R < 0) throw InvalidInput("permutations must be >= 0 (got " + std::to_string(R) + ")");
  if (R == 0) return out;
  out.permutations = R;
  std::vector<double> sims(R);
  const int threads = detail::thread_count(options.permutation.threads);
  detail::ProgressTicker progress(options.permutation.progress, static_cast<double>(R));
  if (options.permutation.rng == PermutationRng::Esda) {
    // esda: np.random.seed(seed); sim_k = I(np.random.permutation(z)) — one sequential stream;
    // shuffles are drawn in blocks and their I computed in parallel.
    if (options.permutation.seed > 0xffffffffull) throw InvalidInput("moran: esda's seeds are below 2^32");
    detail::Mt19937 g(static_cast<uint32_t>(options.permutation.seed));
    constexpr int64_t kBlock = 32;
    std::vector<std::vector<double>> block(kBlock, std::vector<double>(n));
    for (int64_t r0 = 0; r0 < R; r0 += kBlock) {
      const int64_t r1 = std::min(R, r0 + kBlock);
      for (int64_t r = r0; r < r1; ++r) {
        std::vector<double>& p = block[r - r0];
        p = z;
        for (int64_t i = n - 1; i > 0; --i) std::swap(p[i], p[g.interval(static_cast<uint32_t>(i))]);
      }
#pragma omp parallel for schedule(static) num_threads(threads)
      for (int64_t r = r0; r < r1; ++r) sims[r] = moran_I(w, block[r - r0], s.s0, z2);
      if (!progress.tick(static_cast<double>(r1 - r0))) break;
    }
  } else {
#pragma omp parallel num_threads(threads)
    {
      std::vector<double> p(n);
#pragma omp for schedule(dynamic, 8)
      for (int64_t r = 0; r < R; ++r) {
        if (progress.stopped()) continue;
        detail::SplitMix64 g(options.permutation.seed, static_cast<uint64_t>(r));
        p = z;
        for (int64_t i = n - 1; i > 0; --i) std::swap(p[i], p[g.below(static_cast<uint64_t>(i) + 1)]);
        sims[r] = moran_I(w, p, s.s0, z2);
        progress.tick();
      }
    }
  }
  progress.finish("moran");
  double sum = 0.0;
  for (double v : sims) sum += v;
  out.EI_sim = sum / static_cast<double>(R);
  double ss = 0.0;
  for (double v : sims) ss += (v - out.EI_sim) * (v - out.EI_sim);
  out.seI_sim = std::sqrt(ss / static_cast<double>(R));
  out.z_sim = (out.I - out.EI_sim) / out.seI_sim;
  out.p_sim = detail::permutation_p(options.permutation.alternative, sims, out.I, false);
  return out;
}

std::vector<MoranAtDistance> moran_by_distance(const PointSet& points, const std::vector<double>& x,
                                               const std::vector<double>& distances_m, int threads) {
  const auto n = static_cast<int64_t>(points.size());
  if (static_cast<int64_t>(x.size()) != n) {
    throw InvalidInput("moran_by_distance: " + std::to_string(x.size()) + " values for " + std::to_string(n) + " points");
  }
  if (n < 4) throw InvalidInput("moran_by_distance: needs at least 4 points");
  for (size_t b = 0; b < distances_m.size(); ++b) {
    if (!(distances_m[b] > 0.0) || !std::isfinite(distances_m[b]) || (b > 0 && distances_m[b] <= distances_m[b - 1])) {
      throw InvalidInput("moran_by_distance: distances must be positive, finite and increasing");
    }
  }
  std::vector<MoranAtDistance> out;
  if (distances_m.empty()) return out;
  const Crs frame = analysis_crs({layer_ref(points, "points")}, Measure::Metres);
  const detail::InCrs<PointSet> pts(points, frame);
  const PointIndex index(pts.get());
  const double nd = static_cast<double>(n);
  // Named, not a structured binding: clang 14 (the fuzz build) cannot capture those in OpenMP regions.
  const Deviations dev = deviations(x);
  const std::vector<double>& z = dev.z;
  const double z2 = dev.z2, z4 = dev.z4;
  if (z2 == 0.0) throw InvalidInput("moran_by_distance: all values are equal (zero variance)");
  const double kurt = (z4 / nd) / ((z2 / nd) * (z2 / nd));
  // Every unit's neighbours within the largest band, grouped by the first band that holds them
  // (a counting sort per unit): band b uses the prefix up to group b.
  const double dmax = distances_m.back();
  const auto nb = static_cast<int64_t>(distances_m.size());
  std::vector<std::vector<int32_t>> near(n);
  std::vector<int64_t> group_end(static_cast<size_t>(n * nb));
  const int nthreads = detail::thread_count(threads);
#pragma omp parallel num_threads(nthreads)
  {
    std::vector<int64_t> hits;
    std::vector<int32_t> band_of;
#pragma omp for schedule(dynamic, 64)
    for (int64_t i = 0; i < n; ++i) {
      hits = index.within(pts->x()[i], pts->y()[i], dmax);
      band_of.clear();
      int64_t* ends = group_end.data() + i * nb;
      std::fill(ends, ends + nb, 0);
      for (int64_t j : hits) {
        if (j == i) continue;
        const double dx = pts->x()[j] - pts->x()[i], dy = pts->y()[j] - pts->y()[i];
        const double d2 = dx * dx + dy * dy;
        int32_t b = 0;
        while (d2 > distances_m[b] * distances_m[b]) ++b;  // d2 <= dmax² holds for every hit
        band_of.push_back(b);
        ++ends[b];
      }
      for (int64_t b = 1; b < nb; ++b) ends[b] += ends[b - 1];
      auto& row = near[i];
      row.resize(band_of.size());
      std::vector<int64_t> fill(nb, 0);
      for (int64_t b = 1; b < nb; ++b) fill[b] = ends[b - 1];
      size_t q = 0;
      for (int64_t j : hits) {
        if (j == i) continue;
        row[fill[band_of[q++]]++] = static_cast<int32_t>(j);
      }
    }
  }
  std::vector<int64_t> card(n);
  std::vector<double> inv(n), t1(n), t2(n), t3(n);
  for (int64_t bi = 0; bi < nb; ++bi) {
    const double d = distances_m[bi];
    for (int64_t i = 0; i < n; ++i) {
      card[i] = group_end[i * nb + bi];
      inv[i] = card[i] > 0 ? 1.0 / static_cast<double>(card[i]) : 0.0;
    }
    // Row-standardised binary weights w_ij = 1/c_i (links are symmetric): with col_i = Σ_j 1/c_j,
    // s0 = units with neighbours, s1 = ½ Σ_ij (1/c_i + 1/c_j)² = Σ_i (1/c_i + col_i/c_i),
    // s2 = Σ_i (1 + col_i)² over units with neighbours.
    // Per-unit terms in parallel, then summed in unit order: the same bits for any thread count.
#pragma omp parallel for schedule(dynamic, 256) num_threads(nthreads)
    for (int64_t i = 0; i < n; ++i) {
      t1[i] = t2[i] = t3[i] = 0.0;
      if (card[i] == 0) continue;
      double col = 0.0, lag = 0.0;
      const int32_t* row = near[i].data();
      for (int64_t k = 0; k < card[i]; ++k) {
        col += inv[row[k]];
        lag += z[row[k]];
      }
      t1[i] = inv[i] + col * inv[i];
      t2[i] = (1.0 + col) * (1.0 + col);
      t3[i] = z[i] * lag * inv[i];
    }
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, num = 0.0;
    int64_t islands = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (card[i] == 0) {
        ++islands;
        continue;
      }
      s0 += 1.0;
      s1 += t1[i];
      s2 += t2[i];
      num += t3[i];
    }
    MoranAtDistance m;
    m.distance_m = d;
    m.islands = islands;
    if (s0 == 0.0) {
      m.I = m.EI = m.VI = m.z = std::nan("");
    } else {
      const Moments mo = cliff_ord(nd, s0, s1, s2, kurt);
      m.I = nd / s0 * num / z2;
      m.EI = mo.EI;
      m.VI = mo.VI_rand;
      m.z = (m.I - m.EI) / std::sqrt(mo.VI_rand);
    }
    out.push_back(m);
  }
  return out;
}

}  // namespace watchmap
