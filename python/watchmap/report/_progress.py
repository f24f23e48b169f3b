"""A progress bar on stderr for the report's steps.

On a terminal one line is redrawn (``[#######.......]  45 %  density``); otherwise (a log file, a
pipe, a test) each step prints one line when it finishes, so logs stay readable.
"""
from __future__ import annotations

import contextlib
import sys
import time
from typing import Sequence


class Progress:
    """Steps with weights (their expected share of the time); ``step(name)`` starts one and
    ``fraction(f)`` reports progress inside it."""

    def __init__(self, steps: Sequence[tuple], stream=None, enabled: bool = True, width: int = 28):
        self.names = [s[0] for s in steps]
        w = [float(s[1]) for s in steps]
        total = sum(w) or 1.0
        self.weights = [x / total for x in w]
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.width = width
        self.index = -1
        self.inner = 0.0
        self.started = None
        self.timings: dict = {}
        self._last_draw = 0.0

    # -------------------------------------------------------------------------------------------
    def step(self, name: str) -> None:
        self._finish_step()
        self.index = self.names.index(name)
        self.inner = 0.0
        self.started = time.perf_counter()
        self._draw(force=True)

    def fraction(self, f: float) -> None:
        self.inner = min(max(float(f), 0.0), 1.0)
        self._draw()

    def done(self) -> None:
        self._finish_step()
        self._clear()

    @contextlib.contextmanager
    def cleared_on_error(self):
        """Wipes the bar when the work fails, so the error message starts on a clean line."""
        try:
            yield self
        except BaseException:
            self._clear()
            raise

    def _clear(self) -> None:
        if self.tty:
            self.stream.write("\r" + " " * (self.width + 40) + "\r")
            self.stream.flush()

    # -------------------------------------------------------------------------------------------
    def _finish_step(self) -> None:
        if self.index < 0 or self.started is None:
            return
        name = self.names[self.index]
        seconds = time.perf_counter() - self.started
        self.timings[name] = seconds
        self.started = None
        if self.enabled and not self.tty:
            done = sum(self.weights[: self.index + 1])
            self.stream.write(f"watchmap: [{self.index + 1}/{len(self.names)}] {name} "
                              f"{seconds:.1f} s ({100 * done:.0f} %)\n")
            self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        if not self.tty:
            return
        now = time.perf_counter()
        if not force and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        done = sum(self.weights[: self.index]) + self.weights[self.index] * self.inner
        filled = int(round(done * self.width))
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {100 * done:3.0f} %  {self.names[self.index]:<16}")
        self.stream.flush()
