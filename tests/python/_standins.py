"""Stand-ins for the analyses of issues 8, 9 and 10, shaped like the APIs those issues describe.

They exist only so the report's coverage, hotspot and placement sections (written against those
APIs and skipped until they land) are exercised by a test now. The numbers are simple and
honest for what they are (straight-line disks, z-scores of counts, a plain greedy) but they are
not the real analyses: never use them outside tests. When the real functions land, the report
tests run the sections with them and this file can go.
"""
from __future__ import annotations

import types

import numpy as np
import pandas as pd
from shapely.geometry import Point
from shapely.ops import unary_union
from shapely.prepared import prep

import watchmap as wm

WALK_KMH = 4.0


def _outline(layer):
    return unary_union(list(layer.to_geopandas().geometry))


def _disks(x, y, reach):
    return unary_union([Point(a, b).buffer(reach, 16) for a, b in zip(x, y)])


def _polys(geoms, crs, **columns):
    import geopandas as gpd

    frame = gpd.GeoDataFrame(columns or None, geometry=list(geoms), crs=str(crs))
    return wm.from_geopandas(frame)


def travel_time(dem, sources, *, direction="from_source", progress=None, **_):
    """Straight-line walking minutes at 4 km/h on the DEM grid (the real one follows the terrain)."""
    g = dem.grid
    X, Y = np.meshgrid(np.asarray(g.x_centers), np.asarray(g.y_centers))
    best = np.full(X.shape, np.inf)
    nearest = np.zeros(X.shape)
    for i, (x, y) in enumerate(zip(np.asarray(sources.x), np.asarray(sources.y))):
        d = np.hypot(X - x, Y - y)
        closer = d < best
        best[closer], nearest[closer] = d[closer], i
        if progress is not None:
            progress((i + 1) / len(sources))
    minutes = wm.Raster(best / (WALK_KMH * 1000.0) * 60.0, g)
    return types.SimpleNamespace(minutes=minutes, nearest=wm.Raster(nearest, g), sources=sources)


def _reach_m(radius_m, travel_time, minutes):
    return radius_m if radius_m is not None else minutes / 60.0 * WALK_KMH * 1000.0


def isochrones(tt, minutes=(10, 20, 30)):
    x, y = np.asarray(tt.sources.x), np.asarray(tt.sources.y)
    geoms = [_disks(x, y, m / 60.0 * WALK_KMH * 1000.0) for m in minutes]
    return _polys(geoms, tt.sources.crs, minutes=np.asarray(minutes, dtype=float))


def coverage(teams, hamlets, *, radius_m=None, travel_time=None, minutes=None, population=None,
             incidents=None, threshold=0.8):
    if (radius_m is None) == (travel_time is None):
        raise wm.InvalidInputError("coverage: give radius_m or travel_time + minutes")
    reach = _reach_m(radius_m, travel_time, minutes)
    tx, ty = np.asarray(teams.x), np.asarray(teams.y)
    covered = _disks(tx, ty, reach)
    district = _outline(hamlets)
    covered = covered.intersection(district)
    gaps = district.difference(covered)
    geoms = list(hamlets.to_geopandas().geometry)
    area_share = np.array([g.intersection(covered).area / g.area for g in geoms])
    inc_share = np.full(len(geoms), np.nan)
    if incidents is not None and len(incidents):
        where = wm.locate(incidents, hamlets)
        pc = prep(covered)
        inside = np.array([pc.contains(Point(a, b)) for a, b in zip(np.asarray(incidents.x), np.asarray(incidents.y))])
        for h in range(len(geoms)):
            sel = where == h
            inc_share[h] = inside[sel].mean() if sel.any() else np.nan
    centres = hamlets.to_geopandas().geometry.representative_point()
    d = np.hypot(centres.x.to_numpy()[:, None] - tx[None, :], centres.y.to_numpy()[:, None] - ty[None, :])
    near = d.argmin(axis=1)
    by = pd.DataFrame({"area_share": area_share, "residents_share": area_share, "incidents_share": inc_share,
                       "nearest_team": teams.attributes["team_id"].to_numpy()[near],
                       "teams_covering": (d <= reach).sum(axis=1)})
    if radius_m is not None:
        by["metres"] = d.min(axis=1)
    else:
        by["minutes"] = d.min(axis=1) / (WALK_KMH * 1000.0) * 60.0
    pop = hamlets.attributes["population"].to_numpy(float)
    ids = hamlets.attributes["hamlet_id"].to_numpy()
    summary = {"area_share": covered.area / district.area,
               "residents_share": float((area_share * pop).sum() / pop.sum()),
               "incidents_share": float(np.nanmean(inc_share)) if np.isfinite(inc_share).any() else None,
               "hamlets_below": list(ids[area_share < threshold]), "incidents_outside": 0,
               "radius_m": radius_m, "minutes": minutes}
    return types.SimpleNamespace(by_hamlet=by, covered=_polys([covered], hamlets.crs),
                                 gaps=_polys([gaps], hamlets.crs), summary=summary)


def hotspots(incidents, *, cells="hex", cell_size_m=None, distance_band_m=None, boundary=None, fdr=True, **_):
    size = cell_size_m or 1500.0
    grid = wm.hex_grid(boundary, size, within=True)
    n = wm.count(incidents, grid)["count"].to_numpy(float)
    z = (n - n.mean()) / (n.std() or 1.0)
    from scipy.stats import norm

    p = 2 * norm.sf(np.abs(z))
    b = np.sign(z) * np.select([p < 0.01, p < 0.05, p < 0.10], [3, 2, 1], 0)
    frame = pd.DataFrame({"count": n.astype(int), "z": z, "p": p, "p_fdr": np.minimum(p * 2, 1.0),
                          "bin": b.astype(int)})
    choices = {"cell_size_m": size, "distance_band_m": size * 2, "how": "stand-in", "n_cells": len(n),
               "fdr_cutoff": 0.01}
    return types.SimpleNamespace(cells=grid, to_frame=lambda: frame, choices=choices)


def place_teams(demand, candidates, *, k, radius_m=None, travel_time=None, minutes=None, existing=None,
                weight=None, **_):
    reach = radius_m if radius_m is not None else minutes / 60.0 * WALK_KMH * 1000.0
    w = np.ones(len(demand)) if weight is None else np.asarray(weight, float)
    dx, dy = np.asarray(demand.x), np.asarray(demand.y)
    done = np.zeros(len(demand), bool)
    if existing is not None:
        for x, y in zip(np.asarray(existing.x), np.asarray(existing.y)):
            done |= np.hypot(dx - x, dy - y) <= reach
    cx, cy = np.asarray(candidates.x), np.asarray(candidates.y)
    cover = [np.hypot(dx - x, dy - y) <= reach for x, y in zip(cx, cy)]
    chosen, gains = [], []
    for _ in range(k):
        g = np.array([w[c & ~done].sum() for c in cover])
        best = int(np.argmax(g))
        chosen.append(best)
        gains.append(float(g[best]))
        done |= cover[best]
    covered = float(w[done].sum())
    return types.SimpleNamespace(chosen=np.array(chosen), covered_weight=covered, covered_share=covered / w.sum(),
                                 gain_per_pick=np.array(gains), upper_bound=covered * 1.01, gap=0.01,
                                 status="feasible")


ALL = {"travel_time": travel_time, "isochrones": isochrones, "coverage": coverage, "hotspots": hotspots,
       "place_teams": place_teams}
