"""Progress bars for long calls (reads, writes, count, locate, nearest, kde, and new analytics).

The compiled core polls a hook about every 50 ms from the calling thread (with the GIL); the hook
checks Ctrl-C (so a long call stops within a fraction of a second) and, here, draws a small
tqdm-style bar: on stderr in a terminal, as an updating HTML line in Jupyter.

``progress=`` on every long call:

- ``None`` (default): a bar only where someone watches — stderr is a terminal or the code runs in
  Jupyter — and only once the call has run for :data:`DELAY_S` seconds; silent otherwise (scripts,
  logs, CI).
- ``True``: always a bar (on stderr when not in Jupyter), from the start.
- ``False``: never a bar. Ctrl-C still works.
- a callable ``f(fraction)``: called with the fraction done (0..1); returning ``False`` cancels
  the call (``CancelledError``).

Calls made inside another call's :func:`reporter` (``count`` → ``locate``, ``kde_ratio`` → ``kde``,
a report step) draw no bar of their own with ``progress=None``: the outer call owns the line.
:func:`silenced` does the same for code that draws its own progress (the report).

**How a long analytic uses it** (the one hook for every analytic, see bindings/README.md)::

    def hotspots(..., progress=None):
        with _progress.reporter(progress, "hotspots", len(cells), "cells") as hook:
            return _core._hotspots(..., hook)      # C++ polls it through PythonProgress

The C++ side takes a ``ProgressCallback`` in its Options and polls it with
``detail::ProgressTicker`` (lib/src/core/progress_ticker.hpp); the binding wraps the hook in
``PythonProgress`` (bindings/progress.hpp), which also turns Ctrl-C into KeyboardInterrupt.
"""
from __future__ import annotations

import contextlib
import contextvars
import sys
import time
from typing import Callable, Iterator, Optional

DELAY_S = 1.0       # a bar appears only for calls that last longer than this
REFRESH_S = 0.1     # at most this often


def _in_jupyter() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None or "ipykernel" not in sys.modules:
        return False
    try:
        ip = shell.get_ipython()
    except Exception:  # pragma: no cover - IPython without a shell
        return False
    return ip is not None and getattr(ip, "kernel", None) is not None


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _clock(seconds: float) -> str:
    seconds = int(max(seconds, 0))
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds < 3600 else f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Bar:
    """A text progress bar: ``writing x.gpkg:  45%|█████▌      | 0:03 elapsed, ~0:04 left``."""

    WIDTH = 24

    def __init__(self, description: str, total: Optional[int] = None, unit: str = "", *, delay_s: float = DELAY_S,
                 stream=None, jupyter: Optional[bool] = None):
        self.description = description
        self.total = total
        self.unit = unit
        self.delay_s = delay_s
        self.stream = stream
        self.jupyter = _in_jupyter() if jupyter is None else jupyter
        self.start = time.monotonic()
        self.last_draw = 0.0
        self.shown = False
        self.fraction = 0.0
        self._handle = None

    def text(self, fraction: float, note: str = "") -> str:
        fraction = min(max(fraction, 0.0), 1.0)
        elapsed = time.monotonic() - self.start
        cells = fraction * self.WIDTH
        full = int(cells)
        partial = " ▏▎▍▌▋▊▉"[int((cells - full) * 8)] if full < self.WIDTH else ""
        bar = ("█" * full + partial).ljust(self.WIDTH)
        left = f", ~{_clock(elapsed / fraction - elapsed)} left" if 0.02 < fraction < 1.0 else ""
        count = f" {int(round(fraction * self.total)):,}/{self.total:,} {self.unit}".rstrip() if self.total else ""
        return f"{self.description}: {fraction * 100:3.0f}%|{bar}|{count} {_clock(elapsed)} elapsed{left}{note}"

    def update(self, fraction: float) -> None:
        self.fraction = fraction
        now = time.monotonic()
        if now - self.start < self.delay_s or (now - self.last_draw < REFRESH_S and fraction < 1.0):
            return
        self.last_draw = now
        self._draw(self.text(fraction))

    def close(self, note: str = "") -> None:
        if self.shown:
            self._draw(self.text(self.fraction if note else 1.0, note), final=True)

    def _draw(self, line: str, final: bool = False) -> None:
        self.shown = True
        if self.jupyter:
            import html

            from IPython.display import HTML, display

            content = HTML(f"<pre style='margin:0'>{html.escape(line)}</pre>")
            if self._handle is None:
                self._handle = display(content, display_id=True)
            else:
                self._handle.update(content)
            return
        stream = self.stream or sys.stderr
        stream.write("\r" + line + ("\n" if final else ""))
        stream.flush()


# True while a reporter (or silenced()) is active: nested calls with progress=None stay quiet.
_inside = contextvars.ContextVar("watchmap_progress_inside", default=False)


def make_hook(progress, description: str, total: Optional[int] = None, unit: str = ""):
    """(hook for the core, bar or None) for a ``progress=`` argument (see the module docs)."""
    if progress is False:
        return None, None
    if callable(progress) and not isinstance(progress, bool):
        return progress, None
    if progress is None:
        if _inside.get() or not (_in_jupyter() or _stderr_is_terminal()):
            return None, None
        bar = Bar(description, total, unit)
    elif progress is True:
        bar = Bar(description, total, unit, delay_s=0.0)
    else:
        raise TypeError(f"progress must be None, True, False or a callable taking the fraction done, not {progress!r}")
    return bar.update, bar


@contextlib.contextmanager
def reporter(progress, description: str, total: Optional[int] = None, unit: str = "") -> Iterator[Optional[Callable]]:
    """Context manager giving the hook to pass to the core; finishes (or marks as stopped) the bar."""
    hook, bar = make_hook(progress, description, total, unit)
    token = _inside.set(True)
    try:
        yield hook
    except BaseException as error:
        if bar is not None:
            bar.close(" — stopped" if isinstance(error, KeyboardInterrupt) else " — failed")
        raise
    else:
        if bar is not None:
            bar.close()
    finally:
        _inside.reset(token)


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """Calls inside draw no bar of their own unless asked (``progress=True``); for code that shows
    its own progress (the report)."""
    token = _inside.set(True)
    try:
        yield
    finally:
        _inside.reset(token)


def part(hook: Optional[Callable], start: float, stop: float) -> Optional[Callable]:
    """``hook`` for one step of a longer call: the step's 0..1 becomes ``start..stop``."""
    if hook is None:
        return None
    return lambda fraction: hook(start + (stop - start) * fraction)
