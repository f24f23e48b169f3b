#pragma once
/// @file weights.hpp  Spatial weights between n units (hamlets, grid cells, points), sparse CSR.
///
/// Row i lists unit i's neighbours in ascending index order with one weight each; an optional
/// diagonal entry (w_ii) is stored like any other. Builders: contiguity of polygons (queen / rook),
/// distance band, k nearest neighbours, a regular lattice, or explicit neighbour lists. Layers give
/// weights in feature order (polygons are measured at their area centroids where distances count).
/// Units with no neighbour (islands) are kept and reported, never dropped.
#include <cstdint>
#include <string_view>
#include <vector>

#include "watchmap/geometry.hpp"

namespace watchmap {

/// Which polygons count as contiguous.
enum class ContiguityRule {
  Queen,  ///< share at least one boundary point (a corner is enough)
  Rook,   ///< share a stretch of boundary of positive length
};

/// "queen" or "rook".
ContiguityRule contiguity_rule_from_name(std::string_view name);
const char* to_string(ContiguityRule rule);

/// What the stored weights are (libpysal's transform letters).
enum class WeightsStyle {
  Original,  ///< "O": as built or given (e.g. inverse distances)
  Binary,    ///< "B": every stored weight is 1
  Row,       ///< "R": each row divided by its sum (rows sum to 1; islands stay empty)
};

/// "B", "R" or "O" (lower case accepted).
WeightsStyle weights_style_from_name(std::string_view name);
const char* to_string(WeightsStyle style);

/// Sparse n × n spatial weights in CSR form. Invariants (checked on construction): indptr has
/// n + 1 non-decreasing entries from 0 to nnz, column indices lie in [0, n) and strictly increase
/// within a row, weights are finite and non-zero. Cheap to copy; immutable.
class Weights {
 public:
  /// n = 0.
  Weights();
  /// From CSR arrays. Throws InvalidInput naming the row when an invariant fails.
  Weights(int64_t n, std::vector<int64_t> indptr, std::vector<int64_t> indices, std::vector<double> values,
          WeightsStyle style = WeightsStyle::Original);
  /// From neighbour lists (any order, no duplicates); `weights` parallel to them or empty (= 1 each,
  /// style Binary). Throws InvalidInput for an index out of range or a duplicate (naming the unit).
  static Weights from_neighbors(const std::vector<std::vector<int64_t>>& neighbors,
                                const std::vector<std::vector<double>>& weights = {});

  int64_t n() const { return n_; }
  /// Number of stored weights (directed links, diagonal included).
  int64_t nnz() const { return static_cast<int64_t>(indices_.size()); }
  const std::vector<int64_t>& indptr() const { return indptr_; }
  const std::vector<int64_t>& indices() const { return indices_; }
  const std::vector<double>& values() const { return values_; }
  WeightsStyle style() const { return style_; }

  /// Number of neighbours of each unit, the diagonal not counted.
  std::vector<int64_t> cardinalities() const;
  /// Units with no neighbour other than themselves, ascending.
  std::vector<int64_t> islands() const;
  /// True when some unit has a stored diagonal weight.
  bool has_diagonal() const;
  /// w_ii for every unit (0 where none is stored).
  std::vector<double> diagonal() const;
  /// True when w_ij == w_ji for every pair (exactly).
  bool is_symmetric() const;
  /// Σ_j w_ij per unit.
  std::vector<double> row_sums() const;

  /// Binary: every weight 1. Row: w_ij / Σ_j w_ij (islands stay empty). Original: unchanged.
  Weights transform(WeightsStyle style) const;
  /// The same weights with w_ii = `value` for every unit (0 removes the diagonal).
  Weights with_diagonal(double value) const;
  /// Σ_j w_ij x_j for every unit, summed in ascending j. Throws InvalidInput on length mismatch.
  std::vector<double> lag(const std::vector<double>& x) const;

  /// Cliff–Ord constants: s0 = Σ w_ij, s1 = ½ Σ (w_ij + w_ji)², s2 = Σ_i (row_i + col_i)².
  struct Sums {
    double s0 = 0.0, s1 = 0.0, s2 = 0.0;
  };
  Sums sums() const;

  bool operator==(const Weights& other) const;

 private:
  int64_t n_ = 0;
  std::vector<int64_t> indptr_, indices_;
  std::vector<double> values_;
  WeightsStyle style_ = WeightsStyle::Original;
};

/// Options for contiguity_weights().
struct ContiguityOptions {
  ContiguityRule rule = ContiguityRule::Queen;  ///< DEFAULT: queen
  /// Two boundaries closer than this (in the layer's coordinate units) are taken to touch.
  /// DEFAULT: 0 = 1e-9 × the largest absolute coordinate of the layer (a few hundred times the
  /// rounding of stored coordinates: exact shared vertices and edges of neighbouring cells
  /// computed separately still match; a digitised gap of a metre does not).
  double tolerance = 0.0;
};

/// Contiguity of polygon features (binary weights, no diagonal), in feature order. Queen: the
/// features' boundaries (shells, holes, all parts) come within `tolerance` of each other anywhere,
/// a shared corner or a vertex lying on the other's edge included. Rook: some edge of one runs
/// along an edge of the other (within `tolerance`) for a length greater than `tolerance`.
/// Polygons are used in their own coordinates (no reprojection). Empty features are islands.
Weights contiguity_weights(const PolygonSet& polygons, const ContiguityOptions& options = {});

/// Options for distance_band_weights().
struct DistanceBandOptions {
  /// DEFAULT: true = weight 1 within the band; false = distance^alpha (inverse distance).
  bool binary = true;
  double alpha = -1.0;  ///< DEFAULT: -1 (used when binary is false)
  int threads = 0;      ///< DEFAULT: 0 = OpenMP's default
};

/// Unit j ≠ i is a neighbour of i when their distance d satisfies d² ≤ threshold_m² (inclusive,
/// as spdep dnearneigh(0, d) and pairs_within), measured in metres in the layer's metric frame
/// (its CRS when in metres, else the UTM zone of its centre). Polygons are measured between area
/// centroids. Throws InvalidInput for a negative or non-finite threshold, and for non-binary
/// weights when two units coincide (distance 0).
Weights distance_band_weights(const PointSet& points, double threshold_m, const DistanceBandOptions& options = {});
Weights distance_band_weights(const PolygonSet& polygons, double threshold_m, const DistanceBandOptions& options = {});

/// The k nearest other units of each unit (binary weights, not symmetric in general), measured as
/// distance_band_weights() does. Ties at the k-th distance go to the lowest indices. Throws
/// InvalidInput unless 1 ≤ k < n.
Weights knn_weights(const PointSet& points, int k, int threads = 0);
Weights knn_weights(const PolygonSet& polygons, int k, int threads = 0);

/// A regular nrows × ncols lattice, unit id = row·ncols + col (libpysal lat2W): rook links the four
/// edge neighbours, queen also the four diagonal ones. Binary, no diagonal.
Weights lattice_weights(int64_t nrows, int64_t ncols, ContiguityRule rule = ContiguityRule::Queen);

/// Area centroid of every feature (shells minus holes, all parts) as points in the same CRS; an
/// empty or zero-area feature gets the mean of its vertices (InvalidInput when it has none).
PointSet polygon_centroids(const PolygonSet& polygons);

}  // namespace watchmap
