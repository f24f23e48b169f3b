#include "common.hpp"
#include "progress.hpp"
#include "result.hpp"
#include "watchmap/coverage.hpp"
#include "watchmap/join.hpp"

namespace watchmap::bindings {

namespace {

py::list strings(const std::vector<std::string>& values) {
  py::list out;
  for (const std::string& v : values) out.append(py::str(v));
  return out;
}

}  // namespace

void bind_coverage(py::module_& m) {
  ResultClass<CoverageSummary> summary(m, "CoverageSummary", R"pbdoc(
District totals of a coverage (``Coverage.summary``) and the parameters used.

``area_share``, ``residents_share``, ``incidents_share`` (of the incidents inside the hamlets),
``hamlets_below`` (ids of hamlets whose covered share of residents is below ``threshold``),
``incidents_outside`` (incidents no team covers), ``incidents_outside_hamlets`` (in no hamlet),
``mode`` ("distance" or "travel_time") with ``radius_m`` or ``minutes``, ``direction``,
``quadrant_segments`` and ``disk_area_error`` (how much less area a disk polygon has than its circle).
)pbdoc");
  summary
      .field_as(
          "mode", [](const CoverageSummary& s) { return to_string(s.mode); },
          [](CoverageSummary& s, const py::handle& v) { s.mode = coverage_mode_from_name(v.cast<std::string>()); },
          "'distance' or 'travel_time'.")
      .field("radius_m", &CoverageSummary::radius_m, "Straight-line reach, metres (NaN in travel-time mode).")
      .field("minutes", &CoverageSummary::minutes, "Walking reach, minutes (NaN in distance mode).")
      .field("direction", &CoverageSummary::direction, "The travel time's direction ('' in distance mode).")
      .field("threshold", &CoverageSummary::threshold, "Share of residents a hamlet needs covered.")
      .field("area_share", &CoverageSummary::area_share, "Covered share of the district's area.")
      .field("residents_share", &CoverageSummary::residents_share, "Covered share of the residents.")
      .field("incidents_share", &CoverageSummary::incidents_share, "Covered share of the incidents in the hamlets.")
      .field_as(
          "hamlets_below", [](const CoverageSummary& s) { return strings(s.hamlets_below); },
          [](CoverageSummary& s, const py::handle& v) { s.hamlets_below = v.cast<std::vector<std::string>>(); },
          "Ids of the hamlets below the threshold (row numbers when the hamlets have no id column).")
      .field("incidents_outside", &CoverageSummary::incidents_outside, "Incidents in the hamlets no team covers.")
      .field("incidents_outside_hamlets", &CoverageSummary::incidents_outside_hamlets, "Incidents in no hamlet.")
      .field("residents_total", &CoverageSummary::residents_total, "Residents in the hamlets.")
      .field("area_km2", &CoverageSummary::area_km2, "District area, km².")
      .field("covered_km2", &CoverageSummary::covered_km2, "Covered area, km².")
      .field("quadrant_segments", &CoverageSummary::quadrant_segments, "Segments per quarter circle of the disks.")
      .field("disk_area_error", &CoverageSummary::disk_area_error,
             "Relative area shortfall of a disk polygon against its circle (0 in travel-time mode).");
  summary.finish();

  ResultClass<Coverage> cov(m, "Coverage", R"pbdoc(
Coverage of the hamlets by the security teams (from :func:`watchmap.coverage`).

``by_hamlet`` is a DataFrame aligned with the hamlets; ``covered`` and ``gaps`` are PolygonSets
(write them with ``.write("coverage.gpkg", layer="gaps")``); ``summary`` holds the district totals.
The per-hamlet arrays are fields too (``area_share``, ``residents_share``, ``nearest_team``, …).
)pbdoc");
  cov.field("area_km2", &Coverage::area_km2, "Hamlet area, km².")
      .field("covered_km2", &Coverage::covered_km2, "Covered area of the hamlet, km².")
      .field("area_share", &Coverage::area_share, "Covered share of the hamlet's area.")
      .field("residents", &Coverage::residents, "Residents of the hamlet (NaN when unknown).")
      .field("residents_covered", &Coverage::residents_covered, "Residents covered.")
      .field("residents_share", &Coverage::residents_share, "Covered share of the residents.")
      .field("incidents", &Coverage::incidents, "Incidents in the hamlet.")
      .field("incidents_covered", &Coverage::incidents_covered, "Incidents covered.")
      .field("incidents_share", &Coverage::incidents_share, "Covered share of the incidents (NaN when none).")
      .field("place_x", &Coverage::place_x, "The hamlet's most populous place, x.")
      .field("place_y", &Coverage::place_y, "The hamlet's most populous place, y.")
      .field("nearest_team", &Coverage::nearest_team, "Index of the team nearest to the place (-1 when none).")
      .field("distance_m", &Coverage::distance_m, "Straight line from the place to that team, metres.")
      .field("minutes", &Coverage::minutes, "Walking time between the place and that team (NaN by distance).")
      .field("teams_covering", &Coverage::teams_covering, "Teams that reach the place.")
      .field("below_threshold", &Coverage::below_threshold, "1 when the hamlet is below the threshold.")
      .field("covered", &Coverage::covered, "The covered area within the district (one feature).")
      .field("gaps", &Coverage::gaps, "The uncovered parts of the district, largest first.")
      .field("hamlets", &Coverage::hamlets, "The hamlets as analysed (analysis CRS).")
      .field_as(
          "team_ids", [](const Coverage& c) { return strings(c.team_ids); },
          [](Coverage& c, const py::handle& v) { c.team_ids = v.cast<std::vector<std::string>>(); },
          "Each team's id (its id column, or its row number).")
      .field("summary", &Coverage::summary, "District totals and the parameters used.");
  cov.finish();

  m.def(
      "_coverage",
      [](const PointSet& teams, const PolygonSet& hamlets, const std::optional<double>& radius_m,
         const TravelTime* travel_time, const std::optional<double>& minutes, const PointSet* population,
         const py::object& residents, const py::object& hamlet_population, const PointSet* incidents, double threshold,
         int quadrant_segments, int threads, const py::object& progress) {
        CoverageOptions options;
        options.radius_m = radius_m;
        options.travel_time = travel_time;
        options.minutes = minutes;
        options.population = population;
        if (!residents.is_none()) {
          options.residents = to_vector<double>(residents, "residents",
                                                population != nullptr ? static_cast<py::ssize_t>(population->size()) : -1);
        }
        if (!hamlet_population.is_none()) {
          options.hamlet_population =
              to_vector<double>(hamlet_population, "hamlet population", static_cast<py::ssize_t>(hamlets.size()));
        }
        options.incidents = incidents;
        options.threshold = threshold;
        options.quadrant_segments = quadrant_segments;
        options.threads = threads;
        PythonProgress hook(progress);
        options.progress = hook.hook();
        return hook.run([&] { return coverage(teams, hamlets, options); });
      },
      py::arg("teams"), py::arg("hamlets"), py::arg("radius_m"), py::arg("travel_time"), py::arg("minutes"),
      py::arg("population"), py::arg("residents"), py::arg("hamlet_population"), py::arg("incidents"),
      py::arg("threshold"), py::arg("quadrant_segments"), py::arg("threads"), py::arg("progress"));

  ResultClass<LocatedPairs> located(m, "LocatedPairs", R"pbdoc(
(point, polygon) pairs where the polygon contains the point (from ``watchmap.locate(..., how="all")``),
sorted by point then polygon. Unpacks as ``point, polygon``.
)pbdoc");
  located.field("point", &LocatedPairs::point, "Index of the point.")
      .field("polygon", &LocatedPairs::polygon, "Index of a polygon holding it.");
  located.cls().def("__iter__", [](const py::object& self) {
    return py::iter(py::make_tuple(self.attr("point"), self.attr("polygon")));
  });
  located.finish();

  m.def(
      "_locate_all",
      [](const PointSet& points, const PolygonSet& polygons, int threads, const py::object& progress) {
        PythonProgress hook(progress);
        LocateOptions options;
        options.threads = threads;
        options.progress = hook.hook();
        return hook.run([&] { return locate_all(points, polygons, options); });
      },
      py::arg("points"), py::arg("polygons"), py::arg("threads") = 0, py::arg("progress") = py::none());

  m.def(
      "_count_in_several",
      [](const PointSet& points, const PolygonSet& polygons, int threads, const py::object& progress) {
        PythonProgress hook(progress);
        LocateOptions options;
        options.threads = threads;
        options.progress = hook.hook();
        return hook.run([&] { return count_in_several(points, polygons, options); });
      },
      py::arg("points"), py::arg("polygons"), py::arg("threads") = 0, py::arg("progress") = py::none());
}

}  // namespace watchmap::bindings
