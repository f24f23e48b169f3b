"""Incidents per year, per commune and per hamlet, the tips among them, and the monthly trend."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ... import join
from .. import figures
from .. import html as H
from .._section import Context, Section

KEY = "incidents"


def _tips_mask(incidents) -> np.ndarray | None:
    frame = incidents.attributes
    if "source" not in frame:
        return None
    return frame["source"].astype(str).str.lower().to_numpy() == "tip"


def _incidents_with_hamlet(incidents, hamlets, where):
    """The incidents with the id of the hamlet that contains each (empty when in none)."""
    from ..._core import PointSet

    ids = hamlets.attributes["hamlet_id"].astype(str).to_numpy()
    frame = incidents.attributes.copy()
    frame["hamlet_id"] = np.where(where >= 0, ids[np.maximum(where, 0)], "")
    layer = PointSet(np.asarray(incidents.x), np.asarray(incidents.y), crs=incidents.crs)
    layer.attributes = frame        # the date column stays; no second copy of the time
    return layer


def per_year_table(ctx: Context, per_year: pd.DataFrame, *, name: str) -> str:
    """The district's incidents per year (with the tips when the incidents have a source)."""
    W = ctx.words
    cols = [("year", W["year"], "text"), ("incidents", W["incidents"], "int")]
    if per_year["tips"].notna().all():
        cols += [("tips", W["tips"], "int"), ("tips_share", W["tips_share"], "pct")]
    cols.append(("per_1000", W["per_1000"], "float1"))
    return H.table(ctx, per_year, cols, name=name, id_col="year", caption=W["per_year_caption"], cls="narrow")


def run(ctx: Context) -> Section:
    d, W = ctx.district, ctx.words
    sec = Section(KEY, W["sec_incidents"])
    incidents, hamlets = d.incidents, d.hamlets
    where = join.locate(incidents, hamlets)
    ctx.shared["incident_hamlet"] = where
    years = ctx.shared["incident_years"]
    tips = _tips_mask(incidents)
    ctx.shared["tips_mask"] = tips

    per_hamlet = join.count(incidents, hamlets, by=years)
    ycols = [f"count_{y}" for y in ctx.years]
    for c in ycols:                      # a year without incidents still gets its column
        if c not in per_hamlet:
            per_hamlet[c] = 0
    metrics = {c: per_hamlet[c].to_numpy() for c in ycols}
    metrics["incidents_per_year"] = per_hamlet[ycols].mean(axis=1).to_numpy()
    pop = pd.to_numeric(d.hamlets.attributes["population"], errors="coerce").to_numpy(float)
    this_year = per_hamlet[f"count_{ctx.year}"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        metrics["rate_per_1000"] = np.where(pop > 0, this_year / pop * 1000.0, np.nan)
    if tips is not None:
        in_year = years == ctx.year
        metrics[f"tips_{ctx.year}"] = np.bincount(where[(where >= 0) & tips & in_year],
                                                  minlength=len(hamlets))
    ctx.add_hamlet_columns(**metrics)

    # district per year
    residents = float(np.nansum(pop))
    rows = []
    for y in ctx.years:
        n = int((years == y).sum())
        t = int(((years == y) & tips).sum()) if tips is not None else None
        rows.append({"year": str(y), "incidents": n, "tips": t,
                     "tips_share": (t / n if (t is not None and n) else np.nan),
                     "per_1000": n / residents * 1000.0 if residents > 0 else np.nan})
    per_year = pd.DataFrame(rows)
    for r in rows:
        sec.facts[f"incidents_{r['year']}"] = r["incidents"]
        if r["tips"] is not None:
            sec.facts[f"tips_{r['year']}"] = r["tips"]
    sec.facts["incidents_total"] = int(len(incidents))
    sec.facts["incidents_outside_hamlets"] = int((where < 0).sum())
    sec.facts["incidents_per_year_mean"] = float(per_year["incidents"].mean())
    sec.blocks.append(per_year_table(ctx, per_year, name="per_year"))
    sec.tables["incidents_per_year"] = per_year
    if tips is None:
        sec.blocks.append(H.paragraph(H.esc(W["no_source"])))

    # per commune
    frame = d.hamlets.attributes.copy()
    for c, v in metrics.items():
        frame[c] = v
    if "commune" in frame:
        summed = ycols + ([f"tips_{ctx.year}"] if tips is not None else [])
        per_commune = frame.groupby("commune", sort=False).agg(
            hamlets=("hamlet_id", "size"), population=("population", "sum"),
            **{c: (c, "sum") for c in summed}).reset_index()
        with np.errstate(divide="ignore", invalid="ignore"):
            per_commune["rate_per_1000"] = np.where(
                per_commune["population"] > 0,
                per_commune[f"count_{ctx.year}"] / per_commune["population"] * 1000.0, np.nan)
        per_commune = per_commune.sort_values("commune", kind="stable").reset_index(drop=True)
        ctx.shared["per_commune"] = per_commune
        cols = [("commune", W["commune"], "text"), ("hamlets", W["n_hamlets"], "int"),
                ("population", W["population"], "int")]
        cols += [(f"count_{y}", str(y), "int") for y in ctx.years]
        if tips is not None:
            cols.append((f"tips_{ctx.year}", f"{W['tips']} {ctx.year}", "int"))
        cols.append(("rate_per_1000", W["rate_year"].format(year=ctx.year), "float1"))
        sec.blocks.append(H.table(ctx, per_commune, cols, name="per_commune", id_col="commune",
                                  caption=W["per_commune_caption"].format(year=ctx.year)))
        sec.tables["incidents_per_commune"] = per_commune

    # the ten hamlets with most incidents this year
    top = frame.assign(_n=this_year).sort_values(["_n", "hamlet_id"], ascending=[False, True]).head(10)
    cols = [("hamlet_id", W["hamlet_id"], "text"), ("hamlet", W["hamlet"], "text")]
    if "commune" in frame:
        cols.append(("commune", W["commune"], "text"))
    cols += [("population", W["population"], "int"), (f"count_{ctx.year}", W["incidents"], "int")]
    if tips is not None:
        cols.append((f"tips_{ctx.year}", W["tips"], "int"))
    cols.append(("rate_per_1000", W["per_1000"], "float1"))
    sec.blocks.append(H.table(ctx, top, cols, name="top_hamlets", id_col="hamlet_id",
                              caption=W["top_hamlets_caption"].format(year=ctx.year)))
    if sec.facts["incidents_outside_hamlets"]:
        sec.blocks.append(H.paragraph(H.esc(W["outside_note"].format(n=sec.facts["incidents_outside_hamlets"]))))

    sec.layers["incidents"] = _incidents_with_hamlet(incidents, hamlets, where)

    # monthly trend
    if incidents.time is not None:
        from ... import plot

        fig, ax = figures.chart_axes()
        by = "category" if "category" in incidents.attributes else ("source" if tips is not None else None)
        if by is not None:
            plot.trend_chart(incidents, by=by, ax=ax, lang=ctx.lang, synthetic=ctx.synthetic,
                             date=ctx.date)
            uri = figures.png_data_uri(fig, ctx.options.dpi)
            sec.blocks.append(H.figure(uri, W["trend_caption"], kind="chart", fid="trend"))
        else:
            import matplotlib.pyplot as plt

            plt.close(fig)
    ctx.progress(1.0)
    return sec
