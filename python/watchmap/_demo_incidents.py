"""Three years of incidents for the demo district (private to ``watchmap.datasets``).

Each incident comes from one of five spatial processes, so the demo has something for density,
hotspot and trend analysis to find: the town, the valley roads, 3–4 problem hamlets (one fading,
one emerging over the years), a background proportional to hamlet population, and upland forest
(illegal logging found on patrol).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._core import PointSet
from ._demo_terrain import CRS

YEARS = (2023, 2024, 2025)
CATEGORIES = ["theft", "dispute", "gambling", "drugs", "traffic", "illegal logging", "domestic violence"]
# category mix per process (same order as CATEGORIES)
MIX = {
    "town":       [0.32, 0.10, 0.15, 0.15, 0.16, 0.00, 0.12],
    "road":       [0.25, 0.08, 0.05, 0.10, 0.40, 0.12, 0.00],
    "problem":    [0.15, 0.15, 0.30, 0.30, 0.00, 0.00, 0.10],
    "background": [0.20, 0.30, 0.10, 0.05, 0.00, 0.15, 0.20],
    "forest":     [0.00, 0.00, 0.00, 0.10, 0.00, 0.90, 0.00],
}
PROCESSES = list(MIX)
# which process an incident comes from, per source
SOURCE_MIX = {
    "tip":    [0.25, 0.25, 0.25, 0.25, 0.00],
    "report": [0.35, 0.30, 0.15, 0.20, 0.00],
    "patrol": [0.00, 0.30, 0.20, 0.00, 0.50],
}


def _counts(rng):
    """(year, source) -> count: ~220 tips, 100–150 reports and a handful of patrol finds a year."""
    out = {}
    for y in YEARS:
        out[(y, "tip")] = int(np.clip(round(rng.normal(220.0, 8.0)), 200, 240))
        out[(y, "report")] = int(rng.integers(100, 151))
        out[(y, "patrol")] = int(rng.integers(5, 13))
    return out


def _problem_hamlets(rng, table):
    """3–4 rural hamlets with year-by-year intensity: steady, fading, emerging (and one more steady)."""
    rural = np.flatnonzero(table["commune_id"].to_numpy() != "BT-01")
    chosen = rng.choice(rural, size=int(rng.integers(3, 5)), replace=False)
    trend = np.array([[1.0, 1.0, 1.0], [1.4, 0.7, 0.2], [0.2, 0.8, 1.5], [0.8, 1.0, 0.9]])[: chosen.size]
    return chosen, trend


def _forest_cells(dem, outline):
    v = dem.values[::4, ::4]
    X, Y = np.meshgrid(np.asarray(dem.grid.x_centers)[::4], np.asarray(dem.grid.y_centers)[::4])
    inside = outline.contains(X, Y, 100.0)
    return X[inside], Y[inside], np.clip(v[inside] - 350.0, 0.0, None) ** 2


def _locate(rng, process, year, n, ctx):
    """n candidate locations for one process (some may fall outside; the caller redraws those)."""
    if process == "town":
        r = np.abs(rng.normal(0, 700.0, n)) + np.abs(rng.normal(0, 250.0, n))
        a = rng.uniform(0, 2 * np.pi, n)
        return ctx["town"][0] + r * np.cos(a), ctx["town"][1] + r * np.sin(a)
    if process == "road":
        return ctx["valleys"].sample_roads(rng, n, 120.0)
    if process == "problem":
        chosen, trend = ctx["problem"]
        w = trend[:, YEARS.index(year)]
        h = chosen[rng.choice(chosen.size, n, p=w / w.sum())]
        return ctx["sx"][h] + rng.normal(0, 350.0, n), ctx["sy"][h] + rng.normal(0, 350.0, n)
    if process == "background":
        pop = ctx["population"]
        h = rng.choice(pop.size, n, p=pop / pop.sum())
        return ctx["sx"][h] + rng.normal(0, 600.0, n), ctx["sy"][h] + rng.normal(0, 600.0, n)
    fx, fy, fw = ctx["forest"]
    k = rng.choice(fx.size, n, p=fw / fw.sum())
    return fx[k] + rng.uniform(-60, 60, n), fy[k] + rng.uniform(-60, 60, n)


def _days(rng, year, n):
    """Dates in the year, ~30 % more around Tết (late January–February) than in late summer."""
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    w = 1.0 + 0.15 * np.cos(2 * np.pi * (days.dayofyear.to_numpy() - 35) / 365.0)
    return days[rng.choice(days.size, n, p=w / w.sum())]


def build(rng, outline, valleys, dem, teams, hamlets, town_xy) -> PointSet:
    table = hamlets.attributes
    ctx = {"town": town_xy, "valleys": valleys, "problem": _problem_hamlets(rng, table),
           "sx": np.asarray(teams.x), "sy": np.asarray(teams.y),
           "population": table["population"].to_numpy(float), "forest": _forest_cells(dem, outline)}
    xs, ys, dates, cats, sources = [], [], [], [], []
    for (year, source), n in _counts(rng).items():
        process = rng.choice(len(PROCESSES), n, p=SOURCE_MIX[source])
        for p, name in enumerate(PROCESSES):
            m = int((process == p).sum())
            if m == 0:
                continue
            x, y = np.empty(0), np.empty(0)
            while x.size < m:   # keep only points inside the district; redraw the rest
                cx, cy = _locate(rng, name, year, 2 * (m - x.size) + 8, ctx)
                ok = outline.contains(cx, cy, 30.0)
                x, y = np.concatenate([x, cx[ok]]), np.concatenate([y, cy[ok]])
            xs.append(x[:m])
            ys.append(y[:m])
            cats.append(rng.choice(CATEGORIES, m, p=MIX[name]))
            dates.append(_days(rng, year, m))
            sources.append(np.full(m, source))
    frame = pd.DataFrame({"x": np.concatenate(xs), "y": np.concatenate(ys),
                          "date": pd.DatetimeIndex(np.concatenate([d.to_numpy() for d in dates])),
                          "category": np.concatenate(cats), "source": np.concatenate(sources)})
    frame = frame.sort_values(["date", "source", "x"], kind="stable").reset_index(drop=True)
    frame["year"] = frame["date"].dt.year.astype(np.int64)
    frame["incident_id"] = [f"BT-{y}-{k + 1:04d}" for y, k in zip(frame["year"], frame.groupby("year").cumcount())]
    seconds = frame["date"].to_numpy("datetime64[s]").astype(np.int64)
    points = PointSet(frame["x"].to_numpy(), frame["y"].to_numpy(), crs=CRS, time=seconds)
    points.attributes = frame[["incident_id", "date", "year", "category", "source"]]
    return points
