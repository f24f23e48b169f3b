"""The report's sections, one module each with one entry point ``run(ctx) -> Section``.

``RUN_ORDER`` is the order they are computed in (the summary quotes the analyses, so it runs after
them); ``PAGE_ORDER`` is the order they appear in. The "how computed" section (``method``) runs
last of all, once the files are written, so it can list every choice and timing.
"""
from . import coverage, density, hamlets, hotspots, incidents, method, placement, summary

RUN_ORDER = (incidents, density, coverage, hotspots, placement, summary, hamlets)
PAGE_ORDER = ("summary", "incidents", "density", "coverage", "hotspots", "placement", "hamlets", "method")

__all__ = ["RUN_ORDER", "PAGE_ORDER", "coverage", "density", "hamlets", "hotspots", "incidents", "method",
           "placement", "summary"]
