"""report.pdf: report.html printed by headless Chromium (``--print-to-pdf``).

Why Chromium and not WeasyPrint (see docs/DESIGN-NOTES.md): the report is checked in Chromium
anyway (the interactive map needs a real browser engine), so the PDF is the page the tests look
at, printed by the same engine; Chromium honours the CSS the page relies on (CSS grid for the
headline cards, ``break-inside: avoid`` for figures, repeated table headers, ``@page`` margin
boxes for the synthetic-data note and page numbers); and printing takes a few seconds.
Debian 12's WeasyPrint 57 has no CSS grid (added in 62) and would be a second renderer to keep
in step with the browser.

The browser runs with a fresh profile in a temporary folder, without sandbox (the page is our own
local file with no script), GPU, background networking, component updates or sync, and it is
stopped after ``timeout_s``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
         "--disable-default-apps", "--mute-audio", "--no-pdf-header-footer")


def find_chromium() -> Optional[str]:
    """The Chromium binary: ``$WATCHMAP_CHROMIUM``, else the first of CANDIDATES on PATH."""
    env = os.environ.get("WATCHMAP_CHROMIUM")
    if env:
        return env if shutil.which(env) else None
    return next((p for p in map(shutil.which, CANDIDATES) if p), None)


class PdfError(RuntimeError):
    pass


def print_pdf(html_path: Path, pdf_path: Path, *, timeout_s: float = 180.0) -> Path:
    """Prints ``html_path`` to ``pdf_path`` (A4 from the page's ``@page`` rule)."""
    exe = find_chromium()
    if exe is None:
        raise PdfError("Chromium not found (apt-get install chromium, or set WATCHMAP_CHROMIUM)")
    profile = tempfile.mkdtemp(prefix="watchmap-chromium-")
    cmd = [exe, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}",
           Path(html_path).resolve().as_uri()]
    try:
        run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout_s,
                             env={**os.environ, "HOME": profile})
    except subprocess.TimeoutExpired:
        raise PdfError(f"Chromium did not finish printing within {timeout_s:.0f} s") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if not pdf_path.exists() or pdf_path.stat().st_size == 0:
        last = (run.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
        raise PdfError(f"Chromium exited with {run.returncode} without writing the PDF: {last}")
    return pdf_path
