"""The first page: headline numbers, the coverage shares, one line per later finding, the
district map and the link to the interactive map. Runs after the analyses (it quotes them)."""
from __future__ import annotations

import numpy as np

from .. import figures
from .. import html as H
from .._section import Context, Section
from . import coverage, incidents

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
    cov = ctx.sections["coverage"]
    label = "time" if "residents_share_time" in cov.facts else "distance"
    cards.append((W["share_residents"], H.num(ctx, cov.facts[f"residents_share_{label}"],
                                              key=f"residents_share_{label}", percent=True, digits=1),
                  H.esc(ctx.shared["coverage_how"])))
    sec.blocks.append(H.cards(cards))

    per_year = ctx.sections["incidents"].tables["incidents_per_year"]
    sec.blocks.append(incidents.per_year_table(ctx, per_year, name="summary_per_year"))

    # the headline shares (by distance and by walking time), then one line per later finding
    sec.blocks.append(coverage.shares_table(ctx, lambda key, how: cov.facts.get(f"{key}_{how}"),
                                            timed=label == "time", name="summary_coverage", area=False))
    for why in ctx.skipped.values():
        sec.blocks.append(H.note(why))
    hs = ctx.sections["hotspots"].facts
    text = H.esc(W["hot_cells_line"]).replace("{n}", H.num(ctx, hs["hot_cells_95"], key="hot_cells_95"))
    sec.blocks.append(H.paragraph(text.replace("{cells}", H.num(ctx, hs["cells"], key="hotspot_cells"))))
    pl = ctx.sections["placement"].facts
    text = H.esc(W["placement_line"].format(k="{k}", gain="{gain}", before="{before}", after="{after}",
                                            how=ctx.shared["coverage_how"]))
    for key, value, fact, percent in (("{k}", pl["new_teams"], "new_teams", False),
                                      ("{gain}", sum(pl["gain_per_pick"]), "placement_gain", False),
                                      ("{before}", pl["share_before"], "placement_share_before", True),
                                      ("{after}", pl["covered_share"], "placement_share_after", True)):
        text = text.replace(key, H.num(ctx, value, key=fact, percent=percent, digits=1 if percent else 0))
    sec.blocks.append(H.paragraph(text))

    from ... import plot

    fig = figures.map_page(plot.district_map, d.hamlets, d.communes if len(d.communes) else None, d.teams,
                           boundary=d.boundary, lang=ctx.lang, synthetic=ctx.synthetic, date=ctx.date)
    sec.blocks.append(H.paragraph(H.esc(W["interactive_link"].format(link="")) +
                                  '<a href="map.html">map.html</a>', cls="link"))
    sec.blocks.append(H.figure(figures.png_data_uri(fig, o.dpi), W["district_map_caption"], fid="district",
                               own_page=True))
    ctx.progress(1.0)
    return sec
