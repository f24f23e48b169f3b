#include "common.hpp"
#include "result.hpp"
#include "watchmap/weights.hpp"

namespace watchmap::bindings {

namespace {

template <typename T>
std::vector<T> array_1d(const py::handle& obj, const char* name) {
  return to_vector<T>(obj, name);
}

const PointSet& layer_points(const py::object& layer, const char* what) {
  if (!py::isinstance<PointSet>(layer)) {
    throw py::type_error(std::string("Weights.") + what + ": expected a PointSet or PolygonSet, not " +
                         std::string(py::str(py::type::of(layer).attr("__name__"))));
  }
  return layer.cast<const PointSet&>();
}

}  // namespace

void bind_weights(py::module_& m) {
  py::class_<Weights> cls(m, "Weights", R"pbdoc(
Spatial weights between n units, sparse (CSR): row i lists unit i's neighbours in ascending order
with one weight each; a diagonal entry w_ii is optional.

Build them with :meth:`Weights.contiguity` (polygons), :meth:`Weights.distance_band`,
:meth:`Weights.knn` (points, or polygons at their centroids), :meth:`Weights.lattice`,
:meth:`Weights.from_neighbors`, :meth:`Weights.read_gal` or :meth:`Weights.from_sparse`. Units keep
the order of the layer's features. Units with no neighbour (islands) are kept and listed in
``islands``; the statistics give them NaN.

Examples
--------
>>> w = watchmap.Weights.contiguity(d.hamlets, rule="queen")
>>> w.n, w.cardinalities.mean(), w.islands
>>> r = w.transform("R")       # row-standardised
)pbdoc");
  cls.def(py::init([](const py::handle& indptr, const py::handle& indices, const py::handle& values,
                      const std::string& style) {
            std::vector<int64_t> ptr = array_1d<int64_t>(indptr, "indptr");
            if (ptr.empty()) throw InvalidInput("weights: indptr must have n + 1 entries");
            const auto n = static_cast<int64_t>(ptr.size()) - 1;
            return Weights(n, std::move(ptr), array_1d<int64_t>(indices, "indices"), array_1d<double>(values, "values"),
                           weights_style_from_name(style));
          }),
          py::arg("indptr"), py::arg("indices"), py::arg("values"), py::arg("style") = "O", R"pbdoc(
Weights from CSR arrays (as scipy.sparse.csr_matrix holds them); columns must ascend within a row
and weights be finite and non-zero. ``style`` labels them: "B" binary, "R" row-standardised, "O" other.

Examples
--------
>>> w = watchmap.Weights([0, 1, 2], [1, 0], [1.0, 1.0], "B")      # two units, each the other's neighbour
)pbdoc")
      .def_property_readonly("n", &Weights::n, "Number of units.")
      .def_property_readonly("nnz", &Weights::nnz, "Number of stored weights (directed links, diagonal included).")
      .def_property_readonly(
          "indptr", [](const py::object& self) { return view(self.cast<const Weights&>().indptr(), self); },
          "CSR row pointers (n + 1).")
      .def_property_readonly(
          "indices", [](const py::object& self) { return view(self.cast<const Weights&>().indices(), self); },
          "CSR column indices (neighbours), ascending within each row.")
      .def_property_readonly(
          "values", [](const py::object& self) { return view(self.cast<const Weights&>().values(), self); },
          "CSR weights.")
      .def_property_readonly(
          "style", [](const Weights& w) { return std::string(to_string(w.style())); },
          "'B' binary, 'R' row-standardised, 'O' anything else.")
      .def_property_readonly(
          "cardinalities", [](const Weights& w) { return to_numpy(w.cardinalities()); },
          "Number of neighbours of each unit (the diagonal not counted).")
      .def_property_readonly(
          "islands", [](const Weights& w) { return to_numpy(w.islands()); },
          "Units with no neighbour, ascending.")
      .def_property_readonly("has_diagonal", &Weights::has_diagonal, "True when some unit has a stored w_ii.")
      .def_property_readonly("symmetric", &Weights::is_symmetric, "True when w_ij == w_ji for every pair.")
      .def_property_readonly(
          "sums",
          [](const Weights& w) {
            const Weights::Sums s = w.sums();
            return py::make_tuple(s.s0, s.s1, s.s2);
          },
          "Cliff–Ord (s0, s1, s2).")
      .def(
          "diagonal", [](const Weights& w) { return to_numpy(w.diagonal()); }, R"pbdoc(
w_ii of every unit (0 where none is stored).

Examples
--------
>>> watchmap.Weights.lattice(2, 2).with_diagonal(1.0).diagonal()
array([1., 1., 1., 1.])
)pbdoc")
      .def(
          "transform", [](const Weights& w, const std::string& style) { return w.transform(weights_style_from_name(style)); },
          py::arg("style"), R"pbdoc(
The weights with a libpysal-style transform: "B" (every weight 1) or "R" (each row divided by its
sum; islands stay empty); "O" returns them unchanged.

Examples
--------
>>> watchmap.Weights.lattice(3, 3).transform("R").values[:3]
)pbdoc")
      .def("with_diagonal", &Weights::with_diagonal, py::arg("value"), R"pbdoc(
The same weights with w_ii = value for every unit (0 removes the diagonal). Gi* uses a stored
diagonal as given; without one it adds the largest weight of each row.

Examples
--------
>>> w.with_diagonal(1.0).has_diagonal
True
)pbdoc")
      .def(
          "lag", [](const Weights& w, const py::handle& x) { return to_numpy(w.lag(to_vector<double>(x, "x", w.n()))); },
          py::arg("x"), R"pbdoc(
The spatial lag Σ_j w_ij x_j of every unit (summed in ascending j).

Examples
--------
>>> watchmap.Weights.lattice(1, 3).transform("R").lag([1.0, 2.0, 4.0])
array([2. , 2.5, 2. ])
)pbdoc")
      .def("__len__", &Weights::n)
      .def("__eq__", [](const Weights& a, const py::object& b) {
        return py::isinstance<Weights>(b) && a == b.cast<const Weights&>();
      })
      .def("__hash__", [](const Weights& w) { return py::hash(py::make_tuple(w.n(), w.nnz())); })
      .def(py::pickle(
          [](const Weights& w) {
            return py::make_tuple(w.n(), w.indptr(), w.indices(), w.values(), std::string(to_string(w.style())));
          },
          [](const py::tuple& t) {
            return Weights(t[0].cast<int64_t>(), t[1].cast<std::vector<int64_t>>(), t[2].cast<std::vector<int64_t>>(),
                           t[3].cast<std::vector<double>>(), weights_style_from_name(t[4].cast<std::string>()));
          }))
      .def_static(
          "contiguity",
          [](const PolygonSet& polygons, const std::string& rule, double tolerance) {
            ContiguityOptions options{contiguity_rule_from_name(rule), tolerance};
            py::gil_scoped_release release;
            return contiguity_weights(polygons, options);
          },
          py::arg("polygons"), py::arg("rule") = "queen", py::arg("tolerance") = 0.0, R"pbdoc(
Contiguity of polygons (binary, no diagonal), in feature order.

Parameters
----------
polygons : PolygonSet
rule : {"queen", "rook"}, default "queen"
    Queen: the boundaries meet anywhere (a shared corner, or a vertex on the other's edge, is
    enough). Rook: they share a stretch of boundary longer than ``tolerance``.
tolerance : float, default 0
    Boundaries closer than this, in the layer's coordinate units, touch. 0 = 1e-9 × the largest
    absolute coordinate (absorbs rounding of vertices computed separately for each polygon, not
    digitising gaps: pass e.g. 1.0 for metre-sized slivers).

Examples
--------
>>> queen = watchmap.Weights.contiguity(d.hamlets)
>>> rook = watchmap.Weights.contiguity(d.hamlets, rule="rook")
>>> (queen.cardinalities >= rook.cardinalities).all()
True
)pbdoc")
      .def_static(
          "distance_band",
          [](const py::object& points, double threshold_m, bool binary, double alpha, int threads) {
            const DistanceBandOptions options{binary, alpha, threads};
            if (py::isinstance<PolygonSet>(points)) {
              const PolygonSet& polygons = points.cast<const PolygonSet&>();
              py::gil_scoped_release release;
              return distance_band_weights(polygons, threshold_m, options);
            }
            const PointSet& pts = layer_points(points, "distance_band");
            py::gil_scoped_release release;
            return distance_band_weights(pts, threshold_m, options);
          },
          py::arg("points"), py::arg("threshold_m"), py::arg("binary") = true, py::arg("alpha") = -1.0,
          py::arg("threads") = 0, R"pbdoc(
Every other unit within ``threshold_m`` metres is a neighbour (inclusive: d² ≤ threshold², as
spdep ``dnearneigh(0, d)``). Measured in the layer's metric frame (its CRS when in metres, else the
UTM zone of its centre); a PolygonSet is measured between area centroids.

Parameters
----------
points : PointSet or PolygonSet
threshold_m : float
binary : bool, default True
    False gives inverse-distance weights d**alpha (coincident units are then an error).
alpha : float, default -1

Examples
--------
>>> w = watchmap.Weights.distance_band(d.teams, 3000.0)
>>> w.islands          # teams with no other team within 3 km
)pbdoc")
      .def_static(
          "knn",
          [](const py::object& points, int k, int threads) {
            if (py::isinstance<PolygonSet>(points)) {
              const PolygonSet& polygons = points.cast<const PolygonSet&>();
              py::gil_scoped_release release;
              return knn_weights(polygons, k, threads);
            }
            const PointSet& pts = layer_points(points, "knn");
            py::gil_scoped_release release;
            return knn_weights(pts, k, threads);
          },
          py::arg("points"), py::arg("k"), py::arg("threads") = 0, R"pbdoc(
The k nearest other units of each unit (binary; not symmetric in general). Ties at the k-th
distance go to the lowest indices. Measured as :meth:`Weights.distance_band` (PointSet or
PolygonSet).

Examples
--------
>>> w = watchmap.Weights.knn(d.teams, 4)
>>> (w.cardinalities == 4).all()
True
)pbdoc")
      .def_static(
          "lattice",
          [](int64_t nrows, int64_t ncols, const std::string& rule) {
            return lattice_weights(nrows, ncols, contiguity_rule_from_name(rule));
          },
          py::arg("nrows"), py::arg("ncols"), py::arg("rule") = "queen", R"pbdoc(
A regular nrows × ncols lattice, unit id = row · ncols + col (libpysal ``lat2W``): "rook" links the
four edge neighbours, "queen" also the diagonals. Equal to ``Weights.contiguity`` of the cells of
``square_grid`` (whose ``cell_id`` is numbered the same way).

Examples
--------
>>> w = watchmap.Weights.lattice(200, 200)          # grid200_counts.csv, id = row*200 + col
>>> w.cardinalities[[0, 1, 201]]
array([3, 5, 8])
)pbdoc")
      .def_static(
          "_from_neighbors",
          [](const std::vector<std::vector<int64_t>>& neighbors, const std::vector<std::vector<double>>& weights) {
            return Weights::from_neighbors(neighbors, weights);
          },
          py::arg("neighbors"), py::arg("weights"));

  m.def(
      "_polygon_centroids", [](const PolygonSet& polygons) { return polygon_centroids(polygons); }, py::arg("polygons"),
      "Area centroids of the features (same CRS).");
}

}  // namespace watchmap::bindings
