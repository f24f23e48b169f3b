#pragma once
/// @file hotspot.hpp  Hotspot statistics: Getis-Ord Gi*, Local Moran, global Moran, conditional
/// permutation inference, Benjamini–Hochberg FDR and ArcGIS-style confidence bins.
///
/// Definitions (DESIGN §4; docs/DESIGN-NOTES.md "Hotspots" says which tool each number matches):
///  - Gi* (ArcGIS / spdep localG with self): with the self weight, W_i = Σ_j w_ij,
///    S1_i = Σ_j w_ij², x̄ the mean and S the population standard deviation,
///    z_i = (Σ_j w_ij x_j − x̄ W_i) / (S √((n S1_i − W_i²)/(n − 1))); invariant to scaling a row.
///    Gi (star = false) is the same with unit i left out (spdep localG without self).
///  - Local Moran (Anselin 1995): z_i = (x_i − x̄)/S, I_i = (n − 1) z_i Σ_j w_ij z_j / Σ_j z_j²;
///    moments under total (EI, VI) and conditional (EI_c, VI_c) randomisation (Sokal et al. 1998).
///  - Global Moran: I = (n/S0) Σ_i z_i Σ_j w_ij z_j / Σ z_i² with Cliff–Ord moments.
///  - Permutations: for unit i with c_i neighbours, each of R draws takes c_i of the other n − 1
///    values without replacement (one table of draws shared by all units, as esda), holds x_i
///    fixed and recomputes the statistic. p = (count + 1)/(R + 1) with count per `Alternative`.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "watchmap/geometry.hpp"
#include "watchmap/progress.hpp"
#include "watchmap/weights.hpp"

