"""Compare documents side by side: indicators, target cascades, departments, instruments, reuse, terms.

::

    import pipeline
    cmp = pipeline.compare(records)            # -> Comparison, one pandas DataFrame per table
    cmp.indicators_wide                        # one row per canonical indicator, columns per document
    cmp.write_csv("out/")                      # documents.csv, indicators.csv, ... (UTF-8 with BOM)

One module per table kind (:mod:`.indicators`, :mod:`.cascade`, :mod:`.departments`,
:mod:`.instruments`, :mod:`.reuse`, :mod:`.terms`); :mod:`.inputs` reads what the CLI is given,
:mod:`.output` writes and summarises.
"""

from __future__ import annotations

from pipeline.compare.core import TABLES, Comparison, compare

__all__ = ["TABLES", "Comparison", "compare"]
