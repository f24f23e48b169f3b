"""Communes, hamlets and security teams of the demo district (private to ``watchmap.datasets``).

Communes are Voronoi cells of 14 seeds (Lloyd-balanced on a coarse grid) clipped to the outline;
hamlets are Voronoi cells of settlement points clipped to their commune, so both levels tile the
district exactly. Settlements are drawn from DEM cells, preferring valley floors.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._core import PointSet, PolygonSet, voronoi_cells
from ._demo_terrain import CRS, Outline

COMMUNES = ["Phủ Thông", "Vi Hương", "Sĩ Bình", "Vũ Muộn", "Đôn Phong", "Lục Bình", "Tân Tú",
            "Nguyên Phúc", "Cao Sơn", "Quân Hà", "Cẩm Giàng", "Mỹ Thanh", "Dương Phong", "Quang Thuận"]
GONG_COMMUNES = {"Vi Hương", "Lục Bình", "Nguyên Phúc"}
N_HAMLETS, N_TOWN_HAMLETS = 155, 10
# Tày/Nùng place-name elements: field, village, river mouth, foot of a hill, stream, water, spring…
LOW_PREFIXES = ["Nà", "Bản", "Pác", "Cốc", "Khuổi", "Nặm", "Bó", "Thôm", "Đon", "Nà"]
HIGH_PREFIXES = ["Khau", "Phiêng", "Lủng", "Pò", "Còn", "Khuổi"]   # pass, upland flat, hollow, hill
SUFFIXES = ["Pài", "Cò", "Vẻn", "Cáp", "Lải", "Mòn", "Lạn", "Tàn", "Đăm", "Quân", "Lẹng", "Chang", "Mu",
            "Khét", "Dài", "Phạ", "Slác", "Nưa", "Cuồng", "Piầu", "Khoang", "Tậu", "Mạ", "Lịa", "Pục",
            "Nọi", "Luông", "Phầy", "Xỏm", "Bẻ", "Lào", "Cọ", "Ngần", "Tém", "Hon", "Vài", "Nghè", "Đeng"]


def _nearest(px, py, sx, sy):
    """Index of the nearest seed and the distance to the nearest Voronoi bisector (the cell margin)."""
    d2 = (px[:, None] - sx[None, :]) ** 2 + (py[:, None] - sy[None, :]) ** 2
    i = np.argmin(d2, axis=1)
    sep = np.hypot(sx[i][:, None] - sx[None, :], sy[i][:, None] - sy[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        margin = (d2 - d2[np.arange(px.size), i][:, None]) / (2.0 * sep)
    margin[np.arange(px.size), i] = np.inf
    return i, margin.min(axis=1)


def commune_seeds(rng, outline: Outline, town_xy) -> np.ndarray:
    """14 seeds: the town fixed on the valley, 13 more Lloyd-relaxed with a density peaked on the town
    (so communes near the town come out smaller, as real ones do)."""
    g = np.arange(-22e3, 22e3, 250.0)
    px, py = (a.ravel() for a in np.meshgrid(outline.cx + g, outline.cy + g))
    keep = outline.contains(px, py, 0.0)
    px, py = px[keep], py[keep]
    rho = 1.0 + 3.0 * np.exp(-((px - town_xy[0]) ** 2 + (py - town_xy[1]) ** 2) / 5000.0 ** 2)
    seeds = [np.asarray(town_xy, dtype=float)]
    for j in rng.permutation(px.size):                      # spread-out start: ≥ 4 km apart
        if all(np.hypot(px[j] - s[0], py[j] - s[1]) > 4000.0 for s in seeds):
            seeds.append(np.array([px[j], py[j]]))
            if len(seeds) == len(COMMUNES):
                break
    seeds = np.array(seeds)
    for _ in range(4):
        owner, _m = _nearest(px, py, seeds[:, 0], seeds[:, 1])
        w = np.bincount(owner, rho, len(seeds))
        cx = np.bincount(owner, rho * px, len(seeds)) / w
        cy = np.bincount(owner, rho * py, len(seeds)) / w
        ok = outline.contains(cx, cy, 500.0)
        ok[0] = False                                         # the town stays in its valley
        seeds[ok] = np.column_stack([cx, cy])[ok]
    # name the rural communes clockwise from north around the district centre
    angle = np.mod(np.pi / 2 - np.arctan2(seeds[1:, 1] - outline.cy, seeds[1:, 0] - outline.cx), 2 * np.pi)
    return np.vstack([seeds[:1], seeds[1:][np.argsort(angle, kind="stable")]])


def hamlet_counts(commune_areas: np.ndarray) -> np.ndarray:
    """10 town quarters; 145 rural hamlets shared by area^0.8 with largest remainders."""
    share = commune_areas[1:] ** 0.8
    quota = share / share.sum() * (N_HAMLETS - N_TOWN_HAMLETS)
    counts = np.floor(quota).astype(int)
    counts[np.argsort(counts - quota, kind="stable")[: N_HAMLETS - N_TOWN_HAMLETS - counts.sum()]] += 1
    return np.concatenate([[N_TOWN_HAMLETS], counts])


def settlements(rng, outline, seeds, counts, dem, town_xy):
    """Settlement points per commune, drawn from 90 m DEM cells: low ground preferred, spaced apart,
    each ≥ 60 m inside its commune (so it lies strictly inside its own hamlet cell)."""
    v = dem.values[::3, ::3]
    X, Y = np.meshgrid(np.asarray(dem.grid.x_centers)[::3], np.asarray(dem.grid.y_centers)[::3])
    X, Y, E = X.ravel(), Y.ravel(), v.ravel()
    inside = outline.contains(X, Y, 150.0)
    X, Y, E = X[inside], Y[inside], E[inside]
    owner, margin = _nearest(X, Y, seeds[:, 0], seeds[:, 1])
    out = []
    for c, n in enumerate(counts):
        sel = np.flatnonzero((owner == c) & (margin > 120.0))
        e = E[sel]
        if c == 0:   # the town: quarters packed around the centre on the valley floor
            d2 = (X[sel] - town_xy[0]) ** 2 + (Y[sel] - town_xy[1]) ** 2
            w, spacing = np.exp(-d2 / 1800.0 ** 2 - (e - e.min()) / 60.0), 380.0
        else:        # villages hug the valley floors; a few sit up on the slopes
            w = np.exp(-(e - e.min()) / 70.0) + 0.02
            spacing = 0.35 * np.sqrt(sel.size * 8100.0 / n)
        pick = sel[rng.choice(sel.size, size=80 * n, p=w / w.sum())]
        cx = X[pick] + rng.uniform(-40.0, 40.0, pick.size)
        cy = Y[pick] + rng.uniform(-40.0, 40.0, pick.size)
        while True:  # greedy spacing; relax the spacing until n fit
            chosen = []
            for x, y in zip(cx, cy):
                if all((x - a) ** 2 + (y - b) ** 2 > spacing ** 2 for a, b in chosen):
                    chosen.append((x, y))
                    if len(chosen) == n:
                        break
            if len(chosen) == n:
                break
            spacing *= 0.85
        pts = np.array(chosen)
        order = np.argsort(np.hypot(pts[:, 0] - seeds[c, 0], pts[:, 1] - seeds[c, 1]), kind="stable")
        out.append(pts[order])                                # hamlet 01 is the commune centre
    return out


def concat(parts, crs=CRS) -> PolygonSet:
    return PolygonSet.from_wkb([b for p in parts for b in p.to_wkb()], crs=crs)


def hamlet_names(rng, is_town, high):
    names, used = [], set()
    town_no = 0
    for t, h in zip(is_town, high):
        if t:
            town_no += 1
            names.append(f"Tổ {town_no}")
            continue
        prefixes = HIGH_PREFIXES if h else LOW_PREFIXES
        while True:
            name = f"{prefixes[rng.integers(len(prefixes))]} {SUFFIXES[rng.integers(len(SUFFIXES))]}"
            if name not in used:
                used.add(name)
                names.append(name)
                break
    return names


def hamlet_table(rng, counts, elev, areas_m2) -> pd.DataFrame:
    """One row per hamlet, in commune order: ids, names, people, ethnicity, movement, gong."""
    commune_no = np.repeat(np.arange(len(counts)), counts)
    index_in = np.concatenate([np.arange(1, n + 1) for n in counts])
    is_town = commune_no == 0
    rural_elev = elev[~is_town]
    high = ~is_town & (elev > np.quantile(rural_elev, 0.8))
    # people: lognormal sizes, town quarters ~2.8× larger, upland hamlets smaller; total ≈ 30,000
    rank = np.argsort(np.argsort(elev)) / (elev.size - 1)
    raw = rng.lognormal(0.0, 0.35, elev.size) * np.where(is_town, 2.8, 1.0 - 0.35 * rank)
    population = np.round(raw / raw.sum() * 30000.0 * rng.uniform(0.98, 1.02)).astype(np.int64)
    households = np.round(population / rng.normal(4.3, 0.25, elev.size)).astype(np.int64)
    ethnic = np.where(rng.random(elev.size) < 0.82, "Tày", np.where(rng.random(elev.size) < 0.65, "Nùng", "Kinh"))
    ethnic = np.where(high, rng.choice(["Dao", "H'Mông", "Nùng"], elev.size, p=[0.5, 0.2, 0.3]), ethnic)
    ethnic = np.where(is_town, np.where(rng.random(elev.size) < 0.8, "Kinh", "Tày"), ethnic)
    # the "whole people protect national security" movement: launched in exactly 30 hamlets
    launched = np.zeros(elev.size, dtype=bool)
    launched[rng.choice(elev.size, 30, replace=False)] = True
    share = population * rng.uniform(0.7, 1.3, elev.size) * launched
    attendees = np.minimum(np.round(share / share.sum() * 900.0 * rng.uniform(0.97, 1.03)), population)
    commune_names = np.array(COMMUNES)[commune_no]
    return pd.DataFrame({
        "hamlet_id": [f"BT-{c + 1:02d}-{i:02d}" for c, i in zip(commune_no, index_in)],
        "hamlet": hamlet_names(rng, is_town, high),
        "commune_id": [f"BT-{c + 1:02d}" for c in commune_no],
        "commune": commune_names,
        "population": population,
        "households": households,
        "ethnic_majority": ethnic,
        "movement_launched": launched,
        "movement_attendees": attendees.astype(np.int64),
        "security_gong": np.isin(commune_names, list(GONG_COMMUNES)),
        "area_km2": np.round(areas_m2 / 1e6, 4),
    })


def build(rng, outline: Outline, valleys, dem):
    """-> (boundary, communes, hamlets, teams, settlement elevations)."""
    boundary = outline.polygon()
    boundary.attributes = pd.DataFrame({"name": ["Bạch Thông"], "area_km2": np.round(boundary.areas() / 1e6, 4)})
    tx = outline.cx + rng.uniform(-4000.0, 4000.0)
    town_xy = (tx, float(valleys.main_y(tx)))
    seeds = commune_seeds(rng, outline, town_xy)
    communes = voronoi_cells(PointSet(seeds[:, 0], seeds[:, 1], crs=CRS), boundary)
    counts = hamlet_counts(communes.areas())
    points = settlements(rng, outline, seeds, counts, dem, town_xy)
    hamlets = concat([voronoi_cells(PointSet(p[:, 0], p[:, 1], crs=CRS), communes.take([c]))
                      for c, p in enumerate(points)])
    sx, sy = np.concatenate(points).T
    elev = _sample(dem, sx, sy)
    table = hamlet_table(rng, counts, elev, hamlets.areas())
    hamlets.attributes = table
    communes.attributes = pd.DataFrame({
        "commune_id": [f"BT-{c + 1:02d}" for c in range(len(COMMUNES))],
        "commune": COMMUNES,
        "hamlets": counts.astype(np.int64),
        "population": table.groupby("commune_id", sort=True)["population"].sum().to_numpy(np.int64),
        "area_km2": np.round(communes.areas() / 1e6, 4),
    })
    teams = PointSet(sx, sy, crs=CRS)
    teams.attributes = pd.DataFrame({
        "team_id": ["T-" + h for h in table["hamlet_id"]],
        "hamlet_id": table["hamlet_id"], "hamlet": table["hamlet"], "commune": table["commune"],
        "members": rng.integers(4, 8, len(table)).astype(np.int64),
    })
    return boundary, communes, hamlets, teams, town_xy


def _sample(dem, x, y):
    """Nearest-cell DEM value at points (row 0 = north)."""
    g = dem.grid
    col = np.clip(((np.asarray(x) - g.xmin) // g.cell_size_m).astype(int), 0, g.ncols - 1)
    row = np.clip(((g.ymax - np.asarray(y)) // g.cell_size_m).astype(int), 0, g.nrows - 1)
    return dem.values[row, col]
