#include "common.hpp"
#include "result.hpp"
#include "watchmap/placement.hpp"

namespace watchmap::bindings {

namespace {

template <typename Result>
void solve_fields(ResultClass<Result>& r) {
  r.field_as(
       "status", [](const Result& p) { return to_string(p.status); },
       [](Result& p, const py::handle& v) { p.status = solve_status_from_name(v.cast<std::string>()); },
       "'optimal' (proven), 'feasible' (with the proven gap) or 'time_limit' (the exact search was stopped).")
      .field_as(
          "method", [](const Result& p) { return to_string(p.method); },
          [](Result& p, const py::handle& v) { p.method = placement_method_from_name(v.cast<std::string>()); },
          "'greedy' or 'exact'.")
      .field("bound_source", &Result::bound_source,
             "Where the bound came from: 'lagrangian', 'lp', 'cbc' or 'all' (everything coverable is covered).")
      .field("seconds", &Result::seconds, "Wall time of the solve in seconds (building the relation excluded).");
}

template <typename Result>
void demand_fields(ResultClass<Result>& r) {
  r.field("chosen_x", &Result::chosen_x, "x of the chosen sites (candidates' CRS).")
      .field("chosen_y", &Result::chosen_y, "y of the chosen sites (candidates' CRS).")
      .field("crs", &Result::crs, "The candidates' CRS.")
      .field("covered_weight", &Result::covered_weight, "Weight covered, existing teams included.")
      .field("covered_share", &Result::covered_share, "covered_weight / total_weight.")
      .field("existing_weight", &Result::existing_weight, "Weight covered by the existing teams alone.")
      .field("total_weight", &Result::total_weight, "Weight of all demand.")
      .field("uncoverable_weight", &Result::uncoverable_weight, "Weight no candidate and no existing team covers.")
      .field("demand_weight", &Result::demand_weight, "Per demand point: the weight used.")
      .field("existing_team", &Result::existing_team,
             "Per demand point: the nearest existing team covering it (-1 = none).")
      .field("new_team", &Result::new_team, "Per demand point: the nearest chosen site covering it (-1 = none).")
      .field("notes", &Result::notes, "Plain-language remarks, one per line.");
}

std::optional<PointSet> optional_points(const py::object& obj) {
  if (obj.is_none()) return std::nullopt;
  return obj.cast<PointSet>();
}

std::vector<double> optional_weights(const py::object& obj, int64_t n) {
  if (obj.is_none()) return {};
  return to_vector<double>(obj, "weight", static_cast<py::ssize_t>(n));
}

}  // namespace

void bind_placement(py::module_& m) {
  py::class_<CoverageProblem>(m, "_CoverageProblem", R"pbdoc(
Demand, candidate sites and existing teams as coverage relations (built once, solved many times).
)pbdoc")
      .def_property_readonly("num_demand", [](const CoverageProblem& p) { return p.candidates.num_demand; })
      .def_property_readonly("num_candidates", [](const CoverageProblem& p) { return p.candidates.num_sites; })
      .def_property_readonly("num_existing", [](const CoverageProblem& p) { return p.existing.num_sites; })
      .def_property_readonly("num_pairs", [](const CoverageProblem& p) { return p.candidates.num_pairs(); })
      .def_property_readonly("criterion", [](const CoverageProblem& p) { return p.criterion; });

  m.def(
      "_coverage_problem_within",
      [](const PointSet& demand, const PointSet& candidates, double radius_m, const py::object& existing,
         const py::object& weights, int threads) {
        CoverageProblemOptions options;
        options.existing = optional_points(existing);
        options.weights = optional_weights(weights, static_cast<int64_t>(demand.size()));
        options.threads = threads;
        py::gil_scoped_release release;
        return coverage_problem_within(demand, candidates, radius_m, options);
      },
      py::arg("demand"), py::arg("candidates"), py::arg("radius_m"), py::arg("existing"), py::arg("weights"),
      py::arg("threads") = 0);

  m.def(
      "_coverage_problem_from_pairs",
      [](int64_t num_demand, int64_t num_candidates, const py::object& pairs, int64_t num_existing,
         const py::object& existing_pairs, const py::object& weights, const py::object& candidates,
         const std::string& criterion) {
        auto relation = [&](int64_t sites, const py::object& triple, const char* name) {
          if (triple.is_none()) return coverage_from_pairs(num_demand, sites, {}, {}, {});
          const py::tuple t = triple.cast<py::tuple>();
          if (t.size() != 3) throw InvalidInput(std::string(name) + ": expected (demand, site, cost) arrays");
          const auto d = to_vector<int64_t>(t[0], name);
          const auto s = to_vector<int64_t>(t[1], name, static_cast<py::ssize_t>(d.size()));
          const auto c = to_vector<double>(t[2], name, static_cast<py::ssize_t>(d.size()));
          return coverage_from_pairs(num_demand, sites, d, s, c);
        };
        CoverageProblem p;
        p.candidates = relation(num_candidates, pairs, "pairs");
        p.existing = relation(num_existing, existing_pairs, "existing_pairs");
        p.weights = optional_weights(weights, num_demand);
        if (!candidates.is_none()) p.candidate_points = candidates.cast<PointSet>();
        p.criterion = criterion;
        validate(p);
        return p;
      },
      py::arg("num_demand"), py::arg("num_candidates"), py::arg("pairs"), py::arg("num_existing"),
      py::arg("existing_pairs"), py::arg("weights"), py::arg("candidates"), py::arg("criterion"));

  ResultClass<Placement> placement(m, "Placement", R"pbdoc(
Where to put new teams (from :func:`watchmap.place_teams`).

``chosen`` are candidate indices in pick order (best first) with ``gain_per_pick``, the weight each
adds given the earlier picks. ``upper_bound`` is proven (no k sites cover more), so
``covered_weight >= (1 - gap) * optimum``. ``to_frame()`` lists the chosen sites, ``by_demand``
says which team covers each demand point, ``notes`` explains anything unusual.
)pbdoc");
  placement.field("k", &Placement::k, "Teams asked for.")
      .field("chosen", &Placement::chosen, "Candidate indices in pick order (best first); at most k.")
      .field("gain_per_pick", &Placement::gain_per_pick, "Weight each pick adds given the earlier ones.");
  demand_fields(placement);
  placement.field("upper_bound", &Placement::upper_bound, "Proven upper bound on the coverable weight with k new teams.")
      .field("gap", &Placement::gap, "(upper_bound - covered_weight) / upper_bound: proven relative gap.");
  solve_fields(placement);
  placement.finish();

  ResultClass<MinTeams> min_teams_result(m, "MinTeams", R"pbdoc(
The fewest new teams covering every coverable demand point (from :func:`watchmap.min_teams`).

``teams`` sites are listed in ``chosen`` (pick order); ``lower_bound`` is proven, so no solution
has fewer than ``lower_bound`` teams. Demand that nothing can cover is listed in ``uncoverable``.
)pbdoc");
  min_teams_result.field("teams", &MinTeams::teams, "Number of new teams.")
      .field("chosen", &MinTeams::chosen, "Candidate indices in pick order (largest gain first).")
      .field("gain_per_pick", &MinTeams::gain_per_pick, "Weight each pick newly covers.")
      .field("lower_bound", &MinTeams::lower_bound, "Proven: no fewer teams cover every coverable point.")
      .field("gap", &MinTeams::gap, "(teams - lower_bound) / teams.")
      .field("uncoverable", &MinTeams::uncoverable, "Demand points (weight > 0) that nothing can cover.");
  demand_fields(min_teams_result);
  solve_fields(min_teams_result);
  min_teams_result.finish();

  ResultClass<CoverageCurve> curve(m, "CoverageCurve", R"pbdoc(
Covered share against the number of new teams (from :func:`watchmap.coverage_curve`), with the
proven upper bound at each k: one row per k in ``to_frame()``.
)pbdoc");
  curve.field("k", &CoverageCurve::k, "Number of new teams.")
      .field("covered_weight", &CoverageCurve::covered_weight, "Best found with k new teams (existing included).")
      .field("covered_share", &CoverageCurve::covered_share, "covered_weight / total_weight.")
      .field("upper_bound", &CoverageCurve::upper_bound, "Proven upper bound at k.")
      .field("upper_share", &CoverageCurve::upper_share, "upper_bound / total_weight.")
      .field("gap", &CoverageCurve::gap, "Proven relative gap at k.")
      .field("greedy_pick", &CoverageCurve::greedy_pick, "The k-th greedy pick (-1 once nothing adds weight).")
      .field("existing_weight", &CoverageCurve::existing_weight, "Covered by the existing teams alone.")
      .field("total_weight", &CoverageCurve::total_weight, "Weight of all demand.")
      .field("uncoverable_weight", &CoverageCurve::uncoverable_weight, "Weight nothing can cover.");
  curve.finish();

  m.def("_has_exact_solver", &has_exact_solver);

  m.def(
      "_place_teams",
      [](const CoverageProblem& problem, int64_t k, const std::string& method, bool improve, const std::string& bound,
         std::optional<double> time_limit_s, double mip_gap, int threads) {
        PlacementOptions o;
        o.k = k;
        o.method = placement_method_from_name(method);
        o.improve = improve;
        o.bound = bound_method_from_name(bound);
        o.time_limit_s = time_limit_s;
        o.mip_gap = mip_gap;
        o.threads = threads;
        py::gil_scoped_release release;
        return place_teams(problem, o);
      },
      py::arg("problem"), py::arg("k"), py::arg("method"), py::arg("improve"), py::arg("bound"),
      py::arg("time_limit_s"), py::arg("mip_gap"), py::arg("threads") = 0);

  m.def(
      "_min_teams",
      [](const CoverageProblem& problem, const std::string& method, const std::string& bound,
         std::optional<double> time_limit_s, int threads) {
        MinTeamsOptions o;
        o.method = placement_method_from_name(method);
        o.bound = bound_method_from_name(bound);
        o.time_limit_s = time_limit_s;
        o.threads = threads;
        py::gil_scoped_release release;
        return min_teams(problem, o);
      },
      py::arg("problem"), py::arg("method"), py::arg("bound"), py::arg("time_limit_s"), py::arg("threads") = 0);

  m.def(
      "_coverage_curve",
      [](const CoverageProblem& problem, int64_t k_max, bool improve, const std::string& bound, int threads) {
        CoverageCurveOptions o;
        o.k_max = k_max;
        o.improve = improve;
        o.bound = bound_method_from_name(bound);
        o.threads = threads;
        py::gil_scoped_release release;
        return coverage_curve(problem, o);
      },
      py::arg("problem"), py::arg("k_max"), py::arg("improve"), py::arg("bound"), py::arg("threads") = 0);
}

}  // namespace watchmap::bindings
