#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "support/support.hpp"
#include "watchmap/error.hpp"
#include "watchmap/hotspot.hpp"
#include "watchmap/io.hpp"

using namespace watchmap;

namespace {

// A CSV file as named text columns.
std::map<std::string, std::vector<std::string>> read_columns(const std::string& path) {
  std::ifstream in(path);
  std::string line, field;
  std::getline(in, line);
  std::vector<std::string> names;
  std::stringstream head(line);
  while (std::getline(head, field, ',')) names.push_back(field);
  std::map<std::string, std::vector<std::string>> out;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream ss(line);
    for (size_t k = 0; std::getline(ss, field, ','); ++k) out[names[k]].push_back(field);
  }
  return out;
}

std::vector<double> numbers(const std::vector<std::string>& text) {
  std::vector<double> out;
  for (const std::string& t : text) out.push_back(std::stod(t));
  return out;
}

double max_rel(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0.0;
  for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]) / std::max(std::abs(b[i]), 1e-300));
  return m;
}

double max_abs(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0.0;
  for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

struct Columbus {
  std::vector<double> crime;
  Weights queen;
  PermutationTable table;
  std::map<std::string, std::vector<std::string>> gi, lm, global, fdr;
};

std::optional<Columbus> columbus() {
  const std::string shp = test::shared_path("data/columbus/columbus.shp");
  const std::string dir = test::shared_path("oracle/hotspots");
  if (shp.empty() || dir.empty()) return std::nullopt;
  Columbus c;
  PolygonReadOptions options;
  options.crs = Crs();
  c.queen = contiguity_weights(read_polygons(shp, options));  // = columbus.gal (weights_test)
  c.gi = read_columns(dir + "/columbus_gistar_queen_binary.csv");
  c.lm = read_columns(dir + "/columbus_local_moran_queen_rowstd.csv");
  c.global = read_columns(dir + "/columbus_global_moran.csv");
  c.fdr = read_columns(dir + "/columbus_fdr.csv");
  c.crime = numbers(c.gi["CRIME"]);
  std::ifstream in(dir + "/columbus_crand_permuted_ids_seed12345.csv");
  std::string line, field;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream ss(line);
    int64_t cols = 0;
    while (std::getline(ss, field, ',')) {
      c.table.index.push_back(std::stoi(field));
      ++cols;
    }
    c.table.cols = cols;
    ++c.table.rows;
  }
  return c;
}

PermutationOptions with_table(const PermutationTable& t, Alternative alternative, TieRule ties) {
  PermutationOptions o;
  o.table = t;
  o.alternative = alternative;
  o.ties = ties;
  return o;
}

// The permutation fields that depend on the draws, flattened for bit-for-bit comparisons.
std::vector<double> sim_bits(const PermutationSummary& s) {
  std::vector<double> out = s.p_sim;
  out.insert(out.end(), s.z_sim.begin(), s.z_sim.end());
  out.insert(out.end(), s.expected_sim.begin(), s.expected_sim.end());
  out.insert(out.end(), s.sd_sim.begin(), s.sd_sim.end());
  return out;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  }
  return true;
}

std::vector<double> grid_values(int64_t n, uint64_t seed) {
  std::vector<double> x(n);
  uint64_t s = seed;
  for (auto& v : x) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    v = static_cast<double>((s >> 33) % 7);  // small counts with many ties
  }
  return x;
}

}  // namespace

TEST(PermutationTable, EsdaSeedReproducesTheOracleTable) {
  auto c = columbus();
  if (!c) GTEST_SKIP() << "../shared is absent";
  const PermutationTable t = permutation_table(49, 999, 48, 12345, PermutationRng::Esda);
  EXPECT_EQ(t.index, c->table.index);
  // Our own stream: every row distinct indices in range, and the same for any thread count.
  const PermutationTable a = permutation_table(1000, 50, 12, 7, PermutationRng::Watchmap, 1);
  const PermutationTable b = permutation_table(1000, 50, 12, 7, PermutationRng::Watchmap, 2);
  EXPECT_EQ(a.index, b.index);
  for (int64_t r = 0; r < a.rows; ++r) {
    std::vector<int32_t> row(a.index.begin() + r * 12, a.index.begin() + (r + 1) * 12);
    std::sort(row.begin(), row.end());
    EXPECT_TRUE(std::adjacent_find(row.begin(), row.end()) == row.end());
    EXPECT_GE(row.front(), 0);
    EXPECT_LE(row.back(), 998);
  }
}

