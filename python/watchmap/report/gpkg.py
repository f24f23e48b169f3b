"""The report's data files: ``watchmap.gpkg`` (every result layer), the rasters (``density.tif``,
``travel_time.tif``) and the tables as CSV (``tables/*.csv``, UTF-8 with a byte-order mark so
Excel shows Vietnamese names correctly)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import district as _district

#: GeoPackage layer order (base layers first, then the analyses' layers as they appear).
BASE_LAYERS = ("hamlets", "communes", "district", "teams", "incidents")


def write(folder: Path, sections) -> dict:
    """Writes every section's layers, rasters and tables; returns {"layers": [...], "rasters": [...],
    "tables": [...]} (names written)."""
    layers, rasters, tables = {}, {}, {}
    for s in sections:
        layers.update(s.layers)
        rasters.update(s.rasters)
        tables.update(s.tables)
    order = [n for n in BASE_LAYERS if n in layers] + [n for n in layers if n not in BASE_LAYERS]
    gpkg = folder / "watchmap.gpkg"
    with _district._env("OGR_CURRENT_DATE", _district.GPKG_DATE):
        for name in order:
            layer = layers[name]
            if layer is None or len(layer) == 0:
                continue
            layer.write(gpkg, layer=name)            # mode "w": adds this layer, keeps the others
    written = [n for n in order if layers[n] is not None and len(layers[n])]
    for name, raster in rasters.items():
        raster.write(folder / name, dtype="float32")
    tdir = folder / "tables"
    tdir.mkdir(exist_ok=True)
    for name, frame in tables.items():
        _csv(frame, tdir / f"{name}.csv")
    return {"layers": written, "rasters": sorted(rasters), "tables": sorted(f"tables/{n}.csv" for n in tables)}


def _csv(frame: pd.DataFrame, path: Path) -> None:
    out = frame.copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].dt.strftime("%Y-%m-%d")
    out.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n", float_format="%.10g")
