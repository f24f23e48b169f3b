// Distance-based weights (distance band, k nearest neighbours) on the k-d tree of join/, measured
// in metres in the layer's metric frame; polygons at their area centroids.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/in_crs.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"
#include "stats/knn_tree.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/error.hpp"
#include "watchmap/nearest.hpp"
#include "watchmap/weights.hpp"

namespace watchmap {

namespace {

// Rows of neighbour lists (ascending) to CSR.
Weights to_weights(int64_t n, std::vector<std::vector<int64_t>>& rows, std::vector<std::vector<double>>& vals,
                   WeightsStyle style) {
  std::vector<int64_t> indptr(n + 1, 0), indices;
  std::vector<double> values;
  for (int64_t i = 0; i < n; ++i) indptr[i + 1] = indptr[i] + static_cast<int64_t>(rows[i].size());
  indices.reserve(indptr[n]);
  values.reserve(indptr[n]);
  for (int64_t i = 0; i < n; ++i) {
    indices.insert(indices.end(), rows[i].begin(), rows[i].end());
    values.insert(values.end(), vals[i].begin(), vals[i].end());
  }
  return Weights(n, std::move(indptr), std::move(indices), std::move(values), style);
}

}  // namespace

Weights distance_band_weights(const PointSet& points, double threshold_m, const DistanceBandOptions& options) {
  if (!(threshold_m >= 0.0) || !std::isfinite(threshold_m)) {
    throw InvalidInput("distance band: threshold_m must be finite and >= 0 (got " + detail::fmt(threshold_m) + ")");
  }
  if (!options.binary && !std::isfinite(options.alpha)) throw InvalidInput("distance band: alpha must be finite");
  const auto n = static_cast<int64_t>(points.size());
  if (n == 0) return Weights();
  const Crs frame = analysis_crs({layer_ref(points, "points")}, Measure::Metres);
  const detail::InCrs<PointSet> pts(points, frame);
  const PointIndex index(pts.get());
  const auto& x = pts->x();
  const auto& y = pts->y();
  std::vector<std::vector<int64_t>> rows(n);
  std::vector<std::vector<double>> vals(n);
  int64_t coincident = -1;
#pragma omp parallel for schedule(dynamic, 256) num_threads(detail::thread_count(options.threads))
  for (int64_t i = 0; i < n; ++i) {
    std::vector<int64_t> hits = index.within(x[i], y[i], threshold_m);
    auto& row = rows[i];
    auto& val = vals[i];
    row.reserve(hits.size());
    for (int64_t j : hits) {
      if (j == i) continue;
      row.push_back(j);
      if (options.binary) {
        val.push_back(1.0);
      } else {
        const double d = std::hypot(x[j] - x[i], y[j] - y[i]);
        if (d == 0.0) {
#pragma omp critical
          coincident = std::max(coincident, i);
          val.push_back(1.0);
        } else {
          val.push_back(std::pow(d, options.alpha));
        }
      }
    }
  }
  if (coincident >= 0) {
    throw InvalidInput("distance band: unit " + std::to_string(coincident) +
                       " coincides with another unit; inverse-distance weights need distinct locations (use binary)");
  }
  return to_weights(n, rows, vals, options.binary ? WeightsStyle::Binary : WeightsStyle::Original);
}

Weights distance_band_weights(const PolygonSet& polygons, double threshold_m, const DistanceBandOptions& options) {
  return distance_band_weights(polygon_centroids(polygons), threshold_m, options);
}

Weights knn_weights(const PointSet& points, int k, int threads) {
  const auto n = static_cast<int64_t>(points.size());
  if (k < 1 || k >= n) {
    throw InvalidInput("knn: k must be between 1 and n - 1 = " + std::to_string(n - 1) + " (got " + std::to_string(k) + ")");
  }
  const Crs frame = analysis_crs({layer_ref(points, "points")}, Measure::Metres);
  const detail::InCrs<PointSet> pts(points, frame);
  const detail::KnnTree tree(pts->x(), pts->y());
  std::vector<std::vector<int64_t>> rows(n);
  std::vector<std::vector<double>> vals(n);
#pragma omp parallel num_threads(detail::thread_count(threads))
  {
    std::vector<std::pair<double, int64_t>> heap;
#pragma omp for schedule(dynamic, 256)
    for (int64_t i = 0; i < n; ++i) {
      tree.query(i, k, heap);
      auto& row = rows[i];
      for (const auto& [d2, j] : heap) row.push_back(j);
      std::sort(row.begin(), row.end());
      vals[i].assign(k, 1.0);
    }
  }
  return to_weights(n, rows, vals, WeightsStyle::Binary);
}

Weights knn_weights(const PolygonSet& polygons, int k, int threads) {
  return knn_weights(polygon_centroids(polygons), k, threads);
}

PointSet polygon_centroids(const PolygonSet& polygons) {
  const auto n = static_cast<int64_t>(polygons.size());
  const auto& xs = polygons.x();
  const auto& ys = polygons.y();
  const auto& fo = polygons.feature_offsets();
  const auto& po = polygons.part_offsets();
  const auto& ro = polygons.ring_offsets();
  std::vector<double> cx(n), cy(n);
  for (int64_t f = 0; f < n; ++f) {
    // Shoelace moments about the first vertex (keeps the sums small for UTM-sized coordinates).
    double a = 0.0, mx = 0.0, my = 0.0, sx = 0.0, sy = 0.0;
    int64_t count = 0;
    const int64_t first_vertex = fo[f] < fo[f + 1] ? ro[po[fo[f]]] : -1;
    const double ox = first_vertex >= 0 ? xs[first_vertex] : 0.0, oy = first_vertex >= 0 ? ys[first_vertex] : 0.0;
    for (int64_t p = fo[f]; p < fo[f + 1]; ++p) {
      for (int64_t r = po[p]; r < po[p + 1]; ++r) {
        // Shells and holes are signed by orientation; take |area| of the shell, minus holes.
        double ra = 0.0, rx = 0.0, ry = 0.0;
        for (int64_t v = ro[r]; v + 1 < ro[r + 1]; ++v) {
          const double x0 = xs[v] - ox, y0 = ys[v] - oy, x1 = xs[v + 1] - ox, y1 = ys[v + 1] - oy;
          const double c = x0 * y1 - x1 * y0;
          ra += c;
          rx += (x0 + x1) * c;
          ry += (y0 + y1) * c;
          sx += xs[v];
          sy += ys[v];
          ++count;
        }
        const double sign = (r == po[p]) == (ra >= 0.0) ? 1.0 : -1.0;  // shell counts +, hole −
        a += sign * ra;
        mx += sign * rx;
        my += sign * ry;
      }
    }
    if (std::abs(a) > 0.0) {
      cx[f] = ox + mx / (3.0 * a);
      cy[f] = oy + my / (3.0 * a);
    } else if (count > 0) {
      cx[f] = sx / static_cast<double>(count);
      cy[f] = sy / static_cast<double>(count);
    } else {
      throw InvalidInput("centroids: feature " + std::to_string(f) + " is empty");
    }
  }
  return PointSet(std::move(cx), std::move(cy), polygons.crs());
}

}  // namespace watchmap
