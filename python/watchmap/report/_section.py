"""What a report section receives (:class:`Context`) and gives back (:class:`Section`).

A section is a module under ``watchmap.report.sections`` with one entry point ``run(ctx)``. It
reads the district and the options from the context, may leave results for later sections in
``ctx.shared`` and per-hamlet columns in ``ctx.hamlet_metrics``, and returns a :class:`Section`:
HTML blocks in reading order, the numbers it printed (``facts``, also written to summary.json),
rows for the "how computed" table, and the layers, rasters and tables to write.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np
import pandas as pd


@dataclass
class Options:
    """Report parameters (the CLI options)."""

    radius_m: float = 2000.0
    minutes: float = 30.0
    new_teams: int = 2
    year: Optional[int] = None
    lang: str = "en"
    threshold: float = 0.8          # hamlets below this share of residents covered are listed
    dpi: int = 300                  # print resolution of the figures
    pdf: bool = True
    seed: int = 0                   # demo seed
    date: Optional[_dt.date] = None  # date printed on pages (default today)


@dataclass
class Section:
    """One section's output (see the module docs)."""

    key: str
    title: str
    blocks: List[str] = field(default_factory=list)  # HTML, in reading order
    facts: Dict[str, Any] = field(default_factory=dict)
    method: List[Tuple[str, str]] = field(default_factory=list)
    layers: Dict[str, Any] = field(default_factory=dict)    # GeoPackage layer -> PointSet/PolygonSet
    rasters: Dict[str, Any] = field(default_factory=dict)   # file name -> Raster
    tables: Dict[str, pd.DataFrame] = field(default_factory=dict)  # csv name -> frame
    web: Dict[str, Any] = field(default_factory=dict)       # web_map keyword arguments
    seconds: float = 0.0


@dataclass
class Context:
    """Everything a section may read: the inputs, options, words and earlier sections' results."""

    district: Any                      # watchmap.District, every layer in one metric CRS
    households: Any                    # PointSet with residents, or None
    options: Options
    words: dict                        # report words (report/_words.py)
    map_words: dict                    # map words (_map_furniture.TEXT)
    synthetic: bool
    sources: Dict[str, str]            # input name -> file (or "demo")
    year: int                          # the report year
    years: List[int]
    progress: Callable[[float], None] = lambda fraction: None
    shared: Dict[str, Any] = field(default_factory=dict)
    sections: Dict[str, Section] = field(default_factory=dict)
    skipped: Dict[str, str] = field(default_factory=dict)     # part -> why it was not computed
    hamlet_metrics: Optional[pd.DataFrame] = None

    @property
    def lang(self) -> str:
        return self.options.lang

    @property
    def date(self) -> _dt.date:
        return self.options.date or _dt.date.today()

    @property
    def district_name(self) -> str:
        """The district's name: the outline's ``name``/``district`` column, else the words' "District"."""
        attrs = self.district.boundary.attributes
        for col in ("name", "district", "ten_huyen"):
            if col in attrs and len(attrs) and str(attrs[col].iloc[0]).strip():
                return str(attrs[col].iloc[0])
        return self.words["district"]

    @property
    def incidents_in_year(self):
        """The report year's incidents (density, coverage and hotspots analyse these)."""
        return self.district.incidents[self.shared["incident_years"] == self.year]

    def fact(self, section: str, key: str, default=None):
        """A number another section printed (None when that section did not run)."""
        s = self.sections.get(section)
        return default if s is None else s.facts.get(key, default)

    def add_hamlet_columns(self, **columns) -> None:
        """Per-hamlet metrics (aligned with the hamlets) for the hamlet table, CSV and GeoPackage."""
        for name, values in columns.items():
            values = np.asarray(values)
            if values.shape != (len(self.hamlet_metrics),):
                raise ValueError(f"hamlet column {name}: {values.shape} values for "
                                 f"{len(self.hamlet_metrics)} hamlets")
            self.hamlet_metrics[name] = values

    # formatting in the report's language ---------------------------------------------------
    # (the map module, and with it pyplot, is imported only when something is formatted)
    def number(self, value, digits: int = 0) -> str:
        from .._map_furniture import fmt_number

        if value is None or (isinstance(value, float) and not np.isfinite(value)):
            return "–"
        return fmt_number(float(value), self.lang, digits)

    def percent(self, share, digits: int = 0) -> str:
        if share is None or not np.isfinite(float(share)):
            return "–"
        return self.number(100.0 * float(share), digits) + "\u00a0%"      # never "99.1" / "%" on two lines

    def significant(self, value, digits: int = 3) -> str:
        """A small number to ``digits`` significant digits (p cut-offs), with the language's decimal mark."""
        if value is None or not np.isfinite(float(value)):
            return "–"
        text = f"{float(value):.{digits}g}"
        return text.replace(".", ",") if self.lang == "vi" else text

    def distance(self, metres: float) -> str:
        if metres >= 1000:
            km = metres / 1000.0
            return f"{self.number(km, 0 if km == int(km) else 1)}\u00a0km"
        return f"{self.number(metres, 0)}\u00a0m"
