"""Map functions and the offline web map: furniture present, colours right, Vietnamese renders,
the HTML is self-contained. No image comparison; figures are drawn at low dpi to stay fast."""
import json
import re
import types
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

import watchmap as wm  # noqa: E402
from watchmap import plot as wplot  # noqa: E402

FURNITURE = {"title", "legend", "scalebar", "north_arrow", "source_note", "crs_note"}
VI_TEXT = "Tổ an ninh nhân dân – Bạch Thông – Phủ Thông – thôn/bản – xã – Điểm nóng – Cẩm Giàng"


@pytest.fixture(scope="module")
def district():
    return wm.datasets.demo_district(seed=0)


@pytest.fixture(scope="module")
def density(district):
    grid = wm.Grid.covering(district.boundary, 250.0, margin_m=1000.0)
    return wm.kde(district.incidents, grid, bandwidth_m=1500.0, mask=district.boundary)


@pytest.fixture(scope="module")
def travel(district):
    """Walking time from every team over the demo DEM, trails walked (as the report computes it)."""
    return wm.travel_time(district.dem, district.teams, roads=district.roads)


@pytest.fixture(scope="module")
def minutes(travel):
    return travel.minutes


@pytest.fixture(scope="module")
def hamlets(district):
    h = district.hamlets.to_geopandas()
    h["covered_share"] = np.random.default_rng(1).uniform(0.2, 1.0, len(h)).round(3)
    h.loc[h.index[:5], "covered_share"] = 1.0
    return h


def _gids(fig):
    return {a.get_gid() for a in fig.findobj() if a.get_gid()}


def _draw(ax):
    ax.figure.set_dpi(40)
    ax.figure.canvas.draw()
    return ax


def _check_map(ax, synthetic=True):
    fig = ax.figure
    gids = _gids(fig)
    missing = FURNITURE - gids
    assert not missing, f"missing furniture: {missing}"
    if synthetic:
        assert "note" in gids
    assert ax.get_legend() is not None and ax.get_legend().get_texts()
    (title,) = [a for a in fig.findobj() if a.get_gid() == "title"]
    assert title.get_text()


def _scalebar(fig):
    (bar,) = [a for a in fig.findobj() if a.get_gid() == "scalebar"]
    return bar


def test_district_map_furniture_scalebar_and_labels(district):
    ax = _draw(wplot.district_map(district.hamlets, district.communes, district.teams, synthetic=True))
    try:
        _check_map(ax)
        bar = _scalebar(ax.figure)
        assert bar.length_m in {1000.0, 2000.0, 5000.0, 10000.0}
        # the drawn bar is exactly length_m long on the ground
        x0 = min(r.get_window_extent().x0 for r in bar.bar_children)
        x1 = max(r.get_window_extent().x1 for r in bar.bar_children)
        px_per_m = ax.transData.transform([1.0, 0.0])[0] - ax.transData.transform([0.0, 0.0])[0]
        assert (x1 - x0) / px_per_m == pytest.approx(bar.length_m, rel=0.02)
        # a 36 km wide district gets a 5 km bar (a round length, a fifth to a quarter of the map)
        assert bar.length_m == 5000.0
        note = [a for a in ax.figure.findobj() if a.get_gid() == "note"][0]
        assert "Synthetic demo district modelled on Bạch Thông" in note.txt.get_text()
        labels = [t for t in ax.texts if t.get_gid() in ("hamlet_label", "commune_label")]
        assert labels, "no names placed"
        # placed names never overlap each other
        r = ax.figure.canvas.get_renderer()
        boxes = [t.get_window_extent(r) for t in labels]
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                assert not boxes[i].overlaps(boxes[j]), (labels[i].get_text(), labels[j].get_text())
        w, h = ax.figure.get_size_inches()
        assert (w, h) == pytest.approx((297 / 25.4, 210 / 25.4))   # A4 landscape for a wide district
    finally:
        plt.close(ax.figure)


def test_page_sizes():
    from watchmap._map_furniture import page_inches

    assert page_inches("A3", "portrait", 2.0)[:2] == pytest.approx((297 / 25.4, 420 / 25.4))
    assert page_inches("A4", "auto", 1.7)[:2] == pytest.approx((297 / 25.4, 210 / 25.4))
    assert page_inches("A4", "auto", 0.6)[:2] == pytest.approx((210 / 25.4, 297 / 25.4))


