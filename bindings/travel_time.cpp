#include "common.hpp"
#include "progress.hpp"
#include "result.hpp"
#include "watchmap/travel_time.hpp"

namespace watchmap::bindings {

namespace {

py::tuple graph_state(const TravelGraph& g) {
  return py::make_tuple(g.elevation(), g.road_cells() > 0 ? py::cast(g.road_speed_kmh()) : py::none(),
                        g.friction() ? py::cast(*g.friction()) : py::none(), g.neighbours(), g.off_path_factor());
}

TravelGraph graph_from_state(const py::tuple& s) {
  TravelGraphOptions options;
  if (!s[1].is_none()) options.road_speed_kmh = s[1].cast<Raster>();
  if (!s[2].is_none()) options.friction = s[2].cast<Raster>();
  options.neighbours = s[3].cast<int>();
  options.off_path_factor = s[4].cast<double>();
  return TravelGraph(s[0].cast<Raster>(), options);
}

}  // namespace

void bind_travel_time(py::module_& m) {
  py::class_<TravelGraph>(m, "TravelGraph", R"pbdoc(
The walking graph a travel time was measured on: the DEM's cells with their roads and friction.

Kept by every :class:`TravelTime` (``tt.graph``) so coverage and placement can run more searches
on the same terrain without rebuilding it.
)pbdoc")
      .def_property_readonly("grid", &TravelGraph::grid, "The DEM's grid.")
      .def_property_readonly("neighbours", &TravelGraph::neighbours, "8 or 16.")
      .def_property_readonly("off_path_factor", &TravelGraph::off_path_factor,
                             "Off-road speed as a fraction of Tobler's on-path speed.")
      .def_property_readonly("road_cells", &TravelGraph::road_cells, "Cells on a road.")
      .def_property_readonly("passable_cells", &TravelGraph::passable_cells, "Cells that can be entered.")
      .def_property_readonly("min_edge_minutes", &TravelGraph::min_edge_minutes,
                             "A lower bound on every edge's time (the search's bucket width comes from it).")
      .def("elevation", &TravelGraph::elevation, "Elevation per cell (NaN = impassable).")
      .def("road_speed_kmh", &TravelGraph::road_speed_kmh, "Road speed per cell, km/h (NaN = no road, 0 = walked).")
      .def("friction", &TravelGraph::friction, "Friction per cell, or None when none was given.")
      .def("__repr__", [](const TravelGraph& g) {
        return "TravelGraph(" + std::to_string(g.grid().nrows) + " x " + std::to_string(g.grid().ncols) +
               " cells, neighbours=" + std::to_string(g.neighbours()) + ", road_cells=" + std::to_string(g.road_cells()) +
               ")";
      })
      .def(py::pickle([](const TravelGraph& g) { return graph_state(g); },
                      [](const py::tuple& s) { return graph_from_state(s); }));

  ResultClass<TravelTime> tt(m, "TravelTime", R"pbdoc(
Walking time over the terrain from (or to) the nearest source (from :func:`watchmap.travel_time`).

``minutes`` is a Raster of minutes (NaN where impassable or not reached within ``max_minutes``);
``nearest`` a Raster of the nearest source's index (-1 there). ``direction`` says which way:
"from_source" = from the team to the place (the response), "to_source" = from the place to the
team. ``graph`` is the terrain graph, reused by coverage and placement.
)pbdoc");
  tt.field("minutes", &TravelTime::minutes, "Raster of minutes (NaN = not reached).")
      .field("nearest", &TravelTime::nearest, "Raster of the nearest source's index (-1 = not reached).")
      .field_as(
          "direction", [](const TravelTime& t) { return to_string(t.direction); },
          [](TravelTime& t, const py::handle& v) { t.direction = travel_direction_from_name(v.cast<std::string>()); },
          "'from_source' or 'to_source'.")
      .field("neighbours", &TravelTime::neighbours, "8 or 16.")
      .field("off_path_factor", &TravelTime::off_path_factor, "Off-road speed factor used.")
      .field("max_minutes", &TravelTime::max_minutes, "The limit used (inf = none).")
      .field("source_x", &TravelTime::source_x, "Sources' x in the DEM's CRS.")
      .field("source_y", &TravelTime::source_y, "Sources' y in the DEM's CRS.")
      .field("graph", &TravelTime::graph, "The TravelGraph searched.");
  tt.finish();

  ResultClass<ReachPairs> pairs(m, "ReachPairs", R"pbdoc(
Source–target pairs within a time limit (one bounded search per source), sorted by source then
target, with the minutes between them. Unpacks as ``source, target, minutes``.
)pbdoc");
  pairs.field("source", &ReachPairs::source, "Index of the source.")
      .field("target", &ReachPairs::target, "Index of the target.")
      .field("minutes", &ReachPairs::minutes, "Minutes between them.");
  pairs.cls().def("__iter__", [](const py::object& self) {
    return py::iter(py::make_tuple(self.attr("source"), self.attr("target"), self.attr("minutes")));
  });
  pairs.finish();

  m.def(
      "_travel_time",
      [](const Raster& dem, const PointSet& sources, const std::string& direction, int neighbours,
         double off_path_factor, const std::optional<Raster>& road_speed_kmh, const std::optional<Raster>& friction,
         const std::optional<double>& max_minutes, int threads, const py::object& progress) {
        TravelTimeOptions options;
        options.direction = travel_direction_from_name(direction);
        options.graph.neighbours = neighbours;
        options.graph.off_path_factor = off_path_factor;
        options.graph.road_speed_kmh = road_speed_kmh;
        options.graph.friction = friction;
        options.max_minutes = max_minutes;
        options.threads = threads;
        PythonProgress hook(progress);
        options.progress = hook.hook();
        return hook.run([&] { return travel_time(dem, sources, options); });
      },
      py::arg("dem"), py::arg("sources"), py::arg("direction"), py::arg("neighbours"), py::arg("off_path_factor"),
      py::arg("road_speed_kmh"), py::arg("friction"), py::arg("max_minutes"), py::arg("threads"), py::arg("progress"));

  m.def(
      "_rasterize_roads",
      [](const LineSet& roads, const Grid& grid, const py::object& speed_kmh) {
        const std::vector<double> speeds = to_vector<double>(speed_kmh, "road_speeds_kmh", static_cast<py::ssize_t>(roads.size()));
        py::gil_scoped_release release;
        return road_speed_raster(roads, grid, speeds);
      },
      py::arg("roads"), py::arg("grid"), py::arg("speed_kmh"));

  m.def(
      "_isochrones",
      [](const TravelTime& t, const std::vector<double>& minutes) {
        py::gil_scoped_release release;
        return isochrones(t, minutes);
      },
      py::arg("travel_time"), py::arg("minutes"));

  m.def(
      "_reachable_points",
      [](const TravelGraph& graph, const PointSet& sources, const PointSet& targets, double max_minutes,
         const std::string& direction, int threads, const py::object& progress) {
        ReachOptions options;
        options.direction = travel_direction_from_name(direction);
        options.threads = threads;
        PythonProgress hook(progress);
        options.progress = hook.hook();
        return hook.run([&] { return reachable_points(graph, sources, targets, max_minutes, options); });
      },
      py::arg("graph"), py::arg("sources"), py::arg("targets"), py::arg("max_minutes"), py::arg("direction"),
      py::arg("threads") = 0, py::arg("progress") = py::none());
}

}  // namespace watchmap::bindings
