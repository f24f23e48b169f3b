// Benjamini–Hochberg FDR (esda.fdr's cut-off plus adjusted p-values) and ArcGIS Gi_Bin.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/names.hpp"
#include "core/text.hpp"
#include "watchmap/error.hpp"
#include "watchmap/hotspot.hpp"

namespace watchmap {

Fdr fdr(const std::vector<double>& p, double alpha) {
  if (!(alpha > 0.0 && alpha < 1.0)) throw InvalidInput("fdr: alpha must be in (0, 1) (got " + detail::fmt(alpha) + ")");
  for (size_t i = 0; i < p.size(); ++i) {
    if (!std::isnan(p[i]) && !(p[i] >= 0.0 && p[i] <= 1.0)) {
      throw InvalidInput("fdr: p-value in row " + std::to_string(i) + " is " + detail::fmt(p[i]) +
                         "; p-values must lie in [0, 1] (NaN = not tested)");
    }
  }
  Fdr out;
  out.alpha = alpha;
  std::vector<int64_t> order;
  for (size_t i = 0; i < p.size(); ++i) {
    if (!std::isnan(p[i])) order.push_back(static_cast<int64_t>(i));
  }
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return p[a] < p[b]; });
  const auto m = static_cast<double>(order.size());
  out.cutoff = order.empty() ? alpha : alpha / m;
  for (size_t k = order.size(); k-- > 0;) {
    const double threshold = static_cast<double>(k + 1) * alpha / m;
    if (p[order[k]] < threshold) {
      out.cutoff = threshold;
      break;
    }
  }
  out.significant.assign(p.size(), 0);
  out.adjusted.assign(p.size(), std::nan(""));
  double running = 1.0;
  for (size_t k = order.size(); k-- > 0;) {
    running = std::min(running, p[order[k]] * m / static_cast<double>(k + 1));
    out.adjusted[order[k]] = running;
  }
  for (size_t i = 0; i < p.size(); ++i) out.significant[i] = !std::isnan(p[i]) && p[i] < out.cutoff ? 1 : 0;
  return out;
}

std::vector<int64_t> hotspot_bins(const std::vector<double>& z, const std::vector<double>& p, bool use_fdr) {
  if (z.size() != p.size()) {
    throw InvalidInput("hotspot_bins: " + std::to_string(z.size()) + " z-scores but " + std::to_string(p.size()) +
                       " p-values");
  }
  const double levels[3] = {0.01, 0.05, 0.10};
  double cut[3];
  for (int k = 0; k < 3; ++k) cut[k] = use_fdr ? fdr(p, levels[k]).cutoff : levels[k];
  std::vector<int64_t> out(z.size(), 0);
  for (size_t i = 0; i < z.size(); ++i) {
    if (std::isnan(z[i]) || std::isnan(p[i]) || z[i] == 0.0) continue;
    const int64_t level = p[i] < cut[0] ? 3 : (p[i] < cut[1] ? 2 : (p[i] < cut[2] ? 1 : 0));
    out[i] = z[i] > 0 ? level : -level;
  }
  return out;
}

namespace {
constexpr detail::Named<CellShape> kShapes[] = {{CellShape::Hex, "hex"}, {CellShape::Square, "square"}};
}

CellShape cell_shape_from_name(std::string_view name) { return detail::parse_name(kShapes, name, "cell shape"); }
const char* to_string(CellShape shape) { return detail::name_of(kShapes, shape); }

}  // namespace watchmap
