"""The first page: headline numbers, the coverage shares, one line per later finding, the
district map and the link to the interactive map. Runs after the analyses (it quotes them)."""
from __future__ import annotations

import numpy as np

from .. import figures
from .. import html as H
from .._section import Context, Section

KEY = "summary"


def run(ctx: Context) -> Section:
    d, W, o = ctx.district, ctx.words, ctx.options
    sec = Section(KEY, W["sec_summary"])
    attrs = d.hamlets.attributes
    residents = int(np.nansum(attrs["population"].to_numpy(float)))
    area_km2 = float(d.boundary.areas().sum() / 1e6)
    inc = ctx.sections["incidents"].facts
    n_year = inc.get(f"incidents_{ctx.year}")
    tips_year = inc.get(f"tips_{ctx.year}")
    sec.facts.update(hamlets=len(d.hamlets), communes=int(ctx.shared.get("n_communes", len(d.communes))),
                     teams=len(d.teams), residents=residents, area_km2=area_km2, year=ctx.year)
    span = f"{ctx.years[0]}–{ctx.years[-1]}" if len(ctx.years) > 1 else str(ctx.years[0])
    cards = [
        (W["hamlets"], H.num(ctx, len(d.hamlets), key="hamlets"), ""),
        (W["communes"], H.num(ctx, sec.facts["communes"], key="communes"), ""),
        (W["teams"], H.num(ctx, len(d.teams), key="teams"), ""),
        (W["residents"], H.num(ctx, residents, key="residents"), ""),
        (W["area_km2"], H.num(ctx, area_km2, key="area_km2") + " km²", ""),
        (W["incidents_in"].format(year=ctx.year), H.num(ctx, n_year, key=f"incidents_{ctx.year}"),
         (f"{H.esc(W['tips_in'])} {H.num(ctx, tips_year, key=f'tips_{ctx.year}')}" if tips_year is not None else "")),
        (W["incidents_per_year_mean"].format(span=span),
         H.num(ctx, inc["incidents_per_year_mean"], key="incidents_per_year_mean"), ""),
    ]
    cov = ctx.sections.get("coverage")
    if cov is not None and cov.available:
        label = "time" if "residents_share_time" in cov.facts else "distance"
        how = (W["by_time"].format(m=ctx.number(o.minutes)) if label == "time"
               else W["by_distance"].format(r=ctx.distance(o.radius_m)))
        cards.append((W["share_residents"], H.num(ctx, cov.facts.get(f"residents_share_{label}"),
                                                  key=f"residents_share_{label}", percent=True), H.esc(how)))
    sec.blocks.append(H.cards(cards))

    per_year = ctx.sections["incidents"].tables.get("incidents_per_year")
    if per_year is not None:
        cols = [("year", W["year"], "text"), ("incidents", W["incidents"], "int")]
        if "tips" in per_year and per_year["tips"].notna().all():
            cols += [("tips", W["tips"], "int"), ("tips_share", W["tips_share"], "pct")]
        cols.append(("per_1000", W["per_1000"], "float1"))
        sec.blocks.append(H.table(ctx, per_year, cols, name="summary_per_year", id_col="year",
                                  caption=W["per_year_caption"], cls="narrow"))

    # the headline shares (by distance and by walking time), or why they are missing
    if cov is not None and cov.available:
        sec.blocks.append(_coverage_shares(ctx, cov))
    elif cov is not None:
        sec.blocks.append(H.note(cov.note))
    for key in ("hotspots", "placement"):
        s = ctx.sections.get(key)
        if s is None:
            continue
        if not s.available:
            sec.blocks.append(H.note(s.note))
        elif key == "hotspots":
            n = H.num(ctx, s.facts["hot_cells_95"], key="hot_cells_95")
            sec.blocks.append(H.paragraph(H.esc(W["hot_cells_line"]).replace("{n}", n)))
        else:
            gain = float(sum(s.facts.get("gain_per_pick", [])))
            text = H.esc(W["placement_line"]).replace("{k}", H.num(ctx, s.facts["new_teams"], key="new_teams"))
            sec.blocks.append(H.paragraph(text.replace("{gain}", H.num(ctx, gain, key="placement_gain"))))

    from ... import plot

    fig = figures.map_page(plot.district_map, d.hamlets, d.communes if len(d.communes) else None, d.teams,
                           boundary=d.boundary, lang=ctx.lang, synthetic=ctx.synthetic, date=ctx.date)
    sec.blocks.append(H.paragraph(H.esc(W["interactive_link"].format(link="")) +
                                  '<a href="map.html">map.html</a>', cls="link"))
    sec.blocks.append(H.figure(figures.png_data_uri(fig, o.dpi), W["district_map_caption"], fid="district",
                               own_page=True))
    ctx.progress(1.0)
    return sec


def _coverage_shares(ctx: Context, cov: Section) -> str:
    W, o = ctx.words, ctx.options
    cols = [("what", W["coverage_shares"], "text"),
            ("distance", W["by_distance"].format(r=ctx.distance(o.radius_m)), "pct")]
    timed = "residents_share_time" in cov.facts
    if timed:
        cols.append(("time", W["by_time"].format(m=ctx.number(o.minutes)), "pct"))
    import pandas as pd

    rows = []
    for key, label in (("hamlets_share", W["share_hamlets"].format(pct=ctx.percent(o.threshold))),
                       ("residents_share", W["share_residents"]),
                       ("incidents_share", W["share_incidents"].format(year=ctx.year))):
        rows.append({"key": key, "what": label, "distance": cov.facts.get(f"{key}_distance"),
                     "time": cov.facts.get(f"{key}_time") if timed else None})
    return H.table(ctx, pd.DataFrame(rows), cols, name="summary_coverage", id_col="key", cls="narrow")
