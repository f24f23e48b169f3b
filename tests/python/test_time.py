"""Dates and times of points (issue 12): parsing, time zones, datetimes, round trips, by="month"."""
import numpy as np
import pandas as pd
import pytest

import watchmap as wm

HOUSTON = "data/real/incidents/ggmap_houston/houston_crime_2010_ggmap.csv"


def _csv(tmp_path, text, name="incidents.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_time_is_datetime64_and_iso_text_parses(tmp_path):
    path = _csv(tmp_path, "id,lon,lat,date\n1,105.8,22.1,2024-03-01\n2,105.9,22.2,2024-03-02 13:30\n"
                          "3,105.9,22.2,2024-03-02T13:30:00+07:00\n")
    p = wm.read_points(path, x="lon", y="lat", crs="EPSG:4326", time="date")
    assert p.time.dtype == np.dtype("datetime64[ns]")
    assert p.time.tolist() == [pd.Timestamp("2024-03-01").value, pd.Timestamp("2024-03-02 13:30").value,
                               pd.Timestamp("2024-03-02 06:30").value]
    assert "date" not in p.attributes and p.time_column == "date" and p.time_zone == ""


@pytest.mark.parametrize("text, expected", [
    ("1/13/2010\n2/1/2010", ["2010-01-13", "2010-02-01"]),      # month first (13 cannot be a month)
    ("13/1/2010\n1/2/2010", ["2010-01-13", "2010-02-01"]),      # day first
    ("13.01.2010 18:05\n01.02.2010 07:00", ["2010-01-13 18:05", "2010-02-01 07:00"]),
])
def test_day_month_order_is_decided_from_the_data(tmp_path, text, expected):
    rows = "\n".join(f"{i},105.8,22.1,{d}" for i, d in enumerate(text.split("\n")))
    p = wm.read_points(_csv(tmp_path, "id,lon,lat,date\n" + rows + "\n"), x="lon", y="lat", crs="EPSG:4326",
                       time="date")
    assert [str(t) for t in pd.DatetimeIndex(p.time)] == [str(pd.Timestamp(e)) for e in expected]


def test_ambiguous_dates_ask_for_a_format_and_then_parse(tmp_path):
    path = _csv(tmp_path, "id,lon,lat,date\n1,105.8,22.1,1/2/2010\n2,105.8,22.1,3/4/2010\n")
    with pytest.raises(wm.InvalidInputError, match=r"'1/2/2010' are ambiguous.*time_format='%m/%d/%Y'"):
        wm.read_points(path, x="lon", y="lat", crs="EPSG:4326", time="date")
    p = wm.read_points(path, x="lon", y="lat", crs="EPSG:4326", time="date", time_format="%d/%m/%Y")
    assert pd.DatetimeIndex(p.time)[0] == pd.Timestamp("2010-02-01")


def test_bad_dates_name_the_row(tmp_path):
    path = _csv(tmp_path, "id,lon,lat,date\n1,105.8,22.1,2010-01-02\n2,105.8,22.1,yesterday\n")
    with pytest.raises(wm.InvalidInputError, match=r"row 1: time column 'date' value 'yesterday'"):
        wm.read_points(path, x="lon", y="lat", crs="EPSG:4326", time="date")
    with pytest.raises(wm.InvalidInputError, match="unknown time zone"):
        wm.read_points(path, x="lon", y="lat", crs="EPSG:4326", time="date", tz="Mars/Olympus")


def test_local_times_keep_their_zone(tmp_path):
    path = _csv(tmp_path, "id,lon,lat,when\n1,105.8,22.1,2024-03-01 23:30\n")
    p = wm.read_points(path, x="lon", y="lat", crs="EPSG:4326", time="when", tz="Asia/Ho_Chi_Minh")
    assert p.time_zone == "Asia/Ho_Chi_Minh"
    assert str(p.time[0]) == "2024-03-01 23:30:00+07:00"          # shown in local time
    assert np.asarray(p.time, "datetime64[ns]")[0] == np.datetime64("2024-03-01T16:30:00", "ns")  # UTC instant
    assert p[0].time_zone == "Asia/Ho_Chi_Minh"
    import pickle

    assert pickle.loads(pickle.dumps(p)).time_zone == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize("ext", [".gpkg", ".csv", ".geojson"])
def test_time_round_trips_without_duplicate_columns(tmp_path, ext):
    p = wm.PointSet([580000.0, 580010.0], [2450000.0, 2450010.0], crs="EPSG:32648",
                    time=pd.to_datetime(["2024-03-01 08:00", "2024-12-31 23:59:59"]))
    p.attributes = pd.DataFrame({"category": ["theft", "tip"]})
    path = tmp_path / f"p{ext}"
    p.write(path)
    kwargs = {"x": "X", "y": "Y", "crs": "EPSG:32648"} if ext == ".csv" else {}
    back = wm.read_points(path, **kwargs)
    assert back.time is not None and np.array_equal(back.time, p.time)
    assert [c for c in back.attributes.columns if c not in ("X", "Y")] == ["category"]
    # the column a time came from is where it goes back
    src = _csv(tmp_path, "id,lon,lat,date\n1,105.8,22.1,2024-03-01\n", name="src.csv")
    q = wm.read_points(src, x="lon", y="lat", crs="EPSG:4326", time="date")
    q.write(tmp_path / f"q{ext}")
    again = wm.read_points(tmp_path / f"q{ext}", time="date", **({"x": "X", "y": "Y", "crs": "EPSG:4326"}
                                                               if ext == ".csv" else {}))
    assert np.array_equal(again.time, q.time) and "time" not in again.attributes


def test_pointset_time_accepts_datetimes_integers_and_aware_series():
    base = wm.PointSet([0.0, 1.0], [0.0, 1.0], crs="local")
    base.time = np.array(["2024-01-01", "2024-01-02"], dtype="datetime64[D]")
    assert base._time_seconds.tolist() == [1704067200, 1704153600]
    base.time = [1704067200, 1704153600]          # seconds, as before
    assert np.array_equal(base.time, np.array(["2024-01-01", "2024-01-02"], dtype="datetime64[ns]"))
    base.time = pd.Series(pd.to_datetime(["2024-01-01 07:00", "2024-01-02 07:00"])).dt.tz_localize("Asia/Bangkok")
    assert base.time_zone == "Asia/Bangkok" and base._time_seconds.tolist() == [1704067200, 1704153600]


def test_houston_dates_parse_and_months_bucket_in_local_time(shared):
    path = shared(HOUSTON)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wm.WatchmapWarning)   # 5 rows without coordinates
        local = wm.read_points(path, x="lon", y="lat", crs="EPSG:4326", time="date_local",
                               tz="America/Chicago", skip_invalid=True)
        utc = wm.read_points(path, x="lon", y="lat", crs="EPSG:4326", time="time_utc", skip_invalid=True)
        zoned = wm.read_points(path, x="lon", y="lat", crs="EPSG:4326", time="time_utc", tz="America/Chicago",
                               skip_invalid=True)
    assert len(local) == len(utc) == 86314 - 5
    assert local.time[0] == pd.Timestamp("2010-01-01", tz="America/Chicago")   # "1/1/2010": month first
    frame = pd.read_csv(path).dropna(subset=["lon", "lat"]).reset_index(drop=True)
    # the local calendar date + hour of the file equals the UTC instant shown in Houston's zone
    expected = pd.to_datetime(frame["date_local"], format="%m/%d/%Y") + pd.to_timedelta(frame["hour_local"], "h")
    shown = zoned.time.tz_localize(None).to_numpy()
    differ = np.flatnonzero(shown != expected.to_numpy())
    # ...except 9 rows at 2 a.m. on 14 March 2010, an hour that did not exist in Houston (DST)
    assert len(differ) == 9 and set(frame["date_local"].iloc[differ]) == {"3/14/2010"}
    assert set(frame["hour_local"].iloc[differ]) == {2}
    x0, y0, x1, y1 = zoned.bounds
    box = wm.PolygonSet([x0, x1 + 1, x1 + 1, x0, x0], [y0, y0, y1 + 1, y1 + 1, y0], [0, 5], [0, 1], [0, 1],
                        crs="EPSG:4326")
    by_local = wm.count(zoned, box, by="month")
    by_utc = wm.count(utc, box, by="month")
    august_local = int(by_local["count_2010-08"].iloc[0])
    assert august_local == int((expected.dt.month == 8).sum())
    assert "count_2010-09" not in by_local
    # the bug: incidents of 31 August from 19:00 (CDT, UTC-5) counted in September when bucketed in UTC
    late_august = int(((expected.dt.month == 8) & (expected.dt.day == 31) & (expected.dt.hour >= 19)).sum())
    assert late_august >= 29
    assert int(by_utc["count_2010-09"].iloc[0]) == late_august
    late_july = int(((expected.dt.month == 7) & (expected.dt.day == 31) & (expected.dt.hour >= 19)).sum())
    assert int(by_utc["count_2010-08"].iloc[0]) == august_local - late_august + late_july
