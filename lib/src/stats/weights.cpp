// The Weights class: CSR checks, transforms, Cliff–Ord sums, explicit lists and lattices.
#include "watchmap/weights.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>
#include <string>

#include "core/names.hpp"
#include "watchmap/error.hpp"

namespace watchmap {

namespace {

constexpr detail::Named<ContiguityRule> kRules[] = {{ContiguityRule::Queen, "queen"}, {ContiguityRule::Rook, "rook"}};
constexpr detail::Named<WeightsStyle> kStyles[] = {
    {WeightsStyle::Binary, "B"}, {WeightsStyle::Row, "R"}, {WeightsStyle::Original, "O"}};

}  // namespace

ContiguityRule contiguity_rule_from_name(std::string_view name) {
  return detail::parse_name(kRules, name, "contiguity rule");
}
const char* to_string(ContiguityRule rule) { return detail::name_of(kRules, rule); }

WeightsStyle weights_style_from_name(std::string_view name) {
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return detail::parse_name(kStyles, upper, "weights transform");
}
const char* to_string(WeightsStyle style) { return detail::name_of(kStyles, style); }

Weights::Weights() : indptr_{0} {}

Weights::Weights(int64_t n, std::vector<int64_t> indptr, std::vector<int64_t> indices, std::vector<double> values,
                 WeightsStyle style)
    : n_(n), indptr_(std::move(indptr)), indices_(std::move(indices)), values_(std::move(values)), style_(style) {
  if (n_ < 0) throw InvalidInput("weights: n must be >= 0");
  if (static_cast<int64_t>(indptr_.size()) != n_ + 1) {
    throw InvalidInput("weights: indptr has " + std::to_string(indptr_.size()) + " entries, expected n + 1 = " +
                       std::to_string(n_ + 1));
  }
  if (indices_.size() != values_.size()) throw InvalidInput("weights: indices and values differ in length");
  if (indptr_.front() != 0 || indptr_.back() != static_cast<int64_t>(indices_.size())) {
    throw InvalidInput("weights: indptr must start at 0 and end at the number of weights");
  }
  for (int64_t i = 0; i < n_; ++i) {
    if (indptr_[i + 1] < indptr_[i]) throw InvalidInput("weights: indptr decreases at row " + std::to_string(i));
    for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) {
      const int64_t j = indices_[k];
      if (j < 0 || j >= n_) {
        throw InvalidInput("weights: row " + std::to_string(i) + " names unit " + std::to_string(j) + ", outside 0.." +
                           std::to_string(n_ - 1));
      }
      if (k > indptr_[i] && j <= indices_[k - 1]) {
        throw InvalidInput("weights: row " + std::to_string(i) + " lists its neighbours out of order or twice (" +
                           std::to_string(j) + ")");
      }
      if (!std::isfinite(values_[k]) || values_[k] == 0.0) {
        throw InvalidInput("weights: row " + std::to_string(i) + ", neighbour " + std::to_string(j) +
                           " has weight " + std::to_string(values_[k]) + "; weights must be finite and non-zero");
      }
    }
  }
}

Weights Weights::from_neighbors(const std::vector<std::vector<int64_t>>& neighbors,
                                const std::vector<std::vector<double>>& weights) {
  const auto n = static_cast<int64_t>(neighbors.size());
  if (!weights.empty() && weights.size() != neighbors.size()) {
    throw InvalidInput("weights: " + std::to_string(weights.size()) + " weight lists for " + std::to_string(n) +
                       " neighbour lists");
  }
  std::vector<int64_t> indptr{0}, indices;
  std::vector<double> values;
  std::vector<std::pair<int64_t, double>> row;
  for (int64_t i = 0; i < n; ++i) {
    const auto& nb = neighbors[i];
    if (!weights.empty() && weights[i].size() != nb.size()) {
      throw InvalidInput("weights: unit " + std::to_string(i) + " has " + std::to_string(nb.size()) +
                         " neighbours but " + std::to_string(weights[i].size()) + " weights");
    }
    row.clear();
    for (size_t k = 0; k < nb.size(); ++k) row.emplace_back(nb[k], weights.empty() ? 1.0 : weights[i][k]);
    std::sort(row.begin(), row.end());
    for (size_t k = 0; k < row.size(); ++k) {
      if (k > 0 && row[k].first == row[k - 1].first) {
        throw InvalidInput("weights: unit " + std::to_string(i) + " lists neighbour " + std::to_string(row[k].first) +
                           " twice");
      }
      indices.push_back(row[k].first);
      values.push_back(row[k].second);
    }
    indptr.push_back(static_cast<int64_t>(indices.size()));
  }
  return Weights(n, std::move(indptr), std::move(indices), std::move(values),
                 weights.empty() ? WeightsStyle::Binary : WeightsStyle::Original);
}

