"""Coverage by the security teams: within ``radius_m`` straight-line and within ``minutes`` walking
over the terrain; the coverage and travel-time maps, the gap polygons and the hamlets below the
threshold.

Written against the API of issue 9 (``watchmap.coverage``, ``travel_time``, ``isochrones``); until
that lands the section says "not available in this version". The names this module assumes for
the result's fields are in ``_BY_HAMLET`` and ``_summary_value`` — the one place to adjust.
"""
from __future__ import annotations

import inspect
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import figures
from .. import html as H
from .._section import Context, Section, unavailable

KEY = "coverage"

# Coverage.by_hamlet columns (issue 9 names them in prose; first match wins)
_BY_HAMLET = {
    "residents_share": ("residents_share", "covered_share_residents", "population_share", "covered_share"),
    "area_share": ("area_share", "covered_share_area"),
    "incidents_share": ("incidents_share", "covered_share_incidents"),
    "minutes": ("minutes", "nearest_team_minutes", "minutes_to_team"),
    "metres": ("metres", "nearest_team_m", "distance_m", "metres_to_team"),
    "nearest_team": ("nearest_team", "nearest_team_id", "team_id"),
    "teams_covering": ("teams_covering", "n_teams", "covering_teams"),
}


def available() -> bool:
    import watchmap

    return hasattr(watchmap, "coverage")


def _column(frame: pd.DataFrame, key: str, required: bool = False):
    for name in _BY_HAMLET[key]:
        if name in frame.columns:
            return frame[name].to_numpy()
    if required:
        raise KeyError(f"Coverage.by_hamlet has none of the columns {_BY_HAMLET[key]} "
                       f"(it has {list(frame.columns)}); update _BY_HAMLET in {__name__}")
    return None


def _summary_value(summary, name: str):
    """A named field of Coverage.summary, whether it is a mapping or an object."""
    if isinstance(summary, Mapping):
        return summary.get(name)
    return getattr(summary, name, None)


def _with_progress(fn, ctx: Context, lo: float, hi: float) -> dict:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}
    if "progress" in params:
        return {"progress": lambda f: ctx.progress(lo + (hi - lo) * f)}
    return {}


def _measure(cov, frame_key: str, ctx: Context) -> dict:
    """District totals and per-hamlet arrays of one Coverage result."""
    s = cov.summary
    by = cov.by_hamlet
    below = _summary_value(s, "hamlets_below")
    n = len(ctx.district.hamlets)
    return {
        "residents_share": _summary_value(s, "residents_share"),
        "incidents_share": _summary_value(s, "incidents_share"),
        "area_share": _summary_value(s, "area_share"),
        "hamlets_below": list(below) if below is not None else [],
        "hamlets_share": 1.0 - (len(below) / n if below is not None and n else 0.0),
        "by_residents": _column(by, "residents_share", required=True).astype(float),
        "to_team": _column(by, frame_key),
        "nearest_team": _column(by, "nearest_team"),
        "teams_covering": _column(by, "teams_covering"),
    }


