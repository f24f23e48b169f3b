#pragma once
// Kernel shapes as functions of u² = (d/h)², normalised in 2-D; the per-km² factor is applied by
// the caller through `scale`. Shared by the exact and binned density paths.
#include <cmath>
#include <numbers>

#include "watchmap/density.hpp"

namespace watchmap::detail {

/// Kernel value without the 1/h² factor, as a function of u². Bounded kernels are 0 from u = 1 on
/// (uniform: u < 1 is inside, u = 1 is outside).
inline double kernel_shape(Kernel k, double u2) {
  constexpr double pi = std::numbers::pi;
  switch (k) {
    case Kernel::Quartic: return u2 <= 1.0 ? 3.0 / pi * (1.0 - u2) * (1.0 - u2) : 0.0;
    case Kernel::Epanechnikov: return u2 <= 1.0 ? 2.0 / pi * (1.0 - u2) : 0.0;
    case Kernel::Triangular: return u2 <= 1.0 ? 3.0 / pi * (1.0 - std::sqrt(u2)) : 0.0;
    case Kernel::Uniform: return u2 < 1.0 ? 1.0 / pi : 0.0;
    case Kernel::Triweight: {
      const double t = 1.0 - u2;
      return u2 <= 1.0 ? 4.0 / pi * t * t * t : 0.0;
    }
    case Kernel::Gaussian: return 1.0 / (2.0 * pi) * std::exp(-0.5 * u2);
  }
  return 0.0;
}

/// The shape for a point known to be inside the support (no test: lets inner loops vectorise).
template <Kernel K>
inline double kernel_shape_inside(double u2) {
  constexpr double pi = std::numbers::pi;
  if constexpr (K == Kernel::Quartic) return 3.0 / pi * (1.0 - u2) * (1.0 - u2);
  if constexpr (K == Kernel::Epanechnikov) return 2.0 / pi * (1.0 - u2);
  if constexpr (K == Kernel::Triangular) return 3.0 / pi * (1.0 - std::sqrt(u2));
  if constexpr (K == Kernel::Uniform) return 1.0 / pi;
  if constexpr (K == Kernel::Triweight) return 4.0 / pi * (1.0 - u2) * (1.0 - u2) * (1.0 - u2);
  if constexpr (K == Kernel::Gaussian) return 1.0 / (2.0 * pi) * std::exp(-0.5 * u2);
  return 0.0;
}

/// Whether squared distance d2 is inside a support of squared radius r2 (the uniform kernel's
/// support is open: u < 1).
template <Kernel K>
inline bool inside_support(double d2, double r2) {
  if constexpr (K == Kernel::Uniform) return d2 < r2;
  return d2 <= r2;
}

/// Calls `f.template operator()<K>()` with the kernel as a compile-time constant.
template <typename F>
decltype(auto) with_kernel(Kernel k, F&& f) {
  switch (k) {
    case Kernel::Quartic: return f.template operator()<Kernel::Quartic>();
    case Kernel::Epanechnikov: return f.template operator()<Kernel::Epanechnikov>();
    case Kernel::Triangular: return f.template operator()<Kernel::Triangular>();
    case Kernel::Uniform: return f.template operator()<Kernel::Uniform>();
    case Kernel::Triweight: return f.template operator()<Kernel::Triweight>();
    case Kernel::Gaussian: break;
  }
  return f.template operator()<Kernel::Gaussian>();
}

/// Support radius in units of h: 1 for bounded kernels; for the gaussian, where K falls to
/// `tolerance` of its peak.
inline double support_in_h(Kernel k, double gaussian_tolerance) {
  if (k != Kernel::Gaussian) return 1.0;
  return std::sqrt(-2.0 * std::log(gaussian_tolerance));
}

}  // namespace watchmap::detail
