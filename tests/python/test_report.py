"""The planner's report on the demo district: every file, the GeoPackage through GDAL, the numbers
in the HTML against the API, the PDF page by page, and both pages in a real browser (headless
Chromium through the DevTools protocol). One report run is shared (conftest ``demo_report``)."""
from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import watchmap as wm
from watchmap.report import Options, build_report

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ROOT / "examples" / "figures"
SYNTHETIC = "Synthetic demo district modelled on Bạch Thông"
GUARDED = {"coverage": "coverage", "hotspots": "hotspots", "placement": "place_teams"}


class ReportHtml(HTMLParser):
    """Numbers (data-key / data-v), tables (data-table, data-id, data-col), images and text."""

    def __init__(self, text: str):
        super().__init__()
        self.keys, self.tables, self.images, self.unavailable = {}, {}, [], []
        self._stack, self._table, self._row, self._cell, self._p = [], None, None, None, None
        self.text = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "data-table" in a:
            self._table = self.tables.setdefault(a["data-table"], {})
        elif tag == "tr" and self._table is not None:          # header rows carry no data-id
            self._row = self._table.setdefault(a["data-id"], {}) if "data-id" in a else None
        elif tag == "td" and self._row is not None and "data-col" in a:
            self._cell = [a["data-col"], a.get("data-v"), ""]
        elif tag == "span" and "data-key" in a:
            self._cell = ["key:" + a["data-key"], a.get("data-v"), ""]
        elif tag == "img":
            self.images.append(a.get("src", ""))
        elif tag == "p" and "unavailable" in (a.get("class") or ""):
            self._p = ""

    def handle_endtag(self, tag):
        if tag in ("td", "span") and self._cell is not None:
            name, raw, text = self._cell
            if name.startswith("key:"):
                self.keys[name[4:]] = (raw, text)
            else:
                self._row[name] = (raw, text)
            self._cell = None
        elif tag == "table":
            self._table, self._row = None, None
        elif tag == "p" and self._p is not None:
            self.unavailable.append(self._p)
            self._p = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data
        if self._p is not None:
            self._p += data
        self.text.append(data)


@pytest.fixture(scope="module")
def district():
    return wm.datasets.demo_district(seed=0)