std::vector<int64_t> Weights::cardinalities() const {
  std::vector<int64_t> out(n_, 0);
  for (int64_t i = 0; i < n_; ++i) {
    for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) out[i] += indices_[k] != i ? 1 : 0;
  }
  return out;
}

std::vector<int64_t> Weights::islands() const {
  std::vector<int64_t> out;
  const std::vector<int64_t> card = cardinalities();
  for (int64_t i = 0; i < n_; ++i) {
    if (card[i] == 0) out.push_back(i);
  }
  return out;
}

bool Weights::has_diagonal() const {
  for (int64_t i = 0; i < n_; ++i) {
    for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) {
      if (indices_[k] == i) return true;
    }
  }
  return false;
}

std::vector<double> Weights::diagonal() const {
  std::vector<double> out(n_, 0.0);
  for (int64_t i = 0; i < n_; ++i) {
    for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) {
      if (indices_[k] == i) out[i] = values_[k];
    }
  }
  return out;
}

bool Weights::is_symmetric() const {
  for (int64_t i = 0; i < n_; ++i) {
    for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) {
      const int64_t j = indices_[k];
      const auto first = indices_.begin() + indptr_[j], last = indices_.begin() + indptr_[j + 1];
      const auto it = std::lower_bound(first, last, i);
      if (it == last || *it != i || values_[it - indices_.begin()] != values_[k]) return false;
    }
  }
  return true;
}

std::vector<double> Weights::row_sums() const {
  std::vector<double> out(n_, 0.0);
  for (int64_t i = 0; i < n_; ++i) {
    for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) out[i] += values_[k];
  }
  return out;
}

Weights Weights::transform(WeightsStyle style) const {
  std::vector<double> v = values_;
  if (style == WeightsStyle::Binary) {
    std::fill(v.begin(), v.end(), 1.0);
  } else if (style == WeightsStyle::Row) {
    const std::vector<double> sums = row_sums();
    for (int64_t i = 0; i < n_; ++i) {
      if (sums[i] == 0.0) {
        if (indptr_[i] == indptr_[i + 1]) continue;  // an island stays empty
        throw InvalidInput("weights: row " + std::to_string(i) + " sums to 0 and cannot be row-standardised");
      }
      for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) v[k] = values_[k] / sums[i];
    }
  } else {
    return *this;
  }
  return Weights(n_, indptr_, indices_, std::move(v), style);
}

Weights Weights::with_diagonal(double value) const {
  if (!std::isfinite(value)) throw InvalidInput("weights: the diagonal value must be finite");
  std::vector<int64_t> indptr{0}, indices;
  std::vector<double> values;
  indices.reserve(indices_.size() + n_);
  values.reserve(indices_.size() + n_);
  for (int64_t i = 0; i < n_; ++i) {
    bool placed = value == 0.0;
    for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) {
      const int64_t j = indices_[k];
      if (j == i) continue;
      if (!placed && j > i) {
        indices.push_back(i);
        values.push_back(value);
        placed = true;
      }
      indices.push_back(j);
      values.push_back(values_[k]);
    }
    if (!placed) {
      indices.push_back(i);
      values.push_back(value);
    }
    indptr.push_back(static_cast<int64_t>(indices.size()));
  }
  return Weights(n_, std::move(indptr), std::move(indices), std::move(values), style_);
}

