"""Coverage by the security teams: within ``radius_m`` straight-line and within ``minutes`` walking
over the terrain (``watchmap.coverage``, ``travel_time``, ``isochrones``); the coverage and
travel-time maps, the gaps where people live, and the hamlets below the threshold.

Walking time needs an elevation model: without a DEM that part is skipped and the report says so
(``ctx.skipped``). Roads and trails in the district data are walked at path speed.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import figures
from .. import html as H
from .._section import Context, Section

KEY = "coverage"
ISOCHRONE_BANDS = (10.0, 20.0, 30.0, 45.0, 60.0)


def _measure(cov, to_team: str, n_hamlets: int) -> dict:
    """District totals and per-hamlet arrays of one Coverage result."""
    s, by = cov.summary, cov.by_hamlet
    below = list(s.hamlets_below)
    return {
        "residents_share": s.residents_share, "incidents_share": s.incidents_share, "area_share": s.area_share,
        "hamlets_below": below, "hamlets_share": 1.0 - len(below) / n_hamlets if n_hamlets else None,
        "by_residents": by["residents_share"].to_numpy(float),
        "to_team": by[to_team].to_numpy(float),
        "nearest_team": by["nearest_team"].astype(str).to_numpy(),
        "teams_covering": by["teams_covering"].to_numpy(),
    }


def uncovered_households(ctx: Context, tt) -> np.ndarray:
    """Which households no team reaches: the cell's walking minutes above ``minutes`` (or none), else
    the nearest team farther than ``radius_m`` — coverage()'s rule for population points."""
    from ...nearest import nearest

    hh, o = ctx.households, ctx.options
    if tt is not None:
        return ~(np.asarray(tt.minutes.sample(hh)) <= o.minutes)
    return nearest(hh, ctx.district.teams)[1] > o.radius_m