TEST(GetisOrd, ColumbusMatchesEsdaAndArcGIS) {
  auto c = columbus();
  if (!c) GTEST_SKIP() << "../shared is absent";
  GetisOrdOptions options;
  options.permutation = with_table(c->table, Alternative::Percentile, TieRule::Exact);
  const GetisOrd g = getis_ord(c->crime, c->queen, options);
  EXPECT_LE(max_rel(g.z, numbers(c->gi["Zs"])), 1e-9);
  EXPECT_LE(max_rel(g.z_esda, numbers(c->gi["Zs"])), 1e-9);
  EXPECT_LE(max_rel(g.G, numbers(c->gi["Gs"])), 1e-9);
  EXPECT_LE(max_rel(g.EG, numbers(c->gi["EGs"])), 1e-9);
  EXPECT_LE(max_rel(g.VG, numbers(c->gi["VGs"])), 1e-9);
  EXPECT_LE(max_rel(g.p_norm, numbers(c->gi["p_norm_two_sided"])), 1e-9);
  EXPECT_LE(max_abs(g.sim.p_sim, numbers(c->gi["p_sim_two_sided"])), 1e-6);
  EXPECT_LE(max_rel(g.sim.expected_sim, numbers(c->gi["EG_sim"])), 1e-6);
  EXPECT_LE(max_rel(g.sim.sd_sim, numbers(c->gi["seG_sim"])), 1e-6);
  EXPECT_LE(max_rel(g.sim.z_sim, numbers(c->gi["z_sim"])), 1e-6);
  for (TieRule ties : {TieRule::Exact, TieRule::Esda}) {
    for (auto [alt, col] : {std::pair{Alternative::Directed, "p_sim_directed"}, {Alternative::Greater, "p_sim_greater"},
                            {Alternative::Percentile, "p_sim_two_sided"}}) {
      options.permutation = with_table(c->table, alt, ties);
      EXPECT_LE(max_abs(getis_ord(c->crime, c->queen, options).sim.p_sim, numbers(c->gi[col])), 1e-6)
          << col << " " << to_string(ties);
    }
  }
}

TEST(LocalMoran, ColumbusMatchesEsdaExactlyWithItsTable) {
  auto c = columbus();
  if (!c) GTEST_SKIP() << "../shared is absent";
  MoranOptions options;
  options.permutation = with_table(c->table, Alternative::Percentile, TieRule::Esda);
  const LocalMoran lm = local_moran(c->crime, c->queen, options);
  for (auto [ours, col] : {std::pair{&lm.I, "Is"}, {&lm.EI, "EI"}, {&lm.VI, "VI"}, {&lm.z, "Z_I"}, {&lm.EI_c, "EIc"},
                           {&lm.VI_c, "VIc"}, {&lm.z_c, "Z_Ic"}, {&lm.p_norm, "p_norm_two_sided"}}) {
    EXPECT_LE(max_rel(*ours, numbers(c->lm[col])), 1e-9) << col;
  }
  for (size_t i = 0; i < lm.quadrant.size(); ++i) EXPECT_EQ(lm.quadrant[i], std::stoi(c->lm["q"][i]));
  // esda writes p_sim as float32: 1e-6 absolute; the counts themselves agree exactly.
  EXPECT_LE(max_abs(lm.sim.p_sim, numbers(c->lm["p_sim_two_sided"])), 1e-6);
  EXPECT_LE(max_rel(lm.sim.expected_sim, numbers(c->lm["EI_sim"])), 1e-6);
  EXPECT_LE(max_rel(lm.sim.sd_sim, numbers(c->lm["seI_sim"])), 1e-6);
  EXPECT_LE(max_rel(lm.sim.z_sim, numbers(c->lm["z_sim"])), 1e-6);
  options.permutation = with_table(c->table, Alternative::Directed, TieRule::Esda);
  EXPECT_LE(max_abs(local_moran(c->crime, c->queen, options).sim.p_sim, numbers(c->lm["p_sim_directed"])), 1e-6);
  // The exact tie rule counts draws of the very same neighbour values as ties: only units 5 and
  // 46 (three and one such draws) move, by at most 6/1000; the directed p-values are unchanged.
  options.permutation = with_table(c->table, Alternative::Percentile, TieRule::Exact);
  const LocalMoran exact = local_moran(c->crime, c->queen, options);
  const std::vector<double> esda_p = numbers(c->lm["p_sim_two_sided"]);
  for (size_t i = 0; i < esda_p.size(); ++i) {
    EXPECT_NEAR(exact.sim.p_sim[i], esda_p[i], (i == 5 || i == 46) ? 0.0061 : 1e-6) << i;
  }
}

