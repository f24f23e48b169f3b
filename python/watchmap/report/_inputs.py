"""The report's inputs: the demo, a district folder, or single files; checked before any work.

Every problem with an input is one :class:`watchmap.InvalidInputError` / ``IoError`` whose message
names the file, the layer and the column (or the rows) and says what was expected, so the command
line can print it on one line: a missing file, a missing column, population that is not a
number, teams outside the district, incidents that are not in lon/lat or lie far away.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Optional

import numpy as np
import pandas as pd

from .. import district as _district
from .._core import Crs, InvalidInputError, IoError, PointSet, WatchmapWarning, analysis_crs, union_all
from ..io import list_layers, read_lines, read_points, read_polygons, read_raster

#: A team base may lie this far outside the district outline (GPS error on a boundary road).
TEAM_TOLERANCE_M = 100.0
#: Incidents are "in the district's area" within this distance of the outline.
INCIDENT_REACH_M = 5000.0

LON = ("lon", "longitude", "lng", "long")
LAT = ("lat", "latitude")
ID_COLUMNS = ("hamlet_id", "id", "code", "ma_thon")
NAME_COLUMNS = ("hamlet", "name", "ten_thon")


@dataclass
class Inputs:
    district: _district.District
    households: Optional[PointSet] = None
    synthetic: bool = False
    sources: Dict[str, str] = field(default_factory=dict)
    demo: object = None                      # the DemoDistrict, written to data/ with the report


def load(*, demo: bool = False, seed: int = 0, district=None, hamlets=None, teams=None, incidents=None,
         households=None, dem=None, roads=None) -> Inputs:
    """Loads and checks the inputs (see the module docs)."""
    if demo:
        from .. import datasets

        d = datasets.demo_district(seed=seed)
        return Inputs(d, d.households, synthetic=True, sources={"demo": f"watchmap.datasets.demo_district(seed={seed})"},
                      demo=d)
    if district is not None:
        folder = Path(district)
        if not folder.is_dir():
            raise IoError(f"{folder}: no such folder (--district)")
        files = {k: folder / v for k, v in _district.FILES.items()}
        hamlets, teams, incidents = files["hamlets"], files["teams"], files["incidents"]
        dem = files["dem"] if files["dem"].exists() else None
        households = files["households"] if files["households"].exists() else None
        roads = files["roads"] if files["roads"].exists() else None
    for path, option in ((hamlets, "--hamlets"), (teams, "--teams"), (incidents, "--incidents")):
        if path is None:
            raise InvalidInputError(f"{option} is required (or use --district FOLDER or --demo)")
    for path, option in ((hamlets, "--hamlets"), (teams, "--teams"), (incidents, "--incidents"),
                         (households, "--households"), (dem, "--dem"), (roads, "--roads")):
        if path is not None and not Path(path).is_file():
            raise IoError(f"{path}: file not found ({option})")
    optional = [Path(p) if p is not None else None for p in (households, dem, roads)]
    return _from_files(Path(hamlets), Path(teams), Path(incidents), *optional)


# ---------------------------------------------------------------------------------------------
def _pick(columns, candidates):
    low = {str(c).lower(): c for c in columns}
    return next((low[c] for c in candidates if c in low), None)


def _only_layer(path: Path, wanted: str) -> Optional[str]:
    layers = list_layers(path)
    if wanted in layers:
        return wanted
    if len(layers) == 1:
        return layers[0]
    raise InvalidInputError(f"{path}: several layers ({', '.join(layers)}) and none is called '{wanted}'")


def _read_points_file(path: Path, role: str, *, need=(), time_column=None) -> PointSet:
    """Points from a CSV with lon/lat columns (WGS 84) or from any OGR vector file."""
    if path.suffix.lower() in (".csv", ".txt"):
        try:
            header = list(pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns)
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            raise InvalidInputError(f"{path}: not a readable CSV file ({str(error).splitlines()[0]})") from None
        lon, lat = _pick(header, LON), _pick(header, LAT)
        for got, names in ((lon, LON), (lat, LAT)):
            if got is None:
                raise InvalidInputError(f"{path}: no column '{names[0]}' (columns: {', '.join(map(str, header))}); "
                                        f"{role} need lon and lat columns in WGS 84 degrees")
        _need_columns(path, None, header, need, role)
        t = _pick(header, (time_column,)) if time_column else None
        pts = read_points(path, x=lon, y=lat, crs="EPSG:4326", time=t)
        frame = pts.attributes.drop(columns=[c for c in (lon, lat) if c in pts.attributes])
        if t is not None:
            frame[t] = pd.to_datetime(np.asarray(pts.time), unit="s")
        pts.attributes = frame
        return pts
    layer = _only_layer(path, role)
    pts = read_points(path, layer=layer)
    _need_columns(path, layer, list(pts.attributes.columns), need, role)
    return pts


def _need_columns(path, layer, columns, need, role) -> None:
    for options in need:
        options = (options,) if isinstance(options, str) else tuple(options)
        if _pick(columns, options) is None:
            where = f"{path}" + (f", layer '{layer}'" if layer else "")
            alt = f" (or {', '.join(repr(o) for o in options[1:])})" if len(options) > 1 else ""
            raise InvalidInputError(f"{where}: no column '{options[0]}'{alt} (columns: "
                                    f"{', '.join(map(str, columns)) or 'none'}); {role} need it")


def _hamlets(path: Path):
    layer = _only_layer(path, "hamlets")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WatchmapWarning)
        polys = read_polygons(path, layer=layer)
    for w in caught:                                    # repaired polygons: said once, on one line
        warnings.warn(str(w.message), WatchmapWarning, stacklevel=3)
    frame = polys.attributes
    _need_columns(path, layer, list(frame.columns), [("population",), ID_COLUMNS + NAME_COLUMNS], "hamlets")
    pop = pd.to_numeric(frame["population"], errors="coerce")
    bad = np.flatnonzero(pop.isna().to_numpy() | (pop.to_numpy() < 0))
    if bad.size:
        raise InvalidInputError(f"{path}, layer '{layer}': column 'population' must be a number ≥ 0 "
                                f"(feature {bad[0]}: {frame['population'].iloc[bad[0]]!r})")
    add = {"population": pop.to_numpy(float)}
    ids = _pick(frame.columns, ID_COLUMNS)
    names = _pick(frame.columns, NAME_COLUMNS)
    if "hamlet_id" not in frame:
        add["hamlet_id"] = (frame[ids].astype(str).to_numpy() if ids is not None
                            else np.array([f"H-{i + 1:03d}" for i in range(len(frame))]))
    if "hamlet" not in frame:
        add["hamlet"] = frame[names].astype(str).to_numpy() if names is not None else add.get(
            "hamlet_id", frame["hamlet_id"].astype(str).to_numpy())
    if "commune" not in frame:
        alt = _pick(frame.columns, ("xa", "commune_name", "ten_xa"))
        if alt is not None:
            add["commune"] = frame[alt].astype(str).to_numpy()
    polys = polys.assign(**add)
    ids = polys.attributes["hamlet_id"].astype(str)
    if ids.duplicated().any():
        raise InvalidInputError(f"{path}, layer '{layer}': hamlet id {ids[ids.duplicated()].iloc[0]!r} appears "
                                f"twice; each hamlet needs its own id")
    return polys, layer


def _from_files(hamlets_path: Path, teams_path: Path, incidents_path: Path, households_path, dem_path,
                roads_path) -> Inputs:
    hamlets, layer = _hamlets(hamlets_path)
    layers = list_layers(hamlets_path)
    dem = read_raster(dem_path) if dem_path is not None else None
    if dem is not None and dem.crs.is_empty:
        raise InvalidInputError(f"{dem_path}: the DEM has no coordinate system; give it one (e.g. gdal_edit.py -a_srs)")
    refs = {"hamlets": hamlets}
    if dem is not None and dem.crs.is_metric:
        refs = {"dem": dem, **refs}
    crs = Crs(analysis_crs(refs))
    if dem is not None and dem.crs != crs:
        warnings.warn(f"{dem_path}: the DEM is in {dem.crs.name}; warped to {crs.name} for the analysis",
                      WatchmapWarning, stacklevel=2)
        dem = dem.to_crs(crs, resampling="bilinear")
    hamlets = hamlets.to_crs(crs)
    communes = (read_polygons(hamlets_path, layer="communes").to_crs(crs) if "communes" in layers and layer == "hamlets"
                else hamlets[:0])
    boundary = (read_polygons(hamlets_path, layer="district").to_crs(crs) if "district" in layers and layer == "hamlets"
                else union_all(hamlets))

    teams = _read_points_file(teams_path, "teams").to_crs(crs)
    if "team_id" not in teams.attributes:
        teams = teams.assign(team_id=np.array([f"T-{i + 1:03d}" for i in range(len(teams))]))
    incidents = _read_points_file(incidents_path, "incidents", need=[("date", "year")], time_column="date")
    incidents = incidents.to_crs(crs)
    households = None
    if households_path is not None:
        households = _read_points_file(households_path, "households", need=[("residents",)]).to_crs(crs)
    roads = read_lines(roads_path, layer=_only_layer(roads_path, "roads")).to_crs(crs) if roads_path else None
    d = _district.District(crs, boundary, communes, hamlets, teams, incidents, dem, roads=roads)
    check(d, {"teams": teams_path, "incidents": incidents_path})
    sources = {"hamlets": str(hamlets_path), "teams": str(teams_path), "incidents": str(incidents_path)}
    for name, path in (("households", households_path), ("dem", dem_path), ("roads", roads_path)):
        if path is not None:
            sources[name] = str(path)
    return Inputs(d, households, synthetic=False, sources=sources)


def check(d, paths: dict) -> None:
    """Teams inside the district; incidents in its area (not another CRS); raises one-line errors."""
    import geopandas as gpd
    from shapely.ops import unary_union

    outline = unary_union(list(d.boundary.to_geopandas().geometry))

    def distance(points) -> np.ndarray:
        return gpd.GeoSeries(gpd.points_from_xy(np.asarray(points.x), np.asarray(points.y))).distance(
            outline).to_numpy()

    tx = np.asarray(d.teams.x)
    dist = distance(d.teams)
    out = np.flatnonzero(dist > TEAM_TOLERANCE_M)
    if out.size:
        ids = d.teams.attributes["team_id"].astype(str).to_numpy()
        listed = ", ".join(f"{ids[i]} (row {i + 1}, {dist[i] / 1000:,.1f} km away)" for i in out[:3])
        more = f" and {out.size - 3} more" if out.size > 3 else ""
        raise InvalidInputError(f"{paths['teams']}: {out.size} of {len(tx)} teams lie outside the district: "
                                f"{listed}{more}; check their lon/lat")
    far = distance(d.incidents) > INCIDENT_REACH_M
    if len(far) and far.mean() > 0.5:
        raise InvalidInputError(
            f"{paths['incidents']}: {int(far.sum())} of {len(far)} incidents lie more than "
            f"{INCIDENT_REACH_M / 1000:g} km outside the district; are they in another coordinate system "
            f"than lon/lat WGS 84 (or another district's)?")