def run(ctx: Context) -> Section:
    import watchmap as wm
    from ... import plot

    d, o, W = ctx.district, ctx.options, ctx.words
    sec = Section(KEY, W["sec_coverage"])
    common = dict(population=ctx.households, incidents=ctx.incidents_in_year, threshold=o.threshold)
    n = len(d.hamlets)

    by_distance = wm.coverage(d.teams, d.hamlets, radius_m=o.radius_m, **common)
    ctx.progress(0.15)
    dist = _measure(by_distance, "distance_m", n)
    main, main_cov = dist, by_distance
    how = W["by_distance"].format(r=ctx.distance(o.radius_m))
    tt = by_time = timed = None
    if d.dem is not None:
        tt = wm.travel_time(d.dem, d.teams, roads=d.roads, progress=lambda f: ctx.progress(0.15 + 0.35 * f))
        by_time = wm.coverage(d.teams, d.hamlets, travel_time=tt, minutes=o.minutes, **common)
        timed = _measure(by_time, "minutes", n)
        main, main_cov = timed, by_time
        how = W["by_time"].format(m=ctx.number(o.minutes))
        ctx.shared["travel_time"] = tt
    else:
        ctx.skipped["walking_time"] = W["skipped_no_dem"].format(what=W["by_time"].format(m=ctx.number(o.minutes)))
    ctx.shared.update(coverage=main_cov, coverage_how=how)
    ctx.progress(0.55)

    # numbers for the summary and the tests
    for label, m in (("distance", dist), ("time", timed)):
        if m is None:
            continue
        for k in ("residents_share", "incidents_share", "area_share", "hamlets_share"):
            if m[k] is not None and np.isfinite(m[k]):
                sec.facts[f"{k}_{label}"] = float(m[k])
        sec.facts[f"hamlets_below_{label}"] = len(m["hamlets_below"])
    gap_frame = main_cov.gaps.attributes
    sec.facts.update(gaps=len(gap_frame), gap_residents=float(gap_frame["residents"].sum()),
                     gap_incidents=int(gap_frame["incidents"].sum()))
    out = None
    if ctx.households is not None:          # the households no team reaches: the map's red dots
        out = uncovered_households(ctx, tt)
        residents = ctx.households.attributes["residents"].to_numpy(float)
        sec.facts.update(households_uncovered=int(out.sum()), residents_uncovered=float(residents[out].sum()))

    # per-hamlet columns (the web map's popup reads covered_share, nearest_team, *_minutes, *_m)
    cols = {f"covered_share_{int(o.radius_m)}m": dist["by_residents"], "covered_share": main["by_residents"],
            "nearest_team_m": dist["to_team"]}
    if timed is not None:
        cols[f"covered_share_{o.minutes:g}min"] = timed["by_residents"]
        cols["nearest_team_minutes"] = timed["to_team"]
    cols.update(nearest_team=main["nearest_team"], teams_covering=main["teams_covering"])
    ctx.add_hamlet_columns(**cols)

    # maps
    where = (dict(uncovered=ctx.households[np.flatnonzero(out)]) if out is not None
             else dict(gaps=main_cov.gaps))
    fig = figures.map_page(plot.coverage_map, d.hamlets, main["by_residents"], teams=d.teams,
                           threshold=o.threshold, boundary=d.boundary, lang=ctx.lang, synthetic=ctx.synthetic,
                           date=ctx.date, **where)
    caption = (W["coverage_time_caption"].format(m=ctx.number(o.minutes)) if timed is not None
               else W["coverage_distance_caption"].format(r=ctx.distance(o.radius_m)))
    if out is not None:
        caption += " " + W["coverage_uncovered_note"].format(
            n=ctx.number(sec.facts["households_uncovered"]), residents=ctx.number(sec.facts["residents_uncovered"]),
            how=how)
    else:
        caption += " " + W["coverage_gaps_note"].format(how=how)
    sec.blocks.append(H.figure(figures.png_data_uri(fig, o.dpi), caption, fid="coverage"))
    ctx.progress(0.7)
    if tt is not None:
        bands = [b for b in ISOCHRONE_BANDS if b <= o.minutes] or [o.minutes]
        if o.minutes not in bands:
            bands.append(o.minutes)
        iso = wm.isochrones(tt, minutes=bands)
        fig = figures.map_page(plot.travel_time_map, tt.minutes, dem=d.dem, isochrones=iso, teams=d.teams,
                               boundary=d.boundary, roads=d.roads, bands=bands, lang=ctx.lang,
                               synthetic=ctx.synthetic, date=ctx.date)
        sec.blocks.append(H.figure(figures.png_data_uri(fig, o.dpi), W["travel_caption"], fid="travel_time"))
        sec.rasters["travel_time.tif"] = tt.minutes
        sec.web["isochrones"] = iso
    else:
        sec.blocks.append(H.note(ctx.skipped["walking_time"]))
    ctx.progress(0.85)

    # shares table and the hamlets below the threshold
    measures = {"distance": dist, "time": timed}
    sec.blocks.append(shares_table(ctx, lambda key, how: measures[how][key], timed=timed is not None,
                                   name="coverage_shares"))
    block, below = _below_table(ctx, main, how, timed is not None)
    sec.blocks.append(block)
    sec.tables["hamlets_below_threshold"] = below

    # layers and tables
    r_tag, m_tag = f"{int(o.radius_m)}m", f"{o.minutes:g}min"
    sec.layers[f"covered_{r_tag}"], sec.layers[f"gaps_{r_tag}"] = by_distance.covered, by_distance.gaps
    table = by_distance.by_hamlet.add_suffix(f"_{r_tag}")
    if by_time is not None:
        sec.layers[f"covered_{m_tag}"], sec.layers[f"gaps_{m_tag}"] = by_time.covered, by_time.gaps
        sec.layers["isochrones"] = sec.web["isochrones"]
        table = table.join(by_time.by_hamlet.add_suffix(f"_{m_tag}"))
    sec.web["gaps"] = main_cov.gaps
    ids = d.hamlets.attributes[["hamlet_id", "hamlet"]].reset_index(drop=True)
    sec.tables["coverage_by_hamlet"] = pd.concat([ids, table.reset_index(drop=True)], axis=1)
    sec.method.append((W["m_coverage"], H.esc(_method_text(ctx, tt))))
    ctx.progress(1.0)
    return sec


