"""A district's data in one object: boundary, communes, hamlets, security teams, incidents and a DEM.

``read_district(folder)`` reads the files a district supplies (any CRS; lon/lat CSVs) into one
metric analysis frame chosen by the CRS rule; ``District.write(folder)`` writes them back. The
built-in demo (:func:`watchmap.datasets.demo_district`) is one District.

Files in a district folder
--------------------------
``hamlets.gpkg``
    Layer ``hamlets`` (polygons; columns such as hamlet_id, hamlet, commune, population), and
    optionally ``communes`` and ``district`` (the outline; made from the hamlets when absent).
``teams.csv``
    One row per security team with ``lon``/``lat`` (EPSG:4326) and e.g. team_id, hamlet_id.
``incidents.csv``
    One row per incident with ``lon``/``lat`` and a ``date`` (YYYY-MM-DD), category, source.
``dem.tif`` (optional)
    Elevation in metres.
``households.csv`` (optional)
    One row per household with ``lon``/``lat`` and ``residents`` (e.g. household_id, hamlet_id).
``roads.gpkg`` (optional)
    Layer ``roads`` (lines) with a ``kind`` column (provincial road, commune road, trail).

Examples
--------
>>> d = watchmap.read_district("bach_thong")
>>> d.summary()["hamlets"]
155
"""
from __future__ import annotations

import contextlib
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import numpy as np
import pandas as pd

from . import _time
from ._core import Crs, LineSet, PointSet, PolygonSet, Raster, WatchmapWarning, analysis_crs, union_all
from .io import list_layers, read_lines, read_points, read_polygons, read_raster

__all__ = ["District", "read_district", "FILES"]

FILES = {"hamlets": "hamlets.gpkg", "teams": "teams.csv", "incidents": "incidents.csv", "dem": "dem.tif",
         "households": "households.csv", "roads": "roads.gpkg"}
OPTIONAL = ("dem", "households", "roads")
GPKG_LAYERS = ("hamlets", "communes", "district")
# GeoPackage stores a "last change" timestamp; a fixed one keeps repeated writes byte-identical
GPKG_DATE = "2025-01-01T00:00:00Z"

PathLike = Union[str, "os.PathLike[str]"]