TEST(Permutations, OwnRngWithinTheStatisticalToleranceOfEsda) {
  auto c = columbus();
  if (!c) GTEST_SKIP() << "../shared is absent";
  for (uint64_t seed : {1u, 2u, 3u}) {
    GetisOrdOptions g;
    g.permutation.seed = seed;
    g.permutation.alternative = Alternative::Directed;
    const std::vector<double> ours = getis_ord(c->crime, c->queen, g).sim.p_sim;
    const std::vector<double> esda = numbers(c->gi["p_sim_directed"]);
    for (size_t i = 0; i < ours.size(); ++i) {
      const double p = esda[i];
      EXPECT_LE(std::abs(ours[i] - p), 3.0 * std::sqrt(p * (1 - p) / 999.0) + 2.0 / 1000.0) << "unit " << i;
    }
  }
}

TEST(Moran, ColumbusGlobalMatchesEsda) {
  auto c = columbus();
  if (!c) GTEST_SKIP() << "../shared is absent";
  for (size_t r = 0; r < c->global["weights"].size(); ++r) {
    if (c->global["weights"][r] != "queen") continue;
    MoranOptions options;
    options.transform = weights_style_from_name(c->global["transformation"][r]);
    options.permutation.seed = 12345;
    options.permutation.rng = PermutationRng::Esda;
    options.permutation.alternative = Alternative::Directed;
    const Moran m = moran(c->crime, c->queen, options);
    auto expect = [&](double ours, const char* col, double tol) {
      const double ref = std::stod(c->global[col][r]);
      EXPECT_LE(std::abs(ours - ref), tol * std::abs(ref)) << col << " " << c->global["transformation"][r];
    };
    expect(m.I, "I", 1e-9);
    expect(m.EI, "EI", 1e-9);
    expect(m.VI_norm, "VI_norm", 1e-9);
    expect(m.VI_rand, "VI_rand", 1e-9);
    expect(m.z_norm, "z_norm", 1e-9);
    expect(m.z_rand, "z_rand", 1e-9);
    expect(m.p_norm, "p_norm_two_sided", 1e-9);
    expect(m.p_rand, "p_rand_two_sided", 1e-9);
    expect(m.s1, "s1", 1e-9);
    expect(m.s2, "s2", 1e-9);
    expect(m.p_sim, "p_sim_directed", 1e-6);
    expect(m.EI_sim, "EI_sim", 1e-6);
    expect(m.seI_sim, "seI_sim", 1e-6);
    expect(m.z_sim, "z_sim", 1e-6);
  }
}

