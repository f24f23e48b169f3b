#pragma once
// The conditional permutation engine shared by Gi* and Local Moran.
//
// One table of draws (R rows × cols indices into the n − 1 other values) serves every unit. Unit i
// pairs its c_i off-diagonal weights (ascending column) with the first c_i indices of each row and
// holds its own value fixed. Nothing of size n × R is kept: each thread works through a run of
// units with one R-long buffer. The table is stored column by column next to the values it picks,
// `cur[j][r]` = the value index t = T[r][j] names for the current unit (x[t] if t < i, else
// x[t + 1]); moving from unit i − 1 to i only changes the entries with t = i − 1, found through a
// bucket list, so every inner loop is a contiguous multiply-add over r. Each unit's result depends
// on nothing but that unit, so the bits do not depend on the thread count or the schedule.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "core/parallel.hpp"
#include "core/progress_ticker.hpp"
#include "watchmap/error.hpp"
#include "watchmap/hotspot.hpp"

namespace watchmap::detail {

/// Everything the engine needs to know about one statistic.
struct LocalSpec {
  const Weights* weights = nullptr;          ///< the weights the statistic uses (diagonal included)
  const std::vector<double>* values = nullptr;  ///< drawn values of the floating path (x or z)
  const std::vector<double>* raw = nullptr;  ///< drawn values of exact keys (x); null = floating only
  const std::vector<double>* obs = nullptr;  ///< the observed statistic, computed as esda does
  std::vector<double> key_sign;              ///< per unit: +1/−1 so that a larger key is a larger statistic, 0 = all tie
  TieRule ties = TieRule::Exact;
};

/// Unit i's weight on its neighbours when they all share one (binary or row-standardised weights):
/// the last off-diagonal weight of its row, 0 for an island. Its sign orders the drawn sums.
inline double common_neighbour_weight(const Weights& w, int64_t i) {
  double wk = 0.0;
  for (int64_t k = w.indptr()[i]; k < w.indptr()[i + 1]; ++k) {
    if (w.indices()[k] != i) wk = w.values()[k];
  }
  return wk;
}

/// The largest number of off-diagonal neighbours.
int64_t max_cardinality(const Weights& weights);

/// The table a statistic uses: the explicit one (checked against n and `needed_cols`) or the seeded
/// one; none when permutations == 0. Throws InvalidInput naming the problem.
std::optional<PermutationTable> resolve_table(const PermutationOptions& options, int64_t n, int64_t needed_cols);

/// p = (count + 1)/(R + 1) for `alternative`, counting `cmp` against `o` (reorders cmp for
/// "percentile", which uses numba's np.percentile rule as esda does). The folded two-sided test
/// compares R·s − Σs exactly when `exact_fold`, else around numpy's mean as esda does.
double permutation_p(Alternative alternative, std::vector<double>& cmp, double o, bool exact_fold);

/// Runs the permutations. `sim(i, acc)` maps Σ_j w_j v_drawn to the statistic; `acc_from_key(i, key,
/// c, w)` maps the sum of c drawn raw values (all weights equal to w) to that same Σ.
template <typename Sim, typename AccFromKey>
PermutationSummary run_local_permutations(const LocalSpec& spec, const PermutationTable& table,
                                          const PermutationOptions& options, Sim sim, AccFromKey acc_from_key,
                                          const char* what) {
  const Weights& w = *spec.weights;
  const int64_t n = w.n(), R = table.rows, cols = table.cols;
  const std::vector<double>& v = *spec.values;
  const bool use_keys = spec.ties == TieRule::Exact && spec.raw != nullptr;

  // Off-diagonal weights per unit, ascending column.
  std::vector<int64_t> off_ptr(n + 1, 0);
  std::vector<double> off_w;
  std::vector<int64_t> off_j;
  off_w.reserve(w.indices().size());
  off_j.reserve(w.indices().size());
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t k = w.indptr()[i]; k < w.indptr()[i + 1]; ++k) {
      if (w.indices()[k] == i) continue;
      off_w.push_back(w.values()[k]);
      off_j.push_back(w.indices()[k]);
    }
    off_ptr[i + 1] = static_cast<int64_t>(off_w.size());
  }
  int64_t kmax = 0;
  for (int64_t i = 0; i < n; ++i) kmax = std::max(kmax, off_ptr[i + 1] - off_ptr[i]);

  // Column-major table of the first kmax columns and its bucket list by index value.
  std::vector<int32_t> tt(static_cast<size_t>(kmax * R));
  for (int64_t j = 0; j < kmax; ++j) {
    for (int64_t r = 0; r < R; ++r) tt[j * R + r] = table.index[r * cols + j];
  }
  std::vector<int64_t> bucket_ptr(static_cast<size_t>(n) + 1, 0), bucket(tt.size());
  for (int32_t t : tt) ++bucket_ptr[t + 1];
  for (int64_t t = 0; t < n; ++t) bucket_ptr[t + 1] += bucket_ptr[t];
  {
    std::vector<int64_t> fill(bucket_ptr.begin(), bucket_ptr.end() - 1);
    for (size_t p = 0; p < tt.size(); ++p) bucket[fill[tt[p]]++] = static_cast<int64_t>(p);
  }

  // Exact keys: integer data (|Σ| < 2^53) add exactly in any order; other data in ascending order.
  const std::vector<double>& raw = use_keys ? *spec.raw : v;
  bool integral = use_keys;
  if (use_keys) {
    double total = 0.0;
    for (double x : raw) {
      integral = integral && x == std::floor(x);
      total += std::abs(x);
    }
    integral = integral && total < 9007199254740992.0;
  }

  PermutationSummary out;
  out.p_sim.assign(n, std::nan(""));
  out.z_sim.assign(n, std::nan(""));
  out.expected_sim.assign(n, std::nan(""));
  out.sd_sim.assign(n, std::nan(""));
  const int threads = thread_count(options.threads);
  constexpr int64_t kChunk = 64;
  const int64_t chunks = (n + kChunk - 1) / kChunk;
  ProgressTicker progress(options.progress, static_cast<double>(chunks));
