"""Point times: parsing date text, time zones, and PointSet.time as datetimes.

How a PointSet holds time (the C++ core): int64 seconds since 1970-01-01 UTC per point (exact
instants, what analytics and files need), plus ``time_zone``: the data's own IANA zone
("America/Chicago"; "" = unknown, shown as UTC) and ``time_column``: the column the times came
from and are written back to.

``PointSet.time`` gives them as datetimes: a numpy ``datetime64[ns]`` array (UTC) when the zone is
unknown, a tz-aware pandas ``DatetimeIndex`` in ``time_zone`` when it is known (``np.asarray(t, "datetime64[ns]")`` gives the
UTC instants again). ``count(by="month")`` buckets in ``time_zone``.
"""
from __future__ import annotations

import re
from typing import Optional, Tuple

import numpy as np
import pandas as pd

from ._core import InvalidInputError

# "2010-01-31", "2010/01/31 18:05", "2010-01-31T18:05:00.5+07:00", OGR's "2010/01/31 18:05:00+00"
_ISO = re.compile(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$")
# "1/31/2010", "31.01.2010 18:05", "31-01-10" (day/month order decided from the data)
_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?$")
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}(?::?\d{2})?)$")


def to_seconds(values, n: Optional[int] = None) -> Tuple[np.ndarray, Optional[str]]:
    """(int64 seconds since 1970 UTC, time zone or None) from datetime64 values, a pandas
    Series/DatetimeIndex (tz-aware ones give their zone) or integers (already seconds)."""
    tz = None
    if isinstance(values, (pd.Series, pd.Index)) or hasattr(values, "dtype"):
        dtype = getattr(values, "dtype", None)
        if isinstance(dtype, pd.DatetimeTZDtype):
            tz = str(dtype.tz)
            values = pd.DatetimeIndex(values).tz_convert("UTC").tz_localize(None)
        if dtype is not None and (np.issubdtype(np.asarray(values).dtype, np.datetime64)):
            stamps = np.asarray(values, dtype="datetime64[ns]")
            if np.isnat(stamps).any():
                row = int(np.flatnonzero(np.isnat(stamps))[0])
                raise InvalidInputError(f"time: row {row} is missing (NaT); every point needs a time")
            return stamps.astype("datetime64[s]").astype(np.int64), tz
    arr = np.asarray(values)
    if arr.dtype == object and arr.size and isinstance(arr.flat[0], (pd.Timestamp, np.datetime64)):
        return to_seconds(pd.DatetimeIndex(arr), n)
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or np.any(arr != np.floor(arr)):
            raise InvalidInputError("time: numbers must be whole seconds since 1970-01-01 UTC (or pass datetimes)")
    return arr.astype(np.int64), tz


def as_datetimes(points):
    """``PointSet.time``: see the module docs."""
    seconds = points._time_seconds
    if seconds is None:
        return None
    stamps = np.asarray(seconds).astype("datetime64[s]").astype("datetime64[ns]")
    if points.time_zone:
        return pd.DatetimeIndex(stamps).tz_localize("UTC").tz_convert(points.time_zone)
    return stamps


def set_datetimes(points, values) -> None:
    points._set_time(values)


def local_stamps(points) -> pd.DatetimeIndex:
    """The times as a DatetimeIndex in the data's own zone (naive UTC when unknown)."""
    t = as_datetimes(points)
    return t if isinstance(t, pd.DatetimeIndex) else pd.DatetimeIndex(t)


def _check_zone(tz: Optional[str]) -> Optional[str]:
    if tz is None:
        return None
    try:
        import zoneinfo

        zoneinfo.ZoneInfo(str(tz))
    except Exception:
        raise InvalidInputError(f"unknown time zone {tz!r} (use an IANA name such as 'Asia/Ho_Chi_Minh' or "
                                f"'America/Chicago', or 'UTC')") from None
    return str(tz)


def _fail_row(where: str, column: str, text: pd.Series, bad: np.ndarray, why: str) -> None:
    row = int(np.flatnonzero(bad)[0])
    raise InvalidInputError(f"{where}: row {row}: time column '{column}' value {text.iloc[row]!r} {why}")


def _spread(rows: np.ndarray, flags: np.ndarray) -> np.ndarray:
    """Flags of a subset of rows placed back among all rows."""
    out = np.zeros(len(rows), dtype=bool)
    out[rows] = flags
    return out


