"""Typed use of the public API as the README and docs show it; checked with mypy --strict against
the committed stub (tests/python/test_stub.py). It is type-checked, not run."""
from __future__ import annotations

import numpy as np

import watchmap as wm
from watchmap import _core


def district_workflow(folder: str) -> float:
    hamlets: _core.PolygonSet = wm.read_polygons(folder + "/hamlets.gpkg", layer="hamlets")
    teams: _core.PointSet = wm.read_points(folder + "/teams.csv", x="lon", y="lat", crs="EPSG:4326", to_crs="utm")
    dem: _core.Raster = wm.read_raster(folder + "/dem.tif")
    first_ten: _core.PointSet = teams[:10]
    mask_selected: _core.PolygonSet = hamlets[np.ones(len(hamlets), dtype=bool)]
    grid: _core.Grid = _core.Grid.covering(hamlets, 100.0, margin_m=1000.0)
    density: _core.Density = wm.kde(teams, grid, bandwidth_m=1500.0, mask=hamlets, progress=False)
    h: float = density.bandwidth_m
    nearest: _core.NearestResult = wm.nearest(teams, first_ten, progress=lambda fraction: None)
    metres = nearest.distance_m
    elevation = dem.sample(teams)
    left, right, bottom, top = dem.extent
    frame = mask_selected.attributes.copy()
    utm: _core.Crs = wm.analysis_crs({"hamlets": hamlets, "teams": teams})
    placed: _core.Placement = wm.place_teams(teams, first_ten, k=2, radius_m=2000.0, existing=teams[10:])
    share: float = placed.covered_share + placed.gap
    return float(metres.max() + elevation[0] + h + left + len(frame) + (1 if utm.is_metric else 0) + share)


def coverage_workflow(folder: str) -> float:
    hamlets: _core.PolygonSet = wm.read_polygons(folder + "/hamlets.gpkg", layer="hamlets")
    teams: _core.PointSet = wm.read_points(folder + "/teams.csv", x="lon", y="lat", crs="EPSG:4326")
    roads: _core.LineSet = wm.read_lines(folder + "/roads.gpkg")
    dem: _core.Raster = wm.read_raster(folder + "/dem.tif")
    tt: _core.TravelTime = wm.travel_time(dem, teams, roads=roads, road_speeds_kmh={"provincial road": 40.0})
    bands: _core.PolygonSet = wm.isochrones(tt, minutes=[10, 20, 30])
    cov: _core.Coverage = wm.coverage(teams, hamlets, travel_time=tt, minutes=30.0)
    by_radius: _core.Coverage = wm.coverage(teams, hamlets, radius_m=2000.0)
    share: float = cov.summary.residents_share + by_radius.summary.area_share
    return share + float(tt.minutes.values.max()) + len(bands) + len(cov.gaps) + float(roads.lengths().sum())


def hotspot_workflow(counts: "np.ndarray[tuple[int], np.dtype[np.float64]]") -> float:
    w: _core.Weights = _core.Weights.lattice(200, 200, "queen")
    g: _core.GetisOrd = wm.getis_ord(counts, w.transform("R"), permutations=99, seed=1)
    lm: _core.LocalMoran = wm.local_moran(counts, w, permutations=0)
    bins = wm.hotspot_bins(g.z, g.p_norm, fdr=True)
    significant, cutoff = wm.fdr(g.p_norm, 0.05)
    return float(g.z.max() + bins.sum() + w.n + lm.I.sum() + cutoff)
