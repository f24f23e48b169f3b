"""Roads of the demo district (private to ``watchmap.datasets``).

A provincial road follows the main valley; every commune centre (its hamlet 01 settlement) is
joined to the network by a commune road along the quickest walking route over the terrain (old
footpaths become roads), and every settlement farther than ``TRAIL_FROM_M`` from a road by a trail.
Routes are traced on a 90 m copy of the DEM with its relief exaggerated (roads want gentle grades),
cells outside the district impassable, so roads stay inside it. Each route descends the walking time to the provincial road (``travel_time`` towards it)
and stops where it meets a road already built, so the network is a tree whose junctions are shared
vertices (cell centres): the roads connect every commune centre.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ._core import Grid, LineSet, PointSet, Raster
from ._demo_terrain import CRS, Outline, Valleys

COARSE = 3                  # 30 m DEM cells per side of a routing cell (90 m)
INSIDE_M = 60.0             # routing cells' centres stay this far inside the district
TRAIL_FROM_M = 250.0        # settlements farther than this from a road get a trail
# Routes are walked on terrain with its relief exaggerated this much: roads need gentle grades, so
# they keep to the valley floors and follow the contours rather than climbing straight over a hill.
RELIEF = 4.0
PROVINCIAL_NAME = "ĐT 257"
MOVES = [(0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1)]


def _routing_grid(dem: Raster, outline: Outline):
    """The DEM at 90 m (centres of the middle 30 m cells), relief × RELIEF, cells outside the
    district as NaN."""
    g = dem.grid
    nr, nc = g.nrows // COARSE, g.ncols // COARSE
    z = np.array(dem.values[1:nr * COARSE:COARSE, 1:nc * COARSE:COARSE], dtype=float)
    cell = g.cell_size_m * COARSE
    grid = Grid(xmin=g.xmin, ymin=g.ymax - nr * cell, cell_size_m=cell, ncols=nc, nrows=nr, crs=CRS)
    xs, ys = np.asarray(grid.x_centers), np.asarray(grid.y_centers)
    z[~outline.contains(xs[None, :], ys[:, None], INSIDE_M)] = np.nan
    return grid, RELIEF * z, xs, ys


def _valley_cells(valleys: Valleys, z, xs, ys, cell: float) -> list:
    """Cells along the main valley, west to east, 8-connected: the provincial road."""
    ymax = ys[0] + cell / 2
    rows = np.floor((ymax - valleys.main_y(xs)) / cell).astype(int)
    ok = (rows >= 0) & (rows < z.shape[0])
    ok[ok] = np.isfinite(z[rows[ok], np.flatnonzero(ok)])
    # the longest run of consecutive columns inside the district
    best, start = (0, 0), None
    for c in range(len(ok) + 1):
        if c < len(ok) and ok[c]:
            start = c if start is None else start
        elif start is not None:
            best = max(best, (c - start, start))
            start = None
    length, first = best
    path = []
    for c in range(first, first + length):
        r = rows[c]
        if path:
            pr, pc = path[-1]
            while abs(r - pr) > 1:                  # steep stretch: step along the previous column
                pr += 1 if r > pr else -1
                path.append((pr, pc))
        path.append((r, c))
    return [p for p in path if np.isfinite(z[p])]


def _descend(start, z, to_road, cell: float, network: dict) -> list:
    """The quickest walking route from `start` to a network cell: each step goes to the neighbour
    v minimising t(u → v) + T(v) (Tobler on a path), T = minutes from v to the provincial road."""
    path = [start]
    u = start
    nr, nc = z.shape
    while u not in network:
        best, best_t = None, math.inf
        for dr, dc in MOVES:
            v = (u[0] + dr, u[1] + dc)
            if not (0 <= v[0] < nr and 0 <= v[1] < nc) or not math.isfinite(to_road[v]):
                continue
            length = cell * math.hypot(dr, dc)
            t = 0.01 * length * math.exp(3.5 * abs((z[v] - z[u]) / length + 0.05)) + to_road[v]
            if t < best_t:
                best, best_t = v, t
        if best is None or to_road[best] >= to_road[u]:
            break                                   # unreachable (cannot happen on a connected district)
        u = best
        path.append(u)
    return path


def build(outline: Outline, valleys: Valleys, dem: Raster, teams: PointSet, hamlets) -> LineSet:
    """-> roads (LineSet in EPSG:32648) with road_id, kind, name, commune."""
    from .travel_time import travel_time

    grid, z, xs, ys = _routing_grid(dem, outline)
    cell = grid.cell_size_m
    provincial = _valley_cells(valleys, z, xs, ys, cell)
    pr, pc = np.array(provincial).T
    sources = PointSet(xs[pc], ys[pr], crs=CRS)
    tt = travel_time(Raster(z, grid, nodata=float("nan")), sources, direction="to_source", off_path_factor=1.0)
    to_road = np.asarray(tt.minutes.values)

    network = {p: True for p in provincial}
    lines = [np.column_stack([xs[pc], ys[pr]])]
    kinds, names, communes = ["provincial road"], [PROVINCIAL_NAME], [""]

    def cell_of(x, y):
        return int((grid.ymax - y) // cell), int((x - grid.xmin) // cell)

    def add_route(x, y, kind, name, commune):
        path = _descend(cell_of(x, y), z, to_road, cell, network)
        if len(path) == 1 and path[0] in network and math.hypot(xs[path[0][1]] - x, ys[path[0][0]] - y) < 1.0:
            return
        coords = [(x, y)] + [(xs[c], ys[r]) for r, c in path]
        for p in path:
            network[p] = True
        lines.append(np.array(coords))
        kinds.append(kind)
        names.append(name)
        communes.append(commune)

    table = hamlets.attributes
    tx, ty = np.asarray(teams.x), np.asarray(teams.y)
    centres = np.flatnonzero(table["hamlet_id"].str.endswith("-01").to_numpy())
    for h in centres:                               # commune roads, in commune order
        commune = table["commune"].iloc[h]
        add_route(tx[h], ty[h], "commune road", f"Đường xã {commune}", commune)
    road_cells = np.array(list(network))
    for h in np.argsort(-np.asarray(table["population"]), kind="stable"):   # trails, larger hamlets first
        if h in centres:
            continue
        r, c = cell_of(tx[h], ty[h])
        road_cells = np.array(list(network))
        gap = cell * np.hypot(road_cells[:, 0] - r, road_cells[:, 1] - c).min()
        if gap > TRAIL_FROM_M:
            add_route(tx[h], ty[h], "trail", f"Đường mòn {table['hamlet'].iloc[h]}", table["commune"].iloc[h])

    x = np.concatenate([line[:, 0] for line in lines])
    y = np.concatenate([line[:, 1] for line in lines])
    parts = np.concatenate([[0], np.cumsum([len(line) for line in lines])])
    roads = LineSet(x, y, parts, np.arange(len(lines) + 1), crs=CRS)
    roads.attributes = pd.DataFrame({
        "road_id": [f"R-{k:03d}" for k in range(len(lines))],
        "kind": kinds, "name": names, "commune": communes,
        "length_km": np.round(roads.lengths() / 1000.0, 3),
    })
    return roads
