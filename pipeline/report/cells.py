"""The cells of the report's tables as data, rendered either as HTML here or by ``report.js`` from JSON.

A large table ships its rows to the browser as JSON and ``report.js`` draws one page of them at a time,
so a cell is a small JSON value that both sides render the same way:

- ``None``: an empty cell; a ``str``: its text; an ``int``: a number (``class="num"``, ``data-v``);
- a ``dict`` with ``t`` (text) or ``k`` (a list of pieces), and optionally ``v`` (the number it sorts
  by: ``class="num"``), ``c`` (its class) and ``h`` (the text links to ``h``);
- a piece inside ``k``: a ``str`` (text) or a ``dict`` like a cell with ``e``, its element (``a``, ``mark``,
  ``div``, ``small``, ``span``), whose ``h`` is the ``href`` of an ``a``.

Nothing is ever HTML in the data: Python escapes every text here, ``report.js`` sets ``textContent``.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable
from typing import Any

esc = html.escape
Cell = None | str | int | dict[str, Any]
Link = Callable[[str], str | None]  # doc_id -> href of its page (None: no page)
ELEMENTS = ("a", "mark", "div", "small", "span")  # what a piece may be; report.js allows the same


def json_script(element_id: str, data: Any) -> str:
    """``data`` as an inert JSON script element (``<`` escaped so ``</script>`` cannot occur)."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).replace("<", "\\u003c")
    return f'<script type="application/json" id="{element_id}">{payload}</script>'


def cell(value: Any) -> Cell:
    """Any value of a record or a DataFrame as a cell: numbers sort as numbers, floats show 3 decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):  # inf would not survive JSON
        return {"t": f"{value:.3f}".rstrip("0").rstrip("."), "v": value}
    return str(value)


def doc_cell(doc_id: Any, link: Link, label: str | None = None) -> Cell:
    """A document named by ``label`` (default its id), linked to its page when it has one."""
    shown = label or str(doc_id)
    href = link(str(doc_id))
    return {"t": shown, "h": href} if href else shown


def long_cell(text: str, href: str | None = None) -> Cell:
    """A wide text cell (a title, a task), linked to ``href`` when given."""
    return {"t": text, "c": "long", "h": href} if href else {"t": text, "c": "long"}


def text_of(c: Cell) -> str:
    """The text a cell shows (what the filter box searches and text columns sort by)."""
    if c is None:
        return ""
    if not isinstance(c, dict):
        return str(c)
    if "k" in c:
        return "".join(p if isinstance(p, str) else text_of(p) for p in c["k"])
    return str(c.get("t", ""))


def _inner(c: dict[str, Any]) -> str:
    """The escaped HTML inside a cell or piece: its pieces, its text, or its text linked."""
    if "k" in c:
        return "".join(esc(p) if isinstance(p, str) else _piece(p) for p in c["k"])
    text = esc(str(c.get("t", "")))
    if c.get("h") and c.get("e") is None:
        return f'<a href="{esc(c["h"])}">{text}</a>'
    return text


def _piece(p: dict[str, Any]) -> str:
    tag = p.get("e") if p.get("e") in ELEMENTS else "span"
    attrs = f' class="{esc(p["c"])}"' if p.get("c") else ""
    if tag == "a" and p.get("h"):
        attrs += f' href="{esc(p["h"])}"'
    return f"<{tag}{attrs}>{_inner(p)}</{tag}>"


def td(c: Cell) -> str:
    """The cell as escaped HTML ``<td>…</td>``, as ``report.js`` draws it from the JSON."""
    if c is None:
        return "<td></td>"
    if isinstance(c, str):
        return f"<td>{esc(c)}</td>"
    if isinstance(c, int):
        return f'<td class="num" data-v="{c}">{c}</td>'
    classes = " ".join(x for x in ("num" if "v" in c else "", c.get("c") or "") if x)
    attrs = f' class="{esc(classes)}"' if classes else ""
    if "v" in c:
        attrs += f' data-v="{c["v"]}"'
    return f"<td{attrs}>{_inner(c)}</td>"
