"""Figures for the report: matplotlib figures as inline PNG at print resolution.

Maps are drawn by :mod:`watchmap.plot` on an A4 portrait page (legend below the map), so after
cropping to the drawn area they are about 190 mm wide: the report shows them at that width, 1:1
with the fonts the map functions chose for A4. PNGs are reduced to a 256-colour palette (maps are
flat colours; a palette PNG is a quarter of the size, so the one-file report stays small).
"""
from __future__ import annotations

import base64
import io

#: Width the report gives a chart (inches) and the font scale charts are drawn with.
CHART_SIZE_IN = (8.27, 5.2)


def png_data_uri(fig, dpi: int = 300, *, palette: bool = True) -> str:
    """The figure as a ``data:image/png;base64,...`` URI (cropped to its drawn area); closes it."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.06,
                    facecolor="white")
    finally:
        plt.close(fig)
    data = buf.getvalue()
    if palette:
        from PIL import Image

        img = Image.open(io.BytesIO(data)).convert("RGB")
        out = io.BytesIO()
        img.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
        if len(out.getvalue()) < len(data):
            data = out.getvalue()
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def map_page(fn, *args, **kwargs):
    """Calls a ``watchmap.plot`` map function on an A4 portrait page; returns the figure."""
    ax = fn(*args, size="A4", orientation="portrait", **kwargs)
    return ax.figure


def chart_axes():
    """A figure and axes for a chart at the report's width, drawn at A4 font size."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=CHART_SIZE_IN)
    fig.watchmap_font_scale = 0.9      # read by watchmap._map_furniture.font_scale
    ax = fig.add_axes([0.08, 0.24, 0.64, 0.66])
    return fig, ax