namespace watchmap {

/// How a permutation p-value counts the R simulated statistics s against the observed o.
enum class Alternative {
  TwoSided,    ///< "two-sided" (folded): #{|s − s̄| ≥ |o − s̄|}, s̄ = mean(s)
  Greater,     ///< "greater": #{s ≥ o}
  Lesser,      ///< "lesser": #{s ≤ o}
  Directed,    ///< "directed" (esda's legacy default): min(#{s ≥ o}, R − #{s ≥ o})
  Percentile,  ///< "percentile" (esda ≥ 2.10 alternative="two-sided"): #{s ≤ lo} + #{s ≥ hi},
               ///< lo/hi the min(P, 100 − P) and max percentiles of s, P = 100·#{s ≤ o}/R
};

/// "two-sided", "greater", "lesser", "directed", "percentile".
Alternative alternative_from_name(std::string_view name);
const char* to_string(Alternative alternative);

/// How draws are compared with the observed statistic.
enum class TieRule {
  /// Draws whose neighbour values have the same sum as the observed neighbours count as ties
  /// (compared through sign · Σ neighbour values, exact for integer counts; other data are summed
  /// in ascending order so the same values drawn in another order tie too). Rows with unequal
  /// weights are compared as floating values.
  Exact,
  /// Floating statistics computed in esda's order of operations: reproduces esda bit for bit,
  /// including how rounding splits mathematically tied draws.
  Esda,
};

/// "exact", "esda".
TieRule tie_rule_from_name(std::string_view name);
const char* to_string(TieRule rule);

/// Where the seeded table of draws comes from.
enum class PermutationRng {
  /// Each row drawn from its own counter-based stream (SplitMix64 of seed and row): rows are
  /// generated in parallel and only their first columns are drawn. Not esda's numbers.
  Watchmap,
  /// numpy's legacy RandomState(seed).permutation(n − 1) per row (MT19937, masked rejection,
  /// backward shuffle): esda's table for the same seed, so seeded results replay esda exactly.
  /// Sequential, O(R·n).
  Esda,
};

/// "watchmap", "esda".
PermutationRng permutation_rng_from_name(std::string_view name);
const char* to_string(PermutationRng rng);

/// R rows of draws: row k holds `cols` distinct indices into the n − 1 values other than unit i
/// (index t means x[t] when t < i, else x[t + 1]). Unit i uses the first c_i of them.
struct PermutationTable {
  int64_t rows = 0, cols = 0;
  std::vector<int32_t> index;  ///< row-major, rows × cols
};

/// The seeded table for `n` units, `rows` draws of `cols` indices each (cols ≤ n − 1).
PermutationTable permutation_table(int64_t n, int64_t rows, int64_t cols, uint64_t seed,
                                   PermutationRng rng = PermutationRng::Watchmap, int threads = 0);

/// Permutation settings shared by the local and global statistics.
struct PermutationOptions {
  int64_t permutations = 999;                  ///< DEFAULT: 999; 0 = analytic results only
  uint64_t seed = 0;                           ///< DEFAULT: 0
  PermutationRng rng = PermutationRng::Watchmap;  ///< DEFAULT: watchmap
  /// An explicit table replaces permutations/seed/rng (it must have at least max c_i columns,
  /// at most n − 1, indices in [0, n − 2], distinct within a row). DEFAULT: none.
  std::optional<PermutationTable> table{};
  Alternative alternative = Alternative::TwoSided;  ///< DEFAULT: two-sided (folded)
  TieRule ties = TieRule::Exact;               ///< DEFAULT: exact
  int threads = 0;                             ///< DEFAULT: 0 = OpenMP's default
  ProgressCallback progress{};                 ///< DEFAULT: none
};

/// Options for getis_ord().
struct GetisOrdOptions {
  bool star = true;  ///< DEFAULT: true = Gi* (self included); false = Gi
  /// Self weight for units without a stored diagonal (star only). DEFAULT: none = the largest
  /// weight of the row (1 for binary weights, 1/c_i for row-standardised ones), so binary and
  /// row-standardised weights give the same Gi* (ArcGIS/esda include the self before standardising).
  std::optional<double> self_weight{};
  PermutationOptions permutation{};
};

/// Per-unit results shared by the local statistics' permutation step (empty without permutations).
struct PermutationSummary {
  std::vector<double> p_sim;         ///< pseudo p-value for `alternative`
  std::vector<double> z_sim;         ///< (obs − mean(sims)) / sd(sims)
  std::vector<double> expected_sim;  ///< mean of the simulated statistics
  std::vector<double> sd_sim;        ///< their standard deviation (ddof 0)
};

struct [[nodiscard]] GetisOrd {
  std::vector<double> z;        ///< Gi* z (ArcGIS / spdep); NaN for islands
  std::vector<double> p_norm;   ///< two-sided normal p of z
  std::vector<double> G;        ///< the statistic Σ_j w_ij x_j / Σ_j x_j (j ≠ i for Gi), esda Gs
  std::vector<double> EG, VG;   ///< esda's E[G] and Var[G]
  std::vector<double> z_esda;   ///< esda's Zs = (G − EG)/√VG: equal to z for binary weights
  std::vector<int64_t> cardinality;  ///< neighbours per unit (self not counted)
  PermutationSummary sim;
  bool star = true;
  int64_t permutations = 0;
  Alternative alternative = Alternative::TwoSided;
  TieRule ties = TieRule::Exact;
};

/// Getis-Ord Gi* (or Gi) of `values` over `weights`. Throws InvalidInput for a length mismatch,
/// fewer than 3 units, non-finite values (naming the row), constant values (zero variance),
/// negative permutations or a bad table. Units without neighbours get NaN statistics.
GetisOrd getis_ord(const std::vector<double>& values, const Weights& weights, const GetisOrdOptions& options = {});

/// Options for local_moran() and moran().
struct MoranOptions {
  /// Weights used: Row (esda's default "r"), Binary, or Original (as given). DEFAULT: Row.
  WeightsStyle transform = WeightsStyle::Row;
  PermutationOptions permutation{};
};

struct [[nodiscard]] LocalMoran {
  std::vector<double> I;           ///< local Moran's I_i (NaN for islands)
  std::vector<int64_t> quadrant;   ///< 1 HH, 2 LH, 3 LL, 4 HL (esda's q); 0 for islands
  std::vector<double> EI, VI, z;   ///< total randomisation (esda EI, VI, Z_I; spdep conditional = FALSE)
  std::vector<double> EI_c, VI_c, z_c;  ///< conditional randomisation (spdep's default)
  std::vector<double> p_norm;      ///< two-sided normal p of z
  std::vector<int64_t> cardinality;
  PermutationSummary sim;
  int64_t permutations = 0;
  Alternative alternative = Alternative::TwoSided;
  TieRule ties = TieRule::Exact;
};

/// Local Moran of `values` (errors as getis_ord()).
LocalMoran local_moran(const std::vector<double>& values, const Weights& weights, const MoranOptions& options = {});

struct [[nodiscard]] Moran {
  double I = 0.0, EI = 0.0;
  double VI_norm = 0.0, VI_rand = 0.0;    ///< variance under normality / randomisation
  double z_norm = 0.0, z_rand = 0.0;
  double p_norm = 0.0, p_rand = 0.0;      ///< two-sided
  double z = 0.0, p = 0.0;                ///< the randomisation pair (ArcGIS, spdep moran.test)
  int64_t n = 0;
  double s0 = 0.0, s1 = 0.0, s2 = 0.0;
  int64_t permutations = 0;
  Alternative alternative = Alternative::TwoSided;
  double p_sim = 0.0, EI_sim = 0.0, seI_sim = 0.0, z_sim = 0.0;  ///< NaN without permutations
};

/// Global Moran's I. Permutations shuffle all values (esda Moran); rng Esda replays esda's
/// RandomState(seed).permutation(z) draws. A table is not accepted here.
Moran moran(const std::vector<double>& values, const Weights& weights, const MoranOptions& options = {});

/// Global Moran's I (row-standardised binary distance band, as ArcGIS Incremental Spatial
/// Autocorrelation) of `values` at `points` for each band in `distances_m` (increasing).
struct MoranAtDistance {
  double distance_m = 0.0, I = 0.0, EI = 0.0, VI = 0.0, z = 0.0;
  int64_t islands = 0;  ///< units with no neighbour within the band (left out of row sums)
};
std::vector<MoranAtDistance> moran_by_distance(const PointSet& points, const std::vector<double>& values,
                                               const std::vector<double>& distances_m, int threads = 0);

/// Benjamini–Hochberg at level alpha over the finite p-values (NaN = not tested, never significant).
struct [[nodiscard]] Fdr {
  std::vector<uint8_t> significant;  ///< p < cutoff
  std::vector<double> adjusted;      ///< BH adjusted p (q-values): significant ⇔ adjusted < alpha
  double cutoff = 0.0;               ///< largest k·α/m with p_(k) < k·α/m, else α/m (esda.fdr)
  double alpha = 0.05;
};
Fdr fdr(const std::vector<double>& p, double alpha = 0.05);

/// ArcGIS Gi_Bin: sign(z)·3, 2, 1 where p < c(0.01), c(0.05), c(0.10), else 0; c(a) = a, or the
/// BH cut-off fdr(p, a).cutoff when `use_fdr`. NaN z or p gives 0.
std::vector<int64_t> hotspot_bins(const std::vector<double>& z, const std::vector<double>& p, bool use_fdr = true);

/// Cell shapes of hotspots().
enum class CellShape { Hex, Square };
CellShape cell_shape_from_name(std::string_view name);
const char* to_string(CellShape shape);

/// The cells of hex_grid()/square_grid() over `points` (in the points' metric frame) that hold at
/// least one point, without building the empty ones: same geometry and attributes as those
/// functions (square: cell_id, row, col of the covering grid; hex: q, r, x, y and cell_id in
/// north-to-south, west-to-east order). Throws InvalidInput for no points or a bad size.
PolygonSet occupied_cells(const PointSet& points, double cell_size_m, CellShape shape);

}  // namespace watchmap
