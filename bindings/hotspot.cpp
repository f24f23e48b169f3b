#include "common.hpp"
#include "progress.hpp"
#include "result.hpp"
#include "watchmap/hotspot.hpp"

namespace watchmap::bindings {

namespace {

// `permutations`: a count, or a 2-D integer table (R rows of indices into the n − 1 other units).
void set_permutations(PermutationOptions& options, const py::object& permutations) {
  if (py::isinstance<py::int_>(permutations) && !py::isinstance<py::bool_>(permutations)) {
    options.permutations = permutations.cast<int64_t>();
    return;
  }
  auto arr = py::array::ensure(permutations);
  if (!arr || arr.ndim() != 2 || (arr.dtype().kind() != 'i' && arr.dtype().kind() != 'u')) {
    throw InvalidInput("permutations: expected a count or a 2-D integer table (R rows x n - 1 columns)");
  }
  auto t = py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(arr);
  PermutationTable table;
  table.rows = t.shape(0);
  table.cols = t.shape(1);
  table.index.resize(static_cast<size_t>(t.size()));
  for (py::ssize_t k = 0; k < t.size(); ++k) {
    const int64_t v = t.data()[k];
    if (v < 0 || v > 2147483647) {
      throw InvalidInput("permutation table: entry " + std::to_string(v) + " in row " +
                         std::to_string(k / std::max<py::ssize_t>(table.cols, 1)) + " is not a valid index");
    }
    table.index[k] = static_cast<int32_t>(v);
  }
  options.table = std::move(table);
}

PermutationOptions permutation_options(const py::object& permutations, uint64_t seed, const std::string& rng,
                                       const std::string& alternative, const std::string& ties, int threads) {
  PermutationOptions o;
  set_permutations(o, permutations);
  o.seed = seed;
  o.rng = permutation_rng_from_name(rng);
  o.alternative = alternative_from_name(alternative);
  o.ties = tie_rule_from_name(ties);
  o.threads = threads;
  return o;
}

// The four per-unit permutation fields (inside `.sim` in C++), flat in Python.
template <typename T>
void sim_fields(ResultClass<T>& rc) {
  auto add = [&](const char* name, std::vector<double> PermutationSummary::*member, const char* doc) {
    rc.field_as(
        name, [member](const py::object& self) { return view(self.cast<const T&>().sim.*member, self); },
        [member, name](T& t, const py::handle& v) { t.sim.*member = to_vector<double>(v, name); }, doc);
  };
  add("p_sim", &PermutationSummary::p_sim, "Permutation p-value for `alternative` (empty without permutations).");
  add("z_sim", &PermutationSummary::z_sim, "(statistic − mean of the simulated ones) / their sd.");
  add("expected_sim", &PermutationSummary::expected_sim, "Mean of the simulated statistics.");
  add("sd_sim", &PermutationSummary::sd_sim, "Standard deviation of the simulated statistics (ddof 0).");
}

template <typename T>
void word_fields(ResultClass<T>& rc) {
  rc.field_as(
        "alternative", [](const T& t) { return std::string(to_string(t.alternative)); },
        [](T& t, const py::handle& v) { t.alternative = alternative_from_name(v.cast<std::string>()); },
        "How p_sim counts: two-sided (folded), greater, lesser, directed or percentile.")
      .field_as(
          "ties", [](const T& t) { return std::string(to_string(t.ties)); },
          [](T& t, const py::handle& v) { t.ties = tie_rule_from_name(v.cast<std::string>()); },
          "How draws equal to the observed statistic were compared: exact or esda.");
}

}  // namespace

void bind_hotspot(py::module_& m) {
  ResultClass<GetisOrd> gi(m, "GetisOrd", R"pbdoc(
Getis-Ord Gi* (or Gi) per unit (from :func:`watchmap.getis_ord`).

``z`` is the ArcGIS / spdep ``localG`` z-score (binary and row-standardised weights give the same);
``p_norm`` its two-sided normal p-value; with permutations, ``p_sim`` (per ``alternative``),
``z_sim``, ``expected_sim``, ``sd_sim``. ``G``, ``EG``, ``VG`` and ``z_esda`` are esda's statistic
and moments (``z_esda`` equals ``z`` for binary weights). Islands get NaN. ``.to_frame()`` gives
one row per unit.
)pbdoc");
  gi.field("z", &GetisOrd::z, "Gi* z-score (ArcGIS / spdep).")
      .field("p_norm", &GetisOrd::p_norm, "Two-sided normal p-value of z.");
  sim_fields(gi);
  gi.field("G", &GetisOrd::G, "The statistic Σ_j w_ij x_j / Σ_j x_j (esda Gs).")
      .field("EG", &GetisOrd::EG, "esda's expected G.")
      .field("VG", &GetisOrd::VG, "esda's variance of G.")
      .field("z_esda", &GetisOrd::z_esda, "esda's Zs = (G − EG)/√VG (equal to z for binary weights).")
      .field("cardinality", &GetisOrd::cardinality, "Neighbours per unit (self not counted).")
      .field("star", &GetisOrd::star, "True for Gi* (self included), False for Gi.")
      .field("permutations", &GetisOrd::permutations, "Number of permutations R (0 = none).");
  word_fields(gi);
  gi.finish();

  ResultClass<LocalMoran> lm(m, "LocalMoran", R"pbdoc(
Local Moran's I per unit (from :func:`watchmap.local_moran`).

``I``, ``quadrant`` (1 HH, 2 LH, 3 LL, 4 HL; 0 for islands), ``EI``/``VI``/``z`` under total
randomisation (esda; spdep ``conditional=FALSE``), ``EI_c``/``VI_c``/``z_c`` under conditional
randomisation (spdep's default), ``p_norm`` (two-sided, from ``z``), and with permutations
``p_sim``, ``z_sim``, ``expected_sim``, ``sd_sim``. ``labels(alpha)`` names the significant
clusters. Islands get NaN.
)pbdoc");
  lm.field("I", &LocalMoran::I, "Local Moran's I_i.")
      .field("quadrant", &LocalMoran::quadrant, "1 HH, 2 LH, 3 LL, 4 HL (0 = island).")
      .field("EI", &LocalMoran::EI, "E[I_i] under total randomisation.")
      .field("VI", &LocalMoran::VI, "Var[I_i] under total randomisation.")
      .field("z", &LocalMoran::z, "(I − EI)/√VI.")
      .field("EI_c", &LocalMoran::EI_c, "E[I_i] under conditional randomisation.")
      .field("VI_c", &LocalMoran::VI_c, "Var[I_i] under conditional randomisation.")
      .field("z_c", &LocalMoran::z_c, "(I − EI_c)/√VI_c.")
      .field("p_norm", &LocalMoran::p_norm, "Two-sided normal p-value of z.");
  sim_fields(lm);
  lm.field("cardinality", &LocalMoran::cardinality, "Neighbours per unit.")
      .field("permutations", &LocalMoran::permutations, "Number of permutations R (0 = none).");
  word_fields(lm);
  lm.finish();

  ResultClass<Moran> mo(m, "Moran", R"pbdoc(
Global Moran's I (from :func:`watchmap.moran`): ``I``, ``EI``, the variances under normality and
randomisation (``VI_norm``, ``VI_rand``) with their z and two-sided p; ``z``/``p`` are the
randomisation pair (ArcGIS, spdep ``moran.test``). With permutations: ``p_sim``, ``EI_sim``,
``seI_sim``, ``z_sim``.
)pbdoc");
  mo.field("I", &Moran::I, "Moran's I.")
      .field("EI", &Moran::EI, "E[I] = −1/(n − 1).")
      .field("VI_norm", &Moran::VI_norm, "Var[I] under normality.")
      .field("VI_rand", &Moran::VI_rand, "Var[I] under randomisation.")
      .field("z_norm", &Moran::z_norm, "z under normality.")
      .field("z_rand", &Moran::z_rand, "z under randomisation.")
      .field("p_norm", &Moran::p_norm, "Two-sided p under normality.")
      .field("p_rand", &Moran::p_rand, "Two-sided p under randomisation.")
      .field("z", &Moran::z, "= z_rand.")
      .field("p", &Moran::p, "= p_rand.")
      .field("n", &Moran::n, "Number of units.")
      .field("s0", &Moran::s0, "Σ w_ij.")
      .field("s1", &Moran::s1, "½ Σ (w_ij + w_ji)².")
      .field("s2", &Moran::s2, "Σ_i (row_i + col_i)².")
      .field("permutations", &Moran::permutations, "Number of permutations R (0 = none).")
      .field_as(
          "alternative", [](const Moran& t) { return std::string(to_string(t.alternative)); },
          [](Moran& t, const py::handle& v) { t.alternative = alternative_from_name(v.cast<std::string>()); },
          "How p_sim counts.")
      .field("p_sim", &Moran::p_sim, "Permutation p-value (NaN without permutations).")
      .field("EI_sim", &Moran::EI_sim, "Mean of the simulated I.")
      .field("seI_sim", &Moran::seI_sim, "Their standard deviation (ddof 0).")
      .field("z_sim", &Moran::z_sim, "(I − EI_sim)/seI_sim.");
  mo.finish();

  ResultClass<Fdr> f(m, "Fdr", R"pbdoc(
Benjamini–Hochberg at level ``alpha`` (from :func:`watchmap.fdr`): ``significant`` (p < cutoff),
``cutoff`` (esda.fdr's), ``adjusted`` (BH q-values: significant ⇔ adjusted < alpha). Unpacks as
``significant, cutoff``.
)pbdoc");
  f.field_as(
       "significant",
       [](const py::object& self) {
         const auto& v = self.cast<const Fdr&>().significant;
         py::array out(py::dtype("bool"), {static_cast<py::ssize_t>(v.size())}, {static_cast<py::ssize_t>(1)}, v.data(),
                       self);
         py::detail::array_proxy(out.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
         return out;
       },
       [](Fdr& t, const py::handle& v) { t.significant = to_vector<uint8_t>(v, "significant"); }, "p < cutoff.")
      .field("adjusted", &Fdr::adjusted, "BH adjusted p-values (NaN where p was NaN).")
      .field("cutoff", &Fdr::cutoff, "The p cut-off.")
      .field("alpha", &Fdr::alpha, "The FDR level.");
  f.cls()
      .def("__iter__", [](const py::object& self) {
        return py::iter(py::make_tuple(self.attr("significant"), self.attr("cutoff")));
      })
      .def("__getitem__", [](const py::object& self, int i) {
        return py::make_tuple(self.attr("significant"), self.attr("cutoff")).attr("__getitem__")(i);
      });
  f.finish();

  m.def(
      "_getis_ord",
      [](const py::handle& values, const Weights& weights, bool star, const std::optional<double>& self_weight,
         const py::object& permutations, uint64_t seed, const std::string& rng, const std::string& alternative,
         const std::string& ties, int threads, const py::object& progress) {
        GetisOrdOptions options;
        options.star = star;
        options.self_weight = self_weight;
        options.permutation = permutation_options(permutations, seed, rng, alternative, ties, threads);
        const std::vector<double> x = to_vector<double>(values, "values");
        PythonProgress hook(progress);
        options.permutation.progress = hook.hook();
        return hook.run([&] { return getis_ord(x, weights, options); });
      },
      py::arg("values"), py::arg("weights"), py::arg("star"), py::arg("self_weight"), py::arg("permutations"),
      py::arg("seed"), py::arg("rng"), py::arg("alternative"), py::arg("ties"), py::arg("threads"), py::arg("progress"));

  m.def(
      "_local_moran",
      [](const py::handle& values, const Weights& weights, const std::string& transform, const py::object& permutations,
         uint64_t seed, const std::string& rng, const std::string& alternative, const std::string& ties, int threads,
         const py::object& progress) {
        MoranOptions options;
        options.transform = weights_style_from_name(transform);
        options.permutation = permutation_options(permutations, seed, rng, alternative, ties, threads);
        const std::vector<double> x = to_vector<double>(values, "values");
        PythonProgress hook(progress);
        options.permutation.progress = hook.hook();
        return hook.run([&] { return local_moran(x, weights, options); });
      },
      py::arg("values"), py::arg("weights"), py::arg("transform"), py::arg("permutations"), py::arg("seed"),
      py::arg("rng"), py::arg("alternative"), py::arg("ties"), py::arg("threads"), py::arg("progress"));

  m.def(
      "_moran",
      [](const py::handle& values, const Weights& weights, const std::string& transform, int64_t permutations,
         uint64_t seed, const std::string& rng, const std::string& alternative, int threads, const py::object& progress) {
        MoranOptions options;
        options.transform = weights_style_from_name(transform);
        options.permutation = permutation_options(py::int_(permutations), seed, rng, alternative, "exact", threads);
        const std::vector<double> x = to_vector<double>(values, "values");
        PythonProgress hook(progress);
        options.permutation.progress = hook.hook();
        return hook.run([&] { return moran(x, weights, options); });
      },
      py::arg("values"), py::arg("weights"), py::arg("transform"), py::arg("permutations"), py::arg("seed"),
      py::arg("rng"), py::arg("alternative"), py::arg("threads"), py::arg("progress"));

  m.def(
      "_permutation_table",
      [](int64_t n, int64_t rows, int64_t cols, uint64_t seed, const std::string& rng, int threads) {
        PermutationTable t = [&] {
          py::gil_scoped_release release;
          return permutation_table(n, rows, cols, seed, permutation_rng_from_name(rng), threads);
        }();
        py::array_t<int64_t> out({static_cast<py::ssize_t>(t.rows), static_cast<py::ssize_t>(t.cols)});
        auto* data = out.mutable_data();
        for (size_t k = 0; k < t.index.size(); ++k) data[k] = t.index[k];
        return out;
      },
      py::arg("n"), py::arg("rows"), py::arg("cols"), py::arg("seed"), py::arg("rng"), py::arg("threads") = 0);

  m.def(
      "_fdr", [](const py::handle& p, double alpha) { return fdr(to_vector<double>(p, "p"), alpha); }, py::arg("p"),
      py::arg("alpha"));
  m.def(
      "_hotspot_bins",
      [](const py::handle& z, const py::handle& p, bool use_fdr) {
        return to_numpy(hotspot_bins(to_vector<double>(z, "z"), to_vector<double>(p, "p"), use_fdr));
      },
      py::arg("z"), py::arg("p"), py::arg("fdr"));

  m.def(
      "_moran_by_distance",
      [](const PointSet& points, const py::handle& values, const py::handle& distances_m, int threads) {
        const std::vector<double> x = to_vector<double>(values, "values", static_cast<py::ssize_t>(points.size()));
        const std::vector<double> d = to_vector<double>(distances_m, "distances_m");
        std::vector<MoranAtDistance> rows;
        {
          py::gil_scoped_release release;
          rows = moran_by_distance(points, x, d, threads);
        }
        std::vector<double> dist, I, EI, VI, z;
        std::vector<int64_t> islands;
        for (const MoranAtDistance& r : rows) {
          dist.push_back(r.distance_m);
          I.push_back(r.I);
          EI.push_back(r.EI);
          VI.push_back(r.VI);
          z.push_back(r.z);
          islands.push_back(r.islands);
        }
        py::dict out;
        out["distance_m"] = to_numpy(std::move(dist));
        out["I"] = to_numpy(std::move(I));
        out["EI"] = to_numpy(std::move(EI));
        out["VI"] = to_numpy(std::move(VI));
        out["z"] = to_numpy(std::move(z));
        out["islands"] = to_numpy(std::move(islands));
        return out;
      },
      py::arg("points"), py::arg("values"), py::arg("distances_m"), py::arg("threads") = 0);

  m.def(
      "_occupied_cells",
      [](const PointSet& points, double cell_size_m, const std::string& shape) {
        const CellShape s = cell_shape_from_name(shape);
        py::gil_scoped_release release;
        return occupied_cells(points, cell_size_m, s);
      },
      py::arg("points"), py::arg("cell_size_m"), py::arg("shape"));
}

}  // namespace watchmap::bindings