def test_coverage_map(district, hamlets):
    gaps = district.boundary.to_geopandas().buffer(-3000)
    ax = _draw(wplot.coverage_map(hamlets, "covered_share", teams=district.teams, gaps=gaps,
                                  threshold=0.8, synthetic=True, size="A3", orientation="portrait"))
    try:
        _check_map(ax)
        gids = _gids(ax.figure)
        assert {"coverage", "below_threshold", "gaps", "teams"} <= gids
        hatched = [c for c in ax.collections if c.get_gid() == "below_threshold"][0]
        assert hatched.get_hatch() and len(hatched.get_paths()) == int((hamlets.covered_share < 0.8).sum())
        assert ax.figure.get_size_inches() == pytest.approx((297 / 25.4, 420 / 25.4))
        # legend lies outside the map frame (below it on a portrait page)
        leg = ax.get_legend().get_window_extent()
        assert leg.y1 <= ax.get_window_extent().y0
    finally:
        plt.close(ax.figure)
    with pytest.raises(ValueError, match="0–1"):
        wplot.coverage_map(hamlets, hamlets.covered_share * 100)
    plt.close("all")


def test_travel_time_map(district, minutes):
    ax = _draw(wplot.travel_time_map(minutes, dem=district.dem, teams=district.teams, roads=district.roads,
                                     boundary=district.boundary, bands=(10, 20, 30), synthetic=True))
    try:
        _check_map(ax)
        gids = _gids(ax.figure)
        assert {"hillshade", "travel_time", "isochrones", "roads"} <= gids
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "0–10 min" in labels and "More than 30 min" in labels and "Road or trail" in labels
        # the raster layers are clipped to the district; the outline and the teams are not
        clipped = {a.get_gid() for a in ax.get_children() if a.get_gid() and a.get_clip_path() is not None}
        assert {"hillshade", "travel_time", "isochrones", "roads"} <= clipped
        assert not {"district_boundary", "teams"} & clipped
    finally:
        plt.close(ax.figure)
    # any object with .values and .grid is a raster (duck-typed): the same map without watchmap's Raster
    plain = types.SimpleNamespace(values=np.asarray(minutes.values), grid=minutes.grid, nodata=None, crs=minutes.crs)
    ax = _draw(wplot.travel_time_map(plain, teams=district.teams, boundary=district.boundary, synthetic=True))
    try:
        _check_map(ax)
    finally:
        plt.close(ax.figure)


def test_coverage_map_draws_gaps_with_people_and_the_households_left_out(district, travel):
    households = district.households
    cov = wm.coverage(district.teams, district.hamlets, travel_time=travel, minutes=30, population=households,
                      incidents=district.incidents)
    gaps = cov.gaps.attributes
    occupied = int(((gaps["residents"] > 0) | (gaps["incidents"] > 0)).sum())
    assert 0 < occupied < len(gaps)
    missed = np.flatnonzero(~(np.asarray(travel.minutes.sample(households)) <= 30))
    share = cov.by_hamlet["residents_share"].to_numpy()
    for all_gaps, drawn, label in ((False, occupied, "Coverage gap with residents or incidents"),
                                   (True, len(gaps), "Coverage gap (not covered)")):
        ax = _draw(wplot.coverage_map(district.hamlets, share, teams=district.teams, gaps=cov.gaps, all_gaps=all_gaps,
                                      uncovered=households[missed], synthetic=True))
        try:
            (g,) = [c for c in ax.collections if c.get_gid() == "gaps"]
            assert len(g.get_paths()) == drawn
            (dots,) = [a for a in ax.lines if a.get_gid() == "uncovered"]
            assert len(dots.get_xdata()) == len(missed)
            labels = [" ".join(t.get_text().split()) for t in ax.get_legend().get_texts()]   # legend wraps lines
            assert label in labels and "Household not covered" in labels
        finally:
            plt.close(ax.figure)


def test_hillshade_lights_northwest_slopes():
    from watchmap._map_furniture import hillshade

    y, x = np.mgrid[0:50, 0:50]
    facing_nw = (x + y).astype(float) * 10.0      # rises to the east and south (rows): faces north-west
    facing_se = -facing_nw
    assert np.nanmean(hillshade(facing_nw, 30, 30)) > np.nanmean(hillshade(facing_se, 30, 30))


