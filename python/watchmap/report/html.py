"""HTML for the report: small builders (numbers, tables, figures) and the page template.

The page is one self-contained file: CSS inline, figures as PNG data URIs, no script, no font or
image fetched from anywhere. The same file is printed to PDF (A4 portrait, by Chromium): figures
never break across pages, every section starts on a new page, table headers repeat, and each
printed page carries the synthetic-data note (a CSS page margin box) when the data are the demo.

Every number is written with its raw value beside the formatted text
(``<td data-col="count_2025" data-v="3">3</td>``, ``<span data-key="..." data-v="...">``), so a
script or test can read the report's numbers back exactly.
"""
from __future__ import annotations

import html as _html
import math
from typing import Iterable, Optional, Sequence, Tuple

import numpy as np
import pandas as pd


def esc(text) -> str:
    return _html.escape(str(text), quote=True)


def _raw(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    try:
        v = float(value)
    except (TypeError, ValueError):
        return esc(value)
    return repr(v) if math.isfinite(v) else ""


def num(ctx, value, *, key: str, digits: int = 0, percent: bool = False) -> str:
    """A number in the report's language, tagged with its key and raw value."""
    text = ctx.percent(value, digits) if percent else ctx.number(value, digits)
    return f'<span class="n" data-key="{esc(key)}" data-v="{_raw(value)}">{esc(text)}</span>'


def paragraph(text: str, cls: str = "") -> str:
    return f'<p{f" class={chr(34)}{cls}{chr(34)}" if cls else ""}>{text}</p>'


def note(text: str) -> str:
    """A plain line for a skipped part ("coverage: not available in this version")."""
    return f'<p class="unavailable">{esc(text)}</p>'


def figure(uri: str, caption: str, *, kind: str = "map", alt: Optional[str] = None, fid: str = "",
           own_page: bool = False) -> str:
    cls = ("map" if kind == "map" else "chart") + (" own-page" if own_page else "")
    ident = f' id="fig-{esc(fid)}"' if fid else ""
    return (f'<figure class="{cls}"{ident}><img src="{uri}" alt="{esc(alt or caption)}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


# a column: (name in the frame, header, kind) with kind "text", "int", "float1", "float2", "pct",
# "pct1" (shares 0–1 shown as percent), "p" (p-values), "confidence" (90/95/99 shown as "95 %")
Column = Tuple[str, str, str]


def table(ctx, frame: pd.DataFrame, columns: Sequence[Column], *, name: str,
          id_col: Optional[str] = None, caption: Optional[str] = None, cls: str = "") -> str:
    """A table of ``frame`` rows; numeric cells carry ``data-col`` and the raw ``data-v``."""
    head = "".join(f'<th class="{"t" if k == "text" else "n"}">{esc(h)}</th>' for _, h, k in columns)
    rows = []
    for i in range(len(frame)):
        rec = frame.iloc[i]
        rid = f' data-id="{esc(rec[id_col])}"' if id_col else ""
        cells = []
        for col, _, kind in columns:
            v = rec[col] if col in frame.columns else None
            if kind == "text":
                cells.append(f'<td class="t" data-col="{esc(col)}">{esc("" if _missing(v) else v)}</td>')
                continue
            if kind == "p":
                text = "–" if _missing(v) else ("< " + ctx.number(0.001, 3) if float(v) < 0.001 else ctx.number(v, 3))
            elif kind == "confidence":
                text = "–" if _missing(v) or not v else f"{ctx.number(v)} %"
            elif kind.startswith("pct"):
                text = ctx.percent(v, 1 if kind == "pct1" else 0) if not _missing(v) else "–"
            else:
                digits = {"int": 0, "float1": 1, "float2": 2}[kind]
                text = ctx.number(v, digits) if not _missing(v) else "–"
            cells.append(f'<td class="n" data-col="{esc(col)}" data-v="{"" if _missing(v) else _raw(v)}">'
                         f"{esc(text)}</td>")
        rows.append(f"<tr{rid}>{''.join(cells)}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    extra = f" {cls}" if cls else ""
    return (f'<table class="data{extra}" data-table="{esc(name)}">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _missing(v) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def definition_table(rows: Iterable[Tuple[str, str]], *, name: str, header: Tuple[str, str]) -> str:
    """Two-column item/value table (for "how computed"); values may hold HTML."""
    body = "".join(f"<tr><th class=\"t\" scope=\"row\">{esc(k)}</th><td class=\"t\">{v}</td></tr>"
                   for k, v in rows)
    return (f'<table class="defs" data-table="{esc(name)}"><thead><tr><th class="t">{esc(header[0])}</th>'
            f'<th class="t">{esc(header[1])}</th></tr></thead><tbody>{body}</tbody></table>')


def cards(items: Iterable[Tuple[str, str, str]]) -> str:
    """Headline numbers: (label, number HTML, small print)."""
    out = []
    for label, value, small in items:
        sm = f'<div class="small">{small}</div>' if small else ""
        out.append(f'<div class="card"><div class="label">{esc(label)}</div>'
                   f'<div class="value">{value}</div>{sm}</div>')
    return f'<div class="cards">{"".join(out)}</div>'


# ---------------------------------------------------------------------------------------------
# the page
# ---------------------------------------------------------------------------------------------
#: DejaVu Sans has every Vietnamese letter (the maps use it too).
_FONTS = '"DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif'


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page(ctx, sections, *, district_name: str, version: str) -> str:
    """The whole report.html."""
    W = ctx.words
    title = W["report_title"]
    subtitle = W["report_subtitle"].format(district=district_name)
    date = ctx.date.strftime("%d/%m/%Y") if ctx.lang == "vi" else ctx.date.isoformat()
    made = W["made_on"].format(date=date, version=version)
    banner = W["synthetic_banner"] if ctx.synthetic else ""
    toc = "".join(f'<li><a href="#{esc(s.key)}">{esc(s.title)}</a></li>' for s in sections)
    body = []
    for s in sections:
        inner = "".join(s.blocks) if s.available else note(s.note)
        body.append(f'<section id="{esc(s.key)}" class="{"ok" if s.available else "na"}">'
                    f"<h2>{esc(s.title)}</h2>{inner}</section>")
    margin_note = (f"@top-center {{ content: {_css_string(banner)}; color: #7a0000; font-style: italic;"
                   f" font-weight: bold; font-size: 8.5pt; font-family: {_FONTS}; }}") if banner else ""
    footer = f"{title} – {district_name} – {date}"
    return _TEMPLATE.format(
        lang=esc(ctx.lang), title=esc(f"{title} – {district_name}"), h1=esc(title), subtitle=esc(subtitle),
        made=esc(made), banner=(f'<div class="banner" role="note">{esc(banner)}</div>' if banner else ""),
        margin_note=margin_note, footer=_css_string(footer), page_word=_css_string(W["page_of"]),
        contents=esc(W["contents"]), toc=toc, body="\n".join(body), fonts=_FONTS)


_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="watchmap">
<title>{title}</title>
<style>
@page {{ size: A4 portrait; margin: 15mm 12mm 14mm 12mm;
  {margin_note}
  @bottom-left {{ content: {footer}; font-size: 7.5pt; color: #555; font-family: {fonts}; }}
  @bottom-right {{ content: {page_word} " " counter(page) " / " counter(pages); font-size: 7.5pt; color: #555;
    font-family: {fonts}; }}
}}
:root {{ --ink: #1d1d1d; --muted: #555; --rule: #c9c9c9; --accent: #0b4f8a; }}
html {{ background: #f1f1ee; }}
body {{ font-family: {fonts}; color: var(--ink);
  font-size: 10pt; line-height: 1.4; max-width: 190mm; margin: 0 auto; padding: 8mm 10mm 12mm;
  background: white; }}
h1 {{ font-size: 19pt; margin: 0 0 2mm; }}
h2 {{ font-size: 14pt; margin: 0 0 3mm; padding-bottom: 1mm; border-bottom: 2px solid var(--accent);
  color: var(--accent); break-after: avoid; }}
.subtitle {{ font-size: 11pt; margin: 0 0 1mm; }}
.made {{ color: var(--muted); font-size: 8.5pt; margin: 0 0 3mm; }}
.banner {{ border: 1.5px solid #7a0000; color: #7a0000; font-weight: bold; font-style: italic;
  padding: 2mm 3mm; margin: 0 0 4mm; border-radius: 2mm; }}
nav ol {{ columns: 2; font-size: 9pt; margin: 0 0 4mm; }}
nav a {{ color: var(--accent); text-decoration: none; }}
section {{ margin: 0 0 8mm; }}
section + section {{ break-before: page; }}
section.na + section.na {{ break-before: auto; }}
p {{ margin: 0 0 2.5mm; }}
p.unavailable {{ color: var(--muted); font-style: italic; border-left: 3px solid var(--rule);
  padding: 1mm 3mm; }}
p.link {{ font-size: 9pt; }}
figure {{ margin: 2mm 0 5mm; break-inside: avoid; page-break-inside: avoid; }}
figure.own-page {{ break-before: page; }}
figure img {{ display: block; width: 100%; height: auto; max-height: 240mm; object-fit: contain; }}
figure.chart img {{ max-height: 130mm; }}
figcaption {{ font-size: 8.5pt; color: var(--muted); margin-top: 1mm; }}
.cards {{ display: grid; grid-template-columns: repeat(4, 1fr); gap: 2.5mm; margin: 0 0 4mm;
  break-inside: avoid; }}
.card {{ border: 1px solid var(--rule); border-radius: 2mm; padding: 2mm 3mm; }}
.card .label {{ font-size: 8pt; color: var(--muted); }}
.card .value {{ font-size: 15pt; font-weight: bold; font-variant-numeric: tabular-nums; }}
.card .small {{ font-size: 8pt; color: var(--muted); }}
table {{ border-collapse: collapse; margin: 0 0 5mm; font-size: 8.5pt; width: 100%; }}
table.narrow {{ width: auto; min-width: 50%; break-inside: avoid; page-break-inside: avoid; }}  /* short: never split */
caption {{ caption-side: top; text-align: left; font-size: 8.5pt; color: var(--muted); padding-bottom: 1mm; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
th, td {{ padding: 0.8mm 1.6mm; border-bottom: 0.5px solid var(--rule); vertical-align: top; }}
thead th {{ border-bottom: 1.2px solid var(--ink); font-weight: bold; }}
th.n, td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
td.n {{ white-space: nowrap; }}
table.compact {{ font-size: 7.5pt; }}
table.compact td.t {{ white-space: nowrap; }}
table.compact th, table.compact td {{ padding: 0.6mm 1.2mm; }}
th.t, td.t {{ text-align: left; }}
table.defs th {{ width: 28%; font-weight: bold; }}
table.defs td {{ font-size: 8.5pt; }}
tr.below td {{ background: #fbeaea; }}
@media print {{
  html, body {{ background: white; }}
  body {{ max-width: none; margin: 0; padding: 0; }}
  .banner {{ margin-bottom: 3mm; }}
  a {{ color: inherit; }}
}}
</style>
</head>
<body>
<header>
{banner}
<h1>{h1}</h1>
<p class="subtitle">{subtitle}</p>
<p class="made">{made}</p>
<nav><strong>{contents}</strong><ol>{toc}</ol></nav>
</header>
{body}
</body>
</html>
"""
