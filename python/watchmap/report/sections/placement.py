"""Where ``--new-teams`` new teams would cover the most residents: maximal covering with the
existing teams fixed, the proven optimality gap, the map and the table of sites.

Written against the API of issue 10 (``watchmap.place_teams``); until that lands the section says
"not available in this version". Demand is the households weighted by residents when the district
has them, else points every ``DEMAND_SPACING_M`` inside each hamlet sharing its population (the
"uniform within the hamlet" rule of coverage). Candidates are each hamlet's centre plus a
``CANDIDATE_SPACING_M`` grid over the district, so a site can be anywhere, not only in a village.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import figures
from .. import html as H
from .._section import Context, Section, unavailable

KEY = "placement"
DEMAND_SPACING_M = 200.0
CANDIDATE_SPACING_M = 1000.0


def available() -> bool:
    import watchmap

    return hasattr(watchmap, "place_teams")


def _points_in_hamlets(ctx: Context, spacing_m: float):
    """Cell centres of a ``spacing_m`` grid inside the hamlets and the hamlet of each."""
    from ... import join
    from ..._core import Grid, PointSet

    d = ctx.district
    grid = Grid.covering(d.boundary, spacing_m, margin_m=0.0)
    X, Y = np.meshgrid(np.asarray(grid.x_centers), np.asarray(grid.y_centers))
    pts = PointSet(X.ravel(), Y.ravel(), crs=d.crs)
    where = join.locate(pts, d.hamlets)
    keep = np.flatnonzero(where >= 0)
    return pts.take(keep), where[keep]


def _demand(ctx: Context):
    """(points, weights): households by residents, else population spread over each hamlet."""
    hh = ctx.households
    if hh is not None:
        frame = hh.attributes
        w = frame["residents"].to_numpy(float) if "residents" in frame else np.ones(len(hh))
        return hh, w
    pts, where = _points_in_hamlets(ctx, DEMAND_SPACING_M)
    pop = pd.to_numeric(ctx.district.hamlets.attributes["population"], errors="coerce").fillna(0).to_numpy(float)
    per = np.bincount(where, minlength=len(pop))
    w = pop[where] / np.maximum(per[where], 1)
    return pts, w


def _candidates(ctx: Context):
    """Hamlet centres, then grid points; with the hamlet each lies in."""
    from ..._core import PointSet

    d = ctx.district
    centres = d.hamlets.to_geopandas().geometry.representative_point()
    grid_pts, grid_where = _points_in_hamlets(ctx, CANDIDATE_SPACING_M)
    x = np.concatenate([centres.x.to_numpy(), np.asarray(grid_pts.x)])
    y = np.concatenate([centres.y.to_numpy(), np.asarray(grid_pts.y)])
    cands = PointSet(x, y, crs=d.crs)
    return cands, np.concatenate([np.arange(len(centres)), grid_where])


def _get(obj, name, default=None):
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def run(ctx: Context) -> Section:
    W = ctx.words
    if not available():
        return unavailable(KEY, W["sec_placement"], ctx, W["sec_placement"], "watchmap.place_teams")
    import watchmap as wm
    from ... import plot

    d, o = ctx.district, ctx.options
    sec = Section(KEY, W["sec_placement"])
    demand, weight = _demand(ctx)
    cands, cand_hamlet = _candidates(ctx)
    ctx.progress(0.2)
    timed = "travel_time" in ctx.shared and d.dem is not None and wm.placement.has_travel_time()
    relation = (dict(travel_time=d.dem, minutes=o.minutes) if timed else dict(radius_m=o.radius_m))
    res = wm.place_teams(demand, cands, k=o.new_teams, existing=d.teams, weight=weight, **relation)
    ctx.progress(0.7)
    chosen = np.asarray(_get(res, "chosen"), dtype=np.int64)
    gains = np.asarray(_get(res, "gain_per_pick"), dtype=float)
    total = float(np.sum(weight))
    covered = float(_get(res, "covered_weight"))
    bound = float(_get(res, "upper_bound"))
    gap = float(_get(res, "gap"))
    status = str(_get(res, "status"))
    # the share covered by the existing teams alone, then after each pick
    before = covered - float(gains.sum())
    cumulative = (before + np.cumsum(gains)) / total if total > 0 else np.full(len(gains), np.nan)
    attrs = d.hamlets.attributes
    frame = pd.DataFrame({
        "rank": np.arange(1, len(chosen) + 1),
        "candidate": chosen,
        "hamlet_id": attrs["hamlet_id"].to_numpy()[cand_hamlet[chosen]],
        "hamlet": attrs["hamlet"].astype(str).to_numpy()[cand_hamlet[chosen]],
        "gain": gains, "cumulative_share": cumulative,
    })
    if "commune" in attrs:
        frame["commune"] = attrs["commune"].astype(str).to_numpy()[cand_hamlet[chosen]]
    sites = cands.take(chosen)
    sites.attributes = frame
    sec.facts.update(new_teams=int(len(chosen)), covered_weight=covered, covered_share=covered / total if total else None,
                     upper_bound=bound, gap=gap, status=status, gain_per_pick=[float(g) for g in gains],
                     share_before=before / total if total else None)

    gsites = sites.to_geopandas()
    newly = None
    if not timed and len(gsites):
        disks = gsites.buffer(o.radius_m, 32).unary_union
        cov = ctx.shared.get("coverage")
        if cov is not None and getattr(cov, "covered", None) is not None:
            disks = disks.difference(cov.covered.to_geopandas().unary_union)
        newly = gsites.iloc[:0][["geometry"]].copy()
        newly = newly.set_geometry([disks]) if not disks.is_empty else None
    cov = ctx.shared.get("coverage")
    fig = figures.map_page(plot.placement_map, d.hamlets, d.teams, gsites, rank_column="rank", gain_column="gain",
                           newly_covered=newly, covered=getattr(cov, "covered", None) if cov is not None else None,
                           radius_m=None if timed else o.radius_m, lang=ctx.lang, synthetic=ctx.synthetic,
                           date=ctx.date)
    sec.blocks.append(H.figure(figures.png_data_uri(fig, o.dpi), W["placement_caption"].format(k=len(chosen)),
                               fid="placement"))
    cols = [("rank", W["rank"], "int"), ("hamlet", W["site"], "text")]
    if "commune" in frame:
        cols.append(("commune", W["commune"], "text"))
    cols += [("gain", W["gain"], "int"), ("cumulative_share", W["cumulative"], "pct1")]
    sec.blocks.append(H.table(ctx, frame, cols, name="proposed_sites", id_col="rank", cls="narrow"))
    sec.blocks.append(H.paragraph(H.esc(W["placement_bound"].format(
        covered=ctx.number(covered), share=ctx.percent(covered / total if total else None, 1), k=len(chosen),
        bound=ctx.number(bound), gap=ctx.percent(gap, 1), status=status))))
    sec.layers["proposed_sites"] = sites
    sec.tables["proposed_sites"] = frame
    how = (W["by_time"].format(m=ctx.number(o.minutes)) if timed
           else W["by_distance"].format(r=ctx.distance(o.radius_m)))
    sec.method.append((W["m_placement"], H.esc(W["m_placement_v"].format(
        k=len(chosen), how=how, demand=W["demand_households" if ctx.households is not None else "demand_spread"],
        points=ctx.number(len(demand)), candidates=ctx.number(len(cands)), status=status,
        gap=ctx.percent(gap, 2)))))
    ctx.progress(1.0)
    return sec
