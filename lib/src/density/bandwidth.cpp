// Bandwidth rules (ArcGIS, Scott, Silverman) and kernel names.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

#include "core/in_crs.hpp"
#include "core/names.hpp"
#include "core/text.hpp"
#include "watchmap/density.hpp"
#include "watchmap/error.hpp"

namespace watchmap {

namespace {
constexpr detail::Named<Kernel> kKernels[] = {
    {Kernel::Quartic, "quartic"},   {Kernel::Epanechnikov, "epanechnikov"}, {Kernel::Triangular, "triangular"},
    {Kernel::Uniform, "uniform"},   {Kernel::Triweight, "triweight"},       {Kernel::Gaussian, "gaussian"},
    {Kernel::Quartic, "biweight"}};
constexpr detail::Named<BandwidthRule> kRules[] = {
    {BandwidthRule::ArcGIS, "arcgis"}, {BandwidthRule::Scott, "scott"}, {BandwidthRule::Silverman, "silverman"}};
constexpr detail::Named<KdeMethod> kMethods[] = {
    {KdeMethod::Auto, "auto"}, {KdeMethod::Exact, "exact"}, {KdeMethod::Binned, "binned"}};
constexpr detail::Named<KdeOutput> kOutputs[] = {{KdeOutput::PerKm2, "per_km2"},
                                                 {KdeOutput::ExpectedCounts, "expected_counts"}};
constexpr detail::Named<ExactAlgorithm> kExactAlgorithms[] = {{ExactAlgorithm::Auto, "auto"},
                                                               {ExactAlgorithm::Direct, "direct"}};
}  // namespace

ExactAlgorithm exact_algorithm_from_name(std::string_view name) {
  return detail::parse_name(kExactAlgorithms, name, "exact algorithm");
}
Kernel kernel_from_name(std::string_view name) { return detail::parse_name(kKernels, name, "kernel"); }
const char* to_string(Kernel kernel) { return detail::name_of(kKernels, kernel); }
BandwidthRule bandwidth_rule_from_name(std::string_view name) {
  return detail::parse_name(kRules, name, "bandwidth rule");
}
const char* to_string(BandwidthRule rule) { return detail::name_of(kRules, rule); }
KdeMethod kde_method_from_name(std::string_view name) { return detail::parse_name(kMethods, name, "kde method"); }
const char* to_string(KdeMethod method) { return detail::name_of(kMethods, method); }
KdeOutput kde_output_from_name(std::string_view name) { return detail::parse_name(kOutputs, name, "kde output"); }
const char* to_string(KdeOutput output) { return detail::name_of(kOutputs, output); }

double canonical_bandwidth_ratio(Kernel kernel) {
  // δ = (R(K) / μ₂(K)²)^(1/6) with R = ∫K², μ₂ = ∫x₁²K over the plane (closed forms for each kernel).
  constexpr double pi = std::numbers::pi;
  auto delta = [](double roughness, double mu2) { return std::pow(roughness / (mu2 * mu2), 1.0 / 6.0); };
  const double gauss = delta(1.0 / (4.0 * pi), 1.0);
  switch (kernel) {
    case Kernel::Quartic: return delta(9.0 / (5.0 * pi), 1.0 / 8.0) / gauss;
    case Kernel::Epanechnikov: return delta(4.0 / (3.0 * pi), 1.0 / 6.0) / gauss;
    case Kernel::Triangular: return delta(3.0 / (2.0 * pi), 3.0 / 20.0) / gauss;
    case Kernel::Uniform: return delta(1.0 / pi, 1.0 / 4.0) / gauss;
    case Kernel::Triweight: return delta(16.0 / (7.0 * pi), 1.0 / 10.0) / gauss;
    case Kernel::Gaussian: return 1.0;
  }
  return 1.0;
}

namespace {

// Weighted median with the usual even-count convention: where the cumulative weight reaches half
// the total exactly, the midpoint of that value and the next. Equals numpy.median for unit weights,
// and gives duplicated points the same answer as integer weights.
double weighted_median(std::vector<std::pair<double, double>> values) {
  std::sort(values.begin(), values.end());
  double total = 0.0;
  for (const auto& v : values) total += v.second;
  const double half = 0.5 * total;
  double cumulative = 0.0;
  for (size_t i = 0; i < values.size(); ++i) {
    cumulative += values[i].second;
    if (cumulative > half) return values[i].first;
    if (cumulative == half) {
      size_t j = i + 1;
      while (j < values.size() && values[j].second == 0.0) ++j;
      return j < values.size() ? 0.5 * (values[i].first + values[j].first) : values[i].first;
    }
  }
  return values.back().first;
}

// Weighted quantile by the same cumulative rule (used for the interquartile range).
double weighted_quantile(std::vector<std::pair<double, double>> values, double q) {
  std::sort(values.begin(), values.end());
  double total = 0.0;
  for (const auto& v : values) total += v.second;
  double cumulative = 0.0;
  for (const auto& v : values) {
    cumulative += v.second;
    if (cumulative >= q * total) return v.first;
  }
  return values.back().first;
}

}  // namespace

double bandwidth(const PointSet& layer, BandwidthRule rule, Kernel kernel, const std::vector<double>& weights) {
  const detail::InCrs<PointSet> metric(layer, analysis_crs({layer_ref(layer, "points")}, Measure::Metres));
  const PointSet& points = metric.get();
  const size_t n = points.size();
  if (!weights.empty() && weights.size() != n) {
    throw InvalidInput("bandwidth: " + std::to_string(weights.size()) + " weights for " + std::to_string(n) + " points");
  }
  auto w = [&](size_t i) { return weights.empty() ? 1.0 : weights[i]; };
  double total = 0.0, mx = 0.0, my = 0.0;
  size_t positive = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(w(i)) || w(i) < 0.0) throw InvalidInput("bandwidth: weight in row " + std::to_string(i) + " is negative or not finite");
    total += w(i);
    mx += w(i) * points.x()[i];
    my += w(i) * points.y()[i];
    positive += w(i) > 0.0;
  }
  if (positive < 2) throw InvalidInput("bandwidth: a rule needs at least 2 points with weight (got " + std::to_string(positive) + "); give bandwidth_m");
  mx /= total;
  my /= total;
  double vx = 0.0, vy = 0.0;
  for (size_t i = 0; i < n; ++i) {
    vx += w(i) * (points.x()[i] - mx) * (points.x()[i] - mx);
    vy += w(i) * (points.y()[i] - my) * (points.y()[i] - my);
  }
  vx /= total;
  vy /= total;
  double h = 0.0;
  if (rule == BandwidthRule::ArcGIS) {
    const double sd = std::sqrt(vx + vy);  // standard distance
    std::vector<std::pair<double, double>> dist(n);
    for (size_t i = 0; i < n; ++i) dist[i] = {std::hypot(points.x()[i] - mx, points.y()[i] - my), w(i)};
    const double dm = weighted_median(std::move(dist));
    h = 0.9 * std::min(sd, std::sqrt(1.0 / std::numbers::ln2) * dm) * std::pow(total, -0.2);
  } else {
    double spread = std::sqrt(0.5 * (vx + vy));
    if (rule == BandwidthRule::Silverman) {
      std::vector<std::pair<double, double>> xs(n), ys(n);
      for (size_t i = 0; i < n; ++i) {
        xs[i] = {points.x()[i], w(i)};
        ys[i] = {points.y()[i], w(i)};
      }
      const double iqr = 0.5 * ((weighted_quantile(xs, 0.75) - weighted_quantile(xs, 0.25)) +
                                (weighted_quantile(ys, 0.75) - weighted_quantile(ys, 0.25)));
      if (iqr > 0.0) spread = std::min(spread, iqr / 1.349);
    }
    h = spread * std::pow(total, -1.0 / 6.0) * canonical_bandwidth_ratio(kernel);
  }
  if (!(h > 0.0) || !std::isfinite(h)) {
    throw InvalidInput("bandwidth: the points have no spread (all at one place?); give bandwidth_m (rule gave " +
                       detail::fmt(h) + ")");
  }
  return h;
}

}  // namespace watchmap