def test_density_map_classes_and_nodata(district, density):
    ax = _draw(wplot.density_map(density, boundary=district.boundary, hamlets=district.hamlets,
                                 classes=5, synthetic=True))
    try:
        _check_map(ax)
        (im,) = [a for a in ax.images if a.get_gid() == "density"]
        assert im.cmap(np.ma.masked_invalid([np.nan]))[0][3] == 0.0     # nodata transparent
        legend = ax.get_legend()
        assert "km²" in legend.get_title().get_text()
        assert len([t for t in legend.get_texts() if "–" in t.get_text() or "more" in t.get_text()]) >= 5
        # boundaries are drawn above the surface
        z_bound = [c.get_zorder() for c in ax.collections if c.get_gid() == "district_boundary"][0]
        assert z_bound > im.get_zorder()
    finally:
        plt.close(ax.figure)
    # doubling classes: powers of two up to the peak, each class twice the one below
    peak = float(np.nanmax(density.values))
    ax = _draw(wplot.density_map(density, boundary=district.boundary, classes=5, scheme="doubling"))
    try:
        (im,) = [a for a in ax.images if a.get_gid() == "density"]
        top = 2.0 ** np.floor(np.log2(peak))
        np.testing.assert_allclose(im.norm.boundaries[1:-1], top / 2.0 ** np.arange(3, -1, -1))
        assert im.norm.boundaries[-1] >= peak
    finally:
        plt.close(ax.figure)
    with pytest.raises(ValueError, match="doubling"):
        wplot.density_map(density, scheme="jenks")
    plt.close("all")


def test_hotspot_map_colours_and_confidence_legend(district):
    cells = district.hamlets.to_geopandas()
    bins = np.resize(np.arange(-3, 4), len(cells))
    ax = _draw(wplot.hotspot_map(cells, bins, fdr=True, boundary=district.boundary, synthetic=True))
    try:
        _check_map(ax)
        for k in range(-3, 4):
            (coll,) = [c for c in ax.collections if c.get_gid() == f"hotspot_bin_{k}"]
            assert tuple(coll.get_facecolor()[0]) == pytest.approx(to_rgba(wplot.HOTSPOT_COLORS[k]))
            assert len(coll.get_paths()) == int((bins == k).sum())
        r, g, b, _ = to_rgba(wplot.HOTSPOT_COLORS[3])
        assert r > 0.7 and b < 0.3                      # 3: dark red
        r, g, b, _ = to_rgba(wplot.HOTSPOT_COLORS[-3])
        assert b > 0.6 and r < 0.4                      # -3: dark blue
        r, g, b, _ = to_rgba(wplot.HOTSPOT_COLORS[0])
        assert min(r, g, b) > 0.85 and max(r, g, b) - min(r, g, b) < 0.05   # 0: light grey
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert texts[0] == "Hot spot – 99% confidence" and texts[6] == "Cold spot – 99% confidence"
        assert "Not significant" in texts
        src = [a for a in ax.figure.findobj() if a.get_gid() == "source_note"][0]
        assert "Benjamini" in src.get_text()
        # greyscale: hot and cold are told apart by hatching, not only colour
        hatches = {c.get_gid(): c.get_hatch() for c in ax.collections if "hatch" in (c.get_gid() or "")}
        assert hatches["hotspot_hatch_3"] != hatches["hotspot_hatch_-3"]
    finally:
        plt.close(ax.figure)
    ax = wplot.hotspot_map(cells, bins, fdr=False, lang="vi")
    try:
        src = [a for a in ax.figure.findobj() if a.get_gid() == "source_note"][0]
        assert "không dùng FDR" in src.get_text()
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "Điểm nóng – độ tin cậy 99%" in texts
    finally:
        plt.close(ax.figure)


def test_placement_map(district):
    import geopandas as gpd
    from shapely.geometry import Point

    h = district.hamlets.to_geopandas()
    c = h.geometry.iloc[[10, 90]].representative_point()
    proposed = gpd.GeoDataFrame({"rank": [1, 2], "gain": [120, 80]}, geometry=list(c), crs=h.crs)
    newly = gpd.GeoDataFrame(geometry=[Point(p.x, p.y).buffer(1500) for p in c], crs=h.crs)
    ax = _draw(wplot.placement_map(district.hamlets, district.teams, proposed, newly_covered=newly,
                                   radius_m=2000, synthetic=True))
    try:
        _check_map(ax)
        assert {"proposed_sites", "existing_teams", "newly_covered", "proposed_radius"} <= _gids(ax.figure)
        assert [t.get_text() for t in ax.texts if t.get_gid() == "proposed_label"][0].startswith("1")
    finally:
        plt.close(ax.figure)