TEST(Fdr, ColumbusCutOffsMatchEsda) {
  auto c = columbus();
  if (!c) GTEST_SKIP() << "../shared is absent";
  for (size_t r = 0; r < c->fdr["table"].size(); ++r) {
    auto& source = c->fdr["table"][r] == "gistar_queen_binary" ? c->gi : c->lm;
    const std::vector<double> p = numbers(source[c->fdr["pcol"][r]]);
    const double alpha = std::stod(c->fdr["alpha"][r]);
    const Fdr f = fdr(p, alpha);
    EXPECT_NEAR(f.cutoff, std::stod(c->fdr["fdr_cutoff"][r]), 1e-12);
    int64_t significant = 0;
    for (uint8_t s : f.significant) significant += s;
    EXPECT_EQ(significant, std::stoi(c->fdr["n_sig_at_cutoff"][r]));
    for (size_t i = 0; i < p.size(); ++i) EXPECT_EQ(f.significant[i] != 0, f.adjusted[i] < alpha) << i;
  }
}

TEST(Fdr, ByHandAndBins) {
  // m = 4: thresholds 0.0125, 0.025, 0.0375, 0.05; the largest k with p_(k) < kα/m is 2.
  const Fdr f = fdr({0.001, 0.02, 0.04, std::nan(""), 0.9}, 0.05);
  EXPECT_DOUBLE_EQ(f.cutoff, 0.025);
  EXPECT_EQ(f.significant, (std::vector<uint8_t>{1, 1, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(f.adjusted[0], 0.004);
  EXPECT_DOUBLE_EQ(f.adjusted[1], 0.04);
  EXPECT_TRUE(std::isnan(f.adjusted[3]));
  EXPECT_DOUBLE_EQ(fdr({0.5, 0.6}, 0.05).cutoff, 0.025);  // none significant: α/m
  EXPECT_THROW((void)fdr({0.5}, 1.5), InvalidInput);
  EXPECT_THROW((void)fdr({1.5}, 0.05), InvalidInput);
  const std::vector<double> z = {3.0, -2.5, 1.8, 0.2, std::nan("")};
  const std::vector<double> p = {0.001, 0.03, 0.08, 0.5, std::nan("")};
  EXPECT_EQ(hotspot_bins(z, p, false), (std::vector<int64_t>{3, -2, 1, 0, 0}));
  // With FDR (m = 4): c(0.01) = 0.0025, c(0.05) = 0.0125 (only p_(1) passes), c(0.10) = 0.05 (k = 2).
  EXPECT_EQ(hotspot_bins(z, p, true), (std::vector<int64_t>{3, -1, 0, 0, 0}));
}

TEST(GetisOrd, BinaryAndRowStandardisedWeightsGiveTheSameZAndPValues) {
  const Weights w = lattice_weights(12, 9);
  const std::vector<double> x = grid_values(108, 3);
  GetisOrdOptions options;
  options.permutation.permutations = 199;
  const GetisOrd b = getis_ord(x, w, options);
  const GetisOrd r = getis_ord(x, w.transform(WeightsStyle::Row), options);
  EXPECT_LE(max_abs(b.z, r.z), 1e-12);
  EXPECT_EQ(b.sim.p_sim, r.sim.p_sim);
  // A given diagonal is used as given: with self weight 1 on R weights the row is no longer a
  // scaling of binary + self, so z changes.
  const GetisOrd d = getis_ord(x, w.transform(WeightsStyle::Row).with_diagonal(1.0), options);
  EXPECT_GT(max_abs(b.z, d.z), 1e-3);
}

TEST(GetisOrd, GiWithoutSelfMatchesItsDefinition) {
  const Weights w = lattice_weights(4, 5, ContiguityRule::Rook);
  const std::vector<double> x = grid_values(20, 11);
  GetisOrdOptions options;
  options.star = false;
  options.permutation.permutations = 0;
  const GetisOrd g = getis_ord(x, w, options);
  for (int64_t i = 0; i < 20; ++i) {
    // Direct: the n − 1 other values, binary weights, no self.
    double sum = 0, sum2 = 0, lag = 0, W = 0;
    for (int64_t j = 0; j < 20; ++j) {
      if (j == i) continue;
      sum += x[j];
      sum2 += x[j] * x[j];
    }
    for (int64_t k = w.indptr()[i]; k < w.indptr()[i + 1]; ++k) {
      lag += x[w.indices()[k]];
      W += 1;
    }
    const double N = 19, mean = sum / N, S = std::sqrt(sum2 / N - mean * mean);
    const double z = (lag - mean * W) / (S * std::sqrt((N * W - W * W) / (N - 1)));
    EXPECT_NEAR(g.z[i], z, 1e-12 * std::max(1.0, std::abs(z)));
    EXPECT_NEAR(g.z_esda[i], z, 1e-12 * std::max(1.0, std::abs(z)));  // binary: esda's Zs is the same
  }
}

TEST(LocalMoran, QuadrantsOnA3x3LatticeByHand) {
  // High values in the top-left corner, low in the bottom-right.
  //   9 8 1      row-standardised queen lags of z decide the quadrant
  //   8 5 1
  //   1 1 0
  const std::vector<double> x = {9, 8, 1, 8, 5, 1, 1, 1, 0};
  MoranOptions options;
  options.permutation.permutations = 0;
  const LocalMoran lm = local_moran(x, lattice_weights(3, 3), options);
  // mean 34/9 ≈ 3.78: cells 0, 1, 3, 4 are high, the rest low. Lag of 0: mean of (8, 8, 5) high → HH.
  // Cell 2 (1): neighbours 8, 5, 1 → mean 4.67 > 3.78 → LH. Cell 8 (0): 5, 1, 1 → 2.33 → LL.
  // Cell 4 (5): all eight others, mean 29/8 = 3.63 < 3.78 → HL. Cell 5 (1): 8, 1, 5, 1, 0 → 3 → LL.
  EXPECT_EQ(lm.quadrant, (std::vector<int64_t>{1, 1, 2, 1, 4, 3, 2, 3, 3}));
  for (int64_t i = 0; i < 9; ++i) EXPECT_EQ(lm.I[i] > 0, lm.quadrant[i] == 1 || lm.quadrant[i] == 3) << i;
}

TEST(Permutations, SameBitsForOneAndTwoThreads) {
  const Weights w = lattice_weights(40, 50);
  const std::vector<double> counts = grid_values(2000, 5);
  std::vector<double> rates_(counts.size());
  for (size_t i = 0; i < counts.size(); ++i) rates_[i] = counts[i] / 3.0 + 0.01 * static_cast<double>(i % 7);
  const std::vector<double> rates = rates_;
  for (const std::vector<double>* x : {&counts, &rates}) {
    for (TieRule ties : {TieRule::Exact, TieRule::Esda}) {
      for (Alternative alt : {Alternative::TwoSided, Alternative::Percentile}) {
        GetisOrdOptions g;
        g.permutation.ties = ties;
        g.permutation.alternative = alt;
        MoranOptions m;
        m.permutation = g.permutation;
        g.permutation.threads = m.permutation.threads = 1;
        const auto g1 = getis_ord(*x, w, g);
        const auto m1 = local_moran(*x, w, m);
        g.permutation.threads = m.permutation.threads = 2;
        const auto g2 = getis_ord(*x, w, g);
        const auto m2 = local_moran(*x, w, m);
        EXPECT_TRUE(same_bits(sim_bits(g1.sim), sim_bits(g2.sim)));
        EXPECT_TRUE(same_bits(sim_bits(m1.sim), sim_bits(m2.sim)));
      }
    }
  }
  MoranOptions m;
  m.permutation.threads = 1;
  const Moran a = moran(counts, w, m);
  m.permutation.threads = 2;
  const Moran b = moran(counts, w, m);
  EXPECT_EQ(a.p_sim, b.p_sim);
  EXPECT_EQ(a.z_sim, b.z_sim);
  const PointSet pts({0, 1, 2, 3, 0, 1, 2, 3}, {0, 0, 0, 0, 1, 1, 1, 1});
  const std::vector<double> v = {1, 2, 3, 4, 2, 3, 4, 9};
  const auto d1 = moran_by_distance(pts, v, {1.0, 1.5}, 1);
  const auto d2 = moran_by_distance(pts, v, {1.0, 1.5}, 2);
  EXPECT_EQ(d1[1].z, d2[1].z);
}

TEST(Permutations, IslandsGetNaNNotACrash) {
  // Unit 3 has no neighbour.
  const Weights w = Weights::from_neighbors({{1, 2}, {0, 2}, {0, 1}, {}, {5}, {4}});
  const std::vector<double> x = {1, 2, 3, 4, 5, 7};
  const GetisOrd g = getis_ord(x, w);
  EXPECT_TRUE(std::isnan(g.z[3]) && std::isnan(g.p_norm[3]) && std::isnan(g.sim.p_sim[3]));
  EXPECT_FALSE(std::isnan(g.z[0]) || std::isnan(g.sim.p_sim[0]));
  const LocalMoran lm = local_moran(x, w);
  EXPECT_TRUE(std::isnan(lm.I[3]) && std::isnan(lm.sim.p_sim[3]));
  EXPECT_EQ(lm.quadrant[3], 0);
  EXPECT_EQ(hotspot_bins(g.z, g.p_norm)[3], 0);
}

TEST(Permutations, BadInputIsNamed) {
  const Weights w = lattice_weights(3, 3);
  const std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  auto message = [](auto&& call) {
    try {
      call();
    } catch (const InvalidInput& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([&] { (void)getis_ord(std::vector<double>(9, 4.0), w); }).find("zero variance"), std::string::npos);
  auto nan = x;
  nan[4] = std::nan("");
  EXPECT_NE(message([&] { (void)local_moran(nan, w); }).find("row 4"), std::string::npos);
  EXPECT_NE(message([&] { (void)getis_ord({1, 2, 3}, w); }).find("3 values"), std::string::npos);
  GetisOrdOptions g;
  g.permutation.permutations = -1;
  EXPECT_NE(message([&] { (void)getis_ord(x, w, g); }).find(">= 0"), std::string::npos);
  g.permutation = with_table(PermutationTable{5, 3, std::vector<int32_t>(15, 0)}, Alternative::TwoSided, TieRule::Exact);
  EXPECT_NE(message([&] { (void)getis_ord(x, w, g); }).find("wrong shape"), std::string::npos);  // needs 8 columns
  PermutationTable bad{1, 8, {0, 1, 2, 3, 4, 5, 6, 9}};
  g.permutation = with_table(bad, Alternative::TwoSided, TieRule::Exact);
  EXPECT_NE(message([&] { (void)getis_ord(x, w, g); }).find("outside 0..7"), std::string::npos);
  bad.index = {0, 1, 2, 3, 4, 5, 6, 6};
  g.permutation = with_table(bad, Alternative::TwoSided, TieRule::Exact);
  EXPECT_NE(message([&] { (void)getis_ord(x, w, g); }).find("repeats"), std::string::npos);
  EXPECT_THROW((void)alternative_from_name("both"), InvalidInput);
  MoranOptions m;
  m.permutation.table = PermutationTable{1, 8, {0, 1, 2, 3, 4, 5, 6, 7}};
  EXPECT_THROW((void)moran(x, w, m), InvalidInput);
}

TEST(Permutations, ProgressCanCancel) {
  const Weights w = lattice_weights(40, 40);
  GetisOrdOptions g;
  int calls = 0;
  g.permutation.progress = [&](double) {
    ++calls;
    return false;
  };
  EXPECT_THROW((void)getis_ord(grid_values(1600, 2), w, g), Cancelled);
  EXPECT_GT(calls, 0);
}

TEST(Hotspot, OccupiedCellsAreTheGridCellsHoldingPoints) {
  const Crs utm = Crs::from_epsg(32648);
  const PointSet pts({500010.0, 500020.0, 501990.0, 500500.0}, {2440010.0, 2440015.0, 2441000.0, 2441990.0}, utm);
  const PolygonSet squares = occupied_cells(pts, 100.0, CellShape::Square);
  EXPECT_EQ(squares.size(), 3u);  // the first two points share a cell
  const PolygonSet hexes = occupied_cells(pts, 100.0, CellShape::Hex);
  EXPECT_EQ(hexes.size(), 3u);
  EXPECT_THROW((void)occupied_cells(pts, -1.0, CellShape::Hex), InvalidInput);
}
