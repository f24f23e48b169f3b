// coverage(): who the teams reach, per hamlet and for the district (watchmap/coverage.hpp).
#include "watchmap/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/in_crs.hpp"
#include "core/names.hpp"
#include "core/parallel.hpp"
#include "core/progress_ticker.hpp"
#include "core/row_name.hpp"
#include "core/text.hpp"
#include "coverage/places.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/join.hpp"
#include "watchmap/nearest.hpp"
#include "watchmap/overlay.hpp"
#include "watchmap/polygon_ops.hpp"
#include "watchmap/polygonize.hpp"

namespace watchmap {

namespace {

constexpr detail::Named<CoverageMode> kModes[] = {{CoverageMode::Distance, "distance"},
                                                  {CoverageMode::TravelTime, "travel_time"}};
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

void check_options(const PointSet& teams, const CoverageOptions& o) {
  const bool by_distance = o.radius_m.has_value(), by_time = o.travel_time != nullptr;
  if (by_distance == by_time) {
    throw InvalidInput(by_distance ? "coverage: give radius_m or travel_time, not both"
                                   : "coverage: give radius_m (metres, straight line) or travel_time with minutes");
  }
  if (by_distance && (!(*o.radius_m >= 0.0) || !std::isfinite(*o.radius_m))) {
    throw InvalidInput("coverage: radius_m must be finite and >= 0 (got " + detail::fmt(*o.radius_m) + ")");
  }
  if (by_distance && o.minutes) throw InvalidInput("coverage: minutes goes with travel_time, not with radius_m");
  if (by_time && !o.minutes) throw InvalidInput("coverage: travel_time needs minutes (the walking reach of a team)");
  if (o.minutes && (!(*o.minutes >= 0.0) || !std::isfinite(*o.minutes))) {
    throw InvalidInput("coverage: minutes must be finite and >= 0 (got " + detail::fmt(*o.minutes) + ")");
  }
  if (!(o.threshold >= 0.0 && o.threshold <= 1.0)) {
    throw InvalidInput("coverage: threshold must be a share between 0 and 1 (got " + detail::fmt(o.threshold) + ")");
  }
  if (!(o.place_cell_m > 0.0) || !std::isfinite(o.place_cell_m)) throw InvalidInput("coverage: place_cell_m must be > 0");
  if (o.population != nullptr && !o.residents.empty() && o.residents.size() != o.population->size()) {
    throw InvalidInput("coverage: " + std::to_string(o.residents.size()) + " residents for " +
                       std::to_string(o.population->size()) + " population points");
  }
  for (size_t i = 0; i < o.residents.size(); ++i) {
    if (!(o.residents[i] >= 0.0) || !std::isfinite(o.residents[i])) {
      throw InvalidInput("coverage: residents of population point " + std::to_string(i) + " is " +
                         detail::fmt(o.residents[i]) + "; must be finite and >= 0");
    }
  }
  if (by_time) {
    const TravelTime& tt = *o.travel_time;
    if (tt.source_x.size() != teams.size()) {
      throw InvalidInput("coverage: travel_time was computed from " + std::to_string(tt.source_x.size()) +
                         " sources but there are " + std::to_string(teams.size()) +
                         " teams; compute it from these teams: watchmap.travel_time(dem, teams)");
    }
    if (*o.minutes > tt.max_minutes) {
      throw InvalidInput("coverage: travel_time stopped at max_minutes=" + detail::fmt(tt.max_minutes) +
                         ", less than minutes=" + detail::fmt(*o.minutes));
    }
  }
}

// The teams must be the travel time's sources: the same cell each, in the same order.
void check_sources(const TravelTime& tt, const PointSet& teams) {
  const Grid& g = tt.minutes.grid;
  for (size_t i = 0; i < teams.size(); ++i) {
    int64_t c1 = 0, r1 = 0, c2 = 0, r2 = 0;
    const bool in1 = g.cell_of(teams.x()[i], teams.y()[i], c1, r1);
    const bool in2 = g.cell_of(tt.source_x[i], tt.source_y[i], c2, r2);
    if (!in1 || !in2 || c1 != c2 || r1 != r2) {
      throw InvalidInput("coverage: " + detail::row_name(teams.attributes(), i, "team") + " is not where source " +
                         std::to_string(i) + " of the travel time was (" + detail::fmt(tt.source_x[i]) + ", " +
                         detail::fmt(tt.source_y[i]) + "); compute it from these teams: watchmap.travel_time(dem, teams)");
    }
  }
}

// A one-feature PolygonSet of the cells whose minutes are within `limit`.
PolygonSet reached_cells(const Raster& minutes, double limit) {
  std::vector<int32_t> classes(minutes.values.size(), -1);
  for (size_t i = 0; i < classes.size(); ++i) {
    const double v = minutes.values[i];
    if (!minutes.is_nodata(v) && v <= limit) classes[i] = 0;
  }
  return polygonize(minutes.grid, classes, 1);
}

std::string id_of(const Table& table, size_t row) {
  std::string id = detail::row_id(table, row);
  return id.empty() ? std::to_string(row) : id;
}

double share(double part, double whole) { return whole > 0.0 ? part / whole : kNan; }

}  // namespace

CoverageMode coverage_mode_from_name(std::string_view name) { return detail::parse_name(kModes, name, "coverage mode"); }
const char* to_string(CoverageMode mode) { return detail::name_of(kModes, mode); }

Coverage coverage(const PointSet& teams_in, const PolygonSet& hamlets_in, const CoverageOptions& o) {
  check_options(teams_in, o);
  const bool by_time = o.travel_time != nullptr;
  std::vector<LayerRef> layers;
  if (by_time) layers.push_back(layer_ref(o.travel_time->minutes, "travel_time"));
  layers.push_back(layer_ref(hamlets_in, "hamlets"));
  layers.push_back(layer_ref(teams_in, "teams"));
  if (o.population != nullptr) layers.push_back(layer_ref(*o.population, "population"));
  if (o.incidents != nullptr) layers.push_back(layer_ref(*o.incidents, "incidents"));
  const Crs frame = analysis_crs(layers, Measure::Metres);
  const detail::InCrs<PolygonSet> hamlets_f(hamlets_in, frame);
  const detail::InCrs<PointSet> teams_f(teams_in, frame);
  const PolygonSet& hamlets = hamlets_f.get();
  const PointSet& teams = teams_f.get();
  if (hamlets.empty()) throw InvalidInput("coverage: there are no hamlets");
  if (o.population == nullptr && !o.hamlet_population.empty() && o.hamlet_population.size() != hamlets.size()) {
    throw InvalidInput("coverage: " + std::to_string(o.hamlet_population.size()) + " hamlet populations for " +
                       std::to_string(hamlets.size()) + " hamlets");
  }
  if (by_time) check_sources(*o.travel_time, teams);
  const int threads = detail::thread_count(o.threads);
  detail::ProgressTicker progress(o.progress, 1.0);
  auto step = [&](double amount) {
    if (!progress.tick(amount)) progress.finish("coverage");
  };
  const size_t nh = hamlets.size();
  const double radius = o.radius_m.value_or(0.0), limit = o.minutes.value_or(0.0);

  Coverage out;
  CoverageSummary& s = out.summary;
  s.mode = by_time ? CoverageMode::TravelTime : CoverageMode::Distance;
  s.radius_m = by_time ? kNan : radius;
  s.minutes = by_time ? limit : kNan;
  s.direction = by_time ? to_string(o.travel_time->direction) : "";
  s.threshold = o.threshold;
  s.quadrant_segments = o.quadrant_segments;
  s.disk_area_error = by_time ? 0.0 : disk_area_error(o.quadrant_segments);

  // Areas: the covered polygon within the district, the gaps, each hamlet's share.
  const PolygonSet district = union_all(hamlets);
  const PolygonSet reach = by_time ? reached_cells(o.travel_time->minutes, limit)
                                   : union_all(disks(teams, radius, o.quadrant_segments));
  step(0.2);
  out.covered = clip(reach, district);
  const PolygonSet gap_parts = explode(difference(district, out.covered));
  step(0.1);
  const std::vector<double> areas = hamlets.areas();
  const std::vector<double> shared = intersection_areas(hamlets, out.covered, threads);
  out.area_km2.resize(nh);
  out.covered_km2.resize(nh);
  out.area_share.resize(nh);
  for (size_t h = 0; h < nh; ++h) {
    out.area_km2[h] = areas[h] / 1e6;
    out.covered_km2[h] = std::min(shared[h], areas[h]) / 1e6;
    out.area_share[h] = share(out.covered_km2[h], out.area_km2[h]);
  }
  s.area_km2 = district.areas()[0] / 1e6;
  s.covered_km2 = out.covered.areas()[0] / 1e6;
  s.area_share = share(s.covered_km2, s.area_km2);
  step(0.2);

  // Points: which hamlet holds each, and whether a team covers it (exact distance, or its cell).
  const PolygonLocator in_hamlets(hamlets);
  std::unique_ptr<PointIndex> team_index = teams.empty() ? nullptr : std::make_unique<PointIndex>(teams);
  auto covered_at = [&](double x, double y) {
    if (by_time) {
      int64_t col = 0, row = 0;
      if (!o.travel_time->minutes.grid.cell_of(x, y, col, row)) return false;
      const double t = o.travel_time->minutes.at(row, col);
      return !o.travel_time->minutes.is_nodata(t) && t <= limit;
    }
    return team_index != nullptr && team_index->nearest(x, y, radius).first >= 0;
  };
  struct Located {
    std::vector<int64_t> hamlet;
    std::vector<uint8_t> covered;
  };
  auto locate_points = [&](const PointSet& p) {
    Located l;
    l.hamlet = in_hamlets.locate(p, {threads});
    l.covered.resize(p.size());
    const auto n = static_cast<int64_t>(p.size());
#pragma omp parallel for schedule(static, 4096) num_threads(threads)
    for (int64_t i = 0; i < n; ++i) l.covered[static_cast<size_t>(i)] = covered_at(p.x()[i], p.y()[i]);
    return l;
  };

  out.residents.assign(nh, 0.0);
  out.residents_covered.assign(nh, 0.0);
  out.residents_share.assign(nh, kNan);
  std::optional<detail::InCrs<PointSet>> population;
  Located people;
  std::vector<double> weight;
  if (o.population != nullptr) {
    population.emplace(*o.population, frame);
    people = locate_points(population->get());
    weight = o.residents.empty() ? std::vector<double>(o.population->size(), 1.0) : o.residents;
    for (size_t i = 0; i < weight.size(); ++i) {  // in point order: the same sums for any thread count
      const int64_t h = people.hamlet[i];
      if (h < 0) continue;
      out.residents[static_cast<size_t>(h)] += weight[i];
      if (people.covered[i]) out.residents_covered[static_cast<size_t>(h)] += weight[i];
    }
    for (size_t h = 0; h < nh; ++h) out.residents_share[h] = share(out.residents_covered[h], out.residents[h]);
  } else {
    for (size_t h = 0; h < nh; ++h) {
      out.residents[h] = o.hamlet_population.empty() ? kNan : o.hamlet_population[h];
      out.residents_covered[h] = out.area_share[h] * out.residents[h];
      out.residents_share[h] = out.area_share[h];  // spread uniformly over the hamlet
    }
  }
  out.incidents.assign(nh, 0);
  out.incidents_covered.assign(nh, 0);
  out.incidents_share.assign(nh, kNan);
  s.incidents_share = kNan;
  Located events;
  std::optional<detail::InCrs<PointSet>> incidents;
  if (o.incidents != nullptr) {
    incidents.emplace(*o.incidents, frame);
    events = locate_points(incidents->get());
    int64_t inside = 0, inside_covered = 0;
    for (size_t i = 0; i < events.hamlet.size(); ++i) {
      const int64_t h = events.hamlet[i];
      if (h < 0) {
        ++s.incidents_outside_hamlets;
        continue;
      }
      ++inside;
      ++out.incidents[static_cast<size_t>(h)];
      if (events.covered[i]) {
        ++inside_covered;
        ++out.incidents_covered[static_cast<size_t>(h)];
      }
    }
    for (size_t h = 0; h < nh; ++h) {
      out.incidents_share[h] = share(static_cast<double>(out.incidents_covered[h]), static_cast<double>(out.incidents[h]));
    }
    s.incidents_share = share(static_cast<double>(inside_covered), static_cast<double>(inside));
    s.incidents_outside = inside - inside_covered;
  }
  step(0.2);

  // District residents: counted points, or hamlet populations spread over the covered area.
  double total = 0.0, reached = 0.0;
  for (size_t h = 0; h < nh; ++h) {
    if (std::isnan(out.residents[h])) continue;
    total += out.residents[h];
    reached += out.residents_covered[h];
  }
  s.residents_total = total;
  s.residents_share = total > 0.0 ? reached / total : s.area_share;

  // The most populous place of each hamlet and the teams that reach it.
  std::vector<int64_t> place_point(nh, -1);
  if (population) {
    place_point = detail::most_populous_points(nh, population->get(), people.hamlet, weight, o.place_cell_m);
  }
  out.place_x.resize(nh);
  out.place_y.resize(nh);
  std::optional<PointSet> inner;
  for (size_t h = 0; h < nh; ++h) {
    if (place_point[h] >= 0) {
      out.place_x[h] = population->get().x()[static_cast<size_t>(place_point[h])];
      out.place_y[h] = population->get().y()[static_cast<size_t>(place_point[h])];
      continue;
    }
    if (!inner) inner = representative_points(hamlets);
    out.place_x[h] = inner->x()[h];
    out.place_y[h] = inner->y()[h];
  }
  const PointSet places(out.place_x, out.place_y, frame);
  out.nearest_team.assign(nh, -1);
  out.distance_m.assign(nh, std::numeric_limits<double>::infinity());
  out.minutes.assign(nh, kNan);
  out.teams_covering.assign(nh, 0);
  if (by_time) {
    const TravelTime& tt = *o.travel_time;
    for (size_t h = 0; h < nh; ++h) {
      int64_t col = 0, row = 0;
      if (!tt.minutes.grid.cell_of(out.place_x[h], out.place_y[h], col, row)) continue;
      const double t = tt.minutes.at(row, col);
      const auto team = static_cast<int64_t>(tt.nearest.at(row, col));
      if (tt.minutes.is_nodata(t) || team < 0) continue;
      out.minutes[h] = t;
      out.nearest_team[h] = team;
      out.distance_m[h] = std::hypot(teams.x()[static_cast<size_t>(team)] - out.place_x[h],
                                     teams.y()[static_cast<size_t>(team)] - out.place_y[h]);
    }
    if (!teams.empty() && !tt.graph.empty()) {
      ReachOptions reach_options;
      reach_options.direction = tt.direction;
      reach_options.threads = o.threads;
      const ReachPairs pairs = reachable_points(tt.graph, teams, places, limit, reach_options);
      for (int64_t target : pairs.target) ++out.teams_covering[static_cast<size_t>(target)];
    }
  } else if (team_index != nullptr) {
    for (size_t h = 0; h < nh; ++h) {
      const auto [team, d2] = team_index->nearest(out.place_x[h], out.place_y[h]);
      out.nearest_team[h] = team;
      out.distance_m[h] = std::sqrt(d2);
      out.teams_covering[h] = static_cast<int64_t>(team_index->within(out.place_x[h], out.place_y[h], radius).size());
    }
  }
  step(0.2);

  // Below the threshold: by residents, by area where a hamlet has no residents.
  out.below_threshold.assign(nh, 0);
  for (size_t h = 0; h < nh; ++h) {
    const double by = std::isnan(out.residents_share[h]) ? out.area_share[h] : out.residents_share[h];
    if (by < o.threshold) {
      out.below_threshold[h] = 1;
      s.hamlets_below.push_back(id_of(hamlets.attributes(), h));
    }
  }

  // Gaps, largest first, with the residents and incidents left uncovered in each.
  const std::vector<double> gap_areas = gap_parts.areas();
  std::vector<int64_t> order(gap_parts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return gap_areas[a] > gap_areas[b]; });
  out.gaps = gap_parts.take(order);
  Column gap_id{"gap_id", ColumnType::String, {}, {}, {}, {}}, gap_km2{"area_km2", ColumnType::Real, {}, {}, {}, {}};
  Column gap_residents{"residents", ColumnType::Real, {}, std::vector<double>(order.size(), 0.0), {}, {}};
  Column gap_incidents{"incidents", ColumnType::Integer, std::vector<int64_t>(order.size(), 0), {}, {}, {}};
  for (size_t g = 0; g < order.size(); ++g) {
    gap_id.strings.push_back("G-" + std::to_string(g + 1));
    gap_km2.reals.push_back(gap_areas[static_cast<size_t>(order[g])] / 1e6);
  }
  if (!order.empty() && (population || incidents)) {
    const PolygonLocator in_gaps(out.gaps);
    auto tally = [&](const PointSet& p, const Located& l, auto&& add) {
      for (size_t i = 0; i < p.size(); ++i) {
        if (l.hamlet[i] < 0 || l.covered[i]) continue;
        const int64_t g = in_gaps.locate(p.x()[i], p.y()[i]);
        if (g >= 0) add(static_cast<size_t>(g), i);
      }
    };
    if (population) tally(population->get(), people, [&](size_t g, size_t i) { gap_residents.reals[g] += weight[i]; });
    if (incidents) tally(incidents->get(), events, [&](size_t g, size_t) { ++gap_incidents.ints[g]; });
  }
  Table gap_table;
  gap_table.add(std::move(gap_id));
  gap_table.add(std::move(gap_km2));
  gap_table.add(std::move(gap_residents));
  gap_table.add(std::move(gap_incidents));
  out.gaps.set_attributes(std::move(gap_table));
  Table covered_table;
  covered_table.add(Column{"area_km2", ColumnType::Real, {}, {s.covered_km2}, {}, {}});
  out.covered.set_attributes(std::move(covered_table));

  out.hamlets = hamlets;
  out.team_ids.resize(teams.size());
  for (size_t i = 0; i < teams.size(); ++i) out.team_ids[i] = id_of(teams.attributes(), i);
  progress.finish("coverage");
  return out;
}

}  // namespace watchmap