@dataclass
class District:
    """A district's layers, all in one metric CRS (``crs``).

    Attributes
    ----------
    crs : Crs
        The analysis frame every vector layer is in (metres).
    boundary, communes, hamlets : PolygonSet
        The district outline (1 feature), its communes and hamlets.
    teams : PointSet
        Security team bases.
    incidents : PointSet
        Incidents, with ``time`` set when the source had dates.
    dem : Raster or None
        Elevation in metres, in ``crs``.
    households : PointSet or None
        One point per household with a ``residents`` column (where people live, for coverage).
    roads : LineSet or None
        Roads and trails with a ``kind`` column (for travel time).
    """

    crs: Crs
    boundary: PolygonSet
    communes: PolygonSet
    hamlets: PolygonSet
    teams: PointSet
    incidents: PointSet
    dem: Optional[Raster] = None
    households: Optional[PointSet] = None
    roads: Optional[LineSet] = None

    @property
    def synthetic(self) -> bool:
        """True for generated data (the demo); maps and reports then say so."""
        return False

    def summary(self) -> dict:
        """Counts and totals: hamlets, communes, teams, incidents and tips per year, area, population."""
        inc = self.incidents.attributes
        years = pd.Series(_incident_years(self.incidents))
        per_year = years.value_counts().sort_index()
        tips = years[inc["source"].to_numpy() == "tip"].value_counts() if "source" in inc else pd.Series(dtype=int)
        population = self.hamlets.attributes["population"].sum() if "population" in self.hamlets.attributes else 0
        return {
            "hamlets": len(self.hamlets),
            "communes": len(self.communes),
            "teams": len(self.teams),
            "incidents_per_year": {int(y): int(n) for y, n in per_year.items()},
            "tips_per_year": {int(y): int(tips.get(y, 0)) for y in per_year.index},
            "area_km2": float(self.boundary.areas().sum() / 1e6),
            "population": int(population),
        }

    def write(self, folder: PathLike) -> dict:
        """Write the district's files into ``folder`` (created if needed): see the module docs.

        ``hamlets.gpkg`` (layers hamlets, communes, district, in ``crs``), ``teams.csv`` and
        ``incidents.csv`` (lon/lat in EPSG:4326 with 9 decimals, dates as YYYY-MM-DD),
        ``dem.tif`` (float32) and, when the district has them, ``households.csv`` and
        ``roads.gpkg`` (layer roads). New files are written under a temporary name and renamed, and the
        same district written to a new folder always gives byte-identical files. An existing
        ``hamlets.gpkg`` (which may be open in QGIS) is updated in place, layer by layer.

        Returns
        -------
        dict
            ``{"hamlets": path, "teams": path, "incidents": path, "dem": path, "households": path,
            "roads": path}`` (the optional ones only when written).
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {key: str(folder / name) for key, name in FILES.items()}

        target = Path(paths["hamlets"])
        if target.exists():
            # Possibly open in QGIS: change it in place, layer by layer (other layers are kept).
            with _env("OGR_CURRENT_DATE", GPKG_DATE):
                for layer, polygons in (("hamlets", self.hamlets), ("communes", self.communes),
                                        ("district", self.boundary)):
                    polygons.write(target, layer=layer)
        else:
            tmp = folder / ".hamlets.tmp.gpkg"      # all three layers in place before it appears
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            try:
                with _env("OGR_CURRENT_DATE", GPKG_DATE):
                    self.hamlets.write(tmp, layer="hamlets")
                    self.communes.write(tmp, layer="communes")
                    self.boundary.write(tmp, layer="district")
                os.link(tmp, target)                # never replaces a file that appeared meanwhile
            finally:
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()

        _write_csv(self.teams, paths["teams"])
        _write_csv(self.incidents, paths["incidents"])
        if self.dem is not None:
            self.dem.write(paths["dem"], dtype="float32")
        if self.households is not None:
            _write_csv(self.households, paths["households"])
        if self.roads is not None:
            _write_gpkg_layer(self.roads, Path(paths["roads"]), "roads")
        for key in OPTIONAL:
            if getattr(self, key) is None:
                del paths[key]
        return paths


def read_district(folder: PathLike, *, crs=None) -> District:
    """Read a district folder (see the module docs) into one metric analysis frame.

    Parameters
    ----------
    folder : str or path-like
    crs : optional
        The analysis CRS. Default: the CRS rule — the DEM's CRS when there is a DEM in metres,
        else the hamlets' CRS when in metres, else the UTM zone of the hamlets' centre.

    Returns
    -------
    District

    Raises
    ------
    IoError
        A required file is missing (named).

    Examples
    --------
    >>> d = watchmap.read_district("bach_thong")
    """
    folder = Path(folder)
    for key in ("hamlets", "teams", "incidents"):
        if not (folder / FILES[key]).exists():
            from ._core import IoError

            raise IoError(f"{folder / FILES[key]}: file not found (a district folder needs "
                          f"{', '.join(FILES[k] for k in ('hamlets', 'teams', 'incidents'))}; dem.tif is optional)")
    gpkg = folder / FILES["hamlets"]
    layers = list_layers(gpkg)
    hamlets = read_polygons(gpkg, layer="hamlets" if "hamlets" in layers else None)
    dem = read_raster(folder / FILES["dem"]) if (folder / FILES["dem"]).exists() else None
    if crs is None:
        refs = {"hamlets": hamlets}
        if dem is not None and dem.crs.is_metric:
            refs = {"dem": dem, **refs}
        crs = analysis_crs(refs)
    crs = Crs(crs)
    if dem is not None and dem.crs != crs:
        warnings.warn(f"{folder / FILES['dem']}: the DEM is in {dem.crs}; warped to {crs} (30 m cells or its own "
                      f"resolution) for the analysis", WatchmapWarning, stacklevel=2)
        dem = dem.to_crs(crs, resampling="bilinear")
    hamlets = hamlets.to_crs(crs)
    communes = read_polygons(gpkg, layer="communes").to_crs(crs) if "communes" in layers else hamlets[:0]
    boundary = (read_polygons(gpkg, layer="district").to_crs(crs) if "district" in layers
                else union_all(hamlets))
    teams = read_points(folder / FILES["teams"], x="lon", y="lat", crs="EPSG:4326", to_crs=crs)
    teams.attributes = teams.attributes.drop(columns=["lon", "lat"])
    header = list(pd.read_csv(folder / FILES["incidents"], nrows=0).columns)
    has_date = "date" in header
    incidents = read_points(folder / FILES["incidents"], x="lon", y="lat", crs="EPSG:4326",
                            time="date" if has_date else False, to_crs=crs)
    frame = incidents.attributes
    if has_date:  # the demo's tables keep the date as a column too, in the file's column order
        frame = frame.assign(date=np.asarray(_time.local_stamps(incidents).tz_localize(None)))
    frame = frame[[c for c in header if c in frame] + [c for c in frame if c not in header]]
    incidents.attributes = frame.drop(columns=["lon", "lat"])
    households = roads = None
    if (folder / FILES["households"]).exists():
        households = read_points(folder / FILES["households"], x="lon", y="lat", crs="EPSG:4326", time=False,
                                 to_crs=crs)
        households.attributes = households.attributes.drop(columns=["lon", "lat"])
    if (folder / FILES["roads"]).exists():
        roads = read_lines(folder / FILES["roads"]).to_crs(crs)
    return District(crs, boundary, communes, hamlets, teams, incidents, dem, households, roads)


def _incident_years(incidents: PointSet) -> np.ndarray:
    """The year of each incident: from its time, else a ``year`` column, else 0 (unknown)."""
    if incidents.time is not None:
        return _time.local_stamps(incidents).year.to_numpy()
    frame = incidents.attributes
    if "year" in frame:
        return frame["year"].to_numpy()
    return np.zeros(len(incidents), dtype=np.int64)


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


def _write_gpkg_layer(layer, target: Path, name: str) -> None:
    """One layer in a GeoPackage: in place when it exists (it may be open in QGIS), else written
    beside it and linked into place; a fixed timestamp keeps repeated writes byte-identical."""
    if target.exists():
        with _env("OGR_CURRENT_DATE", GPKG_DATE):
            layer.write(target, layer=name)
        return
    tmp = target.with_name(f".{target.stem}.tmp.gpkg")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        with _env("OGR_CURRENT_DATE", GPKG_DATE):
            layer.write(tmp, layer=name)
        os.link(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _write_csv(points: PointSet, path: str) -> None:
    """Attributes plus lon/lat (9 decimals ≈ 0.1 mm), dates as YYYY-MM-DD; temp name, then rename."""
    lonlat = points.to_crs("EPSG:4326")
    frame = points.attributes.copy()
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