std::vector<double> Weights::lag(const std::vector<double>& x) const {
  if (static_cast<int64_t>(x.size()) != n_) {
    throw InvalidInput("weights: " + std::to_string(x.size()) + " values for " + std::to_string(n_) + " units");
  }
  std::vector<double> out(n_, 0.0);
  for (int64_t i = 0; i < n_; ++i) {
    double acc = 0.0;
    for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) acc += values_[k] * x[indices_[k]];
    out[i] = acc;
  }
  return out;
}

Weights::Sums Weights::sums() const {
  Sums s;
  std::vector<double> col(n_, 0.0);
  const std::vector<double> row = row_sums();
  for (int64_t i = 0; i < n_; ++i) {
    for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) {
      const int64_t j = indices_[k];
      s.s0 += values_[k];
      col[j] += values_[k];
      // (w_ij + w_ji)² once per unordered pair from the lower index (both directions), plus
      // (2 w_ii)² on the diagonal; ½ of the ordered sum counts each unordered pair once.
      double wji = 0.0;
      const auto first = indices_.begin() + indptr_[j], last = indices_.begin() + indptr_[j + 1];
      const auto it = std::lower_bound(first, last, i);
      if (it != last && *it == i) wji = values_[it - indices_.begin()];
      const double t = values_[k] + wji;
      s.s1 += 0.5 * t * t;
    }
  }
  // Links present only as w_ji (not w_ij) were not visited from row i: add them from row j.
  for (int64_t i = 0; i < n_; ++i) {
    for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) {
      const int64_t j = indices_[k];
      const auto first = indices_.begin() + indptr_[j], last = indices_.begin() + indptr_[j + 1];
      const auto it = std::lower_bound(first, last, i);
      if (it == last || *it != i) s.s1 += 0.5 * values_[k] * values_[k];
    }
  }
  for (int64_t i = 0; i < n_; ++i) s.s2 += (row[i] + col[i]) * (row[i] + col[i]);
  return s;
}

bool Weights::operator==(const Weights& other) const {
  return n_ == other.n_ && indptr_ == other.indptr_ && indices_ == other.indices_ && values_ == other.values_;
}

Weights lattice_weights(int64_t nrows, int64_t ncols, ContiguityRule rule) {
  if (nrows < 0 || ncols < 0) throw InvalidInput("lattice: nrows and ncols must be >= 0");
  if (static_cast<double>(nrows) * static_cast<double>(ncols) > 2e9) {
    throw InvalidInput("lattice: " + std::to_string(nrows) + " x " + std::to_string(ncols) + " units is too many");
  }
  const int64_t n = nrows * ncols;
  std::vector<int64_t> indptr{0}, indices;
  std::vector<double> values;
  indices.reserve(static_cast<size_t>(n) * (rule == ContiguityRule::Queen ? 8 : 4));
  for (int64_t r = 0; r < nrows; ++r) {
    for (int64_t c = 0; c < ncols; ++c) {
      // Ascending id order: the row above, the same row, the row below.
      for (int64_t dr = -1; dr <= 1; ++dr) {
        for (int64_t dc = -1; dc <= 1; ++dc) {
          if (dr == 0 && dc == 0) continue;
          if (rule == ContiguityRule::Rook && dr != 0 && dc != 0) continue;
          const int64_t rr = r + dr, cc = c + dc;
          if (rr < 0 || rr >= nrows || cc < 0 || cc >= ncols) continue;
          indices.push_back(rr * ncols + cc);
        }
      }
      indptr.push_back(static_cast<int64_t>(indices.size()));
    }
  }
  values.assign(indices.size(), 1.0);
  return Weights(n, std::move(indptr), std::move(indices), std::move(values), WeightsStyle::Binary);
}

}  // namespace watchmap