def run(ctx: Context) -> Section:
    W = ctx.words
    if not available():
        return unavailable(KEY, W["sec_coverage"], ctx, W["sec_coverage"], "watchmap.coverage")
    import watchmap as wm
    from ... import plot

    d, o = ctx.district, ctx.options
    sec = Section(KEY, W["sec_coverage"])
    incidents = d.incidents[ctx.shared["incident_years"] == ctx.year]
    population = ctx.households
    common = dict(population=population, incidents=incidents, threshold=o.threshold)

    by_distance = wm.coverage(d.teams, d.hamlets, radius_m=o.radius_m, **common)
    ctx.progress(0.15)
    dist = _measure(by_distance, "metres", ctx)
    main, main_cov, how = dist, by_distance, W["by_distance"].format(r=ctx.distance(o.radius_m))
    tt = by_time = timed = None
    if d.dem is not None and hasattr(wm, "travel_time"):
        tt = wm.travel_time(d.dem, d.teams, **_with_progress(wm.travel_time, ctx, 0.15, 0.5))
        by_time = wm.coverage(d.teams, d.hamlets, travel_time=tt, minutes=o.minutes, **common)
        timed = _measure(by_time, "minutes", ctx)
        main, main_cov, how = timed, by_time, W["by_time"].format(m=ctx.number(o.minutes))
        ctx.shared["travel_time"] = tt
    ctx.shared["coverage"] = main_cov
    ctx.shared["coverage_how"] = how
    ctx.progress(0.55)

    # numbers for the summary and the tests
    for label, m in (("distance", dist), ("time", timed)):
        if m is None:
            continue
        for k in ("residents_share", "incidents_share", "area_share", "hamlets_share"):
            if m[k] is not None:
                sec.facts[f"{k}_{label}"] = float(m[k])
        sec.facts[f"hamlets_below_{label}"] = len(m["hamlets_below"])

    # per-hamlet columns (the web map's popup reads covered_share, nearest_team, *_minutes, *_m)
    cols = {f"covered_share_{int(o.radius_m)}m": dist["by_residents"], "covered_share": main["by_residents"]}
    if dist["to_team"] is not None:
        cols["nearest_team_m"] = dist["to_team"].astype(float)
    if timed is not None:
        cols[f"covered_share_{o.minutes:g}min"] = timed["by_residents"]
        if timed["to_team"] is not None:
            cols["nearest_team_minutes"] = timed["to_team"].astype(float)
    if main["nearest_team"] is not None:
        cols["nearest_team"] = np.asarray(main["nearest_team"]).astype(str)
    if main["teams_covering"] is not None:
        cols["teams_covering"] = main["teams_covering"]
    ctx.add_hamlet_columns(**cols)

    # maps
    fig = figures.map_page(plot.coverage_map, d.hamlets, main["by_residents"], teams=d.teams,
                           gaps=main_cov.gaps, threshold=o.threshold, boundary=d.boundary,
                           lang=ctx.lang, synthetic=ctx.synthetic, date=ctx.date)
    caption = (W["coverage_time_caption"].format(m=ctx.number(o.minutes)) if timed is not None
               else W["coverage_distance_caption"].format(r=ctx.distance(o.radius_m)))
    sec.blocks.append(H.figure(figures.png_data_uri(fig, o.dpi), caption, fid="coverage"))
    ctx.progress(0.7)
    iso = None
    if tt is not None:
        bands = [b for b in (10.0, 20.0, 30.0, 45.0, 60.0) if b <= o.minutes] or [o.minutes]
        if o.minutes not in bands:
            bands.append(o.minutes)
        iso = wm.isochrones(tt, minutes=bands) if hasattr(wm, "isochrones") else None
        fig = figures.map_page(plot.travel_time_map, tt.minutes, dem=d.dem, isochrones=iso,
                               teams=d.teams, boundary=d.boundary, bands=bands, lang=ctx.lang,
                               synthetic=ctx.synthetic, date=ctx.date)
        sec.blocks.append(H.figure(figures.png_data_uri(fig, o.dpi), W["travel_caption"], fid="travel_time"))
        sec.rasters["travel_time.tif"] = tt.minutes
        if iso is not None:
            sec.layers["isochrones"] = iso
            sec.web["isochrones"] = iso
    ctx.progress(0.85)
    if not ctx.synthetic and d.dem is None:
        sec.blocks.append(H.note(W["skipped_no_dem"].format(what=W["by_time"].format(m=ctx.number(o.minutes)))))

    # shares table and the hamlets below the threshold
    sec.blocks.append(_shares_table(ctx, dist, timed))
    block, below = _below_table(ctx, main, how, timed is not None)
    sec.blocks.append(block)
    sec.tables["hamlets_below_threshold"] = below

    # layers and tables
    r_tag, m_tag = f"{int(o.radius_m)}m", f"{o.minutes:g}min"
    sec.layers[f"covered_{r_tag}"], sec.layers[f"gaps_{r_tag}"] = by_distance.covered, by_distance.gaps
    if by_time is not None:
        sec.layers[f"covered_{m_tag}"], sec.layers[f"gaps_{m_tag}"] = by_time.covered, by_time.gaps
    sec.web["gaps"] = main_cov.gaps
    table = by_distance.by_hamlet.add_suffix(f"_{r_tag}")
    if by_time is not None:
        table = table.join(by_time.by_hamlet.add_suffix(f"_{m_tag}"))
    ids = d.hamlets.attributes[["hamlet_id", "hamlet"]].reset_index(drop=True)
    sec.tables["coverage_by_hamlet"] = pd.concat([ids, table.reset_index(drop=True)], axis=1)
    sec.method.append((W["m_coverage"], H.esc(W["m_coverage_v"].format(
        r=ctx.distance(o.radius_m), m=ctx.number(o.minutes), pct=ctx.percent(o.threshold)))))
    ctx.progress(1.0)
    return sec


def _shares_table(ctx: Context, dist: dict, timed) -> str:
    W, o = ctx.words, ctx.options
    head = [("what", W["coverage_shares"], "text"), ("distance", W["by_distance"].format(r=ctx.distance(o.radius_m)), "pct")]
    if timed is not None:
        head.append(("time", W["by_time"].format(m=ctx.number(o.minutes)), "pct"))
    rows = []
    for key, label in (("hamlets_share", W["share_hamlets"].format(pct=ctx.percent(o.threshold))),
                       ("residents_share", W["share_residents"]),
                       ("incidents_share", W["share_incidents"].format(year=ctx.year)),
                       ("area_share", W["share_area"])):
        rows.append({"key": key, "what": label, "distance": dist.get(key),
                     "time": timed.get(key) if timed is not None else None})
    return H.table(ctx, pd.DataFrame(rows), head, name="coverage_shares", id_col="key", cls="narrow")


def _below_table(ctx: Context, main: dict, how: str, timed: bool) -> str:
    W, o, d = ctx.words, ctx.options, ctx.district
    frame = d.hamlets.attributes.copy().reset_index(drop=True)
    frame["residents_share"] = main["by_residents"]
    if main["to_team"] is not None:
        frame["to_team"] = np.asarray(main["to_team"], dtype=float)
    if main["nearest_team"] is not None:
        frame["nearest_team"] = np.asarray(main["nearest_team"]).astype(str)
    below = frame[frame["residents_share"] < o.threshold].sort_values(
        ["residents_share", "hamlet_id"], kind="stable")
    pct = ctx.percent(o.threshold)
    if below.empty:
        return H.paragraph(H.esc(W["none_below"].format(pct=pct, how=how))), below
    cols = [("hamlet_id", W["hamlet_id"], "text"), ("hamlet", W["hamlet"], "text")]
    if "commune" in frame:
        cols.append(("commune", W["commune"], "text"))
    cols += [("population", W["population"], "int"), ("residents_share", W["residents_covered"], "pct")]
    if "to_team" in frame:
        cols.append(("to_team", W["minutes_to_team"] if timed else W["metres_to_team"], "int"))
    if "nearest_team" in frame:
        cols.append(("nearest_team", W["nearest_team"], "text"))
    return H.table(ctx, below, cols, name="hamlets_below", id_col="hamlet_id",
                   caption=W["below_caption"].format(pct=pct, how=how)), below