def _method_text(ctx: Context, tt) -> str:
    """The coverage parameters as used: radius, and minutes over which DEM, neighbours, speeds and roads."""
    W, o, d = ctx.words, ctx.options, ctx.district
    parts = [W["m_coverage_distance"].format(r=ctx.distance(o.radius_m))]
    if tt is not None:
        roads = (W["m_roads"].format(n=ctx.number(len(d.roads))) if d.roads is not None and len(d.roads)
                 else W["m_no_roads"])
        parts.append(W["m_coverage_time"].format(cell=ctx.number(d.dem.grid.cell_width), nb=tt.neighbours,
                                                 factor=ctx.number(tt.off_path_factor, 1), roads=roads,
                                                 m=ctx.number(o.minutes)))
    else:
        parts.append(ctx.skipped["walking_time"] + ".")
    parts.append(W["m_people_households"].format(n=ctx.number(len(ctx.households))) if ctx.households is not None
                 else W["m_people_spread"])
    parts.append(W["m_threshold"].format(year=ctx.year, pct=ctx.percent(o.threshold)))
    return " ".join(parts)


def shares_table(ctx: Context, value, *, timed: bool, name: str, area: bool = True) -> str:
    """Shares of hamlets, residents, incidents (and area) covered, by distance and by walking time;
    ``value(key, "distance" | "time")`` gives each (the section's measures or its facts)."""
    W, o = ctx.words, ctx.options
    head = [("what", W["coverage_shares"], "text"),
            ("distance", W["by_distance"].format(r=ctx.distance(o.radius_m)), "pct1")]
    if timed:
        head.append(("time", W["by_time"].format(m=ctx.number(o.minutes)), "pct1"))
    rows = [("hamlets_share", W["share_hamlets"].format(pct=ctx.percent(o.threshold))),
            ("residents_share", W["share_residents"]),
            ("incidents_share", W["share_incidents"].format(year=ctx.year))]
    if area:
        rows.append(("area_share", W["share_area"]))
    frame = pd.DataFrame([{"key": key, "what": label, "distance": value(key, "distance"),
                           "time": value(key, "time") if timed else None} for key, label in rows])
    return H.table(ctx, frame, head, name=name, id_col="key", cls="narrow")


def _below_table(ctx: Context, main: dict, how: str, timed: bool):
    W, o, d = ctx.words, ctx.options, ctx.district
    frame = d.hamlets.attributes.copy().reset_index(drop=True)
    frame["residents_share"] = main["by_residents"]
    frame["to_team"] = main["to_team"]
    frame["nearest_team"] = main["nearest_team"]
    below = frame[frame["residents_share"] < o.threshold].sort_values(
        ["residents_share", "hamlet_id"], kind="stable")
    pct = ctx.percent(o.threshold)
    if below.empty:
        return H.paragraph(H.esc(W["none_below"].format(pct=pct, how=how))), below
    cols = [("hamlet_id", W["hamlet_id"], "text"), ("hamlet", W["hamlet"], "text")]
    if "commune" in frame:
        cols.append(("commune", W["commune"], "text"))
    cols += [("population", W["population"], "int"), ("residents_share", W["residents_covered"], "pct1"),
             ("to_team", W["minutes_to_team"] if timed else W["metres_to_team"], "int"),
             ("nearest_team", W["nearest_team"], "text")]
    return H.table(ctx, below, cols, name="hamlets_below", id_col="hamlet_id",
                   caption=W["below_caption"].format(pct=pct, how=how)), below
