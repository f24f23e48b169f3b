"""The table of every hamlet with all its metrics, and the base layers (hamlets with metrics,
communes, district, teams) for the GeoPackage."""
from __future__ import annotations

from .. import html as H
from .._section import Context, Section

KEY = "hamlets"


def run(ctx: Context) -> Section:
    d, W = ctx.district, ctx.words
    sec = Section(KEY, W["sec_hamlets"])
    m = ctx.hamlet_metrics
    frame = d.hamlets.attributes.reset_index(drop=True)
    for c in m.columns:
        frame[c] = m[c].to_numpy()
    order = frame.sort_values(["commune", "hamlet_id"] if "commune" in frame else ["hamlet_id"],
                              kind="stable")
    cols = [("hamlet_id", W["hamlet_id"], "text"), ("hamlet", W["hamlet"], "text")]
    if "commune" in frame:
        cols.append(("commune", W["commune"], "text"))
    cols.append(("population", W["population"], "int"))
    cols += [(f"count_{y}", str(y), "int") for y in ctx.years]
    if f"tips_{ctx.year}" in frame:
        cols.append((f"tips_{ctx.year}", f"{W['tips']} {ctx.year}", "int"))
    cols.append(("rate_per_1000", W["rate_year"].format(year=ctx.year), "float1"))
    more = ""
    if "covered_share" in frame:
        covered = W["residents_covered_how"].format(how=ctx.shared["coverage_how"])
        cols.append(("covered_share", covered, "pct1"))
        more = "; " + covered[0].lower() + covered[1:]
    if "nearest_team_minutes" in frame:
        cols.append(("nearest_team_minutes", W["minutes_to_team"], "int"))
    elif "nearest_team_m" in frame:
        cols.append(("nearest_team_m", W["metres_to_team"], "int"))
    sec.blocks.append(H.table(ctx, order, cols, name="hamlets", id_col="hamlet_id",
                              caption=W["hamlets_caption"].format(more=more), cls="compact"))
    sec.tables["hamlets"] = frame
    sec.facts["hamlet_rows"] = int(len(frame))

    extra = {c: m[c].to_numpy() for c in m.columns}
    sec.layers["hamlets"] = d.hamlets.assign(**extra)
    per_commune = ctx.shared.get("per_commune")
    if len(d.communes):
        communes = d.communes
        if per_commune is not None and "commune" in communes.attributes:
            stats = per_commune.set_index("commune")
            add = {}
            names = communes.attributes["commune"].to_numpy()
            for c in stats.columns:
                if c.startswith(("count_", "tips_")) or c == "rate_per_1000":
                    add[c] = stats[c].reindex(names).to_numpy()
            communes = communes.assign(**add)
        sec.layers["communes"] = communes
    sec.layers["district"] = d.boundary
    sec.layers["teams"] = d.teams
    ctx.progress(1.0)
    return sec
