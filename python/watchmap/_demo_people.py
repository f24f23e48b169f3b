"""Households of the demo district (private to ``watchmap.datasets``).

One point per household (the hamlet table's ``households`` column), with ``residents`` adding up to
the hamlet's population exactly. Houses cluster as villages do in the hills: most around the
settlement on the valley floor, many strung along the roads and trails through the hamlet, a few
scattered over its lower ground; none up on the ridges. Every house lies inside its own hamlet.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._core import LineSet, PointSet, PolygonSet, Raster
from ._demo_terrain import CRS

SHARES = (0.55, 0.30, 0.15)      # village core, along roads, low ground


def household_sizes(rng: np.random.Generator, population: int, households: int) -> np.ndarray:
    """Residents per household (>= 1), adding up to `population`: 1 + Poisson, then nudged by ones."""
    sizes = 1 + rng.poisson(max(population / households - 1.0, 0.0), households)
    while sizes.sum() != population:
        diff = population - int(sizes.sum())
        if diff > 0:
            sizes[rng.choice(households, min(diff, households), replace=False)] += 1
        else:
            big = np.flatnonzero(sizes > 1)
            sizes[rng.choice(big, min(-diff, big.size), replace=False)] -= 1
    return sizes


def _road_points(rng, roads: LineSet, box, n: int):
    """n points along the road segments that pass through `box`, 5–35 m to either side."""
    x, y = np.asarray(roads.x), np.asarray(roads.y)
    starts = np.concatenate([np.arange(a, b - 1) for a, b in zip(roads.part_offsets[:-1], roads.part_offsets[1:])])
    x0, y0, x1, y1 = x[starts], y[starts], x[starts + 1], y[starts + 1]
    xmin, ymin, xmax, ymax = box
    near = ((np.maximum(x0, x1) >= xmin) & (np.minimum(x0, x1) <= xmax)
            & (np.maximum(y0, y1) >= ymin) & (np.minimum(y0, y1) <= ymax))
    if not near.any():
        return None
    x0, y0, x1, y1 = x0[near], y0[near], x1[near], y1[near]
    length = np.hypot(x1 - x0, y1 - y0)
    seg = rng.choice(length.size, n, p=length / length.sum())
    t = rng.uniform(0.0, 1.0, n)
    nx, ny = -(y1 - y0)[seg] / length[seg], (x1 - x0)[seg] / length[seg]
    side = rng.choice([-1.0, 1.0], n) * rng.uniform(5.0, 35.0, n)
    return x0[seg] + t * (x1 - x0)[seg] + side * nx, y0[seg] + t * (y1 - y0)[seg] + side * ny


def _low_ground(rng, dem: Raster, box, n: int):
    """n points on the DEM cells of `box`, weighted towards its lowest ground."""
    g = dem.grid
    xs, ys = np.asarray(g.x_centers), np.asarray(g.y_centers)
    cols = np.flatnonzero((xs >= box[0]) & (xs <= box[2]))
    rows = np.flatnonzero((ys >= box[1]) & (ys <= box[3]))
    z = dem.values[np.ix_(rows, cols)]
    w = np.exp(-(z - z.min()) / 40.0).ravel()
    k = rng.choice(w.size, n, p=w / w.sum())
    r, c = np.divmod(k, cols.size)
    return xs[cols[c]] + rng.uniform(-15, 15, n), ys[rows[r]] + rng.uniform(-15, 15, n)


def _candidates(rng, h, want, spread, tx, ty, roads, box, dem):
    """About 2·want candidate houses for hamlet h: village core, along roads, low ground."""
    k = rng.multinomial(2 * want + 8, SHARES)
    along = _road_points(rng, roads, box, k[1])
    if along is None:
        along = (tx[h] + rng.normal(0, spread, k[1]), ty[h] + rng.normal(0, spread, k[1]))
    low = _low_ground(rng, dem, box, k[2])
    cx = np.concatenate([tx[h] + rng.normal(0, spread, k[0]), along[0], low[0]])
    cy = np.concatenate([ty[h] + rng.normal(0, spread, k[0]), along[1], low[1]])
    order = rng.permutation(cx.size)                # no bias to one kind when cutting at n
    return cx[order], cy[order]


def build(rng: np.random.Generator, dem: Raster, hamlets: PolygonSet, teams: PointSet, roads: LineSet) -> PointSet:
    """-> households (PointSet in EPSG:32648) with household_id, hamlet_id, residents."""
    from .join import locate

    table = hamlets.attributes
    n = table["households"].to_numpy(np.int64)
    tx, ty = np.asarray(teams.x), np.asarray(teams.y)
    boxes = [hamlets.feature_bounds(h) for h in range(len(hamlets))]
    spread = rng.uniform(120.0, 250.0, len(hamlets))
    got_x = [np.empty(0) for _ in range(len(hamlets))]
    got_y = [np.empty(0) for _ in range(len(hamlets))]
    for _round in range(50):                        # each round: candidates for every hamlet short of houses
        short = [h for h in range(len(hamlets)) if got_x[h].size < n[h]]
        if not short:
            break
        parts = [_candidates(rng, h, n[h] - got_x[h].size, spread[h], tx, ty, roads, boxes[h], dem) for h in short]
        owner = np.repeat(short, [p[0].size for p in parts])
        cx, cy = np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
        inside = locate(PointSet(cx, cy, crs=CRS), hamlets, threads=1) == owner
        for h in short:
            mine = inside & (owner == h)
            got_x[h] = np.concatenate([got_x[h], cx[mine]])[:n[h]]
            got_y[h] = np.concatenate([got_y[h], cy[mine]])[:n[h]]
        spread[short] *= 0.8
    ids, hamlet_ids, residents = [], [], []
    for h in range(len(hamlets)):
        hid = table["hamlet_id"].iloc[h]
        ids.extend(f"{hid}-{i + 1:03d}" for i in range(n[h]))
        hamlet_ids.extend([hid] * int(n[h]))
        residents.append(household_sizes(rng, int(table["population"].iloc[h]), int(n[h])))
    points = PointSet(np.concatenate(got_x), np.concatenate(got_y), crs=CRS)
    points.attributes = pd.DataFrame({"household_id": ids, "hamlet_id": hamlet_ids,
                                      "residents": np.concatenate(residents).astype(np.int64)})
    return points
