"""Picking a word table by language, for maps, the web map and the report (en, vi)."""
from __future__ import annotations


def word_table(tables: dict, lang: str) -> dict:
    """``tables[lang]``, or a ValueError that names the languages there are.

    Examples
    --------
    >>> word_table({"en": {"team": "team"}, "vi": {"team": "tổ"}}, "vi")["team"]
    'tổ'
    """
    if lang not in tables:
        raise ValueError(f"lang must be one of {sorted(tables)} (got {lang!r})")
    return tables[lang]
