#pragma once
// Large working buffers backed by 2 MiB transparent huge pages where the kernel allows it.
//
// Why: the first write to fresh memory costs one page fault per 4 KiB page, and on the virtual
// machines this project is measured on a fault costs about 9 µs: filling a new 32 MB buffer took
// 73 ms, against 2 ms when the buffer was advised for huge pages first (bench/RESULTS.md, issue 13).
// A 1000 × 1000 raster and the sorted copy of a million points would otherwise spend about 100 ms
// faulting, more than the density itself.
#include <cstddef>
#include <memory>
#include <vector>

namespace watchmap::detail {

/// Asks the kernel for huge pages on the whole 2 MiB pages inside [p, p + bytes), before they are
/// first written. Only for buffers of 4 MiB or more; a no-op elsewhere (and off Linux).
void advise_huge_pages(void* p, std::size_t bytes);

/// std::vector<T>(n, value), its buffer advised before it is filled.
template <typename T>
std::vector<T> filled_vector(std::size_t n, T value) {
  std::vector<T> v;
  v.reserve(n);
  advise_huge_pages(v.data(), n * sizeof(T));
  v.assign(n, value);
  return v;
}

/// n uninitialised values of a trivial type, advised: for buffers every element of which is
/// written before it is read.
template <typename T>
std::unique_ptr<T[]> scratch_array(std::size_t n) {
  std::unique_ptr<T[]> a(new T[n]);
  advise_huge_pages(a.get(), n * sizeof(T));
  return a;
}

}  // namespace watchmap::detail
