"""Text and notebook (HTML) summaries of layers and rasters."""
from __future__ import annotations

import html

import numpy as np


def fmt_bounds(bounds) -> str:
    if any(np.isnan(bounds)):
        return "empty"
    return "({:,.1f}, {:,.1f}) – ({:,.1f}, {:,.1f})".format(*bounds)


def _layer_facts(layer):
    facts = [("CRS", f"{layer.crs} ({layer.crs.name})" if not layer.crs.is_empty else "none (local frame)"),
             ("bounds", fmt_bounds(layer.bounds))]
    if hasattr(layer, "areas") and layer.crs.is_metric and len(layer):
        facts.append(("area", f"{layer.areas().sum() / 1e6:,.2f} km²"))
    if getattr(layer, "weight", None) is not None:
        facts.append(("weight", f"total {np.sum(layer.weight):,.6g}"))
    if getattr(layer, "time", None) is not None and len(layer):
        from ._time import local_stamps

        t = local_stamps(layer)
        zone = f" ({layer.time_zone})" if layer.time_zone else " (UTC)"
        facts.append(("time", f"{t.min():%Y-%m-%d %H:%M} – {t.max():%Y-%m-%d %H:%M}{zone}"))
    return facts


def _noun(layer) -> str:
    return "points" if type(layer).__name__ == "PointSet" else "features"


def layer_repr(self) -> str:
    cols = list(self.attributes.columns)
    shown = ", ".join(cols[:8]) + (", …" if len(cols) > 8 else "")
    return f"{type(self).__name__}({len(self)} {_noun(self)}, crs={self.crs}, columns=[{shown}])"


def layer_repr_html(self) -> str:
    rows = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>"
                   f"{html.escape(v)}</td></tr>" for k, v in _layer_facts(self))
    head = self.attributes.head(5)
    table = head.to_html(max_cols=12, border=0) if head.shape[1] else ""
    return (f"<div><strong>watchmap.{type(self).__name__}</strong>: {len(self):,} {_noun(self)}"
            f"<table>{rows}</table>{table}</div>")


def _made_with(raster) -> list:
    """(name, text) of a result raster's own fields (a Density's bandwidth, kernel, …)."""
    return [(name, f"{getattr(raster, name):.6g}" if isinstance(getattr(raster, name), float)
             else str(getattr(raster, name))) for name in getattr(type(raster), "_fields", ())]


def raster_repr(self) -> str:
    extra = "".join(f", {name}={text}" for name, text in _made_with(self))
    return (f"{type(self).__name__}({self.grid.nrows} x {self.grid.ncols} cells of {self.grid.cell_width:g} x "
            f"{self.grid.cell_height:g}, crs={self.crs}, nodata={self.nodata}{extra})")


def raster_repr_html(self) -> str:
    v = np.asarray(self.values)
    valid = v[~np.isnan(v)]
    if self.nodata is not None:
        valid = valid[valid != self.nodata]
    stats = (f"min {valid.min():,.4g}, mean {valid.mean():,.4g}, max {valid.max():,.4g}"
             if valid.size else "no data")
    facts = [("grid", f"{self.grid.nrows} rows × {self.grid.ncols} columns, cells "
                      f"{self.grid.cell_width:g} × {self.grid.cell_height:g}"),
             ("CRS", str(self.crs)), ("bounds", fmt_bounds(self.bounds)), ("nodata", str(self.nodata)),
             ("values", stats)] + _made_with(self)
    rows = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>"
                   f"{html.escape(v)}</td></tr>" for k, v in facts)
    return f"<div><strong>watchmap.{type(self).__name__}</strong><table>{rows}</table></div>"
