"""Units brought to one base for comparison (vocabulary in ``resources/unit_scales.json``).

``base_unit("万亿元") == ("元", 1e12)``: the value in the base unit is ``value * multiplier``; the
multiplier is kept beside it so the value as written can be recovered (2.2万亿元 -> 2.2e12 元, x 1e12).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pipeline.resources import load_json
from pipeline.text.pieces import longest_first


@cache
def _scales() -> dict[str, Any]:
    data = load_json("unit_scales.json")
    return {
        "magnitudes": list(longest_first(data.get("magnitudes", {}).items(), by=lambda kv: kv[0])),
        "synonyms": dict(data.get("synonyms", {})),
        "conversions": {k: (v[0], float(v[1])) for k, v in data.get("conversions", {}).items()},
        "keep": longest_first(data.get("keep", ())),
    }


@cache
def base_unit(unit: str | None) -> tuple[str | None, float]:
    """``(base unit, multiplier)`` of a unit as written; ``(None, 1.0)`` without a unit."""
    if not unit:
        return None, 1.0
    sc = _scales()
    factor, u = 1.0, unit
    if not any(u.startswith(k) for k in sc["keep"]):
        for mag, f in sc["magnitudes"]:
            if u.startswith(mag) and len(u) > len(mag):
                factor, u = f, u[len(mag) :]
                break
    if u in sc["conversions"]:
        u, f = sc["conversions"][u]
        factor *= f
    return sc["synonyms"].get(u, u), factor