@pytest.fixture(scope="module")
def page(demo_report):
    return ReportHtml((demo_report.out / "report.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def api(district):
    """The numbers the report must print, computed here with the public API."""
    years = district.incidents.attributes["year"].to_numpy()
    per_hamlet = wm.count(district.incidents, district.hamlets, by="year")
    return {"per_hamlet": per_hamlet, "per_commune": wm.rollup(per_hamlet, by="commune"), "years": years,
            "year": int(years.max()), "tips": district.incidents.attributes["source"].to_numpy() == "tip"}


def _available(key):
    return hasattr(wm, GUARDED[key])


# ---------------------------------------------------------------------------------------------
def test_every_file_present(demo_report):
    out = demo_report.out
    for name in ("report.html", "report.pdf", "map.html", "watchmap.gpkg", "density.tif", "summary.json",
                 "tables/hamlets.csv", "tables/incidents_per_year.csv", "tables/incidents_per_commune.csv",
                 "data/hamlets.gpkg", "data/teams.csv", "data/incidents.csv", "data/dem.tif"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    if _available("coverage"):
        for name in ("travel_time.tif", "tables/coverage_by_hamlet.csv"):
            assert (out / name).is_file(), name
    # the temporary sibling was renamed, nothing else is left beside the folder
    assert [p.name for p in out.parent.iterdir()] == [out.name]


def test_progress_and_skipped_sections_are_reported(demo_report, page):
    err, stdout = demo_report.run.stderr, demo_report.run.stdout
    assert "[12/12] report.pdf" in err and "Traceback" not in err
    assert "Incidents per year (all / tips):" in stdout
    for key in GUARDED:
        line = f"{key}: not available in this version"
        assert (line in stdout) == (not _available(key))
        assert demo_report.summary["available"][key] == _available(key)
    expected = sum(not _available(k) for k in GUARDED)
    # one line in its section and one on the summary page per skipped analysis; none faked
    assert len([u for u in page.unavailable if "not available in this version" in u]) == 2 * expected


def test_geopackage_layers_and_counts(demo_report, district, api):
    gpkg = demo_report.out / "watchmap.gpkg"
    layers = wm.list_layers(gpkg)
    expected = ["hamlets", "communes", "district", "teams", "incidents"]
    if _available("coverage"):
        expected += ["covered_2000m", "gaps_2000m"]
    if _available("hotspots"):
        expected.append("hotspot_cells")
    if _available("placement"):
        expected.append("proposed_sites")
    assert set(expected) <= set(layers), layers
    hamlets = wm.read_polygons(gpkg, layer="hamlets")
    assert len(hamlets) == 155 and len(wm.read_polygons(gpkg, layer="communes")) == 14
    assert len(wm.read_polygons(gpkg, layer="district")) == 1
    assert len(wm.read_points(gpkg, layer="teams")) == len(district.teams)
    frame = hamlets.attributes
    for y in (2023, 2024, 2025):
        np.testing.assert_array_equal(frame[f"count_{y}"].to_numpy(), api["per_hamlet"][f"count_{y}"].to_numpy())
    incidents = wm.read_points(gpkg, layer="incidents")
    assert len(incidents) == len(district.incidents) == 1053
    where = wm.locate(district.incidents, district.hamlets)
    ids = district.hamlets.attributes["hamlet_id"].to_numpy()[where]
    np.testing.assert_array_equal(incidents.attributes["hamlet_id"].to_numpy(), ids)
    assert incidents.crs == district.crs


def test_density_raster_is_the_api_surface(demo_report, district, api):
    tif = wm.read_raster(demo_report.out / "density.tif")
    sel = api["years"] == api["year"]
    grid = wm.Grid.covering(district.boundary, 100.0, margin_m=0.0)
    ref = wm.kde(district.incidents[sel], grid, mask=district.boundary, weight=None)
    assert tif.values.shape == ref.values.shape and tif.crs == ref.crs
    np.testing.assert_allclose(tif.values, ref.values, rtol=1e-6, equal_nan=True)   # float32 file
    facts = demo_report.summary["facts"]["density"]
    assert facts["bandwidth_m"] == pytest.approx(wm.bandwidth(district.incidents[sel], "arcgis"), rel=1e-12)


def test_csv_tables(demo_report, api):
    hamlets = pd.read_csv(demo_report.out / "tables" / "hamlets.csv", encoding="utf-8-sig")
    assert len(hamlets) == 155 and "Phủ Thông" in set(hamlets["commune"])      # UTF-8 names survive
    np.testing.assert_array_equal(hamlets["count_2024"], api["per_hamlet"]["count_2024"])
    per_year = pd.read_csv(demo_report.out / "tables" / "incidents_per_year.csv", encoding="utf-8-sig")
    assert per_year["incidents"].tolist() == [int((api["years"] == y).sum()) for y in (2023, 2024, 2025)]
    assert (demo_report.out / "tables" / "hamlets.csv").read_bytes()[:3] == b"\xef\xbb\xbf"   # Excel BOM


def test_html_numbers_equal_the_api(page, district, api):
    k = page.keys
    assert k["hamlets"] == ("155", "155") and k["communes"][0] == "14" and k["teams"][0] == "155"
    residents = int(district.hamlets.attributes["population"].sum())
    assert k["residents"] == (str(residents), f"{residents:,}")
    y = api["year"]
    n_y = int((api["years"] == y).sum())
    assert k[f"incidents_{y}"] == (str(n_y), f"{n_y:,}")
    assert int(k[f"tips_{y}"][0]) == int(((api["years"] == y) & api["tips"]).sum())
    assert float(k["area_km2"][0]) == pytest.approx(district.boundary.areas().sum() / 1e6)
    # every hamlet row: the counts the API gives, printed as the same number
    rows = page.tables["hamlets"]
    assert len(rows) == 155
    ref = api["per_hamlet"].set_index("hamlet_id")
    for hid, row in rows.items():
        for yy in (2023, 2024, 2025):
            raw, text = row[f"count_{yy}"]
            assert int(raw) == ref.loc[hid, f"count_{yy}"] and text == f"{int(raw):,}"
        assert int(row["population"][0]) == ref.loc[hid, "population"]
        pop = ref.loc[hid, "population"]
        assert float(row["rate_per_1000"][0]) == pytest.approx(ref.loc[hid, f"count_{y}"] / pop * 1000.0, rel=1e-12)
    communes = page.tables["per_commune"]
    for _, r in api["per_commune"].iterrows():
        assert int(communes[r["commune"]][f"count_{y}"][0]) == r[f"count_{y}"]
    per_year = page.tables["per_year"]
    for yy in (2023, 2024, 2025):
        assert int(per_year[str(yy)]["incidents"][0]) == int((api["years"] == yy).sum())


def test_html_is_self_contained_and_marked_synthetic(demo_report, page):
    text = (demo_report.out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert "<script" not in text and "<link" not in text and "@import" not in text
    assert page.images and all(src.startswith("data:image/png;base64,") for src in page.images)
    assert text.count(SYNTHETIC) >= 2          # banner and the printed pages' margin note
    import base64
    from PIL import Image

    img = Image.open(io.BytesIO(base64.b64decode(page.images[0].split(",", 1)[1])))
    assert img.width >= 2000                   # ~190 mm at 300 dpi: print resolution


def _have(tool):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not installed (Debian poppler-utils)")


def test_pdf_pages_a4_with_content_and_no_map_cut(demo_report, page, tmp_path):
    _have("pdftoppm")
    pdf = demo_report.out / "report.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 8 <= pages <= 30
    assert re.search(r"Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)", info), info
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf), str(tmp_path / "p")], check=True)
    from PIL import Image

    images = sorted(tmp_path.glob("p-*.pgm"))
    assert len(images) == pages
    for im in images:
        ink = np.asarray(Image.open(im)) < 200
        body = ink[int(ink.shape[0] * 0.06):int(ink.shape[0] * 0.94)]     # below the margin note
        assert body.mean() > 0.003, f"{im.name} looks empty"
    for p in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert SYNTHETIC in text, f"page {p} lacks the synthetic-data note"
    # every font is embedded DejaVu (complete Vietnamese), none substituted
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names and all("DejaVu" in n for n in names), names
    # a figure cut across pages would be drawn on two pages: every image object is on one page
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    objects = {}
    for line in listing.splitlines()[2:]:
        f = line.split()
        objects.setdefault(f[10], set()).add(int(f[0]))
    assert len(objects) == len(page.images)
    assert all(len(on) == 1 for on in objects.values()), objects


def test_in_a_real_browser(demo_report):
    from _browser import Browser

    reason = Browser.skip_reason()
    if reason:
        pytest.skip(reason)
    leaves = re.compile(r"^(?:https?|wss?|ftp):", re.I)
    from PIL import Image

    def not_blank(png: bytes):
        a = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)
        assert a.std() > 20 and (a < 200).mean() > 0.02

    with Browser() as b:
        requests = b.open(demo_report.out / "report.html")
        assert requests and not [u for u in requests if leaves.match(u)]
        imgs = b.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        assert len(imgs) >= 3 and all(ok and w > 0 for ok, w in imgs), imgs
        assert b.evaluate("document.body.innerText.length") > 2000
        not_blank(b.screenshot(FIGURES / "report.png"))

        requests = b.open(demo_report.out / "map.html",
                          ready_js="document.body.getAttribute('data-wm-ready') === '1'")
        assert not [u for u in requests if leaves.match(u)]
        assert b.evaluate("document.querySelectorAll('path.wm-hamlet').length") == 155
        assert b.evaluate("document.querySelectorAll('.wm-team').length") == 155
        not_blank(b.screenshot(FIGURES / "map.png"))
        # switch the density overlay on: its image loads from the page itself
        start = len(b.events)
        b.evaluate("""Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
                      .find(l => l.textContent.includes('density')).querySelector('input').click()""")
        b.evaluate("new Promise(r => setTimeout(r, 300))")
        assert b.evaluate("document.querySelector('img.wm-density').naturalWidth") > 0
        later = [e["params"]["request"]["url"] for e in b.events[start:] if e["method"] == "Network.requestWillBeSent"]
        assert not [u for u in later if leaves.match(u)]


