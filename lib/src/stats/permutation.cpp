// Words for the permutation options, table checks and the five p-value rules.
#include "stats/permutation.hpp"

#include <algorithm>
#include <cmath>

#include "core/names.hpp"
#include "stats/numpy_sum.hpp"

namespace watchmap {

namespace {

constexpr detail::Named<Alternative> kAlternatives[] = {{Alternative::TwoSided, "two-sided"},
                                                        {Alternative::Greater, "greater"},
                                                        {Alternative::Lesser, "lesser"},
                                                        {Alternative::Directed, "directed"},
                                                        {Alternative::Percentile, "percentile"}};
constexpr detail::Named<TieRule> kTies[] = {{TieRule::Exact, "exact"}, {TieRule::Esda, "esda"}};
constexpr detail::Named<PermutationRng> kRngs[] = {{PermutationRng::Watchmap, "watchmap"},
                                                   {PermutationRng::Esda, "esda"}};

}  // namespace

Alternative alternative_from_name(std::string_view name) {
  return detail::parse_name(kAlternatives, name, "alternative");
}
const char* to_string(Alternative alternative) { return detail::name_of(kAlternatives, alternative); }
TieRule tie_rule_from_name(std::string_view name) { return detail::parse_name(kTies, name, "tie rule"); }
const char* to_string(TieRule rule) { return detail::name_of(kTies, rule); }
PermutationRng permutation_rng_from_name(std::string_view name) { return detail::parse_name(kRngs, name, "rng"); }
const char* to_string(PermutationRng rng) { return detail::name_of(kRngs, rng); }

namespace detail {

int64_t max_cardinality(const Weights& weights) {
  int64_t k = 0;
  for (int64_t c : weights.cardinalities()) k = std::max(k, c);
  return k;
}

std::optional<PermutationTable> resolve_table(const PermutationOptions& options, int64_t n, int64_t needed_cols) {
  if (options.table) {
    const PermutationTable& t = *options.table;
    if (t.rows < 1) throw InvalidInput("permutation table: it has no rows");
    if (t.cols < needed_cols || t.cols > n - 1) {
      throw InvalidInput("permutation table: " + std::to_string(t.rows) + " x " + std::to_string(t.cols) +
                         " has the wrong shape; it needs R rows of between " + std::to_string(needed_cols) +
                         " (the most neighbours of any unit) and n - 1 = " + std::to_string(n - 1) + " columns");
    }
    if (static_cast<int64_t>(t.index.size()) != t.rows * t.cols) {
      throw InvalidInput("permutation table: rows x cols does not match its data");
    }
    std::vector<int32_t> row;
    for (int64_t r = 0; r < t.rows; ++r) {
      row.assign(t.index.begin() + r * t.cols, t.index.begin() + r * t.cols + needed_cols);
      for (int32_t v : row) {
        if (v < 0 || v > n - 2) {
          throw InvalidInput("permutation table: row " + std::to_string(r) + " holds index " + std::to_string(v) +
                             ", outside 0.." + std::to_string(n - 2) + " (indices into the n - 1 other units)");
        }
      }
      std::sort(row.begin(), row.end());
      if (std::adjacent_find(row.begin(), row.end()) != row.end()) {
        throw InvalidInput("permutation table: row " + std::to_string(r) +
                           " repeats an index in its first columns; draws are without replacement");
      }
    }
    return t;
  }
  if (options.permutations < 0) {
    throw InvalidInput("permutations must be >= 0 (got " + std::to_string(options.permutations) + ")");
  }
  if (options.permutations == 0) return std::nullopt;
  return permutation_table(n, options.permutations, needed_cols, options.seed, options.rng, options.threads);
}

namespace {

// numba's np.percentile on sorted data (esda's rule): rank 1 + (R − 1)·q/100 between order
// statistics, s_(f)·(1 − m) + s_(f+1)·m.
double percentile_numba(std::vector<double>& s, double q) {
  const auto R = static_cast<int64_t>(s.size());
  auto order = [&](int64_t k) {
    std::nth_element(s.begin(), s.begin() + k, s.end());
    return s[k];
  };
  if (q == 0.0) return *std::min_element(s.begin(), s.end());
  if (q == 100.0) return *std::max_element(s.begin(), s.end());
  const double rank = 1.0 + static_cast<double>(R - 1) * (q / 100.0);
  const double f = std::floor(rank);
  const double m = rank - f;
  const int64_t lo = std::clamp<int64_t>(static_cast<int64_t>(f) - 1, 0, R - 1);
  const int64_t hi = std::clamp<int64_t>(lo + 1, 0, R - 1);
  const double a = order(lo);
  const double b = hi == lo ? a : *std::min_element(s.begin() + lo + 1, s.end());
  return a * (1 - m) + b * m;
}

}  // namespace

double permutation_p(Alternative alternative, std::vector<double>& cmp, double o, bool exact_fold) {
  const auto R = static_cast<int64_t>(cmp.size());
  int64_t count = 0;
  switch (alternative) {
    case Alternative::Greater:
      for (double s : cmp) count += s >= o ? 1 : 0;
      break;
    case Alternative::Lesser:
      for (double s : cmp) count += s <= o ? 1 : 0;
      break;
    case Alternative::Directed:
      for (double s : cmp) count += s >= o ? 1 : 0;
      if (R - count < count) count = R - count;
      break;
    case Alternative::TwoSided: {
      double total = 0.0;
      if (exact_fold) {
        // |s − s̄| ≥ |o − s̄| as |R·s − Σs| ≥ |R·o − Σs|: exact for integer keys, so mirror-image
        // draws tie exactly.
        for (double s : cmp) total += s;
        const double r = static_cast<double>(R);
        const double d = std::abs(r * o - total);
        for (double s : cmp) count += std::abs(r * s - total) >= d ? 1 : 0;
      } else {
        // esda: s̄ = np.mean(s) (pairwise summation), then |s − s̄| ≥ |o − s̄|.
        const double mean = numpy_pairwise(cmp.data(), cmp.size()) / static_cast<double>(R);
        const double d = std::abs(o - mean);
        for (double s : cmp) count += std::abs(s - mean) >= d ? 1 : 0;
      }
      break;
    }
    case Alternative::Percentile: {
      int64_t le = 0;
      for (double s : cmp) le += s <= o ? 1 : 0;
      const double pct = static_cast<double>(le) / static_cast<double>(R) * 100.0;
      const double pl = std::min(pct, 100.0 - pct);
      std::vector<double> work(cmp);
      const double lo = percentile_numba(work, pl);
      const double hi = percentile_numba(work, 100.0 - pl);
      for (double s : cmp) count += (s <= lo ? 1 : 0) + (s >= hi ? 1 : 0);
      break;
    }
  }
  return (static_cast<double>(count) + 1.0) / (static_cast<double>(R) + 1.0);
}

}  // namespace detail

}  // namespace watchmap
