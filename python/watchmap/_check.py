"""Argument checks in Python-facing terms, before anything reaches the compiled core (whose own
errors would name private functions such as ``_kde``)."""
from __future__ import annotations

from typing import Any


def require(value: Any, kinds, function: str, argument: str, hint: str = "") -> None:
    """TypeError "function: argument must be a Kind (hint), not <type>" unless isinstance(value, kinds)."""
    if isinstance(value, kinds):
        return
    names = " or ".join(k.__name__ for k in (kinds if isinstance(kinds, tuple) else (kinds,)))
    article = "an" if names[0].lower() in "aeiou" else "a"
    extra = f" ({hint})" if hint else ""
    raise TypeError(f"{function}: {argument} must be {article} {names}{extra}, not {type(value).__name__}")


def require_threads(threads, function: str) -> int:
    """threads must be an integer (its range, 0 = all cores up to a limit, is checked by the core)."""
    if isinstance(threads, bool) or not isinstance(threads, (int,)) and not hasattr(threads, "__index__"):
        raise TypeError(f"{function}: threads must be an integer (0 = all cores), not {threads!r}")
    return int(threads)
