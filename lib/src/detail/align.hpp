#pragma once
// Bringing layers into one CRS before an analytic, without copying when they already agree.
#include <optional>
#include <string>

#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"

namespace watchmap::detail {

/// A view of `layer` in `crs`: the layer itself when it is already there, else a transformed copy.
/// Throws CrsError (naming both layers) when exactly one of the two CRSs is empty.
template <typename Layer>
class InCrs {
 public:
  InCrs(const Layer& layer, const Crs& crs, const std::string& layer_name, const std::string& crs_owner) {
    require_compatible(layer.crs(), layer_name, crs, crs_owner);
    if (layer.crs() == crs) {
      ptr_ = &layer;
    } else {
      owned_.emplace(layer.to_crs(crs));
      ptr_ = &*owned_;
    }
  }
  const Layer& get() const { return *ptr_; }
  const Layer* operator->() const { return ptr_; }

 private:
  const Layer* ptr_ = nullptr;
  std::optional<Layer> owned_;
};

/// The metric CRS shared by two layers for distance work: the first layer's CRS when metric,
/// otherwise the UTM zone of the first layer's centre (DESIGN §4 "CRS and units").
inline Crs common_metric_crs(const Crs& first, const Box& first_bounds, const Crs& second,
                             const std::string& first_name, const std::string& second_name) {
  require_compatible(first, first_name, second, second_name);
  if (first.is_metric()) return first;
  if (first.is_projected() && !first.is_metric() && second.is_metric()) return second;
  return metric_crs_for(first, first_bounds);
}

}  // namespace watchmap::detail
