#include "watchmap/geometry.hpp"

#include <cmath>

#include "core/text.hpp"
#include "watchmap/error.hpp"

namespace watchmap {

void Box::extend(double x, double y) {
  if (empty()) {
    *this = Box{x, y, x, y};
    return;
  }
  xmin = std::min(xmin, x);
  ymin = std::min(ymin, y);
  xmax = std::max(xmax, x);
  ymax = std::max(ymax, y);
}

void Box::extend(const Box& other) {
  if (other.empty()) return;
  extend(other.xmin, other.ymin);
  extend(other.xmax, other.ymax);
}

bool Box::intersects(const Box& o) const {
  return !empty() && !o.empty() && xmin <= o.xmax && o.xmin <= xmax && ymin <= o.ymax && o.ymin <= ymax;
}

namespace {

Box bounds_of(const std::vector<double>& x, const std::vector<double>& y, size_t begin, size_t end) {
  Box box;
  for (size_t i = begin; i < end; ++i) box.extend(x[i], y[i]);
  return box;
}

// Twice the signed area of a closed ring (shoelace), relative to its first vertex for precision.
double ring_area2(const std::vector<double>& x, const std::vector<double>& y, int64_t begin, int64_t end) {
  double sum = 0.0;
  const double x0 = x[begin], y0 = y[begin];
  for (int64_t i = begin; i + 1 < end; ++i) {
    sum += (x[i] - x0) * (y[i + 1] - y0) - (x[i + 1] - x0) * (y[i] - y0);
  }
  return sum;
}

void transform_coords(std::vector<double>& x, std::vector<double>& y, const Crs& from, const Crs& to) {
  if (from == to) return;
  Transformer(from, to).transform(x, y);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// PointSet

PointSet::PointSet(std::vector<double> x, std::vector<double> y, Crs crs)
    : x_(std::move(x)), y_(std::move(y)), crs_(std::move(crs)) {
  if (x_.size() != y_.size()) {
    throw InvalidInput("points: x has " + std::to_string(x_.size()) + " values but y has " +
                       std::to_string(y_.size()));
  }
  for (size_t i = 0; i < x_.size(); ++i) {
    if (!std::isfinite(x_[i]) || !std::isfinite(y_[i])) {
      throw InvalidInput("points: row " + std::to_string(i) + " has a non-finite coordinate (" +
                         detail::fmt(x_[i]) + ", " + detail::fmt(y_[i]) + ")");
    }
    if (!(std::abs(x_[i]) <= kMaxCoordinate && std::abs(y_[i]) <= kMaxCoordinate)) {
      throw InvalidInput("points: row " + std::to_string(i) + " has a coordinate (" + detail::fmt(x_[i]) + ", " +
                         detail::fmt(y_[i]) + ") beyond ±1e15, which no map unit reaches (wrong column or unit?)");
    }
  }
  attributes_.set_rows_hint(x_.size());
}

void PointSet::set_weight(std::vector<double> weight) {
  if (!weight.empty() && weight.size() != size()) {
    throw InvalidInput("points: weight has " + std::to_string(weight.size()) + " values for " +
                       std::to_string(size()) + " points");
  }
  for (size_t i = 0; i < weight.size(); ++i) {
    if (!std::isfinite(weight[i])) {
      throw InvalidInput("points: weight in row " + std::to_string(i) + " is not finite");
    }
  }
  weight_ = std::move(weight);
}

void PointSet::set_time(std::vector<int64_t> time) {
  if (!time.empty() && time.size() != size()) {
    throw InvalidInput("points: time has " + std::to_string(time.size()) + " values for " + std::to_string(size()) +
                       " points");
  }
  time_ = std::move(time);
}

void PointSet::set_attributes(Table table) {
  if (table.num_columns() > 0 && table.rows() != size()) {
    throw InvalidInput("points: attribute table has " + std::to_string(table.rows()) + " rows for " +
                       std::to_string(size()) + " points");
  }
  table.set_rows_hint(size());
  attributes_ = std::move(table);
}

Box PointSet::bounds() const { return bounds_of(x_, y_, 0, x_.size()); }

PointSet PointSet::to_crs(const Crs& crs) const {
  PointSet out = *this;
  transform_coords(out.x_, out.y_, crs_, crs);
  out.crs_ = crs;
  return out;
}

PointSet PointSet::take(const std::vector<int64_t>& rows) const {
  PointSet out;
  out.crs_ = crs_;
  out.time_zone_ = time_zone_;
  out.time_column_ = time_column_;
  out.x_.reserve(rows.size());
  out.y_.reserve(rows.size());
  for (int64_t r : rows) {
    if (r < 0 || static_cast<size_t>(r) >= size()) throw InvalidInput("points: row " + std::to_string(r) + " out of range");
    out.x_.push_back(x_[r]);
    out.y_.push_back(y_[r]);
    if (has_weight()) out.weight_.push_back(weight_[r]);
    if (has_time()) out.time_.push_back(time_[r]);
  }
  out.attributes_ = attributes_.take(rows);
  return out;
}

// ---------------------------------------------------------------------------------------------
// PolygonSet

namespace {

void check_offsets(const std::vector<int64_t>& offsets, int64_t limit, const char* what) {
  if (offsets.empty() || offsets.front() != 0 || offsets.back() != limit) {
    throw InvalidInput(std::string("polygons: ") + what + " offsets must start at 0 and end at " +
                       std::to_string(limit));
  }
  for (size_t i = 1; i < offsets.size(); ++i) {
    if (offsets[i] < offsets[i - 1]) throw InvalidInput(std::string("polygons: ") + what + " offsets decrease");
  }
}

}  // namespace

PolygonSet::PolygonSet(std::vector<double> x, std::vector<double> y, std::vector<int64_t> ring_offsets,
                       std::vector<int64_t> part_offsets, std::vector<int64_t> feature_offsets, Crs crs)
    : x_(std::move(x)),
      y_(std::move(y)),
      ring_offsets_(std::move(ring_offsets)),
      part_offsets_(std::move(part_offsets)),
      feature_offsets_(std::move(feature_offsets)),
      crs_(std::move(crs)) {
  if (x_.size() != y_.size()) throw InvalidInput("polygons: x and y differ in length");
  check_offsets(ring_offsets_, static_cast<int64_t>(x_.size()), "ring");
  check_offsets(part_offsets_, static_cast<int64_t>(num_rings()), "part");
  check_offsets(feature_offsets_, static_cast<int64_t>(num_parts()), "feature");
  for (size_t f = 0; f < size(); ++f) {
    for (int64_t p = feature_offsets_[f]; p < feature_offsets_[f + 1]; ++p) {
      if (part_offsets_[p] == part_offsets_[p + 1]) {
        throw InvalidInput("polygons: feature " + std::to_string(f) + " has a part without a shell");
      }
      for (int64_t r = part_offsets_[p]; r < part_offsets_[p + 1]; ++r) {
        const int64_t b = ring_offsets_[r], e = ring_offsets_[r + 1];
        if (e - b < 4) {
          throw InvalidInput("polygons: feature " + std::to_string(f) + " has a ring with " + std::to_string(e - b) +
                             " vertices (a closed ring needs at least 4)");
        }
        for (int64_t i = b; i < e; ++i) {
          if (!std::isfinite(x_[i]) || !std::isfinite(y_[i])) {
            throw InvalidInput("polygons: feature " + std::to_string(f) + " has a non-finite coordinate");
          }
          if (!(std::abs(x_[i]) <= kMaxCoordinate && std::abs(y_[i]) <= kMaxCoordinate)) {
            throw InvalidInput("polygons: feature " + std::to_string(f) + " has a coordinate (" + detail::fmt(x_[i]) +
                               ", " + detail::fmt(y_[i]) + ") beyond ±1e15, which no map unit reaches");
          }
        }
        if (x_[b] != x_[e - 1] || y_[b] != y_[e - 1]) {
          throw InvalidInput("polygons: feature " + std::to_string(f) + " has a ring that is not closed");
        }
      }
    }
  }
  attributes_.set_rows_hint(size());
}

void PolygonSet::set_attributes(Table table) {
  if (table.num_columns() > 0 && table.rows() != size()) {
    throw InvalidInput("polygons: attribute table has " + std::to_string(table.rows()) + " rows for " +
                       std::to_string(size()) + " features");
  }
  table.set_rows_hint(size());
  attributes_ = std::move(table);
}

Box PolygonSet::bounds() const { return bounds_of(x_, y_, 0, x_.size()); }

Box PolygonSet::feature_bounds(size_t f) const {
  const int64_t first_ring = part_offsets_[feature_offsets_[f]];
  const int64_t end_ring = part_offsets_[feature_offsets_[f + 1]];
  return bounds_of(x_, y_, ring_offsets_[first_ring], ring_offsets_[end_ring]);
}

std::vector<double> PolygonSet::areas() const {
  std::vector<double> out(size(), 0.0);
  for (size_t f = 0; f < size(); ++f) {
    double area2 = 0.0;
    for (int64_t p = feature_offsets_[f]; p < feature_offsets_[f + 1]; ++p) {
      for (int64_t r = part_offsets_[p]; r < part_offsets_[p + 1]; ++r) {
        const double a = std::abs(ring_area2(x_, y_, ring_offsets_[r], ring_offsets_[r + 1]));
        area2 += (r == part_offsets_[p]) ? a : -a;
      }
    }
    out[f] = 0.5 * area2;
  }
  return out;
}

PolygonSet PolygonSet::to_crs(const Crs& crs) const {
  PolygonSet out = *this;
  transform_coords(out.x_, out.y_, crs_, crs);
  out.crs_ = crs;
  return out;
}

PolygonSet PolygonSet::take(const std::vector<int64_t>& rows) const {
  Builder builder(crs_);
  for (int64_t f : rows) {
    if (f < 0 || static_cast<size_t>(f) >= size()) {
      throw InvalidInput("polygons: feature " + std::to_string(f) + " out of range");
    }
    for (int64_t p = feature_offsets_[f]; p < feature_offsets_[f + 1]; ++p) {
      for (int64_t r = part_offsets_[p]; r < part_offsets_[p + 1]; ++r) {
        const size_t b = ring_offsets_[r], n = ring_offsets_[r + 1] - ring_offsets_[r];
        builder.add_ring(std::span(x_).subspan(b, n), std::span(y_).subspan(b, n));
      }
      builder.end_part();
    }
    builder.end_feature();
  }
  PolygonSet out = builder.build();
  out.set_attributes(attributes_.take(rows));
  return out;
}

PolygonSet::Builder::Builder(Crs crs) : crs_(std::move(crs)) {}

void PolygonSet::Builder::add_ring(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size()) throw InvalidInput("polygons: ring x and y differ in length");
  if (x.empty()) return;
  x_.insert(x_.end(), x.begin(), x.end());
  y_.insert(y_.end(), y.begin(), y.end());
  if (x.front() != x.back() || y.front() != y.back()) {
    x_.push_back(x.front());
    y_.push_back(y.front());
  }
  rings_.push_back(static_cast<int64_t>(x_.size()));
}

void PolygonSet::Builder::end_part() {
  if (rings_.size() - 1 > static_cast<size_t>(parts_.back())) parts_.push_back(static_cast<int64_t>(rings_.size() - 1));
}

void PolygonSet::Builder::end_feature() {
  end_part();
  features_.push_back(static_cast<int64_t>(parts_.size() - 1));
}

PolygonSet PolygonSet::Builder::build() {
  return PolygonSet(std::move(x_), std::move(y_), std::move(rings_), std::move(parts_), std::move(features_),
                    std::move(crs_));
}

}  // namespace watchmap
