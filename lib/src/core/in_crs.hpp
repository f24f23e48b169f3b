#pragma once
// A layer brought into an analytic's frame (watchmap/crs_rule.hpp), copied only when it must move.
#include <algorithm>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include "core/progress_ticker.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"

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

/// `layer` (a PointSet or PolygonSet) in `frame`, like InCrs, but a reprojection runs in blocks
/// with `progress` polled between them, so Ctrl-C stops a long one (it throws Cancelled naming
/// `what`). A transformed copy keeps the geometry and CRS only (no attributes, weights or times).
template <typename Layer>
class InCrsPolled {
 public:
  InCrsPolled(const Layer& layer, const Crs& frame, const ProgressCallback& progress, const char* what) {
    if (!moves(layer, frame)) {
      ptr_ = &layer;
      return;
    }
    std::vector<double> x = layer.x(), y = layer.y();
    const Transformer transformer(layer.crs(), frame);
    ProgressTicker ticker(progress, static_cast<double>(x.size()));
    constexpr size_t kBlock = size_t{1} << 16;
    for (size_t start = 0; start < x.size(); start += kBlock) {
      const size_t n = std::min(kBlock, x.size() - start);
      try {
        transformer.transform(std::span(x).subspan(start, n), std::span(y).subspan(start, n));
      } catch (const CrsError&) {
        // The error names the vertex by its index in the block: redo up to here to name it in the layer.
        std::vector<double> rx(layer.x().begin(), layer.x().begin() + static_cast<std::ptrdiff_t>(start + n));
        std::vector<double> ry(layer.y().begin(), layer.y().begin() + static_cast<std::ptrdiff_t>(start + n));
        transformer.transform(rx, ry);
        throw;
      }
      tick_or_throw(ticker, static_cast<double>(n), what);
    }
    if constexpr (std::is_same_v<Layer, PointSet>) {
      owned_.emplace(std::move(x), std::move(y), frame);
    } else {
      owned_.emplace(std::move(x), std::move(y), layer.ring_offsets(), layer.part_offsets(), layer.feature_offsets(), frame);
    }
    ptr_ = &*owned_;
  }
  /// True when `layer` has to be reprojected into `frame`.
  static bool moves(const Layer& layer, const Crs& frame) { return !(layer.crs() == frame); }
  const Layer& get() const { return *ptr_; }
  const Layer* operator->() const { return ptr_; }

 private:
  const Layer* ptr_ = nullptr;
  std::optional<Layer> owned_;
};

}  // namespace watchmap::detail
