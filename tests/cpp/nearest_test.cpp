// nearest() and pairs_within() against brute force.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "watchmap/error.hpp"
#include "watchmap/nearest.hpp"

using namespace watchmap;

TEST(Nearest, AgreesWithBruteForceTiesGoToLowestIndex) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 1000);
  std::vector<double> tx(500), ty(500), qx(3000), qy(3000);
  for (size_t i = 0; i < tx.size(); ++i) {
    tx[i] = std::round(u(rng) / 50) * 50;  // on a lattice: many exact ties and duplicates
    ty[i] = std::round(u(rng) / 50) * 50;
  }
  for (size_t i = 0; i < qx.size(); ++i) {
    qx[i] = std::round(u(rng) / 25) * 25;
    qy[i] = std::round(u(rng) / 25) * 25;
  }
  const PointSet targets(tx, ty), queries(qx, qy);
  const NearestResult got = nearest(queries, targets, {.max_distance_m = 60.0, .threads = 2});
  for (size_t i = 0; i < qx.size(); ++i) {
    int64_t best = -1;
    double best_d2 = 60.0 * 60.0;
    for (size_t j = 0; j < tx.size(); ++j) {
      const double d2 = (tx[j] - qx[i]) * (tx[j] - qx[i]) + (ty[j] - qy[i]) * (ty[j] - qy[i]);
      if (d2 < best_d2 || (d2 == best_d2 && best < 0)) {
        best = static_cast<int64_t>(j);
        best_d2 = d2;
      }
    }
    ASSERT_EQ(got.index[i], best) << "query " << i;
    if (best >= 0) EXPECT_DOUBLE_EQ(got.distance_m[i], std::sqrt(best_d2));
    else EXPECT_TRUE(std::isinf(got.distance_m[i]));
  }
  EXPECT_EQ(nearest(queries, targets, {.max_distance_m = 60.0, .threads = 1}).index, got.index);
  EXPECT_THROW(nearest(queries, targets, {.max_distance_m = -1.0}), InvalidInput);
  EXPECT_EQ(nearest(queries, PointSet()).index[0], -1);
}

TEST(PairsWithin, AgreesWithBruteForce) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 2000);
  std::vector<double> ax(400), ay(400), bx(300), by(300);
  for (auto* v : {&ax, &ay}) for (double& e : *v) e = u(rng);
  for (auto* v : {&bx, &by}) for (double& e : *v) e = u(rng);
  const PairList got = pairs_within(PointSet(ax, ay), PointSet(bx, by), 150.0, 2);
  size_t k = 0;
  for (size_t i = 0; i < ax.size(); ++i) {
    for (size_t j = 0; j < bx.size(); ++j) {
      const double d = std::hypot(ax[i] - bx[j], ay[i] - by[j]);
      if (d > 150.0) continue;
      ASSERT_LT(k, got.a.size());
      EXPECT_EQ(got.a[k], static_cast<int64_t>(i));
      EXPECT_EQ(got.b[k], static_cast<int64_t>(j));
      EXPECT_NEAR(got.distance_m[k], d, 1e-9);
      ++k;
    }
  }
  EXPECT_EQ(k, got.a.size());
  EXPECT_THROW(pairs_within(PointSet(ax, ay), PointSet(bx, by), -1.0), InvalidInput);
  EXPECT_THROW(pairs_within(PointSet(ax, ay), PointSet(bx, by), NAN), InvalidInput);
}
