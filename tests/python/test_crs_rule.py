"""The one CRS rule, as users meet it: analysis_crs and the errors that name both layers."""
import pytest

import watchmap as wm


def test_analysis_crs_follows_the_rule():
    d = wm.datasets.demo_district(seed=0)
    lonlat = d.incidents.to_crs("EPSG:4326")
    assert wm.analysis_crs({"incidents": lonlat, "hamlets": d.hamlets}) == "EPSG:32648"  # UTM of the first
    assert wm.analysis_crs({"incidents": lonlat}, metres=False) == "EPSG:4326"
    assert wm.analysis_crs({"dem": d.dem, "teams": lonlat}) == "EPSG:32648"
    local = wm.PointSet([1.0], [2.0])
    with pytest.raises(wm.CrsError, match=r"hamlets \(EPSG:32648\) and tips \(no CRS\)"):
        wm.analysis_crs({"hamlets": d.hamlets, "tips": local})
    with pytest.raises(wm.CrsError, match=r"dem \(EPSG:4326\) is not in metres.*to_crs"):
        wm.analysis_crs({"dem": d.dem.to_crs("EPSG:4326"), "teams": d.teams})
    with pytest.raises(wm.InvalidInputError, match="tips must be a PointSet"):
        wm.analysis_crs({"tips": [1, 2]})


def test_every_analytic_reconciles_mixed_crs_inputs():
    d = wm.datasets.demo_district(seed=0)
    lonlat_incidents = d.incidents.to_crs("EPSG:4326")
    assert (wm.locate(lonlat_incidents, d.hamlets) == wm.locate(d.incidents, d.hamlets)).all()
    cells = wm.voronoi_cells(d.teams.to_crs("EPSG:4326")[:3], d.boundary)
    assert cells.crs == "EPSG:32648" and (cells.areas() > 0).all()
    clipped = wm.clip(d.hamlets[:5], d.boundary.to_crs("EPSG:4326"))
    assert clipped.crs == d.hamlets.crs