def test_trend_chart(district):
    ax = _draw(wplot.trend_chart(district.incidents, by="category", synthetic=True))
    try:
        gids = _gids(ax.figure)
        assert {"title", "legend", "source_note", "tips", "note"} <= gids
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "of which tips" in labels and "theft" in labels
        # 36 months of demo data -> 36 bars per category
        assert len([p for p in ax.patches if p.get_gid() == "series_theft"]) == 36
    finally:
        plt.close(ax.figure)
    ax = wplot.trend_chart(district.incidents, by="source", lang="vi")
    try:
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "tin báo" in labels
    finally:
        plt.close(ax.figure)


def test_user_axes_and_vietnamese_labels(district):
    fig, ax = plt.subplots(figsize=(6, 4))
    out = wplot.district_map(district.hamlets, teams=district.teams, ax=ax, lang="vi", labels=False)
    try:
        assert out is ax
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "Tổ an ninh nhân dân" in texts and "Ranh giới xã" in texts
    finally:
        plt.close(fig)


def test_vietnamese_renders_without_missing_glyphs(district):
    fig = plt.figure(figsize=(4, 1), dpi=50)
    fig.text(0.01, 0.5, VI_TEXT, family=wplot.FONT_FAMILY)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
        plt.close(fig)
        ax = _draw(wplot.district_map(district.hamlets, district.communes, district.teams,
                                      lang="vi", synthetic=True))
        plt.close(ax.figure)
    missing = [str(w.message) for w in caught if "missing from current font" in str(w.message)]
    assert not missing, missing


def test_web_map_is_self_contained(tmp_path, district, hamlets, density):
    import geopandas as gpd

    try:
        from watchmap.web_map import _leaflet_dir
        _leaflet_dir()
    except FileNotFoundError:
        pytest.skip("Debian libjs-leaflet is not installed")
    hot = hamlets[["geometry"]].copy()
    hot["Gi_Bin"] = np.resize(np.arange(-3, 4), len(hot))
    gaps = gpd.GeoDataFrame(geometry=district.boundary.to_geopandas().buffer(-4000), crs=hamlets.crs)
    out = wplot.web_map(tmp_path / "map.html", hamlets=hamlets, teams=district.teams, gaps=gaps,
                        hotspots=hot, density=density, lang="vi", synthetic=True)
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]      # no temporary file left
    text = out.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"""url\(\s*["']?(?:https?:)?//""", text, re.I)
    assert "<script src" not in text and "<link" not in text and "tileLayer(" not in text.split("var WM")[1]
    config = json.loads(re.search(r"var WM = (\{.*?\});\n</script>", text, re.S).group(1))
    assert len(config["data"]["hamlets"]["features"]) == 155
    assert config["data"]["hamlets"]["features"][0]["geometry"]["coordinates"][0][0][0] == \
        pytest.approx(105.8, abs=0.5)                                # lon/lat, not UTM
    assert "wm-hamlet" in text and "L.control.layers" in text
    assert config["overlay"]["uri"].startswith("data:image/png;base64,")
    (s, w), (n, e) = config["overlay"]["bounds"]
    assert 21.5 < s < n < 22.7 and 105.3 < w < e < 106.3
    assert "Huyện mẫu mô phỏng theo Bạch Thông" in text
    assert "Tỷ lệ dân được bao phủ" in config["data"]["hamlets"]["features"][0]["properties"]["popup"]


def test_web_map_density_legend_matches_the_printed_map(tmp_path, district, hamlets, density):
    """The report passes its density classes to both maps: the two legends must list the same limits."""
    out = wplot.web_map(tmp_path / "map.html", hamlets=hamlets, density=density, density_classes=6,
                        density_scheme="doubling", show=("hamlets", "density"))
    config = json.loads(re.search(r"var WM = (\{.*?\});\n</script>", out.read_text(encoding="utf-8"), re.S).group(1))
    (legend,) = [g for g in config["legend"] if g["layer"] == "density"]
    web_labels = [r["label"] for r in legend["rows"]]
    ax = _draw(wplot.density_map(density, classes=6, scheme="doubling"))
    try:
        printed = [t.get_text() for t in ax.get_legend().get_texts()]
    finally:
        plt.close(ax.figure)
    limits = lambda labels: [re.findall(r"[\d.,]+", lab) for lab in labels]  # noqa: E731
    assert len(web_labels) == 6
    assert sorted(sum(limits(web_labels), [])) == sorted(sum(limits(printed), []))
