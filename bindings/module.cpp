// watchmap._core: the compiled half of the watchmap package.
#include "common.hpp"
#include "watchmap/version.hpp"

namespace wb = watchmap::bindings;

PYBIND11_MODULE(_core, m) {
  m.doc() = "watchmap's compiled core (import watchmap instead).";
  m.attr("__version__") = watchmap::kVersion;
  wb::bind_errors(m);        // Deps: none
  wb::bind_crs(m);           // Deps: errors
  wb::bind_geometry(m);      // Deps: crs, table
  wb::bind_line_set(m);      // Deps: crs, table
  wb::bind_grid(m);          // Deps: geometry
  wb::bind_io(m);            // Deps: geometry, grid
  wb::bind_polygon_ops(m);   // Deps: geometry
  wb::bind_crs_rule(m);      // Deps: geometry, grid
  wb::bind_join(m);          // Deps: geometry
  wb::bind_nearest(m);       // Deps: geometry
  wb::bind_tessellate(m);    // Deps: geometry, grid
  wb::bind_density(m);       // Deps: geometry, grid
  wb::bind_travel_time(m);   // Deps: geometry, grid
  wb::bind_coverage(m);      // Deps: geometry, travel_time
  wb::bind_weights(m);       // Deps: geometry
  wb::bind_hotspot(m);       // Deps: geometry, weights
  wb::bind_placement(m);     // Deps: geometry, crs
}
