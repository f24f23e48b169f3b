#pragma once
/// @file watchmap.hpp  Umbrella header: everything public.
#include "watchmap/crs.hpp"
#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"
#include "watchmap/grid.hpp"
#include "watchmap/io.hpp"
#include "watchmap/polygon_ops.hpp"
#include "watchmap/table.hpp"
#include "watchmap/version.hpp"
#include "watchmap/wkb.hpp"