#pragma omp parallel num_threads(threads)
  {
    std::vector<double> cur_v(tt.size()), cur_x(use_keys ? tt.size() : 0), acc(R), sims(R), cmp(R), sorted;
#pragma omp for schedule(dynamic, 1)
    for (int64_t chunk = 0; chunk < chunks; ++chunk) {
      if (progress.stopped()) continue;
      const int64_t i0 = chunk * kChunk, i1 = std::min(n, i0 + kChunk);
      for (size_t p = 0; p < tt.size(); ++p) {
        const int64_t t = tt[p] + (tt[p] >= i0 ? 1 : 0);
        cur_v[p] = v[t];
        if (use_keys) cur_x[p] = raw[t];
      }
      for (int64_t i = i0; i < i1; ++i) {
        if (i > i0) {  // index i − 1 now names x[i − 1] itself (it was x[i] for unit i − 1)
          for (int64_t q = bucket_ptr[i - 1]; q < bucket_ptr[i]; ++q) {
            cur_v[bucket[q]] = v[i - 1];
            if (use_keys) cur_x[bucket[q]] = raw[i - 1];
          }
        }
        const int64_t c = off_ptr[i + 1] - off_ptr[i];
        if (c == 0) continue;  // island: NaN
        const double* wi = off_w.data() + off_ptr[i];
        bool equal = use_keys;
        for (int64_t k = 1; k < c && equal; ++k) equal = wi[k] == wi[0];
        double o = 0.0;
        if (equal) {
          const double sign = spec.key_sign[i];
          std::fill(acc.begin(), acc.end(), 0.0);
          if (integral) {
            for (int64_t k = 0; k < c; ++k) {
              const double* col = cur_x.data() + k * R;
              for (int64_t r = 0; r < R; ++r) acc[r] += col[r];
            }
          } else {
            sorted.resize(static_cast<size_t>(c));
            for (int64_t r = 0; r < R; ++r) {
              for (int64_t k = 0; k < c; ++k) sorted[k] = cur_x[k * R + r];
              std::sort(sorted.begin(), sorted.end());
              double s = 0.0;
              for (double x : sorted) s += x;
              acc[r] = s;
            }
          }
          sorted.resize(static_cast<size_t>(c));
          for (int64_t k = 0; k < c; ++k) sorted[k] = raw[off_j[off_ptr[i] + k]];
          if (!integral) std::sort(sorted.begin(), sorted.end());
          double key_obs = 0.0;
          for (double x : sorted) key_obs += x;
          // One pass for the mean key, one for everything else: the statistic is affine in the
          // key, so its simulated mean and sd follow from the keys' (no per-draw statistic).
          double total = 0.0;
          for (int64_t r = 0; r < R; ++r) total += acc[r];
          const double mean_key = total / static_cast<double>(R);
          const double ko = sign * key_obs, rd = static_cast<double>(R);
          const double fold_obs = std::abs(rd * ko - sign * total);
          double ss = 0.0;
          int64_t ge = 0, le = 0, fold = 0;
          for (int64_t r = 0; r < R; ++r) {
            const double dev = acc[r] - mean_key;
            ss += dev * dev;
            const double k = sign * acc[r];
            ge += k >= ko ? 1 : 0;
            le += k <= ko ? 1 : 0;
            fold += std::abs(rd * k - sign * total) >= fold_obs ? 1 : 0;
          }
          const double sd_key = std::sqrt(ss / rd);
          const double mean = sim(i, acc_from_key(i, mean_key, c, wi[0]));
          const double sd = std::abs(sim(i, acc_from_key(i, mean_key + sd_key, c, wi[0])) - mean);
          out.expected_sim[i] = mean;
          out.sd_sim[i] = sd;
          out.z_sim[i] = ((*spec.obs)[i] - mean) / sd;
          int64_t count = 0;
          switch (options.alternative) {
            case Alternative::Greater: count = ge; break;
            case Alternative::Lesser: count = le; break;
            case Alternative::Directed: count = R - ge < ge ? R - ge : ge; break;
            case Alternative::TwoSided: count = fold; break;
            case Alternative::Percentile: {
              for (int64_t r = 0; r < R; ++r) cmp[r] = sign * acc[r];
              out.p_sim[i] = permutation_p(options.alternative, cmp, ko, true);
              continue;
            }
          }
          out.p_sim[i] = (static_cast<double>(count) + 1.0) / (rd + 1.0);
          continue;
        } else {
          std::fill(acc.begin(), acc.end(), 0.0);
          for (int64_t k = 0; k < c; ++k) {
            const double wk = wi[k];
            const double* col = cur_v.data() + k * R;
            for (int64_t r = 0; r < R; ++r) acc[r] += wk * col[r];
          }
          for (int64_t r = 0; r < R; ++r) sims[r] = sim(i, acc[r]);
          std::copy(sims.begin(), sims.end(), cmp.begin());
          o = (*spec.obs)[i];
        }
        double mean = 0.0;
        for (double s : sims) mean += s;
        mean /= static_cast<double>(R);
        double ss = 0.0;
        for (double s : sims) ss += (s - mean) * (s - mean);
        const double sd = std::sqrt(ss / static_cast<double>(R));
        out.expected_sim[i] = mean;
        out.sd_sim[i] = sd;
        out.z_sim[i] = ((*spec.obs)[i] - mean) / sd;
        out.p_sim[i] = permutation_p(options.alternative, cmp, o, false);
      }
      progress.tick();
    }
  }
  progress.finish(what);
  return out;
}

}  // namespace watchmap::detail
