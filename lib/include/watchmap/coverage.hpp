#pragma once
/// @file coverage.hpp  Who the security teams cover, per hamlet: within a straight-line radius of
/// a team base, or within a walking time over the terrain, and where the gaps are.
///
/// Distance coverage: a place is covered when some team base is within `radius_m` (inclusive,
/// exact distances). Travel-time coverage: when the cell holding it is reached within `minutes`
/// on a TravelTime raster (inclusive). Per hamlet: covered share of its area (GEOS: team disks, or
/// the cells within `minutes`, intersected with the hamlet), of its residents (population points,
/// else spread uniformly over the hamlet, i.e. the area share), of its incidents; the nearest team
/// to its most populous place, how far it is, and how many teams reach that place. District: the
/// same totals, the covered area and the gaps (clipped to the union of the hamlets).
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "watchmap/geometry.hpp"
#include "watchmap/progress.hpp"
#include "watchmap/travel_time.hpp"

namespace watchmap {

/// How coverage was measured.
enum class CoverageMode {
  Distance,    ///< straight line within radius_m
  TravelTime,  ///< walking time within minutes
};

/// "distance", "travel_time".
CoverageMode coverage_mode_from_name(std::string_view name);
const char* to_string(CoverageMode mode);

/// Options for coverage(). Give exactly one of `radius_m` and `travel_time` (with `minutes`).
struct CoverageOptions {
  /// Straight-line reach of a team, metres (>= 0, inclusive). DEFAULT: none.
  std::optional<double> radius_m{};
  /// Walking times from the teams (travel_time() on the teams, in that order). Not owned: it must
  /// outlive the call. DEFAULT: none.
  const TravelTime* travel_time = nullptr;
  /// Walking reach of a team, minutes (>= 0, inclusive); only with travel_time. DEFAULT: none.
  std::optional<double> minutes{};
  /// Where people live: one point per household (or any population point). Not owned. DEFAULT:
  /// none = residents spread uniformly over each hamlet.
  const PointSet* population = nullptr;
  /// Residents per population point (finite, >= 0). DEFAULT: empty = 1 each.
  std::vector<double> residents{};
  /// Residents per hamlet, used when there are no population points. DEFAULT: empty = unknown
  /// (the residents share is then the area share and the residents counts are NaN).
  std::vector<double> hamlet_population{};
  /// Incidents. Not owned. DEFAULT: none (incident shares are NaN).
  const PointSet* incidents = nullptr;
  /// A hamlet is below the threshold when its covered share of residents is lower. DEFAULT: 0.8.
  double threshold = 0.8;
  /// Segments per quarter circle of the team disks (distance mode). DEFAULT: 32: a disk's area
  /// is 0.040 % short of the circle's (disk_area_error). Point coverage uses exact distances.
  int quadrant_segments = 32;
  /// The most populous place of a hamlet is the population point at the centre of the densest
  /// 3 × 3 block of squares of this size (metres). DEFAULT: 100.
  double place_cell_m = 100.0;
  int threads = 0;  ///< DEFAULT: 0 = OpenMP's default. The answer does not depend on it.
  ProgressCallback progress{};
};

/// District totals and the parameters used.
struct CoverageSummary {
  CoverageMode mode = CoverageMode::Distance;
  double radius_m = std::numeric_limits<double>::quiet_NaN();  ///< NaN in travel-time mode
  double minutes = std::numeric_limits<double>::quiet_NaN();   ///< NaN in distance mode
  /// The travel time's direction (travel-time mode); "" in distance mode.
  std::string direction;
  double threshold = 0.8;
  int quadrant_segments = 32;
  double disk_area_error = 0.0;        ///< relative area shortfall of the disks (0 in travel-time mode)
  double area_share = 0.0;             ///< covered area / district area
  double residents_share = 0.0;        ///< covered residents / residents in the hamlets
  double incidents_share = std::numeric_limits<double>::quiet_NaN();  ///< of incidents in the hamlets
  std::vector<std::string> hamlets_below;  ///< ids (or row numbers) of hamlets below the threshold
  int64_t incidents_outside = 0;           ///< incidents no team covers
  int64_t incidents_outside_hamlets = 0;   ///< incidents in no hamlet (not in the shares)
  double residents_total = 0.0;
  double area_km2 = 0.0;
  double covered_km2 = 0.0;
};

/// Per-hamlet coverage (vectors aligned with the hamlets), the covered and gap polygons, totals.
struct [[nodiscard]] Coverage {
  std::vector<double> area_km2, covered_km2, area_share;
  /// Residents (sum of population points in the hamlet, or hamlet_population), covered, share.
  std::vector<double> residents, residents_covered, residents_share;
  std::vector<int64_t> incidents, incidents_covered;
  std::vector<double> incidents_share;  ///< NaN when the hamlet has no incidents
  /// The hamlet's most populous place (population point of the densest block; without
  /// population points, a point inside the hamlet), in the analysis CRS.
  std::vector<double> place_x, place_y;
  /// Nearest team to the place (by straight line, or by walking time): index, -1 when none.
  std::vector<int64_t> nearest_team;
  std::vector<double> distance_m;  ///< straight line from the place to that team (inf when none)
  std::vector<double> minutes;     ///< walking time between them (travel-time mode; NaN otherwise)
  std::vector<int64_t> teams_covering;  ///< teams that reach the place
  std::vector<int64_t> below_threshold;  ///< 1 when the residents share (area share without residents) < threshold
  /// The covered area within the district (one feature) and the gaps, one feature per connected
  /// part, largest first, with gap_id, area_km2, residents and incidents not covered inside it.
  PolygonSet covered, gaps;
  /// The hamlets as analysed (in the analysis CRS, attributes kept), and the teams' ids.
  PolygonSet hamlets;
  std::vector<std::string> team_ids;
  CoverageSummary summary;
};

/// Coverage of `hamlets` by `teams` (see the file comment). The CRS rule: with a travel time its
/// raster fixes the frame (metric); otherwise the hamlets' metric frame. Throws InvalidInput for
/// both or neither of radius_m and travel_time, minutes without a travel time (or the reverse),
/// negative or non-finite radius or minutes, a travel time computed from other sources than the
/// teams or stopped before `minutes`, residents of the wrong length, a threshold outside [0, 1],
/// no hamlets; CrsError when layers cannot be reconciled. No teams: everything is a gap.
Coverage coverage(const PointSet& teams, const PolygonSet& hamlets, const CoverageOptions& options);

}  // namespace watchmap
