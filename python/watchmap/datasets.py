"""Built-in demo data: a synthetic Bạch Thông district (Bắc Kạn, northern Vietnam).

``demo_district(seed)`` builds, in about a second and deterministically for a seed, the files a
real district supplies — hamlet, commune and district polygons, one security team per hamlet,
three years of incidents and a DEM — at the district's real place (EPSG:32648) with its real size
(547 km²), 14 communes (real names) and 155 hamlets. The geometry and all numbers are synthetic:
no real boundary is read or shipped.

Examples
--------
>>> d = watchmap.datasets.demo_district(seed=0)
>>> d.summary()["hamlets"]
155
>>> paths = d.write("bach_thong")
>>> same = watchmap.datasets.read_district("bach_thong")
"""
from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import numpy as np
import pandas as pd

from . import _demo_admin, _demo_incidents, _demo_terrain
from ._core import Crs, PointSet, PolygonSet, Raster
from .io import read_points, read_polygons, read_raster

__all__ = ["DemoDistrict", "demo_district", "read_district"]

FILES = {"hamlets": "hamlets.gpkg", "teams": "teams.csv", "incidents": "incidents.csv", "dem": "dem.tif"}
GPKG_LAYERS = ("hamlets", "communes", "district")
# GeoPackage stores a "last change" timestamp; a fixed one keeps repeated writes byte-identical
GPKG_DATE = "2025-01-01T00:00:00Z"


@dataclass
class DemoDistrict:
    """A district's data: polygons for three administrative levels, teams, incidents and a DEM.

    Attributes
    ----------
    crs : Crs
        EPSG:32648 (WGS 84 / UTM 48N), metres; every layer below is in it.
    boundary, communes, hamlets : PolygonSet
        The district outline (1 feature), 14 communes and 155 hamlets; each level tiles the one above.
    teams : PointSet
        One security team per hamlet, based at the hamlet's settlement.
    incidents : PointSet
        2023–2025 incidents (``time`` set) with incident_id, date, year, category, source.
    dem : Raster
        Elevation in metres above sea level, 30 m cells, the district plus ~1 km.
    seed : int or None
        The seed it was generated from (None when read from files).
    """

    crs: Crs
    boundary: PolygonSet
    communes: PolygonSet
    hamlets: PolygonSet
    teams: PointSet
    incidents: PointSet
    dem: Raster
    seed: Optional[int] = None

    def summary(self) -> dict:
        """Counts and totals: hamlets, communes, teams, incidents and tips per year, area, population."""
        inc = self.incidents.attributes
        per_year = inc.groupby("year").size()
        tips = inc[inc["source"] == "tip"].groupby("year").size()
        return {
            "hamlets": len(self.hamlets),
            "communes": len(self.communes),
            "teams": len(self.teams),
            "incidents_per_year": {int(y): int(n) for y, n in per_year.items()},
            "tips_per_year": {int(y): int(tips.get(y, 0)) for y in per_year.index},
            "area_km2": float(self.boundary.areas().sum() / 1e6),
            "population": int(self.hamlets.attributes["population"].sum()),
        }

    def write(self, folder: Union[str, "os.PathLike[str]"]) -> dict:
        """Write the files a real district supplies into ``folder`` (created if needed).

        ``hamlets.gpkg`` (layers hamlets, communes, district; EPSG:32648), ``teams.csv`` and
        ``incidents.csv`` (lon/lat in EPSG:4326 with 9 decimals, dates as YYYY-MM-DD) and
        ``dem.tif`` (float32). Every file is written under a temporary name and renamed, and the
        same district always gives byte-identical files.

        Returns
        -------
        dict
            ``{"hamlets": path, "teams": path, "incidents": path, "dem": path}``.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {key: str(folder / name) for key, name in FILES.items()}

        tmp = folder / ".hamlets.tmp.gpkg"      # all three layers in place before the rename
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        with _env("OGR_CURRENT_DATE", GPKG_DATE):
            self.hamlets.write(tmp, layer="hamlets")
            self.communes.write(tmp, layer="communes", append=True)
            self.boundary.write(tmp, layer="district", append=True)
        os.replace(tmp, paths["hamlets"])

        _write_csv(self.teams, paths["teams"])
        _write_csv(self.incidents, paths["incidents"])
        self.dem.write(paths["dem"], dtype="float32")
        return paths


def demo_district(seed: int = 0) -> DemoDistrict:
    """Generate the synthetic Bạch Thông district; the same seed gives the same district.

    Parameters
    ----------
    seed : int, default 0
        Seeds ``numpy.random.default_rng``; every random choice (outline, terrain, communes,
        hamlets, people, incidents) follows from it.

    Returns
    -------
    DemoDistrict

    Examples
    --------
    >>> d = watchmap.datasets.demo_district()
    >>> d.hamlets.attributes[["hamlet_id", "hamlet", "population"]].head()
    """
    rng = np.random.default_rng(seed)
    cx, cy = _demo_terrain.centre_utm()
    outline = _demo_terrain.Outline(rng, cx, cy)
    valleys = _demo_terrain.Valleys(rng, outline)
    dem = _demo_terrain.make_dem(rng, outline, valleys)
    boundary, communes, hamlets, teams, town_xy = _demo_admin.build(rng, outline, valleys, dem)
    incidents = _demo_incidents.build(rng, outline, valleys, dem, teams, hamlets, town_xy)
    return DemoDistrict(Crs(_demo_terrain.CRS), boundary, communes, hamlets, teams, incidents, dem, seed)


def read_district(folder: Union[str, "os.PathLike[str]"]) -> DemoDistrict:
    """Read a folder written by :meth:`DemoDistrict.write` back through the ordinary readers.

    Points come back in EPSG:32648; incident dates become ``PointSet.time`` and a ``date`` column.

    Examples
    --------
    >>> d = watchmap.datasets.read_district("bach_thong")
    """
    folder = Path(folder)
    crs = _demo_terrain.CRS
    gpkg = folder / FILES["hamlets"]
    hamlets, communes, boundary = (read_polygons(gpkg, layer=name, to_crs=crs) for name in GPKG_LAYERS)
    teams = read_points(folder / FILES["teams"], x="lon", y="lat", crs="EPSG:4326", to_crs=crs)
    teams.attributes = teams.attributes.drop(columns=["lon", "lat"])
    incidents = read_points(folder / FILES["incidents"], x="lon", y="lat", crs="EPSG:4326", time="date",
                            to_crs=crs)
    frame = incidents.attributes.drop(columns=["lon", "lat"])
    frame["date"] = pd.to_datetime(np.asarray(incidents.time), unit="s")
    incidents.attributes = frame[["incident_id", "date", "year", "category", "source"]]
    return DemoDistrict(Crs(crs), boundary, communes, hamlets, teams, incidents, read_raster(folder / FILES["dem"]))


@contextlib.contextmanager
def _env(name: str, value: str):
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            del os.environ[name]
        else:
            os.environ[name] = old


def _write_csv(points: PointSet, path: str) -> None:
    """Attributes plus lon/lat (9 decimals ≈ 0.1 mm), dates as YYYY-MM-DD; temp name, then rename."""
    lonlat = points.to_crs("EPSG:4326")
    frame = points.attributes
    for name in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[name]):
            frame[name] = frame[name].dt.strftime("%Y-%m-%d")
    frame["lon"] = [f"{v:.9f}" for v in np.asarray(lonlat.x)]
    frame["lat"] = [f"{v:.9f}" for v in np.asarray(lonlat.y)]
    tmp = f"{path}.tmp"
    try:
        frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
