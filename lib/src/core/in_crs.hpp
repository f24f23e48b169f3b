#pragma once
// A layer brought into an analytic's frame (watchmap/crs_rule.hpp), copied only when it must move.
#include <optional>

#include "watchmap/crs_rule.hpp"

namespace watchmap::detail {

/// `layer` expressed in `frame`: the layer itself when already there, else a transformed copy.
template <typename Layer>
class InCrs {
 public:
  InCrs(const Layer& layer, const Crs& frame) {
    if (layer.crs() == frame) {
      ptr_ = &layer;
    } else {
      owned_.emplace(layer.to_crs(frame));
      ptr_ = &*owned_;
    }
  }
  const Layer& get() const { return *ptr_; }
  const Layer* operator->() const { return ptr_; }

 private:
  const Layer* ptr_ = nullptr;
  std::optional<Layer> owned_;
};

}  // namespace watchmap::detail
