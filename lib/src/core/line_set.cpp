// LineSet: lines and multilines in the GeoArrow layout.
#include <cmath>

#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"

namespace watchmap {

namespace {

void check_offsets(const std::vector<int64_t>& offsets, int64_t limit, const char* what) {
  if (offsets.empty() || offsets.front() != 0 || offsets.back() != limit) {
    throw InvalidInput(std::string("lines: ") + what + " offsets must start at 0 and end at " + std::to_string(limit));
  }
  for (size_t i = 1; i < offsets.size(); ++i) {
    if (offsets[i] < offsets[i - 1]) throw InvalidInput(std::string("lines: ") + what + " offsets decrease");
  }
}

}  // namespace

LineSet::LineSet(std::vector<double> x, std::vector<double> y, std::vector<int64_t> part_offsets,
                 std::vector<int64_t> feature_offsets, Crs crs)
    : x_(std::move(x)),
      y_(std::move(y)),
      part_offsets_(std::move(part_offsets)),
      feature_offsets_(std::move(feature_offsets)),
      crs_(std::move(crs)) {
  if (x_.size() != y_.size()) throw InvalidInput("lines: x and y differ in length");
  check_offsets(part_offsets_, static_cast<int64_t>(x_.size()), "part");
  check_offsets(feature_offsets_, static_cast<int64_t>(num_parts()), "feature");
  for (size_t f = 0; f < size(); ++f) {
    for (int64_t p = feature_offsets_[f]; p < feature_offsets_[f + 1]; ++p) {
      const int64_t b = part_offsets_[p], e = part_offsets_[p + 1];
      if (e - b < 2) {
        throw InvalidInput("lines: feature " + std::to_string(f) + " has a part with " + std::to_string(e - b) +
                           " vertex (a line needs at least 2)");
      }
      for (int64_t i = b; i < e; ++i) {
        if (!std::isfinite(x_[i]) || !std::isfinite(y_[i])) {
          throw InvalidInput("lines: feature " + std::to_string(f) + " has a non-finite coordinate");
        }
      }
    }
  }
  attributes_.set_rows_hint(size());
}

void LineSet::set_attributes(Table table) {
  if (table.num_columns() > 0 && table.rows() != size()) {
    throw InvalidInput("lines: attribute table has " + std::to_string(table.rows()) + " rows for " +
                       std::to_string(size()) + " features");
  }
  table.set_rows_hint(size());
  attributes_ = std::move(table);
}

Box LineSet::bounds() const {
  Box box;
  for (size_t i = 0; i < x_.size(); ++i) box.extend(x_[i], y_[i]);
  return box;
}

std::vector<double> LineSet::lengths() const {
  std::vector<double> out(size(), 0.0);
  for (size_t f = 0; f < size(); ++f) {
    for (int64_t p = feature_offsets_[f]; p < feature_offsets_[f + 1]; ++p) {
      for (int64_t i = part_offsets_[p]; i + 1 < part_offsets_[p + 1]; ++i) {
        out[f] += std::hypot(x_[i + 1] - x_[i], y_[i + 1] - y_[i]);
      }
    }
  }
  return out;
}

LineSet LineSet::to_crs(const Crs& crs) const {
  LineSet out = *this;
  if (!(crs_ == crs)) Transformer(crs_, crs).transform(out.x_, out.y_);
  out.crs_ = crs;
  return out;
}

LineSet LineSet::take(const std::vector<int64_t>& rows) const {
  Builder builder(crs_);
  for (int64_t f : rows) {
    if (f < 0 || static_cast<size_t>(f) >= size()) throw InvalidInput("lines: feature " + std::to_string(f) + " out of range");
    for (int64_t p = feature_offsets_[f]; p < feature_offsets_[f + 1]; ++p) {
      const auto b = static_cast<size_t>(part_offsets_[p]), n = static_cast<size_t>(part_offsets_[p + 1] - part_offsets_[p]);
      builder.add_part(std::span(x_).subspan(b, n), std::span(y_).subspan(b, n));
    }
    builder.end_feature();
  }
  LineSet out = builder.build();
  out.set_attributes(attributes_.take(rows));
  return out;
}

LineSet::Builder::Builder(Crs crs) : crs_(std::move(crs)) {}

void LineSet::Builder::add_part(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size()) throw InvalidInput("lines: part x and y differ in length");
  if (x.empty()) return;
  x_.insert(x_.end(), x.begin(), x.end());
  y_.insert(y_.end(), y.begin(), y.end());
  parts_.push_back(static_cast<int64_t>(x_.size()));
}

void LineSet::Builder::end_feature() { features_.push_back(static_cast<int64_t>(parts_.size() - 1)); }

LineSet LineSet::Builder::build() {
  return LineSet(std::move(x_), std::move(y_), std::move(parts_), std::move(features_), std::move(crs_));
}

}  // namespace watchmap
