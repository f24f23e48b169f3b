"""The output folder, written whole or not at all.

Everything is written into a temporary sibling (``.NAME.XXXX.partial`` next to ``--out``), and
only when every file is there does the sibling take the folder's name: a failure or Ctrl-C leaves
no partial folder and an earlier report in ``--out`` untouched. An earlier report is swapped out
atomically (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames) and then deleted.

A folder that exists and holds anything but a report's files is never replaced: the user might
have pointed ``--out`` at their documents.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import datetime as _dt
import os
import shutil
import tempfile
from pathlib import Path

from .._core import IoError

MARKER = ".watchmap-report"
#: Names a report folder may hold (this version's and the 0.1 text summary's).
REPORT_NAMES = {MARKER, "report.html", "report.pdf", "map.html", "watchmap.gpkg", "density.tif",
                "travel_time.tif", "tables", "data", "summary.json", "summary.txt"}


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


class OutputFolder:
    """``with OutputFolder(out) as tmp: ...write into tmp...`` then ``commit()``."""

    def __init__(self, out) -> None:
        self.out = Path(os.path.abspath(os.fspath(out)))
        self.tmp = None
        if self.out.exists() and not self.out.is_dir():
            raise IoError(f"{self.out}: exists and is not a folder; choose another --out")
        if self.out.is_dir():
            foreign = sorted(n for n in os.listdir(self.out) if n not in REPORT_NAMES)
            if foreign:
                raise IoError(f"{self.out}: the folder holds files that are not a watchmap report "
                              f"(e.g. '{foreign[0]}'); choose a new or empty folder for --out")
        parent = self.out.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", suffix=".partial", dir=parent))
        except OSError as error:
            raise IoError(f"{parent}: cannot write the report there ({_reason(error)}); "
                          f"choose a writable --out folder") from None

    def __enter__(self) -> Path:
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        self.discard()

    def discard(self) -> None:
        if self.tmp is not None and self.tmp.exists():
            shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp = None

    def commit(self, version: str) -> Path:
        """Gives the finished folder its name (replacing an earlier report)."""
        (self.tmp / MARKER).write_text(f"watchmap {version} report, {_dt.datetime.now().isoformat(timespec='seconds')}\n",
                                       encoding="utf-8")
        os.chmod(self.tmp, 0o755)          # mkdtemp made it private; a report is for sharing
        try:
            if not self.out.exists():
                os.rename(self.tmp, self.out)
            elif _exchange(self.tmp, self.out):
                shutil.rmtree(self.tmp, ignore_errors=True)     # tmp now holds the earlier report
            else:
                old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", suffix=".old", dir=self.out.parent))
                os.rmdir(old)
                os.rename(self.out, old)
                try:
                    os.rename(self.tmp, self.out)
                except OSError:
                    os.rename(old, self.out)                    # put the earlier report back
                    raise
                shutil.rmtree(old, ignore_errors=True)
        except OSError as error:
            raise IoError(f"{self.out}: cannot put the report in place ({_reason(error)})") from None
        self.tmp = None
        return self.out


def _exchange(a: Path, b: Path) -> bool:
    """Swaps two paths atomically (Linux renameat2 RENAME_EXCHANGE); False when not supported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    rc = fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):            # EINVAL, ENOSYS, EOPNOTSUPP: fall back to two renames
        return False
    raise OSError(err, os.strerror(err))