def test_sections_light_up_with_the_apis_of_issues_8_9_10_in_vietnamese(tmp_path, monkeypatch):
    """The guarded sections, run with stand-ins shaped like the APIs of issues 8/9/10 (one run, in
    Vietnamese, to check the language too)."""
    import _standins

    for name, fn in _standins.ALL.items():
        if not hasattr(wm, name):
            monkeypatch.setattr(wm, name, fn, raising=False)
    r = build_report(tmp_path / "all", demo=True, options=Options(lang="vi", pdf=False, dpi=40), progress=False)
    assert all(r.available.values()), r.available
    layers = set(wm.list_layers(r.path / "watchmap.gpkg"))
    assert {"covered_2000m", "gaps_2000m", "covered_30min", "gaps_30min", "isochrones", "hotspot_cells",
            "proposed_sites"} <= layers
    assert len(wm.read_points(r.path / "watchmap.gpkg", layer="proposed_sites")) == 2
    text = (r.path / "report.html").read_text(encoding="utf-8")
    page = ReportHtml(text)
    assert not page.unavailable
    assert {"coverage_shares", "summary_coverage", "proposed_sites", "top_hotspots"} <= set(page.tables)
    assert "hamlets_below" in page.tables or r.facts["coverage"]["hamlets_below_time"] == 0
    demo = wm.datasets.demo_district()
    cov = wm.coverage(demo.teams, demo.hamlets, radius_m=2000.0, population=getattr(demo, "households", None))
    shares = page.tables["summary_coverage"]
    assert float(shares["residents_share"]["distance"][0]) == pytest.approx(cov.summary["residents_share"])
    hamlets = wm.read_polygons(r.path / "watchmap.gpkg", layer="hamlets").attributes
    assert {"covered_share", "nearest_team_minutes", "nearest_team_m"} <= set(hamlets.columns)
    assert len(page.images) == 7          # district, trend, density, coverage, travel time, hotspots, placement
    for name in ("travel_time.tif", "tables/proposed_sites.csv", "tables/hotspots.csv",
                 "tables/coverage_by_hamlet.csv"):
        assert (r.path / name).is_file(), name
    # Vietnamese: the administrative terms, number format, and the synthetic note in both languages
    for words in ("Tổ an ninh nhân dân", "Thôn/bản", "Xã", "Điểm nóng", "Phương pháp tính", "Trên 1.000 dân",
                  "Dân được bao phủ", "Huyện mẫu mô phỏng theo Bạch Thông", SYNTHETIC):
        assert words in text, words
    assert page.keys["residents"][1] == "30.359"
    assert "Tổ an ninh nhân dân" in (r.path / "map.html").read_text(encoding="utf-8")


