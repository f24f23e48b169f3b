// Counts points per polygon and measures a distance through the installed library only.
#include <cstdio>

#include <watchmap/watchmap.hpp>

int main() {
  using namespace watchmap;
  PolygonSet::Builder builder(Crs::from_epsg(32648));
  const double xs[] = {0, 1000, 1000, 0, 0}, ys[] = {0, 0, 1000, 1000, 0};
  builder.add_ring(xs, ys);
  builder.end_feature();
  const PolygonSet square = builder.build();
  const PointSet points({500.0, 2000.0}, {500.0, 500.0}, Crs::from_epsg(32648));
  const auto where = locate(points, square);
  const auto near = nearest(points, points.take({0}));
  std::printf("watchmap %s: located %lld, %lld; distance %.1f m\n", kVersion, static_cast<long long>(where[0]),
              static_cast<long long>(where[1]), near.distance_m[1]);
  return (where[0] == 0 && where[1] == -1 && near.distance_m[1] == 1500.0) ? 0 : 1;
}
