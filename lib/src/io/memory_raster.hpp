#pragma once
// A raster file held in memory (GDAL's /vsimem/), read as read_raster reads a file: the fuzz target
// for raster headers (tests/fuzz/) drives every check of the reader with it. Private to the library.
#include <cstdint>
#include <string_view>

#include "watchmap/error.hpp"
#include "watchmap/grid.hpp"

namespace watchmap::detail {

/// Band `band` of the raster whose file bytes are `bytes` (any format GDAL recognises), with the
/// same checks and errors as read_raster; InvalidInput, before allocating, when the header claims
/// more than `max_cells` cells (a 100-byte header may claim gigabytes).
Raster read_raster_bytes(std::string_view bytes, int band, int64_t max_cells, const WarningHandler& warn = {});

}  // namespace watchmap::detail
