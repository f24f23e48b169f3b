"""Where ``--new-teams`` new teams would cover the most residents (``watchmap.place_teams``):
maximal covering with the existing teams fixed, by the coverage section's criterion (its walking
times when there is a DEM, else the radius), the proven optimality gap, the map and the sites.

Demand is the households weighted by residents when the district has them, else points every
``DEMAND_SPACING_M`` inside each hamlet sharing its population (the "uniform within the hamlet"
rule of coverage). Candidates are each hamlet's centre plus a ``CANDIDATE_SPACING_M`` grid over
the district, so a site can be anywhere, not only in a village.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import figures
from .. import html as H
from .._section import Context, Section

KEY = "placement"
DEMAND_SPACING_M = 200.0
CANDIDATE_SPACING_M = 1000.0


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


def _newly_covered(ctx: Context, sites, tt):
    """The area only the new sites reach (their disks or walking-time zone, less what is covered)."""
    import watchmap as wm
    from shapely.ops import unary_union

    d, o = ctx.district, ctx.options
    if not len(sites):
        return None
    if tt is not None:
        reach = wm.travel_time(d.dem, sites, roads=d.roads, max_minutes=o.minutes)
        zone = unary_union(list(wm.isochrones(reach, minutes=[o.minutes]).to_geopandas().geometry))
    else:
        zone = sites.to_geopandas().buffer(o.radius_m, 32).unary_union
    zone = zone.intersection(unary_union(list(d.boundary.to_geopandas().geometry)))
    zone = zone.difference(ctx.shared["coverage"].covered.to_geopandas().unary_union)
    if zone.is_empty:
        return None
    import geopandas as gpd

    return gpd.GeoDataFrame(geometry=[zone], crs=sites.to_geopandas().crs)


def run(ctx: Context) -> Section:
    import watchmap as wm
    from ... import plot

    d, o, W = ctx.district, ctx.options, ctx.words
    sec = Section(KEY, W["sec_placement"])
    demand, weight = _demand(ctx)
    cands, cand_hamlet = _candidates(ctx)
    ctx.progress(0.2)
    tt = ctx.shared.get("travel_time")            # the coverage section's walking times (same graph, direction)
    relation = dict(travel_time=tt, minutes=o.minutes) if tt is not None else dict(radius_m=o.radius_m)
    how = ctx.shared["coverage_how"]
    res = wm.place_teams(demand, cands, k=o.new_teams, existing=d.teams, weight=weight, **relation)
    ctx.progress(0.7)
    sites_frame = res.to_frame()
    chosen = sites_frame["candidate"].to_numpy()
    total, before = float(res.total_weight), float(res.existing_weight)
    attrs = d.hamlets.attributes
    frame = sites_frame[["rank", "candidate", "gain", "cumulative_share"]].assign(
        hamlet_id=attrs["hamlet_id"].to_numpy()[cand_hamlet[chosen]],
        hamlet=attrs["hamlet"].astype(str).to_numpy()[cand_hamlet[chosen]])
    if "commune" in attrs:
        frame["commune"] = attrs["commune"].astype(str).to_numpy()[cand_hamlet[chosen]]
    sites = cands.take(chosen)
    sites.attributes = frame.reset_index(drop=True)
    share = (lambda w: w / total if total > 0 else None)
    sec.facts.update(new_teams=int(len(chosen)), covered_weight=float(res.covered_weight),
                     covered_share=share(res.covered_weight), upper_bound=float(res.upper_bound), gap=float(res.gap),
                     status=str(res.status), gain_per_pick=[float(g) for g in res.gain_per_pick],
                     existing_weight=before, share_before=share(before), total_weight=total)

    cov = ctx.shared["coverage"]
    fig = figures.map_page(plot.placement_map, d.hamlets, d.teams, sites.to_geopandas(), rank_column="rank",
                           gain_column="gain", newly_covered=_newly_covered(ctx, sites, tt), covered=cov.covered,
                           radius_m=None if tt is not None else o.radius_m, lang=ctx.lang,
                           synthetic=ctx.synthetic, date=ctx.date)
    sec.blocks.append(H.figure(figures.png_data_uri(fig, o.dpi), W["placement_caption"].format(k=len(chosen), how=how),
                               fid="placement"))
    before_words = W["placement_before" if ctx.households is not None else "placement_before_spread"]
    sec.blocks.append(H.paragraph(H.esc(before_words.format(
        before=ctx.number(before), total=ctx.number(total), share=ctx.percent(share(before), 1), how=how))))
    cols = [("rank", W["rank"], "int"), ("hamlet", W["site"], "text")]
    if "commune" in frame:
        cols.append(("commune", W["commune"], "text"))
    cols += [("gain", W["gain"], "int"), ("cumulative_share", W["cumulative"], "pct1")]
    sec.blocks.append(H.table(ctx, frame, cols, name="proposed_sites", id_col="rank", cls="narrow"))
    status = W["statuses"].get(str(res.status), str(res.status))
    outcome = W["placement_optimal"] if res.gap <= 0 else W["placement_bound"]
    sec.blocks.append(H.paragraph(H.esc(outcome.format(
        covered=ctx.number(res.covered_weight), share=ctx.percent(share(res.covered_weight), 1), k=len(chosen),
        bound=ctx.number(res.upper_bound), gap=ctx.percent(res.gap, 1), status=status))))
    sec.layers["proposed_sites"] = sites
    sec.tables["proposed_sites"] = frame
    sec.method.append((W["m_placement"], H.esc(W["m_placement_v"].format(
        k=len(chosen), how=how, demand=W["demand_households" if ctx.households is not None else "demand_spread"],
        points=ctx.number(len(demand)), total=ctx.number(total), candidates=ctx.number(len(cands)),
        method=W["methods"].get(res.method, res.method), bound=W["bound_sources"].get(res.bound_source, res.bound_source),
        status=status, gap=ctx.percent(res.gap, 2)))))
    ctx.progress(1.0)
    return sec
