#include "common.hpp"
#include "table_convert.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/geometry.hpp"
#include "watchmap/wkb.hpp"

namespace watchmap::bindings {

Crs target_crs(const py::handle& obj, const Crs& from, const Box& bounds) {
  if (py::isinstance<py::str>(obj) && obj.cast<std::string>() == "utm") {
    WarningCollector warnings;
    Crs utm = utm_crs_for_extent(from, bounds, warnings.handler());
    warnings.emit();
    return utm;
  }
  return crs_from_py(obj);
}

namespace {

// Raw row selection; python/watchmap/geometry.py checks the index (bool masks, slices, floats).
std::vector<int64_t> indices(const py::handle& obj) { return to_vector<int64_t>(obj, "indices"); }

py::tuple point_state(const PointSet& p) {
  return py::make_tuple(std::vector<double>(p.x()), std::vector<double>(p.y()), p.crs().wkt(), p.weight(), p.time(),
                        table_to_py(p.attributes()), p.time_zone(), p.time_column());
}

// Times from Python: datetime64 arrays, pandas Series/DatetimeIndex (tz-aware ones give their
// zone) or integers (seconds since 1970 UTC), converted by watchmap._time.to_seconds.
void set_time_from_py(PointSet& p, const py::object& time) {
  if (time.is_none()) {
    p.set_time({});
    return;
  }
  py::tuple converted = py::module_::import("watchmap._time").attr("to_seconds")(time, p.size());
  p.set_time(to_vector<int64_t>(converted[0], "time", static_cast<py::ssize_t>(p.size())));
  if (!converted[1].is_none()) p.set_time_zone(converted[1].cast<std::string>());
}

PointSet point_from_state(const py::tuple& s) {
  PointSet p(s[0].cast<std::vector<double>>(), s[1].cast<std::vector<double>>(),
             Crs::from_user_input(s[2].cast<std::string>()));
  p.set_weight(s[3].cast<std::vector<double>>());
  p.set_time(s[4].cast<std::vector<int64_t>>());
  p.set_attributes(table_from_py(s[5], p.size()));
  if (s.size() >= 8) {  // older pickles have no time zone or time column
    p.set_time_zone(s[6].cast<std::string>());
    p.set_time_column(s[7].cast<std::string>());
  }
  return p;
}

py::tuple polygon_state(const PolygonSet& p) {
  return py::make_tuple(p.x(), p.y(), p.ring_offsets(), p.part_offsets(), p.feature_offsets(), p.crs().wkt(),
                        table_to_py(p.attributes()));
}

PolygonSet polygon_from_state(const py::tuple& s) {
  PolygonSet p(s[0].cast<std::vector<double>>(), s[1].cast<std::vector<double>>(), s[2].cast<std::vector<int64_t>>(),
               s[3].cast<std::vector<int64_t>>(), s[4].cast<std::vector<int64_t>>(),
               Crs::from_user_input(s[5].cast<std::string>()));
  p.set_attributes(table_from_py(s[6], p.size()));
  return p;
}

}  // namespace

py::tuple bounds_tuple(const Box& b) {
  if (b.empty()) return py::make_tuple(NAN, NAN, NAN, NAN);
  return py::make_tuple(b.xmin, b.ymin, b.xmax, b.ymax);
}

void bind_geometry(py::module_& m) {
  py::class_<PointSet>(m, "PointSet", R"pbdoc(
Points in one CRS, with optional weight and time, and attribute columns.

Coordinates are metres in a projected CRS for analysis (lon/lat data can be held and moved with
``to_crs``). ``x``, ``y``, ``weight`` and ``time`` are read-only numpy views (no copy).

Parameters
----------
x, y : array_like of float
    Coordinates; NaN or infinite values raise InvalidInputError naming the row.
crs : str, int, Crs, pyproj.CRS or None
    CRS of the coordinates; None = a local metric frame.
weight : array_like of float, optional
    Per-point weight (e.g. a count).
time : array_like, optional
    datetime64 values, a pandas Series/DatetimeIndex (a tz-aware one sets ``time_zone``), or
    int64 seconds since 1970-01-01 UTC.

Examples
--------
>>> p = watchmap.PointSet([587616.5, 588100.0], [2455210.0, 2455900.0], crs="EPSG:32648")
>>> p.x                      # a read-only numpy view, no copy
>>> p.to_crs("EPSG:4326").x  # longitudes
)pbdoc")
      .def(py::init([](const py::object& x, const py::object& y, const py::object& crs, const py::object& weight,
                       const py::object& time) {
             std::vector<double> xs = to_vector<double>(x, "x");
             std::vector<double> ys = to_vector<double>(y, "y", static_cast<py::ssize_t>(xs.size()));
             PointSet p(std::move(xs), std::move(ys), crs_from_py(crs));
             if (!weight.is_none()) p.set_weight(to_vector<double>(weight, "weight", static_cast<py::ssize_t>(p.size())));
             set_time_from_py(p, time);
             return p;
           }),
           py::arg("x"), py::arg("y"), py::arg("crs") = py::none(), py::arg("weight") = py::none(),
           py::arg("time") = py::none())
      .def("__len__", &PointSet::size)
      .def_property_readonly("x", [](const py::object& self) { return view(self.cast<const PointSet&>().x(), self); })
      .def_property_readonly("y", [](const py::object& self) { return view(self.cast<const PointSet&>().y(), self); })
      .def_property(
          "weight",
          [](const py::object& self) -> py::object {
            const auto& p = self.cast<const PointSet&>();
            return p.has_weight() ? py::object(view(p.weight(), self)) : py::object(py::none());
          },
          [](PointSet& p, const py::object& w) {
            p.set_weight(w.is_none() ? std::vector<double>{}
                                     : to_vector<double>(w, "weight", static_cast<py::ssize_t>(p.size())));
          },
          "Per-point weight (None when unweighted).")
      .def_property_readonly("_time_seconds",
          [](const py::object& self) -> py::object {
            const auto& p = self.cast<const PointSet&>();
            return p.has_time() ? py::object(view(p.time(), self)) : py::object(py::none());
          },
          "Seconds since 1970-01-01 UTC as int64 (None when absent); `time` shows them as datetimes.")
      .def("_set_time", &set_time_from_py, py::arg("time"))
      .def_property(
          "time_zone", &PointSet::time_zone, [](PointSet& p, const std::string& tz) { p.set_time_zone(tz); },
          "The data's own time zone (IANA name, e.g. 'America/Chicago'); '' = unknown (UTC). Times are "
          "shown and bucketed by day/month/year in it.")
      .def_property(
          "time_column", &PointSet::time_column, [](PointSet& p, const std::string& c) { p.set_time_column(c); },
          "The column the times came from and are written back to (default 'time').")
      .def_property("crs", &PointSet::crs, [](PointSet& p, const py::object& c) { p.set_crs(crs_from_py(c)); },
                    "The CRS. Assigning relabels without moving coordinates; use to_crs() to move them.")
      .def_property_readonly("bounds", [](const PointSet& p) { return bounds_tuple(p.bounds()); },
                             "(xmin, ymin, xmax, ymax); NaNs when empty.")
      .def(
          "to_crs",
          [](const PointSet& p, const py::object& crs) {
            Crs target = target_crs(crs, p.crs(), p.bounds());
            py::gil_scoped_release release;
            return p.to_crs(target);
          },
          py::arg("crs"), R"pbdoc(The points in another CRS (attributes, weights and times kept).

``crs="utm"`` picks the UTM zone of the points' centre (a WatchmapWarning when they span more
than one zone's width).

Examples
--------
>>> lonlat = d.teams.to_crs("EPSG:4326")
>>> back = lonlat.to_crs("utm")
)pbdoc")
      .def("_take", [](const PointSet& p, const py::object& rows) { return p.take(indices(rows)); }, py::arg("indices"))
      .def(py::pickle([](const PointSet& p) { return point_state(p); },
                      [](const py::tuple& s) { return point_from_state(s); }))
      .def("_attribute_columns", [](const PointSet& p) { return table_to_py(p.attributes()); })
      .def("_set_attribute_columns",
           [](PointSet& p, const py::object& cols) { p.set_attributes(table_from_py(cols, p.size())); })
      .def("__copy__", [](const PointSet& p) { return PointSet(p); })
      .def("__deepcopy__", [](const PointSet& p, const py::dict&) { return PointSet(p); });

  py::class_<PolygonSet>(m, "PolygonSet", R"pbdoc(
Polygons and multipolygons with holes, one per feature, with a CRS and attribute columns.

Stored in the GeoArrow layout: ``x``, ``y`` vertices; ``ring_offsets``, ``part_offsets`` and
``feature_offsets`` say where rings, parts (first ring = shell) and features start. All are
read-only numpy views. Build one with ``read_polygons``, ``from_geopandas``, ``from_wkb`` or
from the arrays.

Examples
--------
>>> square = watchmap.PolygonSet([0, 100, 100, 0, 0], [0, 0, 100, 100, 0], [0, 5], [0, 1], [0, 1],
...                              crs="EPSG:32648")
>>> square.areas()
array([10000.])
)pbdoc")
      .def(py::init([](const py::object& x, const py::object& y, const py::object& rings, const py::object& parts,
                       const py::object& features, const py::object& crs) {
             return PolygonSet(to_vector<double>(x, "x"), to_vector<double>(y, "y"),
                               to_vector<int64_t>(rings, "ring_offsets"), to_vector<int64_t>(parts, "part_offsets"),
                               to_vector<int64_t>(features, "feature_offsets"), crs_from_py(crs));
           }),
           py::arg("x"), py::arg("y"), py::arg("ring_offsets"), py::arg("part_offsets"), py::arg("feature_offsets"),
           py::arg("crs") = py::none())
      .def("__len__", &PolygonSet::size)
      .def_property_readonly("x", [](const py::object& s) { return view(s.cast<const PolygonSet&>().x(), s); })
      .def_property_readonly("y", [](const py::object& s) { return view(s.cast<const PolygonSet&>().y(), s); })
      .def_property_readonly("ring_offsets",
                             [](const py::object& s) { return view(s.cast<const PolygonSet&>().ring_offsets(), s); })
      .def_property_readonly("part_offsets",
                             [](const py::object& s) { return view(s.cast<const PolygonSet&>().part_offsets(), s); })
      .def_property_readonly("feature_offsets",
                             [](const py::object& s) { return view(s.cast<const PolygonSet&>().feature_offsets(), s); })
      .def_property("crs", &PolygonSet::crs, [](PolygonSet& p, const py::object& c) { p.set_crs(crs_from_py(c)); },
                    "The CRS. Assigning relabels without moving coordinates; use to_crs() to move them.")
      .def_property_readonly("bounds", [](const PolygonSet& p) { return bounds_tuple(p.bounds()); })
      .def_property_readonly("num_parts", &PolygonSet::num_parts)
      .def_property_readonly("num_rings", &PolygonSet::num_rings)
      .def("feature_bounds", [](const PolygonSet& p, size_t f) {
        if (f >= p.size()) throw py::index_error("feature " + std::to_string(f) + " out of range");
        return bounds_tuple(p.feature_bounds(f));
      })
      .def("areas", [](const PolygonSet& p) {
        std::vector<double> a = p.areas();
        return py::array_t<double>(static_cast<py::ssize_t>(a.size()), a.data());
      }, R"pbdoc(Area of each feature in squared CRS units (m² in a metric CRS); holes excluded.

Examples
--------
>>> d.hamlets.areas().sum() / 1e6     # km²
)pbdoc")
      .def(
          "to_crs",
          [](const PolygonSet& p, const py::object& crs) {
            Crs target = target_crs(crs, p.crs(), p.bounds());
            py::gil_scoped_release release;
            return p.to_crs(target);
          },
          py::arg("crs"), R"pbdoc(The polygons in another CRS (vertices transformed; edges not densified).

``crs="utm"`` picks the UTM zone of the layer's centre (a WatchmapWarning when it spans more
than one zone's width).

Examples
--------
>>> lonlat = d.hamlets.to_crs("EPSG:4326")
)pbdoc")
      .def("_take", [](const PolygonSet& p, const py::object& rows) { return p.take(indices(rows)); }, py::arg("indices"))
      .def(py::pickle([](const PolygonSet& p) { return polygon_state(p); },
                      [](const py::tuple& s) { return polygon_from_state(s); }))
      .def("_attribute_columns", [](const PolygonSet& p) { return table_to_py(p.attributes()); })
      .def("_set_attribute_columns",
           [](PolygonSet& p, const py::object& cols) { p.set_attributes(table_from_py(cols, p.size())); })
      .def("to_wkb", [](const PolygonSet& p) {
        std::vector<std::string> blobs;
        {
          py::gil_scoped_release release;
          blobs = to_wkb(p);
        }
        py::list out;
        for (const std::string& b : blobs) out.append(py::bytes(b));
        return out;
      }, R"pbdoc(One WKB blob (bytes) per feature: Polygon, or MultiPolygon for several parts.

Examples
--------
>>> shapes = geopandas.GeoSeries.from_wkb(d.hamlets.to_wkb())
)pbdoc")
      .def_static("from_wkb", [](const py::iterable& blobs, const py::object& crs, bool strict, const std::string& source) {
        std::vector<std::string> raw;
        for (const py::handle b : blobs) raw.push_back(b.is_none() ? std::string() : b.cast<std::string>());
        Crs c = crs_from_py(crs);
        return without_gil_collecting_warnings([&](WarningHandler warn) {
          return polygons_from_wkb(raw, c, WkbReadOptions{strict, std::move(warn), source});
        });
      }, py::arg("blobs"), py::arg("crs") = py::none(), py::kw_only(), py::arg("strict") = false,
         py::arg("source") = "WKB", R"pbdoc(Polygons from WKB bytes (None or b'' = an empty feature).

Other geometry types raise InvalidInputError naming the row. Invalid polygons (a bowtie, a
self-touching ring) follow the same policy as :func:`watchmap.read_polygons`: repaired with GEOS
MakeValid and reported as a WatchmapWarning naming the feature, or a GeometryError with
``strict=True``. ``source`` names the data in those messages.

Examples
--------
>>> ps = watchmap.PolygonSet.from_wkb([shape.wkb for shape in shapes], crs="EPSG:32648")
)pbdoc")
      .def("__copy__", [](const PolygonSet& p) { return PolygonSet(p); })
      .def("__deepcopy__", [](const PolygonSet& p, const py::dict&) { return PolygonSet(p); });
}

}  // namespace watchmap::bindings
