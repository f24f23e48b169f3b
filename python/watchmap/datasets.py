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
>>> same = watchmap.read_district("bach_thong")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from . import _demo_admin, _demo_incidents, _demo_people, _demo_roads, _demo_terrain
from ._core import Crs
from .district import District, read_district

__all__ = ["DemoDistrict", "demo_district", "read_district"]

SYNTHETIC_NOTE = "Synthetic demo district modelled on Bạch Thông"


@dataclass
class DemoDistrict(District):
    """The generated Bạch Thông district: a :class:`watchmap.District` whose every layer is in
    EPSG:32648 (WGS 84 / UTM 48N), plus the seed it came from.

    Attributes
    ----------
    boundary, communes, hamlets : PolygonSet
        The district outline (1 feature), 14 communes and 155 hamlets; each level tiles the one above.
    teams : PointSet
        One security team per hamlet, based at the hamlet's settlement.
    incidents : PointSet
        2023–2025 incidents (``time`` set) with incident_id, date, year, category, source.
    dem : Raster
        Elevation in metres above sea level, 30 m cells, the district plus ~1 km.
    households : PointSet
        One point per household (``residents`` adds up to each hamlet's population), clustered
        around the settlements on the valley floors and along the roads.
    roads : LineSet
        A provincial road along the main valley, a commune road from every commune centre and
        trails to outlying settlements (``kind``), inside the district and connected.
    seed : int or None
        The seed it was generated from.
    """

    seed: Optional[int] = None

    @property
    def synthetic(self) -> bool:
        return True


def demo_district(seed: int = 0) -> DemoDistrict:
    """Generate the synthetic Bạch Thông district; the same seed gives the same district.

    Hamlets, communes, teams, incidents and the DEM come from one random stream; households from
    a second one (so they were added without changing the rest); roads follow the terrain.

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
    # Roads follow the terrain; households draw on a stream of their own, so that adding them left
    # every layer above unchanged for a given seed.
    roads = _demo_roads.build(outline, valleys, dem, teams, hamlets)
    people = np.random.default_rng(None if seed is None else [seed, 9])
    households = _demo_people.build(people, dem, hamlets, teams, roads)
    return DemoDistrict(Crs(_demo_terrain.CRS), boundary, communes, hamlets, teams, incidents, dem,
                        households=households, roads=roads, seed=seed)