def _day_month_format(text: pd.Series, where: str, column: str) -> str:
    """strptime format for day/month/year text, deciding the order from the data."""
    parts = text.str.extract(_DMY)
    if parts[0].isna().any():
        _fail_row(where, column, text, parts[0].isna().to_numpy(), "does not look like the other dates")
    first, second = parts[0].astype(int), parts[2].astype(int)
    seps = parts[1].unique()
    if len(seps) != 1:
        raise InvalidInputError(f"{where}: time column '{column}' mixes date separators {list(seps)}; "
                                f"pass time_format=")
    sep = seps[0]
    year = "%Y" if (parts[3].str.len() == 4).all() else "%y"
    if first.max() > 12 and second.max() > 12:
        _fail_row(where, column, text, ((first > 12) & (second > 12)).to_numpy() | (second > 12).to_numpy(),
                  "has no valid day/month order with the other dates; pass time_format=")
    if first.max() > 12:
        order = f"%d{sep}%m{sep}{year}"
    elif second.max() > 12:
        order = f"%m{sep}%d{sep}{year}"
    else:
        example = text.iloc[int(np.flatnonzero((first != second).to_numpy())[0])] if (first != second).any() \
            else text.iloc[0]
        raise InvalidInputError(
            f"{where}: time column '{column}': dates such as {example!r} are ambiguous (no day or month above 12 "
            f"in any row tells day/month from month/day); pass time_format='%m{sep}%d{sep}{year}' (US) or "
            f"time_format='%d{sep}%m{sep}{year}'")
    clocks = parts[4].dropna()
    if clocks.empty:
        return order
    if len(clocks) != len(parts):
        _fail_row(where, column, text, parts[4].isna().to_numpy(), "has no time of day unlike the others")
    return order + " " + ("%H:%M:%S" if clocks.str.count(":").eq(2).all() else "%H:%M")


def parse_times(text: pd.Series, *, time_format: Optional[str], tz: Optional[str], where: str,
                column: str) -> Tuple[np.ndarray, str]:
    """(int64 seconds UTC, time zone name) from date text.

    Naive times (no offset) are local times in ``tz`` (UTC when no ``tz`` is given); times with an
    offset or "Z" are exact instants. ISO dates (year first) need no format; day/month/year text
    gets its order from the data (a day above 12 decides), and an ambiguous column is an error
    asking for ``time_format`` (a ``strptime`` format such as ``"%m/%d/%Y"``).
    """
    tz = _check_zone(tz)
    text = pd.Series(text, dtype="object").reset_index(drop=True)
    missing = text.isna() | (text.astype(str).str.strip() == "")
    if missing.any():
        _fail_row(where, column, text.fillna(""), missing.to_numpy(), "is empty; every point needs a time")
    text = text.astype(str).str.strip()
    if time_format is None:
        iso = text.str.match(_ISO)
        if iso.all():
            fmt = None
        elif iso.any():
            _fail_row(where, column, text, (~iso).to_numpy(), "is not an ISO date like the others (YYYY-MM-DD)")
        elif text.str.match(_DMY).iloc[0]:
            fmt = _day_month_format(text, where, column)
        else:
            _fail_row(where, column, text, np.ones(len(text), bool),
                      "is not a date watchmap recognises (YYYY-MM-DD[ HH:MM[:SS]][+hh:mm], D/M/Y or M/D/Y); "
                      "pass time_format= (a strptime format such as '%d %b %Y')")
    else:
        fmt = time_format
    has_offset = text.str.contains(_OFFSET).to_numpy() if fmt is None else np.zeros(len(text), bool)
    seconds = np.zeros(len(text), dtype=np.int64)
    if has_offset.any():
        aware = pd.to_datetime(text[has_offset], utc=True, errors="coerce")
        if aware.isna().any():
            _fail_row(where, column, text, _spread(has_offset, aware.isna().to_numpy()), "is not a date")
        seconds[has_offset] = aware.dt.tz_localize(None).to_numpy("datetime64[ns]").astype("datetime64[s]").astype(np.int64)
    naive_rows = ~has_offset
    if naive_rows.any():
        try:
            naive = pd.to_datetime(text[naive_rows], format=fmt, errors="coerce")
        except ValueError as e:
            raise InvalidInputError(f"{where}: time column '{column}': time_format {fmt!r}: {e}") from None
        if naive.isna().any():
            _fail_row(where, column, text, _spread(naive_rows, naive.isna().to_numpy()),
                      f"does not match time_format {fmt!r}" if fmt else "is not a date")
        if tz is not None:
            local = naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
            if local.isna().any():
                _fail_row(where, column, text, _spread(naive_rows, local.isna().to_numpy()),
                          f"falls in a daylight-saving change in {tz} (ambiguous or skipped local time); add an "
                          f"offset to it")
            naive = local.dt.tz_convert("UTC").dt.tz_localize(None)
        seconds[naive_rows] = naive.to_numpy("datetime64[ns]").astype("datetime64[s]").astype(np.int64)
    return seconds, tz or ""
