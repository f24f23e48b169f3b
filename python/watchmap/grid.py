"""Pythonic behaviour of Grid and Raster: quick-look plots and notebook views (attached to the
compiled classes in ``watchmap/__init__.py``)."""
from __future__ import annotations

import html
from typing import Any, Optional

import numpy as np

from ._display import fmt_bounds


def grid_repr_html(self) -> str:
    unit = "m" if self.crs.is_metric else "CRS units"
    facts = [("cells", f"{self.nrows:,} rows × {self.ncols:,} columns = {self.nrows * self.ncols:,}"),
             ("cell size", f"{self.cell_width:g} × {self.cell_height:g} {unit}"),
             ("CRS", f"{self.crs} ({self.crs.name})" if not self.crs.is_empty else "none (local frame)"),
             ("bounds", fmt_bounds(self.bounds))]
    rows = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>"
                   f"{html.escape(v)}</td></tr>" for k, v in facts)
    return f"<div><strong>watchmap.Grid</strong><table>{rows}</table></div>"


def raster_plot(self, ax: Any = None, *, cmap: str = "viridis", title: Optional[str] = None, colorbar: bool = True,
                **imshow_kwargs: Any) -> Any:
    """A quick look at the raster with matplotlib: nodata transparent, CRS units on the axes.

    For maps to print, use :mod:`watchmap.plot` (scale bar, legend, north arrow).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> d.dem.plot(cmap="terrain")
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 6))
    values = np.array(self.values, dtype=float)
    if self.nodata is not None:
        values[values == self.nodata] = np.nan
    image = ax.imshow(np.ma.masked_invalid(values), extent=self.extent, origin="upper", cmap=cmap,
                      interpolation="nearest", **imshow_kwargs)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, shrink=0.8)
    ax.set_title(title if title is not None else f"{type(self).__name__} ({self.crs})")
    ax.set_aspect("equal")
    return ax