def _digest(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failure_leaves_no_partial_folder_and_the_earlier_report(tmp_path, monkeypatch, demo_report):
    from watchmap.report.sections import incidents

    def broken(ctx):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(incidents, "run", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        build_report(tmp_path / "new", demo=True, options=Options(pdf=False), progress=False)
    assert list(tmp_path.iterdir()) == []                      # neither the folder nor a temporary one
    earlier = tmp_path / "earlier"
    shutil.copytree(demo_report.out, earlier)
    before = _digest(earlier)
    with pytest.raises(RuntimeError):
        build_report(earlier, demo=True, options=Options(pdf=False), progress=False)
    assert _digest(earlier) == before and [p.name for p in tmp_path.iterdir()] == ["earlier"]


def test_output_folder_swaps_whole_and_refuses_foreign_folders(tmp_path):
    from watchmap.report._outdir import OutputFolder

    out = tmp_path / "r"
    for version in ("1", "2"):
        folder = OutputFolder(out)
        with folder as tmp:
            (tmp / "report.html").write_text(version)
            folder.commit("test")
        assert (out / "report.html").read_text() == version
        assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]        # earlier one gone, no temp left
    assert oct(out.stat().st_mode & 0o777) == "0o755"
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "letter.docx").write_text("keep me")
    with pytest.raises(wm.IoError, match="not a watchmap report"):
        OutputFolder(mine)
    assert (mine / "letter.docx").read_text() == "keep me"
    with pytest.raises(wm.IoError, match="not a folder"):
        OutputFolder(mine / "letter.docx")


def test_progress_bar_on_a_terminal_and_lines_in_a_log():
    import io

    from watchmap.report._progress import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    tty, log = Terminal(), io.StringIO()
    for stream in (tty, log):
        p = Progress([("load", 1), ("density", 3)], stream=stream)
        p.step("load")
        p.step("density")
        p.fraction(0.5)
        p.done()
    assert "\r[" in tty.getvalue() and "%  density" in tty.getvalue() and "\n" not in tty.getvalue()
    lines = log.getvalue().splitlines()
    assert len(lines) == 2 and lines[0].startswith("watchmap: [1/2] load") and lines[1].endswith("(100 %)")


def test_chromium_can_be_named_or_is_reported_missing(monkeypatch):
    from watchmap.report import pdf

    monkeypatch.setenv("WATCHMAP_CHROMIUM", "/nonexistent/chromium")
    assert pdf.find_chromium() is None
    with pytest.raises(pdf.PdfError, match="Chromium not found"):
        pdf.print_pdf(Path("x.html"), Path("x.pdf"))
