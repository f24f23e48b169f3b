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
    return float(metres.max() + elevation[0] + h + left + len(frame) + (1 if utm.is_metric else 0))
